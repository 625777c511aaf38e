package worktest

// The served-contact list (获取已服务的外部联系人) and the legacy
// crm/get_external_contact, routed with the ID转换 group (idconvert.go).

import (
	"fmt"
	"strconv"
)

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

// ServedContact is an external contact whom a member served and whom
// neither a relation nor a customer group (客户群) shows: contact_list's
// entries beyond those (获取已服务的外部联系人). Either a non-customer
// (ExternalUserID empty: is_customer false, the Name masked) the member
// chatted with, directly or in a group chat that is not a customer group
// (ChatName), or a customer met in such a chat (ExternalUserID and
// ChatName). Data.ServedContacts holds them; generated data has a few.
type ServedContact struct {
	// ExternalUserID is set for a customer of the corp (is_customer true).
	ExternalUserID string `json:"external_userid,omitempty"`
	// Name is a non-customer's nickname, which contact_list masks as WeCom
	// does ("***开"); required without ExternalUserID. Entries of the same
	// non-customer share it: their tmp_openid derives from it.
	Name string `json:"name,omitempty"`
	// FollowUserID is the member who served the contact.
	FollowUserID string `json:"follow_userid"`
	// ChatName is the group chat (not a customer group) where the member
	// met the contact; required with ExternalUserID.
	ChatName string `json:"chat_name,omitempty"`
	// AddTime is when the contact was first met, in Unix seconds.
	AddTime int64 `json:"add_time"`

	seq uint64
}

// validServed checks a ServedContact of a fixture.
func (st *store) validServed(c *ServedContact) error {
	switch {
	case st.member(c.FollowUserID) == nil:
		return fmt.Errorf("served contact: unknown member %q", c.FollowUserID)
	case c.ExternalUserID == "" && c.Name == "":
		return fmt.Errorf("served contact of %q: a non-customer needs a name", c.FollowUserID)
	case c.ExternalUserID != "" && st.customer(c.ExternalUserID) == nil:
		return fmt.Errorf("served contact: unknown customer %q", c.ExternalUserID)
	case c.ExternalUserID != "" && c.ChatName == "":
		return fmt.Errorf("served contact %q: a customer is served here only in a chat that is no customer group (chat_name)", c.ExternalUserID)
	}
	return nil
}

// seedServed adds a few served contacts: a non-customer of each of the
// first two members, one met in a chat that is no customer group, and a
// customer met in such a chat.
func seedServed(sd *seeding, d *Data) {
	var active []string
	for _, m := range d.Members {
		if m.ExternalContact && !m.Resigned() {
			active = append(active, m.UserID)
		}
	}
	if len(active) == 0 {
		return
	}
	r := sd.r
	when := func() int64 { return sd.now - int64(r.between(1, 300))*day - int64(r.intn(int(day))) }
	chat := pick(r, []string{"外联群", "客户交流群", "产品体验群"}) + strconv.Itoa(r.between(1, 9))
	for i := range min(2, len(active)) {
		d.ServedContacts = append(d.ServedContacts, ServedContact{Name: genName(r), FollowUserID: active[i], AddTime: when()})
	}
	d.ServedContacts = append(d.ServedContacts, ServedContact{Name: genName(r), FollowUserID: active[0], ChatName: chat, AddTime: when()})
	if len(d.Customers) > 0 {
		d.ServedContacts = append(d.ServedContacts, ServedContact{ExternalUserID: d.Customers[0].ExternalUserID,
			FollowUserID: active[0], ChatName: chat, AddTime: when()})
	}
}

// contactEntry is one info_list entry of contact_list.
type contactEntry struct {
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
// sequence number; a ServedContact at servedPhase | its sequence number;
// the i-th member of a chat at chatPhase | chat sequence << chatMemberBits
// | i. Members are only ever appended to a chat, so a position never
// moves.
const (
	servedPhase    = uint64(1) << 62
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
// first; then the served contacts of active members (ServedContact: a
// non-customer with its masked name, chat_name when met in a chat that is
// no customer group); then one per external member of each group chat, in
// chat order (chat_id, follow_userid the chat's owner, add_time the join
// time), a customer with is_customer true and its external_userid, anyone
// else with is_customer false and a masked name. tmp_openid is a function
// of the person, the same in all their entries. limit: default 1000, above
// 1000 lowered to 1000, negative 40058.
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
		InfoList   []contactEntry `json:"info_list"`
		NextCursor string         `json:"next_cursor"`
	}{InfoList: make([]contactEntry, len(page)), NextCursor: next}
	for i, e := range page {
		out.InfoList[i] = e.contactEntry
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
	contactEntry
}

// servedContacts lists contact_list's entries in position order.
func (st *store) servedContacts() []positioned {
	var out []positioned
	for _, r := range st.relations {
		if st.activeMember(r.UserID) != nil {
			out = append(out, positioned{r.seq, contactEntry{IsCustomer: true, TmpOpenID: tmpOpenID(r.ExternalUserID),
				ExternalUserID: r.ExternalUserID, FollowUserID: r.UserID, AddTime: r.CreateTime}})
		}
	}
	for _, sc := range idConvertKey.of(st).served {
		if st.activeMember(sc.FollowUserID) == nil {
			continue
		}
		e := contactEntry{FollowUserID: sc.FollowUserID, ChatName: sc.ChatName, AddTime: sc.AddTime}
		if sc.ExternalUserID != "" {
			e.IsCustomer, e.ExternalUserID, e.TmpOpenID = true, sc.ExternalUserID, tmpOpenID(sc.ExternalUserID)
		} else {
			e.Name, e.TmpOpenID = maskName(sc.Name), tmpOpenID("name\x00"+sc.Name)
		}
		out = append(out, positioned{servedPhase | sc.seq, e})
	}
	for _, ch := range st.chats().all() {
		base := chatPhase | st.chats().seq(ch.ChatID)<<chatMemberBits
		for i, m := range ch.Members[:min(len(ch.Members), 1<<chatMemberBits)] {
			if m.Type != ChatMemberExternal {
				continue
			}
			e := contactEntry{TmpOpenID: tmpOpenID(m.UserID), FollowUserID: ch.Owner, ChatID: ch.ChatID, AddTime: m.JoinTime}
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
