package core_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/wecomkit/wecom/work/core"
)

func TestCallDecodesAndSendsQuery(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/cgi-bin/test/get", r.URL.Path)
		assert.Equal(t, "a b&c", r.URL.Query().Get("q"))
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	var out valueResp
	require.NoError(t, c.Call(bg, epGetThing, url.Values{"q": {"a b&c"}}, nil, &out))
	assert.Equal(t, 42, out.Value)
	assert.Equal(t, []string{"TOKEN-1"}, f.tokensIn)
}

func TestDo(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		if n.Add(1) == 1 {
			ok(w, r)
			return
		}
		io.WriteString(w, `{"errcode":40003,"errmsg":"invalid userid"}`)
	})
	c, _ := f.client(t, clientOpts{})
	out, err := core.Do[valueResp](bg, c, epReadPost, nil, map[string]string{"userid": "a"})
	require.NoError(t, err)
	assert.Equal(t, &valueResp{Value: 42}, out)
	assert.Equal(t, []string{`{"userid":"a"}`}, f.bodies)

	out, err = core.Do[valueResp](bg, c, epReadPost, nil, nil)
	assert.ErrorIs(t, err, core.ErrInvalidUserID)
	assert.Nil(t, out, "no half-decoded answer beside an error")
}

func TestAPIError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":84061,"errmsg":"not external contact"}`)
	})
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epReadPost, nil, map[string]string{"x": "y"}, nil)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, &core.APIError{Code: 84061, Message: "not external contact", Path: "test/read"}, ae)
	assert.ErrorIs(t, err, core.ErrNotExternalContact)
	assert.NotErrorIs(t, err, core.ErrSystemBusy)
	assert.Equal(t, "wecom: test/read: errcode 84061: not external contact", err.Error())
	assert.EqualValues(t, 1, f.calls.Load(), "an ordinary errcode is not retried")
}

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

func TestNon2xxAndNonJSON(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{http.StatusOK, "<html>maintenance</html>"},
		{http.StatusOK, ""},
		{http.StatusNotFound, `{"errcode":0}`},
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		})
		c, _ := f.client(t, clientOpts{})
		err := c.Call(bg, epGetThing, nil, nil, nil)
		var he *core.HTTPError
		require.ErrorAs(t, err, &he, "%d %q", tc.status, tc.body)
		assert.Equal(t, tc.status, he.StatusCode)
		assert.EqualValues(t, 1, f.calls.Load(), "4xx/200 answers are not retried")
	}
}

func Test503RetriedEvenForWrites(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	require.NoError(t, c.Call(bg, epWriteCall, nil, []byte(`{}`), nil))
	assert.EqualValues(t, 2, f.calls.Load())
}

func TestOversizedBody(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","pad":"`+strings.Repeat("x", 2048)+`"}`)
	})
	c, _ := f.client(t, clientOpts{max: 1024})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrResponseTooLarge)
	assert.EqualValues(t, 1, f.calls.Load())
}

func TestDecodeError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","value":"not a number"}`)
	})
	c, _ := f.client(t, clientOpts{})
	var out valueResp
	err := c.Call(bg, epGetThing, nil, nil, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "test/get: decode response")
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

func TestContextErrors(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
		ok(w, r)
	})
	c, ts := f.client(t, clientOpts{})
	_, err := ts.Token(bg)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	err = c.Call(ctx, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, err.Error(), "TOKEN-1")

	ctx, cancel = context.WithCancel(bg)
	cancel()
	err = c.Call(ctx, epGetThing, nil, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
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

func TestRedirectToOtherHostRefused(t *testing.T) {
	var leaked atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		ok(w, r)
	}))
	defer evil.Close()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/steal", http.StatusFound)
	})
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing redirect")
	assert.NotContains(t, err.Error(), "TOKEN-1")
	assert.Zero(t, leaked.Load(), "the other host never saw the request (nor the token as Referer)")
}

func TestSecretsNeverInErrors(t *testing.T) {
	// gettoken failing in every way: the corp secret must not show.
	cases := map[string]http.HandlerFunc{
		"html 502": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "<html>bad gateway</html>")
		},
		"dropped": dropAfterRead,
		"errcode": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
		},
		"slow": func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(300 * time.Millisecond)
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			base, err := core.NewClient(core.Options{BaseURL: srv.URL, Retry: core.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}})
			require.NoError(t, err)
			ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, FetchTimeout: 100 * time.Millisecond})
			c := base.WithTokenSource(core.AuthAccessToken, ts)
			err = c.Call(bg, epGetThing, nil, nil, nil)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), testSecret)
			assert.NotContains(t, err.Error(), "corpsecret")
			for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
				assert.NotContains(t, e.Error(), testSecret)
			}
		})
	}
}

func TestRoundTripperErrorScrubbed(t *testing.T) {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, errors.New("proxy said no to " + r.URL.String())
	})
	base, err := core.NewClient(core.Options{BaseURL: "http://wecom.invalid", HTTPClient: &http.Client{Transport: rt}, Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "TOKEN-XYZ-123", nil }))
	err = c.Call(bg, epGetThing, url.Values{"external_userid": {"wm1"}}, nil, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "TOKEN-XYZ-123")
	// The typed error callers match and log is clean too, not only the top
	// of the chain.
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.NotContains(t, te.Error(), "TOKEN-XYZ-123")
	assert.NotContains(t, te.Err.Error(), "TOKEN-XYZ-123")
}

// echoURL answers like a proxy's error page that quotes the request URL.
func echoURL(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, "<html>ERROR: the requested URL "+r.URL.String()+" could not be retrieved</html>")
}

func TestHTTPErrorSnippetScrubbed(t *testing.T) {
	// The page must not hand the access token back in HTTPError.Snippet.
	f := newFake(t, echoURL)
	c, _ := f.client(t, clientOpts{})
	err := c.Call(bg, epGetThing, nil, nil, nil)
	var he *core.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Contains(t, he.Snippet, "/cgi-bin/test/get", "the rest of the page stays for diagnosis")
	assert.NotContains(t, he.Snippet, "TOKEN-1")
	assert.NotContains(t, err.Error(), "TOKEN-1")

	// Nor the corp secret, when gettoken is the call that fails.
	srv := httptest.NewServer(http.HandlerFunc(echoURL))
	defer srv.Close()
	base, err := core.NewClient(core.Options{BaseURL: srv.URL, Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret})
	_, err = ts.Token(bg)
	require.ErrorAs(t, err, &he)
	assert.Equal(t, "gettoken", he.Path)
	assert.NotContains(t, he.Snippet, testSecret)
	assert.NotContains(t, err.Error(), testSecret)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRawCalls(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/externalcontact/get_follow_user_list":
			assert.Equal(t, http.MethodGet, r.Method)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","follow_user":["zhangsan","lisi"]}`)
		case "/cgi-bin/externalcontact/remark":
			assert.Equal(t, http.MethodPost, r.Method)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
		}
	})
	c, _ := f.client(t, clientOpts{})
	res, err := c.GetRaw(bg, "externalcontact/get_follow_user_list", nil)
	require.NoError(t, err)
	var users []string
	res.Get("follow_user").ForEach(func(_, v gjson.Result) bool { users = append(users, v.String()); return true })
	assert.Equal(t, []string{"zhangsan", "lisi"}, users)
	_, err = c.PostRaw(bg, "externalcontact/remark", map[string]string{"userid": "a"})
	require.NoError(t, err)
	assert.Equal(t, `{"userid":"a"}`, f.bodies[1])
}

func TestNoTokenSource(t *testing.T) {
	base, err := core.NewClient(core.Options{BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	err = base.Call(bg, epGetThing.WithAuth(core.AuthProviderToken), nil, nil, nil)
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "provider_access_token")
}

func TestProviderTokenQueryName(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "PTOKEN", r.URL.Query().Get("provider_access_token"))
		assert.False(t, r.URL.Query().Has("access_token"))
		ok(w, r)
	}))
	defer srv.Close()
	base, err := core.NewClient(core.Options{BaseURL: srv.URL})
	require.NoError(t, err)
	c := base.WithTokenSource(core.AuthProviderToken, core.TokenFunc(func(context.Context) (string, error) { return "PTOKEN", nil }))
	require.NoError(t, c.Call(bg, core.Write("service/x").WithAuth(core.AuthProviderToken), nil, []byte(`{}`), nil))
}

func TestNewClientRejectsBadBaseURL(t *testing.T) {
	for _, u := range []string{"::nope", "ftp://x", "qyapi.weixin.qq.com", "https://x/?a=b"} {
		_, err := core.NewClient(core.Options{BaseURL: u})
		assert.ErrorIs(t, err, core.ErrInvalidArgument, u)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "BaseURL", ae.Field)
	}
}

func TestLogsCarryNoSecrets(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			io.WriteString(w, `{"errcode":-1,"errmsg":"busy"}`)
		case 2:
			io.WriteString(w, `{"errcode":42001,"errmsg":"expired"}`)
		default:
			ok(w, r)
		}
	})
	var buf strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL, Logger: logger, Retry: core.RetryPolicy{BaseDelay: time.Millisecond}})
	require.NoError(t, err)
	ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, Logger: logger})
	c := base.WithTokenSource(core.AuthAccessToken, ts)
	require.NoError(t, c.Call(bg, epReadPost, url.Values{"q": {"v"}}, []byte(`{"userid":"zhangsan"}`), nil))
	mu.Lock()
	logs := buf.String()
	mu.Unlock()
	assert.Contains(t, logs, "wecom: retrying")
	assert.Contains(t, logs, "path=test/read")
	for _, secret := range []string{testSecret, "TOKEN-1", "TOKEN-2", "zhangsan", "corpsecret"} {
		assert.NotContains(t, logs, secret)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestUnknownAuthKindIsAnArgError(t *testing.T) {
	base, err := core.NewClient(core.Options{BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	ep := core.Endpoint{Method: http.MethodGet, Path: "test/get", Auth: core.AuthKind(9)}
	require.NotPanics(t, func() { err = base.Call(bg, ep, nil, nil, nil) })
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
}

func TestRawResultOutlivesPooledBuffer(t *testing.T) {
	// Response bodies are read into pooled buffers: a raw answer handed to
	// the caller must not change when the next call reuses the buffer.
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","n":"call-`+itoa(n.Add(1))+`"}`)
	})
	c, _ := f.client(t, clientOpts{})
	first, err := c.GetRaw(bg, "test/get", nil)
	require.NoError(t, err)
	for i := 0; i < 10; i++ {
		_, err := c.GetRaw(bg, "test/get", nil)
		require.NoError(t, err)
	}
	assert.Equal(t, "call-1", first.Get("n").String())
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","n":"call-1"}`, first.Raw)
}
