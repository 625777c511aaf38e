package externalcontact

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"slices"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Endpoints of this file, with their retry class.
var (
	epGet            = core.Read("externalcontact/get")
	epBatchGetByUser = core.ReadPost("externalcontact/batch/get_by_user")
)

// ExternalContact is a customer's own profile (external_contact).
type ExternalContact struct {
	ExternalUserID string       `json:"external_userid"`
	Name           string       `json:"name"`
	Position       string       `json:"position,omitempty"`
	Avatar         string       `json:"avatar,omitempty"`
	CorpName       string       `json:"corp_name,omitempty"`      // short name of a WeCom customer's corp
	CorpFullName   string       `json:"corp_full_name,omitempty"` // full name of a WeCom customer's corp
	Type           CustomerType `json:"type"`
	Gender         Gender       `json:"gender"`
	// UnionID is the WeChat unionid; only for WeChat customers, and only when
	// the corp has bound a WeChat developer account.
	UnionID         string           `json:"unionid,omitempty"`
	ExternalProfile *ExternalProfile `json:"external_profile,omitempty"`
}

// ExternalProfile is the public profile a WeCom customer's corp sets up (对外属性).
type ExternalProfile struct {
	ExternalCorpName string          `json:"external_corp_name,omitempty"`
	WeChatChannels   *WeChatChannels `json:"wechat_channels,omitempty"`
	ExternalAttr     []ExternalAttr  `json:"external_attr,omitempty"`
}

// ExternalAttrType is the kind of an ExternalAttr.
type ExternalAttrType int

// External attribute kinds.
const (
	ExternalAttrText        ExternalAttrType = 0
	ExternalAttrWeb         ExternalAttrType = 1
	ExternalAttrMiniProgram ExternalAttrType = 2
)

// String returns the kind's name.
func (t ExternalAttrType) String() string {
	switch t {
	case ExternalAttrText:
		return "text"
	case ExternalAttrWeb:
		return "web"
	case ExternalAttrMiniProgram:
		return "miniprogram"
	}
	return "ExternalAttrType(" + strconv.Itoa(int(t)) + ")"
}

// ExternalAttr is one attribute of an ExternalProfile; the field matching
// Type is set.
type ExternalAttr struct {
	Type        ExternalAttrType `json:"type"`
	Name        string           `json:"name"`
	Text        *AttrText        `json:"text,omitempty"`
	Web         *AttrWeb         `json:"web,omitempty"`
	MiniProgram *AttrMiniProgram `json:"miniprogram,omitempty"`
}

// AttrText is a text attribute.
type AttrText struct {
	Value string `json:"value"`
}

// AttrWeb is a web-link attribute.
type AttrWeb struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// AttrMiniProgram is a mini-program attribute.
type AttrMiniProgram struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath"`
	Title    string `json:"title"`
}

// WeChatChannels is a WeChat Channels (视频号) account: the one a WeCom
// customer's corp shows on its profile (ExternalProfile), or the one through
// which a customer added the member (FollowUser, FollowInfo).
type WeChatChannels struct {
	Nickname string `json:"nickname"`
	// Source is set on a follow relation: how the customer came through the
	// channel (0 unknown, 1 the channel's main page, 2 a live stream).
	Source int `json:"source,omitempty"`
	// Status is set on a profile (成员对外属性): 0 the corp's channel is
	// confirmed, 1 it awaits confirmation.
	Status int `json:"status,omitempty"`
}

// FollowUser is a member's relation with a customer (follow_user): the
// member's remark, tags and how the customer was added.
type FollowUser struct {
	UserID      string `json:"userid"`
	Remark      string `json:"remark,omitempty"`
	Description string `json:"description,omitempty"`
	// CreateTime is when the member added the customer, in Unix seconds.
	CreateTime     int64           `json:"createtime"`
	Tags           []FollowUserTag `json:"tags,omitempty"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles,omitempty"`
	// OperUserID is who initiated the add: the member's userid when the
	// member added the customer, the customer's external_userid otherwise.
	OperUserID string `json:"oper_userid,omitempty"`
	AddWay     AddWay `json:"add_way"`
	// State is the state of the 「联系我」 way that brought the customer.
	State          string          `json:"state,omitempty"`
	WeChatChannels *WeChatChannels `json:"wechat_channels,omitempty"`
}

// FollowUserTag is a tag a member put on a customer. TagID is empty for
// user-defined tags (Type TagUser): WeCom does not return it.
type FollowUserTag struct {
	GroupName string  `json:"group_name"`
	TagName   string  `json:"tag_name"`
	TagID     string  `json:"tag_id,omitempty"`
	Type      TagType `json:"type"`
}

// Contact is a customer with the members who added them, as returned by Get.
type Contact struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowUsers     []FollowUser    `json:"follow_user"`
	// NextCursor is set only by GetPage, when the customer has more than 500
	// follow users and more pages remain.
	NextCursor string `json:"next_cursor,omitempty"`
}

// Get returns a customer (external contact) with every member who added
// them. WeCom pages follow_user beyond 500 members; Get follows next_cursor
// and merges the pages, so the result is complete. Use GetPage to page by
// hand.
//
// WeCom API: GET /cgi-bin/externalcontact/get (获取客户详情),
// https://developer.work.weixin.qq.com/document/path/92114.
// EasyWeChat: external_contact->get. WxJava: getContactDetail.
func (c *Client) Get(ctx context.Context, externalUserID string) (*Contact, error) {
	first, err := c.GetPage(ctx, externalUserID, "")
	if err != nil {
		return nil, err
	}
	if first.NextCursor == "" {
		return first, nil
	}
	rest := core.Paginate(ctx, first.NextCursor, func(ctx context.Context, cursor string) ([]FollowUser, string, error) {
		p, err := c.GetPage(ctx, externalUserID, cursor)
		if err != nil {
			return nil, "", err
		}
		return p.FollowUsers, p.NextCursor, nil
	})
	for fu, err := range rest {
		if err != nil {
			return nil, err
		}
		first.FollowUsers = append(first.FollowUsers, fu)
	}
	first.NextCursor = ""
	return first, nil
}

// GetPage returns one page of a customer's details: cursor is "" for the
// first page, then the previous page's NextCursor (only customers with more
// than 500 follow users have more than one page).
//
// WeCom API: GET /cgi-bin/externalcontact/get (获取客户详情),
// https://developer.work.weixin.qq.com/document/path/92114.
// EasyWeChat: none (its get sends no cursor). WxJava: getContactDetail(id, cursor).
func (c *Client) GetPage(ctx context.Context, externalUserID, cursor string) (*Contact, error) {
	if err := core.Required("external_userid", externalUserID); err != nil {
		return nil, err
	}
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return core.Do[Contact](ctx, c.core, epGet, q, nil)
}

// FollowInfo is one member's relation with a customer in a batch answer.
// Unlike FollowUser it carries tag ids only.
type FollowInfo struct {
	UserID      string `json:"userid"`
	Remark      string `json:"remark,omitempty"`
	Description string `json:"description,omitempty"`
	// CreateTime is when the member added the customer, in Unix seconds.
	CreateTime     int64           `json:"createtime"`
	TagIDs         []string        `json:"tag_id,omitempty"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles,omitempty"`
	OperUserID     string          `json:"oper_userid,omitempty"`
	AddWay         AddWay          `json:"add_way"`
	State          string          `json:"state,omitempty"`
	WeChatChannels *WeChatChannels `json:"wechat_channels,omitempty"`
}

// BatchContact is one (customer, member) pair of a batch answer.
type BatchContact struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowInfo      FollowInfo      `json:"follow_info"`
}

// BatchGetByUserRequest asks for the customers of up to 100 members.
type BatchGetByUserRequest struct {
	// UserIDs are the members (1 to 100).
	UserIDs []string `json:"userid_list"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 100; 0 means WeCom's default (50).
	Limit int `json:"limit,omitempty"`
}

func (r *BatchGetByUserRequest) validate() error {
	if r == nil {
		return &core.ArgError{Field: "request", Reason: "is nil"}
	}
	if err := core.IDList("userid_list", r.UserIDs, 100); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, 100)
}

// BatchGetByUserResponse is one page of BatchGetByUser.
type BatchGetByUserResponse struct {
	ExternalContactList []BatchContact `json:"external_contact_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// BatchGetByUser returns one page of the customers of the given members, one
// entry per (customer, member) pair.
//
// WeCom API: POST /cgi-bin/externalcontact/batch/get_by_user (批量获取客户详情),
// https://developer.work.weixin.qq.com/document/path/92994.
// EasyWeChat: external_contact->batchGetByUser / batchGet.
// WxJava: getContactDetailBatch. Read-only, so retried like a GET.
func (c *Client) BatchGetByUser(ctx context.Context, req *BatchGetByUserRequest) (*BatchGetByUserResponse, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	return core.Do[BatchGetByUserResponse](ctx, c.core, epBatchGetByUser, nil, req)
}

// BatchGetByUserAll walks every page of BatchGetByUser, starting at
// req.Cursor, yielding each (customer, member) pair. It stops after the
// first error and when the loop breaks. req is copied when BatchGetByUserAll
// is called, not modified.
//
//	for contact, err := range ec.BatchGetByUserAll(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: ids}) {
//		if err != nil { return err }
//		...
//	}
func (c *Client) BatchGetByUserAll(ctx context.Context, req *BatchGetByUserRequest) iter.Seq2[BatchContact, error] {
	if err := req.validate(); err != nil {
		return func(yield func(BatchContact, error) bool) { yield(BatchContact{}, err) }
	}
	base := *req
	base.UserIDs = slices.Clone(req.UserIDs)
	return core.Paginate(ctx, base.Cursor, func(ctx context.Context, cursor string) ([]BatchContact, string, error) {
		page := base
		page.Cursor = cursor
		resp, err := c.BatchGetByUser(ctx, &page)
		if err != nil {
			return nil, "", err
		}
		return resp.ExternalContactList, resp.NextCursor, nil
	})
}

// Endpoints of the calls below, with their retry class.
var (
	epGetFollowUsers        = core.Read("externalcontact/get_follow_user_list")
	epCustomerList          = core.Read("externalcontact/list")
	epRemark                = core.Write("externalcontact/remark")
	epCRMGetExternalContact = core.Read("crm/get_external_contact")
)

// GetFollowUsers returns the userids of the members who have the 客户联系
// (customer contact) feature, limited to the app's visible range. The result
// is empty when there are none.
//
// WeCom API: GET /cgi-bin/externalcontact/get_follow_user_list
// (获取配置了客户联系功能的成员列表),
// https://developer.work.weixin.qq.com/document/path/92571.
// EasyWeChat: external_contact->getFollowUsers. WxJava: listFollowers.
func (c *Client) GetFollowUsers(ctx context.Context) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := c.core.Call(ctx, epGetFollowUsers, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.FollowUser, nil
}

// List returns the external_userids of the customers the member userID has
// added. The member must have the 客户联系 feature and be in the app's
// visible range.
//
// A member without customers: WeCom answers errcode 84061 (not external
// contact) instead of an empty list. List turns that answer into an empty,
// non-nil slice and a nil error, since having no customers is not a failure
// (WxJava does the same). The price: 84061 means "no customer relation" in
// general, so List cannot tell such a member apart from other cases WeCom
// may answer 84061 for (a member without the 客户联系 feature, say); check
// GetFollowUsers when that matters. Every other errcode (40003 unknown
// userid, 84074 no permission or outside the visible range, ...) is returned
// as an *core.APIError.
//
// WeCom API: GET /cgi-bin/externalcontact/list (获取客户列表),
// https://developer.work.weixin.qq.com/document/path/92113.
// EasyWeChat: external_contact->list. WxJava: listExternalContacts.
func (c *Client) List(ctx context.Context, userID string) ([]string, error) {
	if err := core.Required("userid", userID); err != nil {
		return nil, err
	}
	var out struct {
		ExternalUserIDs []string `json:"external_userid"`
	}
	err := c.core.Call(ctx, epCustomerList, url.Values{"userid": {userID}}, nil, &out)
	if errors.Is(err, core.ErrNotExternalContact) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	if out.ExternalUserIDs == nil {
		out.ExternalUserIDs = []string{}
	}
	return out.ExternalUserIDs, nil
}

// RemarkRequest changes what a member noted about a customer (their remark).
// UserID and ExternalUserID are required; of the other fields at least one
// must be set. Empty fields are left out of the request.
type RemarkRequest struct {
	// UserID is the member whose note about the customer changes.
	UserID string `json:"userid"`
	// ExternalUserID is the customer.
	ExternalUserID string `json:"external_userid"`
	// Remark is the member's remark (name) for the customer, at most 20
	// characters.
	Remark string `json:"remark,omitempty"`
	// Description is a free-text description, at most 150 characters.
	Description string `json:"description,omitempty"`
	// RemarkCompany is the customer's company as noted by the member, at
	// most 20 characters. WeCom applies it only to WeChat customers (whose
	// external_userid starts with "wm"); for WeCom customers the company
	// comes from their own corp.
	RemarkCompany string `json:"remark_company,omitempty"`
	// RemarkMobiles replaces the noted phone numbers. nil or empty leaves
	// them unchanged; to delete them all set ClearRemarkMobiles instead.
	RemarkMobiles []string `json:"remark_mobiles,omitempty"`
	// ClearRemarkMobiles deletes every noted phone number. On the wire it is
	// sent as remark_mobiles [""], the form WeCom documents for clearing.
	// It cannot be combined with RemarkMobiles.
	ClearRemarkMobiles bool `json:"-"`
	// RemarkPicMediaID is the media_id of a picture (a business card, say)
	// uploaded with the temporary-media API (素材管理).
	RemarkPicMediaID string `json:"remark_pic_mediaid,omitempty"`
}

func (r *RemarkRequest) validate() error {
	if r == nil {
		return &core.ArgError{Field: "request", Reason: "is nil"}
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	if r.Remark == "" && r.Description == "" && r.RemarkCompany == "" &&
		len(r.RemarkMobiles) == 0 && !r.ClearRemarkMobiles && r.RemarkPicMediaID == "" {
		return &core.ArgError{Field: "remark", Reason: "remark, description, remark_company, remark_mobiles and remark_pic_mediaid must not all be empty"}
	}
	if err := core.MaxRunes("remark", r.Remark, 20); err != nil {
		return err
	}
	if err := core.MaxRunes("description", r.Description, 150); err != nil {
		return err
	}
	if err := core.MaxRunes("remark_company", r.RemarkCompany, 20); err != nil {
		return err
	}
	if r.ClearRemarkMobiles && len(r.RemarkMobiles) > 0 {
		return &core.ArgError{Field: "remark_mobiles", Reason: "must be empty when ClearRemarkMobiles is set"}
	}
	for i, m := range r.RemarkMobiles {
		if m == "" {
			return &core.ArgError{Field: "remark_mobiles", Reason: "number #" + strconv.Itoa(i) + " is empty (set ClearRemarkMobiles to delete all numbers)"}
		}
	}
	return nil
}

// Remark changes a member's remark, description, company, phone numbers or
// picture for one customer (修改客户备注信息). It changes state, so it is
// never re-sent once it may have reached WeCom.
//
// WeCom API: POST /cgi-bin/externalcontact/remark (修改客户备注信息),
// https://developer.work.weixin.qq.com/document/path/92115.
// EasyWeChat: external_contact->remark. WxJava: updateRemark.
func (c *Client) Remark(ctx context.Context, req *RemarkRequest) error {
	if err := req.validate(); err != nil {
		return err
	}
	body := *req
	if req.ClearRemarkMobiles {
		body.RemarkMobiles = []string{""} // WeCom's form for "delete them all"
	}
	return c.core.Call(ctx, epRemark, nil, &body, nil)
}

// GetExternalContact returns a customer with the members who added them,
// through WeCom's legacy CRM path. That path is no longer documented and does
// not page follow_user; NextCursor is always empty.
//
// WeCom API: GET /cgi-bin/crm/get_external_contact (legacy, superseded by
// externalcontact/get; no current doc page).
// EasyWeChat: none. WxJava: getExternalContact (deprecated there too).
//
// Deprecated: use Get instead, which calls the current externalcontact/get
// and returns the same Contact.
func (c *Client) GetExternalContact(ctx context.Context, externalUserID string) (*Contact, error) {
	if err := core.Required("external_userid", externalUserID); err != nil {
		return nil, err
	}
	return core.Do[Contact](ctx, c.core, epCRMGetExternalContact, url.Values{"external_userid": {externalUserID}}, nil)
}
