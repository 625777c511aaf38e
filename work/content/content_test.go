package content_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var msgLimits = content.Limits{TextMaxBytes: 4000, MaxAttachments: 9, ImageURL: true,
	Kinds: []content.MsgType{content.MsgImage, content.MsgLink, content.MsgMiniProgram, content.MsgVideo, content.MsgFile}}

func TestAttachmentWire(t *testing.T) {
	atts := []content.Attachment{
		content.NewImage("MEDIA_ID"),
		content.NewImageURL("https://p.example/a.png"),
		content.NewLink(content.Link{Title: "消息标题", PicURL: "https://p.example/b.png", Desc: "描述", URL: "https://example.com"}),
		content.NewMiniProgram(content.MiniProgram{Title: "小程序", PicMediaID: "PIC", AppID: "wx8bd80126147dfAAA", Page: "/path/index.html"}),
		content.NewVideo("VIDEO"),
		content.NewFile("FILE"),
	}
	b, err := json.Marshal(atts)
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"msgtype":"image","image":{"media_id":"MEDIA_ID"}},
		{"msgtype":"image","image":{"pic_url":"https://p.example/a.png"}},
		{"msgtype":"link","link":{"title":"消息标题","picurl":"https://p.example/b.png","desc":"描述","url":"https://example.com"}},
		{"msgtype":"miniprogram","miniprogram":{"title":"小程序","pic_media_id":"PIC","appid":"wx8bd80126147dfAAA","page":"/path/index.html"}},
		{"msgtype":"video","video":{"media_id":"VIDEO"}},
		{"msgtype":"file","file":{"media_id":"FILE"}}]`, string(b))
	assert.NoError(t, content.ValidateAttachments("attachments", atts, msgLimits))
}

func TestValidate(t *testing.T) {
	link := content.Link{Title: "t", URL: "https://example.com"}
	tests := []struct {
		name  string
		atts  []content.Attachment
		l     content.Limits
		field string
	}{
		{"too many", make([]content.Attachment, 10), msgLimits, "attachments"},
		{"none taken", []content.Attachment{content.NewImage("m")}, content.Limits{}, "attachments"},
		{"kind", []content.Attachment{content.NewFile("f")}, content.Limits{MaxAttachments: 9, Kinds: []content.MsgType{content.MsgImage}}, "attachments[0].msgtype"},
		{"no part", []content.Attachment{{MsgType: content.MsgImage}}, msgLimits, "attachments[0]"},
		{"two parts", []content.Attachment{{MsgType: content.MsgImage, Image: &content.Image{MediaID: "m"}, File: &content.File{MediaID: "f"}}}, msgLimits, "attachments[0]"},
		{"image id", []content.Attachment{content.NewImage("")}, msgLimits, "attachments[0].image.media_id"},
		{"image url not taken", []content.Attachment{content.NewImageURL("u")}, content.Limits{MaxAttachments: 1, Kinds: []content.MsgType{content.MsgImage}}, "attachments[0].image.media_id"},
		{"image both", []content.Attachment{{MsgType: content.MsgImage, Image: &content.Image{MediaID: "m", PicURL: "u"}}}, msgLimits, "attachments[0].image"},
		{"link title", []content.Attachment{content.NewLink(content.Link{URL: "u"})}, msgLimits, "attachments[0].link.title"},
		{"link url", []content.Attachment{content.NewLink(content.Link{Title: "t"})}, msgLimits, "attachments[0].link.url"},
		{"link title bytes", []content.Attachment{content.NewLink(content.Link{Title: strings.Repeat("标", 43), URL: "u"})}, msgLimits, "attachments[1-1].link.title"},
		{"link desc bytes", []content.Attachment{content.NewLink(content.Link{Title: "t", URL: "u", Desc: strings.Repeat("d", 513)})}, msgLimits, "attachments[0].link.desc"},
		{"link cover", []content.Attachment{content.NewLink(link)}, content.Limits{MaxAttachments: 1, Kinds: []content.MsgType{content.MsgLink}, LinkCover: true}, "attachments[0].link.media_id"},
		{"mini appid", []content.Attachment{content.NewMiniProgram(content.MiniProgram{Title: "t", PicMediaID: "p", Page: "/"})}, msgLimits, "attachments[0].miniprogram.appid"},
		{"mini title", []content.Attachment{content.NewMiniProgram(content.MiniProgram{Title: strings.Repeat("x", 65), PicMediaID: "p", AppID: "a", Page: "/"})}, msgLimits, "attachments[0].miniprogram.title"},
		{"video", []content.Attachment{content.NewVideo("")}, msgLimits, "attachments[0].video.media_id"},
		{"file", []content.Attachment{content.NewFile("")}, msgLimits, "attachments[0].file.media_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := content.ValidateAttachments("attachments", tt.atts, tt.l)
			var ae *core.ArgError
			require.ErrorAs(t, err, &ae)
			want := strings.ReplaceAll(tt.field, "[1-1]", "[0]")
			assert.Equal(t, want, ae.Field, err.Error())
		})
	}
}

func TestValidateText(t *testing.T) {
	assert.NoError(t, content.ValidateText("text", nil, msgLimits))
	assert.NoError(t, content.ValidateText("text", &content.Text{Content: strings.Repeat("字", 1333)}, msgLimits))
	err := content.ValidateText("text", &content.Text{Content: strings.Repeat("字", 1334)}, msgLimits)
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "text.content", ae.Field)
	assert.Contains(t, ae.Reason, "4002 bytes")

	runes := content.Limits{TextMaxRunes: 2000}
	assert.NoError(t, content.ValidateText("text", &content.Text{Content: strings.Repeat("字", 2000)}, runes))
	assert.Error(t, content.ValidateText("text", &content.Text{Content: strings.Repeat("字", 2001)}, runes))
}
