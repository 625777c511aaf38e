package statistics_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/worktest"
)

// Last week's figures of a member (联系客户统计): over a simulated week,
// customers add zhangsan and one deletes them again; the next Wednesday
// the figures show it per day.
func ExampleClient_UserBehavior() {
	monday := time.Date(2024, 4, 22, 9, 0, 0, 0, statistics.CST)
	s := worktest.NewServer(worktest.WithSeed(7), worktest.WithClock(worktest.NewClock(monday)))
	defer s.Close()
	ctx := context.Background()
	for day := range 7 {
		for range day % 3 {
			if _, err := s.AddContact(ctx, worktest.AddContact{UserID: "zhangsan", AddWay: 1}); err != nil {
				panic(err)
			}
		}
		if day == 4 {
			added, err := s.AddContact(ctx, worktest.AddContact{UserID: "zhangsan"})
			if err != nil {
				panic(err)
			}
			s.Clock().Advance(time.Hour)
			if err := s.DeleteContact(ctx, "zhangsan", added.ExternalUserID); err != nil {
				panic(err)
			}
		}
		s.Clock().Set(monday.AddDate(0, 0, day+1))
	}
	s.Clock().Set(monday.AddDate(0, 0, 9)) // Wednesday of the next week

	cfg := s.Config()
	cfg.Now = s.Clock().Now // "today" for the 180-day window is the simulator's
	app, err := work.New(cfg)
	if err != nil {
		panic(err)
	}
	lastWeek, err := app.Statistics().UserBehavior(ctx, &statistics.UserBehaviorRequest{
		UserIDs: []string{"zhangsan"}, Start: monday, End: monday.AddDate(0, 0, 6)})
	if err != nil {
		panic(err)
	}
	for _, d := range lastWeek {
		fmt.Printf("%s %s: %d new, %d deleted them\n", d.Day().Format(time.DateOnly), d.Day().Weekday(), d.NewContactCount, d.NegativeFeedbackCount)
	}
	// Output:
	// 2024-04-22 Monday: 0 new, 0 deleted them
	// 2024-04-23 Tuesday: 1 new, 0 deleted them
	// 2024-04-24 Wednesday: 2 new, 0 deleted them
	// 2024-04-25 Thursday: 0 new, 0 deleted them
	// 2024-04-26 Friday: 2 new, 1 deleted them
	// 2024-04-27 Saturday: 2 new, 0 deleted them
	// 2024-04-28 Sunday: 0 new, 0 deleted them
}

// The owners with the most group chat members yesterday (群聊数据统计),
// page by page.
func ExampleClient_GroupChatStatisticAll() {
	s := worktest.NewServer(worktest.WithSeed(7), worktest.WithGroupChats(12))
	defer s.Close()
	cfg := s.Config()
	cfg.Now = s.Clock().Now
	app, err := work.New(cfg)
	if err != nil {
		panic(err)
	}
	yesterday := s.Clock().Now().AddDate(0, 0, -1)
	n := 0
	for o, err := range app.Statistics().GroupChatStatisticAll(context.Background(), &statistics.GroupChatStatisticRequest{
		DayBegin: yesterday, OrderBy: statistics.OrderByMembers, Limit: 3}) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %d chats, %d members\n", o.Owner, o.Data.ChatTotal, o.Data.MemberTotal)
		if n++; n == 3 {
			break // the top three: no second page is fetched
		}
	}
	// Output:
	// zhangsan: 2 chats, 15 members
	// wangwu: 2 chats, 13 members
	// lisi: 2 chats, 9 members
}
