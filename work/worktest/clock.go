package worktest

import (
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
// time.Now, shifted by whatever Advance and Set add. A Clock is safe for
// concurrent use.
type Clock struct {
	mu     sync.Mutex
	base   time.Time // the frozen time; unused by a wall clock
	offset time.Duration
	wall   bool
}

// NewClock returns a frozen clock showing start.
func NewClock(start time.Time) *Clock { return &Clock{base: start} }

// NewWallClock returns a clock that follows the real time.
func NewWallClock() *Clock { return &Clock{wall: true} }

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rawLocked().Add(c.offset)
}

func (c *Clock) rawLocked() time.Time {
	if c.wall {
		return time.Now()
	}
	return c.base
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.rawLocked())
	c.mu.Unlock()
}
