package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// WeCom's global errcode page (全局错误码, document 90313) gives 40001 (不合法的
// secret参数), 40013 (不合法的CorpID) and 40091 (secret不合法) as the answers of
// a token call to bad credentials. 40056 is 不合法的agentid and 40089 concerns
// a batch job's result: neither says the secret is wrong, and a business
// call that answers them must not look like one.
func TestCredentialErrorsOnlyOnTokenCalls(t *testing.T) {
	for _, tt := range []struct {
		code int
		path string
		want bool
	}{
		{40001, "gettoken", true},
		{40013, "gettoken", true},
		{40091, "gettoken", true},
		{40001, "service/get_provider_token", true},
		{40013, "service/get_suite_token", true},
		{40056, "gettoken", false},
		{40089, "gettoken", false},
		{40056, "externalcontact/add_corp_tag", false},
		{40089, "externalcontact/add_corp_tag", false},
		{40001, "externalcontact/add_corp_tag", false},
		{40014, "gettoken", false},
	} {
		err := error(&core.APIError{Code: tt.code, Path: tt.path})
		assert.Equal(t, tt.want, errors.Is(err, core.ErrInvalidCredentials), "errcode %d on %s", tt.code, tt.path)
	}
	assert.False(t, core.IsCredentialCode(40056))
	assert.False(t, core.IsCredentialCode(40089))
	assert.True(t, core.IsCredentialCode(40001))
}

func TestBadAgentIDOnABusinessCallIsNoCredentialError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":40056,"errmsg":"invalid agentid"}`)
	})
	c, _ := f.client(t, clientOpts{})
	ep := core.Write("externalcontact/add_corp_tag")
	for i := 0; i < 2; i++ {
		err := c.Call(bg, ep, nil, []byte(`{"agentid":1}`), nil)
		var ae *core.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 40056, ae.Code)
		assert.NotErrorIs(t, err, core.ErrInvalidCredentials)
	}
	assert.EqualValues(t, 2, f.calls.Load())
	assert.EqualValues(t, 1, f.fetches.Load(), "the token is fine and stays cached")

	// A wrong secret still is one, through the business call that needed
	// the token.
	g := newFake(t, ok)
	g.tokenBody = func(int32) string { return `{"errcode":40001,"errmsg":"invalid credential"}` }
	c, _ = g.client(t, clientOpts{})
	err := c.Call(bg, ep, nil, []byte(`{}`), nil)
	assert.ErrorIs(t, err, core.ErrInvalidCredentials)
	var te *core.TokenError
	assert.ErrorAs(t, err, &te)
}

// panicky is a RoundTripper that panics while armed, and otherwise passes
// the request on.
type panicky struct {
	armed atomic.Bool
	next  http.RoundTripper
}

func (p *panicky) RoundTrip(r *http.Request) (*http.Response, error) {
	if p.armed.Load() {
		panic("transport exploded on " + r.URL.String())
	}
	return p.next.RoundTrip(r)
}

// A panic inside the token fetch runs in singleflight's goroutine, which
// re-panics where no caller can recover. Every waiter gets an error
// instead, naming no secret, and the next call fetches afresh.
func TestPanicInTokenFetchIsAnError(t *testing.T) {
	f := newFake(t, ok)
	rt := &panicky{next: http.DefaultTransport}
	rt.armed.Store(true)
	c, ts := f.client(t, clientOpts{hc: &http.Client{Transport: rt}})

	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = ts.Token(context.Background())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.Error(t, err)
		assert.Contains(t, err.Error(), "panic")
		assert.NotContains(t, err.Error(), testSecret)
	}
	err := c.Call(bg, epGetThing, nil, nil, nil)
	var te *core.TokenError
	require.ErrorAs(t, err, &te, "a business call gets the panic as its token error: %v", err)
	assert.True(t, strings.Contains(err.Error(), "panic"))

	rt.armed.Store(false)
	tok, err := ts.Token(bg)
	require.NoError(t, err)
	assert.Equal(t, "TOKEN-1", tok, "the next call fetches afresh")
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
}
