package core_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

func TestSystemBusyTwiceThenOK(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	var out valueResp
	require.NoError(t, c.Call(bg, epWriteCall, nil, map[string]int{"a": 1}, &out))
	assert.Equal(t, 42, out.Value)
	assert.EqualValues(t, 3, f.calls.Load())
	assert.Equal(t, []string{`{"a":1}`, `{"a":1}`, `{"a":1}`}, f.bodies)
}

func TestSystemBusyGivesUpAfterMaxAttempts(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
	})
	c, _ := f.client(t, clientOpts{retry: core.RetryPolicy{MaxAttempts: 4}})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrSystemBusy)
	assert.EqualValues(t, 4, f.calls.Load())
}

func TestRateLimitNotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":45009,"errmsg":"api freq out of limit"}`)
	})
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrRateLimited)
	assert.EqualValues(t, 1, f.calls.Load())
}

func TestHTML502(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
	})
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	var he *core.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusBadGateway, he.StatusCode)
	assert.Equal(t, "test/get", he.Path)
	assert.Contains(t, he.Snippet, "502 Bad Gateway")
	assert.EqualValues(t, 3, f.calls.Load(), "a GET is retried on 5xx")

	f.calls.Store(0)
	err = c.Call(bg, epWriteCall, nil, []byte(`{}`), nil)
	require.ErrorAs(t, err, &he)
	assert.EqualValues(t, 1, f.calls.Load(), "a mutating call is not re-sent after a 502: it may have been processed")
}

func Test5xxNotResentForWritesButRetriedForReads(t *testing.T) {
	// Any 5xx, 503 included, came from a server that had the request: a
	// write may have been processed and is not re-sent; a read is retried.
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var n atomic.Int32
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.WriteHeader(status)
					return
				}
				ok(w, r)
			})
			c, _ := f.client(t, clientOpts{})
			err := c.Call(bg, epWriteCall, nil, []byte(`{"msg":"mass message"}`), nil)
			var he *core.HTTPError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, status, he.StatusCode)
			assert.EqualValues(t, 1, f.calls.Load(), "a write is not re-sent after %d", status)

			f.calls.Store(0)
			n.Store(0)
			require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
			assert.EqualValues(t, 2, f.calls.Load(), "a read is retried after %d", status)

			f.calls.Store(0)
			n.Store(0)
			require.NoError(t, c.Call(bg, epReadPost, nil, []byte(`{}`), nil))
			assert.EqualValues(t, 2, f.calls.Load(), "a read-only POST is retried after %d", status)
		})
	}
}

// dropAfterRead answers by closing the connection once the request has been
// read: the request reached the server, the answer never came.
func dropAfterRead(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body)
	hj, _ := w.(http.Hijacker)
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestDroppedConnectionNotResentForWrites(t *testing.T) {
	f := newFake(t, dropAfterRead)
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epWriteCall, nil, []byte(`{"msg":"mass message"}`), nil)
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.EqualValues(t, 1, f.calls.Load(), "a mutating POST that may have been delivered is never re-sent")
	assert.NotContains(t, err.Error(), "TOKEN-1")
}

func TestDroppedConnectionResentForReads(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			dropAfterRead(w, r)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	require.NoError(t, c.Call(bg, epReadPost, nil, []byte(`{"userid_list":["a"]}`), nil))
	assert.EqualValues(t, 2, f.calls.Load())
	assert.Equal(t, f.bodies[0], f.bodies[1])
}

func TestConnectionRefusedRetriedForWrites(t *testing.T) {
	// Nothing listens here: the request is never sent, so even a mutating
	// call may be retried.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	base, err := core.NewClient(core.Options{BaseURL: "http://" + addr, Retry: core.RetryPolicy{BaseDelay: time.Millisecond}})
	require.NoError(t, err)
	var n atomic.Int32
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) {
		n.Add(1)
		return "SECRET-TOKEN-VALUE", nil
	}))
	err = c.Call(bg, epWriteCall, nil, []byte(`{}`), nil)
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.EqualValues(t, 3, n.Load(), "three attempts")
	assert.NotContains(t, err.Error(), "SECRET-TOKEN-VALUE")
	assert.NotContains(t, err.Error(), "access_token")
}

func TestBackoffHonoursContext(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":-1,"errmsg":"busy"}`)
	})
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Retry: core.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}})
	require.NoError(t, err)
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T", nil }))
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	err = c.Call(ctx, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, core.ErrSystemBusy, "the last server error stays visible")
}
