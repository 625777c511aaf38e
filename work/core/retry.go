package core

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how often and how patiently a call is retried.
//
// What is retried: errcode -1 (system busy), HTTP 5xx, and connection errors
// before the request was sent. A request that may have reached WeCom (a
// timeout after sending, a reset mid-response, a 500/502/504) is re-sent
// only for idempotent endpoints. 45009 (rate limited) is never retried
// in-band. A rejected token causes one refresh and one extra attempt, which
// does not count against MaxAttempts.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts in all, the first included
	// (default 3). 1 disables retries.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt (default 100ms);
	// it doubles per attempt, capped at MaxDelay, with full jitter.
	BaseDelay time.Duration
	// MaxDelay caps a single backoff (default 2s).
	MaxDelay time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 100 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 2 * time.Second
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	return p
}

// backoff returns the wait after the given (1-based) failed attempt: a
// uniformly random duration in [0, min(MaxDelay, BaseDelay·2^(attempt-1))]
// ("full jitter"), so that many clients failing together spread out.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	ceil := p.BaseDelay
	for i := 1; i < attempt && ceil < p.MaxDelay; i++ {
		ceil *= 2
	}
	if ceil > p.MaxDelay {
		ceil = p.MaxDelay
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// sleepCtx waits d or until ctx is done, returning ctx.Err() in that case.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
