package contactway

import (
	"context"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// The 「联系我」 endpoints (客户联系「联系我」管理,
// https://developer.work.weixin.qq.com/document/path/92228; the same page
// for third-party and 代开发 apps is 92577 and 96348).
//
// Creating is a Write that is not idempotent: a repeat makes a second way,
// against the quota (Quota) shared with join ways, so after an error that
// matches core.ErrUnknownOutcome look for the way (List, by the state you
// gave it) before creating it again. Deleting and closing a temporary chat
// are safe to repeat by hand: a second call changes nothing and at worst
// answers an errcode (the way or the session is already gone). Updating
// overwrites, so repeating the same update is harmless too. All of them are
// still Writes, never re-sent by the client once they may have reached
// WeCom.
var (
	epAddContactWay = endpoints.Add(core.Write("externalcontact/add_contact_way"), core.Meta{
		Doc: "92228", Title: "配置客户联系「联系我」方式", EasyWeChat: "contact_way->create", WxJava: "addContactWay",
		Note: "one CreateRequest instead of EasyWeChat's ($type, $scene, $config); conclusions take one of image, link, miniprogram (WeCom silently drops the others)"})
	epGetContactWay = endpoints.Add(core.ReadPost("externalcontact/get_contact_way"), core.Meta{
		Doc: "92228", Title: "获取企业已配置的「联系我」方式", EasyWeChat: "contact_way->get", WxJava: "getContactWay"})
	epDelContactWay = endpoints.Add(core.Write("externalcontact/del_contact_way"), core.Meta{
		Doc: "92228", Title: "删除企业已配置的「联系我」方式", EasyWeChat: "contact_way->delete", WxJava: "deleteContactWay"})
	epCloseTempChat = endpoints.Add(core.Write("externalcontact/close_temp_chat"), core.Meta{
		Doc: "92228", Title: "结束临时会话", EasyWeChat: "contact_way->closeTempChat", WxJava: "closeTempChat"})
)

// Type is a 「联系我」 way's type (contact_way.type).
type Type int

// Way types.
const (
	Single Type = 1 // 单人: exactly one member, no department
	Multi  Type = 2 // 多人: members and departments
)

// String names the type.
func (t Type) String() string {
	switch t {
	case Single:
		return "single"
	case Multi:
		return "multi"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Scene is where a 「联系我」 way is used (contact_way.scene).
type Scene int

// Way scenes.
const (
	// SceneMiniProgram: 在小程序中联系, a button in a mini program (no
	// qr_code; Style picks the button).
	SceneMiniProgram Scene = 1
	// SceneQRCode: 通过二维码联系, a QR code (qr_code in the answer).
	SceneQRCode Scene = 2
)

// String names the scene.
func (s Scene) String() string {
	switch s {
	case SceneMiniProgram:
		return "miniprogram"
	case SceneQRCode:
		return "qrcode"
	}
	return "Scene(" + strconv.Itoa(int(s)) + ")"
}

// ContactWay is a 「联系我」 way as get_contact_way returns it.
type ContactWay struct {
	ConfigID string `json:"config_id"`
	Type     Type   `json:"type"`
	Scene    Scene  `json:"scene"`
	// Style is the mini-program button style (scene 1).
	Style  int    `json:"style,omitempty"`
	Remark string `json:"remark,omitempty"`
	// SkipVerify: customers are added without the member's approval.
	SkipVerify bool `json:"skip_verify"`
	// State is the channel parameter: the relations of the customers who
	// come through the way carry it (follow_user.state), and so does their
	// add_external_contact event.
	State string `json:"state,omitempty"`
	// QRCode is the QR code's URL (scene 2 only).
	QRCode  string   `json:"qr_code,omitempty"`
	Users   []string `json:"user,omitempty"`
	Parties []int    `json:"party,omitempty"`
	// IsTemp marks a temporary session way (临时会话); ExpiresIn,
	// ChatExpiresIn, UnionID and Conclusions belong to it.
	IsTemp bool `json:"is_temp,omitempty"`
	// ExpiresIn is the QR code's validity in seconds.
	ExpiresIn int `json:"expires_in,omitempty"`
	// ChatExpiresIn is the session's validity in seconds after the
	// customer adds the member.
	ChatExpiresIn int    `json:"chat_expires_in,omitempty"`
	UnionID       string `json:"unionid,omitempty"`
	// IsExclusive: customers of the same external corp are kept with the
	// same member (同一外部企业客户只能添加同一个员工).
	IsExclusive bool `json:"is_exclusive,omitempty"`
	// MarkSource: the customers' add source is marked as this app's
	// 「联系我」.
	MarkSource  bool         `json:"mark_source,omitempty"`
	Conclusions *Conclusions `json:"conclusions,omitempty"`
}

// CreateRequest is the body of add_contact_way. Type and Scene are
// required; a Single way takes exactly one user and no party, a Multi way
// one or more users or parties.
type CreateRequest struct {
	Type  Type  `json:"type"`
	Scene Scene `json:"scene"`
	// Style is the mini-program button style (scene 1); 0 means WeCom's
	// default.
	Style int `json:"style,omitempty"`
	// Remark is at most 30 characters.
	Remark string `json:"remark,omitempty"`
	// SkipVerify: nil means WeCom's default (true: no approval needed);
	// core.Ptr(false) makes customers wait for the member's approval, and
	// their event is add_half_external_contact until then.
	SkipVerify *bool `json:"skip_verify,omitempty"`
	// State is the channel parameter (at most 30 characters) the
	// customers' relations and events carry: how a campaign tells its
	// customers apart.
	State string `json:"state,omitempty"`
	// Users are the members customers add: exactly one for Single, at most
	// MaxUsers.
	Users []string `json:"user,omitempty"`
	// Parties are department ids (Multi only).
	Parties []int `json:"party,omitempty"`
	// IsTemp makes a temporary session way (临时会话, Single only): its QR
	// code works once, for ExpiresIn; the session lasts ChatExpiresIn. It
	// does not count against Quota (at most 100,000 a day).
	IsTemp bool `json:"is_temp,omitempty"`
	// ExpiresIn is the temporary QR code's validity in seconds (default
	// 7 days, at most MaxTempExpiry). Only with IsTemp.
	ExpiresIn int `json:"expires_in,omitempty"`
	// ChatExpiresIn is the temporary session's validity in seconds after
	// the customer adds the member (default 24 hours, at most
	// MaxTempExpiry). Only with IsTemp.
	ChatExpiresIn int `json:"chat_expires_in,omitempty"`
	// UnionID restricts the temporary session to one WeChat user. Only
	// with IsTemp.
	UnionID string `json:"unionid,omitempty"`
	// IsExclusive keeps customers of the same external corp with the same
	// member (同一外部企业客户只能添加同一个员工; default false).
	IsExclusive bool `json:"is_exclusive,omitempty"`
	// MarkSource marks the customers' add source as this app's 「联系我」;
	// nil means WeCom's default.
	MarkSource *bool `json:"mark_source,omitempty"`
	// Conclusions is the temporary session's closing message. Only with
	// IsTemp.
	Conclusions *Conclusions `json:"conclusions,omitempty"`
}

// Validate checks the request against WeCom's rules (see CreateRequest).
func (r *CreateRequest) Validate() error {
	if r.Type != Single && r.Type != Multi {
		return &core.ArgError{Field: "type", Reason: "is " + strconv.Itoa(int(r.Type)) + ", must be 1 (single) or 2 (multi)"}
	}
	if r.Scene != SceneMiniProgram && r.Scene != SceneQRCode {
		return &core.ArgError{Field: "scene", Reason: "is " + strconv.Itoa(int(r.Scene)) + ", must be 1 (mini program) or 2 (QR code)"}
	}
	if err := checkWayText(r.Remark, r.State); err != nil {
		return err
	}
	if err := checkMembers(r.Type, r.Users, r.Parties); err != nil {
		return err
	}
	if r.Style < 0 {
		return &core.ArgError{Field: "style", Reason: "must not be negative"}
	}
	if !r.IsTemp {
		for _, f := range []struct {
			name string
			set  bool
		}{{"expires_in", r.ExpiresIn != 0}, {"chat_expires_in", r.ChatExpiresIn != 0}, {"unionid", r.UnionID != ""}, {"conclusions", r.Conclusions != nil}} {
			if f.set {
				return &core.ArgError{Field: f.name, Reason: "is a temporary session field: set is_temp too"}
			}
		}
		return nil
	}
	if r.Type != Single {
		return &core.ArgError{Field: "is_temp", Reason: "a temporary session way must be type 1 (single)"}
	}
	return checkTemp(r.ExpiresIn, r.ChatExpiresIn, r.Conclusions)
}

// checkMembers applies the type's rules to users and parties.
func checkMembers(t Type, users []string, parties []int) error {
	if t == Single {
		if len(users) != 1 {
			return &core.ArgError{Field: "user", Reason: "has " + strconv.Itoa(len(users)) + " members, a type 1 (single) way takes exactly one"}
		}
		if len(parties) > 0 {
			return &core.ArgError{Field: "party", Reason: "is not taken by a type 1 (single) way"}
		}
	}
	if len(users) == 0 && len(parties) == 0 {
		return &core.ArgError{Field: "user", Reason: "a way needs at least one user or party"}
	}
	return checkIDs(users, parties)
}

// checkIDs checks the ids of user and party.
func checkIDs(users []string, parties []int) error {
	if err := core.OptionalIDList("user", users, MaxUsers); err != nil {
		return err
	}
	for i, p := range parties {
		if p <= 0 {
			return &core.ArgError{Field: "party", Reason: "id #" + strconv.Itoa(i) + " is " + strconv.Itoa(p) + ", department ids are positive"}
		}
	}
	return nil
}

// checkTemp checks the temporary session fields.
func checkTemp(expiresIn, chatExpiresIn int, c *Conclusions) error {
	if err := seconds("expires_in", expiresIn, MaxTempExpiry); err != nil {
		return err
	}
	if err := seconds("chat_expires_in", chatExpiresIn, MaxTempExpiry); err != nil {
		return err
	}
	if c != nil {
		return c.Validate()
	}
	return nil
}

// CreateResponse is the answer of add_contact_way.
type CreateResponse struct {
	ConfigID string `json:"config_id"`
	// QRCode is the QR code's URL, for a SceneQRCode way only ("" for
	// a mini-program way).
	QRCode string `json:"qr_code,omitempty"`
}

// Create adds a 「联系我」 way (配置客户联系「联系我」方式) and returns its
// config_id and, for a QR code, its URL. Each call makes a way against
// Quota, so it is never re-sent (see Retries in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/add_contact_way, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->create. WxJava: addContactWay.
func (c *Client) Create(ctx context.Context, req *CreateRequest) (*CreateResponse, error) {
	return core.Send[CreateResponse](ctx, c.core, epAddContactWay, req)
}

// configIDRequest is the body of the calls that name one way.
type configIDRequest struct {
	ConfigID string `json:"config_id"`
}

// Validate requires the config_id.
func (r *configIDRequest) Validate() error { return core.Required("config_id", r.ConfigID) }

// Get returns a 「联系我」 way (获取企业已配置的「联系我」方式), temporary
// ones included; its conclusions image comes back as a pic_url.
//
// WeCom API: POST /cgi-bin/externalcontact/get_contact_way, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->get. WxJava: getContactWay.
func (c *Client) Get(ctx context.Context, configID string) (*ContactWay, error) {
	r, err := core.Send[struct {
		ContactWay ContactWay `json:"contact_way"`
	}](ctx, c.core, epGetContactWay, &configIDRequest{ConfigID: configID})
	if err != nil {
		return nil, err
	}
	return &r.ContactWay, nil
}

// Delete removes a 「联系我」 way (删除企业已配置的「联系我」方式): its QR
// code or button stops working; the customers who came through it stay.
//
// WeCom API: POST /cgi-bin/externalcontact/del_contact_way, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->delete. WxJava: deleteContactWay.
func (c *Client) Delete(ctx context.Context, configID string) error {
	return core.Exec(ctx, c.core, epDelContactWay, &configIDRequest{ConfigID: configID})
}

// closeTempChatRequest is the body of close_temp_chat.
type closeTempChatRequest struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
}

// Validate requires both ids.
func (r *closeTempChatRequest) Validate() error {
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	return core.Required("external_userid", r.ExternalUserID)
}

// CloseTempChat ends the temporary session (结束临时会话) of a customer who
// came through a temporary way, after WeCom sends the way's conclusions; a
// session that has ended or never was is an errcode.
//
// WeCom API: POST /cgi-bin/externalcontact/close_temp_chat, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->closeTempChat. WxJava: closeTempChat.
func (c *Client) CloseTempChat(ctx context.Context, userID, externalUserID string) error {
	return core.Exec(ctx, c.core, epCloseTempChat, &closeTempChatRequest{UserID: userID, ExternalUserID: externalUserID})
}
