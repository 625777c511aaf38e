package core_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// A governor with the defaults: after WeCom answers 45009, calls to that
// endpoint fail fast, without being sent, until the pause is over; remark
// has 5 slots. work.New builds one per App; a Client takes it in
// core.Options.Governor.
func ExampleGovernor() {
	g, err := core.NewGovernor(core.GovernorConfig{CorpID: "ww1234567890abcdef"})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	g.RateLimited("externalcontact/get", &core.APIError{Code: 45009, Message: "api freq out of limit", Path: "externalcontact/get"})

	_, _, err = g.Acquire(ctx, "externalcontact/get")
	var rl *core.RateLimitError
	if errors.As(err, &rl) {
		fmt.Println("sent:", !rl.Local, "retry in:", rl.RetryAfter.Round(time.Second))
	}
	fmt.Println("rate limited:", errors.Is(err, core.ErrRateLimited))

	release, waited, err := g.Acquire(ctx, "externalcontact/remark")
	if err != nil {
		log.Fatal(err)
	}
	defer release() // once the answer is read
	fmt.Println("remark slots:", g.ConcurrencyCap("externalcontact/remark"), "waited:", waited)
	// Output:
	// sent: false retry in: 1m0s
	// rate limited: true
	// remark slots: 5 waited: 0s
}
