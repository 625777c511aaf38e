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

// The id conversions, the served-contact list and the legacy CRM call of
// the SDK against the simulator.
func TestIDConvertSDK(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(9), worktest.WithMembers(5), worktest.WithCustomersPerMember(8))
	t.Cleanup(s.Close)
	cfg := s.Config()
	cfg.ProviderTokenSource = core.TokenFunc(func(context.Context) (string, error) { return s.ProviderToken(), nil })
	cfg.SuiteTokenSource = core.TokenFunc(func(context.Context) (string, error) { return s.SuiteToken(), nil })
	app, err := work.New(cfg)
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()
	d := s.Snapshot()

	resigned := map[string]bool{}
	for _, m := range d.Members {
		if m.Resigned() {
			resigned[m.UserID] = true
		}
	}
	var wechat, wecom worktest.Customer
	for _, c := range d.Customers {
		if c.Type == worktest.CustomerWeChat && wechat.ExternalUserID == "" {
			wechat = c
		}
		if c.Type == worktest.CustomerWeCom && wecom.ExternalUserID == "" {
			wecom = c
		}
	}
	require.NotEmpty(t, wechat.ExternalUserID)
	require.NotEmpty(t, wecom.ExternalUserID)

	t.Run("ContactListAll walks every page", func(t *testing.T) {
		const path = "externalcontact/contact_list"
		want := 0
		for _, r := range d.Relations {
			if !resigned[r.UserID] {
				want++
			}
		}
		for _, c := range d.GroupChats {
			for _, m := range c.Members {
				if m.Type == worktest.ChatMemberExternal {
					want++
				}
			}
		}
		for _, sc := range d.ServedContacts {
			if !resigned[sc.FollowUserID] {
				want++
			}
		}
		before := s.Count(path)
		type key struct{ tmp, follow, chat, chatName string }
		seen := map[key]bool{}
		tmpOf := map[string]string{}
		var others, inOtherChats int
		for c, err := range ec.ContactListAll(ctx, 10) {
			require.NoError(t, err)
			k := key{c.TmpOpenID, c.FollowUserID, c.ChatID, c.ChatName}
			assert.False(t, seen[k], "duplicate %v", k)
			seen[k] = true
			person := c.ExternalUserID
			if c.IsCustomer {
				require.NotEmpty(t, c.ExternalUserID)
				assert.Empty(t, c.Name)
			} else {
				others++
				assert.Empty(t, c.ExternalUserID)
				assert.Regexp(t, `^\*\*\*.$`, c.Name, "a non-customer's name is masked")
				person = c.Name
			}
			if c.ChatName != "" {
				inOtherChats++
				assert.Empty(t, c.ChatID, "chat_name only for a chat that is no customer group")
			}
			if tmp, ok := tmpOf[person]; ok && c.IsCustomer {
				assert.Equal(t, tmp, c.TmpOpenID, "one tmp_openid per person")
			}
			tmpOf[person] = c.TmpOpenID
		}
		assert.Len(t, seen, want)
		assert.Equal(t, 3, others, "the seeded non-customers")
		assert.Equal(t, 2, inOtherChats, "met in a chat that is no customer group")
		assert.Equal(t, (want+9)/10, s.Count(path)-before)

		before = s.Count(path)
		n := 0
		for _, err := range ec.ContactListAll(ctx, 10) {
			require.NoError(t, err)
			if n++; n == 11 {
				break
			}
		}
		assert.Equal(t, 2, s.Count(path)-before, "break stops fetching")

		resp, err := ec.ContactList(ctx, "", 0)
		require.NoError(t, err)
		assert.Len(t, resp.InfoList, want, "no limit: WeCom's 1000")
		assert.Empty(t, resp.NextCursor)
	})

	t.Run("GetExternalContact", func(t *testing.T) {
		legacy, err := ec.GetExternalContact(ctx, wechat.ExternalUserID)
		require.NoError(t, err)
		current, err := ec.Get(ctx, wechat.ExternalUserID)
		require.NoError(t, err)
		assert.Equal(t, current, legacy)
		_, err = ec.GetExternalContact(ctx, "wmNOSUCH")
		assert.True(t, errors.Is(err, core.ErrInvalidExternalUserID), "%v", err)
	})

	t.Run("ConvertToOpenID", func(t *testing.T) {
		openID, err := ec.ConvertToOpenID(ctx, wechat.ExternalUserID)
		require.NoError(t, err)
		assert.Equal(t, worktest.OpenID(wechat.ExternalUserID), openID)
		_, err = ec.ConvertToOpenID(ctx, wecom.ExternalUserID)
		assert.True(t, errors.Is(err, core.ErrInvalidExternalUserID), "%v", err)
	})

	t.Run("UnionIDToExternalUserID", func(t *testing.T) {
		id, err := ec.UnionIDToExternalUserID(ctx, wechat.UnionID, "oMINIPROGRAM")
		require.NoError(t, err)
		assert.Equal(t, wechat.ExternalUserID, id)
		_, err = ec.UnionIDToExternalUserID(ctx, "ozNOSUCH", "oMINIPROGRAM")
		assert.True(t, errors.Is(err, &core.APIError{Code: 84061}), "%v", err)
	})

	t.Run("To and FromServiceExternalUserID", func(t *testing.T) {
		svc, err := ec.ToServiceExternalUserID(ctx, wecom.ExternalUserID)
		require.NoError(t, err)
		assert.Equal(t, worktest.ServiceExternalUserID(wecom.ExternalUserID), svc)
		back, err := ec.FromServiceExternalUserID(ctx, 1000002, svc)
		require.NoError(t, err)
		assert.Equal(t, wecom.ExternalUserID, back)
	})

	t.Run("GetNewExternalUserID", func(t *testing.T) {
		got, err := ec.GetNewExternalUserID(ctx, []string{wechat.ExternalUserID, wecom.ExternalUserID})
		require.NoError(t, err)
		assert.Equal(t, []externalcontact.ExternalUserIDMapping{
			{ExternalUserID: wechat.ExternalUserID, NewExternalUserID: worktest.ServiceExternalUserID(wechat.ExternalUserID)},
			{ExternalUserID: wecom.ExternalUserID, NewExternalUserID: worktest.ServiceExternalUserID(wecom.ExternalUserID)},
		}, got)

		chat := d.GroupChats[0]
		var ids []string
		for _, m := range chat.Members {
			if m.Type == worktest.ChatMemberExternal {
				ids = append(ids, m.UserID)
			}
		}
		got, err = ec.GetGroupChatNewExternalUserID(ctx, chat.ChatID, ids)
		require.NoError(t, err)
		require.Len(t, got, len(ids))
		for i, m := range got {
			assert.Equal(t, worktest.ServiceExternalUserID(ids[i]), m.NewExternalUserID)
		}
	})

	t.Run("OpenGIDToChatID", func(t *testing.T) {
		chat := d.GroupChats[len(d.GroupChats)-1]
		got, err := ec.OpenGIDToChatID(ctx, worktest.OpenGID(chat.ChatID))
		require.NoError(t, err)
		assert.Equal(t, chat.ChatID, got)
	})

	t.Run("BatchToExternalUserID", func(t *testing.T) {
		var rel worktest.Relation
		for _, r := range d.Relations {
			if len(r.RemarkMobiles) > 0 && !resigned[r.UserID] {
				rel = r
				break
			}
		}
		require.NotEmpty(t, rel.RemarkMobiles)
		resp, err := ec.BatchToExternalUserID(ctx, []string{rel.RemarkMobiles[0], "10000000000"})
		require.NoError(t, err)
		require.NotEmpty(t, resp.SuccessList)
		var ids []string
		for _, e := range resp.SuccessList {
			assert.Equal(t, rel.RemarkMobiles[0], e.Mobile)
			ids = append(ids, e.ExternalUserID)
		}
		assert.Contains(t, ids, rel.ExternalUserID)
		require.Len(t, resp.FailList, 1)
		assert.Equal(t, "10000000000", resp.FailList[0].Mobile)
		assert.True(t, errors.Is(resp.FailList[0].Err(), externalcontact.ErrRecordNotFound))
	})

	t.Run("provider and suite tokens", func(t *testing.T) {
		require.NoError(t, ec.FinishExternalUserIDMigration(ctx, s.CorpID))
		err := ec.FinishExternalUserIDMigration(ctx, "wwOTHERCORP")
		assert.True(t, errors.Is(err, &core.APIError{Code: 40013}), "%v", err)

		info, err := ec.UnionIDToExternalUserID3rd(ctx, &externalcontact.UnionIDToExternalUserID3rdRequest{
			UnionID: wechat.UnionID, OpenID: "oMINIPROGRAM", CorpID: s.CorpID})
		require.NoError(t, err)
		assert.Equal(t, []externalcontact.ExternalUserIDInfo{{CorpID: s.CorpID, ExternalUserID: worktest.ServiceExternalUserID(wechat.ExternalUserID)}}, info)

		// A wrong token is WeCom's answer, not the SDK's.
		bad := s.Config()
		bad.ProviderTokenSource = core.TokenFunc(func(context.Context) (string, error) { return "wrong", nil })
		bad.SuiteTokenSource = core.TokenFunc(func(context.Context) (string, error) { return "wrong", nil })
		badApp, err := work.New(bad)
		require.NoError(t, err)
		err = badApp.ExternalContact().FinishExternalUserIDMigration(ctx, s.CorpID)
		assert.True(t, errors.Is(err, core.ErrInvalidToken), "%v", err)
		_, err = badApp.ExternalContact().UnionIDToExternalUserID3rd(ctx, &externalcontact.UnionIDToExternalUserID3rdRequest{
			UnionID: wechat.UnionID, OpenID: "oMINIPROGRAM"})
		assert.True(t, errors.Is(err, &core.APIError{Code: 40082}), "%v", err)
		assert.True(t, errors.Is(err, core.ErrTokenRejected), "the SDK treats it as a rejected token")
	})

	t.Run("legacy 3rd path", func(t *testing.T) {
		// The undocumented path without service/ takes the access_token:
		// an app with no suite token source can call it.
		plain, err := work.New(s.Config())
		require.NoError(t, err)
		req := &externalcontact.UnionIDToExternalUserID3rdRequest{UnionID: wechat.UnionID, OpenID: "oMINIPROGRAM"}
		info, err := plain.ExternalContact().UnionIDToExternalUserID3rdLegacy(ctx, req)
		require.NoError(t, err)
		want := []externalcontact.ExternalUserIDInfo{{CorpID: s.CorpID, ExternalUserID: worktest.ServiceExternalUserID(wechat.ExternalUserID)}}
		assert.Equal(t, want, info)

		// The same answer as the documented call.
		info, err = ec.UnionIDToExternalUserID3rd(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, want, info)

		info, err = plain.ExternalContact().UnionIDToExternalUserID3rdLegacy(ctx, &externalcontact.UnionIDToExternalUserID3rdRequest{UnionID: "ozNOSUCH", OpenID: "o1"})
		require.NoError(t, err)
		assert.Empty(t, info)
	})
}
