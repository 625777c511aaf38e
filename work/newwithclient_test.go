package work_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
)

func TestNewWithClientSharesTheClient(t *testing.T) {
	var tokens []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokens = append(tokens, r.URL.Query().Get("access_token"))
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"wm1","name":"n","type":1},"follow_user":[]}`)
	}))
	defer srv.Close()
	base, err := core.NewClient(core.Options{BaseURL: srv.URL})
	require.NoError(t, err)
	for _, corp := range []string{"wwA", "wwB"} {
		c := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(func(context.Context) (string, error) { return "T-" + corp, nil }))
		app, err := work.NewWithClient(work.Config{CorpID: corp, AgentID: 7, BaseURL: srv.URL, Secret: "ignored"}, c)
		require.NoError(t, err)
		assert.Same(t, c, app.Client())
		assert.Equal(t, work.Config{CorpID: corp, AgentID: 7, BaseURL: srv.URL}, app.Config(), "only the identification is kept")
		_, err = app.ExternalContact().Get(context.Background(), "wm1")
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"T-wwA", "T-wwB"}, tokens)
}

func TestNewWithClientRejects(t *testing.T) {
	base, err := core.NewClient(core.Options{})
	require.NoError(t, err)
	_, err = work.NewWithClient(work.Config{CorpID: "ww"}, base)
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "client", ae.Field)
	_, err = work.NewWithClient(work.Config{CorpID: "ww"}, nil)
	require.ErrorAs(t, err, &ae)
	_, err = work.NewWithClient(work.Config{}, base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(nil)))
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "CorpID", ae.Field)
}
