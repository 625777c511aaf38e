package core

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// PollPolicy says how patiently Poll waits for an asynchronous job (a
// moment task, a transfer result). The zero value picks the defaults.
type PollPolicy struct {
	// Initial is the wait before the second check (default 1s); it doubles
	// per check up to Max (default 10s), each wait jittered by ±50%.
	Initial, Max time.Duration
	// Sleep waits d or until ctx is done (default: a timer). Tests inject
	// one that advances a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Poll calls check until it reports done, fails, or ctx ends, waiting
// between checks as p says. It returns check's last value and, when ctx
// ended first, an error that satisfies errors.Is(err, ctx.Err()).
//
//	res, err := core.Poll(ctx, core.PollPolicy{}, func(ctx context.Context) (*TaskResult, bool, error) {
//		r, err := c.GetTask(ctx, jobID)
//		return r, err == nil && r.Status == TaskDone, err
//	})
func Poll[T any](ctx context.Context, p PollPolicy, check func(ctx context.Context) (T, bool, error)) (T, error) {
	if p.Initial <= 0 {
		p.Initial = time.Second
	}
	if p.Max < p.Initial {
		p.Max = max(p.Initial, 10*time.Second)
	}
	if p.Sleep == nil {
		p.Sleep = sleepCtx
	}
	wait := p.Initial
	for {
		v, done, err := check(ctx)
		if err != nil || done {
			return v, err
		}
		d := wait/2 + time.Duration(rand.Int64N(int64(wait)+1))
		if err := p.Sleep(ctx, d); err != nil {
			return v, fmt.Errorf("wecom: waiting for an asynchronous job: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return v, fmt.Errorf("wecom: waiting for an asynchronous job: %w", err)
		}
		wait = min(wait*2, p.Max)
	}
}
