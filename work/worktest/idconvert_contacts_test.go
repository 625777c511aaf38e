package worktest

import (
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expectedContacts is contact_list's info_list for d, in order.
func expectedContacts(d *Data) []contactEntry {
	active := map[string]bool{}
	for _, m := range d.Members {
		if !m.Resigned() {
			active[m.UserID] = true
		}
	}
	var out []contactEntry
	for _, r := range d.Relations {
		if active[r.UserID] {
			out = append(out, contactEntry{IsCustomer: true, TmpOpenID: tmpOpenID(r.ExternalUserID), ExternalUserID: r.ExternalUserID,
				FollowUserID: r.UserID, AddTime: r.CreateTime})
		}
	}
	for _, sc := range d.ServedContacts {
		if !active[sc.FollowUserID] {
			continue
		}
		e := contactEntry{FollowUserID: sc.FollowUserID, ChatName: sc.ChatName, AddTime: sc.AddTime}
		if sc.ExternalUserID != "" {
			e.IsCustomer, e.ExternalUserID, e.TmpOpenID = true, sc.ExternalUserID, tmpOpenID(sc.ExternalUserID)
		} else {
			e.Name, e.TmpOpenID = maskName(sc.Name), tmpOpenID("name\x00"+sc.Name)
		}
		out = append(out, e)
	}
	customers := map[string]bool{}
	for _, c := range d.Customers {
		customers[c.ExternalUserID] = true
	}
	for _, c := range d.GroupChats {
		for _, m := range c.Members {
			if m.Type != ChatMemberExternal {
				continue
			}
			e := contactEntry{TmpOpenID: tmpOpenID(m.UserID), FollowUserID: c.Owner, ChatID: c.ChatID, AddTime: m.JoinTime}
			if customers[m.UserID] {
				e.IsCustomer, e.ExternalUserID = true, m.UserID
			} else {
				e.Name = maskName(m.Name)
			}
			out = append(out, e)
		}
	}
	return out
}

// walkContacts pages contact_list to the end.
func walkContacts(t *testing.T, s *Server, tok string, limit int) []contactEntry {
	t.Helper()
	var out []contactEntry
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "pagination does not end")
		var p struct {
			InfoList   []contactEntry `json:"info_list"`
			NextCursor *string        `json:"next_cursor"`
		}
		r := post(t, s, tok, "externalcontact/contact_list", map[string]any{"cursor": cursor, "limit": limit}, &p)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		require.NotNil(t, p.NextCursor)
		if *p.NextCursor != "" {
			require.Len(t, p.InfoList, limit, "a page before the last is full")
		}
		out = append(out, p.InfoList...)
		if *p.NextCursor == "" {
			return out
		}
		cursor = *p.NextCursor
	}
}

func TestContactList(t *testing.T) {
	d := generate(7, sizes{members: 4, customersPerMember: 6, groupChats: 5, resigned: 1}, DefaultStart)
	// A chat member who is no customer of the corp.
	d.GroupChats[1].Members = append(d.GroupChats[1].Members, ChatMember{UserID: "wmSTRANGER", Type: ChatMemberExternal,
		JoinTime: DefaultStart.Unix() - 100, JoinScene: 3, Name: "路人甲"})
	s := start(t, WithData(d))
	tok := token(t, s)
	want := expectedContacts(d)
	require.Greater(t, len(want), 30)

	for _, limit := range []int{1, 7, 1000} {
		assert.Equal(t, want, walkContacts(t, s, tok, limit), "limit %d", limit)
	}
	var p struct {
		InfoList []contactEntry `json:"info_list"`
	}
	r := post(t, s, tok, "externalcontact/contact_list", map[string]any{}, &p)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Len(t, p.InfoList, len(want), "default limit 1000")
	r = post(t, s, tok, "externalcontact/contact_list", map[string]any{"limit": 5000}, &p)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Len(t, p.InfoList, len(want), "a limit above 1000 is lowered")

	stranger := want[len(want)-1]
	for _, e := range want {
		if e.ExternalUserID == "" {
			stranger = e
		}
	}
	assert.Equal(t, contactEntry{TmpOpenID: tmpOpenID("wmSTRANGER"), Name: "***甲", FollowUserID: d.GroupChats[1].Owner,
		ChatID: d.GroupChats[1].ChatID, AddTime: DefaultStart.Unix() - 100}, stranger)

	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"negative limit": {`{"limit":-1}`, 40058},
		"bad cursor":     {`{"cursor":"x"}`, 50100},
		"limit string":   {`{"limit":"1"}`, 47001},
	} {
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/contact_list", nil, tc.body)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	r = apiWith(t, s, tok, http.MethodGet, "externalcontact/contact_list", nil, "")
	assert.Equal(t, 43002, r.ErrCode)
}

// Walks of contact_list while members join chats and customers get new
// relations: every entry that exists throughout is seen exactly once.
func TestContactListConcurrent(t *testing.T) {
	s := start(t, WithMembers(5), WithCustomersPerMember(8), WithGroupChats(6))
	d := s.Snapshot()
	want := expectedContacts(d)
	tok := token(t, s)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(limit int) {
			defer wg.Done()
			got := walkContacts(t, s, tok, limit)
			for i := range got {
				got[i].FollowUserID = "" // chats change owner meanwhile
			}
			assert.Equal(t, ignoreFollower(want), got, "limit %d", limit)
		}(2*i + 1)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, c := range d.GroupChats {
			transferChats(t, s, tok, "externalcontact/groupchat/onjob_transfer", []string{c.ChatID}, []string{"wangwu", "zhaoliu"}[i%2])
		}
	}()
	wg.Wait()
}

func ignoreFollower(list []contactEntry) []contactEntry {
	out := make([]contactEntry, len(list))
	for i, e := range list {
		e.FollowUserID = ""
		out[i] = e
	}
	return out
}

// resignedIn returns the resigned members of d.
func resignedIn(d *Data) map[string]bool {
	out := map[string]bool{}
	for _, m := range d.Members {
		if m.Resigned() {
			out[m.UserID] = true
		}
	}
	return out
}

func TestCRMGetExternalContact(t *testing.T) {
	s := start(t, WithFollowUserPageSize(1))
	d := s.Snapshot()
	tok := token(t, s)
	followers := map[string]int{}
	resigned := resignedIn(d)
	for _, r := range d.Relations {
		if !resigned[r.UserID] {
			followers[r.ExternalUserID]++
		}
	}
	tested := false
	for _, c := range d.Customers {
		if followers[c.ExternalUserID] < 2 {
			continue
		}
		tested = true
		r := apiWith(t, s, tok, http.MethodGet, "crm/get_external_contact", url.Values{"external_userid": {c.ExternalUserID}}, "")
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var got contactReply
		r.decode(t, &got)
		assert.Equal(t, c, got.ExternalContact)
		assert.Len(t, got.FollowUser, followers[c.ExternalUserID], "every follow_user at once")
		assert.Nil(t, got.NextCursor)
		// The same as externalcontact/get, page by page.
		var paged contactReply
		cursor := ""
		for {
			_, p := getContact(t, s, tok, c.ExternalUserID, cursor)
			paged.FollowUser = append(paged.FollowUser, p.FollowUser...)
			if p.NextCursor == nil {
				break
			}
			cursor = *p.NextCursor
		}
		assert.Equal(t, paged.FollowUser, got.FollowUser)
		break
	}
	require.True(t, tested, "the seed has a customer with two active followers")
	for q, code := range map[string]int{"": 41035, "wmNOSUCH": 40096} {
		r := apiWith(t, s, tok, http.MethodGet, "crm/get_external_contact", url.Values{"external_userid": {q}}, "")
		assert.Equal(t, code, r.ErrCode, r.ErrMsg)
	}
	r := apiWith(t, s, tok, http.MethodPost, "crm/get_external_contact", nil, "{}")
	assert.Equal(t, 43001, r.ErrCode)
}

func TestServedContactsFixture(t *testing.T) {
	base := func() *Data { return generate(2, sizes{members: 2, customersPerMember: 2}, DefaultStart) }
	d := base()
	require.NotEmpty(t, d.ServedContacts, "generated data has some")
	for name, sc := range map[string]ServedContact{
		"unknown member":            {Name: "某人", FollowUserID: "ghost"},
		"non-customer without name": {FollowUserID: "zhangsan"},
		"unknown customer":          {ExternalUserID: "wmNOSUCH", FollowUserID: "zhangsan", ChatName: "群"},
		"customer outside a chat":   {ExternalUserID: d.Customers[0].ExternalUserID, FollowUserID: "zhangsan"},
	} {
		d := base()
		d.ServedContacts = append(d.ServedContacts, sc)
		_, err := New(WithData(d))
		assert.Error(t, err, name)
	}
	s := start(t, WithData(d))
	assert.Equal(t, d.ServedContacts, s.Snapshot().ServedContacts, "a snapshot keeps them")
}
