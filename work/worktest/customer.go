package worktest

import (
	"net/http"
	"slices"
	"strings"
)

// 客户基础: follow users, customer lists and details, remarks.

func init() { addGroup(group[struct{}]{name: "customer", routes: (*Server).customerRoutes}) }

func (s *Server) customerRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "externalcontact/get_follow_user_list", handle: s.getFollowUserList},
		{method: http.MethodGet, path: "externalcontact/list", handle: s.listCustomers},
		{method: http.MethodGet, path: "externalcontact/get", handle: s.getCustomer},
		{method: http.MethodPost, path: "externalcontact/batch/get_by_user", handle: s.batchGetByUser},
		{method: http.MethodPost, path: "externalcontact/remark", write: true, handle: s.remark},
	}
}

// follow is what a follow_user entry (externalcontact/get) and a
// follow_info (batch/get_by_user) share: a relation seen from its member.
type follow struct {
	UserID         string          `json:"userid"`
	Remark         string          `json:"remark"`
	Description    string          `json:"description"`
	CreateTime     int64           `json:"createtime"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles,omitempty"`
	OperUserID     string          `json:"oper_userid,omitempty"`
	AddWay         int             `json:"add_way"`
	State          string          `json:"state,omitempty"`
	WeChatChannels *WeChatChannels `json:"wechat_channels,omitempty"`
}

func followOf(r *Relation) follow {
	return follow{
		UserID: r.UserID, Remark: r.Remark, Description: r.Description, CreateTime: r.CreateTime,
		RemarkCorpName: r.RemarkCorpName, RemarkMobiles: r.RemarkMobiles, OperUserID: r.OperUserID,
		AddWay: r.AddWay, State: r.State, WeChatChannels: r.WeChatChannels,
	}
}

// followUserOut is a follow_user entry of externalcontact/get: the tags
// resolved.
type followUserOut struct {
	follow
	Tags []tagOut `json:"tags,omitempty"`
}

// tagOut is a tag on a customer: type 1 corp, 2 personal (no tag_id),
// 3 strategy.
type tagOut struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	TagID     string `json:"tag_id,omitempty"`
	Type      int    `json:"type"`
}

// followInfoOut is the follow_info of batch/get_by_user: tag ids only.
type followInfoOut struct {
	follow
	TagIDs []string `json:"tag_id"`
}

func (st *store) followUser(r *Relation) followUserOut {
	out := followUserOut{follow: followOf(r)}
	for _, id := range r.TagIDs {
		g, t := st.liveTag(id)
		if g == nil {
			continue
		}
		typ := 1
		if g.StrategyID > 0 {
			typ = 3
		}
		out.Tags = append(out.Tags, tagOut{GroupName: g.GroupName, TagName: t.Name, TagID: t.ID, Type: typ})
	}
	for _, p := range r.PersonalTags {
		out.Tags = append(out.Tags, tagOut{GroupName: p.GroupName, TagName: p.TagName, Type: 2})
	}
	return out
}

func (st *store) followInfo(r *Relation) followInfoOut {
	out := followInfoOut{follow: followOf(r), TagIDs: []string{}}
	for _, id := range r.TagIDs {
		if g, _ := st.liveTag(id); g != nil {
			out.TagIDs = append(out.TagIDs, id)
		}
	}
	return out
}

// activeMemberOrErr returns the member, or 41009 / 40003.
func (st *store) activeMemberOrErr(userID string) (*Member, error) {
	if err := requireUserID(userID); err != nil {
		return nil, err
	}
	m := st.activeMember(userID)
	if m == nil {
		return nil, errDetail(codeInvalidUserID, "%s", userID)
	}
	return m, nil
}

// customerOrErr returns the customer, or 41035 / 40096.
func (st *store) customerOrErr(externalUserID string) (*Customer, error) {
	if err := requireExternalUserID(externalUserID); err != nil {
		return nil, err
	}
	c := st.customer(externalUserID)
	if c == nil {
		return nil, errDetail(codeInvalidExternalID, "%s", externalUserID)
	}
	return c, nil
}

// getFollowUserList serves GET externalcontact/get_follow_user_list
// (获取配置了客户联系功能的成员列表): active members with 客户联系 enabled.
func (s *Server) getFollowUserList(c *call) (any, error) {
	out := struct {
		FollowUser []string `json:"follow_user"`
	}{FollowUser: []string{}}
	for _, m := range c.st.members {
		if m.ExternalContact && !m.Resigned() {
			out.FollowUser = append(out.FollowUser, m.UserID)
		}
	}
	return out, nil
}

// listCustomers serves GET externalcontact/list?userid= (获取客户列表). A
// member with no customers answers 84061, as WeCom does.
func (s *Server) listCustomers(c *call) (any, error) {
	m, err := c.st.activeMemberOrErr(c.query.Get("userid"))
	if err != nil {
		return nil, err
	}
	out := struct {
		ExternalUserID []string `json:"external_userid"`
	}{}
	for _, r := range c.st.relations {
		if r.UserID == m.UserID {
			out.ExternalUserID = append(out.ExternalUserID, r.ExternalUserID)
		}
	}
	if len(out.ExternalUserID) == 0 {
		return nil, errCode(codeNotExternal)
	}
	return out, nil
}

// getCustomer serves GET externalcontact/get?external_userid=&cursor=
// (获取客户详情). follow_user lists the relations with active members,
// oldest first, in pages of WithFollowUserPageSize (WeCom: 500); next_cursor
// is present only when more remain.
func (s *Server) getCustomer(c *call) (any, error) {
	cust, err := c.st.customerOrErr(c.query.Get("external_userid"))
	if err != nil {
		return nil, err
	}
	fp := fingerprint(c.path, cust.ExternalUserID)
	after, err := decodeCursor(c.query.Get("cursor"), fp)
	if err != nil {
		return nil, err
	}
	rels := c.st.visibleRelations(cust.ExternalUserID)
	if len(rels) == 0 {
		return nil, errCode(codeNotExternal)
	}
	i, _ := slices.BinarySearchFunc(rels, after+1, func(r *Relation, seq uint64) int { return cmpUint(r.seq, seq) })
	rels = rels[i:]
	out := struct {
		ExternalContact *Customer       `json:"external_contact"`
		FollowUser      []followUserOut `json:"follow_user"`
		NextCursor      string          `json:"next_cursor,omitempty"`
	}{ExternalContact: cust, FollowUser: []followUserOut{}}
	size := s.cfg.followPageSize
	if len(rels) > size {
		out.NextCursor = encodeCursor(fp, rels[size-1].seq)
		rels = rels[:size]
	}
	for _, r := range rels {
		out.FollowUser = append(out.FollowUser, c.st.followUser(r))
	}
	return out, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type batchGetByUserRequest struct {
	UserIDList []string `json:"userid_list"`
	Cursor     string   `json:"cursor"`
	Limit      int      `json:"limit"`
}

type batchEntry struct {
	ExternalContact *Customer     `json:"external_contact"`
	FollowInfo      followInfoOut `json:"follow_info"`
}

// batchGetByUser serves POST externalcontact/batch/get_by_user (批量获取客户
// 详情): one entry per (customer, member) pair of the given members, oldest
// relation first. userid_list: 1 to 100 active members (40058 / 40003);
// limit: default 50, above 100 lowered to 100, negative 40058.
func (s *Server) batchGetByUser(c *call) (any, error) {
	var req batchGetByUserRequest
	if err := c.bind(&req); err != nil {
		return nil, err
	}
	if err := checkList("userid_list", req.UserIDList, true, 100); err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", req.Limit, 50, 100)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, id := range req.UserIDList {
		if _, err := c.st.activeMemberOrErr(id); err != nil {
			return nil, err
		}
		set[id] = true
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	fp := fingerprint(c.path, strings.Join(ids, "\x00"))
	after, err := decodeCursor(req.Cursor, fp)
	if err != nil {
		return nil, err
	}
	out := struct {
		List       []batchEntry `json:"external_contact_list"`
		NextCursor string       `json:"next_cursor"`
	}{List: []batchEntry{}}
	var last uint64
	for _, r := range c.st.relations[c.st.relationsAfter(after):] {
		if !set[r.UserID] {
			continue
		}
		if len(out.List) == limit {
			out.NextCursor = encodeCursor(fp, last)
			break
		}
		out.List = append(out.List, batchEntry{ExternalContact: c.st.customer(r.ExternalUserID), FollowInfo: c.st.followInfo(r)})
		last = r.seq
	}
	return out, nil
}

type remarkRequest struct {
	UserID           string   `json:"userid"`
	ExternalUserID   string   `json:"external_userid"`
	Remark           *string  `json:"remark"`
	Description      *string  `json:"description"`
	RemarkCompany    *string  `json:"remark_company"`
	RemarkMobiles    []string `json:"remark_mobiles"`
	RemarkPicMediaID *string  `json:"remark_pic_mediaid"`
}

// remark serves POST externalcontact/remark (修改客户备注信息). A field left
// out keeps its value; remark_mobiles replaces the whole list ([""] clears
// it); remark_company applies to WeChat customers only, as WeCom documents.
// All five fields empty answers 40058.
func (s *Server) remark(c *call) (any, error) {
	var req remarkRequest
	if err := c.bind(&req); err != nil {
		return nil, err
	}
	m, err := c.st.activeMemberOrErr(req.UserID)
	if err != nil {
		return nil, err
	}
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	empty := func(p *string) bool { return p == nil || *p == "" }
	if empty(req.Remark) && empty(req.Description) && empty(req.RemarkCompany) &&
		empty(req.RemarkPicMediaID) && len(req.RemarkMobiles) == 0 {
		return nil, errParam("remark, description, remark_company, remark_mobiles and remark_pic_mediaid are all empty")
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"remark", req.Remark, 20}, {"description", req.Description, 150}, {"remark_company", req.RemarkCompany, 20}} {
		if f.v != nil {
			if err := checkRunes(f.name, *f.v, f.max); err != nil {
				return nil, err
			}
		}
	}
	r := c.st.relation(m.UserID, cust.ExternalUserID)
	if r == nil {
		return nil, errCode(codeNotExternal)
	}
	if req.Remark != nil {
		r.Remark = *req.Remark
	}
	if req.Description != nil {
		r.Description = *req.Description
	}
	if req.RemarkCompany != nil && cust.Type == CustomerWeChat {
		r.RemarkCorpName = *req.RemarkCompany
	}
	if len(req.RemarkMobiles) > 0 {
		var mobiles []string
		for _, mob := range req.RemarkMobiles {
			if mob != "" {
				mobiles = append(mobiles, mob)
			}
		}
		r.RemarkMobiles = mobiles
	}
	if req.RemarkPicMediaID != nil {
		r.RemarkPicMediaID = *req.RemarkPicMediaID
	}
	return nil, nil
}
