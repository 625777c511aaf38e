package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

func TestColdStartOneFetch(t *testing.T) {
	for round := 0; round < 20; round++ {
		f := newFake(t, ok)
		// Slow gettoken a little so that every goroutine arrives while the
		// fetch is in flight.
		inner := f.tokenBody
		f.tokenBody = func(n int32) string { time.Sleep(5 * time.Millisecond); return inner(n) }
		c, _ := f.client(t, clientOpts{})
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, 200)
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var out valueResp
				errs <- c.Call(bg, epGetThing, nil, nil, &out)
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		require.EqualValues(t, 1, f.fetches.Load(), "round %d", round)
		require.EqualValues(t, 200, f.calls.Load())
	}
}

func TestEarlyRefreshAndExpiry(t *testing.T) {
	f := newFake(t, ok)
	clk := newClock()
	_, ts := f.client(t, clientOpts{now: clk.Now})

	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok)

	clk.Advance(7200*time.Second - 5*time.Minute - time.Second)
	tok, _ = ts.Token(bg)
	assert.Equal(t, "TOKEN-1", tok, "still fresh just before the refresh point")
	assert.EqualValues(t, 1, f.fetches.Load())

	clk.Advance(2 * time.Second) // inside the last 5 minutes: refresh early
	tok, _ = ts.Token(bg)
	assert.Equal(t, "TOKEN-2", tok)
	assert.EqualValues(t, 2, f.fetches.Load())

	clk.Advance(3 * time.Hour) // long past expiry
	tok, _ = ts.Token(bg)
	assert.Equal(t, "TOKEN-3", tok)
}

func TestEarlyRefreshFailureKeepsValidToken(t *testing.T) {
	f := newFake(t, ok)
	clk := newClock()
	_, ts := f.client(t, clientOpts{now: clk.Now, retry: core.RetryPolicy{MaxAttempts: 1}})
	_, err := ts.Token(bg)
	require.NoError(t, err)
	f.tokenBody = func(int32) string { return `{"errcode":-1,"errmsg":"system busy"}` }
	clk.Advance(7200*time.Second - time.Minute) // refresh window, not expired
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok, "the old token is still valid while refresh fails")
	clk.Advance(2 * time.Minute) // expired now
	_, err = ts.Token(bg)
	assert.ErrorIs(t, err, core.ErrSystemBusy)
}

func TestCredentialErrorInRefreshWindowKeepsValidToken(t *testing.T) {
	// The secret was rotated while a token it fetched is still valid: the
	// token keeps working until it expires, and the credential error is
	// returned only then.
	f := newFake(t, ok)
	clk := newClock()
	_, ts := f.client(t, clientOpts{now: clk.Now})
	_, err := ts.Token(bg)
	require.NoError(t, err)
	f.tokenBody = func(int32) string { return `{"errcode":40001,"errmsg":"invalid credential"}` }
	clk.Advance(7200*time.Second - time.Minute) // refresh window, not expired
	for i := 0; i < 3; i++ {
		tok, err := ts.Token(bg)
		require.NoError(t, err)
		assert.Equal(t, "TOKEN-1", tok)
	}
	assert.EqualValues(t, 2, f.fetches.Load(), "the credential error is remembered, not asked again")
	clk.Advance(2 * time.Minute) // expired now
	_, err = ts.Token(bg)
	assert.ErrorIs(t, err, core.ErrInvalidCredentials)
}

func TestExpiresInNotCachedWhenMissing(t *testing.T) {
	for _, body := range []string{
		`{"errcode":0,"errmsg":"ok","access_token":"T"}`,
		`{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":0}`,
		`{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":-5}`,
	} {
		f := newFake(t, ok)
		f.tokenBody = func(int32) string { return body }
		_, ts := f.client(t, clientOpts{})
		for i := 0; i < 3; i++ {
			tok, err := ts.Token(bg)
			require.NoError(t, err)
			assert.Equal(t, "T", tok)
		}
		assert.EqualValues(t, 3, f.fetches.Load(), "a token without a lifetime must not be cached: %s", body)
	}
}

func TestTokenRejectedRefreshesAndRetriesOnce(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			io.WriteString(w, `{"errcode":42001,"errmsg":"access_token expired"}`)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	var out valueResp
	require.NoError(t, c.Call(bg, epWriteCall, nil, map[string]any{"msg": "hello <world>", "n": 1}, &out))
	assert.Equal(t, 42, out.Value)
	assert.EqualValues(t, 2, f.fetches.Load(), "one refresh")
	assert.EqualValues(t, 2, f.calls.Load(), "one retry")
	assert.Equal(t, []string{"TOKEN-1", "TOKEN-2"}, f.tokensIn)
	require.Len(t, f.bodies, 2)
	assert.Equal(t, `{"msg":"hello <world>","n":1}`, f.bodies[0])
	assert.Equal(t, f.bodies[0], f.bodies[1], "the retry re-sends the identical body")
}

func TestTokenRejectedTwiceIsReturned(t *testing.T) {
	// A token rejected again right after the refresh is returned: one
	// refresh, one retry, no loop.
	for _, tc := range []struct {
		code     int
		body     string
		sentinel error
	}{
		{42001, `{"errcode":42001,"errmsg":"access_token expired"}`, core.ErrTokenExpired},
		{40014, `{"errcode":40014,"errmsg":"invalid access_token"}`, core.ErrInvalidToken},
	} {
		t.Run(itoa(int32(tc.code)), func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, tc.body)
			})
			c, _ := f.client(t, clientOpts{})
			err := c.Call(bg, epReadPost, nil, []byte(`{"a":1}`), nil)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.ErrorIs(t, err, core.ErrTokenRejected)
			var ae *core.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.code, ae.Code)
			assert.EqualValues(t, 2, f.calls.Load(), "one retry, no loop")
			assert.EqualValues(t, 2, f.fetches.Load(), "one refresh")
			assert.Equal(t, []string{"TOKEN-1", "TOKEN-2"}, f.tokensIn)
			assert.Equal(t, []string{`{"a":1}`, `{"a":1}`}, f.bodies)
		})
	}
}

func TestInvalidateOnlySameToken(t *testing.T) {
	f := newFake(t, ok)
	_, ts := f.client(t, clientOpts{})
	t1, _ := ts.Token(bg)
	ts.InvalidateToken(bg, "SOMETHING-ELSE")
	t2, _ := ts.Token(bg)
	assert.Equal(t, t1, t2, "a stale rejection must not drop the current token")
	assert.EqualValues(t, 1, f.fetches.Load())
	ts.InvalidateToken(bg, t1)
	t3, _ := ts.Token(bg)
	assert.Equal(t, "TOKEN-2", t3)
}

func TestManyRejectionsOfOneTokenCauseOneRefresh(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("access_token") == "TOKEN-1" {
			io.WriteString(w, `{"errcode":42001,"errmsg":"expired"}`)
			return
		}
		ok(w, r)
	})
	c, ts := f.client(t, clientOpts{})
	_, err := ts.Token(bg)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 2, f.fetches.Load(), "50 callers rejecting TOKEN-1 cause a single refresh")
}

func TestCancelledCallerBesideWaitingOnes(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, ok)
	inner := f.tokenBody
	f.tokenBody = func(n int32) string { <-release; return inner(n) }
	_, ts := f.client(t, clientOpts{fetchT: 5 * time.Second})

	ctx, cancel := context.WithCancel(bg)
	cancelled := make(chan error, 1)
	go func() { _, err := ts.Token(ctx); cancelled <- err }()
	waiting := make(chan string, 5)
	for i := 0; i < 5; i++ {
		go func() {
			tok, err := ts.Token(bg)
			assert.NoError(t, err)
			waiting <- tok
		}()
	}
	require.Eventually(t, func() bool { return f.fetches.Load() == 1 }, 5*time.Second, time.Millisecond)
	cancel()
	err := <-cancelled
	assert.ErrorIs(t, err, context.Canceled, "the cancelled caller returns at once")
	close(release) // the shared fetch was not cancelled with it
	for i := 0; i < 5; i++ {
		assert.Equal(t, "TOKEN-1", <-waiting)
	}
	assert.EqualValues(t, 1, f.fetches.Load())
}

func TestHangingGetTokenTimesOutAndNextCallFetchesAgain(t *testing.T) {
	var hang atomic.Bool
	hang.Store(true)
	stop := make(chan struct{})
	f := newFake(t, ok)
	inner := f.tokenBody
	f.tokenBody = func(n int32) string {
		if hang.Load() {
			<-stop
		}
		return inner(n)
	}
	defer close(stop)
	_, ts := f.client(t, clientOpts{fetchT: 50 * time.Millisecond, retry: core.RetryPolicy{MaxAttempts: 1}})
	_, err := ts.Token(bg)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	hang.Store(false)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-2", tok, "a new fetch started after the timed-out one")
}

func TestCredentialErrorsCachedBriefly(t *testing.T) {
	f := newFake(t, ok)
	f.tokenBody = func(int32) string {
		return `{"errcode":40001,"errmsg":"invalid credential, hint: [1700000000_1_x]"}`
	}
	clk := newClock()
	c, ts := f.client(t, clientOpts{now: clk.Now})
	for i := 0; i < 5; i++ {
		err := c.Call(bg, epGetThing, nil, nil, nil)
		assert.ErrorIs(t, err, core.ErrInvalidCredentials)
		assert.ErrorIs(t, err, core.ErrInvalidSecret)
		assert.NotContains(t, err.Error(), testSecret)
	}
	assert.EqualValues(t, 1, f.fetches.Load(), "a wrong secret is asked once, not on every call")
	assert.Zero(t, f.calls.Load())
	clk.Advance(31 * time.Second)
	_, err := ts.Token(bg)
	assert.ErrorIs(t, err, core.ErrInvalidCredentials)
	assert.EqualValues(t, 2, f.fetches.Load(), "asked again once the error has aged out")
}

func TestTokenCacheKey(t *testing.T) {
	a := core.TokenCacheKey("ww1", 0, "secret-a")
	b := core.TokenCacheKey("ww1", 0, "secret-b")
	c := core.TokenCacheKey("ww1", 1000002, "secret-a")
	assert.NotEqual(t, a, b, "two apps of one corp must not share a token")
	assert.NotEqual(t, a, c)
	assert.NotContains(t, a, "secret-a")
	assert.Contains(t, a, "ww1")
}

func TestSharedCacheBetweenSources(t *testing.T) {
	f := newFake(t, ok)
	cache := core.NewMemoryCache()
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL})
	require.NoError(t, err)
	cfg := core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Cache: cache}
	p1 := core.NewCorpTokenSource(base, cfg)
	p2 := core.NewCorpTokenSource(base, cfg) // another process, same cache
	t1, err := p1.Token(bg)
	require.NoError(t, err)
	t2, err := p2.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, t1, t2)
	assert.EqualValues(t, 1, f.fetches.Load(), "the second source reads the shared cache")

	p2.InvalidateToken(bg, t2)
	_, ok, _ := cache.Get(bg, p1.CacheKey())
	assert.False(t, ok, "invalidation reaches the shared cache")
}

type failingCache struct{ core.Cache }

func (failingCache) Get(context.Context, string) (string, bool, error) {
	return "", false, errors.New("cache down")
}
func (failingCache) Set(context.Context, string, string, time.Duration) error {
	return errors.New("cache down")
}

func TestCacheFailureDoesNotBreakCalls(t *testing.T) {
	f := newFake(t, ok)
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Cache: failingCache{}})
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok)
}

func TestStaticTokenSourceHasNoRetry(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":42001,"errmsg":"expired"}`)
	}))
	defer srv.Close()
	base, err := core.NewClient(core.Options{BaseURL: srv.URL})
	require.NoError(t, err)
	var n atomic.Int32
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) {
		n.Add(1)
		return "STATIC", nil
	}))
	err = c.Call(bg, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrTokenExpired)
	assert.EqualValues(t, 1, n.Load(), "a source that cannot invalidate is not asked again")
}

// gatedCache holds its first Get until released, answering what the cache
// held when the Get began: a read racing with an invalidation.
type gatedCache struct {
	*core.MemoryCache
	gated   atomic.Bool
	reading chan struct{}
	release chan struct{}
}

func (g *gatedCache) Get(ctx context.Context, key string) (string, bool, error) {
	v, ok, err := g.MemoryCache.Get(ctx, key)
	if g.gated.CompareAndSwap(false, true) { // only the first Get waits
		close(g.reading)
		<-g.release
	}
	return v, ok, err
}

func TestRefreshDoesNotTakeBackARejectedToken(t *testing.T) {
	f := newFake(t, ok)
	shared := core.NewMemoryCache()
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL})
	require.NoError(t, err)
	cfg := core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Cache: shared}
	first := core.NewCorpTokenSource(base, cfg)
	t1, err := first.Token(bg) // TOKEN-1, now in the shared cache
	require.NoError(t, err)

	gate := &gatedCache{MemoryCache: shared, reading: make(chan struct{}), release: make(chan struct{})}
	cfg.Cache = gate
	second := core.NewCorpTokenSource(base, cfg) // another process, cold
	got := make(chan string, 1)
	go func() {
		tok, err := second.Token(bg)
		assert.NoError(t, err)
		got <- tok
	}()
	<-gate.reading                 // its refresh has read TOKEN-1 from the cache …
	second.InvalidateToken(bg, t1) // … when WeCom rejects TOKEN-1
	close(gate.release)
	assert.Equal(t, "TOKEN-2", <-got, "the rejected token must not come back from the stale read")
	assert.EqualValues(t, 2, f.fetches.Load())
}
