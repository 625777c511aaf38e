package externalcontact

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

// Strategy tags (规则组标签) are corp tags that belong to a customer-contact
// rule group (客户联系规则组, a "strategy"): only the members the rule group
// manages can use them. They share the corp's tag cap with corp tags, and an
// app may manage only the strategy tags it created. Neither EasyWeChat nor
// WxJava has these calls; the names follow PowerWeChat's ExternalContactTag
// methods in this SDK's style.

// GetStrategyTagsRequest filters GetStrategyTags. A nil request asks for
// every strategy tag of every rule group. The filter rules are those of
// GetCorpTags.
type GetStrategyTagsRequest struct {
	// StrategyID limits the answer to one rule group; 0 means all.
	StrategyID int64 `json:"strategy_id,omitempty"`
	// TagIDs asks for these tags (each with its group).
	TagIDs []string `json:"tag_id,omitempty"`
	// GroupIDs asks for these groups with all their tags; when given,
	// TagIDs is ignored.
	GroupIDs []string `json:"group_id,omitempty"`
}

// Validate checks the request before it is sent; a nil request is every
// strategy tag.
func (r *GetStrategyTagsRequest) Validate() error {
	if r == nil {
		return nil
	}
	if r.StrategyID < 0 {
		return &core.ArgError{Field: "strategy_id", Reason: "must not be negative"}
	}
	return tagValidateFilter(r.TagIDs, r.GroupIDs)
}

var epGetStrategyTagList = endpoints.Add(core.ReadPost("externalcontact/get_strategy_tag_list"), core.Meta{
	Doc: "94882", Title: "获取指定规则组下的企业客户标签"})

// GetStrategyTags returns strategy tags by group, each group with its
// StrategyID, filtered as GetCorpTags filters (of req.StrategyID when set).
//
// WeCom API: POST /cgi-bin/externalcontact/get_strategy_tag_list (获取指定规则组下的企业客户标签), https://developer.work.weixin.qq.com/document/path/94882.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactTag.GetStrategyTagList.
func (c *Client) GetStrategyTags(ctx context.Context, req *GetStrategyTagsRequest) ([]TagGroup, error) {
	if req == nil {
		req = &GetStrategyTagsRequest{}
	}
	out, err := core.Send[getTagListResponse](ctx, c.core, epGetStrategyTagList, req)
	return pick(out, err, tagGroups)
}

// AddStrategyTagRequest adds tags to a rule group's tag group: an existing
// one (GroupID) or the one named GroupName, created when no group has that
// name.
type AddStrategyTagRequest struct {
	// StrategyID is the rule group; required. Tags can be added only to
	// first-level (一级) rule groups.
	StrategyID int64 `json:"strategy_id"`
	// GroupID is the group to add the tags to. When set, GroupName and
	// Order are ignored. One of GroupID and GroupName is required.
	GroupID string `json:"group_id,omitempty"`
	// GroupName names the group, at most 30 characters.
	GroupName string `json:"group_name,omitempty"`
	// Order is the new group's order, in [0, 2^32); larger values come
	// first.
	Order int64 `json:"order,omitempty"`
	// Tags are the tags to create: at least one.
	Tags []TagSpec `json:"tag"`
}

// Validate checks the request before it is sent.
func (r *AddStrategyTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if r.StrategyID <= 0 {
		return &core.ArgError{Field: "strategy_id", Reason: "is required"}
	}
	return tagValidateNewGroup(r.GroupID, r.GroupName, r.Order, r.Tags)
}

var epAddStrategyTag = endpoints.Add(core.Write("externalcontact/add_strategy_tag"), core.Meta{
	Doc: "94882", Title: "为指定规则组创建企业客户标签"})

// AddStrategyTag adds tags, and their group when it is new, to a rule group
// and returns the group with the new tags; its StrategyID may be 0, since
// WeCom's documented answer leaves strategy_id out.
//
// WeCom API: POST /cgi-bin/externalcontact/add_strategy_tag (为指定规则组创建企业客户标签), https://developer.work.weixin.qq.com/document/path/94882.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactTag.AddStrategyTag.
func (c *Client) AddStrategyTag(ctx context.Context, req *AddStrategyTagRequest) (*TagGroup, error) {
	out, err := core.Send[addTagResponse](ctx, c.core, epAddStrategyTag, req)
	return pick(out, err, addedGroup)
}

// UpdateStrategyTagRequest renames or reorders a strategy tag or tag group.
type UpdateStrategyTagRequest struct {
	// ID is the tag id or the group id to change.
	ID string `json:"id"`
	// Name is the new name, at most 30 characters; "" keeps the current
	// name. It must stay unique (ErrTagNameExists).
	Name string `json:"name,omitempty"`
	// Order is the new order, in [0, 2^32); nil keeps the current one (a
	// pointer because 0 is a real order).
	Order *int64 `json:"order,omitempty"`
}

// Validate checks the request before it is sent.
func (r *UpdateStrategyTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	return tagValidateEdit(r.ID, r.Name, r.Order)
}

var epEditStrategyTag = endpoints.Add(core.Write("externalcontact/edit_strategy_tag"), core.Meta{
	Doc: "94882", Title: "编辑指定规则组下的企业客户标签"})

// UpdateStrategyTag renames and/or reorders a strategy tag or tag group (at
// least one of Name and Order); a tag cannot move to another rule group.
//
// WeCom API: POST /cgi-bin/externalcontact/edit_strategy_tag (编辑指定规则组下的企业客户标签), https://developer.work.weixin.qq.com/document/path/94882.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactTag.EditStrategyTag.
func (c *Client) UpdateStrategyTag(ctx context.Context, req *UpdateStrategyTagRequest) error {
	return core.Exec(ctx, c.core, epEditStrategyTag, req)
}

// DeleteStrategyTagRequest names the strategy tags and groups to delete.
type DeleteStrategyTagRequest struct {
	// TagIDs are tags to delete. A group whose tags are all deleted is
	// deleted too.
	TagIDs []string `json:"tag_id,omitempty"`
	// GroupIDs are groups to delete with all their tags.
	GroupIDs []string `json:"group_id,omitempty"`
}

// Validate checks the request before it is sent.
func (r *DeleteStrategyTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	return tagValidateDelete(r.TagIDs, r.GroupIDs)
}

var epDelStrategyTag = endpoints.Add(core.Write("externalcontact/del_strategy_tag"), core.Meta{
	Doc: "94882", Title: "删除指定规则组下的企业客户标签",
	Note: "posted to del_strategy_tag (PowerWeChat's DelStrategyTag, in release/3.2.0, posts to edit_strategy_tag by mistake)"})

// DeleteStrategyTag deletes strategy tags and/or whole tag groups; TagIDs and
// GroupIDs are not both empty.
//
// WeCom API: POST /cgi-bin/externalcontact/del_strategy_tag (删除指定规则组下的企业客户标签), https://developer.work.weixin.qq.com/document/path/94882.
// EasyWeChat: none. WxJava: none. PowerWeChat: ExternalContactTag.DelStrategyTag.
func (c *Client) DeleteStrategyTag(ctx context.Context, req *DeleteStrategyTagRequest) error {
	return core.Exec(ctx, c.core, epDelStrategyTag, req)
}
