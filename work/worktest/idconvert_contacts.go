package worktest

// The served-contact list (获取已服务的外部联系人) and the legacy
// crm/get_external_contact, routed with the ID转换 group (idconvert.go).

// crmGetExternalContact serves GET crm/get_external_contact?external_userid=
// (legacy 获取客户详情): externalcontact/get without paging, every
// follow_user at once and no next_cursor; the same errcodes (41035, 40096,
// 84061).
func (s *Server) crmGetExternalContact(c *call, req *externalUserIDRequest) (any, error) {
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	rels := c.st.visibleRelations(cust.ExternalUserID)
	if len(rels) == 0 {
		return nil, errCode(codeNotExternal)
	}
	out := struct {
		ExternalContact customerOut     `json:"external_contact"`
		FollowUser      []followUserOut `json:"follow_user"`
	}{ExternalContact: viewCustomer(cust), FollowUser: make([]followUserOut, 0, len(rels))}
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
func (s *Server) contactList(c *call, req *contactListRequest) (any, error) {
	limit, err := pageLimit("limit", req.Limit, 1000, 1000)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(c, req.Cursor, limit, c.st.servedContacts(), func(e positioned) uint64 { return e.pos }, nil)
	if err != nil {
		return nil, err
	}
	out := struct {
		InfoList   []servedContact `json:"info_list"`
		NextCursor string          `json:"next_cursor"`
	}{InfoList: make([]servedContact, len(page)), NextCursor: next}
	for i, e := range page {
		out.InfoList[i] = e.servedContact
	}
	return out, nil
}

type contactListRequest struct {
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

// positioned is a contact_list entry at its position.
type positioned struct {
	pos uint64
	servedContact
}

// servedContacts lists contact_list's entries in position order.
func (st *store) servedContacts() []positioned {
	var out []positioned
	for _, r := range st.relations {
		if st.activeMember(r.UserID) != nil {
			out = append(out, positioned{r.seq, servedContact{IsCustomer: true, TmpOpenID: tmpOpenID(r.ExternalUserID),
				ExternalUserID: r.ExternalUserID, FollowUserID: r.UserID, AddTime: r.CreateTime}})
		}
	}
	for _, ch := range st.chats().all() {
		base := chatPhase | st.chats().seq(ch.ChatID)<<chatMemberBits
		for i, m := range ch.Members[:min(len(ch.Members), 1<<chatMemberBits)] {
			if m.Type != ChatMemberExternal {
				continue
			}
			e := servedContact{TmpOpenID: tmpOpenID(m.UserID), FollowUserID: ch.Owner, ChatID: ch.ChatID, AddTime: m.JoinTime}
			if cust := st.customer(m.UserID); cust != nil {
				e.IsCustomer, e.ExternalUserID = true, cust.ExternalUserID
			} else {
				e.Name = maskName(st.chatMemberName(m))
			}
			out = append(out, positioned{base | uint64(i), e})
		}
	}
	return out
}
