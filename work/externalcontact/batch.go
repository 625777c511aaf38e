package externalcontact

import (
	"context"
	"iter"
	"slices"

	"github.com/tidwall/gjson"

	"github.com/wecomkit/wecom/work/core"
)

var epBatchGetByUser = endpoints.Add(core.ReadPost("externalcontact/batch/get_by_user"), core.Meta{
	Doc: "92994", Title: "批量获取客户详情", EasyWeChat: "batchGetByUser", WxJava: "getContactDetailBatch",
	Note: "a limit above 100 is sent as 100, as WeCom reads it; BatchGetByUserAll walks every page"})

// maxBatchGetByUserLimit is batch/get_by_user's largest page; WeCom reads
// a larger limit as this one.
const maxBatchGetByUserLimit = 100

// FollowInfo is one member's relation with a customer in a batch answer.
// Unlike FollowUser it carries tag ids only.
type FollowInfo struct {
	UserID      string `json:"userid"`
	Remark      string `json:"remark,omitempty"`
	Description string `json:"description,omitempty"`
	// CreateTime is when the member added the customer, in Unix seconds.
	CreateTime     int64           `json:"createtime"`
	TagIDs         []string        `json:"tag_id,omitempty"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles,omitempty"`
	OperUserID     string          `json:"oper_userid,omitempty"`
	AddWay         AddWay          `json:"add_way"`
	State          string          `json:"state,omitempty"`
	WeChatChannels *WeChatChannels `json:"wechat_channels,omitempty"`
}

// BatchContact is one (customer, member) pair of a batch answer.
type BatchContact struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowInfo      FollowInfo      `json:"follow_info"`
}

// BatchGetByUserRequest asks for the customers of up to 100 members.
type BatchGetByUserRequest struct {
	// UserIDs are the members (1 to 100).
	UserIDs []string `json:"userid_list"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size; 0 means WeCom's default (50). WeCom reads a
	// limit above 100 as 100, and so does the SDK: it sends 100 (a page
	// size changes only how many calls a walk takes). A negative limit is
	// refused.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the request before it is sent.
func (r *BatchGetByUserRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.IDList("userid_list", r.UserIDs, 100); err != nil {
		return err
	}
	if r.Limit < 0 {
		return &core.ArgError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// BatchGetByUserResponse is one page of BatchGetByUser.
type BatchGetByUserResponse struct {
	ExternalContactList []BatchContact `json:"external_contact_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// BatchGetByUser returns one page of the customers of the given members, one
// entry per (customer, member) pair.
//
// WeCom API: POST /cgi-bin/externalcontact/batch/get_by_user (批量获取客户详情), https://developer.work.weixin.qq.com/document/path/92994.
// EasyWeChat: external_contact->batchGetByUser / batchGet. WxJava: getContactDetailBatch.
func (c *Client) BatchGetByUser(ctx context.Context, req *BatchGetByUserRequest) (*BatchGetByUserResponse, error) {
	if err := core.Check(epBatchGetByUser, req); err != nil {
		return nil, err
	}
	body := *req
	body.Limit = min(body.Limit, maxBatchGetByUserLimit)
	return core.Send[BatchGetByUserResponse](ctx, c.core, epBatchGetByUser, &body)
}

// PrepareDecode sizes ExternalContactList from the answer's item count
// before the client decodes it (see core.Preparer), so decoding a page of
// 100 allocates the slice once instead of doubling it.
func (r *BatchGetByUserResponse) PrepareDecode(raw []byte) {
	if n := gjson.GetBytes(raw, "external_contact_list.#").Int(); n > 0 && n <= maxBatchGetByUserLimit && cap(r.ExternalContactList) < int(n) {
		r.ExternalContactList = make([]BatchContact, 0, n)
	}
}

// BatchGetByUserAll walks every page of BatchGetByUser, starting at
// req.Cursor, yielding each (customer, member) pair. It stops after the
// first error and when the loop breaks. req is copied when BatchGetByUserAll
// is called, not modified.
//
//	for contact, err := range ec.BatchGetByUserAll(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: ids}) {
//		if err != nil { return err }
//		...
//	}
func (c *Client) BatchGetByUserAll(ctx context.Context, req *BatchGetByUserRequest) iter.Seq2[BatchContact, error] {
	if err := core.Check(epBatchGetByUser, req); err != nil {
		return failed[BatchContact](err)
	}
	base := *req
	base.UserIDs = slices.Clone(req.UserIDs)
	return core.Walk(ctx, base.Cursor, func(ctx context.Context, cursor string) (*BatchGetByUserResponse, error) {
		page := base
		page.Cursor = cursor
		return c.BatchGetByUser(ctx, &page)
	}, func(p *BatchGetByUserResponse) []BatchContact { return p.ExternalContactList },
		func(p *BatchGetByUserResponse) string { return p.NextCursor })
}
