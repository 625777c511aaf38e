package groupwelcome_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/groupwelcome"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

type (
	row = wiretest.Case[*groupwelcome.Client]
	bad = wiretest.Bad[*groupwelcome.Client]
)

func fixture(t *testing.T, name string) string { return wiretest.Fixture(t, "message", name) }

func text(s string) *content.Text { return &content.Text{Content: s} }

var mini = &content.MiniProgram{Title: "消息标题", PicMediaID: "MEDIA_ID", AppID: "wx8bd80126147dfAAA", Page: "/path/index"}

func TestWire(t *testing.T) {
	const add, edit, get, del = "externalcontact/group_welcome_template/add", "externalcontact/group_welcome_template/edit",
		"externalcontact/group_welcome_template/get", "externalcontact/group_welcome_template/del"
	addCall := func(r *groupwelcome.AddRequest) func(ctx context.Context, c *groupwelcome.Client) error {
		return func(ctx context.Context, c *groupwelcome.Client) error { _, err := c.Add(ctx, r); return err }
	}
	editCall := func(r *groupwelcome.EditRequest) func(ctx context.Context, c *groupwelcome.Client) error {
		return func(ctx context.Context, c *groupwelcome.Client) error { return c.Edit(ctx, r) }
	}
	wiretest.Suite[*groupwelcome.Client]{
		Endpoints: groupwelcome.Endpoints(),
		New:       groupwelcome.New,
		Cases: []row{
			{
				Name: "add with mini program", Method: "POST", Path: add,
				Call: func(ctx context.Context, c *groupwelcome.Client) (any, error) {
					return c.Add(ctx, &groupwelcome.AddRequest{Template: groupwelcome.Template{Text: text("亲爱的%NICKNAME%用户，你好"),
						MiniProgram: mini}, AgentID: 1000014})
				},
				Exchange: wiretest.Exchange{
					Body: `{"text":{"content":"亲爱的%NICKNAME%用户，你好"},
						"miniprogram":{"title":"消息标题","pic_media_id":"MEDIA_ID","appid":"wx8bd80126147dfAAA","page":"/path/index"},"agentid":1000014}`,
					Reply: fixture(t, "group_welcome_template_add"),
				},
				Want: &groupwelcome.AddResponse{TemplateID: "msgXXXXXX"},
			},
			{
				Name: "add without notifying", Method: "POST", Path: add,
				Call: func(ctx context.Context, c *groupwelcome.Client) (any, error) {
					return c.Add(ctx, &groupwelcome.AddRequest{Template: groupwelcome.Template{
						File: &content.File{MediaID: "1Yv-zXfHjSjU-7LH-GwtYqDGS-zz6w22KmWAT5COgP7o"}}, SkipNotify: true})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"file":{"media_id":"1Yv-zXfHjSjU-7LH-GwtYqDGS-zz6w22KmWAT5COgP7o"},"notify":0}`,
					Reply: fixture(t, "group_welcome_template_add"),
				},
			},
			{
				Method: "POST", Path: edit,
				Call: func(ctx context.Context, c *groupwelcome.Client) (any, error) {
					return nil, c.Edit(ctx, &groupwelcome.EditRequest{TemplateID: "msgXXXXXXX", Template: groupwelcome.Template{
						Text: text("文本消息内容"), Video: &content.Video{MediaID: "MEDIA_ID"}}, AgentID: 1000014})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"template_id":"msgXXXXXXX","text":{"content":"文本消息内容"},"video":{"media_id":"MEDIA_ID"},"agentid":1000014}`,
					Reply: fixture(t, "ok"),
				},
			},
			{
				Name: "get image", Method: "POST", Path: get,
				Call:     func(ctx context.Context, c *groupwelcome.Client) (any, error) { return c.Get(ctx, "msgXXXXXXX") },
				Exchange: wiretest.Exchange{Body: `{"template_id":"msgXXXXXXX"}`, Reply: fixture(t, "group_welcome_template_get")},
				Want: &groupwelcome.Template{Text: text("亲爱的%NICKNAME%用户，你好"),
					Image: &content.Image{PicURL: "http://p.qpic.cn/pic_wework/XXXXX"}},
			},
			{
				Name: "get link", Method: "POST", Path: get,
				Call:     func(ctx context.Context, c *groupwelcome.Client) (any, error) { return c.Get(ctx, "msgYYYYYYY") },
				Exchange: wiretest.Exchange{Body: `{"template_id":"msgYYYYYYY"}`, Reply: fixture(t, "group_welcome_template_get_link")},
				Want: &groupwelcome.Template{Text: text("欢迎加入会员群，回复「福利」领取新人券"), Link: &content.Link{Title: "消息标题",
					PicURL: "https://example.pic.com/path", Desc: "消息描述", URL: "https://example.link.com/path"}},
			},
			{
				Method: "POST", Path: del,
				Call: func(ctx context.Context, c *groupwelcome.Client) (any, error) {
					return nil, c.Del(ctx, "msgXXXXXXX", 1000014)
				},
				Exchange: wiretest.Exchange{Body: `{"template_id":"msgXXXXXXX","agentid":1000014}`, Reply: fixture(t, "ok")},
			},
		},
		Bad: []bad{
			{Name: "add nil", Path: add, Field: "request", Call: addCall(nil)},
			{Name: "add empty", Path: add, Field: "text", Call: addCall(&groupwelcome.AddRequest{})},
			{Name: "add empty text", Path: add, Field: "text", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{Text: text("")}})},
			{Name: "add two parts", Path: add, Field: "link", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				Image: &content.Image{MediaID: "m"}, Link: &content.Link{Title: "t", URL: "https://x"}}})},
			{Name: "add link without url", Path: add, Field: "link.url", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				Link: &content.Link{Title: "t"}}})},
			{Name: "add mini without appid", Path: add, Field: "miniprogram.appid", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				MiniProgram: &content.MiniProgram{Title: "t", PicMediaID: "m", Page: "/p"}}})},
			{Name: "add image without id", Path: add, Field: "image.media_id", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				Image: &content.Image{}}})},
			{Name: "add image both ids", Path: add, Field: "image", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				Image: &content.Image{MediaID: "m", PicURL: "http://p"}}})},
			{Name: "add file without id", Path: add, Field: "file.media_id", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				File: &content.File{}}})},
			{Name: "add video without id", Path: add, Field: "video.media_id", Call: addCall(&groupwelcome.AddRequest{Template: groupwelcome.Template{
				Text: text("t"), Video: &content.Video{}}})},
			{Name: "edit nil", Path: edit, Field: "request", Call: editCall(nil)},
			{Name: "edit no id", Path: edit, Field: "template_id", Call: editCall(&groupwelcome.EditRequest{Template: groupwelcome.Template{Text: text("t")}})},
			{Name: "edit two parts", Path: edit, Field: "video", Call: editCall(&groupwelcome.EditRequest{TemplateID: "x", Template: groupwelcome.Template{
				File: &content.File{MediaID: "f"}, Video: &content.Video{MediaID: "v"}}})},
			{Name: "get no id", Path: get, Field: "template_id", Call: func(ctx context.Context, c *groupwelcome.Client) error { _, err := c.Get(ctx, ""); return err }},
			{Name: "del no id", Path: del, Field: "template_id", Call: func(ctx context.Context, c *groupwelcome.Client) error { return c.Del(ctx, "", 0) }},
		},
	}.Run(t)
}

func TestAddRequestJSON(t *testing.T) {
	b, err := json.Marshal(&groupwelcome.AddRequest{Template: groupwelcome.Template{Text: text("hi")}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"text":{"content":"hi"}}`, string(b), "no notify: WeCom's default, notify the members")
}

func TestEndpointClasses(t *testing.T) {
	got := map[string]core.Class{}
	for _, ep := range groupwelcome.Endpoints() {
		got[ep.Path] = ep.Class
	}
	assert.Equal(t, map[string]core.Class{
		"externalcontact/group_welcome_template/add":  core.ClassWrite,
		"externalcontact/group_welcome_template/edit": core.ClassWrite,
		"externalcontact/group_welcome_template/get":  core.ClassReadPost,
		"externalcontact/group_welcome_template/del":  core.ClassWrite,
	}, got)
}
