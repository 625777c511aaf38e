package externalcontact

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// testToken is the access token the wire fixture hands out.
const testToken = "TEST_ACCESS_TOKEN"

// wire is a local WeCom stand-in for per-method wire tests: register a
// handler per path on mux; gettoken is served for you. Any request to a path
// without a handler fails the test.
type wire struct {
	mux      *http.ServeMux
	requests atomic.Int32 // API requests, gettoken excluded
	tokens   atomic.Int32 // gettoken calls
}

// setup starts the fake server and returns a client wired to it.
func setup(t *testing.T) (*Client, *wire) {
	t.Helper()
	w := &wire{mux: http.NewServeMux()}
	w.mux.HandleFunc("/cgi-bin/gettoken", func(rw http.ResponseWriter, r *http.Request) {
		w.tokens.Add(1)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","access_token":"`+testToken+`","expires_in":7200}`)
	})
	w.mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(rw, "unexpected", http.StatusNotFound)
	})
	srv := httptest.NewServer(w.mux)
	t.Cleanup(srv.Close)
	base, err := core.NewClient(core.Options{BaseURL: srv.URL, Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: "wwcorp", Secret: "test-secret"})
	return New(base.WithTokenSource(core.AuthAccessToken, ts)), w
}

// handle registers h for the API path (relative to /cgi-bin/), checking the
// HTTP method and the access token before calling it.
func (w *wire) handle(t *testing.T, path, method string, h func(rw http.ResponseWriter, r *http.Request)) {
	t.Helper()
	w.mux.HandleFunc("/cgi-bin/"+path, func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		assert.Equal(t, method, r.Method, "HTTP method of %s", path)
		assert.Equal(t, testToken, r.URL.Query().Get("access_token"), "access_token of %s", path)
		h(rw, r)
	})
}

// testQuery checks the query string, access_token aside.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	got := r.URL.Query()
	got.Del("access_token")
	if len(want) == 0 {
		want = url.Values{}
	}
	assert.Equal(t, want, got, "query")
}

// testJSONBody checks that the request body is JSON equal to want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.True(t, json.Valid(b), "body is not JSON: %s", b)
	assert.JSONEq(t, want, string(b), "request body")
}

// fixture returns testdata/externalcontact/<name>.json.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "externalcontact", name+".json"))
	require.NoError(t, err)
	return b
}

// reply writes a fixture as the answer.
func reply(t *testing.T, name string) func(http.ResponseWriter, *http.Request) {
	b := fixture(t, name)
	return func(rw http.ResponseWriter, _ *http.Request) { rw.Write(b) }
}

// replyError answers with errcode code.
func replyError(code int, msg string) func(http.ResponseWriter, *http.Request) {
	return func(rw http.ResponseWriter, _ *http.Request) {
		json.NewEncoder(rw).Encode(map[string]any{"errcode": code, "errmsg": msg})
	}
}

// assertAPIError checks that err is an *core.APIError with code on path.
func assertAPIError(t *testing.T, err error, code int, path string) {
	t.Helper()
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, code, ae.Code)
	assert.Equal(t, path, ae.Path)
}

// assertArgError checks that err is a validation error naming field and
// that nothing at all (not even gettoken) was sent.
func assertArgError(t *testing.T, w *wire, err error, field string) {
	t.Helper()
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae, "want a validation error, got %v", err)
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	assert.Equal(t, field, ae.Field)
	assert.Zero(t, w.requests.Load(), "requests sent despite invalid input")
	assert.Zero(t, w.tokens.Load(), "gettoken called despite invalid input")
}

var bg = context.Background()

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
