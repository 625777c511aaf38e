package wecomredis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"

	"github.com/wecomkit/wecom/work/core"
)

// Rate is a budget: Events per Per, with bursts of up to Burst. It is the
// governor's core.Rate.
type Rate = core.Rate

// The governor takes a *Limiter as its shared budget (core.GovernorConfig.Limiter).
var _ core.Limiter = (*Limiter)(nil)

// Limiter is a rate budget keyed by corp and endpoint path, shared by every
// instance on the same Redis: N instances together spend WeCom's per-corp,
// per-API budget once instead of N times. It runs the GCRA algorithm of
// github.com/go-redis/redis_rate in one script per call, on Redis's clock
// (instances' clocks may differ). Take a Limiter from Store.Limiter.
//
// While Redis is unreachable, each instance spends 1/Options.Instances of
// the budget in process, so an outage neither fails calls nor lets N
// instances each spend the whole budget (with Instances set).
type Limiter struct {
	s     *Store
	rl    *redis_rate.Limiter
	local *localLimiter
}

// Allow takes one call from key's budget at rate r. When the budget is
// spent it returns ok=false and how long to wait. It fails only for an
// unusable rate (*core.ArgError: Events and Per must be positive) or when
// ctx is done; a Redis failure falls back on the in-process budget.
func (l *Limiter) Allow(ctx context.Context, key string, r Rate) (ok bool, retryAfter time.Duration, err error) {
	if r.Events <= 0 || r.Per <= 0 {
		return false, 0, &core.ArgError{Field: "Rate", Reason: fmt.Sprintf("needs positive Events and Per, got %d per %s", r.Events, r.Per)}
	}
	limit := redis_rate.Limit{Rate: r.Events, Period: r.Per, Burst: max(r.Burst, 1)}
	res, err := call(l.s, ctx, "rate", func(ctx context.Context) (*redis_rate.Result, error) {
		return l.rl.Allow(ctx, l.s.key("wecom:"+key), limit)
	})
	if err != nil {
		if ctx.Err() != nil {
			return false, 0, ctx.Err()
		}
		ok, retryAfter = l.local.allow(key, r, l.s.opt.Instances, time.Now())
		return ok, retryAfter, nil
	}
	if res.Allowed > 0 {
		return true, 0, nil
	}
	return false, max(res.RetryAfter, time.Millisecond), nil
}

// localLimiter is the in-process GCRA used while Redis is unreachable.
type localLimiter struct {
	mu  sync.Mutex
	tat map[string]time.Time // theoretical arrival time of the next call
}

const maxLocalKeys = 4096

func newLocalLimiter() *localLimiter { return &localLimiter{tat: make(map[string]time.Time)} }

// allow spends one call of a 1/instances share of r.
func (l *localLimiter) allow(key string, r Rate, instances int, now time.Time) (bool, time.Duration) {
	emission := max(r.Per*time.Duration(instances)/time.Duration(r.Events), time.Nanosecond)
	burst := time.Duration(max(r.Burst/instances, 1))
	l.mu.Lock()
	defer l.mu.Unlock()
	tat, seen := l.tat[key]
	if !seen || tat.Before(now) {
		tat = now
	}
	next := tat.Add(emission)
	if allowAt := next.Add(-emission * burst); now.Before(allowAt) {
		return false, allowAt.Sub(now)
	}
	if !seen && len(l.tat) >= maxLocalKeys {
		for k, t := range l.tat {
			if !t.After(now) { // idle: the same as a fresh key
				delete(l.tat, k)
			}
		}
	}
	l.tat[key] = next
	return true, 0
}
