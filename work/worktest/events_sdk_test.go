package worktest_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// A callback.Handler receives the simulator's events and, like real code,
// looks the new customer up through the SDK from inside the handler: the
// simulator holds no lock while it delivers.
func TestEventsThroughSDK(t *testing.T) {
	const (
		token  = "sdkT0ken"
		aesKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	)
	s := worktest.NewServer(worktest.WithSeed(21))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()

	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: aesKey, ReceiverIDs: []string{s.CorpID}})
	require.NoError(t, err)
	var (
		mu      sync.Mutex
		looked  []*externalcontact.Contact
		removed []string
	)
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		c, err := ec.Get(ctx, e.ExternalUserID)
		if err != nil {
			return err
		}
		mu.Lock()
		looked = append(looked, c)
		mu.Unlock()
		return nil
	})
	h.OnDelExternalContact(func(_ context.Context, e *callback.DelExternalContactEvent) error {
		mu.Lock()
		removed = append(removed, e.UserID+"/"+e.ExternalUserID)
		mu.Unlock()
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	require.NoError(t, s.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: aesKey}))
	require.NoError(t, s.VerifyCallbackURL(ctx))

	added, err := s.AddContact(ctx, worktest.AddContact{UserID: "wangwu", Name: "林小姐", State: "poster-2024", AddWay: 1})
	require.NoError(t, err)
	require.Len(t, looked, 1)
	got := looked[0]
	assert.Equal(t, added.ExternalUserID, got.ExternalContact.ExternalUserID)
	assert.Equal(t, "林小姐", got.ExternalContact.Name)
	require.Len(t, got.FollowUsers, 1)
	f := got.FollowUsers[0]
	assert.Equal(t, "wangwu", f.UserID)
	assert.Equal(t, "poster-2024", f.State)
	assert.Equal(t, externalcontact.AddWayQRCode, f.AddWay)
	assert.Equal(t, added.ExternalUserID, f.OperUserID)
	assert.Equal(t, s.Clock().Now().Unix(), f.CreateTime)
	assert.True(t, s.WelcomeCodeValid(added.WelcomeCode))

	ids, err := ec.List(ctx, "wangwu")
	require.NoError(t, err)
	assert.True(t, slices.Contains(ids, added.ExternalUserID))

	require.NoError(t, s.RemoveContact(ctx, "wangwu", added.ExternalUserID))
	assert.Equal(t, []string{"wangwu/" + added.ExternalUserID}, removed)
	_, err = ec.Get(ctx, added.ExternalUserID)
	assert.ErrorIs(t, err, core.ErrNotExternalContact, "the customer has no member left")
	ids, err = ec.List(ctx, "wangwu")
	require.NoError(t, err)
	assert.False(t, slices.Contains(ids, added.ExternalUserID))
}
