package worktest_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// A customer scans a 「联系我」 QR code: the receiver gets add_external_contact
// with the way's state and a fresh WelcomeCode, and the SDK's Get shows the
// relation with that state.
func TestContactWayThroughSDK(t *testing.T) {
	const (
		token  = "wayT0ken"
		aesKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	)
	s := worktest.NewServer(worktest.WithSeed(34))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()

	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: aesKey, ReceiverIDs: []string{s.CorpID}})
	require.NoError(t, err)
	var (
		mu     sync.Mutex
		events []*callback.AddExternalContactEvent
	)
	h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	require.NoError(t, s.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: aesKey}))

	way, err := s.AddContactWay(worktest.ContactWaySpec{Type: worktest.ContactWaySingle, Scene: worktest.ContactWayQRCode,
		Users: []string{"lisi"}, State: "地铁广告-2024"})
	require.NoError(t, err)
	added, err := s.AddContact(ctx, worktest.AddContact{ConfigID: way})
	require.NoError(t, err)

	mu.Lock()
	require.Len(t, events, 1)
	e := events[0]
	mu.Unlock()
	assert.Equal(t, "lisi", e.UserID)
	assert.Equal(t, added.ExternalUserID, e.ExternalUserID)
	assert.Equal(t, "地铁广告-2024", e.State)
	assert.Equal(t, added.WelcomeCode, e.WelcomeCode)
	assert.True(t, s.WelcomeCodeValid(e.WelcomeCode))

	c, err := ec.Get(ctx, added.ExternalUserID)
	require.NoError(t, err)
	require.Len(t, c.FollowUsers, 1)
	f := c.FollowUsers[0]
	assert.Equal(t, "lisi", f.UserID)
	assert.Equal(t, "地铁广告-2024", f.State)
	assert.Equal(t, externalcontact.AddWayQRCode, f.AddWay)
	assert.Equal(t, added.ExternalUserID, f.OperUserID)
}

// The contactway service against the simulator: a campaign channel made
// through the SDK, a customer scanning it, List finding it, updates that
// keep or clear, and deletion.
func TestContactWayServiceSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(35))
	cw, ec := app.ContactWay(), app.ExternalContact()
	ctx := context.Background()

	way, err := cw.Create(ctx, &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{"zhangsan"}, State: "spring-expo", Remark: "春季展会"})
	require.NoError(t, err)
	assert.NotEmpty(t, way.QRCode)

	added, err := s.ContactWays().Scan(ctx, way.ConfigID, worktest.AddContact{})
	require.NoError(t, err)
	c, err := ec.Get(ctx, added.ExternalUserID)
	require.NoError(t, err)
	require.Len(t, c.FollowUsers, 1)
	assert.Equal(t, "spring-expo", c.FollowUsers[0].State)

	ways, errs := collect(cw.ListAll(ctx, &contactway.ListRequest{Limit: 1}))
	require.Empty(t, errs)
	assert.Equal(t, []contactway.ListedWay{{ConfigID: way.ConfigID}}, ways)

	// Zero values leave the way as it is; Clear clears.
	require.NoError(t, cw.Update(ctx, &contactway.UpdateRequest{ConfigID: way.ConfigID, SkipVerify: core.Ptr(false)}))
	got, err := cw.Get(ctx, way.ConfigID)
	require.NoError(t, err)
	assert.Equal(t, "春季展会", got.Remark, "an empty Remark does not wipe the remark")
	assert.Equal(t, "spring-expo", got.State)
	assert.Equal(t, []string{"zhangsan"}, got.Users)
	assert.False(t, got.SkipVerify)
	require.NoError(t, cw.Update(ctx, &contactway.UpdateRequest{ConfigID: way.ConfigID, Users: []string{"lisi"},
		Clear: []contactway.Field{contactway.FieldRemark}}))
	got, err = cw.Get(ctx, way.ConfigID)
	require.NoError(t, err)
	assert.Equal(t, "", got.Remark, "cleared")
	assert.Equal(t, "spring-expo", got.State, "kept")
	assert.Equal(t, []string{"lisi"}, got.Users)

	err = cw.Update(ctx, &contactway.UpdateRequest{ConfigID: way.ConfigID, Clear: []contactway.Field{contactway.FieldUser}})
	var ae *core.APIError
	require.ErrorAs(t, err, &ae, "a single-user way keeps its user: WeCom's rule, checked by the simulator")
	assert.Equal(t, 40058, ae.Code)

	require.NoError(t, cw.Delete(ctx, way.ConfigID))
	_, err = cw.Get(ctx, way.ConfigID)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
	assert.ErrorAs(t, cw.Delete(ctx, way.ConfigID), &ae, "a repeat changes nothing")
}

// A lost answer to Create: the SDK does not re-send it and reports an
// unknown outcome; the way exists once, and List by its state finds it.
func TestContactWayCreateLostAnswer(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(36))
	cw, ctx := app.ContactWay(), context.Background()
	s.Faults().LoseAnswer("externalcontact/add_contact_way", 1, 0)
	_, err := cw.Create(ctx, &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{"zhangsan"}, State: "lost-answer"})
	require.ErrorIs(t, err, core.ErrUnknownOutcome)
	assert.Equal(t, 1, s.Count("externalcontact/add_contact_way"), "a create is never re-sent")

	var found []string
	for w, err := range cw.ListAll(ctx, nil) {
		require.NoError(t, err)
		got, err := cw.Get(ctx, w.ConfigID)
		require.NoError(t, err)
		if got.State == "lost-answer" {
			found = append(found, got.ConfigID)
		}
	}
	assert.Len(t, found, 1, "created exactly once")
}

// A temporary session through the SDK: the customer scans, the member
// closes the session, a second close is an error.
func TestTempChatSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(37))
	cw, ctx := app.ContactWay(), context.Background()
	way, err := cw.Create(ctx, &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{"wangwu"}, IsTemp: true, ChatExpiresIn: 3600,
		Conclusions: &contactway.Conclusions{Text: &content.Text{Content: "感谢咨询"}}})
	require.NoError(t, err)
	got, err := cw.Get(ctx, way.ConfigID)
	require.NoError(t, err)
	assert.True(t, got.IsTemp)
	assert.Equal(t, 7*24*3600, got.ExpiresIn, "WeCom's default")
	assert.Equal(t, "感谢咨询", got.Conclusions.Text.Content)
	ways, errs := collect(cw.ListAll(ctx, nil))
	assert.Empty(t, errs)
	assert.Empty(t, ways, "List never shows temporary ways")

	added, err := s.ContactWays().Scan(ctx, way.ConfigID, worktest.AddContact{})
	require.NoError(t, err)
	require.NoError(t, cw.CloseTempChat(ctx, "wangwu", added.ExternalUserID))
	var ae *core.APIError
	require.ErrorAs(t, cw.CloseTempChat(ctx, "wangwu", added.ExternalUserID), &ae)
	assert.Equal(t, 40058, ae.Code)
}

func collect[T any](seq func(func(T, error) bool)) ([]T, []error) {
	var items []T
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}
