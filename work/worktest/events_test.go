package worktest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// Callback settings of the tests (example values, not secrets).
const (
	cbToken  = "simT0kenForTests"
	cbAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	cbOther  = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// cbReceiver is a callback.Handler behind httptest, recording what it got.
type cbReceiver struct {
	h   *callback.Handler
	srv *httptest.Server

	mu      sync.Mutex
	adds    []*callback.AddExternalContactEvent
	events  []*callback.RawEvent // every delivery the functions saw
	posts   []string             // raw query of each POST, in order
	lostAck int                  // answer 500 to this many more POSTs after handling them
	failFn  int                  // fail this many more calls of the functions
}

type cbRcvOpt func(*callback.Config)

func newCBReceiver(t *testing.T, corpID string, opts ...cbRcvOpt) *cbReceiver {
	t.Helper()
	cfg := callback.Config{Token: cbToken, EncodingAESKey: cbAESKey, ReceiverIDs: []string{corpID}}
	for _, o := range opts {
		o(&cfg)
	}
	h, err := callback.New(cfg)
	require.NoError(t, err)
	rc := &cbReceiver{h: h}
	fail := func() error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.failFn > 0 {
			rc.failFn--
			return errors.New("receiver told to fail")
		}
		return nil
	}
	h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		if err := fail(); err != nil {
			return err
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.adds = append(rc.adds, e)
		return nil
	})
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error {
		if err := fail(); err != nil {
			return err
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, e)
		return nil
	})
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		rc.mu.Lock()
		rc.posts = append(rc.posts, r.URL.RawQuery)
		lose := rc.lostAck > 0
		if lose {
			rc.lostAck--
		}
		rc.mu.Unlock()
		if lose { // handled, but the answer is lost: WeCom sees a failure
			http.Error(w, "gateway timeout", http.StatusInternalServerError)
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *cbReceiver) snapshot() (adds []*callback.AddExternalContactEvent, events []*callback.RawEvent, posts []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append(adds, rc.adds...), append(events, rc.events...), append(posts, rc.posts...)
}

// connect points s at rc with a short retry delay.
func connectCB(t *testing.T, s *Server, rc *cbReceiver, mod ...func(*CallbackConfig)) {
	t.Helper()
	cfg := CallbackConfig{URL: rc.srv.URL + "/wecom/callback?app=crm", Token: cbToken, EncodingAESKey: cbAESKey, RetryDelay: time.Millisecond}
	for _, m := range mod {
		m(&cfg)
	}
	require.NoError(t, s.SetCallback(cfg))
}

func cbRelation(s *Server, userID, externalUserID string) *Relation {
	for _, r := range s.Snapshot().Relations {
		if r.UserID == userID && r.ExternalUserID == externalUserID {
			return &r
		}
	}
	return nil
}

func TestAddContactDeliversEvent(t *testing.T) {
	s := start(t, WithSeed(11))
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	ctx := context.Background()
	nCust := len(s.Snapshot().Customers)

	added, err := s.AddContact(ctx, AddContact{UserID: "zhangsan", State: "expo]]>2024", AddWay: 1})
	require.NoError(t, err)
	assert.Regexp(t, `^wm[0-9A-Za-z]{30}$`, added.ExternalUserID)
	assert.Len(t, added.WelcomeCode, 43)
	assert.Equal(t, DefaultStart.Unix(), added.CreateTime.Unix())

	adds, _, posts := rc.snapshot()
	require.Len(t, adds, 1)
	require.Len(t, posts, 1)
	e := adds[0]
	assert.Equal(t, s.CorpID, e.ToUserName)
	assert.Equal(t, "sys", e.FromUserName)
	assert.Equal(t, "event", e.MsgType)
	assert.Equal(t, callback.EventChangeExternalContact, e.Event)
	assert.Equal(t, callback.ChangeAddExternalContact, e.ChangeType)
	assert.Equal(t, DefaultStart.Unix(), e.CreateTime)
	assert.Equal(t, "zhangsan", e.UserID)
	assert.Equal(t, added.ExternalUserID, e.ExternalUserID)
	assert.Equal(t, "expo]]>2024", e.State, "a ]]> in a value survives the CDATA")
	assert.Equal(t, added.WelcomeCode, e.WelcomeCode)
	assert.Contains(t, posts[0], "app=crm", "the URL's own query is kept")

	d := s.Snapshot()
	require.Len(t, d.Customers, nCust+1)
	c := d.Customers[len(d.Customers)-1]
	assert.Equal(t, added.ExternalUserID, c.ExternalUserID)
	assert.Equal(t, CustomerWeChat, c.Type)
	assert.NotEmpty(t, c.Name)
	assert.NotEmpty(t, c.UnionID)
	rel := cbRelation(s, "zhangsan", added.ExternalUserID)
	require.NotNil(t, rel)
	assert.Equal(t, Relation{UserID: "zhangsan", ExternalUserID: added.ExternalUserID, CreateTime: DefaultStart.Unix(),
		OperUserID: added.ExternalUserID, AddWay: 1, State: "expo]]>2024"}, *rel)
	assert.True(t, s.WelcomeCodeValid(added.WelcomeCode))

	// An existing customer adds another member: no new customer.
	again, err := s.AddContact(ctx, AddContact{UserID: "lisi", ExternalUserID: added.ExternalUserID, Name: "ignored"})
	require.NoError(t, err)
	assert.Equal(t, added.ExternalUserID, again.ExternalUserID)
	assert.NotEqual(t, added.WelcomeCode, again.WelcomeCode)
	assert.Len(t, s.Snapshot().Customers, nCust+1)

	// A new customer with a given WeCom id.
	wo, err := s.AddContact(ctx, AddContact{UserID: "lisi", ExternalUserID: "woNEWCUSTOMER", Name: "王总"})
	require.NoError(t, err)
	d = s.Snapshot()
	c = d.Customers[len(d.Customers)-1]
	assert.Equal(t, "woNEWCUSTOMER", wo.ExternalUserID)
	assert.Equal(t, Customer{ExternalUserID: "woNEWCUSTOMER", Name: "王总", Type: CustomerWeCom}, Customer{ExternalUserID: c.ExternalUserID, Name: c.Name, Type: c.Type})
	assert.NotEmpty(t, c.CorpName)
	adds, _, _ = rc.snapshot()
	assert.Len(t, adds, 3)
}

func TestAddContactIsDeterministic(t *testing.T) {
	run := func() []AddedContact {
		s := start(t, WithSeed(5))
		var out []AddedContact
		for _, u := range []string{"zhangsan", "lisi", "zhangsan"} {
			a, err := s.AddContact(context.Background(), AddContact{UserID: u})
			require.NoError(t, err)
			out = append(out, *a)
		}
		return out
	}
	assert.Equal(t, run(), run())
}

func TestAddContactValidation(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	ctx := context.Background()
	existing := s.Snapshot().Relations[0]
	before := s.Snapshot()
	for name, a := range map[string]AddContact{
		"no userid":       {},
		"unknown member":  {UserID: "nobody"},
		"resigned member": {UserID: "qianduo"},
		"no 客户联系":         {UserID: NoContactMember},
		"existing":        {UserID: existing.UserID, ExternalUserID: existing.ExternalUserID},
		"bad new id":      {UserID: "zhangsan", ExternalUserID: "xx123"},
		"state too long":  {UserID: "zhangsan", State: strings.Repeat("渠", 31)},
		"state not UTF-8": {UserID: "zhangsan", State: "\xff"},
	} {
		_, err := s.AddContact(ctx, a)
		assert.Error(t, err, name)
		var de *DeliveryError
		assert.False(t, errors.As(err, &de), name)
	}
	assert.Equal(t, before, s.Snapshot(), "nothing changed")
	_, _, posts := rc.snapshot()
	assert.Empty(t, posts, "nothing delivered")
	_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan", State: strings.Repeat("渠", 30)})
	assert.NoError(t, err, "30 characters are fine")
}

func TestDeleteAndRemoveContact(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	ctx := context.Background()
	a, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
	require.NoError(t, err)
	_, err = s.AddContact(ctx, AddContact{UserID: "lisi", ExternalUserID: a.ExternalUserID})
	require.NoError(t, err)
	s.Clock().Advance(time.Hour)

	require.NoError(t, s.DeleteContact(ctx, "zhangsan", a.ExternalUserID))
	assert.Nil(t, cbRelation(s, "zhangsan", a.ExternalUserID))
	require.NoError(t, s.RemoveContact(ctx, "lisi", a.ExternalUserID))
	assert.Nil(t, cbRelation(s, "lisi", a.ExternalUserID))

	_, events, posts := rc.snapshot()
	require.Len(t, events, 2)
	assert.Len(t, posts, 4)
	del, ok := events[0].Typed.(*callback.DelFollowUserEvent)
	require.True(t, ok, "%T", events[0].Typed)
	assert.Equal(t, callback.ChangeDelFollowUser, del.ChangeType)
	assert.Equal(t, "zhangsan", del.UserID)
	assert.Equal(t, a.ExternalUserID, del.ExternalUserID)
	assert.Equal(t, DefaultStart.Add(time.Hour).Unix(), del.CreateTime)
	rm, ok := events[1].Typed.(*callback.DelExternalContactEvent)
	require.True(t, ok, "%T", events[1].Typed)
	assert.Equal(t, callback.ChangeDelExternalContact, rm.ChangeType)
	assert.Equal(t, "lisi", rm.UserID)
	assert.Equal(t, a.ExternalUserID, rm.ExternalUserID)

	assert.Error(t, s.DeleteContact(ctx, "zhangsan", a.ExternalUserID), "no relation any more")
	assert.Error(t, s.RemoveContact(ctx, "nobody", a.ExternalUserID))
	_, _, posts = rc.snapshot()
	assert.Len(t, posts, 4, "failures deliver nothing")
}

func TestVerifyCallbackURL(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	require.NoError(t, s.VerifyCallbackURL(context.Background()))

	wrong := newCBReceiver(t, s.CorpID, func(c *callback.Config) { c.Token = "anotherToken" })
	connectCB(t, s, wrong)
	err := s.VerifyCallbackURL(context.Background())
	var de *DeliveryError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "URL verification", de.Op)
	assert.Equal(t, http.StatusForbidden, de.StatusCode)
	assert.Equal(t, 1, de.Attempts)
	assert.NotContains(t, de.URL, "msg_signature")

	// An answer with a trailing newline is not the echo.
	sloppy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echo, err := rc.h.Crypto().VerifyURL(r.URL.Query().Get("msg_signature"), r.URL.Query().Get("timestamp"),
			r.URL.Query().Get("nonce"), r.URL.Query().Get("echostr"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		fmt.Fprintf(w, "%s\n", echo)
	}))
	t.Cleanup(sloppy.Close)
	require.NoError(t, s.SetCallback(CallbackConfig{URL: sloppy.URL, Token: cbToken, EncodingAESKey: cbAESKey}))
	err = s.VerifyCallbackURL(context.Background())
	require.ErrorAs(t, err, &de)
	assert.Equal(t, http.StatusOK, de.StatusCode)
}

func TestAddContactConcurrent(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	members := []string{"zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi", "zhouba"}
	const per = 4
	var wg sync.WaitGroup
	results := make(chan *AddedContact, len(members)*per)
	for _, u := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				a, err := s.AddContact(context.Background(), AddContact{UserID: u, State: u})
				assert.NoError(t, err)
				results <- a
			}
		}()
		wg.Add(1)
		go func() { // a reader at the same time
			defer wg.Done()
			_ = s.Snapshot()
		}()
	}
	wg.Wait()
	close(results)
	codes, ids := map[string]bool{}, map[string]bool{}
	for a := range results {
		require.NotNil(t, a)
		codes[a.WelcomeCode], ids[a.ExternalUserID] = true, true
	}
	assert.Len(t, codes, len(members)*per, "welcome codes are unique")
	assert.Len(t, ids, len(members)*per, "customer ids are unique")
	adds, _, _ := rc.snapshot()
	require.Len(t, adds, len(members)*per)
	rels := relationsOf(s.Snapshot(), members...)
	for _, e := range adds {
		assert.True(t, ids[e.ExternalUserID])
		assert.True(t, codes[e.WelcomeCode])
		assert.Equal(t, e.UserID, e.State)
		assert.Contains(t, rels, pair{e.UserID, e.ExternalUserID})
	}
}

func TestWelcomeCodes(t *testing.T) {
	s := start(t)
	assert.False(t, s.WelcomeCodeValid("nonsense"), "none issued yet")
	a, err := s.AddContact(context.Background(), AddContact{UserID: "zhangsan"})
	require.NoError(t, err, "no callback: the state changes, nothing is delivered")
	s.Clock().Advance(time.Second)
	b, err := s.AddContact(context.Background(), AddContact{UserID: "lisi"})
	require.NoError(t, err)
	assert.True(t, s.WelcomeCodeValid(a.WelcomeCode))
	assert.False(t, s.WelcomeCodeValid("nonsense"))
	assert.False(t, s.WelcomeCodeValid(""))

	s.Clock().Advance(WelcomeCodeTTL - time.Second)
	assert.False(t, s.WelcomeCodeValid(a.WelcomeCode), "20 seconds later")
	assert.True(t, s.WelcomeCodeValid(b.WelcomeCode), "19 seconds later")
	s.Clock().Advance(time.Second)
	assert.False(t, s.WelcomeCodeValid(b.WelcomeCode))
}

func TestCallbackConfiguration(t *testing.T) {
	ctx := context.Background()
	s := start(t)
	assert.ErrorIs(t, s.DeliverEvent(ctx, "<xml/>"), ErrNoCallback)
	assert.ErrorIs(t, s.VerifyCallbackURL(ctx), ErrNoCallback)

	err := s.SetCallback(CallbackConfig{URL: "http://127.0.0.1/cb", Token: cbToken, EncodingAESKey: "short"})
	assert.ErrorIs(t, err, callback.ErrInvalidConfig)
	err = s.SetCallback(CallbackConfig{URL: "http://127.0.0.1/cb", EncodingAESKey: cbAESKey})
	assert.ErrorIs(t, err, callback.ErrInvalidConfig)
	for _, u := range []string{"/relative", "ftp://host/x", "http://", "http://%zz"} {
		assert.Error(t, s.SetCallback(CallbackConfig{URL: u, Token: cbToken, EncodingAESKey: cbAESKey}), u)
	}
	assert.ErrorIs(t, s.DeliverEvent(ctx, "<xml/>"), ErrNoCallback, "failed settings are not kept")

	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	require.NoError(t, s.DeliverEvent(ctx, "<xml/>"))
	require.NoError(t, s.SetCallback(CallbackConfig{}))
	assert.ErrorIs(t, s.DeliverEvent(ctx, "<xml/>"), ErrNoCallback, "an empty URL removes the callback")

	_, err = New(WithCallback("http://127.0.0.1/cb", cbToken, "bad"))
	assert.ErrorIs(t, err, callback.ErrInvalidConfig)
	s2 := start(t, WithCorp("wwFIXEDCORP", "secret"), WithCallback(rc.srv.URL, cbToken, cbAESKey))
	assert.ErrorAs(t, s2.VerifyCallbackURL(ctx), new(*DeliveryError), "receiver id is the simulator's CorpID")
	rc2 := newCBReceiver(t, "wwFIXEDCORP")
	s3 := start(t, WithCorp("wwFIXEDCORP", "secret"), WithCallback(rc2.srv.URL, cbToken, cbAESKey))
	assert.NoError(t, s3.VerifyCallbackURL(ctx))

	cfg := CallbackConfig{URL: "http://x/cb", Token: cbToken, EncodingAESKey: cbAESKey}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, cfg)
		assert.NotContains(t, out, cbToken, format)
		assert.NotContains(t, out, cbAESKey, format)
		assert.Contains(t, out, "REDACTED", format)
	}
}

func TestDeliverEvent(t *testing.T) {
	s := start(t)
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	msg := `<xml><ToUserName><![CDATA[` + s.CorpID + `]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
		`<CreateTime>1714528800</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
		`<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId>` +
		`<ChangeType><![CDATA[dismiss]]></ChangeType></xml>`
	before := s.Snapshot()
	require.NoError(t, s.DeliverEvent(context.Background(), msg))
	_, events, _ := rc.snapshot()
	require.Len(t, events, 1)
	assert.Equal(t, msg, string(events[0].XML))
	dis, ok := events[0].Typed.(*callback.ExternalChatDismissEvent)
	require.True(t, ok, "%T", events[0].Typed)
	assert.Equal(t, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", dis.ChatID)
	assert.Equal(t, before, s.Snapshot(), "no state change")
}
