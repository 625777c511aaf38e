package work

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

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
	"github.com/wecomkit/wecom/work/school"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/strategy"
)

// Config configures an App. It mirrors what an EasyWeChat
// Factory::work($config) user passes.
//
// A Config prints with its Secret redacted (String, GoString, Format,
// LogValue, MarshalJSON), so logging it is safe.
type Config struct {
	// CorpID is the corp id (企业ID). Required.
	CorpID string
	// Secret is the app's secret, e.g. the 客户联系 secret. Required unless
	// TokenSource is set.
	Secret string
	// AgentID is the app's agent id, when it has one. Optional; it becomes
	// part of the token cache key.
	AgentID int64
	// BaseURL is the API host (default https://qyapi.weixin.qq.com). Tests
	// and the simulator in package worktest point it elsewhere.
	BaseURL string
	// HTTPClient sends requests (default: core.NewHTTPClient(): 30 s timeout,
	// pooled connections). It is copied, not modified.
	HTTPClient *http.Client
	// TokenCache stores access tokens (default: in memory). Share one across
	// processes (e.g. Redis) to share one token. Unused with TokenSource.
	TokenCache core.Cache
	// TokenSource, when set, supplies the access_token instead of
	// gettoken with CorpID and Secret (e.g. a service provider's corp token).
	TokenSource core.TokenSource
	// ProviderTokenSource supplies the service provider's
	// provider_access_token for the endpoints that need it (the service/…
	// id conversions). Optional.
	ProviderTokenSource core.TokenSource
	// SuiteTokenSource supplies a third-party app's suite_access_token for
	// the endpoints that take it (service/externalcontact/
	// unionid_to_external_userid_3rd). Optional.
	SuiteTokenSource core.TokenSource
	// Logger receives request and retry lines, never tokens, secrets or
	// bodies. Nil means silent.
	Logger *slog.Logger
	// Retry is the retry policy (default: 3 attempts, 100ms base backoff
	// with full jitter, 2s cap).
	Retry core.RetryPolicy
	// Now is the clock used for token expiry (unused with TokenSource) and
	// for the date windows Statistics and CustomerAcquisition check before
	// sending ("the last 180 days"). Default time.Now.
	Now func() time.Time
	// TokenFetchTimeout bounds one gettoken call (default 10s). Unused with
	// TokenSource.
	TokenFetchTimeout time.Duration
	// MaxResponseBytes caps response bodies (default 8 MiB).
	MaxResponseBytes int64
	// Governor configures the App's governor, which keeps its calls below
	// WeCom's limits: per-endpoint rate budgets under 10,000 a minute and
	// 150,000 an hour, concurrency caps (5 for remark and mark_tag),
	// fail-fast after 45009, 45033 retried, a retry budget. The zero value
	// has those defaults; CorpID defaults to the Config's, Logger too. Set
	// Governor.Limiter to share the budget across processes (Redis).
	Governor core.GovernorConfig
	// NoGovernor sends calls as fast as they are made, with none of the
	// above.
	NoGovernor bool
	// Observer is told about every attempt (endpoint, attempt, errcode,
	// duration, governor wait), for metrics and tracing; never a token or
	// a body. Nil means none.
	Observer core.Observer
	// Codec encodes request bodies and decodes answers (default
	// core.StdCodec, encoding/json). See core.Codec for plugging in a faster
	// one; errcode is checked before the codec runs, whatever it is.
	Codec core.Codec
}

// String prints the config with the secret redacted.
func (c Config) String() string {
	return fmt.Sprintf("work.Config{CorpID:%q, Secret:%q, AgentID:%d, BaseURL:%q}", c.CorpID, core.Redact(c.Secret), c.AgentID, c.BaseURL)
}

// GoString is used by %#v; it redacts the secret too.
func (c Config) GoString() string { return c.String() }

// Format implements fmt.Formatter, so that every verb (%d included, which
// would otherwise print the fields) prints String.
func (c Config) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, c.String(), c.GoString())
}

// MarshalJSON writes the identification only, so that dumping a struct
// holding the config as JSON (as slog's JSON handler does) cannot leak the
// secret.
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		CorpID  string
		Secret  string
		AgentID int64
		BaseURL string
	}{c.CorpID, core.Redact(c.Secret), c.AgentID, c.BaseURL})
}

// LogValue implements slog.LogValuer with the secret redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("corp_id", c.CorpID),
		slog.String("secret", core.Redact(c.Secret)),
		slog.Int64("agent_id", c.AgentID),
		slog.String("base_url", c.BaseURL),
	)
}

// App is a WeCom app: the entry point to every service. Services are built on
// first use, once, and share one core client (one HTTP client, one token
// provider, one retry policy). An App is safe for concurrent use.
//
// An App prints (String, GoString, Format, LogValue) as its corp id, agent
// id and base URL, never its secret or its access token.
type App struct {
	cfg    Config
	client *core.Client

	mu               sync.Mutex // serialises the first build of each service
	externalContact  lazy[externalcontact.Client]
	externalMessage  lazy[message.Client]
	groupWelcome     lazy[groupwelcome.Client]
	media            lazy[media.Client]
	contactWay       lazy[contactway.Client]
	groupChatWay     lazy[contactway.GroupChatWayClient]
	statistics       lazy[statistics.Client]
	moment           lazy[moment.Client]
	acquisition      lazy[acquisition.Client]
	school           lazy[school.Client]
	customerStrategy lazy[strategy.CustomerClient]
	momentStrategy   lazy[strategy.MomentClient]
	product          lazy[product.Client]
	intercept        lazy[intercept.Client]
}

// New builds an App. It rejects a bad Config with an error naming the field
// (errors.Is(err, core.ErrInvalidArgument) holds).
func New(cfg Config) (*App, error) {
	if cfg.CorpID == "" {
		return nil, &core.ArgError{Field: "CorpID", Reason: "is required"}
	}
	if cfg.Secret == "" && cfg.TokenSource == nil {
		return nil, &core.ArgError{Field: "Secret", Reason: "is required unless TokenSource is set"}
	}
	if cfg.AgentID < 0 {
		return nil, &core.ArgError{Field: "AgentID", Reason: "must not be negative"}
	}
	var gov *core.Governor
	if !cfg.NoGovernor {
		gc := cfg.Governor
		if gc.CorpID == "" {
			gc.CorpID = cfg.CorpID
		}
		if gc.Logger == nil {
			gc.Logger = cfg.Logger
		}
		var err error
		if gov, err = core.NewGovernor(gc); err != nil {
			return nil, err
		}
	}
	base, err := core.NewClient(core.Options{
		BaseURL:          cfg.BaseURL,
		HTTPClient:       cfg.HTTPClient,
		Logger:           cfg.Logger,
		Retry:            cfg.Retry,
		MaxResponseBytes: cfg.MaxResponseBytes,
		Governor:         gov,
		Observer:         cfg.Observer,
		Codec:            cfg.Codec,
	})
	if err != nil {
		return nil, err
	}
	ts := cfg.TokenSource
	if ts == nil {
		ts = core.NewCorpTokenSource(base, core.CorpTokenConfig{
			CorpID:       cfg.CorpID,
			Secret:       cfg.Secret,
			AgentID:      cfg.AgentID,
			Cache:        cfg.TokenCache,
			Now:          cfg.Now,
			FetchTimeout: cfg.TokenFetchTimeout,
			Logger:       cfg.Logger,
		})
	}
	client := base.WithTokenSource(core.AuthAccessToken, ts)
	if cfg.ProviderTokenSource != nil {
		client = client.WithTokenSource(core.AuthProviderToken, cfg.ProviderTokenSource)
	}
	if cfg.SuiteTokenSource != nil {
		client = client.WithTokenSource(core.AuthSuiteToken, cfg.SuiteTokenSource)
	}
	a := &App{cfg: cfg, client: client}
	return a, nil
}

// NewWithClient builds an App for cfg.CorpID whose calls go through c,
// which already holds the token sources the App needs (an access_token
// source at least): it builds no HTTP client, token source or cache of its
// own, so it is cheap enough to call per request. Of cfg only CorpID,
// AgentID and BaseURL (which should be c's, for printing) are used.
//
// Service providers get such Apps from package provider: one per
// authorised corp, all sharing one transport, one token cache and one retry
// policy.
func NewWithClient(cfg Config, c *core.Client) (*App, error) {
	if cfg.CorpID == "" {
		return nil, &core.ArgError{Field: "CorpID", Reason: "is required"}
	}
	if c == nil || c.TokenSource(core.AuthAccessToken) == nil {
		return nil, &core.ArgError{Field: "client", Reason: "needs an access_token source"}
	}
	a := &App{cfg: Config{CorpID: cfg.CorpID, AgentID: cfg.AgentID, BaseURL: cfg.BaseURL}, client: c}
	return a, nil
}

// String prints the App's corp id, agent id and base URL with the secret
// redacted.
func (a *App) String() string {
	if a == nil {
		return "(*work.App)(nil)"
	}
	return fmt.Sprintf("work.App{CorpID:%q, AgentID:%d, Secret:%q, BaseURL:%q}",
		a.cfg.CorpID, a.cfg.AgentID, core.Redact(a.cfg.Secret), a.baseURL())
}

// GoString is used by %#v; it redacts the secret too.
func (a *App) GoString() string { return a.String() }

// Format implements fmt.Formatter: every verb prints String.
func (a *App) Format(f fmt.State, verb rune) { core.FormatRedacted(f, verb, a.String(), a.GoString()) }

// LogValue implements slog.LogValuer with the secret redacted.
func (a *App) LogValue() slog.Value {
	if a == nil {
		return slog.StringValue(a.String())
	}
	return slog.GroupValue(
		slog.String("corp_id", a.cfg.CorpID),
		slog.Int64("agent_id", a.cfg.AgentID),
		slog.String("secret", core.Redact(a.cfg.Secret)),
		slog.String("base_url", a.baseURL()),
	)
}

func (a *App) baseURL() string {
	if a.cfg.BaseURL == "" {
		return core.DefaultBaseURL
	}
	return a.cfg.BaseURL
}

// Client returns the shared core client: the escape hatch for endpoints the
// SDK does not wrap yet (EasyWeChat's httpGet/httpPostJson), with the token,
// errors and retries handled.
//
//	res, err := app.Client().GetRaw(ctx, "externalcontact/get_follow_user_list", nil)
func (a *App) Client() *core.Client { return a.client }

// Config returns the App's configuration.
func (a *App) Config() Config { return a.cfg }

// ExternalContact returns the 客户联系 customer service: customers, tags,
// transfers, group chats and id conversions.
func (a *App) ExternalContact() *externalcontact.Client {
	return a.externalContact.get(a, func(a *App) *externalcontact.Client { return externalcontact.New(a.client) })
}

// ExternalContactMessage returns the 客户联系 messaging service: mass
// messages to customers and customer groups (企业群发) and welcome messages
// to new customers (新客户欢迎语). EasyWeChat: $app->external_contact_message.
func (a *App) ExternalContactMessage() *message.Client {
	return a.externalMessage.get(a, func(a *App) *message.Client { return message.New(a.client) })
}

// GroupWelcomeTemplate returns the group welcome template service
// (入群欢迎语素材). EasyWeChat: $app->group_welcome_template.
func (a *App) GroupWelcomeTemplate() *groupwelcome.Client {
	return a.groupWelcome.get(a, func(a *App) *groupwelcome.Client { return groupwelcome.New(a.client) })
}

// Media returns the upload service (素材管理): temporary media, image URLs
// and the attachments of moments and product albums. EasyWeChat: $app->media.
func (a *App) Media() *media.Client {
	return a.media.get(a, func(a *App) *media.Client { return media.New(a.client) })
}

// ContactWay returns the 「联系我」 service (EasyWeChat's contact_way):
// contact ways, their QR codes and temporary sessions.
func (a *App) ContactWay() *contactway.Client {
	return a.contactWay.get(a, func(a *App) *contactway.Client { return contactway.New(a.client) })
}

// GroupChatWay returns the 「加入群聊」 service (EasyWeChat's
// group_chat_way): the join ways of customer group chats.
func (a *App) GroupChatWay() *contactway.GroupChatWayClient {
	return a.groupChatWay.get(a, func(a *App) *contactway.GroupChatWayClient { return contactway.NewGroupChatWay(a.client) })
}

// Statistics returns the 客户联系 statistics service (数据统计): members'
// customer-contact figures and customer group chat figures. Its date
// windows are checked against Config.Now.
func (a *App) Statistics() *statistics.Client {
	return a.statistics.get(a, func(a *App) *statistics.Client { return statistics.New(a.client).WithClock(a.cfg.Now) })
}

// Moment returns the 客户朋友圈 (customer moments) service: corp moment
// tasks, the moment list, publish status, visible customers, comments and
// likes.
func (a *App) Moment() *moment.Client {
	return a.moment.get(a, func(a *App) *moment.Client { return moment.New(a.client) })
}

// CustomerStrategy returns the customer-contact rule groups (客户联系规则组,
// customer_strategy/*). The client is shared by every caller of the App and
// runs its Create and Edit calls one at a time, as WeCom requires.
func (a *App) CustomerStrategy() *strategy.CustomerClient {
	return a.customerStrategy.get(a, func(a *App) *strategy.CustomerClient { return strategy.NewCustomer(a.client) })
}

// MomentStrategy returns the customer-moment rule groups (客户朋友圈规则组,
// moment_strategy/*), with the customer rule groups' shape. The client is
// shared by every caller of the App and runs its Create and Edit calls one
// at a time, as WeCom requires.
func (a *App) MomentStrategy() *strategy.MomentClient {
	return a.momentStrategy.get(a, func(a *App) *strategy.MomentClient { return strategy.NewMoment(a.client) })
}

// Product returns the product album service (商品图册).
func (a *App) Product() *product.Client {
	return a.product.get(a, func(a *App) *product.Client { return product.New(a.client) })
}

// Intercept returns the chat intercept rule service (聊天敏感词).
func (a *App) Intercept() *intercept.Client {
	return a.intercept.get(a, func(a *App) *intercept.Client { return intercept.New(a.client) })
}

// CustomerAcquisition returns the 获客助手 (customer acquisition) service:
// acquisition links, the customers they brought, the usage quota, link
// statistics (its window is checked against Config.Now), chat details and
// a 营销获客 app's permitted range. Its endpoints refuse the 客户联系 system
// app's secret: configure the App with a self-built app's secret.
func (a *App) CustomerAcquisition() *acquisition.Client {
	return a.acquisition.get(a, func(a *App) *acquisition.Client { return acquisition.New(a.client).WithClock(a.cfg.Now) })
}

// School returns the 家校沟通 service of the external-contact namespace:
// the 「学校通知」 QR code and subscribe mode, and school notices to parents
// and students (EasyWeChat's school client).
func (a *App) School() *school.Client {
	return a.school.get(a, func(a *App) *school.Client { return school.New(a.client) })
}
