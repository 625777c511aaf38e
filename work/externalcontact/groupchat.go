package externalcontact

import (
	"context"
	"iter"
	"slices"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Sentinels for the errcodes of customer group chats, as listed in WeCom's
// global error code table (全局错误码,
// https://developer.work.weixin.qq.com/document/path/90313). The transfer
// calls report most of them per chat (see FailedGroupChat.Err).
var (
	// ErrGroupChatTooManyOwners is errcode 81017 (请求个数超过限制). GetGroupChats
	// answers it when OwnerFilter is empty and the app's visible range holds
	// more than 1000 members: filter by owner instead.
	ErrGroupChatTooManyOwners = &core.APIError{Code: 81017, Message: "too many items requested"}
	// ErrChatOwnerNotResigned is errcode 90500 (群主并未离职): TransferGroupChat
	// (离职继承) was given a chat whose owner is still on the job; use
	// OnJobTransferGroupChat.
	ErrChatOwnerNotResigned = &core.APIError{Code: 90500, Message: "chat owner has not resigned"}
	// ErrNotCustomerGroupChat is errcode 90501 (该群不是客户群): the chat is
	// not a customer group chat.
	ErrNotCustomerGroupChat = &core.APIError{Code: 90501, Message: "not a customer group chat"}
	// ErrChatOwnerResigned is errcode 90502 (群主已经离职):
	// OnJobTransferGroupChat was given a chat whose owner has resigned; use
	// TransferGroupChat.
	ErrChatOwnerResigned = &core.APIError{Code: 90502, Message: "chat owner has resigned"}
	// ErrChatOwnerUnchanged is errcode 90504 (群主没变): the new owner already
	// owns the chat.
	ErrChatOwnerUnchanged = &core.APIError{Code: 90504, Message: "chat owner unchanged"}
	// ErrChatTransferInProgress is errcode 90507 (离职群正在继承处理中).
	ErrChatTransferInProgress = &core.APIError{Code: 90507, Message: "chat transfer in progress"}
	// ErrChatAlreadyTransferred is errcode 90508 (离职群已经继承).
	ErrChatAlreadyTransferred = &core.APIError{Code: 90508, Message: "chat already transferred"}
)

// GroupChatStatus is a group chat's follow-up status (group_chat_list.status).
type GroupChatStatus int

// Group chat statuses. Values WeCom adds later decode fine and print as
// GroupChatStatus(n).
const (
	GroupChatNormal        GroupChatStatus = 0 // 跟进人正常
	GroupChatOwnerResigned GroupChatStatus = 1 // 跟进人离职
	GroupChatTransferring  GroupChatStatus = 2 // 离职继承中
	GroupChatTransferred   GroupChatStatus = 3 // 离职继承完成
)

// String returns the status's name.
func (s GroupChatStatus) String() string {
	switch s {
	case GroupChatNormal:
		return "normal"
	case GroupChatOwnerResigned:
		return "owner_resigned"
	case GroupChatTransferring:
		return "transferring"
	case GroupChatTransferred:
		return "transferred"
	}
	return "GroupChatStatus(" + strconv.Itoa(int(s)) + ")"
}

// GroupChatStatusFilter selects group chats by follow-up status
// (status_filter).
type GroupChatStatusFilter int

// Status filters.
const (
	GroupChatFilterAll           GroupChatStatusFilter = 0 // 所有列表 (no filter, the default)
	GroupChatFilterOwnerResigned GroupChatStatusFilter = 1 // 离职待继承
	GroupChatFilterTransferring  GroupChatStatusFilter = 2 // 离职继承中
	GroupChatFilterTransferred   GroupChatStatusFilter = 3 // 离职继承完成
)

// String returns the filter's name.
func (f GroupChatStatusFilter) String() string {
	switch f {
	case GroupChatFilterAll:
		return "all"
	case GroupChatFilterOwnerResigned:
		return "owner_resigned"
	case GroupChatFilterTransferring:
		return "transferring"
	case GroupChatFilterTransferred:
		return "transferred"
	}
	return "GroupChatStatusFilter(" + strconv.Itoa(int(f)) + ")"
}

// ---- 获取客户群列表 ----

// DefaultGroupChatsLimit is the page size GetGroupChats sends when
// GetGroupChatsRequest.Limit is 0. WeCom requires limit (1 to 1000) and has no
// default; the SDK sends the maximum, since the entries are small and fewer
// pages mean fewer calls against the rate limit.
const DefaultGroupChatsLimit = 1000

// GroupChatOwnerFilter selects group chats by owner (owner_filter).
type GroupChatOwnerFilter struct {
	// UserIDs are the owners (at most 100).
	UserIDs []string `json:"userid_list,omitempty"`
}

// GetGroupChatsRequest asks for one page of customer group chats.
type GetGroupChatsRequest struct {
	// StatusFilter selects chats by follow-up status; the zero value
	// (GroupChatFilterAll) does not filter.
	StatusFilter GroupChatStatusFilter `json:"status_filter,omitempty"`
	// OwnerFilter selects chats by owner. nil means every owner in the app's
	// visible range, which WeCom refuses (ErrGroupChatTooManyOwners) when
	// that range holds more than 1000 members.
	OwnerFilter *GroupChatOwnerFilter `json:"owner_filter,omitempty"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 1000. WeCom requires it: 0 sends
	// DefaultGroupChatsLimit (1000).
	Limit int `json:"limit"`
}

// Validate checks the request before it is sent; nil is a valid request
// (every field is optional).
func (r *GetGroupChatsRequest) Validate() error {
	if r == nil {
		return nil
	}
	if r.OwnerFilter != nil {
		if err := core.OptionalIDList("owner_filter.userid_list", r.OwnerFilter.UserIDs, 100); err != nil {
			return err
		}
	}
	return core.Limit("limit", r.Limit, 1, 1000)
}

// GroupChatSummary is one entry of a group chat list.
type GroupChatSummary struct {
	ChatID string          `json:"chat_id"`
	Status GroupChatStatus `json:"status"`
}

// GetGroupChatsResponse is one page of GetGroupChats.
type GetGroupChatsResponse struct {
	GroupChats []GroupChatSummary `json:"group_chat_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

var epGetGroupChats = endpoints.Add(core.ReadPost("externalcontact/groupchat/list"), core.Meta{
	Doc: "92120", Title: "获取客户群列表", EasyWeChat: "getGroupChats", WxJava: "listGroupChat",
	Note: "cursor paging only (not WxJava's offset/partyid_list form); limit 0 sends 1000, above 1000 is refused"})

// GetGroupChats returns one page of the customer group chats (客户群) owned
// by members in the app's visible range; a nil req asks for the first page of
// every chat. A limit above 1000 is refused, as WeCom refuses it.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/list (获取客户群列表), https://developer.work.weixin.qq.com/document/path/92120.
// EasyWeChat: external_contact->getGroupChats. WxJava: listGroupChat (its cursor form).
func (c *Client) GetGroupChats(ctx context.Context, req *GetGroupChatsRequest) (*GetGroupChatsResponse, error) {
	var body GetGroupChatsRequest
	if req != nil {
		body = *req
	}
	if body.Limit == 0 {
		body.Limit = DefaultGroupChatsLimit
	}
	return core.Send[GetGroupChatsResponse](ctx, c.core, epGetGroupChats, &body)
}

// GetGroupChatsAll walks every page of GetGroupChats, starting at
// req.Cursor, yielding each chat. It stops after the first error and when
// the loop breaks. req is copied when GetGroupChatsAll is called, not
// modified.
func (c *Client) GetGroupChatsAll(ctx context.Context, req *GetGroupChatsRequest) iter.Seq2[GroupChatSummary, error] {
	if err := core.Named(epGetGroupChats, req.Validate()); err != nil {
		return failed[GroupChatSummary](err)
	}
	var base GetGroupChatsRequest
	if req != nil {
		base = *req
	}
	if base.OwnerFilter != nil {
		base.OwnerFilter = &GroupChatOwnerFilter{UserIDs: slices.Clone(req.OwnerFilter.UserIDs)}
	}
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*GetGroupChatsResponse, error) {
		page := base
		page.Cursor = cursor
		return c.GetGroupChats(ctx, &page)
	}, func(p *GetGroupChatsResponse) []GroupChatSummary { return p.GroupChats },
		func(p *GetGroupChatsResponse) string { return p.NextCursor })
}

// ---- 获取客户群详情 ----

// GroupChatMemberType says whether a group chat member is a member of the
// corp or a customer (member_list.type).
type GroupChatMemberType int

// Group chat member types.
const (
	GroupChatMemberInternal GroupChatMemberType = 1 // 企业成员
	GroupChatMemberExternal GroupChatMemberType = 2 // 外部联系人
)

// String returns the type's name.
func (t GroupChatMemberType) String() string {
	switch t {
	case GroupChatMemberInternal:
		return "internal"
	case GroupChatMemberExternal:
		return "external"
	}
	return "GroupChatMemberType(" + strconv.Itoa(int(t)) + ")"
}

// GroupChatJoinScene says how a member joined a group chat
// (member_list.join_scene).
type GroupChatJoinScene int

// Join scenes. Values WeCom adds later decode fine and print as
// GroupChatJoinScene(n).
const (
	GroupChatJoinDirectInvite GroupChatJoinScene = 1 // 由群成员邀请入群（直接邀请入群）
	GroupChatJoinInviteLink   GroupChatJoinScene = 2 // 由群成员邀请入群（通过邀请链接入群）
	GroupChatJoinQRCode       GroupChatJoinScene = 3 // 通过扫描群二维码入群
)

// String returns the scene's name.
func (s GroupChatJoinScene) String() string {
	switch s {
	case GroupChatJoinDirectInvite:
		return "direct_invite"
	case GroupChatJoinInviteLink:
		return "invite_link"
	case GroupChatJoinQRCode:
		return "qrcode"
	}
	return "GroupChatJoinScene(" + strconv.Itoa(int(s)) + ")"
}

// GroupChatInvitor is the member who invited someone into a group chat.
type GroupChatInvitor struct {
	UserID string `json:"userid"`
}

// GroupChatAdmin is an administrator of a group chat.
type GroupChatAdmin struct {
	UserID string `json:"userid"`
}

// GroupChatMember is one member of a group chat (member_list).
type GroupChatMember struct {
	// UserID is a member's userid, or a customer's external_userid when
	// Type is GroupChatMemberExternal.
	UserID string              `json:"userid"`
	Type   GroupChatMemberType `json:"type"`
	// UnionID is a WeChat customer's unionid; only when the corp has bound a
	// WeChat developer account.
	UnionID string `json:"unionid,omitempty"`
	// JoinTime is when the member joined, in Unix seconds.
	JoinTime  int64              `json:"join_time"`
	JoinScene GroupChatJoinScene `json:"join_scene"`
	// Invitor is who invited the member; nil when they joined by themselves
	// (e.g. by QR code) or WeCom does not say.
	Invitor *GroupChatInvitor `json:"invitor,omitempty"`
	// GroupNickname is the member's nickname in this chat.
	GroupNickname string `json:"group_nickname,omitempty"`
	// Name is the member's name; only when asked for (needName).
	Name string `json:"name,omitempty"`
	// State is the state of the 「加入群聊」 config through which the member
	// joined, if any.
	State string `json:"state,omitempty"`
}

// GroupChat is a customer group chat's details (group_chat).
type GroupChat struct {
	ChatID string `json:"chat_id"`
	Name   string `json:"name"`
	// Owner is the userid of the chat's owner (群主).
	Owner string `json:"owner"`
	// CreateTime is when the chat was created, in Unix seconds.
	CreateTime int64             `json:"create_time"`
	Notice     string            `json:"notice,omitempty"`
	Members    []GroupChatMember `json:"member_list"`
	Admins     []GroupChatAdmin  `json:"admin_list,omitempty"`
	// MemberVersion changes whenever the member list changes; compare it
	// with the one of a change_external_chat callback.
	MemberVersion string `json:"member_version,omitempty"`
}

var epGetGroupChat = endpoints.Add(core.ReadPost("externalcontact/groupchat/get"), core.Meta{
	Doc: "92122", Title: "获取客户群详情", EasyWeChat: "getGroupChat", WxJava: "getGroupChat",
	Note: "needName is a bool, sent as need_name 0 or 1"})

type groupChatGetRequest struct {
	ChatID   string `json:"chat_id"`
	NeedName int    `json:"need_name"`
}

// Validate checks the request before it is sent.
func (r *groupChatGetRequest) Validate() error { return core.Required("chat_id", r.ChatID) }

type groupChatGetResponse struct {
	GroupChat GroupChat `json:"group_chat"`
}

// GetGroupChat returns a customer group chat's owner, members and
// administrators; with needName (sent as need_name 1) WeCom fills in the
// members' names too.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/get (获取客户群详情), https://developer.work.weixin.qq.com/document/path/92122.
// EasyWeChat: external_contact->getGroupChat. WxJava: getGroupChat.
func (c *Client) GetGroupChat(ctx context.Context, chatID string, needName bool) (*GroupChat, error) {
	req := &groupChatGetRequest{ChatID: chatID}
	if needName {
		req.NeedName = 1
	}
	out, err := core.Send[groupChatGetResponse](ctx, c.core, epGetGroupChat, req)
	return pick(out, err, func(r *groupChatGetResponse) *GroupChat { return &r.GroupChat })
}

// ---- 分配离职 / 在职成员的客户群 ----

var (
	epTransferGroupChat = endpoints.Add(core.Write("externalcontact/groupchat/transfer"), core.Meta{
		Doc: "92127", Title: "分配离职成员的客户群", EasyWeChat: "transferGroupChat", WxJava: "transferGroupChat"})
	epOnJobTransferGroupChat = endpoints.Add(core.Write("externalcontact/groupchat/onjob_transfer"), core.Meta{
		Doc: "95703", Title: "分配在职成员的客户群", WxJava: "onjobTransferGroupChat"})
)

// FailedGroupChat is a chat WeCom could not hand to the new owner (one entry
// of failed_chat_list): the chat and its errcode and errmsg.
type FailedGroupChat struct {
	ChatID string `json:"chat_id"`
	core.ItemResult

	path string // the API that answered, for Err
}

// Err returns the failure as an *core.APIError, so errors.Is matches the
// sentinels (ErrChatOwnerNotResigned, ErrNotCustomerGroupChat ...). It is nil
// if ErrCode is 0.
func (f FailedGroupChat) Err() error { return itemErr(f.ItemResult, f.path, "chat "+f.ChatID) }

// String shows the chat and its errcode.
func (f FailedGroupChat) String() string { return "chat " + f.ChatID + ": " + f.ItemResult.String() }

// TransferGroupChatResponse is the answer of TransferGroupChat and
// OnJobTransferGroupChat: the chats not listed were handed over.
type TransferGroupChatResponse struct {
	FailedChats []FailedGroupChat `json:"failed_chat_list"`
}

type groupChatTransferRequest struct {
	ChatIDs  []string `json:"chat_id_list"`
	NewOwner string   `json:"new_owner"`
}

// Validate checks the request before it is sent.
func (r *groupChatTransferRequest) Validate() error {
	if err := core.IDList("chat_id_list", r.ChatIDs, 100); err != nil {
		return err
	}
	return core.Required("new_owner", r.NewOwner)
}

func (c *Client) transferGroupChat(ctx context.Context, ep core.Endpoint, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error) {
	out, err := core.Send[TransferGroupChatResponse](ctx, c.core, ep, &groupChatTransferRequest{chatIDs, newOwner})
	if err != nil {
		return nil, err
	}
	for i := range out.FailedChats {
		out.FailedChats[i].path = ep.Path
	}
	return out, nil
}

// TransferGroupChat hands up to 100 customer group chats of resigned owners to
// a new owner (分配离职成员的客户群); the chats in resp.FailedChats were not
// handed over (see Group chats in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/transfer (分配离职成员的客户群), https://developer.work.weixin.qq.com/document/path/92127.
// EasyWeChat: external_contact->transferGroupChat. WxJava: transferGroupChat.
func (c *Client) TransferGroupChat(ctx context.Context, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error) {
	return c.transferGroupChat(ctx, epTransferGroupChat, chatIDs, newOwner)
}

// OnJobTransferGroupChat hands up to 100 customer group chats of owners still
// on the job to a new owner (分配在职成员的客户群); the chats in
// resp.FailedChats were not handed over.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/onjob_transfer (分配在职成员的客户群), https://developer.work.weixin.qq.com/document/path/95703.
// EasyWeChat: none. WxJava: onjobTransferGroupChat.
func (c *Client) OnJobTransferGroupChat(ctx context.Context, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error) {
	return c.transferGroupChat(ctx, epOnJobTransferGroupChat, chatIDs, newOwner)
}
