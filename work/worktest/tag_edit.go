package worktest

import (
	"fmt"
	"slices"
)

// The calls that change the tag libraries (add/edit/del for corp and
// strategy tags) and the tags on customers (mark_tag). See tag.go.

// tagAddRequest is the body of add_corp_tag, and of add_strategy_tag
// besides its strategy_id; agentid is accepted and ignored.
type tagAddRequest struct {
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Order     int64  `json:"order"`
	Tags      []struct {
		Name  string `json:"name"`
		Order int64  `json:"order"`
	} `json:"tag"`
	AgentID int64 `json:"agentid"`
}

// addCorpTag serves POST externalcontact/add_corp_tag (添加企业客户标签).
func (s *Server) addCorpTag(c *call, req *tagAddRequest) (any, error) {
	return c.addTags(corpTagScope, req)
}

// addStrategyTag serves POST externalcontact/add_strategy_tag (为指定规则组
// 创建企业客户标签): strategy_id is required and must be a known rule group
// (40058).
func (s *Server) addStrategyTag(c *call, req *tagAddStrategyRequest) (any, error) {
	if err := c.st.checkStrategy(req.StrategyID); err != nil {
		return nil, err
	}
	return c.addTags(tagScope{strategy: true, strategyID: req.StrategyID}, &req.tagAddRequest)
}

// tagAddStrategyRequest is add_strategy_tag's body: strategy_id is
// required.
type tagAddStrategyRequest struct {
	StrategyID int64 `json:"strategy_id" wt:"required"`
	tagAddRequest
}

// addTags adds the request's tags to the group group_id (a live group of
// the scope, else 40068; group_name and order are then ignored), or to the
// live group named group_name, created with order when there is none. At
// least one tag; names of 1 to 30 characters, orders in [0, 2^32) (40058).
// Tags of one call with the same name make one tag; a name a live tag of
// the group has answers 40071; more than 3000 live tags answers 40126. The
// answer is the group with the new tags only, as WeCom documents it (no
// strategy_id).
func (c *call) addTags(sc tagScope, req *tagAddRequest) (any, error) {
	st := c.st
	if len(req.Tags) == 0 {
		return nil, errParam("tag is required")
	}
	for i, t := range req.Tags {
		field := fmt.Sprintf("tag[%d].name", i)
		if err := requireField(field, t.Name); err != nil {
			return nil, err
		}
		if err := checkRunes(field, t.Name, maxTagNameLen); err != nil {
			return nil, err
		}
		if err := checkTagOrder(fmt.Sprintf("tag[%d].order", i), t.Order); err != nil {
			return nil, err
		}
	}
	var g *TagGroup
	switch {
	case req.GroupID != "":
		if g = st.liveGroupIn(sc, req.GroupID); g == nil {
			return nil, errDetail(codeInvalidTagID, "no tag group %s", req.GroupID)
		}
	case req.GroupName == "":
		return nil, errParam("group_id and group_name are both empty")
	default:
		if err := checkRunes("group_name", req.GroupName, maxTagNameLen); err != nil {
			return nil, err
		}
		if err := checkTagOrder("order", req.Order); err != nil {
			return nil, err
		}
		g = st.groupNamed(sc, req.GroupName)
	}

	now := c.now.Unix()
	fresh := map[string]bool{} // ids drawn in this call
	taken := func(id string) bool { return fresh[id] || st.tagIDTaken(id) }
	newID := func() string {
		id := st.newID(sc.idPrefix(), 30, taken)
		fresh[id] = true
		return id
	}
	var tags []Tag
	for _, t := range req.Tags {
		if slices.ContainsFunc(tags, func(n Tag) bool { return n.Name == t.Name }) {
			continue
		}
		if g != nil && liveTagNamed(g, t.Name) != nil {
			return nil, errDetail(codeInvalidTagName, "tag %q already exists in group %q", t.Name, g.GroupName)
		}
		tags = append(tags, Tag{Name: t.Name, CreateTime: now, Order: t.Order})
	}
	if n := st.liveTagCount(); n+len(tags) > maxCorpTags {
		return nil, errDetail(codeTagLimit, "the corp has %d tags, %d more would exceed %d", n, len(tags), maxCorpTags)
	}
	for i := range tags {
		tags[i].ID = newID()
	}
	if g == nil {
		g = &TagGroup{GroupID: newID(), GroupName: req.GroupName, CreateTime: now, Order: req.Order,
			StrategyID: sc.strategyID, Tags: tags}
		if err := st.addTagGroup(g); err != nil {
			return nil, err // fresh ids cannot clash: a bug, reported as such
		}
	} else {
		g.Tags = append(g.Tags, tags...)
		st.indexTags(g)
	}
	v := viewGroup(g, false, func(t *Tag) bool { return fresh[t.ID] })
	v.StrategyID = 0
	return struct {
		TagGroup tagGroupView `json:"tag_group"`
	}{v}, nil
}

// tagEditRequest is the body of edit_corp_tag and edit_strategy_tag.
type tagEditRequest struct {
	ID      string `json:"id" wt:"required"`
	Name    string `json:"name"`
	Order   *int64 `json:"order"`
	AgentID int64  `json:"agentid"`
}

// editCorpTag serves POST externalcontact/edit_corp_tag (编辑企业客户标签).
func (s *Server) editCorpTag(c *call, req *tagEditRequest) (any, error) {
	return c.editTag(corpTagScope, req)
}

// editStrategyTag serves POST externalcontact/edit_strategy_tag (编辑指定规则组
// 下的企业客户标签).
func (s *Server) editStrategyTag(c *call, req *tagEditRequest) (any, error) {
	return c.editTag(tagScope{strategy: true}, req)
}

// editTag renames and/or reorders the live tag or group id of the scope
// (40068 otherwise). id is required, and name or order (40058); a name of
// at most 30 characters that no other live tag of the group (for a tag) or
// live group of the library (for a group; per rule group for strategy
// tags) has (40071); an order in [0, 2^32).
func (c *call) editTag(sc tagScope, req *tagEditRequest) (any, error) {
	if req.Name == "" && req.Order == nil {
		return nil, errParam("name and order are both empty")
	}
	if err := checkRunes("name", req.Name, maxTagNameLen); err != nil {
		return nil, err
	}
	if req.Order != nil {
		if err := checkTagOrder("order", *req.Order); err != nil {
			return nil, err
		}
	}
	if g := c.st.liveGroupIn(sc, req.ID); g != nil {
		if req.Name != "" {
			if o := c.st.groupNamed(scopeOf(g), req.Name); o != nil && o != g {
				return nil, errDetail(codeInvalidTagName, "tag group %q already exists", req.Name)
			}
			g.GroupName = req.Name
		}
		if req.Order != nil {
			g.Order = *req.Order
		}
		return nil, nil
	}
	g, t := c.st.liveTagIn(sc, req.ID)
	if t == nil {
		return nil, errDetail(codeInvalidTagID, "no tag or tag group %s", req.ID)
	}
	if req.Name != "" {
		if o := liveTagNamed(g, req.Name); o != nil && o.ID != t.ID {
			return nil, errDetail(codeInvalidTagName, "tag %q already exists in group %q", req.Name, g.GroupName)
		}
		t.Name = req.Name
	}
	if req.Order != nil {
		t.Order = *req.Order
	}
	return nil, nil
}

// tagDelRequest is the body of del_corp_tag and del_strategy_tag.
type tagDelRequest struct {
	TagIDs   []string `json:"tag_id"`
	GroupIDs []string `json:"group_id"`
	AgentID  int64    `json:"agentid"`
}

// delCorpTag serves POST externalcontact/del_corp_tag (删除企业客户标签).
func (s *Server) delCorpTag(c *call, req *tagDelRequest) (any, error) {
	return c.delTags(corpTagScope, req)
}

// delStrategyTag serves POST externalcontact/del_strategy_tag (删除指定规则组
// 下的企业客户标签).
func (s *Server) delStrategyTag(c *call, req *tagDelRequest) (any, error) {
	return c.delTags(tagScope{strategy: true}, req)
}

// delTags deletes tags and whole groups of the scope. tag_id and group_id
// must not both be empty (40058); every id must be a live tag or group of
// the scope (40068, and nothing is deleted). A group left without live tags
// is deleted too, and customers lose the deleted tags.
func (c *call) delTags(sc tagScope, req *tagDelRequest) (any, error) {
	if len(req.TagIDs) == 0 && len(req.GroupIDs) == 0 {
		return nil, errParam("tag_id and group_id are both empty")
	}
	if err := checkList("tag_id", req.TagIDs, false, 0); err != nil {
		return nil, err
	}
	if err := checkList("group_id", req.GroupIDs, false, 0); err != nil {
		return nil, err
	}
	st := c.st
	var groups []*TagGroup
	for _, id := range req.GroupIDs {
		g := st.liveGroupIn(sc, id)
		if g == nil {
			return nil, errDetail(codeInvalidTagID, "no tag group %s", id)
		}
		groups = append(groups, g)
	}
	for _, id := range req.TagIDs {
		g, t := st.liveTagIn(sc, id)
		if t == nil {
			return nil, errDetail(codeInvalidTagID, "no tag %s", id)
		}
		groups = append(groups, g)
	}
	gone := map[string]bool{} // tag ids deleted by this call
	whole := stringSet(req.GroupIDs)
	tagSet := stringSet(req.TagIDs)
	for _, g := range groups {
		live := 0
		for i := range g.Tags {
			t := &g.Tags[i]
			if !t.Deleted && (whole[g.GroupID] || tagSet[t.ID]) {
				t.Deleted = true
				gone[t.ID] = true
			}
			if !t.Deleted {
				live++
			}
		}
		if live == 0 {
			g.Deleted = true
		}
	}
	for _, r := range st.relations {
		r.TagIDs = slices.DeleteFunc(r.TagIDs, func(id string) bool { return gone[id] })
	}
	return nil, nil
}

// markTagRequest is the body of mark_tag.
type markTagRequest struct {
	UserID         string   `json:"userid"`
	ExternalUserID string   `json:"external_userid"`
	AddTag         []string `json:"add_tag"`
	RemoveTag      []string `json:"remove_tag"`
}

// markTag serves POST externalcontact/mark_tag (编辑客户企业标签): the member
// (active: 41009 / 40003) puts corp or strategy tags on their customer
// (41035 / 40096; 84061 when not theirs) and takes others off. add_tag and
// remove_tag must not both be empty (40058); add_tag must name live tags,
// remove_tag known ones, deleted allowed (40068, and nothing changes).
// Tags already on the customer are not added twice; removing a tag the
// customer does not have is a no-op; a tag in both lists ends up removed.
// The tags show in externalcontact/get (follow_user.tags) and
// batch/get_by_user (follow_info.tag_id).
func (s *Server) markTag(c *call, req *markTagRequest) (any, error) {
	m, err := c.st.activeMemberOrErr(req.UserID)
	if err != nil {
		return nil, err
	}
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	if len(req.AddTag) == 0 && len(req.RemoveTag) == 0 {
		return nil, errParam("add_tag and remove_tag are both empty")
	}
	if err := checkList("add_tag", req.AddTag, false, 0); err != nil {
		return nil, err
	}
	if err := checkList("remove_tag", req.RemoveTag, false, 0); err != nil {
		return nil, err
	}
	r := c.st.relation(m.UserID, cust.ExternalUserID)
	if r == nil {
		return nil, errCode(codeNotExternal)
	}
	for _, id := range req.AddTag {
		if g, _ := c.st.liveTag(id); g == nil {
			return nil, errDetail(codeInvalidTagID, "no tag %s", id)
		}
	}
	for _, id := range req.RemoveTag {
		if g, _ := c.st.tag(id); g == nil {
			return nil, errDetail(codeInvalidTagID, "no tag %s", id)
		}
	}
	for _, id := range req.AddTag {
		if !slices.Contains(r.TagIDs, id) {
			r.TagIDs = append(r.TagIDs, id)
		}
	}
	remove := stringSet(req.RemoveTag)
	r.TagIDs = slices.DeleteFunc(r.TagIDs, func(id string) bool { return remove[id] })
	return nil, nil
}
