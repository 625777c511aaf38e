package provider

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
)

// Config configures a Provider. Every field is optional; without
// ProviderSecret there is no provider_access_token, which only a few
// service/… endpoints need. A Config prints with its secret redacted.
type Config struct {
	// CorpID is the service provider's own corp id (服务商的corpid), sent
	// to service/get_provider_token. Required with ProviderSecret.
	CorpID string
	// ProviderSecret is the provider secret (服务商的secret, from the
	// provider admin console's 通用开发参数).
	ProviderSecret string
	// BaseURL is the API host (default https://qyapi.weixin.qq.com).
	BaseURL string
	// HTTPClient sends every request of every suite and corp (default:
	// core.NewHTTPClient()). One transport serves them all.
	HTTPClient *http.Client
	// Cache holds every token (provider, suite, each corp's) and the suite
	// tickets. Share one between instances (e.g. Redis) so that a ticket
	// pushed to one instance serves all, and a token is fetched once.
	// Default: one in-memory cache for the process.
	Cache core.Cache
	// Logger receives request, retry and cache lines, never tokens,
	// tickets, secrets or permanent codes. Nil means silent.
	Logger *slog.Logger
	// Retry is the retry policy of every call.
	Retry core.RetryPolicy
	// Now is the clock of token and ticket expiry (default time.Now).
	Now func() time.Time
	// TokenFetchTimeout bounds one token call (default 10s).
	TokenFetchTimeout time.Duration
	// MaxResponseBytes caps response bodies (default 8 MiB).
	MaxResponseBytes int64
}

// String prints the config with the secret redacted.
func (c Config) String() string {
	return "provider.Config{CorpID:" + strconv.Quote(c.CorpID) + ", ProviderSecret:" +
		strconv.Quote(core.Redact(c.ProviderSecret)) + ", BaseURL:" + strconv.Quote(c.BaseURL) + "}"
}

// GoString implements fmt.GoStringer with the secret redacted.
func (c Config) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c Config) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, c.String(), c.GoString())
}

// LogValue implements slog.LogValuer with the secret redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("corp_id", c.CorpID),
		slog.String("provider_secret", core.Redact(c.ProviderSecret)), slog.String("base_url", c.BaseURL))
}

// Provider is a service provider (服务商): the root of everything it runs
// in one process. It owns the one HTTP client, the one cache and the retry
// policy that its suites (第三方应用, 代开发 templates) and every corp's App
// share, and the provider_access_token. It is safe for concurrent use and
// prints without secrets.
type Provider struct {
	cfg    Config
	base   *core.Client // the shared transport; no tokens
	client *core.Client // base with the provider token, when configured
	token  *core.CachedTokenSource

	mu     sync.RWMutex
	suites map[string]*Suite
}

// New builds a Provider. It fails with an *core.ArgError for a bad BaseURL,
// or a ProviderSecret without CorpID.
func New(cfg Config) (*Provider, error) {
	if cfg.ProviderSecret != "" && cfg.CorpID == "" {
		return nil, &core.ArgError{Field: "CorpID", Reason: "is required with ProviderSecret"}
	}
	if cfg.Cache == nil {
		cfg.Cache = core.NewMemoryCache()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = core.DefaultBaseURL
	}
	base, err := core.NewClient(core.Options{
		BaseURL:          cfg.BaseURL,
		HTTPClient:       cfg.HTTPClient,
		Logger:           cfg.Logger,
		Retry:            cfg.Retry,
		MaxResponseBytes: cfg.MaxResponseBytes,
	})
	if err != nil {
		return nil, err
	}
	p := &Provider{cfg: cfg, base: base, client: base, suites: make(map[string]*Suite)}
	if cfg.ProviderSecret != "" {
		p.token, err = p.newTokenSource(
			"wecom:provider_token:"+cfg.CorpID+":"+core.HashKey(cfg.CorpID, cfg.ProviderSecret),
			epGetProviderToken.Path, p.fetchProviderToken)
		if err != nil {
			return nil, err
		}
		p.client = base.WithTokenSource(core.AuthProviderToken, p.token)
	}
	return p, nil
}

// newTokenSource returns a token source with the provider's cache, clock,
// timeout and logger.
func (p *Provider) newTokenSource(key, path string, fetch func(context.Context) (string, time.Duration, error)) (*core.CachedTokenSource, error) {
	return core.NewCachedTokenSource(core.CachedTokenConfig{
		Key:          key,
		Path:         path,
		Fetch:        fetch,
		Cache:        p.cfg.Cache,
		Now:          p.cfg.Now,
		FetchTimeout: p.cfg.TokenFetchTimeout,
		Logger:       p.cfg.Logger,
	})
}

type providerTokenRequest struct {
	CorpID         string `json:"corpid"`
	ProviderSecret string `json:"provider_secret"`
}

type providerTokenResponse struct {
	ProviderAccessToken string `json:"provider_access_token"`
	ExpiresIn           int64  `json:"expires_in"`
}

// fetchProviderToken calls service/get_provider_token (获取服务商凭证).
func (p *Provider) fetchProviderToken(ctx context.Context) (string, time.Duration, error) {
	var resp providerTokenResponse
	err := p.base.Call(ctx, epGetProviderToken, nil, providerTokenRequest{p.cfg.CorpID, p.cfg.ProviderSecret}, &resp)
	if err != nil {
		return "", 0, err
	}
	if resp.ProviderAccessToken == "" {
		return "", 0, fmt.Errorf("wecom: %s: answer has no provider_access_token", epGetProviderToken.Path)
	}
	return resp.ProviderAccessToken, time.Duration(resp.ExpiresIn) * time.Second, nil
}

// ProviderToken returns the source of the provider_access_token
// (服务商凭证, from service/get_provider_token), or nil without
// ProviderSecret.
//
// EasyWeChat: OpenWork provider_access_token. WxJava: WxCpTpService.getWxCpProviderToken.
func (p *Provider) ProviderToken() *core.CachedTokenSource { return p.token }

// Client returns the core client of the provider's own calls: the shared
// transport with the provider_access_token (when configured), for
// endpoints the SDK does not wrap yet.
func (p *Provider) Client() *core.Client { return p.client }

// Config returns the configuration, defaults applied.
func (p *Provider) Config() Config { return p.cfg }

// CustomizedApp returns an App for a 代开发 app of corpID whose secret (its
// permanent code) is given, sharing the provider's transport, cache and
// retries; build it once per corp (Suite.App does for Customized suites).
//
// WeCom API: GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET, https://developer.work.weixin.qq.com/document/path/91039 (获取access_token; the 代开发 docs give the permanent code as the secret).
func (p *Provider) CustomizedApp(corpID, secret string, agentID int64) (*work.App, error) {
	if err := core.Required("corpid", corpID); err != nil {
		return nil, core.Named(epGettoken, err)
	}
	if err := core.Required("corpsecret", secret); err != nil {
		return nil, core.Named(epGettoken, err)
	}
	ts := p.customizedTokenSource(corpID, secret, agentID)
	return work.NewWithClient(work.Config{CorpID: corpID, AgentID: agentID, BaseURL: p.cfg.BaseURL},
		p.client.WithTokenSource(core.AuthAccessToken, ts))
}

func (p *Provider) customizedTokenSource(corpID, secret string, agentID int64) *core.CorpTokenSource {
	return core.NewCorpTokenSource(p.base, core.CorpTokenConfig{
		CorpID:       corpID,
		Secret:       secret,
		AgentID:      agentID,
		Cache:        p.cfg.Cache,
		Now:          p.cfg.Now,
		FetchTimeout: p.cfg.TokenFetchTimeout,
		Logger:       p.cfg.Logger,
	})
}

// Suite returns the suite registered under suiteID by NewSuite, or nil.
func (p *Provider) Suite(suiteID string) *Suite {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.suites[suiteID]
}

// String prints the provider's corp id and base URL, never a secret.
func (p *Provider) String() string {
	return "provider.Provider{CorpID:" + strconv.Quote(p.cfg.CorpID) + ", BaseURL:" + strconv.Quote(p.cfg.BaseURL) + "}"
}

// GoString implements fmt.GoStringer without secrets.
func (p *Provider) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints String.
func (p *Provider) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, p.String(), p.GoString())
}

// LogValue implements slog.LogValuer without secrets.
func (p *Provider) LogValue() slog.Value {
	return slog.GroupValue(slog.String("corp_id", p.cfg.CorpID), slog.String("base_url", p.cfg.BaseURL))
}
