// Package core is the HTTP layer every WeCom service package builds on: the
// client that adds the token, encodes bodies once, checks errcode and decodes
// typed results; the access-token provider and its cache; the error types and
// sentinels; the retry policy; and the pagination iterator.
//
// It knows no service. A service declares each endpoint once, with its retry
// class (Read, ReadPost, Write or SendOnce: whether and when a call may be
// re-sent), its token kind and its documentation (Meta), in the package's
// EndpointSet; its methods are then a few lines on the generic call shapes
// Send (JSON body: nil check, Validate, send, decode), Get (query), Exec (no
// result) and Upload (multipart), with Walk and WalkOffsets for the …All
// iterators and Poll for asynchronous jobs:
//
//	var endpoints core.EndpointSet
//
//	var epAddContactWay = endpoints.Add(core.Write("externalcontact/add_contact_way"), core.Meta{
//		Doc: "92228", Title: "配置客户联系「联系我」方式", EasyWeChat: "contact_way->create", WxJava: "addContactWay"})
//
//	func (c *Client) Create(ctx context.Context, req *CreateRequest) (*CreateResponse, error) {
//		return core.Send[CreateResponse](ctx, c.core, epAddContactWay, req)
//	}
//
// A request type's Validate returns an *ArgError naming the wire field;
// Send, Exec and Check fill in the call, and a GET method passes its own
// argument checks through Named. Per-item outcomes inside an answer embed
// ItemResult. The service's doc comments give the path, the doc page and
// the EasyWeChat and WxJava names; the class is stated by the declaration
// alone. Each endpoint's wire test is one row of the service's table on the
// shared harness in work/internal/wiretest, which also derives its errcode
// and retry-class tests and checks it against the pinned catalogue.
//
// An error after which a write may have been processed matches
// ErrUnknownOutcome; every other error means it was not.
//
// # Production traffic
//
// A Governor keeps an application below WeCom's limits (10,000 calls a
// minute and 150,000 an hour per corp and API, a few concurrent calls per
// API): rate budgets in a Limiter (LocalLimiter, or one shared across
// processes), concurrency caps, a fail-fast pause after 45009, 45033
// retried with backoff, and a retry budget. An Observer sees every attempt
// (endpoint, attempt, errcode, duration, governor wait), never a token or
// a body; module github.com/wecomkit/wecom/otel turns attempts into
// OpenTelemetry spans.
//
// # Security
//
// The access_token and the corp secret travel in the query string. Errors
// never show a URL's query (Go's *url.Error would), redirects to another host
// are refused (Go would send the old URL as the Referer), and the token cache
// key holds a hash of the secret, never the secret.
//
// # Examples
//
//   - ExampleGovernor: after a 45009 the endpoint fails fast, without
//     sending, until the pause is over.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/core -run '^ExampleGovernor$' -v
package core
