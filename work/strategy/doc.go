// Package strategy wraps WeCom's rule groups (规则组, "strategies"): the
// customer-contact rule groups (客户联系规则组, customer_strategy/*, doc
// 94883) and the customer-moment rule groups (客户朋友圈规则组,
// moment_strategy/*, doc 94890). A rule group names admins (负责人) who
// manage the members and departments in its range (管理范围) with a set of
// privileges (权限).
//
// The two families have one shape: list, get, get_range, create, edit and
// del, with the same fields; only the privileges differ (21 switches for
// customer contact, 3 for moments). So the package implements them once,
// generically over the privilege type, and exposes two clients that bind
// the paths: CustomerClient (work.App.CustomerStrategy) with
// CustomerPrivilege and MomentClient (work.App.MomentStrategy) with
// MomentPrivilege. The compiler keeps a moment privilege out of a customer
// rule group. Neither EasyWeChat nor WxJava has these calls; the names
// follow PowerWeChat's ExternalContactCustomerStrategy and
// ExternalContactMomentStrategy (List, Get, GetRange, Create, Edit, Del as
// Delete).
//
//	cs := app.CustomerStrategy()
//	id, err := cs.Create(ctx, &strategy.CustomerCreateRequest{
//		Name:   "华南大区",
//		Admins: []string{"zhangsan"},
//		Range:  []strategy.Node{strategy.Member("lisi"), strategy.Department(2)},
//	})
//	err = cs.Edit(ctx, &strategy.CustomerEditRequest{ID: id, RangeAdd: []strategy.Node{strategy.Member("wangwu")}})
//
// # What to know
//
//   - Create and Edit must be called serially: WeCom's docs say so for both
//     (该接口仅支持串行调用，请勿并发). A client runs them one at a time: a
//     second call waits for the first to finish (or for its own ctx). The
//     App's clients are shared, so this holds for one App; calls from other
//     processes or other Apps are yours to serialize. The package offers no
//     helper that edits several rule groups at once, and never will.
//   - Edit keeps "leave as is" apart from "replace": an empty Name, a nil
//     Admins and a nil Privilege leave them as they are; a non-nil Admins
//     replaces the admins and a non-nil Privilege replaces every privilege
//     (each key is sent). WeCom reads an empty admin_list as "leave as is",
//     so a non-nil empty Admins is refused rather than sent: a rule group
//     always keeps at least one admin. The range changes only by RangeAdd
//     and RangeDel.
//   - A child rule group (ParentID set) inherits its parent's privileges
//     (WeCom ignores privilege), and its range must be a subset of the
//     parent's. Rule groups nest at most 5 levels; a range holds at most
//     3000 nodes; a rule group has at most 20 admins, who may not be super
//     admins (超级管理员).
//   - Customer-contact privileges have five basic ones (查看客户列表,
//     查看客户统计数据, 查看群聊列表, 可使用联系我, 可加入群聊) that WeCom never
//     lets go: they are always sent as true. The others default to true when
//     a rule group is made without Privilege; DefaultCustomerPrivilege and
//     DefaultMomentPrivilege return those defaults to start from.
//   - An app manages only the rule groups it created (WeCom answers another
//     app's with an error); list and get show every rule group.
//   - Ids are integers (strategy_id). List and GetRange page with a cursor;
//     ListAll and GetRangeAll walk every page. A limit above 1000 is sent as
//     1000 (it only changes how many calls a walk takes).
//   - Create and Edit change state and are never re-sent once they may have
//     reached WeCom (errors.Is(err, core.ErrUnknownOutcome)); the reads are
//     retried.
//
// WeCom documents no errcode of its own for an unknown strategy_id, a
// range outside the parent's or a full range; they come back as
// *core.APIError (errors.As) with WeCom's code and message.
//
// # Examples
//
//   - ExampleCustomerClient_Create: a sales team's rule group that may not
//     export customer data, then one member out and another in.
//   - ExampleMomentClient_Edit: a moment rule group's privileges replaced.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/strategy -run '^ExampleCustomerClient_Create$' -v
package strategy
