package acquisition

import (
	"context"
	"iter"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

const linkNote = "WeCom's current page allows 500 people per link (user_list and the departments' members together); " +
	"skip_verify and mark_source are pointers because both default to true"

var (
	epListLink = endpoints.Add(core.ReadPost("externalcontact/customer_acquisition/list_link"), core.Meta{
		Doc: "97297", Title: "获取获客链接列表", WxJava: "customerAcquisitionLinkList",
		Note: "EasyWeChat has none; limit 1 to 100 (refused above), ListLinksAll walks the cursor"})
	epGetLink = endpoints.Add(core.ReadPost("externalcontact/customer_acquisition/get"), core.Meta{
		Doc: "97297", Title: "获取获客链接详情", WxJava: "customerAcquisitionLinkGet",
		Note: "EasyWeChat has none; the answer's link has no link_id, GetLink fills it in from the request; priority_option and mark_source decoded"})
	epCreateLink = endpoints.Add(core.Write("externalcontact/customer_acquisition/create_link"), core.Meta{
		Doc: "97297", Title: "创建获客链接", WxJava: "customerAcquisitionLinkCreate",
		Note: "EasyWeChat has none; link_name required (30 characters); " + linkNote})
	epUpdateLink = endpoints.Add(core.Write("externalcontact/customer_acquisition/update_link"), core.Meta{
		Doc: "97297", Title: "编辑获客链接", WxJava: "customerAcquisitionUpdate",
		Note: "EasyWeChat has none; range replaces the whole range (覆盖更新), nil leaves it; only the app that created the link may edit it; " + linkNote})
	epDeleteLink = endpoints.Add(core.Write("externalcontact/customer_acquisition/delete_link"), core.Meta{
		Doc: "97297", Title: "删除获客链接", WxJava: "customerAcquisitionLinkDelete",
		Note: "EasyWeChat has none; a deleted link stops working at once; deleting through the API pushes no delete_link event"})
)

// Limits of a link, as WeCom documents them on its 获客链接管理 page.
const (
	// MaxLinkNameRunes bounds link_name: 30 characters.
	MaxLinkNameRunes = 30
	// MaxRangeUsers bounds range.user_list: 500 members. The departments of
	// range.department_list count too: the people a link covers, members
	// of its departments included, are at most 500. (Older revisions of
	// WeCom's page said 100.) The SDK checks the user_list; WeCom checks
	// the total, which needs the departments' sizes.
	MaxRangeUsers = 500
	// MaxPriorityUsers bounds priority_option.priority_userid_list: 1000.
	MaxPriorityUsers = 1000
	// MaxListLinksLimit is the largest page of ListLinks: 100 link ids.
	MaxListLinksLimit = 100
)

// Range is who a link adds customers to (range): members and departments.
// They are not both empty.
type Range struct {
	// UserIDs are members (user_list), at most 500.
	UserIDs []string `json:"user_list,omitempty"`
	// DepartmentIDs are departments (department_list) whose members count.
	DepartmentIDs []int64 `json:"department_list,omitempty"`
}

func (r *Range) validate(field string) error {
	if len(r.UserIDs) == 0 && len(r.DepartmentIDs) == 0 {
		return &core.ArgError{Field: field, Reason: "has neither user_list nor department_list: a link needs members or departments"}
	}
	if err := core.OptionalIDList(field+".user_list", r.UserIDs, MaxRangeUsers); err != nil {
		return err
	}
	for i, d := range r.DepartmentIDs {
		if d <= 0 {
			return &core.ArgError{Field: field + ".department_list",
				Reason: "id #" + strconv.Itoa(i) + " is " + strconv.FormatInt(d, 10) + ", not a department id"}
		}
	}
	return nil
}

// PriorityType says which members a customer who is already someone's
// friend goes to (priority_option.priority_type; 客户与成员关系绑定).
type PriorityType int

// Priority types.
const (
	// PriorityCorpWide: a customer who is the friend of any member of the
	// corp goes to that member (全企业范围内优先分配给有好友关系的成员).
	PriorityCorpWide PriorityType = 1
	// PriorityWithinList: a customer who is the friend of a member of
	// PriorityOption.UserIDs goes to that member (指定范围内优先分配).
	PriorityWithinList PriorityType = 2
)

// String names the type.
func (t PriorityType) String() string {
	switch t {
	case PriorityCorpWide:
		return "corp-wide"
	case PriorityWithinList:
		return "within-list"
	}
	return "PriorityType(" + strconv.Itoa(int(t)) + ")"
}

// PriorityOption sends customers who already have a relation with a member
// to that member (priority_option). WeCom offers it to some business
// categories only.
type PriorityOption struct {
	// Type is PriorityCorpWide or PriorityWithinList (priority_type).
	Type PriorityType `json:"priority_type"`
	// UserIDs are the members of PriorityWithinList (priority_userid_list,
	// 1 to 1000); PriorityCorpWide takes none.
	UserIDs []string `json:"priority_userid_list,omitempty"`
}

func (p *PriorityOption) validate() error {
	if p == nil {
		return nil
	}
	switch p.Type {
	case PriorityCorpWide:
		if len(p.UserIDs) > 0 {
			return &core.ArgError{Field: "priority_option.priority_userid_list", Reason: "is only taken with priority_type 2"}
		}
		return nil
	case PriorityWithinList:
		return core.IDList("priority_option.priority_userid_list", p.UserIDs, MaxPriorityUsers)
	}
	return &core.ArgError{Field: "priority_option.priority_type", Reason: "is " + strconv.Itoa(int(p.Type)) + ", must be 1 or 2"}
}

func linkName(name string, required bool) error {
	if name == "" {
		if required {
			return &core.ArgError{Field: "link_name", Reason: "is required"}
		}
		return nil
	}
	return core.MaxRunes("link_name", name, MaxLinkNameRunes)
}

// CreateLinkRequest is a new 获客链接.
type CreateLinkRequest struct {
	// Name is the link's name (link_name, required, at most 30
	// characters).
	Name string `json:"link_name"`
	// Range is who the link adds customers to (required).
	Range Range `json:"range"`
	// SkipVerify says customers are added without the member's approval
	// (skip_verify). nil leaves WeCom's default, true; core.Ptr(false) makes
	// the member approve each friend request. A pointer because false is
	// not the default.
	SkipVerify *bool `json:"skip_verify,omitempty"`
	// PriorityOption sends customers who are already a member's friend to
	// that member; nil means none.
	PriorityOption *PriorityOption `json:"priority_option,omitempty"`
	// MarkSource marks the customers' source as this app's link
	// (mark_source); nil leaves WeCom's default, true. Only 营销获客 apps'
	// links are marked.
	MarkSource *bool `json:"mark_source,omitempty"`
}

// Validate checks the link before it is sent.
func (r *CreateLinkRequest) Validate() error {
	if err := linkName(r.Name, true); err != nil {
		return err
	}
	if err := r.Range.validate("range"); err != nil {
		return err
	}
	return r.PriorityOption.validate()
}

// Link is a 获客链接 as create_link and get return it (link).
type Link struct {
	// LinkID identifies the link (link_id).
	LinkID string `json:"link_id"`
	// Name is the link's name (link_name).
	Name string `json:"link_name"`
	// URL is the link (url, https://work.weixin.qq.com/ca/…). Give it
	// out as it is, or with a channel: ChannelURL.
	URL string `json:"url"`
	// CreateTime is when the link was created, Unix seconds.
	CreateTime int64 `json:"create_time"`
	// SkipVerify says customers are added without approval (get only).
	SkipVerify bool `json:"skip_verify,omitempty"`
	// MarkSource says the customers' source is marked (get only).
	MarkSource bool `json:"mark_source,omitempty"`
}

// Created returns CreateTime as a time.Time.
func (l Link) Created() time.Time { return time.Unix(l.CreateTime, 0) }

// ChannelURL returns the link's URL with customer_channel=channel: the
// customers who come through it have that state. See the package
// function ChannelURL.
func (l Link) ChannelURL(channel string) (string, error) { return ChannelURL(l.URL, channel) }

type createLinkResponse struct {
	Link Link `json:"link"`
}

// CreateLink creates a 获客链接 (创建获客链接) and returns it with its id and
// URL. Never re-sent once it may have reached WeCom: after
// core.ErrUnknownOutcome, look for the link with ListLinks first.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/create_link (创建获客链接), https://developer.work.weixin.qq.com/document/path/97297.
// EasyWeChat: none. WxJava: customerAcquisitionLinkCreate.
func (c *Client) CreateLink(ctx context.Context, req *CreateLinkRequest) (*Link, error) {
	r, err := core.Send[createLinkResponse](ctx, c.core, epCreateLink, req)
	if err != nil {
		return nil, refused(epCreateLink, err)
	}
	return &r.Link, nil
}

// UpdateLinkRequest changes a link. Only what is set changes.
type UpdateLinkRequest struct {
	// LinkID is the link (link_id, required); the app must have created
	// it.
	LinkID string `json:"link_id"`
	// Name is the new name (link_name, at most 30 characters); "" keeps
	// the name.
	Name string `json:"link_name,omitempty"`
	// Range replaces the whole range (覆盖更新: give every member and
	// department, not the change); nil keeps it.
	Range *Range `json:"range,omitempty"`
	// SkipVerify changes skip_verify; nil keeps it.
	SkipVerify *bool `json:"skip_verify,omitempty"`
	// PriorityOption replaces the priority option; nil keeps it.
	PriorityOption *PriorityOption `json:"priority_option,omitempty"`
	// MarkSource changes mark_source; nil keeps it.
	MarkSource *bool `json:"mark_source,omitempty"`
}

// Validate checks the change before it is sent.
func (r *UpdateLinkRequest) Validate() error {
	if err := core.Required("link_id", r.LinkID); err != nil {
		return err
	}
	if err := linkName(r.Name, false); err != nil {
		return err
	}
	if r.Range != nil {
		if err := r.Range.validate("range"); err != nil {
			return err
		}
	}
	return r.PriorityOption.validate()
}

// UpdateLink changes a link's name, range, skip_verify, priority option or
// mark_source (编辑获客链接).
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/update_link (编辑获客链接), https://developer.work.weixin.qq.com/document/path/97297.
// EasyWeChat: none. WxJava: customerAcquisitionUpdate.
func (c *Client) UpdateLink(ctx context.Context, req *UpdateLinkRequest) error {
	return refused(epUpdateLink, core.Exec(ctx, c.core, epUpdateLink, req))
}

type linkIDBody struct {
	LinkID string `json:"link_id"`
}

// DeleteLink deletes a link (删除获客链接): it stops working at once, and no
// delete_link event is pushed (one is when an admin deletes it).
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/delete_link (删除获客链接), https://developer.work.weixin.qq.com/document/path/97297.
// EasyWeChat: none. WxJava: customerAcquisitionLinkDelete.
func (c *Client) DeleteLink(ctx context.Context, linkID string) error {
	if err := core.Named(epDeleteLink, core.Required("link_id", linkID)); err != nil {
		return err
	}
	return refused(epDeleteLink, core.Exec(ctx, c.core, epDeleteLink, &linkIDBody{LinkID: linkID}))
}

// LinkDetail is a link with its range and priority option (get).
type LinkDetail struct {
	// Link is the link; GetLink fills in LinkID, which WeCom's answer
	// leaves out.
	Link Link `json:"link"`
	// Range is who the link adds customers to.
	Range Range `json:"range"`
	// PriorityOption is the link's priority option, nil when it has none.
	PriorityOption *PriorityOption `json:"priority_option,omitempty"`
}

// GetLink returns a link with its range (获取获客链接详情).
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/get (获取获客链接详情), https://developer.work.weixin.qq.com/document/path/97297.
// EasyWeChat: none. WxJava: customerAcquisitionLinkGet.
func (c *Client) GetLink(ctx context.Context, linkID string) (*LinkDetail, error) {
	if err := core.Named(epGetLink, core.Required("link_id", linkID)); err != nil {
		return nil, err
	}
	d, err := core.Send[LinkDetail](ctx, c.core, epGetLink, &linkIDBody{LinkID: linkID})
	if err != nil {
		return nil, refused(epGetLink, err)
	}
	if d.Link.LinkID == "" {
		d.Link.LinkID = linkID
	}
	return d, nil
}

// ListLinksRequest asks for one page of the corp's links.
type ListLinksRequest struct {
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size, 1 to 100; 0 leaves WeCom's default.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the limit.
func (r *ListLinksRequest) Validate() error {
	return core.Limit("limit", r.Limit, 1, MaxListLinksLimit)
}

// ListLinksResponse is one page of link ids.
type ListLinksResponse struct {
	// LinkIDs are the links still in use (link_id_list); GetLink has the
	// rest.
	LinkIDs []string `json:"link_id_list"`
	// NextCursor is the next page's cursor, "" on the last.
	NextCursor string `json:"next_cursor"`
}

// ListLinks returns one page of the ids of the corp's links that still work
// (获取获客链接列表); a nil req asks for the first page.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/list_link (获取获客链接列表), https://developer.work.weixin.qq.com/document/path/97297.
// EasyWeChat: none. WxJava: customerAcquisitionLinkList.
func (c *Client) ListLinks(ctx context.Context, req *ListLinksRequest) (*ListLinksResponse, error) {
	if req == nil {
		req = &ListLinksRequest{}
	}
	r, err := core.Send[ListLinksResponse](ctx, c.core, epListLink, req)
	return r, refused(epListLink, err)
}

// ListLinksAll walks every page of ListLinks from req.Cursor, yielding
// each link id. req may be nil. It stops after the first error.
func (c *Client) ListLinksAll(ctx context.Context, req *ListLinksRequest) iter.Seq2[string, error] {
	var base ListLinksRequest
	if req != nil {
		base = *req
	}
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*ListLinksResponse, error) {
		r := base
		r.Cursor = cursor
		return c.ListLinks(ctx, &r)
	}, func(p *ListLinksResponse) []string { return p.LinkIDs }, func(p *ListLinksResponse) string { return p.NextCursor })
}
