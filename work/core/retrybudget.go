package core

import (
	"errors"
	"sync"
)

// RetryBudgetConfig sizes the retry budget, after aws-sdk-go-v2's retry
// quota: every retry takes RetryCost tokens (TimeoutCost after a timeout)
// from a bucket of Capacity tokens; a call that succeeds at once puts
// SuccessRefill back, one that succeeds after retries puts back what its
// retries took. When the bucket is empty calls are not retried, so a WeCom
// that fails every call sees about one attempt per call, not three.
type RetryBudgetConfig struct {
	// Capacity is the size of the bucket, full at the start (default 500;
	// negative: no budget, every retry allowed).
	Capacity int
	// RetryCost is what a retry takes (default 5).
	RetryCost int
	// TimeoutCost is what a retry after a timeout takes (default 10).
	TimeoutCost int
	// SuccessRefill is what a call that succeeds at once puts back
	// (default 1).
	SuccessRefill int
}

func (c RetryBudgetConfig) withDefaults() RetryBudgetConfig {
	if c.Capacity == 0 {
		c.Capacity = 500
	}
	if c.RetryCost <= 0 {
		c.RetryCost = 5
	}
	if c.TimeoutCost <= 0 {
		c.TimeoutCost = 10
	}
	if c.SuccessRefill <= 0 {
		c.SuccessRefill = 1
	}
	return c
}

// RetryBudget is a bucket of retry tokens. It is safe for concurrent use.
type RetryBudget struct {
	mu       sync.Mutex
	tokens   int
	capacity int // < 0: unlimited
}

func newRetryBudget(capacity int) *RetryBudget {
	return &RetryBudget{tokens: max(capacity, 0), capacity: capacity}
}

// Take takes cost tokens and reports whether there were enough; when there
// were not, it takes none.
func (b *RetryBudget) Take(cost int) bool {
	if b.capacity < 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// Refill puts n tokens back, up to the capacity.
func (b *RetryBudget) Refill(n int) {
	if b.capacity < 0 || n <= 0 {
		return
	}
	b.mu.Lock()
	b.tokens = min(b.tokens+n, b.capacity)
	b.mu.Unlock()
}

// Available returns the tokens left (-1: unlimited).
func (b *RetryBudget) Available() int {
	if b.capacity < 0 {
		return -1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}

// ErrRetryBudgetExhausted is matched (errors.Is) by the error of a call
// that failed with a retryable error and was not retried because the
// governor's retry budget was empty.
var ErrRetryBudgetExhausted = errors.New("wecom: retry budget exhausted")

// budgetError is a retryable error left unretried for want of budget.
type budgetError struct{ err error }

func (e *budgetError) Error() string   { return e.err.Error() + " (not retried: retry budget exhausted)" }
func (e *budgetError) Unwrap() []error { return []error{e.err, ErrRetryBudgetExhausted} }

// retryCost is what retrying after err takes from the budget.
func (g *Governor) retryCost(err error) int {
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return g.cfg.RetryBudget.TimeoutCost
	}
	return g.cfg.RetryBudget.RetryCost
}
