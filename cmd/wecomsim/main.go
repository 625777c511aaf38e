// Command wecomsim serves the simulated WeCom of package worktest on a fixed
// address, for manual exploration and for callers written in other
// languages.
//
//	go run ./cmd/wecomsim -addr 127.0.0.1:8080 -seed 42
//
// It prints the credentials the simulator accepts (the corp id and secret
// for gettoken, the provider_access_token and suite_access_token of the
// service/… endpoints) and the WECOM_* variables that point the wecom CLI
// (cmd/wecom) at it, then serves /cgi-bin/… until interrupted. The clock
// follows real time (tokens expire after 7200 s, transfers complete after 24
// hours) unless -frozen is given. -dump prints the generated data as a JSON
// fixture (the format -fixture loads) and exits.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

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
	fs := flag.NewFlagSet("wecomsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: wecomsim [flags]

Serves a simulated WeCom 客户联系 API (package worktest) under /cgi-bin/ and
prints the credentials it accepts: corpid and secret for gettoken, and the
provider_access_token and suite_access_token of the service/... endpoints.
-dump prints the data as a JSON fixture instead of serving it.

Flags:
`)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	seed := fs.Int64("seed", worktest.DefaultSeed, "seed of the generated data, corp id, secret and tokens")
	members := fs.Int("members", worktest.DefaultMembers, "members with 客户联系 enabled")
	customers := fs.Int("customers", worktest.DefaultCustomersPerMember, "customers per member")
	chats := fs.Int("groupchats", worktest.DefaultGroupChats, "customer group chats")
	resigned := fs.Int("resigned", worktest.DefaultResignedMembers, "resigned members with unassigned customers")
	fixture := fs.String("fixture", "", "load the data from this JSON fixture instead of generating it")
	corpID := fs.String("corpid", "", "corp id gettoken accepts (default: derived from the seed)")
	secret := fs.String("secret", "", "secret gettoken accepts (default: derived from the seed)")
	pageSize := fs.Int("page-size", worktest.DefaultFollowUserPageSize, "follow_user entries per externalcontact/get page")
	frozen := fs.Bool("frozen", false, "freeze the clock at worktest.DefaultStart instead of following real time")
	fresh := fs.Bool("fresh-tokens", false, "issue a new token on every gettoken")
	verbose := fs.Bool("v", false, "log every request to stderr")
	dump := fs.Bool("dump", false, "print the data as a JSON fixture and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	opts := []worktest.Option{
		worktest.WithSeed(*seed),
		worktest.WithMembers(*members),
		worktest.WithCustomersPerMember(*customers),
		worktest.WithGroupChats(*chats),
		worktest.WithResignedMembers(*resigned),
		worktest.WithFollowUserPageSize(*pageSize),
	}
	if *fixture != "" {
		opts = append(opts, worktest.WithFixture(*fixture))
	}
	if *corpID != "" || *secret != "" {
		opts = append(opts, worktest.WithCorp(*corpID, *secret))
	}
	if !*frozen {
		opts = append(opts, worktest.WithClock(worktest.NewWallClock()))
	}
	if *fresh {
		opts = append(opts, worktest.WithFreshTokens())
	}
	if *verbose {
		opts = append(opts, worktest.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	s, err := worktest.New(opts...)
	if err != nil {
		return err
	}
	if *dump {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(s.Snapshot())
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	s.StartListener(l)
	defer s.Close()
	q := url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}
	fmt.Fprintf(stdout, "wecomsim: simulated WeCom at %s\n", s.URL)
	fmt.Fprintf(stdout, "  corpid: %s\n  secret: %s\n", s.CorpID, s.Secret)
	fmt.Fprintf(stdout, "  provider_access_token: %s\n  suite_access_token:    %s\n", s.ProviderToken(), s.SuiteToken())
	fmt.Fprintf(stdout, "  try:    curl '%s/cgi-bin/gettoken?%s'\n", s.URL, q.Encode())
	var follow []string
	for _, m := range s.Snapshot().Members {
		if m.ExternalContact && !m.Resigned() {
			follow = append(follow, m.UserID)
		}
	}
	fmt.Fprintf(stdout, "  members with 客户联系: %s\n", strings.Join(follow, " "))
	fmt.Fprintf(stdout, "  the wecom CLI, in another shell:\n")
	fmt.Fprintf(stdout, "    export WECOM_BASE_URL=%s WECOM_CORP_ID=%s WECOM_SECRET=%s\n", s.URL, s.CorpID, s.Secret)
	fmt.Fprintf(stdout, "    go run ./cmd/wecom customers export --format csv\n")
	if ready != nil {
		ready(s)
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "wecomsim: stopping")
	return nil
}
