package externalcontact

import (
	"context"
	"errors"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Sentinels for the tag errcodes callers branch on, from WeCom's global
// error code list (全局错误码, https://developer.work.weixin.qq.com/document/path/90313).
// They apply to corp tags and strategy tags alike. Use them with errors.Is:
//
//	if errors.Is(err, externalcontact.ErrTagNameExists) { ... }
var (
	// ErrTagNotFound is errcode 40068 (不合法的标签ID): a tag or tag group id
	// is missing or does not exist (for example it was deleted meanwhile).
	ErrTagNotFound = &core.APIError{Code: 40068, Message: "invalid tag id"}
	// ErrTagNameExists is errcode 40071 (不合法的标签名字): the tag or group
	// name is already taken.
	ErrTagNameExists = &core.APIError{Code: 40071, Message: "tag name already exists"}
	// ErrTagLimitReached is errcode 40126 (企业标签个数达到上限): the corp
	// has as many corp tags (corp and strategy tags count together) as WeCom
	// allows; delete some before adding more.
	ErrTagLimitReached = &core.APIError{Code: 40126, Message: "corp tag limit reached"}
)

// Limits WeCom documents for tags.
const (
	tagNameMaxLen = 30      // longest tag or tag group name, in characters
	tagOrderLimit = 1 << 32 // order is in [0, 2^32)
)

// TagGroup is a tag group (标签组) with its tags, as WeCom returns it for
// corp tags (企业客户标签) and for strategy tags (规则组标签).
type TagGroup struct {
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	// CreateTime is when the group was created, in Unix seconds.
	CreateTime int64 `json:"create_time"`
	// Order sorts the groups: larger values come first. It is in [0, 2^32).
	Order int64 `json:"order"`
	// Deleted is set on a deleted group; WeCom returns deleted groups only
	// when they are asked for by id.
	Deleted bool `json:"deleted,omitempty"`
	// StrategyID is the rule group (规则组) owning a strategy tag group; 0
	// for corp tags.
	StrategyID int64 `json:"strategy_id,omitempty"`
	Tags       []Tag `json:"tag"`
}

// Tag is one tag of a TagGroup.
type Tag struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// CreateTime is when the tag was created, in Unix seconds.
	CreateTime int64 `json:"create_time"`
	// Order sorts the tags within their group: larger values come first.
	// It is in [0, 2^32).
	Order int64 `json:"order"`
	// Deleted is set on a deleted tag; WeCom returns deleted tags only when
	// they are asked for by id.
	Deleted bool `json:"deleted,omitempty"`
}

// TagSpec is a tag to create: its name and its order within its group.
type TagSpec struct {
	// Name is required, at most 30 characters. Several tags of one call
	// with the same name make a single tag.
	Name string `json:"name"`
	// Order is in [0, 2^32); larger values come first. 0 is WeCom's default.
	Order int64 `json:"order,omitempty"`
}

// GetCorpTagsRequest filters GetCorpTags. A nil request, or one with both
// lists empty, asks for every tag. When GroupIDs is given WeCom ignores
// TagIDs and returns the named groups with all their tags.
type GetCorpTagsRequest struct {
	// TagIDs asks for these tags (each with its group).
	TagIDs []string `json:"tag_id,omitempty"`
	// GroupIDs asks for these groups with all their tags.
	GroupIDs []string `json:"group_id,omitempty"`
}

// Validate checks the request before it is sent; a nil request is every
// tag.
func (r *GetCorpTagsRequest) Validate() error {
	if r == nil {
		return nil
	}
	return tagValidateFilter(r.TagIDs, r.GroupIDs)
}

type getTagListResponse struct {
	TagGroups []TagGroup `json:"tag_group"`
}

func tagGroups(r *getTagListResponse) []TagGroup { return r.TagGroups }

var epGetCorpTagList = endpoints.Add(core.ReadPost("externalcontact/get_corp_tag_list"), core.Meta{
	Doc: "92117", Title: "获取企业标签库", EasyWeChat: "getCorpTags", WxJava: "getCorpTagList"})

// GetCorpTags returns the corp's customer tags (企业客户标签) by group, filtered
// as GetCorpTagsRequest says; deleted tags and groups come back only when
// asked for by id.
//
// WeCom API: POST /cgi-bin/externalcontact/get_corp_tag_list (获取企业标签库), https://developer.work.weixin.qq.com/document/path/92117.
// EasyWeChat: external_contact->getCorpTags. WxJava: getCorpTagList.
func (c *Client) GetCorpTags(ctx context.Context, req *GetCorpTagsRequest) ([]TagGroup, error) {
	if req == nil {
		req = &GetCorpTagsRequest{}
	}
	out, err := core.Send[getTagListResponse](ctx, c.core, epGetCorpTagList, req)
	return pick(out, err, tagGroups)
}

// AddCorpTagRequest adds tags to an existing group (GroupID) or to the group
// named GroupName, which is created when no group has that name.
type AddCorpTagRequest struct {
	// GroupID is the group to add the tags to. When set, GroupName and
	// Order are ignored. One of GroupID and GroupName is required.
	GroupID string `json:"group_id,omitempty"`
	// GroupName names the group, at most 30 characters: an existing group
	// of that name receives the tags, otherwise a new group is created.
	GroupName string `json:"group_name,omitempty"`
	// Order is the new group's order, in [0, 2^32); larger values come
	// first.
	Order int64 `json:"order,omitempty"`
	// Tags are the tags to create: at least one (WeCom creates no empty
	// groups).
	Tags []TagSpec `json:"tag"`
	// AgentID is only for old third-party multi-app suites (旧的多应用套件):
	// the app making the call. Leave it 0 otherwise.
	AgentID int64 `json:"agentid,omitempty"`
}

// Validate checks the request before it is sent.
func (r *AddCorpTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := tagValidateNewGroup(r.GroupID, r.GroupName, r.Order, r.Tags); err != nil {
		return err
	}
	return tagValidateAgentID(r.AgentID)
}

type addTagResponse struct {
	TagGroup TagGroup `json:"tag_group"`
}

func addedGroup(r *addTagResponse) *TagGroup { return &r.TagGroup }

var epAddCorpTag = endpoints.Add(core.Write("externalcontact/add_corp_tag"), core.Meta{
	Doc: "92117", Title: "添加企业客户标签", EasyWeChat: "addCorpTag", WxJava: "addCorpTag"})

// AddCorpTag adds tags, and their group when it is new, to the corp's tag
// library and returns the group with the new tags (see Tags in the package
// doc for the cap and who may change tags).
//
// WeCom API: POST /cgi-bin/externalcontact/add_corp_tag (添加企业客户标签), https://developer.work.weixin.qq.com/document/path/92117.
// EasyWeChat: external_contact->addCorpTag. WxJava: addCorpTag.
func (c *Client) AddCorpTag(ctx context.Context, req *AddCorpTagRequest) (*TagGroup, error) {
	out, err := core.Send[addTagResponse](ctx, c.core, epAddCorpTag, req)
	return pick(out, err, addedGroup)
}

// UpdateCorpTagRequest renames or reorders a tag or a tag group.
type UpdateCorpTagRequest struct {
	// ID is the tag id or the group id to change.
	ID string `json:"id"`
	// Name is the new name, at most 30 characters; "" keeps the current
	// name. It must not clash with another tag or group (ErrTagNameExists).
	Name string `json:"name,omitempty"`
	// Order is the new order, in [0, 2^32); nil keeps the current one. It
	// is a pointer because 0 is a real order (the last place), which an
	// omitted field could not express.
	Order *int64 `json:"order,omitempty"`
	// AgentID is only for old third-party multi-app suites. Leave it 0
	// otherwise.
	AgentID int64 `json:"agentid,omitempty"`
}

// Validate checks the request before it is sent.
func (r *UpdateCorpTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := tagValidateEdit(r.ID, r.Name, r.Order); err != nil {
		return err
	}
	return tagValidateAgentID(r.AgentID)
}

var epEditCorpTag = endpoints.Add(core.Write("externalcontact/edit_corp_tag"), core.Meta{
	Doc: "92117", Title: "编辑企业客户标签", EasyWeChat: "updateCorpTag", WxJava: "editCorpTag",
	Note: "Order is a pointer, so order 0 is sent rather than dropped"})

// UpdateCorpTag renames and/or reorders a corp tag or tag group. At least one
// of Name and Order must be set. An app may edit only the tags it created.
//
// WeCom API: POST /cgi-bin/externalcontact/edit_corp_tag (编辑企业客户标签), https://developer.work.weixin.qq.com/document/path/92117.
// EasyWeChat: external_contact->updateCorpTag. WxJava: editCorpTag.
func (c *Client) UpdateCorpTag(ctx context.Context, req *UpdateCorpTagRequest) error {
	return core.Exec(ctx, c.core, epEditCorpTag, req)
}

// DeleteCorpTagRequest names the tags and groups to delete.
type DeleteCorpTagRequest struct {
	// TagIDs are tags to delete. A group whose tags are all deleted is
	// deleted too.
	TagIDs []string `json:"tag_id,omitempty"`
	// GroupIDs are groups to delete with all their tags.
	GroupIDs []string `json:"group_id,omitempty"`
	// AgentID is only for old third-party multi-app suites. Leave it 0
	// otherwise.
	AgentID int64 `json:"agentid,omitempty"`
}

// Validate checks the request before it is sent.
func (r *DeleteCorpTagRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := tagValidateDelete(r.TagIDs, r.GroupIDs); err != nil {
		return err
	}
	return tagValidateAgentID(r.AgentID)
}

var epDelCorpTag = endpoints.Add(core.Write("externalcontact/del_corp_tag"), core.Meta{
	Doc: "92117", Title: "删除企业客户标签", EasyWeChat: "deleteCorpTag", WxJava: "delCorpTag"})

// DeleteCorpTag deletes corp tags and/or whole tag groups. TagIDs and
// GroupIDs must not both be empty. An app may delete only the tags it
// created.
//
// WeCom API: POST /cgi-bin/externalcontact/del_corp_tag (删除企业客户标签), https://developer.work.weixin.qq.com/document/path/92117.
// EasyWeChat: external_contact->deleteCorpTag. WxJava: delCorpTag.
func (c *Client) DeleteCorpTag(ctx context.Context, req *DeleteCorpTagRequest) error {
	return core.Exec(ctx, c.core, epDelCorpTag, req)
}

// MarkTagsRequest adds and removes tags on a customer, as seen by one member.
type MarkTagsRequest struct {
	// UserID is the member who added the customer.
	UserID string `json:"userid"`
	// ExternalUserID is the customer; they must be the member's customer.
	ExternalUserID string `json:"external_userid"`
	// AddTags are corp or strategy tag ids to put on the customer. Several
	// tags of one group are allowed.
	AddTags []string `json:"add_tag,omitempty"`
	// RemoveTags are tag ids to take off the customer. AddTags and
	// RemoveTags must not both be empty.
	RemoveTags []string `json:"remove_tag,omitempty"`
}

// Validate checks the request before it is sent.
func (r *MarkTagsRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	if err := core.Required("external_userid", r.ExternalUserID); err != nil {
		return err
	}
	if len(r.AddTags) == 0 && len(r.RemoveTags) == 0 {
		return &core.ArgError{Field: "add_tag", Reason: "add_tag and remove_tag must not both be empty"}
	}
	if err := core.OptionalIDList("add_tag", r.AddTags, 0); err != nil {
		return err
	}
	return core.OptionalIDList("remove_tag", r.RemoveTags, 0)
}

var epMarkTag = endpoints.Add(core.Write("externalcontact/mark_tag"), core.Meta{
	Doc: "92118", Title: "编辑客户企业标签", EasyWeChat: "markTags", WxJava: "markTag"})

// MarkTags adds AddTags to and removes RemoveTags from the corp tags a member
// put on a customer (编辑客户企业标签); a member's own tags cannot be set, and
// an unknown tag id fails with ErrTagNotFound.
//
// WeCom API: POST /cgi-bin/externalcontact/mark_tag (编辑客户企业标签), https://developer.work.weixin.qq.com/document/path/92118.
// EasyWeChat: external_contact->markTags. WxJava: markTag.
func (c *Client) MarkTags(ctx context.Context, req *MarkTagsRequest) error {
	return core.Exec(ctx, c.core, epMarkTag, req)
}

// The helpers below are shared by the corp tag and strategy tag calls.

// tagValidateFilter checks the id lists of a get_*_tag_list filter.
func tagValidateFilter(tagIDs, groupIDs []string) error {
	if err := core.OptionalIDList("tag_id", tagIDs, 0); err != nil {
		return err
	}
	return core.OptionalIDList("group_id", groupIDs, 0)
}

// tagValidateDelete checks a del_*_tag request's id lists.
func tagValidateDelete(tagIDs, groupIDs []string) error {
	if len(tagIDs) == 0 && len(groupIDs) == 0 {
		return &core.ArgError{Field: "tag_id", Reason: "tag_id and group_id must not both be empty"}
	}
	return tagValidateFilter(tagIDs, groupIDs)
}

// tagValidateOrder fails when v is outside WeCom's [0, 2^32).
func tagValidateOrder(field string, v int64) error {
	if v < 0 || v >= tagOrderLimit {
		return &core.ArgError{Field: field, Reason: "is " + strconv.FormatInt(v, 10) + ", must be in [0, 2^32)"}
	}
	return nil
}

// tagValidateAgentID fails on a negative agentid.
func tagValidateAgentID(v int64) error {
	if v < 0 {
		return &core.ArgError{Field: "agentid", Reason: "must not be negative"}
	}
	return nil
}

// tagValidateNewGroup checks the group and tags of an add_*_tag request.
func tagValidateNewGroup(groupID, groupName string, order int64, tags []TagSpec) error {
	if groupID == "" && groupName == "" {
		return &core.ArgError{Field: "group_id", Reason: "group_id and group_name must not both be empty"}
	}
	if err := core.MaxRunes("group_name", groupName, tagNameMaxLen); err != nil {
		return err
	}
	if err := tagValidateOrder("order", order); err != nil {
		return err
	}
	if len(tags) == 0 {
		return &core.ArgError{Field: "tag", Reason: "needs at least one tag"}
	}
	for i, t := range tags {
		err := core.Required("tag.name", t.Name)
		if err == nil {
			err = core.MaxRunes("tag.name", t.Name, tagNameMaxLen)
		}
		if err == nil {
			err = tagValidateOrder("tag.order", t.Order)
		}
		if err != nil {
			var ae *core.ArgError
			if errors.As(err, &ae) {
				ae.Reason = "tag #" + strconv.Itoa(i) + " " + ae.Reason
			}
			return err
		}
	}
	return nil
}

// tagValidateEdit checks an edit_*_tag request.
func tagValidateEdit(id, name string, order *int64) error {
	if err := core.Required("id", id); err != nil {
		return err
	}
	if name == "" && order == nil {
		return &core.ArgError{Field: "name", Reason: "name and order are both unset: nothing to change"}
	}
	if err := core.MaxRunes("name", name, tagNameMaxLen); err != nil {
		return err
	}
	if order != nil {
		return tagValidateOrder("order", *order)
	}
	return nil
}
