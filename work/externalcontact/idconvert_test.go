package externalcontact

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// idcStringCase is one conversion that answers a single id.
type idcStringCase struct {
	name    string
	path    string
	call    func(c *Client) (string, error)
	body    string // expected JSON request body
	fixture string
	want    string
}

var idcStringCases = []idcStringCase{
	{
		name:    "ConvertToOpenID",
		path:    "externalcontact/convert_to_openid",
		call:    func(c *Client) (string, error) { return c.ConvertToOpenID(bg, "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw") },
		body:    `{"external_userid":"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"}`,
		fixture: "convert_to_openid",
		want:    "oJ7Ad5VqGc1mWUfK3q9ZL2gS0tYx",
	},
	{
		name: "UnionIDToExternalUserID",
		path: "externalcontact/unionid_to_external_userid",
		call: func(c *Client) (string, error) {
			return c.UnionIDToExternalUserID(bg, "oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA", "oMiniProgramOpenID9ZL2gS0tYx")
		},
		body:    `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oMiniProgramOpenID9ZL2gS0tYx"}`,
		fixture: "unionid_to_external_userid",
		want:    "wmJ7Ad5VAAZqGc1mWUfK3q9ZL2gS0tYx",
	},
	{
		name: "ToServiceExternalUserID",
		path: "externalcontact/to_service_external_userid",
		call: func(c *Client) (string, error) {
			return c.ToServiceExternalUserID(bg, "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw")
		},
		body:    `{"external_userid":"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"}`,
		fixture: "to_service_external_userid",
		want:    "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB",
	},
	{
		name: "FromServiceExternalUserID",
		path: "externalcontact/from_service_external_userid",
		call: func(c *Client) (string, error) {
			return c.FromServiceExternalUserID(bg, 1000005, "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB")
		},
		// source_agentid is a JSON number, not a string.
		body:    `{"external_userid":"wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB","source_agentid":1000005}`,
		fixture: "from_service_external_userid",
		want:    "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw",
	},
	{
		name:    "OpenGIDToChatID",
		path:    "externalcontact/opengid_to_chatid",
		call:    func(c *Client) (string, error) { return c.OpenGIDToChatID(bg, "tG0dUt5QnTYgQ_N2VhxqfvWgAAAA") },
		body:    `{"opengid":"tG0dUt5QnTYgQ_N2VhxqfvWgAAAA"}`,
		fixture: "opengid_to_chatid",
		want:    "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
	},
}

func TestIDConvertSingle(t *testing.T) {
	for _, tt := range idcStringCases {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, tt.path, http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
				testQuery(t, r, nil)
				assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
				testJSONBody(t, r, tt.body)
				reply(t, tt.fixture)(rw, r)
			})
			got, err := tt.call(c)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.EqualValues(t, 1, w.requests.Load())
		})
	}
}

func TestIDConvertSingleErrcode(t *testing.T) {
	for _, tt := range idcStringCases {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, tt.path, http.MethodPost, replyError(40096, "invalid external userid"))
			got, err := tt.call(c)
			assert.Empty(t, got)
			assertAPIError(t, err, 40096, tt.path)
			assert.ErrorIs(t, err, core.ErrInvalidExternalUserID)
		})
	}
}

func TestGetNewExternalUserID(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_new_external_userid", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"external_userid_list":["wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw","wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"]}`)
		reply(t, "get_new_external_userid")(rw, r)
	})
	ids := []string{"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw", "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"}
	got, err := c.GetNewExternalUserID(bg, ids)
	require.NoError(t, err)
	assert.Equal(t, []ExternalUserIDMapping{
		{ExternalUserID: "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw", NewExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxAA"},
		// A provider-subject id comes back unchanged.
		{ExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB", NewExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"},
	}, got)
	assert.Equal(t, []string{"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw", "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"}, ids, "input must not be modified")
}

func TestGetGroupChatNewExternalUserID(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/get_new_external_userid", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		// The docs' key is chat_id (not PowerWeChat's chatid).
		testJSONBody(t, r, `{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","external_userid_list":["wmAJ2GCAAAgroupMember01-q0_ZM9uk"]}`)
		reply(t, "groupchat_get_new_external_userid")(rw, r)
	})
	got, err := c.GetGroupChatNewExternalUserID(bg, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", []string{"wmAJ2GCAAAgroupMember01-q0_ZM9uk"})
	require.NoError(t, err)
	assert.Equal(t, []ExternalUserIDMapping{
		{ExternalUserID: "wmAJ2GCAAAgroupMember01-q0_ZM9uk", NewExternalUserID: "wmJ7Ad5VAAgroupMember01NewZL2gS0"},
	}, got)
}

func TestGetNewExternalUserIDErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_new_external_userid", http.MethodPost, replyError(48002, "api forbidden"))
	got, err := c.GetNewExternalUserID(bg, []string{"wm1"})
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "externalcontact/get_new_external_userid")
	assert.ErrorIs(t, err, core.ErrAPIForbidden)

	c, w = setup(t)
	w.handle(t, "externalcontact/groupchat/get_new_external_userid", http.MethodPost, replyError(48002, "api forbidden"))
	got, err = c.GetGroupChatNewExternalUserID(bg, "wrChat", []string{"wm1"})
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "externalcontact/groupchat/get_new_external_userid")
}

func TestBatchToExternalUserID(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch_to_external_userid", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"mobiles":["13800000001","13800000002","13800000003"]}`)
		reply(t, "batch_to_external_userid")(rw, r)
	})
	got, err := c.BatchToExternalUserID(bg, []string{"13800000001", "13800000002", "13800000003"})
	require.NoError(t, err)
	assert.Equal(t, []BatchToExternalUserIDSuccess{
		{Mobile: "13800000001", ExternalUserID: "wmAJ2GCAAAparent01NI-q0_ZM9ukoAw"},
		{Mobile: "13800000002"}, // the parent does not follow the school yet
	}, got.SuccessList)
	require.Len(t, got.FailList, 1)
	f := got.FailList[0]
	assert.Equal(t, BatchToExternalUserIDFailure{Mobile: "13800000003", ErrCode: 60136, ErrMsg: "record not found"}, f)

	ferr := f.Err()
	require.Error(t, ferr)
	assert.ErrorIs(t, ferr, ErrRecordNotFound)
	assertAPIError(t, ferr, 60136, "externalcontact/batch_to_external_userid")
	assert.NoError(t, BatchToExternalUserIDFailure{Mobile: "13800000004"}.Err())
}

func TestBatchToExternalUserIDErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch_to_external_userid", http.MethodPost, replyError(48002, "api forbidden"))
	got, err := c.BatchToExternalUserID(bg, []string{"13800000001"})
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "externalcontact/batch_to_external_userid")
}

func TestIDConvertValidation(t *testing.T) {
	ids := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("wm%04d", i)
		}
		return s
	}
	tests := []struct {
		name  string
		call  func(c *Client) error
		field string
	}{
		{"ConvertToOpenID empty", func(c *Client) error { _, err := c.ConvertToOpenID(bg, ""); return err }, "external_userid"},
		{"UnionIDToExternalUserID no unionid", func(c *Client) error { _, err := c.UnionIDToExternalUserID(bg, "", "o1"); return err }, "unionid"},
		{"UnionIDToExternalUserID no openid", func(c *Client) error { _, err := c.UnionIDToExternalUserID(bg, "u1", ""); return err }, "openid"},
		{"ToServiceExternalUserID empty", func(c *Client) error { _, err := c.ToServiceExternalUserID(bg, ""); return err }, "external_userid"},
		{"FromServiceExternalUserID agent 0", func(c *Client) error { _, err := c.FromServiceExternalUserID(bg, 0, "wm1"); return err }, "source_agentid"},
		{"FromServiceExternalUserID agent -1", func(c *Client) error { _, err := c.FromServiceExternalUserID(bg, -1, "wm1"); return err }, "source_agentid"},
		{"FromServiceExternalUserID no id", func(c *Client) error { _, err := c.FromServiceExternalUserID(bg, 1000005, ""); return err }, "external_userid"},
		{"GetNewExternalUserID none", func(c *Client) error { _, err := c.GetNewExternalUserID(bg, nil); return err }, "external_userid_list"},
		{"GetNewExternalUserID empty id", func(c *Client) error { _, err := c.GetNewExternalUserID(bg, []string{"wm1", ""}); return err }, "external_userid_list"},
		{"GetNewExternalUserID 1001", func(c *Client) error { _, err := c.GetNewExternalUserID(bg, ids(1001)); return err }, "external_userid_list"},
		{"GroupChat no chat", func(c *Client) error { _, err := c.GetGroupChatNewExternalUserID(bg, "", []string{"wm1"}); return err }, "chat_id"},
		{"GroupChat none", func(c *Client) error { _, err := c.GetGroupChatNewExternalUserID(bg, "wr1", nil); return err }, "external_userid_list"},
		{"GroupChat 1001", func(c *Client) error { _, err := c.GetGroupChatNewExternalUserID(bg, "wr1", ids(1001)); return err }, "external_userid_list"},
		{"OpenGIDToChatID empty", func(c *Client) error { _, err := c.OpenGIDToChatID(bg, ""); return err }, "opengid"},
		{"BatchToExternalUserID none", func(c *Client) error { _, err := c.BatchToExternalUserID(bg, []string{}); return err }, "mobiles"},
		{"BatchToExternalUserID empty", func(c *Client) error { _, err := c.BatchToExternalUserID(bg, []string{""}); return err }, "mobiles"},
		{"BatchToExternalUserID 101", func(c *Client) error { _, err := c.BatchToExternalUserID(bg, ids(101)); return err }, "mobiles"},
		{"Finish no corpid", func(c *Client) error { return c.FinishExternalUserIDMigration(bg, "") }, "corpid"},
		{"3rd nil", func(c *Client) error { _, err := c.UnionIDToExternalUserID3rd(bg, nil); return err }, "request"},
		{"3rd no unionid", func(c *Client) error {
			_, err := c.UnionIDToExternalUserID3rd(bg, &UnionIDToExternalUserID3rdRequest{OpenID: "o1"})
			return err
		}, "unionid"},
		{"3rd no openid", func(c *Client) error {
			_, err := c.UnionIDToExternalUserID3rd(bg, &UnionIDToExternalUserID3rdRequest{UnionID: "u1", CorpID: "wp1"})
			return err
		}, "openid"},
		{"3rd legacy nil", func(c *Client) error { _, err := c.UnionIDToExternalUserID3rdLegacy(bg, nil); return err }, "request"},
		{"3rd legacy no unionid", func(c *Client) error {
			_, err := c.UnionIDToExternalUserID3rdLegacy(bg, &UnionIDToExternalUserID3rdRequest{OpenID: "o1", CorpID: "wp1"})
			return err
		}, "unionid"},
		{"3rd legacy no openid", func(c *Client) error {
			_, err := c.UnionIDToExternalUserID3rdLegacy(bg, &UnionIDToExternalUserID3rdRequest{UnionID: "u1"})
			return err
		}, "openid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every token source is configured, so only validation can
			// stop the call.
			c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthProviderToken, core.AuthSuiteToken)
			assertArgError(t, w, tt.call(c), tt.field)
		})
	}

	// The limits themselves are accepted.
	c, w := setup(t)
	w.handle(t, "externalcontact/get_new_external_userid", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","items":[]}`)
	})
	w.handle(t, "externalcontact/batch_to_external_userid", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","success_list":[],"fail_list":[]}`)
	})
	_, err := c.GetNewExternalUserID(bg, ids(1000))
	require.NoError(t, err)
	_, err = c.BatchToExternalUserID(bg, ids(100))
	require.NoError(t, err)
}

// Test tokens for the service/… endpoints.
const (
	idcProviderToken = "TEST_PROVIDER_ACCESS_TOKEN"
	idcSuiteToken    = "TEST_SUITE_ACCESS_TOKEN"
)

// idcTokenOf is the token idcSetup hands out for each kind.
var idcTokenOf = map[core.AuthKind]string{
	core.AuthAccessToken:   testToken,
	core.AuthProviderToken: idcProviderToken,
	core.AuthSuiteToken:    idcSuiteToken,
}

// idcSetup is setup for clients with other tokens than the corp
// access_token: the client gets a token source for each of kinds only, each
// counting its fetches in w.tokens, and makes up to attempts attempts.
func idcSetup(t *testing.T, attempts int, kinds ...core.AuthKind) (*Client, *wire) {
	t.Helper()
	w := &wire{mux: http.NewServeMux()}
	w.mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(rw, "unexpected", http.StatusNotFound)
	})
	srv := newIDCServer(t, w.mux)
	base, err := core.NewClient(core.Options{BaseURL: srv, Retry: core.RetryPolicy{MaxAttempts: attempts, BaseDelay: 1, MaxDelay: 1}})
	require.NoError(t, err)
	for _, k := range kinds {
		tok := idcTokenOf[k]
		base = base.WithTokenSource(k, core.TokenFunc(func(context.Context) (string, error) {
			w.tokens.Add(1)
			return tok, nil
		}))
	}
	return New(base), w
}

// newIDCServer starts a server for h, closed with the test, and returns its URL.
func newIDCServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// idcDropConnection reads the request, then closes the connection without
// answering: the request may have reached WeCom, the answer is lost.
func idcDropConnection(t *testing.T) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, _, err := rw.(http.Hijacker).Hijack()
		require.NoError(t, err)
		conn.Close()
	}
}

// idcHandle registers h for path, checking the HTTP method and that the
// request carries exactly one token: kind's, under kind's query name.
func idcHandle(t *testing.T, w *wire, path string, kind core.AuthKind, h http.HandlerFunc) {
	t.Helper()
	w.mux.HandleFunc("/cgi-bin/"+path, func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		assert.Equal(t, http.MethodPost, r.Method, "HTTP method of %s", path)
		q := r.URL.Query()
		for _, k := range []core.AuthKind{core.AuthAccessToken, core.AuthProviderToken, core.AuthSuiteToken} {
			if k == kind {
				assert.Equal(t, idcTokenOf[k], q.Get(k.String()), "%s of %s", k, path)
			} else {
				assert.False(t, q.Has(k.String()), "%s must not carry %s", path, k)
			}
		}
		q.Del(kind.String())
		assert.Empty(t, q, "query of %s", path)
		h(rw, r)
	})
}

func TestFinishExternalUserIDMigration(t *testing.T) {
	c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthProviderToken, core.AuthSuiteToken)
	idcHandle(t, w, "service/externalcontact/finish_external_userid_migration", core.AuthProviderToken, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"corpid":"wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	})
	require.NoError(t, c.FinishExternalUserIDMigration(bg, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"))
	assert.EqualValues(t, 1, w.requests.Load())
	assert.EqualValues(t, 1, w.tokens.Load(), "only the provider token is fetched")
}

func TestFinishExternalUserIDMigrationErrors(t *testing.T) {
	// No provider token source: refused before anything is sent (not even
	// the app's access_token is fetched).
	c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthSuiteToken)
	assertArgError(t, w, c.FinishExternalUserIDMigration(bg, "wpCorp"), "token")

	c, w = idcSetup(t, 1, core.AuthProviderToken)
	idcHandle(t, w, "service/externalcontact/finish_external_userid_migration", core.AuthProviderToken, replyError(48002, "api forbidden"))
	err := c.FinishExternalUserIDMigration(bg, "wpCorp")
	assertAPIError(t, err, 48002, "service/externalcontact/finish_external_userid_migration")

	// A write that may have reached WeCom is not re-sent.
	c, w = idcSetup(t, 3, core.AuthProviderToken)
	idcHandle(t, w, "service/externalcontact/finish_external_userid_migration", core.AuthProviderToken, idcDropConnection(t))
	err = c.FinishExternalUserIDMigration(bg, "wpCorp")
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.EqualValues(t, 1, w.requests.Load(), "a state change must not be re-sent")
	assert.NotContains(t, err.Error(), idcProviderToken)
}

func TestUnionIDToExternalUserID3rd(t *testing.T) {
	c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthProviderToken, core.AuthSuiteToken)
	var bodies []string
	idcHandle(t, w, "service/externalcontact/unionid_to_external_userid_3rd", core.AuthSuiteToken, func(rw http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		bodies = append(bodies, string(b))
		reply(t, "unionid_to_external_userid_3rd")(rw, r)
	})
	req := &UnionIDToExternalUserID3rdRequest{UnionID: "oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA", OpenID: "oProviderMiniOpenID2gS0tYxAA"}
	got, err := c.UnionIDToExternalUserID3rd(bg, req)
	require.NoError(t, err)
	assert.Equal(t, []ExternalUserIDInfo{
		{CorpID: "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", ExternalUserID: "wmJ7Ad5VAAcorpAcust9ZL2gS0tYxAA"},
		{CorpID: "wpJ7Ad5VAAcorpB3q9ZL2gS0tYxBBBB", ExternalUserID: "wmJ7Ad5VAAcorpBcust9ZL2gS0tYxBB"},
	}, got)

	req.CorpID = "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"
	_, err = c.UnionIDToExternalUserID3rd(bg, req)
	require.NoError(t, err)

	require.Len(t, bodies, 2)
	// corpid is left out when empty (all corps), sent when set.
	assert.JSONEq(t, `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oProviderMiniOpenID2gS0tYxAA"}`, bodies[0])
	assert.JSONEq(t, `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oProviderMiniOpenID2gS0tYxAA","corpid":"wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"}`, bodies[1])
	assert.Equal(t, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", req.CorpID, "request must not be modified")
}

func TestUnionIDToExternalUserID3rdErrors(t *testing.T) {
	req := &UnionIDToExternalUserID3rdRequest{UnionID: "u1", OpenID: "o1"}

	// No suite token source: a provider token or corp token is not used
	// in its place, and nothing is sent.
	c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthProviderToken)
	_, err := c.UnionIDToExternalUserID3rd(bg, req)
	assertArgError(t, w, err, "token")

	c, w = idcSetup(t, 1, core.AuthSuiteToken)
	idcHandle(t, w, "service/externalcontact/unionid_to_external_userid_3rd", core.AuthSuiteToken, replyError(48002, "api forbidden"))
	got, err := c.UnionIDToExternalUserID3rd(bg, req)
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "service/externalcontact/unionid_to_external_userid_3rd")
}

// legacy3rdPath is the undocumented path of UnionIDToExternalUserID3rdLegacy.
const legacy3rdPath = "externalcontact/unionid_to_external_userid_3rd"

func TestUnionIDToExternalUserID3rdLegacy(t *testing.T) {
	// Every token source is configured: the call must pick access_token.
	c, w := idcSetup(t, 1, core.AuthAccessToken, core.AuthProviderToken, core.AuthSuiteToken)
	var bodies []string
	idcHandle(t, w, legacy3rdPath, core.AuthAccessToken, func(rw http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		bodies = append(bodies, string(b))
		reply(t, "unionid_to_external_userid_3rd")(rw, r)
	})
	req := &UnionIDToExternalUserID3rdRequest{UnionID: "oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA", OpenID: "oProviderMiniOpenID2gS0tYxAA"}
	got, err := c.UnionIDToExternalUserID3rdLegacy(bg, req)
	require.NoError(t, err)
	assert.Equal(t, []ExternalUserIDInfo{
		{CorpID: "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", ExternalUserID: "wmJ7Ad5VAAcorpAcust9ZL2gS0tYxAA"},
		{CorpID: "wpJ7Ad5VAAcorpB3q9ZL2gS0tYxBBBB", ExternalUserID: "wmJ7Ad5VAAcorpBcust9ZL2gS0tYxBB"},
	}, got)
	assert.EqualValues(t, 1, w.tokens.Load(), "only the access_token is fetched")

	req.CorpID = "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"
	_, err = c.UnionIDToExternalUserID3rdLegacy(bg, req)
	require.NoError(t, err)

	require.Len(t, bodies, 2)
	// The body is the service/ call's: corpid left out when empty, sent when set.
	assert.JSONEq(t, `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oProviderMiniOpenID2gS0tYxAA"}`, bodies[0])
	assert.JSONEq(t, `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oProviderMiniOpenID2gS0tYxAA","corpid":"wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"}`, bodies[1])
	assert.Equal(t, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", req.CorpID, "request must not be modified")
	assert.EqualValues(t, 2, w.requests.Load())

	// An app with only a corp token (no suite token) can call it.
	c, w = idcSetup(t, 1, core.AuthAccessToken)
	idcHandle(t, w, legacy3rdPath, core.AuthAccessToken, reply(t, "unionid_to_external_userid_3rd"))
	got, err = c.UnionIDToExternalUserID3rdLegacy(bg, req)
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

func TestUnionIDToExternalUserID3rdLegacyErrors(t *testing.T) {
	req := &UnionIDToExternalUserID3rdRequest{UnionID: "u1", OpenID: "o1"}

	// No access_token source: the suite token is not used in its place, and
	// nothing is sent.
	c, w := idcSetup(t, 1, core.AuthProviderToken, core.AuthSuiteToken)
	_, err := c.UnionIDToExternalUserID3rdLegacy(bg, req)
	assertArgError(t, w, err, "token")

	c, w = idcSetup(t, 1, core.AuthAccessToken)
	idcHandle(t, w, legacy3rdPath, core.AuthAccessToken, replyError(48002, "api forbidden"))
	got, err := c.UnionIDToExternalUserID3rdLegacy(bg, req)
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, legacy3rdPath)
	assert.ErrorIs(t, err, core.ErrAPIForbidden)

	// A read: re-sent after a dropped connection.
	c, w = idcSetup(t, 3, core.AuthAccessToken)
	calls := 0
	idcHandle(t, w, legacy3rdPath, core.AuthAccessToken, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			idcDropConnection(t)(rw, r)
			return
		}
		reply(t, "unionid_to_external_userid_3rd")(rw, r)
	})
	got, err = c.UnionIDToExternalUserID3rdLegacy(bg, req)
	require.NoError(t, err)
	assert.Len(t, got, 2)
	assert.EqualValues(t, 2, w.requests.Load(), "a read is re-sent after a dropped connection")
}

func TestIDConvertReadRetriedAfterTransportFailure(t *testing.T) {
	c, w := idcSetup(t, 3, core.AuthAccessToken)
	calls := 0
	idcHandle(t, w, "externalcontact/opengid_to_chatid", core.AuthAccessToken, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			idcDropConnection(t)(rw, r)
			return
		}
		reply(t, "opengid_to_chatid")(rw, r)
	})
	got, err := c.OpenGIDToChatID(bg, "tG0dUt5QnTYgQ_N2VhxqfvWgAAAA")
	require.NoError(t, err)
	assert.Equal(t, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", got)
	assert.EqualValues(t, 2, w.requests.Load(), "a read is re-sent after a dropped connection")
}

func TestIDConvertTransportFailure(t *testing.T) {
	c, w := idcSetup(t, 1, core.AuthAccessToken)
	idcHandle(t, w, "externalcontact/convert_to_openid", core.AuthAccessToken, idcDropConnection(t))
	got, err := c.ConvertToOpenID(bg, "wm1")
	assert.Empty(t, got)
	var te *core.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "externalcontact/convert_to_openid", te.Path)
	assert.NotContains(t, err.Error(), testToken)

	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err = c.ConvertToOpenID(ctx, "wm1")
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}
