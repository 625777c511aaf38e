package provider_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/provider"
)

// TestEndpointClasses pins every endpoint's method, retry class and token
// kind.
func TestEndpointClasses(t *testing.T) {
	const get, post = http.MethodGet, http.MethodPost
	want := map[string]struct {
		method string
		class  core.Class
		auth   core.AuthKind
	}{
		"service/get_provider_token":    {post, core.ClassReadPost, core.AuthNone},
		"service/get_suite_token":       {post, core.ClassReadPost, core.AuthNone},
		"service/get_pre_auth_code":     {get, core.ClassRead, core.AuthSuiteToken},
		"service/set_session_info":      {post, core.ClassWrite, core.AuthSuiteToken},
		"service/get_permanent_code":    {post, core.ClassWrite, core.AuthSuiteToken},
		"service/v2/get_permanent_code": {post, core.ClassWrite, core.AuthSuiteToken},
		"service/get_auth_info":         {post, core.ClassReadPost, core.AuthSuiteToken},
		"service/v2/get_auth_info":      {post, core.ClassReadPost, core.AuthSuiteToken},
		"service/get_corp_token":        {post, core.ClassReadPost, core.AuthSuiteToken},
	}
	eps := provider.Endpoints()
	require.Len(t, eps, len(want))
	for _, ep := range eps {
		w, ok := want[ep.Path]
		require.True(t, ok, ep.Path)
		assert.Equal(t, w.method, ep.Method, ep.Path)
		assert.Equal(t, w.class, ep.Class, ep.Path)
		assert.Equal(t, w.auth, ep.Auth, ep.Path)
	}
}

// lastTo returns the last request to path.
func lastTo(t *testing.T, f *fakeWeCom, path string) wire {
	t.Helper()
	reqs := f.requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Path == path {
			return reqs[i]
		}
	}
	t.Fatalf("no request to %s", path)
	return wire{}
}

// suiteTokenOf returns the suite token the fake issued last.
func suiteTokenOf(t *testing.T, st *setup) string {
	tok, err := st.s.SuiteToken().Token(bg)
	require.NoError(t, err)
	return tok
}

func TestProviderTokenOnTheWire(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.f.can("service/get_provider_token", readFixture(t, "get_provider_token.json"))
	tok, err := st.p.ProviderToken().Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "enLSZ5xxxxxxJRL", tok)
	r := lastTo(t, st.f, "service/get_provider_token")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Empty(t, r.Query)
	assert.JSONEq(t, `{"corpid":"`+testProviderCorp+`","provider_secret":"`+testProviderSecret+`"}`, r.Body)

	// Cached: a second caller asks nobody.
	_, err = st.p.ProviderToken().Token(bg)
	require.NoError(t, err)
	assert.Equal(t, 1, st.f.count("service/get_provider_token"))

	// The provider's client sends it as provider_access_token.
	ep := core.Write("service/externalcontact/finish_external_userid_migration").WithAuth(core.AuthProviderToken)
	err = st.p.Client().Call(bg, ep, nil, map[string]string{"corpid": "ww1"}, nil)
	require.Error(t, err) // the fake does not know the path
	assert.Equal(t, tok, lastTo(t, st.f, "service/externalcontact/finish_external_userid_migration").Query.Get("provider_access_token"))
}

func TestGetPreAuthCode(t *testing.T) {
	st := newSetup(t, setupOpts{})
	tok := suiteTokenOf(t, st)
	st.f.can("service/get_pre_auth_code", readFixture(t, "get_pre_auth_code.json"))
	got, err := st.s.GetPreAuthCode(bg)
	require.NoError(t, err)
	assert.Equal(t, &provider.PreAuthCode{PreAuthCode: "Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ-oa3NL_fwHM7VI08r52wazoZX2Rhpz1dEw", ExpiresIn: 1200}, got)
	r := lastTo(t, st.f, "service/get_pre_auth_code")
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, tok, r.Query.Get("suite_access_token"))
	assert.Empty(t, r.Query.Get("access_token"))
	assert.Empty(t, r.Body)

	u := st.s.PreAuthorizationURL(got.PreAuthCode, "https://provider.example/installed?x=1", "expo")
	assert.Equal(t, "https://open.work.weixin.qq.com/3rdapp/install?pre_auth_code=Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ-oa3NL_fwHM7VI08r52wazoZX2Rhpz1dEw"+
		"&redirect_uri=https%3A%2F%2Fprovider.example%2Finstalled%3Fx%3D1&state=expo&suite_id="+testSuiteID, u)
}

func TestErrcodes(t *testing.T) {
	st := newSetup(t, setupOpts{})
	_, err := st.s.GetPermanentByCode(bg, "no-such-code")
	require.ErrorIs(t, err, provider.ErrInvalidAuthCode)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "service/get_permanent_code", ae.Path)

	_, err = st.s.GetCorpToken(bg, "wwnobody", "PERM")
	require.ErrorIs(t, err, provider.ErrInvalidPermanentCode)
	require.ErrorIs(t, err, core.ErrInvalidCredentials)
}

func TestPrintsNoSecrets(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.authorized(t, "wwcorpA")
	auth, ok, err := st.store.Get(bg, testSuiteID, "wwcorpA")
	require.NoError(t, err)
	require.True(t, ok)
	st.f.can("service/get_permanent_code", readFixture(t, "get_permanent_code.json"))
	pc, err := st.s.GetPermanentByCode(bg, "x")
	require.NoError(t, err)
	cfg := provider.Config{CorpID: testProviderCorp, ProviderSecret: testProviderSecret}
	scfg := provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret}
	app, err := st.s.App(bg, "wwcorpA")
	require.NoError(t, err)
	for _, v := range []any{cfg, scfg, st.p, st.s, auth, pc, st.store, app, st.s.SuiteToken(), st.p.ProviderToken()} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
			out := fmtSprintf(format, v)
			for _, secret := range []string{testProviderSecret, testSuiteSecret, testTicket, auth.PermanentCode, "xxxx\""} {
				assert.NotContains(t, out, secret, "%T %s", v, format)
			}
		}
	}
	js, err := json.Marshal(auth)
	require.NoError(t, err)
	assert.Contains(t, string(js), auth.PermanentCode, "JSON is for the caller's database")
}
