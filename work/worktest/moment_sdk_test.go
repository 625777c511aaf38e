package worktest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/worktest"
)

// clockSleep is a PollPolicy.Sleep that moves the simulator clock instead
// of waiting, counting the pauses.
func clockSleep(s *worktest.Server, n *atomic.Int32) func(ctx context.Context, d time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		n.Add(1)
		s.Clock().Advance(d)
		return ctx.Err()
	}
}

// tagOf returns a live corp tag on some of userID's customers, and them.
func tagOf(t *testing.T, d *worktest.Data, userID string) (string, []string) {
	t.Helper()
	for _, r := range d.Relations {
		for _, id := range r.TagIDs {
			if r.UserID != userID || !strings.HasPrefix(id, "et") {
				continue
			}
			var custs []string
			for _, r2 := range d.Relations {
				if r2.UserID == userID && slices.Contains(r2.TagIDs, id) {
					custs = append(custs, r2.ExternalUserID)
				}
			}
			return id, custs
		}
	}
	t.Fatalf("no tagged customer of %s", userID)
	return "", nil
}

// The job takes MomentJobDoneAfter (3 s) of the simulator clock: WaitTask,
// sleeping on that clock, sees it start, run and finish.
func TestWaitTaskOnTheSimulatorClock(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(31))
	t.Cleanup(s.Close)
	m := simApp(t, s).Moment()
	ctx := context.Background()
	job, err := m.CreateTask(ctx, &moment.CreateTaskRequest{Text: &content.Text{Content: "新品上市"}})
	require.NoError(t, err)

	var pauses atomic.Int32
	res, err := m.WaitTask(ctx, job.JobID, core.PollPolicy{Initial: 500 * time.Millisecond, Max: time.Second, Sleep: clockSleep(s, &pauses)})
	require.NoError(t, err)
	require.True(t, res.Done())
	assert.True(t, strings.HasPrefix(res.Result.MomentID, "mom"))
	// Pauses of 0.25–0.75 s, then 0.5–1.5 s: at least three before 3 s.
	assert.GreaterOrEqual(t, pauses.Load(), int32(3))
	assert.EqualValues(t, pauses.Load()+1, s.Count("externalcontact/get_moment_task_result"), "one check per pause, and the first")
	assert.False(t, s.Clock().Now().Before(worktest.DefaultStart.Add(worktest.MomentJobDoneAfter)))

	// The moment exists: every member with 客户联系 was asked to publish.
	tasks, errs := wiretest.Collect(m.GetTasksAll(ctx, &moment.GetTasksRequest{MomentID: res.Result.MomentID, Limit: 2}))
	require.Empty(t, errs)
	assert.NotEmpty(t, tasks)
	for _, tk := range tasks {
		assert.Equal(t, moment.NotPublished, tk.PublishStatus)
	}
}

// The caller's ctx ends while the job still runs (the clock moves less
// than the job needs): WaitTask returns the ctx error and the last state.
func TestWaitTaskContextEndsFirst(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(32))
	t.Cleanup(s.Close)
	m := simApp(t, s).Moment()
	job, err := m.CreateTask(context.Background(), &moment.CreateTaskRequest{Text: &content.Text{Content: "x"}})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var pauses atomic.Int32
	sleep := func(ctx context.Context, d time.Duration) error {
		if pauses.Add(1) == 2 {
			cancel()
		}
		s.Clock().Advance(400 * time.Millisecond)
		return ctx.Err()
	}
	res, err := m.WaitTask(ctx, job.JobID, core.PollPolicy{Sleep: sleep})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res)
	assert.Equal(t, moment.TaskStarted, res.Status, "0.8 s in, the job has not started running")
	assert.EqualValues(t, 2, s.Count("externalcontact/get_moment_task_result"))

	// With a deadline and the real timer, the frozen clock never finishes
	// the job: the deadline ends the wait.
	dctx, dcancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
	defer dcancel()
	res, err = m.WaitTask(dctx, job.JobID, core.PollPolicy{Initial: 2 * time.Millisecond, Max: 5 * time.Millisecond})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	if assert.NotNil(t, res) {
		assert.False(t, res.Done())
	}
}

// A moment to the customers with one tag, end to end through the SDK.
func TestMomentFlowThroughSDK(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(33))
	t.Cleanup(s.Close)
	m := simApp(t, s).Moment()
	ctx := context.Background()
	tag, tagged := tagOf(t, s.Snapshot(), "lisi")

	job, err := m.CreateTask(ctx, &moment.CreateTaskRequest{
		Text:         &content.Text{Content: "会员专享"},
		Attachments:  []content.Attachment{content.NewLink(content.Link{Title: "领取优惠", URL: "https://example.com/vip", MediaID: "WWCISP_cover"})},
		VisibleRange: &moment.VisibleRange{Senders: &moment.SenderList{UserIDs: []string{"lisi"}}, ExternalContacts: &moment.ExternalContactList{TagIDs: []string{tag}}},
	})
	require.NoError(t, err)
	var pauses atomic.Int32
	res, err := m.WaitTask(ctx, job.JobID, core.PollPolicy{Sleep: clockSleep(s, &pauses)})
	require.NoError(t, err)
	id := res.Result.MomentID
	assert.Empty(t, res.Result.InvalidSenders.UserIDs)

	chosen, errs := wiretest.Collect(m.GetCustomersAll(ctx, &moment.GetCustomersRequest{MomentID: id, UserID: "lisi", Limit: 1}))
	require.Empty(t, errs)
	var ids []string
	for _, c := range chosen {
		assert.Equal(t, "lisi", c.UserID)
		ids = append(ids, c.ExternalUserID)
	}
	assert.Equal(t, tagged, ids)
	seen, errs := wiretest.Collect(m.GetSendResultAll(ctx, &moment.GetSendResultRequest{MomentID: id, UserID: "lisi"}))
	require.Empty(t, errs)
	assert.Empty(t, seen, "not published yet")

	require.NoError(t, s.Moments().Publish(id, "lisi"))
	seen, errs = wiretest.Collect(m.GetSendResultAll(ctx, &moment.GetSendResultRequest{MomentID: id, UserID: "lisi", Limit: 1}))
	require.Empty(t, errs)
	require.Len(t, seen, len(tagged))
	require.NoError(t, s.Moments().Comment(id, "lisi", worktest.MomentInteraction{ExternalUserID: seen[0].ExternalUserID}))
	require.NoError(t, s.Moments().Like(id, "lisi", worktest.MomentInteraction{UserID: "zhangsan"}))
	got, err := m.GetComments(ctx, id, "lisi")
	require.NoError(t, err)
	now := s.Clock().Now().Unix()
	assert.Equal(t, &moment.Comments{
		Comments: []moment.Interaction{{ExternalUserID: seen[0].ExternalUserID, CreateTime: now}},
		Likes:    []moment.Interaction{{UserID: "zhangsan", CreateTime: now}},
	}, got)

	list, err := m.List(ctx, &moment.ListRequest{Start: worktest.DefaultStart, End: s.Clock().Now(), FilterType: core.Ptr(moment.FilterCorp)})
	require.NoError(t, err)
	require.Len(t, list.Moments, 1)
	assert.Equal(t, moment.Moment{MomentID: id, CreateTime: list.Moments[0].CreateTime, CreateType: moment.CreatedByCorp, VisibleType: moment.VisiblePartial,
		Text: &content.Text{Content: "会员专享"}, Link: &moment.Link{Title: "领取优惠", URL: "https://example.com/vip"}}, list.Moments[0])

	require.NoError(t, m.Cancel(ctx, id))
	err = m.Cancel(ctx, "momUnknown")
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
}

// A moment whose answer is lost is not posted again: the SDK reports an
// unknown outcome and the simulator holds exactly one job.
func TestCreateTaskNeverResent(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(34))
	t.Cleanup(s.Close)
	m := simApp(t, s).Moment()
	s.Faults().LoseAnswer("externalcontact/add_moment_task", 1, 0)
	_, err := m.CreateTask(context.Background(), &moment.CreateTaskRequest{Text: &content.Text{Content: "只发一次"}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "%v", err)
	assert.Equal(t, 1, s.Count("externalcontact/add_moment_task"))
	s.Clock().Advance(worktest.MomentJobDoneAfter)
	d := s.Snapshot()
	require.NotNil(t, d.Moments)
	assert.Len(t, d.Moments.Jobs, 1)
	assert.Len(t, d.Moments.Moments, 1, "posted once: find it with List before posting again")
}
