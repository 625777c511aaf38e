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
	"github.com/wecomkit/wecom/work/message"
)

// The messaging, group welcome template and media services are built once
// each and share the App's token.
func TestMessageServicesShareTheApp(t *testing.T) {
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			fetches.Add(1)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`)
		case "/cgi-bin/externalcontact/group_welcome_template/get":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","text":{"content":"hi"}}`)
		default:
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","task_list":[],"next_cursor":""}`)
		}
	}))
	defer srv.Close()
	app, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL})
	require.NoError(t, err)

	assert.Same(t, app.ExternalContactMessage(), app.ExternalContactMessage())
	assert.Same(t, app.GroupWelcomeTemplate(), app.GroupWelcomeTemplate())
	assert.Same(t, app.Media(), app.Media())

	_, err = app.ExternalContactMessage().GetGroupMsgTask(context.Background(), &message.GroupMsgTaskRequest{MsgID: "msg1"})
	require.NoError(t, err)
	tmpl, err := app.GroupWelcomeTemplate().Get(context.Background(), "tpl1")
	require.NoError(t, err)
	assert.Equal(t, "hi", tmpl.Text.Content)
	assert.EqualValues(t, 1, fetches.Load(), "one token for every service")
}
