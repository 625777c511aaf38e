package contactway

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

var epUpdateContactWay = endpoints.Add(core.Write("externalcontact/update_contact_way"), core.Meta{
	Doc: "92228", Title: "更新企业已配置的「联系我」方式", EasyWeChat: "contact_way->update", WxJava: "updateContactWay",
	Note: "zero values are left out (kept by WeCom); clearing a field is explicit, in UpdateRequest.Clear"})

// UpdateRequest is the body of update_contact_way. WeCom overwrites: what
// is sent replaces the way's value, what is left out stays. So every zero
// value here means "leave as is" (an empty Remark does not wipe the
// remark, a nil Users does not drop the members) and clearing is said
// explicitly, in Clear:
//
//	// new members, remark kept, state removed
//	&contactway.UpdateRequest{ConfigID: id, Users: []string{"lisi"}, Clear: []contactway.Field{contactway.FieldState}}
//
// The type and scene of a way cannot change. Users and Parties replace the
// lists (Parties for Multi ways only; a Single way keeps exactly one user).
// The temporary session fields (ExpiresIn, ChatExpiresIn, UnionID,
// Conclusions) are for temporary ways only, and an expired temporary way
// cannot be updated at all: WeCom answers an errcode, as the SDK cannot
// know the way's kind without a Get.
type UpdateRequest struct {
	// ConfigID names the way. Required.
	ConfigID string
	// Remark replaces the remark (at most 30 characters); "" keeps it.
	Remark string
	// SkipVerify replaces skip_verify; nil keeps it.
	SkipVerify *bool
	// Style replaces the mini-program button style; 0 keeps it.
	Style int
	// State replaces the channel parameter (at most 30 characters); ""
	// keeps it. Customers who came before keep the state they came with.
	State string
	// Users replaces the members; empty keeps them.
	Users []string
	// Parties replaces the departments (Multi ways); empty keeps them.
	Parties []int
	// ExpiresIn replaces the temporary QR code's validity, in seconds (at
	// most MaxTempExpiry); 0 keeps it.
	ExpiresIn int
	// ChatExpiresIn replaces the temporary session's validity, in seconds
	// (at most MaxTempExpiry); 0 keeps it.
	ChatExpiresIn int
	// UnionID replaces the temporary session's WeChat user; "" keeps it.
	UnionID string
	// Conclusions replaces the temporary session's closing message; nil
	// keeps it.
	Conclusions *Conclusions
	// MarkSource replaces mark_source; nil keeps it.
	MarkSource *bool
	// Clear lists the fields to clear (send empty): FieldRemark,
	// FieldState, FieldUser, FieldParty, FieldUnionID, FieldConclusions. A
	// field listed here must not also be given a value.
	Clear []Field
}

// updateClearable are the fields update_contact_way can clear.
var updateClearable = []Field{FieldRemark, FieldState, FieldUser, FieldParty, FieldUnionID, FieldConclusions}

// Validate checks the request (see UpdateRequest).
func (r *UpdateRequest) Validate() error {
	if err := core.Required("config_id", r.ConfigID); err != nil {
		return err
	}
	if err := checkWayText(r.Remark, r.State); err != nil {
		return err
	}
	if err := checkIDs(r.Users, r.Parties); err != nil {
		return err
	}
	if r.Style < 0 {
		return &core.ArgError{Field: "style", Reason: "must not be negative"}
	}
	if err := checkTemp(r.ExpiresIn, r.ChatExpiresIn, r.Conclusions); err != nil {
		return err
	}
	err := checkClear(r.Clear, updateClearable, func(f Field) bool {
		switch f {
		case FieldRemark:
			return r.Remark != ""
		case FieldState:
			return r.State != ""
		case FieldUser:
			return len(r.Users) > 0
		case FieldParty:
			return len(r.Parties) > 0
		case FieldUnionID:
			return r.UnionID != ""
		}
		return r.Conclusions != nil
	})
	if err != nil {
		return err
	}
	if r.clears(FieldUser) && r.clears(FieldParty) {
		return &core.ArgError{Field: "user", Reason: "a way needs a user or a party: user and party cannot both be cleared"}
	}
	return nil
}

func (r *UpdateRequest) clears(f Field) bool {
	for _, c := range r.Clear {
		if c == f {
			return true
		}
	}
	return false
}

// MarshalJSON writes the wire body: the fields given, the fields in Clear
// as empty values, nothing else.
func (r UpdateRequest) MarshalJSON() ([]byte, error) {
	w := struct {
		ConfigID      string       `json:"config_id"`
		Remark        *string      `json:"remark,omitempty"`
		SkipVerify    *bool        `json:"skip_verify,omitempty"`
		Style         int          `json:"style,omitempty"`
		State         *string      `json:"state,omitempty"`
		Users         *[]string    `json:"user,omitempty"`
		Parties       *[]int       `json:"party,omitempty"`
		ExpiresIn     int          `json:"expires_in,omitempty"`
		ChatExpiresIn int          `json:"chat_expires_in,omitempty"`
		UnionID       *string      `json:"unionid,omitempty"`
		MarkSource    *bool        `json:"mark_source,omitempty"`
		Conclusions   *Conclusions `json:"conclusions,omitempty"`
	}{ConfigID: r.ConfigID, SkipVerify: r.SkipVerify, Style: r.Style, ExpiresIn: r.ExpiresIn,
		ChatExpiresIn: r.ChatExpiresIn, MarkSource: r.MarkSource, Conclusions: r.Conclusions}
	w.Remark = optString(r.Remark, r.clears(FieldRemark))
	w.State = optString(r.State, r.clears(FieldState))
	w.UnionID = optString(r.UnionID, r.clears(FieldUnionID))
	if len(r.Users) > 0 || r.clears(FieldUser) {
		u := append([]string{}, r.Users...)
		w.Users = &u
	}
	if len(r.Parties) > 0 || r.clears(FieldParty) {
		p := append([]int{}, r.Parties...)
		w.Parties = &p
	}
	if r.clears(FieldConclusions) {
		w.Conclusions = &Conclusions{}
	}
	return marshal(w)
}

// optString is the wire value of an optional string: nil (left out) when
// empty and not cleared.
func optString(v string, clear bool) *string {
	if v == "" && !clear {
		return nil
	}
	return &v
}

// Update changes a 「联系我」 way (更新企业已配置的「联系我」方式): it
// overwrites what the request gives and clears what it lists in Clear;
// everything else stays (see UpdateRequest).
//
// WeCom API: POST /cgi-bin/externalcontact/update_contact_way, https://developer.work.weixin.qq.com/document/path/92228
// EasyWeChat: contact_way->update. WxJava: updateContactWay.
func (c *Client) Update(ctx context.Context, req *UpdateRequest) error {
	return core.Exec(ctx, c.core, epUpdateContactWay, req)
}
