package worktest_test

import (
	"context"
	"fmt"
	"time"

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

// A transfer takes 24 hours of the simulator clock, as in WeCom: the
// customer stays with the handover member until the clock passes the
// takeover time (CompleteTransfers or EndTransfer end it earlier).
func ExampleServer_Clock_transfer() {
	s := worktest.NewServer(worktest.WithSeed(7), worktest.WithMembers(2), worktest.WithCustomersPerMember(1),
		worktest.WithResignedMembers(0), worktest.WithTokenTTL(48*time.Hour))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ec, ctx := app.ExternalContact(), context.Background()
	ids, err := ec.List(ctx, "zhangsan")
	if err != nil {
		panic(err)
	}
	_, err = ec.TransferCustomer(ctx, &externalcontact.TransferCustomerRequest{
		HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserIDs: ids[:1]})
	if err != nil {
		panic(err)
	}
	status := func() {
		for c, err := range ec.TransferResultAll(ctx, &externalcontact.TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"}) {
			if err != nil {
				panic(err)
			}
			left, _ := ec.List(ctx, "zhangsan")
			fmt.Printf("status %d, takeover in %s, zhangsan has %d customer(s)\n",
				c.Status, time.Unix(c.TakeoverTime, 0).Sub(s.Clock().Now()), len(left))
		}
	}
	status()
	s.Clock().Advance(24 * time.Hour)
	status()
	// Output:
	// status 2, takeover in 24h0m0s, zhangsan has 1 customer(s)
	// status 1, takeover in 0s, zhangsan has 0 customer(s)
}

// The converted ids are functions of the simulator's own, exported so that a
// test can predict what the SDK gets.
func ExampleServiceExternalUserID() {
	s := worktest.NewServer(worktest.WithSeed(7))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	id := s.Snapshot().Customers[0].ExternalUserID
	got, err := app.ExternalContact().ToServiceExternalUserID(context.Background(), id)
	fmt.Println(got == worktest.ServiceExternalUserID(id), err)
	// Output:
	// true <nil>
}
