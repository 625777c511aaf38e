package contactway_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

var docChats = []string{"wrOgQhDgAAH2Yy-CTZ6POca8mlBEdaaa", "wrOgQhDgAALPUthpRAKvl7mgiQRw_aaa"}

func joinWayCases(t *testing.T) []wireCase {
	ok := fixture(t, "ok")
	return []wireCase{
		{
			Name: "add_join_way/auto_create_room", Method: "POST", Path: "externalcontact/groupchat/add_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.joins.Create(ctx, &contactway.CreateJoinWayRequest{Scene: contactway.JoinSceneQRCode, Remark: "aa_remark",
					AutoCreateRoom: core.Ptr(true), RoomBaseName: "销售客服群", RoomBaseID: 10, ChatIDs: docChats, State: "klsdup3kj3s1",
					MarkSource: core.Ptr(true)})
			},
			Exchange: wiretest.Exchange{
				Body: `{"scene":2,"remark":"aa_remark","auto_create_room":1,"room_base_name":"销售客服群","room_base_id":10,
					"chat_id_list":["wrOgQhDgAAH2Yy-CTZ6POca8mlBEdaaa","wrOgQhDgAALPUthpRAKvl7mgiQRw_aaa"],"state":"klsdup3kj3s1","mark_source":true}`,
				Reply: fixture(t, "add_join_way"),
			},
			Want: &contactway.CreateJoinWayResponse{ConfigID: "9ad7fa5cdaa6511298498f979c472aaa"},
		},
		{
			Name: "add_join_way/no_auto_create_room", Method: "POST", Path: "externalcontact/groupchat/add_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.joins.Create(ctx, &contactway.CreateJoinWayRequest{Scene: contactway.JoinSceneMiniProgram,
					AutoCreateRoom: core.Ptr(false), ChatIDs: docChats[:1]})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"scene":1,"auto_create_room":0,"chat_id_list":["wrOgQhDgAAH2Yy-CTZ6POca8mlBEdaaa"]}`,
				Reply: fixture(t, "add_join_way"),
			},
			Want: &contactway.CreateJoinWayResponse{ConfigID: "9ad7fa5cdaa6511298498f979c472aaa"},
		},
		{
			Method: "POST", Path: "externalcontact/groupchat/get_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.joins.Get(ctx, "9ad7fa5cdaa6511298498f979c472aaa")
			},
			Exchange: wiretest.Exchange{Body: `{"config_id":"9ad7fa5cdaa6511298498f979c472aaa"}`, Reply: fixture(t, "get_join_way")},
			Want: &contactway.JoinWay{ConfigID: "9ad7fa5cdaa6511298498f979c472aaa", Scene: contactway.JoinSceneQRCode, Remark: "aa_remark",
				AutoCreateRoom: true, RoomBaseName: "销售客服群", RoomBaseID: 10, ChatIDs: docChats,
				QRCode: "http://p.qpic.cn/wwhead/nMl9ssowtibVGyrmvBiaibzDtp703nXuzpibnKtbSDBRJTLwS3ic4ECrf3ibLVtIFb0N6wWwy5LVuyvMQ22/0",
				State:  "klsdup3kj3s1", MarkSource: true},
		},
		{
			Name: "update_join_way/set", Method: "POST", Path: "externalcontact/groupchat/update_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.joins.Update(ctx, &contactway.UpdateJoinWayRequest{ConfigID: "9ad7fa5cdaa6511298498f979c4722de",
					Scene: contactway.JoinSceneQRCode, Remark: "bb_remark", AutoCreateRoom: core.Ptr(true), RoomBaseName: "销售客服群",
					RoomBaseID: 10, ChatIDs: docChats, State: "klsdup3kj3s1", MarkSource: core.Ptr(true)})
			},
			Exchange: wiretest.Exchange{
				Body: `{"config_id":"9ad7fa5cdaa6511298498f979c4722de","scene":2,"remark":"bb_remark","auto_create_room":1,
					"room_base_name":"销售客服群","room_base_id":10,"chat_id_list":["wrOgQhDgAAH2Yy-CTZ6POca8mlBEdaaa","wrOgQhDgAALPUthpRAKvl7mgiQRw_aaa"],
					"state":"klsdup3kj3s1","mark_source":true}`,
				Reply: ok,
			},
		},
		{
			// Only the required fields: remark, state, room settings stay.
			Name: "update_join_way/leave_as_is", Method: "POST", Path: "externalcontact/groupchat/update_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.joins.Update(ctx, &contactway.UpdateJoinWayRequest{ConfigID: "9ad7fa5cdaa6511298498f979c4722de",
					Scene: contactway.JoinSceneQRCode, ChatIDs: docChats[1:]})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"config_id":"9ad7fa5cdaa6511298498f979c4722de","scene":2,"chat_id_list":["wrOgQhDgAALPUthpRAKvl7mgiQRw_aaa"]}`,
				Reply: ok,
			},
		},
		{
			Name: "update_join_way/clear", Method: "POST", Path: "externalcontact/groupchat/update_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.joins.Update(ctx, &contactway.UpdateJoinWayRequest{ConfigID: "9ad7fa5cdaa6511298498f979c4722de",
					Scene: contactway.JoinSceneQRCode, ChatIDs: docChats, State: "spring",
					AutoCreateRoom: core.Ptr(false),
					Clear:          []contactway.Field{contactway.FieldRemark, contactway.FieldRoomBaseName, contactway.FieldRoomBaseID}})
			},
			Exchange: wiretest.Exchange{
				Body: `{"config_id":"9ad7fa5cdaa6511298498f979c4722de","scene":2,"remark":"","auto_create_room":0,"room_base_name":"","room_base_id":0,
					"chat_id_list":["wrOgQhDgAAH2Yy-CTZ6POca8mlBEdaaa","wrOgQhDgAALPUthpRAKvl7mgiQRw_aaa"],"state":"spring"}`,
				Reply: ok,
			},
		},
		{
			Method: "POST", Path: "externalcontact/groupchat/del_join_way",
			Call: func(ctx context.Context, c clients) (any, error) {
				return nil, c.joins.Delete(ctx, "42b34949e138eb6e027c123cba77faaa")
			},
			Exchange: wiretest.Exchange{Body: `{"config_id":"42b34949e138eb6e027c123cba77faaa"}`, Reply: ok},
		},
	}
}

// createJoin returns a Bad row for add_join_way: a valid way changed by
// edit.
func createJoin(name, field string, edit func(r *contactway.CreateJoinWayRequest)) badCase {
	return badCase{Name: "add_join_way/" + name, Path: "externalcontact/groupchat/add_join_way", Field: field,
		Call: func(ctx context.Context, c clients) error {
			r := &contactway.CreateJoinWayRequest{Scene: contactway.JoinSceneQRCode, ChatIDs: append([]string{}, docChats...), State: "spring"}
			edit(r)
			_, err := c.joins.Create(ctx, r)
			return err
		}}
}

// updateJoin returns a Bad row for update_join_way.
func updateJoin(name, field string, edit func(r *contactway.UpdateJoinWayRequest)) badCase {
	return badCase{Name: "update_join_way/" + name, Path: "externalcontact/groupchat/update_join_way", Field: field,
		Call: func(ctx context.Context, c clients) error {
			r := &contactway.UpdateJoinWayRequest{ConfigID: "9ad7fa5cdaa6511298498f979c4722de", Scene: contactway.JoinSceneQRCode,
				ChatIDs: append([]string{}, docChats...)}
			edit(r)
			return c.joins.Update(ctx, r)
		}}
}

func joinWayBad() []badCase {
	six := []string{"wr1", "wr2", "wr3", "wr4", "wr5", "wr6"}
	return []badCase{
		{Name: "add_join_way/nil", Path: "externalcontact/groupchat/add_join_way", Field: "request",
			Call: func(ctx context.Context, c clients) error { _, err := c.joins.Create(ctx, nil); return err }},
		createJoin("no scene", "scene", func(r *contactway.CreateJoinWayRequest) { r.Scene = 0 }),
		createJoin("no chats", "chat_id_list", func(r *contactway.CreateJoinWayRequest) { r.ChatIDs = nil }),
		createJoin("six chats", "chat_id_list", func(r *contactway.CreateJoinWayRequest) { r.ChatIDs = six }),
		createJoin("empty chat id", "chat_id_list", func(r *contactway.CreateJoinWayRequest) { r.ChatIDs = []string{"wr1", ""} }),
		createJoin("chat twice", "chat_id_list", func(r *contactway.CreateJoinWayRequest) { r.ChatIDs = []string{"wr1", "wr1"} }),
		createJoin("remark over 30", "remark", func(r *contactway.CreateJoinWayRequest) { r.Remark = strings.Repeat("备", 31) }),
		createJoin("state over 30", "state", func(r *contactway.CreateJoinWayRequest) { r.State = strings.Repeat("s", 31) }),
		createJoin("room_base_name over 40", "room_base_name", func(r *contactway.CreateJoinWayRequest) {
			r.RoomBaseName = strings.Repeat("群", 41)
		}),
		createJoin("negative room_base_id", "room_base_id", func(r *contactway.CreateJoinWayRequest) { r.RoomBaseID = -1 }),
		createJoin("room_base_name without auto_create_room", "room_base_name", func(r *contactway.CreateJoinWayRequest) {
			r.AutoCreateRoom, r.RoomBaseName = core.Ptr(false), "销售客服群"
		}),
		createJoin("room_base_id without auto_create_room", "room_base_id", func(r *contactway.CreateJoinWayRequest) {
			r.AutoCreateRoom, r.RoomBaseID = core.Ptr(false), 10
		}),
		{Name: "get_join_way/no config_id", Path: "externalcontact/groupchat/get_join_way", Field: "config_id",
			Call: func(ctx context.Context, c clients) error { _, err := c.joins.Get(ctx, ""); return err }},
		{Name: "del_join_way/no config_id", Path: "externalcontact/groupchat/del_join_way", Field: "config_id",
			Call: func(ctx context.Context, c clients) error { return c.joins.Delete(ctx, "") }},
		{Name: "update_join_way/nil", Path: "externalcontact/groupchat/update_join_way", Field: "request",
			Call: func(ctx context.Context, c clients) error { return c.joins.Update(ctx, nil) }},
		updateJoin("no config_id", "config_id", func(r *contactway.UpdateJoinWayRequest) { r.ConfigID = "" }),
		updateJoin("no scene", "scene", func(r *contactway.UpdateJoinWayRequest) { r.Scene = 0 }),
		updateJoin("no chats", "chat_id_list", func(r *contactway.UpdateJoinWayRequest) { r.ChatIDs = nil }),
		updateJoin("six chats", "chat_id_list", func(r *contactway.UpdateJoinWayRequest) { r.ChatIDs = six }),
		updateJoin("room_base_name without auto_create_room", "room_base_name", func(r *contactway.UpdateJoinWayRequest) {
			r.AutoCreateRoom, r.RoomBaseName = core.Ptr(false), "销售客服群"
		}),
		updateJoin("state set and cleared", "state", func(r *contactway.UpdateJoinWayRequest) {
			r.State, r.Clear = "spring", []contactway.Field{contactway.FieldState}
		}),
		updateJoin("room_base_name set and cleared", "room_base_name", func(r *contactway.UpdateJoinWayRequest) {
			r.RoomBaseName, r.Clear = "售后群", []contactway.Field{contactway.FieldRoomBaseName}
		}),
		updateJoin("room_base_id set and cleared", "room_base_id", func(r *contactway.UpdateJoinWayRequest) {
			r.RoomBaseID, r.Clear = 3, []contactway.Field{contactway.FieldRoomBaseID}
		}),
		updateJoin("room_base_id without auto_create_room", "room_base_id", func(r *contactway.UpdateJoinWayRequest) {
			r.AutoCreateRoom, r.RoomBaseID = core.Ptr(false), 3
		}),
		updateJoin("clear a contact way field", "clear", func(r *contactway.UpdateJoinWayRequest) {
			r.Clear = []contactway.Field{contactway.FieldUser}
		}),
	}
}
