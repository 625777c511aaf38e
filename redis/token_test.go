package wecomredis_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/core"
)

// instances builds n instances on the shared Redis with one prefix.
func instances(t *testing.T, n int, fake *fakeWeCom, prefix string, mod func(*instanceConfig)) []*instance {
	t.Helper()
	out := make([]*instance, n)
	for i := range out {
		c := instanceConfig{addr: redisAddr(t), prefix: prefix, baseURL: fake.srv.URL}
		if mod != nil {
			mod(&c)
		}
		out[i] = newInstance(t, c)
	}
	return out
}

// tokensOf calls Token on every instance from g goroutines each and returns
// the tokens seen (token -> count); errors fail the test.
func tokensOf(t *testing.T, ins []*instance, g int) map[string]int {
	t.Helper()
	var mu sync.Mutex
	got := map[string]int{}
	var errs []error
	parallel(len(ins)*g, func(i int) {
		tok, err := ins[i%len(ins)].src.Token(bg)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			return
		}
		got[tok]++
	})
	require.Empty(t, errs)
	return got
}

// The process holding the lock is killed (SIGKILL) in the middle of
// gettoken: another instance fetches once the lease has ended.
func TestHolderKilledMidFetch(t *testing.T) {
	const lease = 400 * time.Millisecond
	fake := newFakeWeCom(t)
	const corp = "wwKILL"
	firstFetch := make(chan struct{})
	var mu sync.Mutex
	var f *fleet
	var lockKey string
	var secondAt time.Time
	var holderAtSecond string
	fake.setOnFetch(func(r *http.Request, n int) {
		switch n {
		case 1:
			close(firstFetch)
			select { // until the holder dies
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
		case 2:
			mu.Lock()
			defer mu.Unlock()
			secondAt = time.Now()
			holderAtSecond, _ = f.in.rdb.Get(bg, lockKey).Result()
		}
	})
	mu.Lock()
	f = startFleet(t, 1, fake, lease)
	lockKey = f.prefix + core.TokenCacheKey(corp, 0, testSecret) + ":lock"
	mu.Unlock()
	f.send(childCmd{Op: "token", Corp: corp, Now: epoch.UnixMilli(), Goroutines: 5})
	<-firstFetch
	deadOwner, err := f.in.rdb.Get(bg, lockKey).Result()
	require.NoError(t, err, "the child holds the lock while it fetches")

	waiter := newInstance(t, instanceConfig{addr: redisAddr(t), prefix: f.prefix, baseURL: fake.srv.URL, corp: corp,
		opts: wecomredis.Options{TokenLease: lease}})
	type res struct {
		tok string
		err error
	}
	done := make(chan res, 1)
	go func() { tok, err := waiter.src.Token(bg); done <- res{tok, err} }()
	time.Sleep(100 * time.Millisecond) // the waiter is polling
	require.NoError(t, f.procs[0].Process.Kill())
	killedAt := time.Now()

	var r res
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the waiter never got a token")
	}
	require.NoError(t, r.err)
	assert.Equal(t, tokenName(corp, testSecret, 2), r.tok)
	assert.Equal(t, 2, fake.fetchCount(corp))
	mu.Lock()
	defer mu.Unlock()
	assert.NotEmpty(t, holderAtSecond, "the second fetch ran under the lock")
	assert.NotEqual(t, deadOwner, holderAtSecond, "taken over only after the dead holder's lease ended")
	// The bound: the rest of the lease (at most one lease since the dead
	// holder's last renewal), then one poll interval (at most 100 ms);
	// 1 s of slack for a loaded machine.
	took := secondAt.Sub(killedAt)
	assert.Less(t, took, lease+100*time.Millisecond+time.Second)
	t.Logf("holder killed: the next instance fetched %s later (lease %s)", took.Round(time.Millisecond), lease)
}

// gettoken much slower than the lease: the holder renews its lease, so
// nobody else fetches.
func TestSlowGettokenNoStorm(t *testing.T) {
	fake := newFakeWeCom(t)
	fake.setOnFetch(func(*http.Request, int) { time.Sleep(2500 * time.Millisecond) })
	prefix := testPrefix(t)
	for r := 0; r < 2; r++ {
		corp := "wwSLOW" + strconv.Itoa(r)
		ins := instances(t, 5, fake, prefix, func(c *instanceConfig) {
			c.corp = corp
			c.opts.TokenLease = 500 * time.Millisecond
		})
		got := tokensOf(t, ins, 20)
		require.Equal(t, map[string]int{tokenName(corp, testSecret, 1): 100}, got)
		require.Equal(t, 1, fake.fetchCount(corp), "round %d: one gettoken though it took 5 leases", r)
		n, err := ins[0].rdb.Exists(bg, prefix+core.TokenCacheKey(corp, 0, testSecret)+":lock").Result()
		require.NoError(t, err)
		assert.Zero(t, n, "the lock is released")
	}
}

// A holder alive but stuck: a waiter past its bound fetches by itself.
func TestWaitBoundThenFetch(t *testing.T) {
	fake := newFakeWeCom(t)
	release := make(chan struct{})
	fake.setOnFetch(func(_ *http.Request, n int) {
		if n == 1 {
			<-release
		}
	})
	defer close(release)
	prefix := testPrefix(t)
	ins := instances(t, 2, fake, prefix, func(c *instanceConfig) {
		c.opts.TokenLease = 100 * time.Millisecond
		c.opts.TokenMaxWait = 300 * time.Millisecond
	})
	go ins[0].src.Token(bg) //nolint:errcheck // stuck until the test ends
	require.Eventually(t, func() bool { return fake.fetchCount(testCorp) == 1 }, 10*time.Second, 5*time.Millisecond)
	start := time.Now()
	tok, err := ins[1].src.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, tokenName(testCorp, testSecret, 2), tok)
	assert.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond, "waited its bound first")
	assert.Contains(t, ins[1].logs.String(), "takes too long")
}

// A caller whose context ends while it waits gets its context's error at
// once, without fetching.
func TestWaitHonoursContext(t *testing.T) {
	fake := newFakeWeCom(t)
	release := make(chan struct{})
	fake.setOnFetch(func(_ *http.Request, n int) {
		if n == 1 {
			<-release
		}
	})
	defer close(release)
	ins := instances(t, 2, fake, testPrefix(t), nil)
	go ins[0].src.Token(bg) //nolint:errcheck // stuck until the test ends
	require.Eventually(t, func() bool { return fake.fetchCount(testCorp) == 1 }, 10*time.Second, 5*time.Millisecond)
	ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	_, err := ins[1].src.Token(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, fake.fetchCount(testCorp))
}

// The refresh context's deadline halves the wait bound: with FetchTimeout
// 600 ms a waiter fetches after ~300 ms although TokenMaxWait is 5 s.
func TestWaitBoundFollowsFetchTimeout(t *testing.T) {
	fake := newFakeWeCom(t)
	release := make(chan struct{})
	fake.setOnFetch(func(_ *http.Request, n int) {
		if n == 1 {
			<-release
		}
	})
	defer close(release)
	ins := instances(t, 2, fake, testPrefix(t), func(c *instanceConfig) { c.fetchTimeout = 600 * time.Millisecond })
	go ins[0].src.Token(bg) //nolint:errcheck // stuck until the test ends
	require.Eventually(t, func() bool { return fake.fetchCount(testCorp) == 1 }, 10*time.Second, 5*time.Millisecond)
	tok, err := ins[1].src.Token(bg)
	require.NoError(t, err, "fetched within its own FetchTimeout")
	assert.Equal(t, tokenName(testCorp, testSecret, 2), tok)
}

// A rotated secret is a new key: the old token is never used for it, and
// instances with the new secret share the new token.
func TestSecretRotation(t *testing.T) {
	fake := newFakeWeCom(t)
	prefix := testPrefix(t)
	const newSecret = "secret-B-9876543210"
	old := instances(t, 1, fake, prefix, nil)[0]
	require.NoError(t, old.call(bg))
	oldTok := tokenName(testCorp, testSecret, 1)
	require.Equal(t, 1, fake.usedCount(oldTok))

	rotated := instances(t, 3, fake, prefix, func(c *instanceConfig) { c.secret = newSecret })
	parallel(30, func(i int) { require.NoError(t, rotated[i%3].call(bg)) })
	newTok := tokenName(testCorp, newSecret, 2)
	assert.Equal(t, 30, fake.usedCount(newTok), "all calls with the new secret use its token")
	assert.Equal(t, 1, fake.usedCount(oldTok), "the old token is not used after the rotation")
	assert.Equal(t, 2, fake.fetchCount(testCorp), "one gettoken for the new secret across instances")
	oldKey, newKey := core.TokenCacheKey(testCorp, 0, testSecret), core.TokenCacheKey(testCorp, 0, newSecret)
	require.NotEqual(t, oldKey, newKey)
	for key, tok := range map[string]string{oldKey: oldTok, newKey: newTok} {
		raw, ok, err := rotated[0].store.TokenCache().Get(bg, key)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Contains(t, raw, "|"+tok)
		assert.NotContains(t, key, testSecret)
		assert.NotContains(t, key, newSecret)
	}
}

// Stored until the refresh time: expires_in minus the refresh margin.
func TestTokenStoredUntilRefreshTime(t *testing.T) {
	fake := newFakeWeCom(t)
	prefix := testPrefix(t)
	in := instances(t, 1, fake, prefix, func(c *instanceConfig) { c.corp = "wwTTL" })[0]
	_, err := in.src.Token(bg)
	require.NoError(t, err)
	key := prefix + core.TokenCacheKey("wwTTL", 0, testSecret)
	assert.Equal(t, prefix+"wecom:access_token:wwTTL:0:", key[:len(prefix+"wecom:access_token:wwTTL:0:")], "key layout")
	ttl, err := in.rdb.PTTL(bg, key).Result()
	require.NoError(t, err)
	assert.LessOrEqual(t, ttl, 6900*time.Second)
	assert.Greater(t, ttl, 6890*time.Second)
	n, err := in.rdb.Exists(bg, key+":lock").Result()
	require.NoError(t, err)
	assert.Zero(t, n)
}

// Redis stopped mid-run: calls keep succeeding (at most one gettoken per
// instance, the failure logged once); Redis restarted: shared again.
func TestRedisStoppedAndRestarted(t *testing.T) {
	srv := privateServer(t)
	fake := newFakeWeCom(t)
	prefix := testPrefix(t)
	clk := newClock()
	ins := make([]*instance, 3)
	for i := range ins {
		ins[i] = newInstance(t, instanceConfig{addr: srv.addr, prefix: prefix, baseURL: fake.srv.URL, clock: clk,
			opts: wecomredis.Options{Timeout: 100 * time.Millisecond, Cooldown: 50 * time.Millisecond}})
	}
	// Calls run all along, on every instance.
	stop := make(chan struct{})
	var calls, failed atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				calls.Add(1)
				if err := ins[i%3].call(bg); err != nil {
					failed.Add(1)
					t.Errorf("call failed: %v", err)
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	require.Eventually(t, func() bool { return calls.Load() > 30 }, 10*time.Second, time.Millisecond)
	require.Equal(t, 1, fake.fetchCount(testCorp), "shared while Redis runs")

	srv.stop()
	clk.Advance(7200*time.Second - 5*time.Minute) // every instance is due
	for _, in := range ins {
		tok, err := in.src.Token(bg)
		require.NoError(t, err)
		assert.NotEqual(t, tokenName(testCorp, testSecret, 1), tok)
		// The rate budget and the dedupe store fall back too.
		for j := 0; j < 20; j++ {
			ok, _, err := in.store.Limiter().Allow(bg, testCorp+"/test/get/1s", wecomredis.Rate{Events: 1000, Per: time.Second, Burst: 100})
			require.NoError(t, err)
			require.True(t, ok)
			time.Sleep(5 * time.Millisecond) // past the cooldown now and then
		}
	}
	during := fake.fetchCount(testCorp) - 1
	assert.GreaterOrEqual(t, during, 1)
	assert.LessOrEqual(t, during, len(ins), "at most one gettoken per instance while Redis is down")
	before := calls.Load()
	require.Eventually(t, func() bool { return calls.Load() > before+30 }, 10*time.Second, time.Millisecond)
	for i, in := range ins {
		assert.Equal(t, 1, in.logs.count("Redis failed"), "instance %d logs the outage once:\n%s", i, in.logs)
	}

	restarted, err := startRedisServer(srv.dir, srv.port())
	require.NoError(t, err)
	t.Cleanup(restarted.stop)
	for _, in := range ins {
		require.Eventually(t, func() bool {
			_, _, err := in.store.TokenCache().Get(bg, "probe")
			return err == nil
		}, 10*time.Second, 10*time.Millisecond)
		assert.Equal(t, 1, in.logs.count("Redis answers again"))
	}
	fetched := fake.fetchCount(testCorp)
	clk.Advance(7200 * time.Second)
	got := tokensOf(t, ins, 10)
	require.Len(t, got, 1, "one token again")
	assert.Equal(t, fetched+1, fake.fetchCount(testCorp), "one gettoken across instances once Redis is back")
	assert.Zero(t, failed.Load(), "no call failed because of Redis")
	t.Logf("%d calls through the outage and back; %d gettoken calls while Redis was down (3 instances)", calls.Load(), during)
}

// Redis hanging (CLIENT PAUSE): every call is cut at Timeout, with or
// without the client's ContextTimeoutEnabled.
func TestRedisSlow(t *testing.T) {
	for _, direct := range []bool{false, true} {
		t.Run("ContextTimeoutEnabled="+strconv.FormatBool(direct), func(t *testing.T) {
			srv := privateServer(t)
			fake := newFakeWeCom(t)
			in := newInstance(t, instanceConfig{addr: srv.addr, prefix: testPrefix(t), baseURL: fake.srv.URL,
				opts:      wecomredis.Options{Timeout: 100 * time.Millisecond},
				redisOpts: func(o *redis.Options) { o.ContextTimeoutEnabled = direct }})
			pauser := newRedisClient(t, srv.addr)
			const pause = time.Second
			require.NoError(t, pauser.Do(bg, "CLIENT", "PAUSE", pause.Milliseconds(), "ALL").Err())
			pausedAt := time.Now()
			tok, err := in.src.Token(bg)
			require.NoError(t, err)
			assert.Equal(t, tokenName(testCorp, testSecret, 1), tok)
			assert.Less(t, time.Since(pausedAt), pause, "answered before Redis did")
			ok, _, err := in.store.Limiter().Allow(bg, "k", wecomredis.Rate{Events: 10, Per: time.Second, Burst: 10})
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, 1, in.logs.count("Redis failed"))
			assert.Contains(t, in.logs.String(), "no answer within 100ms")
			time.Sleep(time.Until(pausedAt.Add(pause))) // let the pause end before the server stops
		})
	}
}

// The in-process copy serves the hit path: no Redis command per call.
func TestHitPathNoRoundTrip(t *testing.T) {
	fake := newFakeWeCom(t)
	in := instances(t, 1, fake, testPrefix(t), nil)[0]
	cmds := countCommands(in.rdb)
	require.NoError(t, in.call(bg))
	warm := cmds.Load()
	require.Positive(t, warm)
	for i := 0; i < 100; i++ {
		require.NoError(t, in.call(bg))
	}
	assert.Equal(t, warm, cmds.Load(), "100 calls with a valid token, no Redis command")
}

func TestNewRejectsBadOptions(t *testing.T) {
	_, err := wecomredis.New(nil, wecomredis.Options{})
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "rdb", ae.Field)
	rdb := newRedisClient(t, "127.0.0.1:1")
	for _, o := range []wecomredis.Options{{Timeout: -1}, {Cooldown: -1}, {TokenLease: -1}, {TokenMaxWait: -1}, {LogInterval: -1}, {Instances: -1}} {
		_, err := wecomredis.New(rdb, o)
		require.ErrorAs(t, err, &ae, "%+v", o)
	}
	s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: "p:"})
	require.NoError(t, err)
	assert.Equal(t, `wecomredis.Store{Prefix:"p:"}`, s.String())
}

// panicOnce is a RoundTripper whose first request panics.
type panicOnce struct{ done atomic.Bool }

func (p *panicOnce) RoundTrip(r *http.Request) (*http.Response, error) {
	if p.done.CompareAndSwap(false, true) {
		panic("transport bug")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A gettoken that panics under the lock: the lease is released at once and
// its renewal stopped, and the next call fetches.
func TestFetchPanicReleasesLock(t *testing.T) {
	fake := newFakeWeCom(t)
	prefix := testPrefix(t)
	in := instances(t, 1, fake, prefix, func(c *instanceConfig) {
		c.httpClient = &http.Client{Transport: &panicOnce{}}
		c.opts.TokenLease = 30 * time.Millisecond
	})[0]
	_, err := in.src.Token(bg)
	require.ErrorContains(t, err, "panicked")
	lock := prefix + core.TokenCacheKey(testCorp, 0, testSecret) + ":lock"
	time.Sleep(50 * time.Millisecond) // a renewal still running would show now
	assert.Zero(t, in.rdb.Exists(bg, lock).Val(), "the lock is released")
	tok, err := in.src.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, tokenName(testCorp, testSecret, 1), tok)
}
