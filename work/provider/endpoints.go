package provider

import "github.com/wecomkit/wecom/work/core"

// The service-provider endpoints (服务商 / 第三方应用 / 代开发), each declared
// once with its retry class and the token it takes.
var (
	// epGetProviderToken: 获取服务商凭证, POST {corpid, provider_secret}.
	epGetProviderToken = core.ReadPost("service/get_provider_token").WithAuth(core.AuthNone)
	// epGetSuiteToken: 获取第三方应用凭证, POST {suite_id, suite_secret, suite_ticket}.
	epGetSuiteToken = core.ReadPost("service/get_suite_token").WithAuth(core.AuthNone)
	// epGetPreAuthCode: 获取预授权码. Each call makes a new code, so
	// sending it twice is harmless.
	epGetPreAuthCode = core.Read("service/get_pre_auth_code").WithAuth(core.AuthSuiteToken)
	// epSetSessionInfo: 设置授权配置.
	epSetSessionInfo = core.Write("service/set_session_info").WithAuth(core.AuthSuiteToken)
	// epGetPermanentCode: 获取企业永久授权码. A Write: the auth code works
	// once, so a request that may have been processed is never re-sent
	// (the retry would fail and the permanent code would be lost).
	epGetPermanentCode   = core.Write("service/get_permanent_code").WithAuth(core.AuthSuiteToken)
	epGetPermanentCodeV2 = core.Write("service/v2/get_permanent_code").WithAuth(core.AuthSuiteToken)
	// epGetAuthInfo: 获取企业授权信息.
	epGetAuthInfo   = core.ReadPost("service/get_auth_info").WithAuth(core.AuthSuiteToken)
	epGetAuthInfoV2 = core.ReadPost("service/v2/get_auth_info").WithAuth(core.AuthSuiteToken)
	// epGetCorpToken: 获取企业凭证, POST {auth_corpid, permanent_code}.
	epGetCorpToken = core.ReadPost("service/get_corp_token").WithAuth(core.AuthSuiteToken)
	// epGetToken: gettoken, the 代开发 app's token (corpid, corpsecret =
	// the app's secret, its permanent code). core.CorpTokenSource calls it;
	// it is listed here for Endpoints.
	epGetToken = core.Read("gettoken").WithAuth(core.AuthNone)
)

// Endpoints lists every endpoint this package calls, with its method,
// path, retry class and token kind.
func Endpoints() []core.Endpoint {
	return []core.Endpoint{
		epGetProviderToken, epGetSuiteToken, epGetPreAuthCode, epSetSessionInfo,
		epGetPermanentCode, epGetPermanentCodeV2, epGetAuthInfo, epGetAuthInfoV2,
		epGetCorpToken, epGetToken,
	}
}
