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

// TestEndpointClasses pins every endpoint's method, path, retry class and
// token kind.
func TestEndpointClasses(t *testing.T) {
	const get, post = http.MethodGet, http.MethodPost
	const read, write = true, false
	want := []struct {
		method, path string
		idempotent   bool
		auth         core.AuthKind
	}{
		{post, "service/get_provider_token", read, core.AuthNone},
		{post, "service/get_suite_token", read, core.AuthNone},
		{get, "service/get_pre_auth_code", read, core.AuthSuiteToken},
		{post, "service/set_session_info", write, core.AuthSuiteToken},
		{post, "service/get_permanent_code", write, core.AuthSuiteToken},
		{post, "service/v2/get_permanent_code", write, core.AuthSuiteToken},
		{post, "service/get_auth_info", read, core.AuthSuiteToken},
		{post, "service/v2/get_auth_info", read, core.AuthSuiteToken},
		{post, "service/get_corp_token", read, core.AuthSuiteToken},
		{get, "gettoken", read, core.AuthNone},
	}
	eps := provider.Endpoints()
	require.Len(t, eps, len(want))
	for i, w := range want {
		assert.Equal(t, w.path, eps[i].Path)
		assert.Equal(t, w.method, eps[i].Method, w.path)
		assert.Equal(t, w.idempotent, eps[i].Idempotent(), w.path)
		assert.Equal(t, w.auth, eps[i].Auth, w.path)
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

func TestSuiteTokenOnTheWire(t *testing.T) {
	st := newSetup(t, setupOpts{})
	st.f.can("service/get_suite_token", readFixture(t, "get_suite_token.json"))
	assert.Equal(t, "61W3mEpU66027wgNZ_MhGHNQDHnFATkDa9-2llMBjkSbGU", suiteTokenOf(t, st))
	r := lastTo(t, st.f, "service/get_suite_token")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Empty(t, r.Query)
	assert.JSONEq(t, `{"suite_id":"`+testSuiteID+`","suite_secret":"`+testSuiteSecret+`","suite_ticket":"`+testTicket+`"}`, r.Body)
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

func TestSetSession(t *testing.T) {
	st := newSetup(t, setupOpts{})
	tok := suiteTokenOf(t, st)
	st.f.can("service/set_session_info", `{"errcode":0,"errmsg":"ok"}`)
	err := st.s.SetSession(bg, &provider.SetSessionRequest{PreAuthCode: "PRE",
		SessionInfo: provider.SessionInfo{AppIDs: []int64{1, 2}, AuthType: provider.AuthTypeTest}})
	require.NoError(t, err)
	r := lastTo(t, st.f, "service/set_session_info")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, tok, r.Query.Get("suite_access_token"))
	assert.JSONEq(t, `{"pre_auth_code":"PRE","session_info":{"appid":[1,2],"auth_type":1}}`, r.Body)

	// auth_type 0 is sent, not omitted; no appid means all apps.
	require.NoError(t, st.s.SetSession(bg, &provider.SetSessionRequest{PreAuthCode: "PRE"}))
	assert.JSONEq(t, `{"pre_auth_code":"PRE","session_info":{"auth_type":0}}`, lastTo(t, st.f, "service/set_session_info").Body)
}

func TestGetPermanentByCode(t *testing.T) {
	st := newSetup(t, setupOpts{})
	tok := suiteTokenOf(t, st)
	st.f.can("service/get_permanent_code", readFixture(t, "get_permanent_code.json"))
	got, err := st.s.GetPermanentByCode(bg, "AUTHCODE")
	require.NoError(t, err)
	r := lastTo(t, st.f, "service/get_permanent_code")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, tok, r.Query.Get("suite_access_token"))
	assert.JSONEq(t, `{"auth_code":"AUTHCODE"}`, r.Body)

	assert.Equal(t, "xxxx", got.PermanentCode)
	assert.Equal(t, "xxxxxx", got.AccessToken)
	assert.EqualValues(t, 7200, got.ExpiresIn)
	assert.Equal(t, &provider.DealerCorpInfo{CorpID: "xxxx", CorpName: "name"}, got.DealerCorpInfo)
	assert.Equal(t, provider.CorpInfo{CorpID: "wwcorpA0000000001", CorpName: "测试企业A", CorpType: "verified",
		CorpSquareLogoURL: "https://p.qlogo.cn/bizmail/yyyyy/0", CorpUserMax: 50, CorpFullName: "测试企业A有限公司",
		VerifiedEndTime: 1431775834, SubjectType: 1, CorpWxQRCode: "https://open.work.weixin.qq.com/wwqrcode/zzzzz",
		CorpScale: "1-50人", CorpIndustry: "IT服务", CorpSubIndustry: "计算机软件/硬件/信息服务", Location: "广东省广州市"}, got.AuthCorpInfo)
	require.Len(t, got.AuthInfo.Agent, 1)
	assert.Equal(t, provider.Agent{AgentID: 1000012, Name: "客户助手", RoundLogoURL: "https://p.qlogo.cn/bizmail/round/0",
		SquareLogoURL: "https://p.qlogo.cn/bizmail/square/0", AppID: 1, AuthMode: 1,
		Privilege: provider.Privilege{Level: 1, AllowParty: []int64{1, 2, 3}, AllowUser: []string{"zhansan", "lisi"},
			AllowTag: []int64{1, 2, 3}, ExtraParty: []int64{4, 5, 6}, ExtraUser: []string{"wangwu"}, ExtraTag: []int64{4, 5, 6}},
		SharedFrom: &provider.SharedFrom{CorpID: "wwyyyyy", ShareType: 1}}, got.AuthInfo.Agent[0])
	assert.Equal(t, provider.AuthUserInfo{UserID: "aa", OpenUserID: "xxxxxx", Name: "xxx", Avatar: "http://xxx"}, got.AuthUserInfo)
	assert.Equal(t, &provider.RegisterCodeInfo{RegisterCode: "1111", TemplateID: "tpl1111", State: "state001"}, got.RegisterCodeInfo)
	assert.Equal(t, "state001", got.State)
}

func TestGetPermanentByCodeV2(t *testing.T) {
	st := newSetup(t, setupOpts{})
	tok := suiteTokenOf(t, st)
	st.f.can("service/v2/get_permanent_code", readFixture(t, "get_permanent_code_v2.json"))
	got, err := st.s.GetPermanentByCodeV2(bg, "AUTHCODE")
	require.NoError(t, err)
	r := lastTo(t, st.f, "service/v2/get_permanent_code")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, tok, r.Query.Get("suite_access_token"))
	assert.JSONEq(t, `{"auth_code":"AUTHCODE"}`, r.Body)
	assert.Equal(t, &provider.PermanentCodeV2{PermanentCode: "xxxx",
		AuthCorpInfo:     provider.CorpInfo{CorpID: "wwcorpA0000000001", CorpName: "测试企业A"},
		AuthUserInfo:     provider.AuthUserInfo{UserID: "aa", OpenUserID: "xxxxxx", Name: "xxx", Avatar: "http://xxx"},
		RegisterCodeInfo: &provider.RegisterCodeInfo{RegisterCode: "1111", TemplateID: "tpl1111", State: "state001"},
		State:            "state001"}, got)
}

func TestGetAuthorization(t *testing.T) {
	for _, tt := range []struct {
		path string
		call func(st *setup) (*provider.CorpAuthInfo, error)
	}{
		{"service/get_auth_info", func(st *setup) (*provider.CorpAuthInfo, error) {
			return st.s.GetAuthorization(bg, "wwcorpA0000000001", "PERM")
		}},
		{"service/v2/get_auth_info", func(st *setup) (*provider.CorpAuthInfo, error) {
			return st.s.GetAuthorizationV2(bg, "wwcorpA0000000001", "PERM")
		}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			st := newSetup(t, setupOpts{})
			tok := suiteTokenOf(t, st)
			st.f.can(tt.path, readFixture(t, "get_auth_info.json"))
			got, err := tt.call(st)
			require.NoError(t, err)
			r := lastTo(t, st.f, tt.path)
			assert.Equal(t, http.MethodPost, r.Method)
			assert.Equal(t, tok, r.Query.Get("suite_access_token"))
			assert.JSONEq(t, `{"auth_corpid":"wwcorpA0000000001","permanent_code":"PERM"}`, r.Body)
			assert.Equal(t, "测试企业A", got.AuthCorpInfo.CorpName)
			require.Len(t, got.AuthInfo.Agent, 1)
			assert.EqualValues(t, 1000012, got.AuthInfo.Agent[0].AgentID)
			assert.Equal(t, []string{"zhansan", "lisi"}, got.AuthInfo.Agent[0].Privilege.AllowUser)
			require.NotNil(t, got.EditionInfo)
			assert.Equal(t, []provider.EditionAgent{{AgentID: 1000012, EditionID: "RLXXXXXX", EditionName: "协同版",
				AppStatus: 3, UserLimit: 200, ExpiredTime: 1541990791}}, got.EditionInfo.Agent)
		})
	}
}

func TestGetCorpToken(t *testing.T) {
	st := newSetup(t, setupOpts{})
	tok := suiteTokenOf(t, st)
	st.f.can("service/get_corp_token", readFixture(t, "get_corp_token.json"))
	got, err := st.s.GetCorpToken(bg, "wwcorpA0000000001", "PERM")
	require.NoError(t, err)
	assert.Equal(t, &provider.CorpToken{AccessToken: "xxxxxx", ExpiresIn: 7200}, got)
	r := lastTo(t, st.f, "service/get_corp_token")
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, tok, r.Query.Get("suite_access_token"))
	assert.JSONEq(t, `{"auth_corpid":"wwcorpA0000000001","permanent_code":"PERM"}`, r.Body)
	assert.NotContains(t, got.String(), "xxxxxx")
}

// TestBadInputSendsNothing: every call rejects bad input with an ArgError
// naming the wire field before any request, not even a token fetch.
func TestBadInputSendsNothing(t *testing.T) {
	st := newSetup(t, setupOpts{})
	cases := []struct {
		field string
		call  func() error
	}{
		{"pre_auth_code", func() error { return st.s.SetSession(bg, nil) }},
		{"pre_auth_code", func() error { return st.s.SetSession(bg, &provider.SetSessionRequest{}) }},
		{"session_info.auth_type", func() error {
			return st.s.SetSession(bg, &provider.SetSessionRequest{PreAuthCode: "P", SessionInfo: provider.SessionInfo{AuthType: 2}})
		}},
		{"session_info.appid", func() error {
			return st.s.SetSession(bg, &provider.SetSessionRequest{PreAuthCode: "P", SessionInfo: provider.SessionInfo{AppIDs: []int64{0}}})
		}},
		{"auth_code", func() error { _, err := st.s.GetPermanentByCode(bg, ""); return err }},
		{"auth_code", func() error { _, err := st.s.GetPermanentByCodeV2(bg, ""); return err }},
		{"auth_code", func() error { _, err := st.s.Authorize(bg, ""); return err }},
		{"auth_corpid", func() error { _, err := st.s.GetAuthorization(bg, "", "P"); return err }},
		{"permanent_code", func() error { _, err := st.s.GetAuthorizationV2(bg, "ww", ""); return err }},
		{"permanent_code", func() error { _, err := st.s.GetCorpToken(bg, "ww", ""); return err }},
		{"auth_corpid", func() error { _, err := st.s.App(bg, ""); return err }},
		{"auth_corpid", func() error { return st.s.Revoke(bg, "") }},
		{"suite_ticket", func() error { return st.s.SetTicket(bg, "", st.clk.Now()) }},
		{"corpid", func() error { _, err := st.p.CustomizedApp("", "s", 0); return err }},
		{"corpsecret", func() error { _, err := st.p.CustomizedApp("ww", "", 0); return err }},
	}
	for _, tt := range cases {
		err := tt.call()
		var ae *core.ArgError
		if assert.ErrorAs(t, err, &ae, tt.field) {
			assert.Equal(t, tt.field, ae.Field)
		}
		assert.ErrorIs(t, err, core.ErrInvalidArgument)
	}
	assert.Empty(t, st.f.requests())
}

func TestAuthCodeIsNeverResent(t *testing.T) {
	st := newSetup(t, setupOpts{})
	suiteTokenOf(t, st)
	code := st.f.authorize("wwcorpA")
	st.f.failOnce("service/get_permanent_code", http.StatusBadGateway)
	_, err := st.s.GetPermanentByCode(bg, code)
	var he *core.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 1, st.f.count("service/get_permanent_code"), "a write is not re-sent after a 5xx")

	// A read is.
	st.f.failOnce("service/get_auth_info", http.StatusBadGateway)
	st.f.can("service/get_auth_info", readFixture(t, "get_auth_info.json"))
	_, err = st.s.GetAuthorization(bg, "wwcorpA", "P")
	require.NoError(t, err)
	assert.Equal(t, 2, st.f.count("service/get_auth_info"))
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
