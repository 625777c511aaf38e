package wecomredis_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/core"
)

// benchSource returns a warm token source on the in-memory default cache
// (rdb nil) or on Redis, with the Redis client's command counter.
func benchSource(b *testing.B, fake *fakeWeCom, useRedis bool) (*core.Client, *core.CorpTokenSource, func() int64) {
	b.Helper()
	base, err := core.NewClient(core.Options{BaseURL: fake.srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	cfg := core.CorpTokenConfig{CorpID: "wwBENCH", Secret: testSecret}
	cmds := func() int64 { return 0 }
	if useRedis {
		rdb := redis.NewClient(&redis.Options{Addr: redisAddr(b)})
		b.Cleanup(func() { rdb.Close() })
		n := countCommands(rdb)
		cmds = n.Load
		s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: testPrefix(b)})
		if err != nil {
			b.Fatal(err)
		}
		cfg.Cache = s.TokenCache()
	}
	src := core.NewCorpTokenSource(base, cfg)
	if _, err := src.Token(bg); err != nil {
		b.Fatal(err)
	}
	return base.WithTokenSource(core.AuthAccessToken, src), src, cmds
}

func cacheName(useRedis bool) string {
	if useRedis {
		return "redis"
	}
	return "memory"
}

// The hit path: a valid token from the in-process copy, with the in-memory
// default beside Redis.
func BenchmarkTokenHit(b *testing.B) {
	fake := newFakeWeCom(b)
	for _, useRedis := range []bool{false, true} {
		b.Run(cacheName(useRedis), func(b *testing.B) {
			_, src, cmds := benchSource(b, fake, useRedis)
			before := cmds()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := src.Token(bg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cmds()-before)/float64(b.N), "redis-cmds/op")
		})
	}
}

// A whole API call over loopback HTTP, the token taken on the hit path.
func BenchmarkCall(b *testing.B) {
	fake := newFakeWeCom(b)
	for _, useRedis := range []bool{false, true} {
		b.Run(cacheName(useRedis), func(b *testing.B) {
			c, _, cmds := benchSource(b, fake, useRedis)
			before := cmds()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var out struct {
					Value int `json:"value"`
				}
				if err := c.Call(bg, epTest, nil, nil, &out); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cmds()-before)/float64(b.N), "redis-cmds/op")
		})
	}
}

// One call's share of the shared rate budget: a Redis round trip (the
// GCRA script), beside the in-process fallback.
func BenchmarkLimiterAllow(b *testing.B) {
	r := wecomredis.Rate{Events: 1 << 30, Per: time.Second, Burst: 1 << 30}
	for _, tc := range []struct {
		name, addr string
	}{{"redis", redisAddr(b)}, {"fallback", "127.0.0.1:1"}} {
		b.Run(tc.name, func(b *testing.B) {
			rdb := redis.NewClient(&redis.Options{Addr: tc.addr})
			b.Cleanup(func() { rdb.Close() })
			s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: testPrefix(b), Cooldown: time.Hour})
			if err != nil {
				b.Fatal(err)
			}
			l := s.Limiter()
			l.Allow(bg, "warm", r) //nolint:errcheck // loads the script, or starts the cooldown
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if ok, _, err := l.Allow(bg, "wwBENCH/externalcontact/get/1s", r); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// A delivery's dedupe cost on Redis: claim, then complete.
func BenchmarkDedupeClaimComplete(b *testing.B) {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr(b)})
	b.Cleanup(func() { rdb.Close() })
	s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: testPrefix(b)})
	if err != nil {
		b.Fatal(err)
	}
	d := s.Dedupe()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		key := "bench:" + strconv.Itoa(i)
		if _, err := d.Claim(bg, key, "owner", 5*time.Second); err != nil {
			b.Fatal(err)
		}
		if err := d.Complete(bg, key, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
