package contactway

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

// Limits WeCom documents for 「联系我」 and 「加入群聊」, checked before a
// request is sent.
const (
	// MaxStateRunes bounds state, the channel parameter echoed in
	// add_external_contact events and in the relation's follow_user.state
	// (or the group member's state for a join way).
	MaxStateRunes = 30
	// MaxRemarkRunes bounds a way's remark.
	MaxRemarkRunes = 30
	// MaxUsers bounds the members of one 「联系我」 way (WeCom counts the
	// members of its departments too, which only it can check).
	MaxUsers = 100
	// MaxTempExpiry bounds expires_in and chat_expires_in of a temporary
	// session way (临时会话): 14 days.
	MaxTempExpiry = 14 * 24 * time.Hour
	// MaxChatIDs bounds chat_id_list of a 「加入群聊」 way.
	MaxChatIDs = 5
	// MaxRoomBaseNameRunes bounds room_base_name of a join way.
	MaxRoomBaseNameRunes = 40
	// MaxListLimit is list_contact_way's largest page (default 100).
	MaxListLimit = 1000
	// Quota is how many 「联系我」 and 「加入群聊」 ways together a corp may
	// make through the API (temporary ways do not count, but at most
	// 100,000 of them a day).
	Quota = 500000
	// ConclusionTextMaxBytes bounds the text of a temporary session's
	// conclusions (结束语).
	ConclusionTextMaxBytes = 4000
)

// DefaultListWindow is the window list_contact_way uses when start_time is
// not given: the 90 days before end_time (itself "now" by default).
const DefaultListWindow = 90 * 24 * time.Hour

// ListableSince is the earliest creation time list_contact_way reports:
// ways made before 2021-07-10 (China Standard Time) are never listed, even
// with an earlier start_time. Keep the config_id of such a way from its
// Create answer (or read it from the admin console) and use Get.
var ListableSince = time.Date(2021, 7, 10, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Field names, by its wire name, a field an update request can clear. An
// update overwrites: a field left out stays as it is, a field sent empty is
// cleared. A zero value in an update request therefore means "leave as
// is", and clearing is said explicitly, by listing the field in Clear:
//
//	// keep everything but the remark, which is removed
//	c.Update(ctx, &contactway.UpdateRequest{ConfigID: id, Clear: []contactway.Field{contactway.FieldRemark}})
type Field string

// Fields an update can clear. UpdateRequest takes remark, state, user,
// party, unionid and conclusions; UpdateJoinWayRequest takes remark, state,
// room_base_name and room_base_id.
const (
	FieldRemark       Field = "remark"
	FieldState        Field = "state"
	FieldUser         Field = "user"
	FieldParty        Field = "party"
	FieldUnionID      Field = "unionid"
	FieldConclusions  Field = "conclusions"
	FieldRoomBaseName Field = "room_base_name"
	FieldRoomBaseID   Field = "room_base_id"
)

// String returns the wire name.
func (f Field) String() string { return string(f) }

// checkClear checks an update's Clear list: each field one the call can
// clear, listed once, and not also given a value (set reports that).
func checkClear(clear []Field, allowed []Field, set func(Field) bool) error {
	for i, f := range clear {
		if !slices.Contains(allowed, f) {
			return &core.ArgError{Field: "clear", Reason: strconv.Quote(string(f)) + " is not a field this call can clear"}
		}
		if slices.Contains(clear[:i], f) {
			return &core.ArgError{Field: string(f), Reason: "is listed twice in Clear"}
		}
		if set(f) {
			return &core.ArgError{Field: string(f), Reason: "is both given a value and listed in Clear"}
		}
	}
	return nil
}

// seconds checks a duration field given in seconds.
func seconds(field string, v int, max time.Duration) error {
	if v < 0 || time.Duration(v)*time.Second > max {
		return &core.ArgError{Field: field, Reason: "is " + strconv.Itoa(v) + " s, must be 0 (WeCom's default) or at most " + strconv.Itoa(int(max/time.Second)) + " s"}
	}
	return nil
}

// Conclusions is a temporary session's closing message (结束语), sent to
// the customer when the session ends: an optional text and at most one of
// an image, a link and a mini program. WeCom accepts several and sends only
// the first of image, link and miniprogram; the SDK refuses more than one so
// that none is dropped silently.
//
// Get returns the image as pic_url (Image.PicURL); requests take a
// media_id.
type Conclusions struct {
	Text        *content.Text        `json:"text,omitempty"`
	Image       *content.Image       `json:"image,omitempty"`
	Link        *content.Link        `json:"link,omitempty"`
	MiniProgram *content.MiniProgram `json:"miniprogram,omitempty"`
}

// ConclusionLimits are the content rules of conclusions: text up to 4000
// bytes and one image (by media_id), link or mini program.
var ConclusionLimits = content.Limits{
	TextMaxBytes:   ConclusionTextMaxBytes,
	MaxAttachments: 1,
	Kinds:          []content.MsgType{content.MsgImage, content.MsgLink, content.MsgMiniProgram},
}

// Validate checks the conclusions against ConclusionLimits.
func (c *Conclusions) Validate() error {
	const f = "conclusions"
	var atts []content.Attachment
	if c.Image != nil {
		atts = append(atts, content.Attachment{MsgType: content.MsgImage, Image: c.Image})
	}
	if c.Link != nil {
		atts = append(atts, content.Attachment{MsgType: content.MsgLink, Link: c.Link})
	}
	if c.MiniProgram != nil {
		atts = append(atts, content.Attachment{MsgType: content.MsgMiniProgram, MiniProgram: c.MiniProgram})
	}
	switch {
	case c.Text == nil && len(atts) == 0:
		return &core.ArgError{Field: f, Reason: "needs a text or one of image, link, miniprogram (to remove them, use Clear)"}
	case len(atts) > 1:
		return &core.ArgError{Field: f, Reason: "takes one of image, link and miniprogram; WeCom would send only the first"}
	case c.Text != nil && c.Text.Content == "":
		return &core.ArgError{Field: f + ".text.content", Reason: "is required"}
	}
	if err := content.ValidateText(f+".text", c.Text, ConclusionLimits); err != nil {
		return err
	}
	err := content.ValidateAttachments(f, atts, ConclusionLimits)
	if ae, ok := err.(*core.ArgError); ok {
		// One part, named by its key, not as the list item it was checked as.
		ae.Field = f + strings.TrimPrefix(ae.Field, f+"[0]")
	}
	return err
}

// marshal encodes a wire body as the core's default codec does: without
// escaping <, > and & (so a URL's query reaches WeCom as written).
func marshal(v any) ([]byte, error) { return core.StdCodec{}.Marshal(v) }

// checkWayText checks the remark and state shared by both kinds of way.
func checkWayText(remark, state string) error {
	if err := core.MaxRunes("remark", remark, MaxRemarkRunes); err != nil {
		return err
	}
	return core.MaxRunes("state", state, MaxStateRunes)
}
