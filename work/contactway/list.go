package contactway

import (
	"context"
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

var epListContactWay = endpoints.Add(core.ReadPost("externalcontact/list_contact_way"), core.Meta{
	Doc: "92228", Title: "获取企业已配置的「联系我」列表", EasyWeChat: "contact_way->list",
	Note: "one ListRequest instead of EasyWeChat's ($cursor, $limit, $startTime, $endTime); ListAll walks every page"})

// ListRequest is the body of list_contact_way: a creation-time window and a
// cursor. Every field is optional; a nil request means WeCom's defaults.
//
// The window is [StartTime, EndTime] in Unix seconds: EndTime 0 means now,
// StartTime 0 means DefaultListWindow (90 days) before EndTime. Whatever the
// window, WeCom lists only ways created after ListableSince (2021-07-10)
// and never temporary ways. For an older way, keep its config_id (from
// Create, or the admin console) and call Get; to walk more than 90 days,
// give StartTime explicitly (the window has no documented upper bound) or
// walk consecutive windows.
type ListRequest struct {
	// StartTime is the window's start, in Unix seconds (0: EndTime minus
	// 90 days).
	StartTime int64 `json:"start_time,omitempty"`
	// EndTime is the window's end, in Unix seconds (0: now).
	EndTime int64 `json:"end_time,omitempty"`
	// Cursor is the previous page's NextCursor ("" for the first page).
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size: 0 for WeCom's default (100), at most
	// MaxListLimit.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the window and the page size.
func (r *ListRequest) Validate() error {
	if r.StartTime < 0 {
		return &core.ArgError{Field: "start_time", Reason: "must not be negative"}
	}
	if r.EndTime < 0 {
		return &core.ArgError{Field: "end_time", Reason: "must not be negative"}
	}
	if r.StartTime != 0 && r.EndTime != 0 && r.StartTime > r.EndTime {
		return &core.ArgError{Field: "start_time", Reason: "is after end_time"}
	}
	return core.Limit("limit", r.Limit, 1, MaxListLimit)
}

// ListedWay is one way of a list_contact_way page; Get returns the rest.
type ListedWay struct {
	ConfigID string `json:"config_id"`
}

// ListResponse is one page of list_contact_way.
type ListResponse struct {
	ContactWays []ListedWay `json:"contact_way"`
	// NextCursor fetches the next page; "" on the last one.
	NextCursor string `json:"next_cursor"`
}

// List returns one page of the 「联系我」 ways created inside the request's
// window (获取企业已配置的「联系我」列表; nil: the last 90 days). Temporary
// ways and ways older than 2021-07-10 are never listed (see ListRequest).
//
// WeCom API: POST /cgi-bin/externalcontact/list_contact_way, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->list. WxJava: none.
func (c *Client) List(ctx context.Context, req *ListRequest) (*ListResponse, error) {
	if req == nil {
		req = &ListRequest{}
	}
	return core.Send[ListResponse](ctx, c.core, epListContactWay, req)
}

// ListAll walks every page of the request's window, from its Cursor on,
// yielding each way; it stops after the first error (yielded), on break, or
// when ctx is done. The request is copied, never changed. With EndTime 0
// WeCom takes "now" at each page; give both times for a window that cannot
// move during a long walk.
func (c *Client) ListAll(ctx context.Context, req *ListRequest) iter.Seq2[ListedWay, error] {
	var r ListRequest
	if req != nil {
		r = *req
	}
	return core.Walk(ctx, r.Cursor, func(ctx context.Context, cursor string) (*ListResponse, error) {
		page := r
		page.Cursor = cursor
		return c.List(ctx, &page)
	}, func(p *ListResponse) []ListedWay { return p.ContactWays }, func(p *ListResponse) string { return p.NextCursor })
}
