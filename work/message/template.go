package message

import (
	"context"
	"strconv"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var epAddMsgTemplate = endpoints.Add(core.SendOnce("externalcontact/add_msg_template"), core.Meta{
	Doc: "92135", Title: "创建企业群发", EasyWeChat: "external_contact_message->submit", WxJava: "addMsgTemplate",
	Note: "Never re-sent once it may have reached WeCom, not even on errcode -1; after core.ErrUnknownOutcome call FindSubmitted. Takes attachments only: EasyWeChat's top-level image/link/miniprogram map through LegacyAttachments. tag_filter (current docs) is supported."})

// Limits of a mass message (add_msg_template).
const (
	// MaxCustomers bounds MsgTemplate.ExternalUserID.
	MaxCustomers = 10000
	// MaxGroupChats bounds MsgTemplate.ChatIDList.
	MaxGroupChats = 2000
	// MaxTextBytes bounds the text of mass and welcome messages.
	MaxTextBytes = 4000
	// MaxAttachments bounds the attachments of mass and welcome messages.
	MaxAttachments = 9
)

// limits are the content rules of mass messages and welcome messages: text
// of at most 4000 bytes and up to 9 attachments of every kind, images by
// media_id or pic_url.
var limits = content.Limits{
	TextMaxBytes:   MaxTextBytes,
	MaxAttachments: MaxAttachments,
	Kinds:          []content.MsgType{content.MsgImage, content.MsgLink, content.MsgMiniProgram, content.MsgVideo, content.MsgFile},
	ImageURL:       true,
}

// ChatType says whom a mass message goes to.
type ChatType string

// Chat types.
const (
	// ChatSingle sends to customers (the default of add_msg_template).
	ChatSingle ChatType = "single"
	// ChatGroup sends to customer groups (客户群).
	ChatGroup ChatType = "group"
)

// String returns the wire name.
func (t ChatType) String() string { return string(t) }

func (t ChatType) valid() bool { return t == ChatSingle || t == ChatGroup }

// TagFilter selects customers by tag: a customer gets the message when,
// in every group, they carry at least one of the group's tags (OR within a
// group, AND across groups). Corp tags and strategy tags both work.
type TagFilter struct {
	GroupList []TagGroup `json:"group_list"`
}

// TagGroup is one group of a TagFilter.
type TagGroup struct {
	TagList []string `json:"tag_list"`
}

// MsgTemplate is a mass message (企业群发): add_msg_template's request.
// WxJava calls it WxCpMsgTemplate.
type MsgTemplate struct {
	// ChatType is ChatSingle (customers; "" means the same) or ChatGroup.
	ChatType ChatType `json:"chat_type,omitempty"`
	// ExternalUserID are the customers (ChatSingle only, at most 10,000).
	// May be empty when Sender is set: the sender's customers then get it.
	ExternalUserID []string `json:"external_userid,omitempty"`
	// ChatIDList are the customer groups (ChatGroup only, at most 2000);
	// the owners then need not pick them.
	ChatIDList []string `json:"chat_id_list,omitempty"`
	// TagFilter narrows the customers by tag.
	TagFilter *TagFilter `json:"tag_filter,omitempty"`
	// Sender is the member who sends it; required for ChatGroup.
	Sender string `json:"sender,omitempty"`
	// AllowSelect lets the member pick among the customers before sending.
	AllowSelect bool `json:"allow_select,omitempty"`
	// Text is the text part.
	Text *content.Text `json:"text,omitempty"`
	// Attachments are up to 9 images, links, mini programs, videos or
	// files.
	Attachments []content.Attachment `json:"attachments,omitempty"`
}

// Validate checks the template against add_msg_template's rules.
func (m *MsgTemplate) Validate() error {
	bad := func(field, reason string) error { return &core.ArgError{Field: field, Reason: reason} }
	switch m.ChatType {
	case "", ChatSingle:
		if len(m.ChatIDList) > 0 {
			return bad("chat_id_list", "is only taken with chat_type group")
		}
		if len(m.ExternalUserID) == 0 && m.Sender == "" {
			return bad("external_userid", "and sender are both empty: name the customers, or the member whose customers get it")
		}
		if err := core.OptionalIDList("external_userid", m.ExternalUserID, MaxCustomers); err != nil {
			return err
		}
	case ChatGroup:
		if m.Sender == "" {
			return bad("sender", "is required with chat_type group")
		}
		if len(m.ExternalUserID) > 0 {
			return bad("external_userid", "is only taken with chat_type single")
		}
		if err := core.OptionalIDList("chat_id_list", m.ChatIDList, MaxGroupChats); err != nil {
			return err
		}
	default:
		return bad("chat_type", strconv.Quote(string(m.ChatType))+" is not single or group")
	}
	if err := m.TagFilter.validate(); err != nil {
		return err
	}
	return validateContent(m.Text, m.Attachments)
}

func (f *TagFilter) validate() error {
	if f == nil {
		return nil
	}
	if len(f.GroupList) == 0 {
		return &core.ArgError{Field: "tag_filter.group_list", Reason: "is empty (leave tag_filter out to filter nothing)"}
	}
	for i, g := range f.GroupList {
		if err := core.IDList("tag_filter.group_list["+strconv.Itoa(i)+"].tag_list", g.TagList, 0); err != nil {
			return err
		}
	}
	return nil
}

// validateContent applies the content rules of mass and welcome messages.
func validateContent(text *content.Text, atts []content.Attachment) error {
	if (text == nil || text.Content == "") && len(atts) == 0 {
		return &core.ArgError{Field: "text", Reason: "and attachments are both empty"}
	}
	if err := content.ValidateText("text", text, limits); err != nil {
		return err
	}
	return content.ValidateAttachments("attachments", atts, limits)
}

// SubmitResult is add_msg_template's answer.
type SubmitResult struct {
	// FailList are the customers who will not get it (not a customer of
	// the sender, or over their receive limit).
	FailList []string `json:"fail_list,omitempty"`
	// MsgID names the mass message in the calls that follow.
	MsgID string `json:"msgid"`
}

// Submit creates a mass message (创建企业群发): a task per sender, who confirms
// it in WeCom before the customers get it. It is never re-sent once it may
// have reached WeCom: after core.ErrUnknownOutcome, call FindSubmitted.
//
// WeCom API: POST /cgi-bin/externalcontact/add_msg_template, https://developer.work.weixin.qq.com/document/path/92135
// EasyWeChat: external_contact_message->submit. WxJava: addMsgTemplate.
func (c *Client) Submit(ctx context.Context, tmpl *MsgTemplate) (*SubmitResult, error) {
	return core.Send[SubmitResult](ctx, c.core, epAddMsgTemplate, tmpl)
}

// LegacyAttachments maps the pre-attachments form of a message, which
// EasyWeChat's submit and sendWelcome still take (top-level image, link
// and miniprogram beside text), to attachments, in that order; nil parts
// are left out.
//
// The old form sent one of the three (image before link before mini
// program); WeCom sends every attachment. Pass only the one you mean to
// keep the old behaviour.
//
//	// EasyWeChat: ['text' => ['content' => $t], 'image' => ['media_id' => $id]]
//	tmpl := &message.MsgTemplate{Sender: "zhangsan", Text: &content.Text{Content: t},
//		Attachments: message.LegacyAttachments(&content.Image{MediaID: id}, nil, nil)}
func LegacyAttachments(image *content.Image, link *content.Link, mini *content.MiniProgram) []content.Attachment {
	var out []content.Attachment
	if image != nil {
		im := *image
		out = append(out, content.Attachment{MsgType: content.MsgImage, Image: &im})
	}
	if link != nil {
		out = append(out, content.NewLink(*link))
	}
	if mini != nil {
		out = append(out, content.NewMiniProgram(*mini))
	}
	return out
}
