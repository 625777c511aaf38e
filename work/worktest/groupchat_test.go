package worktest

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chatListPage is one decoded groupchat/list page.
type chatListPage struct {
	List []struct {
		ChatID string `json:"chat_id"`
		Status int    `json:"status"`
	} `json:"group_chat_list"`
	NextCursor *string `json:"next_cursor"`
}

// walkChats pages groupchat/list to the end with body fields extra (plus
// cursor and limit) and returns the chat ids in order, checking the pages.
func walkChats(t *testing.T, s *Server, tok string, extra map[string]any, limit int) (ids []string, status map[string]int) {
	t.Helper()
	status = map[string]int{}
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "pagination does not end")
		body := map[string]any{"cursor": cursor, "limit": limit}
		for k, v := range extra {
			body[k] = v
		}
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/list", nil, mustJSON(t, body))
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p chatListPage
		r.decode(t, &p)
		require.NotNil(t, p.NextCursor, "next_cursor is always present")
		if *p.NextCursor != "" {
			require.Len(t, p.List, limit, "a page before the last is full")
		}
		for _, e := range p.List {
			ids = append(ids, e.ChatID)
			status[e.ChatID] = e.Status
		}
		if *p.NextCursor == "" {
			return ids, status
		}
		cursor = *p.NextCursor
	}
}

// chatsWhere returns the ids of the chats in d that match keep, in order.
func chatsWhere(d *Data, keep func(GroupChat) bool) []string {
	var out []string
	for _, c := range d.GroupChats {
		if keep(c) {
			out = append(out, c.ChatID)
		}
	}
	return out
}

func TestGroupChatListValidation(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	const path = "externalcontact/groupchat/list"
	r := apiWith(t, s, tok, http.MethodGet, path, nil, "")
	assert.Equal(t, 43002, r.ErrCode)

	many := make([]string, 101)
	for i := range many {
		many[i] = "u" + strings.Repeat("x", i)
	}
	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"no limit":           {`{}`, 40058},
		"limit 0":            {`{"limit":0}`, 40058},
		"limit 1001":         {`{"limit":1001}`, 40058},
		"negative limit":     {`{"limit":-1}`, 40058},
		"status_filter 4":    {`{"limit":10,"status_filter":4}`, 40058},
		"status_filter -1":   {`{"limit":10,"status_filter":-1}`, 40058},
		"101 owners":         {mustJSON(t, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": many}}), 40058},
		"empty owner":        {`{"limit":10,"owner_filter":{"userid_list":[""]}}`, 40058},
		"bad cursor":         {`{"limit":10,"cursor":"nope"}`, 50100},
		"limit of bad type":  {`{"limit":"10"}`, 47001},
		"owner_filter array": {`{"limit":10,"owner_filter":["zhangsan"]}`, 47001},
	} {
		t.Run(name, func(t *testing.T) {
			r := apiWith(t, s, tok, http.MethodPost, path, nil, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}

	t.Run("a cursor of another query", func(t *testing.T) {
		r := apiWith(t, s, tok, http.MethodPost, path, nil, `{"limit":1}`)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p chatListPage
		r.decode(t, &p)
		require.NotEmpty(t, *p.NextCursor)
		r = apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, map[string]any{"limit": 1, "status_filter": 1, "cursor": *p.NextCursor}))
		assert.Equal(t, 50100, r.ErrCode, r.ErrMsg)
	})
}

func TestGroupChatListTooManyOwners(t *testing.T) {
	s := start(t, WithMembers(maxVisibleOwners+1), WithCustomersPerMember(0), WithGroupChats(2), WithResignedMembers(0))
	tok := token(t, s)
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/list", nil, `{"limit":10}`)
	assert.Equal(t, 81017, r.ErrCode, r.ErrMsg)
	ids, _ := walkChats(t, s, tok, map[string]any{"owner_filter": map[string]any{"userid_list": []string{"zhangsan", "lisi"}}}, 10)
	assert.Len(t, ids, 2, "an owner filter is fine")
}

func TestGroupChatListFilters(t *testing.T) {
	s := start(t, WithGroupChats(13))
	d := s.Snapshot()
	tok := token(t, s)
	all := chatsWhere(d, func(GroupChat) bool { return true })
	require.Len(t, all, 13)

	for _, limit := range []int{1, 4, 13, 1000} {
		got, status := walkChats(t, s, tok, nil, limit)
		assert.Equal(t, all, got, "limit %d: every chat once, in creation order", limit)
		for _, c := range d.GroupChats {
			assert.Equal(t, c.Status, status[c.ChatID])
		}
	}

	got, _ := walkChats(t, s, tok, map[string]any{"status_filter": ChatOwnerResigned}, 2)
	want := chatsWhere(d, func(c GroupChat) bool { return c.Status == ChatOwnerResigned })
	require.Len(t, want, 1, "the seed has one chat of a resigned owner")
	assert.Equal(t, want, got)
	for _, f := range []int{ChatTransferring, ChatTransferFinished} {
		got, _ := walkChats(t, s, tok, map[string]any{"status_filter": f}, 2)
		assert.Empty(t, got, "status_filter %d", f)
	}

	owners := []string{"lisi", "qianduo", "nobody", "lisi"}
	got, _ = walkChats(t, s, tok, map[string]any{"owner_filter": map[string]any{"userid_list": owners}}, 1)
	want = chatsWhere(d, func(c GroupChat) bool { return c.Owner == "lisi" || c.Owner == "qianduo" })
	assert.Equal(t, want, got, "resigned owners match, unknown ones match nothing")
	got, _ = walkChats(t, s, tok, map[string]any{"owner_filter": map[string]any{"userid_list": []string{}}}, 5)
	assert.Equal(t, all, got, "an empty owner list does not filter")
}

type chatGetReply struct {
	GroupChat struct {
		ChatID        string       `json:"chat_id"`
		Name          string       `json:"name"`
		Owner         string       `json:"owner"`
		CreateTime    int64        `json:"create_time"`
		Notice        string       `json:"notice"`
		Members       []ChatMember `json:"member_list"`
		Admins        []ChatAdmin  `json:"admin_list"`
		MemberVersion string       `json:"member_version"`
		Status        *int         `json:"status"`
	} `json:"group_chat"`
}

func getChat(t *testing.T, s *Server, tok, chatID string, needName int) chatGetReply {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/get", nil, mustJSON(t, map[string]any{"chat_id": chatID, "need_name": needName}))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out chatGetReply
	r.decode(t, &out)
	return out
}

func TestGroupChatGet(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	tok := token(t, s)
	const path = "externalcontact/groupchat/get"

	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"no chat_id":      {`{}`, 40058},
		"unknown chat_id": {`{"chat_id":"wrNOSUCHCHAT"}`, 40050},
		"need_name 2":     {mustJSON(t, map[string]any{"chat_id": d.GroupChats[0].ChatID, "need_name": 2}), 40058},
		"need_name true":  {mustJSON(t, map[string]any{"chat_id": d.GroupChats[0].ChatID, "need_name": true}), 47001},
	} {
		t.Run(name, func(t *testing.T) {
			r := apiWith(t, s, tok, http.MethodPost, path, nil, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
	r := apiWith(t, s, tok, http.MethodGet, path, nil, "")
	assert.Equal(t, 43002, r.ErrCode)

	names := map[string]string{}
	for _, m := range d.Members {
		names[m.UserID] = m.Name
	}
	for _, c := range d.Customers {
		names[c.ExternalUserID] = c.Name
	}
	for _, want := range d.GroupChats {
		got := getChat(t, s, tok, want.ChatID, 0).GroupChat
		assert.Equal(t, want.ChatID, got.ChatID)
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.Owner, got.Owner)
		assert.Equal(t, want.CreateTime, got.CreateTime)
		assert.Equal(t, want.Notice, got.Notice)
		assert.Equal(t, want.MemberVersion, got.MemberVersion)
		assert.Equal(t, len(want.Admins), len(got.Admins))
		assert.Nil(t, got.Status, "group_chat has no status")
		require.Len(t, got.Members, len(want.Members))
		for i, m := range got.Members {
			w := want.Members[i]
			assert.Empty(t, m.Name, "need_name 0: no names")
			w.Name = ""
			assert.Equal(t, w, m)
		}
		named := getChat(t, s, tok, want.ChatID, 1).GroupChat
		for _, m := range named.Members {
			assert.Equal(t, names[m.UserID], m.Name, "need_name 1: %s", m.UserID)
			assert.NotEmpty(t, m.Name)
		}
	}
}

// transferChats posts a transfer and returns failed_chat_list as chat → code.
func transferChats(t *testing.T, s *Server, tok, path string, chatIDs []string, newOwner string) map[string]int {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, map[string]any{"chat_id_list": chatIDs, "new_owner": newOwner}))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		Failed []failedChat `json:"failed_chat_list"`
	}
	r.decode(t, &out)
	require.NotNil(t, out.Failed, "failed_chat_list is always present")
	m := map[string]int{}
	for _, f := range out.Failed {
		assert.NotEmpty(t, f.ErrMsg)
		m[f.ChatID] = f.ErrCode
	}
	return m
}

func TestGroupChatTransferValidation(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	tok := token(t, s)
	chat := d.GroupChats[0].ChatID
	many := make([]string, 101)
	for i := range many {
		many[i] = chat
	}
	for _, path := range []string{"externalcontact/groupchat/transfer", "externalcontact/groupchat/onjob_transfer"} {
		for name, tc := range map[string]struct {
			body any
			code int
		}{
			"no chats":               {map[string]any{"new_owner": "zhangsan"}, 40058},
			"101 chats":              {map[string]any{"chat_id_list": many, "new_owner": "zhangsan"}, 40058},
			"an empty chat id":       {map[string]any{"chat_id_list": []string{""}, "new_owner": "zhangsan"}, 40058},
			"no new owner":           {map[string]any{"chat_id_list": []string{chat}}, 40058},
			"unknown new owner":      {map[string]any{"chat_id_list": []string{chat}, "new_owner": "nobody"}, 40003},
			"resigned new owner":     {map[string]any{"chat_id_list": []string{chat}, "new_owner": "qianduo"}, 40003},
			"owner without 客户联系":     {map[string]any{"chat_id_list": []string{chat}, "new_owner": NoContactMember}, 84074},
			"chat ids of a bad type": {map[string]any{"chat_id_list": chat, "new_owner": "zhangsan"}, 47001},
		} {
			t.Run(path+"/"+name, func(t *testing.T) {
				r := apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, tc.body))
				assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			})
		}
		r := apiWith(t, s, tok, http.MethodGet, path, nil, "")
		assert.Equal(t, 43002, r.ErrCode)
	}
	assert.Equal(t, d, s.Snapshot(), "failed calls change nothing")
}

func TestGroupChatTransfer(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	tok := token(t, s)
	const path = "externalcontact/groupchat/transfer"
	resigned := d.GroupChats[len(d.GroupChats)-1]
	require.Equal(t, ChatOwnerResigned, resigned.Status)
	active := d.GroupChats[0]
	const newOwner = "zhaoliu"

	failed := transferChats(t, s, tok, path, []string{resigned.ChatID, active.ChatID, "wrNOSUCHCHAT", resigned.ChatID}, newOwner)
	assert.Equal(t, map[string]int{active.ChatID: 90500, "wrNOSUCHCHAT": 40050}, failed,
		"the duplicate is handled once")

	got := getChat(t, s, tok, resigned.ChatID, 1).GroupChat
	assert.Equal(t, newOwner, got.Owner)
	last := got.Members[len(got.Members)-1]
	assert.Equal(t, ChatMember{UserID: newOwner, Type: ChatMemberInternal, JoinTime: s.Clock().Now().Unix(), JoinScene: 1, Name: "赵六"}, last,
		"the new owner joins the chat")
	assert.NotEqual(t, resigned.MemberVersion, got.MemberVersion)
	assert.Equal(t, resigned.Owner, got.Members[0].UserID, "the old owner stays a member")

	ids, status := walkChats(t, s, tok, map[string]any{"status_filter": ChatTransferFinished}, 10)
	assert.Equal(t, []string{resigned.ChatID}, ids)
	assert.Equal(t, ChatTransferFinished, status[resigned.ChatID])
	ids, _ = walkChats(t, s, tok, map[string]any{"owner_filter": map[string]any{"userid_list": []string{newOwner}}}, 10)
	assert.Contains(t, ids, resigned.ChatID)
	ids, _ = walkChats(t, s, tok, map[string]any{"status_filter": ChatOwnerResigned}, 10)
	assert.Empty(t, ids)

	snap := s.Snapshot()
	assert.Equal(t, active, snap.GroupChats[0], "a failed chat is unchanged")

	failed = transferChats(t, s, tok, path, []string{resigned.ChatID}, "lisi")
	assert.Equal(t, map[string]int{resigned.ChatID: 90508}, failed)

	// A chat in transfer (status 2) only comes from a fixture.
	d.GroupChats[0].Status = ChatTransferring
	s2 := start(t, WithData(d))
	tok2 := token(t, s2)
	for _, p := range []string{path, "externalcontact/groupchat/onjob_transfer"} {
		failed = transferChats(t, s2, tok2, p, []string{d.GroupChats[0].ChatID}, "lisi")
		assert.Equal(t, map[string]int{d.GroupChats[0].ChatID: 90507}, failed)
	}
}

func TestGroupChatOnJobTransfer(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	tok := token(t, s)
	const path = "externalcontact/groupchat/onjob_transfer"
	resigned := d.GroupChats[len(d.GroupChats)-1]
	active := d.GroupChats[0] // owner zhangsan, zhouba is a member
	require.Equal(t, "zhangsan", active.Owner)

	failed := transferChats(t, s, tok, path, []string{active.ChatID, resigned.ChatID}, "zhangsan")
	assert.Equal(t, map[string]int{active.ChatID: 90504, resigned.ChatID: 90502}, failed)

	failed = transferChats(t, s, tok, path, []string{active.ChatID}, "zhouba")
	assert.Empty(t, failed)
	got := getChat(t, s, tok, active.ChatID, 0).GroupChat
	assert.Equal(t, "zhouba", got.Owner)
	assert.Len(t, got.Members, len(active.Members), "zhouba was a member already")
	assert.Equal(t, active.MemberVersion, got.MemberVersion, "member_list did not change")
	ids, status := walkChats(t, s, tok, map[string]any{"owner_filter": map[string]any{"userid_list": []string{"zhouba"}}}, 10)
	assert.Contains(t, ids, active.ChatID)
	assert.Equal(t, ChatNormal, status[active.ChatID])

	// A chat handed over after its owner resigned can move on the job.
	require.Empty(t, transferChats(t, s, tok, "externalcontact/groupchat/transfer", []string{resigned.ChatID}, "lisi"))
	require.Empty(t, transferChats(t, s, tok, path, []string{resigned.ChatID}, "sunqi"))
	snap := s.Snapshot()
	c := snap.GroupChats[len(snap.GroupChats)-1]
	assert.Equal(t, "sunqi", c.Owner)
	assert.Equal(t, ChatNormal, c.Status)
	for _, a := range c.Admins {
		assert.NotEqual(t, "sunqi", a.UserID, "the owner is no admin")
	}
}

// Walks of groupchat/list while others hand chats around: every walk sees
// every chat exactly once.
func TestGroupChatListConcurrent(t *testing.T) {
	s := start(t, WithGroupChats(40))
	d := s.Snapshot()
	all := chatsWhere(d, func(GroupChat) bool { return true })
	tok := token(t, s)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(limit int) {
			defer wg.Done()
			got, _ := walkChats(t, s, tok, nil, limit)
			assert.Equal(t, all, got, "limit %d", limit)
		}(i + 1)
	}
	owners := []string{"zhangsan", "lisi", "wangwu"}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j, c := range d.GroupChats[:len(d.GroupChats)-1] {
				transferChats(t, s, tok, "externalcontact/groupchat/onjob_transfer", []string{c.ChatID}, owners[(i+j)%len(owners)])
			}
		}(i)
	}
	wg.Wait()
}
