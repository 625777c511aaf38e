package worktest

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpiringForgets(t *testing.T) {
	t0 := DefaultStart
	e := newExpiring[int](time.Hour, 5)

	// Past keep after expiring, entries are forgotten as new ones come.
	e.add("a", 1, t0, t0)
	e.add("b", 2, t0.Add(time.Minute), t0)
	v, exp, ok := e.get("a")
	require.True(t, ok)
	assert.Equal(t, 1, v)
	assert.Equal(t, t0, exp)
	e.add("c", 3, t0.Add(2*time.Hour), t0.Add(time.Hour))
	assert.False(t, e.has("a"), "expired an hour ago")
	assert.True(t, e.has("b"), "expired 59 minutes ago")
	assert.True(t, e.has("c"))

	// On a clock that stands still, the oldest go beyond the limit.
	e = newExpiring[int](0, 5)
	for i := 0; i < 12; i++ {
		e.add(strconv.Itoa(i), i, t0.Add(time.Hour), t0)
	}
	assert.Len(t, e.m, 5)
	assert.Len(t, e.order, 5)
	for i := 0; i < 12; i++ {
		assert.Equal(t, i >= 7, e.has(strconv.Itoa(i)), "%d", i)
	}

	e.expireAll(t0)
	_, exp, _ = e.get("11")
	assert.Equal(t, t0, exp)
}

// Tokens stay recognised (42001) for a day after they expire, then are
// forgotten (40014); fresh tokens on a frozen clock stay bounded.
func TestTokensForgotten(t *testing.T) {
	tk := newTokens(time.Hour, true, newRNG(1, 3))
	t0 := DefaultStart
	old, _ := tk.issue(t0)
	assert.Zero(t, tk.check(old, t0))
	later := t0.Add(time.Hour + forgetAfter)
	assert.Equal(t, codeTokenExpired, tk.check(old, later))
	tk.issue(later.Add(time.Second))
	assert.Equal(t, codeInvalidToken, tk.check(old, later.Add(time.Second)))

	for i := 0; i < maxTokens+10; i++ {
		tk.issue(t0)
	}
	assert.Len(t, tk.issued.m, maxTokens)
}
