package moment_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/worktest"
)

// Post a moment to the customers tagged 重要客户 and wait for WeCom to
// create it; then zhangsan publishes it and the tagged customers see it.
//
// Against the simulator the wait sleeps on the simulator's clock; in
// production leave PollPolicy.Sleep nil and bound the wait with ctx.
func ExampleClient_WaitTask() {
	s := worktest.NewServer(worktest.WithSeed(2))
	defer s.Close()
	cfg := s.Config()
	cfg.Now = s.Clock().Now
	app, err := work.New(cfg)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	// The tag's id, by name.
	groups, err := app.ExternalContact().GetCorpTags(ctx, nil)
	if err != nil {
		panic(err)
	}
	var vip string
	for _, g := range groups {
		for _, tag := range g.Tags {
			if tag.Name == "重要客户" {
				vip = tag.ID
			}
		}
	}

	m := app.Moment()
	job, err := m.CreateTask(ctx, &moment.CreateTaskRequest{
		Text:        &content.Text{Content: "五一特惠：老客户专享八折"},
		Attachments: []content.Attachment{content.NewImage("WWCISP_poster")},
		VisibleRange: &moment.VisibleRange{
			Senders:          &moment.SenderList{UserIDs: []string{"zhangsan"}},
			ExternalContacts: &moment.ExternalContactList{TagIDs: []string{vip}},
		},
	})
	if err != nil {
		panic(err) // errors.Is(err, core.ErrUnknownOutcome): look in List before posting again
	}

	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := m.WaitTask(wait, job.JobID, core.PollPolicy{Sleep: func(ctx context.Context, d time.Duration) error {
		s.Clock().Advance(d) // the simulator's time passes instead
		return ctx.Err()
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println("status:", res.Status, "moment:", strings.HasPrefix(res.Result.MomentID, "mom"))

	chosen := 0
	for c, err := range m.GetCustomersAll(ctx, &moment.GetCustomersRequest{MomentID: res.Result.MomentID, UserID: "zhangsan"}) {
		if err != nil {
			panic(err)
		}
		if c.UserID == "zhangsan" {
			chosen++
		}
	}
	fmt.Println("tagged customers of zhangsan:", chosen)

	// zhangsan publishes it in the WeCom app (a simulator back door).
	if err := s.Moments().Publish(res.Result.MomentID, "zhangsan"); err != nil {
		panic(err)
	}
	tasks, err := m.GetTasks(ctx, &moment.GetTasksRequest{MomentID: res.Result.MomentID})
	if err != nil {
		panic(err)
	}
	for _, t := range tasks.Tasks {
		fmt.Println(t.UserID, t.PublishStatus)
	}
	seen, err := m.GetSendResult(ctx, &moment.GetSendResultRequest{MomentID: res.Result.MomentID, UserID: "zhangsan"})
	if err != nil {
		panic(err)
	}
	fmt.Println("customers who can see it:", len(seen.Customers))
	// Output:
	// status: done moment: true
	// tagged customers of zhangsan: 2
	// zhangsan published
	// customers who can see it: 2
}
