package worktest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// 数据统计: the members' customer-contact figures (get_user_behavior_data)
// and the customer group chat figures (groupchat/statistic per owner,
// groupchat/statistic_group_by_day per day). The simulator has no
// statistics of its own: every figure is derived, deterministically, from
// the state, per member and per natural day in China Standard Time (UTC+8),
// the way WeCom counts:
//
//   - new_contact_cnt: the member's relations created that day (createtime),
//     counting those removed since (the group logs removals: Data.
//     ContactRemovals);
//   - new_apply_cnt: those of them the member initiated (oper_userid is the
//     member);
//   - negative_feedback_cnt: customers who deleted the member that day
//     (Server.DeleteContact);
//   - group chats, per owner: new_chat_cnt (chats created in the window),
//     chat_total (chats existing at its end), new_member_cnt (chat members
//     who joined in it, join_time) and member_total (members at its end);
//   - the figures that need messages (chat_cnt, message_cnt,
//     reply_percentage, avg_reply_time, chat_has_msg, member_has_msg,
//     msg_total) and migrate_trainee_chat_cnt are 0: the simulator has no
//     messages.
//
// A day is reported once it is over (T+1, like WeCom's daily figures):
// get_user_behavior_data answers the days of the window before today, and
// the group chat statistics take days from yesterday back to 180 days ago.

// codeInvalidPartyID is WeCom's 无效的部门id. The simulated corp has one
// department, the root (id 1), to which every member belongs.
const codeInvalidPartyID = 60123

// rootParty is the one department of the simulated corp.
const rootParty = 1

// statHistoryDays and statMaxSpanDays are WeCom's windows: the last 180
// days, at most 30 days per get_user_behavior_data call.
const (
	statHistoryDays = 180
	statMaxSpanDays = 30
)

// cst is China Standard Time, in which WeCom counts days.
var cst = time.FixedZone("CST", 8*3600)

// dayStart returns the Unix seconds of 00:00 CST of the day of sec.
func dayStart(sec int64) int64 {
	t := time.Unix(sec, 0).In(cst)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, cst).Unix()
}

// Change types of a ContactRemoval.
const (
	RemovedByCustomer = "del_follow_user"      // the customer deleted the member (删除跟进成员)
	RemovedByMember   = "del_external_contact" // the member deleted the customer (删除企业客户)
)

// ContactRemoval records a relation that a customer action removed
// (Server.DeleteContact, Server.RemoveContact), for the statistics: the
// relation's history still counts on the day it was made.
type ContactRemoval struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	// ChangeType is RemovedByCustomer or RemovedByMember.
	ChangeType string `json:"change_type"`
	// Time is when it was removed, Unix seconds.
	Time int64 `json:"time"`
	// CreateTime and OperUserID are the removed relation's.
	CreateTime int64  `json:"createtime"`
	OperUserID string `json:"oper_userid,omitempty"`
}

// statisticsState is the group's part of the store: the removal log.
type statisticsState struct{ removals []ContactRemoval }

var statisticsGroup groupKey[statisticsState]

func init() {
	statisticsGroup = addGroup(group[statisticsState]{
		name:   "statistics",
		routes: (*Server).statisticsRoutes,
		load: func(st *store, g *statisticsState, d *Data) error {
			for _, rm := range d.ContactRemovals {
				if st.member(rm.UserID) == nil {
					return fmt.Errorf("contact removal: unknown member %q", rm.UserID)
				}
				if rm.ChangeType != RemovedByCustomer && rm.ChangeType != RemovedByMember {
					return fmt.Errorf("contact removal %s–%s: change_type %q is neither %s nor %s",
						rm.UserID, rm.ExternalUserID, rm.ChangeType, RemovedByCustomer, RemovedByMember)
				}
			}
			g.removals = slices.Clone(d.ContactRemovals)
			return nil
		},
		snapshot: func(_ *store, g *statisticsState, d *Data) { d.ContactRemovals = slices.Clone(g.removals) },
		errTexts: map[int]string{codeInvalidPartyID: "invalid party id"},
	})
}

// logRemoval records that rel was removed at now by changeType; the write
// lock is held.
func (st *store) logRemoval(rel *Relation, changeType string, now time.Time) {
	g := statisticsGroup.of(st)
	g.removals = append(g.removals, ContactRemoval{UserID: rel.UserID, ExternalUserID: rel.ExternalUserID,
		ChangeType: changeType, Time: now.Unix(), CreateTime: rel.CreateTime, OperUserID: rel.OperUserID})
}

func (s *Server) statisticsRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/get_user_behavior_data", handle: bound(s.userBehaviorData)},
		{method: http.MethodPost, path: "externalcontact/groupchat/statistic", handle: bound(s.groupChatStatistic)},
		{method: http.MethodPost, path: "externalcontact/groupchat/statistic_group_by_day", handle: bound(s.groupChatStatisticByDay)},
	}
}

// ---- 联系客户统计 ----

type userBehaviorRequest struct {
	UserID    []string `json:"userid"`
	PartyID   []int64  `json:"partyid"`
	StartTime int64    `json:"start_time" wt:"required"`
	EndTime   int64    `json:"end_time" wt:"required"`
}

func (r *userBehaviorRequest) validate() error {
	if len(r.UserID) == 0 && len(r.PartyID) == 0 {
		return errParam("userid and partyid are both empty")
	}
	if err := checkList("userid", r.UserID, false, 100); err != nil {
		return err
	}
	if len(r.PartyID) > 100 {
		return errParam("partyid has %d items, at most 100 allowed", len(r.PartyID))
	}
	return nil
}

// behaviorData is one day of get_user_behavior_data.
type behaviorData struct {
	StatTime            int64   `json:"stat_time"`
	ChatCnt             int     `json:"chat_cnt"`
	MessageCnt          int     `json:"message_cnt"`
	ReplyPercentage     float64 `json:"reply_percentage"`
	AvgReplyTime        int     `json:"avg_reply_time"`
	NegativeFeedbackCnt int     `json:"negative_feedback_cnt"`
	NewApplyCnt         int     `json:"new_apply_cnt"`
	NewContactCnt       int     `json:"new_contact_cnt"`
}

// userBehaviorData serves POST externalcontact/get_user_behavior_data
// (获取「联系客户统计」数据): the figures of the members in userid and in
// the departments of partyid (at most 100 each, not both empty: 40058),
// added up, one entry per day from start_time to end_time (both floored to
// 00:00 CST, both required). The window is at most 30 days (40058) and
// starts at most 180 days before today (40058); days from today on are not
// reported yet. An unknown userid answers 40003, a department other than
// the root (1) 60123.
func (s *Server) userBehaviorData(c *call, r *userBehaviorRequest) (any, error) {
	start, end := dayStart(r.StartTime), dayStart(r.EndTime)
	today := dayStart(c.now.Unix())
	switch {
	case end < start:
		return nil, errParam("end_time is before start_time")
	case end-start > statMaxSpanDays*day:
		return nil, errParam("the window spans more than %d days", statMaxSpanDays)
	case start < today-statHistoryDays*day:
		return nil, errParam("start_time is more than %d days ago", statHistoryDays)
	}
	users := map[string]bool{}
	for _, u := range r.UserID {
		if c.st.member(u) == nil {
			return nil, errDetail(codeInvalidUserID, "%s", u)
		}
		users[u] = true
	}
	for _, p := range r.PartyID {
		if p != rootParty {
			return nil, errDetail(codeInvalidPartyID, "%d", p)
		}
		for _, m := range c.st.members {
			users[m.UserID] = true
		}
	}
	last := min(end, today-day)
	out := []behaviorData{}
	if last < start {
		return struct {
			BehaviorData []behaviorData `json:"behavior_data"`
		}{out}, nil
	}
	n := int((last-start)/day) + 1
	for i := range n {
		out = append(out, behaviorData{StatTime: start + int64(i)*day})
	}
	at := func(sec int64) *behaviorData {
		if sec < start || sec >= last+day {
			return nil
		}
		return &out[(sec-start)/day]
	}
	added := func(userID string, created int64, oper string) {
		if d := at(created); d != nil && users[userID] {
			d.NewContactCnt++
			if oper == userID {
				d.NewApplyCnt++
			}
		}
	}
	for _, rel := range c.st.relations {
		added(rel.UserID, rel.CreateTime, rel.OperUserID)
	}
	for _, rm := range statisticsGroup.of(c.st).removals {
		added(rm.UserID, rm.CreateTime, rm.OperUserID)
		if d := at(rm.Time); d != nil && users[rm.UserID] && rm.ChangeType == RemovedByCustomer {
			d.NegativeFeedbackCnt++
		}
	}
	return struct {
		BehaviorData []behaviorData `json:"behavior_data"`
	}{out}, nil
}

// ---- 群聊数据统计 ----

type ownerFilter struct {
	UserIDList []string `json:"userid_list"`
}

type groupChatStatRequest struct {
	DayBeginTime int64        `json:"day_begin_time" wt:"required"`
	DayEndTime   int64        `json:"day_end_time"`
	OwnerFilter  *ownerFilter `json:"owner_filter"`
	OrderBy      int          `json:"order_by"`
	OrderAsc     int          `json:"order_asc"`
	Offset       int          `json:"offset"`
	Limit        int          `json:"limit"`
}

type groupChatStatByDayRequest struct {
	DayBeginTime int64        `json:"day_begin_time" wt:"required"`
	DayEndTime   int64        `json:"day_end_time"`
	OwnerFilter  *ownerFilter `json:"owner_filter"`
}

// groupChatData are the figures of groupchat/statistic(_group_by_day).
type groupChatData struct {
	NewChatCnt            int `json:"new_chat_cnt"`
	ChatTotal             int `json:"chat_total"`
	ChatHasMsg            int `json:"chat_has_msg"`
	NewMemberCnt          int `json:"new_member_cnt"`
	MemberTotal           int `json:"member_total"`
	MemberHasMsg          int `json:"member_has_msg"`
	MsgTotal              int `json:"msg_total"`
	MigrateTraineeChatCnt int `json:"migrate_trainee_chat_cnt"`
}

// chatDays checks a group chat window and returns its first day and the
// end of its last (exclusive), Unix seconds: day_begin_time and
// day_end_time (default day_begin_time) floored to 00:00 CST, from
// yesterday back to 180 days ago, end not before begin (40058).
func chatDays(c *call, begin, end int64) (from, to int64, err error) {
	today := dayStart(c.now.Unix())
	from = dayStart(begin)
	last := from
	if end != 0 {
		last = dayStart(end)
	}
	switch {
	case from < today-statHistoryDays*day:
		return 0, 0, errParam("day_begin_time is more than %d days ago", statHistoryDays)
	case from >= today:
		return 0, 0, errParam("day_begin_time must be yesterday or earlier")
	case last < from:
		return 0, 0, errParam("day_end_time is before day_begin_time")
	case last >= today:
		return 0, 0, errParam("day_end_time must be yesterday or earlier")
	}
	return from, last + day, nil
}

// chatOwners returns the owners a filter selects, sorted: its known
// members (at most 100, no empty id: 40058), or without a filter the
// active members with 客户联系 (the app's visible range).
func chatOwners(c *call, f *ownerFilter) ([]string, error) {
	var out []string
	if f != nil {
		if err := checkList("owner_filter.userid_list", f.UserIDList, true, 100); err != nil {
			return nil, err
		}
		for _, u := range f.UserIDList {
			if c.st.member(u) != nil {
				out = append(out, u)
			}
		}
	} else {
		for _, m := range c.st.members {
			if !m.Resigned() && m.ExternalContact {
				out = append(out, m.UserID)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// addChatFigures adds the figures of the chats owned by owners over
// [from, to) to d.
func addChatFigures(c *call, owners map[string]bool, from, to int64, d *groupChatData) {
	for _, ch := range c.st.chats().all() {
		if !owners[ch.Owner] || ch.CreateTime >= to {
			continue
		}
		d.ChatTotal++
		if ch.CreateTime >= from {
			d.NewChatCnt++
		}
		for _, m := range ch.Members {
			if m.JoinTime < to {
				d.MemberTotal++
				if m.JoinTime >= from {
					d.NewMemberCnt++
				}
			}
		}
	}
}

// groupChatStatistic serves POST externalcontact/groupchat/statistic
// (获取「群聊数据统计」数据, 按群主聚合): one item per owner (see chatOwners)
// with the figures of the chats they own now, over the window (see
// chatDays), sorted by order_by (1 new_chat_cnt, the default; 2
// chat_total; 3 new_member_cnt; 4 member_total; else 40058), descending
// unless order_asc is 1 (else 0; other values 40058), ties by userid;
// paged by offset (not negative) and limit (default 500, 1 to 1000:
// 40058), with total and next_offset (offset+limit, at most total).
func (s *Server) groupChatStatistic(c *call, r *groupChatStatRequest) (any, error) {
	from, to, err := chatDays(c, r.DayBeginTime, r.DayEndTime)
	if err != nil {
		return nil, err
	}
	owners, err := chatOwners(c, r.OwnerFilter)
	if err != nil {
		return nil, err
	}
	orderBy := cmp.Or(r.OrderBy, 1)
	switch {
	case orderBy < 1 || orderBy > 4:
		return nil, errParam("order_by is %d, must be 1 to 4", r.OrderBy)
	case r.OrderAsc != 0 && r.OrderAsc != 1:
		return nil, errParam("order_asc is %d, must be 0 or 1", r.OrderAsc)
	case r.Offset < 0:
		return nil, errParam("offset is %d, must not be negative", r.Offset)
	case r.Limit < 0 || r.Limit > 1000:
		return nil, errParam("limit is %d, must be 1 to 1000", r.Limit)
	}
	limit := cmp.Or(r.Limit, 500)
	type item struct {
		Owner string        `json:"owner"`
		Data  groupChatData `json:"data"`
	}
	items := make([]item, len(owners))
	for i, o := range owners {
		items[i].Owner = o
		addChatFigures(c, map[string]bool{o: true}, from, to, &items[i].Data)
	}
	key := func(d groupChatData) int {
		return [...]int{d.NewChatCnt, d.ChatTotal, d.NewMemberCnt, d.MemberTotal}[orderBy-1]
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if r.OrderAsc == 1 {
			return cmp.Compare(key(a.Data), key(b.Data))
		}
		return cmp.Compare(key(b.Data), key(a.Data))
	})
	lo := min(r.Offset, len(items))
	hi := min(lo+limit, len(items))
	return struct {
		Total      int    `json:"total"`
		NextOffset int    `json:"next_offset"`
		Items      []item `json:"items"`
	}{len(items), hi, items[lo:hi]}, nil
}

// groupChatStatisticByDay serves POST
// externalcontact/groupchat/statistic_group_by_day (获取「群聊数据统计」数据,
// 按自然日聚合): one item per day of the window (see chatDays) with the
// figures of the chats owned by the selected owners (see chatOwners),
// totals as at the end of each day.
func (s *Server) groupChatStatisticByDay(c *call, r *groupChatStatByDayRequest) (any, error) {
	from, to, err := chatDays(c, r.DayBeginTime, r.DayEndTime)
	if err != nil {
		return nil, err
	}
	owners, err := chatOwners(c, r.OwnerFilter)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, o := range owners {
		set[o] = true
	}
	type item struct {
		StatTime int64         `json:"stat_time"`
		Data     groupChatData `json:"data"`
	}
	items := []item{}
	for d := from; d < to; d += day {
		it := item{StatTime: d}
		addChatFigures(c, set, d, d+day, &it.Data)
		items = append(items, it)
	}
	return struct {
		Items []item `json:"items"`
	}{items}, nil
}
