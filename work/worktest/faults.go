package worktest

import (
	"strings"
	"sync"
	"time"
)

// Faults injects failures into a simulator, per path or for every path.
// Get it from Server.Faults.
//
// A path is relative to /cgi-bin/ ("externalcontact/get", "gettoken"); a
// leading "/" or "/cgi-bin/" is ignored. The path "" or "*" means every
// path, gettoken included. A path rule is consulted before the global one.
//
// When several faults apply to one call, the first of these wins:
// concurrency limit, rate limit, dropped connection, HTTP status, FailNext,
// LoseAnswer.
// The limits are checked on arrival and answer at once; latency delays
// everything else (the other faults and normal answers). Only the fault
// that fires is used up.
//
// Faults are safe for concurrent use.
type Faults struct {
	mu            sync.Mutex
	rules         map[string]*faultRule
	inflight      map[string]int
	inflightTotal int
}

type faultRule struct {
	latency time.Duration

	failN, failCode int
	statusN, status int
	dropN           int
	loseN, loseHTTP int

	rateN      int
	rateWindow time.Duration
	winStart   time.Time
	winCount   int

	concN int
}

func newFaults() *Faults {
	return &Faults{rules: map[string]*faultRule{}, inflight: map[string]int{}}
}

const globalPath = "*"

// normPath turns what a caller passes into the key of a path.
func normPath(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimPrefix(p, "cgi-bin/")
	if p == "" || p == globalPath {
		return globalPath
	}
	return p
}

func (f *Faults) rule(path string) *faultRule {
	k := normPath(path)
	r := f.rules[k]
	if r == nil {
		r = &faultRule{}
		f.rules[k] = r
	}
	return r
}

// FailNext makes the next n calls to path answer errcode (with WeCom's
// errmsg for it), e.g. -1 (system busy), 42001 (token expired) or 45009.
func (f *Faults) FailNext(path string, n, errcode int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rule(path)
	r.failN, r.failCode = max(n, 0), errcode
}

// Latency delays every call to path by d before it is answered; 0 removes
// the delay. The delay ends early when the client goes away or the server
// closes. A long latency on "gettoken" simulates a hanging token fetch.
func (f *Faults) Latency(path string, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rule(path).latency = max(d, 0)
}

// HTTPStatus makes the next n calls to path answer the HTTP status (such as
// 502) with an HTML body, the way a gateway in front of WeCom does.
func (f *Faults) HTTPStatus(path string, n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rule(path)
	r.statusN, r.status = max(n, 0), status
}

// DropConnection makes the next n calls to path lose their connection
// after the request has been read in full and before any answer: the
// client cannot know whether the call took effect (it did not: the
// handler does not run). Use it to check that a mutating POST is not sent
// again.
func (f *Faults) DropConnection(path string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rule(path).dropN = max(n, 0)
}

// LoseAnswer lets the next n calls to path be processed in full (the
// handler runs and its changes stay) and then loses the answer: with
// status 0 the connection drops, otherwise the client gets that HTTP
// status (such as 502) with a gateway's HTML page. This is the case a
// write's "unknown outcome" exists for: WeCom did the work and the client
// cannot know it. Use it to check that a write is not sent again, and that
// it took effect exactly once (Count, Snapshot). A call rejected before
// its handler (bad token, wrong method) loses nothing and does not use the
// fault up.
func (f *Faults) LoseAnswer(path string, n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rule(path)
	r.loseN, r.loseHTTP = max(n, 0), max(status, 0)
}

// RateLimit lets n calls to path through per window of the simulator
// clock and answers 45009 to the rest. The windows are fixed (aligned on
// multiples of window since the zero time). n <= 0 removes the limit.
func (f *Faults) RateLimit(path string, n int, window time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rule(path)
	if n <= 0 || window <= 0 {
		r.rateN, r.rateWindow = 0, 0
		return
	}
	r.rateN, r.rateWindow, r.winStart, r.winCount = n, window, time.Time{}, 0
}

// ConcurrencyLimit answers 45033 to a call to path that arrives while n
// calls to it (to any path, for the global rule) are already in flight.
// n <= 0 removes the limit.
func (f *Faults) ConcurrencyLimit(path string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rule(path).concN = max(n, 0)
}

// Reset removes every fault.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.rules)
}

// inFlight returns how many calls to key (every call for globalPath) are
// being served.
func (f *Faults) inFlight(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if key == globalPath {
		return f.inflightTotal
	}
	return f.inflight[key]
}

// verdict is what the faults decided for one call.
type verdict struct {
	latency time.Duration
	fault   string // which fault fires, "" for none
	errcode int    // for fail_next, rate_limit, concurrency_limit
	status  int    // for http_status
}

// arrive registers a call to key as in flight and decides its faults. The
// caller must call depart(key) when the call is over.
func (f *Faults) arrive(key string, now time.Time) verdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight[key]++
	f.inflightTotal++
	p, g := f.rules[key], f.rules[globalPath]
	var v verdict
	for _, r := range []*faultRule{p, g} {
		if r != nil && r.latency > 0 {
			v.latency = r.latency
			break
		}
	}
	switch {
	case p != nil && p.concN > 0 && f.inflight[key] > p.concN,
		g != nil && g.concN > 0 && f.inflightTotal > g.concN:
		return verdict{fault: "concurrency_limit", errcode: codeConcurrency}
	}
	limited := false
	for _, r := range []*faultRule{p, g} {
		if r != nil && r.rateN > 0 && r.overRate(now) {
			limited = true
		}
	}
	if limited {
		return verdict{fault: "rate_limit", errcode: codeRateLimited}
	}
	for _, r := range []*faultRule{p, g} {
		switch {
		case r == nil:
		case r.dropN > 0:
			r.dropN--
			v.fault = "drop_connection"
		case r.statusN > 0:
			r.statusN--
			v.fault, v.status = "http_status", r.status
		case r.failN > 0:
			r.failN--
			v.fault, v.errcode = "fail_next", r.failCode
		}
		if v.fault != "" {
			return v
		}
	}
	return v
}

// overRate counts a call in the current window and reports whether it is
// beyond the limit.
func (r *faultRule) overRate(now time.Time) bool {
	start := now.Truncate(r.rateWindow)
	if !start.Equal(r.winStart) {
		r.winStart, r.winCount = start, 0
	}
	r.winCount++
	return r.winCount > r.rateN
}

// takeLoss reports whether the answer of a call to key, whose handler is
// about to run, is to be lost (LoseAnswer), and how: status 0 drops the
// connection. The path's rule comes before the global one.
func (f *Faults) takeLoss(key string) (lose bool, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range []*faultRule{f.rules[key], f.rules[globalPath]} {
		if r != nil && r.loseN > 0 {
			r.loseN--
			return true, r.loseHTTP
		}
	}
	return false, 0
}

// depart marks a call to key as over.
func (f *Faults) depart(key string) {
	f.mu.Lock()
	f.inflight[key]--
	if f.inflight[key] <= 0 {
		delete(f.inflight, key)
	}
	f.inflightTotal--
	f.mu.Unlock()
}
