package moment

import (
	"context"
	"net/url"
	"strconv"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var (
	epAddMomentTask = endpoints.Add(core.SendOnce("externalcontact/add_moment_task"), core.Meta{
		Doc: "95094", Title: "创建发表任务", EasyWeChat: "external_contact_moment->createTask", WxJava: "addMomentTask",
		Note: "never re-sent, not even after errcode -1; content checked before sending (9 images, or 1 video, or 1 link with a media_id cover); WaitTask polls the job"})
	epGetMomentTaskResult = endpoints.Add(core.Read("externalcontact/get_moment_task_result"), core.Meta{
		Doc: "95094", Title: "获取任务创建结果", EasyWeChat: "external_contact_moment->getTask", WxJava: "getMomentTaskResult"})
	epCancelMomentTask = endpoints.Add(core.Write("externalcontact/cancel_moment_task"), core.Meta{
		Doc: "97612", Title: "停止发表企业朋友圈", WxJava: "cancelMomentTask",
		Note: "EasyWeChat has no method for it"})
)

// Limits of a moment, as WeCom documents them for add_moment_task.
const (
	// MaxTextRunes bounds text.content: 2000 characters.
	MaxTextRunes = 2000
	// MaxImages is the number of images a moment takes.
	MaxImages = 9
	// MaxLinkTitleBytes bounds a link's title: 64 bytes.
	MaxLinkTitleBytes = 64
	// MaxSenders bounds visible_range.sender_list.user_list.
	MaxSenders = 100000
)

// Limits are the content limits of a moment, for content.ValidateText and
// content.ValidateAttachments. The mix rule (images, or one video, or one
// link) and the link title's 64 bytes are checked beside them.
var Limits = content.Limits{
	TextMaxRunes:   MaxTextRunes,
	MaxAttachments: MaxImages,
	Kinds:          []content.MsgType{content.MsgImage, content.MsgVideo, content.MsgLink},
	LinkCover:      true,
}

// SenderList are the members asked to publish (sender_list), or, in a
// task's result, those WeCom found invalid.
type SenderList struct {
	// UserIDs are members (user_list).
	UserIDs []string `json:"user_list,omitempty"`
	// DepartmentIDs are departments whose members count (department_list).
	DepartmentIDs []int64 `json:"department_list,omitempty"`
}

// ExternalContactList selects the customers who see the moment by tag
// (external_contact_list), or, in a task's result, the tags WeCom found
// invalid.
type ExternalContactList struct {
	// TagIDs are corp tag ids (tag_list): a customer who has any of them
	// sees the moment.
	TagIDs []string `json:"tag_list,omitempty"`
}

// VisibleRange says who publishes the moment and which of their customers
// see it (visible_range).
type VisibleRange struct {
	// Senders are the members asked to publish; nil means every member in
	// the app's visible range.
	Senders *SenderList `json:"sender_list,omitempty"`
	// ExternalContacts narrows the audience to customers with the tags; nil
	// means every customer of the senders.
	ExternalContacts *ExternalContactList `json:"external_contact_list,omitempty"`
}

// CreateTaskRequest is a moment to post (企业发表内容到客户的朋友圈).
type CreateTaskRequest struct {
	// Text is the moment's text, at most 2000 characters.
	Text *content.Text `json:"text,omitempty"`
	// Attachments are up to 9 images, or 1 video, or 1 link (with its
	// media_id cover), by media/upload_attachment ids. Text and
	// Attachments are not both empty.
	Attachments []content.Attachment `json:"attachments,omitempty"`
	// VisibleRange says who publishes and who sees it; nil means every
	// member in the app's visible range, to all their customers.
	VisibleRange *VisibleRange `json:"visible_range,omitempty"`
}

// Validate checks the moment before it is sent.
func (r *CreateTaskRequest) Validate() error {
	if (r.Text == nil || r.Text.Content == "") && len(r.Attachments) == 0 {
		return &core.ArgError{Field: "text", Reason: "is empty and there are no attachments: a moment needs one or both"}
	}
	if err := content.ValidateText("text", r.Text, Limits); err != nil {
		return err
	}
	if err := content.ValidateAttachments("attachments", r.Attachments, Limits); err != nil {
		return err
	}
	for i, a := range r.Attachments {
		if a.MsgType != content.MsgImage && len(r.Attachments) > 1 {
			return &core.ArgError{Field: "attachments[" + strconv.Itoa(i) + "].msgtype",
				Reason: "is " + string(a.MsgType) + ": a moment takes up to 9 images, or 1 video, or 1 link, not a mix"}
		}
		if a.Link != nil && len(a.Link.Title) > MaxLinkTitleBytes {
			return &core.ArgError{Field: "attachments[" + strconv.Itoa(i) + "].link.title",
				Reason: "has " + strconv.Itoa(len(a.Link.Title)) + " bytes, at most " + strconv.Itoa(MaxLinkTitleBytes) + " allowed"}
		}
	}
	return r.VisibleRange.validate()
}

func (v *VisibleRange) validate() error {
	if v == nil {
		return nil
	}
	if s := v.Senders; s != nil {
		if err := core.OptionalIDList("visible_range.sender_list.user_list", s.UserIDs, MaxSenders); err != nil {
			return err
		}
		for i, d := range s.DepartmentIDs {
			if d <= 0 {
				return &core.ArgError{Field: "visible_range.sender_list.department_list",
					Reason: "id #" + strconv.Itoa(i) + " is " + strconv.FormatInt(d, 10) + ", not a department id"}
			}
		}
	}
	if e := v.ExternalContacts; e != nil {
		if err := core.OptionalIDList("visible_range.external_contact_list.tag_list", e.TagIDs, 0); err != nil {
			return err
		}
	}
	return nil
}

// CreateTaskResponse carries the job that creates the moment.
type CreateTaskResponse struct {
	// JobID identifies the job for GetTask and WaitTask (valid 24 hours).
	JobID string `json:"jobid"`
}

// CreateTask queues a moment for the members to publish to their customers'
// 朋友圈 (创建发表任务; 10 a minute per corp); WaitTask or GetTask follow the
// job. Never re-sent: after core.ErrUnknownOutcome check List first.
//
// WeCom API: POST /cgi-bin/externalcontact/add_moment_task (创建发表任务), https://developer.work.weixin.qq.com/document/path/95094.
// EasyWeChat: external_contact_moment->createTask. WxJava: addMomentTask.
func (c *Client) CreateTask(ctx context.Context, req *CreateTaskRequest) (*CreateTaskResponse, error) {
	return core.Send[CreateTaskResponse](ctx, c.core, epAddMomentTask, req)
}

// TaskStatus is the status of a moment job (status).
type TaskStatus int

// Job statuses.
const (
	TaskStarted TaskStatus = 1 // 开始创建任务
	TaskRunning TaskStatus = 2 // 正在创建任务中
	TaskDone    TaskStatus = 3 // 创建任务已完成
)

// String names the status.
func (s TaskStatus) String() string {
	switch s {
	case TaskStarted:
		return "started"
	case TaskRunning:
		return "running"
	case TaskDone:
		return "done"
	}
	return "TaskStatus(" + strconv.Itoa(int(s)) + ")"
}

// TaskOutcome is what a finished job produced (result).
type TaskOutcome struct {
	// ErrCode is the job's own errcode: 0 when the moment was created.
	ErrCode int `json:"errcode"`
	// ErrMsg is WeCom's message for it.
	ErrMsg string `json:"errmsg,omitempty"`
	// MomentID is the moment created.
	MomentID string `json:"moment_id"`
	// InvalidSenders are the members and departments that could not be
	// asked to publish (invalid_sender_list): unknown, or outside the
	// app's range.
	InvalidSenders SenderList `json:"invalid_sender_list"`
	// InvalidExternalContacts are the tags that were not valid
	// (invalid_external_contact_list).
	InvalidExternalContacts ExternalContactList `json:"invalid_external_contact_list"`
}

// Err returns nil when the job succeeded, or an *core.APIError with the
// job's errcode for add_moment_task.
func (o TaskOutcome) Err() error {
	return core.ItemResult{ErrCode: o.ErrCode, ErrMsg: o.ErrMsg}.Err(epAddMomentTask.Path)
}

// TaskResult is the state of a moment job.
type TaskResult struct {
	// Status is 1 started, 2 running or 3 done.
	Status TaskStatus `json:"status"`
	// Type is the job's kind: "add_moment_task".
	Type string `json:"type"`
	// Result is set once Status is TaskDone.
	Result TaskOutcome `json:"result"`
}

// Done reports whether the job has finished.
func (r *TaskResult) Done() bool { return r.Status == TaskDone }

// GetTask returns the state of the moment job jobID (获取任务创建结果), as
// CreateTask returned it. Once done, Result carries the moment_id.
//
// WeCom API: GET /cgi-bin/externalcontact/get_moment_task_result (获取任务创建结果), https://developer.work.weixin.qq.com/document/path/95094.
// EasyWeChat: external_contact_moment->getTask. WxJava: getMomentTaskResult.
func (c *Client) GetTask(ctx context.Context, jobID string) (*TaskResult, error) {
	if err := core.Named(epGetMomentTaskResult, core.Required("jobid", jobID)); err != nil {
		return nil, err
	}
	return core.Get[TaskResult](ctx, c.core, epGetMomentTaskResult, url.Values{"jobid": {jobID}})
}

type cancelBody struct {
	MomentID string `json:"moment_id"`
}

// Cancel stops a corp moment (停止发表企业朋友圈): members who have not
// published it yet no longer can; published copies stay.
//
// WeCom API: POST /cgi-bin/externalcontact/cancel_moment_task (停止发表企业朋友圈), https://developer.work.weixin.qq.com/document/path/97612.
// EasyWeChat: none. WxJava: cancelMomentTask.
func (c *Client) Cancel(ctx context.Context, momentID string) error {
	if err := core.Named(epCancelMomentTask, core.Required("moment_id", momentID)); err != nil {
		return err
	}
	return core.Exec(ctx, c.core, epCancelMomentTask, &cancelBody{MomentID: momentID})
}
