package externalcontact

import (
	"context"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

var epRemark = endpoints.Add(core.Write("externalcontact/remark"), core.Meta{
	Doc: "92115", Title: "修改客户备注信息", EasyWeChat: "remark", WxJava: "updateRemark",
	Note: "ClearRemarkMobiles deletes every number (sent as remark_mobiles [\"\"]); empty fields are left out"})

// RemarkRequest changes what a member noted about a customer (their remark).
// UserID and ExternalUserID are required; of the other fields at least one
// must be set. Empty fields are left out of the request. Texts longer than
// WeCom allows are refused, not cut.
type RemarkRequest struct {
	// UserID is the member whose note about the customer changes.
	UserID string `json:"userid"`
	// ExternalUserID is the customer.
	ExternalUserID string `json:"external_userid"`
	// Remark is the member's remark (name) for the customer, at most 20
	// characters.
	Remark string `json:"remark,omitempty"`
	// Description is a free-text description, at most 150 characters.
	Description string `json:"description,omitempty"`
	// RemarkCompany is the customer's company as noted by the member, at
	// most 20 characters. WeCom applies it only to WeChat customers (whose
	// external_userid starts with "wm"); for WeCom customers the company
	// comes from their own corp.
	RemarkCompany string `json:"remark_company,omitempty"`
	// RemarkMobiles replaces the noted phone numbers. nil or empty leaves
	// them unchanged; to delete them all set ClearRemarkMobiles instead.
	RemarkMobiles []string `json:"remark_mobiles,omitempty"`
	// ClearRemarkMobiles deletes every noted phone number. On the wire it is
	// sent as remark_mobiles [""], the form WeCom documents for clearing.
	// It cannot be combined with RemarkMobiles.
	ClearRemarkMobiles bool `json:"-"`
	// RemarkPicMediaID is the media_id of a picture (a business card, say)
	// uploaded with the temporary-media API (素材管理).
	RemarkPicMediaID string `json:"remark_pic_mediaid,omitempty"`
}

// remarkBody is a RemarkRequest as sent, once validated.
type remarkBody RemarkRequest

// Validate checks the request before it is sent.
func (r *RemarkRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	if r.Remark == "" && r.Description == "" && r.RemarkCompany == "" &&
		len(r.RemarkMobiles) == 0 && !r.ClearRemarkMobiles && r.RemarkPicMediaID == "" {
		return &core.ArgError{Field: "remark", Reason: "remark, description, remark_company, remark_mobiles and remark_pic_mediaid must not all be empty"}
	}
	if err := core.MaxRunes("remark", r.Remark, 20); err != nil {
		return err
	}
	if err := core.MaxRunes("description", r.Description, 150); err != nil {
		return err
	}
	if err := core.MaxRunes("remark_company", r.RemarkCompany, 20); err != nil {
		return err
	}
	if r.ClearRemarkMobiles && len(r.RemarkMobiles) > 0 {
		return &core.ArgError{Field: "remark_mobiles", Reason: "must be empty when ClearRemarkMobiles is set"}
	}
	for i, m := range r.RemarkMobiles {
		if m == "" {
			return &core.ArgError{Field: "remark_mobiles", Reason: "number #" + strconv.Itoa(i) + " is empty (set ClearRemarkMobiles to delete all numbers)"}
		}
	}
	return nil
}

// Remark changes a member's remark, description, company, phone numbers or
// picture for one customer (修改客户备注信息).
//
// WeCom API: POST /cgi-bin/externalcontact/remark (修改客户备注信息), https://developer.work.weixin.qq.com/document/path/92115.
// EasyWeChat: external_contact->remark. WxJava: updateRemark.
func (c *Client) Remark(ctx context.Context, req *RemarkRequest) error {
	if err := core.Check(epRemark, req); err != nil {
		return err
	}
	body := remarkBody(*req)
	if req.ClearRemarkMobiles {
		body.RemarkMobiles = []string{""} // WeCom's form for "delete them all"
	}
	return core.Exec(ctx, c.core, epRemark, &body)
}
