package intercept_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/intercept"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

const (
	pAdd    = "externalcontact/add_intercept_rule"
	pList   = "externalcontact/get_intercept_rule_list"
	pGet    = "externalcontact/get_intercept_rule"
	pUpdate = "externalcontact/update_intercept_rule"
	pDel    = "externalcontact/del_intercept_rule"

	ruleID  = "1485412386812489728"
	okReply = `{"errcode":0,"errmsg":"ok"}`
)

type (
	C   = *intercept.Client
	tc  = wiretest.Case[C]
	bad = wiretest.Bad[C]
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	return wiretest.Fixture(t, "intercept", name)
}

func words(n, runes int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%03d", i) + strings.Repeat("词", runes-3)
	}
	return out
}

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("u%04d", i)
	}
	return out
}

func departments(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 2)
	}
	return out
}

func TestWire(t *testing.T) {
	exec := func(name, path string, call func(ctx context.Context, c C) error, body string) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call:     func(ctx context.Context, c C) (any, error) { return nil, call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: okReply}}
	}
	create := func(mut func(r *intercept.CreateRequest)) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error {
			r := intercept.CreateRequest{Name: "不发手机号", Words: []string{"加我微信"}, Type: intercept.WarnAndBlock,
				Range: intercept.Range{DepartmentIDs: []int64{2}}}
			mut(&r)
			_, err := c.CreateInterceptRule(ctx, &r)
			return err
		}
	}
	update := func(r intercept.UpdateRequest) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error { return c.UpdateInterceptRule(ctx, &r) }
	}
	wantRule := &intercept.Rule{ID: ruleID, Name: "不发手机号", Words: []string{"加我微信", "私下转账"},
		ExtraRule: intercept.ExtraRule{Semantics: []intercept.Semantic{intercept.SemanticPhone, intercept.SemanticRedPacket}},
		Type:      intercept.WarnAndBlock, Range: intercept.Range{UserIDs: []string{"zhangsan"}, DepartmentIDs: []int64{2, 3}}, CreateTime: 1714528800}

	wiretest.Suite[C]{
		Endpoints: intercept.Endpoints(),
		New:       intercept.New,
		Cases: []tc{
			{
				// semantics_list is a top-level field of add_intercept_rule.
				Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "不发手机号", Words: []string{"加我微信", "私下转账"},
						Semantics: []intercept.Semantic{intercept.SemanticPhone, intercept.SemanticRedPacket}, Type: intercept.WarnAndBlock,
						Range: intercept.Range{UserIDs: []string{"zhangsan"}, DepartmentIDs: []int64{2, 3}}})
				},
				Exchange: wiretest.Exchange{
					Body: `{"rule_name":"不发手机号","word_list":["加我微信","私下转账"],"semantics_list":[1,3],"intercept_type":1,
						"applicable_range":{"user_list":["zhangsan"],"department_list":[2,3]}}`,
					Reply: fixture(t, "add_intercept_rule")},
				Want: ruleID,
			},
			{
				Name: "add_intercept_rule/words only, warn only, one department", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "禁止引流", Words: []string{"淘宝店"}, Type: intercept.WarnOnly,
						Range: intercept.Range{DepartmentIDs: []int64{2}}})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"rule_name":"禁止引流","word_list":["淘宝店"],"intercept_type":2,"applicable_range":{"department_list":[2]}}`,
					Reply: fixture(t, "add_intercept_rule")},
				Want: ruleID,
			},
			{
				Name: "add_intercept_rule/limits themselves accepted", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: strings.Repeat("规", 20), Words: words(300, 32),
						Type: intercept.WarnAndBlock, Range: intercept.Range{UserIDs: users(1000), DepartmentIDs: departments(1000)}})
				},
				Exchange: wiretest.Exchange{CheckRequest: func(t *testing.T, _ *http.Request, body []byte) {
					var got intercept.CreateRequest
					require.NoError(t, json.Unmarshal(body, &got))
					assert.Len(t, got.Words, 300)
					assert.Len(t, got.Range.UserIDs, 1000)
					assert.Len(t, got.Range.DepartmentIDs, 1000)
				}, Reply: fixture(t, "add_intercept_rule")},
				Want: ruleID,
			},
			{
				Method: "GET", Path: pList,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetInterceptRules(ctx) },
				Exchange: wiretest.Exchange{Reply: fixture(t, "get_intercept_rule_list")},
				Want: []intercept.Summary{{ID: ruleID, Name: "不发手机号", CreateTime: 1714528800},
					{ID: "1485412386812489731", Name: "禁止引流", CreateTime: 1714615200}},
			},
			{
				// semantics_list comes nested under extra_rule.
				Method: "POST", Path: pGet,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetInterceptRuleDetails(ctx, ruleID) },
				Exchange: wiretest.Exchange{Body: `{"rule_id":"` + ruleID + `"}`, Reply: fixture(t, "get_intercept_rule")},
				Want:     wantRule,
			},
			{
				// The doc's example answers rule_id as a number.
				Name: "get_intercept_rule/numeric rule_id", Method: "POST", Path: pGet,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetInterceptRuleDetails(ctx, "1") },
				Exchange: wiretest.Exchange{Body: `{"rule_id":"1"}`, Reply: fixture(t, "get_intercept_rule_numeric_id")},
				Want: &intercept.Rule{ID: "1", Name: "rulename", Words: []string{"敏感词1", "敏感词2"},
					ExtraRule: intercept.ExtraRule{Semantics: []intercept.Semantic{1, 2, 3}}, Type: intercept.WarnAndBlock,
					Range: intercept.Range{UserIDs: []string{"zhangshan"}, DepartmentIDs: []int64{2, 3}}},
			},
			// Leave as is: only the range changes.
			exec("update_intercept_rule/range only", pUpdate, update(intercept.UpdateRequest{ID: ruleID,
				AddRange: intercept.Range{DepartmentIDs: []int64{4}}, RemoveRange: intercept.Range{UserIDs: []string{"zhangsan"}}}),
				`{"rule_id":"`+ruleID+`","add_applicable_range":{"department_list":[4]},"remove_applicable_range":{"user_list":["zhangsan"]}}`),
			// Clear: an empty extra_rule sends semantics_list [] and clears the
			// semantics; nothing else is sent.
			exec("update_intercept_rule/clear the semantics", pUpdate, update(intercept.UpdateRequest{ID: ruleID, ExtraRule: &intercept.ExtraRule{}}),
				`{"rule_id":"`+ruleID+`","extra_rule":{"semantics_list":[]}}`),
			exec("update_intercept_rule/everything", pUpdate, update(intercept.UpdateRequest{ID: ruleID, Name: "不发联系方式",
				Words: []string{"加我微信", "vx"}, ExtraRule: &intercept.ExtraRule{Semantics: []intercept.Semantic{intercept.SemanticPhone, intercept.SemanticEmail}},
				Type: intercept.WarnOnly, AddRange: intercept.Range{UserIDs: []string{"lisi"}, DepartmentIDs: []int64{2}},
				RemoveRange: intercept.Range{UserIDs: []string{"wangwu"}, DepartmentIDs: []int64{3}}}),
				`{"rule_id":"`+ruleID+`","rule_name":"不发联系方式","word_list":["加我微信","vx"],"extra_rule":{"semantics_list":[1,2]},
				"intercept_type":2,"add_applicable_range":{"user_list":["lisi"],"department_list":[2]},
				"remove_applicable_range":{"user_list":["wangwu"],"department_list":[3]}}`),
			exec("", pDel, func(ctx context.Context, c C) error { return c.DeleteInterceptRule(ctx, ruleID) }, `{"rule_id":"`+ruleID+`"}`),
		},
		Bad: []bad{
			{Name: "add nil", Path: pAdd, Field: "request", Call: func(ctx context.Context, c C) error { _, err := c.CreateInterceptRule(ctx, nil); return err }},
			{Name: "add no name", Path: pAdd, Field: "rule_name", Call: create(func(r *intercept.CreateRequest) { r.Name = "" })},
			{Name: "add name 21 characters", Path: pAdd, Field: "rule_name", Call: create(func(r *intercept.CreateRequest) { r.Name = strings.Repeat("规", 21) })},
			{Name: "add no word", Path: pAdd, Field: "word_list", Call: create(func(r *intercept.CreateRequest) { r.Words = nil })},
			{Name: "add 301 words", Path: pAdd, Field: "word_list", Call: create(func(r *intercept.CreateRequest) { r.Words = words(301, 4) })},
			{Name: "add empty word", Path: pAdd, Field: "word_list", Call: create(func(r *intercept.CreateRequest) { r.Words = []string{"加我微信", ""} })},
			{Name: "add word of 33 characters", Path: pAdd, Field: "word_list", Call: create(func(r *intercept.CreateRequest) { r.Words = words(1, 33) })},
			{Name: "add semantic 4", Path: pAdd, Field: "semantics_list", Call: create(func(r *intercept.CreateRequest) { r.Semantics = []intercept.Semantic{1, 4} })},
			{Name: "add semantic twice", Path: pAdd, Field: "semantics_list", Call: create(func(r *intercept.CreateRequest) { r.Semantics = []intercept.Semantic{2, 2} })},
			{Name: "add no type", Path: pAdd, Field: "intercept_type", Call: create(func(r *intercept.CreateRequest) { r.Type = 0 })},
			{Name: "add type 3", Path: pAdd, Field: "intercept_type", Call: create(func(r *intercept.CreateRequest) { r.Type = 3 })},
			{Name: "add empty range", Path: pAdd, Field: "applicable_range", Call: create(func(r *intercept.CreateRequest) { r.Range = intercept.Range{} })},
			{Name: "add 1001 users", Path: pAdd, Field: "applicable_range.user_list", Call: create(func(r *intercept.CreateRequest) { r.Range.UserIDs = users(1001) })},
			{Name: "add empty userid", Path: pAdd, Field: "applicable_range.user_list", Call: create(func(r *intercept.CreateRequest) { r.Range.UserIDs = []string{""} })},
			{Name: "add 1001 departments", Path: pAdd, Field: "applicable_range.department_list", Call: create(func(r *intercept.CreateRequest) { r.Range.DepartmentIDs = departments(1001) })},
			{Name: "add department 0", Path: pAdd, Field: "applicable_range.department_list", Call: create(func(r *intercept.CreateRequest) { r.Range.DepartmentIDs = []int64{0} })},
			{Name: "get no id", Path: pGet, Field: "rule_id", Call: func(ctx context.Context, c C) error { _, err := c.GetInterceptRuleDetails(ctx, ""); return err }},
			{Name: "update nil", Path: pUpdate, Field: "request", Call: func(ctx context.Context, c C) error { return c.UpdateInterceptRule(ctx, nil) }},
			{Name: "update no id", Path: pUpdate, Field: "rule_id", Call: update(intercept.UpdateRequest{Name: "x"})},
			{Name: "update nothing", Path: pUpdate, Field: "request", Call: update(intercept.UpdateRequest{ID: ruleID})},
			{Name: "update name 21 characters", Path: pUpdate, Field: "rule_name", Call: update(intercept.UpdateRequest{ID: ruleID, Name: strings.Repeat("规", 21)})},
			{Name: "update empty words", Path: pUpdate, Field: "word_list", Call: update(intercept.UpdateRequest{ID: ruleID, Words: []string{}})},
			{Name: "update 301 words", Path: pUpdate, Field: "word_list", Call: update(intercept.UpdateRequest{ID: ruleID, Words: words(301, 4)})},
			{Name: "update bad semantic", Path: pUpdate, Field: "extra_rule.semantics_list", Call: update(intercept.UpdateRequest{ID: ruleID,
				ExtraRule: &intercept.ExtraRule{Semantics: []intercept.Semantic{0}}})},
			{Name: "update type 9", Path: pUpdate, Field: "intercept_type", Call: update(intercept.UpdateRequest{ID: ruleID, Type: 9})},
			{Name: "update add 1001 users", Path: pUpdate, Field: "add_applicable_range.user_list", Call: update(intercept.UpdateRequest{ID: ruleID,
				AddRange: intercept.Range{UserIDs: users(1001)}})},
			{Name: "update remove 1001 departments", Path: pUpdate, Field: "remove_applicable_range.department_list", Call: update(intercept.UpdateRequest{ID: ruleID,
				RemoveRange: intercept.Range{DepartmentIDs: departments(1001)}})},
			{Name: "update user added and removed", Path: pUpdate, Field: "remove_applicable_range.user_list", Call: update(intercept.UpdateRequest{ID: ruleID,
				AddRange: intercept.Range{UserIDs: []string{"lisi"}}, RemoveRange: intercept.Range{UserIDs: []string{"lisi"}}})},
			{Name: "update department added and removed", Path: pUpdate, Field: "remove_applicable_range.department_list", Call: update(intercept.UpdateRequest{ID: ruleID,
				AddRange: intercept.Range{DepartmentIDs: []int64{2}}, RemoveRange: intercept.Range{DepartmentIDs: []int64{2}}})},
			{Name: "del no id", Path: pDel, Field: "rule_id", Call: func(ctx context.Context, c C) error { return c.DeleteInterceptRule(ctx, "") }},
		},
	}.Run(t)
}
