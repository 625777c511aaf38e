package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/worktest"
)

func TestServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	started := make(chan *worktest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "42", "-members", "2"}, &out, io.Discard,
			func(s *worktest.Server) { started <- s })
	}()
	var s *worktest.Server
	select {
	case s = <-started:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}

	q := url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}
	resp, err := http.Get(s.URL + "/cgi-bin/gettoken?" + q.Encode())
	require.NoError(t, err)
	var tok struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	assert.Zero(t, tok.ErrCode)
	assert.NotEmpty(t, tok.AccessToken)
	assert.Equal(t, 7200, tok.ExpiresIn)

	resp, err = http.Get(s.URL + "/cgi-bin/externalcontact/get_follow_user_list?access_token=" + tok.AccessToken)
	require.NoError(t, err)
	var fu struct {
		FollowUser []string `json:"follow_user"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&fu))
	resp.Body.Close()
	assert.Equal(t, []string{"zhangsan", "lisi"}, fu.FollowUser)

	cancel()
	require.NoError(t, <-done)
	text := out.String()
	assert.Contains(t, text, s.URL)
	assert.Contains(t, text, "corpid: "+s.CorpID)
	assert.Contains(t, text, "secret: "+s.Secret)
	assert.Contains(t, text, "provider_access_token: "+s.ProviderToken())
	assert.Contains(t, text, "suite_access_token:    "+s.SuiteToken())
	assert.Contains(t, text, "members with 客户联系: zhangsan lisi")
	assert.Contains(t, text, "export WECOM_BASE_URL="+s.URL+" WECOM_CORP_ID="+s.CorpID+" WECOM_SECRET="+s.Secret+"\n",
		"how to point the wecom CLI at it")
	assert.Contains(t, text, "go run ./cmd/wecom customers export")
	_, err = http.Get(s.URL + "/cgi-bin/gettoken")
	assert.Error(t, err, "stopped")
}

func TestDumpIsAFixture(t *testing.T) {
	var a, b bytes.Buffer
	args := []string{"-dump", "-seed", "9", "-members", "3", "-customers", "2"}
	require.NoError(t, run(context.Background(), args, &a, io.Discard, nil))
	require.NoError(t, run(context.Background(), args, &b, io.Discard, nil))
	assert.Equal(t, a.String(), b.String(), "deterministic")

	s, err := worktest.New(worktest.WithFixtureReader(&a))
	require.NoError(t, err)
	assert.Len(t, s.Snapshot().Members, 3+1+worktest.DefaultResignedMembers)
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"-nosuchflag"},
		{"extra"},
		{"-fixture", "does-not-exist.json", "-dump"},
		{"-addr", "not an address"},
	} {
		err := run(context.Background(), args, io.Discard, io.Discard, nil)
		assert.Error(t, err, "%v", args)
	}
	var usage bytes.Buffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &usage, nil)
	assert.True(t, errors.Is(err, flag.ErrHelp))
	assert.Contains(t, usage.String(), "Usage: wecomsim [flags]")
	assert.Contains(t, usage.String(), "-seed")
}
