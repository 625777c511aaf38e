package statistics

import (
	"context"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epGroupChatStatistic = endpoints.Add(core.ReadPost("externalcontact/groupchat/statistic"), core.Meta{
		Doc: "92133", Title: "获取「群聊数据统计」数据", EasyWeChat: "external_contact_statistics->groupChatStatistic", WxJava: "getGroupChatStatistic",
		Note: "days as time.Time, sent as 00:00 UTC+8 integers from yesterday back to 180 days; order_by, order_asc, offset and limit are sent only when set (WxJava always sends 1, 0, 0, 500, and never day_end_time); GroupChatStatisticAll walks offsets"})
	epGroupChatStatisticByDay = endpoints.Add(core.ReadPost("externalcontact/groupchat/statistic_group_by_day"), core.Meta{
		Doc: "92133", Title: "获取「群聊数据统计」数据", EasyWeChat: "external_contact_statistics->groupChatStatisticGroupByDay",
		Note: "a request struct instead of (int $dayBeginTime, int $dayEndTime, array $userIds); days as time.Time"})
)

// MaxOwners bounds OwnerFilter.UserIDs: 100 owners.
const MaxOwners = 100

// MaxGroupChatStatisticLimit is the largest page GroupChatStatistic takes;
// WeCom's default (Limit 0) is 500.
const MaxGroupChatStatisticLimit = 1000

// OwnerFilter selects group chats by owner (owner_filter).
type OwnerFilter struct {
	// UserIDs are the owners (userid_list, 1 to 100).
	UserIDs []string `json:"userid_list"`
}

func (f *OwnerFilter) validate() error {
	if f == nil {
		return nil
	}
	return core.IDList("owner_filter.userid_list", f.UserIDs, MaxOwners)
}

func (f *OwnerFilter) clone() *OwnerFilter {
	if f == nil {
		return nil
	}
	return &OwnerFilter{UserIDs: slices.Clone(f.UserIDs)}
}

// OrderBy is the figure GroupChatStatistic sorts owners by (order_by).
type OrderBy int

// Orders. The zero value sends nothing: WeCom sorts by new chats.
const (
	OrderByNewChats   OrderBy = 1 // 新增群个数 (WeCom's default)
	OrderByChats      OrderBy = 2 // 群总数
	OrderByNewMembers OrderBy = 3 // 新增群人数
	OrderByMembers    OrderBy = 4 // 群总人数
)

// String names the order.
func (o OrderBy) String() string {
	switch o {
	case 0:
		return "default"
	case OrderByNewChats:
		return "new_chat_cnt"
	case OrderByChats:
		return "chat_total"
	case OrderByNewMembers:
		return "new_member_cnt"
	case OrderByMembers:
		return "member_total"
	}
	return "OrderBy(" + strconv.Itoa(int(o)) + ")"
}

// GroupChatData are the figures of customer group chats over a window
// (data).
type GroupChatData struct {
	// NewChatCount is the number of chats created (新增客户群数量).
	NewChatCount int `json:"new_chat_cnt"`
	// ChatTotal is the number of chats at the end of the window (截至当天客户群总数量).
	ChatTotal int `json:"chat_total"`
	// ChatHasMessage is the number of chats in which someone spoke (有发过消息的客户群数量).
	ChatHasMessage int `json:"chat_has_msg"`
	// NewMemberCount is the number of members who joined (客户群新增群人数).
	NewMemberCount int `json:"new_member_cnt"`
	// MemberTotal is the number of members at the end of the window (截至当天客户群总人数).
	MemberTotal int `json:"member_total"`
	// MemberHasMessage is the number of members who spoke (有发过消息的群成员数).
	MemberHasMessage int `json:"member_has_msg"`
	// MessageTotal is the number of messages sent (客户群消息总数).
	MessageTotal int `json:"msg_total"`
	// MigrateTraineeChatCount is the number of chats migrated from a
	// trainee account (升级为企业客户群的数量).
	MigrateTraineeChatCount int `json:"migrate_trainee_chat_cnt"`
}

// checkDays checks a group chat window: begin required, begin and end (when
// given) from yesterday back to 180 days, end not before begin.
func checkDays(begin, end, now time.Time) error {
	if err := requireDay("day_begin_time", begin); err != nil {
		return err
	}
	if err := inHistory("day_begin_time", begin, now, 1); err != nil {
		return err
	}
	if end.IsZero() {
		return nil
	}
	if DayStart(end).Before(DayStart(begin)) {
		return &core.ArgError{Field: "day_end_time", Reason: "is " + DayStart(end).Format(time.DateOnly) + ", before day_begin_time " + DayStart(begin).Format(time.DateOnly)}
	}
	return inHistory("day_end_time", end, now, 1)
}

// optDay is the Unix seconds of 00:00 CST of t's day, or 0 (omitted) for
// the zero time.
func optDay(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return dayOf(t)
}

// ---- 按群主聚合 ----

// GroupChatStatisticRequest asks for one page of group chat figures per
// owner (群聊数据统计, 按群主聚合) over the days from DayBegin to DayEnd.
type GroupChatStatisticRequest struct {
	// DayBegin is the first day (day_begin_time, required), from yesterday
	// back to 180 days ago: any instant of it; the SDK sends 00:00 CST.
	DayBegin time.Time
	// DayEnd is the last day (day_end_time), in the same range and not
	// before DayBegin. The zero time omits it: WeCom then reports DayBegin
	// alone.
	DayEnd time.Time
	// OwnerFilter selects the owners; nil means every owner in the app's
	// visible range (WeCom advises against it).
	OwnerFilter *OwnerFilter
	// OrderBy sorts the owners; 0 leaves WeCom's default (new chats).
	OrderBy OrderBy
	// Ascending sorts in ascending order (order_asc 1) instead of WeCom's
	// descending default.
	Ascending bool
	// Offset is the index of the first owner (offset).
	Offset int
	// Limit is the page size (limit), 1 to 1000; 0 leaves WeCom's default
	// (500).
	Limit int
}

// Validate checks the rules that need no clock: the filter, the order, the
// paging, a required DayBegin and DayEnd not before it. The Client checks
// the days against its clock.
func (r *GroupChatStatisticRequest) Validate() error {
	if err := requireDay("day_begin_time", r.DayBegin); err != nil {
		return err
	}
	if err := r.OwnerFilter.validate(); err != nil {
		return err
	}
	if r.OrderBy != 0 && (r.OrderBy < OrderByNewChats || r.OrderBy > OrderByMembers) {
		return &core.ArgError{Field: "order_by", Reason: "is " + strconv.Itoa(int(r.OrderBy)) + ", must be 0 (default) or 1 to 4"}
	}
	if r.Offset < 0 {
		return &core.ArgError{Field: "offset", Reason: "is negative"}
	}
	return core.Limit("limit", r.Limit, 1, MaxGroupChatStatisticLimit)
}

type groupChatStatisticBody struct {
	DayBeginTime int64        `json:"day_begin_time"`
	DayEndTime   int64        `json:"day_end_time,omitempty"`
	OwnerFilter  *OwnerFilter `json:"owner_filter,omitempty"`
	OrderBy      OrderBy      `json:"order_by,omitempty"`
	OrderAsc     int          `json:"order_asc,omitempty"`
	Offset       int          `json:"offset,omitempty"`
	Limit        int          `json:"limit,omitempty"`
}

// OwnerGroupChatStatistic is one owner's figures (items[]).
type OwnerGroupChatStatistic struct {
	// Owner is the owner's userid.
	Owner string `json:"owner"`
	// Data are the figures of the chats the owner owns.
	Data GroupChatData `json:"data"`
}

// GroupChatStatisticResponse is one page of GroupChatStatistic.
type GroupChatStatisticResponse struct {
	// Total is the number of owners matched.
	Total int `json:"total"`
	// NextOffset is the Offset of the next page; it equals Total on the
	// last page.
	NextOffset int `json:"next_offset"`
	// Items are the owners of the page.
	Items []OwnerGroupChatStatistic `json:"items"`
}

// Done reports whether the page is the last one.
func (p *GroupChatStatisticResponse) Done() bool {
	return len(p.Items) == 0 || p.NextOffset >= p.Total
}

// GroupChatStatistic returns one page of customer group chat figures per
// owner (群聊数据统计, 按群主聚合), summed over the window's days. Page with
// Offset and Limit, or use GroupChatStatisticAll.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/statistic (获取「群聊数据统计」数据), https://developer.work.weixin.qq.com/document/path/92133.
// EasyWeChat: external_contact_statistics->groupChatStatistic. WxJava: getGroupChatStatistic.
func (c *Client) GroupChatStatistic(ctx context.Context, req *GroupChatStatisticRequest) (*GroupChatStatisticResponse, error) {
	if err := core.Check(epGroupChatStatistic, req); err != nil {
		return nil, err
	}
	if err := core.Named(epGroupChatStatistic, checkDays(req.DayBegin, req.DayEnd, c.now())); err != nil {
		return nil, err
	}
	body := groupChatStatisticBody{DayBeginTime: dayOf(req.DayBegin), DayEndTime: optDay(req.DayEnd),
		OwnerFilter: req.OwnerFilter, OrderBy: req.OrderBy, Offset: req.Offset, Limit: req.Limit}
	if req.Ascending {
		body.OrderAsc = 1
	}
	return core.Send[GroupChatStatisticResponse](ctx, c.core, epGroupChatStatistic, &body)
}

// GroupChatStatisticAll walks every page of GroupChatStatistic from
// req.Offset, yielding each owner, until next_offset reaches total. It
// stops after the first error (an offset that does not move forward is
// one) and when the loop breaks. req is copied when GroupChatStatisticAll
// is called.
func (c *Client) GroupChatStatisticAll(ctx context.Context, req *GroupChatStatisticRequest) iter.Seq2[OwnerGroupChatStatistic, error] {
	if err := core.Check(epGroupChatStatistic, req); err != nil {
		return func(yield func(OwnerGroupChatStatistic, error) bool) { yield(OwnerGroupChatStatistic{}, err) }
	}
	base := *req
	base.OwnerFilter = req.OwnerFilter.clone()
	return core.WalkOffsets(ctx, base.Offset, func(ctx context.Context, offset int) ([]OwnerGroupChatStatistic, int, error) {
		page := base
		page.Offset = offset
		res, err := c.GroupChatStatistic(ctx, &page)
		if err != nil {
			return nil, 0, err
		}
		if res.Done() {
			return res.Items, -1, nil
		}
		return res.Items, res.NextOffset, nil
	})
}

// ---- 按自然日聚合 ----

// GroupChatStatisticByDayRequest asks for group chat figures per day
// (群聊数据统计, 按自然日聚合) from DayBegin to DayEnd.
type GroupChatStatisticByDayRequest struct {
	// DayBegin is the first day (day_begin_time, required), from yesterday
	// back to 180 days ago; the SDK sends 00:00 CST of its day.
	DayBegin time.Time
	// DayEnd is the last day (day_end_time), in the same range and not
	// before DayBegin; the zero time omits it (DayBegin alone).
	DayEnd time.Time
	// OwnerFilter selects the owners whose chats count; nil means every
	// owner in the app's visible range.
	OwnerFilter *OwnerFilter
}

// Validate checks the rules that need no clock.
func (r *GroupChatStatisticByDayRequest) Validate() error {
	if err := requireDay("day_begin_time", r.DayBegin); err != nil {
		return err
	}
	return r.OwnerFilter.validate()
}

type groupChatStatisticByDayBody struct {
	DayBeginTime int64        `json:"day_begin_time"`
	DayEndTime   int64        `json:"day_end_time,omitempty"`
	OwnerFilter  *OwnerFilter `json:"owner_filter,omitempty"`
}

// DayGroupChatStatistic is one day's figures (items[]).
type DayGroupChatStatistic struct {
	// StatTime is the day: Unix seconds of its 00:00 CST.
	StatTime int64 `json:"stat_time"`
	// Data are the day's figures over the selected owners' chats.
	Data GroupChatData `json:"data"`
}

// Day returns the day of the figures, as 00:00 in CST.
func (d DayGroupChatStatistic) Day() time.Time { return unixDay(d.StatTime) }

type groupChatStatisticByDayResponse struct {
	Items []DayGroupChatStatistic `json:"items"`
}

// GroupChatStatisticGroupByDay returns the customer group chat figures
// (群聊数据统计, 按自然日聚合) of the selected owners, one entry per day.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/statistic_group_by_day (获取「群聊数据统计」数据), https://developer.work.weixin.qq.com/document/path/92133.
// EasyWeChat: external_contact_statistics->groupChatStatisticGroupByDay. WxJava: none.
func (c *Client) GroupChatStatisticGroupByDay(ctx context.Context, req *GroupChatStatisticByDayRequest) ([]DayGroupChatStatistic, error) {
	if err := core.Check(epGroupChatStatisticByDay, req); err != nil {
		return nil, err
	}
	if err := core.Named(epGroupChatStatisticByDay, checkDays(req.DayBegin, req.DayEnd, c.now())); err != nil {
		return nil, err
	}
	body := groupChatStatisticByDayBody{DayBeginTime: dayOf(req.DayBegin), DayEndTime: optDay(req.DayEnd), OwnerFilter: req.OwnerFilter}
	res, err := core.Send[groupChatStatisticByDayResponse](ctx, c.core, epGroupChatStatisticByDay, &body)
	if err != nil {
		return nil, err
	}
	return res.Items, nil
}
