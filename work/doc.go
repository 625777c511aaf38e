// Package work is the entry point of the WeCom (企业微信) server API SDK.
//
// # Getting started
//
// Build one App per WeCom app (corp id + secret) and keep it for the life of
// the process; it is safe for concurrent use:
//
//	app, err := work.New(work.Config{CorpID: "ww...", Secret: os.Getenv("WECOM_SECRET")})
//	if err != nil { ... }
//	contact, err := app.ExternalContact().Get(ctx, externalUserID)
//
// # Services
//
// Each service is built on first use, once, and all share one core client:
// one HTTP client, one access-token provider, one retry policy.
//
//   - ExternalContact: 客户联系 customers, tags, transfers, group chats and
//     id conversions (package externalcontact).
//
// For an endpoint the SDK does not wrap yet, Client returns the shared core
// client, whose GetRaw and PostRaw handle the token, errors and retries and
// hand back the raw JSON as a gjson.Result.
//
// # Tokens
//
// The access_token is fetched with gettoken on first use, cached (in memory,
// or in the Config.TokenCache you share between processes), refreshed five
// minutes before it expires by a single caller while the others wait, and
// refreshed once if WeCom rejects it (40014, 42001). Config.TokenSource
// replaces all of this with a token from elsewhere. A service provider
// (服务商: third-party suites, 代开发) gets one App per authorised corp,
// with the provider, suite and corp tokens handled, from package provider.
//
// # Errors
//
// Calls fail with *core.APIError (errcode != 0; compare with errors.Is
// against the sentinels in package core and the service packages),
// *core.HTTPError (a non-2xx or non-JSON answer), *core.TransportError
// (network), or *core.ArgError (bad input, caught before anything is sent).
// No error, log line or panic carries the access_token or the secret.
//
// # Retries
//
// errcode -1, HTTP 5xx and connection failures are retried with exponential
// backoff and full jitter (3 attempts by default). A call that changes state
// is never re-sent once it may have reached WeCom: after an HTTP 5xx (503
// included) or a timeout it is returned, and only errcode -1 (which WeCom
// documents as not processed) or a failure before sending re-sends it. Each
// endpoint declares whether it is idempotent (core.Read, core.ReadPost,
// core.Write).
//
// # Printing
//
// Config, App and the core types holding a secret or a token print (%v,
// %+v, %#v, slog) only their corp id, agent id and base URL.
//
// # Testing
//
// Package worktest is a stateful WeCom simulator, like net/http/httptest:
// point Config.BaseURL at it to test your own code without a real corp.
//
// # Examples
//
//   - ExampleNew: an App against the simulator; against WeCom, pass your
//     corp id and secret instead of sim.Config().
//   - ExampleApp_Client: the raw calls, for an endpoint the SDK does not wrap
//     yet.
//   - ExampleConfig_String: a Config prints with its secret redacted.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work -run '^ExampleNew$' -v
package work
