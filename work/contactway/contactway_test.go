package contactway_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// tempConclusions is a temporary way's closing message: a text and a link.
func tempConclusions() *contactway.Conclusions {
	return &contactway.Conclusions{
		Text: &content.Text{Content: "感谢咨询，祝您生活愉快"},
		Link: &content.Link{Title: "售后服务", PicURL: "https://example.pic.com/path", Desc: "常见问题", URL: "https://example.link.com/path"},
	}
}

func contactWayCases(t *testing.T) []wireCase {
	ok := fixture(t, "ok")
	return []wireCase{
		{
			Name: "add_contact_way/multi_qrcode", Method: "POST", Path: "externalcontact/add_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.ways.Create(ctx, &contactway.CreateRequest{
					Type: contactway.Multi, Scene: contactway.SceneQRCode, Remark: "渠道客户", SkipVerify: core.Ptr(false),
					State: "teststate", Users: []string{"zhangsan", "lisi", "wangwu"}, Parties: []int{2, 3},
					IsExclusive: true, MarkSource: core.Ptr(true),
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"type":2,"scene":2,"remark":"渠道客户","skip_verify":false,"state":"teststate",
					"user":["zhangsan","lisi","wangwu"],"party":[2,3],"is_exclusive":true,"mark_source":true}`,
				Reply: fixture(t, "add_contact_way"),
			},
			Want: &contactway.CreateResponse{ConfigID: "42b34949e138eb6e027c123cba77fAAA", QRCode: "http://p.qpic.cn/wwhead/duc2TvpEgSdicZ9RrdUtBkv2UiaA/0"},
		},
		{
			Name: "add_contact_way/temp_miniprogram", Method: "POST", Path: "externalcontact/add_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.ways.Create(ctx, &contactway.CreateRequest{
					Type: contactway.Single, Scene: contactway.SceneMiniProgram, Style: 1, Users: []string{"zhangsan"},
					IsTemp: true, ExpiresIn: 86400, ChatExpiresIn: 14 * 86400, UnionID: "oxTWIuGaIt6gTKsQRLau2M0AAAA",
					Conclusions: tempConclusions(),
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"type":1,"scene":1,"style":1,"user":["zhangsan"],"is_temp":true,"expires_in":86400,"chat_expires_in":1209600,
					"unionid":"oxTWIuGaIt6gTKsQRLau2M0AAAA","conclusions":{"text":{"content":"感谢咨询，祝您生活愉快"},
					"link":{"title":"售后服务","picurl":"https://example.pic.com/path","desc":"常见问题","url":"https://example.link.com/path"}}}`,
				Reply: fixture(t, "add_contact_way_miniprogram"),
			},
			Want: &contactway.CreateResponse{ConfigID: "9ad7fa5cdaa6511298498f979c47eBBB"},
		},
		{
			Method: "POST", Path: "externalcontact/get_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.ways.Get(ctx, "42b34949e138eb6e027c123cba77fAAA")
			},
			Exchange: wiretest.Exchange{Body: `{"config_id":"42b34949e138eb6e027c123cba77fAAA"}`, Reply: fixture(t, "get_contact_way")},
			Want: &contactway.ContactWay{
				ConfigID: "42b34949e138eb6e027c123cba77fAAA", Type: contactway.Single, Scene: contactway.SceneMiniProgram, Style: 2,
				Remark: "test remark", SkipVerify: true, State: "teststate", QRCode: "https://p.qpic.cn/wwhead/duc2TvpEgSdicZ9RrdUtBkv2UiaA/0",
				Users: []string{"zhangsan", "lisi", "wangwu"}, Parties: []int{2, 3}, IsTemp: true, ExpiresIn: 86400, ChatExpiresIn: 86400,
				UnionID: "oxTWIuGaIt6gTKsQRLau2M0AAAA", MarkSource: true,
				Conclusions: &contactway.Conclusions{
					Text:        &content.Text{Content: "文本消息内容"},
					Image:       &content.Image{PicURL: "https://p.qpic.cn/pic_wework/XXXXX"},
					Link:        &content.Link{Title: "消息标题", PicURL: "https://example.pic.com/path", Desc: "消息描述", URL: "https://example.link.com/path"},
					MiniProgram: &content.MiniProgram{Title: "消息标题", PicMediaID: "MEDIA_ID", AppID: "wx8bd80126147dfAAA", Page: "/path/index"},
				},
			},
		},
		{
			Name: "list_contact_way/window", Method: "POST", Path: "externalcontact/list_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.ways.List(ctx, &contactway.ListRequest{StartTime: 1622476800, EndTime: 1625068800, Cursor: "CURSOR", Limit: 1000})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"start_time":1622476800,"end_time":1625068800,"cursor":"CURSOR","limit":1000}`,
				Reply: fixture(t, "list_contact_way_page1"),
			},
			Want: &contactway.ListResponse{ContactWays: []contactway.ListedWay{
				{ConfigID: "534b63270045c9ABiKEE814ef56d91c62f"}, {ConfigID: "87bBiKEE811c62f63270041c62f5c9A4ef"}}, NextCursor: "NEXT_CURSOR"},
		},
		{
			Name: "list_contact_way/defaults", Method: "POST", Path: "externalcontact/list_contact_way",
			Call:     func(ctx context.Context, c clients) (any, error) { return c.ways.List(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "list_contact_way_page2")},
			Want:     &contactway.ListResponse{ContactWays: []contactway.ListedWay{{ConfigID: "c62f5c9A4ef87bBiKEE811c62f6327004"}}},
		},
		{
			Name: "list_contact_way/all", Method: "POST", Path: "externalcontact/list_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				req := &contactway.ListRequest{StartTime: 1622476800, EndTime: 1625068800, Limit: 2}
				ways, errs := wiretest.Collect(c.ways.ListAll(ctx, req))
				if len(errs) > 0 {
					return nil, errs[0]
				}
				if req.Cursor != "" {
					t.Errorf("ListAll changed the caller's request: cursor %q", req.Cursor)
				}
				return ways, nil
			},
			Exchange: wiretest.Exchange{
				Body:  `{"start_time":1622476800,"end_time":1625068800,"limit":2}`,
				Reply: fixture(t, "list_contact_way_page1"),
			},
			Then: []wiretest.Exchange{{
				Body:  `{"start_time":1622476800,"end_time":1625068800,"limit":2,"cursor":"NEXT_CURSOR"}`,
				Reply: fixture(t, "list_contact_way_page2"),
			}},
			Want: []contactway.ListedWay{{ConfigID: "534b63270045c9ABiKEE814ef56d91c62f"}, {ConfigID: "87bBiKEE811c62f63270041c62f5c9A4ef"},
				{ConfigID: "c62f5c9A4ef87bBiKEE811c62f6327004"}},
		},
		{
			Name: "update_contact_way/set", Method: "POST", Path: "externalcontact/update_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.ways.Update(ctx, &contactway.UpdateRequest{
					ConfigID: "42b34949e138eb6e027c123cba77fAAA", Remark: "渠道客户", SkipVerify: core.Ptr(true), Style: 1, State: "teststate",
					Users: []string{"zhangsan", "lisi", "wangwu"}, Parties: []int{2, 3}, ExpiresIn: 86400, ChatExpiresIn: 86400,
					UnionID: "oxTWIuGaIt6gTKsQRLau2M0AAAA", MarkSource: core.Ptr(true), Conclusions: tempConclusions(),
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"config_id":"42b34949e138eb6e027c123cba77fAAA","remark":"渠道客户","skip_verify":true,"style":1,"state":"teststate",
					"user":["zhangsan","lisi","wangwu"],"party":[2,3],"expires_in":86400,"chat_expires_in":86400,
					"unionid":"oxTWIuGaIt6gTKsQRLau2M0AAAA","mark_source":true,"conclusions":{"text":{"content":"感谢咨询，祝您生活愉快"},
					"link":{"title":"售后服务","picurl":"https://example.pic.com/path","desc":"常见问题","url":"https://example.link.com/path"}}}`,
				Reply: ok,
			},
		},
		{
			// The zero values leave the way as it is: nothing but what is
			// given goes on the wire, so nothing is cleared by accident.
			Name: "update_contact_way/leave_as_is", Method: "POST", Path: "externalcontact/update_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.ways.Update(ctx, &contactway.UpdateRequest{ConfigID: "42b34949e138eb6e027c123cba77fAAA",
					SkipVerify: core.Ptr(false), Users: []string{}, Remark: ""})
			},
			Exchange: wiretest.Exchange{Body: `{"config_id":"42b34949e138eb6e027c123cba77fAAA","skip_verify":false}`, Reply: ok},
		},
		{
			// Clear sends the fields empty, which WeCom takes as "clear".
			Name: "update_contact_way/clear", Method: "POST", Path: "externalcontact/update_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.ways.Update(ctx, &contactway.UpdateRequest{ConfigID: "42b34949e138eb6e027c123cba77fAAA",
					Users: []string{"lisi"}, Clear: []contactway.Field{contactway.FieldRemark, contactway.FieldState,
						contactway.FieldParty, contactway.FieldUnionID, contactway.FieldConclusions}})
			},
			Exchange: wiretest.Exchange{
				Body: `{"config_id":"42b34949e138eb6e027c123cba77fAAA","remark":"","state":"","user":["lisi"],"party":[],
					"unionid":"","conclusions":{}}`,
				Reply: ok,
			},
		},
		{
			Method: "POST", Path: "externalcontact/del_contact_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.ways.Delete(ctx, "42b34949e138eb6e027c123cba77fAAA")
			},
			Exchange: wiretest.Exchange{Body: `{"config_id":"42b34949e138eb6e027c123cba77fAAA"}`, Reply: ok},
		},
		{
			Method: "POST", Path: "externalcontact/close_temp_chat",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.ways.CloseTempChat(ctx, "zhangyisheng", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA")
			},
			Exchange: wiretest.Exchange{Body: `{"userid":"zhangyisheng","external_userid":"woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"}`, Reply: ok},
		},
	}
}

// create returns a Bad row for add_contact_way: a valid single QR-code way
// changed by edit.
func create(name, field string, edit func(r *contactway.CreateRequest)) badCase {
	return badCase{Name: "add_contact_way/" + name, Path: "externalcontact/add_contact_way", Field: field,
		Call: func(ctx context.Context, c clients) error {
			r := &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode, Users: []string{"zhangsan"}, State: "expo"}
			edit(r)
			_, err := c.ways.Create(ctx, r)
			return err
		}}
}

// temp is create for a temporary way.
func temp(name, field string, edit func(r *contactway.CreateRequest)) badCase {
	return create("temp/"+name, field, func(r *contactway.CreateRequest) {
		r.IsTemp = true
		r.Conclusions = tempConclusions()
		edit(r)
	})
}

func contactWayBad() []badCase {
	long := strings.Repeat("渠", 31)
	users := make([]string, contactway.MaxUsers+1)
	for i := range users {
		users[i] = "member" + strconv.Itoa(i)
	}
	return []badCase{
		{Name: "add_contact_way/nil", Path: "externalcontact/add_contact_way", Field: "request",
			Call: func(ctx context.Context, c clients) error { _, err := c.ways.Create(ctx, nil); return err }},
		create("no type", "type", func(r *contactway.CreateRequest) { r.Type = 0 }),
		create("unknown scene", "scene", func(r *contactway.CreateRequest) { r.Scene = 3 }),
		create("single with two users", "user", func(r *contactway.CreateRequest) { r.Users = []string{"zhangsan", "lisi"} }),
		create("single without user", "user", func(r *contactway.CreateRequest) { r.Users = nil }),
		create("single with a party", "party", func(r *contactway.CreateRequest) { r.Parties = []int{2} }),
		create("multi without anyone", "user", func(r *contactway.CreateRequest) { r.Type, r.Users = contactway.Multi, nil }),
		create("multi over 100 users", "user", func(r *contactway.CreateRequest) { r.Type, r.Users = contactway.Multi, users }),
		create("multi with an empty user", "user", func(r *contactway.CreateRequest) { r.Type, r.Users = contactway.Multi, []string{"zhangsan", ""} }),
		create("multi with party 0", "party", func(r *contactway.CreateRequest) { r.Type, r.Parties = contactway.Multi, []int{0} }),
		create("remark over 30", "remark", func(r *contactway.CreateRequest) { r.Remark = long }),
		create("state over 30", "state", func(r *contactway.CreateRequest) { r.State = long }),
		create("negative style", "style", func(r *contactway.CreateRequest) { r.Style = -1 }),
		create("expires_in without is_temp", "expires_in", func(r *contactway.CreateRequest) { r.ExpiresIn = 3600 }),
		create("chat_expires_in without is_temp", "chat_expires_in", func(r *contactway.CreateRequest) { r.ChatExpiresIn = 3600 }),
		create("unionid without is_temp", "unionid", func(r *contactway.CreateRequest) { r.UnionID = "oxTWIuGaIt6gTKsQRLau2M0AAAA" }),
		create("conclusions without is_temp", "conclusions", func(r *contactway.CreateRequest) { r.Conclusions = tempConclusions() }),
		temp("multi", "is_temp", func(r *contactway.CreateRequest) { r.Type, r.Users = contactway.Multi, []string{"zhangsan", "lisi"} }),
		temp("expires_in over 14 days", "expires_in", func(r *contactway.CreateRequest) { r.ExpiresIn = 14*86400 + 1 }),
		temp("negative chat_expires_in", "chat_expires_in", func(r *contactway.CreateRequest) { r.ChatExpiresIn = -1 }),
		temp("chat_expires_in over 14 days", "chat_expires_in", func(r *contactway.CreateRequest) { r.ChatExpiresIn = 15 * 86400 }),
		temp("empty conclusions", "conclusions", func(r *contactway.CreateRequest) { r.Conclusions = &contactway.Conclusions{} }),
		temp("conclusions with image and link", "conclusions", func(r *contactway.CreateRequest) {
			r.Conclusions.Image = &content.Image{MediaID: "MEDIA_ID"}
		}),
		temp("conclusions text over 4000 bytes", "conclusions.text.content", func(r *contactway.CreateRequest) {
			r.Conclusions.Text.Content = strings.Repeat("好", 1334) // 4002 bytes
		}),
		temp("conclusions empty text", "conclusions.text.content", func(r *contactway.CreateRequest) { r.Conclusions.Text.Content = "" }),
		temp("conclusions link without url", "conclusions.link.url", func(r *contactway.CreateRequest) { r.Conclusions.Link.URL = "" }),
		temp("conclusions image by pic_url", "conclusions.image.media_id", func(r *contactway.CreateRequest) {
			r.Conclusions.Link = nil
			r.Conclusions.Image = &content.Image{PicURL: "https://p.qpic.cn/pic_wework/XXXXX"}
		}),
		temp("conclusions mini program title over 64 bytes", "conclusions.miniprogram.title", func(r *contactway.CreateRequest) {
			r.Conclusions.Link = nil
			r.Conclusions.MiniProgram = &content.MiniProgram{Title: strings.Repeat("小", 22), PicMediaID: "MEDIA_ID", AppID: "wx8bd80126147dfAAA", Page: "/path/index"}
		}),
		{Name: "get_contact_way/no config_id", Path: "externalcontact/get_contact_way", Field: "config_id",
			Call: func(ctx context.Context, c clients) error { _, err := c.ways.Get(ctx, ""); return err }},
		{Name: "del_contact_way/no config_id", Path: "externalcontact/del_contact_way", Field: "config_id",
			Call: func(ctx context.Context, c clients) error { return c.ways.Delete(ctx, "") }},
		{Name: "close_temp_chat/no userid", Path: "externalcontact/close_temp_chat", Field: "userid",
			Call: func(ctx context.Context, c clients) error { return c.ways.CloseTempChat(ctx, "", "wmX") }},
		{Name: "close_temp_chat/no external_userid", Path: "externalcontact/close_temp_chat", Field: "external_userid",
			Call: func(ctx context.Context, c clients) error { return c.ways.CloseTempChat(ctx, "zhangsan", "") }},
		list("limit over 1000", "limit", &contactway.ListRequest{Limit: 1001}),
		list("negative limit", "limit", &contactway.ListRequest{Limit: -1}),
		list("start after end", "start_time", &contactway.ListRequest{StartTime: 1625068800, EndTime: 1622476800}),
		list("negative start", "start_time", &contactway.ListRequest{StartTime: -1}),
		list("negative end", "end_time", &contactway.ListRequest{EndTime: -1}),
		{Name: "list_contact_way/all bad limit", Path: "externalcontact/list_contact_way", Field: "limit",
			Call: func(ctx context.Context, c clients) error {
				_, errs := wiretest.Collect(c.ways.ListAll(ctx, &contactway.ListRequest{Limit: 5000}))
				if len(errs) != 1 {
					return nil
				}
				return errs[0]
			}},
	}
}

func list(name, field string, r *contactway.ListRequest) badCase {
	return badCase{Name: "list_contact_way/" + name, Path: "externalcontact/list_contact_way", Field: field,
		Call: func(ctx context.Context, c clients) error { _, err := c.ways.List(ctx, r); return err }}
}
