// Package provider runs a WeCom service provider (服务商): third-party apps
// (第三方应用) and 代开发 apps serving many corps from one process, each
// corp with its own *work.App.
//
//	p, err := provider.New(provider.Config{Cache: sharedCache}) // e.g. Redis
//	suite, err := p.NewSuite(provider.SuiteConfig{
//		SuiteID: "ww…", Secret: os.Getenv("SUITE_SECRET"),
//		PermanentCodes: myDatabase, // implements provider.PermanentCodeStore
//	})
//
//	// The 指令回调 URL: tickets, authorisations, cancellations.
//	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key,
//		ReceiverIDs: []string{suite.ID()}})
//	p.HandleCallbacks(h, provider.Hooks{})
//	http.Handle("/wecom/suite", h)
//
//	// Serving a corp, per request if you like:
//	app, err := suite.App(ctx, corpID)
//	contact, err := app.ExternalContact().Get(ctx, externalUserID)
//
// # Tokens
//
// WeCom has four kinds of token, each sent in its own query parameter, and
// each endpoint takes exactly one (core.AuthKind):
//
//   - provider_access_token (服务商凭证, core.AuthProviderToken): the
//     provider itself, from service/get_provider_token with the provider's
//     corp id and provider secret. A few service/… calls take it.
//   - suite_access_token (第三方应用凭证, core.AuthSuiteToken): one suite,
//     from service/get_suite_token with the suite id, the suite secret and
//     the suite_ticket that WeCom pushes to the 指令回调 URL every 10
//     minutes (valid 30). The authorisation calls take it.
//   - access_token of an authorised corp (core.AuthAccessToken): from
//     service/get_corp_token with the corp id and its permanent code, under
//     the suite token; for a 代开发 app, from gettoken with the corp id and
//     the app's secret, which is its permanent code. Every corp API
//     (客户联系 …) takes it.
//   - a self-built app's access_token (gettoken with corp id and secret) is
//     the same kind; package work handles it without this package.
//
// Each is a token source with the same behaviour as the corp token of
// package work: cached in Config.Cache (shared between instances), fetched
// once for all concurrent callers, refreshed five minutes early, kept
// while valid when a refresh fails, dropped and refetched once when WeCom
// rejects it, and credential errors (a wrong secret, a dead permanent code)
// remembered for 30 s so that WeCom is not hammered.
//
// # Suite tickets
//
// HandleCallbacks stores each pushed suite_ticket in the cache
// (Suite.SetTicket), where every instance finds it; a ticket is used until
// it is 30 minutes old, older deliveries never replace newer ones, and a
// ticket WeCom refuses (40085) is not sent again. Without a valid ticket,
// the suite token fails with ErrNoSuiteTicket and nothing is sent.
//
// # Callbacks
//
// Provider.HandleCallbacks registers, on a callback.Handler that accepts the
// suites' ids as receiver ids (callback.Config.ReceiverIDs), functions for
// the instruction callbacks of every suite of the provider, routed by the
// event's SuiteId:
//
//   - suite_ticket: Suite.SetTicket, so that the suite token can be fetched;
//   - create_auth and reset_permanent_code: Suite.Authorize (the permanent
//     code is stored), then Hooks.Authorized;
//   - change_auth: Hooks.AuthChanged (read the change with GetAuthorization);
//   - cancel_auth: Suite.Revoke, then Hooks.Cancelled.
//
// Events of a suite the provider does not know are acknowledged and logged.
// An auth code WeCom refuses (40078: already exchanged, by this or another
// instance, or expired) is acknowledged too, since a redelivery cannot
// succeed; other failures answer 500 and WeCom retries.
//
// # Authorisation and permanent codes
//
// A corp's admin installs the suite (GetPreAuthCode, SetSession,
// PreAuthorizationURL); WeCom pushes create_auth with an auth code, which
// Suite.Authorize exchanges for the corp's permanent code
// (service/get_permanent_code, or the service/v2 form) and stores in the
// PermanentCodeStore: your database, read by every instance. WeCom gives a
// permanent code once; reset_permanent_code gives a new one the same way,
// and cancel_auth ends the authorisation (Suite.Revoke). Authorize drops
// the tokens of a replaced code, which are never sent again; with
// SuiteConfig.V2 it calls service/v2/get_permanent_code (AgentID is then
// left 0: read it with GetAuthorizationV2). If the store fails, Authorize
// returns the Authorization with the error: keep it some other way. Revoke
// deletes the code from the store and the corp's token from the shared
// cache; other instances sharing the store notice when WeCom refuses the
// old token.
//
// # Many corps
//
// Suite.App(ctx, corpID) returns the corp's App, built once and then
// found again with a map lookup and no allocation. Its calls carry the
// corp's access_token, from service/get_corp_token with the permanent code
// in the PermanentCodeStore (for a 代开发 template, from gettoken with the
// permanent code as the secret), and the suite and provider tokens for the
// service/… endpoints. App fails with ErrNotAuthorized (wrapped) when the
// store has no permanent code for the corp, and with an *core.ArgError for
// an empty id. All corps'
// Apps share one HTTP transport, one cache and one retry policy, and hold
// no goroutine. A token of one corp is never sent for another: each corp
// has its own token source, keyed by suite, corp and a hash of the
// permanent code; after a reset the old code's tokens are dropped, and
// after a cancellation the corp's Apps fail with ErrNotAuthorized before
// sending anything. An idle App, having made one call, costs about 1.8 KB
// (see BenchmarkTenThousandCorps).
//
// # 代开发
//
// A 代开发 template is a Suite with SuiteConfig.Customized: its tickets,
// suite token and authorisation are a suite's, but each corp's token comes
// from gettoken with the corp id and the permanent code. Provider.CustomizedApp
// builds such an App from a corp id and secret directly; build it once per
// corp and keep it (its token is cached in the shared cache either way).
//
// # Examples
//
//   - Example: WeCom pushes the suite's ticket, a corp installs the suite,
//     the provider stores its permanent code and serves its customers.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/provider -run '^Example$' -v
package provider
