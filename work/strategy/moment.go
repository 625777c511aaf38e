package strategy

import (
	"context"
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

// MomentClient manages the moment rule groups (客户朋友圈规则组,
// moment_strategy/*). Get it from work.App.MomentStrategy; it is safe
// for concurrent use, and runs its Create and Edit calls one at a time, as
// WeCom requires.
type MomentClient struct{ base }

// NewMoment returns a MomentClient that sends its calls through c. Most
// code gets one from work.App.MomentStrategy instead, which is shared by
// every caller of the App (and so serializes their Create and Edit calls).
func NewMoment(c *core.Client) *MomentClient { return &MomentClient{newBase(c)} }

var (
	epMomentList = endpoints.Add(core.ReadPost("externalcontact/moment_strategy/list"), core.Meta{
		Doc: "94890", Title: "获取规则组列表", Note: "PowerWeChat's ExternalContactMomentStrategy.List decodes create's answer (its typed responses of list and create are swapped); a limit above 1000 is sent as 1000; ListAll walks every page"})
	epMomentGet = endpoints.Add(core.ReadPost("externalcontact/moment_strategy/get"), core.Meta{
		Doc: "94890", Title: "获取规则组详情", Note: "PowerWeChat's ExternalContactMomentStrategy.Get posts to moment_strategy/list; this SDK posts to moment_strategy/get; strategy_id is an integer"})
	epMomentGetRange = endpoints.Add(core.ReadPost("externalcontact/moment_strategy/get_range"), core.Meta{
		Doc: "94890", Title: "获取规则组管理范围", Note: "a limit above 1000 is sent as 1000; GetRangeAll walks every page"})
	epMomentCreate = endpoints.Add(core.Write("externalcontact/moment_strategy/create"), core.Meta{
		Doc: "94890", Title: "创建新的规则组", Note: "serial: one Create or Edit at a time per client (the customer rule groups have their own client); a child's privilege is refused (WeCom ignores it)"})
	epMomentEdit = endpoints.Add(core.Write("externalcontact/moment_strategy/edit"), core.Meta{
		Doc: "94890", Title: "编辑规则组及其管理范围", Note: "serial: one Create or Edit at a time per client; nil Admins/Privilege leave them, a non-nil Privilege replaces every key; an empty non-nil Admins is refused"})
	epMomentDel = endpoints.Add(core.Write("externalcontact/moment_strategy/del"), core.Meta{
		Doc: "94890", Title: "删除规则组"})
)

// List returns one page of the ids of the corp's moment rule
// groups. A nil req is the first page at WeCom's default size.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/list (获取规则组列表), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.List.
func (c *MomentClient) List(ctx context.Context, req *ListRequest) (*ListResponse, error) {
	return list(ctx, c.core, epMomentList, req)
}

// ListAll walks every page of List from req.Cursor, yielding each id. It
// stops after the first error and when the loop breaks.
func (c *MomentClient) ListAll(ctx context.Context, req *ListRequest) iter.Seq2[int64, error] {
	return listAll(ctx, c.core, epMomentList, req)
}

// Get returns a moment rule group with its admins and
// privileges.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/get (获取规则组详情), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.Get.
func (c *MomentClient) Get(ctx context.Context, id int64) (*MomentStrategy, error) {
	return get[MomentPrivilege](ctx, c.core, epMomentGet, id)
}

// GetRange returns one page of the members and departments a
// moment rule group manages.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/get_range (获取规则组管理范围), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.GetRange.
func (c *MomentClient) GetRange(ctx context.Context, req *GetRangeRequest) (*RangeResponse, error) {
	return getRange(ctx, c.core, epMomentGetRange, req)
}

// GetRangeAll walks every page of GetRange from req.Cursor, yielding each
// node. It stops after the first error and when the loop breaks.
func (c *MomentClient) GetRangeAll(ctx context.Context, req *GetRangeRequest) iter.Seq2[Node, error] {
	return getRangeAll(ctx, c.core, epMomentGetRange, req)
}

// Create makes a moment rule group and returns its strategy_id; it waits for
// any Create or Edit of the client in flight, as WeCom wants them serial.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/create (创建新的规则组), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.Create.
func (c *MomentClient) Create(ctx context.Context, req *MomentCreateRequest) (int64, error) {
	return create(ctx, &c.base, epMomentCreate, req)
}

// Edit changes a moment rule group: its name, admins and privileges (each
// replaced when set) and its range (RangeAdd, RangeDel). Serial like Create:
// do not fan edits out.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/edit (编辑规则组及其管理范围), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.Edit.
func (c *MomentClient) Edit(ctx context.Context, req *MomentEditRequest) error {
	return edit(ctx, &c.base, epMomentEdit, req)
}

// Delete deletes a moment rule group the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/moment_strategy/del (删除规则组), https://developer.work.weixin.qq.com/document/path/94890.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactMomentStrategy.Del.
func (c *MomentClient) Delete(ctx context.Context, id int64) error {
	return del(ctx, c.core, epMomentDel, id)
}
