package callback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// errHandlerPanic stands for a recovered panic in a user handler.
var errHandlerPanic = errors.New("callback: handler panicked")

// forgetTimeout bounds DedupeStore.Forget after a failed delivery, which
// runs on a context detached from the request.
const forgetTimeout = 5 * time.Second

// Handler is an http.Handler serving a WeCom callback URL: it answers URL
// verification (GET) and turns event deliveries (POST) into typed events for
// the registered handler functions.
//
// Register handler functions before serving; registration is nevertheless
// guarded by a lock, so registering or replacing one while serving is safe.
// A Handler is safe for concurrent use.
type Handler struct {
	s *settings

	mu       sync.RWMutex
	typed    map[kind]func(context.Context, Event) error
	catchAll func(context.Context, *RawEvent) error

	flightMu sync.Mutex
	inflight map[string]*flight // deliveries being handled, by dedupe key

	// testHookWait, when set by a test, runs when a duplicate delivery
	// starts waiting for the copy in flight.
	testHookWait func()
	// testHookBusy, when set by a test, runs each time a shared store
	// reports the delivery claimed by another instance.
	testHookBusy func()
}

// flight is one delivery being handled; duplicates arriving meanwhile wait
// for its outcome.
type flight struct {
	done   chan struct{}
	status int // set before done is closed
}

// New validates cfg and returns a Handler. Bad configuration (an empty
// Token, an EncodingAESKey that is not 43 characters of base64 for a 32-byte
// key, no receiver id, a negative MaxBodyBytes) fails here with
// ErrInvalidConfig, not at the first request.
func New(cfg Config) (*Handler, error) {
	s, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	return &Handler{
		s:        s,
		typed:    make(map[kind]func(context.Context, Event) error),
		inflight: make(map[string]*flight),
	}, nil
}

// Crypto returns the Handler's Crypto, e.g. to encrypt a passive reply.
func (h *Handler) Crypto() *Crypto { return h.s.crypto }

// String implements fmt.Stringer without revealing the Token or the key.
func (h *Handler) String() string { return "callback.Handler{" + h.s.crypto.String() + "}" }

// GoString implements fmt.GoStringer without revealing the Token or the key.
func (h *Handler) GoString() string { return h.String() }

// ServeHTTP answers GET URL verification with the decrypted echo, and POST
// deliveries with 200 "success" once the event has been handled (or was
// handled before). Rejected requests get 400, 403, 405 or 413 and a generic
// body; a failing or panicking handler gets 500 so that WeCom retries.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.serveVerify(w, r)
	case http.MethodPost:
		h.serveEvent(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeStatus(w, http.StatusMethodNotAllowed)
	}
}

// serveVerify answers 验证URL有效性.
func (h *Handler) serveVerify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sig, ts, nonce, err := signedQuery(q, "echostr")
	if err != nil {
		h.reject(w, r, err)
		return
	}
	echostr := restorePlus(q.Get("echostr"))
	if echostr == "" {
		h.reject(w, r, fmt.Errorf("%w: missing echostr", ErrMalformedCiphertext))
		return
	}
	if err := h.s.crypto.verify(sig, ts, nonce, echostr); err != nil {
		h.reject(w, r, err)
		return
	}
	if err := h.checkFresh(ts); err != nil {
		h.reject(w, r, err)
		return
	}
	echo, err := h.s.crypto.open(echostr)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(echo) //nolint:errcheck // nothing to do if the client is gone
}

// serveEvent handles one delivery: size cap, envelope, signature,
// freshness, decryption, receiver id, parsing, dedupe, dispatch.
func (h *Handler) serveEvent(w http.ResponseWriter, r *http.Request) {
	sig, ts, nonce, err := signedQuery(r.URL.Query())
	if err != nil {
		h.reject(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.s.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = fmt.Errorf("%w: limit %d bytes", ErrBodyTooLarge, h.s.maxBody)
		} else {
			err = fmt.Errorf("%w: reading body: %v", ErrMalformedEnvelope, err)
		}
		h.reject(w, r, err)
		return
	}
	env, err := parseEnvelope(body)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	if err := h.s.crypto.verify(sig, ts, nonce, env.Encrypt); err != nil {
		h.reject(w, r, err)
		return
	}
	if err := h.checkFresh(ts); err != nil {
		h.reject(w, r, err)
		return
	}
	plain, receiverID, err := h.s.crypto.openFor(env.Encrypt)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	raw, err := ParseEvent(plain)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	// A suite's own instruction callbacks (suite_ticket, create_auth …) are
	// encrypted for the suite they name: one sealed for another receiver
	// id (another suite, or a corp) is refused.
	if isSuiteInstruction(raw.Type()) && raw.SuiteID != receiverID {
		h.reject(w, r, fmt.Errorf("%w: SuiteId is not the receiver id the message was encrypted for", ErrInvalidReceiverID))
		return
	}
	// sig is now known to be the 40-hex-digit signature over ts and nonce.
	status := h.deliverOnce(r.Context(), sig+":"+ts+":"+nonce, raw)
	if status != http.StatusOK {
		writeStatus(w, status)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "success") //nolint:errcheck // nothing to do if the client is gone
}

// signedQuery returns the msg_signature, timestamp and nonce of a request.
// Each of them, and each of the extra names, may appear at most once, and
// the nonce must be there: WeCom always sends one, and a second value
// would be one the signature check never looked at.
func signedQuery(q url.Values, extra ...string) (sig, ts, nonce string, err error) {
	for _, name := range append([]string{"msg_signature", "timestamp", "nonce"}, extra...) {
		if len(q[name]) > 1 {
			return "", "", "", fmt.Errorf("%w: %s given %d times", ErrMalformedQuery, name, len(q[name]))
		}
	}
	if q.Get("nonce") == "" {
		return "", "", "", fmt.Errorf("%w: missing nonce", ErrMalformedQuery)
	}
	return q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), nil
}

// checkFresh rejects a timestamp further than maxSkew from now.
func (h *Handler) checkFresh(ts string) error {
	if h.s.maxSkew < 0 {
		return nil
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp is not a decimal integer", ErrStale)
	}
	// Sub saturates instead of overflowing, and both bounds are checked, so
	// absurd timestamps cannot wrap around into the window.
	d := h.s.now().Sub(time.Unix(sec, 0))
	if d > h.s.maxSkew || d < -h.s.maxSkew {
		return fmt.Errorf("%w: timestamp outside the %s window", ErrStale, h.s.maxSkew)
	}
	return nil
}

// deliverOnce hands raw to the user unless the delivery key was handled
// before, and returns the HTTP status to answer. A duplicate that arrives
// while the first copy is still being handled by this instance waits for
// that outcome, so it cannot be acknowledged before the event is handled.
func (h *Handler) deliverOnce(ctx context.Context, key string, raw *RawEvent) int {
	if h.s.dedupe == nil {
		return statusOf(h.dispatch(ctx, raw))
	}
	h.flightMu.Lock()
	if f, ok := h.inflight[key]; ok {
		h.flightMu.Unlock()
		if h.testHookWait != nil {
			h.testHookWait()
		}
		select {
		case <-f.done:
			return f.status
		case <-ctx.Done():
			return http.StatusServiceUnavailable
		}
	}
	f := &flight{done: make(chan struct{}), status: http.StatusInternalServerError}
	h.inflight[key] = f
	h.flightMu.Unlock()
	defer func() {
		h.flightMu.Lock()
		delete(h.inflight, key)
		h.flightMu.Unlock()
		close(f.done)
	}()

	if dc, ok := h.s.dedupe.(DeliveryClaimer); ok {
		f.status = h.deliverClaimed(ctx, dc, key, raw)
		return f.status
	}
	seen, err := h.s.dedupe.SeenBefore(ctx, key, h.s.dedupeTTL)
	switch {
	case err != nil:
		// Fail open: handling an event twice beats losing it.
		h.log(ctx, slog.LevelWarn, "callback: dedupe store failed; handling delivery anyway",
			slog.String("error", err.Error()))
	case seen:
		f.status = http.StatusOK
		return f.status
	}
	derr := h.dispatch(ctx, raw)
	if derr != nil && err == nil {
		// Forget even when the request is gone, or the retry is lost; but
		// not forever, or a hung store would hold this goroutine.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), forgetTimeout)
		ferr := h.s.dedupe.Forget(fctx, key)
		cancel()
		if ferr != nil {
			h.log(ctx, slog.LevelWarn, "callback: dedupe store failed to forget a failed delivery",
				slog.String("error", ferr.Error()))
		}
	}
	f.status = statusOf(derr)
	return f.status
}

func statusOf(err error) int {
	if err != nil {
		return http.StatusInternalServerError
	}
	return http.StatusOK
}

// dispatch calls the typed handler registered for raw's kind, or else the
// catch-all, recovering a panic as an error.
func (h *Handler) dispatch(ctx context.Context, raw *RawEvent) (err error) {
	h.mu.RLock()
	var fn func(context.Context, Event) error
	if raw.Typed != nil {
		fn = h.typed[kind{raw.Type(), raw.ChangeType}]
	}
	all := h.catchAll
	h.mu.RUnlock()

	attrs := []slog.Attr{
		slog.String("event", raw.Type().String()),
		slog.String("change_type", raw.ChangeType.String()),
	}
	defer func() {
		if p := recover(); p != nil {
			// The panic value may hold customer data: log its type only,
			// with the call stack (function names and lines, no arguments).
			h.log(ctx, slog.LevelError, "callback: handler panicked; answering 500 so WeCom retries",
				append(attrs, slog.String("panic_type", fmt.Sprintf("%T", p)),
					slog.String("stack", callers()))...)
			err = errHandlerPanic
		}
	}()
	switch {
	case fn != nil:
		err = fn(ctx, raw.Typed)
	case all != nil:
		err = all(ctx, raw)
	}
	if err != nil {
		h.log(ctx, slog.LevelError, "callback: handler failed; answering 500 so WeCom retries",
			append(attrs, slog.String("error", err.Error()))...)
	}
	return err
}

// callers renders the stack of a recovered panic without argument values.
func callers() string {
	var pcs [32]uintptr
	n := runtime.Callers(4, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	for {
		fr, more := frames.Next()
		fmt.Fprintf(&b, "%s (%s:%d)\n", fr.Function, fr.File, fr.Line)
		if !more {
			break
		}
	}
	return b.String()
}

// reject answers a refused request and logs why (never with secrets or
// decrypted content: errors of this package hold neither).
func (h *Handler) reject(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrInvalidSignature), errors.Is(err, ErrInvalidReceiverID), errors.Is(err, ErrStale):
		status = http.StatusForbidden
	}
	h.log(r.Context(), slog.LevelWarn, "callback: rejected request",
		slog.String("method", r.Method),
		slog.String("remote_addr", r.RemoteAddr),
		slog.Int("status", status),
		slog.String("error", err.Error()))
	writeStatus(w, status)
}

func writeStatus(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

func (h *Handler) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if h.s.logger == nil {
		return
	}
	h.s.logger.LogAttrs(ctx, level, msg, attrs...)
}
