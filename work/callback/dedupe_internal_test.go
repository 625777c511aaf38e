package callback

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDedupe(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1718000000, 0)
	m := NewMemoryDedupe(3)
	m.now = func() time.Time { return now }

	seen, err := m.SeenBefore(ctx, "a", time.Minute)
	require.NoError(t, err)
	assert.False(t, seen)
	seen, _ = m.SeenBefore(ctx, "a", time.Minute)
	assert.True(t, seen)

	// Expiry.
	now = now.Add(time.Minute)
	seen, _ = m.SeenBefore(ctx, "a", time.Minute)
	assert.False(t, seen, "expired entries are forgotten")
	assert.Equal(t, 1, m.Len())

	// Bounded: the oldest entry is evicted.
	for _, k := range []string{"b", "c", "d"} {
		seen, _ = m.SeenBefore(ctx, k, time.Minute)
		assert.False(t, seen)
	}
	assert.Equal(t, 3, m.Len())
	seen, _ = m.SeenBefore(ctx, "d", time.Minute)
	assert.True(t, seen)
	seen, _ = m.SeenBefore(ctx, "a", time.Minute)
	assert.False(t, seen, "a was evicted")

	// Forget.
	require.NoError(t, m.Forget(ctx, "a"))
	require.NoError(t, m.Forget(ctx, "never-seen"))
	seen, _ = m.SeenBefore(ctx, "a", time.Minute)
	assert.False(t, seen)

	// Expired entries are pruned on insert.
	now = now.Add(time.Hour)
	_, _ = m.SeenBefore(ctx, "z", time.Minute)
	assert.Equal(t, 1, m.Len())
}

func TestMemoryDedupeDefaultsAndConcurrency(t *testing.T) {
	assert.Equal(t, DefaultDedupeEntries, NewMemoryDedupe(0).max)
	m := NewMemoryDedupe(50)
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := map[string]int{}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				k := fmt.Sprint(i)
				seen, err := m.SeenBefore(context.Background(), k, time.Hour)
				assert.NoError(t, err)
				if !seen {
					mu.Lock()
					firsts[k]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for k, n := range firsts {
		assert.Equal(t, 1, n, k)
	}
	assert.Len(t, firsts, 40)
	assert.LessOrEqual(t, m.Len(), 50)
}

func TestSettingsDefaults(t *testing.T) {
	base := Config{Token: "t", EncodingAESKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", ReceiverIDs: []string{"c"}}
	s, err := base.settings()
	require.NoError(t, err)
	assert.Equal(t, DefaultMaxBodyBytes, s.maxBody)
	assert.Equal(t, DefaultMaxClockSkew, s.maxSkew)
	assert.Equal(t, 2*DefaultMaxClockSkew, s.dedupeTTL)
	assert.IsType(t, &MemoryDedupe{}, s.dedupe)
	assert.NotNil(t, s.now)

	noSkew := base
	noSkew.MaxClockSkew = -1
	s, err = noSkew.settings()
	require.NoError(t, err)
	assert.Equal(t, DefaultDedupeTTL, s.dedupeTTL)

	noDedupe := base
	noDedupe.DedupeTTL = -1
	s, err = noDedupe.settings()
	require.NoError(t, err)
	assert.Nil(t, s.dedupe)
}
