package externalcontact

import (
	"context"
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

var epContactList = endpoints.Add(core.ReadPost("externalcontact/contact_list"), core.Meta{
	Doc: "99434", Title: "获取已服务的外部联系人", WxJava: "getContactList",
	Note: "a limit above 1000 is sent as 1000; ContactListAll walks every page"})

// maxContactListLimit is the largest page the SDK asks contact_list for.
const maxContactListLimit = 1000

// ServedContact is one external contact the corp's members have served
// (info_list of 获取已服务的外部联系人): either added by a member or met in a
// group chat. The same person can appear several times, once per member or
// chat; TmpOpenID identifies them across entries.
type ServedContact struct {
	// IsCustomer reports whether a member marked the contact as a customer.
	IsCustomer bool `json:"is_customer"`
	// TmpOpenID is a temporary id of the contact, valid for 4 hours: use it
	// to de-duplicate the entries of one walk, never store it.
	TmpOpenID string `json:"tmp_openid"`
	// ExternalUserID is set only for customers (IsCustomer).
	ExternalUserID string `json:"external_userid,omitempty"`
	// Name is the contact's masked nickname, set only for non-customers.
	Name string `json:"name,omitempty"`
	// FollowUserID is the member who added the contact or, for a contact
	// met in a group chat, the chat's owner.
	FollowUserID string `json:"follow_userid,omitempty"`
	// ChatID is the group chat the contact is in, set only when a member
	// marked that chat as a customer group (客户群).
	ChatID string `json:"chat_id,omitempty"`
	// ChatName is the name of the group chat the contact is in, set only
	// when the chat is not a customer group.
	ChatName string `json:"chat_name,omitempty"`
	// AddTime is when the contact was first added or joined the chat, in
	// Unix seconds.
	AddTime int64 `json:"add_time"`
}

// ContactListResponse is one page of ContactList.
type ContactListResponse struct {
	InfoList []ServedContact `json:"info_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

type contactListRequest struct {
	Cursor string `json:"cursor,omitempty"`
	Limit  int    `json:"limit,omitempty"`
}

// Validate checks the request before it is sent.
func (r *contactListRequest) Validate() error {
	if r.Limit < 0 {
		return &core.ArgError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// ContactList returns one page of every external contact the members have
// served, customers or not, with who added them and their group chats.
// cursor is "" first, then NextCursor; limit 0 leaves WeCom's default (1000).
//
// WeCom API: POST /cgi-bin/externalcontact/contact_list (获取已服务的外部联系人), https://developer.work.weixin.qq.com/document/path/99434.
// EasyWeChat: none. WxJava: getContactList.
func (c *Client) ContactList(ctx context.Context, cursor string, limit int) (*ContactListResponse, error) {
	return core.Send[ContactListResponse](ctx, c.core, epContactList, &contactListRequest{cursor, min(limit, maxContactListLimit)})
}

// ContactListAll walks every page of ContactList from the first, yielding
// each served contact; limit is the page size as for ContactList. It stops
// after the first error and when the loop breaks. Entries are yielded as
// WeCom sends them: de-duplicate by TmpOpenID if one row per person is
// wanted.
func (c *Client) ContactListAll(ctx context.Context, limit int) iter.Seq2[ServedContact, error] {
	return core.Walk(ctx, "", func(ctx context.Context, cursor string) (*ContactListResponse, error) {
		return c.ContactList(ctx, cursor, limit)
	}, func(p *ContactListResponse) []ServedContact { return p.InfoList },
		func(p *ContactListResponse) string { return p.NextCursor })
}
