// Package wiretest is the shared wire-test harness of the service packages.
//
// A service's tests are a table of Cases: each row names the SDK call, the
// request it must put on the wire (method, path, query, JSON body) and the
// answer to give (a realistic fixture), and optionally the result it must
// decode. Run expands every row into subtests:
//
//   - ok: the request on the wire is exactly the expected one (token of the
//     endpoint's kind included) and the answer decodes to Want;
//   - errcode: WeCom answers an errcode, and the call returns an
//     *core.APIError with that code and the row's path;
//   - class: the server reads the request and drops the connection; a read
//     is retried up to MaxAttempts, a write or a send arrives exactly once
//     and its error matches core.ErrUnknownOutcome;
//   - busy: WeCom answers errcode -1; a send arrives once (outcome
//     unknown), every other class is retried up to MaxAttempts.
//
// Bad rows call with invalid arguments and check that the call fails with
// an *core.ArgError naming the call and the field, having sent nothing, not
// even a gettoken. Run also fails when a declared endpoint has no row.
package wiretest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// The tokens the harness hands out, one per kind.
const (
	AccessToken   = "WIRE_ACCESS_TOKEN"
	ProviderToken = "WIRE_PROVIDER_TOKEN"
	SuiteToken    = "WIRE_SUITE_TOKEN"
)

// MaxAttempts is the retry policy's attempt count in the harness.
const MaxAttempts = 3

// Exchange is one request the call must send and the answer it gets.
type Exchange struct {
	// Query is the expected query string, the token aside (nil: none).
	Query url.Values
	// Body is the expected JSON body, compared as JSON ("": no body).
	Body string
	// CheckRequest, when set, checks the request instead of Body (for a
	// multipart upload); body is what was read from it.
	CheckRequest func(t *testing.T, r *http.Request, body []byte)
	// Reply is the answer's body (a fixture).
	Reply string
}

// Case is one row of a service's wire table.
type Case[C any] struct {
	// Name names the subtests (default: the path).
	Name string
	// Method and Path are the expected HTTP method and path (relative to
	// /cgi-bin/); the endpoint's class and token kind are looked up by Path
	// among the package's declared endpoints.
	Method, Path string
	// Call makes the SDK call and returns its result.
	Call func(ctx context.Context, c C) (any, error)
	// Exchange is the first (usually only) request and its answer.
	Exchange
	// Then are the further requests to the same path (the pages a
	// method follows by itself), in order.
	Then []Exchange
	// Want, when not nil, must equal the result (pointers are followed).
	Want any
	// Check, when set, checks the result further.
	Check func(t *testing.T, got any)
	// NoClassCheck skips the class subtest, with the reason given (a call
	// that cannot reach its endpoint without a first answer).
	NoClassCheck string
}

// Bad is a call with invalid arguments.
type Bad[C any] struct {
	// Name names the subtest.
	Name string
	// Path is the call the error must name.
	Path string
	// Field is the wire field the *core.ArgError must name.
	Field string
	// Call makes the call and returns its error.
	Call func(ctx context.Context, c C) error
}

// Server is a local WeCom stand-in for one subtest.
type Server struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	Requests atomic.Int32 // API requests, gettoken excluded
	Tokens   atomic.Int32 // gettoken calls
}

// NewServer starts a server that hands out AccessToken from gettoken and
// fails the test on any request to a path without a handler.
func NewServer(t *testing.T) *Server {
	t.Helper()
	s := &Server{t: t, handlers: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			s.Tokens.Add(1)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"`+AccessToken+`","expires_in":7200}`)
			return
		}
		s.Requests.Add(1)
		s.mu.Lock()
		h := s.handlers[strings.TrimPrefix(r.URL.Path, "/cgi-bin/")]
		s.mu.Unlock()
		if h == nil {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			http.Error(w, "unexpected", http.StatusNotFound)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// Handle serves path (relative to /cgi-bin/) with h.
func (s *Server) Handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.handlers[path] = h
	s.mu.Unlock()
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Core returns a core client for the server with every kind of token
// configured: a corp token source (gettoken) for access tokens, and fixed
// provider and suite tokens.
func (s *Server) Core() *core.Client {
	s.t.Helper()
	base, err := core.NewClient(core.Options{BaseURL: s.srv.URL,
		Retry: core.RetryPolicy{MaxAttempts: MaxAttempts, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}})
	require.NoError(s.t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: "wwwiretest", Secret: "wire-secret"})
	return base.WithTokenSource(core.AuthAccessToken, ts).
		WithTokenSource(core.AuthProviderToken, core.TokenFunc(func(context.Context) (string, error) { return ProviderToken, nil })).
		WithTokenSource(core.AuthSuiteToken, core.TokenFunc(func(context.Context) (string, error) { return SuiteToken, nil }))
}

func tokenOf(k core.AuthKind) (param, value string) {
	switch k {
	case core.AuthProviderToken:
		return "provider_access_token", ProviderToken
	case core.AuthSuiteToken:
		return "suite_access_token", SuiteToken
	case core.AuthNone:
		return "", ""
	}
	return "access_token", AccessToken
}

// Suite is a service package's wire table.
type Suite[C any] struct {
	// Endpoints is the package's declared list (its Endpoints()).
	Endpoints []core.Endpoint
	// New builds the service client on a core client.
	New func(*core.Client) C
	// Cases are the calls, at least one per endpoint.
	Cases []Case[C]
	// Bad are the calls with invalid arguments.
	Bad []Bad[C]
	// Exceptions lists, with the reason, each deliberate departure from
	// the pinned catalogue: a path ("externalcontact/x": not in the
	// catalogue) or a path and a request key ("externalcontact/x key":
	// a key the catalogue does not list for the path).
	Exceptions map[string]string
}

// Run expands the suite into subtests: per case ok, errcode and class;
// per bad row one; then the catalogue check of every endpoint and of
// every request key the ok subtests saw. It fails when a declared endpoint
// has no case.
func (s Suite[C]) Run(t *testing.T) {
	t.Helper()
	byPath := map[string]core.Endpoint{}
	methods := map[string]string{}
	for _, ep := range s.Endpoints {
		byPath[ep.Path] = ep
		methods[ep.Path] = ep.Method
	}
	seen := &keysSeen{}
	covered := map[string]bool{}
	t.Run("wire", func(t *testing.T) {
		for _, tc := range s.Cases {
			ep, ok := byPath[tc.Path]
			if !ok {
				t.Errorf("case %q: path %s is not a declared endpoint", tc.Name, tc.Path)
				continue
			}
			covered[tc.Path] = true
			name := tc.Name
			if name == "" {
				name = tc.Path
			}
			t.Run(name, func(t *testing.T) {
				t.Run("ok", func(t *testing.T) { t.Parallel(); runOK(t, ep, s.New, tc, seen) })
				t.Run("errcode", func(t *testing.T) { t.Parallel(); runErrcode(t, s.New, tc) })
				t.Run("class", func(t *testing.T) {
					if tc.NoClassCheck != "" {
						t.Skip(tc.NoClassCheck)
					}
					t.Parallel()
					runClass(t, ep, s.New, tc)
				})
				t.Run("busy", func(t *testing.T) {
					if tc.NoClassCheck != "" {
						t.Skip(tc.NoClassCheck)
					}
					t.Parallel()
					runBusy(t, ep, s.New, tc)
				})
			})
		}
		for _, b := range s.Bad {
			t.Run("bad/"+b.Name, func(t *testing.T) {
				t.Parallel()
				srv := NewServer(t)
				err := b.Call(context.Background(), s.New(srv.Core()))
				AssertArgError(t, srv, err, b.Path, b.Field)
			})
		}
	})
	for _, ep := range s.Endpoints {
		if !covered[ep.Path] {
			t.Errorf("endpoint %s %s has no wire case", ep.Method, ep.Path)
		}
		if ep.Doc == "" || ep.Title == "" {
			t.Errorf("endpoint %s has no doc page or title in its Meta", ep.Path)
		}
	}
	t.Run("catalogue", func(t *testing.T) {
		checkCatalogue(t, Catalogue(t), methods, seen, s.Exceptions)
	})
}

// AssertArgError checks that err is an *core.ArgError naming path and
// field, and that nothing at all was sent to s.
func AssertArgError(t *testing.T, s *Server, err error, path, field string) {
	t.Helper()
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae, "want a validation error, got %v", err)
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	assert.Equal(t, field, ae.Field, "field named by %v", err)
	assert.Equal(t, path, ae.Call, "call named by %v", err)
	assert.Zero(t, s.Requests.Load(), "requests sent despite invalid input")
	assert.Zero(t, s.Tokens.Load(), "gettoken called despite invalid input")
}

func runOK[C any](t *testing.T, ep core.Endpoint, newClient func(*core.Client) C, tc Case[C], seen *keysSeen) {
	s := NewServer(t)
	exchanges := append([]Exchange{tc.Exchange}, tc.Then...)
	var n atomic.Int32
	param, token := tokenOf(ep.Auth)
	s.Handle(tc.Path, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i >= len(exchanges) {
			t.Errorf("%s: request #%d, only %d expected", tc.Path, i+1, len(exchanges))
			http.Error(w, "too many", http.StatusTeapot)
			return
		}
		x := exchanges[i]
		assert.Equal(t, tc.Method, r.Method, "HTTP method of %s", tc.Path)
		q := r.URL.Query()
		if param != "" {
			assert.Equal(t, token, q.Get(param), "%s of %s", param, tc.Path)
			q.Del(param)
		}
		for _, other := range []string{"access_token", "provider_access_token", "suite_access_token"} {
			assert.False(t, q.Has(other), "%s carries %s besides %s", tc.Path, other, param)
		}
		want := x.Query
		if want == nil {
			want = url.Values{}
		}
		assert.Equal(t, want, q, "query of %s #%d", tc.Path, i+1)
		body, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		seen.add(tc.Path, requestKeys(q, body, x.CheckRequest != nil))
		switch {
		case x.CheckRequest != nil:
			x.CheckRequest(t, r, body)
		case x.Body == "":
			assert.Empty(t, body, "%s sends no body", tc.Path)
		default:
			assert.True(t, json.Valid(body), "body is not JSON: %s", body)
			assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
			assert.JSONEq(t, x.Body, string(body), "body of %s #%d", tc.Path, i+1)
		}
		io.WriteString(w, x.Reply)
	})
	got, err := tc.Call(context.Background(), newClient(s.Core()))
	require.NoError(t, err)
	assert.Equal(t, len(exchanges), int(n.Load()), "requests to %s", tc.Path)
	if tc.Want != nil {
		assert.Equal(t, tc.Want, got)
	}
	if tc.Check != nil {
		tc.Check(t, got)
	}
}

func runErrcode[C any](t *testing.T, newClient func(*core.Client) C, tc Case[C]) {
	s := NewServer(t)
	s.Handle(tc.Path, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":48002,"errmsg":"api forbidden, hint: [wiretest]"}`)
	})
	_, err := tc.Call(context.Background(), newClient(s.Core()))
	var ae *core.APIError
	require.ErrorAs(t, err, &ae, "got %v", err)
	assert.Equal(t, 48002, ae.Code)
	assert.Equal(t, tc.Path, ae.Path)
	assert.ErrorIs(t, err, core.ErrAPIForbidden)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome, "an errcode answer is a certain failure")
	assert.EqualValues(t, 1, s.Requests.Load(), "an errcode answer is not retried")
}

func runClass[C any](t *testing.T, ep core.Endpoint, newClient func(*core.Client) C, tc Case[C]) {
	s := NewServer(t)
	s.Handle(tc.Path, func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	})
	_, err := tc.Call(context.Background(), newClient(s.Core()))
	require.Error(t, err)
	got := int(s.Requests.Load())
	if ep.Idempotent() {
		// net/http may itself replay a GET once on a reused connection.
		assert.GreaterOrEqual(t, got, MaxAttempts, "a read is retried")
		assert.LessOrEqual(t, got, 2*MaxAttempts)
		assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
		return
	}
	assert.Equal(t, 1, got, "a %s that may have reached WeCom is never re-sent", ep.Class)
	assert.ErrorIs(t, err, core.ErrUnknownOutcome)
}

// runBusy answers errcode -1 (系统繁忙) every time: every class but a
// SendOnce is retried up to MaxAttempts; a SendOnce arrives once and its
// error matches core.ErrUnknownOutcome. Like the class subtest it checks
// that each call behaves as its declared class; whether the declaration is
// right is checked apart from it (work/crosscheck_test.go: the simulator's
// write lock, and the list of endpoints that reach people).
func runBusy[C any](t *testing.T, ep core.Endpoint, newClient func(*core.Client) C, tc Case[C]) {
	s := NewServer(t)
	s.Handle(tc.Path, func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
	})
	_, err := tc.Call(context.Background(), newClient(s.Core()))
	assert.ErrorIs(t, err, core.ErrSystemBusy)
	got := int(s.Requests.Load())
	if ep.Class == core.ClassSendOnce {
		assert.Equal(t, 1, got, "a send is never repeated, not even on errcode -1")
		assert.ErrorIs(t, err, core.ErrUnknownOutcome)
		return
	}
	assert.Equal(t, MaxAttempts, got, "errcode -1 is retried for a %s", ep.Class)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
}

// Collect drains an iterator into its items and its errors.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, []error) {
	var items []T
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

// Fixture returns testdata/<dir>/<name>.json of the repository.
func Fixture(t *testing.T, dir, name string) string {
	t.Helper()
	root, err := RepoRoot()
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(root, "testdata", dir, name+".json"))
	require.NoError(t, err)
	return string(b)
}

// requestKeys lists the query parameters and, for a JSON body, its
// top-level keys.
func requestKeys(q url.Values, body []byte, multipart bool) []string {
	var keys []string
	for k := range q {
		keys = append(keys, k)
	}
	if multipart || len(body) == 0 {
		return keys
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) == nil {
		for k := range m {
			keys = append(keys, k)
		}
	}
	return keys
}

// Walked drains an iterator for a table row's Call: its items, and its
// error when it yielded exactly one (more than one is itself an error).
func Walked[T any](seq iter.Seq2[T, error]) (any, error) {
	items, errs := Collect(seq)
	switch len(errs) {
	case 0:
		return items, nil
	case 1:
		return items, errs[0]
	}
	return items, fmt.Errorf("the walk yielded %d errors: %v", len(errs), errs)
}

// Refused returns the error of an iterator that must yield exactly one
// error and no item: a Bad row of an …All method.
func Refused[T any](seq iter.Seq2[T, error]) error {
	items, errs := Collect(seq)
	if len(items) != 0 || len(errs) != 1 {
		return fmt.Errorf("want one error and no item, got %d items and errors %v", len(items), errs)
	}
	return errs[0]
}
