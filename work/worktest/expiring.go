package worktest

import "time"

// expiring is a table of things that expire on the simulator clock, keyed
// by a random string: the access tokens and the WelcomeCodes. It stays
// bounded however long the simulator runs and however its clock moves: an
// entry is forgotten keep after it expired, and beyond limit entries the
// oldest are forgotten first. Both happen on add, from the oldest entry
// on, so an add costs amortised O(1). The owner locks.
type expiring[V any] struct {
	keep  time.Duration
	limit int
	m     map[string]expiringEntry[V]
	order []string // keys in the order they were added
}

type expiringEntry[V any] struct {
	val     V
	expires time.Time
}

func newExpiring[V any](keep time.Duration, limit int) *expiring[V] {
	return &expiring[V]{keep: keep, limit: limit, m: map[string]expiringEntry[V]{}}
}

// get returns the entry of k, expired or not, while it is remembered.
func (e *expiring[V]) get(k string) (V, time.Time, bool) {
	ent, ok := e.m[k]
	return ent.val, ent.expires, ok
}

// has reports whether k is remembered.
func (e *expiring[V]) has(k string) bool {
	_, ok := e.m[k]
	return ok
}

// add remembers k until keep after expires, first forgetting the oldest
// entries that are past that point as of now, or beyond the limit. k must
// not be remembered already.
func (e *expiring[V]) add(k string, v V, expires, now time.Time) {
	for len(e.order) > 0 {
		old := e.order[0]
		if len(e.m) < e.limit && now.Sub(e.m[old].expires) < e.keep {
			break
		}
		delete(e.m, old)
		e.order = e.order[1:]
	}
	e.m[k] = expiringEntry[V]{val: v, expires: expires}
	e.order = append(e.order, k)
}

// set replaces the value of k, keeping its expiry; it reports whether k
// is remembered.
func (e *expiring[V]) set(k string, v V) bool {
	ent, ok := e.m[k]
	if ok {
		ent.val = v
		e.m[k] = ent
	}
	return ok
}

// expireAll makes every entry that has not expired yet expire at now.
func (e *expiring[V]) expireAll(now time.Time) {
	for k, ent := range e.m {
		if ent.expires.After(now) {
			ent.expires = now
			e.m[k] = ent
		}
	}
}
