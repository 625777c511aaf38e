package provider_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/provider"
)

func TestAuthorizeStoresAndServes(t *testing.T) {
	st := newSetup(t, setupOpts{})
	auth, err := st.s.Authorize(bg, st.f.authorize("wwcorpA"))
	require.NoError(t, err)
	assert.Equal(t, "wwcorpA", auth.CorpID)
	assert.Equal(t, "Corp wwcorpA", auth.CorpName)
	assert.EqualValues(t, 1000012, auth.AgentID)
	assert.Equal(t, st.f.codeOf("wwcorpA"), auth.PermanentCode)
	stored, ok, err := st.store.Get(bg, testSuiteID, "wwcorpA")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, *auth, stored)

	app, err := st.s.App(bg, "wwcorpA")
	require.NoError(t, err)
	assert.Equal(t, "wwcorpA", app.Config().CorpID)
	assert.EqualValues(t, 1000012, app.Config().AgentID)
	c, err := app.ExternalContact().Get(bg, "wm-wwcorpA")
	require.NoError(t, err)
	assert.Equal(t, "wwcorpA", c.ExternalContact.Name) // the fake names the token's corp

	// The corp token came from get_corp_token with the stored code.
	r := lastTo(t, st.f, "service/get_corp_token")
	assert.JSONEq(t, `{"auth_corpid":"wwcorpA","permanent_code":"`+auth.PermanentCode+`"}`, r.Body)

	// The same App again: built once, no allocation worth the name.
	again, err := st.s.App(bg, "wwcorpA")
	require.NoError(t, err)
	assert.Same(t, app, again)
	allocs := testing.AllocsPerRun(100, func() { _, _ = st.s.App(bg, "wwcorpA") })
	assert.Zero(t, allocs)
}

func TestAuthorizeV2(t *testing.T) {
	st := newSetup(t, setupOpts{v2: true})
	auth, err := st.s.Authorize(bg, st.f.authorize("wwcorpA"))
	require.NoError(t, err)
	assert.Equal(t, "v2", auth.State)
	assert.Equal(t, 1, st.f.count("service/v2/get_permanent_code"))
	assert.Zero(t, st.f.count("service/get_permanent_code"))
	require.NoError(t, getFor(bg, st, "wwcorpA"))
}

func TestAppOfUnknownCorpSendsNothing(t *testing.T) {
	st := newSetup(t, setupOpts{})
	_, err := st.s.App(bg, "wwstranger")
	require.ErrorIs(t, err, provider.ErrNotAuthorized)
	assert.Contains(t, err.Error(), "wwstranger")
	assert.Empty(t, st.f.requests())
}

// TestIsolationUnderConcurrency: many corps, many goroutines each; every
// call carries a token the fake issued for the very corp it is for.
func TestIsolationUnderConcurrency(t *testing.T) {
	st := newSetup(t, setupOpts{})
	const corps, perCorp = 20, 10
	var ids []string
	for i := 0; i < corps; i++ {
		ids = append(ids, fmt.Sprintf("wwcorp%02d", i))
	}
	st.authorized(t, ids...)
	var wg sync.WaitGroup
	errs := make(chan error, corps*perCorp)
	for _, id := range ids {
		for j := 0; j < perCorp; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- getFor(bg, st, id)
			}()
		}
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, corps*perCorp, n)
	assert.Empty(t, st.f.mismatchList())
	assert.Equal(t, corps, st.f.count("service/get_corp_token"), "one token per corp, shared by its goroutines")
	for _, id := range ids {
		toks := st.f.tokensSentFor(id)
		require.Len(t, toks, perCorp)
		for _, tok := range toks {
			assert.Equal(t, id, st.f.issuedFor(tok).corp)
		}
	}
}

// TestIsolationAfterCancel: once the corp cancels, its Apps (the one held
// from before included) fail before sending anything; other corps go on.
func TestIsolationAfterCancel(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.authorized(t, "wwcorpA", "wwcorpB")
	appA, err := st.s.App(bg, "wwcorpA")
	require.NoError(t, err)
	require.NoError(t, getFor(bg, st, "wwcorpA"))
	require.NoError(t, getFor(bg, st, "wwcorpB"))
	before := len(st.f.requests())

	st.f.cancel("wwcorpA")
	require.NoError(t, st.s.Revoke(bg, "wwcorpA"))
	_, ok, err := st.store.Get(bg, testSuiteID, "wwcorpA")
	require.NoError(t, err)
	assert.False(t, ok)

	_, err = appA.ExternalContact().Get(bg, "wm-wwcorpA")
	require.ErrorIs(t, err, provider.ErrNotAuthorized)
	_, err = st.s.App(bg, "wwcorpA")
	require.ErrorIs(t, err, provider.ErrNotAuthorized)
	assert.Len(t, st.f.requests(), before, "nothing sent for the cancelled corp")

	require.NoError(t, getFor(bg, st, "wwcorpB"))
	assert.Len(t, st.f.tokensSentFor("wwcorpA"), 1)
	assert.Len(t, st.f.tokensSentFor("wwcorpB"), 2)
	assert.Empty(t, st.f.mismatchList())

	// Authorising again brings the held App back, with a new token.
	st.authorized(t, "wwcorpA")
	_, err = appA.ExternalContact().Get(bg, "wm-wwcorpA")
	require.NoError(t, err)
	toks := st.f.tokensSentFor("wwcorpA")
	require.Len(t, toks, 2)
	assert.NotEqual(t, toks[0], toks[1])
}

// TestIsolationAfterReset: after reset_permanent_code, the old code's
// token is never sent again, in this instance or in another one that
// shares the store and cache and learns of it only from WeCom's refusal.
func TestIsolationAfterReset(t *testing.T) {
	cache := core.NewMemoryCache()
	store := provider.NewMemoryPermanentCodeStore()
	a := newSetup(t, setupOpts{cache: cache, store: store})
	b := newSetup(t, setupOpts{cache: cache, store: store, f: a.f, clk: a.clk})
	a.authorized(t, "wwcorpA", "wwcorpB")
	require.NoError(t, getFor(bg, a, "wwcorpA"))
	require.NoError(t, getFor(bg, b, "wwcorpA"))
	old := a.f.tokensSentFor("wwcorpA")
	require.Len(t, old, 2)
	assert.Equal(t, old[0], old[1], "one token through the shared cache")

	_, err := a.s.Authorize(bg, a.f.resetCode("wwcorpA"))
	require.NoError(t, err)
	newCode := a.f.codeOf("wwcorpA")

	require.NoError(t, getFor(bg, a, "wwcorpA"))
	require.NoError(t, getFor(bg, b, "wwcorpA")) // refused old token, refused old code, store reread
	sent := a.f.tokensSentFor("wwcorpA")
	require.Len(t, sent, 5, "b's refused attempt with the old token is the only one")
	assert.Equal(t, old[0], sent[3], "b still held the old token once")
	for _, tok := range []string{sent[2], sent[4]} {
		assert.NotEqual(t, old[0], tok)
		assert.Equal(t, issued{"wwcorpA", newCode}, a.f.issuedFor(tok))
	}
	assert.Empty(t, a.f.mismatchList())
	require.NoError(t, getFor(bg, b, "wwcorpB"))
}

func TestCustomizedTemplateUsesGettoken(t *testing.T) {
	st := newSetup(t, setupOpts{customized: true})
	auth, err := st.s.Authorize(bg, st.f.authorize("wwcorpA"))
	require.NoError(t, err)
	require.NoError(t, getFor(bg, st, "wwcorpA"))
	r := lastTo(t, st.f, "gettoken")
	assert.Equal(t, "wwcorpA", r.Query.Get("corpid"))
	assert.Equal(t, auth.PermanentCode, r.Query.Get("corpsecret"))
	assert.Zero(t, st.f.count("service/get_corp_token"))

	// A reset permanent code (the 代开发 app's new secret) is followed too.
	_, err = st.s.Authorize(bg, st.f.resetCode("wwcorpA"))
	require.NoError(t, err)
	require.NoError(t, getFor(bg, st, "wwcorpA"))
	assert.Equal(t, st.f.codeOf("wwcorpA"), lastTo(t, st.f, "gettoken").Query.Get("corpsecret"))
	assert.Empty(t, st.f.mismatchList())
}

func TestCustomizedApp(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.authorized(t, "wwcorpA") // the fake's gettoken takes the permanent code as the secret
	code := st.f.codeOf("wwcorpA")
	app, err := st.p.CustomizedApp("wwcorpA", code, 1000012)
	require.NoError(t, err)
	_, err = app.ExternalContact().Get(bg, "wm-wwcorpA")
	require.NoError(t, err)
	r := lastTo(t, st.f, "gettoken")
	assert.Equal(t, "wwcorpA", r.Query.Get("corpid"))
	assert.Equal(t, code, r.Query.Get("corpsecret"))
	assert.NotContains(t, fmtSprintf("%+v", app), code)

	// A second App of the same corp and secret shares the cached token.
	app2, err := st.p.CustomizedApp("wwcorpA", code, 1000012)
	require.NoError(t, err)
	_, err = app2.ExternalContact().Get(bg, "wm-wwcorpA")
	require.NoError(t, err)
	assert.Equal(t, 1, st.f.count("gettoken"))
}

// TestAppCarriesSuiteToken: a corp's App can also call the endpoints that
// take the suite token (unionid_to_external_userid_3rd).
func TestAppCarriesSuiteToken(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.authorized(t, "wwcorpA")
	app, err := st.s.App(bg, "wwcorpA")
	require.NoError(t, err)
	assert.NotNil(t, app.Client().TokenSource(core.AuthSuiteToken))
	assert.NotNil(t, app.Client().TokenSource(core.AuthProviderToken))
	st.f.can("service/externalcontact/unionid_to_external_userid_3rd", `{"errcode":0,"errmsg":"ok","external_userid_info":[]}`)
	_, err = app.ExternalContact().UnionIDToExternalUserID3rd(bg,
		&externalcontact.UnionIDToExternalUserID3rdRequest{UnionID: "u", OpenID: "o", CorpID: "wwcorpA"})
	require.NoError(t, err)
	tok := suiteTokenOf(t, st)
	assert.Equal(t, tok, lastTo(t, st.f, "service/externalcontact/unionid_to_external_userid_3rd").Query.Get("suite_access_token"))
}
