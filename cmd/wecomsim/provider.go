package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/wecomkit/wecom/work/worktest"
)

// runProvider serves the -provider mode until ctx is done: a service
// provider with one suite. ready, when not nil, is called once it is
// listening (after the -install, if any).
func runProvider(ctx context.Context, o *options, stdout, stderr io.Writer, ready func(*worktest.ProviderServer)) error {
	p, err := newProviderServer(o.commonOptions(stderr))
	if err != nil {
		return err
	}
	defer p.Close()
	var cb *worktest.CallbackConfig
	if o.callbackURL != "" {
		cb = &worktest.CallbackConfig{URL: o.callbackURL, Token: o.callbackToken, EncodingAESKey: o.callbackKey}
	}
	suite, err := p.AddSuite(worktest.SuiteSpec{ID: o.suiteID, Secret: o.suiteSecret, Customized: o.customized, Callback: cb})
	if err != nil {
		return err
	}
	o.applyFaults(p.Provider().Faults())

	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	// The SDK, the corps' simulators and the printout use the address
	// listened on.
	p.URL = "http://" + l.Addr().String()
	p.Provider().URL = p.URL
	sim := &providerSim{p: p, suite: suite.ID, o: o}
	hs := &http.Server{Handler: sim.handler(), ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()
	defer func() {
		_ = hs.Close()
		<-served
	}()

	// As in WeCom, the suite's first ticket reaches the provider before
	// any corp installs: the provider needs it to exchange the auth code.
	if cb != nil {
		if err := p.PushTicket(ctx, suite.ID); err != nil {
			fmt.Fprintln(stderr, "wecomsim: suite_ticket:", err)
		}
	}
	var installed *worktest.Installed
	if o.install != "" {
		in, err := sim.install(ctx, worktest.Install{SuiteID: suite.ID, CorpID: o.install})
		switch {
		case in.CorpID == "":
			return err
		case err != nil:
			fmt.Fprintln(stderr, "wecomsim: create_auth:", err)
		}
		installed = &in
	}
	if p.Clock().Rate() > 0 {
		go tickProvider(ctx, p, o.tick, stderr)
	}

	printProviderBanner(stdout, p, suite, installed, o)
	if ready != nil {
		ready(p)
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "wecomsim: stopping")
	return nil
}

// newProviderServer turns NewProviderServer's panic on invalid options
// into an error.
func newProviderServer(opts []worktest.Option) (p *worktest.ProviderServer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return worktest.NewProviderServer(opts...), nil
}

// tickProvider delivers the tickets issued on a running clock and runs
// the corps' due work every d until ctx is done.
func tickProvider(ctx context.Context, p *worktest.ProviderServer, d time.Duration, stderr io.Writer) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := p.AdvanceClock(ctx, 0); err != nil && ctx.Err() == nil {
				fmt.Fprintln(stderr, "wecomsim: suite_ticket:", err)
			}
		}
	}
}

// providerSim is the -provider mode's state beside the simulator.
type providerSim struct {
	p     *worktest.ProviderServer
	suite string // the suite added at start
	o     *options
}

// install installs the suite in a corp and gives a corp seen for the
// first time the -latency and -fail faults.
func (ps *providerSim) install(ctx context.Context, in worktest.Install) (worktest.Installed, error) {
	known := in.CorpID != "" && ps.p.Corp(in.CorpID) != nil
	out, err := ps.p.Install(ctx, in)
	if out.CorpID != "" && !known {
		if c := ps.p.Corp(out.CorpID); c != nil {
			ps.o.applyFaults(c.Faults())
		}
	}
	return out, err
}

// printProviderBanner says what the -provider mode serves and how to reach
// it.
func printProviderBanner(w io.Writer, p *worktest.ProviderServer, suite worktest.Suite, installed *worktest.Installed, o *options) {
	fmt.Fprintf(w, "wecomsim: simulated WeCom for a service provider (服务商) at %s\n", p.URL)
	fmt.Fprintf(w, "  provider corpid: %s\n  provider_secret: %s\n", p.ProviderCorpID, p.ProviderSecret)
	kind := "third-party app (第三方应用)"
	if suite.Customized {
		kind = "代开发 template"
	}
	fmt.Fprintf(w, "  suite_id:        %s (%s, agentid %d in each corp)\n  suite_secret:    %s\n", suite.ID, kind, suite.AgentID, suite.Secret)
	fmt.Fprintf(w, "  suite_ticket:    %s (a new one every %s of the clock)\n", p.Ticket(suite.ID), worktest.TicketInterval)
	if installed != nil {
		fmt.Fprintf(w, "  installed corp:  %s\n", installed.CorpID)
	}
	now := p.Clock().Now().Format(time.RFC3339)
	switch rate := p.Clock().Rate(); {
	case rate == 0:
		fmt.Fprintf(w, "  clock:  frozen at %s; POST %s/control/advance?by=10m moves it and pushes the tickets due\n", now, p.URL)
	case o.clock == "scaled":
		fmt.Fprintf(w, "  clock:  %s, %g times as fast as real time\n", now, rate)
	default:
		fmt.Fprintf(w, "  clock:  real time, %s\n", now)
	}
	if o.callbackURL != "" {
		fmt.Fprintf(w, "  callback: 指令回调 (suite_ticket, create_auth, cancel_auth) POSTed, encrypted for the suite id, to %s\n", o.callbackURL)
	} else {
		fmt.Fprintf(w, "  callback: none (-callback URL to push the 指令回调); give the SDK the ticket with SetTicket\n")
	}
	if o.latency > 0 || len(o.fails) > 0 {
		fmt.Fprintf(w, "  faults: latency %s; fail %s\n", o.latency, o.fails.String())
	}
	customized := ""
	if suite.Customized {
		customized = ", Customized: true"
	}
	corp := "CORPID"
	if installed != nil {
		corp = installed.CorpID
	}
	fmt.Fprintf(w, `
Point the SDK's package provider at it:
  p, err := provider.New(provider.Config{CorpID: %q, ProviderSecret: %q, BaseURL: %q})
  suite, err := p.NewSuite(provider.SuiteConfig{SuiteID: %q, Secret: %q%s})
  p.HandleCallbacks(handler, provider.Hooks{}) // on the 指令回调 receiver: tickets, authorisations
  // or, without a callback: err = suite.SetTicket(ctx, %q, time.Now())
  app, err := suite.App(ctx, %q) // once authorised: create_auth → suite.Authorize
control: GET %s/control/now, GET %s/control/ticket, POST %s/control/push_ticket,
          POST %s/control/advance?by=10m (pushes the tickets due),
          POST %s/control/install?corp=CORPID[&pre_auth_code=…&state=…] (create_auth),
          POST %s/control/cancel?corp=CORPID (cancel_auth), GET %s/control/corps
`, p.ProviderCorpID, p.ProviderSecret, p.URL, suite.ID, suite.Secret, customized, p.Ticket(suite.ID), corp,
		p.URL, p.URL, p.URL, p.URL, p.URL, p.URL, p.URL)
}

// The -provider mode's control endpoints, beside the simulated API:
//
//	GET  /control/now                  the simulator clock
//	POST /control/advance?by=10m       move the clock forward and push
//	                                   the tickets issued meanwhile
//	POST /control/set?time=RFC3339|unix  set the clock (and push the
//	                                   tickets due)
//	GET  /control/ticket               the suite's current suite_ticket
//	POST /control/push_ticket          push it to the callback now
//	                                   (刷新Ticket)
//	POST /control/install?corp=…       a corp installs the suite
//	                                   (pre_auth_code=, state=; no corp:
//	                                   a new one): create_auth
//	POST /control/cancel?corp=…        the corp uninstalls: cancel_auth
//	GET  /control/corps                the corps that installed
//
// Each takes suite= too (default: the suite added at start). Answers are
// JSON; a bad request answers 400 with {"error": "…"}, a callback that
// did not accept a delivery 502.
func (ps *providerSim) handler() http.Handler {
	p := ps.p
	mux := http.NewServeMux()
	mux.Handle("/", p)
	suiteOf := func(r *http.Request) string {
		if id := r.URL.Query().Get("suite"); id != "" {
			return id
		}
		return ps.suite
	}
	// delivered completes the answer to a clock move, an install or a
	// cancellation with the deliveries' outcome, which does not undo it;
	// with no callback nothing is delivered.
	delivered := func(out map[string]any, err error) map[string]any {
		out["delivered"] = err == nil && ps.o.callbackURL != ""
		if err != nil {
			out["delivery_error"] = err.Error()
		}
		return out
	}
	nowOf := func() map[string]any {
		now := p.Clock().Now()
		return map[string]any{"now": now.Unix(), "time": now.Format(time.RFC3339)}
	}
	mux.HandleFunc("GET /control/now", func(w http.ResponseWriter, r *http.Request) { writeNow(w, p.Clock()) })
	mux.HandleFunc("POST /control/advance", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("by"))
		if err != nil || d <= 0 {
			controlError(w, http.StatusBadRequest, errors.New("by: want a positive duration such as 10m, 24h"))
			return
		}
		err = p.AdvanceClock(r.Context(), d)
		writeJSON(w, http.StatusOK, delivered(nowOf(), err))
	})
	mux.HandleFunc("POST /control/set", func(w http.ResponseWriter, r *http.Request) {
		var t time.Time
		if err := (timeValue{&t}).Set(r.URL.Query().Get("time")); err != nil {
			controlError(w, http.StatusBadRequest, errors.New("time: "+err.Error()))
			return
		}
		p.Clock().Set(t)
		writeJSON(w, http.StatusOK, delivered(nowOf(), p.AdvanceClock(r.Context(), 0)))
	})
	mux.HandleFunc("GET /control/ticket", func(w http.ResponseWriter, r *http.Request) {
		id := suiteOf(r)
		t := p.Ticket(id)
		if t == "" {
			controlError(w, http.StatusBadRequest, fmt.Errorf("unknown suite %s", id))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"suite_id": id, "suite_ticket": t})
	})
	mux.HandleFunc("POST /control/push_ticket", func(w http.ResponseWriter, r *http.Request) {
		id := suiteOf(r)
		err := p.PushTicket(r.Context(), id)
		var de *worktest.DeliveryError
		switch {
		case errors.As(err, &de):
			controlError(w, http.StatusBadGateway, err)
		case err != nil:
			controlError(w, http.StatusBadRequest, err)
		default:
			writeJSON(w, http.StatusOK, map[string]any{"suite_id": id, "suite_ticket": p.Ticket(id), "delivered": true})
		}
	})
	mux.HandleFunc("POST /control/install", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		in, err := ps.install(r.Context(), worktest.Install{SuiteID: suiteOf(r), CorpID: q.Get("corp"),
			PreAuthCode: q.Get("pre_auth_code"), State: q.Get("state")})
		if in.CorpID == "" {
			controlError(w, http.StatusBadRequest, err)
			return
		}
		// The corp installed all the same when create_auth was not accepted.
		writeJSON(w, http.StatusOK, delivered(map[string]any{"corp_id": in.CorpID, "auth_code": in.AuthCode}, err))
	})
	mux.HandleFunc("POST /control/cancel", func(w http.ResponseWriter, r *http.Request) {
		corp := r.URL.Query().Get("corp")
		err := p.Cancel(r.Context(), suiteOf(r), corp)
		var de *worktest.DeliveryError
		if err != nil && !errors.As(err, &de) {
			controlError(w, http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, delivered(map[string]any{"corp_id": corp, "cancelled": true}, err))
	})
	mux.HandleFunc("GET /control/corps", func(w http.ResponseWriter, r *http.Request) {
		corps := p.Corps()
		if corps == nil {
			corps = []string{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"corps": corps})
	})
	return mux
}
