package worktest_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/provider"
	"github.com/wecomkit/wecom/work/worktest"
)

const (
	suiteCBToken = "SuiteToken42"
	suiteCBKey   = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
)

// sdkRig is a provider service on the SDK against a provider-mode
// simulator: the suite's 指令回调 URL is a callback.Handler served by
// Provider.HandleCallbacks, recording what it saw.
type sdkRig struct {
	sim   *worktest.ProviderServer
	p     *provider.Provider
	suite *provider.Suite
	store *provider.MemoryPermanentCodeStore

	mu        sync.Mutex
	cancelled []string
}

func newSDKRig(t *testing.T, customized bool) *sdkRig {
	t.Helper()
	sim := worktest.NewProviderServer(worktest.WithMembers(2), worktest.WithCustomersPerMember(3), worktest.WithResignedMembers(0))
	t.Cleanup(sim.Close)
	r := &sdkRig{sim: sim, store: provider.NewMemoryPermanentCodeStore()}
	var err error
	r.p, err = provider.New(sim.ProviderConfig())
	require.NoError(t, err)

	// The suite id is needed for the receiver id before the suite exists:
	// choose it.
	const suiteID = "wwsdksuite00000001"
	h, err := callback.New(callback.Config{Token: suiteCBToken, EncodingAESKey: suiteCBKey, ReceiverIDs: []string{suiteID}})
	require.NoError(t, err)
	r.p.HandleCallbacks(h, provider.Hooks{Cancelled: func(_ context.Context, _ *provider.Suite, corp string) error {
		r.mu.Lock()
		r.cancelled = append(r.cancelled, corp)
		r.mu.Unlock()
		return nil
	}})
	h.OnEvent(func(context.Context, *callback.RawEvent) error { return nil })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	_, err = sim.AddSuite(worktest.SuiteSpec{ID: suiteID, Customized: customized,
		Callback: &worktest.CallbackConfig{URL: srv.URL, Token: suiteCBToken, EncodingAESKey: suiteCBKey}})
	require.NoError(t, err)
	cfg := sim.SuiteConfig(suiteID)
	cfg.PermanentCodes = r.store
	r.suite, err = r.p.NewSuite(cfg)
	require.NoError(t, err)
	return r
}

func TestProviderFlowThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	r := newSDKRig(t, false)

	// No ticket yet: the suite token is a clear error, nothing is sent.
	_, err := r.suite.GetPreAuthCode(ctx)
	require.ErrorIs(t, err, provider.ErrNoSuiteTicket)
	assert.Zero(t, r.sim.Provider().Count("service/get_suite_token"))

	require.NoError(t, r.sim.PushTicket(ctx, r.suite.ID()))
	pre, err := r.suite.GetPreAuthCode(ctx)
	require.NoError(t, err)
	require.NoError(t, r.suite.SetSession(ctx, &provider.SetSessionRequest{PreAuthCode: pre.PreAuthCode}))

	// Two corps install; create_auth stores each permanent code.
	var corps []string
	for i := 0; i < 2; i++ {
		in, err := r.sim.Install(ctx, worktest.Install{SuiteID: r.suite.ID(), PreAuthCode: pre.PreAuthCode})
		require.NoError(t, err)
		corps = append(corps, in.CorpID)
		auth, ok, err := r.store.Get(ctx, r.suite.ID(), in.CorpID)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, r.sim.PermanentCode(r.suite.ID(), in.CorpID), auth.PermanentCode)
	}

	// Each corp's App serves that corp's own customers, concurrently.
	var wg sync.WaitGroup
	for _, corp := range corps {
		for j := 0; j < 4; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				app, err := r.suite.App(ctx, corp)
				if !assert.NoError(t, err) {
					return
				}
				ids, err := app.ExternalContact().List(ctx, "zhangsan")
				if assert.NoError(t, err) {
					assert.Equal(t, customersOf(r.sim.Corp(corp), "zhangsan"), ids, corp)
				}
			}()
		}
	}
	wg.Wait()
	assert.NotEqual(t, customersOf(r.sim.Corp(corps[0]), "zhangsan"), customersOf(r.sim.Corp(corps[1]), "zhangsan"))
	assert.Equal(t, 2, r.sim.Provider().Count("service/get_corp_token"), "one token per corp")

	// Hours pass with tickets pushed on the clock: the suite token is
	// refreshed with a current ticket.
	require.NoError(t, r.sim.AdvanceClock(ctx, 3*time.Hour))
	_, err = r.suite.GetPreAuthCode(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, r.sim.Provider().Count("service/get_suite_token"))

	// Reset: the corp's App keeps working, on the new code.
	a := corps[0]
	_, err = r.sim.ResetPermanentCode(ctx, r.suite.ID(), a)
	require.NoError(t, err)
	auth, _, err := r.store.Get(ctx, r.suite.ID(), a)
	require.NoError(t, err)
	assert.Equal(t, r.sim.PermanentCode(r.suite.ID(), a), auth.PermanentCode)
	app, err := r.suite.App(ctx, a)
	require.NoError(t, err)
	_, err = app.ExternalContact().List(ctx, "zhangsan")
	require.NoError(t, err)

	// Cancel: the App refuses without sending anything; the other corp goes on.
	require.NoError(t, r.sim.Cancel(ctx, r.suite.ID(), a))
	assert.Equal(t, []string{a}, r.cancelled)
	before := r.sim.Corp(a).Count("")
	_, err = app.ExternalContact().List(ctx, "zhangsan")
	require.ErrorIs(t, err, provider.ErrNotAuthorized)
	assert.Equal(t, before, r.sim.Corp(a).Count(""))
	appB, err := r.suite.App(ctx, corps[1])
	require.NoError(t, err)
	_, err = appB.ExternalContact().List(ctx, "zhangsan")
	require.NoError(t, err)
}

func TestCustomizedTemplateThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	r := newSDKRig(t, true)
	require.NoError(t, r.sim.PushTicket(ctx, r.suite.ID()))
	in, err := r.sim.Install(ctx, worktest.Install{SuiteID: r.suite.ID()})
	require.NoError(t, err)
	app, err := r.suite.App(ctx, in.CorpID)
	require.NoError(t, err)
	ids, err := app.ExternalContact().List(ctx, "zhangsan")
	require.NoError(t, err)
	assert.Equal(t, customersOf(r.sim.Corp(in.CorpID), "zhangsan"), ids)
	assert.Equal(t, 1, r.sim.Corp(in.CorpID).Count("gettoken"), "a 代开发 app's token comes from gettoken")
	assert.Zero(t, r.sim.Provider().Count("service/get_corp_token"))
}

// customersOf lists the customers of a member in a corp's simulator state.
func customersOf(s *worktest.Server, userID string) []string {
	var ids []string
	for _, rel := range s.Snapshot().Relations {
		if rel.UserID == userID {
			ids = append(ids, rel.ExternalUserID)
		}
	}
	return ids
}
