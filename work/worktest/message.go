package worktest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// 企业群发: mass messages (add_msg_template) and what follows them. The
// simulator's design, after WeCom's documented behaviour:
//
//   - add_msg_template turns a template into one task per sender. To
//     customers (chat_type single): the listed customers of the sender,
//     or, without a sender, each listed customer's most recently added
//     member (WeCom: the member who last chatted with them); without
//     external_userid, every customer of the sender. tag_filter keeps the
//     customers whose relation with the sender carries, in every group,
//     one of the group's tags. The listed customers nobody can reach are
//     the answer's fail_list. To groups (chat_type group): the sender's
//     chats in chat_id_list, or all the sender's chats. Content naming an
//     unknown or expired media_id answers 40007.
//   - A sender confirms their task MassTaskConfirmDelay after the message
//     was created on the simulator clock, or when a test calls
//     Server.Messages().Confirm. Each recipient's status is then 1 (sent),
//     2 (no longer the sender's customer; for groups, a chat the sender no
//     longer owns) or 3 (the customer already received a mass message
//     that day, UTC+8, the receive limit the simulator applies).
//   - remind_groupmsg_send is limited to 3 per message in 24 hours
//     (45009 after that); cancel_groupmsg_send stops the unsent tasks,
//     which stay unsent.
//   - An unknown msgid answers 40058.

// MassTaskConfirmDelay is how long after a mass message is created its
// senders confirm their tasks, on the simulator clock.
const MassTaskConfirmDelay = time.Hour

// Mass message bounds.
const (
	maxMassCustomers = 10000
	maxMassChats     = 2000
	maxReminders     = 3
	reminderWindow   = 24 * time.Hour
)

// Task statuses (get_groupmsg_task) and recipient statuses
// (get_groupmsg_send_result).
const (
	MassTaskUnsent = 0
	MassTaskSent   = 2

	MassUnsent        = 0
	MassSent          = 1
	MassNotFriend     = 2
	MassReceivedOther = 3
)

// MassMessage is a mass message (企业群发) and its tasks.
type MassMessage struct {
	MsgID    string `json:"msgid"`
	ChatType string `json:"chat_type"`
	// Creator is the member who created it in WeCom; "" for API-created
	// messages, which get_groupmsg_list_v2 lists without a creator.
	Creator string `json:"creator,omitempty"`
	// CreateType is 0 (the corp, the API included) or 1 (a member).
	CreateType  int             `json:"create_type"`
	CreateTime  int64           `json:"create_time"`
	Sender      string          `json:"sender,omitempty"`
	AllowSelect bool            `json:"allow_select,omitempty"`
	Text        *MsgText        `json:"text,omitempty"`
	Attachments []MsgAttachment `json:"attachments,omitempty"`
	Tasks       []MassTask      `json:"tasks"`
	// Reminders are the times of the remind_groupmsg_send calls.
	Reminders []int64 `json:"reminders,omitempty"`
	// Canceled is set by cancel_groupmsg_send.
	Canceled bool `json:"canceled,omitempty"`
}

// MassTask is one sender's task.
type MassTask struct {
	UserID     string          `json:"userid"`
	Status     int             `json:"status"`
	SendTime   int64           `json:"send_time,omitempty"`
	Recipients []MassRecipient `json:"recipients"`
}

// MassRecipient is a customer (chat_type single) or a group chat (group)
// of a task.
type MassRecipient struct {
	ExternalUserID string `json:"external_userid,omitempty"`
	ChatID         string `json:"chat_id,omitempty"`
	Status         int    `json:"status"`
	SendTime       int64  `json:"send_time,omitempty"`
}

// messageState is the group's part of the store.
type messageState struct {
	msgs     *table[MassMessage]
	welcomes []WelcomeMessage
	// received is the day (UTC+8, days since the epoch) each customer last
	// received a mass message.
	received map[string]int64
}

var messageGroup groupKey[messageState]

func init() {
	messageGroup = addGroup(group[messageState]{
		name:   "message",
		routes: (*Server).messageRoutes,
		state: func() *messageState {
			return &messageState{msgs: newTable(&massMessageResource), received: map[string]int64{}}
		},
		load: func(st *store, g *messageState, d *Data) error {
			if err := g.msgs.load(st, d.MassMessages); err != nil {
				return err
			}
			for _, m := range g.msgs.all() {
				for _, t := range m.Tasks {
					for _, r := range t.Recipients {
						if r.Status == MassSent && r.ExternalUserID != "" {
							g.received[r.ExternalUserID] = max(g.received[r.ExternalUserID], chinaDay(r.SendTime))
						}
					}
				}
			}
			g.welcomes = slices.Clone(d.WelcomeMessages)
			return nil
		},
		snapshot: func(_ *store, g *messageState, d *Data) {
			d.MassMessages = g.msgs.snapshot()
			d.WelcomeMessages = slices.Clone(g.welcomes)
		},
		errTexts: map[int]string{codeWelcomeCodeUsed: "externaluser has started chatting"},
	})
}

var massMessageResource = resource[MassMessage]{
	name: "mass message", idField: "msgid",
	id:  func(m *MassMessage) *string { return &m.MsgID },
	ids: idFormat{prefix: "msg", n: 27},
	validate: func(_ *store, m *MassMessage, _ op) error {
		if m.ChatType != "single" && m.ChatType != "group" {
			return errParam("chat_type must be single or group")
		}
		return nil
	},
}

func (st *store) messages() *messageState { return messageGroup.of(st) }

// chinaDay is the calendar day of a Unix time in UTC+8.
func chinaDay(unix int64) int64 { return (unix + 8*3600) / 86400 }

func (s *Server) messageRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/add_msg_template", write: true, handle: bound(s.addMsgTemplate)},
		{method: http.MethodPost, path: "externalcontact/get_groupmsg_list_v2", handle: bound(s.getGroupMsgListV2)},
		{method: http.MethodPost, path: "externalcontact/get_groupmsg_task", handle: bound(s.getGroupMsgTask)},
		{method: http.MethodPost, path: "externalcontact/get_groupmsg_send_result", handle: bound(s.getGroupMsgSendResult)},
		{method: http.MethodPost, path: "externalcontact/get_group_msg_result", handle: bound(s.getGroupMsgResult)},
		{method: http.MethodPost, path: "externalcontact/remind_groupmsg_send", write: true, handle: bound(s.remindGroupMsg)},
		{method: http.MethodPost, path: "externalcontact/cancel_groupmsg_send", write: true, handle: bound(s.cancelGroupMsg)},
		{method: http.MethodPost, path: "externalcontact/send_welcome_msg", write: true, handle: bound(s.sendWelcomeMsg)},
	}
}

type tagFilterReq struct {
	GroupList []struct {
		TagList []string `json:"tag_list"`
	} `json:"group_list"`
}

// keeps reports whether a relation passes the filter (nil: everything).
func (f *tagFilterReq) keeps(rel *Relation) bool {
	if f == nil {
		return true
	}
	for _, g := range f.GroupList {
		if !slices.ContainsFunc(g.TagList, func(t string) bool { return slices.Contains(rel.TagIDs, t) }) {
			return false
		}
	}
	return true
}

type addMsgTemplateReq struct {
	ChatType       string          `json:"chat_type"`
	ExternalUserID []string        `json:"external_userid"`
	ChatIDList     []string        `json:"chat_id_list"`
	TagFilter      *tagFilterReq   `json:"tag_filter"`
	Sender         string          `json:"sender"`
	AllowSelect    bool            `json:"allow_select"`
	Text           *MsgText        `json:"text"`
	Attachments    []MsgAttachment `json:"attachments"`
}

func (r *addMsgTemplateReq) validate() error {
	if r.ChatType == "" {
		r.ChatType = "single"
	}
	switch {
	case r.ChatType != "single" && r.ChatType != "group":
		return errParam("chat_type must be single or group")
	case r.ChatType == "single" && len(r.ExternalUserID) == 0 && r.Sender == "":
		return errParam("external_userid and sender are both empty")
	case r.ChatType == "group" && r.Sender == "":
		return errParam("sender is required for chat_type group")
	case len(r.ExternalUserID) > maxMassCustomers:
		return errParam("external_userid has %d items, at most %d", len(r.ExternalUserID), maxMassCustomers)
	case len(r.ChatIDList) > maxMassChats:
		return errParam("chat_id_list has %d items, at most %d", len(r.ChatIDList), maxMassChats)
	}
	if r.TagFilter != nil {
		for i, g := range r.TagFilter.GroupList {
			if len(g.TagList) == 0 {
				return errParam("tag_filter.group_list[%d].tag_list is empty", i)
			}
		}
	}
	return nil
}

// addMsgTemplate answers externalcontact/add_msg_template: fail_list and
// msgid.
func (s *Server) addMsgTemplate(c *call, r *addMsgTemplateReq) (any, error) {
	st := c.st
	if err := st.checkMsgContent(r.Text, r.Attachments, c.now); err != nil {
		return nil, err
	}
	if r.Sender != "" {
		if _, err := st.activeMemberOrErr(r.Sender); err != nil {
			return nil, err
		}
	}
	msg := &MassMessage{ChatType: r.ChatType, CreateTime: c.now.Unix(), Sender: r.Sender, AllowSelect: r.AllowSelect,
		Text: r.Text, Attachments: r.Attachments, Tasks: []MassTask{}}
	task := func(userID string) *MassTask {
		for i := range msg.Tasks {
			if msg.Tasks[i].UserID == userID {
				return &msg.Tasks[i]
			}
		}
		msg.Tasks = append(msg.Tasks, MassTask{UserID: userID, Recipients: []MassRecipient{}})
		return &msg.Tasks[len(msg.Tasks)-1]
	}
	failList := []string{}
	switch {
	case r.ChatType == "group":
		t := task(r.Sender)
		for _, ch := range st.chats().all() {
			if ch.Owner == r.Sender && (len(r.ChatIDList) == 0 || slices.Contains(r.ChatIDList, ch.ChatID)) {
				t.Recipients = append(t.Recipients, MassRecipient{ChatID: ch.ChatID})
			}
		}
	case len(r.ExternalUserID) == 0:
		t := task(r.Sender)
		for _, rel := range st.relations {
			if rel.UserID == r.Sender && r.TagFilter.keeps(rel) {
				t.Recipients = append(t.Recipients, MassRecipient{ExternalUserID: rel.ExternalUserID})
			}
		}
	default:
		senders := st.massSenders(r.ExternalUserID, r.Sender)
		seen := make(map[string]bool, len(r.ExternalUserID))
		for _, ext := range r.ExternalUserID {
			if seen[ext] {
				continue // listed twice: sent once
			}
			seen[ext] = true
			rel := senders[ext]
			if rel == nil || !r.TagFilter.keeps(rel) {
				failList = append(failList, ext)
				continue
			}
			t := task(rel.UserID)
			t.Recipients = append(t.Recipients, MassRecipient{ExternalUserID: ext})
		}
	}
	msg, err := st.messages().msgs.create(st, msg, "")
	if err != nil {
		return nil, err
	}
	id := msg.MsgID
	for _, t := range msg.Tasks {
		userID := t.UserID
		st.schedule(c.now.Add(MassTaskConfirmDelay), func(at time.Time) { st.sendMassTask(id, userID, at) })
	}
	return struct {
		FailList []string `json:"fail_list"`
		MsgID    string   `json:"msgid"`
	}{failList, id}, nil
}

// massSenders returns, for each customer of exts that can get a mass
// message, the relation it gets it through: with sender, the sender's;
// otherwise the one with the customer's most recently added active member.
func (st *store) massSenders(exts []string, sender string) map[string]*Relation {
	out := make(map[string]*Relation, len(exts))
	if sender != "" {
		for _, ext := range exts {
			if rel := st.relation(sender, ext); rel != nil {
				out[ext] = rel
			}
		}
		return out
	}
	want := make(map[string]bool, len(exts))
	for _, ext := range exts {
		want[ext] = true
	}
	for _, rel := range st.relations { // sequence order: a later add wins a tie
		if want[rel.ExternalUserID] && st.activeMember(rel.UserID) != nil {
			if best := out[rel.ExternalUserID]; best == nil || rel.CreateTime >= best.CreateTime {
				out[rel.ExternalUserID] = rel
			}
		}
	}
	return out
}

// sendMassTask has userID send their task of a mass message at at, unless
// it was canceled or is sent already; it reports whether it sent.
func (st *store) sendMassTask(msgID, userID string, at time.Time) bool {
	g := st.messages()
	msg := g.msgs.get(msgID)
	if msg == nil || msg.Canceled {
		return false
	}
	i := slices.IndexFunc(msg.Tasks, func(t MassTask) bool { return t.UserID == userID })
	if i < 0 || msg.Tasks[i].Status == MassTaskSent {
		return false
	}
	t := &msg.Tasks[i]
	t.Status, t.SendTime = MassTaskSent, at.Unix()
	day := chinaDay(at.Unix())
	for j := range t.Recipients {
		r := &t.Recipients[j]
		switch {
		case r.ChatID != "":
			if ch := st.chats().get(r.ChatID); ch != nil && ch.Owner == userID {
				r.Status, r.SendTime = MassSent, at.Unix()
			} else {
				r.Status = MassNotFriend
			}
		case st.relation(userID, r.ExternalUserID) == nil:
			r.Status = MassNotFriend
		case g.received[r.ExternalUserID] == day:
			r.Status = MassReceivedOther
		default:
			r.Status, r.SendTime = MassSent, at.Unix()
			g.received[r.ExternalUserID] = day
		}
	}
	return true
}

type msgIDReq struct {
	MsgID string `json:"msgid" wt:"required"`
}

// remindGroupMsg answers externalcontact/remind_groupmsg_send: at most 3
// reminders per message in 24 hours (45009 after that).
func (s *Server) remindGroupMsg(c *call, r *msgIDReq) (any, error) {
	msg, err := c.st.messages().msgs.lookup(r.MsgID)
	if err != nil {
		return nil, err
	}
	if msg.Canceled {
		return nil, errParam("mass message %s was canceled", r.MsgID)
	}
	recent := 0
	for _, t := range msg.Reminders {
		if c.now.Sub(time.Unix(t, 0)) < reminderWindow {
			recent++
		}
	}
	if recent >= maxReminders {
		return nil, errDetail(codeRateLimited, "at most %d reminders per mass message in 24 hours", maxReminders)
	}
	msg.Reminders = append(msg.Reminders, c.now.Unix())
	return nil, nil
}

// cancelGroupMsg answers externalcontact/cancel_groupmsg_send: the unsent
// tasks will not be sent.
func (s *Server) cancelGroupMsg(c *call, r *msgIDReq) (any, error) {
	msg, err := c.st.messages().msgs.lookup(r.MsgID)
	if err != nil {
		return nil, err
	}
	msg.Canceled = true
	return nil, nil
}

// Messages is the back door of the message group: the mass messages and
// welcome messages sent, and the senders' confirmations. Get it from
// Server.Messages.
type Messages struct{ backDoor }

// Messages returns the back door of the message group.
func (s *Server) Messages() Messages { return Messages{backDoor{s}} }

// Get returns a copy of a mass message with its tasks.
func (b Messages) Get(msgID string) (MassMessage, bool) {
	var m MassMessage
	ok := false
	b.read(func(st *store, _ time.Time) {
		if v := st.messages().msgs.get(msgID); v != nil {
			ok = roundTrip(v, &m) == nil
		}
	})
	return m, ok
}

// List returns copies of the mass messages, oldest first.
func (b Messages) List() []MassMessage {
	var out []MassMessage
	b.read(func(st *store, _ time.Time) {
		_ = roundTrip(st.messages().msgs.snapshot(), &out) // plain data always round-trips
	})
	return out
}

// Confirm has a sender send their task of a mass message now (the member
// taps send in WeCom). It fails for an unknown message or sender, a
// canceled message or a task already sent.
func (b Messages) Confirm(msgID, userID string) error {
	return b.write(func(st *store, now time.Time) error {
		if !st.sendMassTask(msgID, userID, now) {
			return fmt.Errorf("worktest: Messages().Confirm: no unsent task of %q in mass message %q (unknown, canceled or sent)", userID, msgID)
		}
		return nil
	})
}

// ConfirmAll has every sender of a mass message send their task now; it
// returns how many did.
func (b Messages) ConfirmAll(msgID string) (sent int, err error) {
	err = b.write(func(st *store, now time.Time) error {
		msg := st.messages().msgs.get(msgID)
		if msg == nil {
			return fmt.Errorf("worktest: Messages().ConfirmAll: no mass message %q", msgID)
		}
		for _, t := range slices.Clone(msg.Tasks) {
			if st.sendMassTask(msgID, t.UserID, now) {
				sent++
			}
		}
		return nil
	})
	return sent, err
}

// Welcomes returns the welcome messages sent, oldest first.
func (b Messages) Welcomes() []WelcomeMessage {
	var out []WelcomeMessage
	b.read(func(st *store, _ time.Time) { _ = roundTrip(st.messages().welcomes, &out) })
	return out
}
