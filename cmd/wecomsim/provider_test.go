package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/provider"
	"github.com/wecomkit/wecom/work/worktest"
)

func TestParseProviderFlags(t *testing.T) {
	o, err := parse(nil, io.Discard)
	require.NoError(t, err)
	assert.False(t, o.provider, "corp mode by default")

	o, err = parse([]string{"-provider", "-suite-id", "wwsuite1", "-suite-secret", "ss", "-customized", "-install", "wwcorp1",
		"-callback", "http://127.0.0.1:9/cb", "-callback-token", "tok", "-callback-aeskey", strings.Repeat("k", 43)}, io.Discard)
	require.NoError(t, err)
	assert.True(t, o.provider)
	assert.Equal(t, "wwsuite1", o.suiteID)
	assert.Equal(t, "ss", o.suiteSecret)
	assert.True(t, o.customized)
	assert.Equal(t, "wwcorp1", o.install)
	assert.Equal(t, "http://127.0.0.1:9/cb", o.callbackURL)

	for _, args := range [][]string{
		{"-suite-id", "x"},
		{"-suite-secret", "x"},
		{"-customized"},
		{"-install", "wwcorp1"},
		{"-provider", "-data", "x.json"},
		{"-provider", "-dump"},
		{"-provider", "-corpid", "wwx"},
		{"-provider", "-secret", "x"},
		{"-provider", "-callback", "http://127.0.0.1:9/cb"},
	} {
		_, err := parse(args, io.Discard)
		assert.Error(t, err, "%v", args)
	}
}

// serveProvider runs wecomsim -provider with args until the test ends and
// returns the simulator and the printout so far.
func serveProvider(t *testing.T, args ...string) (*worktest.ProviderServer, func() string) {
	t.Helper()
	o, err := parse(append([]string{"-provider", "-addr", "127.0.0.1:0"}, args...), io.Discard)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var out strings.Builder
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	started := make(chan *worktest.ProviderServer, 1)
	done := make(chan error, 1)
	go func() {
		done <- runProvider(ctx, o, w, io.Discard, func(p *worktest.ProviderServer) { started <- p })
	}()
	var p *worktest.ProviderServer
	select {
	case p = <-started:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	return p, func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
}

func TestProviderBannerTellsHowToConnect(t *testing.T) {
	p, out := serveProvider(t, "-clock", "frozen", "-suite-id", "wwsuitebanner01", "-suite-secret", "suiteSecret1")
	text := out()
	ticket := p.Ticket("wwsuitebanner01")
	require.NotEmpty(t, ticket)
	for _, want := range []string{
		"simulated WeCom for a service provider (服务商) at " + p.URL,
		"provider corpid: " + p.ProviderCorpID,
		"provider_secret: " + p.ProviderSecret,
		"suite_id:        wwsuitebanner01",
		"suite_secret:    suiteSecret1",
		"suite_ticket:    " + ticket,
		`provider.New(provider.Config{CorpID: "` + p.ProviderCorpID + `", ProviderSecret: "` + p.ProviderSecret +
			`", BaseURL: "` + p.URL + `"})`,
		`p.NewSuite(provider.SuiteConfig{SuiteID: "wwsuitebanner01", Secret: "suiteSecret1"})`,
		`suite.SetTicket(ctx, "` + ticket + `", time.Now())`,
		"POST " + p.URL + "/control/install?corp=CORPID",
		"callback: none",
	} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "Customized")

	// What the banner says works: the SDK gets a suite token and a
	// pre-auth code from the address listened on.
	ctx := context.Background()
	prov, err := provider.New(provider.Config{CorpID: p.ProviderCorpID, ProviderSecret: p.ProviderSecret, BaseURL: p.URL})
	require.NoError(t, err)
	suite, err := prov.NewSuite(provider.SuiteConfig{SuiteID: "wwsuitebanner01", Secret: "suiteSecret1"})
	require.NoError(t, err)
	require.NoError(t, suite.SetTicket(ctx, ticket, time.Now()))
	pre, err := suite.GetPreAuthCode(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, pre.PreAuthCode)
	assert.Equal(t, 1, p.Provider().Count("service/get_suite_token"))
}

func TestProviderBannerDefaults(t *testing.T) {
	p, out := serveProvider(t, "-clock", "frozen", "-customized", "-install", "wwbannercorp01")
	suite := p.SuiteConfig(firstSuite(t, out()))
	require.NotEmpty(t, suite.SuiteID, "a suite derived from the seed")
	text := out()
	assert.Contains(t, text, "suite_secret:    "+suite.Secret)
	assert.Contains(t, text, "代开发 template")
	assert.Contains(t, text, `Secret: "`+suite.Secret+`", Customized: true})`)
	assert.Contains(t, text, "installed corp:  wwbannercorp01")
	assert.Contains(t, text, `suite.App(ctx, "wwbannercorp01")`)
	assert.Equal(t, []string{"wwbannercorp01"}, p.Corps())
}

// firstSuite reads the suite id off the banner.
func firstSuite(t *testing.T, text string) string {
	t.Helper()
	_, rest, ok := strings.Cut(text, "suite_id:")
	require.True(t, ok, text)
	fields := strings.Fields(rest)
	require.NotEmpty(t, fields)
	return fields[0]
}

func TestProviderInstallControl(t *testing.T) {
	p, out := serveProvider(t, "-clock", "frozen", "-members", "2", "-fail", "externalcontact/get_follow_user_list:60011:1")
	suiteID := firstSuite(t, out())
	var in struct {
		CorpID    string `json:"corp_id"`
		AuthCode  string `json:"auth_code"`
		Delivered bool   `json:"delivered"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, p.URL+"/control/install?corp=wwinstalled001&state=s1", &in))
	assert.Equal(t, "wwinstalled001", in.CorpID)
	assert.NotEmpty(t, in.AuthCode)
	assert.False(t, in.Delivered, "no callback")
	corp := p.Corp("wwinstalled001")
	require.NotNil(t, corp, "the corp's simulator exists")
	assert.Equal(t, p.URL, corp.URL)

	var corps struct {
		Corps []string `json:"corps"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodGet, p.URL+"/control/corps", &corps))
	assert.Equal(t, []string{"wwinstalled001"}, corps.Corps)

	// The provider exchanges the auth code and serves the corp, whose
	// first call meets the -fail fault the install gave it.
	ctx := context.Background()
	prov, err := provider.New(p.ProviderConfig())
	require.NoError(t, err)
	suite, err := prov.NewSuite(p.SuiteConfig(suiteID))
	require.NoError(t, err)
	require.NoError(t, suite.SetTicket(ctx, p.Ticket(suiteID), p.Clock().Now()))
	auth, err := suite.Authorize(ctx, in.AuthCode)
	require.NoError(t, err)
	assert.Equal(t, "wwinstalled001", auth.CorpID)
	app, err := suite.App(ctx, "wwinstalled001")
	require.NoError(t, err)
	_, err = app.ExternalContact().GetFollowUsers(ctx)
	assert.Error(t, err, "the fault")
	users, err := app.ExternalContact().GetFollowUsers(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"zhangsan", "lisi"}, users)

	var e struct {
		Error string `json:"error"`
	}
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, p.URL+"/control/install?suite=wwnosuch", &e))
	assert.Contains(t, e.Error, "unknown suite wwnosuch")
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, p.URL+"/control/install?pre_auth_code=bogus", &e))
	assert.Contains(t, e.Error, "pre_auth_code")
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, p.URL+"/control/push_ticket", &e))
	assert.Contains(t, e.Error, "callback")
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, p.URL+"/control/cancel?corp=wwnever", &e))

	var c struct {
		Cancelled bool `json:"cancelled"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, p.URL+"/control/cancel?corp=wwinstalled001", &c))
	assert.True(t, c.Cancelled)
	assert.Empty(t, p.PermanentCode(suiteID, "wwinstalled001"))
}

func TestProviderCallback(t *testing.T) {
	const token, key, suiteID = "cbToken123", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wwsuitecallback1"
	var (
		mu      sync.Mutex
		tickets []string
		auths   []*callback.CreateAuthEvent
	)
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key, ReceiverIDs: []string{suiteID}})
	require.NoError(t, err)
	h.OnSuiteTicket(func(_ context.Context, e *callback.SuiteTicketEvent) error {
		mu.Lock()
		defer mu.Unlock()
		tickets = append(tickets, e.SuiteTicket)
		return nil
	})
	h.OnCreateAuth(func(_ context.Context, e *callback.CreateAuthEvent) error {
		mu.Lock()
		defer mu.Unlock()
		auths = append(auths, e)
		return nil
	})
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	received := func() ([]string, int) {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), tickets...), len(auths)
	}

	p, out := serveProvider(t, "-clock", "frozen", "-suite-id", suiteID, "-install", "wwcallbackcorp1",
		"-callback", rcv.URL+"/suite", "-callback-token", token, "-callback-aeskey", key)
	assert.Contains(t, out(), "callback: 指令回调 (suite_ticket, create_auth, cancel_auth) POSTed, encrypted for the suite id, to "+
		rcv.URL+"/suite")
	assert.NotContains(t, out(), key, "the key is not printed")

	// At start: the first ticket, then create_auth for -install.
	first := p.Ticket(suiteID)
	got, n := received()
	assert.Equal(t, []string{first}, got)
	require.Equal(t, 1, n)
	mu.Lock()
	assert.Equal(t, suiteID, auths[0].SuiteID)
	assert.NotEmpty(t, auths[0].AuthCode)
	mu.Unlock()

	var pushed struct {
		SuiteTicket string `json:"suite_ticket"`
		Delivered   bool   `json:"delivered"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, p.URL+"/control/push_ticket", &pushed))
	assert.True(t, pushed.Delivered)
	assert.Equal(t, first, pushed.SuiteTicket)

	// The clock moves: the ticket issued meanwhile is pushed, no sleep.
	var adv struct {
		Delivered bool `json:"delivered"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, p.URL+"/control/advance?by=10m", &adv))
	assert.True(t, adv.Delivered)
	second := p.Ticket(suiteID)
	assert.NotEqual(t, first, second)
	var cur struct {
		SuiteTicket string `json:"suite_ticket"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodGet, p.URL+"/control/ticket", &cur))
	assert.Equal(t, second, cur.SuiteTicket)
	got, _ = received()
	assert.Equal(t, []string{first, first, second}, got, "decrypted by the receiver, in order")

	var in struct {
		CorpID    string `json:"corp_id"`
		AuthCode  string `json:"auth_code"`
		Delivered bool   `json:"delivered"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, p.URL+"/control/install?corp=wwcallbackcorp2&state=expo", &in))
	assert.True(t, in.Delivered)
	_, n = received()
	require.Equal(t, 2, n)
	mu.Lock()
	assert.Equal(t, in.AuthCode, auths[1].AuthCode)
	assert.Equal(t, "expo", auths[1].State)
	mu.Unlock()
}

func TestRunProviderMode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out strings.Builder
	started := make(chan *worktest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-provider", "-addr", "127.0.0.1:0", "-clock", "frozen"}, &out, io.Discard,
			func(s *worktest.Server) { started <- s })
	}()
	var s *worktest.Server
	select {
	case s = <-started:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	var tok struct {
		ErrCode int `json:"errcode"`
	}
	// The provider's own simulator answers service/… at the printed URL.
	getJSON(t, http.MethodPost, s.URL+"/cgi-bin/service/get_provider_token", &tok)
	assert.NotZero(t, tok.ErrCode, "no body: a clear errcode, not a 404")
	assert.Equal(t, 1, s.Count("service/get_provider_token"))
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "for a service provider (服务商) at "+s.URL)

	assert.Error(t, run(context.Background(), []string{"-provider", "-addr", "not an address"}, io.Discard, io.Discard, nil))
}

func TestProviderRunningClockPushesTickets(t *testing.T) {
	const token, key, suiteID = "cbToken123", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wwsuiteticking01"
	var (
		mu      sync.Mutex
		tickets []string
	)
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key, ReceiverIDs: []string{suiteID}})
	require.NoError(t, err)
	h.OnSuiteTicket(func(_ context.Context, e *callback.SuiteTicketEvent) error {
		mu.Lock()
		defer mu.Unlock()
		tickets = append(tickets, e.SuiteTicket)
		return nil
	})
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	// 10 simulated minutes pass in about 10 ms of real time.
	serveProvider(t, "-clock", "scaled", "-clock-rate", "60000", "-tick", "2ms", "-suite-id", suiteID,
		"-callback", rcv.URL, "-callback-token", token, "-callback-aeskey", key)
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(tickets) >= 2
	}, 10*time.Second, 2*time.Millisecond, "the tick pushes the tickets the running clock issues")
	mu.Lock()
	defer mu.Unlock()
	assert.NotEqual(t, tickets[0], tickets[1])
}
