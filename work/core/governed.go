package core

import (
	"context"
	"errors"
	"time"
)

// The client's side of the governor and the observer: what run does around
// each attempt when Options.Governor or Options.Observer is set.

// governedAttempt waits on the governor, makes one attempt and fills info.
// A 45009 answer pauses the endpoint and becomes a *RateLimitError.
func (c *Client) governedAttempt(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, contentType string, out any, info *Attempt) attemptResult {
	info.Start = c.now()
	var r attemptResult
	if c.gov != nil {
		release, waited, err := c.gov.Acquire(ctx, ep.Path)
		info.Wait = waited
		if err != nil {
			r = attemptResult{err: err, final: true}
			info.Err, info.ErrCode = err, errCode(err)
			return r
		}
		defer release()
	}
	sent := c.now()
	r = c.attempt(ctx, ep, rawQuery, payload, contentType, out)
	if r.sent {
		info.Duration = c.now().Sub(sent)
	}
	info.Sent, info.StatusCode = r.sent, r.status
	var ae *APIError
	if c.gov != nil && errors.As(r.err, &ae) && ae.Code == ErrRateLimited.Code {
		r.err, r.final = c.gov.RateLimited(ep.Path, ae), true
	}
	info.Err, info.ErrCode = r.err, errCode(r.err)
	return r
}

func errCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}

func (c *Client) observe(ctx context.Context, info *Attempt) {
	if c.obs != nil {
		c.obs.ObserveAttempt(ctx, *info)
	}
}

// now is the governor's clock, or the system's.
func (c *Client) now() time.Time {
	if c.gov != nil {
		return c.gov.clock.Now()
	}
	return time.Now()
}

// sleep waits d before a retry, on the governor's clock when there is one.
func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.gov != nil {
		if d <= 0 {
			return ctx.Err()
		}
		return c.gov.clock.SleepUntil(ctx, c.gov.clock.Now().Add(d))
	}
	return sleepCtx(ctx, d)
}

// succeeded refills the retry budget after a call that succeeded: what its
// retries took, or SuccessRefill when it needed none. g may be nil.
func (g *Governor) succeeded(spent int) {
	if g == nil {
		return
	}
	if spent == 0 {
		spent = g.cfg.RetryBudget.SuccessRefill
	}
	g.budget.Refill(spent)
}

// spendRetry takes the cost of retrying after err from the budget, adding
// it to *spent, and reports whether the retry may go ahead. g may be nil.
func (g *Governor) spendRetry(err error, spent *int) bool {
	if g == nil {
		return true
	}
	cost := g.retryCost(err)
	if !g.budget.Take(cost) {
		return false
	}
	*spent += cost
	return true
}
