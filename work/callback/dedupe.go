package callback

import (
	"container/list"
	"context"
	"strconv"
	"sync"
	"time"
)

// DedupeStore remembers deliveries already handled, so that a delivery
// WeCom retries (same msg_signature, timestamp and nonce) reaches the user's
// handler once. Share one store between instances behind a load balancer.
//
// A Redis implementation fits directly:
//
//	SeenBefore: ok := SET key 1 NX PX ttl; return !ok
//	Forget:     DEL key
//
// Implementations must be safe for concurrent use.
type DedupeStore interface {
	// SeenBefore atomically records key for ttl and reports whether it was
	// already recorded and not yet expired.
	SeenBefore(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Forget removes key, so that the next delivery with it is handled
	// again. The Handler calls it when the user's handler fails.
	Forget(ctx context.Context, key string) error
}

// ClaimState is what DeliveryClaimer.Claim found.
type ClaimState int

const (
	// ClaimAcquired means the caller now holds the claim and handles the
	// delivery.
	ClaimAcquired ClaimState = iota
	// ClaimHandled means the delivery was handled successfully before.
	ClaimHandled
	// ClaimBusy means another owner holds a live claim: a copy of the
	// delivery is being handled elsewhere right now.
	ClaimBusy
)

// String returns the state's name.
func (s ClaimState) String() string {
	switch s {
	case ClaimAcquired:
		return "acquired"
	case ClaimHandled:
		return "handled"
	case ClaimBusy:
		return "busy"
	}
	return "ClaimState(" + strconv.Itoa(int(s)) + ")"
}

// DeliveryClaimer is a DedupeStore shared between instances that tells a
// delivery being handled from one that was handled. With one, a retry that
// reaches another instance while the first copy still runs waits for that
// copy's outcome instead of being answered "success" before it succeeded;
// if the first copy fails or its instance dies, the retry handles it.
//
// The Handler claims a delivery for Config.DedupeLease, renews the claim
// every third of the lease while the user's handler runs, then completes it
// (success) or releases it (failure). The Redis store in module
// github.com/wecomkit/wecom/redis implements it.
type DeliveryClaimer interface {
	DedupeStore
	// Claim atomically claims key for owner for lease, unless the key is
	// handled (ClaimHandled) or held by a live claim (ClaimBusy).
	Claim(ctx context.Context, key, owner string, lease time.Duration) (ClaimState, error)
	// Renew extends owner's claim on key to lease from now. It returns
	// false when the claim is no longer owner's (it expired).
	Renew(ctx context.Context, key, owner string, lease time.Duration) (bool, error)
	// Complete records key as handled for ttl, whoever holds it.
	Complete(ctx context.Context, key string, ttl time.Duration) error
	// Release drops owner's claim on key, so that the next delivery with
	// it is handled again; a claim now held by another owner is left.
	Release(ctx context.Context, key, owner string) error
}

// DefaultDedupeEntries is the capacity of the default in-memory store.
const DefaultDedupeEntries = 10000

// MemoryDedupe is an in-memory DedupeStore bounded in size: entries expire
// after their ttl, and when the store is full the oldest entry is evicted (a
// retry of an evicted delivery is handled again: at-least-once, never lost).
// It is safe for concurrent use. It serves one process only; use a shared
// store when several instances receive callbacks.
type MemoryDedupe struct {
	max int
	now func() time.Time

	mu    sync.Mutex
	order *list.List // of *dedupeEntry, newest at the front
	index map[string]*list.Element
}

type dedupeEntry struct {
	key     string
	expires time.Time
}

// NewMemoryDedupe returns an empty MemoryDedupe holding at most maxEntries
// keys (DefaultDedupeEntries when maxEntries <= 0).
func NewMemoryDedupe(maxEntries int) *MemoryDedupe {
	if maxEntries <= 0 {
		maxEntries = DefaultDedupeEntries
	}
	return &MemoryDedupe{
		max:   maxEntries,
		now:   time.Now,
		order: list.New(),
		index: make(map[string]*list.Element),
	}
}

// SeenBefore implements DedupeStore.
func (m *MemoryDedupe) SeenBefore(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.index[key]; ok {
		if now.Before(el.Value.(*dedupeEntry).expires) {
			return true, nil
		}
		m.remove(el)
	}
	m.pruneExpired(now)
	for m.order.Len() >= m.max {
		m.remove(m.order.Back())
	}
	m.index[key] = m.order.PushFront(&dedupeEntry{key: key, expires: now.Add(ttl)})
	return false, nil
}

// Forget implements DedupeStore.
func (m *MemoryDedupe) Forget(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.index[key]; ok {
		m.remove(el)
	}
	return nil
}

// Len returns the number of keys held, expired ones included until pruned.
func (m *MemoryDedupe) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}

// pruneExpired drops expired entries from the old end. With one ttl for all
// keys (the Handler's case) the list is ordered by expiry, so this stops at
// the first live entry.
func (m *MemoryDedupe) pruneExpired(now time.Time) {
	for el := m.order.Back(); el != nil; el = m.order.Back() {
		if now.Before(el.Value.(*dedupeEntry).expires) {
			return
		}
		m.remove(el)
	}
}

func (m *MemoryDedupe) remove(el *list.Element) {
	delete(m.index, el.Value.(*dedupeEntry).key)
	m.order.Remove(el)
}
