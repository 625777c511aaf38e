package core

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is a budget: Events per Per, with bursts of up to Burst.
//
// A token bucket with this rate lets through at most Burst + Events·T/Per
// calls in any window of length T, so a budget stays below a limit L per
// Per when Events + Burst < L.
type Rate struct {
	Events int
	Per    time.Duration
	Burst  int
}

// String prints the rate as "9000/1m0s burst 500".
func (r Rate) String() string {
	return strconv.Itoa(r.Events) + "/" + r.Per.String() + " burst " + strconv.Itoa(r.Burst)
}

func (r Rate) valid() bool { return r.Events > 0 && r.Per > 0 && r.Burst >= 0 }

func (r Rate) limit() rate.Limit { return rate.Limit(float64(r.Events) / r.Per.Seconds()) }

// burst is at least 1: a bucket of size 0 would refuse every call.
func (r Rate) burst() int { return max(r.Burst, 1) }

// Limiter is a rate budget keyed by corp and endpoint path.
//
// The Governor calls Allow once per Rate of an endpoint before each
// attempt, with a key naming the corp, the path and the rate's period
// ("wwCORP/externalcontact/get/1m0s"), so an implementation may keep one
// budget per key. LocalLimiter keeps them in memory; a Limiter backed by a
// shared store (Redis) spreads one corp's budget across processes.
type Limiter interface {
	// Allow takes one call from key's budget at rate r. When the budget is spent it returns ok=false and how long to wait.
	Allow(ctx context.Context, key string, r Rate) (ok bool, retryAfter time.Duration, err error)
}

// LocalLimiter is the in-memory Limiter: one golang.org/x/time/rate bucket
// per key, created full on first use. It is safe for concurrent use. Its
// memory grows with the number of keys (corps × endpoints × rates), which
// the endpoints an application calls bound.
type LocalLimiter struct {
	now func() time.Time

	mu      sync.Mutex
	last    time.Time // the latest time handed to a bucket
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	rate Rate
}

// NewLocalLimiter returns an empty LocalLimiter reading the time from now
// (nil: time.Now).
func NewLocalLimiter(now func() time.Time) *LocalLimiter {
	if now == nil {
		now = time.Now
	}
	return &LocalLimiter{now: now}
}

// clockLocked returns the time, never earlier than a time it returned
// before: a bucket handed a time earlier than its last update would count
// the refill between them twice.
func (l *LocalLimiter) clockLocked() time.Time {
	now := l.now()
	if now.Before(l.last) {
		return l.last
	}
	l.last = now
	return now
}

// bucketLocked returns key's bucket, following a change of r.
func (l *LocalLimiter) bucketLocked(key string, r Rate, now time.Time) *rate.Limiter {
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(r.limit(), r.burst()), rate: r}
		if l.buckets == nil {
			l.buckets = make(map[string]*bucket, 2)
		}
		l.buckets[key] = b
	} else if b.rate != r {
		b.lim.SetLimitAt(now, r.limit())
		b.lim.SetBurstAt(now, r.burst())
		b.rate = r
	}
	return b.lim
}

// Allow implements Limiter. It never fails.
func (l *LocalLimiter) Allow(_ context.Context, key string, r Rate) (bool, time.Duration, error) {
	if !r.valid() {
		return true, 0, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clockLocked()
	res := l.bucketLocked(key, r, now).ReserveN(now, 1)
	d := res.DelayFrom(now)
	if d == 0 {
		return true, 0, nil
	}
	res.CancelAt(now)
	return false, d, nil
}

// reserve takes one call from each budget, in the queue if need be, and
// returns when the caller may send it, how long that is after now, and a
// function that gives the calls back (when the caller does not wait after
// all). Waiters are served in the order they reserved, with one wake-up
// each, unlike a loop around Allow.
func (l *LocalLimiter) reserve(keys []string, rates []Rate) (time.Time, time.Duration, func()) {
	return l.reserveOn(rates, func(i int, r Rate, now time.Time) *rate.Limiter { return l.bucketLocked(keys[i], r, now) })
}

// reserveBuckets is reserve on buckets the caller keeps itself (a
// governor's own limiter keeps them with each endpoint's state instead of
// in a map keyed by strings): buckets[i] serves rates[i], nil for an
// invalid rate.
func (l *LocalLimiter) reserveBuckets(buckets []*rate.Limiter, rates []Rate) (time.Time, time.Duration, func()) {
	return l.reserveOn(rates, func(i int, _ Rate, _ time.Time) *rate.Limiter { return buckets[i] })
}

func (l *LocalLimiter) reserveOn(rates []Rate, bucket func(i int, r Rate, now time.Time) *rate.Limiter) (time.Time, time.Duration, func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clockLocked()
	var (
		delay time.Duration
		held  []*rate.Reservation
	)
	for i, r := range rates {
		if !r.valid() {
			continue
		}
		res := bucket(i, r, now).ReserveN(now, 1)
		held = append(held, res)
		delay = max(delay, res.DelayFrom(now))
	}
	return now.Add(delay), delay, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		t := l.clockLocked()
		for _, res := range held {
			res.CancelAt(t)
		}
	}
}
