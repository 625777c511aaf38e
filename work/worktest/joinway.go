package worktest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"
)

// 「加入群聊」 (join ways): the QR codes and mini-program plugins through
// which customers join group chats. The group keeps them in a resource
// table (Data.JoinWays) and serves groupchat/add_join_way, get_join_way,
// update_join_way and del_join_way; Server.JoinWays is its back door, and
// JoinWays().Join has a customer join a chat through a way
// (joinway_join.go). The rules, the simulator's reading of WeCom's
// documentation (客户群「加入群聊」管理, document/path/92229):
//
//   - scene (1 mini-program plugin, 2 QR code) and chat_id_list (1 to 5
//     known chats, no duplicates) are required, in add and in update;
//     remark and state at most 30 characters, room_base_name at most 40;
//     auto_create_room 0 or 1 (default 1); room_base_name and room_base_id
//     only in a request that does not turn it off (a way whose
//     auto_create_room is 0 keeps them, unused); any of these out of bounds
//     answers 40058, an unknown chat 40050.
//   - mark_source defaults to true; a QR-code way gets a qr_code.
//   - update_join_way overwrites like update_contact_way: a field sent
//     replaces the way's value, a field left out keeps it.
//   - join ways count against the quota they share with 「联系我」 ways
//     (see contactway_api.go); update and delete of another app's way
//     answer 48002, an unknown config_id 40058.

// Join way scene values (join_way.scene).
const (
	JoinWayMiniProgram = 1 // 群的小程序插件
	JoinWayQRCode      = 2 // 群的二维码插件
)

// Bounds of a join way, as WeCom documents them.
const (
	maxJoinWayChats    = 5
	maxRoomBaseNameLen = 40 // characters
	// maxChatMembers is when a chat is full (200 members).
	maxChatMembers = 200
)

// JoinWay is a 「加入群聊」 way of the corp. Its JSON is the join_way object
// of groupchat/get_join_way, plus the simulator's bookkeeping:
// create_time, created_by_app and auto_chat_id_list.
type JoinWay struct {
	ConfigID string `json:"config_id"`
	// Scene is JoinWayMiniProgram or JoinWayQRCode.
	Scene  int    `json:"scene"`
	Remark string `json:"remark,omitempty"`
	// AutoCreateRoom (1) makes a new chat when all of the way's chats are
	// full, named RoomBaseName followed by a number counting from
	// RoomBaseID.
	AutoCreateRoom int    `json:"auto_create_room"`
	RoomBaseName   string `json:"room_base_name,omitempty"`
	RoomBaseID     int    `json:"room_base_id,omitempty"`
	// ChatIDList are the chats customers join, the first with room first.
	ChatIDList []string `json:"chat_id_list"`
	// QRCode is the URL of the way's QR code (scene 2).
	QRCode string `json:"qr_code,omitempty"`
	// State is kept on the members who join through the way
	// (groupchat/get's member_list[].state).
	State      string `json:"state,omitempty"`
	MarkSource bool   `json:"mark_source,omitempty"`
	// CreateTime is when the way was created, in Unix seconds.
	CreateTime int64 `json:"create_time"`
	// CreatedByApp is the app that created the way ("" for the
	// simulator's app).
	CreatedByApp string `json:"created_by_app,omitempty"`
	// AutoChats are the chats the simulator made for the way
	// (auto_create_room) when all its chats were full, in order; customers
	// join them after ChatIDList.
	AutoChats []string `json:"auto_chat_id_list,omitempty"`
}

// joinWayState is the group's part of the store.
type joinWayState struct{ ways *table[JoinWay] }

var joinWayGroup groupKey[joinWayState]

func init() {
	joinWayGroup = addGroup(group[joinWayState]{
		name:     "join_way",
		routes:   (*Server).joinWayRoutes,
		state:    func() *joinWayState { return &joinWayState{ways: newTable(&joinWayResource)} },
		load:     func(st *store, g *joinWayState, d *Data) error { return g.ways.load(st, d.JoinWays) },
		snapshot: func(_ *store, g *joinWayState, d *Data) { d.JoinWays = g.ways.snapshot() },
	})
}

// joinWayResource describes the table of join ways: config_id "jw…",
// checkJoinWay's rules, chats that exist, only the creator may change one.
var joinWayResource = resource[JoinWay]{
	name: "join way", idField: "config_id",
	id:  func(w *JoinWay) *string { return &w.ConfigID },
	ids: idFormat{prefix: "jw", n: 30},
	app: func(w *JoinWay) *string { return &w.CreatedByApp },
	validate: func(st *store, w *JoinWay, o op) error {
		if err := checkJoinWay(w); err != nil {
			if o == opLoad {
				return err
			}
			return errParam("%v", err)
		}
		for _, id := range append(slices.Clone(w.ChatIDList), w.AutoChats...) {
			if st.chats().get(id) == nil {
				if o == opLoad {
					return fmt.Errorf("unknown chat %q", id)
				}
				return errDetail(codeChatIDInvalid, "%s", id)
			}
		}
		return nil
	},
}

// joinWays returns the store's table of join ways.
func (st *store) joinWays() *table[JoinWay] { return joinWayGroup.of(st).ways }

// checkJoinWay applies WeCom's rules for a join way's fields.
func checkJoinWay(w *JoinWay) error {
	switch {
	case w.Scene != JoinWayMiniProgram && w.Scene != JoinWayQRCode:
		return fmt.Errorf("scene must be 1 (mini program) or 2 (QR code), got %d", w.Scene)
	case !utf8.ValidString(w.Remark) || utf8.RuneCountInString(w.Remark) > maxWayRunes:
		return fmt.Errorf("remark must be valid UTF-8 of at most %d characters", maxWayRunes)
	case !utf8.ValidString(w.State) || utf8.RuneCountInString(w.State) > maxWayRunes:
		return fmt.Errorf("state must be valid UTF-8 of at most %d characters", maxWayRunes)
	case !utf8.ValidString(w.RoomBaseName) || utf8.RuneCountInString(w.RoomBaseName) > maxRoomBaseNameLen:
		return fmt.Errorf("room_base_name must be valid UTF-8 of at most %d characters", maxRoomBaseNameLen)
	case w.AutoCreateRoom != 0 && w.AutoCreateRoom != 1:
		return fmt.Errorf("auto_create_room must be 0 or 1, got %d", w.AutoCreateRoom)
	case w.RoomBaseID < 0:
		return fmt.Errorf("room_base_id must not be negative")
	case len(w.ChatIDList) == 0 || len(w.ChatIDList) > maxJoinWayChats:
		return fmt.Errorf("chat_id_list has %d chats, 1 to %d allowed", len(w.ChatIDList), maxJoinWayChats)
	}
	for i, id := range w.ChatIDList {
		if id == "" || slices.Index(w.ChatIDList, id) < i {
			return fmt.Errorf("chat_id_list[%d] is empty or listed twice", i)
		}
	}
	return nil
}

func (s *Server) joinWayRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/groupchat/add_join_way", write: true, handle: bound(s.addJoinWay)},
		{method: http.MethodPost, path: "externalcontact/groupchat/get_join_way", handle: bound(s.getJoinWay)},
		{method: http.MethodPost, path: "externalcontact/groupchat/update_join_way", write: true, handle: bound(s.updateJoinWay)},
		{method: http.MethodPost, path: "externalcontact/groupchat/del_join_way", write: true, handle: bound(s.delJoinWay)},
	}
}

type addJoinWayReq struct {
	Scene          int      `json:"scene" wt:"required"`
	Remark         string   `json:"remark"`
	AutoCreateRoom *int     `json:"auto_create_room"`
	RoomBaseName   string   `json:"room_base_name"`
	RoomBaseID     int      `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list" wt:"required"`
	State          string   `json:"state"`
	MarkSource     *bool    `json:"mark_source"`
}

// addJoinWay serves POST externalcontact/groupchat/add_join_way (配置客户群进群方式).
func (s *Server) addJoinWay(c *call, r *addJoinWayReq) (any, error) {
	if err := c.st.checkWayQuota(false, c.now); err != nil {
		return nil, err
	}
	auto := 1
	set(&auto, r.AutoCreateRoom)
	if err := roomBaseWithoutAuto(r.AutoCreateRoom, r.RoomBaseName != "", r.RoomBaseID != 0); err != nil {
		return nil, err
	}
	w, err := c.st.joinWays().create(c.st, &JoinWay{
		Scene: r.Scene, Remark: r.Remark, AutoCreateRoom: auto, RoomBaseName: r.RoomBaseName, RoomBaseID: r.RoomBaseID,
		ChatIDList: slices.Clone(r.ChatIDList), State: r.State, MarkSource: r.MarkSource == nil || *r.MarkSource,
		CreateTime: c.now.Unix(),
	}, c.app())
	if err != nil {
		return nil, err
	}
	if w.Scene == JoinWayQRCode {
		w.QRCode = "https://wework.qpic.cn/wwpic/" + c.st.ids.alnum(30) + "/0"
	}
	return struct {
		ConfigID string `json:"config_id"`
	}{w.ConfigID}, nil
}

// joinWayOut is the join_way of get_join_way.
type joinWayOut struct {
	ConfigID       string   `json:"config_id"`
	Scene          int      `json:"scene"`
	Remark         string   `json:"remark"`
	AutoCreateRoom int      `json:"auto_create_room"`
	RoomBaseName   string   `json:"room_base_name"`
	RoomBaseID     int      `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list"`
	QRCode         string   `json:"qr_code,omitempty"`
	State          string   `json:"state"`
	MarkSource     bool     `json:"mark_source"`
}

// getJoinWay serves POST externalcontact/groupchat/get_join_way (获取客户群进群方式配置).
func (s *Server) getJoinWay(c *call, r *configIDReq) (any, error) {
	w, err := c.st.joinWays().lookup(r.ConfigID)
	if err != nil {
		return nil, err
	}
	return struct {
		JoinWay joinWayOut `json:"join_way"`
	}{joinWayOut{ConfigID: w.ConfigID, Scene: w.Scene, Remark: w.Remark, AutoCreateRoom: w.AutoCreateRoom,
		RoomBaseName: w.RoomBaseName, RoomBaseID: w.RoomBaseID, ChatIDList: slices.Clone(w.ChatIDList), QRCode: w.QRCode,
		State: w.State, MarkSource: w.MarkSource}}, nil
}

// updateJoinWayReq tells the fields sent from those left out (nil).
type updateJoinWayReq struct {
	ConfigID       string   `json:"config_id" wt:"required"`
	Scene          int      `json:"scene" wt:"required"`
	Remark         *string  `json:"remark"`
	AutoCreateRoom *int     `json:"auto_create_room"`
	RoomBaseName   *string  `json:"room_base_name"`
	RoomBaseID     *int     `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list" wt:"required"`
	State          *string  `json:"state"`
	MarkSource     *bool    `json:"mark_source"`
}

// updateJoinWay serves POST externalcontact/groupchat/update_join_way (更新客户群进群方式配置).
func (s *Server) updateJoinWay(c *call, r *updateJoinWayReq) (any, error) {
	if err := roomBaseWithoutAuto(r.AutoCreateRoom, r.RoomBaseName != nil && *r.RoomBaseName != "",
		r.RoomBaseID != nil && *r.RoomBaseID != 0); err != nil {
		return nil, err
	}
	_, err := c.st.joinWays().update(c.st, r.ConfigID, c.app(), func(w *JoinWay) error {
		if r.Scene == JoinWayQRCode && w.QRCode == "" { // a way turned into a QR code gets one
			w.QRCode = "https://wework.qpic.cn/wwpic/" + c.st.ids.alnum(30) + "/0"
		}
		w.Scene = r.Scene
		w.ChatIDList = slices.Clone(r.ChatIDList)
		set(&w.Remark, r.Remark)
		set(&w.AutoCreateRoom, r.AutoCreateRoom)
		set(&w.RoomBaseName, r.RoomBaseName)
		set(&w.RoomBaseID, r.RoomBaseID)
		set(&w.State, r.State)
		set(&w.MarkSource, r.MarkSource)
		return nil
	})
	return nil, err
}

// delJoinWay serves POST externalcontact/groupchat/del_join_way (删除客户群进群方式配置).
func (s *Server) delJoinWay(c *call, r *configIDReq) (any, error) {
	return nil, c.st.joinWays().remove(r.ConfigID, c.app())
}

// roomBaseWithoutAuto answers 40058 for a request that turns
// auto_create_room off and gives room_base_name or room_base_id.
func roomBaseWithoutAuto(auto *int, name, id bool) error {
	if auto != nil && *auto == 0 && (name || id) {
		return errParam("room_base_name and room_base_id are only taken with auto_create_room 1")
	}
	return nil
}

// JoinWays is the back door of the 「加入群聊」 group. Get it from
// Server.JoinWays.
type JoinWays struct{ backDoor }

// JoinWays returns the back door of the 「加入群聊」 group.
func (s *Server) JoinWays() JoinWays { return JoinWays{backDoor{s}} }

// Get returns a copy of the join way with the given config_id.
func (b JoinWays) Get(configID string) (w JoinWay, ok bool) {
	b.read(func(st *store, _ time.Time) {
		if p := st.joinWays().get(configID); p != nil {
			ok = roundTrip(p, &w) == nil
		}
	})
	return w, ok
}
