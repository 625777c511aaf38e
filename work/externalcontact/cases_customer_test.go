package externalcontact

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The customer calls (客户管理): details, lists, batch details, remarks and
// the served-contacts list.

type customerCase = wiretest.Case[*Client]

// wantGet is get.json decoded.
var wantGet = &Contact{
	ExternalContact: ExternalContact{
		ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Name: "李四", Position: "Manager",
		Avatar: "https://p.qlogo.cn/bizmail/IcsdgagqefergqerhewSdage/0", CorpName: "腾讯", CorpFullName: "腾讯科技有限公司",
		Type: CustomerWeCom, Gender: GenderMale, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
		ExternalProfile: &ExternalProfile{
			ExternalCorpName: "腾讯科技",
			WeChatChannels:   &WeChatChannels{Nickname: "腾讯视频号", Status: 1},
			ExternalAttr: []ExternalAttr{
				{Type: ExternalAttrText, Name: "文本名称", Text: &AttrText{Value: "文本"}},
				{Type: ExternalAttrWeb, Name: "网页名称", Web: &AttrWeb{URL: "https://www.example.com", Title: "标题"}},
				{Type: ExternalAttrMiniProgram, Name: "测试app", MiniProgram: &AttrMiniProgram{AppID: "wx8bd80126147df384", PagePath: "/index", Title: "my miniprogram"}},
			},
		},
	},
	FollowUsers: []FollowUser{
		{
			UserID: "rocky", Remark: "李部长", Description: "对接采购事务", CreateTime: 1525779812,
			Tags: []FollowUserTag{
				{GroupName: "客户等级", TagName: "重点", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: TagCorp},
				{GroupName: "我的标签", TagName: "老朋友", Type: TagUser},
				{GroupName: "规则组分组", TagName: "华南", TagID: "stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: TagStrategy},
			},
			RemarkCorpName: "腾讯科技", RemarkMobiles: []string{"13800000001", "13000000002"},
			OperUserID: "rocky", AddWay: AddWayWeChatChannels,
			WeChatChannels: &WeChatChannels{Nickname: "视频号名称", Source: 1},
		},
		{
			UserID: "tommy", Remark: "李总", Description: "采购问题咨询", CreateTime: 1525881637,
			State: "外联二维码1", OperUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", AddWay: AddWayCardShare,
		},
	},
}

// pagedContact is get_page1.json and get_page2.json merged.
func pagedContact(users ...string) *Contact {
	c := &Contact{ExternalContact: ExternalContact{ExternalUserID: "wmPAGED", Name: "大客户", Type: CustomerWeChat, Gender: GenderFemale}}
	all := []FollowUser{
		{UserID: "u1", CreateTime: 1700000001, AddWay: AddWayQRCode},
		{UserID: "u2", CreateTime: 1700000002, AddWay: AddWaySearchMobile},
		{UserID: "u3", CreateTime: 1700000003, AddWay: AddWayAdminAssign},
	}
	for _, f := range all {
		for _, u := range users {
			if f.UserID == u {
				c.FollowUsers = append(c.FollowUsers, f)
			}
		}
	}
	return c
}

// wantBatch is batch_get_by_user.json decoded.
var wantBatch = &BatchGetByUserResponse{
	ExternalContactList: []BatchContact{
		{
			ExternalContact: ExternalContact{
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Name: "李四", Position: "Manager",
				Avatar: "https://p.qlogo.cn/bizmail/IcsdgagqefergqerhewSdage/0", CorpName: "腾讯", CorpFullName: "腾讯科技有限公司",
				Type: CustomerWeCom, Gender: GenderMale, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
				ExternalProfile: &ExternalProfile{ExternalAttr: []ExternalAttr{{Type: ExternalAttrText, Name: "文本名称", Text: &AttrText{Value: "文本"}}}},
			},
			FollowInfo: FollowInfo{
				UserID: "zhangsan", Remark: "李部长", Description: "对接采购事务", CreateTime: 1525779812,
				TagIDs: []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"}, RemarkCorpName: "腾讯科技",
				RemarkMobiles: []string{"13800000001", "13000000002"}, OperUserID: "zhangsan", AddWay: AddWayQRCode,
			},
		},
		{
			ExternalContact: ExternalContact{
				ExternalUserID: "wmAJ2GCAAAXtWyujaWJHDDGi0mACHBBB", Name: "王五", Type: CustomerWeChat, Gender: GenderFemale,
				UnionID: "ozynqsulJFCZ2asdaf8h-nuasdBBB",
			},
			FollowInfo: FollowInfo{
				UserID: "lisi", Remark: "王助理", Description: "采购问题咨询", CreateTime: 1525881637,
				TagIDs: []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "stJHDDGi0mAGi0mACHBBByujaW"},
				State:  "外联二维码1", OperUserID: "wmAJ2GCAAAXtWyujaWJHDDGi0mACHBBB", AddWay: AddWayCardShare,
				WeChatChannels: &WeChatChannels{Nickname: "视频号名称", Source: 2},
			},
		},
	},
	NextCursor: "r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI",
}

// wantContactList is contact_list.json decoded.
var wantContactList = &ContactListResponse{
	InfoList: []ServedContact{
		{IsCustomer: false, Name: "***开", TmpOpenID: "tmpOPENID0001", FollowUserID: "zhangsan", ChatName: "外联群1", AddTime: 1694418699},
		{IsCustomer: true, TmpOpenID: "tmpOPENID0002", ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", FollowUserID: "zhangsan", AddTime: 1694418700},
		{IsCustomer: true, TmpOpenID: "tmpOPENID0002", ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", AddTime: 1694418701},
		{IsCustomer: false, TmpOpenID: "tmpOPENID0003", Name: "***李", FollowUserID: "lisi", AddTime: 1694418702},
	},
	NextCursor: "NEXT_CURSOR_2",
}

func customerCases(t *testing.T) []customerCase {
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	remark := func(req *RemarkRequest) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) {
			before := *req
			err := c.Remark(ctx, req)
			assert.Equal(t, before, *req, "request must not be modified")
			return nil, err
		}
	}
	return []customerCase{
		{
			Method: "GET", Path: "externalcontact/get",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.Get(ctx, "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA")
			},
			Exchange: wiretest.Exchange{Query: q("external_userid", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"), Reply: fixture(t, "get")},
			Want:     wantGet,
		},
		{
			Name: "get/家校 parent", Method: "GET", Path: "externalcontact/get",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.Get(ctx, "wmAJ2GCAAAparent01NI-q0_ZM9ukoAw")
			},
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmAJ2GCAAAparent01NI-q0_ZM9ukoAw"), Reply: fixture(t, "get_school")},
			Want: &Contact{
				ExternalContact: ExternalContact{
					ExternalUserID: "wmAJ2GCAAAparent01NI-q0_ZM9ukoAw", Name: "李四", ForeignKey: "lisi",
					Avatar: "https://wx.qlogo.cn/mmhead/Q3auHgzwzM4ZJpicMQcFSnjKfGyAXTiaMkwe4kribUqjwn0pqqhqcGFA/0",
					Type:   CustomerWeChat, Gender: GenderMale, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA", IsSubscribe: 1,
					SubscriberInfo: &SubscriberInfo{TagIDs: []string{"TAG_ID1", "TAG_ID2"}, RemarkMobiles: []string{"10000000000", "10000000001"}, Remark: "李小明-爸爸"},
				},
				FollowUsers: []FollowUser{{
					UserID: "rocky", Remark: "李小明-爸爸", CreateTime: 1525779812,
					Tags:          []FollowUserTag{{GroupName: "标签分组名称", TagName: "标签名称", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: TagCorp}},
					RemarkMobiles: []string{"10000000000"}, OperUserID: "rocky", AddWay: AddWayWeChatChannels,
					WeChatChannels: &WeChatChannels{Nickname: "视频号名称"},
				}},
			},
		},
		{
			Name: "get/follows next_cursor", Method: "GET", Path: "externalcontact/get",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.Get(ctx, "wmPAGED") },
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmPAGED"), Reply: fixture(t, "get_page1")},
			Then:     []wiretest.Exchange{{Query: q("external_userid", "wmPAGED", "cursor", "CURSOR_2"), Reply: fixture(t, "get_page2")}},
			Want:     pagedContact("u1", "u2", "u3"),
		},
		{
			// WeCom may hand the cursor back on a page without follow
			// users: that page is the end, not a loop.
			Name: "get/empty page ends the walk", Method: "GET", Path: "externalcontact/get",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.Get(ctx, "wmPAGED") },
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmPAGED"), Reply: fixture(t, "get_page1")},
			Then:     []wiretest.Exchange{{Query: q("external_userid", "wmPAGED", "cursor", "CURSOR_2"), Reply: fixture(t, "get_page2_empty")}},
			Want:     pagedContact("u1", "u2"),
		},
		{
			Name: "get/page by hand", Method: "GET", Path: "externalcontact/get",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetPage(ctx, "wmPAGED", "CURSOR_2") },
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmPAGED", "cursor", "CURSOR_2"), Reply: fixture(t, "get_page2")},
			Want:     pagedContact("u3"),
		},
		{
			Name: "get/first page keeps its cursor", Method: "GET", Path: "externalcontact/get",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetPage(ctx, "wmPAGED", "") },
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmPAGED"), Reply: fixture(t, "get_page1")},
			Check: func(t *testing.T, got any) {
				assert.Equal(t, "CURSOR_2", got.(*Contact).NextCursor)
				assert.Len(t, got.(*Contact).FollowUsers, 2)
			},
		},
		{
			Method: "GET", Path: "crm/get_external_contact",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetExternalContact(ctx, "wmqfasd1e1927831291723123109rAAA")
			},
			Exchange: wiretest.Exchange{Query: q("external_userid", "wmqfasd1e1927831291723123109rAAA"), Reply: fixture(t, "crm_get_external_contact")},
			Want: &Contact{
				ExternalContact: ExternalContact{
					ExternalUserID: "wmqfasd1e1927831291723123109rAAA", Name: "王五",
					Avatar: "https://wx.qlogo.cn/mmhead/Q3auHgzwzM4ZJpicMQcFSnjKfGyAXTiaMkwe4kribUqjwn0pqqhqcGFA/0",
					Type:   CustomerWeChat, Gender: GenderFemale, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdBBB",
				},
				FollowUsers: []FollowUser{{
					UserID: "zhangsan", Remark: "王总", Description: "渠道合作", CreateTime: 1525779812,
					Tags:          []FollowUserTag{{GroupName: "客户等级", TagName: "一般", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACBBB", Type: TagCorp}},
					RemarkMobiles: []string{"13800000003"}, OperUserID: "wmqfasd1e1927831291723123109rAAA",
					AddWay: AddWayQRCode, State: "门店二维码",
				}},
			},
		},
		{
			Method: "POST", Path: "externalcontact/batch/get_by_user",
			Call: func(ctx context.Context, c *Client) (any, error) {
				req := &BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi"}, Cursor: "c1", Limit: 100}
				got, err := c.BatchGetByUser(ctx, req)
				assert.Equal(t, "c1", req.Cursor, "request must not be modified")
				return got, err
			},
			Exchange: wiretest.Exchange{Body: `{"userid_list":["zhangsan","lisi"],"cursor":"c1","limit":100}`, Reply: fixture(t, "batch_get_by_user")},
			Want:     wantBatch,
		},
		{
			Name: "batch/get_by_user/defaults left out", Method: "POST", Path: "externalcontact/batch/get_by_user",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.BatchGetByUser(ctx, &BatchGetByUserRequest{UserIDs: []string{"zhangsan"}})
			},
			Exchange: wiretest.Exchange{Body: `{"userid_list":["zhangsan"]}`, Reply: `{"errcode":0,"errmsg":"ok","external_contact_list":[],"next_cursor":""}`},
			Want:     &BatchGetByUserResponse{ExternalContactList: []BatchContact{}},
		},
		{
			// WeCom reads a limit above 100 as 100: so does the SDK.
			Name: "batch/get_by_user/limit above 100 sent as 100", Method: "POST", Path: "externalcontact/batch/get_by_user",
			Call: func(ctx context.Context, c *Client) (any, error) {
				req := &BatchGetByUserRequest{UserIDs: []string{"zhangsan"}, Limit: 1000}
				got, err := c.BatchGetByUser(ctx, req)
				assert.Equal(t, 1000, req.Limit, "request must not be modified")
				return got, err
			},
			Exchange: wiretest.Exchange{Body: `{"userid_list":["zhangsan"],"limit":100}`, Reply: fixture(t, "batch_get_by_user")},
			Want:     wantBatch,
		},
		{
			Name: "batch/get_by_user/all pages", Method: "POST", Path: "externalcontact/batch/get_by_user",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return wiretest.Walked(c.BatchGetByUserAll(ctx, &BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi"}, Limit: 2}))
			},
			Exchange: wiretest.Exchange{Body: `{"userid_list":["zhangsan","lisi"],"limit":2}`, Reply: fixture(t, "batch_get_by_user")},
			Then: []wiretest.Exchange{{
				Body:  `{"userid_list":["zhangsan","lisi"],"cursor":"r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI","limit":2}`,
				Reply: `{"errcode":0,"errmsg":"ok","external_contact_list":[],"next_cursor":""}`,
			}},
			Want: wantBatch.ExternalContactList,
		},
		{
			Method: "GET", Path: "externalcontact/get_follow_user_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetFollowUsers(ctx) },
			Exchange: wiretest.Exchange{Reply: fixture(t, "get_follow_user_list")},
			Want:     []string{"zhangsan", "lisi"},
		},
		{
			Method: "GET", Path: "externalcontact/list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.List(ctx, "zhangsan") },
			Exchange: wiretest.Exchange{Query: q("userid", "zhangsan"), Reply: fixture(t, "list")},
			Want:     []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAA", "wmqfasd1e1927831291723123109rAAA"},
		},
		{
			Name: "remark/every field", Method: "POST", Path: "externalcontact/remark",
			Call: remark(&RemarkRequest{
				UserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd1asdasdjO4wKmE8Aabj9AAA",
				Remark: "备注信息", Description: "描述信息", RemarkCompany: "腾讯科技",
				RemarkMobiles: []string{"13800000001", "13800000002"}, RemarkPicMediaID: "MEDIAID",
			}),
			Exchange: wiretest.Exchange{
				Body:  `{"userid":"zhangsan","external_userid":"woAJ2GCAAAd1asdasdjO4wKmE8Aabj9AAA","remark":"备注信息","description":"描述信息","remark_company":"腾讯科技","remark_mobiles":["13800000001","13800000002"],"remark_pic_mediaid":"MEDIAID"}`,
				Reply: okReply,
			},
		},
		{
			Name: "remark/remark only", Method: "POST", Path: "externalcontact/remark",
			Call:     remark(&RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Remark: "李总"}),
			Exchange: wiretest.Exchange{Body: `{"userid":"zhangsan","external_userid":"wmABC","remark":"李总"}`, Reply: okReply},
		},
		{
			Name: "remark/clear mobiles", Method: "POST", Path: "externalcontact/remark",
			Call:     remark(&RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", ClearRemarkMobiles: true}),
			Exchange: wiretest.Exchange{Body: `{"userid":"zhangsan","external_userid":"wmABC","remark_mobiles":[""]}`, Reply: okReply},
		},
		{
			Name: "remark/html not escaped", Method: "POST", Path: "externalcontact/remark",
			Call: remark(&RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Description: "A&B <VIP>"}),
			Exchange: wiretest.Exchange{
				CheckRequest: func(t *testing.T, r *http.Request, body []byte) {
					assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
					assert.JSONEq(t, `{"userid":"zhangsan","external_userid":"wmABC","description":"A&B <VIP>"}`, string(body))
					assert.Contains(t, string(body), `"A&B <VIP>"`, "sent byte for byte")
				},
				Reply: okReply,
			},
		},
		{
			Name: "remark/limits themselves accepted", Method: "POST", Path: "externalcontact/remark",
			Call: remark(&RemarkRequest{
				UserID: "zhangsan", ExternalUserID: "wmABC",
				Remark: strings.Repeat("备", 20), Description: strings.Repeat("描", 150), RemarkCompany: strings.Repeat("腾", 20),
			}),
			Exchange: wiretest.Exchange{
				Body:  `{"userid":"zhangsan","external_userid":"wmABC","remark":"` + strings.Repeat("备", 20) + `","description":"` + strings.Repeat("描", 150) + `","remark_company":"` + strings.Repeat("腾", 20) + `"}`,
				Reply: okReply,
			},
		},
		{
			Method: "POST", Path: "externalcontact/contact_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.ContactList(ctx, "CURSOR", 1000) },
			Exchange: wiretest.Exchange{Body: `{"cursor":"CURSOR","limit":1000}`, Reply: fixture(t, "contact_list")},
			Want:     wantContactList,
		},
		{
			Name: "contact_list/defaults left out", Method: "POST", Path: "externalcontact/contact_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.ContactList(ctx, "", 0) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: `{"errcode":0,"errmsg":"ok","info_list":[],"next_cursor":""}`},
			Want:     &ContactListResponse{InfoList: []ServedContact{}},
		},
		{
			Name: "contact_list/limit above 1000 sent as 1000", Method: "POST", Path: "externalcontact/contact_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.ContactList(ctx, "", 5000) },
			Exchange: wiretest.Exchange{Body: `{"limit":1000}`, Reply: fixture(t, "contact_list")},
			Want:     wantContactList,
		},
		{
			Name: "contact_list/all pages", Method: "POST", Path: "externalcontact/contact_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return wiretest.Walked(c.ContactListAll(ctx, 4)) },
			Exchange: wiretest.Exchange{Body: `{"limit":4}`, Reply: fixture(t, "contact_list")},
			Then: []wiretest.Exchange{{
				Body:  `{"cursor":"NEXT_CURSOR_2","limit":4}`,
				Reply: `{"errcode":0,"errmsg":"ok","info_list":[{"is_customer":false,"tmp_openid":"tmpOPENID0004","name":"***王","follow_userid":"lisi","add_time":1694418703}],"next_cursor":""}`,
			}},
			Want: append(append([]ServedContact{}, wantContactList.InfoList...),
				ServedContact{TmpOpenID: "tmpOPENID0004", Name: "***王", FollowUserID: "lisi", AddTime: 1694418703}),
		},
	}
}

func customerBad() []wiretest.Bad[*Client] {
	type bad = wiretest.Bad[*Client]
	batch := func(name, field string, req *BatchGetByUserRequest) []bad {
		return []bad{
			{Name: "batch/" + name, Path: "externalcontact/batch/get_by_user", Field: field,
				Call: func(ctx context.Context, c *Client) error { _, err := c.BatchGetByUser(ctx, req); return err }},
			{Name: "batch all/" + name, Path: "externalcontact/batch/get_by_user", Field: field,
				Call: func(ctx context.Context, c *Client) error { return wiretest.Refused(c.BatchGetByUserAll(ctx, req)) }},
		}
	}
	remark := func(name, field string, req *RemarkRequest) bad {
		return bad{Name: "remark/" + name, Path: "externalcontact/remark", Field: field,
			Call: func(ctx context.Context, c *Client) error { return c.Remark(ctx, req) }}
	}
	okRemark := func(mod func(r *RemarkRequest)) *RemarkRequest {
		r := &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", Remark: "r"}
		mod(r)
		return r
	}
	var rows []bad
	rows = append(rows,
		bad{Name: "get/no id", Path: "externalcontact/get", Field: "external_userid",
			Call: func(ctx context.Context, c *Client) error { _, err := c.Get(ctx, ""); return err }},
		bad{Name: "get page/no id", Path: "externalcontact/get", Field: "external_userid",
			Call: func(ctx context.Context, c *Client) error { _, err := c.GetPage(ctx, "", "CURSOR"); return err }},
		bad{Name: "crm/no id", Path: "crm/get_external_contact", Field: "external_userid",
			Call: func(ctx context.Context, c *Client) error { _, err := c.GetExternalContact(ctx, ""); return err }},
		bad{Name: "list/no userid", Path: "externalcontact/list", Field: "userid",
			Call: func(ctx context.Context, c *Client) error { _, err := c.List(ctx, ""); return err }},
		bad{Name: "contact_list/limit -1", Path: "externalcontact/contact_list", Field: "limit",
			Call: func(ctx context.Context, c *Client) error { _, err := c.ContactList(ctx, "", -1); return err }},
		bad{Name: "contact_list all/limit -1", Path: "externalcontact/contact_list", Field: "limit",
			Call: func(ctx context.Context, c *Client) error { return wiretest.Refused(c.ContactListAll(ctx, -1)) }},
		remark("nil", "request", nil),
		remark("no userid", "userid", okRemark(func(r *RemarkRequest) { r.UserID = "" })),
		remark("no external_userid", "external_userid", okRemark(func(r *RemarkRequest) { r.ExternalUserID = "" })),
		remark("nothing to change", "remark", &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC"}),
		remark("empty mobiles only", "remark", &RemarkRequest{UserID: "zhangsan", ExternalUserID: "wmABC", RemarkMobiles: []string{}}),
		remark("remark 21 chars", "remark", okRemark(func(r *RemarkRequest) { r.Remark = strings.Repeat("备", 21) })),
		remark("description 151 chars", "description", okRemark(func(r *RemarkRequest) { r.Description = strings.Repeat("d", 151) })),
		remark("remark_company 21 chars", "remark_company", okRemark(func(r *RemarkRequest) { r.RemarkCompany = strings.Repeat("腾", 21) })),
		remark("clear and set mobiles", "remark_mobiles", okRemark(func(r *RemarkRequest) {
			r.ClearRemarkMobiles = true
			r.RemarkMobiles = []string{"13800000001"}
		})),
		remark("empty mobile", "remark_mobiles", okRemark(func(r *RemarkRequest) { r.RemarkMobiles = []string{"13800000001", ""} })),
	)
	rows = append(rows, batch("nil", "request", nil)...)
	rows = append(rows, batch("no users", "userid_list", &BatchGetByUserRequest{})...)
	rows = append(rows, batch("empty user", "userid_list", &BatchGetByUserRequest{UserIDs: []string{"a", ""}})...)
	rows = append(rows, batch("101 users", "userid_list", &BatchGetByUserRequest{UserIDs: ids("u", 101)})...)
	rows = append(rows, batch("limit -1", "limit", &BatchGetByUserRequest{UserIDs: []string{"a"}, Limit: -1})...)
	return rows
}
