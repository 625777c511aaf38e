package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
)

// env is what a run sees of the process: tests pass their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	stderrTTY      bool       // stderr is a terminal: draw a progress bar
	width          func() int // the terminal's width in columns, 0 unknown
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // a call failed
	exitUsage = 2 // a bad command line
)

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// errHelpShown ends a run whose --help was printed.
var errHelpShown = errors.New("help shown")

// command is one leaf command ("customers export").
type command struct {
	summary string
	run     func(c *cli, args []string) error
}

// groups lists the commands by group; a group's own name maps to nothing.
var groups = map[string]map[string]command{
	"customers": {
		"export": {"stream every (customer, member) pair as JSON lines or CSV", (*cli).customersExport},
		"get":    {"print one customer with the members who added them", (*cli).customersGet},
	},
	"tags": {
		"list": {"list the corp's customer tags", (*cli).tagsList},
		"add":  {"create tags in a group", (*cli).tagsAdd},
		"mark": {"put tags on a customer or take them off", (*cli).tagsMark},
	},
	"ways": {
		"create": {"create a 「联系我」 contact way", (*cli).waysCreate},
		"list":   {"list the contact ways", (*cli).waysList},
		"get":    {"print one contact way", (*cli).waysGet},
		"delete": {"delete a contact way", (*cli).waysDelete},
	},
	"groupchats": {
		"list": {"list the customer group chats", (*cli).groupChatsList},
	},
	"events": {
		"serve": {"receive callback events and print them as JSON lines", (*cli).eventsServe},
	},
	"raw": {
		"get":  {"call a GET endpoint and print the answer", (*cli).rawGet},
		"post": {"call a POST endpoint with a JSON body and print the answer", (*cli).rawPost},
	},
}

var groupSummaries = map[string]string{
	"customers":  "customers (客户)",
	"tags":       "corp customer tags (企业客户标签)",
	"ways":       "「联系我」 contact ways",
	"groupchats": "customer group chats (客户群)",
	"events":     "callback events (回调)",
	"raw":        "any endpoint, with the token handled",
}

// cli is one run.
type cli struct {
	*env
	ctx context.Context
	g   globals
	app *work.App
}

// globals are the flags every command takes.
type globals struct {
	corpID, secret, agentID, baseURL string
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.corpID, "corp-id", "", "corp id (企业ID) (env WECOM_CORP_ID)")
	fs.StringVar(&g.secret, "secret", "", "app secret, e.g. the 客户联系 secret; never printed (env WECOM_SECRET)")
	fs.StringVar(&g.agentID, "agent-id", "", "app agent id, optional (env WECOM_AGENT_ID)")
	fs.StringVar(&g.baseURL, "base-url", "", "API host (env WECOM_BASE_URL; default https://qyapi.weixin.qq.com)")
}

// merge takes the flags set in o over g.
func (g *globals) merge(o globals) {
	if o.corpID != "" {
		g.corpID = o.corpID
	}
	if o.secret != "" {
		g.secret = o.secret
	}
	if o.agentID != "" {
		g.agentID = o.agentID
	}
	if o.baseURL != "" {
		g.baseURL = o.baseURL
	}
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	c := &cli{env: e, ctx: ctx}
	err := c.dispatch(args)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelpShown):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintln(e.stderr, "wecom: "+oneLine(ue.msg))
		return exitUsage
	case errors.Is(err, core.ErrInvalidArgument):
		// Caught before anything was sent: a bad argument.
		fmt.Fprintln(e.stderr, oneLine(err.Error()))
		return exitUsage
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, "wecom: ") {
			msg = "wecom: " + msg
		}
		fmt.Fprintln(e.stderr, oneLine(msg))
		return exitError
	}
}

// oneLine keeps an error on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func (c *cli) dispatch(args []string) error {
	top := flag.NewFlagSet("wecom", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	c.g.register(top)
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.topUsage()
			return errHelpShown
		}
		return usagef("%v (see wecom --help)", err)
	}
	rest := top.Args()
	if len(rest) == 0 {
		c.topUsage()
		return usagef("missing command (see wecom --help)")
	}
	if rest[0] == "help" {
		c.topUsage()
		return errHelpShown
	}
	grp, ok := groups[rest[0]]
	if !ok {
		return usagef("unknown command %q (see wecom --help)", rest[0])
	}
	if len(rest) < 2 || rest[1] == "-h" || rest[1] == "--help" || rest[1] == "help" {
		c.groupUsage(rest[0])
		if len(rest) < 2 {
			return usagef("%s: missing subcommand: %s", rest[0], strings.Join(names(grp), ", "))
		}
		return errHelpShown
	}
	cmd, ok := grp[rest[1]]
	if !ok {
		return usagef("%s: unknown subcommand %q: %s", rest[0], rest[1], strings.Join(names(grp), ", "))
	}
	return cmd.run(c, rest[2:])
}

func names(grp map[string]command) []string {
	out := make([]string, 0, len(grp))
	for n := range grp {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func sortedGroups() []string {
	out := make([]string, 0, len(groups))
	for n := range groups {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (c *cli) topUsage() {
	w := c.stdout
	fmt.Fprint(w, `Usage: wecom [global flags] <command> <subcommand> [flags] [args]

wecom calls WeCom's 客户联系 (customer contact) API.

Commands:
`)
	for _, g := range sortedGroups() {
		fmt.Fprintf(w, "  %-11s %s: %s\n", g, groupSummaries[g], strings.Join(names(groups[g]), ", "))
	}
	fmt.Fprint(w, `
Global flags (also accepted after the command):
`)
	fs := flag.NewFlagSet("wecom", flag.ContinueOnError)
	var g globals
	g.register(fs)
	printFlags(w, fs)
	fmt.Fprint(w, `
Run "wecom <command> <subcommand> --help" for a command's flags.
Against the simulator: go run ./cmd/wecomsim prints the WECOM_* values to use.
`)
}

func (c *cli) groupUsage(name string) {
	fmt.Fprintf(c.stdout, "Usage: wecom %s <subcommand> [flags] [args]\n\n%s.\n\nSubcommands:\n", name, groupSummaries[name])
	for _, n := range names(groups[name]) {
		fmt.Fprintf(c.stdout, "  %-7s %s\n", n, groups[name][n].summary)
	}
}

// flagSet returns a command's flag set, with the global flags.
type flagSet struct {
	*flag.FlagSet
	c     *cli
	usage string // "customers export [flags]"
	about string
	g     globals
}

func (c *cli) newFlagSet(usage, about string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("wecom "+usage, flag.ContinueOnError), c: c, usage: usage, about: about}
	fs.SetOutput(io.Discard)
	fs.g.register(fs.FlagSet)
	return fs
}

// parse parses args; on --help it prints the usage and returns
// errHelpShown.
func (fs *flagSet) parse(args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.printUsage()
			return errHelpShown
		}
		return usagef("%s: %v (see wecom %s --help)", fs.cmdName(), err, fs.cmdName())
	}
	fs.c.g.merge(fs.g)
	return nil
}

// cmdName is the usage up to the first flag or argument.
func (fs *flagSet) cmdName() string {
	f := strings.Fields(fs.usage)
	if len(f) >= 2 {
		return f[0] + " " + f[1]
	}
	return fs.usage
}

func (fs *flagSet) printUsage() {
	w := fs.c.stdout
	fmt.Fprintf(w, "Usage: wecom %s\n\n%s\n\nFlags:\n", fs.usage, fs.about)
	own := flag.NewFlagSet("", flag.ContinueOnError)
	global := map[string]bool{"corp-id": true, "secret": true, "agent-id": true, "base-url": true}
	fs.VisitAll(func(f *flag.Flag) {
		if !global[f.Name] {
			own.Var(f.Value, f.Name, f.Usage)
			own.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	printFlags(w, own)
	fmt.Fprint(w, "\nGlobal flags: --corp-id, --secret, --agent-id, --base-url (see wecom --help).\n")
}

// printFlags lists the flags of fs, one per line, with their defaults.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if name != "" {
			arg += " " + name
		}
		line := fmt.Sprintf("  %-26s %s", arg, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			line += " (default " + f.DefValue + ")"
		}
		fmt.Fprintln(w, line)
	})
}

// nargs checks the number of positional arguments.
func (fs *flagSet) nargs(min, max int) ([]string, error) {
	a := fs.Args()
	if len(a) < min || (max >= 0 && len(a) > max) {
		return nil, usagef("%s: want %s (see wecom %s --help)", fs.cmdName(), argsWanted(fs.usage), fs.cmdName())
	}
	return a, nil
}

// argsWanted is the positional part of a usage line.
func argsWanted(usage string) string {
	var out []string
	for _, f := range strings.Fields(usage)[2:] {
		if f != "[flags]" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return "no arguments"
	}
	return strings.Join(out, " ")
}

// client returns the App built from the flags and the environment.
func (c *cli) client() (*work.App, error) {
	if c.app != nil {
		return c.app, nil
	}
	pick := func(flagValue, envName string) string {
		if flagValue != "" {
			return flagValue
		}
		return strings.TrimSpace(c.getenv(envName))
	}
	cfg := work.Config{
		CorpID:  pick(c.g.corpID, "WECOM_CORP_ID"),
		Secret:  pick(c.g.secret, "WECOM_SECRET"),
		BaseURL: pick(c.g.baseURL, "WECOM_BASE_URL"),
	}
	switch {
	case cfg.CorpID == "":
		return nil, usagef("no corp id: set --corp-id or WECOM_CORP_ID")
	case cfg.Secret == "":
		return nil, usagef("no secret: set --secret or WECOM_SECRET")
	}
	if s := pick(c.g.agentID, "WECOM_AGENT_ID"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 0 {
			return nil, usagef("agent id %q is not a number", s)
		}
		cfg.AgentID = id
	}
	app, err := work.New(cfg)
	if err != nil {
		return nil, err
	}
	c.app = app
	return app, nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// withID runs a command that takes exactly one id: it parses the flags,
// checks the argument, builds the App and calls do with both.
func (c *cli) withID(args []string, usage, help string, do func(app *work.App, id string) error) error {
	fs := c.newFlagSet(usage, help)
	if err := fs.parse(args); err != nil {
		return err
	}
	a, err := fs.nargs(1, 1)
	if err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	return do(app, a[0])
}
