package worktest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestClocks(t *testing.T) {
	frozen := NewClock(DefaultStart)
	assert.Equal(t, DefaultStart, frozen.Now())
	assert.Zero(t, frozen.Rate())
	frozen.Advance(time.Hour)
	assert.Equal(t, DefaultStart.Add(time.Hour), frozen.Now())

	assert.Equal(t, 1.0, NewWallClock().Rate())
	assert.Zero(t, NewScaledClock(DefaultStart, 0).Rate(), "a rate <= 0 is frozen")

	// A scaled clock, on a fake real time: 60 times as fast.
	var mu sync.Mutex
	real := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewScaledClock(DefaultStart, 60)
	c.realStart, c.realNow = real, func() time.Time { mu.Lock(); defer mu.Unlock(); return real }
	assert.Equal(t, 60.0, c.Rate())
	assert.Equal(t, DefaultStart, c.Now())
	mu.Lock()
	real = real.Add(time.Minute)
	mu.Unlock()
	assert.Equal(t, DefaultStart.Add(time.Hour), c.Now(), "a real minute is a simulated hour")
	c.Advance(24 * time.Hour)
	assert.Equal(t, DefaultStart.Add(25*time.Hour), c.Now())
	c.Set(DefaultStart)
	assert.Equal(t, DefaultStart, c.Now())
	mu.Lock()
	real = real.Add(time.Second)
	mu.Unlock()
	assert.Equal(t, DefaultStart.Add(time.Minute), c.Now(), "Set, then it keeps running")
}
