package provider_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/provider"
	"github.com/wecomkit/wecom/work/worktest"
)

// A service provider against the simulator: WeCom pushes the suite's
// ticket, a corp installs the suite, the provider stores the corp's
// permanent code (create_auth), then serves that corp's customers.
func Example() {
	ctx := context.Background()
	sim := worktest.NewProviderServer(worktest.WithSeed(3), worktest.WithMembers(2), worktest.WithCustomersPerMember(2))
	defer sim.Close()

	// The provider's service: one Provider, one Suite, your database as the
	// PermanentCodeStore (here in memory).
	p, err := provider.New(sim.ProviderConfig())
	if err != nil {
		panic(err)
	}
	const suiteID = "wwexamplesuite0001"
	store := provider.NewMemoryPermanentCodeStore()

	// Its 指令回调 URL: tickets, authorisations, cancellations.
	const token, key = "CallbackToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key, ReceiverIDs: []string{suiteID}})
	if err != nil {
		panic(err)
	}
	p.HandleCallbacks(h, provider.Hooks{
		Authorized: func(_ context.Context, _ *provider.Suite, a *provider.Authorization) error {
			fmt.Println("authorised:", a.CorpName)
			return nil
		},
	})
	cb := httptest.NewServer(h)
	defer cb.Close()

	// The suite as set up in the provider console.
	if _, err := sim.AddSuite(worktest.SuiteSpec{ID: suiteID,
		Callback: &worktest.CallbackConfig{URL: cb.URL, Token: token, EncodingAESKey: key}}); err != nil {
		panic(err)
	}
	cfg := sim.SuiteConfig(suiteID)
	cfg.PermanentCodes = store
	suite, err := p.NewSuite(cfg)
	if err != nil {
		panic(err)
	}

	// WeCom pushes a suite_ticket (every 10 minutes).
	if err := sim.PushTicket(ctx, suiteID); err != nil {
		panic(err)
	}

	// The provider's install link; a corp's admin follows it.
	pre, err := suite.GetPreAuthCode(ctx)
	if err != nil {
		panic(err)
	}
	installed, err := sim.Install(ctx, worktest.Install{SuiteID: suiteID, CorpID: "wwexamplecorp00001", PreAuthCode: pre.PreAuthCode})
	if err != nil {
		panic(err)
	}
	fmt.Println("permanent codes stored:", store.Len())

	// Serving the corp: its App, per request if you like.
	app, err := suite.App(ctx, installed.CorpID)
	if err != nil {
		panic(err)
	}
	ids, err := app.ExternalContact().List(ctx, "zhangsan")
	if err != nil {
		panic(err)
	}
	fmt.Println("zhangsan's customers:", len(ids))
	// Output:
	// authorised: 模拟企业 wwexamplecorp00001
	// permanent codes stored: 1
	// zhangsan's customers: 2
}
