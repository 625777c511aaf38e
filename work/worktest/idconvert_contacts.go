package worktest

// The served-contact list (获取已服务的外部联系人) and the legacy
// crm/get_external_contact, routed with the ID转换 group (idconvert.go).

// crmGetExternalContact serves GET crm/get_external_contact?external_userid=
// (legacy 获取客户详情): externalcontact/get without paging, every
// follow_user at once and no next_cursor; the same errcodes (41035, 40096,
// 84061).
func (s *Server) crmGetExternalContact(c *call) (any, error) {
	cust, err := c.st.customerOrErr(c.query.Get("external_userid"))
	if err != nil {
		return nil, err
	}
	rels := c.st.visibleRelations(cust.ExternalUserID)
	if len(rels) == 0 {
		return nil, errCode(codeNotExternal)
	}
	out := struct {
		ExternalContact *Customer       `json:"external_contact"`
		FollowUser      []followUserOut `json:"follow_user"`
	}{ExternalContact: cust, FollowUser: make([]followUserOut, 0, len(rels))}
	for _, r := range rels {
		out.FollowUser = append(out.FollowUser, c.st.followUser(r))
	}
	return out, nil
}

// servedContact is one info_list entry of contact_list.
type servedContact struct {
	IsCustomer     bool   `json:"is_customer"`
	TmpOpenID      string `json:"tmp_openid"`
	ExternalUserID string `json:"external_userid,omitempty"`
	Name           string `json:"name,omitempty"`
	FollowUserID   string `json:"follow_userid,omitempty"`
	ChatID         string `json:"chat_id,omitempty"`
	ChatName       string `json:"chat_name,omitempty"`
	AddTime        int64  `json:"add_time"`
}

// Positions of contact_list entries, for its cursor: a relation is at its
// sequence number; the i-th member of a chat is at chatPhase | chat
// sequence << chatMemberBits | i, after every relation. Members are only
// ever appended to a chat, so a position never moves.
const (
	chatPhase      = uint64(1) << 63
	chatMemberBits = 20 // WeCom caps a customer group at 2000 members
)

// maskName hides a non-customer's nickname as WeCom does ("***开").
func maskName(name string) string {
	r := []rune(name)
	if len(r) == 0 {
		return "***"
	}
	return "***" + string(r[len(r)-1])
}

// contactList serves POST externalcontact/contact_list (获取已服务的外部联系人):
// first one entry per relation of an active member (is_customer true,
// follow_userid the member, add_time the relation's createtime), oldest
// first; then one per external member of each group chat, in chat order
// (chat_id, follow_userid the chat's owner, add_time the join time), a
// customer with is_customer true and its external_userid, anyone else with
// is_customer false and a masked name. tmp_openid is a function of the
// person, the same in all their entries. limit: default 1000, above 1000
// lowered to 1000, negative 40058.
func (s *Server) contactList(c *call) (any, error) {
	var req struct {
		Cursor string `json:"cursor"`
		Limit  int    `json:"limit"`
	}
	if err := c.bind(&req); err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", req.Limit, 1000, 1000)
	if err != nil {
		return nil, err
	}
	fp := fingerprint(c.path)
	after, err := decodeCursor(req.Cursor, fp)
	if err != nil {
		return nil, err
	}
	out := struct {
		InfoList   []servedContact `json:"info_list"`
		NextCursor string          `json:"next_cursor"`
	}{InfoList: []servedContact{}}
	var last uint64
	// add appends e at pos and reports whether the page has room for more.
	add := func(pos uint64, e servedContact) bool {
		if len(out.InfoList) == limit {
			out.NextCursor = encodeCursor(fp, last)
			return false
		}
		out.InfoList = append(out.InfoList, e)
		last = pos
		return true
	}
	if after < chatPhase {
		for _, r := range c.st.relations[c.st.relationsAfter(after):] {
			if c.st.activeMember(r.UserID) == nil {
				continue
			}
			e := servedContact{IsCustomer: true, TmpOpenID: tmpOpenID(r.ExternalUserID), ExternalUserID: r.ExternalUserID,
				FollowUserID: r.UserID, AddTime: r.CreateTime}
			if !add(r.seq, e) {
				return out, nil
			}
		}
	}
	start := 0
	if after >= chatPhase { // resume in the chat of the last entry
		start = c.st.chats().after((after&^chatPhase)>>chatMemberBits - 1)
	}
	for _, ch := range c.st.chats().all()[start:] {
		base := chatPhase | c.st.chats().seq(ch.ChatID)<<chatMemberBits
		for i, m := range ch.Members[:min(len(ch.Members), 1<<chatMemberBits)] {
			pos := base | uint64(i)
			if m.Type != ChatMemberExternal || pos <= after {
				continue
			}
			e := servedContact{TmpOpenID: tmpOpenID(m.UserID), FollowUserID: ch.Owner, ChatID: ch.ChatID, AddTime: m.JoinTime}
			if cust := c.st.customer(m.UserID); cust != nil {
				e.IsCustomer, e.ExternalUserID = true, cust.ExternalUserID
			} else {
				e.Name = maskName(c.st.chatMemberName(m))
			}
			if !add(pos, e) {
				return out, nil
			}
		}
	}
	return out, nil
}
