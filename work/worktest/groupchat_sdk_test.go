package worktest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// The group chat calls of the SDK against the simulator.
func TestGroupChatSDK(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(5), worktest.WithGroupChats(11))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()
	d := s.Snapshot()
	const listPath = "externalcontact/groupchat/list"

	var all []string
	for _, c := range d.GroupChats {
		all = append(all, c.ChatID)
	}
	resigned, active := d.GroupChats[len(d.GroupChats)-1], d.GroupChats[0]
	require.Equal(t, worktest.ChatOwnerResigned, resigned.Status)

	t.Run("GetGroupChatsAll walks every page", func(t *testing.T) {
		before := s.Count(listPath)
		var got []string
		for c, err := range ec.GetGroupChatsAll(ctx, &externalcontact.GetGroupChatsRequest{Limit: 3}) {
			require.NoError(t, err)
			got = append(got, c.ChatID)
		}
		assert.Equal(t, all, got, "every chat once, in order")
		assert.Equal(t, 4, s.Count(listPath)-before, "11 chats in pages of 3")

		got = nil
		for c, err := range ec.GetGroupChatsAll(ctx, &externalcontact.GetGroupChatsRequest{}) {
			require.NoError(t, err)
			got = append(got, c.ChatID)
		}
		assert.Equal(t, all, got, "limit 0 sends 1000")
	})

	t.Run("break stops fetching", func(t *testing.T) {
		before := s.Count(listPath)
		n := 0
		for _, err := range ec.GetGroupChatsAll(ctx, &externalcontact.GetGroupChatsRequest{Limit: 2}) {
			require.NoError(t, err)
			if n++; n == 3 {
				break
			}
		}
		assert.Equal(t, 2, s.Count(listPath)-before)
	})

	t.Run("filters", func(t *testing.T) {
		resp, err := ec.GetGroupChats(ctx, &externalcontact.GetGroupChatsRequest{
			StatusFilter: externalcontact.GroupChatFilterOwnerResigned, Limit: 10})
		require.NoError(t, err)
		assert.Equal(t, []externalcontact.GroupChatSummary{{ChatID: resigned.ChatID, Status: externalcontact.GroupChatOwnerResigned}}, resp.GroupChats)
		assert.Empty(t, resp.NextCursor)

		var got []string
		for c, err := range ec.GetGroupChatsAll(ctx, &externalcontact.GetGroupChatsRequest{
			OwnerFilter: &externalcontact.GroupChatOwnerFilter{UserIDs: []string{active.Owner}}, Limit: 1}) {
			require.NoError(t, err)
			got = append(got, c.ChatID)
		}
		var want []string
		for _, c := range d.GroupChats {
			if c.Owner == active.Owner {
				want = append(want, c.ChatID)
			}
		}
		assert.Equal(t, want, got)
	})

	t.Run("GetGroupChat", func(t *testing.T) {
		got, err := ec.GetGroupChat(ctx, active.ChatID, true)
		require.NoError(t, err)
		assert.Equal(t, active.ChatID, got.ChatID)
		assert.Equal(t, active.Name, got.Name)
		assert.Equal(t, active.Owner, got.Owner)
		assert.Equal(t, active.MemberVersion, got.MemberVersion)
		require.Len(t, got.Members, len(active.Members))
		for i, m := range got.Members {
			w := active.Members[i]
			assert.Equal(t, w.UserID, m.UserID)
			assert.Equal(t, externalcontact.GroupChatMemberType(w.Type), m.Type)
			assert.Equal(t, externalcontact.GroupChatJoinScene(w.JoinScene), m.JoinScene)
			assert.Equal(t, w.JoinTime, m.JoinTime)
			assert.NotEmpty(t, m.Name, "needName")
		}
		got, err = ec.GetGroupChat(ctx, active.ChatID, false)
		require.NoError(t, err)
		for _, m := range got.Members {
			assert.Empty(t, m.Name)
		}

		_, err = ec.GetGroupChat(ctx, "wrNOSUCHCHAT", false)
		var ae *core.APIError
		require.True(t, errors.As(err, &ae), "%v", err)
		assert.Equal(t, 40050, ae.Code)
	})

	t.Run("TransferGroupChat", func(t *testing.T) {
		resp, err := ec.TransferGroupChat(ctx, []string{resigned.ChatID, active.ChatID}, "wangwu")
		require.NoError(t, err)
		require.Len(t, resp.FailedChats, 1)
		f := resp.FailedChats[0]
		assert.Equal(t, active.ChatID, f.ChatID)
		assert.True(t, errors.Is(f.Err(), externalcontact.ErrChatOwnerNotResigned), "%v", f.Err())

		got, err := ec.GetGroupChat(ctx, resigned.ChatID, false)
		require.NoError(t, err)
		assert.Equal(t, "wangwu", got.Owner)
		resp2, err := ec.GetGroupChats(ctx, &externalcontact.GetGroupChatsRequest{
			StatusFilter: externalcontact.GroupChatFilterTransferred, Limit: 10})
		require.NoError(t, err)
		assert.Equal(t, []externalcontact.GroupChatSummary{{ChatID: resigned.ChatID, Status: externalcontact.GroupChatTransferred}}, resp2.GroupChats)

		resp, err = ec.TransferGroupChat(ctx, []string{resigned.ChatID}, "lisi")
		require.NoError(t, err)
		require.Len(t, resp.FailedChats, 1)
		assert.True(t, errors.Is(resp.FailedChats[0].Err(), externalcontact.ErrChatAlreadyTransferred))

		_, err = ec.TransferGroupChat(ctx, []string{active.ChatID}, "nobody")
		assert.True(t, errors.Is(err, &core.APIError{Code: 40003}), "%v", err)
	})

	t.Run("OnJobTransferGroupChat", func(t *testing.T) {
		resp, err := ec.OnJobTransferGroupChat(ctx, []string{active.ChatID}, active.Owner)
		require.NoError(t, err)
		require.Len(t, resp.FailedChats, 1)
		assert.True(t, errors.Is(resp.FailedChats[0].Err(), externalcontact.ErrChatOwnerUnchanged))

		resp, err = ec.OnJobTransferGroupChat(ctx, []string{active.ChatID}, "zhaoliu")
		require.NoError(t, err)
		assert.Empty(t, resp.FailedChats)
		got, err := ec.GetGroupChat(ctx, active.ChatID, false)
		require.NoError(t, err)
		assert.Equal(t, "zhaoliu", got.Owner)
		assert.Equal(t, "zhaoliu", s.Snapshot().GroupChats[0].Owner)

		// A Write: not re-sent once it may have reached WeCom.
		const path = "externalcontact/groupchat/onjob_transfer"
		before := s.Count(path)
		s.Faults().DropConnection(path, 1)
		_, err = ec.OnJobTransferGroupChat(ctx, []string{active.ChatID}, "lisi")
		require.Error(t, err)
		assert.Equal(t, 1, s.Count(path)-before)
	})
}
