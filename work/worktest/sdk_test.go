package worktest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// The SDK and the simulator agree on the wire: the SDK's own calls, its
// pagination, token refresh and retry rules, against the simulator.
func TestSDKAgainstSimulator(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(3), worktest.WithMembers(4), worktest.WithCustomersPerMember(6),
		worktest.WithFollowUserPageSize(1))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()
	d := s.Snapshot()

	active := map[string]bool{}
	var members []string
	for _, m := range d.Members {
		if !m.Resigned() {
			active[m.UserID] = true
			members = append(members, m.UserID)
		}
	}
	followers := map[string][]worktest.Relation{}
	for _, r := range d.Relations {
		if active[r.UserID] {
			followers[r.ExternalUserID] = append(followers[r.ExternalUserID], r)
		}
	}

	t.Run("Get merges follow_user pages", func(t *testing.T) {
		var shared string
		for _, c := range d.Customers {
			if len(followers[c.ExternalUserID]) >= 2 {
				shared = c.ExternalUserID
				break
			}
		}
		require.NotEmpty(t, shared, "the seed has a customer with two active followers")
		before := s.Count("externalcontact/get")
		got, err := ec.Get(ctx, shared)
		require.NoError(t, err)
		assert.Equal(t, shared, got.ExternalContact.ExternalUserID)
		assert.Empty(t, got.NextCursor)
		want := followers[shared]
		require.Len(t, got.FollowUsers, len(want))
		for i, f := range got.FollowUsers {
			assert.Equal(t, want[i].UserID, f.UserID)
			assert.Equal(t, want[i].Remark, f.Remark)
			assert.Equal(t, want[i].CreateTime, f.CreateTime)
			assert.Equal(t, externalcontact.AddWay(want[i].AddWay), f.AddWay)
			assert.Equal(t, want[i].RemarkMobiles, f.RemarkMobiles)
		}
		assert.Equal(t, len(want), s.Count("externalcontact/get")-before, "one page per follower at page size 1")
	})

	t.Run("BatchGetByUserAll walks every pair", func(t *testing.T) {
		seen := map[[2]string]bool{}
		for bc, err := range ec.BatchGetByUserAll(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: members, Limit: 4}) {
			require.NoError(t, err)
			k := [2]string{bc.FollowInfo.UserID, bc.ExternalContact.ExternalUserID}
			assert.False(t, seen[k], "duplicate %v", k)
			seen[k] = true
		}
		n := 0
		for _, rs := range followers {
			n += len(rs)
		}
		assert.Len(t, seen, n)
	})

	t.Run("errcodes become typed errors", func(t *testing.T) {
		_, err := ec.Get(ctx, "wmNOSUCHCUSTOMER")
		assert.True(t, errors.Is(err, core.ErrInvalidExternalUserID), "%v", err)
		var ae *core.APIError
		require.True(t, errors.As(err, &ae))
		assert.Equal(t, "externalcontact/get", ae.Path)
	})

	t.Run("expired tokens are refreshed", func(t *testing.T) {
		tokens := s.Count("gettoken")
		s.ExpireAllTokens()
		_, err := app.Client().GetRaw(ctx, "externalcontact/get_follow_user_list", nil)
		require.NoError(t, err)
		assert.Equal(t, tokens+1, s.Count("gettoken"))
	})

	t.Run("system busy is retried", func(t *testing.T) {
		const path = "externalcontact/get_follow_user_list"
		before := s.Count(path)
		s.Faults().FailNext(path, 1, -1)
		_, err := app.Client().GetRaw(ctx, path, nil)
		require.NoError(t, err)
		assert.Equal(t, before+2, s.Count(path))
	})

	t.Run("a mutating POST is not sent twice", func(t *testing.T) {
		const path = "externalcontact/remark"
		r := followers[d.Customers[0].ExternalUserID][0]
		before := s.Count(path)
		s.Faults().DropConnection(path, 1)
		_, err := app.Client().PostRaw(ctx, path, map[string]string{"userid": r.UserID, "external_userid": r.ExternalUserID, "remark": "x"})
		require.Error(t, err)
		assert.Equal(t, before+1, s.Count(path))
	})
}

// Get merges the follow_user pages at WeCom's default page size: 501
// followers are two pages, 500 and 1.
func TestSDKGetMergesDefaultPages(t *testing.T) {
	const n = worktest.DefaultFollowUserPageSize + 1
	d := &worktest.Data{Customers: []worktest.Customer{{ExternalUserID: "wmPOPULAR", Name: "大客户", Type: worktest.CustomerWeChat}}}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("m%03d", i)
		d.Members = append(d.Members, worktest.Member{UserID: id, Name: id, ExternalContact: true})
		d.Relations = append(d.Relations, worktest.Relation{UserID: id, ExternalUserID: "wmPOPULAR", CreateTime: 1700000000 + int64(i), AddWay: 1})
	}
	s := worktest.NewServer(worktest.WithData(d))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)

	c, err := app.ExternalContact().Get(context.Background(), "wmPOPULAR")
	require.NoError(t, err)
	assert.Equal(t, 2, s.Count("externalcontact/get"), "two pages")
	assert.Empty(t, c.NextCursor)
	require.Len(t, c.FollowUsers, n)
	for i, f := range c.FollowUsers {
		assert.Equal(t, fmt.Sprintf("m%03d", i), f.UserID)
	}
}

// break in a range over BatchGetByUserAll stops fetching pages.
func TestSDKBatchGetByUserAllBreak(t *testing.T) {
	s := worktest.NewServer(worktest.WithMembers(3), worktest.WithCustomersPerMember(10))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	const path = "externalcontact/batch/get_by_user"
	req := &externalcontact.BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi", "wangwu"}, Limit: 4}

	n := 0
	for _, err := range app.ExternalContact().BatchGetByUserAll(context.Background(), req) {
		require.NoError(t, err)
		if n++; n == 5 {
			break
		}
	}
	assert.Equal(t, 5, n)
	assert.Equal(t, 2, s.Count(path), "the fifth item is on the second page; no third page is fetched")

	before := s.Count(path)
	for range app.ExternalContact().BatchGetByUserAll(context.Background(), req) {
		break
	}
	assert.Equal(t, 1, s.Count(path)-before, "break on the first item: one page")

	before = s.Count(path)
	n = 0
	for _, err := range app.ExternalContact().BatchGetByUserAll(context.Background(), req) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 30, n)
	assert.Equal(t, 8, s.Count(path)-before, "30 pairs in pages of 4")
}

// A WeCom customer's profile carries its 视频号 with status, which the SDK
// decodes (the seeded data gives about half the WeCom customers one).
func TestSDKDecodesProfileChannels(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(4), worktest.WithCustomersPerMember(8))
	d := s.Snapshot()
	resigned, followed := map[string]bool{}, map[string]bool{}
	for _, m := range d.Members {
		resigned[m.UserID] = m.Resigned()
	}
	for _, r := range d.Relations {
		followed[r.ExternalUserID] = followed[r.ExternalUserID] || !resigned[r.UserID]
	}
	seen := 0
	for _, c := range d.Customers {
		if c.ExternalProfile == nil || c.ExternalProfile.WeChatChannels == nil || !followed[c.ExternalUserID] {
			continue
		}
		seen++
		got, err := app.ExternalContact().Get(context.Background(), c.ExternalUserID)
		require.NoError(t, err)
		require.NotNil(t, got.ExternalContact.ExternalProfile)
		require.NotNil(t, got.ExternalContact.ExternalProfile.WeChatChannels)
		assert.Equal(t, c.ExternalProfile.WeChatChannels.Nickname, got.ExternalContact.ExternalProfile.WeChatChannels.Nickname)
		assert.Equal(t, c.ExternalProfile.WeChatChannels.Status, got.ExternalContact.ExternalProfile.WeChatChannels.Status)
	}
	assert.Greater(t, seen, 0)
}
