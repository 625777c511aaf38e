package statistics

import (
	"context"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

var epUserBehavior = endpoints.Add(core.ReadPost("externalcontact/get_user_behavior_data"), core.Meta{
	Doc: "92132", Title: "获取「联系客户统计」数据", EasyWeChat: "external_contact_statistics->userBehavior", WxJava: "getUserBehaviorStatistic",
	Note: "start_time and end_time are integers (EasyWeChat sends strings) computed from time.Time days as 00:00 UTC+8; the 30-day span and 180-day history are checked before sending"})

// MaxBehaviorIDs bounds UserBehaviorRequest.UserIDs and PartyIDs: 100 each.
const MaxBehaviorIDs = 100

// UserBehaviorRequest asks for the members' customer-contact figures
// (联系客户统计) per day from Start to End, both included.
type UserBehaviorRequest struct {
	// UserIDs are the members (userid, at most 100). Their figures are
	// added up: WeCom does not split them per member.
	UserIDs []string
	// PartyIDs are departments (partyid, at most 100) whose members count
	// too. UserIDs and PartyIDs are not both empty.
	PartyIDs []int64
	// Start is the first day (start_time, required): any instant of it; the
	// SDK sends 00:00 CST of its day. At most 180 days before today.
	Start time.Time
	// End is the last day (end_time, required), at most 30 days after
	// Start and not after today.
	End time.Time
}

// Validate checks the rules that need no clock: ids, required days, the
// 30-day span. The Client checks the 180-day history against its clock.
func (r *UserBehaviorRequest) Validate() error {
	if len(r.UserIDs) == 0 && len(r.PartyIDs) == 0 {
		return &core.ArgError{Field: "userid", Reason: "is empty and so is partyid: give members, departments or both"}
	}
	if err := core.OptionalIDList("userid", r.UserIDs, MaxBehaviorIDs); err != nil {
		return err
	}
	if err := partyIDs("partyid", r.PartyIDs, MaxBehaviorIDs); err != nil {
		return err
	}
	if err := requireDay("start_time", r.Start); err != nil {
		return err
	}
	if err := requireDay("end_time", r.End); err != nil {
		return err
	}
	start, end := DayStart(r.Start), DayStart(r.End)
	if end.Before(start) {
		return &core.ArgError{Field: "end_time", Reason: "is " + end.Format(time.DateOnly) + ", before start_time " + start.Format(time.DateOnly)}
	}
	if span := end.Sub(start); span > MaxBehaviorSpan {
		return &core.ArgError{Field: "end_time", Reason: "is " + days(span) + " after start_time, at most " + days(MaxBehaviorSpan) + " allowed"}
	}
	return nil
}

// checkWindow checks the days against the clock: start not more than 180
// days back, end not after today.
func (r *UserBehaviorRequest) checkWindow(now time.Time) error {
	if err := inHistory("start_time", r.Start, now, 0); err != nil {
		return err
	}
	return inHistory("end_time", r.End, now, 0)
}

// partyIDs checks a list of department ids: at most max, each positive.
func partyIDs(field string, ids []int64, max int) error {
	if len(ids) > max {
		return &core.ArgError{Field: field, Reason: "has " + strconv.Itoa(len(ids)) + " ids, at most " + strconv.Itoa(max) + " allowed"}
	}
	for i, id := range ids {
		if id <= 0 {
			return &core.ArgError{Field: field, Reason: "id #" + strconv.Itoa(i) + " is " + strconv.FormatInt(id, 10) + ", not a department id"}
		}
	}
	return nil
}

// userBehaviorBody is get_user_behavior_data's request on the wire.
type userBehaviorBody struct {
	UserID    []string `json:"userid,omitempty"`
	PartyID   []int64  `json:"partyid,omitempty"`
	StartTime int64    `json:"start_time"`
	EndTime   int64    `json:"end_time"`
}

// BehaviorData is one day of customer-contact figures (behavior_data).
type BehaviorData struct {
	// StatTime is the day: Unix seconds of its 00:00 CST.
	StatTime int64 `json:"stat_time"`
	// ChatCount is the number of chats (聊天总数): private chats with
	// customers in which the member sent at least one message.
	ChatCount int `json:"chat_cnt"`
	// MessageCount is the number of messages the member sent (发送消息数).
	MessageCount int `json:"message_cnt"`
	// ReplyPercentage is the percentage of chats started by a customer
	// that the member answered within 24 hours (已回复聊天占比), 0 to 100.
	ReplyPercentage float64 `json:"reply_percentage"`
	// AvgReplyTime is the average time to the first reply, in minutes
	// (平均首次回复时长).
	AvgReplyTime float64 `json:"avg_reply_time"`
	// NegativeFeedbackCount is the number of customers who deleted or
	// blocked the member (删除/拉黑成员的客户数).
	NegativeFeedbackCount int `json:"negative_feedback_cnt"`
	// NewApplyCount is the number of friend requests the member sent to
	// customers (发起申请数).
	NewApplyCount int `json:"new_apply_cnt"`
	// NewContactCount is the number of customers added (新增客户数).
	NewContactCount int `json:"new_contact_cnt"`
}

// Day returns the day of the figures, as 00:00 in CST.
func (d BehaviorData) Day() time.Time { return unixDay(d.StatTime) }

type userBehaviorResponse struct {
	BehaviorData []BehaviorData `json:"behavior_data"`
}

// UserBehavior returns the customer-contact figures (联系客户统计) of the
// given members and departments, one entry per day from req.Start to
// req.End. The figures of several members are added up.
//
// WeCom API: POST /cgi-bin/externalcontact/get_user_behavior_data (获取「联系客户统计」数据), https://developer.work.weixin.qq.com/document/path/92132.
// EasyWeChat: external_contact_statistics->userBehavior. WxJava: getUserBehaviorStatistic.
func (c *Client) UserBehavior(ctx context.Context, req *UserBehaviorRequest) ([]BehaviorData, error) {
	if err := core.Check(epUserBehavior, req); err != nil {
		return nil, err
	}
	if err := core.Named(epUserBehavior, req.checkWindow(c.now())); err != nil {
		return nil, err
	}
	body := userBehaviorBody{UserID: req.UserIDs, PartyID: req.PartyIDs,
		StartTime: dayOf(req.Start), EndTime: dayOf(req.End)}
	res, err := core.Send[userBehaviorResponse](ctx, c.core, epUserBehavior, &body)
	if err != nil {
		return nil, err
	}
	return res.BehaviorData, nil
}
