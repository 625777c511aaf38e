package strategy

import (
	"context"
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

// CustomerClient manages the customer-contact rule groups (客户联系规则组,
// customer_strategy/*). Get it from work.App.CustomerStrategy; it is safe
// for concurrent use, and runs its Create and Edit calls one at a time, as
// WeCom requires.
type CustomerClient struct{ base }

// NewCustomer returns a CustomerClient that sends its calls through c. Most
// code gets one from work.App.CustomerStrategy instead, which is shared by
// every caller of the App (and so serializes their Create and Edit calls).
func NewCustomer(c *core.Client) *CustomerClient { return &CustomerClient{newBase(c)} }

const customerNote = "PowerWeChat's ExternalContactCustomerStrategy decodes list and get under the key momentStrategy; this SDK reads WeCom's strategy"

var (
	epCustomerList = endpoints.Add(core.ReadPost("externalcontact/customer_strategy/list"), core.Meta{
		Doc: "94883", Title: "获取规则组列表", Note: customerNote + "; a limit above 1000 is sent as 1000; ListAll walks every page"})
	epCustomerGet = endpoints.Add(core.ReadPost("externalcontact/customer_strategy/get"), core.Meta{
		Doc: "94883", Title: "获取规则组详情", Note: customerNote + "; strategy_id is an integer"})
	epCustomerGetRange = endpoints.Add(core.ReadPost("externalcontact/customer_strategy/get_range"), core.Meta{
		Doc: "94883", Title: "获取规则组管理范围", Note: "a limit above 1000 is sent as 1000; GetRangeAll walks every page"})
	epCustomerCreate = endpoints.Add(core.Write("externalcontact/customer_strategy/create"), core.Meta{
		Doc: "94883", Title: "创建新的规则组", Note: "serial: one Create or Edit at a time per client; the five basic privileges are always sent as true; a child's privilege is refused (WeCom ignores it)"})
	epCustomerEdit = endpoints.Add(core.Write("externalcontact/customer_strategy/edit"), core.Meta{
		Doc: "94883", Title: "编辑规则组及其管理范围", Note: "serial: one Create or Edit at a time per client; nil Admins/Privilege leave them, a non-nil Privilege replaces every key; an empty non-nil Admins is refused"})
	epCustomerDel = endpoints.Add(core.Write("externalcontact/customer_strategy/del"), core.Meta{
		Doc: "94883", Title: "删除规则组"})
)

// List returns one page of the ids of the corp's customer-contact rule
// groups. A nil req is the first page at WeCom's default size.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/list (获取规则组列表), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.List.
func (c *CustomerClient) List(ctx context.Context, req *ListRequest) (*ListResponse, error) {
	return list(ctx, c.core, epCustomerList, req)
}

// ListAll walks every page of List from req.Cursor, yielding each id. It
// stops after the first error and when the loop breaks.
func (c *CustomerClient) ListAll(ctx context.Context, req *ListRequest) iter.Seq2[int64, error] {
	return listAll(ctx, c.core, epCustomerList, req)
}

// Get returns a customer-contact rule group with its admins and
// privileges.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/get (获取规则组详情), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.Get.
func (c *CustomerClient) Get(ctx context.Context, id int64) (*CustomerStrategy, error) {
	return get[CustomerPrivilege](ctx, c.core, epCustomerGet, id)
}

// GetRange returns one page of the members and departments a
// customer-contact rule group manages.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/get_range (获取规则组管理范围), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.GetRange.
func (c *CustomerClient) GetRange(ctx context.Context, req *GetRangeRequest) (*RangeResponse, error) {
	return getRange(ctx, c.core, epCustomerGetRange, req)
}

// GetRangeAll walks every page of GetRange from req.Cursor, yielding each
// node. It stops after the first error and when the loop breaks.
func (c *CustomerClient) GetRangeAll(ctx context.Context, req *GetRangeRequest) iter.Seq2[Node, error] {
	return getRangeAll(ctx, c.core, epCustomerGetRange, req)
}

// Create makes a customer-contact rule group and returns its strategy_id; it waits for
// any Create or Edit of the client in flight, as WeCom wants them serial.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/create (创建新的规则组), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.Create.
func (c *CustomerClient) Create(ctx context.Context, req *CustomerCreateRequest) (int64, error) {
	return create(ctx, &c.base, epCustomerCreate, req)
}

// Edit changes a customer-contact rule group: its name, admins and privileges (each
// replaced when set) and its range (RangeAdd, RangeDel). Serial like Create:
// do not fan edits out.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/edit (编辑规则组及其管理范围), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.Edit.
func (c *CustomerClient) Edit(ctx context.Context, req *CustomerEditRequest) error {
	return edit(ctx, &c.base, epCustomerEdit, req)
}

// Delete deletes a customer-contact rule group the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/customer_strategy/del (删除规则组), https://developer.work.weixin.qq.com/document/path/94883.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactCustomerStrategy.Del.
func (c *CustomerClient) Delete(ctx context.Context, id int64) error {
	return del(ctx, c.core, epCustomerDel, id)
}
