package worktest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const followUsers = "externalcontact/get_follow_user_list"

func TestFailNext(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().FailNext("/cgi-bin/"+followUsers, 2, -1)
	for i := 0; i < 2; i++ {
		r := apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
		assert.Equal(t, -1, r.ErrCode)
		assert.Regexp(t, "^system busy, hint: ", r.ErrMsg)
	}
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)

	// Faults on one path leave the others alone.
	s.Faults().FailNext(followUsers, 1, 42001)
	assert.Equal(t, 84061, apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {NoContactMember}}, "").ErrCode)
	assert.Equal(t, 42001, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)

	// The global rule ("" or "*") reaches gettoken too.
	s.Faults().FailNext("", 1, 45009)
	r := raw(t, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "")
	assert.Equal(t, 45009, r.ErrCode)
	assert.Equal(t, "fail_next", s.Requests()[len(s.Requests())-1].Fault)
	token(t, s)
}

func TestHTTPStatus(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().HTTPStatus(followUsers, 1, http.StatusBadGateway)
	r := apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	assert.Equal(t, http.StatusBadGateway, r.Status)
	assert.Equal(t, "text/html", r.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(string(r.Body), "<html>"))
	assert.Contains(t, string(r.Body), "502 Bad Gateway")
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, http.StatusBadGateway, last.Status)
	assert.Equal(t, "http_status", last.Fault)

	r = apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, 0, r.ErrCode)
}

func TestDropConnection(t *testing.T) {
	s := start(t, WithFixture("../../testdata/worktest/corp.json"))
	tok := token(t, s)
	const path = "externalcontact/remark"
	s.Faults().DropConnection(path, 1)
	body := `{"userid":"lisi","external_userid":"wmAAAA3nBv8cXz1qWe4rTy6uIo9pLk2J","remark":"不该生效"}`
	_, err := send(t, context.Background(), s, http.MethodPost, path, url.Values{"access_token": {tok}}, body)
	require.Error(t, err, "the connection is closed without an answer")

	assert.Equal(t, 1, s.Count(path), "the POST reached the server once; net/http does not re-send it")
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, "drop_connection", last.Fault)
	assert.Zero(t, last.Status)
	assert.JSONEq(t, body, string(last.Body), "the request was read in full")
	for _, r := range s.Snapshot().Relations {
		assert.NotEqual(t, "不该生效", r.Remark, "the handler did not run")
	}

	// Used up: the next call goes through.
	r := apiWith(t, s, tok, http.MethodPost, path, nil, body)
	assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
}

func TestLatency(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().Latency(followUsers, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := send(t, ctx, s, http.MethodGet, followUsers, url.Values{"access_token": {tok}}, "")
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	require.Eventually(t, func() bool { return s.InFlight(followUsers) == 0 }, 5*time.Second, time.Millisecond,
		"the server gives up waiting when the client leaves")
	assert.Equal(t, "canceled", s.Requests()[len(s.Requests())-1].Fault)

	// A hanging gettoken.
	s.Faults().Latency("gettoken", time.Hour)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	_, err = send(t, ctx2, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "")
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)

	s.Faults().Latency(followUsers, 0)
	s.Faults().Latency("gettoken", time.Millisecond)
	assert.Equal(t, 0, apiWith(t, s, token(t, s), http.MethodGet, followUsers, nil, "").ErrCode)
}

func TestCloseCutsLatencyShort(t *testing.T) {
	s, err := New()
	require.NoError(t, err)
	s.Start()
	tok := token(t, s)
	s.Faults().Latency("*", time.Hour)
	type result struct {
		r   reply
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := send(t, context.Background(), s, http.MethodGet, followUsers, url.Values{"access_token": {tok}}, "")
		done <- result{r, err}
	}()
	require.Eventually(t, func() bool { return s.InFlight("") == 1 }, 5*time.Second, time.Millisecond)
	s.Close() // returns although a request is sleeping
	got := <-done
	// The sleeping request gets no answer. net/http may replay a GET whose
	// reused connection broke, and the replay can reach the closing server,
	// which answers 503: either way the call did not succeed.
	if got.err == nil {
		assert.Equal(t, http.StatusServiceUnavailable, got.r.Status, "a replay reaching the closing server")
	}
	assert.Zero(t, s.InFlight(""))
}

func TestRateLimit(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().RateLimit(followUsers, 2, time.Minute)
	for i := 0; i < 2; i++ {
		assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
	}
	r := apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	assert.Equal(t, 45009, r.ErrCode)
	assert.Regexp(t, "^api freq out of limit, hint: ", r.ErrMsg)
	assert.Equal(t, 45009, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
	assert.Equal(t, 84061, apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {NoContactMember}}, "").ErrCode,
		"other paths are not limited")

	// The next window of the simulator clock lets calls through again.
	s.Clock().Advance(time.Minute)
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)

	// A global limit counts every path.
	s.Faults().Reset()
	s.Faults().RateLimit("*", 1, time.Hour)
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
	assert.Equal(t, 45009, raw(t, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "").ErrCode)
}

func TestConcurrencyLimit(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().ConcurrencyLimit(followUsers, 1)
	s.Faults().Latency(followUsers, time.Hour)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = send(t, ctx, s, http.MethodGet, followUsers, url.Values{"access_token": {tok}}, "") // canceled below
	}()
	require.Eventually(t, func() bool { return s.InFlight(followUsers) == 1 }, 5*time.Second, time.Millisecond)

	r := apiWith(t, s, tok, http.MethodGet, followUsers, nil, "") // answered at once, despite the latency
	assert.Equal(t, 45033, r.ErrCode)
	assert.Regexp(t, "^api concurrent out of limit, hint: ", r.ErrMsg)

	cancel()
	<-done
	require.Eventually(t, func() bool { return s.InFlight(followUsers) == 0 }, 5*time.Second, time.Millisecond)
	s.Faults().Latency(followUsers, 0)
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
}

func TestFaultsReset(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	f := s.Faults()
	f.FailNext(followUsers, 5, -1)
	f.HTTPStatus(followUsers, 5, 503)
	f.DropConnection(followUsers, 5)
	f.RateLimit(followUsers, 1, time.Hour)
	f.ConcurrencyLimit("*", 1)
	f.Latency("*", time.Hour)
	f.Reset()
	for i := 0; i < 3; i++ {
		assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
	}
}

func TestFaultPrecedence(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().FailNext(followUsers, 1, -1)
	s.Faults().HTTPStatus(followUsers, 1, 502)
	assert.Equal(t, 502, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").Status, "HTTP status before FailNext")
	assert.Equal(t, -1, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode, "FailNext was not used up")
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode)
}

// The global ("*" or "") forms of HTTPStatus, DropConnection and
// ConcurrencyLimit reach every path, gettoken included.
func TestGlobalHTTPStatus(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	gettoken := url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}
	s.Faults().HTTPStatus("*", 2, http.StatusServiceUnavailable)
	r := raw(t, s, http.MethodGet, "gettoken", gettoken, "")
	assert.Equal(t, http.StatusServiceUnavailable, r.Status)
	assert.Equal(t, "text/html", r.Header.Get("Content-Type"))
	assert.Contains(t, string(r.Body), "503")
	r = apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {"zhangsan"}}, "")
	assert.Equal(t, http.StatusServiceUnavailable, r.Status, "another path uses up the same rule")
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, "http_status", last.Fault)
	assert.Equal(t, "externalcontact/list", last.Path)

	r = apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	assert.Equal(t, http.StatusOK, r.Status, "used up")
	assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
}

func TestGlobalDropConnection(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	// A fresh connection per request: net/http silently re-sends a GET
	// whose reused keep-alive connection was dropped.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(path string, q url.Values) error {
		resp, err := client.Get(s.URL + "/cgi-bin/" + path + "?" + q.Encode())
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	s.Faults().DropConnection("", 1)
	require.Error(t, get("gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}), "gettoken loses its connection too")
	assert.Equal(t, 2, s.Count("gettoken"), "the token, then the dropped call: not re-sent")
	assert.Equal(t, "drop_connection", s.Requests()[len(s.Requests())-1].Fault)
	assert.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, followUsers, nil, "").ErrCode, "used up")

	s.Faults().DropConnection("*", 2)
	for _, path := range []string{followUsers, "externalcontact/list"} {
		require.Error(t, get(path, url.Values{"access_token": {tok}, "userid": {"zhangsan"}}), path)
		last := s.Requests()[len(s.Requests())-1]
		assert.Equal(t, path, last.Path)
		assert.Equal(t, "drop_connection", last.Fault)
		assert.Zero(t, last.Status)
	}
	token(t, s)
}

func TestGlobalConcurrencyLimit(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Faults().ConcurrencyLimit("*", 1)
	s.Faults().Latency(followUsers, time.Hour)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = send(t, ctx, s, http.MethodGet, followUsers, url.Values{"access_token": {tok}}, "") // canceled below
	}()
	require.Eventually(t, func() bool { return s.InFlight("") == 1 }, 5*time.Second, time.Millisecond)

	// One call in flight anywhere: calls to other paths are refused.
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {"zhangsan"}}, "")
	assert.Equal(t, 45033, r.ErrCode)
	assert.Regexp(t, "^api concurrent out of limit, hint: ", r.ErrMsg)
	r = raw(t, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "")
	assert.Equal(t, 45033, r.ErrCode, "gettoken counts too")
	assert.Equal(t, "concurrency_limit", s.Requests()[len(s.Requests())-1].Fault)

	cancel()
	<-done
	require.Eventually(t, func() bool { return s.InFlight("") == 0 }, 5*time.Second, time.Millisecond)
	r = apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {"zhangsan"}}, "")
	assert.Equal(t, 0, r.ErrCode, "one call at a time is fine: %s", r.ErrMsg)
}
