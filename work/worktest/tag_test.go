package worktest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ids of the tags in testdata/worktest/corp.json.
const (
	tagFixture      = "../../testdata/worktest/corp.json"
	grpGrade        = "etAAAAgroupGrade000000000000000"
	grpSource       = "etAAAAgroupSource00000000000000"
	grpChannel      = "stAAAAgroupChannel0000000000000" // strategy_id 1
	tagImportant    = "etAAAAgradeImportant0000000000001"
	tagNormal       = "etAAAAgradeNormal000000000000002"
	tagExpo         = "etAAAAsourceExpo0000000000000001"
	tagAdsDeleted   = "etAAAAsourceAdsDeleted0000000000"
	tagChannelA     = "stAAAAchannelA000000000000000001"
	custWo          = "woAAAAxYz9kLmN3pQrSt7uVwXyZ0a1b2" // zhangsan, rocky (and resigned wangwu)
	custWm          = "wmAAAA3nBv8cXz1qWe4rTy6uIo9pLk2J" // zhangsan, lisi
	custOfResigned  = "wmAAAAkT5sLp9QwErTy3UiOp7AsDf8Gh" // wangwu only
	pathCorpList    = "externalcontact/get_corp_tag_list"
	pathAddCorp     = "externalcontact/add_corp_tag"
	pathEditCorp    = "externalcontact/edit_corp_tag"
	pathDelCorp     = "externalcontact/del_corp_tag"
	pathMarkTag     = "externalcontact/mark_tag"
	pathStratList   = "externalcontact/get_strategy_tag_list"
	pathAddStrategy = "externalcontact/add_strategy_tag"
	pathEditStrat   = "externalcontact/edit_strategy_tag"
	pathDelStrategy = "externalcontact/del_strategy_tag"
)

// tagGroupReply is a decoded tag_group entry.
type tagGroupReply struct {
	GroupID    string `json:"group_id"`
	GroupName  string `json:"group_name"`
	CreateTime int64  `json:"create_time"`
	Order      int64  `json:"order"`
	Deleted    *bool  `json:"deleted"`
	StrategyID *int64 `json:"strategy_id"`
	Tags       []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		CreateTime int64  `json:"create_time"`
		Order      int64  `json:"order"`
		Deleted    *bool  `json:"deleted"`
	} `json:"tag"`
}

// tagNames returns "group: tag, tag" lines, deleted tags marked with "-".
func tagNames(groups []tagGroupReply) []string {
	var out []string
	for _, g := range groups {
		var names []string
		for _, t := range g.Tags {
			if t.Deleted != nil && *t.Deleted {
				names = append(names, "-"+t.Name)
			} else {
				names = append(names, t.Name)
			}
		}
		line := g.GroupName + ": " + strings.Join(names, ", ")
		if g.Deleted != nil && *g.Deleted {
			line = "-" + line
		}
		out = append(out, line)
	}
	return out
}

// tagClient calls the tag endpoints of s with one token.
type tagClient struct {
	t   *testing.T
	s   *Server
	tok string
}

func newTagClient(t *testing.T, s *Server) *tagClient { return &tagClient{t, s, token(t, s)} }

func (tc *tagClient) post(path string, body any) reply {
	tc.t.Helper()
	return apiWith(tc.t, tc.s, tc.tok, http.MethodPost, path, nil, mustJSON(tc.t, body))
}

// ok posts and requires errcode 0.
func (tc *tagClient) ok(path string, body any) reply {
	tc.t.Helper()
	r := tc.post(path, body)
	require.Equal(tc.t, 0, r.ErrCode, r.ErrMsg)
	return r
}

// list calls a get_*_tag_list; a nil body is {}.
func (tc *tagClient) list(path string, body any) []tagGroupReply {
	tc.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	var out struct {
		TagGroups []tagGroupReply `json:"tag_group"`
	}
	tc.ok(path, body).decode(tc.t, &out)
	require.NotNil(tc.t, out.TagGroups, "tag_group is always a list")
	return out.TagGroups
}

// add calls an add_*_tag and returns its tag_group.
func (tc *tagClient) add(path string, body any) tagGroupReply {
	tc.t.Helper()
	var out struct {
		TagGroup tagGroupReply `json:"tag_group"`
	}
	tc.ok(path, body).decode(tc.t, &out)
	return out.TagGroup
}

// followTags returns the tags userID put on a customer, per externalcontact/get,
// as "type:group/tag" strings.
func (tc *tagClient) followTags(externalUserID, userID string) []string {
	tc.t.Helper()
	r, c := getContact(tc.t, tc.s, tc.tok, externalUserID, "")
	require.Equal(tc.t, 0, r.ErrCode, r.ErrMsg)
	for _, f := range c.FollowUser {
		if f.UserID == userID {
			out := []string{}
			for _, tg := range f.Tags {
				out = append(out, fmt.Sprintf("%d:%s/%s", tg.Type, tg.GroupName, tg.TagName))
			}
			return out
		}
	}
	tc.t.Fatalf("%s does not follow %s", userID, externalUserID)
	return nil
}

// followTagIDs returns the follow_info.tag_id of batch/get_by_user for a pair.
func (tc *tagClient) followTagIDs(externalUserID, userID string) []string {
	tc.t.Helper()
	var p batchPage
	tc.ok("externalcontact/batch/get_by_user", map[string]any{"userid_list": []string{userID}, "limit": 100}).decode(tc.t, &p)
	for _, e := range p.List {
		if e.ExternalContact.ExternalUserID == externalUserID {
			return e.FollowInfo.TagIDs
		}
	}
	tc.t.Fatalf("%s does not follow %s", userID, externalUserID)
	return nil
}

// expectErr runs table cases of one path.
func (tc *tagClient) expectErr(path string, cases []tagErrCase) {
	tc.t.Helper()
	for _, c := range cases {
		tc.t.Run(c.name, func(t *testing.T) {
			r := apiWith(t, tc.s, tc.tok, http.MethodPost, path, nil, mustJSON(t, c.body))
			assert.Equal(t, c.code, r.ErrCode, r.ErrMsg)
			assert.Contains(t, r.ErrMsg, c.msg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}
}

type tagErrCase struct {
	name string
	body any
	code int
	msg  string
}

func TestTagRoutesRequirePOST(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tok := token(t, s)
	for _, p := range []string{pathCorpList, pathAddCorp, pathEditCorp, pathDelCorp, pathMarkTag,
		pathStratList, pathAddStrategy, pathEditStrat, pathDelStrategy} {
		r := apiWith(t, s, tok, http.MethodGet, p, nil, "")
		assert.Equal(t, 43002, r.ErrCode, p)
		r = apiWith(t, s, tok, http.MethodPost, p, nil, `{"tag_id":"x","group_id":1,"tag":{},"add_tag":"x","id":2}`)
		assert.Equal(t, 47001, r.ErrCode, "%s: %s", p, r.ErrMsg)
	}
}

func TestGetCorpTagList(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)

	// Everything: live corp groups and tags, no deleted flags, no strategy
	// tags; an empty body is {}.
	for _, body := range []any{map[string]any{}, map[string]any{"tag_id": []string{}, "group_id": []string{}}} {
		all := tc.list(pathCorpList, body)
		assert.Equal(t, []string{"客户等级: 重要客户, 普通客户", "客户来源: 展会"}, tagNames(all))
		for _, g := range all {
			assert.Nil(t, g.Deleted, "deleted only when asked for by id")
			assert.Nil(t, g.StrategyID)
			for _, tg := range g.Tags {
				assert.Nil(t, tg.Deleted)
				assert.True(t, strings.HasPrefix(tg.ID, "et"))
			}
		}
	}
	r := apiWith(t, s, tc.tok, http.MethodPost, pathCorpList, nil, "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)

	all := tc.list(pathCorpList, nil)
	g := all[0]
	assert.Equal(t, grpGrade, g.GroupID)
	assert.Equal(t, int64(1680000000), g.CreateTime)
	assert.Equal(t, int64(3), g.Order)
	assert.Equal(t, tagImportant, g.Tags[0].ID)
	assert.Equal(t, int64(2), g.Tags[0].Order)

	// By group: the group with all its tags, deleted ones flagged; tag_id
	// is then ignored.
	byGroup := tc.list(pathCorpList, map[string]any{"group_id": []string{grpSource}, "tag_id": []string{tagImportant}})
	assert.Equal(t, []string{"客户来源: 展会, -广告投放"}, tagNames(byGroup))
	require.NotNil(t, byGroup[0].Deleted)
	assert.False(t, *byGroup[0].Deleted)
	require.NotNil(t, byGroup[0].Tags[0].Deleted)
	assert.False(t, *byGroup[0].Tags[0].Deleted)

	// By tag: the tags within their groups, in the library's order.
	byTag := tc.list(pathCorpList, map[string]any{"tag_id": []string{tagAdsDeleted, tagNormal, tagNormal}})
	assert.Equal(t, []string{"客户等级: 普通客户", "客户来源: -广告投放"}, tagNames(byTag))

	// Unknown ids, and ids of strategy tags, are left out.
	assert.Empty(t, tc.list(pathCorpList, map[string]any{"tag_id": []string{"etNOPE", tagChannelA}}))
	assert.Empty(t, tc.list(pathCorpList, map[string]any{"group_id": []string{"etNOPE", grpChannel, tagImportant}}))

	tc.expectErr(pathCorpList, []tagErrCase{
		{"empty tag id", map[string]any{"tag_id": []string{tagImportant, ""}}, 40058, "tag_id[1] is empty"},
		{"empty group id", map[string]any{"group_id": []string{""}}, 40058, "group_id[0] is empty"},
		{"wrong type", map[string]any{"tag_id": tagImportant}, 47001, "tag_id"},
	})
}

func TestAddCorpTag(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	now := s.Clock().Now().Unix()

	// A new group; the same name twice in one call makes one tag.
	g := tc.add(pathAddCorp, map[string]any{"group_name": "意向产品", "order": 7, "agentid": 1000014,
		"tag": []map[string]any{{"name": "企业版", "order": 2}, {"name": "旗舰版"}, {"name": "企业版", "order": 9}}})
	assert.True(t, strings.HasPrefix(g.GroupID, "et"))
	assert.Len(t, g.GroupID, 32)
	assert.Equal(t, "意向产品", g.GroupName)
	assert.Equal(t, now, g.CreateTime)
	assert.Equal(t, int64(7), g.Order)
	assert.Nil(t, g.Deleted)
	assert.Nil(t, g.StrategyID)
	require.Len(t, g.Tags, 2)
	assert.Equal(t, "企业版", g.Tags[0].Name)
	assert.Equal(t, int64(2), g.Tags[0].Order)
	assert.Equal(t, now, g.Tags[0].CreateTime)
	assert.NotEqual(t, g.Tags[0].ID, g.Tags[1].ID)
	for _, tg := range g.Tags {
		assert.True(t, strings.HasPrefix(tg.ID, "et"))
		assert.NotEqual(t, g.GroupID, tg.ID)
	}
	assert.Equal(t, []string{"客户等级: 重要客户, 普通客户", "客户来源: 展会", "意向产品: 企业版, 旗舰版"},
		tagNames(tc.list(pathCorpList, nil)))

	// By group name: an existing group receives the tags (order ignored);
	// the answer holds the new tags only.
	s.Clock().Advance(3600e9)
	g2 := tc.add(pathAddCorp, map[string]any{"group_name": "客户等级", "order": 99, "tag": []map[string]any{{"name": "流失客户"}}})
	assert.Equal(t, grpGrade, g2.GroupID)
	assert.Equal(t, int64(3), g2.Order)
	assert.Equal(t, int64(1680000000), g2.CreateTime)
	require.Len(t, g2.Tags, 1)
	assert.Equal(t, now+3600, g2.Tags[0].CreateTime, "times come from the simulator clock")

	// By group id (group_name is then ignored); a deleted tag's name is
	// free again.
	g3 := tc.add(pathAddCorp, map[string]any{"group_id": grpSource, "group_name": "别的", "tag": []map[string]any{{"name": "广告投放"}}})
	assert.Equal(t, "客户来源", g3.GroupName)
	assert.Equal(t, []string{"客户等级: 重要客户, 普通客户, 流失客户", "客户来源: 展会, 广告投放", "意向产品: 企业版, 旗舰版"},
		tagNames(tc.list(pathCorpList, nil)))

	// A strategy group of the same name is another library.
	g4 := tc.add(pathAddCorp, map[string]any{"group_name": "渠道规则", "tag": []map[string]any{{"name": "渠道A"}}})
	assert.NotEqual(t, grpChannel, g4.GroupID)

	before := snapshotJSON(t, s)
	long := strings.Repeat("标", 31)
	tc.expectErr(pathAddCorp, []tagErrCase{
		{"name taken in the group", map[string]any{"group_id": grpGrade, "tag": []map[string]any{{"name": "新"}, {"name": "重要客户"}}}, 40071, "重要客户"},
		{"name taken, group by name", map[string]any{"group_name": "意向产品", "tag": []map[string]any{{"name": "旗舰版"}}}, 40071, "旗舰版"},
		{"no tag", map[string]any{"group_name": "x"}, 40058, "tag is required"},
		{"empty tag list", map[string]any{"group_name": "x", "tag": []any{}}, 40058, "tag is required"},
		{"tag without name", map[string]any{"group_name": "x", "tag": []map[string]any{{"name": "a"}, {"order": 1}}}, 40058, "tag[1].name is required"},
		{"tag name too long", map[string]any{"group_name": "x", "tag": []map[string]any{{"name": long}}}, 40058, "tag[0].name has 31 characters"},
		{"group name too long", map[string]any{"group_name": long, "tag": []map[string]any{{"name": "a"}}}, 40058, "group_name has 31 characters"},
		{"negative tag order", map[string]any{"group_name": "x", "tag": []map[string]any{{"name": "a", "order": -1}}}, 40058, "tag[0].order"},
		{"tag order 2^32", map[string]any{"group_name": "x", "tag": []map[string]any{{"name": "a", "order": int64(1) << 32}}}, 40058, "tag[0].order"},
		{"group order 2^32", map[string]any{"group_name": "x", "order": int64(1) << 32, "tag": []map[string]any{{"name": "a"}}}, 40058, "order"},
		{"no group", map[string]any{"tag": []map[string]any{{"name": "a"}}}, 40058, "group_id and group_name are both empty"},
		{"unknown group id", map[string]any{"group_id": "etNOPE", "tag": []map[string]any{{"name": "a"}}}, 40068, "etNOPE"},
		{"strategy group id", map[string]any{"group_id": grpChannel, "tag": []map[string]any{{"name": "a"}}}, 40068, grpChannel},
		{"tag id as group id", map[string]any{"group_id": tagImportant, "tag": []map[string]any{{"name": "a"}}}, 40068, ""},
		{"order of wrong type", map[string]any{"group_name": "x", "tag": []map[string]any{{"name": "a", "order": "1"}}}, 47001, ""},
	})
	assert.Equal(t, before, snapshotJSON(t, s), "failed calls change nothing")

	// 30 characters is fine; order 2^32-1 too.
	name30 := strings.Repeat("标", 30)
	g5 := tc.add(pathAddCorp, map[string]any{"group_name": name30, "order": int64(1)<<32 - 1, "tag": []map[string]any{{"name": name30}}})
	assert.Equal(t, int64(1)<<32-1, g5.Order)

	// A deleted group is gone: its name makes a new group.
	tc.ok(pathDelCorp, map[string]any{"group_id": []string{grpSource}})
	g6 := tc.add(pathAddCorp, map[string]any{"group_name": "客户来源", "tag": []map[string]any{{"name": "展会"}}})
	assert.NotEqual(t, grpSource, g6.GroupID)
	tc.expectErr(pathAddCorp, []tagErrCase{
		{"deleted group id", map[string]any{"group_id": grpSource, "tag": []map[string]any{{"name": "a"}}}, 40068, grpSource},
	})

	// The changed library is a valid fixture.
	again := start(t, WithData(s.Snapshot()))
	assert.Equal(t, snapshotJSON(t, s), snapshotJSON(t, again))
}

// bigLibrary has 2999 live corp tags (and a deleted one, which does not
// count) and one strategy tag: the corp is at WeCom's cap of 3000.
func bigLibrary() *Data {
	d := &Data{Members: []Member{{UserID: "zhangsan", Name: "张三", ExternalContact: true}}}
	g := TagGroup{GroupID: "etBIG", GroupName: "大", Tags: []Tag{{ID: "etDEL", Name: "已删", Deleted: true}}}
	for i := 0; i < 2999; i++ {
		g.Tags = append(g.Tags, Tag{ID: fmt.Sprintf("etT%04d", i), Name: fmt.Sprintf("标签%04d", i)})
	}
	d.TagGroups = []TagGroup{g, {GroupID: "stS", GroupName: "规则", StrategyID: 1, Tags: []Tag{{ID: "stT", Name: "渠道"}}}}
	return d
}

func TestTagLimit(t *testing.T) {
	s := start(t, WithData(bigLibrary()))
	tc := newTagClient(t, s)
	tc.expectErr(pathAddCorp, []tagErrCase{
		{"corp tag over the cap", map[string]any{"group_name": "新", "tag": []map[string]any{{"name": "a"}}}, 40126, "3000"},
	})
	tc.expectErr(pathAddStrategy, []tagErrCase{
		{"strategy tag over the cap", map[string]any{"strategy_id": 1, "group_id": "stS", "tag": []map[string]any{{"name": "a"}}}, 40126, "3000"},
	})
	// Deleting makes room: one strategy tag out, one corp tag in, then full
	// again (the group without tags went too).
	tc.ok(pathDelStrategy, map[string]any{"tag_id": []string{"stT"}})
	tc.add(pathAddCorp, map[string]any{"group_id": "etBIG", "tag": []map[string]any{{"name": "a"}, {"name": "a"}}})
	tc.expectErr(pathAddCorp, []tagErrCase{
		{"full again", map[string]any{"group_id": "etBIG", "tag": []map[string]any{{"name": "b"}}}, 40126, ""},
	})
	n := 0
	for _, g := range tc.list(pathCorpList, nil) {
		n += len(g.Tags)
	}
	assert.Equal(t, 3000, n)
}

func TestEditCorpTag(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)

	tc.ok(pathEditCorp, map[string]any{"id": tagImportant, "name": "VIP客户", "agentid": 1000014})
	tc.ok(pathEditCorp, map[string]any{"id": tagNormal, "order": 0}) // 0 is an order, not "unset"
	tc.ok(pathEditCorp, map[string]any{"id": grpGrade, "name": "等级", "order": 10})
	tc.ok(pathEditCorp, map[string]any{"id": tagExpo, "name": "展会"})   // its own name
	tc.ok(pathEditCorp, map[string]any{"id": tagExpo, "name": "普通客户"}) // another group's tag name

	groups := tc.list(pathCorpList, map[string]any{"group_id": []string{grpGrade}})
	assert.Equal(t, []string{"等级: VIP客户, 普通客户"}, tagNames(groups))
	assert.Equal(t, int64(10), groups[0].Order)
	assert.Equal(t, int64(2), groups[0].Tags[0].Order, "order kept when only the name changes")
	assert.Equal(t, int64(0), groups[0].Tags[1].Order)

	// The customers' tags are resolved by id: the new names show.
	assert.Equal(t, []string{"1:等级/VIP客户", "3:渠道规则/渠道A", "2:个人标签/重点跟进"}, tc.followTags(custWo, "zhangsan"))

	before := snapshotJSON(t, s)
	tc.expectErr(pathEditCorp, []tagErrCase{
		{"tag name taken in its group", map[string]any{"id": tagNormal, "name": "VIP客户"}, 40071, "VIP客户"},
		{"group name taken", map[string]any{"id": grpSource, "name": "等级"}, 40071, "等级"},
		{"unknown id", map[string]any{"id": "etNOPE", "name": "x"}, 40068, "etNOPE"},
		{"deleted tag", map[string]any{"id": tagAdsDeleted, "name": "x"}, 40068, tagAdsDeleted},
		{"strategy tag", map[string]any{"id": tagChannelA, "name": "x"}, 40068, tagChannelA},
		{"strategy group", map[string]any{"id": grpChannel, "name": "x"}, 40068, grpChannel},
		{"no id", map[string]any{"name": "x"}, 40058, "id is required"},
		{"nothing to change", map[string]any{"id": tagNormal}, 40058, "name and order are both empty"},
		{"name too long", map[string]any{"id": tagNormal, "name": strings.Repeat("x", 31)}, 40058, "name has 31 characters"},
		{"negative order", map[string]any{"id": tagNormal, "order": -1}, 40058, "order"},
		{"order 2^32", map[string]any{"id": tagNormal, "order": int64(1) << 32}, 40058, "order"},
	})
	assert.Equal(t, before, snapshotJSON(t, s), "failed calls change nothing")
}

func TestDelCorpTag(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	require.Equal(t, []string{tagNormal}, tc.followTagIDs(custWm, "zhangsan"))

	// One tag: gone from the list and from the customers; by id it is
	// reported deleted.
	tc.ok(pathDelCorp, map[string]any{"tag_id": []string{tagNormal}, "agentid": 1000014})
	assert.Equal(t, []string{"客户等级: 重要客户", "客户来源: 展会"}, tagNames(tc.list(pathCorpList, nil)))
	assert.Equal(t, []string{"客户等级: -普通客户"}, tagNames(tc.list(pathCorpList, map[string]any{"tag_id": []string{tagNormal}})))
	assert.Empty(t, tc.followTagIDs(custWm, "zhangsan"))
	assert.Empty(t, tc.followTags(custWm, "zhangsan"))
	for _, r := range s.Snapshot().Relations {
		assert.NotContains(t, r.TagIDs, tagNormal, "deleted tags leave the relations")
	}

	// The group's last live tag: the group goes too.
	tc.ok(pathDelCorp, map[string]any{"tag_id": []string{tagExpo}})
	assert.Equal(t, []string{"客户等级: 重要客户"}, tagNames(tc.list(pathCorpList, nil)))
	assert.Equal(t, []string{"-客户来源: -展会, -广告投放"}, tagNames(tc.list(pathCorpList, map[string]any{"group_id": []string{grpSource}})))
	assert.Empty(t, tc.followTagIDs(custWm, "lisi"))

	// A whole group, with a tag of it named as well.
	tc.ok(pathDelCorp, map[string]any{"group_id": []string{grpGrade}, "tag_id": []string{tagImportant}})
	assert.Empty(t, tc.list(pathCorpList, nil))
	assert.Equal(t, []string{"3:渠道规则/渠道A", "2:个人标签/重点跟进"}, tc.followTags(custWo, "zhangsan"))
	assert.Equal(t, []string{"-客户等级: -重要客户, -普通客户"}, tagNames(tc.list(pathCorpList, map[string]any{"group_id": []string{grpGrade}})))
	assert.Len(t, tc.list(pathStratList, nil), 1, "strategy tags are another library")
}

func TestDelCorpTagErrors(t *testing.T) {
	s := start(t, WithFixture(tagFixture))
	tc := newTagClient(t, s)
	before := snapshotJSON(t, s)
	tc.expectErr(pathDelCorp, []tagErrCase{
		{"nothing", map[string]any{}, 40058, "tag_id and group_id are both empty"},
		{"empty lists", map[string]any{"tag_id": []string{}, "group_id": []string{}}, 40058, "both empty"},
		{"empty id", map[string]any{"tag_id": []string{""}}, 40058, "tag_id[0] is empty"},
		{"unknown tag among good ones", map[string]any{"tag_id": []string{tagNormal, "etNOPE"}}, 40068, "etNOPE"},
		{"unknown group", map[string]any{"tag_id": []string{tagNormal}, "group_id": []string{"etNOPE"}}, 40068, "etNOPE"},
		{"deleted tag", map[string]any{"tag_id": []string{tagAdsDeleted}}, 40068, tagAdsDeleted},
		{"strategy tag", map[string]any{"tag_id": []string{tagChannelA}}, 40068, tagChannelA},
		{"strategy group", map[string]any{"group_id": []string{grpChannel}}, 40068, grpChannel},
		{"group id as tag id", map[string]any{"tag_id": []string{grpGrade}}, 40068, grpGrade},
	})
	assert.Equal(t, before, snapshotJSON(t, s), "a failed call deletes nothing")
}
