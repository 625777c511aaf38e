package core

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

// WeCom's frequency limits (接口调用频率限制,
// https://developer.work.weixin.qq.com/document/path/90312): each API may be
// called at most 10,000 times a minute and 150,000 times an hour per corp.
// Beyond them WeCom answers 45009 and refuses the API for the rest of the
// minute (60 s) or the hour. Too many concurrent calls to one API answer
// 45033; WeCom staff give 5 for externalcontact/remark and mark_tag.

// DefaultRates returns the governor's default budget for every endpoint,
// below WeCom's limits: 9,000 a minute with bursts of 500 (at most 9,500 in
// any minute) and 135,000 an hour with bursts of 10,000 (at most 145,000 in
// any hour).
func DefaultRates() []Rate { return slices.Clone(defaultRates) }

// defaultRates is shared, read only, by every governor that keeps the
// defaults, so that an App costs no copy of them.
var defaultRates = []Rate{
	{Events: 9000, Per: time.Minute, Burst: 500},
	{Events: 135000, Per: time.Hour, Burst: 10000},
}

// DefaultConcurrency returns the governor's default concurrency caps: 5
// calls in flight for externalcontact/remark and externalcontact/mark_tag.
func DefaultConcurrency() map[string]int { return maps.Clone(defaultConcurrency) }

// defaultConcurrency is read only.
var defaultConcurrency = map[string]int{
	"externalcontact/remark":   5,
	"externalcontact/mark_tag": 5,
}

// Defaults of GovernorConfig.
const (
	// DefaultRateLimitPause is how long an endpoint fails fast after WeCom
	// answered 45009: WeCom blocks an API for 60 s after its minute limit.
	DefaultRateLimitPause = time.Minute
	// DefaultMaxWait is the longest a call waits for the rate budget.
	DefaultMaxWait = time.Minute
)

// GovernorConfig configures a Governor. The zero value of each field picks
// its default, so GovernorConfig{CorpID: id} is a governor below WeCom's
// limits.
type GovernorConfig struct {
	// CorpID starts every Limiter key: WeCom's budgets are per corp.
	CorpID string
	// Limiter holds the rate budgets (default: a new LocalLimiter on
	// Clock). Pass a shared one (Redis) to spread a corp's budget across
	// processes, or the same one to several governors of one corp.
	Limiter Limiter
	// Rates is every endpoint's budget. nil means DefaultRates(); an
	// empty, non-nil slice means no rate budget.
	Rates []Rate
	// EndpointRates replaces Rates for the paths it lists (relative to
	// /cgi-bin/, e.g. "externalcontact/get"); an empty slice means no
	// budget for that path.
	EndpointRates map[string][]Rate
	// Concurrency caps the calls in flight per path, over
	// DefaultConcurrency(): an entry sets a path's cap, and an entry <= 0
	// removes a default cap.
	Concurrency map[string]int
	// MaxConcurrency caps the calls in flight to each path Concurrency
	// does not name (0: no cap).
	MaxConcurrency int
	// RateLimitPause is how long calls to an endpoint fail fast with a
	// *RateLimitError, without being sent, after WeCom answered 45009
	// (default DefaultRateLimitPause; negative: never fail fast).
	RateLimitPause time.Duration
	// MaxWait is the longest a call waits for its rate budget (default
	// DefaultMaxWait). A call that would wait longer, or past its
	// context's deadline, fails at once with a *RateLimitError.
	MaxWait time.Duration
	// ConcurrencyRetry retries 45033 (接口并发调用超过限制), which WeCom
	// answers without processing the call, so writes and sends are retried
	// too (default: 5 attempts in all, 200ms base backoff doubling with
	// full jitter, 3s cap). MaxAttempts 1 disables it.
	ConcurrencyRetry RetryPolicy
	// RetryBudget bounds the retries of all calls together.
	RetryBudget RetryBudgetConfig
	// Clock tells the time and waits (default: the system clock). Tests
	// inject their own.
	Clock Clock
	// Logger receives a warning when the Limiter fails (the call then
	// goes out). Nil means silent.
	Logger *slog.Logger
}

// Clock is the governor's time source.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// SleepUntil waits until t, or until ctx is done (then it returns
	// ctx.Err()).
	SleepUntil(ctx context.Context, t time.Time) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) SleepUntil(ctx context.Context, t time.Time) error {
	return sleepCtx(ctx, time.Until(t))
}

// Governor paces one corp's calls to WeCom, so that an application stays
// below WeCom's limits instead of discovering them in production:
//
//   - a rate budget per endpoint (a token bucket per Rate, in a Limiter);
//     a call waits for its turn, as long as its context allows;
//   - a concurrency cap per endpoint (5 for remark and mark_tag by
//     default): a call waits for a free slot;
//   - after WeCom answers 45009, calls to that endpoint fail fast with a
//     *RateLimitError carrying when to try again, without touching the
//     network, until the pause is over;
//   - 45033 is retried with bounded backoff (see ConcurrencyRetry);
//   - a retry budget, so that a WeCom failing every call does not get
//     three times the traffic.
//
// A Client with Options.Governor set consults it before every attempt;
// work.New builds one per App. A Governor is safe for concurrent use.
type Governor struct {
	cfg     GovernorConfig
	clock   Clock
	limiter Limiter
	local   *LocalLimiter // limiter, when it is a LocalLimiter
	// own says the LocalLimiter is the governor's own (none was
	// configured): its buckets then live in each endpoint's state.
	own    bool
	budget *RetryBudget

	mu    sync.Mutex
	paths map[string]*pathState // made on first use: an idle App stays small
}

// pathState is what the governor keeps of one endpoint, made on its first
// call.
type pathState struct {
	sem     *semaphore.Weighted // nil: no cap
	keys    []string            // the Limiter key of each rate (a configured Limiter)
	buckets []*rate.Limiter     // the bucket of each rate (the governor's own limiter)
	pause   pause               // the fail-fast window after 45009
}

type pause struct {
	until time.Time
	cause *APIError
}

// NewGovernor builds a Governor. It fails with an *ArgError on a rate with
// Events or Per <= 0 or a negative Burst.
func NewGovernor(cfg GovernorConfig) (*Governor, error) {
	if cfg.Rates == nil {
		cfg.Rates = defaultRates
	}
	for _, r := range cfg.Rates {
		if !r.valid() {
			return nil, &ArgError{Field: "GovernorConfig.Rates", Reason: "rate " + r.String() + " needs Events > 0, Per > 0 and Burst >= 0"}
		}
	}
	for path, rs := range cfg.EndpointRates {
		for _, r := range rs {
			if !r.valid() {
				return nil, &ArgError{Field: "GovernorConfig.EndpointRates", Reason: "rate " + r.String() + " of " + path + " needs Events > 0, Per > 0 and Burst >= 0"}
			}
		}
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.RateLimitPause == 0 {
		cfg.RateLimitPause = DefaultRateLimitPause
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.ConcurrencyRetry.MaxAttempts <= 0 {
		cfg.ConcurrencyRetry.MaxAttempts = 5
	}
	if cfg.ConcurrencyRetry.BaseDelay <= 0 {
		cfg.ConcurrencyRetry.BaseDelay = 200 * time.Millisecond
	}
	if cfg.ConcurrencyRetry.MaxDelay <= 0 {
		cfg.ConcurrencyRetry.MaxDelay = 3 * time.Second
	}
	cfg.ConcurrencyRetry = cfg.ConcurrencyRetry.withDefaults()
	cfg.RetryBudget = cfg.RetryBudget.withDefaults()
	g := &Governor{
		cfg:    cfg,
		clock:  cfg.Clock,
		budget: newRetryBudget(cfg.RetryBudget.Capacity),
	}
	g.limiter = cfg.Limiter
	if g.limiter == nil {
		g.limiter = NewLocalLimiter(g.clock.Now)
		g.own = true
	}
	g.local, _ = g.limiter.(*LocalLimiter)
	return g, nil
}

// Config returns the configuration with its defaults filled in.
func (g *Governor) Config() GovernorConfig {
	cfg := g.cfg
	cfg.Rates = slices.Clone(cfg.Rates)
	return cfg
}

// RetryBudget returns the budget that retries spend from.
func (g *Governor) RetryBudget() *RetryBudget { return g.budget }

// RatesFor returns the rate budget of path.
func (g *Governor) RatesFor(path string) []Rate {
	if rs, ok := g.cfg.EndpointRates[path]; ok {
		return rs
	}
	return g.cfg.Rates
}

// ConcurrencyCap returns the cap on calls in flight to path (0: none).
func (g *Governor) ConcurrencyCap(path string) int {
	if n, ok := g.cfg.Concurrency[path]; ok {
		return max(n, 0)
	}
	if n, ok := defaultConcurrency[path]; ok {
		return n
	}
	return max(g.cfg.MaxConcurrency, 0)
}

// stateLocked returns path's state, making it on the first call: its
// semaphore (when capped) and the Limiter key of each of its rates,
// "CORPID/path/period". g.mu is held.
func (g *Governor) stateLocked(path string) *pathState {
	if st, ok := g.paths[path]; ok {
		return st
	}
	st := &pathState{}
	if n := g.ConcurrencyCap(path); n > 0 {
		st.sem = semaphore.NewWeighted(int64(n))
	}
	if rates := g.RatesFor(path); len(rates) > 0 && g.own {
		st.buckets = make([]*rate.Limiter, len(rates))
		for i, r := range rates {
			if r.valid() {
				st.buckets[i] = rate.NewLimiter(r.limit(), r.burst())
			}
		}
	} else if len(rates) > 0 {
		st.keys = make([]string, len(rates))
		for i, r := range rates {
			st.keys[i] = g.cfg.CorpID + "/" + path + "/" + r.Per.String()
		}
	}
	if g.paths == nil {
		g.paths = make(map[string]*pathState, 1)
	}
	g.paths[path] = st
	return st
}

// enter returns path's state, or the fail-fast error while path is
// paused after a 45009.
func (g *Governor) enter(path string, now time.Time) (*pathState, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st := g.stateLocked(path)
	if p := st.pause; p.cause != nil {
		if now.Before(p.until) {
			return nil, &RateLimitError{Path: path, RetryAt: p.until, RetryAfter: p.until.Sub(now), Local: true, Err: p.cause}
		}
		st.pause = pause{}
	}
	return st, nil
}

// Acquire waits until a call to path may be sent: path is not paused after
// a 45009, a slot under its concurrency cap is free, and its rate budget
// has a call left. It returns the function that frees the slot, to call
// once the answer has been read (it may be called more than once), and how
// long it waited.
//
// It fails with a *RateLimitError when path is paused or the budget would
// make the call wait longer than MaxWait or past ctx's deadline, and with
// a *TransportError matching ctx.Err() when ctx is done while it waits.
func (g *Governor) Acquire(ctx context.Context, path string) (release func(), waited time.Duration, err error) {
	start := g.clock.Now()
	st, err := g.enter(path, start)
	if err != nil {
		return nil, 0, err
	}
	since := func(blocked bool) time.Duration {
		if !blocked {
			return 0 // no wait: not the microseconds of the bookkeeping
		}
		return g.clock.Now().Sub(start)
	}
	release = func() {}
	blocked := false
	if sem := st.sem; sem != nil {
		if !sem.TryAcquire(1) {
			blocked = true
			if err := sem.Acquire(ctx, 1); err != nil {
				return nil, since(true), govWaitErr(ctx, path, "a free slot")
			}
		}
		var once sync.Once
		release = func() { once.Do(func() { sem.Release(1) }) }
	}
	slept, err := g.takeRate(ctx, path, st)
	if err != nil {
		release()
		return nil, since(blocked || slept), err
	}
	return release, since(blocked || slept), nil
}

func govWaitErr(ctx context.Context, path, what string) error {
	return &TransportError{Path: path, Err: errors.New("waiting for " + what + " (governor)"), ctx: ctx.Err()}
}

// takeRate takes one call from each of path's budgets, waiting if need be,
// and reports whether it waited.
func (g *Governor) takeRate(ctx context.Context, path string, st *pathState) (bool, error) {
	rates := g.RatesFor(path)
	if len(rates) == 0 {
		return false, nil
	}
	keys := st.keys
	if g.local != nil {
		var at time.Time
		var delay time.Duration
		var cancel func()
		if g.own {
			at, delay, cancel = g.local.reserveBuckets(st.buckets, rates)
		} else {
			at, delay, cancel = g.local.reserve(keys, rates)
		}
		if delay <= 0 {
			return false, nil
		}
		if err := g.tooLong(ctx, path, at.Add(-delay), delay); err != nil {
			cancel()
			return false, err
		}
		if err := g.clock.SleepUntil(ctx, at); err != nil {
			cancel()
			return true, govWaitErr(ctx, path, "the rate budget")
		}
		return true, nil
	}
	// A shared Limiter: ask each budget in turn, waiting as it says.
	waited := false
	for i := 0; i < len(rates); {
		ok, after, err := g.limiter.Allow(ctx, keys[i], rates[i])
		if err != nil {
			if ctx.Err() != nil {
				return waited, govWaitErr(ctx, path, "the rate budget")
			}
			// The budget is unknown: let the call through rather than
			// stop every call while the store is down.
			if g.cfg.Logger != nil {
				g.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "wecom: rate limiter failed; sending anyway",
					slog.String("path", path), slog.String("error", err.Error()))
			}
			i++
			continue
		}
		if ok {
			i++
			continue
		}
		after = max(after, time.Millisecond)
		now := g.clock.Now()
		if err := g.tooLong(ctx, path, now, after); err != nil {
			return waited, err
		}
		waited = true
		if err := g.clock.SleepUntil(ctx, now.Add(after)); err != nil {
			return waited, govWaitErr(ctx, path, "the rate budget")
		}
	}
	return waited, nil
}

// tooLong returns a *RateLimitError when waiting d from now is beyond
// MaxWait or ctx's deadline.
func (g *Governor) tooLong(ctx context.Context, path string, now time.Time, d time.Duration) error {
	// The deadline is on the wall clock, whatever Clock says.
	dl, has := ctx.Deadline()
	if d > g.cfg.MaxWait || (has && time.Until(dl) < d) {
		return &RateLimitError{Path: path, RetryAt: now.Add(d), RetryAfter: d, Local: true}
	}
	return nil
}

// RateLimited records that WeCom answered cause (errcode 45009) to a call
// to path: calls to path fail fast until RateLimitPause has passed. It
// returns the error for the caller, which wraps cause.
func (g *Governor) RateLimited(path string, cause *APIError) *RateLimitError {
	now := g.clock.Now()
	d := max(g.cfg.RateLimitPause, 0)
	until := now.Add(d)
	if d > 0 {
		g.mu.Lock()
		if st := g.stateLocked(path); st.pause.cause == nil || st.pause.until.Before(until) {
			st.pause = pause{until: until, cause: cause}
		}
		g.mu.Unlock()
	}
	return &RateLimitError{Path: path, RetryAt: until, RetryAfter: d, Err: cause}
}

// PausedUntil returns when calls to path stop failing fast, or the zero
// time when they do not.
func (g *Governor) PausedUntil(path string) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	if st, ok := g.paths[path]; ok && st.pause.cause != nil && g.clock.Now().Before(st.pause.until) {
		return st.pause.until
	}
	return time.Time{}
}

// RateLimitError is returned when a call is rate limited: WeCom answered
// 45009 (Err holds its *APIError), or the governor refused to send it
// (Local) because the endpoint is paused after a 45009 or its rate budget
// would make it wait too long. errors.Is(err, ErrRateLimited) holds either
// way; errors.As(err, **APIError) only when WeCom answered.
type RateLimitError struct {
	// Path is the API path.
	Path string
	// RetryAt is when a call to Path may be tried again.
	RetryAt time.Time
	// RetryAfter is RetryAt less the time of the error.
	RetryAfter time.Duration
	// Local is true when the governor refused the call without sending it.
	Local bool
	// Err is WeCom's 45009 answer: to this call, or, when Local, to the
	// call that started the pause. Nil when the governor's own budget
	// refused the call.
	Err *APIError
}

// Error implements error.
func (e *RateLimitError) Error() string {
	s := "wecom: " + e.Path + ": rate limited"
	switch {
	case e.Local && e.Err != nil:
		s += " (errcode 45009 earlier; not sent)"
	case e.Local:
		s += " by the governor's budget (not sent)"
	default:
		s += " (errcode 45009)"
	}
	return s + ", retry after " + e.RetryAfter.Round(time.Millisecond).String()
}

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns WeCom's answer, when there is one.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// concurrencyBackoff returns the wait before the retry that follows the
// n-th 45033 of a call.
func (g *Governor) concurrencyBackoff(n int) time.Duration { return g.cfg.ConcurrencyRetry.backoff(n) }
