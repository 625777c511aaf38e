package externalcontact

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

func TestGet(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"external_userid": {"woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"}})
		reply(t, "get")(rw, r)
	})

	got, err := c.Get(bg, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA")
	require.NoError(t, err)

	ec := got.ExternalContact
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", ec.ExternalUserID)
	assert.Equal(t, "李四", ec.Name)
	assert.Equal(t, "Manager", ec.Position)
	assert.Equal(t, "https://p.qlogo.cn/bizmail/IcsdgagqefergqerhewSdage/0", ec.Avatar)
	assert.Equal(t, "腾讯", ec.CorpName)
	assert.Equal(t, "腾讯科技有限公司", ec.CorpFullName)
	assert.Equal(t, CustomerWeCom, ec.Type)
	assert.Equal(t, GenderMale, ec.Gender)
	assert.Equal(t, "ozynqsulJFCZ2z1aYeS8h-nuasdAAA", ec.UnionID)
	require.NotNil(t, ec.ExternalProfile)
	assert.Equal(t, "腾讯科技", ec.ExternalProfile.ExternalCorpName)
	assert.Equal(t, &WeChatChannels{Nickname: "腾讯视频号", Status: 1}, ec.ExternalProfile.WeChatChannels)
	require.Len(t, ec.ExternalProfile.ExternalAttr, 3)
	assert.Equal(t, ExternalAttr{Type: ExternalAttrText, Name: "文本名称", Text: &AttrText{Value: "文本"}}, ec.ExternalProfile.ExternalAttr[0])
	assert.Equal(t, ExternalAttr{Type: ExternalAttrWeb, Name: "网页名称", Web: &AttrWeb{URL: "https://www.example.com", Title: "标题"}}, ec.ExternalProfile.ExternalAttr[1])
	assert.Equal(t, ExternalAttr{Type: ExternalAttrMiniProgram, Name: "测试app", MiniProgram: &AttrMiniProgram{AppID: "wx8bd80126147df384", PagePath: "/index", Title: "my miniprogram"}}, ec.ExternalProfile.ExternalAttr[2])

	require.Len(t, got.FollowUsers, 2)
	assert.Equal(t, FollowUser{
		UserID: "rocky", Remark: "李部长", Description: "对接采购事务", CreateTime: 1525779812,
		Tags: []FollowUserTag{
			{GroupName: "客户等级", TagName: "重点", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: TagCorp},
			{GroupName: "我的标签", TagName: "老朋友", Type: TagUser},
			{GroupName: "规则组分组", TagName: "华南", TagID: "stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: TagStrategy},
		},
		RemarkCorpName: "腾讯科技", RemarkMobiles: []string{"13800000001", "13000000002"},
		OperUserID: "rocky", AddWay: AddWayWeChatChannels,
		WeChatChannels: &WeChatChannels{Nickname: "视频号名称", Source: 1},
	}, got.FollowUsers[0])
	assert.Equal(t, FollowUser{
		UserID: "tommy", Remark: "李总", Description: "采购问题咨询", CreateTime: 1525881637,
		State: "外联二维码1", OperUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", AddWay: AddWayCardShare,
	}, got.FollowUsers[1])
	assert.Empty(t, got.NextCursor)
}

func TestGetFollowsCursor(t *testing.T) {
	c, w := setup(t)
	var cursors []string
	w.handle(t, "externalcontact/get", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		cur := r.URL.Query().Get("cursor")
		cursors = append(cursors, cur)
		if cur == "" {
			testQuery(t, r, url.Values{"external_userid": {"wmPAGED"}})
			reply(t, "get_page1")(rw, r)
			return
		}
		testQuery(t, r, url.Values{"external_userid": {"wmPAGED"}, "cursor": {"CURSOR_2"}})
		reply(t, "get_page2")(rw, r)
	})
	got, err := c.Get(bg, "wmPAGED")
	require.NoError(t, err)
	assert.Equal(t, []string{"", "CURSOR_2"}, cursors)
	var ids []string
	for _, f := range got.FollowUsers {
		ids = append(ids, f.UserID)
	}
	assert.Equal(t, []string{"u1", "u2", "u3"}, ids)
	assert.Equal(t, AddWayAdminAssign, got.FollowUsers[2].AddWay)
	assert.Empty(t, got.NextCursor)

	page, err := c.GetPage(bg, "wmPAGED", "")
	require.NoError(t, err)
	assert.Equal(t, "CURSOR_2", page.NextCursor)
	assert.Len(t, page.FollowUsers, 2)
}

func TestGetErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get", http.MethodGet, replyError(40096, "invalid external userid"))
	_, err := c.Get(bg, "wmBAD")
	assertAPIError(t, err, 40096, "externalcontact/get")

	c, w = setup(t)
	_, err = c.Get(bg, "")
	assertArgError(t, w, err, "external_userid")
}

func TestBatchGetByUser(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		testJSONBody(t, r, `{"userid_list":["zhangsan","lisi"],"cursor":"c1","limit":100}`)
		reply(t, "batch_get_by_user")(rw, r)
	})
	req := &BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi"}, Cursor: "c1", Limit: 100}
	got, err := c.BatchGetByUser(bg, req)
	require.NoError(t, err)
	assert.Equal(t, "c1", req.Cursor, "request must not be modified")
	assert.Equal(t, "r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI", got.NextCursor)
	require.Len(t, got.ExternalContactList, 2)

	first := got.ExternalContactList[0]
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", first.ExternalContact.ExternalUserID)
	assert.Equal(t, CustomerWeCom, first.ExternalContact.Type)
	assert.Equal(t, "腾讯科技有限公司", first.ExternalContact.CorpFullName)
	require.NotNil(t, first.ExternalContact.ExternalProfile)
	assert.Equal(t, "文本", first.ExternalContact.ExternalProfile.ExternalAttr[0].Text.Value)
	assert.Equal(t, FollowInfo{
		UserID: "zhangsan", Remark: "李部长", Description: "对接采购事务", CreateTime: 1525779812,
		TagIDs: []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"}, RemarkCorpName: "腾讯科技",
		RemarkMobiles: []string{"13800000001", "13000000002"}, OperUserID: "zhangsan", AddWay: AddWayQRCode,
	}, first.FollowInfo)

	second := got.ExternalContactList[1]
	assert.Equal(t, CustomerWeChat, second.ExternalContact.Type)
	assert.Equal(t, GenderFemale, second.ExternalContact.Gender)
	assert.Nil(t, second.ExternalContact.ExternalProfile)
	assert.Equal(t, "外联二维码1", second.FollowInfo.State)
	assert.Equal(t, []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "stJHDDGi0mAGi0mACHBBByujaW"}, second.FollowInfo.TagIDs)
	assert.Equal(t, &WeChatChannels{Nickname: "视频号名称", Source: 2}, second.FollowInfo.WeChatChannels)
}

func TestBatchGetByUserOmitsDefaults(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"userid_list":["zhangsan"]}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","external_contact_list":[],"next_cursor":""}`)
	})
	got, err := c.BatchGetByUser(bg, &BatchGetByUserRequest{UserIDs: []string{"zhangsan"}})
	require.NoError(t, err)
	assert.Empty(t, got.ExternalContactList)
}

func TestBatchGetByUserValidation(t *testing.T) {
	hundredOne := make([]string, 101)
	for i := range hundredOne {
		hundredOne[i] = fmt.Sprintf("u%d", i)
	}
	tests := []struct {
		name  string
		req   *BatchGetByUserRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no users", &BatchGetByUserRequest{}, "userid_list"},
		{"empty user", &BatchGetByUserRequest{UserIDs: []string{"a", ""}}, "userid_list"},
		{"101 users", &BatchGetByUserRequest{UserIDs: hundredOne}, "userid_list"},
		{"limit 101", &BatchGetByUserRequest{UserIDs: []string{"a"}, Limit: 101}, "limit"},
		{"limit -1", &BatchGetByUserRequest{UserIDs: []string{"a"}, Limit: -1}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.BatchGetByUser(bg, tt.req)
			assertArgError(t, w, err, tt.field)
			for _, err := range c.BatchGetByUserAll(bg, tt.req) {
				assertArgError(t, w, err, tt.field)
			}
		})
	}
}

func TestBatchGetByUserErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, replyError(84061, "not external contact"))
	_, err := c.BatchGetByUser(bg, &BatchGetByUserRequest{UserIDs: []string{"nobody"}})
	assertAPIError(t, err, 84061, "externalcontact/batch/get_by_user")
}

// pagedBatch serves n pairs in pages of the requested limit, with cursors
// "p<offset>".
func pagedBatch(t *testing.T, w *wire, n int) {
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		var req BatchGetByUserRequest
		b, _ := io.ReadAll(r.Body)
		require.NoError(t, jsonUnmarshal(b, &req))
		off := 0
		if req.Cursor != "" {
			fmt.Sscanf(req.Cursor, "p%d", &off)
		}
		end := min(off+req.Limit, n)
		var items []string
		for i := off; i < end; i++ {
			items = append(items, fmt.Sprintf(`{"external_contact":{"external_userid":"wm%03d","name":"c%d","type":1},"follow_info":{"userid":"u","add_way":1}}`, i, i))
		}
		next := ""
		if end < n {
			next = fmt.Sprintf("p%d", end)
		}
		fmt.Fprintf(rw, `{"errcode":0,"errmsg":"ok","external_contact_list":[%s],"next_cursor":%q}`, strings.Join(items, ","), next)
	})
}

func TestBatchGetByUserAll(t *testing.T) {
	c, w := setup(t)
	pagedBatch(t, w, 7)
	req := &BatchGetByUserRequest{UserIDs: []string{"u"}, Limit: 3}
	var ids []string
	for bc, err := range c.BatchGetByUserAll(bg, req) {
		require.NoError(t, err)
		ids = append(ids, bc.ExternalContact.ExternalUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006"}, ids)
	assert.EqualValues(t, 3, w.requests.Load())
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	w.requests.Store(0)
	n := 0
	for _, err := range c.BatchGetByUserAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 4 {
			break
		}
	}
	assert.EqualValues(t, 2, w.requests.Load())
}

func TestBatchGetByUserAllCopiesRequestAtCallTime(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"userid_list":["zhangsan","lisi"]}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","external_contact_list":[],"next_cursor":""}`)
	})
	req := &BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi"}}
	seq := c.BatchGetByUserAll(bg, req)
	req.UserIDs[1] = "" // after validation: must not reach the wire
	for _, err := range seq {
		require.NoError(t, err)
	}
	assert.EqualValues(t, 1, w.requests.Load())
}

func TestBatchGetByUserAllStopsOnError(t *testing.T) {
	c, w := setup(t)
	calls := 0
	w.handle(t, "externalcontact/batch/get_by_user", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			io.WriteString(rw, `{"errcode":0,"errmsg":"ok","external_contact_list":[{"external_contact":{"external_userid":"wm1"},"follow_info":{"userid":"u"}}],"next_cursor":"n"}`)
			return
		}
		replyError(-1, "system busy")(rw, r)
	})
	var errs, items int
	for _, err := range c.BatchGetByUserAll(bg, &BatchGetByUserRequest{UserIDs: []string{"u"}}) {
		if err != nil {
			errs++
			assertAPIError(t, err, -1, "externalcontact/batch/get_by_user")
			continue
		}
		items++
	}
	assert.Equal(t, 1, items)
	assert.Equal(t, 1, errs)
}

func TestGetFollowUsers(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_follow_user_list", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b, "GET must have no body")
		reply(t, "get_follow_user_list")(rw, r)
	})
	got, err := c.GetFollowUsers(bg)
	require.NoError(t, err)
	assert.Equal(t, []string{"zhangsan", "lisi"}, got)
}

func TestGetFollowUsersErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_follow_user_list", http.MethodGet, replyError(48002, "api forbidden"))
	got, err := c.GetFollowUsers(bg)
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "externalcontact/get_follow_user_list")
	assert.ErrorIs(t, err, core.ErrAPIForbidden)
}

func TestListCustomers(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/list", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"userid": {"zhangsan"}})
		reply(t, "list")(rw, r)
	})
	got, err := c.List(bg, "zhangsan")
	require.NoError(t, err)
	assert.Equal(t, []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAA", "wmqfasd1e1927831291723123109rAAA"}, got)
}

func TestListCustomersNoCustomers(t *testing.T) {
	// WeCom answers 84061 for a member without customers: an empty list.
	c, w := setup(t)
	w.handle(t, "externalcontact/list", http.MethodGet, replyError(84061, "not external contact"))
	got, err := c.List(bg, "newbie")
	require.NoError(t, err)
	assert.NotNil(t, got)
	assert.Empty(t, got)

	// An answer without the field is an empty list too.
	c, w = setup(t)
	w.handle(t, "externalcontact/list", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	})
	got, err = c.List(bg, "newbie")
	require.NoError(t, err)
	assert.NotNil(t, got)
	assert.Empty(t, got)
}

func TestListCustomersErrors(t *testing.T) {
	for _, code := range []int{40003, 84074, -1} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/list", http.MethodGet, replyError(code, "failed"))
			got, err := c.List(bg, "zhangsan")
			assert.Nil(t, got)
			assertAPIError(t, err, code, "externalcontact/list")
		})
	}

	c, w := setup(t)
	_, err := c.List(bg, "")
	assertArgError(t, w, err, "userid")
}

func TestRemark(t *testing.T) {
	tests := []struct {
		name string
		req  *RemarkRequest
		body string
		raw  string // a part of the body that must be sent byte for byte
	}{
		{
			name: "every field",
			req: &RemarkRequest{
				UserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd1asdasdjO4wKmE8Aabj9AAA",
				Remark: "备注信息", Description: "描述信息", RemarkCompany: "腾讯科技",
				RemarkMobiles: []string{"13800000001", "13800000002"}, RemarkPicMediaID: "MEDIAID",
			},
			body: `{"userid":"zhangsan","external_userid":"woAJ2GCAAAd1asdasdjO4wKmE8Aabj9AAA","remark":"备注信息","description":"描述信息","remark_company":"腾讯科技","remark_mobiles":["13800000001","13800000002"],"remark_pic_mediaid":"MEDIAID"}`,
		},
		{
			name: "remark only",
			req:  &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Remark: "李总"},
			body: `{"userid":"zhangsan","external_userid":"wmABC","remark":"李总"}`,
		},
		{
			name: "clear mobiles",
			req:  &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", ClearRemarkMobiles: true},
			body: `{"userid":"zhangsan","external_userid":"wmABC","remark_mobiles":[""]}`,
		},
		{
			name: "html not escaped",
			req:  &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Description: "A&B <VIP>"},
			body: `{"userid":"zhangsan","external_userid":"wmABC","description":"A&B <VIP>"}`,
			raw:  `"A&B <VIP>"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/remark", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
				testQuery(t, r, nil)
				assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
				b, err := io.ReadAll(r.Body)
				require.NoError(t, err)
				assert.JSONEq(t, tt.body, string(b))
				assert.Contains(t, string(b), tt.raw)
				io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
			})
			before := *tt.req
			require.NoError(t, c.Remark(bg, tt.req))
			assert.Equal(t, before, *tt.req, "request must not be modified")
			assert.EqualValues(t, 1, w.requests.Load())
		})
	}
}

func TestRemarkValidation(t *testing.T) {
	ok := func(mod func(r *RemarkRequest)) *RemarkRequest {
		r := &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Remark: "r"}
		mod(r)
		return r
	}
	tests := []struct {
		name  string
		req   *RemarkRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no userid", ok(func(r *RemarkRequest) { r.UserID = "" }), "userid"},
		{"no external_userid", ok(func(r *RemarkRequest) { r.ExternalUserID = "" }), "external_userid"},
		{"nothing to change", &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC"}, "remark"},
		{"empty mobiles only", &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", RemarkMobiles: []string{}}, "remark"},
		{"remark 21 chars", ok(func(r *RemarkRequest) { r.Remark = strings.Repeat("备", 21) }), "remark"},
		{"description 151 chars", ok(func(r *RemarkRequest) { r.Description = strings.Repeat("d", 151) }), "description"},
		{"remark_company 21 chars", ok(func(r *RemarkRequest) { r.RemarkCompany = strings.Repeat("腾", 21) }), "remark_company"},
		{"clear and set mobiles", ok(func(r *RemarkRequest) { r.ClearRemarkMobiles = true; r.RemarkMobiles = []string{"13800000001"} }), "remark_mobiles"},
		{"empty mobile", ok(func(r *RemarkRequest) { r.RemarkMobiles = []string{"13800000001", ""} }), "remark_mobiles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.Remark(bg, tt.req), tt.field)
		})
	}

	// The limits themselves are accepted.
	c, w := setup(t)
	w.handle(t, "externalcontact/remark", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	})
	require.NoError(t, c.Remark(bg, &RemarkRequest{
		UserID: "zhangsan", ExternalUserID: "wmABC",
		Remark: strings.Repeat("备", 20), Description: strings.Repeat("描", 150), RemarkCompany: strings.Repeat("腾", 20),
	}))
}

func TestRemarkErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/remark", http.MethodPost, replyError(84061, "not external contact"))
	err := c.Remark(bg, &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Remark: "r"})
	assertAPIError(t, err, 84061, "externalcontact/remark")
	assert.ErrorIs(t, err, core.ErrNotExternalContact)
}

func TestGetExternalContact(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "crm/get_external_contact", http.MethodGet, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"external_userid": {"wmqfasd1e1927831291723123109rAAA"}})
		reply(t, "crm_get_external_contact")(rw, r)
	})
	got, err := c.GetExternalContact(bg, "wmqfasd1e1927831291723123109rAAA")
	require.NoError(t, err)
	assert.Equal(t, ExternalContact{
		ExternalUserID: "wmqfasd1e1927831291723123109rAAA", Name: "王五",
		Avatar: "https://wx.qlogo.cn/mmhead/Q3auHgzwzM4ZJpicMQcFSnjKfGyAXTiaMkwe4kribUqjwn0pqqhqcGFA/0",
		Type:   CustomerWeChat, Gender: GenderFemale, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdBBB",
	}, got.ExternalContact)
	require.Len(t, got.FollowUsers, 1)
	assert.Equal(t, FollowUser{
		UserID: "zhangsan", Remark: "王总", Description: "渠道合作", CreateTime: 1525779812,
		Tags:          []FollowUserTag{{GroupName: "客户等级", TagName: "一般", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACBBB", Type: TagCorp}},
		RemarkMobiles: []string{"13800000003"}, OperUserID: "wmqfasd1e1927831291723123109rAAA",
		AddWay: AddWayQRCode, State: "门店二维码",
	}, got.FollowUsers[0])
	assert.Empty(t, got.NextCursor)
}

func TestGetExternalContactErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "crm/get_external_contact", http.MethodGet, replyError(40096, "invalid external userid"))
	got, err := c.GetExternalContact(bg, "wmBAD")
	assert.Nil(t, got)
	assertAPIError(t, err, 40096, "crm/get_external_contact")

	c, w = setup(t)
	_, err = c.GetExternalContact(bg, "")
	assertArgError(t, w, err, "external_userid")
}
