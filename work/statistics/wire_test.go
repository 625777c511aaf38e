package statistics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/statistics"
)

// now is the clock of the wire tests: 2024-05-01 10:00 CST, so yesterday is
// 2024-04-30 and the 180-day history starts on 2023-11-03.
var now = time.Date(2024, 5, 1, 10, 0, 0, 0, statistics.CST)

func newClient(c *core.Client) *statistics.Client {
	return statistics.New(c).WithClock(func() time.Time { return now })
}

// at is a time of day in CST on a day of 2024-04.
func at(day, hour int) time.Time { return time.Date(2024, 4, day, hour, 30, 0, 0, statistics.CST) }

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("member%03d", i)
	}
	return out
}

func parties(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

var wantDayData = statistics.GroupChatData{NewChatCount: 2, ChatTotal: 2, MemberTotal: 6, MigrateTraineeChatCount: 3}

func TestWire(t *testing.T) {
	behavior := func(mut func(r *statistics.UserBehaviorRequest)) func(ctx context.Context, c *statistics.Client) error {
		return func(ctx context.Context, c *statistics.Client) error {
			r := statistics.UserBehaviorRequest{UserIDs: []string{"zhangsan"}, Start: at(28, 9), End: at(29, 9)}
			mut(&r)
			_, err := c.UserBehavior(ctx, &r)
			return err
		}
	}
	chats := func(mut func(r *statistics.GroupChatStatisticRequest)) func(ctx context.Context, c *statistics.Client) error {
		return func(ctx context.Context, c *statistics.Client) error {
			r := statistics.GroupChatStatisticRequest{DayBegin: at(28, 0)}
			mut(&r)
			_, err := c.GroupChatStatistic(ctx, &r)
			return err
		}
	}
	byDay := func(mut func(r *statistics.GroupChatStatisticByDayRequest)) func(ctx context.Context, c *statistics.Client) error {
		return func(ctx context.Context, c *statistics.Client) error {
			r := statistics.GroupChatStatisticByDayRequest{DayBegin: at(28, 0)}
			mut(&r)
			_, err := c.GroupChatStatisticGroupByDay(ctx, &r)
			return err
		}
	}
	const (
		pBehavior = "externalcontact/get_user_behavior_data"
		pStat     = "externalcontact/groupchat/statistic"
		pByDay    = "externalcontact/groupchat/statistic_group_by_day"
	)
	wiretest.Suite[*statistics.Client]{
		Endpoints: statistics.Endpoints(),
		New:       newClient,
		Cases: []wiretest.Case[*statistics.Client]{
			{
				Method: "POST", Path: pBehavior,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					// Any instant of a day stands for the day; a UTC time
					// counts by its day in CST (17:00 UTC on the 29th is
					// 01:00 CST on the 30th).
					return c.UserBehavior(ctx, &statistics.UserBehaviorRequest{
						UserIDs: []string{"zhangsan", "lisi"}, PartyIDs: []int64{1001, 1002},
						Start: at(28, 15), End: time.Date(2024, 4, 29, 17, 0, 0, 0, time.UTC)})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"userid":["zhangsan","lisi"],"partyid":[1001,1002],"start_time":1714233600,"end_time":1714406400}`,
					Reply: wiretest.Fixture(t, "statistics", "get_user_behavior_data")},
				Want: []statistics.BehaviorData{
					{StatTime: 1714233600, ChatCount: 100, MessageCount: 80, ReplyPercentage: 60.25, AvgReplyTime: 1, NewApplyCount: 6, NewContactCount: 5},
					{StatTime: 1714320000, ChatCount: 20, MessageCount: 40, ReplyPercentage: 100, AvgReplyTime: 1, NewApplyCount: 6, NewContactCount: 5},
				},
			},
			{
				Name: "get_user_behavior_data departments only", Method: "POST", Path: pBehavior,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					return c.UserBehavior(ctx, &statistics.UserBehaviorRequest{PartyIDs: []int64{2}, Start: at(28, 0), End: at(28, 23)})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"partyid":[2],"start_time":1714233600,"end_time":1714233600}`,
					Reply: `{"errcode":0,"errmsg":"ok","behavior_data":[]}`},
				Want: []statistics.BehaviorData{},
			},
			{
				Method: "POST", Path: pStat,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					return c.GroupChatStatistic(ctx, &statistics.GroupChatStatisticRequest{
						DayBegin: at(28, 12), DayEnd: at(30, 23), OwnerFilter: &statistics.OwnerFilter{UserIDs: []string{"zhangsan"}},
						OrderBy: statistics.OrderByChats, Ascending: true, Offset: 0, Limit: 1000})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"day_begin_time":1714233600,"day_end_time":1714406400,"owner_filter":{"userid_list":["zhangsan"]},"order_by":2,"order_asc":1,"limit":1000}`,
					Reply: wiretest.Fixture(t, "statistics", "groupchat_statistic")},
				Want: &statistics.GroupChatStatisticResponse{Total: 3, NextOffset: 2, Items: []statistics.OwnerGroupChatStatistic{
					{Owner: "zhangsan", Data: wantDayData},
					{Owner: "lisi", Data: statistics.GroupChatData{NewChatCount: 1, ChatTotal: 3, ChatHasMessage: 2, MemberTotal: 6, MigrateTraineeChatCount: 3}},
				}},
			},
			{
				Name: "groupchat/statistic one day, defaults", Method: "POST", Path: pStat,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					return c.GroupChatStatistic(ctx, &statistics.GroupChatStatisticRequest{DayBegin: at(30, 8), Offset: 2})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"day_begin_time":1714406400,"offset":2}`,
					Reply: wiretest.Fixture(t, "statistics", "groupchat_statistic_last")},
				Check: func(t *testing.T, got any) {
					p := got.(*statistics.GroupChatStatisticResponse)
					assert.True(t, p.Done())
					assert.Equal(t, "wangwu", p.Items[0].Owner)
					assert.Equal(t, 27, p.Items[0].Data.MessageTotal)
				},
			},
			{
				Name: "groupchat/statistic all pages", Method: "POST", Path: pStat,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					owners, errs := wiretest.Collect(c.GroupChatStatisticAll(ctx, &statistics.GroupChatStatisticRequest{DayBegin: at(29, 0), Limit: 2}))
					if len(errs) > 0 {
						return nil, errs[0]
					}
					return owners, nil
				},
				Exchange: wiretest.Exchange{Body: `{"day_begin_time":1714320000,"limit":2}`, Reply: wiretest.Fixture(t, "statistics", "groupchat_statistic")},
				Then: []wiretest.Exchange{
					{Body: `{"day_begin_time":1714320000,"offset":2,"limit":2}`, Reply: wiretest.Fixture(t, "statistics", "groupchat_statistic_last")},
				},
				Check: func(t *testing.T, got any) {
					var names []string
					for _, o := range got.([]statistics.OwnerGroupChatStatistic) {
						names = append(names, o.Owner)
					}
					assert.Equal(t, []string{"zhangsan", "lisi", "wangwu"}, names)
				},
			},
			{
				Method: "POST", Path: pByDay,
				Call: func(ctx context.Context, c *statistics.Client) (any, error) {
					return c.GroupChatStatisticGroupByDay(ctx, &statistics.GroupChatStatisticByDayRequest{
						DayBegin: at(28, 0), DayEnd: at(29, 18), OwnerFilter: &statistics.OwnerFilter{UserIDs: []string{"zhangsan"}}})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"day_begin_time":1714233600,"day_end_time":1714320000,"owner_filter":{"userid_list":["zhangsan"]}}`,
					Reply: wiretest.Fixture(t, "statistics", "groupchat_statistic_group_by_day")},
				Want: []statistics.DayGroupChatStatistic{{StatTime: 1714233600, Data: wantDayData}, {StatTime: 1714320000, Data: wantDayData}},
			},
		},
		Bad: []wiretest.Bad[*statistics.Client]{
			{Name: "behavior nil", Path: pBehavior, Field: "request",
				Call: func(ctx context.Context, c *statistics.Client) error { _, err := c.UserBehavior(ctx, nil); return err }},
			{Name: "behavior no members nor departments", Path: pBehavior, Field: "userid",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.UserIDs = nil })},
			{Name: "behavior 101 members", Path: pBehavior, Field: "userid",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.UserIDs = ids(101) })},
			{Name: "behavior empty member", Path: pBehavior, Field: "userid",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.UserIDs = []string{"zhangsan", ""} })},
			{Name: "behavior 101 departments", Path: pBehavior, Field: "partyid",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.PartyIDs = parties(101) })},
			{Name: "behavior department 0", Path: pBehavior, Field: "partyid",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.PartyIDs = []int64{0} })},
			{Name: "behavior no start", Path: pBehavior, Field: "start_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.Start = time.Time{} })},
			{Name: "behavior no end", Path: pBehavior, Field: "end_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.End = time.Time{} })},
			{Name: "behavior end before start", Path: pBehavior, Field: "end_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.Start, r.End = at(29, 0), at(28, 23) })},
			{Name: "behavior 31 days", Path: pBehavior, Field: "end_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.Start, r.End = at(29, 0).AddDate(0, 0, -31), at(29, 0) })},
			{Name: "behavior start 181 days ago", Path: pBehavior, Field: "start_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) {
					r.Start, r.End = now.AddDate(0, 0, -181), now.AddDate(0, 0, -170)
				})},
			{Name: "behavior end tomorrow", Path: pBehavior, Field: "end_time",
				Call: behavior(func(r *statistics.UserBehaviorRequest) { r.Start, r.End = now, now.AddDate(0, 0, 1) })},

			{Name: "statistic nil", Path: pStat, Field: "request",
				Call: func(ctx context.Context, c *statistics.Client) error {
					_, err := c.GroupChatStatistic(ctx, nil)
					return err
				}},
			{Name: "statistic all nil", Path: pStat, Field: "request",
				Call: func(ctx context.Context, c *statistics.Client) error {
					_, errs := wiretest.Collect(c.GroupChatStatisticAll(ctx, nil))
					return errs[0]
				}},
			{Name: "statistic all today", Path: pStat, Field: "day_begin_time",
				Call: func(ctx context.Context, c *statistics.Client) error {
					_, errs := wiretest.Collect(c.GroupChatStatisticAll(ctx, &statistics.GroupChatStatisticRequest{DayBegin: now}))
					return errs[0]
				}},
			{Name: "statistic no begin", Path: pStat, Field: "day_begin_time",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.DayBegin = time.Time{} })},
			{Name: "statistic begin today", Path: pStat, Field: "day_begin_time",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.DayBegin = now })},
			{Name: "statistic begin 181 days ago", Path: pStat, Field: "day_begin_time",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.DayBegin = now.AddDate(0, 0, -181) })},
			{Name: "statistic end before begin", Path: pStat, Field: "day_end_time",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.DayEnd = at(27, 23) })},
			{Name: "statistic end today", Path: pStat, Field: "day_end_time",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.DayEnd = now })},
			{Name: "statistic empty owner filter", Path: pStat, Field: "owner_filter.userid_list",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.OwnerFilter = &statistics.OwnerFilter{} })},
			{Name: "statistic 101 owners", Path: pStat, Field: "owner_filter.userid_list",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) {
					r.OwnerFilter = &statistics.OwnerFilter{UserIDs: ids(101)}
				})},
			{Name: "statistic order 5", Path: pStat, Field: "order_by",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.OrderBy = 5 })},
			{Name: "statistic negative offset", Path: pStat, Field: "offset",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.Offset = -1 })},
			{Name: "statistic limit 1001", Path: pStat, Field: "limit",
				Call: chats(func(r *statistics.GroupChatStatisticRequest) { r.Limit = 1001 })},

			{Name: "by day nil", Path: pByDay, Field: "request",
				Call: func(ctx context.Context, c *statistics.Client) error {
					_, err := c.GroupChatStatisticGroupByDay(ctx, nil)
					return err
				}},
			{Name: "by day no begin", Path: pByDay, Field: "day_begin_time",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) { r.DayBegin = time.Time{} })},
			{Name: "by day begin 181 days ago", Path: pByDay, Field: "day_begin_time",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) { r.DayBegin = now.AddDate(0, 0, -181) })},
			{Name: "by day begin today", Path: pByDay, Field: "day_begin_time",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) { r.DayBegin = now })},
			{Name: "by day end before begin", Path: pByDay, Field: "day_end_time",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) { r.DayEnd = at(20, 0) })},
			{Name: "by day end today", Path: pByDay, Field: "day_end_time",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) { r.DayEnd = now })},
			{Name: "by day empty owner filter", Path: pByDay, Field: "owner_filter.userid_list",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) {
					r.OwnerFilter = &statistics.OwnerFilter{UserIDs: []string{""}}
				})},
			{Name: "by day 101 owners", Path: pByDay, Field: "owner_filter.userid_list",
				Call: byDay(func(r *statistics.GroupChatStatisticByDayRequest) {
					r.OwnerFilter = &statistics.OwnerFilter{UserIDs: ids(101)}
				})},
		},
	}.Run(t)
}
