package moment

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// WaitTask polls GetTask until the job jobID is done, then returns its
// result; when the job itself failed (Result.ErrCode ≠ 0) it returns the
// result with Result.Err(). The pauses between checks start at p.Initial
// (default 1 s) and double up to p.Max (default 10 s), each jittered by
// ±50%, so many waiters do not poll in step; the zero PollPolicy is fine.
//
// ctx bounds the whole wait: give it a deadline (a job usually finishes
// within seconds; its jobid is valid 24 hours). When ctx ends first,
// WaitTask returns the last state it saw (nil if none) and an error that
// satisfies errors.Is(err, ctx.Err()). An error of GetTask (after its own
// retries) ends the wait too, with the last state seen.
func (c *Client) WaitTask(ctx context.Context, jobID string, p core.PollPolicy) (*TaskResult, error) {
	if err := core.Named(epGetMomentTaskResult, core.Required("jobid", jobID)); err != nil {
		return nil, err
	}
	var last *TaskResult
	res, err := core.Poll(ctx, p, func(ctx context.Context) (*TaskResult, bool, error) {
		r, err := c.GetTask(ctx, jobID)
		if err != nil {
			return last, false, err
		}
		last = r
		return r, r.Done(), nil
	})
	if err != nil {
		return res, err
	}
	return res, res.Result.Err()
}
