package groupwelcome

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var (
	epAdd = endpoints.Add(core.Write("externalcontact/group_welcome_template/add"), core.Meta{
		Doc: "92366", Title: "添加入群欢迎语素材", EasyWeChat: "group_welcome_template->add", WxJava: "addGroupWelcomeTemplate",
		Note: "One part besides the text (WeCom would silently keep the first); notify is AddRequest.SkipNotify (WeCom notifies by default)."})
	epEdit = endpoints.Add(core.Write("externalcontact/group_welcome_template/edit"), core.Meta{
		Doc: "92366", Title: "编辑入群欢迎语素材", EasyWeChat: "group_welcome_template->edit", WxJava: "editGroupWelcomeTemplate"})
	epGet = endpoints.Add(core.ReadPost("externalcontact/group_welcome_template/get"), core.Meta{
		Doc: "92366", Title: "获取入群欢迎语素材", EasyWeChat: "group_welcome_template->get", WxJava: "getGroupWelcomeTemplate"})
	epDel = endpoints.Add(core.Write("externalcontact/group_welcome_template/del"), core.Meta{
		Doc: "92366", Title: "删除入群欢迎语素材", EasyWeChat: "group_welcome_template->del", WxJava: "delGroupWelcomeTemplate"})
)

// MaxTemplates is how many group welcome templates a corp can hold.
const MaxTemplates = 100

// limits are the content rules of a template: one part of any kind, an
// image by media_id or pic_url.
var limits = content.Limits{
	MaxAttachments: 1,
	Kinds:          []content.MsgType{content.MsgImage, content.MsgLink, content.MsgMiniProgram, content.MsgFile, content.MsgVideo},
	ImageURL:       true,
}

// Template is a group welcome template's content: a text and at most one
// other part. WxJava calls it WxCpGroupWelcomeTemplateResult.
type Template struct {
	Text        *content.Text        `json:"text,omitempty"`
	Image       *content.Image       `json:"image,omitempty"`
	Link        *content.Link        `json:"link,omitempty"`
	MiniProgram *content.MiniProgram `json:"miniprogram,omitempty"`
	File        *content.File        `json:"file,omitempty"`
	Video       *content.Video       `json:"video,omitempty"`
}

// parts returns the set parts as attachments, with their wire names.
func (t *Template) parts() (atts []content.Attachment, names []string) {
	if t.Image != nil {
		atts, names = append(atts, content.Attachment{MsgType: content.MsgImage, Image: t.Image}), append(names, "image")
	}
	if t.Link != nil {
		atts, names = append(atts, content.Attachment{MsgType: content.MsgLink, Link: t.Link}), append(names, "link")
	}
	if t.MiniProgram != nil {
		atts, names = append(atts, content.Attachment{MsgType: content.MsgMiniProgram, MiniProgram: t.MiniProgram}), append(names, "miniprogram")
	}
	if t.File != nil {
		atts, names = append(atts, content.Attachment{MsgType: content.MsgFile, File: t.File}), append(names, "file")
	}
	if t.Video != nil {
		atts, names = append(atts, content.Attachment{MsgType: content.MsgVideo, Video: t.Video}), append(names, "video")
	}
	return atts, names
}

// validate checks the content; empty is allowed only for an edit, which
// may change nothing but the agentid.
func (t *Template) validate(allowEmpty bool) error {
	atts, names := t.parts()
	if len(atts) > 1 {
		return &core.ArgError{Field: names[1], Reason: "is set beside " + names[0] + ": a template takes one of image, link, miniprogram, file and video"}
	}
	if !allowEmpty && len(atts) == 0 && (t.Text == nil || t.Text.Content == "") {
		return &core.ArgError{Field: "text", Reason: "and the other parts are all empty"}
	}
	if err := content.ValidateAttachments("part", atts, limits); err != nil {
		var ae *core.ArgError
		if errors.As(err, &ae) {
			// "part[0].link.title" is "link.title" on this wire.
			ae.Field = strings.TrimPrefix(ae.Field, "part[0].")
		}
		return err
	}
	return nil
}

// AddRequest is group_welcome_template/add's request.
type AddRequest struct {
	Template
	// AgentID is needed only by old third-party suites with several apps.
	AgentID int64
	// SkipNotify stops WeCom from telling the members that the template
	// can be used in their groups (WeCom tells them by default).
	SkipNotify bool
}

// Validate checks the request before it is sent.
func (r *AddRequest) Validate() error { return r.Template.validate(false) }

// MarshalJSON writes the template's parts, agentid and, with SkipNotify,
// notify 0.
func (r AddRequest) MarshalJSON() ([]byte, error) {
	type wire struct {
		Template
		AgentID int64 `json:"agentid,omitempty"`
		Notify  *int  `json:"notify,omitempty"`
	}
	w := wire{Template: r.Template, AgentID: r.AgentID}
	if r.SkipNotify {
		w.Notify = new(int)
	}
	return json.Marshal(w)
}

// AddResponse is group_welcome_template/add's answer.
type AddResponse struct {
	TemplateID string `json:"template_id"`
}

// Add adds a template to the corp's library (添加入群欢迎语素材; at most
// MaxTemplates). It is never re-sent once it may have reached WeCom: after
// core.ErrUnknownOutcome, look before adding again.
//
// WeCom API: POST /cgi-bin/externalcontact/group_welcome_template/add, https://developer.work.weixin.qq.com/document/path/92366
// EasyWeChat: group_welcome_template->add (external_contact_message_template->create). WxJava: addGroupWelcomeTemplate.
func (c *Client) Add(ctx context.Context, req *AddRequest) (*AddResponse, error) {
	return core.Send[AddResponse](ctx, c.core, epAdd, req)
}

// EditRequest is group_welcome_template/edit's request.
type EditRequest struct {
	// TemplateID is the template to change.
	TemplateID string `json:"template_id"`
	Template
	// AgentID is needed only by old third-party suites with several apps.
	AgentID int64 `json:"agentid,omitempty"`
}

// Validate checks the request before it is sent.
func (r *EditRequest) Validate() error {
	if err := core.Required("template_id", r.TemplateID); err != nil {
		return err
	}
	return r.Template.validate(true)
}

// Edit changes a template the calling app created (编辑入群欢迎语素材):
// the parts it sends replace the template's.
//
// WeCom API: POST /cgi-bin/externalcontact/group_welcome_template/edit, https://developer.work.weixin.qq.com/document/path/92366
// EasyWeChat: group_welcome_template->edit (external_contact_message_template->update). WxJava: editGroupWelcomeTemplate.
func (c *Client) Edit(ctx context.Context, req *EditRequest) error {
	return core.Exec(ctx, c.core, epEdit, req)
}

type templateIDRequest struct {
	TemplateID string `json:"template_id"`
	AgentID    int64  `json:"agentid,omitempty"`
}

func (r *templateIDRequest) Validate() error { return core.Required("template_id", r.TemplateID) }

// Get returns a template's content (获取入群欢迎语素材).
//
// WeCom API: POST /cgi-bin/externalcontact/group_welcome_template/get, https://developer.work.weixin.qq.com/document/path/92366
// EasyWeChat: group_welcome_template->get (external_contact_message_template->get). WxJava: getGroupWelcomeTemplate.
func (c *Client) Get(ctx context.Context, templateID string) (*Template, error) {
	return core.Send[Template](ctx, c.core, epGet, &templateIDRequest{TemplateID: templateID})
}

// Del deletes a template the calling app created (删除入群欢迎语素材);
// agentID is 0 except for old third-party suites with several apps.
//
// WeCom API: POST /cgi-bin/externalcontact/group_welcome_template/del, https://developer.work.weixin.qq.com/document/path/92366
// EasyWeChat: group_welcome_template->del (external_contact_message_template->delete). WxJava: delGroupWelcomeTemplate.
func (c *Client) Del(ctx context.Context, templateID string, agentID int64) error {
	return core.Exec(ctx, c.core, epDel, &templateIDRequest{TemplateID: templateID, AgentID: agentID})
}
