// Package intercept wraps WeCom's chat intercept rules (聊天敏感词, doc
// 95097): words, and kinds of content (phone numbers, email addresses, red
// packets), that members in a rule's range may not send to customers. A
// rule either warns and blocks the message or only warns.
//
// Get a Client from work.App.Intercept. Method names follow EasyWeChat's
// intercept client (createInterceptRule → CreateInterceptRule, …;
// UpdateInterceptRule after WxJava, EasyWeChat has none); each method's doc
// comment names the WeCom path and the WxJava method.
//
//	id, err := app.Intercept().CreateInterceptRule(ctx, &intercept.CreateRequest{
//		Name:      "不发手机号",
//		Words:     []string{"加我微信"},
//		Semantics: []intercept.Semantic{intercept.SemanticPhone},
//		Type:      intercept.WarnAndBlock,
//		Range:     intercept.Range{DepartmentIDs: []int64{2}},
//	})
//
// # What to know
//
//   - A rule name is 1 to 20 characters; a rule has 1 to 300 words of 1 to
//     32 characters each; intercept_type is 1 (WarnAndBlock, 警告并拦截发送)
//     or 2 (WarnOnly, 仅发警告). The corp holds at most 100 rules (MaxRules):
//     GetInterceptRules lists them all, so count them before creating one
//     when you must know.
//   - The range (applicable_range) names members and departments, at most
//     1000 of each per call and not both empty. A rule holds at most 10,000
//     members in all: add departments rather than more members.
//   - semantics_list (1 phone number, 2 email address, 3 red packet) is a
//     top-level field of add_intercept_rule but sits under extra_rule in
//     get_intercept_rule and update_intercept_rule, as WeCom documents it
//     (WxJava reads it at the top level of a rule, where WeCom does not put
//     it). Rule.ExtraRule and UpdateRequest.ExtraRule follow the docs.
//   - UpdateInterceptRule changes only what is set: an empty Name, a nil
//     Words, a zero Type leave them; a nil ExtraRule leaves the semantics
//     and an empty one (&intercept.ExtraRule{}) clears them all. WeCom
//     ignores an empty word_list, so a non-nil empty Words is refused. The
//     range changes by AddRange and RemoveRange.
//   - An app can change and delete only the rules it created (the 客户联系
//     system app can change all).
//   - get_intercept_rule_list is a GET. rule_id is a string; the doc's
//     example of get_intercept_rule shows a number, which is read too.
//   - Creates, updates and deletes are never re-sent once they may have
//     reached WeCom (errors.Is(err, core.ErrUnknownOutcome)); the reads are
//     retried.
//
// WeCom documents no errcode of its own for the 100-rule cap or an unknown
// rule_id; they come back as *core.APIError (errors.As) with WeCom's code
// and message.
//
// # Examples
//
//   - ExampleClient_CreateInterceptRule: phone numbers blocked in one
//     department's chats, and what WeCom would do with a member's message.
//   - ExampleClient_UpdateInterceptRule: a rule's semantics cleared, kept as a
//     warning.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/intercept -run '^ExampleClient_CreateInterceptRule$' -v
package intercept
