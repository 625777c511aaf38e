package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
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

	"github.com/wecomkit/wecom/work/core"
)

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

func TestErrmsgKeepsIDsButNotSecrets(t *testing.T) {
	// WeCom quotes ids back in errmsg; the caller needs them. Only the token
	// and the values of secret query keys are redacted.
	const extID = "wmAbCdEfGhIjKlMnOpQrStUv0123456789"
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		io.WriteString(w, `{"errcode":40096,"errmsg":"invalid external userid: `+q.Get("external_userid")+
			`, token `+q.Get("access_token")+`, suite_secret `+q.Get("suite_secret")+`, cursor `+q.Get("cursor")+`"}`)
	})
	c, _ := f.client(t, clientOpts{})
	_, err := c.GetRaw(bg, "externalcontact/get", url.Values{
		"external_userid": {extID}, "cursor": {"CURSOR-abcdefgh"}, "suite_secret": {"SUITE-SECRET-xyz/+="},
	})
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, core.ErrInvalidExternalUserID)
	assert.Equal(t, "invalid external userid: "+extID+", token [REDACTED], suite_secret [REDACTED], cursor CURSOR-abcdefgh", ae.Message)
	assert.Contains(t, err.Error(), extID)
	assert.NotContains(t, err.Error(), "TOKEN-1")
	assert.NotContains(t, err.Error(), "SUITE-SECRET")

	// gettoken: the corp id stays, the corp secret goes, raw or escaped.
	const odd = "odd secret+/=&%value"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		msg := "corpid " + q.Get("corpid") + " secret " + q.Get("corpsecret") + " raw query " + r.URL.RawQuery
		b, _ := json.Marshal(map[string]any{"errcode": 40001, "errmsg": msg})
		w.Write(b)
	}))
	defer srv.Close()
	base, err := core.NewClient(core.Options{BaseURL: srv.URL, Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	for _, secret := range []string{testSecret, odd} {
		ts := core.NewCorpTokenSource(base, core.CorpTokenConfig{CorpID: testCorpID, Secret: secret})
		_, err = ts.Token(bg)
		require.ErrorAs(t, err, &ae)
		assert.Contains(t, ae.Message, "corpid "+testCorpID+" secret [REDACTED] raw query ")
		assert.Contains(t, ae.Message, "corpid="+testCorpID)
		assert.NotContains(t, ae.Message, secret)
		assert.NotContains(t, ae.Message, url.QueryEscape(secret))
		assert.NotContains(t, err.Error(), secret)
	}
}
