package provider

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// SuiteConfig configures a Suite: a third-party app (第三方应用) or a 代开发
// app template (代开发应用模板), as set up in the provider admin console.
// It prints with its secret redacted.
type SuiteConfig struct {
	// SuiteID is the suite_id (or the 代开发 template id). Required.
	SuiteID string
	// Secret is the suite_secret (or the template secret). Required.
	Secret string
	// Customized marks a 代开发 template: each authorised corp's
	// access_token then comes from gettoken with the corp id and the
	// permanent code (the secret of the corp's 代开发 app), not from
	// service/get_corp_token.
	Customized bool
	// PermanentCodes keeps the authorised corps' permanent codes. Default:
	// NewMemoryPermanentCodeStore(), which a restart empties; give your
	// database in production.
	PermanentCodes PermanentCodeStore
	// V2 makes Authorize use service/v2/get_permanent_code and
	// service/v2/get_auth_info, the forms of WeCom's current docs, instead
	// of service/get_permanent_code.
	V2 bool
}

// String prints the config with the secret redacted.
func (c SuiteConfig) String() string {
	return "provider.SuiteConfig{SuiteID:" + strconv.Quote(c.SuiteID) + ", Secret:" +
		strconv.Quote(core.Redact(c.Secret)) + ", Customized:" + strconv.FormatBool(c.Customized) + "}"
}

// GoString implements fmt.GoStringer with the secret redacted.
func (c SuiteConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c SuiteConfig) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, c.String(), c.GoString())
}

// LogValue implements slog.LogValuer with the secret redacted.
func (c SuiteConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.String("suite_id", c.SuiteID), slog.String("secret", core.Redact(c.Secret)),
		slog.Bool("customized", c.Customized))
}

// Suite is one third-party app or 代开发 template of a Provider: its
// suite_ticket, its suite_access_token, the authorisation calls, and an
// App for every corp that authorised it. Safe for concurrent use; prints
// without secrets.
type Suite struct {
	p       *Provider
	cfg     SuiteConfig
	store   PermanentCodeStore
	tickets *ticketStore
	token   *core.CachedTokenSource
	client  *core.Client // the provider's client with the suite token
	bad     atomic.Pointer[badTicket]

	mu    sync.RWMutex
	corps map[string]*corp
}

// badTicket is a ticket WeCom refused (40085), with the error it gave:
// until another ticket arrives the suite token is not asked for again.
type badTicket struct {
	value string
	err   error
}

// NewSuite registers a suite with the provider and returns it. It fails
// with an *core.ArgError when SuiteID or Secret is missing or the suite is
// registered already.
func (p *Provider) NewSuite(cfg SuiteConfig) (*Suite, error) {
	if err := core.Required("suite_id", cfg.SuiteID); err != nil {
		return nil, err
	}
	if err := core.Required("suite_secret", cfg.Secret); err != nil {
		return nil, err
	}
	if cfg.PermanentCodes == nil {
		cfg.PermanentCodes = NewMemoryPermanentCodeStore()
	}
	s := &Suite{
		p:     p,
		cfg:   cfg,
		store: cfg.PermanentCodes,
		tickets: &ticketStore{cache: p.cfg.Cache, key: "wecom:suite_ticket:" + cfg.SuiteID,
			now: p.cfg.Now, logger: p.cfg.Logger},
		corps: make(map[string]*corp),
	}
	var err error
	s.token, err = p.newTokenSource("wecom:suite_token:"+cfg.SuiteID+":"+core.HashKey(cfg.SuiteID, cfg.Secret),
		epGetSuiteToken.Path, s.fetchToken)
	if err != nil {
		return nil, err
	}
	s.client = p.client.WithTokenSource(core.AuthSuiteToken, s.token)
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.suites[cfg.SuiteID]; dup {
		return nil, &core.ArgError{Field: "suite_id", Reason: "suite " + strconv.Quote(cfg.SuiteID) + " is registered already"}
	}
	p.suites[cfg.SuiteID] = s
	return s, nil
}

// Provider returns the provider the suite belongs to.
func (s *Suite) Provider() *Provider { return s.p }

// ID returns the suite id.
func (s *Suite) ID() string { return s.cfg.SuiteID }

// Config returns the suite's configuration, defaults applied.
func (s *Suite) Config() SuiteConfig { return s.cfg }

// Client returns the suite's core client: the provider's transport with
// the suite_access_token (and the provider_access_token when configured),
// for service/… endpoints the SDK does not wrap yet.
func (s *Suite) Client() *core.Client { return s.client }

// SuiteToken returns the source of the suite_access_token (第三方应用凭证,
// service/get_suite_token), which reads the ticket given to SetTicket.
//
// EasyWeChat: OpenWork suite_access_token. WxJava: WxCpTpService.getSuiteAccessToken.
func (s *Suite) SuiteToken() *core.CachedTokenSource { return s.token }

// SetTicket stores the suite_ticket WeCom pushed at pushedAt (the event's
// TimeStamp; zero means now) in the shared cache, unless a newer one is
// there already. A ticket is valid for TicketTTL after its push.
// Provider.HandleCallbacks calls it for every suite_ticket event.
//
// EasyWeChat: suite_ticket->setTicket. WxJava: WxCpTpService.setSuiteTicket.
func (s *Suite) SetTicket(ctx context.Context, ticket string, pushedAt time.Time) error {
	if err := core.Required("suite_ticket", ticket); err != nil {
		return core.Named(epGetSuiteToken, err)
	}
	return s.tickets.set(ctx, ticket, pushedAt)
}

// HasTicket reports whether a valid suite_ticket is at hand (received by
// any instance sharing the cache within TicketTTL).
func (s *Suite) HasTicket(ctx context.Context) bool {
	_, ok := s.tickets.get(ctx)
	return ok
}

type suiteTokenRequest struct {
	SuiteID     string `json:"suite_id"`
	SuiteSecret string `json:"suite_secret"`
	SuiteTicket string `json:"suite_ticket"`
}

type suiteTokenResponse struct {
	SuiteAccessToken string `json:"suite_access_token"`
	ExpiresIn        int64  `json:"expires_in"`
}

// fetchToken calls service/get_suite_token (获取第三方应用凭证) with the
// newest valid ticket. Without one it fails at once, and a ticket WeCom
// refused is not sent again: the next pushed ticket is.
func (s *Suite) fetchToken(ctx context.Context) (string, time.Duration, error) {
	t, ok := s.tickets.get(ctx)
	if !ok {
		return "", 0, fmt.Errorf("%w for suite %s: WeCom pushes one to the 指令回调 URL every 10 minutes; "+
			"pass it to Suite.SetTicket (Provider.HandleCallbacks does)", ErrNoSuiteTicket, s.cfg.SuiteID)
	}
	if b := s.bad.Load(); b != nil && b.value == t.value {
		return "", 0, b.err
	}
	var resp suiteTokenResponse
	err := s.p.base.Call(ctx, epGetSuiteToken, nil, suiteTokenRequest{s.cfg.SuiteID, s.cfg.Secret, t.value}, &resp)
	if err != nil {
		if errors.Is(err, ErrInvalidSuiteTicket) {
			s.bad.Store(&badTicket{value: t.value, err: err})
		}
		return "", 0, err
	}
	if resp.SuiteAccessToken == "" {
		return "", 0, fmt.Errorf("wecom: %s: answer has no suite_access_token", epGetSuiteToken.Path)
	}
	return resp.SuiteAccessToken, time.Duration(resp.ExpiresIn) * time.Second, nil
}

// String prints the suite id, never a secret, ticket or token.
func (s *Suite) String() string {
	return "provider.Suite{SuiteID:" + strconv.Quote(s.cfg.SuiteID) + ", Customized:" + strconv.FormatBool(s.cfg.Customized) + "}"
}

// GoString implements fmt.GoStringer without secrets.
func (s *Suite) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *Suite) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, s.String(), s.GoString())
}

// LogValue implements slog.LogValuer without secrets.
func (s *Suite) LogValue() slog.Value {
	return slog.GroupValue(slog.String("suite_id", s.cfg.SuiteID), slog.Bool("customized", s.cfg.Customized))
}
