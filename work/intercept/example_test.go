package intercept_test

import (
	"context"
	"fmt"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/intercept"
	"github.com/wecomkit/wecom/work/worktest"
)

// Block phone numbers in the chats of one department: members of
// department 1 (the simulated corp's only one, the root) may not send a
// customer a phone number or "加我微信". The simulator's back door then
// shows what WeCom would do with a member's message.
func ExampleClient_CreateInterceptRule() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	id, err := app.Intercept().CreateInterceptRule(ctx, &intercept.CreateRequest{
		Name:      "不发手机号",
		Words:     []string{"加我微信"},
		Semantics: []intercept.Semantic{intercept.SemanticPhone},
		Type:      intercept.WarnAndBlock,
		Range:     intercept.Range{DepartmentIDs: []int64{1}},
	})
	if err != nil {
		panic(err)
	}
	rule, err := app.Intercept().GetInterceptRuleDetails(ctx, id)
	if err != nil {
		panic(err)
	}
	fmt.Println(rule.Name, "|", rule.Type, "|", rule.ExtraRule.Semantics, "| departments", rule.Range.DepartmentIDs)

	for _, text := range []string{"我的手机 13800138000，有事打给我", "订单已发货"} {
		v, err := s.Intercepts().Check(worktest.InterceptMessage{Sender: "lisi", Text: text})
		if err != nil {
			panic(err)
		}
		fmt.Println(v)
	}
	// Output:
	// 不发手机号 | warn and block | [phone number] | departments [1]
	// blocked by 不发手机号 (phone number)
	// sent
}

// Stop checking the semantics of a rule but keep it as a warning: an empty
// ExtraRule clears them (a nil one would leave them).
func ExampleClient_UpdateInterceptRule() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	ic := app.Intercept()
	id, err := ic.CreateInterceptRule(ctx, &intercept.CreateRequest{Name: "禁止引流", Words: []string{"淘宝店"},
		Semantics: []intercept.Semantic{intercept.SemanticRedPacket}, Type: intercept.WarnAndBlock,
		Range: intercept.Range{UserIDs: []string{"zhangsan", "lisi"}}})
	if err != nil {
		panic(err)
	}
	err = ic.UpdateInterceptRule(ctx, &intercept.UpdateRequest{ID: id, ExtraRule: &intercept.ExtraRule{}, Type: intercept.WarnOnly,
		RemoveRange: intercept.Range{UserIDs: []string{"lisi"}}})
	if err != nil {
		panic(err)
	}
	rules, err := ic.GetInterceptRules(ctx)
	if err != nil {
		panic(err)
	}
	rule, err := ic.GetInterceptRuleDetails(ctx, rules[0].ID)
	if err != nil {
		panic(err)
	}
	fmt.Println(rule.Name, "|", rule.Type, "| semantics", rule.ExtraRule.Semantics, "| users", rule.Range.UserIDs)
	// Output:
	// 禁止引流 | warn only | semantics [] | users [zhangsan]
}
