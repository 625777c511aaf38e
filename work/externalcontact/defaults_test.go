package externalcontact

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// Every field of GetUnassignedRequest and GetGroupChatsRequest is optional,
// so nil asks for WeCom's defaults, for one page and for the walk alike.
func TestNilRequestsMeanDefaults(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	s.Handle("externalcontact/get_unassigned_list", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{}`, string(b))
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","info":[{"handover_userid":"a","external_userid":"wm1","dimission_time":1}],"is_last":true}`)
	})
	s.Handle("externalcontact/groupchat/list", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"limit":1000}`, string(b))
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wr1","status":0}],"next_cursor":""}`)
	})
	u, err := c.GetUnassigned(bg, nil)
	require.NoError(t, err)
	assert.Len(t, u.Info, 1)
	unassigned, errs := wiretest.Collect(c.GetUnassignedAll(bg, nil))
	assert.Empty(t, errs)
	assert.Equal(t, []UnassignedCustomer{{HandoverUserID: "a", ExternalUserID: "wm1", DimissionTime: 1}}, unassigned)

	g, err := c.GetGroupChats(bg, nil)
	require.NoError(t, err)
	assert.Len(t, g.GroupChats, 1)
	chats, errs := wiretest.Collect(c.GetGroupChatsAll(bg, nil))
	assert.Empty(t, errs)
	assert.Equal(t, []GroupChatSummary{{ChatID: "wr1"}}, chats)
	assert.EqualValues(t, 4, s.Requests.Load())
}
