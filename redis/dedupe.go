package wecomredis

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wecomkit/wecom/work/callback"
)

// Dedupe is a callback.DedupeStore on Redis that callback Handlers on every
// instance share. It is a callback.DeliveryClaimer: a delivery is claimed
// while it is handled ("run:" + owner, with a lease the Handler renews) and
// recorded when it succeeded ("done", for the Handler's DedupeTTL), so a
// retry reaching another instance meanwhile waits for the outcome rather
// than being answered "success" early. Take a Dedupe from Store.Dedupe.
type Dedupe struct{ s *Store }

var _ callback.DeliveryClaimer = (*Dedupe)(nil)

// claimScript claims KEYS[1] for ARGV[1] for ARGV[2] milliseconds unless it
// is handled (1) or claimed (2).
var claimScript = redis.NewScript(`local v = redis.call("GET", KEYS[1])
if not v then
	redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
	return 0
end
if v == "done" then return 1 end
return 2`)

const doneValue = "done"

func (d *Dedupe) key(k string) string { return d.s.key("wecom:callback:" + k) }

func ms(t time.Duration) string { return strconv.FormatInt(max(t.Milliseconds(), 1), 10) }

// SeenBefore implements callback.DedupeStore (SET NX PX). The Handler uses
// Claim instead; SeenBefore serves other callers of the plain interface.
func (d *Dedupe) SeenBefore(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	set, err := call(d.s, ctx, "dedupe", func(ctx context.Context) (bool, error) {
		return d.s.rdb.SetNX(ctx, d.key(key), doneValue, ttl).Result()
	})
	return !set && err == nil, err
}

// Forget implements callback.DedupeStore.
func (d *Dedupe) Forget(ctx context.Context, key string) error {
	_, err := call(d.s, ctx, "dedupe-forget", func(ctx context.Context) (int64, error) {
		return d.s.rdb.Del(ctx, d.key(key)).Result()
	})
	return err
}

// Claim implements callback.DeliveryClaimer.
func (d *Dedupe) Claim(ctx context.Context, key, owner string, lease time.Duration) (callback.ClaimState, error) {
	n, err := call(d.s, ctx, "dedupe-claim", func(ctx context.Context) (int64, error) {
		return claimScript.Run(ctx, d.s.rdb, []string{d.key(key)}, "run:"+owner, ms(lease)).Int64()
	})
	switch {
	case err != nil:
		return callback.ClaimBusy, err
	case n == 0:
		return callback.ClaimAcquired, nil
	case n == 1:
		return callback.ClaimHandled, nil
	}
	return callback.ClaimBusy, nil
}

// Renew implements callback.DeliveryClaimer.
func (d *Dedupe) Renew(ctx context.Context, key, owner string, lease time.Duration) (bool, error) {
	n, err := call(d.s, ctx, "dedupe-renew", func(ctx context.Context) (int64, error) {
		return casExpire.Run(ctx, d.s.rdb, []string{d.key(key)}, "run:"+owner, ms(lease)).Int64()
	})
	return n == 1, err
}

// Complete implements callback.DeliveryClaimer.
func (d *Dedupe) Complete(ctx context.Context, key string, ttl time.Duration) error {
	_, err := call(d.s, ctx, "dedupe-complete", func(ctx context.Context) (string, error) {
		return d.s.rdb.Set(ctx, d.key(key), doneValue, ttl).Result()
	})
	return err
}

// Release implements callback.DeliveryClaimer.
func (d *Dedupe) Release(ctx context.Context, key, owner string) error {
	_, err := call(d.s, ctx, "dedupe-release", func(ctx context.Context) (int64, error) {
		return casDelete.Run(ctx, d.s.rdb, []string{d.key(key)}, "run:"+owner).Int64()
	})
	return err
}
