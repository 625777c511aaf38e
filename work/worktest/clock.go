package worktest

import (
	"slices"
	"sync"
	"time"
)

// DefaultStart is where a simulator's clock starts unless WithClock says
// otherwise: 2024-05-01 10:00:00 China Standard Time (Unix 1714528800).
// Seeded data is dated before it.
var DefaultStart = time.Date(2024, 5, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Clock is the simulator's controllable clock. It decides when tokens
// expire, which rate-limit window a call falls in, and the create time of
// anything made through the API.
//
// A frozen clock (NewClock) stands still until Advance or Set moves it, so
// tests are independent of real time. A wall clock (NewWallClock) follows
// time.Now, shifted by whatever Advance and Set add. A scaled clock
// (NewScaledClock) runs a given number of times faster than real time. A
// Clock is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	base   time.Time // the frozen time, or a scaled clock's start
	offset time.Duration
	wall   bool
	// rate > 0 makes a scaled clock: base plus rate times the real time
	// since realStart (realNow: time.Now, or a test's).
	rate      float64
	realStart time.Time
	realNow   func() time.Time
	// moved are called, outside mu, after each Advance and Set: the
	// servers on this clock run the work it made due.
	moved map[int]func()
	next  int
}

// subscribe calls f after each move of the clock, until the returned
// function is called.
func (c *Clock) subscribe(f func()) (unsubscribe func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.moved == nil {
		c.moved = map[int]func(){}
	}
	id := c.next
	c.next++
	c.moved[id] = f
	return func() {
		c.mu.Lock()
		delete(c.moved, id)
		c.mu.Unlock()
	}
}

// notify calls the subscribers, in the order they subscribed.
func (c *Clock) notify() {
	c.mu.Lock()
	ids := make([]int, 0, len(c.moved))
	for id := range c.moved {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	fs := make([]func(), len(ids))
	for i, id := range ids {
		fs[i] = c.moved[id]
	}
	c.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// NewClock returns a frozen clock showing start.
func NewClock(start time.Time) *Clock { return &Clock{base: start} }

// NewWallClock returns a clock that follows the real time.
func NewWallClock() *Clock { return &Clock{wall: true} }

// NewScaledClock returns a clock that starts at start and runs rate times
// as fast as real time (rate 60: a simulated hour per real minute), so a
// transfer's 24 hours or a job's seconds pass while one watches. A rate
// <= 0 makes a frozen clock.
func NewScaledClock(start time.Time, rate float64) *Clock {
	if rate <= 0 {
		return NewClock(start)
	}
	return &Clock{base: start, rate: rate, realStart: time.Now(), realNow: time.Now}
}

// Rate reports how fast the clock runs: 0 for a frozen clock, 1 for a wall
// clock, a scaled clock's rate.
func (c *Clock) Rate() float64 {
	switch {
	case c.wall:
		return 1
	case c.rate > 0:
		return c.rate
	}
	return 0
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rawLocked().Add(c.offset)
}

func (c *Clock) rawLocked() time.Time {
	switch {
	case c.wall:
		return time.Now()
	case c.rate > 0:
		return c.base.Add(time.Duration(float64(c.realNow().Sub(c.realStart)) * c.rate))
	}
	return c.base
}

// Advance moves the clock forward by d (backward if d is negative). The
// simulators on the clock then run the scheduled work that became due and
// deliver its callback events, before Advance returns.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	c.notify()
}

// Set moves the clock to t; like Advance, the simulators on the clock then
// run the work that became due.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.rawLocked())
	c.mu.Unlock()
	c.notify()
}
