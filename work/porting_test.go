package work_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/groupwelcome"
	"github.com/wecomkit/wecom/work/intercept"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/product"
	"github.com/wecomkit/wecom/work/provider"
	"github.com/wecomkit/wecom/work/school"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/strategy"
)

var updatePorting = flag.Bool("update-porting", false, "rewrite docs/PORTING.md")

// portedService is one service package as the porting guide shows it.
type portedService struct {
	title     string            // section title
	ewKey     string            // EasyWeChat's client key ($app->external_contact), "" when it has none
	dir       string            // package directory, relative to the repository
	accessors map[string]string // receiver type → how a user reaches it
	endpoints []core.Endpoint
	// calls names, per path, the Go calls that reach an endpoint no
	// method calls by itself (the token calls, made by token sources),
	// instead of the methods found in the source.
	calls map[string][]string
}

// portedServices lists every service package. A new service is one entry.
func portedServices() []portedService {
	return []portedService{
		{"客户联系 customers, tags, transfers, group chats, ID conversions", "external_contact", "work/externalcontact",
			map[string]string{"Client": "app.ExternalContact()"}, externalcontact.Endpoints(), nil},
		{"「联系我」 contact ways and 「加入群聊」 join ways", "", "work/contactway",
			map[string]string{"Client": "app.ContactWay()", "GroupChatWayClient": "app.GroupChatWay()"}, contactway.Endpoints(), nil},
		{"数据统计 statistics", "external_contact_statistics", "work/statistics",
			map[string]string{"Client": "app.Statistics()"}, statistics.Endpoints(), nil},
		{"客户朋友圈 moments", "external_contact_moment", "work/moment",
			map[string]string{"Client": "app.Moment()"}, moment.Endpoints(), nil},
		{"企业群发 mass messages and 新客户欢迎语 welcome messages", "external_contact_message", "work/message",
			map[string]string{"Client": "app.ExternalContactMessage()"}, message.Endpoints(), nil},
		{"入群欢迎语素材 group welcome templates", "group_welcome_template", "work/groupwelcome",
			map[string]string{"Client": "app.GroupWelcomeTemplate()"}, groupwelcome.Endpoints(), nil},
		{"素材管理 media uploads", "media", "work/media",
			map[string]string{"Client": "app.Media()"}, media.Endpoints(), nil},
		{"服务商 service providers (`p, _ := provider.New(cfg)`; `suite, _ := p.NewSuite(scfg)`)", "", "work/provider",
			map[string]string{"Provider": "p", "Suite": "suite"}, provider.Endpoints(), map[string][]string{
				"service/get_provider_token": {"p.ProviderToken().Token"},
				"service/get_suite_token":    {"suite.SuiteToken().Token", "suite.SetTicket"},
				"service/get_corp_token":     {"suite.App", "suite.GetCorpToken"},
			}},
		{"规则组 customer-contact and moment rule groups", "", "work/strategy",
			map[string]string{"CustomerClient": "app.CustomerStrategy()", "MomentClient": "app.MomentStrategy()"}, strategy.Endpoints(), nil},
		{"商品图册 product albums", "product", "work/product",
			map[string]string{"Client": "app.Product()"}, product.Endpoints(), nil},
		{"聊天敏感词 chat intercept rules", "intercept", "work/intercept",
			map[string]string{"Client": "app.Intercept()"}, intercept.Endpoints(), nil},
		{"获客助手 customer acquisition links, quota and statistics", "", "work/acquisition",
			map[string]string{"Client": "app.CustomerAcquisition()"}, acquisition.Endpoints(), nil},
		{"家校沟通 「学校通知」 subscription and school notices", "school", "work/school",
			map[string]string{"Client": "app.School()"}, school.Endpoints(), nil},
	}
}

// catalogueAlias maps an SDK path to the catalogue row it answers where
// the two differ, with the reason in the endpoint's Note.
var catalogueAlias = map[string]string{
	// The catalogue lists the path without service/; WeCom's docs use it.
	"service/externalcontact/finish_external_userid_migration": "externalcontact/finish_external_userid_migration",
}

// catalogueRow is what the guide takes from the pinned catalogue.
type catalogueRow struct {
	Path       string `json:"path"`
	EasyWeChat string `json:"easywechat"`
	WxJava     string `json:"wxjava"`
}

func readCatalogue(t *testing.T) map[string]catalogueRow {
	t.Helper()
	rows := map[string]catalogueRow{}
	for _, name := range []string{"catalogue.json", "catalogue_extra.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "spec", name))
		require.NoError(t, err)
		var list []catalogueRow
		require.NoError(t, json.Unmarshal(b, &list))
		for _, r := range list {
			rows[r.Path] = r
		}
	}
	return rows
}

// methodsByPath parses a package's sources and returns, per endpoint path,
// the exported methods (as "Type.Method") that call it, directly or through
// another method of the same type.
func methodsByPath(t *testing.T, dir string) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join("..", dir), func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	require.NoError(t, err)
	epPath := map[string]string{} // var name → path
	type method struct {
		recv, name string
		eps        map[string]bool
		calls      map[string]bool
	}
	var methods []*method
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						vs, ok := spec.(*ast.ValueSpec)
						if !ok {
							continue
						}
						for i, name := range vs.Names {
							if i < len(vs.Values) {
								if p := declaredPath(vs.Values[i]); p != "" {
									epPath[name.Name] = p
								}
							}
						}
					}
				case *ast.FuncDecl:
					if d.Recv == nil || len(d.Recv.List) != 1 || d.Body == nil {
						continue
					}
					m := &method{recv: recvType(d.Recv.List[0].Type), name: d.Name.Name, eps: map[string]bool{}, calls: map[string]bool{}}
					ast.Inspect(d.Body, func(n ast.Node) bool {
						switch x := n.(type) {
						case *ast.Ident:
							m.eps[x.Name] = true
						case *ast.SelectorExpr:
							if id, ok := x.X.(*ast.Ident); ok && len(d.Recv.List[0].Names) == 1 && id.Name == d.Recv.List[0].Names[0].Name {
								m.calls[x.Sel.Name] = true
							}
						}
						return true
					})
					methods = append(methods, m)
				}
			}
		}
	}
	byName := map[string]*method{}
	for _, m := range methods {
		byName[m.recv+"."+m.name] = m
	}
	out := map[string][]string{}
	for _, m := range methods {
		if !ast.IsExported(m.name) {
			continue
		}
		seen := map[string]bool{}
		var walk func(m *method)
		paths := map[string]bool{}
		walk = func(m *method) {
			key := m.recv + "." + m.name
			if seen[key] {
				return
			}
			seen[key] = true
			for id := range m.eps {
				if p, ok := epPath[id]; ok {
					paths[p] = true
				}
			}
			for c := range m.calls {
				if n, ok := byName[m.recv+"."+c]; ok {
					walk(n)
				}
			}
		}
		walk(m)
		for p := range paths {
			out[p] = append(out[p], m.recv+"."+m.name)
		}
	}
	for p := range out {
		sort.Strings(out[p])
	}
	return out
}

// declaredPath finds the path literal of core.Read/ReadPost/Write/SendOnce
// inside an endpoint declaration.
func declaredPath(e ast.Expr) string {
	var path string
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || path != "" {
			return path == ""
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "core" && len(call.Args) == 1 {
				switch sel.Sel.Name {
				case "Read", "ReadPost", "Write", "SendOnce":
					if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						path, _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
		return true
	})
	return path
}

func recvType(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "?"
}

// firstClause drops the catalogue's parenthetical remarks.
func firstClause(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s == "—" {
		return "—"
	}
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }

// portingGuide renders docs/PORTING.md.
func portingGuide(t *testing.T) []byte {
	cat := readCatalogue(t)
	var b bytes.Buffer
	wired := map[string]bool{}
	var sections bytes.Buffer
	for _, s := range portedServices() {
		byPath := methodsByPath(t, s.dir)
		fmt.Fprintf(&sections, "\n## %s\n\nPackage `%s`.\n\n", s.title, "github.com/wecomkit/wecom/"+s.dir)
		sections.WriteString("| EasyWeChat | WxJava | Go | WeCom API | Notes |\n|---|---|---|---|---|\n")
		for _, ep := range s.endpoints {
			var calls []string
			for _, c := range s.calls[ep.Path] {
				calls = append(calls, "`"+c+"`")
			}
			for _, m := range byPath[ep.Path] {
				if s.calls[ep.Path] != nil {
					break
				}
				typ, name, _ := strings.Cut(m, ".")
				acc, ok := s.accessors[typ]
				if !ok {
					continue // a method of a result type (an item's Err, say)
				}
				calls = append(calls, "`"+acc+"."+name+"`")
			}
			if len(calls) == 0 {
				t.Errorf("porting guide: no method of %s calls %s", s.dir, ep.Path)
			}
			catPath := ep.Path
			if alias, ok := catalogueAlias[ep.Path]; ok {
				catPath = alias
			}
			row, inCat := cat[catPath]
			if inCat {
				wired[catPath] = true
			}
			ew, wj := ep.EasyWeChat, ep.WxJava
			ewCell, wjCell := "—", "—"
			if ew != "" {
				if !strings.Contains(ew, "->") && s.ewKey != "" {
					ew = s.ewKey + "->" + ew
				}
				ewCell = "`" + cell(ew) + "`"
			} else if inCat {
				ewCell = firstClause(row.EasyWeChat)
			}
			if wj != "" {
				wjCell = "`" + cell(wj) + "`"
			} else if inCat {
				wjCell = firstClause(row.WxJava)
			}
			api := fmt.Sprintf("`%s %s`", ep.Method, ep.Path)
			if ep.Doc != "" {
				api += fmt.Sprintf(" [%s](%s)", ep.Title, ep.DocURL())
			}
			fmt.Fprintf(&sections, "| %s | %s | %s | %s | %s |\n", ewCell, wjCell, strings.Join(calls, ", "), api, cell(ep.Note))
		}
	}
	var missing []string
	for p := range cat {
		if !wired[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	// Every endpoint of the pinned catalogue (its 105 rows and the extras
	// beside them) has a Go method: a row left unwired fails here.
	for _, p := range missing {
		t.Errorf("catalogue endpoint %s has no Go method", p)
	}
	b.WriteString("<!-- Generated by `make porting` (go test ./work -run TestPortingGuide -update-porting) from the endpoint metadata; do not edit. -->\n")
	b.WriteString("# Porting guide: EasyWeChat and WxJava to wecom\n\n")
	b.WriteString("Every WeCom 客户联系 call, by the name EasyWeChat (PHP) and WxJava (Java) give it, with the Go call that\n")
	b.WriteString("makes it here. Where a name is missing, that SDK has no method for the endpoint. Notes say where the Go\n")
	b.WriteString("call behaves differently; each method's doc comment has the details.\n\n")
	fmt.Fprintf(&b, "Wired: %d of the %d catalogue endpoints.\n", len(cat)-len(missing), len(cat))
	if len(missing) > 0 {
		b.WriteString("\nNot wired yet (reach them with `app.Client().GetRaw` / `PostRaw` / `PostRawRead`):\n\n")
		for _, p := range missing {
			row := cat[p]
			fmt.Fprintf(&b, "- `%s` (EasyWeChat %s, WxJava %s)\n", p, firstClause(row.EasyWeChat), firstClause(row.WxJava))
		}
	}
	b.Write(sections.Bytes())
	return b.Bytes()
}

// TestPortingGuide fails when docs/PORTING.md is stale; run
// `make porting` to rewrite it.
func TestPortingGuide(t *testing.T) {
	got := portingGuide(t)
	file := filepath.Join("..", "docs", "PORTING.md")
	if *updatePorting {
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, got, 0o644))
		return
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err, "docs/PORTING.md is missing: run make porting")
	if !bytes.Equal(want, got) {
		t.Fatalf("docs/PORTING.md is stale: run make porting")
	}
}
