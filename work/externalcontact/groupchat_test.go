package externalcontact

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

func TestGetGroupChats(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"status_filter":1,"owner_filter":{"userid_list":["abel"]},"cursor":"r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI","limit":10}`)
		reply(t, "groupchat_list")(rw, r)
	})
	req := &GetGroupChatsRequest{
		StatusFilter: GroupChatFilterOwnerResigned,
		OwnerFilter:  &GroupChatOwnerFilter{UserIDs: []string{"abel"}},
		Cursor:       "r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI",
		Limit:        10,
	}
	got, err := c.GetGroupChats(bg, req)
	require.NoError(t, err)
	assert.Equal(t, []GroupChatSummary{
		{ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", Status: GroupChatNormal},
		{ChatID: "wrOgQhDgAAcwMTB7YmDkbeBsAAAA", Status: GroupChatOwnerResigned},
	}, got.GroupChats)
	assert.Equal(t, "tJzlB9tdqfh-g7i_J-ehOz_TWcd7dSKa39_AqCIeMFw", got.NextCursor)
}

func TestGetGroupChatsDefaultLimit(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		// WeCom requires limit: 0 sends the default, and nothing else is set.
		testJSONBody(t, r, `{"limit":1000}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","group_chat_list":[],"next_cursor":""}`)
	})
	req := &GetGroupChatsRequest{}
	got, err := c.GetGroupChats(bg, req)
	require.NoError(t, err)
	assert.Empty(t, got.GroupChats)
	assert.Zero(t, req.Limit, "request must not be modified")
}

func TestGetGroupChatsErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, replyError(81017, "too many items"))
	_, err := c.GetGroupChats(bg, &GetGroupChatsRequest{})
	assertAPIError(t, err, 81017, "externalcontact/groupchat/list")
	assert.ErrorIs(t, err, ErrGroupChatTooManyOwners)

	tests := []struct {
		name  string
		req   *GetGroupChatsRequest
		field string
	}{
		{"limit 1001", &GetGroupChatsRequest{Limit: 1001}, "limit"},
		{"limit -1", &GetGroupChatsRequest{Limit: -1}, "limit"},
		{"101 owners", &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: xferIDs("u", 101)}}, "owner_filter.userid_list"},
		{"empty owner", &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel", ""}}}, "owner_filter.userid_list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.GetGroupChats(bg, tt.req)
			assertArgError(t, w, err, tt.field)
			for _, err := range c.GetGroupChatsAll(bg, tt.req) {
				assertArgError(t, w, err, tt.field)
			}
		})
	}
}

func groupChatItems(from, to int) []string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"chat_id":"wr%03d","status":%d}`, i, i%4))
	}
	return items
}

func TestGetGroupChatsAllCopiesRequestAtCallTime(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"owner_filter":{"userid_list":["abel"]},"limit":1000}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","group_chat_list":[],"next_cursor":""}`)
	})
	req := &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}}}
	seq := c.GetGroupChatsAll(bg, req)
	req.OwnerFilter.UserIDs[0] = "someone-else"
	for _, err := range seq {
		require.NoError(t, err)
	}
	assert.EqualValues(t, 1, w.requests.Load())
}

func TestGetGroupChatsAll(t *testing.T) {
	c, w := setup(t)
	cursors := xferServePages(t, w, "externalcontact/groupchat/list", "group_chat_list", []xferPage{
		{items: groupChatItems(0, 2)}, {items: groupChatItems(2, 4)}, {items: groupChatItems(4, 5)},
	})
	req := &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}}, Limit: 2}
	var got []GroupChatSummary
	for gc, err := range c.GetGroupChatsAll(bg, req) {
		require.NoError(t, err)
		got = append(got, gc)
	}
	require.Len(t, got, 5)
	for i, gc := range got {
		assert.Equal(t, fmt.Sprintf("wr%03d", i), gc.ChatID)
		assert.Equal(t, GroupChatStatus(i%4), gc.Status)
	}
	assert.Equal(t, []string{"", "c1", "c2"}, *cursors)
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	w.requests.Store(0)
	n := 0
	for _, err := range c.GetGroupChatsAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.EqualValues(t, 2, w.requests.Load())
}

func TestGetGroupChatsAllStopsOnError(t *testing.T) {
	c, w := setup(t)
	calls := 0
	w.handle(t, "externalcontact/groupchat/list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			io.WriteString(rw, `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wr1","status":0}],"next_cursor":"n"}`)
			return
		}
		replyError(48002, "api forbidden")(rw, r)
	})
	var items, errs int
	for _, err := range c.GetGroupChatsAll(bg, &GetGroupChatsRequest{}) {
		if err != nil {
			errs++
			assertAPIError(t, err, 48002, "externalcontact/groupchat/list")
			continue
		}
		items++
	}
	assert.Equal(t, 1, items)
	assert.Equal(t, 1, errs)
}

func TestGetGroupChat(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/get", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","need_name":1}`)
		reply(t, "groupchat_get")(rw, r)
	})
	got, err := c.GetGroupChat(bg, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", true)
	require.NoError(t, err)
	assert.Equal(t, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", got.ChatID)
	assert.Equal(t, "销售客服群", got.Name)
	assert.Equal(t, "ZhuShengBen", got.Owner)
	assert.Equal(t, int64(1572505490), got.CreateTime)
	assert.Equal(t, "文明沟通，拒绝脏话", got.Notice)
	assert.Equal(t, "71217227bbd112ecfe3a49c482195cb4", got.MemberVersion)
	assert.Equal(t, []GroupChatAdmin{{UserID: "sam"}, {UserID: "pony"}}, got.Admins)
	require.Len(t, got.Members, 2)
	assert.Equal(t, GroupChatMember{
		UserID: "abel", Type: GroupChatMemberInternal, JoinTime: 1572505491, JoinScene: GroupChatJoinDirectInvite,
		Invitor: &GroupChatInvitor{UserID: "jack"}, GroupNickname: "客服小张", Name: "张三丰", State: "klsdup3kj3s1",
	}, got.Members[0])
	assert.Equal(t, GroupChatMember{
		UserID: "wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA", Type: GroupChatMemberExternal, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
		JoinTime: 1572505491, JoinScene: GroupChatJoinQRCode, GroupNickname: "顾客老王", Name: "王语嫣",
	}, got.Members[1])
}

func TestGetGroupChatNoNames(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/get", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		// need_name is an int on the wire, sent as 0 when names are not wanted.
		testJSONBody(t, r, `{"chat_id":"wr1","need_name":0}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"wr1","name":"","owner":"zhangsan","create_time":1,"member_list":[{"userid":"zhangsan","type":1,"join_time":1,"join_scene":2}]}}`)
	})
	got, err := c.GetGroupChat(bg, "wr1", false)
	require.NoError(t, err)
	require.Len(t, got.Members, 1)
	assert.Empty(t, got.Members[0].Name)
	assert.Nil(t, got.Members[0].Invitor)
	assert.Equal(t, GroupChatJoinInviteLink, got.Members[0].JoinScene)
	assert.Empty(t, got.Admins)
}

func TestGetGroupChatErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/groupchat/get", http.MethodPost, replyError(84074, "no external contact permission"))
	_, err := c.GetGroupChat(bg, "wr1", false)
	assertAPIError(t, err, 84074, "externalcontact/groupchat/get")
	assert.ErrorIs(t, err, core.ErrNoCustomerContactPermission)

	c, w = setup(t)
	_, err = c.GetGroupChat(bg, "", true)
	assertArgError(t, w, err, "chat_id")
}

// groupChatTransferCalls runs the same tests against both group chat
// transfers, which share arguments and answer.
var groupChatTransferCalls = []struct {
	name     string
	path     string
	fixture  string
	code     int
	sentinel error
	call     func(c *Client, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error)
}{
	{
		"resigned", "externalcontact/groupchat/transfer", "groupchat_transfer", 90500, ErrChatOwnerNotResigned,
		func(c *Client, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error) {
			return c.TransferGroupChat(bg, chatIDs, newOwner)
		},
	},
	{
		"on-job", "externalcontact/groupchat/onjob_transfer", "groupchat_onjob_transfer", 90501, ErrNotCustomerGroupChat,
		func(c *Client, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error) {
			return c.OnJobTransferGroupChat(bg, chatIDs, newOwner)
		},
	},
}

func TestTransferGroupChat(t *testing.T) {
	for _, tc := range groupChatTransferCalls {
		t.Run(tc.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, tc.path, http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
				testQuery(t, r, nil)
				testJSONBody(t, r, `{"chat_id_list":["wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA","wrOgQhDgAAMYQiS5ol9G7gK9JVQUAAAA"],"new_owner":"zhangsan"}`)
				reply(t, tc.fixture)(rw, r)
			})
			ids := []string{"wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA", "wrOgQhDgAAMYQiS5ol9G7gK9JVQUAAAA"}
			got, err := tc.call(c, ids, "zhangsan")
			require.NoError(t, err)
			require.Len(t, got.FailedChats, 1)
			f := got.FailedChats[0]
			assert.Equal(t, "wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA", f.ChatID)
			assert.Equal(t, tc.code, f.ErrCode)
			assert.NotEmpty(t, f.ErrMsg)
			assert.ErrorIs(t, f.Err(), tc.sentinel)
			assertAPIError(t, f.Err(), tc.code, tc.path)
			assert.Contains(t, f.Err().Error(), f.ChatID)
			assert.Contains(t, f.Err().Error(), f.ErrMsg)
		})
	}
}

func TestTransferGroupChatAllHandedOver(t *testing.T) {
	for _, tc := range groupChatTransferCalls {
		t.Run(tc.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, tc.path, http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
				io.WriteString(rw, `{"errcode":0,"errmsg":"ok","failed_chat_list":[]}`)
			})
			got, err := tc.call(c, xferIDs("wr", 100), "zhangsan")
			require.NoError(t, err)
			assert.Empty(t, got.FailedChats)
			assert.NoError(t, FailedGroupChat{ChatID: "wr1"}.Err())
		})
	}
}

func TestTransferGroupChatErrors(t *testing.T) {
	for _, tc := range groupChatTransferCalls {
		t.Run(tc.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, tc.path, http.MethodPost, replyError(40003, "invalid userid"))
			_, err := tc.call(c, []string{"wr1"}, "nobody")
			assertAPIError(t, err, 40003, tc.path)
			assert.EqualValues(t, 1, w.requests.Load(), "a write is not retried")

			for _, v := range []struct {
				name     string
				ids      []string
				newOwner string
				field    string
			}{
				{"no chats", nil, "zhangsan", "chat_id_list"},
				{"empty chat", []string{"wr1", ""}, "zhangsan", "chat_id_list"},
				{"101 chats", xferIDs("wr", 101), "zhangsan", "chat_id_list"},
				{"no owner", []string{"wr1"}, "", "new_owner"},
			} {
				t.Run(v.name, func(t *testing.T) {
					c, w := setup(t)
					_, err := tc.call(c, v.ids, v.newOwner)
					assertArgError(t, w, err, v.field)
				})
			}
		})
	}
}

func TestGroupChatEnumStrings(t *testing.T) {
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
	for code, target := range map[int]error{
		81017: ErrGroupChatTooManyOwners, 90500: ErrChatOwnerNotResigned, 90501: ErrNotCustomerGroupChat,
		90502: ErrChatOwnerResigned, 90504: ErrChatOwnerUnchanged, 90507: ErrChatTransferInProgress,
		90508: ErrChatAlreadyTransferred,
	} {
		err := error(&core.APIError{Code: code, Path: "externalcontact/groupchat/transfer"})
		assert.ErrorIs(t, fmt.Errorf("wrapped: %w", err), target, "code %d", code)
	}
}
