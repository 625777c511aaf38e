package core

import "net/http"

// AuthKind says which token an endpoint takes and under which query name.
type AuthKind uint8

const (
	// AuthAccessToken sends the app's access_token (the default).
	AuthAccessToken AuthKind = iota
	// AuthNone sends no token (gettoken itself).
	AuthNone
	// AuthProviderToken sends a service provider's provider_access_token
	// (服务商凭证), needed by some service/… endpoints.
	AuthProviderToken
	// AuthSuiteToken sends a third-party app's suite_access_token (第三方应用凭证).
	AuthSuiteToken
)

// queryName is the query parameter carrying the token of this kind.
func (k AuthKind) queryName() string {
	switch k {
	case AuthProviderToken:
		return "provider_access_token"
	case AuthSuiteToken:
		return "suite_access_token"
	case AuthNone:
		return ""
	}
	return "access_token"
}

// String names the kind after its query parameter.
func (k AuthKind) String() string {
	if k == AuthNone {
		return "none"
	}
	return k.queryName()
}

// Endpoint describes one WeCom API: its method, its path relative to
// /cgi-bin/, whether it may safely be sent twice, and which token it takes.
//
// Every service declares its endpoints as package-level values, so the retry
// behaviour of each call is stated once, next to its path.
type Endpoint struct {
	// Method is http.MethodGet or http.MethodPost.
	Method string
	// Path is relative to /cgi-bin/, e.g. "externalcontact/get".
	Path string
	// Idempotent marks calls that may be re-sent after they may have reached
	// WeCom (an HTTP 5xx, a timeout after sending, a connection reset
	// mid-response). Reads are idempotent; anything that changes state (a
	// remark, a transfer, a mass message) is not, and is never re-sent once
	// it may have been delivered. See RetryPolicy.
	Idempotent bool
	// Auth is the token the endpoint takes.
	Auth AuthKind
}

// Read declares an idempotent GET endpoint.
func Read(path string) Endpoint {
	return Endpoint{Method: http.MethodGet, Path: path, Idempotent: true}
}

// ReadPost declares a POST endpoint that only reads (such as
// externalcontact/batch/get_by_user) and so may be retried like a GET.
func ReadPost(path string) Endpoint {
	return Endpoint{Method: http.MethodPost, Path: path, Idempotent: true}
}

// Write declares a POST endpoint that changes state. It is retried only when
// the request provably never left this process, or WeCom answered errcode -1
// (系统繁忙, which WeCom documents as not processed). It is not re-sent after
// any HTTP 5xx, 503 included: the request reached a server, and nothing
// proves it was not processed.
func Write(path string) Endpoint {
	return Endpoint{Method: http.MethodPost, Path: path}
}

// WithAuth returns a copy of e that takes the given kind of token.
func (e Endpoint) WithAuth(k AuthKind) Endpoint {
	e.Auth = k
	return e
}
