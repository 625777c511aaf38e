package worktest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// providerRig is a provider-mode simulator with one suite, closed with the
// test, and helpers speaking its endpoints in raw HTTP.
type providerRig struct {
	t     *testing.T
	p     *ProviderServer
	suite Suite
}

func newProviderRig(t *testing.T, spec SuiteSpec, opts ...Option) *providerRig {
	t.Helper()
	p := NewProviderServer(append([]Option{WithMembers(3), WithCustomersPerMember(2), WithGroupChats(1), WithResignedMembers(0)}, opts...)...)
	t.Cleanup(p.Close)
	su, err := p.AddSuite(spec)
	require.NoError(t, err)
	return &providerRig{t: t, p: p, suite: su}
}

// post sends a JSON body to path with the given query.
func (r *providerRig) post(path string, q url.Values, body any) reply {
	r.t.Helper()
	return raw(r.t, r.p.Provider(), http.MethodPost, path, q, mustJSON(r.t, body))
}

func (r *providerRig) suiteToken() string {
	r.t.Helper()
	rep := r.post("service/get_suite_token", nil, map[string]string{
		"suite_id": r.suite.ID, "suite_secret": r.suite.Secret, "suite_ticket": r.p.Ticket(r.suite.ID)})
	require.Equal(r.t, 0, rep.ErrCode, rep.ErrMsg)
	var out struct {
		SuiteAccessToken string `json:"suite_access_token"`
		ExpiresIn        int64  `json:"expires_in"`
	}
	rep.decode(r.t, &out)
	require.NotEmpty(r.t, out.SuiteAccessToken)
	assert.Positive(r.t, out.ExpiresIn)
	return out.SuiteAccessToken
}

func st(tok string) url.Values { return url.Values{"suite_access_token": {tok}} }

// install authorises the suite for a new corp and exchanges the code.
func (r *providerRig) install(tok string) (corpID, permanentCode, accessToken string) {
	r.t.Helper()
	in, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID})
	require.NoError(r.t, err)
	rep := r.post("service/get_permanent_code", st(tok), map[string]string{"auth_code": in.AuthCode})
	require.Equal(r.t, 0, rep.ErrCode, rep.ErrMsg)
	var out struct {
		AccessToken   string `json:"access_token"`
		PermanentCode string `json:"permanent_code"`
		AuthCorpInfo  struct {
			CorpID string `json:"corpid"`
		} `json:"auth_corp_info"`
	}
	rep.decode(r.t, &out)
	require.Equal(r.t, in.CorpID, out.AuthCorpInfo.CorpID)
	return in.CorpID, out.PermanentCode, out.AccessToken
}

func (r *providerRig) corpToken(tok, corpID, code string) reply {
	r.t.Helper()
	return r.post("service/get_corp_token", st(tok), map[string]string{"auth_corpid": corpID, "permanent_code": code})
}

func TestProviderToken(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	rep := r.post("service/get_provider_token", nil, map[string]string{"corpid": "wwother", "provider_secret": r.p.ProviderSecret})
	assert.Equal(t, 40013, rep.ErrCode)
	rep = r.post("service/get_provider_token", nil, map[string]string{"corpid": r.p.ProviderCorpID, "provider_secret": "wrong"})
	assert.Equal(t, 40001, rep.ErrCode)
	rep = r.post("service/get_provider_token", nil, map[string]string{"corpid": r.p.ProviderCorpID})
	assert.Equal(t, 41004, rep.ErrCode)
	rep = r.post("service/get_provider_token", nil, map[string]string{"corpid": r.p.ProviderCorpID, "provider_secret": r.p.ProviderSecret})
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var out struct {
		ProviderAccessToken string `json:"provider_access_token"`
		ExpiresIn           int64  `json:"expires_in"`
	}
	rep.decode(t, &out)
	assert.NotEmpty(t, out.ProviderAccessToken)
	assert.EqualValues(t, 7200, out.ExpiresIn)
}

func TestSuiteTicketsAndTokens(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	req := func(id, secret, ticket string) int {
		return r.post("service/get_suite_token", nil, map[string]string{"suite_id": id, "suite_secret": secret, "suite_ticket": ticket}).ErrCode
	}
	first := r.p.Ticket(r.suite.ID)
	assert.Equal(t, 40083, req("wwnosuchsuite", r.suite.Secret, first))
	assert.Equal(t, 40080, req(r.suite.ID, "wrong", first))
	assert.Equal(t, 40085, req(r.suite.ID, r.suite.Secret, "forged"))
	assert.Equal(t, 0, req(r.suite.ID, r.suite.Secret, first))

	// A new ticket every 10 minutes; each valid for 30.
	r.p.Clock().Advance(25 * time.Minute)
	third := r.p.Ticket(r.suite.ID)
	assert.NotEqual(t, first, third)
	assert.Equal(t, 0, req(r.suite.ID, r.suite.Secret, first), "25 minutes old: still valid")
	r.p.Clock().Advance(6 * time.Minute)
	assert.Equal(t, 40085, req(r.suite.ID, r.suite.Secret, first), "31 minutes old: expired")
	assert.Equal(t, 0, req(r.suite.ID, r.suite.Secret, third))

	// The suite token: missing, unknown, expired.
	tok := r.suiteToken()
	assert.Equal(t, 41001, raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", nil, "").ErrCode)
	assert.Equal(t, 40082, raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st("forged"), "").ErrCode)
	assert.Equal(t, 0, raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(tok), "").ErrCode)
	r.p.Clock().Advance(2 * time.Hour)
	assert.Equal(t, 42009, raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(tok), "").ErrCode)
}

func TestInstallFlow(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{Name: "客户助手"})
	tok := r.suiteToken()
	rep := raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(tok), "")
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var pre struct {
		PreAuthCode string `json:"pre_auth_code"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	rep.decode(t, &pre)
	assert.EqualValues(t, 1200, pre.ExpiresIn)

	assert.Equal(t, 40077, r.post("service/set_session_info", st(tok), map[string]any{"pre_auth_code": "forged", "session_info": map[string]any{"auth_type": 1}}).ErrCode)
	assert.Equal(t, 40058, r.post("service/set_session_info", st(tok), map[string]any{"pre_auth_code": pre.PreAuthCode, "session_info": map[string]any{"auth_type": 2}}).ErrCode)
	assert.Equal(t, 0, r.post("service/set_session_info", st(tok), map[string]any{"pre_auth_code": pre.PreAuthCode, "session_info": map[string]any{"appid": []int{1}, "auth_type": 1}}).ErrCode)

	_, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID, PreAuthCode: "forged"})
	require.Error(t, err)
	in, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID, PreAuthCode: pre.PreAuthCode, CorpID: "wwcorpfromtest0001", State: "expo"})
	require.NoError(t, err)
	assert.Equal(t, "wwcorpfromtest0001", in.CorpID)

	rep = r.post("service/get_permanent_code", st(tok), map[string]string{"auth_code": in.AuthCode})
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var pc struct {
		AccessToken   string `json:"access_token"`
		ExpiresIn     int64  `json:"expires_in"`
		PermanentCode string `json:"permanent_code"`
		AuthCorpInfo  struct {
			CorpID   string `json:"corpid"`
			CorpName string `json:"corp_name"`
		} `json:"auth_corp_info"`
		AuthInfo struct {
			Agent []struct {
				AgentID   int64  `json:"agentid"`
				Name      string `json:"name"`
				Privilege struct {
					AllowUser []string `json:"allow_user"`
				} `json:"privilege"`
			} `json:"agent"`
		} `json:"auth_info"`
		AuthUserInfo struct {
			UserID string `json:"userid"`
		} `json:"auth_user_info"`
		State string `json:"state"`
	}
	rep.decode(t, &pc)
	assert.Equal(t, in.CorpID, pc.AuthCorpInfo.CorpID)
	assert.NotEmpty(t, pc.AuthCorpInfo.CorpName)
	assert.Equal(t, r.p.PermanentCode(r.suite.ID, in.CorpID), pc.PermanentCode)
	assert.Equal(t, "expo", pc.State)
	require.Len(t, pc.AuthInfo.Agent, 1)
	assert.Equal(t, r.suite.AgentID, pc.AuthInfo.Agent[0].AgentID)
	assert.Equal(t, "客户助手", pc.AuthInfo.Agent[0].Name)
	assert.Len(t, pc.AuthInfo.Agent[0].Privilege.AllowUser, 3)
	assert.Equal(t, "zhangsan", pc.AuthUserInfo.UserID)

	// The access token of the answer is the corp's: its own data answers.
	q := url.Values{"access_token": {pc.AccessToken}}
	follow := raw(t, r.p.Provider(), http.MethodGet, "externalcontact/get_follow_user_list", q, "")
	require.Equal(t, 0, follow.ErrCode, follow.ErrMsg)

	// An auth code works once, and only for its suite, and not forever.
	assert.Equal(t, 40078, r.post("service/get_permanent_code", st(tok), map[string]string{"auth_code": in.AuthCode}).ErrCode)
	in2, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID})
	require.NoError(t, err)
	r.p.Clock().Advance(AuthCodeTTL)
	tok = r.suiteToken()
	assert.Equal(t, 40078, r.post("service/v2/get_permanent_code", st(tok), map[string]string{"auth_code": in2.AuthCode}).ErrCode)
	other, err := r.p.AddSuite(SuiteSpec{})
	require.NoError(t, err)
	in3, err := r.p.Install(context.Background(), Install{SuiteID: other.ID})
	require.NoError(t, err)
	assert.Equal(t, 40078, r.post("service/get_permanent_code", st(tok), map[string]string{"auth_code": in3.AuthCode}).ErrCode)
}

func TestPermanentCodeV2AndAuthInfo(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	tok := r.suiteToken()
	in, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID, State: "s1"})
	require.NoError(t, err)
	rep := r.post("service/v2/get_permanent_code", st(tok), map[string]string{"auth_code": in.AuthCode})
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var body map[string]json.RawMessage
	rep.decode(t, &body)
	assert.NotContains(t, body, "access_token", "the v2 form has no token")
	assert.NotContains(t, body, "auth_info")
	var code string
	require.NoError(t, json.Unmarshal(body["permanent_code"], &code))

	for _, path := range []string{"service/get_auth_info", "service/v2/get_auth_info"} {
		rep = r.post(path, st(tok), map[string]string{"auth_corpid": in.CorpID, "permanent_code": code})
		require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
		var info struct {
			AuthCorpInfo struct {
				CorpID string `json:"corpid"`
			} `json:"auth_corp_info"`
			AuthInfo struct {
				Agent []struct {
					AgentID int64 `json:"agentid"`
				} `json:"agent"`
			} `json:"auth_info"`
		}
		rep.decode(t, &info)
		assert.Equal(t, in.CorpID, info.AuthCorpInfo.CorpID)
		require.Len(t, info.AuthInfo.Agent, 1)
		assert.Equal(t, 40084, r.post(path, st(tok), map[string]string{"auth_corpid": in.CorpID, "permanent_code": "wrong"}).ErrCode)
	}
}

// TestCorpsHaveTheirOwnData: two authorised corps, each token reaching its
// own simulator with its own generated customers.
func TestCorpsHaveTheirOwnData(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	tok := r.suiteToken()
	a, codeA, _ := r.install(tok)
	b, codeB, _ := r.install(tok)
	assert.ElementsMatch(t, []string{a, b}, r.p.Corps())
	customers := map[string][]string{}
	for _, c := range []struct{ corp, code string }{{a, codeA}, {b, codeB}} {
		rep := r.corpToken(tok, c.corp, c.code)
		require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
		var ct getTokenResponse
		rep.decode(t, &ct)
		list := raw(t, r.p.Provider(), http.MethodGet, "externalcontact/list",
			url.Values{"access_token": {ct.AccessToken}, "userid": {"zhangsan"}}, "")
		require.Equal(t, 0, list.ErrCode, list.ErrMsg)
		var out struct {
			IDs []string `json:"external_userid"`
		}
		list.decode(t, &out)
		require.NotEmpty(t, out.IDs)
		customers[c.corp] = out.IDs
		assert.Equal(t, 1, r.p.Corp(c.corp).Count("externalcontact/list"), "served by the corp's own simulator")
	}
	assert.NotEqual(t, customers[a], customers[b])
	assert.Zero(t, r.p.Provider().Count("externalcontact/list"))
	assert.Equal(t, 40084, r.corpToken(tok, a, codeB).ErrCode, "one corp's code is not another's")
}

func TestCancelAndResetAnswerWeComErrcodes(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	ctx := context.Background()
	tok := r.suiteToken()
	corp, code, access := r.install(tok)
	q := url.Values{"access_token": {access}}
	require.Equal(t, 0, raw(t, r.p.Provider(), http.MethodGet, "externalcontact/get_follow_user_list", q, "").ErrCode)

	// Reset: the old code and tokens die; the reset's auth code gives the new one.
	authCode, err := r.p.ResetPermanentCode(ctx, r.suite.ID, corp)
	require.NoError(t, err)
	assert.Equal(t, 40084, r.corpToken(tok, corp, code).ErrCode)
	assert.Equal(t, 42001, raw(t, r.p.Provider(), http.MethodGet, "externalcontact/get_follow_user_list", q, "").ErrCode)
	rep := r.post("service/get_permanent_code", st(tok), map[string]string{"auth_code": authCode})
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var pc struct {
		PermanentCode string `json:"permanent_code"`
	}
	rep.decode(t, &pc)
	assert.NotEqual(t, code, pc.PermanentCode)
	assert.Equal(t, 0, r.corpToken(tok, corp, pc.PermanentCode).ErrCode)

	// Cancel: the code dies, so do the tokens.
	rep = r.corpToken(tok, corp, pc.PermanentCode)
	var ct getTokenResponse
	rep.decode(t, &ct)
	require.NoError(t, r.p.Cancel(ctx, r.suite.ID, corp))
	assert.Equal(t, 40084, r.corpToken(tok, corp, pc.PermanentCode).ErrCode)
	assert.Equal(t, 42001, raw(t, r.p.Provider(), http.MethodGet, "externalcontact/get_follow_user_list",
		url.Values{"access_token": {ct.AccessToken}}, "").ErrCode)
	assert.Empty(t, r.p.PermanentCode(r.suite.ID, corp))
	require.Error(t, r.p.Cancel(ctx, r.suite.ID, corp), "nothing left to cancel")
}

func TestCustomizedGettoken(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{Customized: true})
	tok := r.suiteToken()
	corp, code, _ := r.install(tok)
	rep := raw(t, r.p.Provider(), http.MethodGet, "gettoken", url.Values{"corpid": {corp}, "corpsecret": {code}}, "")
	require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
	var ct getTokenResponse
	rep.decode(t, &ct)
	list := raw(t, r.p.Provider(), http.MethodGet, "externalcontact/get_follow_user_list", url.Values{"access_token": {ct.AccessToken}}, "")
	require.Equal(t, 0, list.ErrCode, list.ErrMsg)
	assert.Equal(t, 1, r.p.Corp(corp).Count("gettoken"))
	assert.Equal(t, 40001, raw(t, r.p.Provider(), http.MethodGet, "gettoken", url.Values{"corpid": {corp}, "corpsecret": {"wrong"}}, "").ErrCode)

	// The provider's own corp still has its own gettoken.
	s := r.p.Provider()
	assert.Equal(t, 0, raw(t, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "").ErrCode)
}

func TestProviderBackDoorErrors(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{ID: "wwfixedsuite"})
	ctx := context.Background()
	_, err := r.p.AddSuite(SuiteSpec{ID: "wwfixedsuite"})
	require.Error(t, err)
	_, err = r.p.AddSuite(SuiteSpec{Callback: &CallbackConfig{URL: "not a url", Token: "t", EncodingAESKey: "k"}})
	require.Error(t, err)
	_, err = r.p.Install(ctx, Install{SuiteID: "wwnosuch"})
	require.Error(t, err)
	require.ErrorIs(t, r.p.PushTicket(ctx, r.suite.ID), ErrNoCallback)
	require.Error(t, r.p.PushTicket(ctx, "wwnosuch"))
	require.Error(t, r.p.ChangeAuth(ctx, r.suite.ID, "wwnobody"))
	_, err = r.p.ResetPermanentCode(ctx, r.suite.ID, "wwnobody")
	require.Error(t, err)
	assert.Nil(t, r.p.Corp("wwnobody"))
	assert.Empty(t, r.p.Ticket("wwnosuch"))
	assert.Equal(t, "wwfixedsuite", r.p.SuiteConfig("wwfixedsuite").SuiteID)
	assert.Empty(t, r.p.SuiteConfig("wwnosuch").SuiteID)

	// A plain simulator answers the provider endpoints as for an unknown suite.
	plain := start(t)
	rep := raw(t, plain, http.MethodPost, "service/get_suite_token", nil, `{"suite_id":"ww1","suite_secret":"s","suite_ticket":"t"}`)
	assert.Equal(t, 40083, rep.ErrCode)
	rep = raw(t, plain, http.MethodPost, "service/get_provider_token", nil, `{"corpid":"ww1","provider_secret":"s"}`)
	assert.Equal(t, 40013, rep.ErrCode)
}

// The admin who authorised has the open_userid the provider sees: the same
// for every suite of the provider in one corp, another in another corp.
func TestAuthUserInfoOpenUserID(t *testing.T) {
	r := newProviderRig(t, SuiteSpec{})
	other, err := r.p.AddSuite(SuiteSpec{})
	require.NoError(t, err)
	admin := func(su Suite, corpID string, v2 bool) (u struct {
		UserID     string `json:"userid"`
		OpenUserID string `json:"open_userid"`
		Avatar     string `json:"avatar"`
	}) {
		t.Helper()
		rig := &providerRig{t: t, p: r.p, suite: su}
		tok := rig.suiteToken()
		in, err := r.p.Install(context.Background(), Install{SuiteID: su.ID, CorpID: corpID})
		require.NoError(t, err)
		path := "service/get_permanent_code"
		if v2 {
			path = "service/v2/get_permanent_code"
		}
		rep := rig.post(path, st(tok), map[string]string{"auth_code": in.AuthCode})
		require.Equal(t, 0, rep.ErrCode, rep.ErrMsg)
		var out struct {
			AuthUserInfo json.RawMessage `json:"auth_user_info"`
		}
		rep.decode(t, &out)
		require.NoError(t, json.Unmarshal(out.AuthUserInfo, &u))
		return u
	}
	a := admin(r.suite, "wwfidelitycorp0001", false)
	assert.Regexp(t, `^wo[0-9a-f]{30}$`, a.OpenUserID)
	assert.NotEqual(t, a.UserID, a.OpenUserID)
	assert.Regexp(t, `^https://wework\.qpic\.cn/wwhead/[0-9a-f]{24}/0$`, a.Avatar)
	assert.Equal(t, a, admin(other, "wwfidelitycorp0001", true), "another suite of the provider, the v2 answer")
	b := admin(r.suite, "wwfidelitycorp0002", false)
	assert.Equal(t, a.UserID, b.UserID, "both corps' first member")
	assert.NotEqual(t, a.OpenUserID, b.OpenUserID)
}
