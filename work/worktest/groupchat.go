package worktest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// 客户群: the group chat list and details, and handing chats to a new owner
// (分配离职成员的客户群 / 分配在职成员的客户群).
//
// State behaviour of the transfers, the simulator's design:
//   - groupchat/transfer (离职继承) hands a chat whose owner has resigned to
//     an active member at once: owner becomes new_owner and status becomes
//     3 (离职继承完成); a second transfer of it answers 90508;
//   - groupchat/onjob_transfer (在职继承) hands a chat of an active owner to
//     another active member at once: owner becomes new_owner and status
//     becomes 0 (跟进人正常);
//   - in both, the new owner joins member_list (type 1, join_scene 1, at
//     the simulator clock) if not in it yet, leaves admin_list, and the
//     member_version changes when member_list did; the old owner stays a
//     member;
//   - a chat in status 2 (离职继承中, only from a fixture) answers 90507;
//   - every chat is a customer group, so 90501 does not occur; WeCom's
//     quotas (300 chats a day per new owner, two on-job transfers per chat
//     in 90 days) are not simulated.

// Group chat errcodes (the transfers answer them per chat, in
// failed_chat_list).
const (
	codeChatIDInvalid        = 40050 // chatid不存在
	codeChatTooManyOwners    = 81017 // 请求个数超过限制 (no owner_filter, > 1000 members)
	codeChatOwnerNotResigned = 90500 // 群主并未离职
	codeChatOwnerResigned    = 90502 // 群主已经离职
	codeChatOwnerSame        = 90504 // 群主没变
	codeChatInTransfer       = 90507 // 离职群正在继承处理中
	codeChatTransferDone     = 90508 // 离职群已经继承
)

// maxVisibleOwners is how many members groupchat/list accepts in the
// app's visible range when owner_filter is left out.
const maxVisibleOwners = 1000

// groupChatState is the group's part of the store.
type groupChatState struct{ chats *table[GroupChat] }

var groupChatGroup groupKey[groupChatState]

func init() {
	groupChatGroup = addGroup(group[groupChatState]{
		name:     "groupchat",
		routes:   (*Server).groupChatRoutes,
		state:    func() *groupChatState { return &groupChatState{chats: newTable(&groupChatResource)} },
		load:     func(st *store, g *groupChatState, d *Data) error { return g.chats.load(st, d.GroupChats) },
		snapshot: func(_ *store, g *groupChatState, d *Data) { d.GroupChats = g.chats.snapshot() },
		seed:     seedGroupChats,
		errTexts: map[int]string{
			codeChatIDInvalid:        "invalid chatid",
			codeChatTooManyOwners:    "too many owners in the app's visible range, use owner_filter",
			codeChatOwnerNotResigned: "the owner of this chat is not resigned", // WeCom's, from the failed_chat_list example
			codeChatOwnerResigned:    "the owner of this chat is resigned",
			codeChatOwnerSame:        "the new owner is already the owner of this chat",
			codeChatInTransfer:       "this chat is being transferred",
			codeChatTransferDone:     "this chat has already been transferred",
		},
	})
}

// groupChatResource describes the table of chats: chat_id "wr…", an
// unknown one answers 40050, the owner must be a member.
var groupChatResource = resource[GroupChat]{
	name: "group chat", idField: "chat_id",
	id:       func(c *GroupChat) *string { return &c.ChatID },
	ids:      idFormat{prefix: "wr", n: 30},
	notFound: codeChatIDInvalid,
	validate: func(st *store, c *GroupChat, _ op) error {
		if st.member(c.Owner) == nil {
			return fmt.Errorf("unknown owner %q", c.Owner)
		}
		return nil
	},
}

// chats returns the store's table of group chats.
func (st *store) chats() *table[GroupChat] { return groupChatGroup.of(st).chats }

// seedGroupChats generates WithGroupChats chats owned by the active
// members in turn; with resigned members, the last belongs to one of them
// (status 1). It draws from the core stream, so the seeded chats are the
// same as before the group had a file of its own.
func seedGroupChats(sd *seeding, d *Data) {
	var active, resigned []string
	for _, m := range d.Members {
		switch {
		case m.Resigned():
			resigned = append(resigned, m.UserID)
		case m.ExternalContact:
			active = append(active, m.UserID)
		}
	}
	n := sd.sz.groupChats
	for i := 0; i < n && len(active) > 0; i++ {
		owner, status := active[i%len(active)], ChatNormal
		if len(resigned) > 0 && i == n-1 && n > 1 {
			owner, status = resigned[0], ChatOwnerResigned
		}
		d.GroupChats = append(d.GroupChats, genGroupChat(sd.core, i, owner, status, active, d.Customers, sd.now))
	}
}

func (s *Server) groupChatRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/groupchat/list", handle: bound(s.groupChatList)},
		{method: http.MethodPost, path: "externalcontact/groupchat/get", handle: bound(s.groupChatGet)},
		{method: http.MethodPost, path: "externalcontact/groupchat/transfer", write: true, handle: bound(s.groupChatTransfer)},
		{method: http.MethodPost, path: "externalcontact/groupchat/onjob_transfer", write: true, handle: bound(s.groupChatOnJobTransfer)},
	}
}

type groupChatListRequest struct {
	StatusFilter int `json:"status_filter"`
	OwnerFilter  *struct {
		UserIDList []string `json:"userid_list"`
	} `json:"owner_filter"`
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit" wt:"required"`
}

type groupChatSummary struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// groupChatList serves POST externalcontact/groupchat/list (获取客户群列表):
// the chats in the order they were created, filtered by status_filter (0
// all, 1 离职待继承, 2 离职继承中, 3 离职继承完成; else 40058) and by
// owner_filter.userid_list (at most 100 userids, resigned ones included;
// unknown ones match nothing). limit is required, 1 to 1000 (40058).
// Without owner_filter, a corp of more than 1000 active members answers
// 81017, as WeCom does for the app's visible range.
func (s *Server) groupChatList(c *call, req *groupChatListRequest) (any, error) {
	if req.StatusFilter < ChatNormal || req.StatusFilter > ChatTransferFinished {
		return nil, errParam("status_filter is %d, must be 0 to 3", req.StatusFilter)
	}
	var owners []string
	if req.OwnerFilter != nil {
		if err := checkList("owner_filter.userid_list", req.OwnerFilter.UserIDList, false, 100); err != nil {
			return nil, err
		}
		owners = slices.Clone(req.OwnerFilter.UserIDList)
		slices.Sort(owners)
		owners = slices.Compact(owners)
	}
	if req.Limit < 1 || req.Limit > 1000 {
		return nil, errParam("limit is %d, must be 1 to 1000", req.Limit)
	}
	if len(owners) == 0 {
		n := 0
		for _, m := range c.st.members {
			if !m.Resigned() {
				n++
			}
		}
		if n > maxVisibleOwners {
			return nil, errDetail(codeChatTooManyOwners, "%d members", n)
		}
	}
	filtered := "all"
	if len(owners) > 0 {
		filtered = "owners"
	}
	page, next, err := c.st.chats().page(c, req.Cursor, req.Limit, func(ch *GroupChat) bool {
		_, owned := slices.BinarySearch(owners, ch.Owner)
		return (req.StatusFilter == 0 || ch.Status == req.StatusFilter) && (len(owners) == 0 || owned)
	}, strconv.Itoa(req.StatusFilter), filtered, strings.Join(owners, "\x00"))
	if err != nil {
		return nil, err
	}
	out := struct {
		List       []groupChatSummary `json:"group_chat_list"`
		NextCursor string             `json:"next_cursor"`
	}{List: make([]groupChatSummary, len(page)), NextCursor: next}
	for i, ch := range page {
		out.List[i] = groupChatSummary{ChatID: ch.ChatID, Status: ch.Status}
	}
	return out, nil
}

type groupChatGetRequest struct {
	ChatID   string `json:"chat_id" wt:"required"`
	NeedName int    `json:"need_name"`
}

// groupChatOut is the group_chat of groupchat/get: a GroupChat without its
// status, with member names only when asked for.
type groupChatOut struct {
	ChatID        string       `json:"chat_id"`
	Name          string       `json:"name"`
	Owner         string       `json:"owner"`
	CreateTime    int64        `json:"create_time"`
	Notice        string       `json:"notice,omitempty"`
	Members       []ChatMember `json:"member_list"`
	Admins        []ChatAdmin  `json:"admin_list"`
	MemberVersion string       `json:"member_version,omitempty"`
}

// groupChatGet serves POST externalcontact/groupchat/get (获取客户群详情).
// chat_id is required (40058) and must name a chat (40050); need_name is 0
// or 1 (40058): with 1, every member has its name (a corp member's name, a
// customer's name), with 0 none has.
func (s *Server) groupChatGet(c *call, req *groupChatGetRequest) (any, error) {
	ch, err := c.st.chats().lookup(req.ChatID)
	if err != nil {
		return nil, err
	}
	if req.NeedName != 0 && req.NeedName != 1 {
		return nil, errParam("need_name is %d, must be 0 or 1", req.NeedName)
	}
	out := groupChatOut{
		ChatID: ch.ChatID, Name: ch.Name, Owner: ch.Owner, CreateTime: ch.CreateTime, Notice: ch.Notice,
		Members: make([]ChatMember, len(ch.Members)), Admins: []ChatAdmin{}, MemberVersion: ch.MemberVersion,
	}
	out.Admins = append(out.Admins, ch.Admins...)
	for i, m := range ch.Members {
		m.Name = ""
		if req.NeedName == 1 {
			m.Name = c.st.chatMemberName(ch.Members[i])
		}
		out.Members[i] = m
	}
	return struct {
		GroupChat groupChatOut `json:"group_chat"`
	}{out}, nil
}

// chatMemberName is the name groupchat/get shows with need_name=1.
func (st *store) chatMemberName(m ChatMember) string {
	if m.Name != "" {
		return m.Name
	}
	if m.Type == ChatMemberInternal {
		if mem := st.member(m.UserID); mem != nil {
			return mem.Name
		}
	} else if cust := st.customer(m.UserID); cust != nil {
		return cust.Name
	}
	return ""
}

type chatTransferRequest struct {
	ChatIDList []string `json:"chat_id_list"`
	NewOwner   string   `json:"new_owner"`
}

// failedChat is one entry of failed_chat_list.
type failedChat struct {
	ChatID  string `json:"chat_id"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

type chatTransferResponse struct {
	FailedChats []failedChat `json:"failed_chat_list"`
}

// groupChatTransfer serves POST externalcontact/groupchat/transfer (分配离职
// 成员的客户群). See chatTransfer.
func (s *Server) groupChatTransfer(c *call, req *chatTransferRequest) (any, error) {
	return s.chatTransfer(c, req, true)
}

// groupChatOnJobTransfer serves POST externalcontact/groupchat/onjob_transfer
// (分配在职成员的客户群). See chatTransfer.
func (s *Server) groupChatOnJobTransfer(c *call, req *chatTransferRequest) (any, error) {
	return s.chatTransfer(c, req, false)
}

// chatTransfer hands chats to new_owner. The call fails as a whole when
// chat_id_list is empty or longer than 100 (40058), new_owner is missing
// (40058), unknown or resigned (40003), or has no 客户联系 (84074). Each chat
// then succeeds or lands in failed_chat_list: an unknown chat with 40050,
// one in transfer (status 2) with 90507; for 离职继承 (resigned) an already
// transferred chat (status 3) with 90508 and one whose owner is active with
// 90500; for 在职继承 one whose owner resigned with 90502 and one already
// owned by new_owner with 90504. A chat listed twice is handled once.
func (s *Server) chatTransfer(c *call, req *chatTransferRequest, resigned bool) (any, error) {
	if err := checkList("chat_id_list", req.ChatIDList, true, 100); err != nil {
		return nil, err
	}
	if err := requireField("new_owner", req.NewOwner); err != nil {
		return nil, err
	}
	owner, err := c.st.contactMemberOrErr(req.NewOwner)
	if err != nil {
		return nil, err
	}
	out := chatTransferResponse{FailedChats: []failedChat{}}
	seen := map[string]bool{}
	for _, id := range req.ChatIDList {
		if seen[id] {
			continue
		}
		seen[id] = true
		if code := c.st.transferChat(id, owner, resigned, c.now.Unix()); code != 0 {
			out.FailedChats = append(out.FailedChats, failedChat{ChatID: id, ErrCode: code, ErrMsg: errText(code)})
		}
	}
	return out, nil
}

// transferChat hands one chat to newOwner and returns 0, or the errcode
// for failed_chat_list.
func (st *store) transferChat(chatID string, newOwner *Member, resigned bool, now int64) int {
	ch := st.chats().get(chatID)
	if ch == nil {
		return codeChatIDInvalid
	}
	ownerActive := st.activeMember(ch.Owner) != nil
	switch {
	case ch.Status == ChatTransferring:
		return codeChatInTransfer
	case resigned && ch.Status == ChatTransferFinished:
		return codeChatTransferDone
	case resigned && ownerActive:
		return codeChatOwnerNotResigned
	case !resigned && !ownerActive:
		return codeChatOwnerResigned
	case !resigned && ch.Owner == newOwner.UserID:
		return codeChatOwnerSame
	}
	ch.Owner = newOwner.UserID
	ch.Status = ChatNormal
	if resigned {
		ch.Status = ChatTransferFinished
	}
	ch.Admins = slices.DeleteFunc(ch.Admins, func(a ChatAdmin) bool { return a.UserID == newOwner.UserID })
	if !slices.ContainsFunc(ch.Members, func(m ChatMember) bool {
		return m.Type == ChatMemberInternal && m.UserID == newOwner.UserID
	}) {
		ch.Members = append(ch.Members, ChatMember{UserID: newOwner.UserID, Type: ChatMemberInternal, JoinTime: now, JoinScene: 1})
		ch.MemberVersion = st.ids.hex(32)
	}
	return 0
}
