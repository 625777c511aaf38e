package wecomredis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/core"
)

// The multi-process tests re-run this test binary as children, one service
// instance each, driven through Redis lists.
const (
	childEnv       = "WECOMREDIS_CHILD"        // the child's number
	childFakeEnv   = "WECOMREDIS_CHILD_FAKE"   // base URL of the fake WeCom
	childPrefixEnv = "WECOMREDIS_CHILD_PREFIX" // key prefix
	childLeaseEnv  = "WECOMREDIS_CHILD_LEASE"  // TokenLease in milliseconds
)

// childCmd is one round's order to a child.
type childCmd struct {
	Op         string `json:"op"` // token, call, invalidate, exit
	Corp       string `json:"corp"`
	Now        int64  `json:"now"` // the instance's clock, unix ms
	Goroutines int    `json:"goroutines"`
	Token      string `json:"token,omitempty"` // for invalidate
}

// childResult is a child's report of a round.
type childResult struct {
	Child  int            `json:"child"`
	Tokens map[string]int `json:"tokens"` // token obtained (or used) -> goroutines
	Errors []string       `json:"errors"`
}

func ctrlKey(prefix string, child int) string { return prefix + "test:ctrl:" + strconv.Itoa(child) }
func resultKey(prefix string) string          { return prefix + "test:results" }

// TestChildProcess is the body of a child process; it does nothing in a
// normal run.
func TestChildProcess(t *testing.T) {
	id := os.Getenv(childEnv)
	if id == "" {
		t.Skip("runs only as a child of the multi-process tests")
	}
	child, _ := strconv.Atoi(id)
	prefix := os.Getenv(childPrefixEnv)
	lease, _ := strconv.Atoi(os.Getenv(childLeaseEnv))
	addr := redisAddr(t)
	rdb := newRedisClient(t, addr)
	clk := newClock()
	// One Store (one Redis client) serves all of this process's apps, as in
	// a real service.
	store, err := wecomredis.New(rdb, wecomredis.Options{Prefix: prefix, TokenLease: time.Duration(lease) * time.Millisecond,
		Timeout: patientTimeout, TokenMaxWait: patientWait, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	require.NoError(t, err)
	apps := map[string]*instance{}
	app := func(corp string) *instance {
		in, ok := apps[corp]
		if !ok {
			in = newInstance(t, instanceConfig{store: store, baseURL: os.Getenv(childFakeEnv), corp: corp, clock: clk,
				fetchTimeout: 2 * patientWait})
			apps[corp] = in
		}
		return in
	}
	require.NoError(t, rdb.RPush(bg, resultKey(prefix), `{"child":-1}`).Err()) // ready
	for {
		kv, err := rdb.BLPop(bg, time.Minute, ctrlKey(prefix, child)).Result()
		require.NoError(t, err)
		var cmd childCmd
		require.NoError(t, json.Unmarshal([]byte(kv[1]), &cmd))
		if cmd.Op == "exit" {
			return
		}
		if cmd.Now != 0 {
			clk.Set(time.UnixMilli(cmd.Now))
		}
		in := app(cmd.Corp)
		res := childResult{Child: child, Tokens: map[string]int{}}
		var mu sync.Mutex
		parallel(max(cmd.Goroutines, 1), func(int) {
			var tok string
			var err error
			switch cmd.Op {
			case "token":
				tok, err = in.src.Token(bg)
			case "call":
				if err = in.call(bg); err == nil {
					tok, err = in.src.Token(bg)
				}
			case "invalidate":
				in.src.InvalidateToken(bg, cmd.Token)
				tok = "invalidated"
			default:
				err = fmt.Errorf("unknown op %q", cmd.Op)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Errors = append(res.Errors, err.Error())
				return
			}
			res.Tokens[tok]++
		})
		b, _ := json.Marshal(res)
		require.NoError(t, rdb.RPush(bg, resultKey(prefix), b).Err())
	}
}

// fleet is a set of child processes sharing one Redis and one fake WeCom.
type fleet struct {
	t      *testing.T
	prefix string
	in     *instance // the parent's view of Redis
	procs  []*exec.Cmd
	outs   []*bytes.Buffer
}

func startFleet(t *testing.T, n int, fake *fakeWeCom, lease time.Duration) *fleet {
	t.Helper()
	addr := redisAddr(t)
	f := &fleet{t: t, prefix: testPrefix(t)}
	f.in = newInstance(t, instanceConfig{addr: addr, prefix: f.prefix, baseURL: fake.srv.URL})
	for i := 0; i < n; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1", "-test.timeout=5m")
		cmd.Env = append(os.Environ(),
			childEnv+"="+strconv.Itoa(i),
			childFakeEnv+"="+fake.srv.URL,
			childPrefixEnv+"="+f.prefix,
			childLeaseEnv+"="+strconv.FormatInt(lease.Milliseconds(), 10),
			"REDIS_ADDR="+addr,
		)
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		require.NoError(t, cmd.Start())
		f.procs = append(f.procs, cmd)
		f.outs = append(f.outs, out)
	}
	t.Cleanup(f.stop)
	// Wait until every child is up, so that rounds start together.
	for i := 0; i < n; i++ {
		_, err := f.in.rdb.BLPop(bg, 2*time.Minute, resultKey(f.prefix)).Result()
		require.NoError(t, err, "child start")
	}
	return f
}

// send sends cmd to every child at once.
func (f *fleet) send(cmd childCmd) {
	f.t.Helper()
	b, _ := json.Marshal(cmd)
	pipe := f.in.rdb.Pipeline()
	for i := range f.procs {
		pipe.RPush(bg, ctrlKey(f.prefix, i), b)
	}
	_, err := pipe.Exec(bg)
	require.NoError(f.t, err)
}

// round sends cmd to every child at once and returns their reports.
func (f *fleet) round(cmd childCmd) []childResult {
	f.t.Helper()
	f.send(cmd)
	out := make([]childResult, 0, len(f.procs))
	for range f.procs {
		kv, err := f.in.rdb.BLPop(bg, time.Minute, resultKey(f.prefix)).Result()
		require.NoError(f.t, err, "child report")
		var r childResult
		require.NoError(f.t, json.Unmarshal([]byte(kv[1]), &r))
		out = append(out, r)
	}
	return out
}

func (f *fleet) stop() {
	b, _ := json.Marshal(childCmd{Op: "exit"})
	for i := range f.procs {
		f.in.rdb.RPush(context.Background(), ctrlKey(f.prefix, i), b)
	}
	for i, p := range f.procs {
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if f.t.Failed() {
				f.t.Logf("child %d: %v\n%s", i, err, f.outs[i])
			}
		case <-time.After(30 * time.Second):
			_ = p.Process.Kill()
			<-done
		}
	}
}

// tokens merges the children's reports: every token seen, and all errors.
func tokens(rs []childResult) (map[string]int, []string) {
	all := map[string]int{}
	var errs []string
	for _, r := range rs {
		for k, n := range r.Tokens {
			all[k] += n
		}
		errs = append(errs, r.Errors...)
	}
	return all, errs
}

const (
	procs      = 10
	goroutines = 50
)

// 10 processes x 50 goroutines, cold, then due, then all seeing 42001.
func TestMultiProcess(t *testing.T) {
	fake := newFakeWeCom(t)
	// A slightly slow gettoken keeps every process contending for it.
	fake.setOnFetch(func(*http.Request, int) { time.Sleep(20 * time.Millisecond) })
	f := startFleet(t, procs, fake, 0)
	all := procs * goroutines
	const rounds = 15
	refreshAt := epoch.Add(7200*time.Second - 5*time.Minute)

	t.Run("cold start: one gettoken", func(t *testing.T) {
		for r := 0; r < rounds; r++ {
			corp := "wwCOLD" + strconv.Itoa(r)
			got, errs := tokens(f.round(childCmd{Op: "token", Corp: corp, Now: epoch.UnixMilli(), Goroutines: goroutines}))
			require.Empty(t, errs)
			require.Equal(t, map[string]int{tokenName(corp, testSecret, 1): all}, got, "round %d", r)
			require.Equal(t, 1, fake.fetchCount(corp), "round %d: gettoken calls", r)
		}
	})

	t.Run("expiry: one refresh in all", func(t *testing.T) {
		for r := 0; r < rounds; r++ {
			corp := "wwCOLD" + strconv.Itoa(r) // warm from the cold-start rounds
			got, errs := tokens(f.round(childCmd{Op: "token", Corp: corp, Now: refreshAt.UnixMilli(), Goroutines: goroutines}))
			require.Empty(t, errs)
			require.Equal(t, map[string]int{tokenName(corp, testSecret, 2): all}, got, "round %d", r)
			require.Equal(t, 2, fake.fetchCount(corp), "round %d: gettoken calls", r)
		}
	})

	t.Run("42001 everywhere: one refresh; a stale CAS keeps the new token", func(t *testing.T) {
		now := refreshAt.Add(time.Minute).UnixMilli()
		for r := 0; r < rounds; r++ {
			corp := "wwCOLD" + strconv.Itoa(r)
			old := tokenName(corp, testSecret, 2)
			fake.reject(old)
			got, errs := tokens(f.round(childCmd{Op: "call", Corp: corp, Now: now, Goroutines: goroutines}))
			require.Empty(t, errs, "no call fails")
			fresh := tokenName(corp, testSecret, 3)
			require.Equal(t, map[string]int{fresh: all}, got, "round %d", r)
			require.Equal(t, 3, fake.fetchCount(corp), "round %d: gettoken calls", r)
			require.Equal(t, all, fake.usedCount(fresh), "every call went through with the new token")

			// Stale instances reject the old token late: the new one stays.
			_, errs = tokens(f.round(childCmd{Op: "invalidate", Corp: corp, Now: now, Token: old, Goroutines: 5}))
			require.Empty(t, errs)
			key := core.TokenCacheKey(corp, 0, testSecret)
			raw, ok, err := f.in.store.TokenCache().Get(bg, key)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Contains(t, raw, "|"+fresh)
			deleted, err := f.in.store.TokenCache().CompareAndDelete(bg, key, "v1|0|0|"+old)
			require.NoError(t, err)
			assert.False(t, deleted, "a compare-and-delete of the old value leaves the new token")
			got, errs = tokens(f.round(childCmd{Op: "token", Corp: corp, Now: now, Goroutines: 1}))
			require.Empty(t, errs)
			require.Equal(t, map[string]int{fresh: procs}, got)
			require.Equal(t, 3, fake.fetchCount(corp))
		}
	})
	t.Logf("%d processes x %d goroutines, %d rounds each of cold start, expiry and 42001", procs, goroutines, rounds)
}
