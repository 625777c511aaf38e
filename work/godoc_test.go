package work_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// Checks on the Go documentation itself: every exported name has a doc
// comment, each service method's comment gives the facts of its endpoint
// in a few lines, and each package's doc.go lists its runnable examples.

type parsedFunc struct {
	name, recv string // recv is the receiver's type name, "" for a function
	doc        *ast.CommentGroup
	output     bool // an Example with an output comment
	decl       *ast.FuncDecl
}

type parsedFile struct {
	name  string
	ast   *ast.File
	funcs []parsedFunc
}

type parsedPkg struct {
	files []parsedFile
}

var (
	parseMu    sync.Mutex
	parseCache = map[string]parsedPkg{}
)

// parseDir parses a directory (relative to the repository) with comments:
// its test files when tests is set, its other files otherwise.
func parseDir(t *testing.T, dir string, tests bool) parsedPkg {
	t.Helper()
	key := dir + "|" + map[bool]string{true: "test", false: "src"}[tests]
	parseMu.Lock()
	defer parseMu.Unlock()
	if p, ok := parseCache[key]; ok {
		return p
	}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join("..", dir), func(fi os.FileInfo) bool {
		return strings.HasSuffix(fi.Name(), "_test.go") == tests
	}, parser.ParseComments)
	require.NoError(t, err)
	var out parsedPkg
	for _, pkg := range pkgs {
		for name, f := range pkg.Files {
			pf := parsedFile{name: filepath.Base(name), ast: f}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				fn := parsedFunc{name: fd.Name.Name, doc: fd.Doc, decl: fd}
				if fd.Recv != nil && len(fd.Recv.List) == 1 {
					fn.recv = recvName(fd.Recv.List[0].Type)
				}
				if fd.Body != nil {
					for _, cg := range f.Comments {
						if cg.Pos() > fd.Body.Lbrace && cg.End() < fd.Body.Rbrace {
							txt := strings.TrimSpace(cg.Text())
							if strings.HasPrefix(txt, "Output:") || strings.HasPrefix(txt, "Unordered output:") {
								fn.output = true
							}
						}
					}
				}
				pf.funcs = append(pf.funcs, fn)
			}
			out.files = append(out.files, pf)
		}
	}
	sort.Slice(out.files, func(i, j int) bool { return out.files[i].name < out.files[j].name })
	parseCache[key] = out
	return out
}

func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return "?"
}

func docText(cg *ast.CommentGroup) string {
	if cg == nil {
		return ""
	}
	return cg.Text()
}

// libraryDirs are the packages users import: every package under work/ and
// the modules of their own, commands and internal packages aside.
func libraryDirs(t *testing.T) []string {
	var out []string
	for _, d := range exampleDirs(t) {
		if strings.Contains(d, "/internal") || strings.HasPrefix(d, "cmd/") {
			continue
		}
		if len(parseDir(t, d, false).files) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// TestExportedNamesHaveDocComments: every exported function, method (of an
// exported type), type, constant and variable of the library has a doc
// comment (a grouped constant or variable may share its group's).
func TestExportedNamesHaveDocComments(t *testing.T) {
	checked := 0
	for _, dir := range libraryDirs(t) {
		for _, f := range parseDir(t, dir, false).files {
			where := dir + "/" + f.name
			for _, d := range f.ast.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					name := d.Name.Name
					if !ast.IsExported(name) {
						continue
					}
					if d.Recv != nil {
						r := recvName(d.Recv.List[0].Type)
						if !ast.IsExported(r) {
							continue
						}
						name = r + "." + name
					}
					checked++
					assert.NotNil(t, d.Doc, "%s: %s has no doc comment", where, name)
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								checked++
								assert.True(t, s.Doc != nil || d.Doc != nil, "%s: type %s has no doc comment", where, s.Name.Name)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									checked++
									assert.True(t, s.Doc != nil || s.Comment != nil || d.Doc != nil, "%s: %s has no doc comment", where, n.Name)
								}
							}
						}
					}
				}
			}
		}
	}
	assert.Greater(t, checked, 500, "exported names checked")
}

// maxMethodDocLines bounds a service method's doc comment: what the call
// does, its WeCom path and doc page, its EasyWeChat and WxJava names.
// Blank lines and a Deprecated paragraph are not counted; the longer story
// goes into the package doc, the endpoint's Meta.Note (the porting guide)
// or docs/services.
const maxMethodDocLines = 5

// countDocLines counts a comment's lines of text, up to a Deprecated
// paragraph; code (indented lines) is not counted.
func countDocLines(doc string) int {
	n := 0
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(l, "\t") {
			continue
		}
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Deprecated:") {
			break
		}
		if l != "" {
			n++
		}
	}
	return n
}

var javaName = regexp.MustCompile(`^[A-Za-z0-9_.]+`)

// TestServiceMethodComments checks the doc comment of every method that
// calls an endpoint directly, in each package of portedServices: it names
// the path, links the doc page, gives the EasyWeChat and WxJava names,
// and stays short.
func TestServiceMethodComments(t *testing.T) {
	checked, sends := 0, 0
	for _, s := range portedServices() {
		byPath := map[string]core.Endpoint{}
		for _, ep := range s.endpoints {
			byPath[ep.Path] = ep
		}
		pkg := parseDir(t, s.dir, false)
		vars := map[string]core.Endpoint{} // endpoint variable → endpoint
		for _, f := range pkg.files {
			for _, d := range f.ast.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok {
					continue
				}
				for _, spec := range gd.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if p := declaredPath(vs.Values[i]); p != "" {
								vars[n.Name] = byPath[p]
							}
						}
					}
				}
			}
		}
		for _, f := range pkg.files {
			for _, fn := range f.funcs {
				if _, ok := s.accessors[fn.recv]; !ok || !ast.IsExported(fn.name) || fn.decl.Body == nil {
					continue
				}
				where := s.dir + "/" + f.name + ": " + fn.recv + "." + fn.name
				doc := docText(fn.doc)
				checked++
				if n := countDocLines(doc); n > maxMethodDocLines {
					t.Errorf("%s: doc comment has %d lines, at most %d: move the rest to the package doc or Meta.Note", where, n, maxMethodDocLines)
				}
				uses := sentEndpoints(fn.decl.Body, vars)
				if len(uses) == 0 {
					continue
				}
				sends++
				flat := strings.Join(strings.Fields(doc), " ")
				for _, ep := range uses {
					assert.Contains(t, flat, ep.Path, "%s: the doc comment names the WeCom path", where)
					if ep.Doc != "" {
						assert.Contains(t, flat, "document/path/"+ep.Doc, "%s: the doc comment links the doc page", where)
					}
				}
				assert.Contains(t, flat, "EasyWeChat", "%s: the doc comment gives the EasyWeChat name (or none)", where)
				assert.Contains(t, flat, "WxJava", "%s: the doc comment gives the WxJava name (or none)", where)
				if len(uses) == 1 {
					for _, ep := range uses {
						if ep.WxJava != "" {
							assert.Contains(t, flat, javaName.FindString(ep.WxJava), "%s: the doc comment names WxJava's %s", where, ep.WxJava)
						}
					}
				}
			}
		}
	}
	assert.Greater(t, checked, 100, "service methods checked")
	assert.Greater(t, sends, 60, "service methods that send a request checked")
}

// sentEndpoints returns the endpoints a function body sends itself: those
// passed to core.Send, Get, Exec or Upload, or to a Call method.
func sentEndpoints(body *ast.BlockStmt, vars map[string]core.Endpoint) map[string]core.Endpoint {
	uses := map[string]core.Endpoint{}
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fun := call.Fun
		switch x := fun.(type) {
		case *ast.IndexExpr:
			fun = x.X
		case *ast.IndexListExpr:
			fun = x.X
		}
		sel, ok := fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, _ := sel.X.(*ast.Ident)
		sends := sel.Sel.Name == "Call"
		if pkg != nil && pkg.Name == "core" {
			switch sel.Sel.Name {
			case "Send", "Get", "Exec", "Upload":
				sends = true
			}
		}
		if sends {
			for _, a := range call.Args {
				if id, ok := a.(*ast.Ident); ok {
					if ep, ok := vars[id.Name]; ok {
						uses[ep.Path] = ep
					}
				}
			}
		}
		return true
	})
	return uses
}

// TestPackageDocsListExamples: a package with runnable examples lists them
// in a "# Examples" section of its doc.go, with the command that runs them.
func TestPackageDocsListExamples(t *testing.T) {
	checked := 0
	for _, dir := range exampleDirs(t) {
		var names []string
		for _, e := range examplesIn(t, dir) {
			if e.runnable {
				names = append(names, e.name)
			}
		}
		if len(names) == 0 {
			continue
		}
		var doc string
		for _, f := range parseDir(t, dir, false).files {
			if f.name == "doc.go" {
				doc = docText(f.ast.Doc)
			}
		}
		if doc == "" {
			t.Errorf("%s: it has runnable examples but no doc.go with a package comment", dir)
			continue
		}
		_, section, ok := strings.Cut(doc, "\n# Examples\n")
		if !assert.True(t, ok, "%s/doc.go: no # Examples section", dir) {
			continue
		}
		if i := strings.Index(section, "\n# "); i >= 0 {
			section = section[:i]
		}
		for _, n := range names {
			checked++
			assert.Regexp(t, `\b`+n+`\b`, section, "%s/doc.go: # Examples does not list %s", dir, n)
		}
		assert.Contains(t, section, "go test", "%s/doc.go: # Examples says how to run them", dir)
	}
	assert.Greater(t, checked, 30, "examples listed")
}

// TestCallbackEventDocs: each event type of package callback is documented
// as "XEvent is <event> (<WeCom's Chinese name>): …".
func TestCallbackEventDocs(t *testing.T) {
	checked := 0
	for _, f := range parseDir(t, "work/callback", false).files {
		for _, d := range f.ast.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				name := ts.Name.Name
				if !ast.IsExported(name) || !strings.HasSuffix(name, "Event") || name == "RawEvent" {
					continue
				}
				checked++
				doc := docText(ts.Doc)
				if ts.Doc == nil && len(gd.Specs) == 1 {
					doc = docText(gd.Doc)
				}
				assert.True(t, strings.HasPrefix(doc, name+" is "), "work/callback/%s: %s's doc reads %q, not %q", f.name, name, firstSentence(doc), name+" is …")
			}
		}
	}
	assert.Greater(t, checked, 15, "event types checked")
}
