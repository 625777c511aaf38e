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

func TestAppPrintsNoSecretOrToken(t *testing.T) {
	const token = "ACCESS-TOKEN-do-not-print-77"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"`+token+`","expires_in":7200}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer srv.Close()
	app, err := work.New(work.Config{CorpID: "ww1", Secret: secret, AgentID: 1000002, BaseURL: srv.URL})
	require.NoError(t, err)
	// Fetch a token first, so that the App's internal state holds one.
	_, err = app.Client().GetRaw(context.Background(), "externalcontact/get_follow_user_list", nil)
	require.NoError(t, err)

	cfg := app.Config()
	for _, v := range []any{app, cfg, &cfg, app.Client()} {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d"} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
		outs = append(outs, fmt.Sprint(v), fmt.Sprintf("%+v", struct{ V any }{v}))
		var buf bytes.Buffer
		l := slog.New(slog.NewJSONHandler(&buf, nil))
		l.Info("app", "v", v)
		l.Info("app", slog.Any("v", v))
		l.Info("app", "nested", struct{ V any }{v})
		outs = append(outs, buf.String())
		for _, s := range outs {
			assert.NotContains(t, s, secret, "%T", v)
			assert.NotContains(t, s, token, "%T", v)
			assert.NotContains(t, s, "corpsecret", "%T", v)
		}
		assert.Contains(t, fmt.Sprint(v), srv.URL, "%T", v)
	}
	assert.Equal(t, `work.App{CorpID:"ww1", AgentID:1000002, Secret:"[REDACTED]", BaseURL:"`+srv.URL+`"}`, app.String())
	assert.Equal(t, app.String(), fmt.Sprintf("%#v", app))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("app", "app", app)
	assert.Contains(t, buf.String(), `"app":{"corp_id":"ww1","agent_id":1000002,"secret":"[REDACTED]","base_url":"`+srv.URL+`"}`)

	def, err := work.New(work.Config{CorpID: "ww1", Secret: secret})
	require.NoError(t, err)
	assert.Contains(t, def.String(), core.DefaultBaseURL)
	var nilApp *work.App
	assert.Equal(t, "(*work.App)(nil)", nilApp.String())
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
