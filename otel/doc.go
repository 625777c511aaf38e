// Package otel records the WeCom SDK's calls as OpenTelemetry spans.
//
// It lives in its own module, so that the SDK itself does not depend on
// OpenTelemetry. Plug it in as the App's observer:
//
//	app, err := work.New(work.Config{
//		CorpID: corpID, Secret: secret,
//		Observer: wecomotel.NewObserver(wecomotel.WithTracerProvider(tp)),
//	})
//
// Every attempt of every call becomes one client span, a child of the span
// in the call's context. The span is named by the endpoint path
// ("externalcontact/get"), never by a URL: the access_token and the corp
// secret travel in the query string, which a span built from the request
// URL would record (an HTTP transport's tracing does). Nor does a span hold
// a body. Its attributes:
//
//	http.request.method        GET or POST
//	url.path                   /cgi-bin/ and the endpoint path, no query
//	http.response.status_code  the HTTP status, when there was an answer
//	wecom.errcode              WeCom's errcode (0 on success)
//	wecom.attempt              1 for the first attempt, 2 for the first retry…
//	wecom.class                Read, ReadPost, Write or SendOnce
//	wecom.sent                 false when the attempt never left the process
//	wecom.retry                true when another attempt follows
//	wecom.governor.wait_ms     the time spent waiting on the governor
//
// A failed attempt has status Error with the error's message, which the SDK
// keeps free of tokens and secrets.
//
// # Examples
//
//   - ExampleNewObserver: an App's calls traced, one span per attempt, into an
//     in-memory recorder (the App calls the simulator).
//
// go test runs it and checks its output; run it from the repository's
// root with:
//
//	cd otel && go test . -run '^ExampleNewObserver$' -v
package otel
