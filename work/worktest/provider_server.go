package worktest

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/provider"
)

// ProviderServer simulates WeCom for a service provider (服务商): the
// provider's suites (第三方应用, 代开发 templates) with their tickets, the
// install flow (pre-auth code → auth code → permanent code), and every corp
// that authorised a suite, each a simulator of its own with its own
// generated data, reached through one URL:
//
//	sim := worktest.NewProviderServer()
//	defer sim.Close()
//	suite, _ := sim.AddSuite(worktest.SuiteSpec{Callback: &worktest.CallbackConfig{URL: …}})
//	p, _ := provider.New(sim.ProviderConfig())
//	s, _ := p.NewSuite(sim.SuiteConfig(suite.ID))
//	err := sim.PushTicket(ctx, suite.ID)             // suite_ticket to the 指令回调 URL
//	inst, _ := sim.Install(ctx, worktest.Install{SuiteID: suite.ID}) // create_auth
//	app, _ := s.App(ctx, inst.CorpID)                // that corp's customers
//
// A request carrying a corp's access_token (from service/get_corp_token,
// get_permanent_code, or gettoken for a 代开发 app) goes to that corp's
// simulator (Corp); everything else, the service/… endpoints included, to
// the provider's own simulator (Provider). It is safe for concurrent use.
type ProviderServer struct {
	// URL is the base URL, "http://127.0.0.1:port".
	URL string
	// ProviderCorpID and ProviderSecret are what service/get_provider_token
	// accepts (服务商的corpid, provider_secret).
	ProviderCorpID, ProviderSecret string

	s        *Server // the provider's simulator: service/… and its own corp
	opts     []Option
	seed     int64
	tokenTTL time.Duration

	mu       sync.Mutex
	hs       *http.Server
	serveErr chan error
	close    sync.Once
}

// NewProviderServer starts a provider-mode simulator on 127.0.0.1 at a
// random port. opts configure the provider's own simulator and every
// authorised corp's (sizes, clock, logger; each corp's data is seeded from
// the seed and its corp id). It panics when the options are invalid or no
// port can be opened, like NewServer. Close it when done.
func NewProviderServer(opts ...Option) *ProviderServer {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(opts...)
	if err != nil {
		panic(err)
	}
	creds := newRNG(cfg.seed, 0x70726f76) // "prov"
	p := &ProviderServer{s: s, opts: opts, seed: cfg.seed, tokenTTL: cfg.tokenTTL,
		ProviderCorpID: "ww" + creds.hex(16), ProviderSecret: creds.alnum(43)}
	must(p.write(func(ps *providerState, _ time.Time) error {
		ps.corpID, ps.secret = p.ProviderCorpID, p.ProviderSecret
		ps.provTokens = newTokens(cfg.tokenTTL, false, newRNG(cfg.seed, 0x70746f6b))
		ps.r = newRNG(cfg.seed, 0x70636f64)
		return nil
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("worktest: failed to listen on a port: %v", err))
	}
	p.URL = "http://" + l.Addr().String()
	s.URL = p.URL
	p.hs = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	p.serveErr = make(chan error, 1)
	go func(hs *http.Server) { p.serveErr <- hs.Serve(l) }(p.hs)
	return p
}

func must(err error) {
	if err != nil {
		panic(err) // unreachable: the function given cannot fail
	}
}

// Close stops the server and every corp's simulator.
func (p *ProviderServer) Close() {
	p.close.Do(func() {
		if err := p.hs.Close(); err != nil && p.s.logger != nil {
			p.s.logger.Error("worktest: provider close", slog.String("error", err.Error()))
		}
		if err := <-p.serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) && p.s.logger != nil {
			p.s.logger.Error("worktest: provider serve", slog.String("error", err.Error()))
		}
		for _, c := range p.corps() {
			c.Close()
		}
		p.s.Close()
	})
}

// Provider returns the provider's own simulator, which answers the
// service/… endpoints: its Requests and Count show them, its Faults
// apply to them.
func (p *ProviderServer) Provider() *Server { return p.s }

// Clock returns the clock every simulator of the provider shares.
func (p *ProviderServer) Clock() *Clock { return p.s.clock }

// Corp returns the simulator of an authorised corp (its data, back doors,
// request log and faults), or nil for a corp that never authorised.
func (p *ProviderServer) Corp(corpID string) *Server {
	var c *Server
	p.read(func(ps *providerState, _ time.Time) { c = ps.corps[corpID] })
	return c
}

// Corps lists the corps that ever authorised a suite, in order.
func (p *ProviderServer) Corps() []string {
	var ids []string
	p.read(func(ps *providerState, _ time.Time) { ids = append(ids, ps.corpOrder...) })
	return ids
}

func (p *ProviderServer) corps() []*Server {
	var out []*Server
	p.read(func(ps *providerState, _ time.Time) {
		for _, id := range ps.corpOrder {
			out = append(out, ps.corps[id])
		}
	})
	return out
}

// ProviderConfig returns a provider.Config pointing at the simulator: its
// BaseURL, the provider's corp id and secret, and the simulator's clock
// (tickets are stamped with it).
func (p *ProviderServer) ProviderConfig() provider.Config {
	return provider.Config{CorpID: p.ProviderCorpID, ProviderSecret: p.ProviderSecret, BaseURL: p.URL, Now: p.s.clock.Now}
}

// SuiteConfig returns the provider.SuiteConfig of a suite added with
// AddSuite (the zero value for an unknown id).
func (p *ProviderServer) SuiteConfig(suiteID string) provider.SuiteConfig {
	var cfg provider.SuiteConfig
	p.read(func(ps *providerState, _ time.Time) {
		if su := ps.suites[suiteID]; su != nil {
			cfg = provider.SuiteConfig{SuiteID: su.id, Secret: su.secret, Customized: su.customized}
		}
	})
	return cfg
}

// write and read are the provider group's back door.
func (p *ProviderServer) write(f func(ps *providerState, now time.Time) error) error {
	return backDoor{p.s}.write(func(st *store, now time.Time) error { return f(st.provider(), now) })
}

func (p *ProviderServer) read(f func(ps *providerState, now time.Time)) {
	backDoor{p.s}.read(func(st *store, now time.Time) { f(st.provider(), now) })
}

// ServeHTTP routes a request: to the corp whose access_token it carries
// (or, for gettoken, whose corp id it names), else to the provider's own
// simulator.
func (p *ProviderServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if strings.TrimPrefix(r.URL.Path, "/cgi-bin/") == "gettoken" {
		if corp, secret := p.gettokenCorp(q.Get("corpid"), q.Get("corpsecret")); corp != nil {
			if secret != "" {
				q.Set("corpsecret", secret)
				r = r.Clone(r.Context())
				r.URL.RawQuery = q.Encode()
			}
			corp.ServeHTTP(w, r)
			return
		}
	} else if tok := q.Get("access_token"); tok != "" {
		if corp := p.tokenCorp(tok); corp != nil {
			corp.ServeHTTP(w, r)
			return
		}
	}
	p.s.ServeHTTP(w, r)
}

// tokenCorp returns the corp that issued tok (valid or expired).
func (p *ProviderServer) tokenCorp(tok string) *Server {
	now := p.s.clock.Now()
	for _, c := range p.corps() {
		if c.tokens.check(tok, now) != codeInvalidToken {
			return c
		}
	}
	return nil
}

// gettokenCorp returns the corp a gettoken names and, when secret is the
// permanent code of its 代开发 authorisation (the 代开发 app's secret), the
// corp simulator's own secret to check instead.
func (p *ProviderServer) gettokenCorp(corpID, secret string) (*Server, string) {
	var corp *Server
	var own string
	p.read(func(ps *providerState, _ time.Time) {
		if corp = ps.corps[corpID]; corp == nil || secret == "" {
			return
		}
		for k, a := range ps.auths {
			if k.corp == corpID && a.code == secret && ps.suites[k.suite].customized {
				own = corp.Secret
			}
		}
	})
	return corp, own
}

// SuiteSpec describes a suite for AddSuite. Every field is optional.
type SuiteSpec struct {
	// ID and Secret are the suite_id and suite_secret; empty means ones
	// derived from the seed ("ww…" and 43 characters).
	ID, Secret string
	// Name is the app's name in auth_info (default "模拟应用").
	Name string
	// Customized makes it a 代开发 template: a corp's permanent code is
	// then also its 代开发 app's secret, for gettoken.
	Customized bool
	// AgentID is the app's agent id in every authorising corp (default
	// 1000100 + the suite's number).
	AgentID int64
	// Callback is the suite's 指令回调 URL with its Token and
	// EncodingAESKey; deliveries are encrypted for the suite id. Without it
	// tickets and authorisation events are issued but not pushed.
	Callback *CallbackConfig
}

// Suite is a suite added with AddSuite.
type Suite struct {
	ID, Secret string
	Customized bool
	AgentID    int64
}

// AddSuite adds a suite. Its first ticket is issued now and a new one
// every TicketInterval of the simulator clock (PushTicket and
// AdvanceClock deliver them). It fails on a duplicate id or an invalid
// Callback.
func (p *ProviderServer) AddSuite(spec SuiteSpec) (Suite, error) {
	var out Suite
	err := p.write(func(ps *providerState, now time.Time) error {
		n := len(ps.suites) + 1
		su := &simSuite{id: spec.ID, secret: spec.Secret, name: spec.Name, customized: spec.Customized,
			agentID: spec.AgentID, epoch: now, pushed: -1,
			tokens: newTokens(p.tokenTTL, false, newRNG(p.seed, uint64(0x73746f6b00+n)))}
		if su.id == "" {
			su.id = "ww" + ps.r.hex(16)
		}
		if su.secret == "" {
			su.secret = ps.r.alnum(43)
		}
		if su.name == "" {
			su.name = "模拟应用"
		}
		if su.agentID == 0 {
			su.agentID = 1000100 + int64(n)
		}
		if _, dup := ps.suites[su.id]; dup {
			return fmt.Errorf("worktest: suite %s exists already", su.id)
		}
		if spec.Callback != nil {
			t, err := newSuiteTarget(*spec.Callback, su.id)
			if err != nil {
				return err
			}
			su.target = t
		}
		ps.suites[su.id] = su
		out = Suite{ID: su.id, Secret: su.secret, Customized: su.customized, AgentID: su.agentID}
		return nil
	})
	return out, err
}

// newSuiteTarget validates a suite's callback, encrypting for its id.
func newSuiteTarget(cfg CallbackConfig, suiteID string) (*callbackTarget, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("worktest: callback URL %q is not an absolute http(s) URL", cfg.URL)
	}
	cr, err := callback.NewCrypto(cfg.Token, cfg.EncodingAESKey, suiteID)
	if err != nil {
		return nil, fmt.Errorf("worktest: callback: %w", err)
	}
	t := &callbackTarget{cfg: cfg, crypto: cr, client: cfg.Client, now: cfg.Now, retries: cfg.Retries, delay: cfg.RetryDelay}
	if t.client == nil {
		t.client = &http.Client{Timeout: DefaultCallbackTimeout}
	}
	if t.now == nil {
		t.now = time.Now
	}
	switch {
	case t.retries == 0:
		t.retries = DefaultCallbackRetries
	case t.retries < 0:
		t.retries = 0
	}
	if t.delay <= 0 {
		t.delay = DefaultCallbackRetryDelay
	}
	return t, nil
}
