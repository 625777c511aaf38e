package acquisition

import (
	"context"
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

var (
	epQuota = endpoints.Add(core.Read("externalcontact/customer_acquisition_quota"), core.Meta{
		Doc: "97375", Title: "查询剩余使用量", WxJava: "customerAcquisitionQuota",
		Note: "EasyWeChat has none; a GET at customer_acquisition_quota (not under customer_acquisition/); quota_list decoded (WxJava's bean has no field for it)"})
	epStatistic = endpoints.Add(core.ReadPost("externalcontact/customer_acquisition/statistic"), core.Meta{
		Doc: "97375", Title: "查询链接使用详情", WxJava: "customerAcquisitionStatistic",
		Note: "EasyWeChat has none; start and end as time.Time days in UTC+8 (sent as 00:00 of each, both included), " +
			"at most 30 days apart, within the last 180 days, checked before sending"})
)

// Quota is the corp's 获客助手 usage quota (使用量): each customer added
// through a link uses one.
type Quota struct {
	// Total is every quota the corp has had (total).
	Total int `json:"total"`
	// Balance is what is left (balance).
	Balance int `json:"balance"`
	// Batches is the balance per expiry date (quota_list): quota expires
	// with the batch it came in.
	Batches []QuotaBatch `json:"quota_list"`
}

// QuotaBatch is the part of the balance that expires on one date.
type QuotaBatch struct {
	// ExpireDate is when the batch expires, Unix seconds (expire_date).
	ExpireDate int64 `json:"expire_date"`
	// Balance is what is left of it.
	Balance int `json:"balance"`
}

// Expires returns ExpireDate as a time.Time.
func (b QuotaBatch) Expires() time.Time { return time.Unix(b.ExpireDate, 0) }

// ExpiringBy returns how much of the balance expires by t (its batches
// whose ExpireDate is not after t).
func (q *Quota) ExpiringBy(t time.Time) int {
	n := 0
	for _, b := range q.Batches {
		if !b.Expires().After(t) {
			n += b.Balance
		}
	}
	return n
}

// Quota returns the corp's 获客助手 quota: the total, the balance and the
// balance per expiry date (查询剩余使用量).
//
// WeCom API: GET /cgi-bin/externalcontact/customer_acquisition_quota (查询剩余使用量), https://developer.work.weixin.qq.com/document/path/97375.
// EasyWeChat: none. WxJava: customerAcquisitionQuota.
func (c *Client) Quota(ctx context.Context) (*Quota, error) {
	q, err := core.Get[Quota](ctx, c.core, epQuota, nil)
	return q, refused(epQuota, err)
}

// cst is China Standard Time, in which WeCom counts the statistic's days.
var cst = time.FixedZone("CST", 8*3600)

const day = 24 * time.Hour

// Windows of Statistic, as WeCom documents them.
const (
	// StatisticHistory is how far back Statistic reaches: 180 days.
	StatisticHistory = 180 * day
	// MaxStatisticSpan is the longest window: end at most 30 days after
	// start.
	MaxStatisticSpan = 30 * day
)

// dayStart returns 00:00 in UTC+8 of the day t falls on in UTC+8.
func dayStart(t time.Time) time.Time {
	t = t.In(cst)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, cst)
}

// StatisticRequest asks for a link's figures from Start to End, both days
// included.
type StatisticRequest struct {
	// LinkID is the link (link_id, required).
	LinkID string
	// Start is the first day (start_time, required): any instant of it in
	// UTC+8, sent as that day's 00:00. At most 180 days before today.
	Start time.Time
	// End is the last day (end_time, required), not before Start, at most
	// 30 days after it and not after today.
	End time.Time
}

// Validate checks what needs no clock: the link, the days and the span.
func (r *StatisticRequest) Validate() error {
	if err := core.Required("link_id", r.LinkID); err != nil {
		return err
	}
	if r.Start.IsZero() {
		return &core.ArgError{Field: "start_time", Reason: "is required"}
	}
	if r.End.IsZero() {
		return &core.ArgError{Field: "end_time", Reason: "is required"}
	}
	start, end := dayStart(r.Start), dayStart(r.End)
	if end.Before(start) {
		return &core.ArgError{Field: "end_time", Reason: "is " + end.Format(time.DateOnly) + ", before start_time " + start.Format(time.DateOnly)}
	}
	if span := end.Sub(start); span > MaxStatisticSpan {
		return &core.ArgError{Field: "end_time", Reason: "is " + strconv.Itoa(int(span/day)) + " days after start_time, at most 30 allowed"}
	}
	return nil
}

// checkWindow checks the days against today (the day of now in UTC+8).
func (r *StatisticRequest) checkWindow(now time.Time) error {
	today := dayStart(now)
	if first := today.Add(-StatisticHistory); dayStart(r.Start).Before(first) {
		return &core.ArgError{Field: "start_time", Reason: "is " + dayStart(r.Start).Format(time.DateOnly) +
			", more than 180 days before today (" + today.Format(time.DateOnly) + " UTC+8)"}
	}
	if dayStart(r.End).After(today) {
		return &core.ArgError{Field: "end_time", Reason: "is " + dayStart(r.End).Format(time.DateOnly) +
			", after today (" + today.Format(time.DateOnly) + " UTC+8)"}
	}
	return nil
}

type statisticBody struct {
	LinkID    string `json:"link_id"`
	StartTime int64  `json:"start_time"`
	EndTime   int64  `json:"end_time"`
}

// Statistic is a link's figures over a window.
type Statistic struct {
	// ClickCount is the number of customers who opened the link
	// (click_link_customer_cnt).
	ClickCount int `json:"click_link_customer_cnt"`
	// NewCustomerCount is the number of customers added through it
	// (new_customer_cnt).
	NewCustomerCount int `json:"new_customer_cnt"`
}

// Statistic returns how many customers opened a link and how many were added
// through it from req.Start to req.End, whole days in UTC+8, both included
// (查询链接使用详情).
//
// WeCom API: POST /cgi-bin/externalcontact/customer_acquisition/statistic (查询链接使用详情), https://developer.work.weixin.qq.com/document/path/97375.
// EasyWeChat: none. WxJava: customerAcquisitionStatistic.
func (c *Client) Statistic(ctx context.Context, req *StatisticRequest) (*Statistic, error) {
	if err := core.Check(epStatistic, req); err != nil {
		return nil, err
	}
	if err := core.Named(epStatistic, req.checkWindow(c.now())); err != nil {
		return nil, err
	}
	s, err := core.Send[Statistic](ctx, c.core, epStatistic, &statisticBody{
		LinkID: req.LinkID, StartTime: dayStart(req.Start).Unix(), EndTime: dayStart(req.End).Unix()})
	return s, refused(epStatistic, err)
}
