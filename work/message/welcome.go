package message

import (
	"context"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var epSendWelcomeMsg = endpoints.Add(core.SendOnce("externalcontact/send_welcome_msg"), core.Meta{
	Doc: "92137", Title: "发送新客户欢迎语", EasyWeChat: "external_contact_message->sendWelcome", WxJava: "sendWelcomeMsg",
	Note: "Never re-sent automatically; sending again with the same code is safe (41051, ErrWelcomeCodeUsed, if the first went out). Takes attachments only (LegacyAttachments for EasyWeChat's top-level form)."})

// WelcomeCodeTTL is how long after the add_external_contact event its
// WelcomeCode can be used.
const WelcomeCodeTTL = 20 * time.Second

// ErrWelcomeCodeUsed matches (errors.Is) errcode 41051 from SendWelcome:
// the code has been used. Either another app that received the same event
// was first (only the first caller's message goes out), or an earlier call
// of yours with this code went out although its answer was lost. It is
// not worth retrying.
var ErrWelcomeCodeUsed = &core.APIError{Code: 41051, Message: "welcome code already used"}

// WelcomeMsg is a welcome message (新客户欢迎语): send_welcome_msg's
// request. WxJava calls it WxCpWelcomeMsg.
type WelcomeMsg struct {
	// WelcomeCode is the event's WelcomeCode (callback: the
	// add_external_contact event). There is none when the admin set a
	// welcome message for the member in the console.
	WelcomeCode string `json:"welcome_code"`
	// Text is the text part.
	Text *content.Text `json:"text,omitempty"`
	// Attachments are up to 9 images, links, mini programs, videos or
	// files.
	Attachments []content.Attachment `json:"attachments,omitempty"`
}

// Validate checks the message against send_welcome_msg's rules.
func (m *WelcomeMsg) Validate() error {
	if err := core.Required("welcome_code", m.WelcomeCode); err != nil {
		return err
	}
	return validateContent(m.Text, m.Attachments)
}

// SendWelcome sends a new customer the welcome message of the event's
// WelcomeCode (发送新客户欢迎语), once, within WelcomeCodeTTL (20 s) of the
// event: answer the callback first and send from a goroutine.
//
// WeCom API: POST /cgi-bin/externalcontact/send_welcome_msg, https://developer.work.weixin.qq.com/document/path/92137
// EasyWeChat: external_contact_message->sendWelcome. WxJava: sendWelcomeMsg.
func (c *Client) SendWelcome(ctx context.Context, msg *WelcomeMsg) error {
	return core.Exec(ctx, c.core, epSendWelcomeMsg, msg)
}
