package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/worktest"
)

// options are wecomsim's parsed flags.
type options struct {
	addr                              string
	seed                              int64
	members, customers, chats, resign int
	data                              string
	corpID, secret                    string
	pageSize                          int
	fresh, verbose, dump              bool

	clock string // "real", "frozen" or "scaled"
	rate  float64
	start time.Time // zero: now for a real clock, worktest.DefaultStart otherwise
	tick  time.Duration

	latency time.Duration
	fails   failRules

	callbackURL, callbackToken, callbackKey string

	// -provider: serve a service provider (服务商) with one suite.
	provider             bool
	suiteID, suiteSecret string
	customized           bool
	install              string // corp id installed at start
}

// failRule is one -fail PATH:ERRCODE:N.
type failRule struct {
	path       string
	code, next int
}

// failRules collects the -fail flags.
type failRules []failRule

func (f *failRules) String() string {
	parts := make([]string, len(*f))
	for i, r := range *f {
		parts[i] = fmt.Sprintf("%s:%d:%d", r.path, r.code, r.next)
	}
	return strings.Join(parts, ",")
}

// Set parses PATH:ERRCODE:N: the next N calls to PATH (relative to
// /cgi-bin/, "*" for every path) answer ERRCODE, which may be negative.
func (f *failRules) Set(v string) error {
	i := strings.LastIndexByte(v, ':')
	j := -1
	if i > 0 {
		j = strings.LastIndexByte(v[:i], ':')
	}
	if j <= 0 {
		return errors.New("want PATH:ERRCODE:N, e.g. externalcontact/get:-1:2")
	}
	code, err := strconv.Atoi(v[j+1 : i])
	if err != nil || code == 0 {
		return fmt.Errorf("ERRCODE %q is not a non-zero integer", v[j+1:i])
	}
	n, err := strconv.Atoi(v[i+1:])
	if err != nil || n < 1 {
		return fmt.Errorf("N %q is not a positive integer", v[i+1:])
	}
	*f = append(*f, failRule{path: v[:j], code: code, next: n})
	return nil
}

// timeValue parses -start: RFC 3339 or Unix seconds.
type timeValue struct{ t *time.Time }

func (v timeValue) String() string {
	if v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.RFC3339)
}

func (v timeValue) Set(s string) error {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*v.t = time.Unix(n, 0).In(worktest.DefaultStart.Location())
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return errors.New("want RFC 3339 (2024-05-01T10:00:00+08:00) or Unix seconds")
	}
	*v.t = t
	return nil
}

const usage = `Usage: wecomsim [flags]

Serves a simulated WeCom 客户联系 API (package worktest) under /cgi-bin/ and
prints the credentials it accepts (corpid and secret for gettoken, the
provider_access_token and suite_access_token of the service/... endpoints)
and how to point the SDK, curl or another client at it. /control/ moves the
clock and simulates customers (see the printout). -dump prints the data as
a JSON fixture instead of serving it. -provider serves a service provider
(服务商) with one suite instead: its tickets and installs go to -callback,
/control/install has a corp install it.

Flags:
`

// parse reads wecomsim's flags.
func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("wecomsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.Int64Var(&o.seed, "seed", worktest.DefaultSeed, "seed of the generated data, corp id, secret and tokens")
	fs.IntVar(&o.members, "members", worktest.DefaultMembers, "members with 客户联系 enabled")
	fs.IntVar(&o.customers, "customers", worktest.DefaultCustomersPerMember, "customers per member")
	fs.IntVar(&o.chats, "groupchats", worktest.DefaultGroupChats, "customer group chats")
	fs.IntVar(&o.resign, "resigned", worktest.DefaultResignedMembers, "resigned members with unassigned customers")
	fs.StringVar(&o.data, "data", "", "load the data from this JSON `file` (the format -dump prints) instead of generating it")
	fs.StringVar(&o.data, "fixture", "", "the same as -data")
	fs.StringVar(&o.corpID, "corpid", "", "corp id gettoken accepts (default: derived from the seed)")
	fs.StringVar(&o.secret, "secret", "", "secret gettoken accepts (default: derived from the seed)")
	fs.IntVar(&o.pageSize, "page-size", worktest.DefaultFollowUserPageSize, "follow_user entries per externalcontact/get page")
	fs.BoolVar(&o.fresh, "fresh-tokens", false, "issue a new token on every gettoken")
	fs.BoolVar(&o.verbose, "v", false, "log every request to stderr")
	fs.BoolVar(&o.dump, "dump", false, "print the data as a JSON fixture and exit")

	fs.StringVar(&o.clock, "clock", "real", "the simulator clock: real (follows real time), frozen (moves only by /control/advance) "+
		"or scaled (-clock-rate times as fast as real time)")
	fs.Float64Var(&o.rate, "clock-rate", 60, "with -clock scaled: simulated seconds per real second")
	fs.Var(timeValue{&o.start}, "start", "the clock's start, RFC 3339 or Unix seconds (default: now for -clock real, "+
		worktest.DefaultStart.Format(time.RFC3339)+" otherwise)")
	frozen := fs.Bool("frozen", false, "the same as -clock frozen")
	fs.DurationVar(&o.tick, "tick", time.Second, "with a running clock, how often scheduled work (transfers, jobs) runs and "+
		"delivers its events when no request comes")

	fs.DurationVar(&o.latency, "latency", 0, "delay every answer by this `duration` (e.g. 200ms)")
	fs.Var(&o.fails, "fail", "make the next N calls to PATH answer ERRCODE, as `PATH:ERRCODE:N` (PATH relative to /cgi-bin/, * for all); repeatable")

	fs.StringVar(&o.callbackURL, "callback", "", "POST callback events, encrypted, to this `URL` (with -callback-token and -callback-aeskey)")
	fs.StringVar(&o.callbackToken, "callback-token", "", "the callback's Token (接收消息服务器配置)")
	fs.StringVar(&o.callbackKey, "callback-aeskey", "", "the callback's EncodingAESKey, 43 characters")

	fs.BoolVar(&o.provider, "provider", false, "serve a service provider (服务商) with one suite instead of one corp: the service/… "+
		"endpoints, the corps that install the suite, and the suite's 指令回调 (suite_ticket, create_auth) to -callback")
	fs.StringVar(&o.suiteID, "suite-id", "", "with -provider, the suite_id (default: derived from the seed)")
	fs.StringVar(&o.suiteSecret, "suite-secret", "", "with -provider, the suite_secret (default: derived from the seed)")
	fs.BoolVar(&o.customized, "customized", false, "with -provider, make the suite a 代开发 template")
	fs.StringVar(&o.install, "install", "", "with -provider, have the corp with this `CORPID` install the suite at start (create_auth)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *frozen {
		o.clock = "frozen"
	}
	switch o.clock {
	case "real", "frozen":
	case "scaled":
		if o.rate <= 0 {
			return nil, fmt.Errorf("-clock-rate %v must be positive", o.rate)
		}
	default:
		return nil, fmt.Errorf("-clock %q: want real, frozen or scaled", o.clock)
	}
	if o.tick <= 0 {
		return nil, fmt.Errorf("-tick %s must be positive", o.tick)
	}
	if o.latency < 0 {
		return nil, fmt.Errorf("-latency %s must not be negative", o.latency)
	}
	if o.callbackURL != "" {
		if u, err := url.Parse(o.callbackURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("-callback %q is not an absolute http(s) URL", o.callbackURL)
		}
		if o.callbackToken == "" || o.callbackKey == "" {
			return nil, errors.New("-callback needs -callback-token and -callback-aeskey")
		}
	} else if o.callbackToken != "" || o.callbackKey != "" {
		return nil, errors.New("-callback-token and -callback-aeskey need -callback")
	}
	if err := o.checkProvider(); err != nil {
		return nil, err
	}
	return o, nil
}

// checkProvider rejects the flags that do not fit the mode.
func (o *options) checkProvider() error {
	if !o.provider {
		switch {
		case o.suiteID != "":
			return errors.New("-suite-id needs -provider")
		case o.suiteSecret != "":
			return errors.New("-suite-secret needs -provider")
		case o.customized:
			return errors.New("-customized needs -provider")
		case o.install != "":
			return errors.New("-install needs -provider")
		}
		return nil
	}
	switch {
	case o.data != "":
		return errors.New("-provider generates each installed corp's data: -data does not apply")
	case o.dump:
		return errors.New("-provider and -dump do not go together")
	case o.corpID != "" || o.secret != "":
		return errors.New("-provider derives the provider's corp id and secret from -seed: -corpid and -secret do not apply")
	}
	return nil
}

// newClock makes the clock the options ask for.
func (o *options) newClock() *worktest.Clock {
	start := o.start
	switch o.clock {
	case "frozen":
		if start.IsZero() {
			start = worktest.DefaultStart
		}
		return worktest.NewClock(start)
	case "scaled":
		if start.IsZero() {
			start = worktest.DefaultStart
		}
		return worktest.NewScaledClock(start, o.rate)
	}
	c := worktest.NewWallClock()
	if !start.IsZero() {
		c.Set(start)
	}
	return c
}

// serverOptions turns the options into the simulator's.
func (o *options) serverOptions(stderr io.Writer) []worktest.Option {
	opts := o.commonOptions(stderr)
	if o.data != "" {
		opts = append(opts, worktest.WithFixture(o.data))
	}
	if o.corpID != "" || o.secret != "" {
		opts = append(opts, worktest.WithCorp(o.corpID, o.secret))
	}
	if o.callbackURL != "" {
		opts = append(opts, worktest.WithCallback(o.callbackURL, o.callbackToken, o.callbackKey))
	}
	return opts
}

// commonOptions are the simulator options of both modes: in -provider
// mode they configure the provider's own simulator and every installed
// corp's.
func (o *options) commonOptions(stderr io.Writer) []worktest.Option {
	opts := []worktest.Option{
		worktest.WithSeed(o.seed),
		worktest.WithMembers(o.members),
		worktest.WithCustomersPerMember(o.customers),
		worktest.WithGroupChats(o.chats),
		worktest.WithResignedMembers(o.resign),
		worktest.WithFollowUserPageSize(o.pageSize),
		worktest.WithClock(o.newClock()),
	}
	if o.fresh {
		opts = append(opts, worktest.WithFreshTokens())
	}
	if o.verbose {
		opts = append(opts, worktest.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	return opts
}

// applyFaults sets the -latency and -fail faults.
func (o *options) applyFaults(f *worktest.Faults) {
	if o.latency > 0 {
		f.Latency("*", o.latency)
	}
	for _, r := range o.fails {
		f.FailNext(r.path, r.next, r.code)
	}
}
