package core

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how often and how patiently a call is retried.
//
// What is retried, by the endpoint's Class:
//   - connection errors before the request was sent (refused, DNS, TLS):
//     every class, ClassSendOnce included, since nothing reached WeCom.
//   - errcode -1 (系统繁忙): every class but ClassSendOnce. WeCom's global
//     errcode table (https://developer.work.weixin.qq.com/document/path/90313)
//     says "建议稍候重试" (retry a little later), so a write is re-sent; but
//     nothing proves a mass message did not go out, so a SendOnce is not,
//     and its error matches ErrUnknownOutcome.
//
// What is retried only for idempotent endpoints (Read, ReadPost): any HTTP
// 5xx, 503 included, a timeout after sending and a reset mid-response. The
// request reached a server and nothing proves it was not processed, so a
// Write is never re-sent then (a duplicated transfer is worse than an
// error), and the error matches ErrUnknownOutcome.
//
// 45009 (rate limited) and every other errcode are never retried in-band. A
// rejected token (40014, 42001, …) causes one refresh and one extra
// attempt, which does not count against MaxAttempts.
//
// With a Governor (Options.Governor; work.New sets one up), 45009 also
// pauses the endpoint (a *RateLimitError), 45033 (接口并发调用超过限制, a
// refusal, not processing) is retried for every class with the governor's
// ConcurrencyRetry policy, and every retry but the token refresh spends
// from the governor's retry budget: once it is empty, failures are
// returned at once and match ErrRetryBudgetExhausted.
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
