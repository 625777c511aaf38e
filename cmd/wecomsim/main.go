// Command wecomsim serves the simulated WeCom of package worktest on a fixed
// address, for manual exploration and for callers written in other
// languages.
//
//	go run ./cmd/wecomsim -addr 127.0.0.1:8080 -seed 42
//
// It prints the credentials the simulator accepts (the corp id and secret
// for gettoken, the provider_access_token and suite_access_token of the
// service/… endpoints) and how to point the SDK, curl or the wecom CLI
// (cmd/wecom, through its WECOM_* variables) at it, then serves /cgi-bin/…
// until interrupted.
//
// The data is generated from -seed and the size flags, or loaded with
// -data FILE (a JSON fixture, the format -dump prints). The clock follows
// real time by default (-clock real; tokens expire after 7200 s, transfers
// complete after 24 hours); -clock frozen stops it at -start (default
// worktest.DefaultStart) and -clock scaled runs it -clock-rate times as fast.
// Any clock moves forward with POST /control/advance?by=24h. -latency and
// -fail PATH:ERRCODE:N inject faults. -callback URL with -callback-token and
// -callback-aeskey POSTs the callback events, encrypted as WeCom does, to a
// real receiver; POST /control/add_contact?userid=… has a customer add a
// member, which sends one.
//
// -provider serves a service provider (服务商) instead: the service/…
// endpoints with one suite (-suite-id, -suite-secret, -customized for a
// 代开发 template), the corps that install it (-install CORPID at start,
// POST /control/install?corp=… later), each with generated data of its
// own, and the suite's 指令回调 (suite_ticket every 10 minutes of the
// clock, create_auth on install) POSTed to -callback.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wecomkit/wecom/work/worktest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "wecomsim:", err)
		os.Exit(1)
	}
}

// run parses args, starts the simulator and serves until ctx is done.
// ready, when not nil, is called once the simulator is listening.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(*worktest.Server)) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	if o.provider {
		return runProvider(ctx, o, stdout, stderr, func(p *worktest.ProviderServer) {
			if ready != nil {
				ready(p.Provider())
			}
		})
	}
	s, err := worktest.New(o.serverOptions(stderr)...)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.dump {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(s.Snapshot())
	}
	o.applyFaults(s.Faults())

	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	s.URL = "http://" + l.Addr().String()
	hs := &http.Server{Handler: controlHandler(s), ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()
	defer func() {
		_ = hs.Close() // stops listening and closes the connections; s.Close then waits for the requests
		<-served
	}()
	if s.Clock().Rate() > 0 {
		// A running clock makes work due with no request to run it:
		// settle every tick, so the events go out on time.
		go tick(ctx, s, o.tick)
	}

	printBanner(stdout, s, o)
	if ready != nil {
		ready(s)
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "wecomsim: stopping")
	return nil
}

// tick runs the simulator's due work every d until ctx is done.
func tick(ctx context.Context, s *worktest.Server, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Settle()
		}
	}
}

// printBanner says what is served and how to reach it.
func printBanner(w io.Writer, s *worktest.Server, o *options) {
	q := url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}
	fmt.Fprintf(w, "wecomsim: simulated WeCom at %s\n", s.URL)
	fmt.Fprintf(w, "  corpid: %s\n  secret: %s\n", s.CorpID, s.Secret)
	fmt.Fprintf(w, "  provider_access_token: %s\n  suite_access_token:    %s\n", s.ProviderToken(), s.SuiteToken())
	now := s.Clock().Now().Format(time.RFC3339)
	switch rate := s.Clock().Rate(); {
	case rate == 0:
		fmt.Fprintf(w, "  clock:  frozen at %s; POST %s/control/advance?by=1h moves it\n", now, s.URL)
	case o.clock == "scaled":
		fmt.Fprintf(w, "  clock:  %s, %g times as fast as real time\n", now, rate)
	default:
		fmt.Fprintf(w, "  clock:  real time, %s\n", now)
	}
	if o.callbackURL != "" {
		fmt.Fprintf(w, "  callback: events POSTed, encrypted, to %s\n", o.callbackURL)
	}
	if o.latency > 0 || len(o.fails) > 0 {
		fmt.Fprintf(w, "  faults: latency %s; fail %s\n", o.latency, o.fails.String())
	}
	var follow []string
	for _, m := range s.Snapshot().Members {
		if m.ExternalContact && !m.Resigned() {
			follow = append(follow, m.UserID)
		}
	}
	fmt.Fprintf(w, "  members with 客户联系: %s\n", strings.Join(follow, " "))
	fmt.Fprintf(w, `
Point a client at it:
  Go SDK: app, err := work.New(work.Config{CorpID: %q, Secret: %q, BaseURL: %q})
  curl:   curl '%s/cgi-bin/gettoken?%s'
          curl '%s/cgi-bin/externalcontact/get_follow_user_list?access_token=ACCESS_TOKEN'
  the wecom CLI, in another shell:
          export WECOM_BASE_URL=%s WECOM_CORP_ID=%s WECOM_SECRET=%s
          go run ./cmd/wecom customers export --format csv
  other SDKs: use %s/cgi-bin/ where they call https://qyapi.weixin.qq.com/cgi-bin/
  control: GET %s/control/now, POST %s/control/advance?by=24h,
          POST %s/control/add_contact?userid=%s (a customer adds a member: a callback event)
`, s.CorpID, s.Secret, s.URL, s.URL, q.Encode(), s.URL, s.URL, s.CorpID, s.Secret, s.URL, s.URL, s.URL, s.URL, firstOr(follow, "USERID"))
}

func firstOr(list []string, def string) string {
	if len(list) == 0 {
		return def
	}
	return list[0]
}
