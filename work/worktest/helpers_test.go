package worktest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// start builds and starts a simulator that closes with the test.
func start(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s, err := New(opts...)
	require.NoError(t, err)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// reply is one raw answer of the simulator.
type reply struct {
	Status  int
	Header  http.Header
	Body    []byte
	ErrCode int
	ErrMsg  string
}

// decode unmarshals the answer's body into v.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

// send makes one HTTP request to path (relative to /cgi-bin/) and reads the
// answer. body "" sends no body.
func send(t *testing.T, ctx context.Context, s *Server, method, path string, q url.Values, body string) (reply, error) {
	t.Helper()
	u := s.URL + "/cgi-bin/" + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	r := reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		var e struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		require.NoError(t, json.Unmarshal(b, &e), "body: %s", b)
		r.ErrCode, r.ErrMsg = e.ErrCode, e.ErrMsg
	}
	return r, nil
}

// raw is send that must reach the server.
func raw(t *testing.T, s *Server, method, path string, q url.Values, body string) reply {
	t.Helper()
	r, err := send(t, context.Background(), s, method, path, q, body)
	require.NoError(t, err)
	return r
}

// token fetches an access token through gettoken.
func token(t *testing.T, s *Server) string {
	t.Helper()
	r := raw(t, s, http.MethodGet, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	r.decode(t, &out)
	require.NotEmpty(t, out.AccessToken)
	return out.AccessToken
}

// api calls an endpoint with a fresh token; q may be nil.
func api(t *testing.T, s *Server, method, path string, q url.Values, body string) reply {
	t.Helper()
	return apiWith(t, s, token(t, s), method, path, q, body)
}

// apiWith calls an endpoint with the given token.
func apiWith(t *testing.T, s *Server, tok, method, path string, q url.Values, body string) reply {
	t.Helper()
	if q == nil {
		q = url.Values{}
	}
	q.Set("access_token", tok)
	return raw(t, s, method, path, q, body)
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// pair is a (member, customer) relation.
type pair struct{ UserID, ExternalUserID string }

// activeMembers returns the userids of the active members in d.
func activeMembers(d *Data) []string {
	var out []string
	for _, m := range d.Members {
		if !m.Resigned() {
			out = append(out, m.UserID)
		}
	}
	return out
}

// relationsOf returns the relations of the given members in d.
func relationsOf(d *Data, userIDs ...string) map[pair]Relation {
	want := map[string]bool{}
	for _, u := range userIDs {
		want[u] = true
	}
	out := map[pair]Relation{}
	for _, r := range d.Relations {
		if want[r.UserID] {
			out[pair{r.UserID, r.ExternalUserID}] = r
		}
	}
	return out
}

// batchPage is one decoded batch/get_by_user page.
type batchPage struct {
	List []struct {
		ExternalContact Customer `json:"external_contact"`
		FollowInfo      struct {
			UserID string   `json:"userid"`
			Remark string   `json:"remark"`
			TagIDs []string `json:"tag_id"`
		} `json:"follow_info"`
	} `json:"external_contact_list"`
	NextCursor *string `json:"next_cursor"`
}

// walkBatch pages batch/get_by_user to the end with tok and returns the
// pairs in order.
func walkBatch(t *testing.T, s *Server, tok string, userIDs []string, limit int) []pair {
	t.Helper()
	var out []pair
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "pagination does not end")
		body := mustJSON(t, map[string]any{"userid_list": userIDs, "cursor": cursor, "limit": limit})
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", nil, body)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p batchPage
		r.decode(t, &p)
		require.NotNil(t, p.NextCursor, "next_cursor is always present")
		if *p.NextCursor != "" {
			require.Len(t, p.List, limit, "a page before the last is full")
		}
		for _, e := range p.List {
			out = append(out, pair{e.FollowInfo.UserID, e.ExternalContact.ExternalUserID})
		}
		if *p.NextCursor == "" {
			return out
		}
		cursor = *p.NextCursor
	}
}
