package provider

import "github.com/wecomkit/wecom/work/core"

// endpoints lists the service-provider endpoints (服务商 / 第三方应用 /
// 代开发), each declared once with its retry class, the token it takes and
// its doc page. The 代开发 apps' gettoken is core.CorpTokenSource's.
var endpoints core.EndpointSet

var (
	epGetProviderToken = endpoints.Add(core.ReadPost("service/get_provider_token").WithAuth(core.AuthNone), core.Meta{
		Doc: "91200", Title: "获取服务商凭证", EasyWeChat: "provider_access_token", WxJava: "getWxCpProviderToken"})
	epGetSuiteToken = endpoints.Add(core.ReadPost("service/get_suite_token").WithAuth(core.AuthNone), core.Meta{
		Doc: "90600", Title: "获取第三方应用凭证", EasyWeChat: "suite_access_token", WxJava: "getSuiteAccessToken"})
	// Each get_pre_auth_code makes a new code, so sending it twice is
	// harmless.
	epGetPreAuthCode = endpoints.Add(core.Read("service/get_pre_auth_code").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90601", Title: "获取预授权码", EasyWeChat: "corp->getPreAuthCode", WxJava: "getPreAuthUrl",
		Note: "WxJava gets the code inside getPreAuthUrl; here it is a call of its own."})
	epSetSessionInfo = endpoints.Add(core.Write("service/set_session_info").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90602", Title: "设置授权配置", EasyWeChat: "corp->setSession", WxJava: "getPreAuthUrl",
		Note: "WxJava sets the session inside getPreAuthUrl (its authType argument)."})
	// get_permanent_code is a Write: the auth code works once, so a request
	// that may have been processed is never re-sent (the retry would fail
	// and the permanent code be lost).
	epGetPermanentCode = endpoints.Add(core.Write("service/get_permanent_code").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90603", Title: "获取企业永久授权码", EasyWeChat: "corp->getPermanentByCode", WxJava: "getPermanentCodeInfo",
		Note: "Never re-sent once it may have reached WeCom: the auth code works once."})
	epGetPermanentCodeV2 = endpoints.Add(core.Write("service/v2/get_permanent_code").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90603", Title: "获取企业永久授权码",
		Note: "The v2 form of the current docs: the permanent code and the corp, without access_token or auth_info."})
	epGetAuthInfo = endpoints.Add(core.ReadPost("service/get_auth_info").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90604", Title: "获取企业授权信息", EasyWeChat: "corp->getAuthorization", WxJava: "getAuthInfo"})
	epGetAuthInfoV2 = endpoints.Add(core.ReadPost("service/v2/get_auth_info").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90604", Title: "获取企业授权信息", Note: "The v2 form of the current docs."})
	epGetCorpToken = endpoints.Add(core.ReadPost("service/get_corp_token").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "90605", Title: "获取企业凭证", EasyWeChat: "work($authCorpId, $permanentCode)", WxJava: "getCorpToken",
		Note: "Suite.App fetches, caches and refreshes it per corp; GetCorpToken is the raw call."})
)

// epGettoken is the 代开发 apps' token call, core.CorpTokenSource's; it
// names the call in argument errors and is not in the set.
var epGettoken = core.Read("gettoken").WithAuth(core.AuthNone)

// Endpoints lists every endpoint this package declares, sorted by path,
// with its method, retry class, token kind and doc page.
func Endpoints() []core.Endpoint { return endpoints.All() }
