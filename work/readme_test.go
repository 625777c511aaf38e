package work_test

import (
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// The READMEs' coverage table and example list are generated from the
// endpoint metadata and the Example functions; `make readme` rewrites them,
// and TestReadmeGenerated fails when they are stale.
//
// A new service package, once in portedServices (porting_test.go), needs in
// the docs: its names in serviceNames below; a section in README.md and
// README.zh-CN.md whose heading names `work/<package>` (the two headings
// pair by that code); its guide, docs/services/<package>.md; a "# Examples"
// section in its doc.go; then `make docs`. The tests here say which is
// missing.

var updateReadme = flag.Bool("update-readme", false, "rewrite the generated parts of README.md and README.zh-CN.md")

// readme is one README and the language its generated parts are written in.
type readme struct {
	file string
	lang string // "en" or "zh"
}

var readmes = []readme{{"README.md", "en"}, {"README.zh-CN.md", "zh"}}

// serviceName is what the READMEs call a package of portedServices. A new
// service is one entry here beside its entry in portedServices.
type serviceName struct {
	en, zh string
	doc    string // its user guide, when not docs/services/<package>.md
}

var serviceNames = map[string]serviceName{
	"work/externalcontact": {en: "客户联系 customers, tags, transfers, group chats, ID conversions", zh: "客户联系：客户、标签、在职/离职继承、客户群、ID 转换"},
	"work/contactway":      {en: "「联系我」 contact ways and 「加入群聊」 join ways", zh: "「联系我」与「加入群聊」"},
	"work/statistics":      {en: "数据统计 statistics", zh: "数据统计"},
	"work/moment":          {en: "客户朋友圈 customer moments", zh: "客户朋友圈"},
	"work/message":         {en: "企业群发 mass messages and 新客户欢迎语 welcome messages", zh: "企业群发与新客户欢迎语"},
	"work/groupwelcome":    {en: "入群欢迎语素材 group welcome templates", zh: "入群欢迎语素材", doc: "docs/services/message.md"},
	"work/media":           {en: "素材管理 media uploads", zh: "素材管理：上传"},
	"work/provider":        {en: "服务商 service providers: suites, 代开发, each corp's token", zh: "服务商：第三方应用、代开发、授权企业的凭证"},
	"work/acquisition":     {en: "获客助手 customer acquisition links, quota and statistics", zh: "获客助手：获客链接、使用量与统计"},
	"work/school":          {en: "家校沟通 「学校通知」 subscription and school notices", zh: "家校沟通：「学校通知」订阅与通知"},
	"work/strategy":        {en: "规则组 customer-contact and moment rule groups", zh: "规则组：客户联系规则组与客户朋友圈规则组"},
	"work/product":         {en: "商品图册 product albums", zh: "商品图册"},
	"work/intercept":       {en: "聊天敏感词 chat intercept rules", zh: "聊天敏感词"},
}

func (s portedService) docFile() string {
	if d := serviceNames[s.dir].doc; d != "" {
		return d
	}
	return "docs/services/" + path.Base(s.dir) + ".md"
}

// entry is how a user reaches the service: the App accessors, or the
// package's constructor when it has none.
func (s portedService) entry() string {
	var acc []string
	for _, a := range s.accessors {
		if strings.HasPrefix(a, "app.") {
			acc = append(acc, "`"+a+"`")
		}
	}
	sort.Strings(acc)
	if len(acc) == 0 {
		return "`" + path.Base(s.dir) + ".New`"
	}
	return strings.Join(acc, ", ")
}

var clientName = regexp.MustCompile(`^[a-z_]+$`)

// easyWeChatClients names the EasyWeChat clients whose methods reach the
// service's endpoints: its key, and the client of every "client->method".
func easyWeChatClients(s portedService) string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, "`"+c+"`")
		}
	}
	add(s.ewKey)
	for _, ep := range s.endpoints {
		if c, _, ok := strings.Cut(ep.EasyWeChat, "->"); ok && clientName.MatchString(c) {
			add(c)
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

func classCounts(eps []core.Endpoint) (reads, writes, sends int) {
	for _, ep := range eps {
		switch ep.Class {
		case core.ClassRead, core.ClassReadPost:
			reads++
		case core.ClassWrite:
			writes++
		case core.ClassSendOnce:
			sends++
		}
	}
	return
}

// coverageTable renders the table of services and endpoint counts.
func coverageTable(t *testing.T, lang string) string {
	var b strings.Builder
	if lang == "zh" {
		b.WriteString("| 服务 | 包 | 入口 | EasyWeChat | 接口数 | 读 · 写 · 只发一次 | 文档 |\n")
	} else {
		b.WriteString("| Service | Package | Go | EasyWeChat | Endpoints | reads · writes · send-once | Guide |\n")
	}
	b.WriteString("|---|---|---|---|---|---|---|\n")
	var total, tr, tw, ts int
	declared := map[string]bool{}
	for _, s := range portedServices() {
		name, ok := serviceNames[s.dir]
		if !ok {
			t.Errorf("README: add %s to serviceNames in work/readme_test.go", s.dir)
			continue
		}
		title := name.en
		if lang == "zh" {
			title = name.zh
		}
		ew := easyWeChatClients(s)
		r, w, so := classCounts(s.endpoints)
		total, tr, tw, ts = total+len(s.endpoints), tr+r, tw+w, ts+so
		for _, ep := range s.endpoints {
			declared[ep.Path] = true
			if alias, ok := catalogueAlias[ep.Path]; ok {
				declared[alias] = true
			}
		}
		doc := s.docFile()
		fmt.Fprintf(&b, "| %s | [`%s`](%s) | %s | %s | %d | %d · %d · %d | [%s](%s) |\n",
			title, s.dir, s.dir, s.entry(), ew, len(s.endpoints), r, w, so, path.Base(doc), doc)
	}
	all, left := "**All**", "Not wired yet, reachable with the raw calls"
	if lang == "zh" {
		all, left = "**合计**", "尚未封装，可用原始调用"
	}
	fmt.Fprintf(&b, "| %s | | | | **%d** | %d · %d · %d | [PORTING.md](docs/PORTING.md) |\n", all, total, tr, tw, ts)
	missing := 0
	for p := range readCatalogue(t) {
		if !declared[p] {
			missing++
		}
	}
	if missing > 0 {
		fmt.Fprintf(&b, "| %s | | `app.Client()` | | %d | | [PORTING.md](docs/PORTING.md) |\n", left, missing)
	}
	return b.String()
}

// example is one Example function.
type example struct {
	dir      string // package directory, relative to the repository
	name     string
	doc      string // the first sentence of its doc comment
	runnable bool   // it has an output comment, so go test runs it
}

// exampleDirs are the directories holding Example functions: the main
// module's packages and the modules of their own.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, root := range []string{"work", "otel", "redis"} {
		err := filepath.WalkDir(filepath.Join("..", root), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() {
				rel, _ := filepath.Rel("..", p)
				dirs = append(dirs, filepath.ToSlash(rel))
			}
			return nil
		})
		require.NoError(t, err)
	}
	return dirs
}

// examplesIn parses a directory's test files for Example functions.
func examplesIn(t *testing.T, dir string) []example {
	t.Helper()
	var out []example
	for _, f := range parseDir(t, dir, true).files {
		for _, fn := range f.funcs {
			if !strings.HasPrefix(fn.name, "Example") || fn.recv != "" {
				continue
			}
			out = append(out, example{dir: dir, name: fn.name, doc: firstSentence(docText(fn.doc)), runnable: fn.output})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// firstSentence returns the doc comment up to its first full stop.
func firstSentence(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	for i := 0; i < len(doc); i++ {
		if doc[i] == '.' && (i+1 == len(doc) || doc[i+1] == ' ') &&
			!strings.HasSuffix(doc[:i], "e.g") && !strings.HasSuffix(doc[:i], "i.e") {
			return doc[:i+1]
		}
	}
	return doc
}

// exampleCommand is the command that runs one example, from the
// repository's root.
func exampleCommand(e example) string {
	run := fmt.Sprintf("-run '^%s$' -v", e.name)
	if mod, rest, ok := strings.Cut(e.dir, "/"); ok && (mod == "otel" || mod == "redis") {
		return fmt.Sprintf("cd %s && go test ./%s %s", mod, rest, run)
	} else if e.dir == "otel" || e.dir == "redis" {
		return fmt.Sprintf("cd %s && go test . %s", e.dir, run)
	}
	return fmt.Sprintf("go test ./%s %s", e.dir, run)
}

func runnableExamples(t *testing.T) []example {
	var out []example
	for _, dir := range exampleDirs(t) {
		for _, e := range examplesIn(t, dir) {
			if e.runnable {
				out = append(out, e)
			}
		}
	}
	return out
}

// examplesTable renders the list of runnable examples with their commands.
func examplesTable(t *testing.T, lang string) string {
	var b strings.Builder
	if lang == "zh" {
		b.WriteString("| 包 | 示例 | 运行命令 |\n|---|---|---|\n")
	} else {
		b.WriteString("| Package | Example | What it shows | Run it |\n|---|---|---|---|\n")
	}
	for _, e := range runnableExamples(t) {
		if e.doc == "" {
			t.Errorf("%s: %s has no doc comment; its first sentence goes into the README", e.dir, e.name)
		}
		if lang == "zh" {
			fmt.Fprintf(&b, "| `%s` | `%s` | `%s` |\n", e.dir, e.name, exampleCommand(e))
		} else {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | `%s` |\n", e.dir, e.name, cell(e.doc), exampleCommand(e))
		}
	}
	return b.String()
}

// generatedParts are the parts of a README between
// <!-- begin:NAME (make readme) --> and <!-- end:NAME -->.
func generatedParts(t *testing.T, lang string) map[string]string {
	return map[string]string{
		"coverage": coverageTable(t, lang),
		"examples": examplesTable(t, lang),
	}
}

var generatedRE = regexp.MustCompile(`(?s)(<!-- begin:([a-z]+) \(make readme\) -->\n)(.*?)(<!-- end:([a-z]+) -->)`)

// regenerate returns text with its generated parts rewritten.
func regenerate(t *testing.T, file, text string, parts map[string]string) string {
	seen := map[string]bool{}
	out := generatedRE.ReplaceAllStringFunc(text, func(m string) string {
		g := generatedRE.FindStringSubmatch(m)
		if g[2] != g[5] {
			t.Errorf("%s: begin:%s closed by end:%s", file, g[2], g[5])
			return m
		}
		part, ok := parts[g[2]]
		if !ok {
			t.Errorf("%s: unknown generated part %q", file, g[2])
			return m
		}
		seen[g[2]] = true
		return g[1] + part + g[4]
	})
	for name := range parts {
		if !seen[name] {
			t.Errorf("%s: the generated part %q is missing (<!-- begin:%s (make readme) --> … <!-- end:%s -->)", file, name, name, name)
		}
	}
	return out
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", name))
	require.NoError(t, err)
	return string(b)
}

// TestReadmeGenerated fails when a README's coverage table or example list
// disagrees with the packages' Endpoints() and Example functions; run
// `make readme` to rewrite them.
func TestReadmeGenerated(t *testing.T) {
	for _, r := range readmes {
		text := readRepoFile(t, r.file)
		got := regenerate(t, r.file, text, generatedParts(t, r.lang))
		if *updateReadme {
			require.NoError(t, os.WriteFile(filepath.Join("..", r.file), []byte(got), 0o644))
			continue
		}
		if got != text {
			t.Errorf("%s is stale (coverage or examples): run make readme", r.file)
		}
	}
}

// ---- the commands a README shows ----

var (
	codeSpanRE    = regexp.MustCompile("`([^`\n]+)`")
	wrappedSpanRE = regexp.MustCompile("`([^`]+)`")
)

// readmeCommands returns the command lines of a README: the lines of its
// sh code blocks and its inline code spans that start with go or make.
func readmeCommands(text string) []string {
	var cmds []string
	for _, blk := range codeBlocks(text) {
		if blk.lang != "sh" {
			continue
		}
		for _, line := range strings.Split(blk.code, "\n") {
			if line = strings.TrimSpace(stripComments("sh", line)); line != "" {
				cmds = append(cmds, line)
			}
		}
	}
	// A code span may wrap onto the next line of its paragraph.
	for _, m := range wrappedSpanRE.FindAllStringSubmatch(stripBlocks(text), -1) {
		if strings.Contains(m[1], "\n\n") {
			continue
		}
		s := strings.Join(strings.Fields(m[1]), " ")
		if strings.HasPrefix(s, "go ") || strings.HasPrefix(s, "make ") || strings.HasPrefix(s, "cd ") {
			cmds = append(cmds, s)
		}
	}
	return cmds
}

// unquote drops the shell's single or double quotes around a word.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// testFuncs lists the Test, Example and Benchmark functions of the
// packages a go test pattern names (./x or ./x/...), below base.
func testFuncs(t *testing.T, base, pattern string) (dirs []string, runnable map[string]bool, all map[string]bool) {
	runnable, all = map[string]bool{}, map[string]bool{}
	rec := strings.HasSuffix(pattern, "/...")
	root := path.Clean(path.Join(base, strings.TrimSuffix(pattern, "/...")))
	for _, d := range exampleDirs(t) {
		if d == root || (rec && strings.HasPrefix(d, root+"/")) {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		for _, f := range parseDir(t, d, true).files {
			for _, fn := range f.funcs {
				if fn.recv != "" {
					continue
				}
				all[fn.name] = true
				if strings.HasPrefix(fn.name, "Example") && fn.output {
					runnable[fn.name] = true
				}
			}
		}
	}
	return dirs, runnable, all
}

// checkCommand checks one command line of a README: a make target exists,
// a go run or go doc path exists, and a go test -run pattern selects an
// Example that go test runs (or, for a Test pattern, a Test).
func checkCommand(t *testing.T, file, cmd string, targets map[string]bool) {
	base := "."
	if rest, ok := strings.CutPrefix(cmd, "cd "); ok {
		dir, after, ok := strings.Cut(rest, " && ")
		if !ok {
			return
		}
		base, cmd = dir, after
		if _, err := os.Stat(filepath.Join("..", base)); err != nil {
			t.Errorf("%s: `cd %s`: no such directory", file, base)
		}
	}
	f := strings.Fields(cmd)
	if len(f) < 2 {
		return
	}
	switch {
	case f[0] == "make":
		if !targets[f[1]] {
			t.Errorf("%s: `%s`: the Makefile has no target %s", file, cmd, f[1])
		}
	case f[0] == "go" && (f[1] == "run" || f[1] == "doc" || f[1] == "install"):
		for _, a := range f[2:] {
			if strings.HasPrefix(a, "./") {
				p := strings.SplitN(a, "@", 2)[0]
				if _, err := os.Stat(filepath.Join("..", base, p)); err != nil {
					t.Errorf("%s: `%s`: no such package %s", file, cmd, p)
				}
				break
			}
		}
	case f[0] == "go" && f[1] == "test":
		pkg, run := "", ""
		for i := 2; i < len(f); i++ {
			switch {
			case f[i] == "-run" && i+1 < len(f):
				run = unquote(f[i+1])
				i++
			case strings.HasPrefix(f[i], "-"):
			case pkg == "" && strings.HasPrefix(f[i], "."):
				pkg = f[i]
			}
		}
		if run == "" {
			return
		}
		if pkg == "" {
			pkg = "."
		}
		re, err := regexp.Compile(run)
		if err != nil {
			t.Errorf("%s: `%s`: bad -run pattern: %v", file, cmd, err)
			return
		}
		dirs, runnable, all := testFuncs(t, base, pkg)
		if len(dirs) == 0 {
			t.Errorf("%s: `%s`: no package %s", file, cmd, pkg)
			return
		}
		matched := 0
		for name := range all {
			if re.MatchString(name) && (!strings.HasPrefix(name, "Example") || runnable[name]) {
				matched++
			}
		}
		if matched == 0 {
			t.Errorf("%s: `%s`: -run %s selects no Test and no Example that go test runs (one with an output comment) in %s", file, cmd, run, pkg)
		}
	}
}

func makeTargets(t *testing.T) map[string]bool {
	targets := map[string]bool{}
	for _, line := range strings.Split(readRepoFile(t, "Makefile"), "\n") {
		if name, _, ok := strings.Cut(line, ":"); ok && regexp.MustCompile(`^[a-z][a-z0-9-]*$`).MatchString(name) {
			targets[name] = true
		}
	}
	return targets
}

// TestReadmeCommands runs no command but checks that each one a README
// shows would do what it says: every go test -run names Examples that
// exist and run, every make target and go run path exists.
func TestReadmeCommands(t *testing.T) {
	targets := makeTargets(t)
	for _, r := range readmes {
		cmds := readmeCommands(readRepoFile(t, r.file))
		var tests int
		for _, c := range cmds {
			checkCommand(t, r.file, c, targets)
			if strings.Contains(c, "go test") && strings.Contains(c, "-run") {
				tests++
			}
		}
		// The example list alone names every runnable Example.
		assert.GreaterOrEqual(t, tests, len(runnableExamples(t)), "%s: fewer go test -run commands than runnable examples", r.file)
		for _, set := range []string{"make demo", "make test"} {
			assert.Contains(t, cmds, set, "%s: the set-up command %q", r.file, set)
		}
	}
}

// ---- links ----

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestReadmeLinks checks that every relative link of the READMEs and of
// docs/ names a file or directory of the repository, and that every
// service has its section and its guide.
func TestReadmeLinks(t *testing.T) {
	files := []string{"README.md", "README.zh-CN.md"}
	docs, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	require.NoError(t, err)
	services, err := filepath.Glob(filepath.Join("..", "docs", "services", "*.md"))
	require.NoError(t, err)
	for _, d := range append(docs, services...) {
		rel, _ := filepath.Rel("..", d)
		files = append(files, filepath.ToSlash(rel))
	}
	checked := 0
	for _, f := range files {
		prose := codeSpanRE.ReplaceAllString(stripBlocks(readRepoFile(t, f)), "")
		for _, m := range linkRE.FindAllStringSubmatch(prose, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, anchor, _ := strings.Cut(target, "#")
			file := path.Clean(path.Join(path.Dir(f), target))
			if target == "" {
				file = f
			}
			if _, err := os.Stat(filepath.Join("..", file)); err != nil {
				t.Errorf("%s: link %s: no such file", f, m[1])
				continue
			}
			if anchor != "" && strings.HasSuffix(file, ".md") && !anchors(readRepoFile(t, file))[anchor] {
				t.Errorf("%s: link %s: %s has no heading with that anchor", f, m[1], file)
			}
			checked++
		}
	}
	assert.Greater(t, checked, 20, "relative links checked")

	// Every package and command is named somewhere (the Layout table).
	var dirs []string
	for _, d := range exampleDirs(t) {
		if len(parseDir(t, d, false).files) > 0 {
			dirs = append(dirs, d)
		}
	}
	cmds, err := filepath.Glob(filepath.Join("..", "cmd", "*"))
	require.NoError(t, err)
	for _, c := range cmds {
		rel, _ := filepath.Rel("..", c)
		dirs = append(dirs, filepath.ToSlash(rel))
	}
	dirs = append(dirs, "bench", "docs", "testdata")
	for _, r := range readmes {
		text := readRepoFile(t, r.file)
		for _, d := range dirs {
			assert.True(t, strings.Contains(text, "`"+d+"`") || strings.Contains(text, "`"+d+"/`"),
				"%s names no `%s/` (add it to the Layout table)", r.file, d)
		}
	}

	for _, r := range readmes {
		heads := headings(readRepoFile(t, r.file))
		for _, s := range portedServices() {
			found := false
			for _, h := range heads {
				if strings.Contains(h.text, "`"+s.dir+"`") {
					found = true
				}
			}
			assert.True(t, found, "%s: no section whose heading names `%s`", r.file, s.dir)
			_, err := os.Stat(filepath.Join("..", s.docFile()))
			assert.NoError(t, err, "%s: the guide of %s", r.file, s.dir)
		}
	}
}

// anchors returns the anchors GitHub gives a Markdown file's headings:
// lower case, spaces as hyphens, punctuation dropped, -1, -2 … for repeats.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	count := map[string]int{}
	for _, h := range headings(text) {
		var b strings.Builder
		for _, r := range strings.ToLower(h.text) {
			switch {
			case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '-' || r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		a := b.String()
		if n := count[a]; n > 0 {
			out[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			out[a] = true
		}
		count[a]++
	}
	return out
}

// ---- the two READMEs in step ----

type heading struct {
	level int
	text  string
}

// headings returns the Markdown headings outside code blocks.
func headings(text string) []heading {
	var out []heading
	for _, line := range strings.Split(stripBlocks(text), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		n := len(line) - len(strings.TrimLeft(line, "#"))
		if n < len(line) && line[n] == ' ' {
			out = append(out, heading{n, strings.TrimSpace(line[n:])})
		}
	}
	return out
}

// headingPairs maps the English headings that name no code to their
// Chinese twins. Headings naming code (a package, a command) pair by the
// code they name and need no entry.
var headingPairs = map[string]string{
	"wecom — a Go SDK for the WeCom (企业微信) server API": "wecom — 企业微信服务端 API 的 Go SDK",
	"Set up":                             "上手",
	"Install":                            "安装",
	"Usage":                              "用法",
	"What is covered":                    "覆盖范围",
	"Runnable examples":                  "可运行的示例",
	"Services":                           "服务",
	"Configuration":                      "配置",
	"Errors":                             "错误",
	"Retries and idempotency":            "重试与幂等",
	"Production traffic: the governor":   "生产流量：调控器（governor）",
	"Porting from EasyWeChat and WxJava": "从 EasyWeChat 和 WxJava 迁移",
	"Performance":                        "性能",
	"Layout":                             "目录结构",
}

func codeSpans(s string) []string {
	var out []string
	for _, m := range codeSpanRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

type codeBlock struct {
	lang, code string
}

var fenceRE = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```$")

func codeBlocks(text string) []codeBlock {
	var out []codeBlock
	for _, m := range fenceRE.FindAllStringSubmatch(text, -1) {
		out = append(out, codeBlock{m[1], m[2]})
	}
	return out
}

func stripBlocks(text string) string { return fenceRE.ReplaceAllString(text, "") }

// stripComments drops the comments of one line of Go (//) or shell (#),
// outside quotes, so that two READMEs may comment the same code in their
// own language.
func stripComments(lang, line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' && quote != '`' && quote != '\'' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '`' || c == '\'':
			if lang == "go" && c == '\'' {
				if j := strings.IndexByte(line[i+1:], '\''); j >= 0 {
					i += j + 1
				}
				continue
			}
			quote = c
		case lang == "go" && c == '/' && i+1 < len(line) && line[i+1] == '/':
			return strings.TrimRight(line[:i], " \t")
		case lang == "sh" && c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimRight(line[:i], " \t")
		}
	}
	return strings.TrimRight(line, " \t")
}

func normalizeCode(b codeBlock) string {
	var lines []string
	for _, l := range strings.Split(b.code, "\n") {
		if l = stripComments(b.lang, l); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// TestReadmeTranslation keeps README.zh-CN.md in step with README.md: the
// same headings at the same levels in the same order (paired by
// headingPairs or by the code they name), and the same code blocks in the
// same order, comments aside.
func TestReadmeTranslation(t *testing.T) {
	en, zh := readRepoFile(t, "README.md"), readRepoFile(t, "README.zh-CN.md")
	he, hz := headings(en), headings(zh)
	require.NotEmpty(t, he)
	if !assert.Equal(t, len(he), len(hz), "README.md and README.zh-CN.md have different numbers of headings") {
		for i := 0; i < max(len(he), len(hz)); i++ {
			var a, b heading
			if i < len(he) {
				a = he[i]
			}
			if i < len(hz) {
				b = hz[i]
			}
			t.Logf("%2d  %s %s  |  %s %s", i, strings.Repeat("#", a.level), a.text, strings.Repeat("#", b.level), b.text)
		}
	}
	for i := 0; i < min(len(he), len(hz)); i++ {
		a, b := he[i], hz[i]
		assert.Equal(t, a.level, b.level, "heading %d: %q and %q are at different levels", i, a.text, b.text)
		if spans := codeSpans(a.text); len(spans) > 0 {
			assert.Equal(t, spans, codeSpans(b.text), "heading %d: %q and %q name different code", i, a.text, b.text)
			continue
		}
		want, ok := headingPairs[a.text]
		if !assert.True(t, ok, "heading %q names no code: give its Chinese twin in headingPairs", a.text) {
			continue
		}
		assert.Equal(t, want, b.text, "heading %d: README.zh-CN.md's twin of %q", i, a.text)
	}

	be, bz := codeBlocks(en), codeBlocks(zh)
	require.NotEmpty(t, be)
	require.Equal(t, len(be), len(bz), "README.md and README.zh-CN.md have different numbers of code blocks")
	for i := range be {
		assert.Equal(t, be[i].lang, bz[i].lang, "code block %d: language", i)
		assert.Equal(t, normalizeCode(be[i]), normalizeCode(bz[i]), "code block %d differs (comments aside)", i)
	}
	assert.ElementsMatch(t, readmeCommands(en), readmeCommands(zh), "the two READMEs show different commands")
}
