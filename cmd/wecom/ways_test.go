package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wayServer serves the 「联系我」 endpoints from testdata/contactway and
// records what it is sent (the simulator does not serve them yet).
type wayServer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []wayRequest
}

type wayRequest struct {
	Method, Path, Token string
	Body                map[string]any
}

func newWayServer(t *testing.T) *wayServer {
	t.Helper()
	ws := &wayServer{}
	answer := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "contactway", name))
		require.NoError(t, err)
		return b
	}
	ws.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"WAYTOKEN","expires_in":7200}`)
			return
		}
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		ws.mu.Lock()
		ws.reqs = append(ws.reqs, wayRequest{r.Method, r.URL.Path, r.URL.Query().Get("access_token"), body})
		ws.mu.Unlock()
		switch r.URL.Path {
		case "/cgi-bin/externalcontact/add_contact_way":
			w.Write(answer("add_contact_way.json"))
		case "/cgi-bin/externalcontact/get_contact_way":
			w.Write(answer("get_contact_way.json"))
		case "/cgi-bin/externalcontact/list_contact_way":
			if body["cursor"] == "NEXT_CURSOR" {
				w.Write(answer("list_contact_way_2.json"))
			} else {
				w.Write(answer("list_contact_way_1.json"))
			}
		case "/cgi-bin/externalcontact/del_contact_way":
			w.Write(answer("del_contact_way.json"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ws.srv.Close)
	return ws
}

func (ws *wayServer) vars() map[string]string {
	return map[string]string{"WECOM_CORP_ID": "wwways", "WECOM_SECRET": "way-secret", "WECOM_BASE_URL": ws.srv.URL}
}

func (ws *wayServer) requests() []wayRequest {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	out := ws.reqs
	ws.reqs = nil
	return out
}

func TestWays(t *testing.T) {
	ws := newWayServer(t)

	r := wecom(t, ws.vars(), "", "ways", "create", "--users", "zhangsan", "--state", "poster-2024", "--remark", "海报")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "config_id: 42b34949e138eb6e027c123cba77fAAA\nqr_code:   http://p.qpic.cn/wwhead/duc2TvpEgSdicZ9RrdUtBkv2UiaA/0\n", r.stdout)
	reqs := ws.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, wayRequest{http.MethodPost, "/cgi-bin/externalcontact/add_contact_way", "WAYTOKEN", map[string]any{
		"type": 1.0, "scene": 2.0, "user": []any{"zhangsan"}, "state": "poster-2024", "remark": "海报", "skip_verify": true,
	}}, reqs[0])

	r = wecom(t, ws.vars(), "", "ways", "create", "--type", "2", "--scene", "1", "--style", "2", "--users", "zhangsan,lisi", "--parties", "2,3", "--verify")
	require.Equal(t, 0, r.code, r.stderr)
	reqs = ws.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, map[string]any{"type": 2.0, "scene": 1.0, "style": 2.0, "user": []any{"zhangsan", "lisi"},
		"party": []any{2.0, 3.0}, "skip_verify": false}, reqs[0].Body)

	r = wecom(t, ws.vars(), "", "ways", "list", "--start-time", "1622476800", "--limit", "1000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "534b63270045c9ABiKEE814ef56d91c62f\n87bBiKEE811c62f63270041c62f5c9A4ef\n9f2d63270045c9ABiKEE814ef56d91c6aa\n", r.stdout, "every page")
	reqs = ws.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, map[string]any{"start_time": 1622476800.0, "limit": 1000.0}, reqs[0].Body)
	assert.Equal(t, map[string]any{"start_time": 1622476800.0, "limit": 1000.0, "cursor": "NEXT_CURSOR"}, reqs[1].Body)

	r = wecom(t, ws.vars(), "", "ways", "get", "42b34949e138eb6e027c123cba77fAAA")
	require.Equal(t, 0, r.code, r.stderr)
	var way map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &way))
	assert.Equal(t, "teststate", way["state"])
	assert.Equal(t, []any{"zhangsan", "lisi", "wangwu"}, way["user"])
	reqs = ws.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/cgi-bin/externalcontact/get_contact_way", reqs[0].Path)
	assert.Equal(t, map[string]any{"config_id": "42b34949e138eb6e027c123cba77fAAA"}, reqs[0].Body)

	r = wecom(t, ws.vars(), "", "ways", "delete", "42b34949e138eb6e027c123cba77fAAA")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "deleted 42b34949e138eb6e027c123cba77fAAA\n", r.stdout)
	reqs = ws.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, wayRequest{http.MethodPost, "/cgi-bin/externalcontact/del_contact_way", "WAYTOKEN",
		map[string]any{"config_id": "42b34949e138eb6e027c123cba77fAAA"}}, reqs[0])

	// Bad arguments never reach WeCom.
	for _, args := range [][]string{
		{"ways", "create"},
		{"ways", "create", "--type", "3", "--users", "a"},
		{"ways", "create", "--scene", "0", "--users", "a"},
		{"ways", "create", "--users", "a", "--state", "0123456789012345678901234567890"},
		{"ways", "create", "--type", "2", "--parties", "x"},
		{"ways", "list", "--limit", "1001"},
		{"ways", "get"},
		{"ways", "delete", "a", "b"},
	} {
		r := wecom(t, ws.vars(), "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
	}
	assert.Empty(t, ws.requests())
}
