package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/worktest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// sim starts the seeded simulator the golden files were made with.
func sim(t *testing.T, opts ...worktest.Option) *worktest.Server {
	t.Helper()
	s := worktest.NewServer(append([]worktest.Option{worktest.WithSeed(42)}, opts...)...)
	t.Cleanup(s.Close)
	return s
}

// simEnv is the environment pointing the CLI at s.
func simEnv(s *worktest.Server) map[string]string {
	return map[string]string{"WECOM_CORP_ID": s.CorpID, "WECOM_SECRET": s.Secret, "WECOM_BASE_URL": s.URL}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type result struct {
	stdout, stderr string
	code           int
}

// wecom runs the CLI with the environment vars and stdin.
func wecom(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut syncBuffer
	code := run(context.Background(), args, &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return vars[k] },
	})
	return result{out.String(), errOut.String(), code}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/wecom -update to create it")
	assert.Equal(t, string(want), got, "golden file %s (go test ./cmd/wecom -update rewrites it)", path)
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"customers_export.jsonl", "", []string{"customers", "export", "--concurrency", "1", "--progress", "none", "--members", "zhangsan,lisi"}},
		{"customers_export.csv", "", []string{"customers", "export", "--format", "csv", "--concurrency", "1", "--progress", "none", "--members", "zhangsan,lisi"}},
		{"customers_export_dedupe.csv", "", []string{"customers", "export", "--format", "csv", "--dedupe", "--concurrency", "1", "--progress", "none"}},
		{"customers_get.json", "", []string{"customers", "get", "wo0UWch1EcPGSqaJvClUMzioUDEgXF3l"}},
		{"tags_list.txt", "", []string{"tags", "list"}},
		{"tags_list.json", "", []string{"tags", "list", "--json", "--group-id", "etKuuHFJGmUVVXjbau1GQsE6tyFobJUP"}},
		{"tags_add.txt", "", []string{"tags", "add", "--group", "客户等级", "VIP", "黑名单"}},
		{"groupchats_list.txt", "", []string{"groupchats", "list"}},
		{"groupchats_list.jsonl", "", []string{"groupchats", "list", "--json", "--status", "1"}},
		{"raw_get.json", "", []string{"raw", "get", "externalcontact/list", "userid=zhangsan"}},
		{"raw_post.json", "", []string{"raw", "post", "--read", "externalcontact/batch/get_by_user", `{"userid_list":["lisi"],"limit":1}`}},
		{"raw_post_stdin.json", `{"group_id":["etKuuHFJGmUVVXjbau1GQsE6tyFobJUP"]}`, []string{"raw", "post", "externalcontact/get_corp_tag_list"}},
		{"help.txt", "", []string{"--help"}},
		{"help_customers.txt", "", []string{"customers", "--help"}},
		{"help_customers_export.txt", "", []string{"customers", "export", "--help"}},
		{"help_raw_post.txt", "", []string{"raw", "post", "-h"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sim(t)
			r := wecom(t, simEnv(s), tc.stdin, tc.args...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			assert.Empty(t, r.stderr)
			golden(t, tc.name, r.stdout)
			assert.NotContains(t, r.stdout, s.Secret)
		})
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, g := range sortedGroups() {
		for _, n := range names(groups[g]) {
			r := wecom(t, nil, "", g, n, "--help")
			assert.Equal(t, 0, r.code, "%s %s", g, n)
			assert.Contains(t, r.stdout, "Usage: wecom "+g+" "+n, "%s %s", g, n)
			assert.Contains(t, r.stdout, "Global flags", "%s %s", g, n)
			assert.Empty(t, r.stderr)
		}
	}
}

func TestTagsMark(t *testing.T) {
	s := sim(t)
	d := s.Snapshot()
	tag := d.TagGroups[0].Tags[0].ID
	var rel worktest.Relation
	for _, r := range d.Relations {
		if r.UserID == "zhangsan" {
			rel = r
			break
		}
	}
	r := wecom(t, simEnv(s), "", "tags", "mark", "--userid", "zhangsan", "--external-userid", rel.ExternalUserID, "--add", tag)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "ok\n", r.stdout)
	var has bool
	for _, after := range s.Snapshot().Relations {
		if after.UserID == "zhangsan" && after.ExternalUserID == rel.ExternalUserID {
			for _, id := range after.TagIDs {
				has = has || id == tag
			}
		}
	}
	assert.True(t, has, "the tag is on the customer")
}

func TestErrorsAreOneLine(t *testing.T) {
	s := sim(t)
	vars := simEnv(s)
	for _, tc := range []struct {
		args []string
		vars map[string]string
		code int
		want string // a regexp of the line
	}{
		{nil, vars, 2, `^wecom: missing command \(see wecom --help\)$`},
		{[]string{"nope"}, vars, 2, `^wecom: unknown command "nope"`},
		{[]string{"customers"}, vars, 2, `^wecom: customers: missing subcommand: export, get$`},
		{[]string{"customers", "delete"}, vars, 2, `^wecom: customers: unknown subcommand "delete"`},
		{[]string{"customers", "export", "--nope"}, vars, 2, `^wecom: customers export: flag provided but not defined: -nope`},
		{[]string{"customers", "export", "--format", "xml"}, vars, 2, `--format must be jsonl or csv`},
		{[]string{"customers", "export", "--checkpoint", "x"}, vars, 2, `--checkpoint needs --out`},
		{[]string{"customers", "export", "--page-size", "500"}, vars, 2, `--page-size must be 1 to 100`},
		{[]string{"customers", "get"}, vars, 2, `^wecom: customers get: want EXTERNAL_USERID`},
		{[]string{"customers", "get", "wmNOSUCHCUSTOMER"}, vars, 1, `^wecom: externalcontact/get: errcode 40096: `},
		{[]string{"customers", "get", "wm1"}, map[string]string{"WECOM_SECRET": "x"}, 2, `^wecom: no corp id: set --corp-id or WECOM_CORP_ID$`},
		{[]string{"customers", "get", "wm1"}, map[string]string{"WECOM_CORP_ID": "ww1"}, 2, `^wecom: no secret: set --secret or WECOM_SECRET$`},
		{[]string{"--agent-id", "x", "tags", "list"}, vars, 2, `agent id "x" is not a number`},
		{[]string{"tags", "add", "VIP"}, vars, 2, `give one of --group and --group-id`},
		{[]string{"raw", "post", "externalcontact/remark", "{nope"}, vars, 2, `not valid JSON`},
		{[]string{"raw", "get", "externalcontact/list", "userid"}, vars, 2, `"userid" is not KEY=VALUE`},
		{[]string{"raw", "get", "externalcontact/nosuch"}, vars, 1, `^wecom: externalcontact/nosuch: errcode 48002: api forbidden: /cgi-bin/externalcontact/nosuch is not simulated`},
		{[]string{"ways", "create", "--type", "1", "--users", "a,b"}, vars, 2, `^wecom: invalid user: has 2 members, a type 1 \(single\) way takes exactly one$`},
		{[]string{"events", "serve"}, vars, 2, `no token`},
		{[]string{"groupchats", "list", "--status", "7"}, vars, 2, `--status must be 0 to 3`},
	} {
		r := wecom(t, tc.vars, "", tc.args...)
		assert.Equal(t, tc.code, r.code, "%v: %s", tc.args, r.stderr)
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		require.Len(t, lines, 1, "%v: one line: %q", tc.args, r.stderr)
		assert.Regexp(t, tc.want, lines[0], "%v", tc.args)
		assert.NotContains(t, r.stderr, s.Secret)
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	s := sim(t)
	const wrong = "wrong-secret-value-1234567890"
	// A wrong secret (gettoken fails), given by flag and by environment.
	for _, tc := range []struct {
		vars map[string]string
		args []string
	}{
		{map[string]string{"WECOM_CORP_ID": s.CorpID, "WECOM_BASE_URL": s.URL}, []string{"--secret", wrong, "customers", "get", "wm1"}},
		{map[string]string{"WECOM_CORP_ID": s.CorpID, "WECOM_BASE_URL": s.URL, "WECOM_SECRET": wrong}, []string{"tags", "list"}},
		{map[string]string{"WECOM_CORP_ID": s.CorpID, "WECOM_BASE_URL": s.URL, "WECOM_SECRET": wrong}, []string{"customers", "export"}},
	} {
		r := wecom(t, tc.vars, "", tc.args...)
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "40001")
		assert.NotContains(t, r.stderr+r.stdout, wrong)
	}
	// Help shows where the secret comes from, never its value.
	r := wecom(t, simEnv(s), "", "--help")
	assert.Contains(t, r.stdout, "WECOM_SECRET")
	assert.NotContains(t, r.stdout, s.Secret)
}

func TestFlagsOverEnvironment(t *testing.T) {
	s := sim(t)
	vars := map[string]string{"WECOM_CORP_ID": "wwWRONG", "WECOM_SECRET": "wrong", "WECOM_BASE_URL": "http://127.0.0.1:1"}
	r := wecom(t, vars, "", "--corp-id", s.CorpID, "--secret", s.Secret, "raw", "get", "--base-url", s.URL, "externalcontact/get_follow_user_list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"zhangsan"`)
}

// lines returns the non-empty lines of s, sorted.
func sortedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func TestExportResumesFromItsCheckpoint(t *testing.T) {
	for _, format := range []string{"jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			s := sim(t)
			vars := simEnv(s)
			full := wecom(t, vars, "", "customers", "export", "--format", format, "--progress", "none")
			require.Equal(t, 0, full.code, full.stderr)

			dir := t.TempDir()
			out, ckpt := filepath.Join(dir, "out."+format), filepath.Join(dir, "export.ckpt")
			args := []string{"customers", "export", "--format", format, "--out", out, "--checkpoint", ckpt,
				"--concurrency", "1", "--page-size", "5", "--progress", "plain"}
			// WeCom's rate limit cuts the export short after three pages.
			s.Faults().RateLimit("externalcontact/batch/get_by_user", 3, time.Hour)
			r := wecom(t, vars, "", args...)
			require.Equal(t, 1, r.code)
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			assert.Regexp(t, `^stopped after 15 customers \(3 pages, \d/\d+ members\) in `, lines[len(lines)-2])
			assert.Regexp(t, `^wecom: externalcontact/batch/get_by_user: rate limited \(errcode 45009\).* \(progress saved in .*export\.ckpt: run the same command to resume\)$`, lines[len(lines)-1])
			assert.FileExists(t, ckpt)
			partial, err := os.ReadFile(out)
			require.NoError(t, err)

			// A crash after the checkpoint leaves output it does not count:
			// the resumed run drops it.
			f, err := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.WriteString("half a line written before the crash")
			require.NoError(t, err)
			require.NoError(t, f.Close())

			s.Faults().Reset()
			r = wecom(t, vars, "", args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Regexp(t, `exported 40 customers \(\d+ pages, 8/8 members\) in `, r.stderr)
			assert.NoFileExists(t, ckpt, "removed once the export is complete")
			got, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.True(t, bytes.HasPrefix(got, partial))
			assert.Equal(t, sortedLines(full.stdout), sortedLines(string(got)), "nothing lost or repeated")
		})
	}
}

func TestExportPlainProgress(t *testing.T) {
	s := sim(t)
	r := wecom(t, simEnv(s), "", "customers", "export", "--progress", "plain", "--out", filepath.Join(t.TempDir(), "x"))
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, regexp.MustCompile(`(?m)^exported 40 customers \(\d+ pages, 8/8 members\) in \d`), r.stderr)
	assert.NotContains(t, r.stderr, "\r", "no bar when stderr is not a terminal")
	// auto is plain when stderr is not a terminal.
	r = wecom(t, simEnv(s), "", "customers", "export", "--out", filepath.Join(t.TempDir(), "x"))
	assert.Regexp(t, `(?m)^exported 40 customers`, r.stderr)
	assert.NotContains(t, r.stderr, "\r")
}

func TestEventsServe(t *testing.T) {
	s := sim(t)
	const token, key = "QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	vars := simEnv(s)
	vars["WECOM_CALLBACK_AES_KEY"] = key
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"events", "serve", "--addr", "127.0.0.1:0", "--token", token}, &env{
			stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }})
	}()
	addr := regexp.MustCompile(`receiving events at (http://\S+)`)
	require.Eventually(t, func() bool { return addr.MatchString(errOut.String()) }, 5*time.Second, 5*time.Millisecond)
	url := addr.FindStringSubmatch(errOut.String())[1]

	require.NoError(t, s.SetCallback(worktest.CallbackConfig{URL: url, Token: token, EncodingAESKey: key}))
	require.NoError(t, s.VerifyCallbackURL(ctx))
	added, err := s.AddContact(ctx, worktest.AddContact{UserID: "zhangsan"})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "\n") }, 5*time.Second, 5*time.Millisecond)
	line := strings.Split(out.String(), "\n")[0]
	assert.Contains(t, line, `"ChangeType":"add_external_contact"`)
	assert.Contains(t, line, `"UserID":"zhangsan"`)
	assert.Contains(t, line, `"ExternalUserID":"`+added.ExternalUserID+`"`)
	assert.Regexp(t, `^\{"ToUserName":"`+s.CorpID+`",`, line)
	cancel()
	assert.Equal(t, 0, <-done)
	assert.NotContains(t, errOut.String()+out.String(), key)
}

func TestXMLToJSON(t *testing.T) {
	b, err := xmlToJSON([]byte(`<xml><ToUserName><![CDATA[ww1]]></ToUserName><CreateTime>1403610513</CreateTime>` +
		`<TagIDs><TagID>a</TagID><TagID>b</TagID></TagIDs><Empty/></xml>`))
	require.NoError(t, err)
	assert.Equal(t, `{"ToUserName":"ww1","CreateTime":"1403610513","TagIDs":{"TagID":["a","b"]},"Empty":""}`, string(b))
	_, err = xmlToJSON([]byte(`<xml><a>`))
	assert.Error(t, err)
}
