package worktest

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// 客户基础: follow users, customer lists and details, remarks.

func init() {
	addGroup(group[struct{}]{name: "customer", routes: (*Server).customerRoutes, seed: seedProfileChannels})
}

// seedProfileChannels gives about half the WeCom customers' profiles
// (对外属性) the corp's 视频号, confirmed or waiting for confirmation.
func seedProfileChannels(sd *seeding, d *Data) {
	for i := range d.Customers {
		c := &d.Customers[i]
		if c.Type == CustomerWeCom && c.ExternalProfile != nil && sd.r.chance(50) {
			c.ExternalProfile.WeChatChannels = &WeChatChannels{Nickname: c.CorpName + "视频号", Status: pick(sd.r, []int{0, 0, 1})}
		}
	}
}

func (s *Server) customerRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "externalcontact/get_follow_user_list", handle: bound(s.getFollowUserList)},
		{method: http.MethodGet, path: "externalcontact/list", handle: bound(s.listCustomers)},
		{method: http.MethodGet, path: "externalcontact/get", handle: bound(s.getCustomer)},
		{method: http.MethodPost, path: "externalcontact/batch/get_by_user", handle: bound(s.batchGetByUser)},
		{method: http.MethodPost, path: "externalcontact/remark", write: true, handle: bound(s.remark)},
	}
}

// customerOut is the external_contact object of externalcontact/get,
// batch/get_by_user and crm/get_external_contact: a Customer with every
// field WeCom documents for it, wechat_channels' status included.
type customerOut struct {
	ExternalUserID  string      `json:"external_userid"`
	Name            string      `json:"name"`
	Position        string      `json:"position,omitempty"`
	Avatar          string      `json:"avatar,omitempty"`
	CorpName        string      `json:"corp_name,omitempty"`
	CorpFullName    string      `json:"corp_full_name,omitempty"`
	Type            int         `json:"type"`
	Gender          int         `json:"gender"`
	UnionID         string      `json:"unionid,omitempty"`
	ExternalProfile *profileOut `json:"external_profile,omitempty"`
}

// profileOut is a customer's external_profile.
type profileOut struct {
	ExternalCorpName string          `json:"external_corp_name,omitempty"`
	WeChatChannels   *channelsStatus `json:"wechat_channels,omitempty"`
	ExternalAttr     []ExternalAttr  `json:"external_attr,omitempty"`
}

// channelsStatus is the 视频号 of a profile: its nickname and status (0
// confirmed, 1 waiting for the corp's confirmation), always sent.
type channelsStatus struct {
	Nickname string `json:"nickname"`
	Status   int    `json:"status"`
}

// channelsSource is the 视频号 through which a member added a customer:
// its nickname and source (0 unknown, 1 profile page, 2 live room …),
// always sent.
type channelsSource struct {
	Nickname string `json:"nickname"`
	Source   int    `json:"source"`
}

func viewCustomer(c *Customer) customerOut {
	out := customerOut{
		ExternalUserID: c.ExternalUserID, Name: c.Name, Position: c.Position, Avatar: c.Avatar,
		CorpName: c.CorpName, CorpFullName: c.CorpFullName, Type: c.Type, Gender: c.Gender, UnionID: c.UnionID,
	}
	if p := c.ExternalProfile; p != nil {
		out.ExternalProfile = &profileOut{ExternalCorpName: p.ExternalCorpName, ExternalAttr: p.ExternalAttr}
		if ch := p.WeChatChannels; ch != nil {
			out.ExternalProfile.WeChatChannels = &channelsStatus{Nickname: ch.Nickname, Status: ch.Status}
		}
	}
	return out
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
	WeChatChannels *channelsSource `json:"wechat_channels,omitempty"`
}

func followOf(r *Relation) follow {
	f := follow{
		UserID: r.UserID, Remark: r.Remark, Description: r.Description, CreateTime: r.CreateTime,
		RemarkCorpName: r.RemarkCorpName, RemarkMobiles: r.RemarkMobiles, OperUserID: r.OperUserID,
		AddWay: r.AddWay, State: r.State,
	}
	if ch := r.WeChatChannels; ch != nil {
		f.WeChatChannels = &channelsSource{Nickname: ch.Nickname, Source: ch.Source}
	}
	return f
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

// noRequest is the request of an endpoint that takes no parameters.
type noRequest struct{}

// getFollowUserList serves GET externalcontact/get_follow_user_list
// (获取配置了客户联系功能的成员列表): active members with 客户联系 enabled.
func (s *Server) getFollowUserList(c *call, _ *noRequest) (any, error) {
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

type userIDRequest struct {
	UserID string `json:"userid"`
}

// listCustomers serves GET externalcontact/list?userid= (获取客户列表). A
// member with no customers answers 84061, as WeCom does.
func (s *Server) listCustomers(c *call, req *userIDRequest) (any, error) {
	m, err := c.st.activeMemberOrErr(req.UserID)
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

type getCustomerRequest struct {
	ExternalUserID string `json:"external_userid"`
	Cursor         string `json:"cursor"`
}

// getCustomer serves GET externalcontact/get?external_userid=&cursor=
// (获取客户详情). follow_user lists the relations with active members,
// oldest first, in pages of WithFollowUserPageSize (WeCom: 500); next_cursor
// is present only when more remain.
func (s *Server) getCustomer(c *call, req *getCustomerRequest) (any, error) {
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	rels := c.st.visibleRelations(cust.ExternalUserID)
	page, next, err := paginate(c, req.Cursor, s.cfg.followPageSize, rels, relSeq, nil, cust.ExternalUserID)
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, errCode(codeNotExternal)
	}
	out := struct {
		ExternalContact customerOut     `json:"external_contact"`
		FollowUser      []followUserOut `json:"follow_user"`
		NextCursor      string          `json:"next_cursor,omitempty"`
	}{ExternalContact: viewCustomer(cust), FollowUser: make([]followUserOut, len(page)), NextCursor: next}
	for i, r := range page {
		out.FollowUser[i] = c.st.followUser(r)
	}
	return out, nil
}

// relSeq is a relation's sequence number, for paginate.
func relSeq(r *Relation) uint64 { return r.seq }

type batchGetByUserRequest struct {
	UserIDList []string `json:"userid_list" wt:"required"`
	Cursor     string   `json:"cursor"`
	Limit      int      `json:"limit"`
}

func (r *batchGetByUserRequest) validate() error {
	return checkList("userid_list", r.UserIDList, true, 100)
}

type batchEntry struct {
	ExternalContact customerOut   `json:"external_contact"`
	FollowInfo      followInfoOut `json:"follow_info"`
}

// batchGetByUser serves POST externalcontact/batch/get_by_user (批量获取客户
// 详情): one entry per (customer, member) pair of the given members, oldest
// relation first. userid_list: 1 to 100 active members (40058 / 40003);
// limit: default 50, above 100 lowered to 100, negative 40058.
func (s *Server) batchGetByUser(c *call, req *batchGetByUserRequest) (any, error) {
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
	ids := slices.Sorted(maps.Keys(set))
	page, next, err := paginate(c, req.Cursor, limit, c.st.relations, relSeq,
		func(r *Relation) bool { return set[r.UserID] }, strings.Join(ids, "\x00"))
	if err != nil {
		return nil, err
	}
	out := struct {
		List       []batchEntry `json:"external_contact_list"`
		NextCursor string       `json:"next_cursor"`
	}{List: make([]batchEntry, len(page)), NextCursor: next}
	for i, r := range page {
		out.List[i] = batchEntry{ExternalContact: viewCustomer(c.st.customer(r.ExternalUserID)), FollowInfo: c.st.followInfo(r)}
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
func (s *Server) remark(c *call, req *remarkRequest) (any, error) {
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
