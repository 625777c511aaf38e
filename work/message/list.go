package message

import (
	"context"
	"iter"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var epGetGroupMsgListV2 = endpoints.Add(core.ReadPost("externalcontact/get_groupmsg_list_v2"), core.Meta{
	Doc: "93338", Title: "获取群发记录列表", EasyWeChat: "external_contact_message->getGroupmsgListV2", WxJava: "getGroupMsgListV2",
	Note: "A window over 31 days is refused before sending; filter_type is a *FilterType because 0 (corp) differs from absent (all)."})

// MaxListWindow is the longest window GetGroupMsgListV2 takes: WeCom allows
// one month; the SDK refuses more than 31 days before sending.
const MaxListWindow = 31 * 24 * time.Hour

// MaxListLimit bounds GroupMsgListRequest.Limit (WeCom's default is 50).
const MaxListLimit = 100

// FilterType selects mass messages by who created them.
type FilterType int

// Filter types.
const (
	// FilterCorp lists the messages the corp created (企业发表): in the
	// admin console or through the API.
	FilterCorp FilterType = 0
	// FilterMember lists the messages members created (个人发表).
	FilterMember FilterType = 1
	// FilterAll lists both (WeCom's default).
	FilterAll FilterType = 2
)

// String names the filter.
func (f FilterType) String() string {
	switch f {
	case FilterCorp:
		return "corp"
	case FilterMember:
		return "member"
	case FilterAll:
		return "all"
	}
	return "FilterType(" + strconv.Itoa(int(f)) + ")"
}

// CreateType says who created a mass message.
type CreateType int

// Create types.
const (
	// CreatedByCorp is a message of the corp (企业), API-created ones
	// included.
	CreatedByCorp CreateType = 0
	// CreatedByMember is a message a member created (个人).
	CreatedByMember CreateType = 1
)

// String names the creator type.
func (t CreateType) String() string {
	switch t {
	case CreatedByCorp:
		return "corp"
	case CreatedByMember:
		return "member"
	}
	return "CreateType(" + strconv.Itoa(int(t)) + ")"
}

// GroupMsgListRequest is get_groupmsg_list_v2's request.
type GroupMsgListRequest struct {
	// ChatType is required: ChatSingle or ChatGroup.
	ChatType ChatType `json:"chat_type"`
	// StartTime and EndTime bound the creation time, Unix seconds; the
	// window may not pass a month (MaxListWindow).
	StartTime int64 `json:"start_time"`
	EndTime   int64 `json:"end_time"`
	// Creator is the userid of the member who created the messages.
	Creator string `json:"creator,omitempty"`
	// FilterType selects by creator type (nil: FilterAll, WeCom's default;
	// zero is FilterCorp, hence the pointer: core.Ptr(message.FilterCorp)).
	FilterType *FilterType `json:"filter_type,omitempty"`
	// Limit is the page size, 1..100 (0: WeCom's default, 50).
	Limit int `json:"limit,omitempty"`
	// Cursor is the page to read ("" for the first).
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent.
func (r *GroupMsgListRequest) Validate() error {
	if !r.ChatType.valid() {
		return &core.ArgError{Field: "chat_type", Reason: strconv.Quote(string(r.ChatType)) + " is not single or group"}
	}
	if err := validateWindow(r.StartTime, r.EndTime); err != nil {
		return err
	}
	if r.FilterType != nil && (*r.FilterType < FilterCorp || *r.FilterType > FilterAll) {
		return &core.ArgError{Field: "filter_type", Reason: "is " + strconv.Itoa(int(*r.FilterType)) + ", must be 0, 1 or 2"}
	}
	return core.Limit("limit", r.Limit, 1, MaxListLimit)
}

func validateWindow(start, end int64) error {
	if start <= 0 {
		return &core.ArgError{Field: "start_time", Reason: "is required (Unix seconds)"}
	}
	if end < start {
		return &core.ArgError{Field: "end_time", Reason: "is before start_time"}
	}
	if time.Duration(end-start)*time.Second > MaxListWindow {
		return &core.ArgError{Field: "end_time", Reason: "is " + strconv.FormatInt((end-start)/86400, 10) + " days after start_time; the window may not pass a month (31 days)"}
	}
	return nil
}

// GroupMsg is one mass message of the list.
type GroupMsg struct {
	MsgID string `json:"msgid"`
	// Creator is the userid of the member who created it; WeCom leaves it
	// out for messages created through the API.
	Creator string `json:"creator,omitempty"`
	// CreateTime is the creation time, Unix seconds.
	CreateTime  int64                `json:"create_time"`
	CreateType  CreateType           `json:"create_type"`
	Text        *content.Text        `json:"text,omitempty"`
	Attachments []content.Attachment `json:"attachments,omitempty"`
}

// GroupMsgListResponse is one page of get_groupmsg_list_v2.
type GroupMsgListResponse struct {
	GroupMsgList []GroupMsg `json:"group_msg_list"`
	// NextCursor is the next page's cursor, "" after the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// GetGroupMsgListV2 returns one page of the mass messages created in a
// window of at most a month (获取群发记录列表), with their content.
//
// WeCom API: POST /cgi-bin/externalcontact/get_groupmsg_list_v2, https://developer.work.weixin.qq.com/document/path/93338
// EasyWeChat: external_contact_message->getGroupmsgListV2. WxJava: getGroupMsgListV2.
func (c *Client) GetGroupMsgListV2(ctx context.Context, req *GroupMsgListRequest) (*GroupMsgListResponse, error) {
	return core.Send[GroupMsgListResponse](ctx, c.core, epGetGroupMsgListV2, req)
}

// GetGroupMsgListV2All walks every page from req.Cursor on, yielding each
// message; it stops at the first error and honours break. req is copied.
func (c *Client) GetGroupMsgListV2All(ctx context.Context, req *GroupMsgListRequest) iter.Seq2[GroupMsg, error] {
	if req == nil {
		return fail[GroupMsg](core.Check(epGetGroupMsgListV2, req))
	}
	r := *req
	return core.Walk(ctx, r.Cursor, func(ctx context.Context, cursor string) (*GroupMsgListResponse, error) {
		p := r
		p.Cursor = cursor
		return c.GetGroupMsgListV2(ctx, &p)
	}, func(p *GroupMsgListResponse) []GroupMsg { return p.GroupMsgList },
		func(p *GroupMsgListResponse) string { return p.NextCursor })
}

// FindSubmitted returns the corp-created mass messages of tmpl's chat type,
// created between from and until (at most a month apart), whose text and
// attachments are tmpl's: after Submit failed with core.ErrUnknownOutcome,
// one means it was created, none that it was not (see Never twice).
func (c *Client) FindSubmitted(ctx context.Context, tmpl *MsgTemplate, from, until time.Time) ([]GroupMsg, error) {
	if tmpl == nil {
		return nil, &core.ArgError{Call: epGetGroupMsgListV2.Path, Field: "request", Reason: "is nil"}
	}
	chat := tmpl.ChatType
	if chat == "" {
		chat = ChatSingle
	}
	req := &GroupMsgListRequest{ChatType: chat, StartTime: from.Unix(), EndTime: until.Unix(),
		FilterType: core.Ptr(FilterCorp), Limit: MaxListLimit}
	var found []GroupMsg
	for m, err := range c.GetGroupMsgListV2All(ctx, req) {
		if err != nil {
			return nil, err
		}
		if sameContent(tmpl, &m) {
			found = append(found, m)
		}
	}
	return found, nil
}

// sameContent reports whether m has tmpl's text and attachments (by kind
// and by the id or address each names).
func sameContent(tmpl *MsgTemplate, m *GroupMsg) bool {
	text := func(t *content.Text) string {
		if t == nil {
			return ""
		}
		return t.Content
	}
	if text(tmpl.Text) != text(m.Text) || len(tmpl.Attachments) != len(m.Attachments) {
		return false
	}
	for i, a := range tmpl.Attachments {
		if attachmentKey(a, false) != attachmentKey(m.Attachments[i], a.Image != nil && a.Image.MediaID == "") {
			return false
		}
	}
	return true
}

// attachmentKey names what an attachment shows; byURL compares an image by
// its pic_url (an image sent by URL) instead of its media_id.
func attachmentKey(a content.Attachment, byURL bool) string {
	k := string(a.MsgType) + ":"
	switch {
	case a.Image != nil && (byURL || a.Image.MediaID == ""):
		return k + "url:" + a.Image.PicURL
	case a.Image != nil:
		return k + a.Image.MediaID
	case a.Link != nil:
		return k + a.Link.Title + "\x00" + a.Link.URL
	case a.MiniProgram != nil:
		return k + a.MiniProgram.AppID + "\x00" + a.MiniProgram.Page + "\x00" + a.MiniProgram.Title
	case a.Video != nil:
		return k + a.Video.MediaID
	case a.File != nil:
		return k + a.File.MediaID
	}
	return k
}

// fail is an iterator that yields err once.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
