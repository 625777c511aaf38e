package wecomredis_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/core"
)

var bg = context.Background()

// fakeWeCom hands out a new token per gettoken call (named after the corp,
// the secret and the call number, so a second fetch shows) and answers the
// test API, rejecting tokens marked bad with 42001.
type fakeWeCom struct {
	srv *httptest.Server

	mu      sync.Mutex
	fetches map[string]int  // gettoken calls by corp id
	fetchAt []time.Time     // arrival of every gettoken call
	bad     map[string]bool // tokens answered with 42001
	used    map[string]int  // API calls by token
	// onFetch, when set, runs before a gettoken call is answered (it may
	// block, or sleep to make gettoken slow).
	onFetch func(r *http.Request, n int)
}

func newFakeWeCom(t testing.TB) *fakeWeCom {
	t.Helper()
	f := &fakeWeCom{fetches: map[string]int{}, bad: map[string]bool{}, used: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWeCom) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.URL.Path == "/cgi-bin/gettoken" {
		corp, secret := q.Get("corpid"), q.Get("corpsecret")
		f.mu.Lock()
		f.fetches[corp]++
		n := f.fetches[corp]
		f.fetchAt = append(f.fetchAt, time.Now())
		hook := f.onFetch
		f.mu.Unlock()
		if hook != nil {
			hook(r, n)
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"`+tokenName(corp, secret, n)+`","expires_in":7200}`)
		return
	}
	tok := q.Get("access_token")
	f.mu.Lock()
	bad := f.bad[tok]
	if !bad {
		f.used[tok]++
	}
	f.mu.Unlock()
	if bad {
		io.WriteString(w, `{"errcode":42001,"errmsg":"access_token expired"}`)
		return
	}
	io.WriteString(w, `{"errcode":0,"errmsg":"ok","value":1}`)
}

// tokenName is the token the fake hands out for the n-th fetch of corp with
// secret.
func tokenName(corp, secret string, n int) string {
	return "TOKEN-" + corp + "-" + secret[:min(len(secret), 6)] + "-" + strconv.Itoa(n)
}

// setOnFetch sets the gettoken hook.
func (f *fakeWeCom) setOnFetch(fn func(r *http.Request, n int)) {
	f.mu.Lock()
	f.onFetch = fn
	f.mu.Unlock()
}

func (f *fakeWeCom) fetchCount(corp string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fetches[corp]
}

func (f *fakeWeCom) reject(token string) {
	f.mu.Lock()
	f.bad[token] = true
	f.mu.Unlock()
}

func (f *fakeWeCom) usedCount(token string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.used[token]
}

// testPrefix returns a key prefix of the test's own, so tests sharing a
// Redis never see each other's keys.
func testPrefix(t testing.TB) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	return "wecomtest:" + name + ":" + hex.EncodeToString(b[:]) + ":"
}

func newRedisClient(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// clock is a settable clock shared by the token sources of one instance.
type clock struct{ ms atomic.Int64 }

var epoch = time.Unix(1_700_000_000, 0)

func newClock() *clock {
	c := &clock{}
	c.ms.Store(epoch.UnixMilli())
	return c
}

func (c *clock) Now() time.Time          { return time.UnixMilli(c.ms.Load()) }
func (c *clock) Set(t time.Time)         { c.ms.Store(t.UnixMilli()) }
func (c *clock) Advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

// instance is one service instance: its own Redis client, Store, WeCom
// client and token source.
type instance struct {
	rdb    *redis.Client
	store  *wecomredis.Store
	client *core.Client
	src    *core.CorpTokenSource
	clock  *clock
	logs   *logBuffer
}

type instanceConfig struct {
	addr, prefix, baseURL, corp, secret string
	clock                               *clock
	opts                                wecomredis.Options
	store                               *wecomredis.Store // shared with other instanceConfigs; addr and opts unused
	fetchTimeout                        time.Duration
	redisOpts                           func(*redis.Options) // adjusts the instance's Redis client
	httpClient                          *http.Client
}

// Timeouts of the tests that are not about timeouts.
const (
	patientTimeout = 10 * time.Second
	patientWait    = 30 * time.Second
)

const (
	testCorp   = "wwCORP"
	testSecret = "secret-A-0123456789"
)

func newInstance(t testing.TB, c instanceConfig) *instance {
	t.Helper()
	if c.corp == "" {
		c.corp = testCorp
	}
	if c.secret == "" {
		c.secret = testSecret
	}
	if c.clock == nil {
		c.clock = newClock()
	}
	logs := &logBuffer{}
	if c.opts.Logger == nil {
		c.opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c.opts.Prefix = c.prefix
	// The machines running these tests are often loaded: unless a test
	// is about slow Redis or a bounded wait, give Redis and waits room, so
	// that a stalled goroutine does not pass for a failure of Redis.
	if c.opts.Timeout == 0 {
		c.opts.Timeout = patientTimeout
	}
	if c.opts.TokenMaxWait == 0 {
		c.opts.TokenMaxWait = patientWait
	}
	if c.fetchTimeout == 0 {
		c.fetchTimeout = 2 * patientWait
	}
	var rdb *redis.Client
	store := c.store
	if store == nil {
		ro := &redis.Options{Addr: c.addr}
		if c.redisOpts != nil {
			c.redisOpts(ro)
		}
		rdb = redis.NewClient(ro)
		t.Cleanup(func() { rdb.Close() })
		var err error
		store, err = wecomredis.New(rdb, c.opts)
		require.NoError(t, err)
	}
	base, err := core.NewClient(core.Options{BaseURL: c.baseURL, Retry: core.RetryPolicy{MaxAttempts: 1}, HTTPClient: c.httpClient})
	require.NoError(t, err)
	src := core.NewCorpTokenSource(base, core.CorpTokenConfig{
		CorpID: c.corp, Secret: c.secret, Cache: store.TokenCache(), Now: c.clock.Now, FetchTimeout: c.fetchTimeout,
	})
	return &instance{rdb: rdb, store: store, client: base.WithTokenSource(core.AuthAccessToken, src), src: src, clock: c.clock, logs: logs}
}

var epTest = core.Read("test/get")

// call makes one API call through the instance's client.
func (in *instance) call(ctx context.Context) error {
	var out struct {
		Value int `json:"value"`
	}
	return in.client.Call(ctx, epTest, nil, nil, &out)
}

// logBuffer collects log output safely from many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// count returns how many lines hold s.
func (l *logBuffer) count(s string) int { return strings.Count(l.String(), s) }

// parallel runs fn(i) for i in [0, n) in goroutines released together and
// waits for them.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

// countCommands counts the commands rdb sends (a pipeline counts each).
func countCommands(rdb *redis.Client) *atomic.Int64 {
	n := &atomic.Int64{}
	rdb.AddHook(cmdCounter{n})
	return n
}

type cmdCounter struct{ n *atomic.Int64 }

func (c cmdCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c cmdCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}

func (c cmdCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}
