package moment_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/moment"
)

// jobServer answers get_moment_task_result with the replies in turn, the
// last one for ever after.
func jobServer(t *testing.T, replies ...string) (*moment.Client, *atomic.Int32) {
	t.Helper()
	srv := wiretest.NewServer(t)
	var n atomic.Int32
	srv.Handle(pResult, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, jobID, r.URL.Query().Get("jobid"))
		i := int(n.Add(1)) - 1
		io.WriteString(w, replies[min(i, len(replies)-1)])
	})
	return moment.New(srv.Core()), &n
}

const (
	started = `{"errcode":0,"errmsg":"ok","status":1,"type":"add_moment_task"}`
	running = `{"errcode":0,"errmsg":"ok","status":2,"type":"add_moment_task"}`
)

func TestWaitTaskBacksOff(t *testing.T) {
	c, n := jobServer(t, started, running, running, running, wiretest.Fixture(t, "moment", "get_moment_task_result"))
	var waits []time.Duration
	p := core.PollPolicy{Initial: time.Second, Max: 4 * time.Second, Sleep: func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	res, err := c.WaitTask(context.Background(), jobID, p)
	require.NoError(t, err)
	assert.Equal(t, moment.TaskDone, res.Status)
	assert.Equal(t, momentID, res.Result.MomentID)
	assert.EqualValues(t, 5, n.Load())
	// 1s, 2s, 4s, 4s, each jittered to [d/2, 3d/2].
	require.Len(t, waits, 4)
	for i, base := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		assert.GreaterOrEqual(t, waits[i], base/2, "wait #%d", i)
		assert.LessOrEqual(t, waits[i], base*3/2, "wait #%d", i)
	}
}

func TestWaitTaskContextEndsFirst(t *testing.T) {
	c, n := jobServer(t, started, running)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	checks := 0
	p := core.PollPolicy{Sleep: func(ctx context.Context, d time.Duration) error {
		checks++
		if checks == 3 {
			cancel() // the caller gives up while the job still runs
		}
		return ctx.Err()
	}}
	res, err := c.WaitTask(ctx, jobID, p)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res, "the last state seen comes back with the error")
	assert.Equal(t, moment.TaskRunning, res.Status)
	assert.EqualValues(t, 3, n.Load())
}

func TestWaitTaskDeadline(t *testing.T) {
	c, _ := jobServer(t, running)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	res, err := c.WaitTask(ctx, jobID, core.PollPolicy{Initial: time.Millisecond, Max: 2 * time.Millisecond})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	if assert.NotNil(t, res) {
		assert.False(t, res.Done())
	}
}

func TestWaitTaskJobFailed(t *testing.T) {
	c, _ := jobServer(t, running, wiretest.Fixture(t, "moment", "get_moment_task_result_failed"))
	res, err := c.WaitTask(context.Background(), jobID, core.PollPolicy{Sleep: func(context.Context, time.Duration) error { return nil }})
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40007, ae.Code)
	assert.Equal(t, pAdd, ae.Path)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
	require.NotNil(t, res)
	assert.True(t, res.Done())
	assert.Empty(t, res.Result.MomentID)
}

func TestWaitTaskGetTaskFails(t *testing.T) {
	c, n := jobServer(t, running, `{"errcode":45009,"errmsg":"api freq out of limit"}`)
	res, err := c.WaitTask(context.Background(), jobID, core.PollPolicy{Sleep: func(context.Context, time.Duration) error { return nil }})
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, pResult, ae.Path)
	assert.False(t, errors.Is(err, context.Canceled))
	require.NotNil(t, res)
	assert.Equal(t, moment.TaskRunning, res.Status)
	assert.EqualValues(t, 2, n.Load())
}

func TestStatusNames(t *testing.T) {
	assert.Equal(t, "running", moment.TaskRunning.String())
	assert.Equal(t, "TaskStatus(7)", moment.TaskStatus(7).String())
	assert.Equal(t, "published", moment.Published.String())
	assert.Equal(t, "corp", moment.FilterCorp.String())
	assert.Equal(t, "all", moment.FilterAll.String())
	assert.Equal(t, "member", moment.CreatedByMember.String())
	assert.Equal(t, "public", moment.VisiblePublic.String())
	assert.NoError(t, moment.TaskOutcome{}.Err())
}
