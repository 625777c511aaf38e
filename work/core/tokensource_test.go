package core_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// countingFetch hands out SUITE-1, SUITE-2 … valid for 7200 s, or err.
type countingFetch struct {
	n     atomic.Int32
	delay time.Duration
	mu    sync.Mutex
	err   error
}

func (f *countingFetch) fetch(context.Context) (string, time.Duration, error) {
	n := f.n.Add(1)
	time.Sleep(f.delay)
	f.mu.Lock()
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return "", 0, err
	}
	return "SUITE-" + itoa(n), 7200 * time.Second, nil
}

func (f *countingFetch) fail(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func newCached(t *testing.T, f *countingFetch, cache core.Cache, now func() time.Time) *core.CachedTokenSource {
	t.Helper()
	ts, err := core.NewCachedTokenSource(core.CachedTokenConfig{
		Key: "wecom:suite_token:ww-suite:" + core.HashKey("secret"), Path: "service/get_suite_token",
		Fetch: f.fetch, Cache: cache, Now: now,
	})
	require.NoError(t, err)
	return ts
}

func TestCachedTokenSourceOneFetchForManyCallers(t *testing.T) {
	f := &countingFetch{delay: 5 * time.Millisecond}
	ts := newCached(t, f, nil, nil)
	var wg sync.WaitGroup
	toks := make(chan string, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := ts.Token(bg)
			assert.NoError(t, err)
			toks <- tok
		}()
	}
	wg.Wait()
	close(toks)
	got := map[string]int{}
	for tok := range toks {
		got[tok]++
	}
	assert.Equal(t, map[string]int{"SUITE-1": 100}, got)
	assert.EqualValues(t, 1, f.n.Load())
}

func TestCachedTokenSourceEarlyRefreshKeepsOldTokenOnFailure(t *testing.T) {
	clk := newClock()
	f := &countingFetch{}
	ts := newCached(t, f, nil, clk.Now)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	require.Equal(t, "SUITE-1", tok)

	clk.Advance(7200*time.Second - 4*time.Minute) // inside the refresh window
	f.fail(&core.APIError{Code: -1, Message: "system busy", Path: "service/get_suite_token"})
	tok, err = ts.Token(bg)
	require.NoError(t, err, "the old token is still valid")
	assert.Equal(t, "SUITE-1", tok)

	clk.Advance(5 * time.Minute) // expired
	_, err = ts.Token(bg)
	require.ErrorIs(t, err, core.ErrSystemBusy)

	f.fail(nil)
	tok, err = ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "SUITE-4", tok)
}

func TestCachedTokenSourceRemembersCredentialErrors(t *testing.T) {
	clk := newClock()
	f := &countingFetch{}
	f.fail(&core.APIError{Code: 40080, Message: "invalid suite secret", Path: "service/get_suite_token"})
	ts := newCached(t, f, nil, clk.Now)
	for i := 0; i < 5; i++ {
		_, err := ts.Token(bg)
		require.ErrorIs(t, err, core.ErrInvalidCredentials)
	}
	assert.EqualValues(t, 1, f.n.Load(), "a wrong secret is asked once per CredentialErrorTTL")
	clk.Advance(31 * time.Second)
	f.fail(nil)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "SUITE-2", tok)
}

func TestCachedTokenSourceSharesThroughCache(t *testing.T) {
	cache := core.NewMemoryCache()
	f := &countingFetch{} // the counter is WeCom's: both processes ask it
	a := newCached(t, f, cache, nil)
	b := newCached(t, f, cache, nil) // another process, same cache
	ta, err := a.Token(bg)
	require.NoError(t, err)
	tb, err := b.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, ta, tb)
	assert.EqualValues(t, 1, f.n.Load(), "the second process reads the first one's token")
	assert.Equal(t, a.CacheKey(), b.CacheKey())

	// A rejection in one process drops the shared token; the next caller
	// anywhere fetches a new one.
	b.InvalidateToken(bg, tb)
	tb2, err := b.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "SUITE-2", tb2)
	_, ok, err := cache.Get(bg, a.CacheKey())
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestCachedTokenSourceThroughClient(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Query().Get("suite_access_token"))
		n := len(seen)
		mu.Unlock()
		if n == 1 {
			io.WriteString(w, `{"errcode":42009,"errmsg":"suite_access_token expired"}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer srv.Close()
	f := &countingFetch{}
	ts := newCached(t, f, nil, nil)
	c, err := core.NewClient(core.Options{BaseURL: srv.URL})
	require.NoError(t, err)
	c = c.WithTokenSource(core.AuthSuiteToken, ts)
	require.NoError(t, c.Call(bg, core.ReadPost("service/thing").WithAuth(core.AuthSuiteToken), nil, nil, nil))
	assert.Equal(t, []string{"SUITE-1", "SUITE-2"}, seen, "a rejected suite token is refreshed and the call retried once")
}

func TestNewCachedTokenSourceNeedsKeyAndFetch(t *testing.T) {
	_, err := core.NewCachedTokenSource(core.CachedTokenConfig{Fetch: (&countingFetch{}).fetch})
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Key", ae.Field)
	_, err = core.NewCachedTokenSource(core.CachedTokenConfig{Key: "k"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Fetch", ae.Field)
}

func TestCachedTokenSourcePrintsNoToken(t *testing.T) {
	f := &countingFetch{}
	ts := newCached(t, f, nil, nil)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "ts", ts)
	for _, s := range []string{fmt.Sprint(ts), fmt.Sprintf("%+v", ts), fmt.Sprintf("%#v", ts), fmt.Sprintf("%d", ts), logs.String()} {
		assert.NotContains(t, s, tok)
		assert.Contains(t, s, "wecom:suite_token:ww-suite:")
	}
}

func TestHashKey(t *testing.T) {
	assert.Len(t, core.HashKey("a"), 16)
	assert.NotEqual(t, core.HashKey("ab", "c"), core.HashKey("a", "bc"), "parts are length-prefixed")
	assert.Equal(t, core.HashKey("x", "y"), core.HashKey("x", "y"))
	assert.False(t, strings.Contains(core.HashKey("secret"), "secret"))
}

// TestMemoryCacheManyLiveEntries: a service provider caches a token per
// corp. Every live entry survives, expired ones are dropped, and a Set does
// not scan the whole map each time (that would make 10,000 corps quadratic).
func TestMemoryCacheManyLiveEntries(t *testing.T) {
	c := core.NewMemoryCache()
	for i := 0; i < 500; i++ {
		require.NoError(t, c.Set(bg, "dead"+fmt.Sprint(i), "v", time.Nanosecond))
	}
	time.Sleep(time.Millisecond)
	for i := 0; i < 10000; i++ {
		require.NoError(t, c.Set(bg, "live"+fmt.Sprint(i), "v", time.Hour))
	}
	for i := 0; i < 10000; i += 997 {
		_, ok, err := c.Get(bg, "live"+fmt.Sprint(i))
		require.NoError(t, err)
		assert.True(t, ok)
	}
	assert.Equal(t, "core.MemoryCache{Entries:10000}", c.String(), "the expired entries were swept")
}
