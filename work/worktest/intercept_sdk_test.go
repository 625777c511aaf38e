package worktest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/intercept"
	"github.com/wecomkit/wecom/work/worktest"
)

// Intercept rules through the SDK, and what they would do to a message.
func TestInterceptSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(17))
	ic := app.Intercept()
	ctx := context.Background()
	id, err := ic.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "不发联系方式", Words: []string{"加我微信"},
		Semantics: []intercept.Semantic{intercept.SemanticPhone, intercept.SemanticEmail}, Type: intercept.WarnAndBlock,
		Range: intercept.Range{UserIDs: []string{"zhangsan"}}})
	require.NoError(t, err)
	rules, err := ic.GetInterceptRules(ctx)
	require.NoError(t, err)
	require.Len(t, rules, 1)
	assert.Equal(t, intercept.Summary{ID: id, Name: "不发联系方式", CreateTime: worktest.DefaultStart.Unix()}, rules[0])

	v, err := s.Intercepts().Check(worktest.InterceptMessage{Sender: "zhangsan", Text: "邮件发到 zs@example.com"})
	require.NoError(t, err)
	assert.True(t, v.Blocked)

	// Leave the semantics: a rename sends no extra_rule.
	require.NoError(t, ic.UpdateInterceptRule(ctx, &intercept.UpdateRequest{ID: id, Name: "不发邮箱电话"}))
	r, err := ic.GetInterceptRuleDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []intercept.Semantic{intercept.SemanticPhone, intercept.SemanticEmail}, r.ExtraRule.Semantics)
	// Clear them: an empty ExtraRule.
	require.NoError(t, ic.UpdateInterceptRule(ctx, &intercept.UpdateRequest{ID: id, ExtraRule: &intercept.ExtraRule{},
		Type: intercept.WarnOnly, AddRange: intercept.Range{DepartmentIDs: []int64{1}}, RemoveRange: intercept.Range{UserIDs: []string{"zhangsan"}}}))
	r, err = ic.GetInterceptRuleDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, &intercept.Rule{ID: id, Name: "不发邮箱电话", Words: []string{"加我微信"}, ExtraRule: intercept.ExtraRule{Semantics: []intercept.Semantic{}},
		Type: intercept.WarnOnly, Range: intercept.Range{DepartmentIDs: []int64{1}}, CreateTime: worktest.DefaultStart.Unix()}, r)

	v, err = s.Intercepts().Check(worktest.InterceptMessage{Sender: "lisi", Text: "加我微信，邮件 zs@example.com"})
	require.NoError(t, err)
	assert.Equal(t, `warned by 不发邮箱电话 ("加我微信")`, v.String(), "every member through department 1; no semantics left; warn only")

	_, err = ic.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "部门2", Words: []string{"x"}, Type: intercept.WarnOnly,
		Range: intercept.Range{DepartmentIDs: []int64{2}}})
	assert.ErrorIs(t, err, intercept.ErrInvalidDepartment)
	_, err = ic.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "无此人", Words: []string{"x"}, Type: intercept.WarnOnly,
		Range: intercept.Range{UserIDs: []string{"nobody"}}})
	assert.ErrorIs(t, err, core.ErrInvalidUserID)

	require.NoError(t, ic.DeleteInterceptRule(ctx, id))
	rules, err = ic.GetInterceptRules(ctx)
	require.NoError(t, err)
	assert.Empty(t, rules)
}
