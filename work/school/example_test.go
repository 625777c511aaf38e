package school_test

import (
	"context"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/school"
	"github.com/wecomkit/wecom/work/worktest"
)

// A notice to the parents of two students, one of whom the 家校通讯录 does
// not know: the answer names it, the others got the notice. The simulator
// records what was sent (worktest.Server.School().Messages).
func ExampleClient_SendMessage() {
	sim := worktest.NewServer(worktest.WithSeed(3))
	defer sim.Close()
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	res, err := app.School().SendMessage(context.Background(), &school.MessageRequest{
		AgentID:              1000005,
		ToStudentUserIDs:     []string{"student001", "student_transferred"},
		Message:              school.NewText("明天春游，请带好水杯。"),
		EnableDuplicateCheck: true,
	})
	if err != nil {
		log.Fatal(err) // errors.Is(err, core.ErrUnknownOutcome): it may have gone out; never sent twice by the SDK
	}
	for _, r := range res.Invalid() {
		fmt.Println("not sent to:", r.Kind, r.ID)
	}
	sent := sim.School().Messages()
	fmt.Println("notices:", len(sent), "reached parents:", len(sent[0].Parents) > 0)
	// Output:
	// not sent to: to_student_userid student_transferred
	// notices: 1 reached parents: true
}
