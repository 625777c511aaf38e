package externalcontact

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every field of GetUnassignedRequest and GetGroupChatsRequest is optional,
// so nil asks for WeCom's defaults.
func TestNilRequestsMeanDefaults(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_unassigned_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","info":[{"handover_userid":"a","external_userid":"wm1","dimission_time":1}],"is_last":true}`)
	})
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"limit":1000}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wr1","status":0}],"next_cursor":""}`)
	})
	u, err := c.GetUnassigned(bg, nil)
	require.NoError(t, err)
	assert.Len(t, u.Info, 1)
	n := 0
	for _, err := range c.GetUnassignedAll(bg, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	g, err := c.GetGroupChats(bg, nil)
	require.NoError(t, err)
	assert.Len(t, g.GroupChats, 1)
	for chat, err := range c.GetGroupChatsAll(bg, nil) {
		require.NoError(t, err)
		assert.Equal(t, "wr1", chat.ChatID)
	}
}
