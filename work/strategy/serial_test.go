package strategy_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/strategy"
)

// WeCom's docs say create and edit must be called serially. A client sends
// one at a time: while one is in flight, the others wait; a waiting call
// whose ctx ends gives up without sending.
func TestCreateAndEditAreSerial(t *testing.T) {
	s := wiretest.NewServer(t)
	var inFlight, most atomic.Int32
	arrived := make(chan string, 16)
	release := make(chan struct{})
	stop := make(chan struct{}) // closed when the test ends, so no handler is left waiting
	t.Cleanup(func() { close(stop) })
	serve := func(reply string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			n := inFlight.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			arrived <- r.URL.Path
			select {
			case <-release:
			case <-stop:
			}
			inFlight.Add(-1)
			io.WriteString(w, reply)
		}
	}
	s.Handle(pcEdit, serve(okReply))
	s.Handle(pcCreate, serve(`{"errcode":0,"errmsg":"ok","strategy_id":9}`))
	c := strategy.NewCustomer(s.Core())
	ctx := context.Background()

	const calls = 4
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				errs <- c.Edit(ctx, &strategy.CustomerEditRequest{ID: 7, RangeAdd: []strategy.Node{strategy.Department(1)}})
				return
			}
			_, err := c.Create(ctx, &strategy.CustomerCreateRequest{Name: "组", Admins: []string{"zhangsan"}})
			errs <- err
		}()
	}

	<-arrived // one call is in flight and holds the slot
	// The others are waiting: none reaches WeCom while it is held.
	select {
	case p := <-arrived:
		t.Fatalf("a second call (%s) reached WeCom while the first was in flight", p)
	case <-time.After(100 * time.Millisecond):
	}
	// A waiting call whose ctx ends gives up, sending nothing.
	gone, cancel := context.WithCancel(ctx)
	cancel()
	err := c.Edit(gone, &strategy.CustomerEditRequest{ID: 7, Name: "x"})
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome, "it was never sent")
	assert.Contains(t, err.Error(), pcEdit)

	// Releasing them one by one, each call gets through alone.
	release <- struct{}{}
	for range calls - 1 {
		<-arrived
		release <- struct{}{}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.EqualValues(t, 1, most.Load(), "calls in flight at once")
	assert.EqualValues(t, calls, s.Requests.Load())
}

// A bad request is refused at once, without waiting for the slot.
func TestBadEditDoesNotWait(t *testing.T) {
	s := wiretest.NewServer(t)
	release := make(chan struct{})
	arrived := make(chan struct{})
	s.Handle(pcEdit, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		io.WriteString(w, okReply)
	})
	c := strategy.NewCustomer(s.Core())
	done := make(chan error)
	go func() { done <- c.Edit(bg, &strategy.CustomerEditRequest{ID: 7, Name: "x"}) }()
	<-arrived
	err := c.Edit(bg, &strategy.CustomerEditRequest{ID: 7})
	var ae *core.ArgError
	require.True(t, errors.As(err, &ae), "got %v", err)
	close(release)
	require.NoError(t, <-done)
}

// Each family has its own slot: a moment edit does not wait for a
// customer one.
func TestFamiliesHaveTheirOwnSlot(t *testing.T) {
	s := wiretest.NewServer(t)
	release := make(chan struct{})
	arrived := make(chan struct{})
	s.Handle(pcEdit, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		io.WriteString(w, okReply)
	})
	s.Handle(pmEdit, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, okReply) })
	cc := newClients(s.Core())
	done := make(chan error)
	go func() { done <- cc.customer.Edit(bg, &strategy.CustomerEditRequest{ID: 7, Name: "x"}) }()
	<-arrived
	require.NoError(t, cc.moment.Edit(bg, &strategy.MomentEditRequest{ID: 3, Name: "y"}))
	close(release)
	require.NoError(t, <-done)
}

// An …All walk stops when the loop breaks: no further page is asked for.
func TestListAllBreak(t *testing.T) {
	s := wiretest.NewServer(t)
	s.Handle(pcList, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, fixture(t, "list")) })
	c := strategy.NewCustomer(s.Core())
	var got []int64
	for id, err := range c.ListAll(bg, nil) {
		require.NoError(t, err)
		got = append(got, id)
		break
	}
	assert.Equal(t, []int64{1}, got)
	assert.EqualValues(t, 1, s.Requests.Load())
}
