package contactway

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// The 「加入群聊」 endpoints (客户群「加入群聊」管理,
// https://developer.work.weixin.qq.com/document/path/92229; for 代开发 apps
// 99547). An app manages only the join ways it made. Like a 「联系我」 way,
// creating is a Write that a repeat doubles (same Quota); updating,
// deleting are safe to repeat by hand, never re-sent by the client.
var (
	epAddJoinWay = endpoints.Add(core.Write("externalcontact/groupchat/add_join_way"), core.Meta{
		Doc: "92229", Title: "配置客户群进群方式", EasyWeChat: "group_chat_way->create", WxJava: "addJoinWay",
		Note: "auto_create_room is a *bool (nil: WeCom's default 1)"})
	epGetJoinWay = endpoints.Add(core.ReadPost("externalcontact/groupchat/get_join_way"), core.Meta{
		Doc: "92229", Title: "获取客户群进群方式配置", EasyWeChat: "group_chat_way->get", WxJava: "getJoinWay"})
	epUpdateJoinWay = endpoints.Add(core.Write("externalcontact/groupchat/update_join_way"), core.Meta{
		Doc: "92229", Title: "更新客户群进群方式配置", EasyWeChat: "group_chat_way->update", WxJava: "updateJoinWay",
		Note: "scene and chat_id_list each time; other zero values are left out (kept), clearing is explicit in Clear"})
	epDelJoinWay = endpoints.Add(core.Write("externalcontact/groupchat/del_join_way"), core.Meta{
		Doc: "92229", Title: "删除客户群进群方式配置", EasyWeChat: "group_chat_way->delete", WxJava: "delJoinWay"})
)

// JoinScene is where a join way is used (join_way.scene).
type JoinScene int

// Join way scenes.
const (
	// JoinSceneMiniProgram: 群的小程序插件, a plugin in a mini program.
	JoinSceneMiniProgram JoinScene = 1
	// JoinSceneQRCode: 群的二维码插件, a QR code.
	JoinSceneQRCode JoinScene = 2
)

// String names the scene.
func (s JoinScene) String() string {
	switch s {
	case JoinSceneMiniProgram:
		return "miniprogram"
	case JoinSceneQRCode:
		return "qrcode"
	}
	return "JoinScene(" + strconv.Itoa(int(s)) + ")"
}

// JoinWay is a 「加入群聊」 way as get_join_way returns it.
type JoinWay struct {
	ConfigID string    `json:"config_id"`
	Scene    JoinScene `json:"scene"`
	Remark   string    `json:"remark,omitempty"`
	// AutoCreateRoom: when every chat is full (200 members), WeCom makes a
	// new one named RoomBaseName plus a number counting from RoomBaseID.
	AutoCreateRoom bool   `json:"-"`
	RoomBaseName   string `json:"room_base_name,omitempty"`
	RoomBaseID     int    `json:"room_base_id,omitempty"`
	// ChatIDs are the chats customers join, in order.
	ChatIDs []string `json:"chat_id_list"`
	// QRCode is the QR code's URL.
	QRCode string `json:"qr_code,omitempty"`
	// State is the channel parameter the members who join carry
	// (groupchat/get's member_list[].state).
	State      string `json:"state,omitempty"`
	MarkSource bool   `json:"mark_source,omitempty"`
}

// UnmarshalJSON reads auto_create_room, an int 0/1 on the wire.
func (w *JoinWay) UnmarshalJSON(b []byte) error {
	type plain JoinWay
	v := struct {
		*plain
		AutoCreateRoom int `json:"auto_create_room"`
	}{plain: (*plain)(w)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	w.AutoCreateRoom = v.AutoCreateRoom == 1
	return nil
}

// MarshalJSON writes the way as get_join_way does (auto_create_room 0/1).
func (w JoinWay) MarshalJSON() ([]byte, error) {
	type plain JoinWay
	return marshal(struct {
		plain
		AutoCreateRoom *int `json:"auto_create_room"`
	}{plain(w), flag(&w.AutoCreateRoom)})
}

// CreateJoinWayRequest is the body of add_join_way. Scene and ChatIDs are
// required.
type CreateJoinWayRequest struct {
	Scene JoinScene
	// Remark is at most 30 characters.
	Remark string
	// AutoCreateRoom: nil means WeCom's default (true: a new chat is made
	// when all are full); core.Ptr(false) turns it off, and then
	// RoomBaseName and RoomBaseID must be empty.
	AutoCreateRoom *bool
	// RoomBaseName names the chats made automatically (at most 40
	// characters), numbered from RoomBaseID.
	RoomBaseName string
	RoomBaseID   int
	// ChatIDs are 1 to MaxChatIDs chats, joined in order.
	ChatIDs []string
	// State is the channel parameter (at most 30 characters).
	State string
	// MarkSource marks the members' join source as this app's 「加入群聊」;
	// nil means WeCom's default.
	MarkSource *bool
}

// Validate checks the request against WeCom's rules.
func (r *CreateJoinWayRequest) Validate() error {
	return checkJoinWay(r.Scene, r.Remark, r.State, r.RoomBaseName, r.RoomBaseID, r.AutoCreateRoom, r.ChatIDs)
}

// checkJoinWay applies the rules a join way's fields have in both create
// and update.
func checkJoinWay(scene JoinScene, remark, state, roomBaseName string, roomBaseID int, auto *bool, chats []string) error {
	if scene != JoinSceneMiniProgram && scene != JoinSceneQRCode {
		return &core.ArgError{Field: "scene", Reason: "is " + strconv.Itoa(int(scene)) + ", must be 1 (mini program) or 2 (QR code)"}
	}
	if err := checkWayText(remark, state); err != nil {
		return err
	}
	if err := core.IDList("chat_id_list", chats, MaxChatIDs); err != nil {
		return err
	}
	for i, id := range chats {
		if slices.Contains(chats[:i], id) {
			return &core.ArgError{Field: "chat_id_list", Reason: "lists " + strconv.Quote(id) + " twice"}
		}
	}
	if err := core.MaxRunes("room_base_name", roomBaseName, MaxRoomBaseNameRunes); err != nil {
		return err
	}
	if roomBaseID < 0 {
		return &core.ArgError{Field: "room_base_id", Reason: "must not be negative"}
	}
	if auto != nil && !*auto {
		if roomBaseName != "" {
			return &core.ArgError{Field: "room_base_name", Reason: "is only taken with auto_create_room"}
		}
		if roomBaseID != 0 {
			return &core.ArgError{Field: "room_base_id", Reason: "is only taken with auto_create_room"}
		}
	}
	return nil
}

// joinWayWire is the wire body of add_join_way and update_join_way.
type joinWayWire struct {
	ConfigID       string    `json:"config_id,omitempty"`
	Scene          JoinScene `json:"scene"`
	Remark         *string   `json:"remark,omitempty"`
	AutoCreateRoom *int      `json:"auto_create_room,omitempty"`
	RoomBaseName   *string   `json:"room_base_name,omitempty"`
	RoomBaseID     *int      `json:"room_base_id,omitempty"`
	ChatIDs        []string  `json:"chat_id_list"`
	State          *string   `json:"state,omitempty"`
	MarkSource     *bool     `json:"mark_source,omitempty"`
}

// optInt is the wire value of an optional number: nil (left out) when 0
// and not cleared.
func optInt(v int, clear bool) *int {
	if v == 0 && !clear {
		return nil
	}
	return &v
}

func flag(b *bool) *int {
	if b == nil {
		return nil
	}
	v := 0
	if *b {
		v = 1
	}
	return &v
}

// MarshalJSON writes the wire body (auto_create_room as 0/1).
func (r CreateJoinWayRequest) MarshalJSON() ([]byte, error) {
	return marshal(joinWayWire{Scene: r.Scene, Remark: optString(r.Remark, false), AutoCreateRoom: flag(r.AutoCreateRoom),
		RoomBaseName: optString(r.RoomBaseName, false), RoomBaseID: optInt(r.RoomBaseID, false), ChatIDs: r.ChatIDs,
		State: optString(r.State, false), MarkSource: r.MarkSource})
}

// CreateJoinWayResponse is the answer of add_join_way; Get returns the QR
// code.
type CreateJoinWayResponse struct {
	ConfigID string `json:"config_id"`
}

// Create adds a 「加入群聊」 way (配置客户群进群方式) and returns its config_id
// (Get returns its QR code). Join ways cannot be listed: keep the config_id.
// Never re-sent, like a contact way's Create (see Retries in the package doc).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/add_join_way, https://developer.work.weixin.qq.com/document/path/92229
// EasyWeChat: group_chat_way->create. WxJava: addJoinWay.
func (c *GroupChatWayClient) Create(ctx context.Context, req *CreateJoinWayRequest) (*CreateJoinWayResponse, error) {
	return core.Send[CreateJoinWayResponse](ctx, c.core, epAddJoinWay, req)
}

// Get returns a 「加入群聊」 way (获取客户群进群方式配置).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/get_join_way, https://developer.work.weixin.qq.com/document/path/92229
// EasyWeChat: group_chat_way->get. WxJava: getJoinWay.
func (c *GroupChatWayClient) Get(ctx context.Context, configID string) (*JoinWay, error) {
	r, err := core.Send[struct {
		JoinWay JoinWay `json:"join_way"`
	}](ctx, c.core, epGetJoinWay, &configIDRequest{ConfigID: configID})
	if err != nil {
		return nil, err
	}
	return &r.JoinWay, nil
}

// UpdateJoinWayRequest is the body of update_join_way. WeCom overwrites and
// requires Scene and ChatIDs each time; of the other fields, a zero value
// means "leave as is" and Clear lists the fields to empty
// (FieldRemark, FieldState, FieldRoomBaseName, FieldRoomBaseID).
type UpdateJoinWayRequest struct {
	// ConfigID names the way. Required.
	ConfigID string
	// Scene is required (send the way's scene to keep it).
	Scene JoinScene
	// ChatIDs replaces the chats (1 to MaxChatIDs). Required.
	ChatIDs []string
	// Remark replaces the remark; "" keeps it.
	Remark string
	// State replaces the channel parameter; "" keeps it.
	State string
	// AutoCreateRoom replaces auto_create_room; nil keeps it.
	AutoCreateRoom *bool
	// RoomBaseName replaces the base name of new chats; "" keeps it.
	RoomBaseName string
	// RoomBaseID replaces the start number of new chats; 0 keeps it.
	RoomBaseID int
	// MarkSource replaces mark_source; nil keeps it.
	MarkSource *bool
	// Clear lists the fields to clear: FieldRemark, FieldState,
	// FieldRoomBaseName, FieldRoomBaseID (sent as 0).
	Clear []Field
}

var joinWayClearable = []Field{FieldRemark, FieldState, FieldRoomBaseName, FieldRoomBaseID}

// Validate checks the request (see UpdateJoinWayRequest).
func (r *UpdateJoinWayRequest) Validate() error {
	if err := core.Required("config_id", r.ConfigID); err != nil {
		return err
	}
	if err := checkJoinWay(r.Scene, r.Remark, r.State, r.RoomBaseName, r.RoomBaseID, r.AutoCreateRoom, r.ChatIDs); err != nil {
		return err
	}
	return checkClear(r.Clear, joinWayClearable, func(f Field) bool {
		switch f {
		case FieldRemark:
			return r.Remark != ""
		case FieldState:
			return r.State != ""
		case FieldRoomBaseID:
			return r.RoomBaseID != 0
		}
		return r.RoomBaseName != ""
	})
}

// MarshalJSON writes the wire body: the fields given, the fields in Clear
// as "", nothing else.
func (r UpdateJoinWayRequest) MarshalJSON() ([]byte, error) {
	has := func(f Field) bool { return slices.Contains(r.Clear, f) }
	return marshal(joinWayWire{ConfigID: r.ConfigID, Scene: r.Scene, Remark: optString(r.Remark, has(FieldRemark)),
		AutoCreateRoom: flag(r.AutoCreateRoom), RoomBaseName: optString(r.RoomBaseName, has(FieldRoomBaseName)),
		RoomBaseID: optInt(r.RoomBaseID, has(FieldRoomBaseID)), ChatIDs: r.ChatIDs, State: optString(r.State, has(FieldState)),
		MarkSource: r.MarkSource})
}

// Update changes a 「加入群聊」 way (更新客户群进群方式配置), overwriting what
// the request gives and clearing what it lists in Clear (see
// UpdateJoinWayRequest).
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/update_join_way, https://developer.work.weixin.qq.com/document/path/92229
// EasyWeChat: group_chat_way->update. WxJava: updateJoinWay.
func (c *GroupChatWayClient) Update(ctx context.Context, req *UpdateJoinWayRequest) error {
	return core.Exec(ctx, c.core, epUpdateJoinWay, req)
}

// Delete removes a 「加入群聊」 way (删除客户群进群方式配置); the chats and
// their members stay. Safe to repeat by hand.
//
// WeCom API: POST /cgi-bin/externalcontact/groupchat/del_join_way, https://developer.work.weixin.qq.com/document/path/92229
// EasyWeChat: group_chat_way->delete. WxJava: delJoinWay.
func (c *GroupChatWayClient) Delete(ctx context.Context, configID string) error {
	return core.Exec(ctx, c.core, epDelJoinWay, &configIDRequest{ConfigID: configID})
}
