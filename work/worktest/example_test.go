package worktest_test

import (
	"context"
	"fmt"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// countCustomers is "your code": it counts the distinct customers of some
// members, through the SDK.
func countCustomers(ctx context.Context, ec *externalcontact.Client, userIDs []string) (int, error) {
	seen := map[string]bool{}
	for c, err := range ec.BatchGetByUserAll(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: userIDs, Limit: 2}) {
		if err != nil {
			return 0, err
		}
		seen[c.ExternalContact.ExternalUserID] = true
	}
	return len(seen), nil
}

// Test your own code against a simulated WeCom: seed it, point the SDK at
// it, inject a failure, then check the result and the calls that were made.
func ExampleNewServer() {
	s := worktest.NewServer(worktest.WithSeed(7), worktest.WithMembers(2), worktest.WithCustomersPerMember(3))
	defer s.Close()

	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	// WeCom is busy once; the SDK retries.
	s.Faults().FailNext("externalcontact/batch/get_by_user", 1, -1)

	n, err := countCustomers(context.Background(), app.ExternalContact(), []string{"zhangsan", "lisi"})
	fmt.Println("customers:", n, err)
	fmt.Println("gettoken calls:", s.Count("gettoken"))
	fmt.Println("batch calls:", s.Count("externalcontact/batch/get_by_user"))
	// Output:
	// customers: 5 <nil>
	// gettoken calls: 1
	// batch calls: 4
}
