package worktest

import (
	"net/url"
	"sync"
	"time"
)

// DefaultLogCap is how many requests the log keeps unless WithLogCap says
// otherwise.
const DefaultLogCap = 10000

// maxLoggedBody caps the body bytes kept per logged request.
const maxLoggedBody = 64 << 10

// unknownPath is the counter key shared by every path the simulator does
// not serve, which keeps the counters bounded.
const unknownPath = "(unknown)"

// Request is one logged request.
type Request struct {
	// Time is the simulator clock when the request arrived.
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Path is relative to /cgi-bin/, e.g. "externalcontact/get" or "gettoken".
	Path string
	// Query is the query string, access_token (the simulator's own) included.
	Query url.Values
	// Body is the request body (up to 64 KiB).
	Body []byte
	// Token is the access_token sent, if any.
	Token string
	// Status is the HTTP status answered; 0 when no answer was sent (the
	// connection was dropped, or the client went away during a latency).
	Status int
	// ErrCode is the errcode answered (0 for success and for non-JSON
	// answers).
	ErrCode int
	// Fault names the injected fault that shaped the answer, if any:
	// "fail_next", "http_status", "drop_connection", "rate_limit",
	// "concurrency_limit"; "canceled" when the client left during a
	// latency, "closed" when the server closed during one.
	Fault string
}

// requestLog is a ring buffer of the last capacity requests plus per-path
// counters. Counters are keyed by known paths (plus unknownPath), so both
// stay bounded however long the simulator runs. The buffer grows as
// requests come, up to capacity, so a short test pays for what it logs.
type requestLog struct {
	mu       sync.Mutex
	capacity int
	buf      []Request // oldest first while len < capacity; then a ring
	next     int       // once full: where the next entry goes (the oldest)
	counts   map[string]int
	total    int
}

func newRequestLog(capacity int) *requestLog {
	if capacity <= 0 {
		capacity = DefaultLogCap
	}
	return &requestLog{capacity: capacity, counts: map[string]int{}}
}

// count records that a request for key arrived.
func (l *requestLog) count(key string) {
	l.mu.Lock()
	l.counts[key]++
	l.total++
	l.mu.Unlock()
}

// add appends a finished request, overwriting the oldest when full.
func (l *requestLog) add(r Request) {
	l.mu.Lock()
	if len(l.buf) < l.capacity {
		l.buf = append(l.buf, r)
	} else {
		l.buf[l.next] = r
		l.next = (l.next + 1) % l.capacity
	}
	l.mu.Unlock()
}

func (l *requestLog) requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, 0, len(l.buf))
	out = append(out, l.buf[l.next:]...)
	out = append(out, l.buf[:l.next]...)
	for i := range out {
		out[i] = cloneRequest(out[i])
	}
	return out
}

func cloneRequest(r Request) Request {
	r.Query = cloneValues(r.Query)
	r.Body = append([]byte(nil), r.Body...)
	return r
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (l *requestLog) countOf(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if key == "" {
		return l.total
	}
	return l.counts[key]
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.buf, l.next, l.total = nil, 0, 0
	clear(l.counts)
	l.mu.Unlock()
}
