package moment

import (
	"context"
	"iter"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var epGetMomentList = endpoints.Add(core.ReadPost("externalcontact/get_moment_list"), core.Meta{
	Doc: "93333", Title: "获取企业全部的发表列表", EasyWeChat: "external_contact_moment->list", WxJava: "getMomentList",
	Note: "start and end as time.Time (at most 30 days apart), limit at most 20 as WeCom documents (WxJava's javadoc says 100); filter_type is a pointer because 0 means corp moments"})

// MaxListLimit is the largest page List takes, and WeCom's default: 20
// moments (WxJava's documentation says 100; WeCom's says 20).
const MaxListLimit = 20

// MaxListWindow is the longest window List takes: 30 days.
const MaxListWindow = 30 * 24 * time.Hour

// FilterType selects moments by who created them (filter_type).
type FilterType int

// Filters. A nil ListRequest.FilterType leaves WeCom's default, FilterAll.
const (
	FilterCorp     FilterType = 0 // 企业发表
	FilterPersonal FilterType = 1 // 个人发表
	FilterAll      FilterType = 2 // 所有 (WeCom's default)
)

// String names the filter.
func (f FilterType) String() string {
	switch f {
	case FilterCorp:
		return "corp"
	case FilterPersonal:
		return "personal"
	case FilterAll:
		return "all"
	}
	return "FilterType(" + strconv.Itoa(int(f)) + ")"
}

// CreateType says who created a moment (create_type).
type CreateType int

// Creators.
const (
	CreatedByCorp   CreateType = 0 // 企业
	CreatedByMember CreateType = 1 // 个人
)

// String names the creator kind.
func (t CreateType) String() string {
	switch t {
	case CreatedByCorp:
		return "corp"
	case CreatedByMember:
		return "member"
	}
	return "CreateType(" + strconv.Itoa(int(t)) + ")"
}

// VisibleType says who can see a moment (visible_type).
type VisibleType int

// Visibilities.
const (
	VisiblePartial VisibleType = 0 // 部分可见
	VisiblePublic  VisibleType = 1 // 公开
)

// String names the visibility.
func (v VisibleType) String() string {
	switch v {
	case VisiblePartial:
		return "partial"
	case VisiblePublic:
		return "public"
	}
	return "VisibleType(" + strconv.Itoa(int(v)) + ")"
}

// ListRequest asks for one page of the moments created in a window.
type ListRequest struct {
	// Start and End bound the creation time (start_time, end_time, both
	// required, sent as Unix seconds), at most 30 days apart.
	Start, End time.Time
	// Creator keeps the moments of one member (creator); "" keeps all.
	Creator string
	// FilterType keeps corp, personal or all moments; nil leaves WeCom's
	// default (all). A pointer because FilterCorp is 0:
	// core.Ptr(moment.FilterCorp).
	FilterType *FilterType
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string
	// Limit is the page size, 1 to 20; 0 leaves WeCom's default (20).
	Limit int
}

// Validate checks the window, the filter and the limit.
func (r *ListRequest) Validate() error {
	if r.Start.IsZero() {
		return &core.ArgError{Field: "start_time", Reason: "is required"}
	}
	if r.End.IsZero() {
		return &core.ArgError{Field: "end_time", Reason: "is required"}
	}
	if r.End.Before(r.Start) {
		return &core.ArgError{Field: "end_time", Reason: "is before start_time"}
	}
	if d := r.End.Sub(r.Start); d > MaxListWindow {
		return &core.ArgError{Field: "end_time", Reason: "is " + d.Round(time.Second).String() + " after start_time, at most 30 days (720h0m0s) allowed"}
	}
	if f := r.FilterType; f != nil && (*f < FilterCorp || *f > FilterAll) {
		return &core.ArgError{Field: "filter_type", Reason: "is " + strconv.Itoa(int(*f)) + ", must be 0, 1 or 2"}
	}
	return core.Limit("limit", r.Limit, 1, MaxListLimit)
}

type listBody struct {
	StartTime  int64       `json:"start_time"`
	EndTime    int64       `json:"end_time"`
	Creator    string      `json:"creator,omitempty"`
	FilterType *FilterType `json:"filter_type,omitempty"`
	Cursor     string      `json:"cursor,omitempty"`
	Limit      int         `json:"limit,omitempty"`
}

// MediaRef is an image of a moment, by media_id.
type MediaRef struct {
	MediaID string `json:"media_id"`
}

// Video is a moment's video.
type Video struct {
	MediaID      string `json:"media_id"`
	ThumbMediaID string `json:"thumb_media_id"`
}

// Link is a moment's link.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Location is where a member published a personal moment.
type Location struct {
	// Latitude and Longitude are decimal degrees, as strings.
	Latitude  string `json:"latitude"`
	Longitude string `json:"longitude"`
	// Name is the place's name.
	Name string `json:"name"`
}

// Moment is one moment of the list (moment_list). Media ids are valid for
// media/get (3 days).
type Moment struct {
	MomentID string `json:"moment_id"`
	// Creator is the member who created it; "" for a corp moment posted by
	// add_moment_task.
	Creator string `json:"creator"`
	// CreateTime is the creation time, Unix seconds.
	CreateTime  int64         `json:"create_time"`
	CreateType  CreateType    `json:"create_type"`
	VisibleType VisibleType   `json:"visible_type"`
	Text        *content.Text `json:"text,omitempty"`
	Images      []MediaRef    `json:"image,omitempty"`
	Video       *Video        `json:"video,omitempty"`
	Link        *Link         `json:"link,omitempty"`
	Location    *Location     `json:"location,omitempty"`
}

// ListResponse is one page of List.
type ListResponse struct {
	Moments []Moment `json:"moment_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// List returns one page of the moments (corp and personal) created between
// req.Start and req.End (获取企业全部的发表列表). Deleted moments are not
// listed.
//
// WeCom API: POST /cgi-bin/externalcontact/get_moment_list (获取企业全部的发表列表), https://developer.work.weixin.qq.com/document/path/93333.
// EasyWeChat: external_contact_moment->list. WxJava: getMomentList.
func (c *Client) List(ctx context.Context, req *ListRequest) (*ListResponse, error) {
	if err := core.Check(epGetMomentList, req); err != nil {
		return nil, err
	}
	body := listBody{StartTime: req.Start.Unix(), EndTime: req.End.Unix(), Creator: req.Creator,
		FilterType: req.FilterType, Cursor: req.Cursor, Limit: req.Limit}
	return core.Send[ListResponse](ctx, c.core, epGetMomentList, &body)
}

// ListAll walks every page of List from req.Cursor, yielding each moment.
// It stops after the first error and when the loop breaks. req is copied
// when ListAll is called.
func (c *Client) ListAll(ctx context.Context, req *ListRequest) iter.Seq2[Moment, error] {
	if err := core.Check(epGetMomentList, req); err != nil {
		return func(yield func(Moment, error) bool) { yield(Moment{}, err) }
	}
	base := *req
	if req.FilterType != nil {
		base.FilterType = core.Ptr(*req.FilterType)
	}
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*ListResponse, error) {
		page := base
		page.Cursor = cursor
		return c.List(ctx, &page)
	}, func(p *ListResponse) []Moment { return p.Moments }, func(p *ListResponse) string { return p.NextCursor })
}
