package worktest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	csPath = "externalcontact/customer_strategy/"
	msPath = "externalcontact/moment_strategy/"
)

type strategyAnswer struct {
	Strategy struct {
		StrategyID   int64           `json:"strategy_id"`
		ParentID     int64           `json:"parent_id"`
		StrategyName string          `json:"strategy_name"`
		CreateTime   int64           `json:"create_time"`
		AdminList    []string        `json:"admin_list"`
		Privilege    map[string]bool `json:"privilege"`
	} `json:"strategy"`
}

type rangeAnswer struct {
	Range      []StrategyNode `json:"range"`
	NextCursor string         `json:"next_cursor"`
}

func createStrategy(t *testing.T, s *Server, tok, prefix string, body map[string]any) int64 {
	t.Helper()
	var out struct {
		StrategyID int64 `json:"strategy_id"`
	}
	r := post(t, s, tok, prefix+"create", body, &out)
	require.Zero(t, r.ErrCode, r.ErrMsg)
	require.Positive(t, out.StrategyID)
	return out.StrategyID
}

func getStrategy(t *testing.T, s *Server, tok, prefix string, id int64) strategyAnswer {
	t.Helper()
	var out strategyAnswer
	r := post(t, s, tok, prefix+"get", map[string]any{"strategy_id": id}, &out)
	require.Zero(t, r.ErrCode, r.ErrMsg)
	return out
}

func member(u string) map[string]any { return map[string]any{"type": 1, "userid": u} }
func party(p int64) map[string]any   { return map[string]any{"type": 2, "partyid": p} }

// The seeded corp has customer rule group 1, made in the admin console:
// readable, not changeable by the API.
func TestSeededStrategy(t *testing.T) {
	s := start(t, WithSeed(7))
	tok := token(t, s)
	var list struct {
		Strategy []struct {
			StrategyID int64 `json:"strategy_id"`
		} `json:"strategy"`
	}
	require.Zero(t, post(t, s, tok, csPath+"list", map[string]any{}, &list).ErrCode)
	require.Len(t, list.Strategy, 1)
	assert.EqualValues(t, 1, list.Strategy[0].StrategyID)
	got := getStrategy(t, s, tok, csPath, 1)
	assert.Equal(t, "渠道规则组", got.Strategy.StrategyName)
	assert.Len(t, got.Strategy.Privilege, 21)
	for k, v := range got.Strategy.Privilege {
		assert.True(t, v, k)
	}
	assert.Equal(t, 48002, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": 1, "strategy_name": "x"}, nil).ErrCode)
	assert.Equal(t, 48002, post(t, s, tok, csPath+"del", map[string]any{"strategy_id": 1}, nil).ErrCode)
	assert.Zero(t, post(t, s, tok, msPath+"list", map[string]any{}, &list).ErrCode)
	assert.Empty(t, list.Strategy, "no moment rule group is seeded")
	d := s.Snapshot()
	require.NotNil(t, d.Strategies)
	assert.Equal(t, StrategyAdminConsole, d.Strategies.Customer[0].CreatedByApp)
}

func TestStrategyCreateRules(t *testing.T) {
	s := start(t, WithSeed(7))
	tok := token(t, s)
	base := func(mut func(b map[string]any)) map[string]any {
		b := map[string]any{"strategy_name": "华南大区", "admin_list": []string{"zhangsan"}, "range": []any{member("lisi")}}
		mut(b)
		return b
	}
	for name, c := range map[string]struct {
		body map[string]any
		code int
	}{
		"no name":              {base(func(b map[string]any) { delete(b, "strategy_name") }), 40058},
		"no admin":             {base(func(b map[string]any) { delete(b, "admin_list") }), 40058},
		"unknown admin":        {base(func(b map[string]any) { b["admin_list"] = []string{"nobody"} }), 40003},
		"resigned admin":       {base(func(b map[string]any) { b["admin_list"] = []string{"qianduo"} }), 40003},
		"21 admins":            {base(func(b map[string]any) { b["admin_list"] = make([]string, 21) }), 40058},
		"unknown member node":  {base(func(b map[string]any) { b["range"] = []any{member("nobody")} }), 40003},
		"department 2":         {base(func(b map[string]any) { b["range"] = []any{party(2)} }), 60123},
		"node type 3":          {base(func(b map[string]any) { b["range"] = []any{map[string]any{"type": 3}} }), 40058},
		"unknown privilege":    {base(func(b map[string]any) { b["privilege"] = map[string]bool{"send_moment": true} }), 40058},
		"unknown parent":       {base(func(b map[string]any) { b["parent_id"] = 99 }), 40058},
		"id of the wrong type": {base(func(b map[string]any) { b["parent_id"] = "1" }), 47001},
	} {
		assert.Equal(t, c.code, post(t, s, tok, csPath+"create", c.body, nil).ErrCode, name)
	}

	// Privileges left out default to true; the basic five stay true.
	id := createStrategy(t, s, tok, csPath, base(func(b map[string]any) {
		b["privilege"] = map[string]bool{"view_customer_list": false, "share_customer": false}
	}))
	assert.EqualValues(t, 2, id, "the next id after the seeded 1")
	p := getStrategy(t, s, tok, csPath, id).Strategy.Privilege
	assert.True(t, p["view_customer_list"], "basic")
	assert.False(t, p["share_customer"])
	assert.True(t, p["manage_customer_tag"], "default")

	// Moments have their own keys and ids.
	assert.Equal(t, 40058, post(t, s, tok, msPath+"create", base(func(b map[string]any) {
		b["privilege"] = map[string]bool{"share_customer": true}
	}), nil).ErrCode)
	mid := createStrategy(t, s, tok, msPath, base(func(b map[string]any) { b["privilege"] = map[string]bool{"send_moment": false} }))
	assert.EqualValues(t, 1, mid)
	assert.Equal(t, map[string]bool{"send_moment": false, "view_moment_list": true, "manage_moment_cover_and_sign": true},
		getStrategy(t, s, tok, msPath, mid).Strategy.Privilege)
	assert.Equal(t, 40058, post(t, s, tok, msPath+"get", map[string]any{"strategy_id": 99}, nil).ErrCode)
}

// A child inherits its parent's privileges, must stay inside its range,
// and nests at most 5 deep; a parent with children cannot be deleted.
func TestStrategyChildren(t *testing.T) {
	s := start(t, WithSeed(7))
	tok := token(t, s)
	top := createStrategy(t, s, tok, csPath, map[string]any{"strategy_name": "华南", "admin_list": []string{"zhangsan"},
		"privilege": map[string]bool{"send_group_msg": false}, "range": []any{member("lisi"), member("wangwu")}})
	assert.Equal(t, 40058, post(t, s, tok, csPath+"create", map[string]any{"parent_id": top, "strategy_name": "深圳",
		"admin_list": []string{"lisi"}, "range": []any{member("zhaoliu")}}, nil).ErrCode, "zhaoliu is outside the parent's range")
	child := createStrategy(t, s, tok, csPath, map[string]any{"parent_id": top, "strategy_name": "深圳", "admin_list": []string{"lisi"},
		"privilege": map[string]bool{"send_group_msg": true}, "range": []any{member("lisi")}})
	got := getStrategy(t, s, tok, csPath, child).Strategy
	assert.Equal(t, top, got.ParentID)
	assert.False(t, got.Privilege["send_group_msg"], "the parent's, its own ignored")
	assert.Equal(t, 40058, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": child, "range_add": []any{member("zhaoliu")}}, nil).ErrCode)

	// Changing the parent's privileges changes the child's.
	require.Zero(t, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": top, "privilege": map[string]bool{"send_group_msg": true}}, nil).ErrCode)
	assert.True(t, getStrategy(t, s, tok, csPath, child).Strategy.Privilege["send_group_msg"])

	// Rule groups nest at most 5 levels deep.
	parent := child
	for depth := 3; depth <= 5; depth++ {
		parent = createStrategy(t, s, tok, csPath, map[string]any{"parent_id": parent, "strategy_name": fmt.Sprint("level ", depth),
			"admin_list": []string{"lisi"}, "range": []any{member("lisi")}})
	}
	assert.Equal(t, 40058, post(t, s, tok, csPath+"create", map[string]any{"parent_id": parent, "strategy_name": "level 6",
		"admin_list": []string{"lisi"}}, nil).ErrCode)

	assert.Equal(t, 40058, post(t, s, tok, csPath+"del", map[string]any{"strategy_id": top}, nil).ErrCode, "it has a child")
	for _, id := range []int64{parent, parent - 1, parent - 2, child, top} {
		assert.Zero(t, post(t, s, tok, csPath+"del", map[string]any{"strategy_id": id}, nil).ErrCode, "delete %d", id)
	}
	assert.Equal(t, 40058, post(t, s, tok, csPath+"get", map[string]any{"strategy_id": top}, nil).ErrCode)
}

// edit changes what is present: an empty admin_list leaves the admins, a
// privilege object replaces them all (absent keys false, basic ones true).
func TestStrategyEdit(t *testing.T) {
	s := start(t, WithSeed(7))
	tok := token(t, s)
	id := createStrategy(t, s, tok, csPath, map[string]any{"strategy_name": "华南", "admin_list": []string{"zhangsan", "lisi"},
		"range": []any{member("wangwu")}})
	require.Zero(t, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": id, "admin_list": []string{}}, nil).ErrCode)
	got := getStrategy(t, s, tok, csPath, id).Strategy
	assert.Equal(t, []string{"zhangsan", "lisi"}, got.AdminList, "an empty admin_list leaves them")
	assert.Equal(t, "华南", got.StrategyName)

	require.Zero(t, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": id, "strategy_name": "华南大区",
		"admin_list": []string{"zhaoliu"}, "privilege": map[string]bool{"rapid_reply": true}}, nil).ErrCode)
	got = getStrategy(t, s, tok, csPath, id).Strategy
	assert.Equal(t, "华南大区", got.StrategyName)
	assert.Equal(t, []string{"zhaoliu"}, got.AdminList)
	assert.True(t, got.Privilege["rapid_reply"])
	assert.True(t, got.Privilege["join_room"], "basic")
	assert.False(t, got.Privilege["share_customer"], "replaced: absent is false")
	assert.Equal(t, 40003, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": id, "admin_list": []string{"nobody"}}, nil).ErrCode)
	assert.Equal(t, 40058, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": 99, "strategy_name": "x"}, nil).ErrCode)

	// Another app's rule group may not be edited.
	other, err := s.Strategies().Add(CustomerStrategies, Strategy{StrategyName: "别的应用", AdminList: []string{"lisi"}}, "another-app")
	require.NoError(t, err)
	assert.Equal(t, 48002, post(t, s, tok, csPath+"edit", map[string]any{"strategy_id": other, "strategy_name": "x"}, nil).ErrCode)
	g, ok := s.Strategies().Get(CustomerStrategies, other)
	require.True(t, ok)
	assert.Equal(t, "别的应用", g.StrategyName)
	assert.True(t, g.Privilege["share_customer"], "defaults")
}

// get_range pages in the order the nodes joined, without repeats or gaps
// while the range changes between pages.
func TestStrategyRangePaging(t *testing.T) {
	s := start(t, WithSeed(7))
	tok := token(t, s)
	id := createStrategy(t, s, tok, msPath, map[string]any{"strategy_name": "朋友圈", "admin_list": []string{"zhangsan"},
		"range": []any{member("lisi"), party(1), member("wangwu"), member("lisi")}})
	page := func(cursor string, limit int) rangeAnswer {
		var out rangeAnswer
		r := post(t, s, tok, msPath+"get_range", map[string]any{"strategy_id": id, "cursor": cursor, "limit": limit}, &out)
		require.Zero(t, r.ErrCode, r.ErrMsg)
		return out
	}
	p1 := page("", 1)
	assert.Equal(t, []StrategyNode{{Type: 1, UserID: "lisi"}}, p1.Range, "a repeated node is kept once")
	require.NotEmpty(t, p1.NextCursor)
	// Between pages, the department leaves and zhaoliu joins.
	require.Zero(t, post(t, s, tok, msPath+"edit", map[string]any{"strategy_id": id,
		"range_add": []any{member("zhaoliu")}, "range_del": []any{party(1)}}, nil).ErrCode)
	p2 := page(p1.NextCursor, 5000)
	assert.Equal(t, []StrategyNode{{Type: 1, UserID: "wangwu"}, {Type: 1, UserID: "zhaoliu"}}, p2.Range)
	assert.Empty(t, p2.NextCursor)
	assert.Equal(t, 40058, post(t, s, tok, msPath+"get_range", map[string]any{"strategy_id": id, "limit": -1}, nil).ErrCode)
	assert.Equal(t, 50100, post(t, s, tok, csPath+"get_range", map[string]any{"strategy_id": 1, "cursor": p1.NextCursor}, nil).ErrCode,
		"a cursor of another query")
}

func init() {
	fidelityGroups["strategy"] = true
	for _, prefix := range []string{csPath, msPath} {
		// Two rule groups of the family (the customer one has the seeded 1
		// too), listed a page at a time so next_cursor shows.
		pair := func(t *testing.T, f *fidelity) int64 {
			var out struct {
				StrategyID int64 `json:"strategy_id"`
			}
			for i := range 2 {
				r := post(t, f.s, f.tok, prefix+"create", map[string]any{"strategy_name": fmt.Sprint("保真", i), "admin_list": activeMembers(f.d)[:1],
					"range": []any{member(activeMembers(f.d)[1]), party(1)}}, &out)
				require.Zero(t, r.ErrCode, r.ErrMsg)
			}
			return out.StrategyID
		}
		addFidelity(prefix+"list", func(t *testing.T, f *fidelity) [][]byte {
			pair(t, f)
			return [][]byte{f.post(t, prefix+"list", map[string]any{"limit": 1})}
		})
		addFidelity(prefix+"get", func(t *testing.T, f *fidelity) [][]byte {
			return [][]byte{f.post(t, prefix+"get", map[string]any{"strategy_id": pair(t, f)})}
		})
		addFidelity(prefix+"get_range", func(t *testing.T, f *fidelity) [][]byte {
			id := pair(t, f) // a member and a department, a page each
			first := f.post(t, prefix+"get_range", map[string]any{"strategy_id": id, "limit": 1})
			var p rangeAnswer
			require.NoError(t, json.Unmarshal(first, &p))
			return [][]byte{first, f.post(t, prefix+"get_range", map[string]any{"strategy_id": id, "limit": 1, "cursor": p.NextCursor})}
		})
		addFidelity(prefix+"create", func(t *testing.T, f *fidelity) [][]byte {
			return [][]byte{f.post(t, prefix+"create", map[string]any{"strategy_name": "保真创建", "admin_list": activeMembers(f.d)[:1]})}
		})
		addFidelity(prefix+"edit", func(t *testing.T, f *fidelity) [][]byte {
			return [][]byte{f.post(t, prefix+"edit", map[string]any{"strategy_id": pair(t, f), "strategy_name": "保真编辑"})}
		})
		addFidelity(prefix+"del", func(t *testing.T, f *fidelity) [][]byte {
			return [][]byte{f.post(t, prefix+"del", map[string]any{"strategy_id": pair(t, f)})}
		})
	}
}
