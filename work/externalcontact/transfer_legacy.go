package externalcontact

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// WeCom's original one-customer transfer calls (原接口), superseded by
// TransferCustomer, ResignedTransferCustomer and their result queries in
// transfer.go. They are kept for code ported from EasyWeChat and WxJava.
var (
	epTransfer          = core.Write("externalcontact/transfer")
	epGetTransferResult = core.ReadPost("externalcontact/get_transfer_result")
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

func (r *TransferRequest) validate() error {
	if r == nil {
		return &core.ArgError{Field: "request", Reason: "is nil"}
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	return validateHandover(r.HandoverUserID, r.TakeoverUserID)
}

// Transfer hands one customer to another member through WeCom's original
// transfer API (离职成员的外部联系人再分配), which WeCom no longer maintains.
//
// WeCom API: POST /cgi-bin/externalcontact/transfer (legacy, no current doc page).
// EasyWeChat: external_contact->transfer. WxJava: transferExternalContact.
// Not idempotent: never re-sent once it may have reached WeCom.
//
// Deprecated: use TransferCustomer (on-job members) or
// ResignedTransferCustomer (resigned members) instead; they take up to 100
// customers and report per customer.
func (c *Client) Transfer(ctx context.Context, req *TransferRequest) error {
	if err := req.validate(); err != nil {
		return err
	}
	return c.core.Call(ctx, epTransfer, nil, req, nil)
}

// GetTransferResultRequest names one transferred customer for the
// deprecated GetTransferResult.
type GetTransferResultRequest struct {
	ExternalUserID string `json:"external_userid"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
}

func (r *GetTransferResultRequest) validate() error {
	if r == nil {
		return &core.ArgError{Field: "request", Reason: "is nil"}
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
// WeCom API: POST /cgi-bin/externalcontact/get_transfer_result (查询客户接替结果, legacy),
// https://developer.work.weixin.qq.com/document/path/93009.
// EasyWeChat: external_contact->getTransferResult. WxJava: none.
// Read-only, so retried like a GET.
//
// Deprecated: use TransferResult (on-job) or ResignedTransferResult
// (resigned) instead.
func (c *Client) GetTransferResult(ctx context.Context, req *GetTransferResultRequest) (*GetTransferResultResponse, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	return core.Do[GetTransferResultResponse](ctx, c.core, epGetTransferResult, nil, req)
}
