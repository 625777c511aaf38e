package worktest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func snapshotJSON(t *testing.T, s *Server) string {
	t.Helper()
	b, err := json.Marshal(s.Snapshot())
	require.NoError(t, err)
	return string(b)
}

func TestSameSeedSameData(t *testing.T) {
	opts := []Option{WithSeed(42), WithMembers(5), WithCustomersPerMember(6), WithGroupChats(3)}
	a, b := start(t, opts...), start(t, opts...)
	assert.Equal(t, snapshotJSON(t, a), snapshotJSON(t, b))
	assert.Equal(t, a.CorpID, b.CorpID)
	assert.Equal(t, a.Secret, b.Secret)
	assert.Equal(t, token(t, a), token(t, b), "tokens follow the seed too")

	// What the API answers is the same too.
	body := mustJSON(t, map[string]any{"userid_list": []string{"zhangsan", "lisi"}, "limit": 100})
	ra := api(t, a, http.MethodPost, "externalcontact/batch/get_by_user", nil, body)
	rb := api(t, b, http.MethodPost, "externalcontact/batch/get_by_user", nil, body)
	assert.Equal(t, string(ra.Body), string(rb.Body))

	c := start(t, WithSeed(43), WithMembers(5), WithCustomersPerMember(6), WithGroupChats(3))
	assert.NotEqual(t, snapshotJSON(t, a), snapshotJSON(t, c))
	assert.NotEqual(t, a.CorpID, c.CorpID)
}

func TestSeededShape(t *testing.T) {
	const members, perMember, chats, resigned = 5, 6, 4, 2
	s := start(t, WithSeed(7), WithMembers(members), WithCustomersPerMember(perMember), WithGroupChats(chats), WithResignedMembers(resigned))
	d := s.Snapshot()
	assert.True(t, strings.HasPrefix(s.CorpID, "ww"))
	assert.Len(t, s.CorpID, 18)

	require.Len(t, d.Members, members+1+resigned)
	byID := map[string]Member{}
	var gone []string
	for _, m := range d.Members {
		byID[m.UserID] = m
		if m.Resigned() {
			gone = append(gone, m.UserID)
			assert.Less(t, m.DimissionTime, DefaultStart.Unix())
		}
	}
	assert.Equal(t, []string{"qianduo", "zhouquan"}, gone)
	assert.False(t, byID[NoContactMember].ExternalContact)

	perUser := map[string]int{}
	for _, r := range d.Relations {
		perUser[r.UserID]++
		assert.Less(t, r.CreateTime, DefaultStart.Unix())
		if m := byID[r.UserID]; m.Resigned() {
			assert.Less(t, r.CreateTime, m.DimissionTime, "added before leaving")
		}
		assert.NotZero(t, r.AddWay)
		assert.NotEmpty(t, r.OperUserID)
	}
	for _, m := range d.Members {
		if m.UserID == NoContactMember {
			assert.Zero(t, perUser[m.UserID])
		} else {
			assert.Equal(t, perMember, perUser[m.UserID], m.UserID)
		}
	}

	types := map[int]int{}
	for _, c := range d.Customers {
		types[c.Type]++
		switch c.Type {
		case CustomerWeChat:
			assert.True(t, strings.HasPrefix(c.ExternalUserID, "wm"))
			assert.NotEmpty(t, c.UnionID)
			assert.Empty(t, c.CorpName)
		case CustomerWeCom:
			assert.True(t, strings.HasPrefix(c.ExternalUserID, "wo"))
			assert.NotEmpty(t, c.CorpName)
			assert.NotEmpty(t, c.CorpFullName)
			assert.NotEmpty(t, c.Position)
			require.NotNil(t, c.ExternalProfile)
		default:
			t.Errorf("customer %s has type %d", c.ExternalUserID, c.Type)
		}
		assert.Len(t, c.ExternalUserID, 32)
	}
	assert.NotZero(t, types[CustomerWeChat])
	assert.NotZero(t, types[CustomerWeCom])
	assert.Less(t, len(d.Customers), len(d.Relations), "some customers are shared")

	deleted := map[string]bool{}
	strategy := 0
	for _, g := range d.TagGroups {
		for _, tag := range g.Tags {
			deleted[tag.ID] = tag.Deleted
			assert.Equal(t, g.GroupID[:2], tag.ID[:2])
		}
		if g.StrategyID > 0 {
			strategy++
			assert.True(t, strings.HasPrefix(g.GroupID, "st"))
		} else {
			assert.True(t, strings.HasPrefix(g.GroupID, "et"))
		}
	}
	assert.Equal(t, 1, strategy)
	for _, r := range d.Relations {
		for _, id := range r.TagIDs {
			assert.False(t, deleted[id], "seeded relations use live tags")
		}
	}

	require.Len(t, d.GroupChats, chats)
	for i, c := range d.GroupChats {
		assert.True(t, strings.HasPrefix(c.ChatID, "wr"))
		assert.Equal(t, c.Owner, c.Members[0].UserID)
		assert.NotEmpty(t, c.MemberVersion)
		if i == chats-1 {
			assert.Equal(t, "qianduo", c.Owner)
			assert.Equal(t, ChatOwnerResigned, c.Status)
		} else {
			assert.Equal(t, ChatNormal, c.Status)
		}
		external := 0
		for _, m := range c.Members {
			if m.Type == ChatMemberExternal {
				external++
			}
		}
		assert.NotZero(t, external)
	}
}

func TestFixtureLoads(t *testing.T) {
	s := start(t, WithFixture("../../testdata/worktest/corp.json"))
	d := s.Snapshot()
	assert.Len(t, d.Members, 5)
	assert.Len(t, d.Customers, 4)
	assert.Len(t, d.Relations, 7)
	assert.Len(t, d.TagGroups, 3)
	assert.Len(t, d.GroupChats, 2)

	// A snapshot is a fixture: loading it gives the same state.
	again := start(t, WithData(d))
	assert.Equal(t, snapshotJSON(t, s), snapshotJSON(t, again))
}

func TestBadFixtures(t *testing.T) {
	for _, tc := range []struct{ name, json, msg string }{
		{"not JSON", `{`, "unexpected EOF"},
		{"unknown field", `{"members":[{"userid":"a","nick":"x"}]}`, "nick"},
		{"duplicate member", `{"members":[{"userid":"a"},{"userid":"a"}]}`, "duplicate member"},
		{"bad external id", `{"customers":[{"external_userid":"xx1"}]}`, "wm or wo"},
		{"dangling relation", `{"members":[{"userid":"a"}],"relations":[{"userid":"a","external_userid":"wm1"}]}`, "unknown customer"},
		{"unknown tag", `{"members":[{"userid":"a"}],"customers":[{"external_userid":"wm1"}],"relations":[{"userid":"a","external_userid":"wm1","tag_ids":["etX"]}]}`, "unknown tag"},
		{"chat owner", `{"group_chats":[{"chat_id":"wr1","owner":"ghost"}]}`, "unknown owner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(WithFixtureReader(strings.NewReader(tc.json)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	s := start(t, WithMembers(2), WithCustomersPerMember(2))
	d := s.Snapshot()
	d.Relations[0].Remark = "changed by the test"
	d.Members = nil
	assert.NotEqual(t, "changed by the test", s.Snapshot().Relations[0].Remark)
	assert.NotEmpty(t, s.Snapshot().Members)
}

func TestNewIDs(t *testing.T) {
	s := start(t)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := s.st.newID("et", 30, func(id string) bool { return seen[id] })
		assert.True(t, strings.HasPrefix(id, "et"))
		assert.Len(t, id, 32)
		assert.False(t, seen[id])
		seen[id] = true
	}
	// Ids follow the seed, like everything else.
	a, b := start(t, WithSeed(5)), start(t, WithSeed(5))
	assert.Equal(t, a.st.newID("wr", 30, nil), b.st.newID("wr", 30, nil))
}
