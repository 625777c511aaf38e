package worktest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contactReply is a decoded externalcontact/get answer.
type contactReply struct {
	ExternalContact Customer `json:"external_contact"`
	FollowUser      []struct {
		UserID        string   `json:"userid"`
		Remark        string   `json:"remark"`
		Description   string   `json:"description"`
		CreateTime    int64    `json:"createtime"`
		RemarkMobiles []string `json:"remark_mobiles"`
		RemarkCorp    string   `json:"remark_corp_name"`
		AddWay        int      `json:"add_way"`
		Tags          []struct {
			GroupName string  `json:"group_name"`
			TagName   string  `json:"tag_name"`
			TagID     *string `json:"tag_id"`
			Type      int     `json:"type"`
		} `json:"tags"`
	} `json:"follow_user"`
	NextCursor *string `json:"next_cursor"`
}

func getContact(t *testing.T, s *Server, tok, externalUserID, cursor string) (reply, contactReply) {
	t.Helper()
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/get", q, "")
	var c contactReply
	if r.ErrCode == 0 {
		r.decode(t, &c)
	}
	return r, c
}

func TestGetFollowUserList(t *testing.T) {
	s := start(t, WithMembers(3), WithResignedMembers(2))
	r := api(t, s, http.MethodGet, "externalcontact/get_follow_user_list", nil, "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	r.decode(t, &out)
	assert.Equal(t, []string{"zhangsan", "lisi", "wangwu"}, out.FollowUser, "no resigned member, no member without 客户联系")
}

func TestListCustomers(t *testing.T) {
	s := start(t, WithMembers(3), WithCustomersPerMember(4))
	d := s.Snapshot()
	tok := token(t, s)

	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {"lisi"}}, "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		ExternalUserID []string `json:"external_userid"`
	}
	r.decode(t, &out)
	var want []string
	for _, rel := range d.Relations {
		if rel.UserID == "lisi" {
			want = append(want, rel.ExternalUserID)
		}
	}
	assert.Equal(t, want, out.ExternalUserID)
	assert.Len(t, out.ExternalUserID, 4)

	for _, tc := range []struct {
		name, userID string
		code         int
	}{
		{"no customers", NoContactMember, 84061},
		{"unknown member", "nobody", 40003},
		{"resigned member", "qianduo", 40003},
		{"missing userid", "", 41009},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {tc.userID}}, "")
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}
}

func TestGetCustomer(t *testing.T) {
	s := start(t, WithFixture("../../testdata/worktest/corp.json"))
	tok := token(t, s)

	r, c := getContact(t, s, tok, "woAAAAxYz9kLmN3pQrSt7uVwXyZ0a1b2", "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, "陈晓东", c.ExternalContact.Name)
	assert.Equal(t, CustomerWeCom, c.ExternalContact.Type)
	assert.Equal(t, "云帆软件", c.ExternalContact.CorpName)
	require.NotNil(t, c.ExternalContact.ExternalProfile)
	assert.Len(t, c.ExternalContact.ExternalProfile.ExternalAttr, 3)
	assert.Nil(t, c.NextCursor, "next_cursor only when follow_user is paged")

	// follow_user: active members only (the resigned one is left out),
	// oldest relation first.
	require.Len(t, c.FollowUser, 2)
	assert.Equal(t, "zhangsan", c.FollowUser[0].UserID)
	assert.Equal(t, "陈总", c.FollowUser[0].Remark)
	assert.Equal(t, []string{"13800138001"}, c.FollowUser[0].RemarkMobiles)
	assert.Equal(t, "rocky", c.FollowUser[1].UserID)

	// Tags: corp (1) and strategy (3) with ids, personal (2) without; a
	// deleted tag is not shown.
	tags := c.FollowUser[0].Tags
	require.Len(t, tags, 3)
	assert.Equal(t, 1, tags[0].Type)
	assert.Equal(t, "客户等级", tags[0].GroupName)
	assert.Equal(t, "重要客户", tags[0].TagName)
	require.NotNil(t, tags[0].TagID)
	assert.True(t, strings.HasPrefix(*tags[0].TagID, "et"))
	assert.Equal(t, 3, tags[1].Type)
	require.NotNil(t, tags[1].TagID)
	assert.True(t, strings.HasPrefix(*tags[1].TagID, "st"))
	assert.Equal(t, 2, tags[2].Type)
	assert.Nil(t, tags[2].TagID)

	for _, tc := range []struct {
		name, id string
		code     int
	}{
		{"unknown customer", "wmNOBODY", 40096},
		{"missing external_userid", "", 41035},
		{"only a resigned member's customer", "wmAAAAkT5sLp9QwErTy3UiOp7AsDf8Gh", 84061},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := getContact(t, s, tok, tc.id, "")
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
}

// manyFollowers builds data where one customer was added by n members.
func manyFollowers(n int) *Data {
	d := &Data{Customers: []Customer{{ExternalUserID: "wmPOPULAR", Name: "大客户", Type: CustomerWeChat}}}
	for i := 0; i < n; i++ {
		id := "m" + strconv.Itoa(i)
		d.Members = append(d.Members, Member{UserID: id, Name: id, ExternalContact: true})
		d.Relations = append(d.Relations, Relation{UserID: id, ExternalUserID: "wmPOPULAR", CreateTime: int64(1700000000 + i), AddWay: 1})
	}
	d.Customers = append(d.Customers, Customer{ExternalUserID: "wmOTHER", Name: "other", Type: CustomerWeChat})
	d.Relations = append(d.Relations, Relation{UserID: "m0", ExternalUserID: "wmOTHER", AddWay: 1})
	return d
}

func TestGetFollowUserPaging(t *testing.T) {
	s := start(t, WithData(manyFollowers(7)), WithFollowUserPageSize(3))
	tok := token(t, s)
	var got []string
	var sizes []int
	cursor := ""
	for {
		r, c := getContact(t, s, tok, "wmPOPULAR", cursor)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		assert.Equal(t, "大客户", c.ExternalContact.Name, "every page carries external_contact")
		sizes = append(sizes, len(c.FollowUser))
		for _, f := range c.FollowUser {
			got = append(got, f.UserID)
		}
		if c.NextCursor == nil {
			break
		}
		require.NotEmpty(t, *c.NextCursor)
		cursor = *c.NextCursor
	}
	assert.Equal(t, []int{3, 3, 1}, sizes)
	assert.Equal(t, []string{"m0", "m1", "m2", "m3", "m4", "m5", "m6"}, got)

	// A page exactly full has no next cursor.
	s2 := start(t, WithData(manyFollowers(3)), WithFollowUserPageSize(3))
	_, c := getContact(t, s2, token(t, s2), "wmPOPULAR", "")
	assert.Len(t, c.FollowUser, 3)
	assert.Nil(t, c.NextCursor)

	// A cursor belongs to its customer; garbage is rejected.
	_, first := getContact(t, s, tok, "wmPOPULAR", "")
	r, _ := getContact(t, s, tok, "wmOTHER", *first.NextCursor)
	assert.Equal(t, 50100, r.ErrCode)
	assert.Contains(t, r.ErrMsg, "cursor")
	r, _ = getContact(t, s, tok, "wmPOPULAR", "not-a-cursor")
	assert.Equal(t, 50100, r.ErrCode)
}

func TestBatchGetByUserValidation(t *testing.T) {
	s := start(t, WithMembers(3), WithCustomersPerMember(50))
	tok := token(t, s)
	post := func(body any) reply {
		return apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", nil, mustJSON(t, body))
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "zhangsan"
	}
	for _, tc := range []struct {
		name string
		body any
		code int
		msg  string
	}{
		{"no userid_list", map[string]any{}, 40058, "userid_list is required"},
		{"empty userid_list", map[string]any{"userid_list": []string{}}, 40058, "userid_list is required"},
		{"101 userids", map[string]any{"userid_list": many}, 40058, "userid_list has 101 items, at most 100"},
		{"empty userid", map[string]any{"userid_list": []string{"zhangsan", ""}}, 40058, "userid_list[1] is empty"},
		{"unknown member", map[string]any{"userid_list": []string{"zhangsan", "ghost"}}, 40003, "ghost"},
		{"negative limit", map[string]any{"userid_list": []string{"zhangsan"}, "limit": -1}, 40058, "limit"},
		{"bad cursor", map[string]any{"userid_list": []string{"zhangsan"}, "cursor": "xyz"}, 50100, "invalid cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Contains(t, r.ErrMsg, tc.msg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}

	users := []string{"zhangsan", "lisi", "wangwu"} // 150 pairs
	var p batchPage
	post(map[string]any{"userid_list": users}).decode(t, &p)
	assert.Len(t, p.List, 50, "default limit")
	post(map[string]any{"userid_list": users, "limit": 1000}).decode(t, &p)
	assert.Len(t, p.List, 100, "a limit above 100 is lowered to 100")
	assert.NotEmpty(t, *p.NextCursor)

	// A cursor is bound to its userid_list (order and duplicates aside).
	r := post(map[string]any{"userid_list": []string{"wangwu", "zhangsan", "lisi", "lisi"}, "cursor": *p.NextCursor, "limit": 100})
	assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
	r = post(map[string]any{"userid_list": []string{"zhangsan"}, "cursor": *p.NextCursor})
	assert.Equal(t, 50100, r.ErrCode)
}

func TestBatchGetByUserPagination(t *testing.T) {
	s := start(t, WithMembers(4), WithCustomersPerMember(7))
	d := s.Snapshot()
	users := []string{"zhangsan", "wangwu", "zhaoliu"}
	want := relationsOf(d, users...)
	require.Len(t, want, 21)
	for _, limit := range []int{1, 3, 7, 21, 100} {
		got := walkBatch(t, s, token(t, s), users, limit)
		assertSamePairs(t, want, got)
	}

	// The entries carry the follow_info of their pair.
	var p batchPage
	apiWith(t, s, token(t, s), http.MethodPost, "externalcontact/batch/get_by_user", nil,
		mustJSON(t, map[string]any{"userid_list": users, "limit": 100})).decode(t, &p)
	for _, e := range p.List {
		rel := want[pair{e.FollowInfo.UserID, e.ExternalContact.ExternalUserID}]
		assert.Equal(t, rel.Remark, e.FollowInfo.Remark)
		assert.NotNil(t, e.FollowInfo.TagIDs, "tag_id is always a list")
		assert.ElementsMatch(t, rel.TagIDs, e.FollowInfo.TagIDs)
	}
}

// assertSamePairs checks got holds exactly the pairs of want, once each.
func assertSamePairs(t *testing.T, want map[pair]Relation, got []pair) {
	t.Helper()
	seen := map[pair]bool{}
	for _, p := range got {
		assert.False(t, seen[p], "duplicate %v", p)
		seen[p] = true
		_, ok := want[p]
		assert.True(t, ok, "unexpected %v", p)
	}
	assert.Len(t, seen, len(want), "missing pairs")
}

func TestRemark(t *testing.T) {
	s := start(t, WithFixture("../../testdata/worktest/corp.json"))
	tok := token(t, s)
	const wm, wo = "wmAAAA3nBv8cXz1qWe4rTy6uIo9pLk2J", "woAAAAxYz9kLmN3pQrSt7uVwXyZ0a1b2"
	remark := func(body map[string]any) reply {
		return apiWith(t, s, tok, http.MethodPost, "externalcontact/remark", nil, mustJSON(t, body))
	}
	follow := func(id, userID string) (remark, desc, corp string, mobiles []string) {
		_, c := getContact(t, s, tok, id, "")
		for _, f := range c.FollowUser {
			if f.UserID == userID {
				return f.Remark, f.Description, f.RemarkCorp, f.RemarkMobiles
			}
		}
		t.Fatalf("%s does not follow %s", userID, id)
		return
	}

	r := remark(map[string]any{"userid": "lisi", "external_userid": wm, "remark": "刘老板", "description": "年底续约",
		"remark_company": "晨光零售", "remark_mobiles": []string{"13900000001", "13900000002"}})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, `{"errcode":0,"errmsg":"ok"}`, string(r.Body))
	rm, desc, corp, mob := follow(wm, "lisi")
	assert.Equal(t, "刘老板", rm)
	assert.Equal(t, "年底续约", desc)
	assert.Equal(t, "晨光零售", corp)
	assert.Equal(t, []string{"13900000001", "13900000002"}, mob)

	// Fields left out keep their value; remark_mobiles is replaced whole.
	require.Equal(t, 0, remark(map[string]any{"userid": "lisi", "external_userid": wm, "remark_mobiles": []string{"13900000003"}}).ErrCode)
	rm, desc, _, mob = follow(wm, "lisi")
	assert.Equal(t, "刘老板", rm)
	assert.Equal(t, "年底续约", desc)
	assert.Equal(t, []string{"13900000003"}, mob)

	// [""] clears the mobiles.
	require.Equal(t, 0, remark(map[string]any{"userid": "lisi", "external_userid": wm, "remark_mobiles": []string{""}}).ErrCode)
	_, _, _, mob = follow(wm, "lisi")
	assert.Empty(t, mob)

	// remark_company only applies to WeChat customers.
	_, _, before, _ := follow(wo, "zhangsan")
	require.Equal(t, 0, remark(map[string]any{"userid": "zhangsan", "external_userid": wo, "remark_company": "别的公司"}).ErrCode)
	_, _, after, _ := follow(wo, "zhangsan")
	assert.Equal(t, before, after)

	// The change is in the state, and the other follower's relation is untouched.
	rels := relationsOf(s.Snapshot(), "lisi", "zhangsan")
	require.Contains(t, rels, pair{"zhangsan", wm})
	assert.Equal(t, "刘老板", rels[pair{"lisi", wm}].Remark)
	assert.NotEqual(t, "刘老板", rels[pair{"zhangsan", wm}].Remark)

	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"all empty", map[string]any{"userid": "lisi", "external_userid": wm, "remark": ""}, 40058},
		{"nothing but ids", map[string]any{"userid": "lisi", "external_userid": wm}, 40058},
		{"remark too long", map[string]any{"userid": "lisi", "external_userid": wm, "remark": strings.Repeat("长", 21)}, 40058},
		{"description too long", map[string]any{"userid": "lisi", "external_userid": wm, "description": strings.Repeat("x", 151)}, 40058},
		{"missing userid", map[string]any{"external_userid": wm, "remark": "x"}, 41009},
		{"missing external_userid", map[string]any{"userid": "lisi", "remark": "x"}, 41035},
		{"unknown member", map[string]any{"userid": "ghost", "external_userid": wm, "remark": "x"}, 40003},
		{"unknown customer", map[string]any{"userid": "lisi", "external_userid": "wmGHOST", "remark": "x"}, 40096},
		{"no relation", map[string]any{"userid": "rocky", "external_userid": wm, "remark": "x"}, 84061},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := remark(tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
	rm, _, _, _ = follow(wm, "lisi")
	assert.Equal(t, "刘老板", rm, "failed calls change nothing")
	assert.True(t, slices.ContainsFunc(s.Requests(), func(r Request) bool {
		return r.Path == "externalcontact/remark" && strings.Contains(string(r.Body), "刘老板")
	}))
}

// At WeCom's own page size (500, the default), a customer with 501
// followers comes in two pages: 500 and 1.
func TestGetFollowUserDefaultPageSize(t *testing.T) {
	s := start(t, WithData(manyFollowers(DefaultFollowUserPageSize+1)))
	tok := token(t, s)
	r, first := getContact(t, s, tok, "wmPOPULAR", "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	require.Len(t, first.FollowUser, 500)
	require.NotNil(t, first.NextCursor)
	require.NotEmpty(t, *first.NextCursor)
	assert.Equal(t, "m0", first.FollowUser[0].UserID)
	assert.Equal(t, "m499", first.FollowUser[499].UserID)

	r, second := getContact(t, s, tok, "wmPOPULAR", *first.NextCursor)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	require.Len(t, second.FollowUser, 1)
	assert.Equal(t, "m500", second.FollowUser[0].UserID)
	assert.Nil(t, second.NextCursor, "the last page has no next_cursor")
	assert.Equal(t, "大客户", second.ExternalContact.Name)
	assert.Equal(t, 2, s.Count("externalcontact/get"))
}
