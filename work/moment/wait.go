package moment

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// WaitTask polls GetTask until job jobID is done and returns its result (with
// Result.Err() when the job failed). ctx bounds the wait: when it ends first,
// WaitTask returns the last state seen and an error matching ctx.Err(); see
// the package doc for the pauses.
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
