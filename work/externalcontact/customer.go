package externalcontact

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
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

	// The fields below are set only for the parents of a school's 家校沟通
	// contacts (the 家校沟通 version of 获取客户详情).

	// ForeignKey is the key the school gave the parent on import (外部联系人
	// 在学校通讯录中的外部标识).
	ForeignKey string `json:"foreign_key,omitempty"`
	// IsSubscribe is 1 when the parent follows the school's 「学校通知」, 0
	// otherwise.
	IsSubscribe int `json:"is_subscribe,omitempty"`
	// SubscriberInfo is what the school noted about the parent as a
	// subscriber of its notices; nil when WeCom sends none.
	SubscriberInfo *SubscriberInfo `json:"subscriber_info,omitempty"`
}

// SubscriberInfo is what a school noted about a parent following its
// 「学校通知」 (subscriber_info).
type SubscriberInfo struct {
	// TagIDs are the tags put on the parent.
	TagIDs []string `json:"tag_id,omitempty"`
	// RemarkMobiles are the phone numbers noted for the parent.
	RemarkMobiles []string `json:"remark_mobiles,omitempty"`
	// Remark is the school's remark for the parent (e.g. 李小明-爸爸).
	Remark string `json:"remark,omitempty"`
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

var epGet = endpoints.Add(core.Read("externalcontact/get"), core.Meta{
	Doc: "92114", Title: "获取客户详情", EasyWeChat: "get", WxJava: "getContactDetail",
	Note: "Get follows next_cursor past 500 follow users and merges the pages (EasyWeChat sends no cursor); GetPage pages by hand"})

// Get returns a customer (external contact) with every member who added
// them: past 500 follow users it follows next_cursor and merges the pages
// (GetPage pages by hand).
//
// WeCom API: GET /cgi-bin/externalcontact/get (获取客户详情), https://developer.work.weixin.qq.com/document/path/92114.
// EasyWeChat: external_contact->get. WxJava: getContactDetail.
func (c *Client) Get(ctx context.Context, externalUserID string) (*Contact, error) {
	first, err := c.GetPage(ctx, externalUserID, "")
	if err != nil {
		return nil, err
	}
	if first.NextCursor != "" && len(first.FollowUsers) > 0 {
		rest := core.Walk(ctx, first.NextCursor, func(ctx context.Context, cursor string) (*Contact, error) {
			return c.GetPage(ctx, externalUserID, cursor)
		}, func(p *Contact) []FollowUser { return p.FollowUsers }, func(p *Contact) string {
			if len(p.FollowUsers) == 0 {
				return "" // the end, even when WeCom hands a cursor back
			}
			return p.NextCursor
		})
		for fu, err := range rest {
			if err != nil {
				return nil, err
			}
			first.FollowUsers = append(first.FollowUsers, fu)
		}
	}
	first.NextCursor = ""
	return first, nil
}

// GetPage returns one page of a customer's details: cursor is "" for the
// first page, then the previous page's NextCursor (only customers with more
// than 500 follow users have more than one page).
//
// WeCom API: GET /cgi-bin/externalcontact/get (获取客户详情), https://developer.work.weixin.qq.com/document/path/92114.
// EasyWeChat: none (its get sends no cursor). WxJava: getContactDetail(id, cursor).
func (c *Client) GetPage(ctx context.Context, externalUserID, cursor string) (*Contact, error) {
	if err := core.Named(epGet, core.Required("external_userid", externalUserID)); err != nil {
		return nil, err
	}
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return core.Get[Contact](ctx, c.core, epGet, q)
}

var epCRMGetExternalContact = endpoints.Add(core.Read("crm/get_external_contact"), core.Meta{
	// The legacy path has no page of its own any more: Doc is the page of
	// externalcontact/get, which superseded it.
	Doc: "92114", Title: "获取外部联系人详情（旧接口）", WxJava: "getExternalContact",
	Note: "deprecated: use Get (externalcontact/get), which returns the same Contact"})

// GetExternalContact returns a customer with the members who added them,
// through WeCom's legacy CRM path, which does not page follow_user.
//
// WeCom API: GET /cgi-bin/crm/get_external_contact (legacy; superseded by externalcontact/get, https://developer.work.weixin.qq.com/document/path/92114).
// EasyWeChat: none. WxJava: getExternalContact (deprecated there too).
//
// Deprecated: use Get instead, which calls the current externalcontact/get
// and returns the same Contact.
func (c *Client) GetExternalContact(ctx context.Context, externalUserID string) (*Contact, error) {
	if err := core.Named(epCRMGetExternalContact, core.Required("external_userid", externalUserID)); err != nil {
		return nil, err
	}
	return core.Get[Contact](ctx, c.core, epCRMGetExternalContact, url.Values{"external_userid": {externalUserID}})
}

// ---- 获取客户列表, 配置了客户联系功能的成员 ----

var (
	epGetFollowUsers = endpoints.Add(core.Read("externalcontact/get_follow_user_list"), core.Meta{
		Doc: "92571", Title: "获取配置了客户联系功能的成员列表", EasyWeChat: "getFollowUsers", WxJava: "listFollowers"})
	epCustomerList = endpoints.Add(core.Read("externalcontact/list"), core.Meta{
		Doc: "92113", Title: "获取客户列表", EasyWeChat: "list", WxJava: "listExternalContacts",
		Note: "errcode 84061 (a member without customers) is an empty list, as in WxJava"})
)

type followUserList struct {
	FollowUser []string `json:"follow_user"`
}

// GetFollowUsers returns the userids of the members with the 客户联系
// feature in the app's visible range (empty when there are none).
//
// WeCom API: GET /cgi-bin/externalcontact/get_follow_user_list (获取配置了客户联系功能的成员列表), https://developer.work.weixin.qq.com/document/path/92571.
// EasyWeChat: external_contact->getFollowUsers. WxJava: listFollowers.
func (c *Client) GetFollowUsers(ctx context.Context) ([]string, error) {
	out, err := core.Get[followUserList](ctx, c.core, epGetFollowUsers, nil)
	return pick(out, err, func(r *followUserList) []string { return r.FollowUser })
}

type customerList struct {
	ExternalUserIDs []string `json:"external_userid"`
}

// List returns the external_userids of the customers member userID added; a
// member without customers, which WeCom answers with errcode 84061, gets an
// empty list (see Customers in the package doc).
//
// WeCom API: GET /cgi-bin/externalcontact/list (获取客户列表), https://developer.work.weixin.qq.com/document/path/92113.
// EasyWeChat: external_contact->list. WxJava: listExternalContacts.
func (c *Client) List(ctx context.Context, userID string) ([]string, error) {
	if err := core.Named(epCustomerList, core.Required("userid", userID)); err != nil {
		return nil, err
	}
	out, err := core.Get[customerList](ctx, c.core, epCustomerList, url.Values{"userid": {userID}})
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
