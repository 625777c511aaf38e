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
