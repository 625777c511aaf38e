package strategy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/strategy"
)

// The wire tests are one wiretest.Suite over both families: the rows of
// cases_customer_test.go and cases_moment_test.go. The tests beside them
// cover what a row cannot: the serial Create/Edit, iterators that stop.

// clients is what a row calls: both families on one core client.
type clients struct {
	customer *strategy.CustomerClient
	moment   *strategy.MomentClient
}

func newClients(c *core.Client) clients {
	return clients{customer: strategy.NewCustomer(c), moment: strategy.NewMoment(c)}
}

type (
	tc  = wiretest.Case[clients]
	bad = wiretest.Bad[clients]
)

const okReply = `{"errcode":0,"errmsg":"ok"}`

func fixture(t *testing.T, name string) string {
	t.Helper()
	return wiretest.Fixture(t, "strategy", name)
}

// members returns n member nodes m000, m001, ...
func members(n int) []strategy.Node {
	out := make([]strategy.Node, n)
	for i := range out {
		out[i] = strategy.Member(fmt.Sprintf("m%03d", i))
	}
	return out
}

func userids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("admin%02d", i)
	}
	return out
}

// privilegeJSON is a customer privilege object on the wire: the basic five
// true, the rest as given.
func privilegeJSON(rest bool) string {
	keys := []string{"share_customer", "oper_resign_customer", "oper_resign_group", "send_customer_msg", "edit_welcome_msg",
		"view_behavior_data", "view_room_data", "send_group_msg", "room_deduplication", "rapid_reply", "onjob_customer_transfer",
		"edit_anti_spam_rule", "export_customer_list", "export_customer_data", "export_customer_group_list", "manage_customer_tag"}
	parts := []string{`"view_customer_list":true`, `"view_customer_data":true`, `"view_room_list":true`, `"contact_me":true`, `"join_room":true`}
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%q:%t", k, rest))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestWire(t *testing.T) {
	wiretest.Suite[clients]{
		Endpoints: strategy.Endpoints(),
		New:       newClients,
		Cases:     slices.Concat(customerCases(t), momentCases(t)),
		Bad:       slices.Concat(customerBad(), momentBad()),
	}.Run(t)
}

var bg = context.Background()
