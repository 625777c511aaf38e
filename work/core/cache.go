package core

import (
	"context"
	"sync"
	"time"
)

// Cache stores tokens. The in-memory MemoryCache is the default; implement
// it over Redis or memcached so that several processes share one token
// instead of each fetching its own (WeCom limits gettoken calls).
//
// Implementations must be safe for concurrent use and must honour ctx.
type Cache interface {
	// Get returns the value stored under key; ok is false when there is none
	// or it has expired.
	Get(ctx context.Context, key string) (value string, ok bool, err error)
	// Set stores value under key for ttl.
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// CompareAndDeleter is implemented by caches that can delete a key only if
// it still holds an expected value, atomically (a Redis cache does it with a
// small Lua script). Token invalidation uses it when available, so that a
// process rejecting an old token never deletes a newer one that another
// process just stored.
type CompareAndDeleter interface {
	CompareAndDelete(ctx context.Context, key, old string) (deleted bool, err error)
}

// SharedRefresher is implemented by caches shared between processes that
// coordinate token refreshes, so that one process among many calls gettoken
// when a token is due and the others take its token from the cache (the
// Redis cache in module github.com/wecomkit/wecom/redis holds a lease lock
// meanwhile). CorpTokenSource uses it instead of Get and Set when the Cache
// implements it.
type SharedRefresher interface {
	// Refresh returns a value stored under key that accept approves, or
	// else calls fetch and stores the value it returns for its ttl (a ttl
	// <= 0 is returned, not stored). It calls fetch at most once and
	// returns only after fetch has returned; fetch's error is returned as
	// is. A failing cache must not fail the refresh: Refresh then calls
	// fetch itself.
	Refresh(ctx context.Context, key string, accept func(value string) bool,
		fetch func(ctx context.Context) (value string, ttl time.Duration, err error)) (string, error)
}

// MemoryCache is a Cache held in this process's memory. Its zero value is
// not usable; call NewMemoryCache. It prints as its number of entries,
// never their values (tokens).
type MemoryCache struct {
	mu    sync.Mutex
	m     map[string]memEntry
	sweep int // sweep expired entries when the map reaches this size
}

type memEntry struct {
	v   string
	exp time.Time
}

// NewMemoryCache returns an empty in-memory cache.
func NewMemoryCache() *MemoryCache { return &MemoryCache{m: make(map[string]memEntry)} }

// Get implements Cache.
func (c *MemoryCache) Get(_ context.Context, key string) (string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return "", false, nil
	}
	if !time.Now().Before(e.exp) {
		delete(c.m, key)
		return "", false, nil
	}
	return e.v, true, nil
}

// Set implements Cache. A ttl <= 0 deletes the key.
func (c *MemoryCache) Set(_ context.Context, key, value string, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ttl <= 0 {
		delete(c.m, key)
		return nil
	}
	now := time.Now()
	if len(c.m) >= max(c.sweep, 1024) { // bound memory: drop what has expired
		for k, e := range c.m {
			if !now.Before(e.exp) {
				delete(c.m, k)
			}
		}
		// Sweep again when the live entries have doubled, so that a cache
		// holding many live tokens (one per corp of a service provider)
		// does not scan them all on every Set.
		c.sweep = 2 * len(c.m)
	}
	c.m[key] = memEntry{v: value, exp: now.Add(ttl)}
	return nil
}

// Delete implements Cache.
func (c *MemoryCache) Delete(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	return nil
}

// CompareAndDelete implements CompareAndDeleter.
func (c *MemoryCache) CompareAndDelete(_ context.Context, key, old string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && e.v == old {
		delete(c.m, key)
		return true, nil
	}
	return false, nil
}

// privateCache is the cache of a token source that was given none: the
// source's own in-memory copy already holds its token, so there is nothing
// to share and nothing to store twice (an App costs no map for it).
type privateCache struct{}

func (privateCache) Get(context.Context, string) (string, bool, error)        { return "", false, nil }
func (privateCache) Set(context.Context, string, string, time.Duration) error { return nil }
func (privateCache) Delete(context.Context, string) error                     { return nil }
func (privateCache) String() string                                           { return "core.privateCache" }
