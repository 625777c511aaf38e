package message_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/message"
)

type (
	row = wiretest.Case[*message.Client]
	bad = wiretest.Bad[*message.Client]
)

func fixture(t *testing.T, name string) string { return wiretest.Fixture(t, "message", name) }

// everyKind is one attachment of each kind, as in WeCom's examples.
func everyKind() []content.Attachment {
	return []content.Attachment{
		content.NewImage("MEDIA_ID"),
		content.NewLink(content.Link{Title: "消息标题", PicURL: "https://example.pic.com/path", Desc: "消息描述", URL: "https://example.link.com/path"}),
		content.NewMiniProgram(content.MiniProgram{Title: "消息标题", PicMediaID: "MEDIA_ID", AppID: "wx8bd80126147dfAAA", Page: "/path/index.html"}),
		content.NewVideo("MEDIA_ID"),
		content.NewFile("MEDIA_ID"),
	}
}

const everyKindJSON = `[
	{"msgtype":"image","image":{"media_id":"MEDIA_ID"}},
	{"msgtype":"link","link":{"title":"消息标题","picurl":"https://example.pic.com/path","desc":"消息描述","url":"https://example.link.com/path"}},
	{"msgtype":"miniprogram","miniprogram":{"title":"消息标题","pic_media_id":"MEDIA_ID","appid":"wx8bd80126147dfAAA","page":"/path/index.html"}},
	{"msgtype":"video","video":{"media_id":"MEDIA_ID"}},
	{"msgtype":"file","file":{"media_id":"MEDIA_ID"}}]`

func text(s string) *content.Text { return &content.Text{Content: s} }

func TestWire(t *testing.T) {
	wiretest.Suite[*message.Client]{
		Endpoints: message.Endpoints(),
		New:       message.New,
		Cases:     append(append(submitRows(t), readRows(t)...), taskRows(t)...),
		Bad:       append(append(submitBad(), readBad()...), taskBad()...),
	}.Run(t)
}

func submitRows(t *testing.T) []row {
	return []row{
		{
			Name: "submit to customers", Method: "POST", Path: "externalcontact/add_msg_template",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.Submit(ctx, &message.MsgTemplate{
					ChatType:       message.ChatSingle,
					ExternalUserID: []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", "wmqfasd1e1927831123109rBAAAA"},
					TagFilter: &message.TagFilter{GroupList: []message.TagGroup{
						{TagList: []string{"ete19278asuMT123109rBAAAA", "ete19MT12278109UYteaBAAAA"}},
						{TagList: []string{"eteIlKKHSDfuMT18Kg9rBAAAA"}},
					}},
					Sender:      "zhangsan",
					AllowSelect: true,
					Text:        text("文本消息内容"),
					Attachments: everyKind(),
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"chat_type":"single","external_userid":["woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA","wmqfasd1e1927831123109rBAAAA"],
					"tag_filter":{"group_list":[{"tag_list":["ete19278asuMT123109rBAAAA","ete19MT12278109UYteaBAAAA"]},{"tag_list":["eteIlKKHSDfuMT18Kg9rBAAAA"]}]},
					"sender":"zhangsan","allow_select":true,"text":{"content":"文本消息内容"},"attachments":` + everyKindJSON + `}`,
				Reply: fixture(t, "add_msg_template"),
			},
			Want: &message.SubmitResult{FailList: []string{"wmqfasd1e1927831123109rBAAAA"}, MsgID: "msgGCAAAXtWyujaWJHDDGi0mAAAA"},
		},
		{
			Name: "submit to a sender's customers", Method: "POST", Path: "externalcontact/add_msg_template",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.Submit(ctx, &message.MsgTemplate{Sender: "zhangsan", Attachments: []content.Attachment{
					content.NewImageURL("http://p.qpic.cn/pic_wework/3474110808/7a6344sdadfwehe42060/0")}})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"sender":"zhangsan","attachments":[{"msgtype":"image","image":{"pic_url":"http://p.qpic.cn/pic_wework/3474110808/7a6344sdadfwehe42060/0"}}]}`,
				Reply: fixture(t, "add_msg_template"),
			},
		},
		{
			Name: "submit to groups", Method: "POST", Path: "externalcontact/add_msg_template",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.Submit(ctx, &message.MsgTemplate{ChatType: message.ChatGroup, Sender: "zhangsan",
					ChatIDList: []string{"wr2GCAAAXtWyujaWJHDDGasdadAAA"}, Text: text("本周六门店活动")})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"chat_type":"group","chat_id_list":["wr2GCAAAXtWyujaWJHDDGasdadAAA"],"sender":"zhangsan","text":{"content":"本周六门店活动"}}`,
				Reply: fixture(t, "add_msg_template"),
			},
		},
		{
			Name: "send welcome", Method: "POST", Path: "externalcontact/send_welcome_msg",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return nil, c.SendWelcome(ctx, &message.WelcomeMsg{WelcomeCode: "CALLBACK_CODE", Text: text("文本消息内容"), Attachments: everyKind()})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"welcome_code":"CALLBACK_CODE","text":{"content":"文本消息内容"},"attachments":` + everyKindJSON + `}`,
				Reply: fixture(t, "ok"),
			},
		},
		{
			Name: "send welcome text only", Method: "POST", Path: "externalcontact/send_welcome_msg",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return nil, c.SendWelcome(ctx, &message.WelcomeMsg{WelcomeCode: "CALLBACK_CODE", Text: text(strings.Repeat("欢", 1333))})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"welcome_code":"CALLBACK_CODE","text":{"content":"` + strings.Repeat("欢", 1333) + `"}}`,
				Reply: fixture(t, "ok"),
			},
		},
	}
}

func tmpl(mut func(*message.MsgTemplate)) func(ctx context.Context, c *message.Client) error {
	return func(ctx context.Context, c *message.Client) error {
		m := &message.MsgTemplate{ExternalUserID: []string{"wmA"}, Text: text("hello")}
		mut(m)
		_, err := c.Submit(ctx, m)
		return err
	}
}

func withAtt(a ...content.Attachment) func(*message.MsgTemplate) {
	return func(m *message.MsgTemplate) { m.Attachments = a }
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "wm" + strings.Repeat("x", 8)
	}
	return out
}

func submitBad() []bad {
	const add = "externalcontact/add_msg_template"
	const welcome = "externalcontact/send_welcome_msg"
	mini := content.MiniProgram{Title: "t", PicMediaID: "m", AppID: "wx1", Page: "/p"}
	noMini := func(f func(*content.MiniProgram)) content.Attachment {
		m := mini
		f(&m)
		return content.NewMiniProgram(m)
	}
	sendWelcome := func(m *message.WelcomeMsg) func(ctx context.Context, c *message.Client) error {
		return func(ctx context.Context, c *message.Client) error { return c.SendWelcome(ctx, m) }
	}
	return []bad{
		{Name: "submit nil", Path: add, Field: "request", Call: func(ctx context.Context, c *message.Client) error { _, err := c.Submit(ctx, nil); return err }},
		{Name: "submit chat type", Path: add, Field: "chat_type", Call: tmpl(func(m *message.MsgTemplate) { m.ChatType = "room" })},
		{Name: "submit single with groups", Path: add, Field: "chat_id_list", Call: tmpl(func(m *message.MsgTemplate) { m.ChatIDList = []string{"wr1"} })},
		{Name: "submit nobody", Path: add, Field: "external_userid", Call: tmpl(func(m *message.MsgTemplate) { m.ExternalUserID = nil })},
		{Name: "submit tag filter without anyone", Path: add, Field: "external_userid", Call: tmpl(func(m *message.MsgTemplate) {
			m.ExternalUserID = nil
			m.TagFilter = &message.TagFilter{GroupList: []message.TagGroup{{TagList: []string{"et1"}}}}
		})},
		{Name: "submit 10001 customers", Path: add, Field: "external_userid", Call: tmpl(func(m *message.MsgTemplate) { m.ExternalUserID = ids(10001) })},
		{Name: "submit empty customer id", Path: add, Field: "external_userid", Call: tmpl(func(m *message.MsgTemplate) { m.ExternalUserID = []string{"wmA", ""} })},
		{Name: "submit group without sender", Path: add, Field: "sender", Call: tmpl(func(m *message.MsgTemplate) {
			m.ChatType, m.ExternalUserID = message.ChatGroup, nil
		})},
		{Name: "submit group with customers", Path: add, Field: "external_userid", Call: tmpl(func(m *message.MsgTemplate) {
			m.ChatType, m.Sender = message.ChatGroup, "zhangsan"
		})},
		{Name: "submit 2001 groups", Path: add, Field: "chat_id_list", Call: tmpl(func(m *message.MsgTemplate) {
			m.ChatType, m.Sender, m.ExternalUserID, m.ChatIDList = message.ChatGroup, "zhangsan", nil, ids(2001)
		})},
		{Name: "submit empty tag filter", Path: add, Field: "tag_filter.group_list", Call: tmpl(func(m *message.MsgTemplate) { m.TagFilter = &message.TagFilter{} })},
		{Name: "submit empty tag group", Path: add, Field: "tag_filter.group_list[1].tag_list", Call: tmpl(func(m *message.MsgTemplate) {
			m.TagFilter = &message.TagFilter{GroupList: []message.TagGroup{{TagList: []string{"et1"}}, {}}}
		})},
		{Name: "submit empty tag id", Path: add, Field: "tag_filter.group_list[0].tag_list", Call: tmpl(func(m *message.MsgTemplate) {
			m.TagFilter = &message.TagFilter{GroupList: []message.TagGroup{{TagList: []string{""}}}}
		})},
		{Name: "submit no content", Path: add, Field: "text", Call: tmpl(func(m *message.MsgTemplate) { m.Text = nil })},
		{Name: "submit empty text", Path: add, Field: "text", Call: tmpl(func(m *message.MsgTemplate) { m.Text = text("") })},
		{Name: "submit text 4002 bytes", Path: add, Field: "text.content", Call: tmpl(func(m *message.MsgTemplate) { m.Text = text(strings.Repeat("欢", 1334)) })},
		{Name: "submit 10 attachments", Path: add, Field: "attachments", Call: tmpl(withAtt(append(everyKind(), everyKind()...)...))},
		{Name: "submit link without title", Path: add, Field: "attachments[0].link.title", Call: tmpl(withAtt(content.NewLink(content.Link{URL: "https://x"})))},
		{Name: "submit link without url", Path: add, Field: "attachments[1].link.url", Call: tmpl(withAtt(content.NewImage("m"), content.NewLink(content.Link{Title: "x"})))},
		{Name: "submit mini without title", Path: add, Field: "attachments[0].miniprogram.title", Call: tmpl(withAtt(noMini(func(m *content.MiniProgram) { m.Title = "" })))},
		{Name: "submit mini without pic", Path: add, Field: "attachments[0].miniprogram.pic_media_id", Call: tmpl(withAtt(noMini(func(m *content.MiniProgram) { m.PicMediaID = "" })))},
		{Name: "submit mini without appid", Path: add, Field: "attachments[0].miniprogram.appid", Call: tmpl(withAtt(noMini(func(m *content.MiniProgram) { m.AppID = "" })))},
		{Name: "submit mini without page", Path: add, Field: "attachments[0].miniprogram.page", Call: tmpl(withAtt(noMini(func(m *content.MiniProgram) { m.Page = "" })))},
		{Name: "submit image without id", Path: add, Field: "attachments[0].image.media_id", Call: tmpl(withAtt(content.NewImage("")))},
		{Name: "submit video without id", Path: add, Field: "attachments[0].video.media_id", Call: tmpl(withAtt(content.NewVideo("")))},
		{Name: "submit file without id", Path: add, Field: "attachments[0].file.media_id", Call: tmpl(withAtt(content.NewFile("")))},
		{Name: "submit voice attachment", Path: add, Field: "attachments[0].msgtype", Call: tmpl(withAtt(content.Attachment{MsgType: "voice", File: &content.File{MediaID: "m"}}))},
		{Name: "submit two parts", Path: add, Field: "attachments[0]", Call: tmpl(withAtt(content.Attachment{MsgType: content.MsgVideo,
			Video: &content.Video{MediaID: "m"}, File: &content.File{MediaID: "m"}}))},

		{Name: "welcome nil", Path: welcome, Field: "request", Call: sendWelcome(nil)},
		{Name: "welcome no code", Path: welcome, Field: "welcome_code", Call: sendWelcome(&message.WelcomeMsg{Text: text("hi")})},
		{Name: "welcome no content", Path: welcome, Field: "text", Call: sendWelcome(&message.WelcomeMsg{WelcomeCode: "c"})},
		{Name: "welcome text 4001 bytes", Path: welcome, Field: "text.content", Call: sendWelcome(&message.WelcomeMsg{WelcomeCode: "c", Text: text(strings.Repeat("a", 4001))})},
		{Name: "welcome 10 attachments", Path: welcome, Field: "attachments", Call: sendWelcome(&message.WelcomeMsg{WelcomeCode: "c", Attachments: append(everyKind(), everyKind()...)})},
		{Name: "welcome mini without page", Path: welcome, Field: "attachments[0].miniprogram.page", Call: sendWelcome(&message.WelcomeMsg{WelcomeCode: "c",
			Attachments: []content.Attachment{noMini(func(m *content.MiniProgram) { m.Page = "" })}})},
	}
}

// window is the doc example's window.
const start, end = 1605171726, 1605172726

func groupMsgPage1() []message.GroupMsg {
	a := everyKind()
	a[0].Image.PicURL = "http://p.qpic.cn/pic_wework/3474110808/7a6344sdadfwehe42060/0"
	return []message.GroupMsg{{MsgID: "msgGCAAAXtWyujaWJHDDGi0mAAAA", Creator: "zhangsan", CreateTime: 1605171800,
		CreateType: message.CreatedByMember, Text: text("文本消息内容"), Attachments: a}}
}

var groupMsgPage2 = message.GroupMsg{MsgID: "msgGCAAAXtWyujaWJHDDGi0mBBBB", CreateTime: 1605172100,
	CreateType: message.CreatedByCorp, Text: text("双十一会员专享：全场八折")}

func readRows(t *testing.T) []row {
	const list = "externalcontact/get_groupmsg_list_v2"
	return []row{
		{
			Name: "list v2 page", Method: "POST", Path: list,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.GetGroupMsgListV2(ctx, &message.GroupMsgListRequest{ChatType: message.ChatSingle, StartTime: start, EndTime: end,
					Creator: "zhangshan", FilterType: core.Ptr(message.FilterMember), Limit: 50, Cursor: "CURSOR"})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"chat_type":"single","start_time":1605171726,"end_time":1605172726,"creator":"zhangshan","filter_type":1,"limit":50,"cursor":"CURSOR"}`,
				Reply: fixture(t, "get_groupmsg_list_v2"),
			},
			Want: &message.GroupMsgListResponse{GroupMsgList: groupMsgPage1(), NextCursor: "CURSOR_PAGE2"},
		},
		{
			Name: "list v2 corp filter", Method: "POST", Path: list,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.GetGroupMsgListV2(ctx, &message.GroupMsgListRequest{ChatType: message.ChatGroup, StartTime: start,
					EndTime: start + 31*86400, FilterType: core.Ptr(message.FilterCorp)})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"chat_type":"group","start_time":1605171726,"end_time":1607850126,"filter_type":0}`,
				Reply: fixture(t, "get_groupmsg_list_v2_page2"),
			},
		},
		{
			Name: "list v2 all", Method: "POST", Path: list,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return collect(c.GetGroupMsgListV2All(ctx, &message.GroupMsgListRequest{ChatType: message.ChatSingle, StartTime: start, EndTime: end}))
			},
			Exchange: wiretest.Exchange{Body: `{"chat_type":"single","start_time":1605171726,"end_time":1605172726}`, Reply: fixture(t, "get_groupmsg_list_v2")},
			Then: []wiretest.Exchange{{Body: `{"chat_type":"single","start_time":1605171726,"end_time":1605172726,"cursor":"CURSOR_PAGE2"}`,
				Reply: fixture(t, "get_groupmsg_list_v2_page2")}},
			Want: append(groupMsgPage1(), groupMsgPage2),
		},
		{
			Name: "find submitted", Method: "POST", Path: list,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.FindSubmitted(ctx, &message.MsgTemplate{Sender: "lisi", Text: text("双十一会员专享：全场八折")},
					time.Unix(start, 0), time.Unix(end, 0))
			},
			Exchange: wiretest.Exchange{Body: `{"chat_type":"single","start_time":1605171726,"end_time":1605172726,"filter_type":0,"limit":100}`,
				Reply: fixture(t, "get_groupmsg_list_v2")},
			Then: []wiretest.Exchange{{Body: `{"chat_type":"single","start_time":1605171726,"end_time":1605172726,"filter_type":0,"limit":100,"cursor":"CURSOR_PAGE2"}`,
				Reply: fixture(t, "get_groupmsg_list_v2_page2")}},
			Want: []message.GroupMsg{groupMsgPage2},
		},
		{
			Name: "legacy result", Method: "POST", Path: "externalcontact/get_group_msg_result",
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.Get(ctx, &message.GroupMsgResultRequest{MsgID: "msgGCAAAXtWyujaWJHDDGi0mAAAA", Limit: 100})
			},
			Exchange: wiretest.Exchange{Body: `{"msgid":"msgGCAAAXtWyujaWJHDDGi0mAAAA","limit":100}`, Reply: fixture(t, "get_group_msg_result")},
			Want: &message.GroupMsgResultResponse{DetailList: []message.SendResult{{ExternalUserID: "wmqfasd1e19278asdasAAAA",
				ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", UserID: "zhangsan", Status: message.SendSent, SendTime: 1552536375}}},
		},
	}
}

func readBad() []bad {
	const list = "externalcontact/get_groupmsg_list_v2"
	req := func(mut func(*message.GroupMsgListRequest)) func(ctx context.Context, c *message.Client) error {
		return func(ctx context.Context, c *message.Client) error {
			r := &message.GroupMsgListRequest{ChatType: message.ChatSingle, StartTime: start, EndTime: end}
			mut(r)
			_, err := c.GetGroupMsgListV2(ctx, r)
			return err
		}
	}
	return []bad{
		{Name: "list nil", Path: list, Field: "request", Call: func(ctx context.Context, c *message.Client) error {
			_, err := c.GetGroupMsgListV2(ctx, nil)
			return err
		}},
		{Name: "list all nil", Path: list, Field: "request", Call: func(ctx context.Context, c *message.Client) error {
			_, err := collect(c.GetGroupMsgListV2All(ctx, nil))
			return err
		}},
		{Name: "list all bad", Path: list, Field: "chat_type", Call: func(ctx context.Context, c *message.Client) error {
			_, err := collect(c.GetGroupMsgListV2All(ctx, &message.GroupMsgListRequest{StartTime: start, EndTime: end}))
			return err
		}},
		{Name: "list no chat type", Path: list, Field: "chat_type", Call: req(func(r *message.GroupMsgListRequest) { r.ChatType = "" })},
		{Name: "list no start", Path: list, Field: "start_time", Call: req(func(r *message.GroupMsgListRequest) { r.StartTime = 0 })},
		{Name: "list end before start", Path: list, Field: "end_time", Call: req(func(r *message.GroupMsgListRequest) { r.EndTime = start - 1 })},
		{Name: "list window over a month", Path: list, Field: "end_time", Call: req(func(r *message.GroupMsgListRequest) { r.EndTime = start + 31*86400 + 1 })},
		{Name: "list filter type", Path: list, Field: "filter_type", Call: req(func(r *message.GroupMsgListRequest) { r.FilterType = core.Ptr(message.FilterType(3)) })},
		{Name: "list limit 101", Path: list, Field: "limit", Call: req(func(r *message.GroupMsgListRequest) { r.Limit = 101 })},
		{Name: "list limit negative", Path: list, Field: "limit", Call: req(func(r *message.GroupMsgListRequest) { r.Limit = -1 })},
		{Name: "find nil", Path: list, Field: "request", Call: func(ctx context.Context, c *message.Client) error {
			_, err := c.FindSubmitted(ctx, nil, time.Unix(start, 0), time.Unix(end, 0))
			return err
		}},
		{Name: "find window over a month", Path: list, Field: "end_time", Call: func(ctx context.Context, c *message.Client) error {
			_, err := c.FindSubmitted(ctx, &message.MsgTemplate{Sender: "x", Text: text("t")}, time.Unix(start, 0), time.Unix(start, 0).AddDate(0, 2, 0))
			return err
		}},
		{Name: "legacy no msgid", Path: "externalcontact/get_group_msg_result", Field: "msgid", Call: func(ctx context.Context, c *message.Client) error {
			_, err := c.Get(ctx, &message.GroupMsgResultRequest{})
			return err
		}},
		{Name: "legacy limit", Path: "externalcontact/get_group_msg_result", Field: "limit", Call: func(ctx context.Context, c *message.Client) error {
			_, err := c.Get(ctx, &message.GroupMsgResultRequest{MsgID: "m", Limit: 10001})
			return err
		}},
	}
}
