package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/provider"
)

const (
	testProviderCorp   = "wwprovider0000001"
	testProviderSecret = "provider-secret-0123456789abcdef"
	testSuiteID        = "wwsuite0000000001"
	testSuiteSecret    = "suite-secret-0123456789abcdefghij"
	testTicket         = "ticket-0123456789abcdefghijklmnopqrstu"
)

var bg = context.Background()

// wire is one request as the fake saw it.
type wire struct {
	Method, Path string
	Query        url.Values
	Body         string
}

// fakeWeCom is a small stateful WeCom for the provider's calls: suite
// tickets and tokens, auth codes, permanent codes, corp tokens, and one
// data endpoint (externalcontact/get) that checks the token it gets
// belongs to the corp the call is for (the external_userid names it).
type fakeWeCom struct {
	t   testing.TB
	srv *httptest.Server

	mu          sync.Mutex
	reqs        []wire
	canned      map[string]string // path → answer, instead of the state
	status      map[string]int    // path → HTTP status to answer once
	n           int
	tickets     map[string]bool   // valid suite tickets
	suiteTokens map[string]bool   // valid suite tokens
	authCodes   map[string]string // auth code → corp id, used once
	codes       map[string]string // corp id → its current permanent code
	corpTokens  map[string]issued // valid corp tokens
	mismatches  []string          // data calls whose token was another corp's
	dataCalls   map[string]int    // corp → data calls answered
}

// issued is a corp token: whose, and from which permanent code.
type issued struct{ corp, code string }

func newFake(t testing.TB) *fakeWeCom {
	f := &fakeWeCom{t: t, canned: map[string]string{}, status: map[string]int{},
		tickets: map[string]bool{testTicket: true}, suiteTokens: map[string]bool{},
		authCodes: map[string]string{}, codes: map[string]string{}, corpTokens: map[string]issued{},
		dataCalls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWeCom) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimPrefix(r.URL.Path, "/cgi-bin/")
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, wire{r.Method, path, q, string(body)})
	if st, ok := f.status[path]; ok {
		delete(f.status, path)
		w.WriteHeader(st)
		io.WriteString(w, "<html>bad gateway</html>")
		return
	}
	if c, ok := f.canned[path]; ok {
		io.WriteString(w, c)
		return
	}
	var in map[string]string
	_ = json.Unmarshal(body, &in) // the fields used below are strings; others fail the checks
	io.WriteString(w, f.answer(path, q, in))
}

func errJSON(code int, msg string) string {
	return fmt.Sprintf(`{"errcode":%d,"errmsg":"%s"}`, code, msg)
}

func (f *fakeWeCom) answer(path string, q url.Values, in map[string]string) string {
	f.n++
	switch path {
	case "service/get_provider_token":
		if in["corpid"] != testProviderCorp {
			return errJSON(40013, "invalid corpid")
		}
		if in["provider_secret"] != testProviderSecret {
			return errJSON(40001, "invalid secret")
		}
		return fmt.Sprintf(`{"errcode":0,"errmsg":"ok","provider_access_token":"PT-%d","expires_in":7200}`, f.n)
	case "service/get_suite_token":
		switch {
		case in["suite_id"] != testSuiteID:
			return errJSON(40083, "invalid suite_id")
		case in["suite_secret"] != testSuiteSecret:
			return errJSON(40080, "invalid suite_secret")
		case !f.tickets[in["suite_ticket"]]:
			return errJSON(40085, "invalid suite_ticket")
		}
		tok := fmt.Sprintf("ST-%d", f.n)
		f.suiteTokens[tok] = true
		return `{"errcode":0,"errmsg":"ok","suite_access_token":"` + tok + `","expires_in":7200}`
	case "gettoken": // 代开发: corpsecret is the permanent code
		corp := q.Get("corpid")
		if code, ok := f.codes[corp]; !ok || code != q.Get("corpsecret") {
			return errJSON(40001, "invalid secret")
		}
		return f.issueCorpToken(corp, q.Get("corpsecret"))
	case "externalcontact/get":
		tok := q.Get("access_token")
		want := strings.TrimPrefix(q.Get("external_userid"), "wm-")
		got, ok := f.corpTokens[tok]
		if !ok {
			return errJSON(40014, "invalid access_token")
		}
		if got.corp != want {
			f.mismatches = append(f.mismatches, fmt.Sprintf("token of %s sent for %s", got.corp, want))
		}
		f.dataCalls[want]++
		return `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"` + q.Get("external_userid") +
			`","name":"` + got.corp + `","type":1},"follow_user":[]}`
	}
	// Every other path takes a suite token.
	if !f.suiteTokens[q.Get("suite_access_token")] {
		return errJSON(40082, "invalid suite_access_token")
	}
	switch path {
	case "service/get_permanent_code", "service/v2/get_permanent_code":
		corp, ok := f.authCodes[in["auth_code"]]
		if !ok {
			return errJSON(40078, "invalid auth_code")
		}
		delete(f.authCodes, in["auth_code"])
		code := fmt.Sprintf("PC-%s-%d", corp, f.n)
		f.codes[corp] = code
		if path == "service/v2/get_permanent_code" {
			return `{"errcode":0,"errmsg":"ok","permanent_code":"` + code + `","auth_corp_info":{"corpid":"` + corp +
				`","corp_name":"Corp ` + corp + `"},"state":"v2"}`
		}
		return `{"errcode":0,"errmsg":"ok","access_token":"unused","expires_in":7200,"permanent_code":"` + code +
			`","auth_corp_info":{"corpid":"` + corp + `","corp_name":"Corp ` + corp +
			`"},"auth_info":{"agent":[{"agentid":1000012,"name":"客户助手","privilege":{}}]},"auth_user_info":{"userid":"admin"}}`
	case "service/get_corp_token":
		corp := in["auth_corpid"]
		if code, ok := f.codes[corp]; !ok || code != in["permanent_code"] {
			return errJSON(40084, "invalid permanent_code")
		}
		return f.issueCorpToken(corp, in["permanent_code"])
	}
	return `{"errcode":404,"errmsg":"not faked: ` + path + `"}`
}

func (f *fakeWeCom) issueCorpToken(corp, code string) string {
	tok := fmt.Sprintf("CT-%s-%d", corp, f.n)
	f.corpTokens[tok] = issued{corp, code}
	return `{"errcode":0,"errmsg":"ok","access_token":"` + tok + `","expires_in":7200}`
}

// authorize makes an auth code for corp, as a corp admin's install does.
func (f *fakeWeCom) authorize(corp string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	code := fmt.Sprintf("AUTH-%s-%d", corp, f.n)
	f.authCodes[code] = corp
	return code
}

// cancel ends corp's authorisation: its permanent code and tokens die.
func (f *fakeWeCom) cancel(corp string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.codes, corp)
	for tok, is := range f.corpTokens {
		if is.corp == corp {
			delete(f.corpTokens, tok)
		}
	}
}

// resetCode kills corp's permanent code and tokens and returns the auth
// code of reset_permanent_code.
func (f *fakeWeCom) resetCode(corp string) string {
	f.cancel(corp)
	return f.authorize(corp)
}

func (f *fakeWeCom) requests() []wire {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]wire(nil), f.reqs...)
}

// count returns how many requests went to path.
func (f *fakeWeCom) count(path string) int {
	n := 0
	for _, r := range f.requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// tokensSentFor returns the access tokens of the data calls for corp.
func (f *fakeWeCom) tokensSentFor(corp string) []string {
	var out []string
	for _, r := range f.requests() {
		if r.Path == "externalcontact/get" && r.Query.Get("external_userid") == "wm-"+corp {
			out = append(out, r.Query.Get("access_token"))
		}
	}
	return out
}

func (f *fakeWeCom) issuedFor(tok string) issued {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.corpTokens[tok]
}

func (f *fakeWeCom) codeOf(corp string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.codes[corp]
}

func (f *fakeWeCom) mismatchList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.mismatches...)
}

func (f *fakeWeCom) can(path, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.canned[path] = body
}

func (f *fakeWeCom) failOnce(path string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status[path] = status
}

func (f *fakeWeCom) addTicket(t string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tickets[t] = true
}

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1_718_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type setup struct {
	f     *fakeWeCom
	clk   *clock
	cache core.Cache
	store *provider.MemoryPermanentCodeStore
	p     *provider.Provider
	s     *provider.Suite
}

type setupOpts struct {
	customized bool
	v2         bool
	noTicket   bool
	cache      core.Cache
	store      *provider.MemoryPermanentCodeStore
	f          *fakeWeCom
	clk        *clock
	logger     *slog.Logger
}

// newSetup builds a provider with one suite against a fake (a new one, or
// o.f: another instance of the same service), with the ticket received.
func newSetup(t testing.TB, o setupOpts) *setup {
	t.Helper()
	if o.f == nil {
		o.f = newFake(t)
	}
	if o.clk == nil {
		o.clk = newClock()
	}
	if o.cache == nil {
		o.cache = core.NewMemoryCache()
	}
	if o.store == nil {
		o.store = provider.NewMemoryPermanentCodeStore()
	}
	p, err := provider.New(provider.Config{CorpID: testProviderCorp, ProviderSecret: testProviderSecret,
		BaseURL: o.f.srv.URL, Cache: o.cache, Now: o.clk.Now, Logger: o.logger,
		Retry: core.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}})
	require.NoError(t, err)
	s, err := p.NewSuite(provider.SuiteConfig{SuiteID: testSuiteID, Secret: testSuiteSecret,
		Customized: o.customized, V2: o.v2, PermanentCodes: o.store})
	require.NoError(t, err)
	if !o.noTicket {
		require.NoError(t, s.SetTicket(bg, testTicket, o.clk.Now()))
	}
	return &setup{f: o.f, clk: o.clk, cache: o.cache, store: o.store, p: p, s: s}
}

// authorized runs the install flow for each corp: auth code, Authorize.
func (st *setup) authorized(t testing.TB, corps ...string) {
	t.Helper()
	for _, c := range corps {
		_, err := st.s.Authorize(bg, st.f.authorize(c))
		require.NoError(t, err)
	}
}

// get makes one data call for corp through app.
func getFor(ctx context.Context, st *setup, corp string) error {
	app, err := st.s.App(ctx, corp)
	if err != nil {
		return err
	}
	_, err = app.ExternalContact().Get(ctx, "wm-"+corp)
	return err
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "provider", name))
	require.NoError(t, err)
	return string(b)
}

func fmtSprintf(format string, v any) string { return fmt.Sprintf(format, v) }
