package worktest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// followTags returns the tags userID put on a customer, through the SDK's Get.
func followTags(t *testing.T, ec *externalcontact.Client, externalUserID, userID string) []externalcontact.FollowUserTag {
	t.Helper()
	c, err := ec.Get(context.Background(), externalUserID)
	require.NoError(t, err)
	for _, f := range c.FollowUsers {
		if f.UserID == userID {
			return f.Tags
		}
	}
	t.Fatalf("%s does not follow %s", userID, externalUserID)
	return nil
}

// batchTagIDs returns follow_info.tag_id of a pair, through BatchGetByUserAll.
func batchTagIDs(t *testing.T, ec *externalcontact.Client, externalUserID, userID string) []string {
	t.Helper()
	for bc, err := range ec.BatchGetByUserAll(context.Background(), &externalcontact.BatchGetByUserRequest{UserIDs: []string{userID}, Limit: 2}) {
		require.NoError(t, err)
		if bc.ExternalContact.ExternalUserID == externalUserID {
			return bc.FollowInfo.TagIDs
		}
	}
	t.Fatalf("%s does not follow %s", userID, externalUserID)
	return nil
}

func groupNamed(groups []externalcontact.TagGroup, name string) *externalcontact.TagGroup {
	for i := range groups {
		if groups[i].GroupName == name {
			return &groups[i]
		}
	}
	return nil
}

// The SDK's tag calls against the simulator: the library changes, the
// customers' tags follow, and the errcodes become the SDK's sentinels.
func TestSDKTags(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(11), worktest.WithMembers(3), worktest.WithCustomersPerMember(4))
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	ctx := context.Background()
	d := s.Snapshot()
	var rel worktest.Relation // a relation of an active member
	for _, r := range d.Relations {
		if m := slices.IndexFunc(d.Members, func(m worktest.Member) bool { return m.UserID == r.UserID }); !d.Members[m].Resigned() {
			rel = r
			break
		}
	}
	require.NotEmpty(t, rel.UserID)

	// The seeded library: three corp groups, the deleted tag only by id.
	groups, err := ec.GetCorpTags(ctx, nil)
	require.NoError(t, err)
	require.Len(t, groups, 3)
	source := groupNamed(groups, "客户来源")
	require.NotNil(t, source)
	assert.Len(t, source.Tags, 3)
	byID, err := ec.GetCorpTags(ctx, &externalcontact.GetCorpTagsRequest{GroupIDs: []string{source.GroupID}})
	require.NoError(t, err)
	require.Len(t, byID, 1)
	require.Len(t, byID[0].Tags, 4)
	assert.True(t, byID[0].Tags[3].Deleted)
	assert.Equal(t, "广告投放", byID[0].Tags[3].Name)

	// A new group and tags, visible in the library.
	g, err := ec.AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{GroupName: "意向产品", Order: 3,
		Tags: []externalcontact.TagSpec{{Name: "企业版", Order: 2}, {Name: "旗舰版"}}})
	require.NoError(t, err)
	require.Len(t, g.Tags, 2)
	assert.True(t, strings.HasPrefix(g.GroupID, "et"))
	assert.Equal(t, s.Clock().Now().Unix(), g.CreateTime)
	groups, err = ec.GetCorpTags(ctx, nil)
	require.NoError(t, err)
	require.Len(t, groups, 4)
	assert.Equal(t, *g, groups[3])

	// Marked on a customer: Get shows name, group and type; the batch the id.
	strat, err := ec.GetStrategyTags(ctx, &externalcontact.GetStrategyTagsRequest{StrategyID: 1})
	require.NoError(t, err)
	require.Len(t, strat, 1)
	assert.Equal(t, int64(1), strat[0].StrategyID)
	channel := strat[0].Tags[0]
	ent := g.Tags[0].ID
	require.NoError(t, ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: rel.UserID, ExternalUserID: rel.ExternalUserID,
		AddTags: []string{ent, channel.ID}}))
	tags := followTags(t, ec, rel.ExternalUserID, rel.UserID)
	assert.Contains(t, tags, externalcontact.FollowUserTag{GroupName: "意向产品", TagName: "企业版", TagID: ent, Type: externalcontact.TagCorp})
	assert.Contains(t, tags, externalcontact.FollowUserTag{GroupName: strat[0].GroupName, TagName: channel.Name, TagID: channel.ID, Type: externalcontact.TagStrategy})
	assert.Contains(t, batchTagIDs(t, ec, rel.ExternalUserID, rel.UserID), ent)

	// A rename shows on the customer; order 0 is sent and applied.
	require.NoError(t, ec.UpdateCorpTag(ctx, &externalcontact.UpdateCorpTagRequest{ID: ent, Name: "专业版", Order: core.Ptr(int64(0))}))
	assert.Contains(t, followTags(t, ec, rel.ExternalUserID, rel.UserID),
		externalcontact.FollowUserTag{GroupName: "意向产品", TagName: "专业版", TagID: ent, Type: externalcontact.TagCorp})
	got, err := ec.GetCorpTags(ctx, &externalcontact.GetCorpTagsRequest{TagIDs: []string{ent}})
	require.NoError(t, err)
	assert.Equal(t, int64(0), got[0].Tags[0].Order)

	// Removed, then deleted from the library.
	require.NoError(t, ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: rel.UserID, ExternalUserID: rel.ExternalUserID,
		RemoveTags: []string{channel.ID}}))
	assert.NotContains(t, batchTagIDs(t, ec, rel.ExternalUserID, rel.UserID), channel.ID)
	require.NoError(t, ec.DeleteCorpTag(ctx, &externalcontact.DeleteCorpTagRequest{TagIDs: []string{ent}}))
	assert.NotContains(t, batchTagIDs(t, ec, rel.ExternalUserID, rel.UserID), ent)
	got, err = ec.GetCorpTags(ctx, &externalcontact.GetCorpTagsRequest{TagIDs: []string{ent}})
	require.NoError(t, err)
	assert.True(t, got[0].Tags[0].Deleted)

	t.Run("errcodes become sentinels", func(t *testing.T) {
		_, err := ec.AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{GroupID: g.GroupID, Tags: []externalcontact.TagSpec{{Name: "旗舰版"}}})
		assert.ErrorIs(t, err, externalcontact.ErrTagNameExists)
		err = ec.UpdateCorpTag(ctx, &externalcontact.UpdateCorpTagRequest{ID: "etNOSUCHTAG", Name: "x"})
		assert.ErrorIs(t, err, externalcontact.ErrTagNotFound)
		err = ec.DeleteCorpTag(ctx, &externalcontact.DeleteCorpTagRequest{TagIDs: []string{ent}})
		assert.ErrorIs(t, err, externalcontact.ErrTagNotFound, "already deleted")
		err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, AddTags: []string{ent}})
		assert.ErrorIs(t, err, externalcontact.ErrTagNotFound)
		err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: worktest.NoContactMember, ExternalUserID: rel.ExternalUserID, AddTags: []string{g.Tags[1].ID}})
		assert.ErrorIs(t, err, core.ErrNotExternalContact)
		err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: "ghost", ExternalUserID: rel.ExternalUserID, AddTags: []string{g.Tags[1].ID}})
		assert.ErrorIs(t, err, core.ErrInvalidUserID)
		var ae *core.APIError
		require.True(t, errors.As(err, &ae))
		assert.Equal(t, "externalcontact/mark_tag", ae.Path)
	})

	t.Run("strategy tags", func(t *testing.T) {
		sg, err := ec.AddStrategyTag(ctx, &externalcontact.AddStrategyTagRequest{StrategyID: 1, GroupName: "活动", Tags: []externalcontact.TagSpec{{Name: "双十一"}}})
		require.NoError(t, err)
		assert.Zero(t, sg.StrategyID, "WeCom's answer has no strategy_id")
		assert.True(t, strings.HasPrefix(sg.Tags[0].ID, "st"))
		require.NoError(t, ec.UpdateStrategyTag(ctx, &externalcontact.UpdateStrategyTagRequest{ID: sg.GroupID, Name: "大促"}))
		all, err := ec.GetStrategyTags(ctx, nil)
		require.NoError(t, err)
		require.Len(t, all, 2)
		assert.Equal(t, "大促", all[1].GroupName)
		assert.Equal(t, int64(1), all[1].StrategyID)

		_, err = ec.AddStrategyTag(ctx, &externalcontact.AddStrategyTagRequest{StrategyID: 1, GroupID: sg.GroupID, Tags: []externalcontact.TagSpec{{Name: "双十一"}}})
		assert.ErrorIs(t, err, externalcontact.ErrTagNameExists)
		err = ec.UpdateStrategyTag(ctx, &externalcontact.UpdateStrategyTagRequest{ID: g.GroupID, Name: "x"})
		assert.ErrorIs(t, err, externalcontact.ErrTagNotFound, "a corp group is not a strategy group")
		_, err = ec.AddStrategyTag(ctx, &externalcontact.AddStrategyTagRequest{StrategyID: 2, GroupName: "x", Tags: []externalcontact.TagSpec{{Name: "x"}}})
		var ae *core.APIError
		require.True(t, errors.As(err, &ae))
		assert.Equal(t, 40058, ae.Code)

		require.NoError(t, ec.DeleteStrategyTag(ctx, &externalcontact.DeleteStrategyTagRequest{GroupIDs: []string{sg.GroupID}}))
		all, err = ec.GetStrategyTags(ctx, nil)
		require.NoError(t, err)
		assert.Len(t, all, 1)
	})

	t.Run("reads are retried, writes are not", func(t *testing.T) {
		const list = "externalcontact/get_corp_tag_list"
		before := s.Count(list)
		s.Faults().FailNext(list, 1, -1)
		_, err := ec.GetCorpTags(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, before+2, s.Count(list))

		const mark = "externalcontact/mark_tag"
		before = s.Count(mark)
		s.Faults().DropConnection(mark, 1)
		err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, AddTags: []string{g.Tags[1].ID}})
		require.Error(t, err)
		assert.Equal(t, before+1, s.Count(mark))
		assert.NotContains(t, batchTagIDs(t, ec, rel.ExternalUserID, rel.UserID), g.Tags[1].ID, "the dropped call never reached the state")
	})
}
