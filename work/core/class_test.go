package core_test

import (
	"context"
	"errors"
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

var epSendOnce = core.SendOnce("test/send")

// TestClassOnFailures drives each retry class through each kind of failure
// and checks how many requests reached the server and whether the error
// says the outcome is unknown.
func TestClassOnFailures(t *testing.T) {
	busy := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"errcode":-1,"errmsg":"busy"}`) }
	status502 := func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }
	forbidden := func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":48002,"errmsg":"api forbidden"}`)
	}
	tests := []struct {
		name    string
		ep      core.Endpoint
		handler http.HandlerFunc
		calls   int32
		unknown bool
	}{
		{"read/-1", epGetThing, busy, 3, false},
		{"write/-1", epWriteCall, busy, 3, false},
		{"sendonce/-1", epSendOnce, busy, 1, true},
		{"read/502", epGetThing, status502, 3, false},
		{"readpost/502", epReadPost, status502, 3, false},
		{"write/502", epWriteCall, status502, 1, true},
		{"sendonce/502", epSendOnce, status502, 1, true},
		{"readpost/drop", epReadPost, dropAfterRead, 3, false}, // a GET may be replayed by net/http itself
		{"write/drop", epWriteCall, dropAfterRead, 1, true},
		{"sendonce/drop", epSendOnce, dropAfterRead, 1, true},
		{"write/errcode", epWriteCall, forbidden, 1, false},
		{"sendonce/errcode", epSendOnce, forbidden, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tt.handler)
			c, _ := f.client(t, clientOpts{})
			err := c.Call(bg, tt.ep, nil, []byte(`{"text":"hello"}`), nil)
			require.Error(t, err)
			assert.Equal(t, tt.calls, f.calls.Load(), "requests that reached the server")
			assert.Equal(t, tt.unknown, errorsIs(err, core.ErrUnknownOutcome), "unknown outcome: %v", err)
			f.srv.Close() // the handlers are done
			f.mu.Lock()
			bodies := f.bodies
			f.mu.Unlock()
			assert.Len(t, bodies, int(tt.calls))
			for _, b := range bodies {
				assert.Equal(t, `{"text":"hello"}`, b, "every attempt sends the same bytes")
			}
		})
	}
}

func TestUnknownOutcomeKeepsTheCause(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"errcode":-1,"errmsg":"busy"}`) })
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epSendOnce, nil, []byte(`{}`), nil)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, -1, ae.Code)
	assert.ErrorIs(t, err, core.ErrSystemBusy)
	assert.Contains(t, err.Error(), "outcome unknown")
	assert.NotContains(t, err.Error(), "TOKEN-1")
}

func TestSendOnceRetriedWhenNeverSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	base, err := core.NewClient(core.Options{BaseURL: "http://" + addr, Retry: core.RetryPolicy{BaseDelay: time.Millisecond}})
	require.NoError(t, err)
	var n atomic.Int32
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) {
		n.Add(1)
		return "T", nil
	}))
	err = c.Call(bg, epSendOnce, nil, []byte(`{}`), nil)
	require.Error(t, err)
	assert.EqualValues(t, 3, n.Load(), "a send that never left the process is retried")
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome, "nothing reached WeCom")
}

func TestTokenRejectedSendOnceRetriedOnce(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			io.WriteString(w, `{"errcode":42001,"errmsg":"expired"}`)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	require.NoError(t, c.Call(bg, epSendOnce, nil, []byte(`{}`), nil), "a refused token means the send was not processed")
	assert.EqualValues(t, 2, f.calls.Load())
}

func TestTokenErrorNamesTheCall(t *testing.T) {
	f := newFake(t, ok)
	f.tokenBody = func(int32) string { return `{"errcode":40001,"errmsg":"invalid credential"}` }
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	var te *core.TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "test/get", te.Path)
	assert.ErrorIs(t, err, core.ErrInvalidSecret)
	assert.Contains(t, err.Error(), "test/get")
	assert.Contains(t, err.Error(), "gettoken")
	assert.NotContains(t, err.Error(), testSecret)
}

func TestClassString(t *testing.T) {
	for c, want := range map[core.Class]string{core.ClassRead: "Read", core.ClassReadPost: "ReadPost",
		core.ClassWrite: "Write", core.ClassSendOnce: "SendOnce", 0: "Class(?)"} {
		assert.Equal(t, want, c.String())
	}
	assert.True(t, core.Read("x").Idempotent())
	assert.True(t, core.ReadPost("x").Idempotent())
	assert.False(t, core.Write("x").Idempotent())
	assert.False(t, core.SendOnce("x").Idempotent())
	assert.Equal(t, http.MethodGet, core.Write("x").WithMethod(http.MethodGet).Method)
}

func TestEndpointSet(t *testing.T) {
	var s core.EndpointSet
	b := s.Add(core.Write("b/write"), core.Meta{Doc: "1", Title: "乙"})
	s.Add(core.Read("a/read"), core.Meta{Doc: "2", EasyWeChat: "read", WxJava: "readIt"})
	assert.Equal(t, "1", b.Doc)
	all := s.All()
	require.Len(t, all, 2)
	assert.Equal(t, "a/read", all[0].Path)
	assert.Equal(t, "readIt", all[0].WxJava)
	assert.Equal(t, "https://developer.work.weixin.qq.com/document/path/2", all[0].DocURL())
	assert.Empty(t, core.Meta{}.DocURL())
	all[0].Path = "changed"
	assert.Equal(t, "a/read", s.All()[0].Path, "All returns a copy")
}

func TestTokenWaitDeadlineSaysSo(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, ok)
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		io.WriteString(w, `{"errcode":0,"access_token":"T","expires_in":7200}`)
	})
	defer close(release)
	c, _ := f.client(t, clientOpts{})
	ctx, cancel := context.WithTimeout(bg, 30*time.Millisecond)
	defer cancel()
	err := c.Call(ctx, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "deadline passed while waiting for the access token")
	assert.Contains(t, err.Error(), "test/get")
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
