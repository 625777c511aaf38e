package work_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
)

const secret = "app-secret-do-not-print-0001"

func TestNewRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg   work.Config
		field string
	}{
		{work.Config{Secret: secret}, "CorpID"},
		{work.Config{CorpID: "ww1"}, "Secret"},
		{work.Config{CorpID: "ww1", Secret: secret, BaseURL: "not a url"}, "BaseURL"},
		{work.Config{CorpID: "ww1", Secret: secret, BaseURL: "ftp://host"}, "BaseURL"},
		{work.Config{CorpID: "ww1", Secret: secret, AgentID: -1}, "AgentID"},
	} {
		_, err := work.New(tc.cfg)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae, "%v", tc.cfg)
		assert.Equal(t, tc.field, ae.Field)
		assert.ErrorIs(t, err, core.ErrInvalidArgument)
		assert.NotContains(t, err.Error(), secret)
	}
	_, err := work.New(work.Config{CorpID: "ww1", TokenSource: core.TokenFunc(func(context.Context) (string, error) { return "t", nil })})
	assert.NoError(t, err, "a TokenSource replaces the secret")
}

func TestConfigRedacted(t *testing.T) {
	cfg := work.Config{CorpID: "ww1", Secret: secret, AgentID: 1000002}
	for _, s := range []string{cfg.String(), fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(&cfg)} {
		assert.NotContains(t, s, secret)
		assert.Contains(t, s, "ww1")
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("config", "cfg", cfg)
	assert.NotContains(t, buf.String(), secret)
	assert.Contains(t, buf.String(), "[REDACTED]")
}

func TestServicesBuiltOnceAndShareOneToken(t *testing.T) {
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			fetches.Add(1)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"wm1","name":"n","type":1},"follow_user":[]}`)
	}))
	defer srv.Close()
	app, err := work.New(work.Config{CorpID: "ww1", Secret: secret, BaseURL: srv.URL})
	require.NoError(t, err)

	var wg sync.WaitGroup
	got := make([]*externalcontact.Client, 64)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = app.ExternalContact()
			_, err := got[i].Get(context.Background(), "wm1")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	for _, c := range got {
		assert.Same(t, got[0], c, "one service instance")
	}
	assert.EqualValues(t, 1, fetches.Load(), "one token for all services and callers")

	res, err := app.Client().GetRaw(context.Background(), "externalcontact/get", nil)
	require.NoError(t, err)
	assert.Equal(t, "wm1", res.Get("external_contact.external_userid").String())
	assert.EqualValues(t, 1, fetches.Load())
}
