package message

import (
	"context"
	"iter"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epGetGroupMsgTask = endpoints.Add(core.ReadPost("externalcontact/get_groupmsg_task"), core.Meta{
		Doc: "93338", Title: "获取群发成员发送任务列表", EasyWeChat: "external_contact_message->getGroupmsgTask", WxJava: "getGroupMsgTask"})
	epGetGroupMsgSendResult = endpoints.Add(core.ReadPost("externalcontact/get_groupmsg_send_result"), core.Meta{
		Doc: "93338", Title: "获取企业群发成员执行结果", EasyWeChat: "external_contact_message->getGroupmsgSendResult", WxJava: "getGroupMsgSendResult"})
	epRemindGroupMsgSend = endpoints.Add(core.SendOnce("externalcontact/remind_groupmsg_send"), core.Meta{
		Doc: "97610", Title: "提醒成员群发", WxJava: "remindGroupMsgSend",
		Note: "Not in EasyWeChat v5. A SendOnce: never re-sent once it may have reached WeCom."})
	epCancelGroupMsgSend = endpoints.Add(core.Write("externalcontact/cancel_groupmsg_send"), core.Meta{
		Doc: "97611", Title: "停止企业群发", WxJava: "cancelGroupMsgSend", Note: "Not in EasyWeChat v5."})
)

// MaxTaskLimit bounds the page size of GetGroupMsgTask and
// GetGroupMsgSendResult (WeCom's default is 500).
const MaxTaskLimit = 1000

// MaxReminders is how often WeCom lets Remind nudge the senders of one
// mass message within 24 hours.
const MaxReminders = 3

// TaskStatus is a sender's progress on a mass message.
type TaskStatus int

// Task statuses.
const (
	// TaskUnsent: the sender has not confirmed it yet.
	TaskUnsent TaskStatus = 0
	// TaskSent: the sender has sent it.
	TaskSent TaskStatus = 2
)

// String names the status.
func (s TaskStatus) String() string {
	switch s {
	case TaskUnsent:
		return "unsent"
	case TaskSent:
		return "sent"
	}
	return "TaskStatus(" + strconv.Itoa(int(s)) + ")"
}

// SendStatus is what became of a mass message for one customer or group.
type SendStatus int

// Send statuses.
const (
	// SendUnsent: not sent yet (未发送).
	SendUnsent SendStatus = 0
	// SendSent: sent (已发送).
	SendSent SendStatus = 1
	// SendNotFriend: failed, the customer is no longer the sender's
	// customer (因客户不是好友导致发送失败).
	SendNotFriend SendStatus = 2
	// SendReceivedOther: failed, the customer has already received another
	// mass message, over their receive limit (因客户已经收到其他群发消息导致发送失败).
	SendReceivedOther SendStatus = 3
)

// String names the status.
func (s SendStatus) String() string {
	switch s {
	case SendUnsent:
		return "unsent"
	case SendSent:
		return "sent"
	case SendNotFriend:
		return "not a friend"
	case SendReceivedOther:
		return "received another mass message"
	}
	return "SendStatus(" + strconv.Itoa(int(s)) + ")"
}

// GroupMsgTaskRequest is get_groupmsg_task's request.
type GroupMsgTaskRequest struct {
	// MsgID is the mass message (Submit's MsgID).
	MsgID string `json:"msgid"`
	// Limit is the page size, 1..1000 (0: WeCom's default, 500).
	Limit int `json:"limit,omitempty"`
	// Cursor is the page to read ("" for the first).
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent.
func (r *GroupMsgTaskRequest) Validate() error {
	if err := core.Required("msgid", r.MsgID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxTaskLimit)
}

// GroupMsgTask is one sender's task.
type GroupMsgTask struct {
	UserID string     `json:"userid"`
	Status TaskStatus `json:"status"`
	// SendTime is when the sender sent it, Unix seconds (0 before).
	SendTime int64 `json:"send_time,omitempty"`
}

// GroupMsgTaskResponse is one page of get_groupmsg_task.
type GroupMsgTaskResponse struct {
	TaskList []GroupMsgTask `json:"task_list"`
	// NextCursor is the next page's cursor, "" after the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// GetGroupMsgTask returns one page of a mass message's senders and whether
// each has sent it (获取群发成员发送任务列表).
//
// WeCom API: POST /cgi-bin/externalcontact/get_groupmsg_task, https://developer.work.weixin.qq.com/document/path/93338
// EasyWeChat: external_contact_message->getGroupmsgTask. WxJava: getGroupMsgTask.
func (c *Client) GetGroupMsgTask(ctx context.Context, req *GroupMsgTaskRequest) (*GroupMsgTaskResponse, error) {
	return core.Send[GroupMsgTaskResponse](ctx, c.core, epGetGroupMsgTask, req)
}

// GetGroupMsgTaskAll walks every page from req.Cursor on, yielding each
// sender's task; it stops at the first error and honours break. req is
// copied.
func (c *Client) GetGroupMsgTaskAll(ctx context.Context, req *GroupMsgTaskRequest) iter.Seq2[GroupMsgTask, error] {
	if req == nil {
		return fail[GroupMsgTask](core.Check(epGetGroupMsgTask, req))
	}
	r := *req
	return core.Walk(ctx, r.Cursor, func(ctx context.Context, cursor string) (*GroupMsgTaskResponse, error) {
		p := r
		p.Cursor = cursor
		return c.GetGroupMsgTask(ctx, &p)
	}, func(p *GroupMsgTaskResponse) []GroupMsgTask { return p.TaskList },
		func(p *GroupMsgTaskResponse) string { return p.NextCursor })
}

// GroupMsgSendResultRequest is get_groupmsg_send_result's request.
type GroupMsgSendResultRequest struct {
	// MsgID is the mass message.
	MsgID string `json:"msgid"`
	// UserID is the sender (from GetGroupMsgTask).
	UserID string `json:"userid"`
	// Limit is the page size, 1..1000 (0: WeCom's default, 500).
	Limit int `json:"limit,omitempty"`
	// Cursor is the page to read ("" for the first).
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent.
func (r *GroupMsgSendResultRequest) Validate() error {
	if err := core.Required("msgid", r.MsgID); err != nil {
		return err
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxTaskLimit)
}

// SendResult is what became of a mass message for one customer (ChatSingle)
// or one customer group (ChatGroup).
type SendResult struct {
	// ExternalUserID is the customer (ChatSingle).
	ExternalUserID string `json:"external_userid,omitempty"`
	// ChatID is the customer group (ChatGroup).
	ChatID string `json:"chat_id,omitempty"`
	// UserID is the sender.
	UserID string     `json:"userid"`
	Status SendStatus `json:"status"`
	// SendTime is when it was sent, Unix seconds (0 unless SendSent).
	SendTime int64 `json:"send_time,omitempty"`
}

// GroupMsgSendResultResponse is one page of get_groupmsg_send_result.
type GroupMsgSendResultResponse struct {
	SendList []SendResult `json:"send_list"`
	// NextCursor is the next page's cursor, "" after the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// GetGroupMsgSendResult returns one page of what became of a mass message
// for each customer or group of one sender (获取企业群发成员执行结果).
//
// WeCom API: POST /cgi-bin/externalcontact/get_groupmsg_send_result, https://developer.work.weixin.qq.com/document/path/93338
// EasyWeChat: external_contact_message->getGroupmsgSendResult. WxJava: getGroupMsgSendResult.
func (c *Client) GetGroupMsgSendResult(ctx context.Context, req *GroupMsgSendResultRequest) (*GroupMsgSendResultResponse, error) {
	return core.Send[GroupMsgSendResultResponse](ctx, c.core, epGetGroupMsgSendResult, req)
}

// GetGroupMsgSendResultAll walks every page from req.Cursor on, yielding
// each result; it stops at the first error and honours break. req is
// copied.
func (c *Client) GetGroupMsgSendResultAll(ctx context.Context, req *GroupMsgSendResultRequest) iter.Seq2[SendResult, error] {
	if req == nil {
		return fail[SendResult](core.Check(epGetGroupMsgSendResult, req))
	}
	r := *req
	return core.Walk(ctx, r.Cursor, func(ctx context.Context, cursor string) (*GroupMsgSendResultResponse, error) {
		p := r
		p.Cursor = cursor
		return c.GetGroupMsgSendResult(ctx, &p)
	}, func(p *GroupMsgSendResultResponse) []SendResult { return p.SendList },
		func(p *GroupMsgSendResultResponse) string { return p.NextCursor })
}

type msgIDRequest struct {
	MsgID string `json:"msgid"`
}

func (r *msgIDRequest) Validate() error { return core.Required("msgid", r.MsgID) }

// Remind reminds the senders who have not sent a mass message yet
// (提醒成员群发; MaxReminders a message in 24 hours). Never re-sent once it
// may have reached WeCom: a duplicate would use up a reminder.
//
// WeCom API: POST /cgi-bin/externalcontact/remind_groupmsg_send, https://developer.work.weixin.qq.com/document/path/97610
// EasyWeChat: none. WxJava: remindGroupMsgSend.
func (c *Client) Remind(ctx context.Context, msgID string) error {
	return core.Exec(ctx, c.core, epRemindGroupMsgSend, &msgIDRequest{MsgID: msgID})
}

// Cancel stops a mass message (停止企业群发): the senders who have not sent
// it no longer can; what was sent stays sent.
//
// WeCom API: POST /cgi-bin/externalcontact/cancel_groupmsg_send, https://developer.work.weixin.qq.com/document/path/97611
// EasyWeChat: none. WxJava: cancelGroupMsgSend.
func (c *Client) Cancel(ctx context.Context, msgID string) error {
	return core.Exec(ctx, c.core, epCancelGroupMsgSend, &msgIDRequest{MsgID: msgID})
}
