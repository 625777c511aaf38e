package externalcontact_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work/externalcontact"
)

// Export every customer of every member, saving a checkpoint after each
// page so that a crashed export can resume where it stopped.
func ExampleClient_ExportCustomers() {
	app, done := newApp()
	defer done()
	ctx := context.Background()

	var saved []byte // a file or a database row in real life
	pairs := map[string]int{}
	err := app.ExternalContact().ExportCustomers(ctx, &externalcontact.ExportRequest{
		Checkpoint: func(cp *externalcontact.ExportCheckpoint) (err error) {
			saved, err = json.Marshal(cp)
			return err
		},
	}, func(c externalcontact.BatchContact) error {
		pairs[c.FollowInfo.UserID]++
		return nil
	})
	if err != nil {
		log.Fatal(err) // resume with ExportRequest{Resume: the checkpoint in saved}
	}
	var cp externalcontact.ExportCheckpoint
	if err := json.Unmarshal(saved, &cp); err != nil {
		log.Fatal(err)
	}
	fmt.Println("zhangsan:", pairs["zhangsan"], "customers")
	fmt.Println("pairs:", cp.Customers, "members:", cp.MembersDone, "done:", cp.Done())
	// Output:
	// zhangsan: 5 customers
	// pairs: 40 members: 8 done: true
}
