package core

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
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
func DefaultRates() []Rate {
	return []Rate{
		{Events: 9000, Per: time.Minute, Burst: 500},
		{Events: 135000, Per: time.Hour, Burst: 10000},
	}
}

// DefaultConcurrency returns the governor's default concurrency caps: 5
// calls in flight for externalcontact/remark and externalcontact/mark_tag.
func DefaultConcurrency() map[string]int {
	return map[string]int{
		"externalcontact/remark":   5,
		"externalcontact/mark_tag": 5,
	}
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
	budget  *RetryBudget

	mu     sync.Mutex
	caps   map[string]*semaphore.Weighted // per path; nil entry: no cap
	paused map[string]pause               // fail-fast windows after 45009
	keys   map[string][]string            // Limiter keys per path
}

type pause struct {
	until time.Time
	cause *APIError
}

// NewGovernor builds a Governor. It fails with an *ArgError on a rate with
// Events or Per <= 0 or a negative Burst.
func NewGovernor(cfg GovernorConfig) (*Governor, error) {
	if cfg.Rates == nil {
		cfg.Rates = DefaultRates()
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
		caps:   map[string]*semaphore.Weighted{},
		paused: map[string]pause{},
		keys:   map[string][]string{},
	}
	g.limiter = cfg.Limiter
	if g.limiter == nil {
		g.limiter = NewLocalLimiter(g.clock.Now)
	}
	g.local, _ = g.limiter.(*LocalLimiter)
	caps := DefaultConcurrency()
	for path, n := range cfg.Concurrency {
		caps[path] = n
	}
	for path, n := range caps {
		if n > 0 {
			g.caps[path] = semaphore.NewWeighted(int64(n))
		} else {
			g.caps[path] = nil
		}
	}
	return g, nil
}

// Config returns the configuration with its defaults filled in.
func (g *Governor) Config() GovernorConfig { return g.cfg }

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
	if n, ok := DefaultConcurrency()[path]; ok {
		return n
	}
	return max(g.cfg.MaxConcurrency, 0)
}

func (g *Governor) semaphore(path string) *semaphore.Weighted {
	g.mu.Lock()
	defer g.mu.Unlock()
	sem, ok := g.caps[path]
	if !ok {
		if g.cfg.MaxConcurrency > 0 {
			sem = semaphore.NewWeighted(int64(g.cfg.MaxConcurrency))
		}
		g.caps[path] = sem
	}
	return sem
}

// limiterKeys returns the Limiter key of each of path's rates:
// "CORPID/path/period".
func (g *Governor) limiterKeys(path string, rates []Rate) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ks := g.keys[path]
	if len(ks) != len(rates) {
		ks = make([]string, len(rates))
		for i, r := range rates {
			ks[i] = g.cfg.CorpID + "/" + path + "/" + r.Per.String()
		}
		g.keys[path] = ks
	}
	return ks
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
	if err := g.checkPause(path, start); err != nil {
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
	if sem := g.semaphore(path); sem != nil {
		if !sem.TryAcquire(1) {
			blocked = true
			if err := sem.Acquire(ctx, 1); err != nil {
				return nil, since(true), govWaitErr(ctx, path, "a free slot")
			}
		}
		var once sync.Once
		release = func() { once.Do(func() { sem.Release(1) }) }
	}
	slept, err := g.takeRate(ctx, path)
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
func (g *Governor) takeRate(ctx context.Context, path string) (bool, error) {
	rates := g.RatesFor(path)
	if len(rates) == 0 {
		return false, nil
	}
	keys := g.limiterKeys(path, rates)
	if g.local != nil {
		at, delay, cancel := g.local.reserve(keys, rates)
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

func (g *Governor) checkPause(path string, now time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	p, ok := g.paused[path]
	if !ok {
		return nil
	}
	if !now.Before(p.until) {
		delete(g.paused, path)
		return nil
	}
	return &RateLimitError{Path: path, RetryAt: p.until, RetryAfter: p.until.Sub(now), Local: true, Err: p.cause}
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
		if p, ok := g.paused[path]; !ok || p.until.Before(until) {
			g.paused[path] = pause{until: until, cause: cause}
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
	if p, ok := g.paused[path]; ok && g.clock.Now().Before(p.until) {
		return p.until
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
