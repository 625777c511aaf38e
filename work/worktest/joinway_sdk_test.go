package worktest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// The 「加入群聊」 service against the simulator: a join way made through
// the SDK, a customer joining through it, the chat showing the state, and
// updates that keep or clear.
func TestJoinWayServiceSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(38), worktest.WithGroupChats(3))
	gw, ec, ctx := app.GroupChatWay(), app.ExternalContact(), context.Background()
	chat := s.Snapshot().GroupChats[0].ChatID

	created, err := gw.Create(ctx, &contactway.CreateJoinWayRequest{Scene: contactway.JoinSceneQRCode, Remark: "售后群入口",
		RoomBaseName: "售后群", RoomBaseID: 1, ChatIDs: []string{chat}, State: "after-sales"})
	require.NoError(t, err)
	way, err := gw.Get(ctx, created.ConfigID)
	require.NoError(t, err)
	assert.True(t, way.AutoCreateRoom, "WeCom's default")
	assert.True(t, way.MarkSource)
	assert.NotEmpty(t, way.QRCode)
	assert.Equal(t, []string{chat}, way.ChatIDs)

	joined, err := s.JoinWays().Join(ctx, created.ConfigID, worktest.JoinChat{})
	require.NoError(t, err)
	gc, err := ec.GetGroupChat(ctx, chat, false)
	require.NoError(t, err)
	m := gc.Members[len(gc.Members)-1]
	assert.Equal(t, joined.ExternalUserID, m.UserID)
	assert.Equal(t, externalcontact.GroupChatJoinQRCode, m.JoinScene)
	assert.Equal(t, "after-sales", m.State)

	require.NoError(t, gw.Update(ctx, &contactway.UpdateJoinWayRequest{ConfigID: created.ConfigID, Scene: contactway.JoinSceneQRCode,
		ChatIDs: []string{chat}, Clear: []contactway.Field{contactway.FieldRemark}}))
	way, err = gw.Get(ctx, created.ConfigID)
	require.NoError(t, err)
	assert.Equal(t, "", way.Remark, "cleared")
	assert.Equal(t, "after-sales", way.State, "kept")
	assert.Equal(t, "售后群", way.RoomBaseName, "kept")
	assert.True(t, way.AutoCreateRoom, "kept")

	// Turning auto_create_room off: the room settings it kept are unused,
	// or cleared with it.
	require.NoError(t, gw.Update(ctx, &contactway.UpdateJoinWayRequest{ConfigID: created.ConfigID, Scene: contactway.JoinSceneQRCode,
		ChatIDs: []string{chat}, AutoCreateRoom: core.Ptr(false),
		Clear: []contactway.Field{contactway.FieldRoomBaseName, contactway.FieldRoomBaseID}}))
	way, err = gw.Get(ctx, created.ConfigID)
	require.NoError(t, err)
	assert.False(t, way.AutoCreateRoom)
	assert.Equal(t, "", way.RoomBaseName)
	assert.Equal(t, 0, way.RoomBaseID)
	assert.Equal(t, "after-sales", way.State, "kept")
	var ae *core.APIError

	require.NoError(t, gw.Delete(ctx, created.ConfigID))
	_, err = gw.Get(ctx, created.ConfigID)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
}
