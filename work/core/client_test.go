package core_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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
