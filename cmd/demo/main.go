// Command demo follows one customer through 客户联系 (external contact),
// against the embedded WeCom simulator (package worktest): no credentials,
// and no network beyond 127.0.0.1.
//
//	go run ./cmd/demo   (or: make demo)
//
// The story: a 「联系我」 channel QR code → a customer scans it and adds a
// member → the callback handler sends the welcome message → the customer
// is tagged → a mass message to a tag's customers → a moment for their
// 朋友圈 → the day's statistics. Each step names the Go call it makes and
// the WeCom endpoints that call reached.
//
// Two kinds of calls appear. app.… calls are the SDK: the same code runs
// against the real WeCom, where only the work.Config differs (the corp id
// and secret; BaseURL and Now left at their defaults). sim.… calls, printed
// "[simulator]", are back doors of package worktest standing in for what
// people and time do in WeCom (a customer scanning, a member confirming in
// the WeCom app, a day passing); real WeCom has no such calls.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/worktest"
)

// The member whose channel the story follows, and the channel's state.
const (
	member       = "zhangsan"
	channelState = "spring-poster"
)

// The app's callback settings (接收事件服务器), example values, not secrets.
const (
	callbackToken  = "demoCallbackToken"
	callbackAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// beijing is the time zone WeCom's days are counted in (UTC+8).
var beijing = time.FixedZone("CST", 8*3600)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// demo is the story's state: the simulator, the App on it, and what
// earlier steps found out.
type demo struct {
	ctx context.Context
	out io.Writer
	sim *worktest.Server
	app *work.App

	// shown is how many of the simulator's logged requests have been
	// printed (see wire).
	shown int
	// welcomed receives the callback's welcome outcome.
	welcomed chan welcome

	configID   string   // the 「联系我」 way (step 1)
	customer   string   // the customer's external_userid (step 2)
	name       string   // the customer's name (step 4)
	campaignID string   // the tag 春季活动/海报客户 (step 4)
	prospectID string   // the seeded tag 客户等级/潜在客户 (step 4)
	steps      []string // the headings printed, in order
}

// welcome is what the callback handler did with an add_external_contact
// event.
type welcome struct {
	event *callback.AddExternalContactEvent
	err   error
}

func run(ctx context.Context, out io.Writer) error {
	sim := worktest.NewServer(worktest.WithSeed(42))
	defer sim.Close()

	var cfg work.Config = sim.Config()
	// The statistics' "last 180 days" and the token expiry follow the
	// simulator's clock, which this story moves. Against WeCom, Now is left
	// nil (time.Now) and BaseURL empty, with the corp's id and secret.
	cfg.Now = sim.Clock().Now
	app, err := work.New(cfg)
	if err != nil {
		return err
	}
	d := &demo{ctx: ctx, out: out, sim: sim, app: app, welcomed: make(chan welcome, 1)}
	d.intro()

	stop, err := d.serveCallback()
	if err != nil {
		return err
	}
	defer stop()

	for _, step := range []func() error{
		d.createChannel, // 1
		d.scan,          // 2
		d.sendWelcome,   // 3
		d.tag,           // 4
		d.massMessage,   // 5
		d.moment,        // 6
		d.statistics,    // 7
	} {
		if err := step(); err != nil {
			return fmt.Errorf("step %d: %w", len(d.steps), err)
		}
	}
	d.outro()
	return nil
}

func (d *demo) intro() {
	d.printf(`wecom demo: one customer's way through 客户联系 (external contact).

Each numbered step names the Go call it makes. The app.… calls (and the
callback handler h) are the SDK: the same code runs against the real WeCom,
where only the work.Config differs (your corp id and secret instead of the
simulator's). Each call is followed by the WeCom endpoints it reached, as
the simulator logged them, and what came back. Lines marked [simulator] are
back doors of package worktest, which plays WeCom here: they stand in for
what people and time do there (a customer scanning a QR code, a member
confirming in the WeCom app, a day passing). Real WeCom has no such calls.
No credentials, no network: the simulator listens on 127.0.0.1.

[simulator] worktest.NewServer(worktest.WithSeed(42)): corp %s, clock %s, frozen
[simulator] cfg := sim.Config(); cfg.Now = sim.Clock().Now: the simulator's URL, corp id and secret, its clock
   app, err := work.New(cfg)
`, d.sim.CorpID, stamp(d.sim.Clock().Now()))
}

// serveCallback serves the app's callback URL with a callback.Handler and
// points the simulator at it, as the admin console's 接收事件服务器 setting
// does.
func (d *demo) serveCallback() (stop func(), err error) {
	h, err := callback.New(callback.Config{Token: callbackToken, EncodingAESKey: callbackAESKey, ReceiverIDs: []string{d.sim.CorpID}})
	if err != nil {
		return nil, err
	}
	h.OnAddExternalContact(d.onAddExternalContact)
	srv := httptest.NewServer(h)
	if err := d.sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: callbackToken, EncodingAESKey: callbackAESKey}); err != nil {
		srv.Close()
		return nil, err
	}
	if err := d.sim.VerifyCallbackURL(d.ctx); err != nil {
		srv.Close()
		return nil, err
	}
	d.printf("   h, err := callback.New(callback.Config{Token, EncodingAESKey, ReceiverIDs: {corp id}}), served on the callback URL\n")
	d.printf("   h.OnAddExternalContact(fn) → fn sends the welcome message (step 3)\n")
	d.simulator("sim.SetCallback(worktest.CallbackConfig{URL, Token, EncodingAESKey}) + sim.VerifyCallbackURL(ctx)",
		"the admin saves the callback URL in the console; WeCom verifies it (echostr)")
	return srv.Close, nil
}

func (d *demo) outro() {
	d.printf("\n")
	d.simulator("sim.Count(\"*\"), sim.Count(\"gettoken\")", fmt.Sprintf("%d API calls, %d of them gettoken: the App caches the token (valid 2 hours) and fetched a new one once the day had passed",
		d.sim.Count("*"), d.sim.Count("gettoken")))
	d.printf("Against WeCom: work.New(work.Config{CorpID: …, Secret: …}) and the same app.… calls, without the sim.… back doors.\n")
}

// step prints a numbered heading naming the step's Go call.
func (d *demo) step(call, what string) {
	d.steps = append(d.steps, call)
	d.printf("\n%d. %s — %s\n", len(d.steps), call, what)
}

// sdk prints an SDK call, the WeCom endpoints it reached and its result.
func (d *demo) sdk(call, format string, args ...any) {
	d.printf("   %s\n     %s → %s\n", call, d.wire(), fmt.Sprintf(format, args...))
}

// simulator prints a back door of the simulator and what it stands for.
func (d *demo) simulator(call, what string) {
	d.printf("   [simulator] %s: %s\n", call, what)
}

// wire lists the requests the simulator received since the last call to
// wire, e.g. "GET gettoken, POST externalcontact/add_contact_way", with
// repeats of one request counted ("×3").
func (d *demo) wire() string {
	reqs := d.sim.Requests()
	var parts []string
	for i := min(d.shown, len(reqs)); i < len(reqs); {
		s, n := reqs[i].Method+" "+reqs[i].Path, 1
		for i+n < len(reqs) && reqs[i+n].Method == reqs[i].Method && reqs[i+n].Path == reqs[i].Path {
			n++
		}
		if n > 1 {
			s += fmt.Sprintf(" ×%d", n)
		}
		parts = append(parts, s)
		i += n
	}
	d.shown = len(reqs)
	if len(parts) == 0 {
		return "no request"
	}
	return strings.Join(parts, ", ")
}

func (d *demo) printf(format string, args ...any) { fmt.Fprintf(d.out, format, args...) }

// stamp formats a time as WeCom's console shows it, in Beijing time.
func stamp(t time.Time) string { return t.In(beijing).Format("2006-01-02 15:04:05 MST") }
