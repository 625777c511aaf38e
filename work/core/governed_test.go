package core_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// governed builds a client against f with a governor on clk and an
// observer recording every attempt.
func (f *fakeWeCom) governed(t *testing.T, cfg core.GovernorConfig, retry core.RetryPolicy) (*core.Client, *core.Governor, *attemptLog) {
	t.Helper()
	if cfg.Clock == nil {
		cfg.Clock = newVirtualClock()
	}
	g := newGovernor(t, cfg)
	if retry.BaseDelay == 0 {
		retry.BaseDelay, retry.MaxDelay = time.Millisecond, 2*time.Millisecond
	}
	log := &attemptLog{}
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Retry: retry, Governor: g, Observer: log})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret})
	return base.WithTokenSource(core.AuthAccessToken, ts), g, log
}

// wallClock is the system clock, for tests that measure a real wait.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) SleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type attemptLog struct {
	mu sync.Mutex
	as []core.Attempt
}

func (l *attemptLog) ObserveAttempt(_ context.Context, a core.Attempt) {
	l.mu.Lock()
	l.as = append(l.as, a)
	l.mu.Unlock()
}

// of returns the attempts at path.
func (l *attemptLog) of(path string) []core.Attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []core.Attempt
	for _, a := range l.as {
		if a.Endpoint.Path == path {
			out = append(out, a)
		}
	}
	return out
}

func answer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, body) }
}

// sequence answers the bodies in turn, repeating the last.
func sequence(bodies ...string) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, _ *http.Request) {
		i := int(n.Add(1)) - 1
		io.WriteString(w, bodies[min(i, len(bodies)-1)])
	}
}

const (
	busyBody    = `{"errcode":-1,"errmsg":"system busy"}`
	freqBody    = `{"errcode":45009,"errmsg":"api freq out of limit"}`
	concBody    = `{"errcode":45033,"errmsg":"api concurrent out of limit"}`
	okValueBody = `{"errcode":0,"errmsg":"ok","value":42}`
)

func TestClientFailsFastAfter45009(t *testing.T) {
	f := newFake(t, answer(freqBody))
	clk := newVirtualClock()
	c, g, log := f.governed(t, core.GovernorConfig{Clock: clk}, core.RetryPolicy{})

	err := c.Call(bg, epGetThing, nil, nil, nil)
	var rl *core.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.False(t, rl.Local, "WeCom answered")
	assert.Equal(t, time.Minute, rl.RetryAfter)
	assert.Equal(t, clk.Now().Add(time.Minute), rl.RetryAt)
	assert.ErrorIs(t, err, core.ErrRateLimited)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "test/get", ae.Path)
	assert.EqualValues(t, 1, f.calls.Load(), "45009 is not retried")

	clk.Advance(30 * time.Second)
	err = c.Call(bg, epGetThing, nil, nil, nil)
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	assert.Equal(t, 30*time.Second, rl.RetryAfter)
	assert.EqualValues(t, 1, f.calls.Load(), "failed fast, without touching the network")
	err = c.Call(bg, epReadPost, nil, nil, nil)
	require.ErrorAs(t, err, &rl)
	assert.False(t, rl.Local, "other endpoints are not paused")
	assert.EqualValues(t, 2, f.calls.Load())

	refused := log.of("test/get")
	require.Len(t, refused, 2)
	assert.True(t, refused[0].Sent)
	assert.False(t, refused[1].Sent)
	assert.Equal(t, 45009, refused[1].ErrCode)
	assert.Zero(t, refused[1].Duration)

	clk.Advance(31 * time.Second)
	assert.ErrorAs(t, c.Call(bg, epGetThing, nil, nil, nil), &rl)
	assert.EqualValues(t, 3, f.calls.Load(), "sent again once the pause is over")
	assert.False(t, g.PausedUntil("test/get").IsZero(), "and paused again by the new 45009")
}

func TestClientRetries45033ForEveryClass(t *testing.T) {
	for _, ep := range []core.Endpoint{epGetThing, epReadPost, epWriteCall, epSendOnce} {
		t.Run(ep.Class.String(), func(t *testing.T) {
			f := newFake(t, sequence(concBody, concBody, okValueBody))
			clk := newVirtualClock()
			c, _, log := f.governed(t, core.GovernorConfig{Clock: clk}, core.RetryPolicy{})
			var out valueResp
			require.NoError(t, c.Call(bg, ep, nil, map[string]int{"a": 1}, &out))
			assert.Equal(t, 42, out.Value)
			assert.EqualValues(t, 3, f.calls.Load())
			assert.Equal(t, []string{`{"a":1}`, `{"a":1}`, `{"a":1}`}, f.bodies, "the same body")
			// Two backoffs with full jitter under 200ms, then 400ms.
			sleeps := clk.Sleeps()
			assert.Len(t, sleeps, 2)
			as := log.of(ep.Path)
			require.Len(t, as, 3)
			assert.Equal(t, []int{45033, 45033, 0}, []int{as[0].ErrCode, as[1].ErrCode, as[2].ErrCode})
			assert.Equal(t, []bool{true, true, false}, []bool{as[0].Retry, as[1].Retry, as[2].Retry})
			assert.LessOrEqual(t, as[1].Start.Sub(as[0].Start), 200*time.Millisecond)
			assert.LessOrEqual(t, as[2].Start.Sub(as[1].Start), 400*time.Millisecond)

			// Bounded: five attempts in all, and no unknown outcome, since
			// WeCom processed none of them.
			f = newFake(t, answer(concBody))
			c, _, _ = f.governed(t, core.GovernorConfig{Clock: clk}, core.RetryPolicy{})
			err := c.Call(bg, ep, nil, map[string]int{"a": 1}, nil)
			assert.ErrorIs(t, err, core.ErrConcurrencyLimited)
			assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
			assert.EqualValues(t, 5, f.calls.Load())
		})
	}
	// Without a governor 45033 is an error like any other.
	f := newFake(t, answer(concBody))
	c, _ := f.client(t, clientOpts{})
	assert.ErrorIs(t, c.Call(bg, epWriteCall, nil, nil, nil), core.ErrConcurrencyLimited)
	assert.EqualValues(t, 1, f.calls.Load())
}

func TestClient45033BackoffIsBounded(t *testing.T) {
	f := newFake(t, answer(concBody))
	clk := newVirtualClock()
	c, _, log := f.governed(t, core.GovernorConfig{Clock: clk, ConcurrencyRetry: core.RetryPolicy{
		MaxAttempts: 8, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}}, core.RetryPolicy{})
	assert.ErrorIs(t, c.Call(bg, epWriteCall, nil, nil, nil), core.ErrConcurrencyLimited)
	as := log.of(epWriteCall.Path)
	require.Len(t, as, 8)
	for i := 1; i < len(as); i++ {
		ceil := min(100*time.Millisecond<<(i-1), 300*time.Millisecond)
		assert.LessOrEqual(t, as[i].Start.Sub(as[i-1].Start), ceil, "backoff %d", i)
	}
	assert.LessOrEqual(t, as[7].Start.Sub(as[0].Start), 100*time.Millisecond+200*time.Millisecond+5*300*time.Millisecond)
}

func TestClientRetryBudgetDrainsAndRefills(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			io.WriteString(w, busyBody)
			return
		}
		io.WriteString(w, okValueBody)
	})
	c, g, _ := f.governed(t, core.GovernorConfig{RetryBudget: core.RetryBudgetConfig{Capacity: 10}}, core.RetryPolicy{MaxAttempts: 3})
	budget := g.RetryBudget()

	// Two retries take the whole budget (5 each).
	err := c.Call(bg, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrSystemBusy)
	assert.NotErrorIs(t, err, core.ErrRetryBudgetExhausted)
	assert.EqualValues(t, 3, f.calls.Load())
	assert.Equal(t, 0, budget.Available())

	// Drained: the next failing calls are sent once each.
	for i := 0; i < 3; i++ {
		err = c.Call(bg, epGetThing, nil, nil, nil)
		assert.ErrorIs(t, err, core.ErrSystemBusy)
		assert.ErrorIs(t, err, core.ErrRetryBudgetExhausted)
		var ae *core.APIError
		assert.ErrorAs(t, err, &ae, "the cause stays reachable")
		assert.Contains(t, err.Error(), "retry budget exhausted")
	}
	assert.EqualValues(t, 6, f.calls.Load(), "one attempt per call, not three")

	// Successes refill it, one token each.
	failing.Store(false)
	for i := 0; i < 7; i++ {
		require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
	}
	assert.Equal(t, 7, budget.Available())

	// Enough for one retry.
	failing.Store(true)
	f.calls.Store(0)
	assert.ErrorIs(t, c.Call(bg, epGetThing, nil, nil, nil), core.ErrRetryBudgetExhausted)
	assert.EqualValues(t, 2, f.calls.Load())
	assert.Equal(t, 2, budget.Available())

	// A success after a retry gives back what the retry took.
	failing.Store(false)
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
	f2 := newFake(t, sequence(busyBody, okValueBody))
	c2, g2, _ := f2.governed(t, core.GovernorConfig{RetryBudget: core.RetryBudgetConfig{Capacity: 10}}, core.RetryPolicy{})
	g2.RetryBudget().Take(3)
	require.NoError(t, c2.Call(bg, epGetThing, nil, nil, nil))
	assert.EqualValues(t, 2, f2.calls.Load())
	assert.Equal(t, 8, g2.RetryBudget().Available(), "10 - 3, + 1 for gettoken's success, - 5 for the retry, + 5 back")
}

func TestClientConcurrencyCapUnder1000Callers(t *testing.T) {
	var inflight, peak atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		cur := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		time.Sleep(200 * time.Microsecond)
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	c, _, _ := f.governed(t, core.GovernorConfig{}, core.RetryPolicy{})
	remark := core.Write("externalcontact/remark")
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Call(bg, remark, nil, map[string]string{"userid": "u"}, nil); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failed.Load())
	assert.EqualValues(t, 1000, f.calls.Load())
	assert.LessOrEqual(t, peak.Load(), int32(5), "never more than 5 remark calls at WeCom at once")
	assert.GreaterOrEqual(t, peak.Load(), int32(2))
}

func TestClientGovernorWaitHonoursContext(t *testing.T) {
	gate := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		<-gate
		io.WriteString(w, okValueBody)
	})
	c, _, log := f.governed(t, core.GovernorConfig{Clock: wallClock{}, Concurrency: map[string]int{"test/get": 1}}, core.RetryPolicy{})
	done := make(chan error, 1)
	go func() { done <- c.Call(bg, epGetThing, nil, nil, nil) }()
	require.Eventually(t, func() bool { return f.calls.Load() == 1 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	err := c.Call(ctx, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	close(gate)
	require.NoError(t, <-done)
	assert.EqualValues(t, 1, f.calls.Load(), "the caller that gave up sent nothing")
	as := log.of("test/get")
	require.Len(t, as, 2)
	assert.False(t, as[0].Sent, "the one that gave up comes first")
	assert.Greater(t, as[0].Wait, time.Duration(0))
}

func TestObserverSeesAttemptsNeverSecrets(t *testing.T) {
	f := newFake(t, sequence(busyBody, okValueBody))
	clk := newVirtualClock()
	c, _, log := f.governed(t, core.GovernorConfig{Clock: clk,
		EndpointRates: map[string][]core.Rate{"test/get": {{Events: 1, Per: time.Second, Burst: 1}}}}, core.RetryPolicy{})
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))

	tok := log.of("gettoken")
	require.Len(t, tok, 1)
	assert.True(t, tok[0].Sent)
	assert.Equal(t, 200, tok[0].StatusCode)

	as := log.of("test/get")
	require.Len(t, as, 2)
	assert.Equal(t, 1, as[0].Attempt)
	assert.Equal(t, -1, as[0].ErrCode)
	assert.ErrorIs(t, as[0].Err, core.ErrSystemBusy)
	assert.True(t, as[0].Retry)
	assert.True(t, as[0].Sent)
	assert.Equal(t, 200, as[0].StatusCode)
	assert.Zero(t, as[0].Wait, "the first call has the burst")
	assert.Equal(t, 2, as[1].Attempt)
	assert.Zero(t, as[1].ErrCode)
	assert.NoError(t, as[1].Err)
	assert.False(t, as[1].Retry)
	assert.InDelta(t, time.Second, as[1].Wait, float64(time.Millisecond), "the retry waited for the budget")
	assert.Equal(t, core.ClassRead, as[1].Endpoint.Class)

	all := fmt.Sprintf("%+v %#v", log.as, log.as)
	assert.NotContains(t, all, "TOKEN-1")
	assert.NotContains(t, all, testSecret)
	assert.NotContains(t, all, "access_token=")

	// Without a governor the observer still sees every attempt.
	f = newFake(t, sequence(busyBody, okValueBody))
	obs := &attemptLog{}
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Observer: obs,
		Retry: core.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	require.NoError(t, err)
	c = base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T", nil }))
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
	assert.Len(t, obs.of("test/get"), 2)
}

func TestGovernorErrorsAreNotAPIErrorsWhenLocal(t *testing.T) {
	f := newFake(t, answer(okValueBody))
	c, _, _ := f.governed(t, core.GovernorConfig{MaxWait: time.Second,
		EndpointRates: map[string][]core.Rate{"test/get": {{Events: 1, Per: time.Hour, Burst: 1}}}}, core.RetryPolicy{})
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
	err := c.Call(bg, epGetThing, nil, nil, nil)
	var rl *core.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	var ae *core.APIError
	assert.False(t, errors.As(err, &ae))
	assert.EqualValues(t, 1, f.calls.Load())
}
