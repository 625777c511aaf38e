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

// ConvertToOpenID converts a WeChat customer's external_userid into the
// WeChat openid, for the payment APIs (支付相关接口). WeCom does not convert
// customers who are members of another WeCom corp (external_userid starting
// with "wo").
//
// Token: access_token of a self-built app or a third-party app.
//
// WeCom API: POST /cgi-bin/externalcontact/convert_to_openid (外部联系人openid转换),
// https://developer.work.weixin.qq.com/document/path/92323 (third-party: 92292).
// EasyWeChat: none. WxJava: convertToOpenid.
func (c *Client) ConvertToOpenID(ctx context.Context, externalUserID string) (string, error) {
	type answer struct {
		OpenID string `json:"openid"`
	}
	out, err := core.Send[answer](ctx, c.core, epConvertToOpenID, &externalUserIDRequest{externalUserID})
	return pick(out, err, func(r *answer) string { return r.OpenID })
}

var epUnionIDToExternalUserID = endpoints.Add(core.ReadPost("externalcontact/unionid_to_external_userid"), core.Meta{
	Doc: "93274", Title: "企业主体unionid转换为第三方external_userid", EasyWeChat: "unionidToExternalUserid", WxJava: "unionidToExternalUserid"})

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

// UnionIDToExternalUserID converts a WeChat user's unionid and openid, got
// from a mini program whose subject is the corp (服务商代开发小程序), into the
// external_userid the calling third-party or 代开发 app sees. Both ids are
// required and must come from the same mini program; the corp must be
// verified, and the customer's follow user (or group owner) must be in the
// app's visible range.
//
// The answer carries external_userid only. The newer conversion that also
// returns a pending_id for WeChat users who are not customers yet
// (idconvert/unionid_to_external_userid, document 97108) is a different
// endpoint, not covered by this method.
//
// Token: access_token of the third-party or 代开发 app (its corp token).
//
// WeCom API: POST /cgi-bin/externalcontact/unionid_to_external_userid
// (企业主体unionid转换为第三方external_userid),
// https://developer.work.weixin.qq.com/document/path/93274.
// EasyWeChat: external_contact->unionidToExternalUserid. WxJava: unionidToExternalUserid.
func (c *Client) UnionIDToExternalUserID(ctx context.Context, unionID, openID string) (string, error) {
	out, err := core.Send[externalUserIDAnswer](ctx, c.core, epUnionIDToExternalUserID, &unionIDRequest{unionID, openID})
	return pick(out, err, answeredID)
}

var epToServiceExternalUserID = endpoints.Add(core.ReadPost("externalcontact/to_service_external_userid"), core.Meta{
	Doc: "95195", Title: "代开发应用external_userid转换", EasyWeChat: "toServiceExternalUserid", WxJava: "toServiceExternalUserid"})

// ToServiceExternalUserID converts an external_userid got by a 代开发 app
// (代开发自建应用) into the one the provider's third-party app sees, so the
// two can be matched. A 代开发 app that has been upgraded (代开发应用安全性升级)
// already gets the third-party id and needs no conversion.
//
// Token: access_token of the 代开发 app; the corp must also have authorised
// the provider's third-party app with 客户基础信息 permission.
//
// WeCom API: POST /cgi-bin/externalcontact/to_service_external_userid
// (代开发应用external_userid转换),
// https://developer.work.weixin.qq.com/document/path/95195.
// EasyWeChat: external_contact->toServiceExternalUserid. WxJava: toServiceExternalUserid.
func (c *Client) ToServiceExternalUserID(ctx context.Context, externalUserID string) (string, error) {
	out, err := core.Send[externalUserIDAnswer](ctx, c.core, epToServiceExternalUserID, &externalUserIDRequest{externalUserID})
	return pick(out, err, answeredID)
}

var epFromServiceExternalUserID = endpoints.Add(core.ReadPost("externalcontact/from_service_external_userid"), core.Meta{
	Doc: "95884", Title: "自建应用与第三方应用的对接 - external_userid转换", WxJava: "fromServiceExternalUserid",
	Note: "source_agentid is sent as a number (WxJava sends a string)"})

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

// FromServiceExternalUserID converts an external_userid got by a 代开发 or
// third-party app (agent sourceAgentID of this corp) into the one the corp's
// own self-built app sees. The customer's follow user, or the owner of the
// group the customer is in, must be visible to both apps.
//
// source_agentid is sent as a JSON number: WeCom agent ids are integers, and
// document 95884 shows source_agentid as a number (100001) in the request of
// its sibling conversion batch/openuserid_to_userid. WxJava sends it as a
// string; PowerWeChat sends a number, as this SDK does.
//
// Token: access_token of a self-built app (or a 基础应用).
//
// WeCom API: POST /cgi-bin/externalcontact/from_service_external_userid
// (自建应用与第三方应用的对接 - external_userid转换),
// https://developer.work.weixin.qq.com/document/path/95884.
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
		Doc: "97107", Title: "external_userid的转换 - 转换客户群成员external_userid"})
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

// GetNewExternalUserID converts corp-subject external_userids (1 to 1000;
// WeCom recommends 200 per call) into the provider-subject ids of the
// calling 代开发 or third-party app, during the external_userid upgrade
// (企业微信账号ID安全性全面升级). For customer-contact and 家校 ids, the
// follow user must be in the app's visible range; for 微信客服 ids, only
// sessions of the last 48 hours convert. Members of a customer group who have
// no friendship with the corp need GetGroupChatNewExternalUserID.
//
// Token: access_token of the 代开发 or third-party app (its corp token).
// WeCom refuses a third-party app once the corp's external_userid migration
// is marked finished (see FinishExternalUserIDMigration).
//
// WeCom API: POST /cgi-bin/externalcontact/get_new_external_userid
// (external_userid的转换 - 转换客户external_userid),
// https://developer.work.weixin.qq.com/document/path/97107 (also 95327).
// EasyWeChat: external_contact->getNewExternalUserid. WxJava: getNewExternalUserId.
func (c *Client) GetNewExternalUserID(ctx context.Context, externalUserIDs []string) ([]ExternalUserIDMapping, error) {
	out, err := core.Send[mappingsAnswer](ctx, c.core, epGetNewExternalUserID, &newExternalUserIDRequest{ExternalUserIDs: externalUserIDs})
	return pick(out, err, mappings)
}

// GetGroupChatNewExternalUserID is GetNewExternalUserID for members of the
// customer group chatID who have no friendship with the corp's members
// (转换客户群成员external_userid). The limit of 1000 ids is the one WeCom
// documents for GetNewExternalUserID; the group page states none of its own.
//
// The group id is sent as "chat_id", the key in WeCom's request example
// (PowerWeChat sends "chatid", which the docs do not use).
//
// Token: access_token of the 代开发 or third-party app (its corp token).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/get_new_external_userid
// (external_userid的转换 - 转换客户群成员external_userid),
// https://developer.work.weixin.qq.com/document/path/97107.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactGroupChat.GetNewExternalUserID.
func (c *Client) GetGroupChatNewExternalUserID(ctx context.Context, chatID string, externalUserIDs []string) ([]ExternalUserIDMapping, error) {
	req := &newExternalUserIDRequest{ChatID: chatID, ExternalUserIDs: externalUserIDs, group: true}
	out, err := core.Send[mappingsAnswer](ctx, c.core, epGroupChatNewExternalUserID, req)
	return pick(out, err, mappings)
}

var epFinishExternalUserIDMigrate = endpoints.Add(core.Write("service/externalcontact/finish_external_userid_migration").WithAuth(core.AuthProviderToken), core.Meta{
	Doc: "95327", Title: "设置迁移完成", EasyWeChat: "finishExternalUseridMigration", WxJava: "finishExternalUserIdMigration",
	Note: "posted to service/externalcontact/… with a provider_access_token, as the docs say; both SDKs post without service/"})

type corpIDRequest struct {
	CorpID string `json:"corpid"`
}

// Validate checks the request before it is sent.
func (r *corpIDRequest) Validate() error { return core.Required("corpid", r.CorpID) }

// FinishExternalUserIDMigration marks the corp's external_userid migration
// as finished for all of the provider's third-party apps (设置迁移完成): from
// then on they get the upgraded ids only, and GetNewExternalUserID is
// refused. corpID is the authorised corp's id.
//
// Token: the service provider's provider_access_token (服务商凭证), not an
// app token: the App's Config.ProviderTokenSource supplies it; without one
// the call fails with an *core.ArgError before anything is sent.
//
// Path: the current docs (95327 / 96516, 3.3 设置迁移完成) put it under
// service/, and that is what is sent. EasyWeChat and WxJava post to
// /cgi-bin/externalcontact/finish_external_userid_migration without service/.
// WeCom's newer, general call is service/finish_openid_migration
// (document 99375), not covered here.
//
// WeCom API: POST /cgi-bin/service/externalcontact/finish_external_userid_migration
// (设置迁移完成), https://developer.work.weixin.qq.com/document/path/95327.
// EasyWeChat: external_contact->finishExternalUseridMigration.
// WxJava: finishExternalUserIdMigration.
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
		Note: "takes the suite_access_token (Config.SuiteTokenSource); corpid is left out when empty"})
	// epUnionIDToExternalUserID3rdLegacy is the undocumented path without
	// service/ that EasyWeChat's deprecated Work client posts to; Doc is the
	// page of the documented call.
	epUnionIDToExternalUserID3rdLegacy = endpoints.Add(core.ReadPost("externalcontact/unionid_to_external_userid_3rd"), core.Meta{
		Doc: "95878", Title: "第三方主体unionid转换为第三方external_userid（无 service/ 的旧路径）", EasyWeChat: "unionidToexternalUserid3rd",
		Note: "deprecated, undocumented path; sent as EasyWeChat sends it, a POST with the App's access_token"})
)

// UnionIDToExternalUserID3rd converts a WeChat user's unionid and openid, got
// from the provider's own mini program or official account, into the
// external_userid of that user in each authorised corp where they are a
// customer or a parent (家长), one entry per corp. WeCom allows 50,000 calls an
// hour and 240,000 a day per provider, and only for lookups a user's own
// action triggers: never convert in bulk.
//
// Token: the third-party app's suite_access_token (第三方应用凭证), as the
// current doc (95878) and the upgrade guide (95327 §4.2) specify, not the
// provider_access_token nor a corp token: the App's Config.SuiteTokenSource
// supplies it; without one the call fails with an *core.ArgError before
// anything is sent.
//
// Porters: EasyWeChat's deprecated Work client (unionidToexternalUserid3rd)
// posts to externalcontact/unionid_to_external_userid_3rd, without service/,
// and PowerWeChat sends that path as a GET. WeCom documents no such path;
// UnionIDToExternalUserID3rdLegacy sends it for code that relies on it.
//
// WeCom API: POST /cgi-bin/service/externalcontact/unionid_to_external_userid_3rd
// (第三方主体unionid转换为第三方external_userid),
// https://developer.work.weixin.qq.com/document/path/95878.
// EasyWeChat: OpenWork corp->unionidToExternalUserid (deprecated Work
// external_contact->unionidToexternalUserid3rd). WxJava: unionidToExternalUserid3rd.
func (c *Client) UnionIDToExternalUserID3rd(ctx context.Context, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error) {
	return c.callUnionIDToExternalUserID3rd(ctx, epUnionIDToExternalUserID3rd, req)
}

// UnionIDToExternalUserID3rdLegacy is UnionIDToExternalUserID3rd on the path
// without service/, externalcontact/unionid_to_external_userid_3rd, which
// WeCom does not document. It is kept for code ported from EasyWeChat's Work
// client (external_contact->unionidToexternalUserid3rd, itself @deprecated in
// favour of the OpenWork client) and sends what that method sends: a POST
// with a JSON body, authenticated with the App's access_token (its corp
// token), not a suite_access_token. The request, its validation and the
// answer are those of UnionIDToExternalUserID3rd; corpid is left out when
// empty, where EasyWeChat sends "". PowerWeChat's openWork
// ExternalContact.UnionIDToExternalUserID3rd sends the same path as a GET
// with query parameters; this method does not.
//
// Token: access_token (the App's TokenSource).
//
// WeCom API: POST /cgi-bin/externalcontact/unionid_to_external_userid_3rd
// (undocumented; the documented call is
// /cgi-bin/service/externalcontact/unionid_to_external_userid_3rd, 95878).
// EasyWeChat: external_contact->unionidToexternalUserid3rd (deprecated).
// WxJava: none.
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
// (wx.getGroupEnterInfo) into the chat_id of that customer group, for use
// with the group-chat APIs. Only groups created by the corp's own members
// (企业服务人员) convert, and the group owner must be in the app's visible
// range.
//
// Token: access_token of a self-built app listed among the 客户联系
// 可调用应用, or of a third-party / 代开发 app with 客户基础信息 permission.
//
// WeCom API: POST /cgi-bin/externalcontact/opengid_to_chatid (客户群opengid转换),
// https://developer.work.weixin.qq.com/document/path/94822 (third-party: 94828).
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

// BatchToExternalUserID converts parents' mobile numbers (1 to 100) into
// their external_userids (家校沟通, 手机号转外部联系人ID).
//
// Token: access_token of a self-built app configured among the 家校沟通 apps
// that read and edit the school contacts (读取和编辑家校通讯录), or of a
// third-party app with 家校沟通 use-and-edit permission. Since 2023-12-01
// WeCom no longer accepts the system app's (家校沟通) secret for new corps.
//
// WeCom API: POST /cgi-bin/externalcontact/batch_to_external_userid
// (手机号转外部联系人ID), https://developer.work.weixin.qq.com/document/path/92506.
// EasyWeChat: none. WxJava: none.
func (c *Client) BatchToExternalUserID(ctx context.Context, mobiles []string) (*BatchToExternalUserIDResponse, error) {
	return core.Send[BatchToExternalUserIDResponse](ctx, c.core, epBatchToExternalUserID, &mobilesRequest{mobiles})
}
