package worktest_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

const (
	evToken  = "acqT0ken"
	evAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
)

// recorder is a callback endpoint recording every event it receives.
type recorder struct {
	mu     sync.Mutex
	events []callback.Event
}

func (r *recorder) kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.events))
	for i, e := range r.events {
		h := e.EventHeader()
		out[i] = string(h.Type()) + "/" + string(h.ChangeType)
	}
	return out
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.events = nil
	r.mu.Unlock()
}

func (r *recorder) last() callback.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.events) == 0 {
		return nil
	}
	return r.events[len(r.events)-1]
}

// listen points s at a callback.Handler whose catch-all records every
// event, typed where the callback package types it.
func listen(t *testing.T, s *worktest.Server) *recorder {
	t.Helper()
	h, err := callback.New(callback.Config{Token: evToken, EncodingAESKey: evAESKey, ReceiverIDs: []string{s.CorpID}})
	require.NoError(t, err)
	rec := &recorder{}
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if e.Typed != nil {
			rec.events = append(rec.events, e.Typed)
		} else {
			rec.events = append(rec.events, e)
		}
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	require.NoError(t, s.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: evToken, EncodingAESKey: evAESKey}))
	return rec
}

func acqApp(t *testing.T, opts ...worktest.Option) (*work.App, *worktest.Server) {
	t.Helper()
	s := worktest.NewServer(opts...)
	t.Cleanup(s.Close)
	cfg := s.Config()
	cfg.Now = s.Clock().Now
	app, err := work.New(cfg)
	require.NoError(t, err)
	return app, s
}

// A link made through the SDK, customers coming through it with and
// without a channel, the quota they use, the relation's state, the
// customer list, the statistic and the events.
func TestAcquisitionFlowSDK(t *testing.T) {
	app, s := acqApp(t, worktest.WithSeed(61))
	ca, ec, ctx := app.CustomerAcquisition(), app.ExternalContact(), context.Background()
	rec := listen(t, s)

	link, err := ca.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "五一抖音投放", Range: acquisition.Range{UserIDs: []string{"zhangsan", "lisi"}}})
	require.NoError(t, err)
	assert.Regexp(t, `^https://work\.weixin\.qq\.com/ca/cawcde[0-9a-f]{12}$`, link.URL)
	assert.Equal(t, s.Clock().Now().Unix(), link.CreateTime)
	d, err := ca.GetLink(ctx, link.LinkID)
	require.NoError(t, err)
	assert.Equal(t, link.LinkID, d.Link.LinkID)
	assert.True(t, d.Link.SkipVerify, "WeCom's default")
	assert.True(t, d.Link.MarkSource, "WeCom's default")
	assert.Nil(t, d.PriorityOption)

	q, err := ca.Quota(ctx)
	require.NoError(t, err)
	assert.Equal(t, worktest.DefaultAcquisitionQuota, q.Balance)
	require.Len(t, q.Batches, 1)

	u, err := link.ChannelURL("douyin-0501")
	require.NoError(t, err)
	v1, err := s.Acquisition().Open(ctx, u, worktest.AcquisitionVisitor{Name: "林小姐"})
	require.NoError(t, err)
	require.True(t, v1.Added)
	assert.Equal(t, "zhangsan", v1.UserID, "the first in range")
	assert.Equal(t, "douyin-0501", v1.State)
	assert.Equal(t, []string{"customer_acquisition/open_profile", "change_external_contact/add_external_contact"}, rec.kinds())
	add := rec.last().(*callback.AddExternalContactEvent)
	assert.Equal(t, v1.ExternalUserID, add.ExternalUserID)
	assert.Equal(t, "douyin-0501", add.State)
	assert.True(t, s.WelcomeCodeValid(add.WelcomeCode))

	// The second customer goes to the member with fewer, through the plain
	// link: no state.
	v2, err := s.Acquisition().Open(ctx, link.URL, worktest.AcquisitionVisitor{})
	require.NoError(t, err)
	assert.Equal(t, "lisi", v2.UserID)
	assert.Equal(t, "", v2.State)
	// The scheme opens the same link.
	sch, err := acquisition.SchemeURL(link.URL, "wechat ad&1")
	require.NoError(t, err)
	v3, err := s.Acquisition().Open(ctx, sch, worktest.AcquisitionVisitor{})
	require.NoError(t, err)
	assert.Equal(t, "wechat ad&1", v3.State)

	c, err := ec.Get(ctx, v1.ExternalUserID)
	require.NoError(t, err)
	require.Len(t, c.FollowUsers, 1)
	assert.Equal(t, "douyin-0501", c.FollowUsers[0].State)
	assert.Equal(t, externalcontact.AddWayAcquisitionLink, c.FollowUsers[0].AddWay)

	q, err = ca.Quota(ctx)
	require.NoError(t, err)
	assert.Equal(t, worktest.DefaultAcquisitionQuota-3, q.Balance)
	assert.Equal(t, worktest.DefaultAcquisitionQuota, q.Total)

	customers, errs := collect(ca.CustomersAll(ctx, &acquisition.CustomersRequest{LinkID: link.LinkID, Limit: 2}))
	require.Empty(t, errs)
	require.Len(t, customers, 3)
	assert.Equal(t, acquisition.Customer{ExternalUserID: v1.ExternalUserID, UserID: "zhangsan", State: "douyin-0501"}, customers[0])
	assert.Equal(t, "wechat ad&1", customers[2].State)

	// zhangsan's customer writes: chat_status and customer_start_chat.
	rec.reset()
	_, err = s.Acquisition().Message(ctx, "zhangsan", v1.ExternalUserID)
	require.NoError(t, err)
	start := rec.last().(*callback.AcquisitionCustomerStartChatEvent)
	assert.Equal(t, link.LinkID, start.LinkID)
	assert.Equal(t, "douyin-0501", start.State)
	page, err := ca.Customers(ctx, &acquisition.CustomersRequest{LinkID: link.LinkID, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, acquisition.ChatStarted, page.Customers[0].ChatStatus)

	// The third message pushes message_from_customer; its ChatKey works
	// for 30 minutes.
	var key string
	for i := 0; i < 2; i++ {
		key, err = s.Acquisition().Message(ctx, "zhangsan", v1.ExternalUserID)
		require.NoError(t, err)
	}
	require.NotEmpty(t, key)
	mfc := rec.last().(*callback.AcquisitionMessageFromCustomerEvent)
	assert.Equal(t, key, mfc.ChatKey)
	info, err := ca.GetChatInfo(ctx, mfc.ChatKey)
	require.NoError(t, err)
	assert.Equal(t, &acquisition.ChatInfoResponse{UserID: "zhangsan", ExternalUserID: v1.ExternalUserID,
		ChatInfo: acquisition.ChatInfo{RecvMsgCount: 3, LinkID: link.LinkID, State: "douyin-0501"}}, info)
	s.Clock().Advance(acquisition.ChatKeyTTL)
	_, err = ca.GetChatInfo(ctx, mfc.ChatKey)
	assert.ErrorIs(t, err, &core.APIError{Code: 40058})

	// The statistic counts today.
	st, err := ca.Statistic(ctx, &acquisition.StatisticRequest{LinkID: link.LinkID, Start: s.Clock().Now(), End: s.Clock().Now()})
	require.NoError(t, err)
	assert.Equal(t, &acquisition.Statistic{ClickCount: 3, NewCustomerCount: 3}, st)
	ids, errs := collect(ca.ListLinksAll(ctx, nil))
	require.Empty(t, errs)
	assert.Equal(t, []string{link.LinkID}, ids)

	// Deleted through the API: no event, and the link stops working.
	rec.reset()
	require.NoError(t, ca.DeleteLink(ctx, link.LinkID))
	_, err = ca.GetLink(ctx, link.LinkID)
	assert.ErrorIs(t, err, &core.APIError{Code: 40058})
	v4, err := s.Acquisition().Open(ctx, link.URL, worktest.AcquisitionVisitor{})
	assert.ErrorIs(t, err, worktest.ErrAcquisitionLinkDeleted)
	assert.False(t, v4.Added)
	assert.Empty(t, rec.kinds())
	ids, errs = collect(ca.ListLinksAll(ctx, nil))
	require.Empty(t, errs)
	assert.Empty(t, ids)
}

// The quota runs out: balance_low, balance_exhausted, a link that adds
// nobody, then a purchase (balance_increased) and its reminders.
func TestAcquisitionQuotaEventsSDK(t *testing.T) {
	app, s := acqApp(t, worktest.WithSeed(62))
	ca, ctx := app.CustomerAcquisition(), context.Background()
	link, err := ca.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "官网", Range: acquisition.Range{DepartmentIDs: []int64{1}},
		SkipVerify: core.Ptr(false)})
	require.NoError(t, err)
	rec := listen(t, s)
	s.Acquisition().SetLowBalance(worktest.DefaultAcquisitionQuota)

	v, err := s.Acquisition().Open(ctx, link.URL, worktest.AcquisitionVisitor{})
	require.NoError(t, err)
	assert.Equal(t, []string{"customer_acquisition/open_profile", "customer_acquisition/friend_request",
		"change_external_contact/add_external_contact", "customer_acquisition/balance_low"}, rec.kinds(),
		"skip_verify false: a friend request first; the balance fell below 100")
	assert.True(t, v.Added)

	// Use the rest.
	for i := 1; i < worktest.DefaultAcquisitionQuota; i++ {
		_, err := s.Acquisition().Open(ctx, link.URL, worktest.AcquisitionVisitor{})
		require.NoError(t, err)
	}
	kinds := rec.kinds()
	assert.Equal(t, "customer_acquisition/balance_exhausted", kinds[len(kinds)-1])
	n := map[string]int{}
	for _, k := range kinds {
		n[k]++
	}
	assert.Equal(t, map[string]int{"customer_acquisition/open_profile": 100, "customer_acquisition/friend_request": 100,
		"change_external_contact/add_external_contact": 100, "customer_acquisition/balance_low": 1,
		"customer_acquisition/balance_exhausted": 1}, n, "each threshold once")
	q, err := ca.Quota(ctx)
	require.NoError(t, err)
	assert.Zero(t, q.Balance)
	assert.Empty(t, q.Batches)

	v, err = s.Acquisition().Open(ctx, link.URL, worktest.AcquisitionVisitor{})
	assert.ErrorIs(t, err, worktest.ErrAcquisitionQuotaExhausted)
	assert.False(t, v.Added)

	rec.reset()
	expire := s.Clock().Now().Add(30 * 24 * time.Hour)
	require.NoError(t, s.Acquisition().AddQuota(ctx, 50, expire))
	assert.Equal(t, []string{"customer_acquisition/balance_increased"}, rec.kinds())
	q, err = ca.Quota(ctx)
	require.NoError(t, err)
	assert.Equal(t, 50, q.Balance)
	assert.Equal(t, worktest.DefaultAcquisitionQuota+50, q.Total)

	// 14 days before the expiry: a reminder, delivered as the clock gets
	// there.
	rec.reset()
	s.Clock().Set(expire.Add(-14 * 24 * time.Hour))
	require.Equal(t, []string{"customer_acquisition/quota_expire_soon"}, rec.kinds())
	soon := rec.last().(*callback.AcquisitionQuotaExpireSoonEvent)
	assert.Equal(t, expire.Unix(), soon.ExpireTime)
	assert.Equal(t, 50, soon.ExpireQuotaNum)

	// Past the expiry: the other four reminders, then the batch is gone.
	rec.reset()
	s.Clock().Set(expire.Add(time.Second))
	assert.Equal(t, []string{"customer_acquisition/quota_expire_soon", "customer_acquisition/quota_expire_soon",
		"customer_acquisition/quota_expire_soon", "customer_acquisition/quota_expire_soon", "customer_acquisition/balance_exhausted"}, rec.kinds())
	q, err = ca.Quota(ctx)
	require.NoError(t, err)
	assert.Zero(t, q.Balance)
}

// Who may call: the 客户联系 system app none of it, get_permit only a
// 营销获客 app; the SDK maps the 48002 to its sentinels.
func TestAcquisitionAppsSDK(t *testing.T) {
	app, s := acqApp(t, worktest.WithSeed(63))
	ca, ctx := app.CustomerAcquisition(), context.Background()

	_, err := ca.GetPermit(ctx)
	assert.ErrorIs(t, err, acquisition.ErrNotMarketingApp)

	require.NoError(t, s.Acquisition().SetApp(worktest.AcquisitionContactApp))
	_, err = ca.Quota(ctx)
	assert.ErrorIs(t, err, acquisition.ErrAppNotAllowed)
	assert.ErrorIs(t, err, core.ErrAPIForbidden)
	_, err = ca.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "n", Range: acquisition.Range{UserIDs: []string{"zhangsan"}}})
	assert.ErrorIs(t, err, acquisition.ErrAppNotAllowed)

	require.NoError(t, s.Acquisition().SetApp(worktest.AcquisitionMarketingApp))
	p, err := ca.GetPermit(ctx)
	require.NoError(t, err)
	assert.Equal(t, &acquisition.Permit{UserIDs: []string{}, DepartmentIDs: []int64{1}, TagIDs: []int64{}}, p)

	s.Acquisition().SetPermit(worktest.AcquisitionPermit{UserList: []string{"zhangsan"}, TagList: []int64{3}})
	p, err = ca.GetPermit(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"zhangsan"}, p.UserIDs)
	_, err = ca.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "n", Range: acquisition.Range{UserIDs: []string{"zhangsan"}}})
	require.NoError(t, err)
	_, err = ca.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "n", Range: acquisition.Range{UserIDs: []string{"lisi"}}})
	assert.ErrorIs(t, err, &core.APIError{Code: 40058}, "outside the permit")
}
