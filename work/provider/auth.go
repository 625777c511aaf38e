package provider

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// The authorisation flow (授权流程): the provider gets a pre-auth code,
// optionally restricts what it offers (SetSession), and sends the corp's
// admin to the install page (PreAuthorizationURL). Once the admin agrees,
// WeCom redirects to the provider with an auth_code and pushes create_auth
// with the same code; exchanging it (GetPermanentByCode, or Authorize,
// which also stores it) yields the corp's permanent code.

// PreAuthCode is the answer of service/get_pre_auth_code.
type PreAuthCode struct {
	// PreAuthCode is the pre-authorisation code (预授权码).
	PreAuthCode string `json:"pre_auth_code"`
	// ExpiresIn is its lifetime in seconds (1200).
	ExpiresIn int64 `json:"expires_in"`
}

// GetPreAuthCode gets a pre-authorisation code (获取预授权码), the start of
// the install flow.
//
// WeCom API: GET /cgi-bin/service/get_pre_auth_code?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90601
// EasyWeChat: corp->getPreAuthCode. WxJava: WxCpTpService.getPreAuthUrl (inside).
func (s *Suite) GetPreAuthCode(ctx context.Context) (*PreAuthCode, error) {
	return core.Get[PreAuthCode](ctx, s.client, epGetPreAuthCode, nil)
}

// AuthType is session_info.auth_type: a real or a test authorisation.
type AuthType int

// Authorisation types.
const (
	AuthTypeFormal AuthType = 0 // 正式授权
	AuthTypeTest   AuthType = 1 // 测试授权 (apps not yet online)
)

// String names the type.
func (t AuthType) String() string {
	switch t {
	case AuthTypeFormal:
		return "formal"
	case AuthTypeTest:
		return "test"
	}
	return "AuthType(" + strconv.Itoa(int(t)) + ")"
}

// SessionInfo is what an install session offers.
type SessionInfo struct {
	// AppIDs lists the suite's apps the admin may authorise (appid); empty
	// means all of them.
	AppIDs []int64 `json:"appid,omitempty"`
	// AuthType is formal (0) or test (1).
	AuthType AuthType `json:"auth_type"`
}

// SetSessionRequest is the body of service/set_session_info.
type SetSessionRequest struct {
	// PreAuthCode is the code of GetPreAuthCode. Required.
	PreAuthCode string `json:"pre_auth_code"`
	// SessionInfo is what the session offers.
	SessionInfo SessionInfo `json:"session_info"`
}

// Validate checks the request before anything is sent.
func (r *SetSessionRequest) Validate() error {
	if err := core.Required("pre_auth_code", r.PreAuthCode); err != nil {
		return err
	}
	if r.SessionInfo.AuthType != AuthTypeFormal && r.SessionInfo.AuthType != AuthTypeTest {
		return &core.ArgError{Field: "session_info.auth_type", Reason: "must be 0 (formal) or 1 (test), got " + strconv.Itoa(int(r.SessionInfo.AuthType))}
	}
	for i, id := range r.SessionInfo.AppIDs {
		if id <= 0 {
			return &core.ArgError{Field: "session_info.appid", Reason: "id #" + strconv.Itoa(i) + " must be positive"}
		}
	}
	return nil
}

// SetSession configures an install session (设置授权配置): which apps it
// offers, and whether it is a test authorisation.
//
// WeCom API: POST /cgi-bin/service/set_session_info?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90602
// EasyWeChat: corp->setSession. WxJava: WxCpTpService.getPreAuthUrl (its authType).
func (s *Suite) SetSession(ctx context.Context, req *SetSessionRequest) error {
	return core.Exec(ctx, s.client, epSetSessionInfo, req)
}

// InstallURL is WeCom's install page (从服务商网站发起授权).
const InstallURL = "https://open.work.weixin.qq.com/3rdapp/install"

// PreAuthorizationURL returns the page to send a corp's admin to, to
// install the suite: InstallURL with suite_id, pre_auth_code, redirect_uri
// and state. WeCom redirects to redirectURI with auth_code and state.
//
// EasyWeChat: corp->getPreAuthorizationUrl. WxJava: WxCpTpService.getPreAuthUrl.
func (s *Suite) PreAuthorizationURL(preAuthCode, redirectURI, state string) string {
	q := url.Values{"suite_id": {s.cfg.SuiteID}, "pre_auth_code": {preAuthCode}, "redirect_uri": {redirectURI}}
	if state != "" {
		q.Set("state", state)
	}
	return InstallURL + "?" + q.Encode()
}

// CorpInfo is auth_corp_info: the authorising corp.
type CorpInfo struct {
	CorpID            string `json:"corpid"`
	CorpName          string `json:"corp_name"`
	CorpType          string `json:"corp_type,omitempty"` // verified, unverified
	CorpSquareLogoURL string `json:"corp_square_logo_url,omitempty"`
	CorpUserMax       int    `json:"corp_user_max,omitempty"`
	CorpFullName      string `json:"corp_full_name,omitempty"`
	VerifiedEndTime   int64  `json:"verified_end_time,omitempty"` // Unix seconds
	SubjectType       int    `json:"subject_type,omitempty"`      // 1 企业, 2 政府及事业单位, 3 其他组织, 4 团队号
	CorpWxQRCode      string `json:"corp_wxqrcode,omitempty"`
	CorpScale         string `json:"corp_scale,omitempty"`
	CorpIndustry      string `json:"corp_industry,omitempty"`
	CorpSubIndustry   string `json:"corp_sub_industry,omitempty"`
	Location          string `json:"location,omitempty"`
}

// DealerCorpInfo is dealer_corp_info: the reseller (代理服务商) of the
// authorisation, when there is one.
type DealerCorpInfo struct {
	CorpID   string `json:"corpid"`
	CorpName string `json:"corp_name"`
}

// Privilege is an agent's visible range (可见范围) in the corp.
type Privilege struct {
	Level      int      `json:"level,omitempty"` // deprecated by WeCom
	AllowParty []int64  `json:"allow_party,omitempty"`
	AllowUser  []string `json:"allow_user,omitempty"`
	AllowTag   []int64  `json:"allow_tag,omitempty"`
	ExtraParty []int64  `json:"extra_party,omitempty"`
	ExtraUser  []string `json:"extra_user,omitempty"`
	ExtraTag   []int64  `json:"extra_tag,omitempty"`
}

// SharedFrom says which corp shared the app (上下游).
type SharedFrom struct {
	CorpID    string `json:"corpid"`
	ShareType int    `json:"share_type"`
}

// Agent is one authorised app of the suite in the corp.
type Agent struct {
	AgentID          int64       `json:"agentid"`
	Name             string      `json:"name"`
	RoundLogoURL     string      `json:"round_logo_url,omitempty"`
	SquareLogoURL    string      `json:"square_logo_url,omitempty"`
	AppID            int64       `json:"appid,omitempty"`     // old multi-app suites only
	AuthMode         int         `json:"auth_mode,omitempty"` // 0 by the admin, 1 by a member
	IsCustomizedApp  bool        `json:"is_customized_app,omitempty"`
	AuthFromThirdApp bool        `json:"auth_from_thirdapp,omitempty"`
	Privilege        Privilege   `json:"privilege"`
	SharedFrom       *SharedFrom `json:"shared_from,omitempty"`
}

// AuthInfo is auth_info: the authorised apps.
type AuthInfo struct {
	Agent []Agent `json:"agent"`
}

// AuthUserInfo is auth_user_info: the admin who authorised.
type AuthUserInfo struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid,omitempty"`
	Name       string `json:"name,omitempty"`
	Avatar     string `json:"avatar,omitempty"`
}

// RegisterCodeInfo is register_code_info: set when the corp was
// registered through a provider's register code (推广二维码).
type RegisterCodeInfo struct {
	RegisterCode string `json:"register_code"`
	TemplateID   string `json:"template_id"`
	State        string `json:"state,omitempty"`
}

// EditionAgent is the paid edition (付费版本) of one app.
type EditionAgent struct {
	AgentID               int64  `json:"agentid"`
	EditionID             string `json:"edition_id"`
	EditionName           string `json:"edition_name"`
	AppStatus             int    `json:"app_status"`
	UserLimit             int64  `json:"user_limit"`
	ExpiredTime           int64  `json:"expired_time"` // Unix seconds
	IsVirtualVersion      bool   `json:"is_virtual_version,omitempty"`
	IsSharedFromOtherCorp bool   `json:"is_shared_from_other_corp,omitempty"`
}

// EditionInfo is edition_info: the paid editions.
type EditionInfo struct {
	Agent []EditionAgent `json:"agent"`
}

// PermanentCode is the answer of service/get_permanent_code: the corp's
// permanent code and what it authorised. It prints (fmt, slog) with the
// permanent code and access token redacted.
type PermanentCode struct {
	// AccessToken is a first access_token of the corp; ExpiresIn its
	// lifetime in seconds. Suite.App fetches its own with get_corp_token.
	AccessToken string `json:"access_token,omitempty"`
	ExpiresIn   int64  `json:"expires_in,omitempty"`
	// PermanentCode is the corp's permanent code: store it (Authorize does).
	PermanentCode    string            `json:"permanent_code"`
	DealerCorpInfo   *DealerCorpInfo   `json:"dealer_corp_info,omitempty"`
	AuthCorpInfo     CorpInfo          `json:"auth_corp_info"`
	AuthInfo         AuthInfo          `json:"auth_info"`
	AuthUserInfo     AuthUserInfo      `json:"auth_user_info"`
	RegisterCodeInfo *RegisterCodeInfo `json:"register_code_info,omitempty"`
	EditionInfo      *EditionInfo      `json:"edition_info,omitempty"`
	// State is the state of the install link, if any.
	State string `json:"state,omitempty"`
}

// authorization returns what a store keeps of p.
func (p *PermanentCode) authorization() Authorization {
	a := Authorization{CorpID: p.AuthCorpInfo.CorpID, CorpName: p.AuthCorpInfo.CorpName,
		PermanentCode: p.PermanentCode, State: p.State}
	if len(p.AuthInfo.Agent) > 0 {
		a.AgentID = p.AuthInfo.Agent[0].AgentID
	}
	return a
}

// String prints the corp and agents with the secrets redacted.
func (p *PermanentCode) String() string {
	if p == nil {
		return "(*provider.PermanentCode)(nil)"
	}
	return "provider.PermanentCode{CorpID:" + strconv.Quote(p.AuthCorpInfo.CorpID) + ", CorpName:" +
		strconv.Quote(p.AuthCorpInfo.CorpName) + ", PermanentCode:" + strconv.Quote(core.Redact(p.PermanentCode)) +
		", AccessToken:" + strconv.Quote(core.Redact(p.AccessToken)) + ", Agents:" + strconv.Itoa(len(p.AuthInfo.Agent)) + "}"
}

// GoString implements fmt.GoStringer with the secrets redacted.
func (p *PermanentCode) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints String.
func (p *PermanentCode) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, p.String(), p.GoString())
}

// LogValue implements slog.LogValuer with the secrets redacted.
func (p *PermanentCode) LogValue() slog.Value {
	if p == nil {
		return slog.StringValue(p.String())
	}
	return slog.GroupValue(slog.String("corp_id", p.AuthCorpInfo.CorpID),
		slog.String("permanent_code", core.Redact(p.PermanentCode)), slog.String("access_token", core.Redact(p.AccessToken)))
}

type authCodeRequest struct {
	AuthCode string `json:"auth_code"`
}

// GetPermanentByCode exchanges an auth code for the corp's permanent code
// (获取企业永久授权码) without storing it (Authorize does); the code works once,
// so the call is never re-sent once it may have reached WeCom.
//
// WeCom API: POST /cgi-bin/service/get_permanent_code?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90603
// EasyWeChat: corp->getPermanentByCode. WxJava: WxCpTpService.getPermanentCodeInfo.
func (s *Suite) GetPermanentByCode(ctx context.Context, authCode string) (*PermanentCode, error) {
	if err := core.Required("auth_code", authCode); err != nil {
		return nil, core.Named(epGetPermanentCode, err)
	}
	return core.Send[PermanentCode](ctx, s.client, epGetPermanentCode, authCodeRequest{authCode})
}

// PermanentCodeV2 is the answer of service/v2/get_permanent_code: the
// permanent code and the corp, without the authorised apps (read them with
// GetAuthorizationV2). It prints with the permanent code redacted.
type PermanentCodeV2 struct {
	PermanentCode    string            `json:"permanent_code"`
	AuthCorpInfo     CorpInfo          `json:"auth_corp_info"`
	AuthUserInfo     AuthUserInfo      `json:"auth_user_info"`
	RegisterCodeInfo *RegisterCodeInfo `json:"register_code_info,omitempty"`
	State            string            `json:"state,omitempty"`
}

// String prints the corp with the permanent code redacted.
func (p *PermanentCodeV2) String() string {
	if p == nil {
		return "(*provider.PermanentCodeV2)(nil)"
	}
	return "provider.PermanentCodeV2{CorpID:" + strconv.Quote(p.AuthCorpInfo.CorpID) + ", CorpName:" +
		strconv.Quote(p.AuthCorpInfo.CorpName) + ", PermanentCode:" + strconv.Quote(core.Redact(p.PermanentCode)) + "}"
}

// GoString implements fmt.GoStringer with the permanent code redacted.
func (p *PermanentCodeV2) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints String.
func (p *PermanentCodeV2) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, p.String(), p.GoString())
}

// LogValue implements slog.LogValuer with the permanent code redacted.
func (p *PermanentCodeV2) LogValue() slog.Value {
	if p == nil {
		return slog.StringValue(p.String())
	}
	return slog.GroupValue(slog.String("corp_id", p.AuthCorpInfo.CorpID),
		slog.String("permanent_code", core.Redact(p.PermanentCode)))
}

// GetPermanentByCodeV2 is GetPermanentByCode in the form of WeCom's current
// docs (获取企业永久授权码, v2): it returns the permanent code and the corp only.
//
// WeCom API: POST /cgi-bin/service/v2/get_permanent_code?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90603
// EasyWeChat: none (corp->getPermanentByCode is the v1 form). WxJava: none.
func (s *Suite) GetPermanentByCodeV2(ctx context.Context, authCode string) (*PermanentCodeV2, error) {
	if err := core.Required("auth_code", authCode); err != nil {
		return nil, core.Named(epGetPermanentCodeV2, err)
	}
	return core.Send[PermanentCodeV2](ctx, s.client, epGetPermanentCodeV2, authCodeRequest{authCode})
}

// CorpAuthInfo is the answer of service/get_auth_info: what the corp
// authorised.
type CorpAuthInfo struct {
	DealerCorpInfo *DealerCorpInfo `json:"dealer_corp_info,omitempty"`
	AuthCorpInfo   CorpInfo        `json:"auth_corp_info"`
	AuthInfo       AuthInfo        `json:"auth_info"`
	EditionInfo    *EditionInfo    `json:"edition_info,omitempty"`
}

type authInfoRequest struct {
	AuthCorpID    string `json:"auth_corpid"`
	PermanentCode string `json:"permanent_code"`
}

// Validate checks both fields before anything is sent.
func (r authInfoRequest) Validate() error {
	if err := core.Required("auth_corpid", r.AuthCorpID); err != nil {
		return err
	}
	return core.Required("permanent_code", r.PermanentCode)
}

// GetAuthorization reads a corp's authorisation (获取企业授权信息): the
// corp, the authorised apps and their visible ranges. Call it after a
// change_auth event.
//
// WeCom API: POST /cgi-bin/service/get_auth_info?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90604
// EasyWeChat: corp->getAuthorization. WxJava: WxCpTpService.getAuthInfo.
func (s *Suite) GetAuthorization(ctx context.Context, corpID, permanentCode string) (*CorpAuthInfo, error) {
	return core.Send[CorpAuthInfo](ctx, s.client, epGetAuthInfo, authInfoRequest{corpID, permanentCode})
}

// GetAuthorizationV2 is GetAuthorization in the form of WeCom's current docs
// (service/v2/get_auth_info), which goes with GetPermanentByCodeV2.
//
// WeCom API: POST /cgi-bin/service/v2/get_auth_info?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90604
// EasyWeChat: none (corp->getAuthorization is the v1 form). WxJava: none.
func (s *Suite) GetAuthorizationV2(ctx context.Context, corpID, permanentCode string) (*CorpAuthInfo, error) {
	return core.Send[CorpAuthInfo](ctx, s.client, epGetAuthInfoV2, authInfoRequest{corpID, permanentCode})
}

// CorpToken is the answer of service/get_corp_token. It prints with the
// token redacted.
type CorpToken struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"` // seconds
}

// String prints the lifetime with the token redacted.
func (t *CorpToken) String() string {
	if t == nil {
		return "(*provider.CorpToken)(nil)"
	}
	return "provider.CorpToken{AccessToken:" + strconv.Quote(core.Redact(t.AccessToken)) + ", ExpiresIn:" + strconv.FormatInt(t.ExpiresIn, 10) + "}"
}

// GoString implements fmt.GoStringer with the token redacted.
func (t *CorpToken) GoString() string { return t.String() }

// Format implements fmt.Formatter: every verb prints String.
func (t *CorpToken) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, t.String(), t.GoString())
}

// LogValue implements slog.LogValuer with the token redacted.
func (t *CorpToken) LogValue() slog.Value {
	if t == nil {
		return slog.StringValue(t.String())
	}
	return slog.GroupValue(slog.String("access_token", core.Redact(t.AccessToken)), slog.Int64("expires_in", t.ExpiresIn))
}

// GetCorpToken fetches an authorised corp's access_token (获取企业凭证)
// once, uncached. Suite.App's Apps do this for you, cached and shared;
// call it directly only to hand a token to code outside this SDK.
//
// WeCom API: POST /cgi-bin/service/get_corp_token?suite_access_token=…, https://developer.work.weixin.qq.com/document/path/90605
// EasyWeChat: OpenWork work($authCorpId, $permanentCode) (AuthorizerAccessToken). WxJava: WxCpTpService.getCorpToken.
func (s *Suite) GetCorpToken(ctx context.Context, corpID, permanentCode string) (*CorpToken, error) {
	return core.Send[CorpToken](ctx, s.client, epGetCorpToken, authInfoRequest{corpID, permanentCode})
}
