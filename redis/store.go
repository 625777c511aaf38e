package wecomredis

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/wecomkit/wecom/work/core"
)

// Defaults used when the corresponding Options field is zero.
const (
	DefaultTimeout      = 500 * time.Millisecond
	DefaultCooldown     = time.Second
	DefaultTokenLease   = 3 * time.Second
	DefaultTokenMaxWait = 5 * time.Second
	DefaultLogInterval  = time.Minute
)

// Options configures a Store. The zero value of each field picks a default.
type Options struct {
	// Prefix is put in front of every key, e.g. "prod:" (default none).
	// Tokens live under Prefix + core.TokenCacheKey(...), see the package
	// documentation for the whole layout.
	Prefix string
	// Timeout bounds each Redis call (default DefaultTimeout), whatever the
	// client's own timeouts; a call past it counts as a failure.
	Timeout time.Duration
	// Cooldown is how long after a failed Redis call the Store skips Redis
	// and serves from its in-process fallback (default DefaultCooldown), so
	// that an outage costs one timeout per cooldown, not one per call. The
	// first call after it tries Redis again.
	Cooldown time.Duration
	// TokenLease is the lock lease of a token refresh (default
	// DefaultTokenLease). The instance fetching the token renews it every
	// third of the lease; if that instance dies, another one takes over at
	// most one lease later.
	TokenLease time.Duration
	// TokenMaxWait bounds how long an instance waits for another one's
	// token before it calls gettoken itself (default DefaultTokenMaxWait,
	// and at most half of the time left to the refresh's context).
	TokenMaxWait time.Duration
	// Instances is how many instances share each rate budget. While Redis
	// is unreachable, each Limiter spends 1/Instances of the budget on its
	// own (default 1: the whole budget).
	Instances int
	// Logger receives a warning when Redis fails (at most one per
	// LogInterval) and a line when it answers again. Lines carry no token,
	// no secret and no value. Nil means silent.
	Logger *slog.Logger
	// LogInterval is the least time between two Redis failure lines
	// (default DefaultLogInterval); the next line counts those left out.
	LogInterval time.Duration
}

// Store shares the SDK's state between instances through one Redis client:
// access tokens (TokenCache), callback deliveries (Dedupe) and rate budgets
// (Limiter). Build one per process with New and take its parts from it; the
// parts share the client, the key prefix and the view of Redis's health. A
// Store is safe for concurrent use.
type Store struct {
	rdb    redis.UniversalClient
	opt    Options
	direct bool // the client honours context deadlines itself
	health health

	cache   *Cache
	dedupe  *Dedupe
	limiter *Limiter
}

// New returns a Store on the caller's client: a *redis.Client (single node
// or sentinel failover), a *redis.ClusterClient, or any
// redis.UniversalClient. Every operation touches a single key, so all work
// on a cluster. New fails with a *core.ArgError when rdb is nil or an
// option is negative.
func New(rdb redis.UniversalClient, opts Options) (*Store, error) {
	if rdb == nil {
		return nil, &core.ArgError{Field: "rdb", Reason: "is nil; pass a redis.UniversalClient"}
	}
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"Timeout", &opts.Timeout, DefaultTimeout},
		{"Cooldown", &opts.Cooldown, DefaultCooldown},
		{"TokenLease", &opts.TokenLease, DefaultTokenLease},
		{"TokenMaxWait", &opts.TokenMaxWait, DefaultTokenMaxWait},
		{"LogInterval", &opts.LogInterval, DefaultLogInterval},
	} {
		switch {
		case *d.v < 0:
			return nil, &core.ArgError{Field: d.name, Reason: "is negative: " + d.v.String()}
		case *d.v == 0:
			*d.v = d.def
		}
	}
	switch {
	case opts.Instances < 0:
		return nil, &core.ArgError{Field: "Instances", Reason: "is negative: " + strconv.Itoa(opts.Instances)}
	case opts.Instances == 0:
		opts.Instances = 1
	}
	s := &Store{rdb: rdb, opt: opts, direct: honoursContext(rdb)}
	s.health = health{log: opts.Logger, interval: opts.LogInterval, cooldown: opts.Cooldown}
	s.cache = &Cache{s: s}
	s.dedupe = &Dedupe{s: s}
	s.limiter = &Limiter{s: s, rl: redis_rate.NewLimiter(rdb), local: newLocalLimiter()}
	return s, nil
}

// TokenCache returns the Store's token cache, for work.Config.TokenCache or
// core.CorpTokenConfig.Cache.
func (s *Store) TokenCache() *Cache { return s.cache }

// Dedupe returns the Store's callback dedupe store, for
// callback.Config.Dedupe.
func (s *Store) Dedupe() *Dedupe { return s.dedupe }

// Limiter returns the Store's shared rate budget.
func (s *Store) Limiter() *Limiter { return s.limiter }

// String describes the Store without its client's address or password.
func (s *Store) String() string {
	return "wecomredis.Store{Prefix:" + strconv.Quote(s.opt.Prefix) + "}"
}

// key returns the Redis key for a key of the SDK.
func (s *Store) key(k string) string { return s.opt.Prefix + k }

// errCooldown is returned, without asking Redis, while a recent failure's
// cooldown lasts.
var errCooldown = errors.New("wecomredis: Redis failed recently; skipping it for the cooldown")

// honoursContext reports whether the client applies context deadlines to
// its network reads and writes (go-redis does only with
// ContextTimeoutEnabled); otherwise each call runs in a goroutine so the
// Store can stop waiting for it.
func honoursContext(rdb redis.UniversalClient) bool {
	switch c := rdb.(type) {
	case *redis.Client:
		return c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		return c.Options().ContextTimeoutEnabled
	}
	return false
}

// result is the outcome of one Redis call.
type result[T any] struct {
	v   T
	err error
}

// call runs fn, one Redis call, under the Store's timeout, and keeps the
// health view: a failure starts the cooldown and is logged (rate-limited);
// redis.Nil is an answer, not a failure. During the cooldown it returns
// errCooldown at once.
func call[T any](s *Store, ctx context.Context, op string, fn func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if s.health.cooling() {
		return zero, errCooldown
	}
	cctx, cancel := context.WithTimeout(ctx, s.opt.Timeout)
	defer cancel()
	var r result[T]
	if s.direct {
		r.v, r.err = fn(cctx)
	} else {
		ch := make(chan result[T], 1)
		go func() {
			v, err := fn(cctx)
			ch <- result[T]{v, err}
		}()
		select {
		case r = <-ch:
		case <-cctx.Done():
			r.err = cctx.Err()
		}
	}
	switch {
	case r.err == nil || errors.Is(r.err, redis.Nil):
		s.health.ok(ctx)
	case ctx.Err() != nil:
		// The caller gave up: not Redis's failure.
		r.err = ctx.Err()
	default:
		if errors.Is(r.err, context.DeadlineExceeded) {
			r.err = errors.New("wecomredis: " + op + ": no answer within " + s.opt.Timeout.String())
		}
		s.health.fail(ctx, op, r.err)
	}
	return r.v, r.err
}

// health tracks whether Redis answers, for the cooldown and the logs.
type health struct {
	log      *slog.Logger
	interval time.Duration
	cooldown time.Duration

	downUntil atomic.Int64 // unix nanoseconds; 0: up
	mu        sync.Mutex
	lastLog   time.Time
	missed    int  // failures not logged since lastLog
	reported  bool // a failure was logged since Redis last answered
}

func (h *health) cooling() bool {
	u := h.downUntil.Load()
	return u != 0 && time.Now().UnixNano() < u
}

func (h *health) fail(ctx context.Context, op string, err error) {
	now := time.Now()
	h.downUntil.Store(now.Add(h.cooldown).UnixNano())
	if h.log == nil {
		return
	}
	h.mu.Lock()
	if !h.lastLog.IsZero() && now.Sub(h.lastLog) < h.interval {
		h.missed++
		h.mu.Unlock()
		return
	}
	missed := h.missed
	h.missed, h.lastLog, h.reported = 0, now, true
	h.mu.Unlock()
	h.log.LogAttrs(ctx, slog.LevelWarn, "wecomredis: Redis failed; serving from in-process state until it answers",
		slog.String("op", op), slog.String("error", err.Error()),
		slog.Duration("cooldown", h.cooldown), slog.Int("failures_not_logged", missed))
}

func (h *health) ok(ctx context.Context) {
	u := h.downUntil.Load()
	if u == 0 || !h.downUntil.CompareAndSwap(u, 0) {
		return
	}
	if h.log == nil {
		return
	}
	h.mu.Lock()
	reported := h.reported
	h.reported = false
	h.mu.Unlock()
	if reported {
		h.log.LogAttrs(ctx, slog.LevelInfo, "wecomredis: Redis answers again; sharing state through it")
	}
}
