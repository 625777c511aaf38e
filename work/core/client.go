package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"
)

// DefaultBaseURL is WeCom's API host.
const DefaultBaseURL = "https://qyapi.weixin.qq.com"

// DefaultMaxResponseBytes caps how much of a response body is read (8 MiB).
const DefaultMaxResponseBytes = 8 << 20

// Options configures a Client. The zero value of each field picks a default.
type Options struct {
	// BaseURL is scheme://host[:port] of the API (default DefaultBaseURL).
	// "/cgi-bin/" and the endpoint path are appended to it.
	BaseURL string
	// HTTPClient sends the requests (default: NewHTTPClient()). The client
	// is copied, not modified: the copy refuses redirects to other hosts.
	HTTPClient *http.Client
	// Logger receives one debug line per attempt and a warning per retry.
	// Nil means silent. No line carries a token, a secret or a body.
	Logger *slog.Logger
	// Retry is the retry policy.
	Retry RetryPolicy
	// MaxResponseBytes caps the response body (default DefaultMaxResponseBytes).
	MaxResponseBytes int64
}

// Client sends WeCom API calls: it adds the token, encodes the body once,
// checks errcode, decodes the typed result and retries what is safe to retry.
// It knows no service; every service package builds on it.
//
// A Client is safe for concurrent use. It prints as its base URL and the
// kinds of token it sends, never a token.
type Client struct {
	base    string // "https://host/cgi-bin/"
	host    string
	hc      *http.Client
	log     *slog.Logger
	retry   RetryPolicy
	maxBody int64
	tokens  [4]TokenSource // indexed by AuthKind
}

// NewHTTPClient returns the default HTTP client: a 30 s overall timeout and a
// transport that keeps enough idle connections for a busy service.
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	t.ResponseHeaderTimeout = 20 * time.Second
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}

// NewClient builds a Client. It fails when BaseURL is not an absolute
// http(s) URL.
func NewClient(opts Options) (*Client, error) {
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, &ArgError{Field: "BaseURL", Reason: "must be an absolute http(s) URL without a query, got " + strconv.Quote(base)}
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = NewHTTPClient()
	}
	cp := *hc
	userCheck := hc.CheckRedirect
	host := u.Host
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != host {
			return fmt.Errorf("refusing redirect to another host %q", req.URL.Host)
		}
		req.Header.Del("Referer")
		if userCheck != nil {
			return userCheck(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	maxBody := opts.MaxResponseBytes
	if maxBody <= 0 {
		maxBody = DefaultMaxResponseBytes
	}
	return &Client{
		base:    strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/") + "/cgi-bin/",
		host:    host,
		hc:      &cp,
		log:     opts.Logger,
		retry:   opts.Retry.withDefaults(),
		maxBody: maxBody,
	}, nil
}

// WithTokenSource returns a client that shares c's HTTP client, logger and
// retry policy, and takes tokens of kind k from ts. Use it to give the
// service-provider endpoints their provider_access_token.
func (c *Client) WithTokenSource(k AuthKind, ts TokenSource) *Client {
	cp := *c
	if int(k) < len(cp.tokens) {
		cp.tokens[k] = ts
	}
	return &cp
}

// TokenSource returns the source of tokens of kind k, or nil.
func (c *Client) TokenSource(k AuthKind) TokenSource {
	if int(k) < len(c.tokens) {
		return c.tokens[k]
	}
	return nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Call sends one API call and decodes the answer into out.
//
// query may be nil; the token is added to it. body, when not nil, is encoded
// to JSON once (a []byte or json.RawMessage is sent as is), and the same
// bytes are re-sent by every retry. out may be nil (only errcode is checked),
// a *gjson.Result (the raw answer), or a pointer to a struct decoded with
// encoding/json.
//
// Errors: *ArgError for a bad call, *APIError for errcode != 0, *HTTPError
// for a non-2xx or non-JSON answer, *TransportError when WeCom could not be
// reached or the answer could not be read. When ctx is done the error
// satisfies errors.Is(err, ctx.Err()).
func (c *Client) Call(ctx context.Context, ep Endpoint, query url.Values, body any, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = encodeBody(body); err != nil {
			return fmt.Errorf("wecom: %s: encode request: %w", ep.Path, err)
		}
	}
	var rawQuery string
	if len(query) > 0 {
		rawQuery = query.Encode()
	}
	return c.do(ctx, ep, rawQuery, payload, out)
}

// Do is Call for the usual case of a method that returns the whole answer:
// it decodes the answer into a new T and returns it.
//
//	return core.Do[Contact](ctx, c.core, epGet, query, nil)
func Do[T any](ctx context.Context, c *Client, ep Endpoint, query url.Values, body any) (*T, error) {
	var out T
	if err := c.Call(ctx, ep, query, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case []byte:
		return b, nil
	case json.RawMessage:
		return b, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// attemptResult says what to do after one attempt.
type attemptResult struct {
	err        error
	retryable  bool // the error may go away on a later attempt
	tokenRetry bool // the token was rejected
	token      string
}

func (c *Client) do(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, out any) error {
	if ep.Path == "" || (ep.Method != http.MethodGet && ep.Method != http.MethodPost) || int(ep.Auth) >= len(c.tokens) {
		return &ArgError{Field: "endpoint", Reason: "needs a path, GET or POST, and a known AuthKind"}
	}
	tokenRetried := false
	for attempt := 1; ; attempt++ {
		r := c.attempt(ctx, ep, rawQuery, payload, out)
		if r.err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return r.err
		}
		if r.tokenRetry && !tokenRetried {
			if inv, ok := c.tokens[ep.Auth].(TokenInvalidator); ok {
				tokenRetried = true
				inv.InvalidateToken(ctx, r.token)
				c.logRetry(ctx, ep, attempt, r.err, 0)
				attempt-- // a token refresh does not use up an attempt
				continue
			}
		}
		if !r.retryable || attempt >= c.retry.MaxAttempts {
			return r.err
		}
		d := c.retry.backoff(attempt)
		c.logRetry(ctx, ep, attempt, r.err, d)
		if err := sleepCtx(ctx, d); err != nil {
			return &TransportError{Path: ep.Path, Err: fmt.Errorf("waiting to retry after: %w", r.err), ctx: err}
		}
	}
}

func (c *Client) logRetry(ctx context.Context, ep Endpoint, attempt int, err error, d time.Duration) {
	if c.log != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "wecom: retrying", slog.String("path", ep.Path),
			slog.Int("attempt", attempt), slog.Duration("backoff", d), slog.String("error", err.Error()))
	}
}

func (c *Client) attempt(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, out any) attemptResult {
	var token string
	if ep.Auth != AuthNone {
		ts := c.tokens[ep.Auth]
		if ts == nil {
			return attemptResult{err: &ArgError{Field: "token", Reason: "no " + ep.Auth.String() + " source configured for " + ep.Path}}
		}
		var err error
		if token, err = ts.Token(ctx); err != nil {
			return attemptResult{err: err}
		}
	}
	u := c.buildURL(ep, token, rawQuery)

	var bodyReader io.Reader
	if payload != nil {
		bodyReader = bytes.NewReader(payload)
	}
	// Mutating calls watch whether the request was written: only an error
	// before that point is safe to retry.
	var wrote atomic.Bool
	rctx := ctx
	if !ep.Idempotent {
		rctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteHeaders: func() { wrote.Store(true) },
		})
	}
	req, err := http.NewRequestWithContext(rctx, ep.Method, u, bodyReader)
	if err != nil {
		return attemptResult{err: transportErr(ctx, ep.Path, err, token, rawQuery)}
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return attemptResult{
			err:       transportErr(ctx, ep.Path, err, token, rawQuery),
			retryable: ep.Idempotent || !wrote.Load(),
		}
	}
	r := c.readResponse(ctx, ep, resp, token, rawQuery, out)
	if c.log != nil {
		code := 0
		var ae *APIError
		if errors.As(r.err, &ae) {
			code = ae.Code
		}
		c.log.LogAttrs(ctx, slog.LevelDebug, "wecom: call", slog.String("method", ep.Method),
			slog.String("path", ep.Path), slog.Int("status", resp.StatusCode), slog.Int("errcode", code),
			slog.Duration("elapsed", time.Since(start)))
	}
	r.token = token
	return r
}

func (c *Client) buildURL(ep Endpoint, token, rawQuery string) string {
	var sb strings.Builder
	name := ep.Auth.queryName()
	sb.Grow(len(c.base) + len(ep.Path) + len(name) + len(token) + len(rawQuery) + 3)
	sb.WriteString(c.base)
	sb.WriteString(ep.Path)
	sep := byte('?')
	if name != "" {
		sb.WriteByte(sep)
		sb.WriteString(name)
		sb.WriteByte('=')
		sb.WriteString(url.QueryEscape(token))
		sep = '&'
	}
	if rawQuery != "" {
		sb.WriteByte(sep)
		sb.WriteString(rawQuery)
	}
	return sb.String()
}

func (c *Client) readResponse(ctx context.Context, ep Endpoint, resp *http.Response, token, rawQuery string, out any) attemptResult {
	defer resp.Body.Close()
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // do not keep huge buffers alive
			bufPool.Put(buf)
		}
	}()
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		// The request reached WeCom; the answer broke off.
		return attemptResult{err: transportErr(ctx, ep.Path, fmt.Errorf("reading response: %w", err), token, rawQuery), retryable: ep.Idempotent}
	}
	if n > c.maxBody {
		return attemptResult{err: fmt.Errorf("wecom: %s: %w (limit %d bytes)", ep.Path, ErrResponseTooLarge, c.maxBody)}
	}
	b := buf.Bytes()
	if resp.StatusCode < 200 || resp.StatusCode > 299 || !looksLikeJSONObject(b) {
		he := &HTTPError{StatusCode: resp.StatusCode, Path: ep.Path, Snippet: snippet(b, token, rawQuery)}
		// A 5xx came from a server that had the request: only reads are
		// re-sent, since a write may have been processed (503 included).
		return attemptResult{err: he, retryable: resp.StatusCode >= 500 && ep.Idempotent}
	}
	if code := gjson.GetBytes(b, "errcode").Int(); code != 0 {
		msg, _ := scrub(gjson.GetBytes(b, "errmsg").String(), token, rawQuery)
		ae := &APIError{Code: int(code), Message: msg, Path: ep.Path}
		return attemptResult{
			err:        ae,
			retryable:  code == -1,
			tokenRetry: ep.Auth != AuthNone && IsTokenRejectedCode(ae.Code),
		}
	}
	if err := decodeInto(b, out); err != nil {
		return attemptResult{err: fmt.Errorf("wecom: %s: decode response: %w", ep.Path, err)}
	}
	return attemptResult{}
}

func decodeInto(b []byte, out any) error {
	switch o := out.(type) {
	case nil:
		return nil
	case *gjson.Result:
		// The string conversion copies b, which goes back to the pool.
		*o = gjson.Parse(string(b))
		return nil
	}
	return json.Unmarshal(b, out)
}

func looksLikeJSONObject(b []byte) bool {
	for _, ch := range b {
		switch ch {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return true
		default:
			return false
		}
	}
	return false
}

// snippet returns the start of a body for an HTTPError, with the request's
// secrets taken out (a proxy's error page may quote the request URL).
func snippet(b []byte, token, rawQuery string) string {
	const max = 256
	// Scrub a wider window than is kept, so that a secret straddling the
	// cut is removed whole rather than left half in.
	s, _ := scrub(string(b[:min(len(b), 4*max)]), token, rawQuery)
	if len(s) > max {
		s = s[:max]
	}
	return strings.ToValidUTF8(s, "")
}

// GetRaw calls a GET endpoint the SDK does not wrap yet (EasyWeChat's
// httpGet) and returns the raw answer. The token is handled; errcode != 0
// is an *APIError. GETs are retried as idempotent.
func (c *Client) GetRaw(ctx context.Context, path string, query url.Values) (gjson.Result, error) {
	var res gjson.Result
	err := c.Call(ctx, Read(path), query, nil, &res)
	return res, err
}

// PostRaw calls a POST endpoint the SDK does not wrap yet (EasyWeChat's
// httpPostJson). body is encoded to JSON once (or sent as is when it is a
// []byte or json.RawMessage). The call is treated as mutating: it is never
// re-sent once it may have reached WeCom. Use Call with ReadPost for reads.
func (c *Client) PostRaw(ctx context.Context, path string, body any) (gjson.Result, error) {
	var res gjson.Result
	err := c.Call(ctx, Write(path), nil, body, &res)
	return res, err
}
