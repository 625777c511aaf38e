package wecomredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wecomkit/wecom/work/core"
)

// Cache is a core.Cache on Redis for access tokens, shared by every
// instance on the same Redis. Beyond Get, Set and Delete it deletes
// atomically only a token that still holds the rejected value
// (core.CompareAndDeleter), and it lets one instance among many fetch a
// token that is due while the others wait for it (core.SharedRefresher).
//
// The token source keeps its own in-process copy: an API call with a valid
// token does not touch Redis at all. Take a Cache from Store.TokenCache.
type Cache struct{ s *Store }

var (
	_ core.Cache             = (*Cache)(nil)
	_ core.CompareAndDeleter = (*Cache)(nil)
	_ core.SharedRefresher   = (*Cache)(nil)
)

// Scripts on one key each, so they run on a cluster too.
var (
	// casDelete deletes KEYS[1] if it holds ARGV[1].
	casDelete = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`)
	// casExpire sets KEYS[1]'s time to live to ARGV[2] milliseconds if it
	// holds ARGV[1].
	casExpire = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`)
)

// Get implements core.Cache.
func (c *Cache) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := call(c.s, ctx, "get", func(ctx context.Context) (string, error) {
		return c.s.rdb.Get(ctx, c.s.key(key)).Result()
	})
	switch {
	case errors.Is(err, redis.Nil):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return v, true, nil
}

// Set implements core.Cache. A ttl <= 0 deletes the key.
func (c *Cache) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if ttl <= 0 {
		return c.Delete(ctx, key)
	}
	_, err := call(c.s, ctx, "set", func(ctx context.Context) (string, error) {
		return c.s.rdb.Set(ctx, c.s.key(key), value, ttl).Result()
	})
	return err
}

// Delete implements core.Cache.
func (c *Cache) Delete(ctx context.Context, key string) error {
	_, err := call(c.s, ctx, "delete", func(ctx context.Context) (int64, error) {
		return c.s.rdb.Del(ctx, c.s.key(key)).Result()
	})
	return err
}

// CompareAndDelete implements core.CompareAndDeleter with a script: the key
// is deleted only if it still holds old, so an instance rejecting a stale
// token never evicts the fresh one another instance stored.
func (c *Cache) CompareAndDelete(ctx context.Context, key, old string) (bool, error) {
	n, err := call(c.s, ctx, "compare-and-delete", func(ctx context.Context) (int64, error) {
		return casDelete.Run(ctx, c.s.rdb, []string{c.s.key(key)}, old).Int64()
	})
	return n == 1, err
}

// Refresh implements core.SharedRefresher. One instance at a time holds a
// lease lock on the key (SET NX PX with a random owner, renewed every third
// of Options.TokenLease while it fetches, released by compare-and-delete).
// The holder reads the cache again before it fetches and stores the token
// before it releases the lock. The others poll the cache at jittered,
// growing intervals; one of them takes the lock when the holder releases it
// without a token or dies (its lease ends). A waiter fetches by itself after
// Options.TokenMaxWait (at most half the time left to ctx), and at once when
// Redis fails: no refresh fails because of Redis.
func (c *Cache) Refresh(ctx context.Context, key string, accept func(value string) bool,
	fetch func(ctx context.Context) (string, time.Duration, error)) (string, error) {
	v, ok, err := c.Get(ctx, key)
	switch {
	case err != nil:
		return c.fetchStore(ctx, key, fetch)
	case ok && accept(v):
		return v, nil
	}
	lock := c.s.key(key) + ":lock"
	owner := newOwner()
	lease := c.s.opt.TokenLease
	bound := c.s.opt.TokenMaxWait
	if dl, ok := ctx.Deadline(); ok {
		bound = min(bound, time.Until(dl)/2)
	}
	waitUntil := time.Now().Add(bound)
	pollMax := min(max(lease/8, pollMin), 100*time.Millisecond)
	poll := pollMin
	for {
		got, err := call(c.s, ctx, "lock", func(ctx context.Context) (bool, error) {
			return c.s.rdb.SetNX(ctx, lock, owner, lease).Result()
		})
		if err != nil {
			if ctx.Err() != nil {
				return "", waitErr(ctx)
			}
			return c.fetchStore(ctx, key, fetch)
		}
		if got {
			return c.holdAndFetch(ctx, key, lock, owner, accept, fetch)
		}
		left := time.Until(waitUntil)
		if left <= 0 {
			if l := c.s.opt.Logger; l != nil {
				l.LogAttrs(ctx, slog.LevelWarn, "wecomredis: another instance's token refresh takes too long; fetching the token here",
					slog.Duration("waited", bound))
			}
			return c.fetchStore(ctx, key, fetch)
		}
		t := time.NewTimer(min(jitter(poll), left))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", waitErr(ctx)
		}
		poll = min(2*poll, pollMax)
		v, ok, err = c.Get(ctx, key)
		switch {
		case err != nil && ctx.Err() != nil:
			return "", waitErr(ctx)
		case err != nil:
			return c.fetchStore(ctx, key, fetch)
		case ok && accept(v):
			return v, nil
		}
	}
}

// pollMin is the first wait between two looks at the cache.
const pollMin = 10 * time.Millisecond

func waitErr(ctx context.Context) error {
	return fmt.Errorf("wecomredis: waiting for another instance's access token: %w", ctx.Err())
}

// holdAndFetch runs with the lock held.
func (c *Cache) holdAndFetch(ctx context.Context, key, lock, owner string, accept func(string) bool,
	fetch func(context.Context) (string, time.Duration, error)) (string, error) {
	defer c.unlock(ctx, lock, owner)
	// The previous holder may have stored a token since this instance
	// looked.
	if v, ok, err := c.Get(ctx, key); err == nil && ok && accept(v) {
		return v, nil
	}
	v, ttl, err := func() (string, time.Duration, error) {
		defer c.keepLock(ctx, lock, owner)() // stopped even if fetch panics
		return fetch(ctx)
	}()
	if err == nil && ttl > 0 {
		_ = c.Set(ctx, key, v, ttl) // a failure is logged; the token is used anyway
	}
	return v, err
}

// fetchStore fetches without the lock (Redis failing, or the wait over) and
// offers the token to the cache.
func (c *Cache) fetchStore(ctx context.Context, key string, fetch func(context.Context) (string, time.Duration, error)) (string, error) {
	v, ttl, err := fetch(ctx)
	if err == nil && ttl > 0 {
		_ = c.Set(ctx, key, v, ttl)
	}
	return v, err
}

// keepLock renews the lease every third of it until stop is called, so a
// gettoken slower than the lease does not let a second instance in.
func (c *Cache) keepLock(ctx context.Context, lock, owner string) (stop func()) {
	lease := c.s.opt.TokenLease
	ms := strconv.FormatInt(max(lease.Milliseconds(), 1), 10)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(lease/3, time.Millisecond))
		defer t.Stop()
		bg := context.WithoutCancel(ctx)
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			n, err := call(c.s, bg, "renew-lock", func(ctx context.Context) (int64, error) {
				return casExpire.Run(ctx, c.s.rdb, []string{lock}, owner, ms).Int64()
			})
			if err == nil && n == 0 {
				return // lost (expired during an outage): nothing left to renew
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// unlock releases the lock if this owner still holds it, even when ctx is
// done.
func (c *Cache) unlock(ctx context.Context, lock, owner string) {
	_, _ = call(c.s, context.WithoutCancel(ctx), "unlock", func(ctx context.Context) (int64, error) {
		return casDelete.Run(ctx, c.s.rdb, []string{lock}, owner).Int64()
	})
}

// jitter returns a duration in [d/2, d].
func jitter(d time.Duration) time.Duration { return d/2 + mrand.N(d/2+1) }

// newOwner returns 128 random bits in hex, naming one lock or claim holder.
func newOwner() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms
	return hex.EncodeToString(b[:])
}
