package core_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// sharedCache is a MemoryCache that coordinates refreshes the way a shared
// cache would (one fetch at a time), recording what the token source asks.
type sharedCache struct {
	*core.MemoryCache
	mu       sync.Mutex
	refresh  int             // Refresh calls
	fetched  int             // fetch calls
	ttls     []time.Duration // ttl of each fetched value
	rejected int             // stored values accept turned down
}

func (c *sharedCache) Refresh(ctx context.Context, key string, accept func(string) bool,
	fetch func(context.Context) (string, time.Duration, error)) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refresh++
	if v, ok, _ := c.Get(ctx, key); ok {
		if accept(v) {
			return v, nil
		}
		c.rejected++
	}
	v, ttl, err := fetch(ctx)
	if err != nil {
		return "", err
	}
	c.fetched++
	c.ttls = append(c.ttls, ttl)
	if ttl > 0 {
		_ = c.Set(ctx, key, v, ttl)
	}
	return v, nil
}

var _ core.SharedRefresher = (*sharedCache)(nil)

func sharedSource(t *testing.T, f *fakeWeCom, cache core.Cache, now func() time.Time) (*core.Client, *core.CorpTokenSource) {
	t.Helper()
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Cache: cache, Now: now})
	return base.WithTokenSource(core.AuthAccessToken, ts), ts
}

func TestSharedRefresherStoresUntilRefreshTime(t *testing.T) {
	f := newFake(t, ok)
	clk := newClock()
	cache := &sharedCache{MemoryCache: core.NewMemoryCache()}
	_, a := sharedSource(t, f, cache, clk.Now)
	_, b := sharedSource(t, f, cache, clk.Now)

	tok, err := a.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok)
	tok, err = b.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok, "the second source takes the stored token")
	assert.EqualValues(t, 1, f.fetches.Load())
	require.Equal(t, []time.Duration{7200*time.Second - 5*time.Minute}, cache.ttls,
		"stored for expires_in minus the refresh margin")

	// Both are due: one fetch; the other source turns down the stale entry
	// it may find only if it comes first, and takes the new one.
	clk.Advance(7200*time.Second - 5*time.Minute)
	for _, s := range []*core.CorpTokenSource{a, b} {
		tok, err = s.Token(bg)
		require.NoError(t, err)
		assert.Equal(t, "TOKEN-2", tok)
	}
	assert.EqualValues(t, 2, f.fetches.Load())
	assert.Equal(t, 2, cache.fetched)
	assert.Equal(t, 1, cache.rejected, "the stale entry is turned down once")
}

func TestSharedRefresherSkipsRejectedToken(t *testing.T) {
	var mu sync.Mutex
	bad := map[string]bool{}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if tok := r.URL.Query().Get("access_token"); bad[tok] {
			io.WriteString(w, `{"errcode":42001,"errmsg":"access_token expired"}`)
			return
		}
		ok(w, r)
	})
	cache := &sharedCache{MemoryCache: core.NewMemoryCache()}
	c, ts := sharedSource(t, f, cache, nil)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	mu.Lock()
	bad[tok] = true
	mu.Unlock()

	var out valueResp
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, &out))
	assert.Equal(t, 42, out.Value)
	assert.EqualValues(t, 2, f.fetches.Load(), "the rejected token is replaced once")
	raw, found, err := cache.Get(bg, ts.CacheKey())
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, strings.HasSuffix(raw, "|TOKEN-2"), "the cache holds the new token")
}

func TestSharedRefresherUncacheableToken(t *testing.T) {
	f := newFake(t, ok)
	f.tokenBody = func(n int32) string {
		return `{"errcode":0,"errmsg":"ok","access_token":"TOKEN-` + itoa(n) + `","expires_in":0}`
	}
	cache := &sharedCache{MemoryCache: core.NewMemoryCache()}
	_, ts := sharedSource(t, f, cache, nil)
	for want := 1; want <= 2; want++ {
		tok, err := ts.Token(bg)
		require.NoError(t, err)
		assert.Equal(t, "TOKEN-"+itoa(int32(want)), tok, "a token without a lifetime is used once, never cached")
	}
	assert.Equal(t, []time.Duration{0, 0}, cache.ttls)
	_, found, _ := cache.Get(bg, ts.CacheKey())
	assert.False(t, found)
}
