package worktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// route is one simulated endpoint. Each API group declares its routes in
// its own file and registers them with addGroup (group.go).
type route struct {
	// method is http.MethodGet or http.MethodPost; another method answers
	// 43001 (require GET) or 43002 (require POST).
	method string
	// path is relative to /cgi-bin/, e.g. "externalcontact/get".
	path string
	// write marks an endpoint that changes state: its handler runs under
	// the store's write lock; others run under the read lock.
	write bool
	// noAuth skips the token check (gettoken).
	noAuth bool
	// multipart marks an upload (media/upload …): the POST body is a
	// multipart/form-data body of up to maxUploadBody bytes, passed to the
	// handler as it is (call.body, call.contentType; call.formFile reads
	// the file) instead of being checked as JSON.
	multipart bool
	// tokenParam, when set, names the query parameter carrying the token
	// instead of access_token ("provider_access_token",
	// "suite_access_token"); s.checkServiceToken checks it, and an
	// access_token is not accepted in its place.
	tokenParam string
	// handle answers the call: a response value (a struct or pointer to
	// one, encoded as JSON and merged after errcode 0 / errmsg "ok"; nil for
	// no fields) or an *apiError. It runs with the store locked and its
	// result is encoded before the lock is released, so it may return
	// pointers into the store.
	handle func(c *call) (any, error)
}

// call is one request as a handler sees it: parsed, authenticated, with
// the state at hand.
type call struct {
	st    *store     // the state, locked for this call
	path  string     // relative to /cgi-bin/
	query url.Values // the query string
	body  []byte     // a JSON object (POST; "{}" when the body was empty), or a multipart route's body
	now   time.Time  // the simulator clock when the call arrived
	// contentType is a multipart route's Content-Type header.
	contentType string
	// caller is the app making the call: "" for the corp's app (whose
	// secret the simulator holds), the token parameter's name for a
	// service provider's or a suite's call.
	caller string
	// write: the route holds the write lock (route.write).
	write bool
	// events are the callback events a read handler emitted (c.emit),
	// delivered after the lock is released, before the answer; a write
	// handler's go to the store's outbox, in order with st.emit's.
	events []event
}

// app returns the app making the call, for the resources only their
// creator may change (resource.app).
func (c *call) app() string { return c.caller }

// bind decodes the JSON body into v; a value of the wrong type answers
// 47001 like WeCom.
func (c *call) bind(v any) error {
	if err := json.Unmarshal(c.body, v); err != nil {
		return errDetail(codeDataFormat, "%s", jsonProblem(err))
	}
	return nil
}

func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + te.Field + " must be " + te.Type.String()
	}
	return "invalid JSON"
}

// buildRoutes collects every registered group's routes.
func (s *Server) buildRoutes() (map[string]route, error) {
	m := map[string]route{}
	for _, g := range groups {
		if g.routes == nil {
			continue
		}
		for _, r := range g.routes(s) {
			if _, dup := m[r.path]; dup || r.handle == nil || (r.method != http.MethodGet && r.method != http.MethodPost) {
				return nil, fmt.Errorf("worktest: group %s: bad or duplicate route %s %s", g.name, r.method, r.path)
			}
			m[r.path] = r
		}
	}
	return m, nil
}

// maxRequestBody caps a request body; maxUploadBody a multipart route's
// (WeCom's largest upload, a 20 MB file, and the form around it).
const (
	maxRequestBody = 4 << 20
	maxUploadBody  = 21 << 20
)

// ServeHTTP answers one request: it counts and logs it, applies the
// injected faults, checks the path, the method, the access_token and the
// JSON body, runs the endpoint's handler and writes WeCom's JSON answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		http.Error(w, "worktest: server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.leave()
	now := s.clock.Now()
	path, ok := strings.CutPrefix(r.URL.Path, "/cgi-bin/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	rt, known := s.routes[path]
	key := path
	if !known {
		key = unknownPath
	}
	s.log.count(key)
	bodyCap := int64(maxRequestBody)
	if rt.multipart {
		bodyCap = maxUploadBody
	}
	body, readErr := io.ReadAll(io.LimitReader(r.Body, bodyCap+1))
	q := r.URL.Query()
	entry := Request{Time: now, Method: r.Method, Path: path, Query: q, Token: q.Get("access_token")}
	entry.Body = append([]byte(nil), body[:min(len(body), maxLoggedBody)]...)
	a := &answer{s: s, w: w, r: r, entry: &entry, now: now}
	defer a.finish()

	v := s.faults.arrive(key, now)
	defer s.faults.depart(key)
	entry.Fault = v.fault
	if v.latency > 0 {
		if cut := s.sleep(r.Context(), v.latency); cut != "" {
			entry.Fault = cut
			a.drop() // no answer: the client left, or the server is closing
			return
		}
	}
	switch v.fault {
	case "drop_connection":
		a.drop()
		return
	case "http_status":
		a.html(v.status)
		return
	case "fail_next", "rate_limit", "concurrency_limit":
		a.fail(errCode(v.errcode))
		return
	}
	if readErr != nil {
		entry.Fault = "canceled" // the client went away mid-body
		a.drop()
		return
	}
	if !known {
		// Like WeCom, the token is checked first; then a path WeCom serves
		// no API at answers as one the app may not call (see notFound).
		if code := s.tokens.check(entry.Token, now); code != 0 {
			a.fail(errCode(code))
			return
		}
		a.notFound(path)
		return
	}
	if r.Method != rt.method {
		if rt.method == http.MethodGet {
			a.fail(errCode(codeRequireGET))
		} else {
			a.fail(errCode(codeRequirePOST))
		}
		return
	}
	switch {
	case rt.noAuth:
	case rt.tokenParam != "":
		if e := s.checkServiceToken(rt.tokenParam, q.Get(rt.tokenParam)); e != nil {
			a.fail(e)
			return
		}
	default:
		if code := s.tokens.check(entry.Token, now); code != 0 {
			a.fail(errCode(code))
			return
		}
	}
	c := &call{st: s.st, path: path, query: q, now: now, caller: rt.tokenParam, write: rt.write}
	if rt.method == http.MethodPost && rt.multipart {
		if int64(len(body)) > bodyCap {
			a.fail(errDetail(codeDataFormat, "body larger than %d bytes", bodyCap))
			return
		}
		c.body, c.contentType = body, r.Header.Get("Content-Type")
	} else if rt.method == http.MethodPost {
		b := bytes.TrimSpace(body)
		switch {
		case len(body) > maxRequestBody:
			a.fail(errDetail(codeDataFormat, "body larger than %d bytes", maxRequestBody))
			return
		case len(b) == 0:
			b = []byte("{}")
		case b[0] != '{' || !json.Valid(b):
			a.fail(errCode(codeDataFormat))
			return
		}
		c.body = b
	}
	if lose, status := s.faults.takeLoss(key); lose {
		a.lost, a.lostStatus = true, status
		entry.Fault = "lose_answer"
	}
	a.run(rt, c)
}

// sleep waits d. It returns "" when the full d passed, "canceled" when
// the client went away and "closed" when the server is closing.
func (s *Server) sleep(ctx context.Context, d time.Duration) string {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return ""
	case <-ctx.Done():
		return "canceled"
	case <-s.done:
		return "closed"
	}
}

// drop closes the client's connection without an answer.
func (a *answer) drop() {
	a.record()
	if hj, ok := a.w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close() // the point is to break the connection; its error is moot
			return
		}
	}
	// HTTP/2 or a wrapped writer: net/http aborts the stream without an
	// answer and logs nothing for this sentinel.
	panic(http.ErrAbortHandler)
}

// answer writes one response and logs it. The entry goes into the log
// before the answer is written, so a client that has its answer finds its
// request in the log.
type answer struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	entry  *Request
	now    time.Time
	logged bool
	// lost: the handler runs, then the answer is lost (Faults.LoseAnswer):
	// the connection drops (lostStatus 0) or an HTTP error replaces it.
	lost       bool
	lostStatus int
}

// record adds the entry to the log, once.
func (a *answer) record() {
	if !a.logged {
		a.logged = true
		a.s.log.add(*a.entry)
	}
}

// run calls the handler under the store lock and writes its result.
func (a *answer) run(rt route, c *call) {
	evs := c.st.settle(c.now) // time-based changes due by now (transfers), before the handler's lock
	var (
		b   []byte
		err error
	)
	func() {
		if rt.write {
			c.st.mu.Lock()
			defer c.st.mu.Unlock()
			defer func() { evs = append(evs, c.st.takeOutbox()...) }()
		} else {
			c.st.mu.RLock()
			defer c.st.mu.RUnlock()
		}
		var res any
		if res, err = rt.handle(c); err == nil {
			b, err = encodeOK(res)
		}
	}()
	// The events go out with no lock held, before the answer: a client
	// sees its call's events delivered when the call returns.
	a.s.flush(append(evs, c.events...))
	if a.lost {
		if ae, ok := err.(*apiError); ok {
			a.entry.ErrCode = ae.code // what the client would have seen
		}
		if a.lostStatus == 0 {
			a.drop()
		} else {
			a.html(a.lostStatus)
		}
		return
	}
	if err != nil {
		if ae, ok := err.(*apiError); ok {
			a.fail(ae)
			return
		}
		// A bug in a handler: say so loudly rather than invent an errcode.
		if a.s.logger != nil {
			a.s.logger.Error("worktest: handler failed", slog.String("path", c.path), slog.String("error", err.Error()))
		}
		a.entry.Status = http.StatusInternalServerError
		a.record()
		http.Error(a.w, "worktest: internal error in "+c.path+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	a.write(http.StatusOK, b)
}

// encodeOK encodes a handler's result after errcode 0 and errmsg "ok".
func encodeOK(res any) ([]byte, error) {
	const head = `{"errcode":0,"errmsg":"ok"`
	if res == nil {
		return []byte(head + "}"), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return nil, fmt.Errorf("encode response: %w", err)
	}
	b := bytes.TrimSpace(buf.Bytes())
	if len(b) < 2 || b[0] != '{' {
		return nil, fmt.Errorf("response %T is not a JSON object", res)
	}
	out := make([]byte, 0, len(head)+len(b)+1)
	out = append(out, head...)
	if string(b) != "{}" {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// fail answers errcode e.code with WeCom's errmsg format.
func (a *answer) fail(e *apiError) {
	a.entry.ErrCode = e.code
	a.write(http.StatusOK, errorBody(e.code, a.s.hints.errmsg(e, a.now, a.r)))
}

func errorBody(code int, msg string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct { // a struct of an int and a string always encodes
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}{code, msg})
	return bytes.TrimSpace(buf.Bytes())
}

// notFound answers a path the simulator does not serve, after a valid
// access_token: errcode 48002 (api forbidden, API接口无权限调用), which is
// what WeCom answers for an API the calling app may not use; WeCom
// documents no code of its own for a path it has no API at. The errmsg
// names the path and says it is not simulated.
func (a *answer) notFound(path string) {
	a.fail(errDetail(codeAPIForbidden, "/cgi-bin/%s is not simulated by worktest", path))
}

// html answers an HTTP error status with a gateway's HTML page.
func (a *answer) html(status int) {
	a.entry.Status = status
	a.record()
	a.w.Header().Set("Content-Type", "text/html")
	a.w.WriteHeader(status)
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	_, _ = io.WriteString(a.w, "<html>\r\n<head><title>"+text+"</title></head>\r\n<body>\r\n<center><h1>"+text+
		"</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n") // a write error means the client left
}

func (a *answer) write(status int, b []byte) {
	a.entry.Status = status
	a.record()
	a.w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	a.w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	a.w.WriteHeader(status)
	_, _ = a.w.Write(b) // a write error means the client left; nothing to do
}

// finish logs the request if no answer did.
func (a *answer) finish() {
	a.record()
	if l := a.s.logger; l != nil {
		l.LogAttrs(a.r.Context(), slog.LevelDebug, "worktest: request",
			slog.String("method", a.entry.Method), slog.String("path", a.entry.Path),
			slog.Int("status", a.entry.Status), slog.Int("errcode", a.entry.ErrCode),
			slog.String("fault", a.entry.Fault))
	}
}

// hinter makes WeCom's errmsg suffix: ", hint: [time_n_hex], from ip: IP,
// more info at https://open.work.weixin.qq.com/devtool/query?e=CODE".
type hinter struct {
	mu sync.Mutex
	n  uint64
	r  *rng
}

func (h *hinter) errmsg(e *apiError, now time.Time, r *http.Request) string {
	h.mu.Lock()
	h.n++
	n, hex := h.n, h.r.hex(32)
	h.mu.Unlock()
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return fmt.Sprintf("%s, hint: [%d_%d_%s], from ip: %s, more info at https://open.work.weixin.qq.com/devtool/query?e=%d",
		e.msg, now.Unix(), n, hex, ip, e.code)
}
