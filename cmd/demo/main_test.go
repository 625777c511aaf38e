package main

import (
	"bytes"
	"context"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/worktest"
)

var update = flag.Bool("update", false, "rewrite testdata/demo.golden with the demo's output")

const golden = "testdata/demo.golden"

// demoOutput runs the demo once and returns what it printed.
func demoOutput(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	return out.String()
}

// The output is stable (a seeded simulator on a frozen clock) and is
// checked line by line against the golden file; go test -update rewrites
// it after a deliberate change.
func TestDemoGolden(t *testing.T) {
	got := demoOutput(t)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./cmd/demo -update to create it")
	require.Equal(t, string(want), got, "the demo's output changed: if that is intended, go test ./cmd/demo -update")
	// A second run prints the same, byte for byte.
	require.Equal(t, got, demoOutput(t), "the demo's output is not deterministic")
}

var (
	headingRE = regexp.MustCompile(`(?m)^(\d+)\. (.*) — `)
	// app.Service().Method( and sim.Group().Method( chains.
	chainRE = regexp.MustCompile(`\b(app|sim)\.([A-Z]\w*)\(\)\.([A-Z]\w*)\(`)
	// sim.Method( and h.Method( on the Server and the callback handler.
	directRE = regexp.MustCompile(`\b(sim|h)\.([A-Z]\w*)\(`)
	// package.Identifier, e.g. contactway.CreateRequest.
	qualifiedRE = regexp.MustCompile(`\b([a-z]+)\.([A-Z]\w*)`)
)

// Seven numbered steps, in order, each heading naming a call of the SDK
// (app.…) or, marked [simulator], a back door (sim.…).
func TestDemoStepsNameTheirCall(t *testing.T) {
	out := demoOutput(t)
	headings := headingRE.FindAllStringSubmatch(out, -1)
	require.Len(t, headings, 7)
	for i, h := range headings {
		assert.Equal(t, strconv.Itoa(i+1), h[1])
		call := h[2]
		switch {
		case strings.HasPrefix(call, "app."):
		case strings.HasPrefix(call, "[simulator] sim."):
		default:
			t.Errorf("step %s names no call: %q", h[1], call)
		}
		assert.Regexp(t, chainRE, call, "step %s", h[1])
	}
	// Every back door is shown as one: a line calling sim.… carries the
	// mark before the call.
	marked := 0
	for _, line := range strings.Split(out, "\n") {
		for _, loc := range directRE.FindAllStringSubmatchIndex(line, -1) {
			if line[loc[2]:loc[3]] != "sim" {
				continue
			}
			assert.Contains(t, line[:loc[0]], "[simulator]", "a back door not shown as one: %q", line)
			marked++
		}
	}
	assert.GreaterOrEqual(t, marked, 8, "back doors in the output")
}

// Every method the output names exists: app.Service().Method on *work.App,
// sim.Group().Method and sim.Method on *worktest.Server, h.Method on
// *callback.Handler; and every package-qualified name it shows
// (contactway.CreateRequest, message.ErrWelcomeCodeUsed …) is one the
// demo's code uses, so it compiles.
func TestDemoNamesOnlyRealCalls(t *testing.T) {
	out := demoOutput(t)
	roots := map[string]reflect.Type{
		"app": reflect.TypeOf((*work.App)(nil)),
		"sim": reflect.TypeOf((*worktest.Server)(nil)),
		"h":   reflect.TypeOf((*callback.Handler)(nil)),
	}
	checked := 0
	for _, m := range chainRE.FindAllStringSubmatch(out, -1) {
		acc, ok := roots[m[1]].MethodByName(m[2])
		if !assert.True(t, ok, "%s.%s() does not exist", m[1], m[2]) {
			continue
		}
		require.Equal(t, 1, acc.Type.NumOut(), "%s.%s()", m[1], m[2])
		_, ok = acc.Type.Out(0).MethodByName(m[3])
		assert.True(t, ok, "%s.%s().%s does not exist", m[1], m[2], m[3])
		checked++
	}
	for _, m := range directRE.FindAllStringSubmatch(out, -1) {
		_, ok := roots[m[1]].MethodByName(m[2])
		assert.True(t, ok, "%s.%s does not exist", m[1], m[2])
		checked++
	}
	assert.GreaterOrEqual(t, checked, 25, "calls named in the output")

	used := qualifiedNamesUsed(t)
	qualified := 0
	for _, m := range qualifiedRE.FindAllStringSubmatch(out, -1) {
		if _, isPkg := used[m[1]]; !isPkg {
			continue // not a package the demo imports (e.g. a host name)
		}
		assert.True(t, used[m[1]][m[2]], "the output names %s.%s, which the demo's code does not use", m[1], m[2])
		qualified++
	}
	assert.GreaterOrEqual(t, qualified, 15, "package-qualified names in the output")
}

// qualifiedNamesUsed parses the demo's source and returns, per imported
// package name, the identifiers the code selects from it.
func qualifiedNamesUsed(t *testing.T) map[string]map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	used := map[string]map[string]bool{}
	for _, name := range []string{"main.go", "steps.go"} {
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if used[filepath.Base(p)] == nil {
				used[filepath.Base(p)] = map[string]bool{}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && used[id.Name] != nil {
					used[id.Name][sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	return used
}

// Each SDK call the output names is followed by the WeCom endpoints it
// reached, and those are endpoints of that service's package (gettoken
// aside): the line cannot name one service while another did the work.
func TestDemoCallsReachTheirService(t *testing.T) {
	endpoints := map[string][]core.Endpoint{
		"ContactWay":             contactway.Endpoints(),
		"ExternalContact":        externalcontact.Endpoints(),
		"ExternalContactMessage": message.Endpoints(),
		"Media":                  media.Endpoints(),
		"Moment":                 moment.Endpoints(),
		"Statistics":             statistics.Endpoints(),
	}
	lines := strings.Split(demoOutput(t), "\n")
	wireRE := regexp.MustCompile(`^     ((?:GET|POST) [^→]+) → `)
	callRE := regexp.MustCompile(`^   app\.([A-Z]\w*)\(\)\.`)
	calls := 0
	for i, line := range lines {
		m := callRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		calls++
		eps, ok := endpoints[m[1]]
		require.True(t, ok, "app.%s(): add its package's Endpoints to this test", m[1])
		require.Less(t, i+1, len(lines), line)
		w := wireRE.FindStringSubmatch(lines[i+1])
		require.NotNil(t, w, "no endpoints after %q: %q", line, lines[i+1])
		for _, req := range strings.Split(w[1], ", ") {
			method, path, _ := strings.Cut(strings.TrimSpace(req), " ")
			path, _, _ = strings.Cut(path, " ×")
			if path == "gettoken" {
				continue
			}
			found := false
			for _, ep := range eps {
				found = found || (ep.Path == path && ep.Method == method)
			}
			assert.True(t, found, "%q reached %s %s, which is not an endpoint of app.%s()", line, method, path, m[1])
		}
	}
	assert.GreaterOrEqual(t, calls, 14, "SDK calls in the output")
}

// The opening lines tell what is real and what is a back door.
func TestDemoSaysWhatIsReal(t *testing.T) {
	out := demoOutput(t)
	intro, _, _ := strings.Cut(out, "\n1. ")
	for _, want := range []string{
		"only the work.Config differs",
		"back doors of package worktest",
		"Real WeCom has no such calls",
		"No credentials, no network",
	} {
		assert.Contains(t, strings.Join(strings.Fields(intro), " "), want)
	}
}
