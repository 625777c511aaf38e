package moment

import (
	"context"
	"iter"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epGetMomentTask = endpoints.Add(core.ReadPost("externalcontact/get_moment_task"), core.Meta{
		Doc: "93333", Title: "获取客户朋友圈企业发表的列表", EasyWeChat: "external_contact_moment->getTasks", WxJava: "getMomentTask"})
	epGetMomentCustomerList = endpoints.Add(core.ReadPost("externalcontact/get_moment_customer_list"), core.Meta{
		Doc: "93333", Title: "获取客户朋友圈发表时选择的可见范围", EasyWeChat: "external_contact_moment->getCustomers", WxJava: "getMomentCustomerList"})
	epGetMomentSendResult = endpoints.Add(core.ReadPost("externalcontact/get_moment_send_result"), core.Meta{
		Doc: "93333", Title: "获取客户朋友圈发表后的可见客户列表", EasyWeChat: "external_contact_moment->getSendResult", WxJava: "getMomentSendResult"})
)

// Page limits of the lists of this file; 0 leaves WeCom's default.
const (
	// MaxTasksLimit bounds GetTasksRequest.Limit (default 500).
	MaxTasksLimit = 1000
	// MaxCustomersLimit bounds GetCustomersRequest.Limit (default 500).
	MaxCustomersLimit = 1000
	// MaxSendResultLimit bounds GetSendResultRequest.Limit (default 3000).
	MaxSendResultLimit = 5000
)

// ---- 获取客户朋友圈企业发表的列表 ----

// PublishStatus says whether a member has published a corp moment
// (publish_status).
type PublishStatus int

// Publish statuses.
const (
	NotPublished PublishStatus = 0 // 未发表
	Published    PublishStatus = 1 // 已发表
)

// String names the status.
func (s PublishStatus) String() string {
	switch s {
	case NotPublished:
		return "not_published"
	case Published:
		return "published"
	}
	return "PublishStatus(" + strconv.Itoa(int(s)) + ")"
}

// GetTasksRequest asks for one page of the members asked to publish a
// corp moment.
type GetTasksRequest struct {
	// MomentID is a corp moment (moment_id, required).
	MomentID string `json:"moment_id"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 1000; 0 leaves WeCom's default (500).
	Limit int `json:"limit,omitempty"`
}

// Validate checks the moment id and the limit.
func (r *GetTasksRequest) Validate() error {
	if err := core.Required("moment_id", r.MomentID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxTasksLimit)
}

// PublishTask is one member's task for a corp moment (task_list).
type PublishTask struct {
	UserID        string        `json:"userid"`
	PublishStatus PublishStatus `json:"publish_status"`
}

// GetTasksResponse is one page of GetTasks.
type GetTasksResponse struct {
	Tasks []PublishTask `json:"task_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// GetTasks returns one page of the members asked to publish a corp moment
// and whether each has (获取客户朋友圈企业发表的列表).
//
// WeCom API: POST /cgi-bin/externalcontact/get_moment_task (获取客户朋友圈企业发表的列表), https://developer.work.weixin.qq.com/document/path/93333.
// EasyWeChat: external_contact_moment->getTasks. WxJava: getMomentTask.
func (c *Client) GetTasks(ctx context.Context, req *GetTasksRequest) (*GetTasksResponse, error) {
	return core.Send[GetTasksResponse](ctx, c.core, epGetMomentTask, req)
}

// GetTasksAll walks every page of GetTasks from req.Cursor, yielding each
// member's task. It stops after the first error and when the loop breaks.
// req is copied when GetTasksAll is called.
func (c *Client) GetTasksAll(ctx context.Context, req *GetTasksRequest) iter.Seq2[PublishTask, error] {
	if err := core.Check(epGetMomentTask, req); err != nil {
		return func(yield func(PublishTask, error) bool) { yield(PublishTask{}, err) }
	}
	base := *req
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*GetTasksResponse, error) {
		page := base
		page.Cursor = cursor
		return c.GetTasks(ctx, &page)
	}, func(p *GetTasksResponse) []PublishTask { return p.Tasks }, func(p *GetTasksResponse) string { return p.NextCursor })
}

// ---- 获取客户朋友圈发表时选择的可见范围 ----

// GetCustomersRequest asks for one page of the customers a member's copy
// of a moment was meant for.
type GetCustomersRequest struct {
	// MomentID is the moment (moment_id, required).
	MomentID string `json:"moment_id"`
	// UserID is the member who publishes it (userid, required).
	UserID string `json:"userid"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 1000; 0 leaves WeCom's default (500).
	Limit int `json:"limit,omitempty"`
}

// Validate checks the ids and the limit.
func (r *GetCustomersRequest) Validate() error {
	if err := core.Required("moment_id", r.MomentID); err != nil {
		return err
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxCustomersLimit)
}

// VisibleCustomer is a customer in a moment's chosen range
// (customer_list).
type VisibleCustomer struct {
	// UserID is the member whose customer it is.
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
}

// GetCustomersResponse is one page of GetCustomers.
type GetCustomersResponse struct {
	Customers []VisibleCustomer `json:"customer_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// GetCustomers returns one page of the customers chosen, when the moment
// was created, to see a member's copy (获取客户朋友圈发表时选择的可见范围).
//
// WeCom API: POST /cgi-bin/externalcontact/get_moment_customer_list (获取客户朋友圈发表时选择的可见范围), https://developer.work.weixin.qq.com/document/path/93333.
// EasyWeChat: external_contact_moment->getCustomers. WxJava: getMomentCustomerList.
func (c *Client) GetCustomers(ctx context.Context, req *GetCustomersRequest) (*GetCustomersResponse, error) {
	return core.Send[GetCustomersResponse](ctx, c.core, epGetMomentCustomerList, req)
}

// GetCustomersAll walks every page of GetCustomers from req.Cursor. It
// stops after the first error and when the loop breaks. req is copied when
// GetCustomersAll is called.
func (c *Client) GetCustomersAll(ctx context.Context, req *GetCustomersRequest) iter.Seq2[VisibleCustomer, error] {
	if err := core.Check(epGetMomentCustomerList, req); err != nil {
		return func(yield func(VisibleCustomer, error) bool) { yield(VisibleCustomer{}, err) }
	}
	base := *req
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*GetCustomersResponse, error) {
		page := base
		page.Cursor = cursor
		return c.GetCustomers(ctx, &page)
	}, func(p *GetCustomersResponse) []VisibleCustomer { return p.Customers }, func(p *GetCustomersResponse) string { return p.NextCursor })
}

// ---- 获取客户朋友圈发表后的可见客户列表 ----

// GetSendResultRequest asks for one page of the customers who can see a
// member's published copy of a moment.
type GetSendResultRequest struct {
	// MomentID is the moment (moment_id, required).
	MomentID string `json:"moment_id"`
	// UserID is the member who published it (userid, required).
	UserID string `json:"userid"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 5000; 0 leaves WeCom's default (3000).
	Limit int `json:"limit,omitempty"`
}

// Validate checks the ids and the limit.
func (r *GetSendResultRequest) Validate() error {
	if err := core.Required("moment_id", r.MomentID); err != nil {
		return err
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, MaxSendResultLimit)
}

// SendResultCustomer is a customer who can see the moment (customer_list).
type SendResultCustomer struct {
	ExternalUserID string `json:"external_userid"`
}

// GetSendResultResponse is one page of GetSendResult.
type GetSendResultResponse struct {
	Customers []SendResultCustomer `json:"customer_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// GetSendResult returns one page of the customers who can see a member's
// copy of a moment once published (获取客户朋友圈发表后的可见客户列表).
//
// WeCom API: POST /cgi-bin/externalcontact/get_moment_send_result (获取客户朋友圈发表后的可见客户列表), https://developer.work.weixin.qq.com/document/path/93333.
// EasyWeChat: external_contact_moment->getSendResult. WxJava: getMomentSendResult.
func (c *Client) GetSendResult(ctx context.Context, req *GetSendResultRequest) (*GetSendResultResponse, error) {
	return core.Send[GetSendResultResponse](ctx, c.core, epGetMomentSendResult, req)
}

// GetSendResultAll walks every page of GetSendResult from req.Cursor. It
// stops after the first error and when the loop breaks. req is copied when
// GetSendResultAll is called.
func (c *Client) GetSendResultAll(ctx context.Context, req *GetSendResultRequest) iter.Seq2[SendResultCustomer, error] {
	if err := core.Check(epGetMomentSendResult, req); err != nil {
		return func(yield func(SendResultCustomer, error) bool) { yield(SendResultCustomer{}, err) }
	}
	base := *req
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*GetSendResultResponse, error) {
		page := base
		page.Cursor = cursor
		return c.GetSendResult(ctx, &page)
	}, func(p *GetSendResultResponse) []SendResultCustomer { return p.Customers }, func(p *GetSendResultResponse) string { return p.NextCursor })
}
