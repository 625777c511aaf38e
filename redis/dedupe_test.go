package wecomredis_test

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work/callback"
)

// Callback key set of these tests (made up).
const (
	cbToken  = "Tk9sEcReTtOkEn42"
	cbAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	cbCorpID = "ww7a3c9e0d2b4f6a81"
)

// addContactEvent is an add_external_contact event for customer id.
func addContactEvent(id string) []byte {
	return []byte(`<xml><ToUserName><![CDATA[` + cbCorpID + `]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
		`<CreateTime>1718000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
		`<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[lilei]]></UserID>` +
		`<ExternalUserID><![CDATA[` + id + `]]></ExternalUserID></xml>`)
}

// cbInstance is one instance's callback Handler on its own Store.
type cbInstance struct {
	h     *callback.Handler
	store *wecomredis.Store
}

func cbInstances(t *testing.T, n int, prefix string, lease time.Duration, fn func(ctx context.Context, e *callback.AddExternalContactEvent) error) []*cbInstance {
	t.Helper()
	out := make([]*cbInstance, n)
	for i := range out {
		rdb := newRedisClient(t, redisAddr(t))
		logs := &logBuffer{}
		logger := slog.New(slog.NewTextHandler(logs, nil))
		store, err := wecomredis.New(rdb, wecomredis.Options{Prefix: prefix, Logger: logger, Timeout: patientTimeout})
		require.NoError(t, err)
		h, err := callback.New(callback.Config{Token: cbToken, EncodingAESKey: cbAESKey, ReceiverIDs: []string{cbCorpID},
			Dedupe: store.Dedupe(), DedupeLease: lease, Logger: logger})
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("instance %d:\n%s", i, logs)
			}
		})
		require.NoError(t, err)
		h.OnAddExternalContact(fn)
		out[i] = &cbInstance{h: h, store: store}
	}
	return out
}

// delivery is one encrypted delivery; send replays it (a WeCom retry).
type delivery struct {
	req *http.Request
	key string // the Handler's dedupe key
}

func newDelivery(t *testing.T, msg []byte, nonce string) *delivery {
	t.Helper()
	cr, err := callback.NewCrypto(cbToken, cbAESKey, cbCorpID)
	require.NoError(t, err)
	req, err := cr.NewDeliveryRequest(bg, &callback.Delivery{URL: "http://instance.local/callback", Message: msg, Nonce: nonce})
	require.NoError(t, err)
	q := req.URL.Query()
	return &delivery{req: req, key: q.Get("msg_signature") + ":" + q.Get("timestamp") + ":" + q.Get("nonce")}
}

func (d *delivery) send(t *testing.T, in *cbInstance) int {
	c := d.req.Clone(bg)
	body, err := d.req.GetBody()
	if err != nil {
		t.Error(err)
		return 0
	}
	c.Body = body
	rec := httptest.NewRecorder()
	in.h.ServeHTTP(rec, c)
	return rec.Code
}

// A retry on another instance while the first copy runs waits, and is
// answered "success" only after the first copy succeeded (or, past its wait
// of about one lease, 503 so that WeCom retries later; never "success").
func TestDedupeRetryWaitsAcrossInstances(t *testing.T) {
	const lease = time.Second
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var runs atomic.Int32
	var succeededAt atomic.Int64
	ins := cbInstances(t, 3, testPrefix(t), lease, func(context.Context, *callback.AddExternalContactEvent) error {
		runs.Add(1)
		started <- struct{}{}
		<-release // longer than the lease: the Handler renews the claim
		succeededAt.Store(time.Now().UnixNano())
		return nil
	})
	d := newDelivery(t, addContactEvent("wmWAIT"), "9001")
	first := make(chan int, 1)
	go func() { first <- d.send(t, ins[0]) }()
	<-started
	type answer struct {
		code      int
		start, at time.Time
	}
	retries := make(chan answer, 2)
	for i := 1; i <= 2; i++ {
		go func() {
			start := time.Now()
			c := d.send(t, ins[i])
			retries <- answer{c, start, time.Now()}
		}()
	}
	time.Sleep(lease + 300*time.Millisecond) // past the lease: renewed
	close(release)
	assert.Equal(t, http.StatusOK, <-first)
	for i := 0; i < 2; i++ {
		a := <-retries
		switch a.code {
		case http.StatusOK:
			assert.Greater(t, a.at.UnixNano(), succeededAt.Load(), "answered success only after the first copy succeeded")
		case http.StatusServiceUnavailable:
			assert.GreaterOrEqual(t, a.at.Sub(a.start), lease, "503 only after waiting about one lease")
		default:
			t.Errorf("retry answered %d", a.code)
		}
	}
	assert.EqualValues(t, 1, runs.Load(), "one handler run")
	assert.Equal(t, http.StatusOK, d.send(t, ins[2]))
	assert.EqualValues(t, 1, runs.Load())
}

// An instance died holding a delivery's claim: a retry handles it after the
// lease.
func TestDedupeDeadInstanceClaimExpires(t *testing.T) {
	var runs atomic.Int32
	prefix := testPrefix(t)
	const lease = 300 * time.Millisecond
	ins := cbInstances(t, 1, prefix, lease, func(context.Context, *callback.AddExternalContactEvent) error { runs.Add(1); return nil })
	d := newDelivery(t, addContactEvent("wmDEAD"), "9002")
	st, err := ins[0].store.Dedupe().Claim(bg, d.key, "dead-instance", lease)
	require.NoError(t, err)
	require.Equal(t, callback.ClaimAcquired, st)
	start := time.Now()
	assert.Equal(t, http.StatusOK, d.send(t, ins[0]))
	assert.GreaterOrEqual(t, time.Since(start), lease-20*time.Millisecond, "not before the lease ended")
	assert.EqualValues(t, 1, runs.Load())
	assert.Equal(t, http.StatusOK, d.send(t, ins[0]))
	assert.EqualValues(t, 1, runs.Load())
}

// Retries of many events spread over instances, overlapping, with a first
// copy that fails for every other event: every event handled successfully
// exactly once, none lost, no "success" before the success.
func TestDedupeRetriesSpreadOverInstances(t *testing.T) {
	const events, copies, rounds = 40, 4, 6
	for round := 0; round < rounds; round++ {
		var mu sync.Mutex
		runs := map[string]int{}
		success := map[string]int{}
		successSeq := map[string]int64{}
		var seq atomic.Int64
		ins := cbInstances(t, 4, testPrefix(t), 5*time.Second, func(_ context.Context, e *callback.AddExternalContactEvent) error {
			mu.Lock()
			runs[e.ExternalUserID]++
			n := runs[e.ExternalUserID]
			mu.Unlock()
			time.Sleep(time.Duration(rand.IntN(10)) * time.Millisecond)
			idx, _ := strconv.Atoi(e.ExternalUserID[len("wmEV"):])
			if idx%2 == 0 && n == 1 {
				return errors.New("downstream unavailable")
			}
			mu.Lock()
			success[e.ExternalUserID]++
			successSeq[e.ExternalUserID] = seq.Add(1)
			mu.Unlock()
			return nil
		})
		ds := make([]*delivery, events)
		for i := range ds {
			ds[i] = newDelivery(t, addContactEvent("wmEV"+strconv.Itoa(i)), strconv.Itoa(round*1000+i))
		}
		type answer struct {
			event string
			code  int
			seq   int64
		}
		answers := make(chan answer, events*copies*8)
		// WeCom sends each event in several overlapping copies to random
		// instances; a copy not answered 200 is retried (at most 8 times).
		parallel(events*copies, func(i int) {
			ev := i % events
			for try := 0; try < 8; try++ {
				code := ds[ev].send(t, ins[rand.IntN(len(ins))])
				answers <- answer{"wmEV" + strconv.Itoa(ev), code, seq.Add(1)}
				if code == http.StatusOK {
					return
				}
			}
		})
		close(answers)
		okAnswers := map[string]int{}
		for a := range answers {
			if a.code != http.StatusOK {
				continue
			}
			okAnswers[a.event]++
			mu.Lock()
			assert.Greater(t, a.seq, successSeq[a.event], "%s answered 200 before it was handled", a.event)
			mu.Unlock()
		}
		for i := 0; i < events; i++ {
			ev := "wmEV" + strconv.Itoa(i)
			require.Equal(t, 1, success[ev], "round %d: %s handled successfully once", round, ev)
			require.Equal(t, copies, okAnswers[ev], "round %d: every copy of %s answered 200 in the end", round, ev)
			want := 1
			if i%2 == 0 {
				want = 2 // the failed first copy, then one retry
			}
			require.Equal(t, want, runs[ev], "round %d: %s handler runs", round, ev)
		}
	}
}

// The store's own operations, on Redis.
func TestDedupeStoreOperations(t *testing.T) {
	rdb := newRedisClient(t, redisAddr(t))
	prefix := testPrefix(t)
	s, err := wecomredis.New(rdb, wecomredis.Options{Prefix: prefix})
	require.NoError(t, err)
	d := s.Dedupe()
	key := "sig:ts:nonce"
	full := prefix + "wecom:callback:" + key

	st, err := d.Claim(bg, key, "a", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, callback.ClaimAcquired, st)
	assert.Equal(t, "run:a", rdb.Get(bg, full).Val(), "key layout and claim value")
	st, _ = d.Claim(bg, key, "b", time.Minute)
	assert.Equal(t, callback.ClaimBusy, st)
	held, err := d.Renew(bg, key, "b", time.Minute)
	require.NoError(t, err)
	assert.False(t, held, "only the owner renews")
	held, _ = d.Renew(bg, key, "a", 2*time.Minute)
	assert.True(t, held)
	assert.Greater(t, rdb.PTTL(bg, full).Val(), time.Minute)
	require.NoError(t, d.Release(bg, key, "b"))
	assert.Equal(t, "run:a", rdb.Get(bg, full).Val(), "only the owner releases")
	require.NoError(t, d.Release(bg, key, "a"))
	assert.Zero(t, rdb.Exists(bg, full).Val())

	st, _ = d.Claim(bg, key, "c", time.Minute)
	assert.Equal(t, callback.ClaimAcquired, st)
	require.NoError(t, d.Complete(bg, key, 10*time.Minute))
	st, _ = d.Claim(bg, key, "d", time.Minute)
	assert.Equal(t, callback.ClaimHandled, st)
	require.NoError(t, d.Release(bg, key, "c"))
	assert.Equal(t, "done", rdb.Get(bg, full).Val(), "a late release leaves the handled mark")
	assert.Greater(t, rdb.PTTL(bg, full).Val(), 9*time.Minute)

	// The plain DedupeStore methods.
	seen, err := d.SeenBefore(bg, "k2", time.Minute)
	require.NoError(t, err)
	assert.False(t, seen)
	seen, _ = d.SeenBefore(bg, "k2", time.Minute)
	assert.True(t, seen)
	require.NoError(t, d.Forget(bg, "k2"))
	seen, _ = d.SeenBefore(bg, "k2", time.Minute)
	assert.False(t, seen)
}

// Redis down: deliveries are handled anyway (at least once, never lost).
func TestDedupeRedisDownFailsOpen(t *testing.T) {
	rdb := newRedisClient(t, "127.0.0.1:1") // nothing listens there
	store, err := wecomredis.New(rdb, wecomredis.Options{Timeout: 100 * time.Millisecond})
	require.NoError(t, err)
	var runs atomic.Int32
	h, err := callback.New(callback.Config{Token: cbToken, EncodingAESKey: cbAESKey, ReceiverIDs: []string{cbCorpID}, Dedupe: store.Dedupe()})
	require.NoError(t, err)
	h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { runs.Add(1); return nil })
	d := newDelivery(t, addContactEvent("wmDOWN"), "9003")
	assert.Equal(t, http.StatusOK, d.send(t, &cbInstance{h: h}))
	assert.EqualValues(t, 1, runs.Load())
}
