package message

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

var epGetGroupMsgResult = endpoints.Add(core.ReadPost("externalcontact/get_group_msg_result"), core.Meta{
	Doc: "16251", Title: "获取企业群发消息发送结果", EasyWeChat: "external_contact_message->get", WxJava: "getGroupMsgResult",
	Note: "Deprecated by WeCom: use GetGroupMsgTask and GetGroupMsgSendResult. No cursor is sent when there is none (EasyWeChat sends null)."})

// MaxResultLimit bounds GroupMsgResultRequest.Limit (also WeCom's default).
const MaxResultLimit = 10000

// GroupMsgResultRequest is get_group_msg_result's request.
type GroupMsgResultRequest struct {
	// MsgID is the mass message.
	MsgID string `json:"msgid"`
	// Limit is the page size, 1..10000 (0: WeCom's default, 10000).
	Limit int `json:"limit,omitempty"`
	// Cursor is the page to read ("" for the first).
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent.
func (r *GroupMsgResultRequest) Validate() error {
	if err := core.Required("msgid", r.MsgID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxResultLimit)
}

// GroupMsgResultResponse is one page of get_group_msg_result: every
// recipient of every sender.
type GroupMsgResultResponse struct {
	DetailList []SendResult `json:"detail_list"`
	// NextCursor is the next page's cursor, "" after the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// Get returns one page of a mass message's results for every sender
// (获取企业群发消息发送结果), through the endpoint WeCom replaced.
//
// Deprecated: WeCom superseded get_group_msg_result with
// get_groupmsg_task and get_groupmsg_send_result; use GetGroupMsgTask and
// GetGroupMsgSendResult. Get is kept for code ported from EasyWeChat's get
// and WxJava's getGroupMsgResult. Unlike EasyWeChat it sends no cursor
// when there is none (EasyWeChat sends null).
//
// WeCom API: POST /cgi-bin/externalcontact/get_group_msg_result, https://developer.work.weixin.qq.com/document/path/16251
// EasyWeChat: external_contact_message->get. WxJava: getGroupMsgResult.
func (c *Client) Get(ctx context.Context, req *GroupMsgResultRequest) (*GroupMsgResultResponse, error) {
	return core.Send[GroupMsgResultResponse](ctx, c.core, epGetGroupMsgResult, req)
}
