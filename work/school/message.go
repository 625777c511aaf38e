package school

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

var epSendMessage = endpoints.Add(core.SendOnce("externalcontact/message/send"), core.Meta{
	Doc: "91609", Title: "发送「学校通知」", WxJava: "WxCpMessageService.sendSchoolContactMessage",
	Note: "EasyWeChat has none; named SendMessage (school.Client.SendMessage); never re-sent, not even after errcode -1; " +
		"toall and the enable_* flags are bools sent as 0/1; the invalid_* lists are per-recipient results (SendResponse.Invalid), not an error"})

// RecvScope says who in a family receives a notice (recv_scope).
type RecvScope int

// Receiver scopes.
const (
	// ToParents sends to parents (WeCom's default): the parents listed,
	// the parents of the students listed, of the classes listed, of the
	// school with ToAll.
	ToParents RecvScope = 0
	// ToStudents sends to the students listed, of the classes listed, of
	// the school with ToAll. ToParentUserIDs is ignored by WeCom, so the
	// SDK refuses it.
	ToStudents RecvScope = 1
	// ToParentsAndStudents sends to both.
	ToParentsAndStudents RecvScope = 2
)

// String names the scope.
func (s RecvScope) String() string {
	switch s {
	case ToParents:
		return "parents"
	case ToStudents:
		return "students"
	case ToParentsAndStudents:
		return "parents and students"
	}
	return "RecvScope(" + strconv.Itoa(int(s)) + ")"
}

// Recipient limits of a notice.
const (
	MaxParents  = 1000
	MaxStudents = 1000
	MaxParties  = 100
	// MaxDuplicateCheckInterval bounds DuplicateCheckInterval: 4 hours.
	MaxDuplicateCheckInterval = 4 * time.Hour
	// DefaultDuplicateCheckInterval is WeCom's: 30 minutes.
	DefaultDuplicateCheckInterval = 30 * time.Minute
)

// MessageRequest is a school notice (学校通知) to parents and students of
// the 家校通讯录.
type MessageRequest struct {
	// AgentID is the sending app's agentid (required).
	AgentID int64
	// RecvScope says who in a family receives it; ToParents by default.
	RecvScope RecvScope
	// ToParentUserIDs are parents of the 家校通讯录 (to_parent_userid, at
	// most 1000); not taken with ToStudents.
	ToParentUserIDs []string
	// ToStudentUserIDs are students (to_student_userid, at most 1000):
	// with ToParents their parents receive it.
	ToStudentUserIDs []string
	// ToParties are classes or grades (to_party, at most 100).
	ToParties []string
	// ToAll sends to the whole school (toall 1). At least one recipient
	// field or ToAll is needed.
	ToAll bool
	// Message is what the notice says (msgtype and its part).
	Message Message
	// EnableIDTrans turns on id translation (enable_id_trans).
	EnableIDTrans bool
	// EnableDuplicateCheck makes WeCom drop the same notice sent again
	// within DuplicateCheckInterval (enable_duplicate_check).
	EnableDuplicateCheck bool
	// DuplicateCheckInterval is the duplicate check's window in whole
	// seconds, at most 4 hours; 0 leaves WeCom's 30 minutes. Only with
	// EnableDuplicateCheck.
	DuplicateCheckInterval time.Duration
}

// Validate checks the notice before it is sent.
func (r *MessageRequest) Validate() error {
	if r.AgentID <= 0 {
		return &core.ArgError{Field: "agentid", Reason: "is required: the sending app's agentid"}
	}
	if r.RecvScope < ToParents || r.RecvScope > ToParentsAndStudents {
		return &core.ArgError{Field: "recv_scope", Reason: "is " + strconv.Itoa(int(r.RecvScope)) + ", must be 0, 1 or 2"}
	}
	if r.RecvScope == ToStudents && len(r.ToParentUserIDs) > 0 {
		return &core.ArgError{Field: "to_parent_userid", Reason: "is ignored by WeCom with recv_scope 1 (students): use recv_scope 2 or leave it out"}
	}
	if err := core.OptionalIDList("to_parent_userid", r.ToParentUserIDs, MaxParents); err != nil {
		return err
	}
	if err := core.OptionalIDList("to_student_userid", r.ToStudentUserIDs, MaxStudents); err != nil {
		return err
	}
	if err := core.OptionalIDList("to_party", r.ToParties, MaxParties); err != nil {
		return err
	}
	if !r.ToAll && len(r.ToParentUserIDs)+len(r.ToStudentUserIDs)+len(r.ToParties) == 0 {
		return &core.ArgError{Field: "to_student_userid", Reason: "is empty, and so are to_parent_userid and to_party, and toall is 0: a notice needs recipients"}
	}
	if err := r.Message.validate(); err != nil {
		return err
	}
	d := r.DuplicateCheckInterval
	switch {
	case d == 0:
	case !r.EnableDuplicateCheck:
		return &core.ArgError{Field: "duplicate_check_interval", Reason: "is set but enable_duplicate_check is not"}
	case d < time.Second || d%time.Second != 0:
		return &core.ArgError{Field: "duplicate_check_interval", Reason: "is " + d.String() + ", must be whole seconds"}
	case d > MaxDuplicateCheckInterval:
		return &core.ArgError{Field: "duplicate_check_interval", Reason: "is " + d.String() + ", at most 4h0m0s allowed"}
	}
	return nil
}

// sendBody is message/send's request on the wire.
type sendBody struct {
	RecvScope              RecvScope     `json:"recv_scope,omitempty"`
	ToParentUserID         []string      `json:"to_parent_userid,omitempty"`
	ToStudentUserID        []string      `json:"to_student_userid,omitempty"`
	ToParty                []string      `json:"to_party,omitempty"`
	ToAll                  int           `json:"toall,omitempty"`
	MsgType                MsgType       `json:"msgtype"`
	AgentID                int64         `json:"agentid"`
	Text                   *content.Text `json:"text,omitempty"`
	Image                  *Media        `json:"image,omitempty"`
	Voice                  *Media        `json:"voice,omitempty"`
	Video                  *Video        `json:"video,omitempty"`
	File                   *Media        `json:"file,omitempty"`
	News                   *News         `json:"news,omitempty"`
	MPNews                 *MPNews       `json:"mpnews,omitempty"`
	MiniProgram            *MiniProgram  `json:"miniprogram,omitempty"`
	EnableIDTrans          int           `json:"enable_id_trans,omitempty"`
	EnableDuplicateCheck   int           `json:"enable_duplicate_check,omitempty"`
	DuplicateCheckInterval int64         `json:"duplicate_check_interval,omitempty"`
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r *MessageRequest) body() *sendBody {
	m := r.Message
	return &sendBody{
		RecvScope: r.RecvScope, ToParentUserID: r.ToParentUserIDs, ToStudentUserID: r.ToStudentUserIDs, ToParty: r.ToParties,
		ToAll: flag(r.ToAll), MsgType: m.MsgType, AgentID: r.AgentID,
		Text: m.Text, Image: m.Image, Voice: m.Voice, Video: m.Video, File: m.File, News: m.News, MPNews: m.MPNews, MiniProgram: m.MiniProgram,
		EnableIDTrans: flag(r.EnableIDTrans), EnableDuplicateCheck: flag(r.EnableDuplicateCheck),
		DuplicateCheckInterval: int64(r.DuplicateCheckInterval / time.Second),
	}
}

// IDs is a list of ids that WeCom may write as strings or as numbers (the
// class ids of invalid_party); both decode to strings.
type IDs []string

// UnmarshalJSON decodes an array of strings or numbers.
func (ids *IDs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(IDs, 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		var s string
		if len(r) > 0 && r[0] == '"' {
			if err := json.Unmarshal(r, &s); err != nil {
				return err
			}
		} else {
			var n json.Number
			if err := json.Unmarshal(r, &n); err != nil {
				return err
			}
			s = n.String()
		}
		out = append(out, s)
	}
	*ids = out
	return nil
}

// RecipientKind is the kind of an invalid recipient.
type RecipientKind string

// Recipient kinds, named after their request field.
const (
	Parent  RecipientKind = "to_parent_userid"
	Student RecipientKind = "to_student_userid"
	Party   RecipientKind = "to_party"
)

// InvalidRecipient is one recipient WeCom did not send to: unknown, or
// outside the app's range.
type InvalidRecipient struct {
	Kind RecipientKind
	ID   string
}

// SendResponse is message/send's answer: the notice went to every valid
// recipient; the lists name the others, one result per recipient.
type SendResponse struct {
	// InvalidParentUserIDs are parents not sent to (invalid_parent_userid).
	InvalidParentUserIDs []string `json:"invalid_parent_userid"`
	// InvalidStudentUserIDs are students not sent to
	// (invalid_student_userid).
	InvalidStudentUserIDs []string `json:"invalid_student_userid"`
	// InvalidParties are classes not sent to (invalid_party).
	InvalidParties IDs `json:"invalid_party"`
}

// Invalid returns every recipient WeCom did not send to, parents first,
// then students, then classes; none when all were valid.
func (r *SendResponse) Invalid() []InvalidRecipient {
	var out []InvalidRecipient
	for _, l := range []struct {
		k   RecipientKind
		ids []string
	}{{Parent, r.InvalidParentUserIDs}, {Student, r.InvalidStudentUserIDs}, {Party, r.InvalidParties}} {
		for _, id := range l.ids {
			out = append(out, InvalidRecipient{Kind: l.k, ID: id})
		}
	}
	return out
}

// Err returns nil when every recipient was valid, or an
// *InvalidRecipientsError naming the others. The notice was sent to the
// valid ones either way: do not send it again.
func (r *SendResponse) Err() error {
	if inv := r.Invalid(); len(inv) > 0 {
		return &InvalidRecipientsError{Recipients: inv}
	}
	return nil
}

// InvalidRecipientsError lists the recipients of a sent notice that WeCom
// found invalid.
type InvalidRecipientsError struct {
	Recipients []InvalidRecipient
}

// Error implements error.
func (e *InvalidRecipientsError) Error() string {
	parts := make([]string, len(e.Recipients))
	for i, r := range e.Recipients {
		parts[i] = string(r.Kind) + " " + strconv.Quote(r.ID)
	}
	return "wecom: externalcontact/message/send: " + strconv.Itoa(len(e.Recipients)) + " invalid recipient(s): " + strings.Join(parts, ", ")
}

// SendMessage sends a school notice (发送「学校通知」) to subscribed parents and
// students; the answer lists the recipients WeCom found invalid (the others
// got it). Never re-sent, not even after errcode -1 (see the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/message/send (发送「学校通知」), https://developer.work.weixin.qq.com/document/path/91609.
// EasyWeChat: none. WxJava: WxCpMessageService.sendSchoolContactMessage.
func (c *Client) SendMessage(ctx context.Context, req *MessageRequest) (*SendResponse, error) {
	if err := core.Check(epSendMessage, req); err != nil {
		return nil, err
	}
	return core.Send[SendResponse](ctx, c.core, epSendMessage, req.body())
}
