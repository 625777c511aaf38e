package externalcontact

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// ID conversions (ID转换) between the ids a corp's own apps see and the ones
// a service provider's apps (第三方应用 / 代开发应用) see, and from WeChat ids
// (unionid, openid, opengid, mobile) to customer ids.
//
// The token each call takes is in its doc comment. "access_token" means the
// App's token: a self-built app's (自建应用), or, for a service provider, the
// corp token of its 代开发 or third-party app (获取企业凭证), supplied as the
// App's TokenSource. The two service/… endpoints take another token: see
// FinishExternalUserIDMigration and UnionIDToExternalUserID3rd.

// Limits documented by WeCom for the conversions.
const (
	// maxNewExternalUserIDs is the most external_userids one
	// get_new_external_userid call converts (WeCom recommends 200).
	maxNewExternalUserIDs = 1000
	// maxBatchMobiles is the most mobiles one batch_to_external_userid call
	// converts.
	maxBatchMobiles = 100
)

// ErrRecordNotFound is errcode 60136 (记录不存在). BatchToExternalUserID
// reports it per mobile, in FailList, for a mobile no parent (家长) of the
// school's contacts has; match it with errors.Is(f.Err(), ErrRecordNotFound).
var ErrRecordNotFound = &core.APIError{Code: 60136, Message: "record not found"}

var epConvertToOpenID = endpoints.Add(core.ReadPost("externalcontact/convert_to_openid"), core.Meta{
	Doc: "92323", Title: "外部联系人openid转换", WxJava: "convertToOpenid"})

// externalUserIDRequest is the body of the conversions of one
// external_userid.
type externalUserIDRequest struct {
	ExternalUserID string `json:"external_userid"`
}

// Validate checks the request before it is sent.
func (r *externalUserIDRequest) Validate() error {
	return core.Required("external_userid", r.ExternalUserID)
}

// externalUserIDAnswer is the answer of the conversions to one
// external_userid.
type externalUserIDAnswer struct {
	ExternalUserID string `json:"external_userid"`
}

func answeredID(r *externalUserIDAnswer) string { return r.ExternalUserID }

// ConvertToOpenID converts a WeChat customer's external_userid into the WeChat
// openid, for the payment APIs; ids of WeCom users ("wo…") do not convert.
//
// WeCom API: POST /cgi-bin/externalcontact/convert_to_openid (外部联系人openid转换), https://developer.work.weixin.qq.com/document/path/92323 (third-party: 92292).
// EasyWeChat: none. WxJava: convertToOpenid.
func (c *Client) ConvertToOpenID(ctx context.Context, externalUserID string) (string, error) {
	type answer struct {
		OpenID string `json:"openid"`
	}
	out, err := core.Send[answer](ctx, c.core, epConvertToOpenID, &externalUserIDRequest{externalUserID})
	return pick(out, err, func(r *answer) string { return r.OpenID })
}

var epUnionIDToExternalUserID = endpoints.Add(core.ReadPost("externalcontact/unionid_to_external_userid"), core.Meta{
	Doc: "93274", Title: "企业主体unionid转换为第三方external_userid", EasyWeChat: "unionidToExternalUserid", WxJava: "unionidToExternalUserid",
	Note: "external_userid only; the newer idconvert/unionid_to_external_userid (97108), which also returns a pending_id, is another endpoint"})

type unionIDRequest struct {
	UnionID string `json:"unionid"`
	OpenID  string `json:"openid"`
}

// Validate checks the request before it is sent.
func (r *unionIDRequest) Validate() error {
	if err := core.Required("unionid", r.UnionID); err != nil {
		return err
	}
	return core.Required("openid", r.OpenID)
}

// UnionIDToExternalUserID converts the unionid and openid a corp-subject mini
// program got into the external_userid a third-party or 代开发 app sees
// (rules and token: see ID conversions in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/unionid_to_external_userid (企业主体unionid转换为第三方external_userid), https://developer.work.weixin.qq.com/document/path/93274.
// EasyWeChat: external_contact->unionidToExternalUserid. WxJava: unionidToExternalUserid.
func (c *Client) UnionIDToExternalUserID(ctx context.Context, unionID, openID string) (string, error) {
	out, err := core.Send[externalUserIDAnswer](ctx, c.core, epUnionIDToExternalUserID, &unionIDRequest{unionID, openID})
	return pick(out, err, answeredID)
}

var epToServiceExternalUserID = endpoints.Add(core.ReadPost("externalcontact/to_service_external_userid"), core.Meta{
	Doc: "95195", Title: "代开发应用external_userid转换", EasyWeChat: "toServiceExternalUserid", WxJava: "toServiceExternalUserid"})

// ToServiceExternalUserID converts an external_userid a 代开发 app got into
// the one the provider's third-party app sees, so that the two can be matched.
//
// WeCom API: POST /cgi-bin/externalcontact/to_service_external_userid (代开发应用external_userid转换), https://developer.work.weixin.qq.com/document/path/95195.
// EasyWeChat: external_contact->toServiceExternalUserid. WxJava: toServiceExternalUserid.
func (c *Client) ToServiceExternalUserID(ctx context.Context, externalUserID string) (string, error) {
	out, err := core.Send[externalUserIDAnswer](ctx, c.core, epToServiceExternalUserID, &externalUserIDRequest{externalUserID})
	return pick(out, err, answeredID)
}

var epFromServiceExternalUserID = endpoints.Add(core.ReadPost("externalcontact/from_service_external_userid"), core.Meta{
	Doc: "95884", Title: "自建应用与第三方应用的对接 - external_userid转换", WxJava: "fromServiceExternalUserid",
	Note: "source_agentid is sent as a number, as 95884 shows it for batch/openuserid_to_userid (WxJava sends a string, PowerWeChat a number)"})

type fromServiceRequest struct {
	ExternalUserID string `json:"external_userid"`
	SourceAgentID  int64  `json:"source_agentid"`
}

// Validate checks the request before it is sent.
func (r *fromServiceRequest) Validate() error {
	if r.SourceAgentID <= 0 {
		return &core.ArgError{Field: "source_agentid", Reason: "must be a positive agent id"}
	}
	return core.Required("external_userid", r.ExternalUserID)
}

// FromServiceExternalUserID converts an external_userid a 代开发 or
// third-party app (agent sourceAgentID of this corp) got into the one the
// corp's own self-built app sees.
//
// WeCom API: POST /cgi-bin/externalcontact/from_service_external_userid (自建应用与第三方应用的对接 - external_userid转换), https://developer.work.weixin.qq.com/document/path/95884.
// EasyWeChat: none. WxJava: fromServiceExternalUserid.
func (c *Client) FromServiceExternalUserID(ctx context.Context, sourceAgentID int64, externalUserID string) (string, error) {
	out, err := core.Send[externalUserIDAnswer](ctx, c.core, epFromServiceExternalUserID, &fromServiceRequest{externalUserID, sourceAgentID})
	return pick(out, err, answeredID)
}

// ExternalUserIDMapping pairs a corp-subject external_userid with the
// provider-subject external_userid it converts to.
type ExternalUserIDMapping struct {
	// ExternalUserID is the id as sent (企业主体).
	ExternalUserID string `json:"external_userid"`
	// NewExternalUserID is the id under the service provider's subject
	// (服务商主体). An id that already was provider-subject comes back as is.
	NewExternalUserID string `json:"new_external_userid"`
}

var (
	epGetNewExternalUserID = endpoints.Add(core.ReadPost("externalcontact/get_new_external_userid"), core.Meta{
		Doc: "97107", Title: "external_userid的转换 - 转换客户external_userid", EasyWeChat: "getNewExternalUserid", WxJava: "getNewExternalUserId"})
	epGroupChatNewExternalUserID = endpoints.Add(core.ReadPost("externalcontact/groupchat/get_new_external_userid"), core.Meta{
		Doc: "97107", Title: "external_userid的转换 - 转换客户群成员external_userid",
		Note: "the group is sent as chat_id, the key of WeCom's example (PowerWeChat sends chatid)"})
)

// newExternalUserIDRequest is the body of both get_new_external_userid
// calls; ChatID is sent by the group one only.
type newExternalUserIDRequest struct {
	ChatID          string   `json:"chat_id,omitempty"`
	ExternalUserIDs []string `json:"external_userid_list"`
	group           bool
}

// Validate checks the request before it is sent.
func (r *newExternalUserIDRequest) Validate() error {
	if r.group {
		if err := core.Required("chat_id", r.ChatID); err != nil {
			return err
		}
	}
	return core.IDList("external_userid_list", r.ExternalUserIDs, maxNewExternalUserIDs)
}

type mappingsAnswer struct {
	Items []ExternalUserIDMapping `json:"items"`
}

func mappings(r *mappingsAnswer) []ExternalUserIDMapping { return r.Items }

// GetNewExternalUserID converts 1 to 1000 corp-subject external_userids into
// the provider-subject ids of the calling 代开发 or third-party app, during
// the external_userid upgrade (企业微信账号ID安全性全面升级).
//
// WeCom API: POST /cgi-bin/externalcontact/get_new_external_userid (external_userid的转换 - 转换客户external_userid), https://developer.work.weixin.qq.com/document/path/97107 (also 95327).
// EasyWeChat: external_contact->getNewExternalUserid. WxJava: getNewExternalUserId.
func (c *Client) GetNewExternalUserID(ctx context.Context, externalUserIDs []string) ([]ExternalUserIDMapping, error) {
	out, err := core.Send[mappingsAnswer](ctx, c.core, epGetNewExternalUserID, &newExternalUserIDRequest{ExternalUserIDs: externalUserIDs})
	return pick(out, err, mappings)
}

// GetGroupChatNewExternalUserID is GetNewExternalUserID for the members of
// customer group chatID who are no customer of the corp's members
// (转换客户群成员external_userid).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/get_new_external_userid (external_userid的转换 - 转换客户群成员external_userid), https://developer.work.weixin.qq.com/document/path/97107.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactGroupChat.GetNewExternalUserID.
func (c *Client) GetGroupChatNewExternalUserID(ctx context.Context, chatID string, externalUserIDs []string) ([]ExternalUserIDMapping, error) {
	req := &newExternalUserIDRequest{ChatID: chatID, ExternalUserIDs: externalUserIDs, group: true}
	out, err := core.Send[mappingsAnswer](ctx, c.core, epGroupChatNewExternalUserID, req)
	return pick(out, err, mappings)
}

var epFinishExternalUserIDMigrate = endpoints.Add(core.Write("service/externalcontact/finish_external_userid_migration").WithAuth(core.AuthProviderToken), core.Meta{
	Doc: "95327", Title: "设置迁移完成", EasyWeChat: "finishExternalUseridMigration", WxJava: "finishExternalUserIdMigration",
	Note: "posted to service/externalcontact/… with a provider_access_token, as the docs (95327, 96516) say; both SDKs post without service/; the newer service/finish_openid_migration (99375) is not covered"})

type corpIDRequest struct {
	CorpID string `json:"corpid"`
}

// Validate checks the request before it is sent.
func (r *corpIDRequest) Validate() error { return core.Required("corpid", r.CorpID) }

// FinishExternalUserIDMigration marks corpID's external_userid migration as
// finished for all of the provider's third-party apps (设置迁移完成); it takes
// the provider_access_token of Config.ProviderTokenSource.
//
// WeCom API: POST /cgi-bin/service/externalcontact/finish_external_userid_migration (设置迁移完成), https://developer.work.weixin.qq.com/document/path/95327.
// EasyWeChat: external_contact->finishExternalUseridMigration. WxJava: finishExternalUserIdMigration.
func (c *Client) FinishExternalUserIDMigration(ctx context.Context, corpID string) error {
	return core.Exec(ctx, c.core, epFinishExternalUserIDMigrate, &corpIDRequest{corpID})
}

// UnionIDToExternalUserID3rdRequest asks which customers a WeChat user is.
type UnionIDToExternalUserID3rdRequest struct {
	// UnionID and OpenID are the WeChat user's ids, both required, got from
	// the same mini program or official account, whose subject must be the
	// service provider's.
	UnionID string `json:"unionid"`
	OpenID  string `json:"openid"`
	// CorpID limits the answer to one authorised corp; "" asks about every
	// corp. WeCom advises setting it (it answers faster), and requires it for
	// customer groups (外联群).
	CorpID string `json:"corpid,omitempty"`
}

// Validate checks the request before it is sent.
func (r *UnionIDToExternalUserID3rdRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("unionid", r.UnionID); err != nil {
		return err
	}
	return core.Required("openid", r.OpenID)
}

// ExternalUserIDInfo is the customer a WeChat user is in one corp.
type ExternalUserIDInfo struct {
	CorpID         string `json:"corpid"`
	ExternalUserID string `json:"external_userid"`
}

type externalUserIDInfoAnswer struct {
	Info []ExternalUserIDInfo `json:"external_userid_info"`
}

var (
	epUnionIDToExternalUserID3rd = endpoints.Add(core.ReadPost("service/externalcontact/unionid_to_external_userid_3rd").WithAuth(core.AuthSuiteToken), core.Meta{
		Doc: "95878", Title: "第三方主体unionid转换为第三方external_userid", EasyWeChat: "OpenWork corp->unionidToExternalUserid", WxJava: "unionidToExternalUserid3rd",
		Note: "takes the suite_access_token (Config.SuiteTokenSource); corpid is left out when empty; EasyWeChat's deprecated Work client posts without service/ (UnionIDToExternalUserID3rdLegacy)"})
	// epUnionIDToExternalUserID3rdLegacy is the undocumented path without
	// service/ that EasyWeChat's deprecated Work client posts to; Doc is the
	// page of the documented call.
	epUnionIDToExternalUserID3rdLegacy = endpoints.Add(core.ReadPost("externalcontact/unionid_to_external_userid_3rd"), core.Meta{
		Doc: "95878", Title: "第三方主体unionid转换为第三方external_userid（无 service/ 的旧路径）", EasyWeChat: "unionidToexternalUserid3rd",
		Note: "deprecated, undocumented path; sent as EasyWeChat sends it, a POST with the App's access_token (PowerWeChat sends a GET); corpid is left out when empty, where EasyWeChat sends \"\""})
)

// UnionIDToExternalUserID3rd converts the unionid and openid of the provider's
// own mini program or official account into the user's external_userid in
// each authorised corp, with the suite_access_token of Config.SuiteTokenSource.
//
// WeCom API: POST /cgi-bin/service/externalcontact/unionid_to_external_userid_3rd (第三方主体unionid转换为第三方external_userid), https://developer.work.weixin.qq.com/document/path/95878.
// EasyWeChat: OpenWork corp->unionidToExternalUserid. WxJava: unionidToExternalUserid3rd.
func (c *Client) UnionIDToExternalUserID3rd(ctx context.Context, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error) {
	return c.callUnionIDToExternalUserID3rd(ctx, epUnionIDToExternalUserID3rd, req)
}

// UnionIDToExternalUserID3rdLegacy is UnionIDToExternalUserID3rd on the
// undocumented path without service/, posted with the App's access_token, as
// EasyWeChat's deprecated Work client sends it.
//
// WeCom API: POST /cgi-bin/externalcontact/unionid_to_external_userid_3rd (undocumented; see 95878 for the service/ path).
// EasyWeChat: external_contact->unionidToexternalUserid3rd (deprecated). WxJava: none.
//
// Deprecated: use UnionIDToExternalUserID3rd (the documented service/ path, suite_access_token).
func (c *Client) UnionIDToExternalUserID3rdLegacy(ctx context.Context, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error) {
	return c.callUnionIDToExternalUserID3rd(ctx, epUnionIDToExternalUserID3rdLegacy, req)
}

// callUnionIDToExternalUserID3rd sends req to ep and returns the answer's
// external_userid_info.
func (c *Client) callUnionIDToExternalUserID3rd(ctx context.Context, ep core.Endpoint, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error) {
	out, err := core.Send[externalUserIDInfoAnswer](ctx, c.core, ep, req)
	return pick(out, err, func(r *externalUserIDInfoAnswer) []ExternalUserIDInfo { return r.Info })
}

var epOpenGIDToChatID = endpoints.Add(core.ReadPost("externalcontact/opengid_to_chatid"), core.Meta{
	Doc: "94822", Title: "客户群opengid转换", EasyWeChat: "opengidToChatid", WxJava: "opengidToChatid"})

type openGIDRequest struct {
	OpenGID string `json:"opengid"`
}

// Validate checks the request before it is sent.
func (r *openGIDRequest) Validate() error { return core.Required("opengid", r.OpenGID) }

// OpenGIDToChatID converts the opengid a mini program gets in a WeChat group
// (wx.getGroupEnterInfo) into the chat_id of that customer group.
//
// WeCom API: POST /cgi-bin/externalcontact/opengid_to_chatid (客户群opengid转换), https://developer.work.weixin.qq.com/document/path/94822 (third-party: 94828).
// EasyWeChat: external_contact->opengidToChatid. WxJava: opengidToChatid.
func (c *Client) OpenGIDToChatID(ctx context.Context, openGID string) (string, error) {
	type answer struct {
		ChatID string `json:"chat_id"`
	}
	out, err := core.Send[answer](ctx, c.core, epOpenGIDToChatID, &openGIDRequest{openGID})
	return pick(out, err, func(r *answer) string { return r.ChatID })
}

// BatchToExternalUserIDSuccess is a converted mobile.
type BatchToExternalUserIDSuccess struct {
	Mobile string `json:"mobile"`
	// ExternalUserID is the parent's external_userid; WeCom sets it only
	// once the parent follows the school (家长关注后).
	ExternalUserID string `json:"external_userid,omitempty"`
	// ForeignKey is the key the school gave the parent on import. Older
	// revisions of the doc list it; the current one (2023/11/30) does not.
	ForeignKey string `json:"foreign_key,omitempty"`
}

// BatchToExternalUserIDFailure is a mobile WeCom could not convert, with
// its own errcode (60136, ErrRecordNotFound, when no parent has it).
type BatchToExternalUserIDFailure struct {
	Mobile string `json:"mobile"`
	core.ItemResult
}

// Err returns the failure as an *core.APIError, so callers can branch with
// errors.Is (e.g. against ErrRecordNotFound); nil when ErrCode is 0. Its
// message leaves the mobile out.
func (f BatchToExternalUserIDFailure) Err() error {
	return f.ItemResult.Err(epBatchToExternalUserID.Path)
}

// BatchToExternalUserIDResponse splits the mobiles into the converted ones
// and the failed ones. A call succeeds as a whole even when some fail.
type BatchToExternalUserIDResponse struct {
	SuccessList []BatchToExternalUserIDSuccess `json:"success_list"`
	FailList    []BatchToExternalUserIDFailure `json:"fail_list"`
}

var epBatchToExternalUserID = endpoints.Add(core.ReadPost("externalcontact/batch_to_external_userid"), core.Meta{
	Doc: "92506", Title: "手机号转外部联系人ID"})

type mobilesRequest struct {
	Mobiles []string `json:"mobiles"`
}

// Validate checks the request before it is sent.
func (r *mobilesRequest) Validate() error { return core.IDList("mobiles", r.Mobiles, maxBatchMobiles) }

// BatchToExternalUserID converts 1 to 100 parents' mobile numbers into their
// external_userids (家校沟通, 手机号转外部联系人ID).
//
// WeCom API: POST /cgi-bin/externalcontact/batch_to_external_userid (手机号转外部联系人ID), https://developer.work.weixin.qq.com/document/path/92506.
// EasyWeChat: none. WxJava: none.
func (c *Client) BatchToExternalUserID(ctx context.Context, mobiles []string) (*BatchToExternalUserIDResponse, error) {
	return core.Send[BatchToExternalUserIDResponse](ctx, c.core, epBatchToExternalUserID, &mobilesRequest{mobiles})
}
