package core_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// printings renders v every way a program may print or log it.
func printings(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%10.3v"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["in a struct"] = fmt.Sprintf("%+v", struct{ V any }{v})
	out["in a slice"] = fmt.Sprintf("%#v", []any{v})
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, nil))
	l.Info("print", "v", v)
	l.Info("print", slog.Any("v", v))
	l.Info("print", "nested", struct{ V any }{v})
	out["slog JSON"] = buf.String()
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("print", "v", v)
	out["slog text"] = buf.String()
	return out
}

// assertNoSecrets checks that no printing of v holds a secret, and that %v
// names v by what identifies it.
func assertNoSecrets(t *testing.T, v any, ident string, secrets ...string) {
	t.Helper()
	for how, s := range printings(v) {
		for _, secret := range secrets {
			assert.NotContains(t, s, secret, "%s of %T", how, v)
		}
	}
	assert.Contains(t, fmt.Sprintf("%v", v), ident)
}

func TestPrintingHidesSecretAndToken(t *testing.T) {
	f := newFake(t, ok)
	cache := core.NewMemoryCache()
	base, err := core.NewClient(core.Options{BaseURL: f.srv.URL})
	require.NoError(t, err)
	cfg := core.CorpTokenConfig{CorpID: testCorpID, Secret: testSecret, AgentID: 1000002, Cache: cache}
	ts := core.NewCorpTokenSource(base, cfg)
	c := base.WithTokenSource(core.AuthAccessToken, ts).
		WithTokenSource(core.AuthProviderToken, core.TokenFunc(func(context.Context) (string, error) { return "PROVIDER-TOKEN-9", nil })).
		WithTokenSource(core.AuthSuiteToken, staticSource{Tok: "SUITE-TOKEN-7"})
	// A token is fetched first, so every internal state holds one.
	require.NoError(t, c.Call(bg, epGetThing, nil, nil, nil))
	require.Equal(t, []string{"TOKEN-1"}, f.tokensIn)

	secrets := []string{testSecret, "TOKEN-1", "corpsecret", "PROVIDER-TOKEN-9", "SUITE-TOKEN-7"}
	assertNoSecrets(t, cfg, testCorpID, secrets...)
	assertNoSecrets(t, &cfg, testCorpID, secrets...)
	assertNoSecrets(t, ts, testCorpID, secrets...)
	assertNoSecrets(t, c, f.srv.URL, secrets...)
	assertNoSecrets(t, base, f.srv.URL, secrets...)
	assertNoSecrets(t, cache, "1", secrets...)

	assert.Equal(t, `core.CorpTokenConfig{CorpID:"wwTESTCORP", AgentID:1000002, Secret:"[REDACTED]"}`, cfg.String())
	assert.Equal(t, `core.CorpTokenSource{CorpID:"wwTESTCORP", AgentID:1000002, Secret:"[REDACTED]", BaseURL:"`+f.srv.URL+`"}`, fmt.Sprintf("%#v", ts))
	assert.Equal(t, `core.Client{BaseURL:"`+f.srv.URL+`", Tokens:[access_token provider_access_token suite_access_token]}`, c.String())
	assert.Equal(t, `core.MemoryCache{Entries:1}`, fmt.Sprint(cache))
}

// staticSource is a token source that is a plain struct: fmt would print its
// token if the Client printed its sources.
type staticSource struct{ Tok string }

func (s staticSource) Token(context.Context) (string, error) { return s.Tok, nil }

func TestPrintingNilValues(t *testing.T) {
	var (
		ts *core.CorpTokenSource
		c  *core.Client
		mc *core.MemoryCache
	)
	for _, v := range []any{ts, c, mc} {
		require.NotPanics(t, func() { printings(v) })
		assert.Contains(t, fmt.Sprint(v), "nil")
	}
}
