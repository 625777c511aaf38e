package worktest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Customers joining chats through a join way: the back door
// JoinWays().Join, which changes the state and emits the
// change_external_chat events WeCom sends (create for a chat made by
// auto_create_room, then update / add_member), delivered once the lock is
// released.

// JoinChat describes a customer joining a chat through a join way.
type JoinChat struct {
	// ExternalUserID is the customer. Empty means a new WeChat customer
	// ("wm…") with a seeded id; an id the store does not know yet creates
	// that customer ("wm…" or "wo…").
	ExternalUserID string
	// Name is a new customer's name; empty means a generated one.
	Name string
}

// JoinedChat is the outcome of Join.
type JoinedChat struct {
	// ChatID is the chat joined.
	ChatID string
	// Created says the chat was made for the join: every chat of the way
	// was full (200 members) and the way has auto_create_room.
	Created bool
	// ExternalUserID is the customer, generated when JoinChat had none.
	ExternalUserID string
	// State is the way's state, which the chat's member carries.
	State string
	// JoinTime is the member's join_time and the event's CreateTime.
	JoinTime time.Time
}

// Join has a customer join a chat through the join way configID, as
// scanning its QR code (or using its mini-program plugin) does: the
// customer becomes a member (type 2, join_scene 3 by QR code, the way's
// state, join_time the simulator clock) of the first of the way's chats
// with fewer than 200 members, and the chat's member_version changes. When
// every chat is full, a way with auto_create_room makes a new chat, owned
// by the owner of the way's last chat and named room_base_name (or that
// chat's name) followed by room_base_id plus the number of chats made
// before; without auto_create_room the join fails.
//
// The callback then gets change_external_chat: create for a new chat, and
// update / add_member (JoinScene 3, MemChangeList the customer, the member
// versions before and after). WeCom's event carries no state: read it from
// groupchat/get. Join fails, changing nothing, for an unknown way, a
// customer already in the chosen chat, or a malformed new customer id.
// The events are delivered with ctx, in order, each even when the callback
// refused the one before; the first refusal is returned as a
// *DeliveryError with the result, the state changed all the same.
func (b JoinWays) Join(ctx context.Context, configID string, j JoinChat) (*JoinedChat, error) {
	var (
		out *JoinedChat
		own int // the events Join emits, after those of the scheduled work
	)
	delivery, err := b.writeEvents(ctx, func(st *store, now time.Time) error {
		var last, cur string
		var err error
		if out, last, cur, err = b.s.joinChat(st, configID, j, now); err != nil {
			return err
		}
		at := out.JoinTime
		if out.Created {
			st.emit(newEvent(at, "change_external_chat", "create", text("ChatId", out.ChatID)))
			own++
		}
		st.emit(newEvent(at, "change_external_chat", "update", text("ChatId", out.ChatID), text("UpdateDetail", "add_member"),
			number("JoinScene", joinSceneQRCode), number("QuitScene", 0), number("MemChangeCnt", 1),
			items("MemChangeList", out.ExternalUserID), text("LastMemVer", last), text("CurMemVer", cur)))
		own++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("worktest: JoinWays().Join: %w", err)
	}
	for _, err := range delivery[len(delivery)-own:] {
		if err != nil && !errors.Is(err, ErrNoCallback) {
			return out, err
		}
	}
	return out, nil
}

// joinChat makes Join's change under the store's write lock and returns
// the member versions before and after.
func (s *Server) joinChat(st *store, configID string, j JoinChat, now time.Time) (out *JoinedChat, last, cur string, err error) {
	w := st.joinWays().get(configID)
	if w == nil {
		return nil, "", "", fmt.Errorf("no join way %q", configID)
	}
	if j.ExternalUserID != "" && st.customer(j.ExternalUserID) == nil &&
		!strings.HasPrefix(j.ExternalUserID, "wm") && !strings.HasPrefix(j.ExternalUserID, "wo") {
		return nil, "", "", fmt.Errorf("a new ExternalUserID must start with wm or wo, got %q", j.ExternalUserID)
	}
	var chat *GroupChat
	for _, id := range append(append([]string{}, w.ChatIDList...), w.AutoChats...) {
		if ch := st.chats().get(id); ch != nil && len(ch.Members) < maxChatMembers {
			chat = ch
			break
		}
	}
	created := false
	if chat == nil {
		if w.AutoCreateRoom != 1 {
			return nil, "", "", fmt.Errorf("every chat of join way %q is full and it has no auto_create_room", configID)
		}
		if chat, err = st.autoCreateChat(w, now); err != nil {
			return nil, "", "", err
		}
		created = true
	}
	for _, m := range chat.Members {
		if m.Type == ChatMemberExternal && m.UserID == j.ExternalUserID {
			return nil, "", "", fmt.Errorf("customer %q is already in chat %q", j.ExternalUserID, chat.ChatID)
		}
	}
	cust := st.customer(j.ExternalUserID)
	if cust == nil {
		s.ev.mu.Lock()
		cust = newEventCustomer(s.ev.r, j.ExternalUserID, j.Name)
		s.ev.mu.Unlock()
		if cust.ExternalUserID == "" {
			cust.ExternalUserID = st.newID("wm", 30, func(id string) bool { return st.customer(id) != nil })
		}
		if err := st.addCustomer(cust); err != nil { // unreachable: the id is free
			return nil, "", "", err
		}
	}
	m := ChatMember{UserID: cust.ExternalUserID, Type: ChatMemberExternal, JoinTime: now.Unix(), JoinScene: joinSceneQRCode, State: w.State}
	if cust.Type == CustomerWeChat {
		m.UnionID = cust.UnionID
	}
	last = chat.MemberVersion
	chat.Members = append(chat.Members, m)
	chat.MemberVersion = st.ids.hex(32)
	return &JoinedChat{ChatID: chat.ChatID, Created: created, ExternalUserID: cust.ExternalUserID, State: w.State,
		JoinTime: time.Unix(now.Unix(), 0).In(now.Location())}, last, chat.MemberVersion, nil
}

// joinSceneQRCode is groupchat/get's join_scene of a member who joined
// through a join way (通过扫描群二维码入群).
const joinSceneQRCode = 3

// autoCreateChat makes the next chat of a full join way and adds it to the
// way's AutoChats.
func (st *store) autoCreateChat(w *JoinWay, now time.Time) (*GroupChat, error) {
	base := st.chats().get(w.ChatIDList[len(w.ChatIDList)-1])
	if base == nil {
		return nil, fmt.Errorf("the last chat of join way %q is gone", w.ConfigID)
	}
	name := w.RoomBaseName
	if name == "" {
		name = base.Name
	}
	ch, err := st.chats().create(st, &GroupChat{
		Name: name + strconv.Itoa(w.RoomBaseID+len(w.AutoChats)), Owner: base.Owner, CreateTime: now.Unix(),
		Members:       []ChatMember{{UserID: base.Owner, Type: ChatMemberInternal, JoinTime: now.Unix(), JoinScene: 1}},
		MemberVersion: st.ids.hex(32),
	}, "")
	if err != nil {
		return nil, err
	}
	w.AutoChats = append(w.AutoChats, ch.ChatID)
	return ch, nil
}
