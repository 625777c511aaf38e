package worktest

import (
	"fmt"
	"net/http"
)

// 客户标签: corp tags (企业客户标签), strategy tags (规则组标签) and the tags
// members put on customers (mark_tag).
//
// Corp tags live in tag groups with StrategyID 0 and ids "et…"; strategy
// tags in groups with StrategyID > 0 and ids "st…". The two are separate
// libraries with the same rules: get_corp_tag_list and edit/del_corp_tag see
// corp tags only, the *_strategy_tag calls strategy tags only, and an id of
// the other library answers like an unknown one. mark_tag takes both.
//
// Deleting is soft: a deleted tag or group stays in the state with Deleted
// set, so get_*_tag_list still reports it when asked for by id, and its id
// is never reused; it disappears from the full list and from customers.
//
// Errcodes beyond the common ones: 40068 invalid tagid (an unknown or
// deleted tag or group id, or one of the other library), 40071 invalid tag
// name (the name is taken by a live tag of the group, or by a live group),
// 40126 over the corp's 3000 live corp and strategy tags.

// Tag errcodes.
const (
	codeInvalidTagID   = 40068 // invalid tagid
	codeInvalidTagName = 40071 // invalid tag name (taken)
	codeTagLimit       = 40126 // corp tag count over the limit
)

// tagState is the group's part of the store: the tag groups of both
// libraries in one table (group_id), and an index of their tags by id.
// Tag and group ids share one namespace.
type tagState struct {
	groups *table[TagGroup]
	byTag  map[string]*TagGroup // tag id → its group
}

var tagKey groupKey[tagState]

func init() {
	tagKey = addGroup(group[tagState]{
		name:     "tag",
		routes:   (*Server).tagRoutes,
		state:    func() *tagState { return &tagState{groups: newTable(&tagGroupResource), byTag: map[string]*TagGroup{}} },
		load:     loadTags,
		snapshot: func(_ *store, g *tagState, d *Data) { d.TagGroups = g.groups.snapshot() },
		errTexts: map[int]string{
			codeInvalidTagID:   "invalid tagid",
			codeInvalidTagName: "invalid tag name",
			codeTagLimit:       "corp tag count exceeds the limit",
		},
	})
}

// tagGroupResource describes the table of tag groups; their ids are drawn
// by the calls that add them (addTags), which share the namespace with
// the tags'.
var tagGroupResource = resource[TagGroup]{
	name: "tag group", idField: "group_id",
	id:       func(g *TagGroup) *string { return &g.GroupID },
	notFound: codeInvalidTagID,
}

// tagLib returns the store's tag libraries.
func (st *store) tagLib() *tagState { return tagKey.of(st) }

// loadTags loads the fixture's tag groups and then checks the tags the
// relations carry.
func loadTags(st *store, g *tagState, d *Data) error {
	for i := range d.TagGroups {
		if err := st.addTagGroup(&d.TagGroups[i]); err != nil {
			return err
		}
	}
	for _, r := range st.relations {
		for _, id := range r.TagIDs {
			if g, _ := st.tag(id); g == nil {
				return fmt.Errorf("relation %s–%s: unknown tag %q", r.UserID, r.ExternalUserID, id)
			}
		}
	}
	return nil
}

// addTagGroup adds a tag group; ids must be unique across groups and tags.
func (st *store) addTagGroup(g *TagGroup) error {
	if g.GroupID == "" {
		return fmt.Errorf("tag group without group_id")
	}
	seen := map[string]bool{}
	for _, id := range append([]string{g.GroupID}, tagIDs(g)...) {
		if st.tagIDTaken(id) || seen[id] || id == "" {
			return fmt.Errorf("group %q: empty or duplicate tag or group id %q", g.GroupID, id)
		}
		seen[id] = true
	}
	if err := st.tagLib().groups.insert(st, g); err != nil {
		return err
	}
	st.indexTags(g)
	return nil
}

// indexTags records the ids of g's tags (after tags were added to it).
func (st *store) indexTags(g *TagGroup) {
	for _, t := range g.Tags {
		st.tagLib().byTag[t.ID] = g
	}
}

func tagIDs(g *TagGroup) []string {
	out := make([]string, len(g.Tags))
	for i, t := range g.Tags {
		out[i] = t.ID
	}
	return out
}

// tagGroups returns the tag groups of both libraries in the order they
// were created.
func (st *store) tagGroups() []*TagGroup { return st.tagLib().groups.all() }

// tagGroup returns the group with the given id, deleted or not.
func (st *store) tagGroup(groupID string) *TagGroup { return st.tagLib().groups.get(groupID) }

// tag returns a tag and its group by tag id (deleted ones included).
func (st *store) tag(tagID string) (*TagGroup, *Tag) {
	g := st.tagLib().byTag[tagID]
	if g == nil {
		return nil, nil
	}
	for i := range g.Tags {
		if g.Tags[i].ID == tagID {
			return g, &g.Tags[i]
		}
	}
	return nil, nil
}

// liveTag returns a tag and its group when neither is deleted.
func (st *store) liveTag(tagID string) (*TagGroup, *Tag) {
	g, t := st.tag(tagID)
	if g == nil || g.Deleted || t.Deleted {
		return nil, nil
	}
	return g, t
}

func (s *Server) tagRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/get_corp_tag_list", handle: bound(s.getCorpTagList)},
		{method: http.MethodPost, path: "externalcontact/add_corp_tag", write: true, handle: bound(s.addCorpTag)},
		{method: http.MethodPost, path: "externalcontact/edit_corp_tag", write: true, handle: bound(s.editCorpTag)},
		{method: http.MethodPost, path: "externalcontact/del_corp_tag", write: true, handle: bound(s.delCorpTag)},
		{method: http.MethodPost, path: "externalcontact/mark_tag", write: true, handle: bound(s.markTag)},
		{method: http.MethodPost, path: "externalcontact/get_strategy_tag_list", handle: bound(s.getStrategyTagList)},
		{method: http.MethodPost, path: "externalcontact/add_strategy_tag", write: true, handle: bound(s.addStrategyTag)},
		{method: http.MethodPost, path: "externalcontact/edit_strategy_tag", write: true, handle: bound(s.editStrategyTag)},
		{method: http.MethodPost, path: "externalcontact/del_strategy_tag", write: true, handle: bound(s.delStrategyTag)},
	}
}

// Limits WeCom documents for tags.
const (
	maxCorpTags    = 3000    // live corp and strategy tags of a corp, together
	maxTagNameLen  = 30      // characters of a tag or group name
	tagOrderBounds = 1 << 32 // order is in [0, 2^32)
)

// checkTagOrder fails with 40058 when an order is outside [0, 2^32).
func checkTagOrder(field string, v int64) error {
	if v < 0 || v >= tagOrderBounds {
		return errParam("%s is %d, must be in [0, 2^32)", field, v)
	}
	return nil
}

// tagScope is the library a call works on: corp tags, or strategy tags
// (of one rule group, or of all when strategyID is 0).
type tagScope struct {
	strategy   bool
	strategyID int64
}

var corpTagScope = tagScope{}

// scopeOf is the namespace of g's group names: the corp tags, or g's rule
// group.
func scopeOf(g *TagGroup) tagScope {
	return tagScope{strategy: g.StrategyID > 0, strategyID: g.StrategyID}
}

// holds reports whether g belongs to the scope.
func (sc tagScope) holds(g *TagGroup) bool {
	if !sc.strategy {
		return g.StrategyID == 0
	}
	return g.StrategyID > 0 && (sc.strategyID == 0 || g.StrategyID == sc.strategyID)
}

// idPrefix is the prefix of the scope's tag and group ids.
func (sc tagScope) idPrefix() string {
	if sc.strategy {
		return "st"
	}
	return "et"
}

// liveGroupIn returns the live group with the given id in the scope.
func (st *store) liveGroupIn(sc tagScope, groupID string) *TagGroup {
	if g := st.tagGroup(groupID); g != nil && !g.Deleted && sc.holds(g) {
		return g
	}
	return nil
}

// liveTagIn returns a live tag of the scope and its group.
func (st *store) liveTagIn(sc tagScope, tagID string) (*TagGroup, *Tag) {
	if g, t := st.liveTag(tagID); g != nil && sc.holds(g) {
		return g, t
	}
	return nil, nil
}

// groupNamed returns the live group of the scope with the given name.
func (st *store) groupNamed(sc tagScope, name string) *TagGroup {
	for _, g := range st.tagGroups() {
		if !g.Deleted && sc.holds(g) && g.GroupName == name {
			return g
		}
	}
	return nil
}

// liveTagNamed returns the live tag of g with the given name.
func liveTagNamed(g *TagGroup, name string) *Tag {
	for i := range g.Tags {
		if t := &g.Tags[i]; !t.Deleted && t.Name == name {
			return t
		}
	}
	return nil
}

// liveTagCount counts the live corp and strategy tags (WeCom's cap counts
// both).
func (st *store) liveTagCount() int {
	n := 0
	for _, g := range st.tagGroups() {
		if g.Deleted {
			continue
		}
		for _, t := range g.Tags {
			if !t.Deleted {
				n++
			}
		}
	}
	return n
}

// strategyExists reports whether a rule group is known: the simulator has
// no rule group entity, so a rule group exists when a tag group (deleted or
// not) belongs to it, as strategy_id 1 does in the generated data.
func (st *store) strategyExists(id int64) bool {
	for _, g := range st.tagGroups() {
		if g.StrategyID == id {
			return true
		}
	}
	return false
}

// tagIDTaken reports whether id is a tag or group id already.
func (st *store) tagIDTaken(id string) bool {
	if g, _ := st.tag(id); g != nil {
		return true
	}
	return st.tagGroup(id) != nil
}

// tagGroupView is a tag_group entry of an answer. Deleted is set only when
// the tags were asked for by id, as WeCom reports it; StrategyID only on
// get_strategy_tag_list.
type tagGroupView struct {
	GroupID    string    `json:"group_id"`
	GroupName  string    `json:"group_name"`
	CreateTime int64     `json:"create_time"`
	Order      int64     `json:"order"`
	Deleted    *bool     `json:"deleted,omitempty"`
	StrategyID int64     `json:"strategy_id,omitempty"`
	Tags       []tagView `json:"tag"`
}

// tagView is a tag entry of a tagGroupView.
type tagView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreateTime int64  `json:"create_time"`
	Order      int64  `json:"order"`
	Deleted    *bool  `json:"deleted,omitempty"`
}

// viewGroup renders g with the tags keep accepts; byID adds the deleted
// flags.
func viewGroup(g *TagGroup, byID bool, keep func(*Tag) bool) tagGroupView {
	v := tagGroupView{GroupID: g.GroupID, GroupName: g.GroupName, CreateTime: g.CreateTime, Order: g.Order,
		StrategyID: g.StrategyID, Tags: []tagView{}}
	flag := func(b bool) *bool {
		if !byID {
			return nil
		}
		return &b
	}
	v.Deleted = flag(g.Deleted)
	for i := range g.Tags {
		if t := &g.Tags[i]; keep(t) {
			v.Tags = append(v.Tags, tagView{ID: t.ID, Name: t.Name, CreateTime: t.CreateTime, Order: t.Order, Deleted: flag(t.Deleted)})
		}
	}
	return v
}

// tagListRequest is the body of get_corp_tag_list and get_strategy_tag_list
// (strategy_id only for the latter).
type tagListRequest struct {
	StrategyID int64    `json:"strategy_id"`
	TagIDs     []string `json:"tag_id"`
	GroupIDs   []string `json:"group_id"`
}

// listTags answers a get_*_tag_list: with group_id, those groups with all
// their tags (tag_id is ignored); else with tag_id, those tags within their
// groups; else every live group with its live tags. Groups and tags come in
// the order they were created; unknown ids are left out; deleted ones are
// shown (deleted: true) only when asked for by id.
func (st *store) listTags(sc tagScope, req *tagListRequest) (any, error) {
	if err := checkList("tag_id", req.TagIDs, false, 0); err != nil {
		return nil, err
	}
	if err := checkList("group_id", req.GroupIDs, false, 0); err != nil {
		return nil, err
	}
	out := struct {
		TagGroups []tagGroupView `json:"tag_group"`
	}{TagGroups: []tagGroupView{}}
	all := func(*Tag) bool { return true }
	switch {
	case len(req.GroupIDs) > 0:
		want := stringSet(req.GroupIDs)
		for _, g := range st.tagGroups() {
			if sc.holds(g) && want[g.GroupID] {
				out.TagGroups = append(out.TagGroups, viewGroup(g, true, all))
			}
		}
	case len(req.TagIDs) > 0:
		want := stringSet(req.TagIDs)
		for _, g := range st.tagGroups() {
			if v := viewGroup(g, true, func(t *Tag) bool { return want[t.ID] }); sc.holds(g) && len(v.Tags) > 0 {
				out.TagGroups = append(out.TagGroups, v)
			}
		}
	default:
		for _, g := range st.tagGroups() {
			if sc.holds(g) && !g.Deleted {
				out.TagGroups = append(out.TagGroups, viewGroup(g, false, func(t *Tag) bool { return !t.Deleted }))
			}
		}
	}
	return out, nil
}

func stringSet(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, v := range list {
		m[v] = true
	}
	return m
}

// getCorpTagList serves POST externalcontact/get_corp_tag_list (获取企业标签库).
func (s *Server) getCorpTagList(c *call, req *tagListRequest) (any, error) {
	return c.st.listTags(corpTagScope, req)
}

// getStrategyTagList serves POST externalcontact/get_strategy_tag_list
// (获取指定规则组下的企业客户标签): the corp-tag filters, within one rule group
// when strategy_id is set (40058 when it is negative or unknown).
func (s *Server) getStrategyTagList(c *call, req *tagListRequest) (any, error) {
	if req.StrategyID != 0 {
		if err := c.st.checkStrategy(req.StrategyID); err != nil {
			return nil, err
		}
	}
	return c.st.listTags(tagScope{strategy: true, strategyID: req.StrategyID}, req)
}

// checkStrategy fails with 40058 when id is not a known rule group.
func (st *store) checkStrategy(id int64) error {
	if id < 0 {
		return errParam("strategy_id is %d, must be positive", id)
	}
	if !st.strategyExists(id) {
		return errParam("strategy_id %d does not exist", id)
	}
	return nil
}
