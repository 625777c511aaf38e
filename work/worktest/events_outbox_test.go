package worktest

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// A test-only group whose handlers, scheduled work and back door emit
// callback events (paths under "demo/"), to pin the outbox: events go out
// after the lock is released, in order, by whoever ran the code.

func init() {
	addGroup(group[struct{}]{name: "demo_emit", routes: (*Server).emitRoutes})
}

func (s *Server) emitRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "demo/emit", write: true, handle: bound(s.demoEmit)},
		{method: http.MethodPost, path: "demo/emit_read", handle: bound(s.demoEmitRead)},
	}
}

type demoEmitReq struct {
	ID    string `json:"id" wt:"required"`
	Later int64  `json:"later"` // seconds: also schedule an event this much later
}

// demoEmit emits one event now (c.emit), one from a helper under the write
// lock (st.emit) and, with later, schedules a third.
func (s *Server) demoEmit(c *call, r *demoEmitReq) (any, error) {
	c.emit(newEvent(c.now, "change_external_tag", "create", text("Id", r.ID), text("TagType", "tag")))
	c.st.emit(newEvent(c.now, "change_external_tag", "update", text("Id", r.ID), text("TagType", "tag")))
	if r.Later > 0 {
		c.st.schedule(c.now.Add(time.Duration(r.Later)*time.Second), func(at time.Time) {
			c.st.emit(newEvent(at, "change_external_chat", "", text("ChatId", r.ID), text("ChangeType", "update"),
				text("UpdateDetail", "add_member"), number("JoinScene", 1), items("MemChangeList", "Jack", "Rose<&>")))
		})
	}
	return nil, nil
}

func (s *Server) demoEmitRead(c *call, r *demoEmitReq) (any, error) {
	c.emit(newEvent(c.now, "change_external_tag", "shuffle", text("Id", r.ID)))
	return nil, nil
}

// emitBackDoor emits from a back door.
func emitBackDoor(s *Server, id string) []error {
	errs, _ := backDoor{s}.writeEvents(context.Background(), func(st *store, now time.Time) error {
		st.emit(newEvent(now, "change_external_tag", "delete", text("Id", id)))
		return nil
	})
	return errs
}

// evReceiver records the events it receives; during a delivery it may
// call the simulator (onEvent).
type evReceiver struct {
	mu      sync.Mutex
	got     []*callback.RawEvent
	onEvent func(*callback.RawEvent)
}

func (r *evReceiver) list() []*callback.RawEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*callback.RawEvent(nil), r.got...)
}

func connectEvents(t *testing.T, s *Server) *evReceiver {
	t.Helper()
	rc := newCBReceiver(t, s.CorpID)
	er := &evReceiver{}
	rc.h.OnEvent(func(_ context.Context, e *callback.RawEvent) error {
		if er.onEvent != nil {
			er.onEvent(e)
		}
		er.mu.Lock()
		defer er.mu.Unlock()
		er.got = append(er.got, e)
		return nil
	})
	connectCB(t, s, rc)
	return er
}

// kinds lists the events as "Event/ChangeType".
func kinds(evs []*callback.RawEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		var v struct{ ChangeType string }
		_ = xml.Unmarshal(e.XML, &v)
		out[i] = string(e.Event) + "/" + v.ChangeType
	}
	return out
}

func TestEmitDeliversAfterTheLockInOrder(t *testing.T) {
	s := start(t)
	er := connectEvents(t, s)
	tok := token(t, s)
	// The receiver reads the simulator while it handles each event: with
	// the store still locked for writing, this would never answer.
	er.onEvent = func(*callback.RawEvent) {
		r := apiWith(t, s, tok, http.MethodGet, "externalcontact/get_follow_user_list", nil, "")
		assert.Zero(t, r.ErrCode)
	}
	r := apiWith(t, s, tok, http.MethodPost, "demo/emit", nil, `{"id":"et1","later":3600}`)
	require.Zero(t, r.ErrCode, r.ErrMsg)
	assert.Equal(t, []string{"change_external_tag/create", "change_external_tag/update"}, kinds(er.list()),
		"delivered before the call returned: the handler's c.emit, then its st.emit")

	// The scheduled event goes out when the clock moves past it, before
	// Advance returns, with its scheduled time as CreateTime.
	s.Clock().Advance(30 * time.Minute)
	assert.Len(t, er.list(), 2, "not due yet")
	s.Clock().Advance(time.Hour)
	got := er.list()
	require.Len(t, got, 3)
	assert.Equal(t, "change_external_chat", string(got[2].Event))
	assert.Equal(t, DefaultStart.Add(time.Hour).Unix(), got[2].CreateTime)
	x := string(got[2].XML)
	assert.Contains(t, x, "<ChatId><![CDATA[et1]]></ChatId><ChangeType><![CDATA[update]]></ChangeType>")
	assert.Contains(t, x, "<JoinScene>1</JoinScene>")
	assert.Contains(t, x, "<MemChangeList><Item>Jack</Item><Item>Rose&lt;&amp;&gt;</Item></MemChangeList>")

	// A read handler emits too; a back door delivers its own.
	require.Zero(t, apiWith(t, s, tok, http.MethodPost, "demo/emit_read", nil, `{"id":"et2"}`).ErrCode)
	assert.Equal(t, []error{nil}, emitBackDoor(s, "et3"))
	assert.Equal(t, []string{"change_external_tag/shuffle", "change_external_tag/delete"}, kinds(er.list()[3:]))

	log := s.Events().List()
	require.Len(t, log, 5)
	for _, e := range log {
		assert.True(t, e.Delivered, e.Event)
		assert.NoError(t, e.Err)
	}
	assert.Equal(t, "change_external_chat", log[2].Event)
	assert.Equal(t, "", log[2].ChangeType, "ChangeType among the fields")
	assert.Equal(t, DefaultStart.Add(time.Hour), log[2].Time)
	s.Events().Reset()
	assert.Empty(t, s.Events().List())
}

func TestEmitWithoutCallbackIsLogged(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	require.Zero(t, apiWith(t, s, tok, http.MethodPost, "demo/emit", url.Values{}, `{"id":"et1","later":60}`).ErrCode)
	// Moving the clock runs the scheduled work; its event is logged too.
	s.SetNow(DefaultStart.Add(time.Minute))
	log := s.Events().List()
	require.Len(t, log, 3)
	for _, e := range log {
		assert.False(t, e.Delivered)
		assert.ErrorIs(t, e.Err, ErrNoCallback)
		assert.True(t, strings.HasPrefix(e.XML, "<xml><ToUserName><![CDATA["+s.CorpID+"]]></ToUserName>"), e.XML)
	}
	assert.Equal(t, []error{ErrNoCallback}, emitBackDoor(s, "x"))
}

func TestEmitDueWorkDeliveredByWhoeverRunsIt(t *testing.T) {
	for name, look := range map[string]func(*Server){
		"request":  func(s *Server) { raw(t, s, http.MethodGet, "gettoken", nil, "") },
		"snapshot": func(s *Server) { s.Snapshot() },
		"settle":   func(s *Server) { s.Settle() },
		"back door": func(s *Server) {
			s.ContactWays().Get("cw")
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := start(t)
			er := connectEvents(t, s)
			require.Zero(t, api(t, s, http.MethodPost, "demo/emit", nil, `{"id":"et1","later":1}`).ErrCode)
			require.Len(t, er.list(), 2)
			s.clock.mu.Lock()
			s.clock.offset += 2 * time.Second // a move that notifies nobody, like a wall clock's
			s.clock.mu.Unlock()
			assert.Len(t, er.list(), 2)
			look(s)
			assert.Len(t, er.list(), 3)
		})
	}
}

func TestClockSubscriptionEndsWithClose(t *testing.T) {
	clock := NewClock(DefaultStart)
	s, err := New(WithClock(clock))
	require.NoError(t, err)
	s.Start()
	require.Len(t, clock.moved, 1)
	s.Close()
	assert.Empty(t, clock.moved)
	clock.Advance(time.Hour) // nothing to notify
}

// A transfer that fails tells the callback (客户接替失败事件), from the back
// door, once the lock is released.
func TestTransferFailEvent(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	var (
		mu    sync.Mutex
		fails []*callback.TransferFailEvent
	)
	rc.h.OnTransferFail(func(_ context.Context, e *callback.TransferFailEvent) error {
		mu.Lock()
		defer mu.Unlock()
		fails = append(fails, e)
		return nil
	})
	connectCB(t, s, rc)
	var from, customers []string
	for _, r := range s.Snapshot().Relations {
		if r.UserID == "zhangsan" && len(customers) < 2 && s.st.relation("lisi", r.ExternalUserID) == nil {
			customers = append(customers, r.ExternalUserID)
			from = append(from, r.UserID)
		}
	}
	require.Len(t, customers, 2)
	r := api(t, s, http.MethodPost, "externalcontact/transfer_customer", nil,
		mustJSON(t, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": customers}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	require.NoError(t, s.Transfers().End(from[0], customers[0], TransferRefused))
	require.NoError(t, s.Transfers().End(from[1], customers[1], TransferFull))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, fails, 2)
	assert.Equal(t, callback.FailCustomerRefused, fails[0].FailReason)
	assert.Equal(t, "lisi", fails[0].UserID)
	assert.Equal(t, customers[0], fails[0].ExternalUserID)
	assert.Equal(t, callback.FailCustomerLimitExceed, fails[1].FailReason)
	assert.Equal(t, DefaultStart.Unix(), fails[1].CreateTime)
}
