package worktest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Provider mode (服务商): the service/… endpoints of third-party suites
// (第三方应用) and 代开发 templates, as a group. Its state (suites, codes,
// authorisations, the authorised corps' simulators) is filled by a
// ProviderServer (provider_server.go); on a plain Server it is empty and
// the endpoints answer as WeCom does for an unknown suite.

// Errcodes of the provider group.
const (
	codeInvalidPreAuthCode   = 40077 // 不合法的预授权码
	codeInvalidAuthCode      = 40078 // 不合法的临时授权码 (unknown, used or expired)
	codeInvalidSuiteSecret   = 40080 // 不合法的suitesecret
	codeInvalidSuiteID       = 40083 // 不合法的suiteid
	codeInvalidPermanentCode = 40084 // 不合法的永久授权码 (cancelled, reset, or wrong)
	codeInvalidSuiteTicket   = 40085 // 不合法的suiteticket (unknown or expired)
	codeSuiteTokenExpired    = 42009 // suite_access_token已过期
)

// Lifetimes of the provider mode, on the simulator clock.
const (
	// TicketInterval is how often a suite_ticket is issued (WeCom: every
	// 10 minutes), TicketTTL how long each is valid (30 minutes).
	TicketInterval = 10 * time.Minute
	TicketTTL      = 30 * time.Minute
	// PreAuthCodeTTL is the lifetime of a pre_auth_code (1200 s).
	PreAuthCodeTTL = 1200 * time.Second
	// AuthCodeTTL is the lifetime of an auth code (10 minutes; used once).
	AuthCodeTTL = 10 * time.Minute
)

// providerState is the provider group's part of the store.
type providerState struct {
	corpID, secret string  // the provider's corp id and provider secret
	provTokens     *tokens // provider_access_tokens
	suites         map[string]*simSuite
	preAuth        *expiring[*preAuthCode]
	authCodes      *expiring[*pendingAuth]
	auths          map[authKey]*simAuth
	corps          map[string]*Server // every corp that ever authorised, by corp id
	corpOrder      []string
	r              *rng
}

// simSuite is one suite of the provider.
type simSuite struct {
	id, secret string
	name       string
	customized bool
	agentID    int64
	epoch      time.Time // ticket 0 was issued then, ticket k k×TicketInterval later
	tokens     *tokens   // its suite_access_tokens
	target     *callbackTarget
	pushed     int // the last ticket number delivered; -1: none
}

type preAuthCode struct {
	suite   string
	appIDs  []int64
	test    bool // session_info.auth_type 1
	session bool // set_session_info was called
}

// pendingAuth is an auth code waiting for get_permanent_code.
type pendingAuth struct {
	suite, corp, state string
	test               bool
}

type authKey struct{ suite, corp string }

// simAuth is a corp's authorisation of a suite. code is "" between a
// reset of the permanent code and the exchange of the reset's auth code.
type simAuth struct {
	code    string
	agentID int64
	state   string
	test    bool
}

var providerGroup groupKey[providerState]

func init() {
	providerGroup = addGroup(group[providerState]{
		name:   "provider",
		routes: (*Server).providerRoutes,
		state: func() *providerState {
			return &providerState{
				suites:    map[string]*simSuite{},
				preAuth:   newExpiring[*preAuthCode](time.Hour, maxTokens),
				authCodes: newExpiring[*pendingAuth](time.Hour, maxTokens),
				auths:     map[authKey]*simAuth{},
				corps:     map[string]*Server{},
			}
		},
		errTexts: map[int]string{
			codeInvalidPreAuthCode:   "invalid pre_auth_code",
			codeInvalidAuthCode:      "invalid auth_code",
			codeInvalidSuiteSecret:   "invalid suite_secret",
			codeInvalidSuiteID:       "invalid suite_id",
			codeInvalidPermanentCode: "invalid permanent_code",
			codeInvalidSuiteTicket:   "invalid suite_ticket",
			codeSuiteTokenExpired:    "suite_access_token expired",
		},
	})
}

func (st *store) provider() *providerState { return providerGroup.of(st) }

// providerRoutes serves the provider endpoints. They check their own token
// parameter (the suite token is one of many, issued by get_suite_token),
// so they are noAuth for the framework.
func (s *Server) providerRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{method: post, path: "service/get_provider_token", noAuth: true, handle: bound(s.getProviderToken)},
		{method: post, path: "service/get_suite_token", noAuth: true, handle: bound(s.getSuiteToken)},
		{method: get, path: "service/get_pre_auth_code", noAuth: true, write: true, handle: s.getPreAuthCode},
		{method: post, path: "service/set_session_info", noAuth: true, write: true, handle: bound(s.setSessionInfo)},
		{method: post, path: "service/get_permanent_code", noAuth: true, write: true, handle: bound(s.getPermanentCode)},
		{method: post, path: "service/v2/get_permanent_code", noAuth: true, write: true, handle: bound(s.getPermanentCodeV2)},
		{method: post, path: "service/get_auth_info", noAuth: true, handle: bound(s.getAuthInfo)},
		{method: post, path: "service/v2/get_auth_info", noAuth: true, handle: bound(s.getAuthInfo)},
		{method: post, path: "service/get_corp_token", noAuth: true, handle: bound(s.getCorpToken)},
	}
}

// ticket returns suite's ticket number k: a function of its id, secret
// and k, so that nothing needs remembering.
func (su *simSuite) ticket(k int) string {
	sum := sha256.Sum256([]byte(su.id + "\x00" + su.secret + "\x00" + strconv.Itoa(k)))
	return hex.EncodeToString(sum[:20])
}

// ticketNumber is the number of the newest ticket issued by now.
func (su *simSuite) ticketNumber(now time.Time) int {
	if now.Before(su.epoch) {
		return 0
	}
	return int(now.Sub(su.epoch) / TicketInterval)
}

// ticketIssued is when ticket k was issued.
func (su *simSuite) ticketIssued(k int) time.Time {
	return su.epoch.Add(time.Duration(k) * TicketInterval)
}

// validTicket reports whether t is a ticket of su issued by now and less
// than TicketTTL ago.
func (su *simSuite) validTicket(t string, now time.Time) bool {
	k := su.ticketNumber(now)
	for j := k; j >= 0 && now.Sub(su.ticketIssued(j)) < TicketTTL; j-- {
		if su.ticket(j) == t {
			return true
		}
	}
	return false
}

type providerTokenReq struct {
	CorpID         string `json:"corpid" wt:"required=41002"`
	ProviderSecret string `json:"provider_secret" wt:"required=41004"`
}

// getProviderToken serves POST service/get_provider_token (获取服务商凭证):
// the provider's corp id and provider secret (40013, 40001 otherwise).
func (s *Server) getProviderToken(c *call, r *providerTokenReq) (any, error) {
	ps := c.st.provider()
	switch {
	case ps.corpID == "" || r.CorpID != ps.corpID:
		return nil, errCode(codeInvalidCorpID)
	case r.ProviderSecret != ps.secret:
		return nil, errCode(codeInvalidSecret)
	}
	tok, exp := ps.provTokens.issue(c.now)
	return struct {
		ProviderAccessToken string `json:"provider_access_token"`
		ExpiresIn           int64  `json:"expires_in"`
	}{tok, exp}, nil
}

type suiteTokenReq struct {
	SuiteID     string `json:"suite_id" wt:"required"`
	SuiteSecret string `json:"suite_secret" wt:"required"`
	SuiteTicket string `json:"suite_ticket" wt:"required"`
}

// getSuiteToken serves POST service/get_suite_token (获取第三方应用凭证):
// 40083 unknown suite, 40080 wrong secret, 40085 a ticket that is not one
// of the suite's of the last 30 minutes.
func (s *Server) getSuiteToken(c *call, r *suiteTokenReq) (any, error) {
	su := c.st.provider().suites[r.SuiteID]
	switch {
	case su == nil:
		return nil, errCode(codeInvalidSuiteID)
	case r.SuiteSecret != su.secret:
		return nil, errCode(codeInvalidSuiteSecret)
	case !su.validTicket(r.SuiteTicket, c.now):
		return nil, errCode(codeInvalidSuiteTicket)
	}
	tok, exp := su.tokens.issue(c.now)
	return struct {
		SuiteAccessToken string `json:"suite_access_token"`
		ExpiresIn        int64  `json:"expires_in"`
	}{tok, exp}, nil
}

// callerSuite is the suite whose suite_access_token the call carries:
// 41001 none, 42009 expired, 40082 unknown.
func callerSuite(c *call) (*simSuite, error) {
	tok := c.query.Get(suiteTokenParam)
	if tok == "" {
		return nil, errDetail(codeTokenMissing, "%s", suiteTokenParam)
	}
	expired := false
	for _, su := range c.st.provider().suites {
		switch su.tokens.check(tok, c.now) {
		case 0:
			return su, nil
		case codeTokenExpired:
			expired = true
		}
	}
	if expired {
		return nil, errCode(codeSuiteTokenExpired)
	}
	return nil, errCode(codeInvalidSuiteToken)
}

// getPreAuthCode serves GET service/get_pre_auth_code (获取预授权码): a
// code valid for PreAuthCodeTTL.
func (s *Server) getPreAuthCode(c *call) (any, error) {
	su, err := callerSuite(c)
	if err != nil {
		return nil, err
	}
	ps := c.st.provider()
	code := ps.r.alnum(64)
	for ps.preAuth.has(code) {
		code = ps.r.alnum(64)
	}
	ps.preAuth.add(code, &preAuthCode{suite: su.id}, c.now.Add(PreAuthCodeTTL), c.now)
	return struct {
		PreAuthCode string `json:"pre_auth_code"`
		ExpiresIn   int64  `json:"expires_in"`
	}{code, int64(PreAuthCodeTTL / time.Second)}, nil
}

type sessionInfoReq struct {
	PreAuthCode string `json:"pre_auth_code" wt:"required"`
	SessionInfo struct {
		AppID    []int64 `json:"appid"`
		AuthType int     `json:"auth_type"`
	} `json:"session_info"`
}

func (r *sessionInfoReq) validate() error {
	if t := r.SessionInfo.AuthType; t != 0 && t != 1 {
		return errParam("session_info.auth_type")
	}
	return nil
}

// preAuthOf returns the valid pre_auth_code code of suite su (40077).
func (ps *providerState) preAuthOf(code, suite string, now time.Time) (*preAuthCode, error) {
	p, exp, ok := ps.preAuth.get(code)
	if !ok || !now.Before(exp) || p.suite != suite {
		return nil, errCode(codeInvalidPreAuthCode)
	}
	return p, nil
}

// setSessionInfo serves POST service/set_session_info (设置授权配置).
func (s *Server) setSessionInfo(c *call, r *sessionInfoReq) (any, error) {
	su, err := callerSuite(c)
	if err != nil {
		return nil, err
	}
	p, err := c.st.provider().preAuthOf(r.PreAuthCode, su.id, c.now)
	if err != nil {
		return nil, err
	}
	p.appIDs, p.test, p.session = append([]int64(nil), r.SessionInfo.AppID...), r.SessionInfo.AuthType == 1, true
	return nil, nil
}

type authCodeReq struct {
	AuthCode string `json:"auth_code" wt:"required"`
}

// exchange turns an auth code into the corp's (new) permanent code: 40078
// for a code that is unknown, expired, used or of another suite.
func (ps *providerState) exchange(c *call, authCode string) (*simSuite, string, *simAuth, error) {
	su, err := callerSuite(c)
	if err != nil {
		return nil, "", nil, err
	}
	p, exp, ok := ps.authCodes.get(authCode)
	if !ok || p == nil || !c.now.Before(exp) || p.suite != su.id {
		return nil, "", nil, errCode(codeInvalidAuthCode)
	}
	// Used once: the entry stays (so a reuse is still 40078) but empty.
	ps.authCodes.m[authCode] = expiringEntry[*pendingAuth]{expires: exp}
	a := &simAuth{code: ps.r.alnum(43), agentID: su.agentID, state: p.state, test: p.test}
	ps.auths[authKey{su.id, p.corp}] = a
	return su, p.corp, a, nil
}

// corpInfo is auth_corp_info.
type corpInfo struct {
	CorpID            string `json:"corpid"`
	CorpName          string `json:"corp_name"`
	CorpType          string `json:"corp_type,omitempty"`
	CorpSquareLogoURL string `json:"corp_square_logo_url,omitempty"`
	CorpUserMax       int    `json:"corp_user_max,omitempty"`
	CorpFullName      string `json:"corp_full_name,omitempty"`
	SubjectType       int    `json:"subject_type,omitempty"`
}

type agentInfo struct {
	AgentID         int64  `json:"agentid"`
	Name            string `json:"name"`
	SquareLogoURL   string `json:"square_logo_url"`
	IsCustomizedApp bool   `json:"is_customized_app"`
	Privilege       struct {
		AllowUser []string `json:"allow_user"`
	} `json:"privilege"`
}

type authInfo struct {
	Agent []agentInfo `json:"agent"`
}

type authUserInfo struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
	Name       string `json:"name"`
	Avatar     string `json:"avatar"`
}

// corpInfoOf describes corp for the answers.
func corpInfoOf(corpID string, full bool) corpInfo {
	ci := corpInfo{CorpID: corpID, CorpName: "模拟企业 " + corpID}
	if full {
		ci.CorpType, ci.CorpUserMax, ci.SubjectType = "verified", 200, 1
		ci.CorpFullName = ci.CorpName + "有限公司"
		ci.CorpSquareLogoURL = "https://p.qlogo.cn/bizmail/" + corpID + "/0"
	}
	return ci
}

// authInfoOf lists the suite's agent in the corp, visible to its 客户联系
// members.
func (ps *providerState) authInfoOf(su *simSuite, corpID string, a *simAuth) authInfo {
	ag := agentInfo{AgentID: a.agentID, Name: su.name, SquareLogoURL: "https://p.qlogo.cn/bizmail/" + su.id + "/0",
		IsCustomizedApp: su.customized}
	if corp := ps.corps[corpID]; corp != nil {
		corp.st.mu.RLock()
		for _, m := range corp.st.members {
			if m.ExternalContact && !m.Resigned() {
				ag.Privilege.AllowUser = append(ag.Privilege.AllowUser, m.UserID)
			}
		}
		corp.st.mu.RUnlock()
	}
	return authInfo{Agent: []agentInfo{ag}}
}

// admin is the user who authorised: the corp's first member, with the
// open_userid the provider sees (a function of the provider, the corp and
// the userid, the same in every answer) and an avatar URL.
func (ps *providerState) admin(corpID string) authUserInfo {
	u := authUserInfo{UserID: "admin", Name: "管理员"}
	if corp := ps.corps[corpID]; corp != nil {
		corp.st.mu.RLock()
		if len(corp.st.members) > 0 {
			u = authUserInfo{UserID: corp.st.members[0].UserID, Name: corp.st.members[0].Name}
		}
		corp.st.mu.RUnlock()
	}
	sum := sha256.Sum256([]byte(ps.corpID + "\x00" + corpID + "\x00" + u.UserID))
	u.OpenUserID = "wo" + hex.EncodeToString(sum[:15])
	u.Avatar = "https://wework.qpic.cn/wwhead/" + hex.EncodeToString(sum[15:27]) + "/0"
	return u
}

// getPermanentCode serves POST service/get_permanent_code (获取企业永久授权码):
// the corp's new permanent code, a first access_token, the corp and the
// authorised agent.
func (s *Server) getPermanentCode(c *call, r *authCodeReq) (any, error) {
	ps := c.st.provider()
	su, corpID, a, err := ps.exchange(c, r.AuthCode)
	if err != nil {
		return nil, err
	}
	var tok string
	var exp int64
	if corp := ps.corps[corpID]; corp != nil {
		tok, exp = corp.tokens.issue(c.now)
	}
	return struct {
		AccessToken   string       `json:"access_token"`
		ExpiresIn     int64        `json:"expires_in"`
		PermanentCode string       `json:"permanent_code"`
		AuthCorpInfo  corpInfo     `json:"auth_corp_info"`
		AuthInfo      authInfo     `json:"auth_info"`
		AuthUserInfo  authUserInfo `json:"auth_user_info"`
		State         string       `json:"state,omitempty"`
	}{tok, exp, a.code, corpInfoOf(corpID, true), ps.authInfoOf(su, corpID, a), ps.admin(corpID), a.state}, nil
}

// getPermanentCodeV2 serves POST service/v2/get_permanent_code: the
// permanent code and the corp only.
func (s *Server) getPermanentCodeV2(c *call, r *authCodeReq) (any, error) {
	ps := c.st.provider()
	_, corpID, a, err := ps.exchange(c, r.AuthCode)
	if err != nil {
		return nil, err
	}
	return struct {
		PermanentCode string       `json:"permanent_code"`
		AuthCorpInfo  corpInfo     `json:"auth_corp_info"`
		AuthUserInfo  authUserInfo `json:"auth_user_info"`
		State         string       `json:"state,omitempty"`
	}{a.code, corpInfoOf(corpID, false), ps.admin(corpID), a.state}, nil
}

type corpCodeReq struct {
	AuthCorpID    string `json:"auth_corpid" wt:"required"`
	PermanentCode string `json:"permanent_code" wt:"required"`
}

// authOf returns the authorisation of the call's suite by the corp whose
// permanent code is r's (40084 otherwise: cancelled, reset, or wrong).
func (ps *providerState) authOf(c *call, r *corpCodeReq) (*simSuite, *simAuth, error) {
	su, err := callerSuite(c)
	if err != nil {
		return nil, nil, err
	}
	a := ps.auths[authKey{su.id, r.AuthCorpID}]
	if a == nil || a.code == "" || a.code != r.PermanentCode {
		return nil, nil, errCode(codeInvalidPermanentCode)
	}
	return su, a, nil
}

// getAuthInfo serves POST service/get_auth_info and service/v2/get_auth_info
// (获取企业授权信息).
func (s *Server) getAuthInfo(c *call, r *corpCodeReq) (any, error) {
	ps := c.st.provider()
	su, a, err := ps.authOf(c, r)
	if err != nil {
		return nil, err
	}
	return struct {
		AuthCorpInfo corpInfo `json:"auth_corp_info"`
		AuthInfo     authInfo `json:"auth_info"`
	}{corpInfoOf(r.AuthCorpID, true), ps.authInfoOf(su, r.AuthCorpID, a)}, nil
}

// getCorpToken serves POST service/get_corp_token (获取企业凭证): an
// access_token of the corp, which its own simulator accepts.
func (s *Server) getCorpToken(c *call, r *corpCodeReq) (any, error) {
	ps := c.st.provider()
	if _, _, err := ps.authOf(c, r); err != nil {
		return nil, err
	}
	corp := ps.corps[r.AuthCorpID]
	if corp == nil { // an authorisation always has its corp
		return nil, errCode(codeInvalidCorpID)
	}
	tok, exp := corp.tokens.issue(c.now)
	return getTokenResponse{AccessToken: tok, ExpiresIn: exp}, nil
}
