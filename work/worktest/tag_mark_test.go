package worktest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkTag(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	require.Equal(t, []string{"1:客户等级/普通客户"}, tc.followTags(custWm, "zhangsan"))

	// A tag made by add_corp_tag can be marked; corp and strategy tags
	// show with their type, group and name, in the order they were put on.
	g := tc.add(pathAddCorp, map[string]any{"group_name": "意向产品", "tag": []map[string]any{{"name": "企业版"}, {"name": "旗舰版"}}})
	ent, flag := g.Tags[0].ID, g.Tags[1].ID
	tc.ok(pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": custWm,
		"add_tag": []string{ent, tagChannelA, tagImportant, ent, tagNormal}})
	assert.Equal(t, []string{"1:客户等级/普通客户", "1:意向产品/企业版", "3:渠道规则/渠道A", "1:客户等级/重要客户"},
		tc.followTags(custWm, "zhangsan"))
	assert.Equal(t, []string{tagNormal, ent, tagChannelA, tagImportant}, tc.followTagIDs(custWm, "zhangsan"))
	assert.Equal(t, []string{"1:客户来源/展会"}, tc.followTags(custWm, "lisi"), "another member's relation is untouched")

	// Removing, and adding and removing in one call (removal wins);
	// removing a tag the customer does not have is a no-op.
	tc.ok(pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": custWm,
		"add_tag": []string{flag, tagExpo}, "remove_tag": []string{tagNormal, tagExpo, tagChannelA, flag, tagAdsDeleted}})
	assert.Equal(t, []string{ent, tagImportant}, tc.followTagIDs(custWm, "zhangsan"))

	// Removal only; then the list can go empty.
	tc.ok(pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": custWm, "remove_tag": []string{ent, tagImportant}})
	assert.Empty(t, tc.followTags(custWm, "zhangsan"))
	r, _ := getContact(t, s, tc.tok, custWm, "")
	assert.NotContains(t, string(r.Body), `"tags":null`)

	// A removed deleted tag id leaves the relation (it showed nowhere).
	tc.ok(pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": custWo, "remove_tag": []string{tagAdsDeleted}})
	rel := relationsOf(s.Snapshot(), "zhangsan")[pair{"zhangsan", custWo}]
	assert.Equal(t, []string{tagImportant, tagChannelA}, rel.TagIDs)

	// Renames and deletions flow to the marked customers.
	tc.ok(pathMarkTag, map[string]any{"userid": "lisi", "external_userid": custWm, "add_tag": []string{ent, flag}})
	tc.ok(pathEditCorp, map[string]any{"id": g.GroupID, "name": "产品"})
	tc.ok(pathDelCorp, map[string]any{"tag_id": []string{flag}})
	assert.Equal(t, []string{"1:客户来源/展会", "1:产品/企业版"}, tc.followTags(custWm, "lisi"))
}

func TestMarkTagErrors(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	before := snapshotJSON(t, s)
	add := []string{tagExpo}
	tc.expectErr(pathMarkTag, []tagErrCase{
		{"missing userid", map[string]any{"external_userid": custWm, "add_tag": add}, 41009, "missing userid"},
		{"unknown member", map[string]any{"userid": "ghost", "external_userid": custWm, "add_tag": add}, 40003, "ghost"},
		{"resigned member", map[string]any{"userid": "wangwu", "external_userid": custOfResigned, "add_tag": add}, 40003, "wangwu"},
		{"missing external_userid", map[string]any{"userid": "zhangsan", "add_tag": add}, 41035, ""},
		{"unknown customer", map[string]any{"userid": "zhangsan", "external_userid": "wmGHOST", "add_tag": add}, 40096, "wmGHOST"},
		{"not the member's customer", map[string]any{"userid": "rocky", "external_userid": custWm, "add_tag": add}, 84061, ""},
		{"no tags", map[string]any{"userid": "zhangsan", "external_userid": custWm}, 40058, "add_tag and remove_tag are both empty"},
		{"empty lists", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": []string{}, "remove_tag": []string{}}, 40058, "both empty"},
		{"empty tag id", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": []string{tagExpo, ""}}, 40058, "add_tag[1] is empty"},
		{"unknown tag among good ones", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": []string{tagExpo, "etNOPE"}}, 40068, "etNOPE"},
		{"deleted tag", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": []string{tagAdsDeleted}}, 40068, tagAdsDeleted},
		{"group id", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": []string{grpGrade}}, 40068, grpGrade},
		{"unknown tag to remove", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": add, "remove_tag": []string{"etNOPE"}}, 40068, "etNOPE"},
		{"wrong type", map[string]any{"userid": "zhangsan", "external_userid": custWm, "add_tag": tagExpo}, 47001, "add_tag"},
	})
	assert.Equal(t, before, snapshotJSON(t, s), "failed calls change nothing")
}

func TestStrategyTags(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)

	// Listing: strategy groups only, with their strategy_id and no deleted
	// flags; the filters work as for corp tags.
	all := tc.list(pathStratList, nil)
	assert.Equal(t, []string{"渠道规则: 渠道A"}, tagNames(all))
	require.NotNil(t, all[0].StrategyID)
	assert.Equal(t, int64(1), *all[0].StrategyID)
	assert.Nil(t, all[0].Deleted)
	assert.Equal(t, all, tc.list(pathStratList, map[string]any{"strategy_id": 1}))
	assert.Empty(t, tc.list(pathStratList, map[string]any{"tag_id": []string{tagImportant}}), "corp tags are another library")
	assert.Empty(t, tc.list(pathStratList, map[string]any{"group_id": []string{grpGrade}}))

	// Adding: "st" ids; the answer has no strategy_id, as WeCom documents.
	g := tc.add(pathAddStrategy, map[string]any{"strategy_id": 1, "group_name": "活动规则", "order": 5,
		"tag": []map[string]any{{"name": "双十一", "order": 1}, {"name": "双十一"}}})
	assert.Nil(t, g.StrategyID)
	assert.True(t, strings.HasPrefix(g.GroupID, "st"))
	require.Len(t, g.Tags, 1)
	assert.True(t, strings.HasPrefix(g.Tags[0].ID, "st"))
	assert.Equal(t, s.Clock().Now().Unix(), g.Tags[0].CreateTime)
	tc.add(pathAddStrategy, map[string]any{"strategy_id": 1, "group_id": grpChannel, "tag": []map[string]any{{"name": "渠道B"}}})
	tc.add(pathAddStrategy, map[string]any{"strategy_id": 1, "group_name": "渠道规则", "tag": []map[string]any{{"name": "渠道C"}}})
	// A corp group of the same name is another library.
	tc.add(pathAddCorp, map[string]any{"group_name": "活动规则", "tag": []map[string]any{{"name": "双十一"}}})
	all = tc.list(pathStratList, nil)
	assert.Equal(t, []string{"渠道规则: 渠道A, 渠道B, 渠道C", "活动规则: 双十一"}, tagNames(all))
	assert.Equal(t, int64(1), *all[1].StrategyID)

	// Editing and deleting, and the tags on customers follow.
	tc.ok(pathMarkTag, map[string]any{"userid": "lisi", "external_userid": custWm, "add_tag": []string{g.Tags[0].ID}})
	tc.ok(pathEditStrat, map[string]any{"id": g.Tags[0].ID, "name": "双11"})
	tc.ok(pathEditStrat, map[string]any{"id": g.GroupID, "order": 0})
	assert.Equal(t, []string{"1:客户来源/展会", "3:活动规则/双11"}, tc.followTags(custWm, "lisi"))
	tc.ok(pathDelStrategy, map[string]any{"group_id": []string{g.GroupID}})
	assert.Equal(t, []string{"1:客户来源/展会"}, tc.followTags(custWm, "lisi"))
	assert.Equal(t, []string{"-活动规则: -双11"}, tagNames(tc.list(pathStratList, map[string]any{"tag_id": []string{g.Tags[0].ID}})))
	tc.ok(pathDelStrategy, map[string]any{"tag_id": []string{tagChannelA}})
	assert.Equal(t, []string{"渠道规则: 渠道B, 渠道C"}, tagNames(tc.list(pathStratList, map[string]any{"strategy_id": 1})))
	assert.Equal(t, []string{"1:客户等级/重要客户", "2:个人标签/重点跟进"}, tc.followTags(custWo, "zhangsan"))
	assert.Equal(t, []string{"客户等级: 重要客户, 普通客户", "客户来源: 展会", "活动规则: 双十一"}, tagNames(tc.list(pathCorpList, nil)))
}

func TestStrategyTagErrors(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	before := snapshotJSON(t, s)
	one := []map[string]any{{"name": "a"}}
	tc.expectErr(pathStratList, []tagErrCase{
		{"unknown strategy", map[string]any{"strategy_id": 2}, 40058, "strategy_id 2 does not exist"},
		{"negative strategy", map[string]any{"strategy_id": -1}, 40058, "strategy_id"},
		{"empty id", map[string]any{"group_id": []string{""}}, 40058, "group_id[0] is empty"},
	})
	tc.expectErr(pathAddStrategy, []tagErrCase{
		{"no strategy", map[string]any{"group_name": "x", "tag": one}, 40058, "strategy_id is required"},
		{"unknown strategy", map[string]any{"strategy_id": 9, "group_name": "x", "tag": one}, 40058, "strategy_id 9"},
		{"corp group", map[string]any{"strategy_id": 1, "group_id": grpGrade, "tag": one}, 40068, grpGrade},
		{"name taken", map[string]any{"strategy_id": 1, "group_id": grpChannel, "tag": []map[string]any{{"name": "渠道A"}}}, 40071, "渠道A"},
		{"no tag", map[string]any{"strategy_id": 1, "group_name": "x"}, 40058, "tag is required"},
		{"no group", map[string]any{"strategy_id": 1, "tag": one}, 40058, "group_id and group_name"},
	})
	tc.expectErr(pathEditStrat, []tagErrCase{
		{"corp tag", map[string]any{"id": tagImportant, "name": "x"}, 40068, tagImportant},
		{"corp group", map[string]any{"id": grpGrade, "name": "x"}, 40068, grpGrade},
		{"no id", map[string]any{"name": "x"}, 40058, "id is required"},
		{"nothing to change", map[string]any{"id": tagChannelA}, 40058, "both empty"},
	})
	tc.expectErr(pathDelStrategy, []tagErrCase{
		{"nothing", map[string]any{}, 40058, "both empty"},
		{"corp tag", map[string]any{"tag_id": []string{tagChannelA, tagImportant}}, 40068, tagImportant},
		{"corp group", map[string]any{"group_id": []string{grpGrade}}, 40068, grpGrade},
	})
	assert.Equal(t, before, snapshotJSON(t, s), "failed calls change nothing")

	// Names are unique per rule group: a second group clashes on rename.
	tc.add(pathAddStrategy, map[string]any{"strategy_id": 1, "group_name": "其他", "tag": []map[string]any{{"name": "渠道A"}}})
	tc.expectErr(pathEditStrat, []tagErrCase{
		{"group name taken", map[string]any{"id": grpChannel, "name": "其他"}, 40071, "其他"},
	})
}

// The generated corp's tags: three corp groups (one deleted tag) and the
// strategy group of rule group 1, all usable through the tag calls.
func TestSeededTags(t *testing.T) {
	s := start(t, WithSeed(7), WithMembers(2), WithCustomersPerMember(2))
	tc := newTagClient(t, s)
	assert.Equal(t, []string{"客户等级: 重要客户, 普通客户, 潜在客户", "客户来源: 展会, 官网, 转介绍", "所属行业: 制造业, 教育, 零售, 互联网"},
		tagNames(tc.list(pathCorpList, nil)))
	strat := tc.list(pathStratList, map[string]any{"strategy_id": 1})
	assert.Equal(t, []string{"渠道规则: 渠道A, 渠道B"}, tagNames(strat))

	d := s.Snapshot()
	rels := relationsOf(d, activeMembers(d)...)
	require.NotEmpty(t, rels)
	var rel Relation
	for _, rel = range rels {
		break
	}
	id := strat[0].Tags[1].ID
	tc.ok(pathMarkTag, map[string]any{"userid": rel.UserID, "external_userid": rel.ExternalUserID, "add_tag": []string{id}})
	assert.Contains(t, tc.followTags(rel.ExternalUserID, rel.UserID), "3:渠道规则/渠道B")
	assert.Contains(t, tc.followTagIDs(rel.ExternalUserID, rel.UserID), id)
}

// Concurrent writers: every add lands once, in one group, with unique ids,
// while readers list and mark.
func TestTagsConcurrent(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	const n = 20
	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := apiWith(t, s, tc.tok, http.MethodPost, pathAddCorp, nil,
				mustJSON(t, map[string]any{"group_name": "并发", "tag": []map[string]any{{"name": fmt.Sprintf("t%02d", i)}}}))
			if assert.Equal(t, 0, r.ErrCode, r.ErrMsg) {
				var out struct {
					TagGroup tagGroupReply `json:"tag_group"`
				}
				r.decode(t, &out)
				ids[i] = out.TagGroup.Tags[0].ID
			}
			apiWith(t, s, tc.tok, http.MethodPost, pathCorpList, nil, "{}")
			apiWith(t, s, tc.tok, http.MethodPost, pathMarkTag, nil,
				mustJSON(t, map[string]any{"userid": "lisi", "external_userid": custWm, "add_tag": []string{ids[i]}}))
		}()
	}
	wg.Wait()
	groups := tc.list(pathCorpList, map[string]any{"tag_id": ids})
	require.Len(t, groups, 1, "one group, created once")
	assert.Len(t, groups[0].Tags, n)
	assert.Len(t, tc.followTagIDs(custWm, "lisi"), n+1)
}
