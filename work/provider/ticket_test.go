package provider_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/provider"
)

func TestNoTicketIsAClearErrorAndSendsNothing(t *testing.T) {
	st := newSetup(t, setupOpts{noTicket: true})
	assert.False(t, st.s.HasTicket(bg))
	_, err := st.s.GetPreAuthCode(bg)
	require.ErrorIs(t, err, provider.ErrNoSuiteTicket)
	assert.Contains(t, err.Error(), testSuiteID)
	assert.Contains(t, err.Error(), "SetTicket")
	assert.Empty(t, st.f.requests())

	require.NoError(t, st.s.SetTicket(bg, testTicket, time.Time{}))
	assert.True(t, st.s.HasTicket(bg))
	_, err = st.s.SuiteToken().Token(bg)
	require.NoError(t, err)
}

func TestTicketExpiresAfterThirtyMinutes(t *testing.T) {
	st := newSetup(t, setupOpts{noTicket: true})
	require.NoError(t, st.s.SetTicket(bg, testTicket, st.clk.Now()))
	st.clk.Advance(provider.TicketTTL - time.Second)
	assert.True(t, st.s.HasTicket(bg), "the last ticket serves while valid")
	st.clk.Advance(2 * time.Second)
	assert.False(t, st.s.HasTicket(bg))
	_, err := st.s.SuiteToken().Token(bg)
	require.ErrorIs(t, err, provider.ErrNoSuiteTicket)
	assert.Zero(t, st.f.count("service/get_suite_token"))

	// A push already older than its lifetime is not stored.
	require.NoError(t, st.s.SetTicket(bg, "old", st.clk.Now().Add(-31*time.Minute)))
	assert.False(t, st.s.HasTicket(bg))
}

func TestOlderTicketNeverReplacesNewer(t *testing.T) {
	st := newSetup(t, setupOpts{noTicket: true})
	now := st.clk.Now()
	st.f.addTicket("newer")
	require.NoError(t, st.s.SetTicket(bg, "newer", now))
	require.NoError(t, st.s.SetTicket(bg, "older", now.Add(-10*time.Minute))) // a late retry
	_, err := st.s.SuiteToken().Token(bg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"suite_id":"`+testSuiteID+`","suite_secret":"`+testSuiteSecret+`","suite_ticket":"newer"}`,
		lastTo(t, st.f, "service/get_suite_token").Body)
}

// TestTicketSharedThroughCache: the instance that receives the push is not
// the one that needs the token.
func TestTicketSharedThroughCache(t *testing.T) {
	cache := core.NewMemoryCache()
	a := newSetup(t, setupOpts{cache: cache, noTicket: true})
	b := newSetup(t, setupOpts{cache: cache, noTicket: true, f: a.f, clk: a.clk})
	require.NoError(t, a.s.SetTicket(bg, testTicket, a.clk.Now()))
	tb, err := b.s.SuiteToken().Token(bg)
	require.NoError(t, err)
	ta, err := a.s.SuiteToken().Token(bg)
	require.NoError(t, err)
	assert.Equal(t, ta, tb, "one suite token for both instances")
	assert.Equal(t, 1, a.f.count("service/get_suite_token"))
}

// TestRefusedTicketIsNotResent: WeCom answered 40085 for the stored
// ticket; until a new one is pushed nothing is asked, and the new one is
// used at once.
func TestRefusedTicketIsNotResent(t *testing.T) {
	st := newSetup(t, setupOpts{noTicket: true})
	require.NoError(t, st.s.SetTicket(bg, "forged", st.clk.Now()))
	for i := 0; i < 3; i++ {
		_, err := st.s.SuiteToken().Token(bg)
		require.ErrorIs(t, err, provider.ErrInvalidSuiteTicket)
	}
	assert.Equal(t, 1, st.f.count("service/get_suite_token"))

	st.clk.Advance(time.Second)
	require.NoError(t, st.s.SetTicket(bg, testTicket, st.clk.Now()))
	_, err := st.s.SuiteToken().Token(bg)
	require.NoError(t, err)
	assert.Equal(t, 2, st.f.count("service/get_suite_token"))
}

func TestWrongSuiteSecretIsRememberedBriefly(t *testing.T) {
	f := newFake(t)
	clk := newClock()
	p, err := provider.New(provider.Config{BaseURL: f.srv.URL, Now: clk.Now})
	require.NoError(t, err)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: "wrong"})
	require.NoError(t, err)
	require.NoError(t, s.SetTicket(bg, testTicket, clk.Now()))
	for i := 0; i < 3; i++ {
		_, err := s.GetPreAuthCode(bg)
		require.ErrorIs(t, err, provider.ErrInvalidSuiteSecret)
		require.ErrorIs(t, err, core.ErrInvalidCredentials)
	}
	assert.Equal(t, 1, f.count("service/get_suite_token"), "WeCom bans IPs that repeat credential errors")
	clk.Advance(31 * time.Second)
	_, err = s.GetPreAuthCode(bg)
	require.Error(t, err)
	assert.Equal(t, 2, f.count("service/get_suite_token"))
}

func TestNewSuiteAndProviderErrors(t *testing.T) {
	p, err := provider.New(provider.Config{})
	require.NoError(t, err)
	assert.Nil(t, p.ProviderToken(), "no provider secret, no provider token")
	_, err = p.NewSuite(provider.SuiteConfig{Secret: "s"})
	require.ErrorIs(t, err, core.ErrInvalidArgument)
	_, err = p.NewSuite(provider.SuiteConfig{SuiteID: "ww"})
	require.ErrorIs(t, err, core.ErrInvalidArgument)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: "ww", Secret: "s"})
	require.NoError(t, err)
	assert.Same(t, s, p.Suite("ww"))
	assert.Nil(t, p.Suite("other"))
	_, err = p.NewSuite(provider.SuiteConfig{SuiteID: "ww", Secret: "s"})
	require.ErrorIs(t, err, core.ErrInvalidArgument, "a suite is registered once")

	_, err = provider.New(provider.Config{ProviderSecret: "x"})
	require.ErrorIs(t, err, core.ErrInvalidArgument)
	_, err = provider.New(provider.Config{BaseURL: "ftp://x"})
	require.ErrorIs(t, err, core.ErrInvalidArgument)
}
