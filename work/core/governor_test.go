package core_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// virtualClock is a Clock on which SleepUntil returns at once and moves the
// time to the instant slept until (when that is later), so waits cost no
// real time and add up exactly.
type virtualClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Time // every SleepUntil target, in call order
}

func newVirtualClock() *virtualClock { return &virtualClock{now: time.Unix(1_700_000_000, 0)} }

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *virtualClock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, t)
	if t.After(c.now) {
		c.now = t
	}
	if slot, ok := ctx.Value(sleptKey{}).(*time.Time); ok {
		*slot = t
	}
	return nil
}

func (c *virtualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *virtualClock) Sleeps() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// sleptKey marks a context whose SleepUntil target is written to a *time.Time.
type sleptKey struct{}

// blockingClock is a Clock whose SleepUntil waits for ctx only.
type blockingClock struct{ virtualClock }

func (c *blockingClock) SleepUntil(ctx context.Context, t time.Time) error {
	<-ctx.Done()
	return ctx.Err()
}

func newGovernor(t *testing.T, cfg core.GovernorConfig) *core.Governor {
	t.Helper()
	g, err := core.NewGovernor(cfg)
	require.NoError(t, err)
	return g
}

const pathGet = "externalcontact/get"

func TestGovernorBucketRateAndBurst(t *testing.T) {
	clk := newVirtualClock()
	g := newGovernor(t, core.GovernorConfig{CorpID: "wwCORP", Clock: clk,
		Rates: []core.Rate{{Events: 10, Per: time.Second, Burst: 5}}})
	start := clk.Now()
	var waits []time.Duration
	for i := 0; i < 25; i++ {
		release, waited, err := g.Acquire(bg, pathGet)
		require.NoError(t, err)
		release()
		waits = append(waits, waited)
	}
	for i, w := range waits {
		if i < 5 {
			assert.Zero(t, w, "call %d is within the burst", i)
		} else {
			assert.InDelta(t, 100*time.Millisecond, w, float64(time.Millisecond), "call %d waits one token", i)
		}
	}
	// 20 calls beyond the burst at 10 a second.
	assert.InDelta(t, 2*time.Second, clk.Now().Sub(start), float64(time.Millisecond))
	assert.Len(t, clk.Sleeps(), 20)

	// An idle second refills ten tokens, no more than the burst of five.
	clk.Advance(10 * time.Second)
	var free int
	for i := 0; i < 8; i++ {
		_, waited, err := g.Acquire(bg, pathGet)
		require.NoError(t, err)
		if waited == 0 {
			free++
		}
	}
	assert.Equal(t, 5, free)

	// Another path has its own bucket.
	_, waited, err := g.Acquire(bg, "externalcontact/list")
	require.NoError(t, err)
	assert.Zero(t, waited)
}

func TestGovernorBucketUnderConcurrentCallers(t *testing.T) {
	clk := newVirtualClock()
	const n, rate, burst = 1000, 100, 10
	g := newGovernor(t, core.GovernorConfig{Clock: clk, Rates: []core.Rate{{Events: rate, Per: time.Second, Burst: burst}}})
	start := clk.Now()
	grants := make([]time.Time, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var slept time.Time
			ctx := context.WithValue(bg, sleptKey{}, &slept)
			release, _, err := g.Acquire(ctx, pathGet)
			if !assert.NoError(t, err) {
				return
			}
			release()
			grants[i] = slept
			if slept.IsZero() {
				grants[i] = clk.Now() // no earlier than the call went out
			}
		}(i)
	}
	wg.Wait()
	slices.SortFunc(grants, func(a, b time.Time) int { return a.Compare(b) })
	// The k-th call (0-based) beyond the burst goes out no earlier than
	// (k+1)/rate after the start: never more than burst + rate·t by t.
	var early int
	for k := burst; k < n; k++ {
		due := start.Add(time.Duration(k+1-burst) * time.Second / rate)
		if grants[k].Before(due.Add(-time.Millisecond)) {
			early++
		}
	}
	assert.Zero(t, early, "calls sent before the bucket had a token for them")
	assert.Equal(t, n-burst, len(clk.Sleeps()), "every call beyond the burst waited")
	assert.InDelta(t, time.Duration(n-burst)*time.Second/rate, grants[n-1].Sub(start), float64(time.Millisecond),
		"and no longer than the bucket needs")
}

func TestGovernorTwoBudgets(t *testing.T) {
	clk := newVirtualClock()
	g := newGovernor(t, core.GovernorConfig{Clock: clk, Rates: []core.Rate{
		{Events: 100, Per: time.Second, Burst: 100},
		{Events: 60, Per: time.Minute, Burst: 3},
	}})
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		_, w, err := g.Acquire(bg, pathGet)
		require.NoError(t, err)
		waits = append(waits, w)
	}
	// The slower budget decides: three at once, then one a second.
	assert.Equal(t, []time.Duration{0, 0, 0, time.Second, time.Second}, roundAll(waits, time.Millisecond))
}

func roundAll(ds []time.Duration, m time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(m)
	}
	return out
}

func TestGovernorDefaults(t *testing.T) {
	g := newGovernor(t, core.GovernorConfig{CorpID: "ww1"})
	// Below WeCom's 10,000 a minute and 150,000 an hour in any window.
	var perMinute, perHour bool
	for _, r := range g.RatesFor(pathGet) {
		switch r.Per {
		case time.Minute:
			perMinute = true
			assert.Less(t, r.Events+r.Burst, 10000)
		case time.Hour:
			perHour = true
			assert.Less(t, r.Events+r.Burst, 150000)
		}
	}
	assert.True(t, perMinute && perHour, "%v", g.RatesFor(pathGet))
	assert.Equal(t, 5, g.ConcurrencyCap("externalcontact/remark"))
	assert.Equal(t, 5, g.ConcurrencyCap("externalcontact/mark_tag"))
	assert.Equal(t, 0, g.ConcurrencyCap(pathGet))
	cfg := g.Config()
	assert.Equal(t, core.DefaultRateLimitPause, cfg.RateLimitPause)
	assert.Equal(t, 500, g.RetryBudget().Available())

	g = newGovernor(t, core.GovernorConfig{
		Rates:          []core.Rate{},
		EndpointRates:  map[string][]core.Rate{pathGet: {{Events: 1, Per: time.Second}}},
		Concurrency:    map[string]int{"externalcontact/remark": 0, "externalcontact/mark_tag": 2, pathGet: 3},
		MaxConcurrency: 7,
	})
	assert.Empty(t, g.RatesFor("externalcontact/list"))
	assert.Equal(t, []core.Rate{{Events: 1, Per: time.Second}}, g.RatesFor(pathGet))
	assert.Equal(t, 0, g.ConcurrencyCap("externalcontact/remark"), "an entry <= 0 removes a default cap")
	assert.Equal(t, 2, g.ConcurrencyCap("externalcontact/mark_tag"))
	assert.Equal(t, 3, g.ConcurrencyCap(pathGet))
	assert.Equal(t, 7, g.ConcurrencyCap("externalcontact/list"))
}

func TestGovernorRejectsBadRates(t *testing.T) {
	for _, cfg := range []core.GovernorConfig{
		{Rates: []core.Rate{{Events: 0, Per: time.Second}}},
		{Rates: []core.Rate{{Events: 1, Per: 0}}},
		{Rates: []core.Rate{{Events: 1, Per: time.Second, Burst: -1}}},
		{EndpointRates: map[string][]core.Rate{pathGet: {{Events: -5, Per: time.Minute}}}},
	} {
		_, err := core.NewGovernor(cfg)
		var ae *core.ArgError
		assert.ErrorAs(t, err, &ae, "%+v", cfg)
	}
}

// capTest runs n callers through Acquire for path at once and returns the
// most calls ever in flight and how many completed.
func capTest(t *testing.T, g *core.Governor, path string, n int) (maxInFlight, done int32) {
	t.Helper()
	var inflight, peak, completed atomic.Int32
	var wg sync.WaitGroup
	startLine := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-startLine
			release, _, err := g.Acquire(bg, path)
			if !assert.NoError(t, err) {
				return
			}
			cur := inflight.Add(1)
			for {
				p := peak.Load()
				if cur <= p || peak.CompareAndSwap(p, cur) {
					break
				}
			}
			time.Sleep(50 * time.Microsecond) // hold the slot while others arrive
			inflight.Add(-1)
			release()
			release() // a second release is harmless
			completed.Add(1)
		}()
	}
	close(startLine)
	wg.Wait()
	return peak.Load(), completed.Load()
}

func TestGovernorConcurrencyCapUnder1000Callers(t *testing.T) {
	g := newGovernor(t, core.GovernorConfig{Clock: newVirtualClock(),
		Concurrency: map[string]int{"externalcontact/add_corp_tag": 3}, MaxConcurrency: 8})
	for path, want := range map[string]int32{
		"externalcontact/remark":       5, // the defaults
		"externalcontact/mark_tag":     5,
		"externalcontact/add_corp_tag": 3, // configured
		pathGet:                        8, // MaxConcurrency
	} {
		peak, done := capTest(t, g, path, 1000)
		assert.EqualValues(t, 1000, done, path)
		assert.LessOrEqual(t, peak, want, "%s: never more in flight than the cap", path)
		assert.GreaterOrEqual(t, peak, int32(2), "%s: the cap is used (callers do run side by side)", path)
	}
	// Without a cap, the callers are not serialized.
	g = newGovernor(t, core.GovernorConfig{Clock: newVirtualClock()})
	peak, done := capTest(t, g, pathGet, 200)
	assert.EqualValues(t, 200, done)
	assert.Greater(t, peak, int32(8))
}

func TestGovernorWaitHonoursContext(t *testing.T) {
	g := newGovernor(t, core.GovernorConfig{Clock: newVirtualClock(), Concurrency: map[string]int{pathGet: 1}})
	hold, _, err := g.Acquire(bg, pathGet)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(bg)
	errc := make(chan error, 1)
	go func() {
		_, _, err := g.Acquire(ctx, pathGet)
		errc <- err
	}()
	cancel()
	err = <-errc
	assert.ErrorIs(t, err, context.Canceled)
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, pathGet, te.Path)
	hold()
	// The slot was not taken by the caller that gave up.
	release, _, err := g.Acquire(bg, pathGet)
	require.NoError(t, err)
	release()

	// Waiting for the rate budget honours ctx too, and gives the token back.
	clk := &blockingClock{virtualClock: *newVirtualClock()}
	g = newGovernor(t, core.GovernorConfig{Clock: clk, Rates: []core.Rate{{Events: 1, Per: time.Second, Burst: 1}}})
	_, _, err = g.Acquire(bg, pathGet)
	require.NoError(t, err)
	ctx, cancel = context.WithCancel(bg)
	time.AfterFunc(10*time.Millisecond, cancel)
	_, _, err = g.Acquire(ctx, pathGet)
	assert.ErrorIs(t, err, context.Canceled)
	clk.Advance(time.Second)
	_, waited, err := g.Acquire(context.WithoutCancel(ctx), pathGet)
	require.NoError(t, err, "the cancelled wait gave its token back")
	assert.Zero(t, waited)
}

func TestGovernorRefusesAWaitBeyondMaxWaitOrDeadline(t *testing.T) {
	clk := newVirtualClock()
	g := newGovernor(t, core.GovernorConfig{Clock: clk, MaxWait: 5 * time.Second,
		Rates: []core.Rate{{Events: 1, Per: 10 * time.Second, Burst: 1}}})
	_, _, err := g.Acquire(bg, pathGet)
	require.NoError(t, err)
	before := clk.Now()
	_, _, err = g.Acquire(bg, pathGet)
	var rl *core.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	assert.Nil(t, rl.Err)
	assert.Equal(t, pathGet, rl.Path)
	assert.InDelta(t, 10*time.Second, rl.RetryAfter, float64(time.Millisecond))
	assert.Equal(t, before.Add(rl.RetryAfter), rl.RetryAt)
	assert.ErrorIs(t, err, core.ErrRateLimited)
	var ae *core.APIError
	assert.False(t, errors.As(err, &ae), "WeCom did not answer")
	assert.Equal(t, before, clk.Now(), "no wait")
	assert.Contains(t, err.Error(), "not sent")

	// A deadline sooner than the wait fails at once too.
	g = newGovernor(t, core.GovernorConfig{Clock: clk, Rates: []core.Rate{{Events: 1, Per: 10 * time.Second, Burst: 1}}})
	_, _, err = g.Acquire(bg, pathGet)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(bg, time.Second)
	defer cancel()
	_, _, err = g.Acquire(ctx, pathGet)
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	// The refused call did not spend the budget: the next one waits 10 s, not 20.
	_, waited, err := g.Acquire(bg, pathGet)
	require.NoError(t, err)
	assert.InDelta(t, 10*time.Second, waited, float64(time.Millisecond))
}

func TestGovernorFailsFastAfter45009(t *testing.T) {
	clk := newVirtualClock()
	g := newGovernor(t, core.GovernorConfig{Clock: clk})
	cause := &core.APIError{Code: 45009, Message: "api freq out of limit", Path: pathGet}
	rl := g.RateLimited(pathGet, cause)
	assert.False(t, rl.Local)
	assert.Equal(t, time.Minute, rl.RetryAfter)
	assert.ErrorIs(t, rl, core.ErrRateLimited)
	assert.Equal(t, clk.Now().Add(time.Minute), g.PausedUntil(pathGet))

	clk.Advance(20 * time.Second)
	_, _, err := g.Acquire(bg, pathGet)
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	assert.Equal(t, 40*time.Second, rl.RetryAfter)
	assert.Same(t, cause, rl.Err)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 45009, ae.Code)
	assert.Contains(t, err.Error(), "not sent")

	// Other endpoints are not paused.
	_, _, err = g.Acquire(bg, "externalcontact/list")
	assert.NoError(t, err)

	// A second 45009 does not shorten the pause.
	clk.Advance(-50 * time.Second)
	g.RateLimited(pathGet, cause)
	clk.Advance(50 * time.Second)
	_, _, err = g.Acquire(bg, pathGet)
	assert.ErrorAs(t, err, &rl)

	clk.Advance(40 * time.Second)
	_, _, err = g.Acquire(bg, pathGet)
	assert.NoError(t, err, "the pause is over")
	assert.True(t, g.PausedUntil(pathGet).IsZero())

	// A longer pause, or none.
	g = newGovernor(t, core.GovernorConfig{Clock: clk, RateLimitPause: time.Hour})
	assert.Equal(t, time.Hour, g.RateLimited(pathGet, cause).RetryAfter)
	clk.Advance(59 * time.Minute)
	_, _, err = g.Acquire(bg, pathGet)
	assert.ErrorIs(t, err, core.ErrRateLimited)
	g = newGovernor(t, core.GovernorConfig{Clock: clk, RateLimitPause: -1})
	g.RateLimited(pathGet, cause)
	_, _, err = g.Acquire(bg, pathGet)
	assert.NoError(t, err, "no fail-fast window")
}

// scriptedLimiter is a shared Limiter that refuses the first refusals
// calls of each key and then fails with err, recording what it is asked.
type scriptedLimiter struct {
	mu       sync.Mutex
	keys     []string
	rates    []core.Rate
	refusals int
	err      error
}

func (l *scriptedLimiter) Allow(_ context.Context, key string, r core.Rate) (bool, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, key)
	l.rates = append(l.rates, r)
	if l.refusals > 0 {
		l.refusals--
		return false, 3 * time.Second, nil
	}
	if l.err != nil {
		return false, 0, l.err
	}
	return true, 0, nil
}

func TestGovernorSharedLimiter(t *testing.T) {
	clk := newVirtualClock()
	lim := &scriptedLimiter{refusals: 2}
	g := newGovernor(t, core.GovernorConfig{CorpID: "wwCORP", Clock: clk, Limiter: lim})
	_, waited, err := g.Acquire(bg, pathGet)
	require.NoError(t, err)
	assert.Equal(t, 6*time.Second, waited, "waits what the limiter says, twice")
	assert.Equal(t, []string{
		"wwCORP/externalcontact/get/1m0s", "wwCORP/externalcontact/get/1m0s", "wwCORP/externalcontact/get/1m0s",
		"wwCORP/externalcontact/get/1h0m0s",
	}, lim.keys, "one key per corp, path and period; a budget that said yes is not asked again")
	assert.Equal(t, core.DefaultRates()[1], lim.rates[3])

	// A failing store lets the call through, and says so.
	var logs bytes.Buffer
	lim = &scriptedLimiter{err: errors.New("redis: connection refused")}
	g = newGovernor(t, core.GovernorConfig{Clock: clk, Limiter: lim, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	_, _, err = g.Acquire(bg, pathGet)
	assert.NoError(t, err)
	assert.Contains(t, logs.String(), "rate limiter failed")
	assert.Contains(t, logs.String(), "connection refused")
}

func TestLocalLimiterAllow(t *testing.T) {
	clk := newVirtualClock()
	l := core.NewLocalLimiter(clk.Now)
	r := core.Rate{Events: 2, Per: time.Second, Burst: 2}
	for i := 0; i < 2; i++ {
		ok, _, err := l.Allow(bg, "k", r)
		require.NoError(t, err)
		assert.True(t, ok)
	}
	ok, after, err := l.Allow(bg, "k", r)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.InDelta(t, 500*time.Millisecond, after, float64(time.Millisecond))
	ok, after2, _ := l.Allow(bg, "k", r)
	assert.False(t, ok)
	assert.InDelta(t, after, after2, float64(time.Millisecond), "a refusal takes nothing")
	ok, _, _ = l.Allow(bg, "other", r)
	assert.True(t, ok, "keys have their own budgets")
	clk.Advance(after)
	ok, _, _ = l.Allow(bg, "k", r)
	assert.True(t, ok)

	// A new rate for a key applies at once.
	ok, _, _ = l.Allow(bg, "k", core.Rate{Events: 1000, Per: time.Second, Burst: 1000})
	assert.False(t, ok, "the bucket keeps its tokens when its rate changes")
	clk.Advance(10 * time.Millisecond)
	ok, _, _ = l.Allow(bg, "k", core.Rate{Events: 1000, Per: time.Second, Burst: 1000})
	assert.True(t, ok, "and refills at the new rate")
}

func TestRetryBudgetDrainsAndRefills(t *testing.T) {
	g := newGovernor(t, core.GovernorConfig{RetryBudget: core.RetryBudgetConfig{Capacity: 12}})
	b := g.RetryBudget()
	assert.Equal(t, 12, b.Available())
	assert.True(t, b.Take(5))
	assert.True(t, b.Take(5))
	assert.False(t, b.Take(5), "2 left")
	assert.Equal(t, 2, b.Available(), "a refused take takes nothing")
	b.Refill(3)
	assert.True(t, b.Take(5))
	b.Refill(100)
	assert.Equal(t, 12, b.Available(), "never beyond the capacity")

	g = newGovernor(t, core.GovernorConfig{RetryBudget: core.RetryBudgetConfig{Capacity: -1}})
	for i := 0; i < 1000; i++ {
		require.True(t, g.RetryBudget().Take(5))
	}
	assert.Equal(t, -1, g.RetryBudget().Available())
}
