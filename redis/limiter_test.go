package wecomredis_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/core"
)

func limiters(t *testing.T, n int, addr, prefix string, opts wecomredis.Options) []*wecomredis.Limiter {
	t.Helper()
	out := make([]*wecomredis.Limiter, n)
	for i := range out {
		opts.Prefix = prefix
		s, err := wecomredis.New(newRedisClient(t, addr), opts)
		require.NoError(t, err)
		out[i] = s.Limiter()
	}
	return out
}

// allowAll calls Allow g times on each limiter at once and returns how many
// were allowed and the retry-after of the others.
func allowAll(t *testing.T, ls []*wecomredis.Limiter, g int, key string, r wecomredis.Rate) (int, []time.Duration) {
	t.Helper()
	var mu sync.Mutex
	allowed := 0
	var waits []time.Duration
	parallel(len(ls)*g, func(i int) {
		ok, wait, err := ls[i%len(ls)].Allow(bg, key, r)
		mu.Lock()
		defer mu.Unlock()
		require.NoError(t, err)
		if ok {
			allowed++
			assert.Zero(t, wait)
		} else {
			waits = append(waits, wait)
		}
	})
	return allowed, waits
}

// Five instances share one budget: together they get the burst, not five
// bursts.
func TestLimiterSharedAcrossInstances(t *testing.T) {
	prefix := testPrefix(t)
	ls := limiters(t, 5, redisAddr(t), prefix, wecomredis.Options{})
	r := wecomredis.Rate{Events: 10, Per: time.Minute, Burst: 10}
	for round, key := range []string{"wwCORP/externalcontact/get/1m0s", "wwCORP/externalcontact/list/1m0s", "wwOTHER/externalcontact/get/1m0s"} {
		allowed, waits := allowAll(t, ls, 20, key, r)
		require.Equal(t, 10, allowed, "round %d: the burst, once across 5 instances", round)
		require.Len(t, waits, 90)
		for _, w := range waits {
			require.Greater(t, w, time.Duration(0))
			require.LessOrEqual(t, w, 6*time.Second, "one emission interval (1 min / 10) at most")
		}
	}
	rdb := newRedisClient(t, redisAddr(t))
	assert.EqualValues(t, 1, rdb.Exists(bg, "rate:"+prefix+"wecom:wwCORP/externalcontact/get/1m0s").Val(), "key layout")
}

// The budget refills at its rate.
func TestLimiterRefills(t *testing.T) {
	l := limiters(t, 1, redisAddr(t), testPrefix(t), wecomredis.Options{})[0]
	r := wecomredis.Rate{Events: 20, Per: time.Second, Burst: 1}
	ok, _, err := l.Allow(bg, "k", r)
	require.NoError(t, err)
	require.True(t, ok)
	ok, wait, err := l.Allow(bg, "k", r)
	require.NoError(t, err)
	require.False(t, ok)
	require.Greater(t, wait, time.Duration(0))
	require.LessOrEqual(t, wait, 50*time.Millisecond)
	time.Sleep(wait + 5*time.Millisecond)
	ok, _, err = l.Allow(bg, "k", r)
	require.NoError(t, err)
	assert.True(t, ok, "allowed again after retryAfter")
	ok, _, _ = l.Allow(bg, "k", wecomredis.Rate{Events: 20, Per: time.Second}) // Burst 0 means 1
	assert.False(t, ok)
}

// Redis down: no error, each instance spends its share in process.
func TestLimiterFallback(t *testing.T) {
	ls := limiters(t, 1, "127.0.0.1:1", testPrefix(t), wecomredis.Options{Instances: 2, Timeout: 100 * time.Millisecond})
	allowed, waits := allowAll(t, ls, 20, "wwCORP/externalcontact/get/1m0s", wecomredis.Rate{Events: 10, Per: time.Minute, Burst: 10})
	assert.Equal(t, 5, allowed, "half the burst for one of two instances")
	require.Len(t, waits, 15)
	for _, w := range waits {
		assert.Greater(t, w, time.Duration(0))
		assert.LessOrEqual(t, w, 12*time.Second)
	}
}

func TestLimiterBadRate(t *testing.T) {
	l := limiters(t, 1, redisAddr(t), testPrefix(t), wecomredis.Options{})[0]
	for _, r := range []wecomredis.Rate{{}, {Events: 1}, {Per: time.Second}, {Events: -1, Per: time.Second}} {
		_, _, err := l.Allow(bg, "k", r)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae, "%+v", r)
		assert.Equal(t, "Rate", ae.Field)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, _, err := l.Allow(ctx, "k", wecomredis.Rate{Events: 1, Per: time.Second})
	assert.ErrorIs(t, err, context.Canceled)
}

// Three Apps (three instances of one service) whose governors share the
// Redis budget: together they send the endpoint's burst, and the calls
// beyond it are refused before they are sent, not sent three times over.
func TestGovernorsShareTheRedisBudget(t *testing.T) {
	prefix := testPrefix(t)
	f := newFakeWeCom(t)
	ls := limiters(t, 3, redisAddr(t), prefix, wecomredis.Options{})
	var c [3]*core.Client
	for i := range c {
		gov, err := core.NewGovernor(core.GovernorConfig{
			CorpID:        "wwGOV",
			Limiter:       ls[i],
			EndpointRates: map[string][]core.Rate{"test/get": {{Events: 6, Per: time.Hour, Burst: 6}}},
			MaxWait:       time.Millisecond, // refuse instead of waiting an hour
		})
		require.NoError(t, err)
		base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Governor: gov})
		require.NoError(t, err)
		c[i] = base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T", nil }))
	}
	var sent, refused int
	for round := 0; round < 5; round++ {
		for i := range c {
			err := c[i].Call(bg, core.Read("test/get"), nil, nil, nil)
			var rle *core.RateLimitError
			switch {
			case err == nil:
				sent++
			case errors.As(err, &rle):
				refused++
				assert.True(t, rle.Local, "refused by the shared budget, not by WeCom")
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
	}
	assert.Equal(t, 6, sent, "the three instances spend one budget")
	assert.Equal(t, 9, refused)
	assert.Equal(t, 6, f.usedCount("T"), "nothing beyond the budget reached WeCom")
}
