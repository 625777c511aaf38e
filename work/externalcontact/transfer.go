package externalcontact

import (
	"context"
	"iter"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Sentinels for the errcodes of 在职继承 / 离职继承, as listed in WeCom's
// global error code table (全局错误码,
// https://developer.work.weixin.qq.com/document/path/90313). WeCom answers
// them either for the whole call or, for TransferCustomer and
// ResignedTransferCustomer, per customer (see CustomerTransfer.Err):
//
//	for _, f := range resp.Failed() {
//		if errors.Is(f.Err(), externalcontact.ErrTransferTooFrequent) { ... }
//	}
var (
	// ErrHandoverNotResigned is errcode 40097 (该成员尚未离职): a 离职继承
	// call named a handover member who has not resigned. Use
	// TransferCustomer (在职继承) for members still on the job.
	ErrHandoverNotResigned = &core.APIError{Code: 40097, Message: "handover member has not resigned"}
	// ErrMemberNotRealName is errcode 40098 (成员尚未实名认证): the takeover
	// member has not verified their real name.
	ErrMemberNotRealName = &core.APIError{Code: 40098, Message: "member has not verified their real name"}
	// ErrTakeoverCustomerLimit is errcode 40099 (接替成员的外部联系人数量已达上限):
	// the takeover member already has as many customers as allowed.
	ErrTakeoverCustomerLimit = &core.APIError{Code: 40099, Message: "takeover member's customer count at limit"}
	// ErrCustomerInTransferFlow is errcode 40100 (此用户的外部联系人已经在转移流程中):
	// the member's customers are already being transferred.
	ErrCustomerInTransferFlow = &core.APIError{Code: 40100, Message: "customers already in a transfer"}
	// ErrTransferTooFrequent is errcode 40128 (客户转接过于频繁): an on-job
	// customer may be transferred at most twice in 90 natural days.
	ErrTransferTooFrequent = &core.APIError{Code: 40128, Message: "customer transferred too often"}
	// ErrCustomerTransferring is errcode 40129 (当前客户正在转接中): the
	// customer's previous transfer has not finished (takeover completes
	// after 24 hours).
	ErrCustomerTransferring = &core.APIError{Code: 40129, Message: "customer is being transferred"}
	// ErrSameHandoverTakeover is errcode 40130 (原跟进人与接手人一样，不可继承):
	// handover and takeover are the same member.
	ErrSameHandoverTakeover = &core.APIError{Code: 40130, Message: "handover and takeover are the same member"}
	// ErrNotFollowedByHandover is errcode 40131 (handover_userid 并不是外部联系人的跟进人):
	// the handover member does not follow that customer.
	ErrNotFollowedByHandover = &core.APIError{Code: 40131, Message: "handover member does not follow the customer"}
)

// TransferStatus is a customer's takeover status (customer.status of the
// transfer_result calls, status of the deprecated GetTransferResult).
type TransferStatus int

// Takeover statuses. Values WeCom adds later decode fine and print as
// TransferStatus(n).
const (
	TransferCompleted    TransferStatus = 1 // 接替完毕
	TransferWaiting      TransferStatus = 2 // 等待接替 (takeover_time is the future automatic takeover)
	TransferRefused      TransferStatus = 3 // 客户拒绝
	TransferLimitReached TransferStatus = 4 // 接替成员客户达到上限
	TransferNoRecord     TransferStatus = 5 // 无接替记录
)

// String returns the status's name.
func (s TransferStatus) String() string {
	switch s {
	case TransferCompleted:
		return "completed"
	case TransferWaiting:
		return "waiting"
	case TransferRefused:
		return "refused"
	case TransferLimitReached:
		return "limit_reached"
	case TransferNoRecord:
		return "no_record"
	}
	return "TransferStatus(" + strconv.Itoa(int(s)) + ")"
}

// ---- 获取待分配的离职成员列表 ----

var epGetUnassigned = endpoints.Add(core.ReadPost("externalcontact/get_unassigned_list"), core.Meta{
	Doc: "92124", Title: "获取待分配的离职成员列表", EasyWeChat: "getUnassigned", WxJava: "listUnassignedList",
	Note: "cursor paging only, no page_id; a page_size above 1000 is sent as 1000"})

// maxUnassignedPageSize is get_unassigned_list's largest page.
const maxUnassignedPageSize = 1000

// GetUnassignedRequest asks for one page of the customers of resigned
// members that are still waiting to be assigned.
//
// WeCom's legacy page_id paging is not exposed: the current documentation
// lists only cursor and page_size, and page_id paging cannot reach past the
// first pages of a large list. The SDK sends cursor (when set) and page_size
// (when set) only. Porters of EasyWeChat getUnassigned($pageId, ...) or WxJava
// listUnassignedList(pageId, ...) should page with Cursor instead.
type GetUnassignedRequest struct {
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// PageSize is the page size; 0 means WeCom's default (1000), which is
	// also the largest: a larger PageSize is sent as 1000 (a page size
	// changes only how many calls a walk takes). A negative one is refused.
	PageSize int `json:"page_size,omitempty"`
}

// Validate checks the request before it is sent; nil is a valid request
// (every field is optional).
func (r *GetUnassignedRequest) Validate() error {
	if r != nil && r.PageSize < 0 {
		return &core.ArgError{Field: "page_size", Reason: "must not be negative"}
	}
	return nil
}

// UnassignedCustomer is a customer of a resigned member, waiting to be
// assigned (one entry of info).
type UnassignedCustomer struct {
	// HandoverUserID is the resigned member.
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	// DimissionTime is when the member resigned, in Unix seconds.
	DimissionTime int64 `json:"dimission_time"`
}

// GetUnassignedResponse is one page of GetUnassigned.
type GetUnassignedResponse struct {
	Info []UnassignedCustomer `json:"info"`
	// IsLast is true on the last page.
	IsLast bool `json:"is_last"`
	// NextCursor is the cursor of the next page.
	NextCursor string `json:"next_cursor"`
}

// GetUnassigned returns one page of the resigned members' customers waiting
// to be assigned (离职继承); a nil req asks for the first page, of WeCom's
// default size.
//
// WeCom API: POST /cgi-bin/externalcontact/get_unassigned_list (获取待分配的离职成员列表), https://developer.work.weixin.qq.com/document/path/92124.
// EasyWeChat: external_contact->getUnassigned. WxJava: listUnassignedList.
func (c *Client) GetUnassigned(ctx context.Context, req *GetUnassignedRequest) (*GetUnassignedResponse, error) {
	var body GetUnassignedRequest
	if req != nil {
		body = *req
	}
	body.PageSize = min(body.PageSize, maxUnassignedPageSize)
	return core.Send[GetUnassignedResponse](ctx, c.core, epGetUnassigned, &body)
}

// GetUnassignedAll walks every page of GetUnassigned, starting at
// req.Cursor, yielding each customer. It stops after the last page (is_last,
// or no next_cursor), after the first error and when the loop breaks. req is
// copied when GetUnassignedAll is called, not modified.
func (c *Client) GetUnassignedAll(ctx context.Context, req *GetUnassignedRequest) iter.Seq2[UnassignedCustomer, error] {
	var base GetUnassignedRequest
	if req != nil {
		base = *req
	}
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*GetUnassignedResponse, error) {
		page := base
		page.Cursor = cursor
		return c.GetUnassigned(ctx, &page)
	}, func(p *GetUnassignedResponse) []UnassignedCustomer { return p.Info }, func(p *GetUnassignedResponse) string {
		if p.IsLast {
			return ""
		}
		return p.NextCursor
	})
}

// ---- 分配在职 / 离职成员的客户 ----

var (
	epTransferCustomer = endpoints.Add(core.Write("externalcontact/transfer_customer"), core.Meta{
		Doc: "92125", Title: "分配在职成员的客户", EasyWeChat: "transferCustomer", WxJava: "transferCustomer"})
	epResignedTransferCustomer = endpoints.Add(core.Write("externalcontact/resigned/transfer_customer"), core.Meta{
		Doc: "94081", Title: "分配离职成员的客户", EasyWeChat: "resignedTransferCustomer", WxJava: "resignedTransferCustomer"})
)

// CustomerTransfer is WeCom's answer for one customer of a transfer call
// (one entry of customer). ErrCode 0 means the takeover has started: it
// completes automatically after 24 hours, unless the customer refuses; check
// it with TransferResult or ResignedTransferResult.
type CustomerTransfer struct {
	ExternalUserID string `json:"external_userid"`
	// ItemResult is WeCom's errcode for this customer; 0 is success.
	core.ItemResult

	path string // the API that answered, for Err
}

// Err returns nil when the customer's transfer started, else an
// *core.APIError carrying ErrCode, so errors.Is matches the sentinels
// (ErrTransferTooFrequent, core.ErrInvalidExternalUserID ...).
func (t CustomerTransfer) Err() error {
	return itemErr(t.ItemResult, t.path, "customer "+t.ExternalUserID+" not transferred")
}

// String shows the customer and its errcode.
func (t CustomerTransfer) String() string {
	return "customer " + t.ExternalUserID + ": " + t.ItemResult.String()
}

// TransferCustomerResponse is the answer of TransferCustomer and
// ResignedTransferCustomer: the call succeeds as a whole while single
// customers may fail, each with its own errcode.
type TransferCustomerResponse struct {
	Customers []CustomerTransfer `json:"customer"`
}

// Failed returns the customers whose transfer did not start (ErrCode != 0),
// in WeCom's order; nil when all started.
func (r *TransferCustomerResponse) Failed() []CustomerTransfer {
	var failed []CustomerTransfer
	for _, t := range r.Customers {
		if t.ErrCode != 0 {
			failed = append(failed, t)
		}
	}
	return failed
}

// TransferCustomerRequest hands customers of a member still on the job
// (在职继承) to another member.
type TransferCustomerRequest struct {
	// HandoverUserID is the member who follows the customers now.
	HandoverUserID string `json:"handover_userid"`
	// TakeoverUserID is the member who takes them over.
	TakeoverUserID string `json:"takeover_userid"`
	// ExternalUserIDs are the customers (1 to 100).
	ExternalUserIDs []string `json:"external_userid"`
	// TransferSuccessMsg is sent to each customer once transferred, at most
	// 200 characters; empty means WeCom's default text.
	TransferSuccessMsg string `json:"transfer_success_msg,omitempty"`
}

// Validate checks the request before it is sent.
func (r *TransferCustomerRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateHandover(r.HandoverUserID, r.TakeoverUserID); err != nil {
		return err
	}
	if err := core.IDList("external_userid", r.ExternalUserIDs, 100); err != nil {
		return err
	}
	return core.MaxRunes("transfer_success_msg", r.TransferSuccessMsg, 200)
}

// TransferCustomer hands up to 100 customers of a member still on the job to
// another member (在职继承); WeCom answers per customer, so check
// resp.Failed() (see Transfers in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/transfer_customer (分配在职成员的客户), https://developer.work.weixin.qq.com/document/path/92125.
// EasyWeChat: external_contact->transferCustomer. WxJava: transferCustomer.
func (c *Client) TransferCustomer(ctx context.Context, req *TransferCustomerRequest) (*TransferCustomerResponse, error) {
	return c.transferCustomer(ctx, epTransferCustomer, req)
}

// ResignedTransferCustomerRequest hands customers of a resigned member
// (离职继承) to another member. WeCom sends the customers no message.
type ResignedTransferCustomerRequest struct {
	// HandoverUserID is the resigned member.
	HandoverUserID string `json:"handover_userid"`
	// TakeoverUserID is the member who takes the customers over.
	TakeoverUserID string `json:"takeover_userid"`
	// ExternalUserIDs are the customers (1 to 100).
	ExternalUserIDs []string `json:"external_userid"`
}

// Validate checks the request before it is sent.
func (r *ResignedTransferCustomerRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateHandover(r.HandoverUserID, r.TakeoverUserID); err != nil {
		return err
	}
	return core.IDList("external_userid", r.ExternalUserIDs, 100)
}

// ResignedTransferCustomer hands up to 100 customers of a resigned member
// (GetUnassigned lists them) to another member (离职继承); WeCom answers per
// customer, so check resp.Failed().
//
// WeCom API: POST /cgi-bin/externalcontact/resigned/transfer_customer (分配离职成员的客户), https://developer.work.weixin.qq.com/document/path/94081.
// EasyWeChat: external_contact->resignedTransferCustomer. WxJava: resignedTransferCustomer.
func (c *Client) ResignedTransferCustomer(ctx context.Context, req *ResignedTransferCustomerRequest) (*TransferCustomerResponse, error) {
	return c.transferCustomer(ctx, epResignedTransferCustomer, req)
}

// transferCustomer sends a transfer request to ep and tags each customer's
// answer with ep's path, for CustomerTransfer.Err.
func (c *Client) transferCustomer(ctx context.Context, ep core.Endpoint, req any) (*TransferCustomerResponse, error) {
	out, err := core.Send[TransferCustomerResponse](ctx, c.core, ep, req)
	if err != nil {
		return nil, err
	}
	for i := range out.Customers {
		out.Customers[i].path = ep.Path
	}
	return out, nil
}

// ---- 查询客户接替状态 ----

var (
	epTransferResult = endpoints.Add(core.ReadPost("externalcontact/transfer_result"), core.Meta{
		Doc: "94088", Title: "查询客户接替状态（在职继承）", WxJava: "transferResult",
		Note: "EasyWeChat's transferResult calls resigned/transfer_result (ResignedTransferResult here)"})
	epResignedTransferResult = endpoints.Add(core.ReadPost("externalcontact/resigned/transfer_result"), core.Meta{
		Doc: "94082", Title: "查询客户接替状态（离职继承）", EasyWeChat: "transferResult", WxJava: "resignedTransferResult",
		Note: "EasyWeChat's transferResult is this call; the on-job query is TransferResult"})
)

// TransferResultRequest asks for the takeover status of the customers handed
// from one member to another. TransferResult and ResignedTransferResult take
// the same request.
type TransferResultRequest struct {
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	// Cursor is "" for the first page, then the previous NextCursor. WeCom
	// returns at most 1000 customers per page.
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent.
func (r *TransferResultRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	return validateHandover(r.HandoverUserID, r.TakeoverUserID)
}

// validateHandover checks the two members every transfer call names.
func validateHandover(handover, takeover string) error {
	if err := core.Required("handover_userid", handover); err != nil {
		return err
	}
	return core.Required("takeover_userid", takeover)
}

// CustomerTakeover is one customer's takeover status (one entry of customer).
type CustomerTakeover struct {
	ExternalUserID string         `json:"external_userid"`
	Status         TransferStatus `json:"status"`
	// TakeoverTime is when the takeover happened, in Unix seconds; while
	// Status is TransferWaiting it is the time of the automatic takeover to
	// come. 0 when there was none (e.g. the customer refused).
	TakeoverTime int64 `json:"takeover_time"`
}

// TransferResultResponse is one page of TransferResult or
// ResignedTransferResult.
type TransferResultResponse struct {
	Customers []CustomerTakeover `json:"customer"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// TransferResult returns one page of the takeover status of the customers a
// member still on the job handed to another (在职继承).
//
// WeCom API: POST /cgi-bin/externalcontact/transfer_result (查询客户接替状态, 在职继承), https://developer.work.weixin.qq.com/document/path/94088.
// EasyWeChat: none (its transferResult is ResignedTransferResult). WxJava: transferResult.
func (c *Client) TransferResult(ctx context.Context, req *TransferResultRequest) (*TransferResultResponse, error) {
	return c.transferResult(ctx, epTransferResult, req)
}

// TransferResultAll walks every page of TransferResult, starting at
// req.Cursor, yielding each customer. It stops after the first error and
// when the loop breaks. req is copied when TransferResultAll is called, not
// modified.
func (c *Client) TransferResultAll(ctx context.Context, req *TransferResultRequest) iter.Seq2[CustomerTakeover, error] {
	return c.transferResultAll(ctx, epTransferResult, req)
}

// ResignedTransferResult returns one page of the takeover status of the
// customers of a resigned member handed to another (离职继承).
//
// WeCom API: POST /cgi-bin/externalcontact/resigned/transfer_result (查询客户接替状态, 离职继承), https://developer.work.weixin.qq.com/document/path/94082.
// EasyWeChat: external_contact->transferResult. WxJava: resignedTransferResult.
func (c *Client) ResignedTransferResult(ctx context.Context, req *TransferResultRequest) (*TransferResultResponse, error) {
	return c.transferResult(ctx, epResignedTransferResult, req)
}

// ResignedTransferResultAll walks every page of ResignedTransferResult,
// starting at req.Cursor, yielding each customer. It stops after the first
// error and when the loop breaks. req is copied when
// ResignedTransferResultAll is called, not modified.
func (c *Client) ResignedTransferResultAll(ctx context.Context, req *TransferResultRequest) iter.Seq2[CustomerTakeover, error] {
	return c.transferResultAll(ctx, epResignedTransferResult, req)
}

func (c *Client) transferResult(ctx context.Context, ep core.Endpoint, req *TransferResultRequest) (*TransferResultResponse, error) {
	return core.Send[TransferResultResponse](ctx, c.core, ep, req)
}

func (c *Client) transferResultAll(ctx context.Context, ep core.Endpoint, req *TransferResultRequest) iter.Seq2[CustomerTakeover, error] {
	if err := core.Check(ep, req); err != nil {
		return failed[CustomerTakeover](err)
	}
	base := *req
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*TransferResultResponse, error) {
		page := base
		page.Cursor = cursor
		return c.transferResult(ctx, ep, &page)
	}, func(p *TransferResultResponse) []CustomerTakeover { return p.Customers },
		func(p *TransferResultResponse) string { return p.NextCursor })
}
