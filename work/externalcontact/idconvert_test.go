package externalcontact

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of the conversions (every token kind included) are in
// cases_idconvert_test.go. The tests here give a client only some kinds of
// token, to see that a call never takes another kind in place of its own.

// clientWith returns a client on s with token sources of the given kinds
// only, counting their fetches in fetches.
func clientWith(t *testing.T, s *wiretest.Server, fetches *atomic.Int32, kinds ...core.AuthKind) *Client {
	t.Helper()
	base, err := core.NewClient(core.Options{BaseURL: s.URL(), Retry: core.RetryPolicy{MaxAttempts: 1}})
	require.NoError(t, err)
	tokens := map[core.AuthKind]string{
		core.AuthAccessToken: wiretest.AccessToken, core.AuthProviderToken: wiretest.ProviderToken, core.AuthSuiteToken: wiretest.SuiteToken,
	}
	for _, k := range kinds {
		tok := tokens[k]
		base = base.WithTokenSource(k, core.TokenFunc(func(context.Context) (string, error) {
			fetches.Add(1)
			return tok, nil
		}))
	}
	return New(base)
}

func TestIDConvertTokenKinds(t *testing.T) {
	t.Parallel()
	req := &UnionIDToExternalUserID3rdRequest{UnionID: "u1", OpenID: "o1"}
	var fetches atomic.Int32
	for _, tt := range []struct {
		name  string
		kinds []core.AuthKind
		call  func(c *Client) error
		path  string
	}{
		{"finish without a provider token", []core.AuthKind{core.AuthAccessToken, core.AuthSuiteToken},
			func(c *Client) error { return c.FinishExternalUserIDMigration(bg, "wpCorp") },
			"service/externalcontact/finish_external_userid_migration"},
		{"3rd without a suite token", []core.AuthKind{core.AuthAccessToken, core.AuthProviderToken},
			func(c *Client) error { _, err := c.UnionIDToExternalUserID3rd(bg, req); return err },
			"service/externalcontact/unionid_to_external_userid_3rd"},
		{"legacy 3rd without an access token", []core.AuthKind{core.AuthProviderToken, core.AuthSuiteToken},
			func(c *Client) error { _, err := c.UnionIDToExternalUserID3rdLegacy(bg, req); return err },
			"externalcontact/unionid_to_external_userid_3rd"},
	} {
		s := wiretest.NewServer(t)
		fetches.Store(0)
		err := tt.call(clientWith(t, s, &fetches, tt.kinds...))
		wiretest.AssertArgError(t, s, err, tt.path, "token")
		assert.Zero(t, fetches.Load(), "%s: no other kind of token is fetched", tt.name)
	}

	// An app with only a corp token can call the legacy path.
	s := wiretest.NewServer(t)
	reply := fixture(t, "unionid_to_external_userid_3rd")
	s.Handle("externalcontact/unionid_to_external_userid_3rd", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, wiretest.AccessToken, r.URL.Query().Get("access_token"))
		io.WriteString(w, reply)
	})
	fetches.Store(0)
	got, err := clientWith(t, s, &fetches, core.AuthAccessToken).UnionIDToExternalUserID3rdLegacy(bg, req)
	require.NoError(t, err)
	assert.Len(t, got, 2)
	assert.EqualValues(t, 1, fetches.Load())
}

func TestBatchToExternalUserIDFailureErr(t *testing.T) {
	t.Parallel()
	f := BatchToExternalUserIDFailure{Mobile: "13800000003", ItemResult: itemResult(60136, "record not found")}
	err := f.Err()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRecordNotFound)
	assertAPIError(t, err, 60136, "externalcontact/batch_to_external_userid")
	assert.NotContains(t, err.Error(), f.Mobile, "a mobile is personal data, kept out of errors")
	assert.NoError(t, BatchToExternalUserIDFailure{Mobile: "13800000004"}.Err())
}

func TestIDConvertTransportFailure(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	s.Handle("externalcontact/convert_to_openid", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		if assert.NoError(t, err) {
			conn.Close()
		}
	})
	got, err := c.ConvertToOpenID(bg, "wm1")
	assert.Empty(t, got)
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "externalcontact/convert_to_openid", te.Path)
	assert.NotContains(t, err.Error(), wiretest.AccessToken)

	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err = c.ConvertToOpenID(ctx, "wm1")
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}
