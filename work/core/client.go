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
	// Governor, when set, paces every attempt (rate budgets, concurrency
	// caps, fail-fast after 45009), retries 45033 and bounds retries with
	// its retry budget. Nil sends calls as fast as they come.
	Governor *Governor
	// Observer, when set, is told about every attempt (see Attempt).
	Observer Observer
	// Codec encodes bodies and decodes answers (default StdCodec).
	Codec Codec
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
	codec   Codec
	tokens  [4]TokenSource // indexed by AuthKind
	gov     *Governor
	obs     Observer
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
	codec := opts.Codec
	if codec == nil {
		codec = StdCodec{}
	}
	return &Client{
		codec:   codec,
		base:    strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/") + "/cgi-bin/",
		host:    host,
		hc:      &cp,
		log:     opts.Logger,
		retry:   opts.Retry.withDefaults(),
		maxBody: maxBody,
		gov:     opts.Governor,
		obs:     opts.Observer,
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
		if payload, err = encodeBody(c.codec, body); err != nil {
			return fmt.Errorf("wecom: %s: encode request: %w", ep.Path, err)
		}
	}
	var rawQuery string
	if len(query) > 0 {
		rawQuery = query.Encode()
	}
	return c.do(ctx, ep, rawQuery, payload, jsonContentType, out)
}

const jsonContentType = "application/json; charset=utf-8"

// Do is Call for a call that returns the whole answer: it decodes the answer
// into a new T and returns it. Service methods use Send, Get and Exec, which
// also validate the request and name the call in an *ArgError; Do is the
// lower-level form for code outside the service packages.
//
//	return core.Do[Contact](ctx, c, ep, query, nil)
func Do[T any](ctx context.Context, c *Client, ep Endpoint, query url.Values, body any) (*T, error) {
	var out T
	if err := c.Call(ctx, ep, query, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func encodeBody(codec Codec, body any) ([]byte, error) {
	switch b := body.(type) {
	case []byte:
		return b, nil
	case json.RawMessage:
		return b, nil
	}
	return codec.Marshal(body)
}

// attemptResult says what to do after one attempt.
type attemptResult struct {
	err        error
	retryable  bool // the error may go away on a later attempt
	tokenRetry bool // the token was rejected
	// maybeDone says that WeCom may have processed the request: for a
	// write, the final error is then marked ErrUnknownOutcome.
	maybeDone bool
	token     string
	sent      bool // the request was handed to the HTTP client
	status    int  // the HTTP status of the answer
	final     bool // never retried (the governor refused it, 45009)
}

func (c *Client) do(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, contentType string, out any) error {
	if ep.Path == "" || (ep.Method != http.MethodGet && ep.Method != http.MethodPost) || int(ep.Auth) >= len(c.tokens) {
		return &ArgError{Call: ep.Path, Field: "endpoint", Reason: "needs a path, GET or POST, and a known AuthKind"}
	}
	if ep.Class == 0 {
		// An Endpoint built by hand without a class is treated as a write:
		// the safe default.
		ep.Class = ClassWrite
	}
	return c.run(ctx, ep, rawQuery, payload, contentType, out)
}

// run makes the attempts of one call. Once an attempt after which WeCom
// may have processed a write has failed, the final error carries
// ErrUnknownOutcome, whatever later attempts (which a write only makes
// when they are provably safe) return.
func (c *Client) run(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, contentType string, out any) error {
	tokenRetried := false
	maybeDone := false
	mark := func(err error) error {
		if maybeDone && !ep.Idempotent() {
			return &unknownOutcome{err: err}
		}
		return err
	}
	var tries, busy, spent int // attempts counted by MaxAttempts, 45033 answers, retry budget taken
	for attempt := 1; ; attempt++ {
		info := Attempt{Endpoint: ep, Attempt: attempt}
		r := c.governedAttempt(ctx, ep, rawQuery, payload, contentType, out, &info)
		if r.err == nil {
			c.gov.succeeded(spent)
			c.observe(ctx, &info)
			return nil
		}
		maybeDone = maybeDone || r.maybeDone
		if ctx.Err() != nil || r.final {
			c.observe(ctx, &info)
			return mark(r.err)
		}
		if r.tokenRetry && !tokenRetried {
			if inv, ok := c.tokens[ep.Auth].(TokenInvalidator); ok {
				tokenRetried = true
				inv.InvalidateToken(ctx, r.token)
				info.Retry = true
				c.observe(ctx, &info)
				c.logRetry(ctx, ep, attempt, r.err, 0)
				continue // a token refresh uses up no attempt and no budget
			}
		}
		var d time.Duration
		switch {
		case c.gov != nil && errors.Is(r.err, ErrConcurrencyLimited) && busy+1 < c.gov.cfg.ConcurrencyRetry.MaxAttempts:
			// WeCom refused the call without processing it: any class is
			// re-sent, after a backoff of its own.
			busy++
			d = c.gov.concurrencyBackoff(busy)
		case r.retryable && tries+1 < c.retry.MaxAttempts:
			tries++
			d = c.retry.backoff(tries)
		default:
			c.observe(ctx, &info)
			return mark(r.err)
		}
		if !c.gov.spendRetry(r.err, &spent) {
			c.observe(ctx, &info)
			return mark(&budgetError{err: r.err})
		}
		info.Retry = true
		c.observe(ctx, &info)
		c.logRetry(ctx, ep, attempt, r.err, d)
		if err := c.sleep(ctx, d); err != nil {
			return mark(&TransportError{Path: ep.Path, Err: fmt.Errorf("waiting to retry after: %w", r.err), ctx: err})
		}
	}
}

func (c *Client) logRetry(ctx context.Context, ep Endpoint, attempt int, err error, d time.Duration) {
	if c.log != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "wecom: retrying", slog.String("path", ep.Path),
			slog.Int("attempt", attempt), slog.Duration("backoff", d), slog.String("error", err.Error()))
	}
}

func (c *Client) attempt(ctx context.Context, ep Endpoint, rawQuery string, payload []byte, contentType string, out any) attemptResult {
	var token string
	if ep.Auth != AuthNone {
		ts := c.tokens[ep.Auth]
		if ts == nil {
			return attemptResult{err: &ArgError{Call: ep.Path, Field: "token", Reason: "no " + ep.Auth.String() + " source configured"}}
		}
		var err error
		if token, err = ts.Token(ctx); err != nil {
			return attemptResult{err: &TokenError{Path: ep.Path, Kind: ep.Auth, Err: err}}
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
	if !ep.Idempotent() {
		rctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteHeaders: func() { wrote.Store(true) },
		})
	}
	req, err := http.NewRequestWithContext(rctx, ep.Method, u, bodyReader)
	if err != nil {
		return attemptResult{err: transportErr(ctx, ep.Path, err, token, rawQuery)}
	}
	if payload != nil {
		req.Header.Set("Content-Type", contentType)
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		// Only a write whose headers were never written is provably not
		// at WeCom.
		return attemptResult{
			err:       transportErr(ctx, ep.Path, err, token, rawQuery),
			retryable: ep.Idempotent() || !wrote.Load(),
			maybeDone: wrote.Load(),
			sent:      true,
		}
	}
	r := c.readResponse(ctx, ep, resp, token, rawQuery, out)
	r.sent, r.status = true, resp.StatusCode
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
	if cl := resp.ContentLength; cl > 0 && cl <= c.maxBody {
		// Room for the whole body and the read that sees EOF, so that
		// ReadFrom never grows the buffer by doubling.
		buf.Grow(int(cl) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		// The request reached WeCom; the answer broke off.
		return attemptResult{err: transportErr(ctx, ep.Path, fmt.Errorf("reading response: %w", err), token, rawQuery), retryable: ep.Idempotent(), maybeDone: true}
	}
	if n > c.maxBody {
		return attemptResult{err: fmt.Errorf("wecom: %s: %w (limit %d bytes)", ep.Path, ErrResponseTooLarge, c.maxBody)}
	}
	b := buf.Bytes()
	if resp.StatusCode < 200 || resp.StatusCode > 299 || !looksLikeJSONObject(b) {
		he := &HTTPError{StatusCode: resp.StatusCode, Path: ep.Path, Snippet: snippet(b, token, rawQuery)}
		// A 5xx came from a server that had the request: only reads are
		// re-sent, since a write may have been processed (503 included).
		// So may a 2xx answer that is not WeCom's JSON (a proxy's page).
		return attemptResult{err: he, retryable: resp.StatusCode >= 500 && ep.Idempotent(),
			maybeDone: resp.StatusCode >= 500 || resp.StatusCode < 300}
	}
	if code := gjson.GetBytes(b, "errcode").Int(); code != 0 {
		msg, _ := scrub(gjson.GetBytes(b, "errmsg").String(), token, rawQuery)
		ae := &APIError{Code: int(code), Message: msg, Path: ep.Path}
		// errcode -1 (系统繁忙) is documented as "retry later": a write is
		// re-sent, but a SendOnce is not, since nothing proves that no
		// message went out.
		return attemptResult{
			err:        ae,
			retryable:  code == -1 && ep.Class != ClassSendOnce,
			maybeDone:  code == -1 && ep.Class == ClassSendOnce,
			tokenRetry: ep.Auth != AuthNone && IsTokenRejectedCode(ae.Code),
		}
	}
	if err := decodeInto(c.codec, b, out); err != nil {
		return attemptResult{err: fmt.Errorf("wecom: %s: decode response: %w", ep.Path, err)}
	}
	return attemptResult{}
}

// Preparer is implemented by answer types that can get ready for their
// raw answer before it is decoded: a page type that sizes its slice from
// the number of items, so that decoding appends without growing it. raw is
// only valid during the call.
type Preparer interface {
	PrepareDecode(raw []byte)
}

func decodeInto(codec Codec, b []byte, out any) error {
	if p, ok := out.(Preparer); ok {
		p.PrepareDecode(b)
	}
	switch o := out.(type) {
	case nil:
		return nil
	case *gjson.Result:
		// The string conversion copies b, which goes back to the pool.
		*o = gjson.Parse(string(b))
		return nil
	}
	return codec.Unmarshal(b, out)
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
// httpGet) and returns the raw answer. path is relative to /cgi-bin/ (a
// leading "cgi-bin/" is accepted and dropped, as EasyWeChat writes paths);
// put parameters in query, never in path. The token is handled; errcode != 0
// is an *APIError. GETs are retried as idempotent.
func (c *Client) GetRaw(ctx context.Context, path string, query url.Values) (gjson.Result, error) {
	return c.raw(ctx, Read, path, query, nil)
}

// PostRaw calls a POST endpoint the SDK does not wrap yet (EasyWeChat's
// httpPostJson). body is encoded to JSON once (or sent as is when it is a
// []byte or json.RawMessage). The call is treated as a write: it is never
// re-sent once it may have reached WeCom. Use PostRawRead for a POST that
// only reads.
func (c *Client) PostRaw(ctx context.Context, path string, body any) (gjson.Result, error) {
	return c.raw(ctx, Write, path, nil, body)
}

// PostRawRead is PostRaw for a POST that only reads (such as
// externalcontact/batch/get_by_user): it is retried like a GET.
func (c *Client) PostRawRead(ctx context.Context, path string, body any) (gjson.Result, error) {
	return c.raw(ctx, ReadPost, path, nil, body)
}

func (c *Client) raw(ctx context.Context, class func(string) Endpoint, path string, query url.Values, body any) (gjson.Result, error) {
	var res gjson.Result
	p, err := RawPath(path)
	if err != nil {
		return res, err
	}
	err = c.Call(ctx, class(p), query, body, &res)
	return res, err
}

// RawPath checks a path given to the raw calls and returns it relative to
// /cgi-bin/. It refuses a path with a query ("?"), a fragment ("#"), a
// ".." segment, a leading "/", white space or control characters, so that
// a parameter written into the path cannot end up glued to the token.
func RawPath(path string) (string, error) {
	bad := func(reason string) error {
		return &ArgError{Call: "raw", Field: "path", Reason: reason + ", got " + strconv.Quote(path)}
	}
	p := strings.TrimPrefix(path, "cgi-bin/")
	switch {
	case p == "":
		return "", bad("is empty")
	case strings.HasPrefix(p, "/"):
		return "", bad(`must be relative to /cgi-bin/ (no leading "/")`)
	case strings.ContainsAny(p, "?#"):
		return "", bad("must not carry a query or fragment: pass parameters as query or body")
	case strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "", bad("must not contain white space or control characters")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return "", bad("must not contain empty, \".\" or \"..\" segments")
		}
	}
	return p, nil
}
