package callback_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// assertNoSecrets checks log output for the Token, the key and decrypted
// customer data of the fixtures.
func assertNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, s := range []string{testToken, testAESKey, customerA, customerB, customerC,
		"Wc7Hq2LmN0pR5sT8vX1zA3bD6fG9jK4m", "poster-2024-spring", "SECRET-CUSTOMER-DATA"} {
		assert.NotContains(t, logs, s)
	}
}

// clone returns a second, independent copy of a delivery request.
func clone(t *testing.T, req *http.Request) *http.Request {
	t.Helper()
	c := req.Clone(req.Context())
	body, err := req.GetBody()
	require.NoError(t, err)
	c.Body = body
	return c
}

func TestHandlerRetryDeliveredOnce(t *testing.T) {
	hs := newHarness(t, nil)
	var calls int
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls++; return nil })
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "5551212")
	for i := 0; i < 3; i++ {
		assertSuccess(t, hs.serve(clone(t, req)))
	}
	assert.Equal(t, 1, calls, "a retried delivery is handled once")

	// Same event, new delivery (new nonce): WeCom only repeats nonces on retry.
	assertSuccess(t, hs.serve(hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "5551213")))
	assert.Equal(t, 2, calls)
}

func TestHandlerDedupeDisabled(t *testing.T) {
	hs := newHarness(t, func(c *callback.Config) { c.DedupeTTL = -1 })
	var calls int
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls++; return nil })
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "1")
	assertSuccess(t, hs.serve(clone(t, req)))
	assertSuccess(t, hs.serve(clone(t, req)))
	assert.Equal(t, 2, calls)
}

func TestHandlerSharedDedupeStore(t *testing.T) {
	store := callback.NewMemoryDedupe(100)
	a := newHarness(t, func(c *callback.Config) { c.Dedupe = store })
	b := newHarness(t, func(c *callback.Config) { c.Dedupe = store })
	var calls atomic.Int32
	for _, hs := range []*harness{a, b} {
		hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls.Add(1); return nil })
	}
	req := a.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "42")
	assertSuccess(t, a.serve(clone(t, req)))
	assertSuccess(t, b.serve(clone(t, req)))
	assert.Equal(t, int32(1), calls.Load())
	assert.Equal(t, 1, store.Len())
}

// failingStore is a DedupeStore that is down.
type failingStore struct{ calls atomic.Int32 }

func (f *failingStore) SeenBefore(context.Context, string, time.Duration) (bool, error) {
	f.calls.Add(1)
	return false, errors.New("redis: connection refused")
}

func (f *failingStore) Forget(context.Context, string) error {
	return errors.New("redis: connection refused")
}

func TestHandlerDedupeStoreDownFailsOpen(t *testing.T) {
	store := &failingStore{}
	hs := newHarness(t, func(c *callback.Config) { c.Dedupe = store })
	var calls int
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls++; return nil })
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "1")
	assertSuccess(t, hs.serve(clone(t, req)))
	assertSuccess(t, hs.serve(clone(t, req)))
	assert.Equal(t, 2, calls, "handled at least once rather than lost")
	assert.Equal(t, int32(2), store.calls.Load())
	assert.Contains(t, hs.logs.String(), "dedupe store failed")
}

// forgetProbe is a MemoryDedupe that records the context Forget gets.
type forgetProbe struct {
	*callback.MemoryDedupe
	live, deadline bool
}

func (p *forgetProbe) Forget(ctx context.Context, key string) error {
	_, p.deadline = ctx.Deadline()
	p.live = ctx.Err() == nil
	return p.MemoryDedupe.Forget(ctx, key)
}

// A failed delivery is forgotten even when WeCom has hung up, but on a
// context with a deadline, so a hung store cannot hold the request forever.
func TestHandlerForgetsOnDetachedBoundedContext(t *testing.T) {
	store := &forgetProbe{MemoryDedupe: callback.NewMemoryDedupe(10)}
	hs := newHarness(t, func(c *callback.Config) { c.Dedupe = store })
	ctx, hangUp := context.WithCancel(context.Background())
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error {
		hangUp()
		return errors.New("too late")
	})
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "8")
	rec := hs.serve(req.WithContext(ctx))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.True(t, store.live, "Forget runs on a context the hang-up does not cancel")
	assert.True(t, store.deadline, "Forget runs under a deadline")
	assert.Zero(t, store.Len(), "the failed delivery is forgotten")
}

func TestHandlerErrorMeansRetry(t *testing.T) {
	hs := newHarness(t, nil)
	var calls int
	hs.h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		calls++
		if calls == 1 {
			return errors.New("queue unavailable")
		}
		return nil
	})
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "9")
	rec := hs.serve(clone(t, req))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Contains(t, hs.logs.String(), "queue unavailable")

	assertSuccess(t, hs.serve(clone(t, req))) // WeCom's retry is handled afresh
	assertSuccess(t, hs.serve(clone(t, req))) // and then deduplicated
	assert.Equal(t, 2, calls)
	assertNoSecrets(t, hs.logs.String())
}

func TestHandlerPanicIsRecovered(t *testing.T) {
	hs := newHarness(t, nil)
	var calls int
	hs.h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		calls++
		if calls == 1 {
			panic("cannot greet " + e.ExternalUserID + " with " + e.WelcomeCode)
		}
		return nil
	})
	hs.h.OnEvent(func(_ context.Context, e *callback.RawEvent) error {
		panic(fmt.Errorf("boom: %s", e.XML))
	})
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "9")
	var rec *httptest.ResponseRecorder
	require.NotPanics(t, func() { rec = hs.serve(clone(t, req)) })
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assertSuccess(t, hs.serve(clone(t, req)))
	assert.Equal(t, 2, calls)

	rec = hs.serve(hs.request(t, fixture(t, "change_external_contact__future_change.xml"), "10"))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)

	logs := hs.logs.String()
	assert.Contains(t, logs, "handler panicked")
	assert.Contains(t, logs, `"panic_type":"string"`)
	assert.Contains(t, logs, `"panic_type":"*errors.errorString"`)
	assert.Contains(t, logs, "delivery_test.go", "the stack names the panicking function")
	assert.NotContains(t, logs, "cannot greet")
	assert.NotContains(t, logs, "some_future_change</")
	assertNoSecrets(t, logs)
}

// A duplicate arriving while the first copy is being handled waits for its
// outcome: it is not acknowledged before the event has been handled.
func TestHandlerDuplicateInFlightWaits(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("first fails=%v", fail), func(t *testing.T) {
			hs := newHarness(t, nil)
			waiting := make(chan struct{})
			callback.SetTestHookWait(hs.h, func() { close(waiting) })
			entered, release := make(chan struct{}), make(chan error)
			var calls atomic.Int32
			hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error {
				if calls.Add(1) == 1 {
					close(entered)
					return <-release
				}
				return nil
			})
			req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "3")
			first, dup := clone(t, req), clone(t, req)
			codes := make(chan int, 2)
			go func() { codes <- hs.serve(first).Code }()
			<-entered
			go func() { codes <- hs.serve(dup).Code }()
			<-waiting
			var err error
			if fail {
				err = errors.New("transient")
			}
			release <- err
			want := http.StatusOK
			if fail {
				want = http.StatusInternalServerError
			}
			assert.Equal(t, want, <-codes)
			assert.Equal(t, want, <-codes)
			assert.Equal(t, int32(1), calls.Load())

			// After a failure the next retry is handled; after success it is not.
			assertSuccess(t, hs.serve(clone(t, req)))
			if fail {
				assert.Equal(t, int32(2), calls.Load())
			} else {
				assert.Equal(t, int32(1), calls.Load())
			}
		})
	}
}

// 1000 distinct deliveries, each sent twice at once, over real HTTP: every
// event is handled exactly once and no goroutine is left behind.
func TestHandlerConcurrentDeliveries(t *testing.T) {
	const n = 1000
	before := runtime.NumGoroutine()

	hs := newHarness(t, nil)
	var counts sync.Map // ExternalUserID -> *atomic.Int32
	hs.h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		c, _ := counts.LoadOrStore(e.ExternalUserID, new(atomic.Int32))
		c.(*atomic.Int32).Add(1)
		return nil
	})
	srv := httptest.NewServer(hs.h)
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr}

	tmpl := string(fixture(t, "change_external_contact__add_external_contact.xml"))
	reqs := make([]*http.Request, 0, 2*n)
	for i := 0; i < n; i++ {
		msg := strings.Replace(tmpl, customerA, fmt.Sprintf("wmCONCURRENT%06d", i), 1)
		req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
			URL: srv.URL, Message: []byte(msg), Timestamp: fmt.Sprint(clock.Unix()), Nonce: fmt.Sprint(i)})
		require.NoError(t, err)
		reqs = append(reqs, req, clone(t, req))
	}

	var wg sync.WaitGroup
	var ok atomic.Int32
	for _, req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err == nil && resp.StatusCode == http.StatusOK && string(body) == "success" {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(2*n), ok.Load())

	handled := 0
	counts.Range(func(k, v any) bool {
		handled++
		assert.Equal(t, int32(1), v.(*atomic.Int32).Load(), "%s handled more than once", k)
		return true
	})
	assert.Equal(t, n, handled)

	srv.Close()
	tr.CloseIdleConnections()
	for i := 0; i < 500 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left behind")
}

// Registering while serving is safe (run with -race).
func TestHandlerRegisterWhileServing(t *testing.T) {
	hs := newHarness(t, func(c *callback.Config) { c.DedupeTTL = -1 })
	req := hs.request(t, fixture(t, "change_external_contact__add_external_contact.xml"), "1")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { return nil })
			hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { return nil })
			hs.h.OnAddExternalContact(nil)
		}
	}()
	codes := make([]int, 200)
	go func() {
		defer wg.Done()
		for i := range codes {
			codes[i] = hs.serve(clone(t, req)).Code
		}
	}()
	wg.Wait()
	for _, c := range codes {
		assert.Equal(t, http.StatusOK, c)
	}
}

func TestHandlerPrintsRedacted(t *testing.T) {
	hs := newHarness(t, nil)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, hs.h)
		assert.NotContains(t, out, testToken)
		assert.NotContains(t, out, testAESKey)
	}
	assert.Same(t, hs.h.Crypto(), hs.h.Crypto())
}
