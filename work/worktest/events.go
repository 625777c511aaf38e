package worktest

// Callback events: the callback target and its deliveries, URL
// verification and WelcomeCodes. The simulated customer actions that
// deliver events are in events_contact.go; doc.go describes the whole.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work/callback"
)

// Defaults of CallbackConfig.
const (
	// DefaultCallbackRetries is how many times a failed delivery is retried
	// (WeCom: three).
	DefaultCallbackRetries = 3
	// DefaultCallbackRetryDelay is the pause before each retry.
	DefaultCallbackRetryDelay = 100 * time.Millisecond
	// DefaultCallbackTimeout is how long one attempt waits for an answer
	// (WeCom: about five seconds).
	DefaultCallbackTimeout = 5 * time.Second
)

// WelcomeCodeTTL is how long a WelcomeCode can be used, on the simulator
// clock (WeCom: 20 seconds).
const WelcomeCodeTTL = 20 * time.Second

// ErrNoCallback is returned by DeliverEvent and VerifyCallbackURL when no
// callback is configured (SetCallback, WithCallback).
var ErrNoCallback = errors.New("worktest: no callback configured")

// CallbackConfig points the simulator at a callback URL (接收事件服务器).
// URL, Token and EncodingAESKey are required; the other fields have
// defaults. It prints without the Token and the key.
type CallbackConfig struct {
	// URL is the callback URL; a query it already has is kept.
	URL string
	// Token and EncodingAESKey (43 characters) are the app's callback
	// settings, the same the receiver is configured with.
	Token          string
	EncodingAESKey string

	// Client sends the deliveries. Nil means a client whose requests time
	// out after DefaultCallbackTimeout.
	Client *http.Client
	// Retries is how many more attempts a failed delivery gets. Zero means
	// DefaultCallbackRetries; a negative value means none.
	Retries int
	// RetryDelay is the pause before each retry. Zero means
	// DefaultCallbackRetryDelay.
	RetryDelay time.Duration
	// Now stamps the timestamp query parameter of deliveries and URL
	// verifications, which the receiver checks for freshness. Nil means
	// time.Now, which a receiver with a real clock accepts; set it to the
	// simulator's Clock().Now to test with simulated time, and give the
	// receiver the same clock (callback.Config.Now), or it rejects
	// deliveries as stale.
	Now func() time.Time
}

// String implements fmt.Stringer without revealing the Token or the key.
func (c CallbackConfig) String() string {
	return fmt.Sprintf("worktest.CallbackConfig{URL:%s, Token:%s, EncodingAESKey:%s, Retries:%d, RetryDelay:%s}",
		c.URL, redacted(c.Token), redacted(c.EncodingAESKey), c.Retries, c.RetryDelay)
}

// GoString implements fmt.GoStringer without revealing the Token or the key.
func (c CallbackConfig) GoString() string { return c.String() }

func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "REDACTED"
}

// WithCallback points the simulator at a callback URL with the app's Token
// and EncodingAESKey and the default retry settings (use SetCallback for the
// others). New fails when they are invalid.
func WithCallback(url, token, encodingAESKey string) Option {
	return func(c *config) {
		c.callback = &CallbackConfig{URL: url, Token: token, EncodingAESKey: encodingAESKey}
	}
}

// SetCallback points the simulator at a callback, replacing the previous
// one; an empty URL removes it. The Token and EncodingAESKey are checked
// with callback.NewCrypto, with the simulator's CorpID as the receiver id
// (the error wraps callback.ErrInvalidConfig), and the URL must be an
// absolute http or https URL.
//
// From then on AddContact, DeleteContact and RemoveContact deliver their
// events to it and DeliverEvent and VerifyCallbackURL work. A delivery
// succeeds when the callback answers 2xx with "success" or an empty body;
// otherwise it is retried (Retries, RetryDelay) with the identical request,
// as WeCom retries, and fails with a *DeliveryError.
//
// Deliveries are stamped with the real time unless cfg.Now says otherwise,
// so that a receiver checking freshness against its own clock (a
// callback.Handler does, within five minutes) accepts them while the
// simulator clock is frozen. The events' CreateTime is always the simulator
// clock.
func (s *Server) SetCallback(cfg CallbackConfig) error {
	if cfg.URL == "" {
		s.ev.mu.Lock()
		s.ev.target = nil
		s.ev.mu.Unlock()
		return nil
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("worktest: callback URL %q is not an absolute http(s) URL", cfg.URL)
	}
	cr, err := callback.NewCrypto(cfg.Token, cfg.EncodingAESKey, s.CorpID)
	if err != nil {
		return fmt.Errorf("worktest: callback: %w", err)
	}
	t := &callbackTarget{cfg: cfg, crypto: cr, client: cfg.Client, now: cfg.Now, retries: cfg.Retries, delay: cfg.RetryDelay}
	if t.client == nil {
		t.client = &http.Client{Timeout: DefaultCallbackTimeout}
	}
	if t.now == nil {
		t.now = time.Now
	}
	switch {
	case t.retries == 0:
		t.retries = DefaultCallbackRetries
	case t.retries < 0:
		t.retries = 0
	}
	if t.delay <= 0 {
		t.delay = DefaultCallbackRetryDelay
	}
	s.ev.mu.Lock()
	s.ev.target = t
	s.ev.mu.Unlock()
	return nil
}

// eventHub is the simulator's event side: the callback target, the seeded
// source of nonces, echoes, welcome codes and new customers, and the codes
// issued. Lock order: the store's mu first, then mu; deliveries happen
// with neither held.
type eventHub struct {
	mu     sync.Mutex
	target *callbackTarget
	r      *rng
	codes  *expiring[welcomeCode] // WelcomeCodes issued, until they expire
}

// welcomeCode is what the simulator remembers of a WelcomeCode: the
// relation whose add event carried it, and whether send_welcome_msg used
// it (it is usable once).
type welcomeCode struct {
	userID, externalUserID string
	used                   bool
}

// eventStream is the rng stream of the event side ("events").
const eventStream = 0x6576656e7473

func newEventHub(seed int64) *eventHub {
	return &eventHub{r: newRNG(seed, eventStream), codes: newExpiring[welcomeCode](0, maxWelcomeCodes)}
}

// callbackTarget is a validated CallbackConfig with defaults applied.
type callbackTarget struct {
	cfg     CallbackConfig
	crypto  *callback.Crypto
	client  *http.Client
	now     func() time.Time
	retries int
	delay   time.Duration
}

// target returns the callback target (nil when none) and a fresh nonce.
func (s *Server) target() (*callbackTarget, string) {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	return s.ev.target, strconv.FormatUint(s.ev.r.next()%1e10, 10)
}

// DeliveryError reports a delivery or URL verification the callback did
// not accept.
type DeliveryError struct {
	// Op is "delivery" or "URL verification".
	Op string
	// URL is the callback URL without its query.
	URL string
	// Attempts is how many requests were sent.
	Attempts int
	// StatusCode is the HTTP status of the last answer; 0 when the last
	// attempt got none.
	StatusCode int
	// Body is the start (at most 256 bytes) of the last answer's body.
	Body string
	// Err is why the last attempt got no answer (a transport error, a
	// timeout, the context), or nil.
	Err error
}

// Error implements error.
func (e *DeliveryError) Error() string {
	var last string
	if e.Err != nil {
		last = e.Err.Error()
	} else {
		last = fmt.Sprintf("HTTP %d %q", e.StatusCode, e.Body)
	}
	return fmt.Sprintf("worktest: callback %s to %s failed after %d attempt(s): %s", e.Op, e.URL, e.Attempts, last)
}

// Unwrap returns Err.
func (e *DeliveryError) Unwrap() error { return e.Err }

// maxAnswer caps how much of an answer is read.
const maxAnswer = 64 << 10

// DeliverEvent encrypts a plaintext event (the <xml>…</xml> WeCom would
// send, e.g. a change_external_chat update) and delivers it to the callback,
// retrying like WeCom. It changes no state. It returns ErrNoCallback without
// a callback, a *DeliveryError when the callback did not accept it.
func (s *Server) DeliverEvent(ctx context.Context, xml string) error {
	name, change := eventNames([]byte(xml))
	return s.send(ctx, []byte(xml), name, change, eventTime([]byte(xml), s.clock.Now()))
}

// deliver sends msg, retrying the identical request after a failure.
func (t *callbackTarget) deliver(ctx context.Context, msg []byte, nonce string) error {
	req, err := t.crypto.NewDeliveryRequest(ctx, &callback.Delivery{
		URL: t.cfg.URL, Message: msg, Nonce: nonce,
		Timestamp: strconv.FormatInt(t.now().Unix(), 10),
	})
	if err != nil {
		return fmt.Errorf("worktest: building the callback delivery: %w", err)
	}
	de := &DeliveryError{Op: "delivery", URL: stripQuery(t.cfg.URL)}
	for {
		de.Attempts++
		r := req.Clone(ctx)
		if r.Body, err = req.GetBody(); err != nil {
			return fmt.Errorf("worktest: callback delivery body: %w", err)
		}
		var body []byte
		de.StatusCode, body, de.Err = t.send(r)
		de.Body = snippet(bytes.TrimSpace(body))
		if de.Err == nil && de.StatusCode/100 == 2 && (de.Body == "" || de.Body == "success") {
			return nil
		}
		if de.Attempts > t.retries {
			return de
		}
		timer := time.NewTimer(t.delay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			de.StatusCode, de.Body, de.Err = 0, "", ctx.Err()
			return de
		}
	}
}

// send makes one request and returns the status and the body (at most
// maxAnswer bytes).
func (t *callbackTarget) send(r *http.Request) (int, []byte, error) {
	resp, err := t.client.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("reading the answer: %w", err)
	}
	return resp.StatusCode, b, nil
}

// snippet is the start of an answer kept in a DeliveryError.
func snippet(b []byte) string { return string(b[:min(len(b), 256)]) }

func stripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// VerifyCallbackURL performs WeCom's URL verification (验证URL有效性), as
// when an admin saves the callback URL: a GET with msg_signature,
// timestamp, nonce and an encrypted echostr. The callback must answer 200
// with exactly the decrypted echo (no quotes, BOM or newline); otherwise
// the error is a *DeliveryError. There is no retry. Without a callback it
// returns ErrNoCallback.
func (s *Server) VerifyCallbackURL(ctx context.Context) error {
	s.ev.mu.Lock()
	t := s.ev.target
	if t == nil {
		s.ev.mu.Unlock()
		return ErrNoCallback
	}
	r := s.ev.r
	nonce, echo := strconv.FormatUint(r.next()%1e10, 10), strconv.FormatUint(r.next()>>1, 10)
	s.ev.mu.Unlock()
	// The echostr is the echo encrypted exactly like a message, and signed
	// over the same four strings.
	env, err := t.crypto.Encrypt([]byte(echo), strconv.FormatInt(t.now().Unix(), 10), nonce)
	if err != nil {
		return fmt.Errorf("worktest: building the URL verification: %w", err)
	}
	u, err := url.Parse(t.cfg.URL)
	if err != nil { // checked by SetCallback
		return fmt.Errorf("worktest: callback URL: %w", err)
	}
	q := u.Query()
	q.Set("msg_signature", env.MsgSignature)
	q.Set("timestamp", env.TimeStamp)
	q.Set("nonce", env.Nonce)
	q.Set("echostr", env.Encrypt)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("worktest: building the URL verification: %w", err)
	}
	de := &DeliveryError{Op: "URL verification", URL: stripQuery(t.cfg.URL), Attempts: 1}
	status, b, err := t.send(req)
	if err != nil {
		de.Err = err
		return de
	}
	if status == http.StatusOK && string(b) == echo {
		return nil
	}
	de.StatusCode, de.Body = status, snippet(b)
	return de
}

// maxWelcomeCodes bounds the WelcomeCodes remembered: on a frozen clock
// none expires, so beyond it the oldest are forgotten.
const maxWelcomeCodes = 10000

// issueWelcomeCodeLocked draws a new WelcomeCode for the relation of
// userID and externalUserID, valid for WelcomeCodeTTL after now; s.ev.mu
// must be held.
func (s *Server) issueWelcomeCodeLocked(now time.Time, userID, externalUserID string) string {
	code := s.ev.r.alnum(43)
	for s.ev.codes.has(code) {
		code = s.ev.r.alnum(43)
	}
	s.ev.codes.add(code, welcomeCode{userID: userID, externalUserID: externalUserID}, now.Add(WelcomeCodeTTL), now)
	return code
}

// WelcomeCodeValid reports whether code is a WelcomeCode the simulator
// issued (AddContact) less than WelcomeCodeTTL ago on the simulator clock
// (and among the last 10,000 issued).
func (s *Server) WelcomeCodeValid(code string) bool {
	now := s.clock.Now()
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	_, exp, ok := s.ev.codes.get(code)
	return ok && now.Before(exp)
}
