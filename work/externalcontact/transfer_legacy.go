package externalcontact

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// WeCom's original one-customer transfer calls (原接口), superseded by
// TransferCustomer, ResignedTransferCustomer and their result queries in
// transfer.go. They are kept for code ported from EasyWeChat and WxJava.
var (
	epTransfer = endpoints.Add(core.Write("externalcontact/transfer"), core.Meta{
		// The legacy page is gone: Doc is the page of transfer_customer,
		// which superseded it.
		Doc: "92125", Title: "离职成员的外部联系人再分配（原接口）", EasyWeChat: "transfer", WxJava: "transferExternalContact",
		Note: "deprecated; transfer_success_msg is sent only when set (EasyWeChat always sends it, WxJava never)"})
	epGetTransferResult = endpoints.Add(core.ReadPost("externalcontact/get_transfer_result"), core.Meta{
		Doc: "93009", Title: "查询客户接替结果（原接口）", EasyWeChat: "getTransferResult"})
)

// TransferRequest is the request of the deprecated Transfer: one customer.
type TransferRequest struct {
	ExternalUserID string `json:"external_userid"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	// TransferSuccessMsg is sent to the customer once transferred; sent only
	// when set (EasyWeChat sends it, WxJava never does). WeCom documented it
	// as effective for on-job transfers only.
	TransferSuccessMsg string `json:"transfer_success_msg,omitempty"`
}

// Validate checks the request before it is sent.
func (r *TransferRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	return validateHandover(r.HandoverUserID, r.TakeoverUserID)
}

// Transfer hands one customer to another member through WeCom's original
// transfer API (离职成员的外部联系人再分配), which WeCom no longer maintains.
//
// WeCom API: POST /cgi-bin/externalcontact/transfer (legacy; superseded by transfer_customer, https://developer.work.weixin.qq.com/document/path/92125).
// EasyWeChat: external_contact->transfer. WxJava: transferExternalContact.
//
// Deprecated: use TransferCustomer (on-job members) or
// ResignedTransferCustomer (resigned members) instead; they take up to 100
// customers and report per customer.
func (c *Client) Transfer(ctx context.Context, req *TransferRequest) error {
	return core.Exec(ctx, c.core, epTransfer, req)
}

// GetTransferResultRequest names one transferred customer for the
// deprecated GetTransferResult.
type GetTransferResultRequest struct {
	ExternalUserID string `json:"external_userid"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
}

// Validate checks the request before it is sent.
func (r *GetTransferResultRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	return validateHandover(r.HandoverUserID, r.TakeoverUserID)
}

// GetTransferResultResponse is one customer's takeover status.
type GetTransferResultResponse struct {
	Status TransferStatus `json:"status"`
	// TakeoverTime is when the takeover happened (or, while waiting, will
	// happen), in Unix seconds.
	TakeoverTime int64 `json:"takeover_time"`
}

// GetTransferResult returns the takeover status of one customer handed over
// with the deprecated Transfer.
//
// WeCom API: POST /cgi-bin/externalcontact/get_transfer_result (查询客户接替结果, legacy), https://developer.work.weixin.qq.com/document/path/93009.
// EasyWeChat: external_contact->getTransferResult. WxJava: none.
//
// Deprecated: use TransferResult (on-job) or ResignedTransferResult
// (resigned) instead.
func (c *Client) GetTransferResult(ctx context.Context, req *GetTransferResultRequest) (*GetTransferResultResponse, error) {
	return core.Send[GetTransferResultResponse](ctx, c.core, epGetTransferResult, req)
}
