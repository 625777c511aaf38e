package work_test

import (
	"context"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/worktest"
)

// The simulator stands in for WeCom here; against the real one, pass your
// corp id and secret instead of sim.Config().
func ExampleNew() {
	sim := worktest.NewServer(worktest.WithSeed(42))
	defer sim.Close()

	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	members, err := app.ExternalContact().GetFollowUsers(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(members), "members, the first is", members[0])
	// Output: 8 members, the first is zhangsan
}

// A Config prints with its secret redacted, so logging it is safe.
func ExampleConfig_String() {
	cfg := work.Config{CorpID: "ww1234567890abcdef", Secret: "keep-me-secret", AgentID: 1000002}
	fmt.Println(cfg)
	// Output: work.Config{CorpID:"ww1234567890abcdef", Secret:"[REDACTED]", AgentID:1000002, BaseURL:""}
}

// Client is the escape hatch for endpoints the SDK does not wrap yet: the
// token, errors and retries are handled, the answer comes back raw.
func ExampleApp_Client() {
	sim := worktest.NewServer(worktest.WithSeed(42))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	res, err := app.Client().GetRaw(context.Background(), "externalcontact/get_follow_user_list", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Get("follow_user.1").String())
	// Output: lisi
}
