package callback_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/worktest"
)

// Test a callback end to end against the simulator (package worktest),
// which plays WeCom: it verifies the URL like the admin console does, then
// a simulated customer adds a member through a 「联系我」 channel and the
// simulator pushes the encrypted add_external_contact event. The seeded
// simulator makes the customer id and the WelcomeCode the same on every run.
func Example_simulator() {
	sim := worktest.NewServer(worktest.WithSeed(7))
	defer sim.Close()

	h, err := callback.New(callback.Config{
		Token:          exampleToken,
		EncodingAESKey: exampleAESKey,
		ReceiverIDs:    []string{sim.CorpID},
	})
	if err != nil {
		log.Fatal(err)
	}
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		fmt.Printf("%s added by customer %s via channel %q, welcome code %s\n",
			e.UserID, e.ExternalUserID, e.State, e.WelcomeCode)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	ctx := context.Background()
	err = sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: exampleToken, EncodingAESKey: exampleAESKey})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("URL verification:", sim.VerifyCallbackURL(ctx))

	// A 「联系我」 QR code on a spring poster, and a customer scanning it.
	way, err := sim.AddContactWay(worktest.ContactWaySpec{
		Type: worktest.ContactWaySingle, Scene: worktest.ContactWayQRCode,
		Users: []string{"zhangsan"}, State: "poster-2024-spring",
	})
	if err != nil {
		log.Fatal(err)
	}
	added, err := sim.AddContact(ctx, worktest.AddContact{ConfigID: way})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("welcome code valid:", sim.WelcomeCodeValid(added.WelcomeCode))
	// Output:
	// URL verification: <nil>
	// zhangsan added by customer wmvJupz5o0Y06ai2xZJHTRLhnkj6aq2y via channel "poster-2024-spring", welcome code wUzTIHJXfcJI7utxQ6AqPHB7iFrXAs7WerlQyjCFoB8
	// welcome code valid: true
}
