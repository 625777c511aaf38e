package callback_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// claimStore is an in-memory DeliveryClaimer standing in for a store shared
// by several instances (the Redis one is tested in its own module).
type claimStore struct {
	mu      sync.Mutex
	m       map[string]claimEntry
	renews  atomic.Int32
	failAll atomic.Bool
}

type claimEntry struct {
	v   string // "done" or "run:" + owner
	exp time.Time
}

var errStoreDown = errors.New("redis: connection refused")

func newClaimStore() *claimStore { return &claimStore{m: map[string]claimEntry{}} }

func (s *claimStore) get(key string) (claimEntry, bool) {
	e, ok := s.m[key]
	if ok && !time.Now().Before(e.exp) {
		delete(s.m, key)
		return claimEntry{}, false
	}
	return e, ok
}

func (s *claimStore) SeenBefore(context.Context, string, time.Duration) (bool, error) {
	panic("the Handler claims deliveries on a DeliveryClaimer")
}

func (s *claimStore) Forget(context.Context, string) error {
	panic("the Handler releases deliveries on a DeliveryClaimer")
}

func (s *claimStore) Claim(_ context.Context, key, owner string, lease time.Duration) (callback.ClaimState, error) {
	if s.failAll.Load() {
		return 0, errStoreDown
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.get(key)
	switch {
	case !ok:
		s.m[key] = claimEntry{v: "run:" + owner, exp: time.Now().Add(lease)}
		return callback.ClaimAcquired, nil
	case e.v == "done":
		return callback.ClaimHandled, nil
	}
	return callback.ClaimBusy, nil
}

func (s *claimStore) Renew(_ context.Context, key, owner string, lease time.Duration) (bool, error) {
	s.renews.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.get(key); ok && e.v == "run:"+owner {
		s.m[key] = claimEntry{v: e.v, exp: time.Now().Add(lease)}
		return true, nil
	}
	return false, nil
}

func (s *claimStore) Complete(_ context.Context, key string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = claimEntry{v: "done", exp: time.Now().Add(ttl)}
	return nil
}

func (s *claimStore) Release(_ context.Context, key, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.get(key); ok && e.v == "run:"+owner {
		delete(s.m, key)
	}
	return nil
}

// claimInstances builds n Handlers (instances) sharing store.
func claimInstances(t *testing.T, n int, store callback.DedupeStore, lease time.Duration) []*harness {
	t.Helper()
	out := make([]*harness, n)
	for i := range out {
		out[i] = newHarness(t, func(c *callback.Config) { c.Dedupe = store; c.DedupeLease = lease })
	}
	return out
}

// serveAsync serves req on hs in a goroutine and returns the recorder once
// done is closed.
func serveAsync(hs *harness, req *http.Request) (rec *httptest.ResponseRecorder, done chan struct{}) {
	rec = httptest.NewRecorder()
	done = make(chan struct{})
	go func() { defer close(done); hs.h.ServeHTTP(rec, req) }()
	return rec, done
}

// recv waits for ch, failing the test instead of hanging when it never comes.
func recv[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

const addContact = "change_external_contact__add_external_contact.xml"

// A retry reaching another instance while the first copy runs waits for it,
// and is answered "success" only after that copy succeeded.
func TestClaimRetryWaitsForCopyInFlight(t *testing.T) {
	store := newClaimStore()
	in := claimInstances(t, 2, store, 300*time.Millisecond)
	release := make(chan struct{})
	started := make(chan struct{})
	var runs, succeeded atomic.Int32
	for _, hs := range in {
		hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error {
			runs.Add(1)
			close(started)
			<-release // longer than the lease: the claim is renewed meanwhile
			succeeded.Store(1)
			return nil
		})
	}
	busy := make(chan struct{}, 100)
	callback.SetTestHookBusy(in[1].h, func() { busy <- struct{}{} })
	req := in[0].request(t, fixture(t, addContact), "700")
	first, firstDone := serveAsync(in[0], clone(t, req))
	recv(t, started, "the first copy to start")
	retry, retryDone := serveAsync(in[1], clone(t, req))
	recv(t, busy, "the retry to find the delivery busy")
	recv(t, busy, "the retry to poll again")
	time.Sleep(500 * time.Millisecond) // past the lease
	select {
	case <-retryDone:
		t.Fatalf("the retry was answered %d while the first copy still ran", retry.Code)
	default:
	}
	close(release)
	recv(t, firstDone, "the first copy's answer")
	recv(t, retryDone, "the retry's answer")
	assertSuccess(t, first)
	assertSuccess(t, retry)
	assert.EqualValues(t, 1, runs.Load(), "one handler run")
	assert.Positive(t, store.renews.Load(), "a handler running past the lease renews its claim")
	assertSuccess(t, in[1].serve(clone(t, req)))
	assert.EqualValues(t, 1, runs.Load())
}

// The first copy fails while a retry waits on another instance: the retry
// handles the delivery itself.
func TestClaimFirstCopyFailsRetryHandles(t *testing.T) {
	store := newClaimStore()
	in := claimInstances(t, 3, store, time.Second)
	release := make(chan struct{})
	var runs atomic.Int32
	started := make(chan struct{}, 3)
	for _, hs := range in {
		hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error {
			n := runs.Add(1)
			started <- struct{}{}
			if n == 1 {
				<-release
				return errors.New("downstream unavailable")
			}
			return nil
		})
	}
	busy := make(chan struct{}, 100)
	callback.SetTestHookBusy(in[1].h, func() { busy <- struct{}{} })
	req := in[0].request(t, fixture(t, addContact), "701")
	first, firstDone := serveAsync(in[0], clone(t, req))
	recv(t, started, "the first copy to start")
	retry, retryDone := serveAsync(in[1], clone(t, req))
	recv(t, busy, "the retry to find the delivery busy")
	close(release)
	recv(t, firstDone, "the first copy's answer")
	recv(t, retryDone, "the retry's answer")
	assert.Equal(t, http.StatusInternalServerError, first.Code)
	assertSuccess(t, retry)
	assert.EqualValues(t, 2, runs.Load())
	assertSuccess(t, in[2].serve(clone(t, req)))
	assert.EqualValues(t, 2, runs.Load(), "handled once successfully, then answered from the store")
}

// An instance that died holding a claim: a retry handles the delivery once
// the lease ends, not before.
func TestClaimDeadHolderReplacedAfterLease(t *testing.T) {
	store := newClaimStore()
	const lease = 120 * time.Millisecond
	in := claimInstances(t, 1, store, lease)
	var runs atomic.Int32
	in[0].h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { runs.Add(1); return nil })
	req := in[0].request(t, fixture(t, addContact), "702")
	sig, ts, nonce := req.URL.Query().Get("msg_signature"), req.URL.Query().Get("timestamp"), req.URL.Query().Get("nonce")
	claimedAt := time.Now()
	st, err := store.Claim(context.Background(), sig+":"+ts+":"+nonce, "dead-instance", lease)
	require.NoError(t, err)
	require.Equal(t, callback.ClaimAcquired, st)

	assertSuccess(t, in[0].serve(clone(t, req)))
	assert.GreaterOrEqual(t, time.Since(claimedAt), lease, "not handled before the dead holder's lease ended")
	assert.EqualValues(t, 1, runs.Load())
}

// A claim held longer than the retry waits: 503, so that WeCom retries.
func TestClaimBusyPastWaitAnswers503(t *testing.T) {
	store := newClaimStore()
	const lease = 60 * time.Millisecond
	in := claimInstances(t, 1, store, lease)
	var runs atomic.Int32
	in[0].h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { runs.Add(1); return nil })
	req := in[0].request(t, fixture(t, addContact), "703")
	q := req.URL.Query()
	key := q.Get("msg_signature") + ":" + q.Get("timestamp") + ":" + q.Get("nonce")
	_, err := store.Claim(context.Background(), key, "live-instance", time.Minute)
	require.NoError(t, err)
	rec := in[0].serve(clone(t, req))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Zero(t, runs.Load())

	// A retry whose request is cancelled while it waits: 503 at once.
	ctx, cancel := context.WithCancel(context.Background())
	callback.SetTestHookBusy(in[0].h, cancel)
	rec = in[0].serve(clone(t, req).WithContext(ctx))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Zero(t, runs.Load())
}

func TestClaimStoreDownFailsOpen(t *testing.T) {
	store := newClaimStore()
	store.failAll.Store(true)
	in := claimInstances(t, 1, store, time.Second)
	var runs atomic.Int32
	in[0].h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { runs.Add(1); return nil })
	req := in[0].request(t, fixture(t, addContact), "704")
	assertSuccess(t, in[0].serve(clone(t, req)))
	assert.EqualValues(t, 1, runs.Load(), "handled rather than lost")
	assert.Contains(t, in[0].logs.String(), "dedupe store failed")
}

func TestClaimNegativeLeaseRejected(t *testing.T) {
	_, err := callback.New(callback.Config{Token: testToken, EncodingAESKey: testAESKey,
		ReceiverIDs: []string{testCorpID}, DedupeLease: -time.Second})
	require.ErrorIs(t, err, callback.ErrInvalidConfig)
}

func TestClaimStateString(t *testing.T) {
	assert.Equal(t, "acquired", callback.ClaimAcquired.String())
	assert.Equal(t, "handled", callback.ClaimHandled.String())
	assert.Equal(t, "busy", callback.ClaimBusy.String())
	assert.Equal(t, "ClaimState(9)", callback.ClaimState(9).String())
}
