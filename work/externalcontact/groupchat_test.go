package externalcontact

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of these calls are in cases_groupchat_test.go.

func groupChatItems(from, to int) []string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"chat_id":"wr%03d","status":%d}`, i, i%4))
	}
	return items
}

func TestGetGroupChatsAll(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	cursors := servePages(t, s, "externalcontact/groupchat/list", "group_chat_list", []page{
		{items: groupChatItems(0, 2)}, {items: groupChatItems(2, 4)}, {items: groupChatItems(4, 5)},
	})
	req := &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}}, Limit: 2}
	got, errs := wiretest.Collect(c.GetGroupChatsAll(bg, req))
	require.Empty(t, errs)
	require.Len(t, got, 5)
	for i, gc := range got {
		assert.Equal(t, fmt.Sprintf("wr%03d", i), gc.ChatID)
		assert.Equal(t, GroupChatStatus(i%4), gc.Status)
	}
	assert.Equal(t, []string{"", "c1", "c2"}, cursors())
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	s.Requests.Store(0)
	n := 0
	for _, err := range c.GetGroupChatsAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	assert.EqualValues(t, 2, s.Requests.Load())
}

func TestGetGroupChatsAllCopiesRequestAtCallTime(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	s.Handle("externalcontact/groupchat/list", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"owner_filter":{"userid_list":["abel"]},"limit":1000}`, string(b))
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","group_chat_list":[],"next_cursor":""}`)
	})
	req := &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}}}
	seq := c.GetGroupChatsAll(bg, req)
	req.OwnerFilter.UserIDs[0] = "someone-else"
	items, errs := wiretest.Collect(seq)
	assert.Empty(t, items)
	assert.Empty(t, errs)
	assert.EqualValues(t, 1, s.Requests.Load())
}

func TestGetGroupChatsAllStopsOnError(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	servePages(t, s, "externalcontact/groupchat/list", "group_chat_list", []page{
		{items: groupChatItems(0, 1)}, {errcode: 48002},
	})
	items, errs := wiretest.Collect(c.GetGroupChatsAll(bg, &GetGroupChatsRequest{}))
	assert.Len(t, items, 1)
	require.Len(t, errs, 1)
	assertAPIError(t, errs[0], 48002, "externalcontact/groupchat/list")
}

func TestFailedGroupChatErr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path     string
		fixture  string
		code     int
		sentinel error
		call     func(c *Client) (*TransferGroupChatResponse, error)
	}{
		{"externalcontact/groupchat/transfer", "groupchat_transfer", 90500, ErrChatOwnerNotResigned,
			func(c *Client) (*TransferGroupChatResponse, error) {
				return c.TransferGroupChat(bg, []string{"wr1"}, "zhangsan")
			}},
		{"externalcontact/groupchat/onjob_transfer", "groupchat_onjob_transfer", 90501, ErrNotCustomerGroupChat,
			func(c *Client) (*TransferGroupChatResponse, error) {
				return c.OnJobTransferGroupChat(bg, []string{"wr1"}, "zhangsan")
			}},
	} {
		c, s := setup(t)
		reply := fixture(t, tc.fixture)
		s.Handle(tc.path, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, reply) })
		got, err := tc.call(c)
		require.NoError(t, err)
		require.Len(t, got.FailedChats, 1)
		f := got.FailedChats[0]
		assert.Equal(t, tc.code, f.ErrCode)
		assert.False(t, f.OK())
		assert.ErrorIs(t, f.Err(), tc.sentinel)
		assertAPIError(t, f.Err(), tc.code, tc.path)
		assert.Contains(t, f.Err().Error(), f.ChatID)
		assert.Contains(t, f.Err().Error(), f.ErrMsg)
		assert.Contains(t, f.String(), f.ChatID)
	}
	assert.NoError(t, FailedGroupChat{ChatID: "wr1"}.Err())
}

func TestGroupChatEnumStrings(t *testing.T) {
	t.Parallel()
	for s, want := range map[GroupChatStatus]string{
		GroupChatNormal: "normal", GroupChatOwnerResigned: "owner_resigned", GroupChatTransferring: "transferring",
		GroupChatTransferred: "transferred", 7: "GroupChatStatus(7)",
	} {
		assert.Equal(t, want, s.String())
	}
	for f, want := range map[GroupChatStatusFilter]string{
		GroupChatFilterAll: "all", GroupChatFilterOwnerResigned: "owner_resigned", GroupChatFilterTransferring: "transferring",
		GroupChatFilterTransferred: "transferred", 7: "GroupChatStatusFilter(7)",
	} {
		assert.Equal(t, want, f.String())
	}
	for m, want := range map[GroupChatMemberType]string{
		GroupChatMemberInternal: "internal", GroupChatMemberExternal: "external", 0: "GroupChatMemberType(0)",
	} {
		assert.Equal(t, want, m.String())
	}
	for s, want := range map[GroupChatJoinScene]string{
		GroupChatJoinDirectInvite: "direct_invite", GroupChatJoinInviteLink: "invite_link", GroupChatJoinQRCode: "qrcode",
		4: "GroupChatJoinScene(4)",
	} {
		assert.Equal(t, want, s.String())
	}
}

func TestGroupChatSentinels(t *testing.T) {
	t.Parallel()
	for code, target := range map[int]error{
		81017: ErrGroupChatTooManyOwners, 90500: ErrChatOwnerNotResigned, 90501: ErrNotCustomerGroupChat,
		90502: ErrChatOwnerResigned, 90504: ErrChatOwnerUnchanged, 90507: ErrChatTransferInProgress,
		90508: ErrChatAlreadyTransferred,
	} {
		err := error(&core.APIError{Code: code, Path: "externalcontact/groupchat/transfer"})
		assert.ErrorIs(t, fmt.Errorf("wrapped: %w", err), target, "code %d", code)
	}
}
