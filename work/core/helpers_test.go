package core_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

const (
	testCorpID = "wwTESTCORP"
	testSecret = "s3cr3t-Secret-Value-0123456789"
)

// fakeWeCom is a local server that hands out numbered tokens and lets each
// test script the API answers.
type fakeWeCom struct {
	srv       *httptest.Server
	fetches   atomic.Int32 // gettoken calls
	calls     atomic.Int32 // API calls
	mu        sync.Mutex
	bodies    []string // API request bodies, in order
	tokensIn  []string // access_token of each API call
	tokenBody func(n int32) string
	api       http.HandlerFunc
}

func newFake(t *testing.T, api http.HandlerFunc) *fakeWeCom {
	t.Helper()
	f := &fakeWeCom{api: api}
	f.tokenBody = func(n int32) string {
		return `{"errcode":0,"errmsg":"ok","access_token":"TOKEN-` + itoa(n) + `","expires_in":7200}`
	}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			n := f.fetches.Add(1)
			io.WriteString(w, f.tokenBody(n))
			return
		}
		f.calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.bodies = append(f.bodies, string(b))
		f.tokensIn = append(f.tokensIn, r.URL.Query().Get("access_token"))
		f.mu.Unlock()
		f.api(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func itoa(n int32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// clock is a settable clock for token expiry tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1_700_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type clientOpts struct {
	retry  core.RetryPolicy
	now    func() time.Time
	fetchT time.Duration
	hc     *http.Client
	max    int64
}

// client builds a core client with a corp token source against f.
func (f *fakeWeCom) client(t *testing.T, o clientOpts) (*core.Client, *core.CorpTokenSource) {
	t.Helper()
	if o.retry.BaseDelay == 0 {
		o.retry.BaseDelay = time.Millisecond
		o.retry.MaxDelay = 2 * time.Millisecond
	}
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Retry: o.retry, HTTPClient: o.hc, MaxResponseBytes: o.max})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Now: o.now, FetchTimeout: o.fetchT})
	return base.WithTokenSource(core.AuthAccessToken, ts), ts
}

func ok(w http.ResponseWriter, _ *http.Request) {
	io.WriteString(w, `{"errcode":0,"errmsg":"ok","value":42}`)
}

type valueResp struct {
	Value int `json:"value"`
}

var (
	epGetThing  = core.Read("test/get")
	epReadPost  = core.ReadPost("test/read")
	epWriteCall = core.Write("test/write")
)

var bg = context.Background()
