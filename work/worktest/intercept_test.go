package worktest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	pathAddRule    = "externalcontact/add_intercept_rule"
	pathListRules  = "externalcontact/get_intercept_rule_list"
	pathGetRule    = "externalcontact/get_intercept_rule"
	pathUpdateRule = "externalcontact/update_intercept_rule"
	pathDelRule    = "externalcontact/del_intercept_rule"
)

type ruleAnswer struct {
	Rule struct {
		RuleID    string   `json:"rule_id"`
		RuleName  string   `json:"rule_name"`
		WordList  []string `json:"word_list"`
		ExtraRule *struct {
			SemanticsList []int `json:"semantics_list"`
		} `json:"extra_rule"`
		SemanticsList   []int          `json:"semantics_list"`
		InterceptType   int            `json:"intercept_type"`
		ApplicableRange InterceptRange `json:"applicable_range"`
		CreateTime      int64          `json:"create_time"`
	} `json:"rule"`
}

func addRule(t *testing.T, s *Server, tok string, body map[string]any) string {
	t.Helper()
	var out struct {
		RuleID string `json:"rule_id"`
	}
	r := post(t, s, tok, pathAddRule, body, &out)
	require.Zero(t, r.ErrCode, r.ErrMsg)
	require.NotEmpty(t, out.RuleID)
	return out.RuleID
}

func getRule(t *testing.T, s *Server, tok, id string) ruleAnswer {
	t.Helper()
	var out ruleAnswer
	r := post(t, s, tok, pathGetRule, map[string]any{"rule_id": id}, &out)
	require.Zero(t, r.ErrCode, r.ErrMsg)
	return out
}

func ruleBody(mut func(b map[string]any)) map[string]any {
	b := map[string]any{"rule_name": "不发手机号", "word_list": []string{"加我微信"}, "semantics_list": []int{1},
		"intercept_type": 1, "applicable_range": map[string]any{"department_list": []int{1}}}
	mut(b)
	return b
}

func TestInterceptRuleAdd(t *testing.T) {
	s := start(t, WithSeed(9))
	tok := token(t, s)
	words := make([]string, 301)
	for i := range words {
		words[i] = fmt.Sprint("w", i)
	}
	users := make([]string, 1001)
	for i := range users {
		users[i] = "zhangsan"
	}
	for name, c := range map[string]struct {
		body map[string]any
		code int
	}{
		"no name":          {ruleBody(func(b map[string]any) { delete(b, "rule_name") }), 40058},
		"long name":        {ruleBody(func(b map[string]any) { b["rule_name"] = strings.Repeat("规", 21) }), 40058},
		"no word":          {ruleBody(func(b map[string]any) { delete(b, "word_list") }), 40058},
		"301 words":        {ruleBody(func(b map[string]any) { b["word_list"] = words }), 40058},
		"long word":        {ruleBody(func(b map[string]any) { b["word_list"] = []string{strings.Repeat("词", 33)} }), 40058},
		"empty word":       {ruleBody(func(b map[string]any) { b["word_list"] = []string{""} }), 40058},
		"semantic 4":       {ruleBody(func(b map[string]any) { b["semantics_list"] = []int{4} }), 40058},
		"type 3":           {ruleBody(func(b map[string]any) { b["intercept_type"] = 3 }), 40058},
		"no type":          {ruleBody(func(b map[string]any) { delete(b, "intercept_type") }), 40058},
		"no range":         {ruleBody(func(b map[string]any) { delete(b, "applicable_range") }), 40058},
		"empty range":      {ruleBody(func(b map[string]any) { b["applicable_range"] = map[string]any{} }), 40058},
		"1001 users":       {ruleBody(func(b map[string]any) { b["applicable_range"] = map[string]any{"user_list": users} }), 40058},
		"unknown member":   {ruleBody(func(b map[string]any) { b["applicable_range"] = map[string]any{"user_list": []string{"nobody"}} }), 40003},
		"department 2":     {ruleBody(func(b map[string]any) { b["applicable_range"] = map[string]any{"department_list": []int{2}} }), 60123},
		"words not a list": {ruleBody(func(b map[string]any) { b["word_list"] = "加我微信" }), 47001},
	} {
		assert.Equal(t, c.code, post(t, s, tok, pathAddRule, c.body, nil).ErrCode, name)
	}

	id := addRule(t, s, tok, ruleBody(func(b map[string]any) {
		b["semantics_list"] = []int{1, 3, 1}
		b["applicable_range"] = map[string]any{"user_list": []string{"zhangsan", "lisi"}, "department_list": []int{1}}
	}))
	got := getRule(t, s, tok, id).Rule
	require.NotNil(t, got.ExtraRule, "semantics come under extra_rule")
	assert.Equal(t, []int{1, 3}, got.ExtraRule.SemanticsList)
	assert.Nil(t, got.SemanticsList, "not at the top level")
	assert.Equal(t, InterceptRange{UserList: []string{"zhangsan", "lisi"}, DepartmentList: []int64{1}}, got.ApplicableRange)
	assert.Equal(t, DefaultStart.Unix(), got.CreateTime)

	// The list is a GET of every rule.
	var list struct {
		RuleList []struct {
			RuleID   string `json:"rule_id"`
			RuleName string `json:"rule_name"`
		} `json:"rule_list"`
	}
	apiWith(t, s, tok, http.MethodGet, pathListRules, nil, "").decode(t, &list)
	require.Len(t, list.RuleList, 1)
	assert.Equal(t, id, list.RuleList[0].RuleID)
	assert.Equal(t, 43001, apiWith(t, s, tok, http.MethodPost, pathListRules, nil, "{}").ErrCode)

	// A corp holds at most 100 rules.
	for i := 1; i < 100; i++ {
		addRule(t, s, tok, ruleBody(func(b map[string]any) { b["rule_name"] = fmt.Sprint("规则", i) }))
	}
	assert.Equal(t, 40058, post(t, s, tok, pathAddRule, ruleBody(func(map[string]any) {}), nil).ErrCode, "the 101st")
}

// update changes what is present; an empty extra_rule clears the
// semantics, none leaves them; an empty word_list is ignored.
func TestInterceptRuleUpdate(t *testing.T) {
	s := start(t, WithSeed(9))
	tok := token(t, s)
	id := addRule(t, s, tok, ruleBody(func(b map[string]any) {
		b["semantics_list"] = []int{1, 2}
		b["applicable_range"] = map[string]any{"user_list": []string{"zhangsan"}}
	}))
	require.Zero(t, post(t, s, tok, pathUpdateRule, map[string]any{"rule_id": id, "word_list": []string{}, "rule_name": "不发联系方式"}, nil).ErrCode)
	got := getRule(t, s, tok, id).Rule
	assert.Equal(t, "不发联系方式", got.RuleName)
	assert.Equal(t, []string{"加我微信"}, got.WordList, "an empty word_list is ignored")
	assert.Equal(t, []int{1, 2}, got.ExtraRule.SemanticsList, "no extra_rule: left as is")

	require.Zero(t, post(t, s, tok, pathUpdateRule, map[string]any{"rule_id": id, "extra_rule": map[string]any{"semantics_list": []int{}},
		"intercept_type": 2, "add_applicable_range": map[string]any{"user_list": []string{"lisi", "zhangsan"}, "department_list": []int{1}},
		"remove_applicable_range": map[string]any{"user_list": []string{"zhangsan"}}}, nil).ErrCode)
	got = getRule(t, s, tok, id).Rule
	assert.Empty(t, got.ExtraRule.SemanticsList, "an empty extra_rule clears them")
	assert.Equal(t, 2, got.InterceptType)
	assert.Equal(t, InterceptRange{UserList: []string{"lisi"}, DepartmentList: []int64{1}}, got.ApplicableRange)

	for name, c := range map[string]struct {
		body map[string]any
		code int
	}{
		"unknown rule":     {map[string]any{"rule_id": "1", "rule_name": "x"}, 40058},
		"long name":        {map[string]any{"rule_id": id, "rule_name": strings.Repeat("规", 21)}, 40058},
		"bad semantic":     {map[string]any{"rule_id": id, "extra_rule": map[string]any{"semantics_list": []int{0}}}, 40058},
		"type 5":           {map[string]any{"rule_id": id, "intercept_type": 5}, 40058},
		"unknown member":   {map[string]any{"rule_id": id, "add_applicable_range": map[string]any{"user_list": []string{"nobody"}}}, 40003},
		"department 3":     {map[string]any{"rule_id": id, "add_applicable_range": map[string]any{"department_list": []int{3}}}, 60123},
		"range ends empty": {map[string]any{"rule_id": id, "remove_applicable_range": map[string]any{"user_list": []string{"lisi"}, "department_list": []int{1}}}, 40058},
	} {
		assert.Equal(t, c.code, post(t, s, tok, pathUpdateRule, c.body, nil).ErrCode, name)
	}
	assert.Equal(t, InterceptRange{UserList: []string{"lisi"}, DepartmentList: []int64{1}}, getRule(t, s, tok, id).Rule.ApplicableRange,
		"failed updates change nothing")

	other, err := s.Intercepts().Add(InterceptRule{RuleName: "别的应用", WordList: []string{"x"}, InterceptType: 1,
		ApplicableRange: InterceptRange{UserList: []string{"lisi"}}}, "another-app")
	require.NoError(t, err)
	assert.Equal(t, 48002, post(t, s, tok, pathUpdateRule, map[string]any{"rule_id": other, "rule_name": "y"}, nil).ErrCode)
	assert.Equal(t, 48002, post(t, s, tok, pathDelRule, map[string]any{"rule_id": other}, nil).ErrCode)
	require.Zero(t, post(t, s, tok, pathDelRule, map[string]any{"rule_id": id}, nil).ErrCode)
	assert.Equal(t, 40058, post(t, s, tok, pathGetRule, map[string]any{"rule_id": id}, nil).ErrCode)
}

func TestInterceptCheck(t *testing.T) {
	s := start(t, WithSeed(9))
	tok := token(t, s)
	addRule(t, s, tok, map[string]any{"rule_name": "不发手机号", "word_list": []string{"加我微信"}, "semantics_list": []int{1, 3},
		"intercept_type": 1, "applicable_range": map[string]any{"department_list": []int{1}}})
	addRule(t, s, tok, map[string]any{"rule_name": "提醒邮箱", "word_list": []string{"VX"}, "semantics_list": []int{2},
		"intercept_type": 2, "applicable_range": map[string]any{"user_list": []string{"lisi"}}})
	check := func(m InterceptMessage) InterceptVerdict {
		v, err := s.Intercepts().Check(m)
		require.NoError(t, err)
		return v
	}
	v := check(InterceptMessage{Sender: "zhangsan", Text: "我的电话是 13800138000，加我微信聊"})
	assert.True(t, v.Blocked)
	require.Len(t, v.Hits, 1)
	assert.Equal(t, []string{"加我微信"}, v.Hits[0].Words)
	assert.Equal(t, []int{SemanticPhone}, v.Hits[0].Semantics)
	assert.Equal(t, `blocked by 不发手机号 ("加我微信", phone number)`, v.String())

	assert.Equal(t, "sent", check(InterceptMessage{Sender: "zhangsan", Text: "订单号 2024050112345678，邮箱 a@b.com"}).String(),
		"a long number is not a phone number; zhangsan is not under the email rule")
	v = check(InterceptMessage{Sender: "lisi", Text: "加 vx 或写信 li.si@example.com"})
	assert.False(t, v.Blocked)
	assert.True(t, v.Warned)
	assert.Equal(t, `warned by 提醒邮箱 ("VX", email address)`, v.String(), "words ignore case")
	assert.True(t, check(InterceptMessage{Sender: "wangwu", RedPacket: true}).Blocked)
	assert.True(t, check(InterceptMessage{Sender: "wangwu", Text: "+86 13912345678"}).Blocked)

	_, err := s.Intercepts().Check(InterceptMessage{Sender: "nobody", Text: "hi"})
	assert.Error(t, err)
}

func init() {
	fidelityGroups["intercept"] = true
	add := func(t *testing.T, f *fidelity, name string) string {
		var out struct {
			RuleID string `json:"rule_id"`
		}
		r := post(t, f.s, f.tok, pathAddRule, map[string]any{"rule_name": name, "word_list": []string{"保真"}, "semantics_list": []int{1},
			"intercept_type": 1, "applicable_range": map[string]any{"user_list": activeMembers(f.d)[:1], "department_list": []int{1}}}, &out)
		require.Zero(t, r.ErrCode, r.ErrMsg)
		return out.RuleID
	}
	addFidelity(pathAddRule, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathAddRule, map[string]any{"rule_name": "保真新建", "word_list": []string{"x"}, "intercept_type": 2,
			"applicable_range": map[string]any{"department_list": []int{1}}})}
	})
	addFidelity(pathListRules, func(t *testing.T, f *fidelity) [][]byte {
		add(t, f, "保真列表")
		return [][]byte{f.get(t, pathListRules, nil)}
	})
	addFidelity(pathGetRule, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathGetRule, map[string]any{"rule_id": add(t, f, "保真详情")})}
	})
	addFidelity(pathUpdateRule, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathUpdateRule, map[string]any{"rule_id": add(t, f, "保真修改"), "intercept_type": 2})}
	})
	addFidelity(pathDelRule, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathDelRule, map[string]any{"rule_id": add(t, f, "保真删除")})}
	})
}
