package acquisition

import (
	"context"
	"iter"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epCustomer = endpoints.Add(core.ReadPost("externalcontact/customer_acquisition/customer"), core.Meta{
		Doc: "97298", Title: "获取由获客链接添加的客户信息", WxJava: "customerAcquisitionCustomer",
		Note: "EasyWeChat has none; limit 1 to 1000 (refused above), CustomersAll walks the cursor"})
	epGetChatInfo = endpoints.Add(core.ReadPost("externalcontact/customer_acquisition/get_chat_info"), core.Meta{
		Doc: "101361", Title: "获取成员多次收消息详情",
		Note: "neither EasyWeChat nor WxJava has it; the chat_key of a message_from_customer event is valid 30 minutes"})
)

// MaxCustomersLimit is the largest page of Customers: 1000 customers.
const MaxCustomersLimit = 1000

// ChatStatus says whether a customer has written to the member
// (chat_status).
type ChatStatus int

// Chat statuses.
const (
	ChatNotStarted ChatStatus = 0 // 客户未发消息
	ChatStarted    ChatStatus = 1 // 客户已发送消息
	ChatUnknown    ChatStatus = 2 // 客户发送消息状态未知
)

// String names the status.
func (s ChatStatus) String() string {
	switch s {
	case ChatNotStarted:
		return "not started"
	case ChatStarted:
		return "started"
	case ChatUnknown:
		return "unknown"
	}
	return "ChatStatus(" + strconv.Itoa(int(s)) + ")"
}

// CustomersRequest asks for one page of the customers a link brought.
type CustomersRequest struct {
	// LinkID is the link (link_id, required).
	LinkID string `json:"link_id"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 1000; 0 leaves WeCom's default.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the link id and the limit.
func (r *CustomersRequest) Validate() error {
	if err := core.Required("link_id", r.LinkID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxCustomersLimit)
}

// Customer is a customer who added a member through a link
// (customer_list). A customer who added two members of the link is listed
// twice.
type Customer struct {
	// ExternalUserID is the customer.
	ExternalUserID string `json:"external_userid"`
	// UserID is the member the customer added.
	UserID string `json:"userid"`
	// ChatStatus says whether the customer has written to the member.
	ChatStatus ChatStatus `json:"chat_status"`
	// State is the customer_channel of the URL the customer came through
	// (see ChannelURL), "" for the plain link.
	State string `json:"state"`
}

// CustomersResponse is one page of a link's customers.
type CustomersResponse struct {
	Customers  []Customer `json:"customer_list"`
	NextCursor string     `json:"next_cursor"`
}

// Customers returns one page of the customers who added a member through a
// link (获取由获客链接添加的客户信息), with the channel they came through and
// whether they have written yet.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/customer (获取获客客户列表), https://developer.work.weixin.qq.com/document/path/97298.
// EasyWeChat: none. WxJava: customerAcquisitionCustomer.
func (c *Client) Customers(ctx context.Context, req *CustomersRequest) (*CustomersResponse, error) {
	r, err := core.Send[CustomersResponse](ctx, c.core, epCustomer, req)
	return r, refused(epCustomer, err)
}

// CustomersAll walks every page of Customers from req.Cursor, yielding
// each customer. It stops after the first error.
func (c *Client) CustomersAll(ctx context.Context, req *CustomersRequest) iter.Seq2[Customer, error] {
	var base CustomersRequest
	if req != nil {
		base = *req
	}
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*CustomersResponse, error) {
		r := base
		r.Cursor = cursor
		return c.Customers(ctx, &r)
	}, func(p *CustomersResponse) []Customer { return p.Customers }, func(p *CustomersResponse) string { return p.NextCursor })
}

// ChatKeyTTL is how long the ChatKey of a message_from_customer event
// (成员多次收消息事件) can be used with GetChatInfo: 30 minutes.
const ChatKeyTTL = 30 * time.Minute

// ChatInfo is what a member received from a customer who came through a
// link (chat_info).
type ChatInfo struct {
	// RecvMsgCount is how many messages the member has received from the
	// customer (recv_msg_cnt).
	RecvMsgCount int `json:"recv_msg_cnt"`
	// LinkID is the link the customer came through.
	LinkID string `json:"link_id"`
	// State is the customer_channel of the URL the customer came through.
	State string `json:"state"`
}

// ChatInfoResponse is the chat a chat_key stands for.
type ChatInfoResponse struct {
	// UserID is the member.
	UserID string `json:"userid"`
	// ExternalUserID is the customer.
	ExternalUserID string `json:"external_userid"`
	// ChatInfo is what the member received.
	ChatInfo ChatInfo `json:"chat_info"`
}

type chatKeyBody struct {
	ChatKey string `json:"chat_key"`
}

// GetChatInfo returns the member, the customer and the messages behind the
// ChatKey of a message_from_customer event (获取成员多次收消息详情), for 30
// minutes after it (ChatKeyTTL; see Events in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/get_chat_info (获取成员多次收消息详情), https://developer.work.weixin.qq.com/document/path/101361.
// EasyWeChat: none. WxJava: none.
func (c *Client) GetChatInfo(ctx context.Context, chatKey string) (*ChatInfoResponse, error) {
	if err := core.Named(epGetChatInfo, core.Required("chat_key", chatKey)); err != nil {
		return nil, err
	}
	r, err := core.Send[ChatInfoResponse](ctx, c.core, epGetChatInfo, &chatKeyBody{ChatKey: chatKey})
	return r, refused(epGetChatInfo, err)
}
