package work_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
)

// The two channel services are built once each and share the App's token.
func TestContactWayAccessors(t *testing.T) {
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			fetches.Add(1)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`)
		case "/cgi-bin/externalcontact/get_contact_way":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","contact_way":{"config_id":"cw1","type":1,"scene":2,"user":["zhangsan"]}}`)
		case "/cgi-bin/externalcontact/groupchat/get_join_way":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","join_way":{"config_id":"jw1","scene":2,"auto_create_room":1,"chat_id_list":["wr1"]}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	app, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL})
	require.NoError(t, err)

	assert.Same(t, app.ContactWay(), app.ContactWay())
	assert.Same(t, app.GroupChatWay(), app.GroupChatWay())
	way, err := app.ContactWay().Get(context.Background(), "cw1")
	require.NoError(t, err)
	assert.Equal(t, []string{"zhangsan"}, way.Users)
	join, err := app.GroupChatWay().Get(context.Background(), "jw1")
	require.NoError(t, err)
	assert.True(t, join.AutoCreateRoom)
	assert.EqualValues(t, 1, fetches.Load(), "one token for both services")
}
