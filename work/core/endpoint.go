package core

import (
	"net/http"
	"slices"
	"sync"
)

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

// Class is an endpoint's retry class: what the client may do again after a
// failure. See RetryPolicy for the exact rules.
type Class uint8

const (
	// ClassRead is a GET that only reads: re-sent after any transient
	// failure, even one after which the request reached WeCom.
	ClassRead Class = iota + 1
	// ClassReadPost is a POST that only reads (such as
	// externalcontact/batch/get_by_user): retried like a ClassRead.
	ClassReadPost
	// ClassWrite changes state (a remark, a tag, a transfer). It is re-sent
	// only when the request provably never left this process, or when WeCom
	// answered errcode -1 (系统繁忙, documented as not processed).
	ClassWrite
	// ClassSendOnce reaches people (a mass message, a welcome message, a
	// moment, a reminder, a school notice). It is re-sent only when the
	// request provably never left this process: not on errcode -1, not
	// after any answer. A duplicated mass message is worse than an error.
	ClassSendOnce
)

// String names the class as its constructor does.
func (c Class) String() string {
	switch c {
	case ClassRead:
		return "Read"
	case ClassReadPost:
		return "ReadPost"
	case ClassWrite:
		return "Write"
	case ClassSendOnce:
		return "SendOnce"
	}
	return "Class(?)"
}

// Meta is what a reader, a porter or a generated guide needs to know of an
// endpoint beside its wire facts.
type Meta struct {
	// Doc is the id of WeCom's documentation page: "92114" stands for
	// https://developer.work.weixin.qq.com/document/path/92114.
	Doc string
	// Title is WeCom's Chinese title of the page, e.g. 获取客户详情.
	Title string
	// EasyWeChat is the EasyWeChat (PHP) method that calls the endpoint, as
	// "client->method" or just "method"; "" when EasyWeChat has none.
	EasyWeChat string
	// WxJava is the WxJava method that calls it; "" when it has none.
	WxJava string
	// Note tells a porter where the SDK differs from those methods (a path
	// the docs moved, legacy paging not offered, integers where EasyWeChat
	// sends strings, a limit WeCom clamps). The porting guide prints it.
	Note string
}

// DocURL returns the address of the endpoint's documentation page, or "".
func (m Meta) DocURL() string {
	if m.Doc == "" {
		return ""
	}
	return "https://developer.work.weixin.qq.com/document/path/" + m.Doc
}

// Endpoint describes one WeCom API: its method, its path relative to
// /cgi-bin/, its retry class, which token it takes, and where it is
// documented.
//
// Every service declares each of its endpoints once, as a package-level
// value added to the package's EndpointSet, so the facts of each call are
// stated once, next to the methods that use it, and tests and tools can
// list them:
//
//	var epGet = endpoints.Add(core.Read("externalcontact/get"), core.Meta{
//		Doc: "92114", Title: "获取客户详情", EasyWeChat: "get", WxJava: "getContactDetail"})
type Endpoint struct {
	// Method is http.MethodGet or http.MethodPost.
	Method string
	// Path is relative to /cgi-bin/, e.g. "externalcontact/get".
	Path string
	// Class is the retry class.
	Class Class
	// Auth is the token the endpoint takes.
	Auth AuthKind
	// Meta documents the endpoint.
	Meta
}

// Idempotent reports whether the endpoint may be re-sent after it may have
// reached WeCom (ClassRead and ClassReadPost).
func (e Endpoint) Idempotent() bool { return e.Class == ClassRead || e.Class == ClassReadPost }

// Read declares an idempotent GET endpoint.
func Read(path string) Endpoint {
	return Endpoint{Method: http.MethodGet, Path: path, Class: ClassRead}
}

// ReadPost declares a POST endpoint that only reads and so may be retried
// like a GET.
func ReadPost(path string) Endpoint {
	return Endpoint{Method: http.MethodPost, Path: path, Class: ClassReadPost}
}

// Write declares a POST endpoint that changes state (see ClassWrite).
func Write(path string) Endpoint {
	return Endpoint{Method: http.MethodPost, Path: path, Class: ClassWrite}
}

// SendOnce declares a POST endpoint that must never be repeated (see
// ClassSendOnce).
func SendOnce(path string) Endpoint {
	return Endpoint{Method: http.MethodPost, Path: path, Class: ClassSendOnce}
}

// WithAuth returns a copy of e that takes the given kind of token.
func (e Endpoint) WithAuth(k AuthKind) Endpoint {
	e.Auth = k
	return e
}

// WithMethod returns a copy of e sent with the given HTTP method (for the
// rare GET that is not a plain read, or a read some SDK sends as POST).
func (e Endpoint) WithMethod(m string) Endpoint {
	e.Method = m
	return e
}

// EndpointSet lists the endpoints of one service package. Its zero value is
// ready; a package fills it with Add in its var declarations and exports
// the list through a function, so tests and tools see every endpoint.
type EndpointSet struct {
	mu  sync.Mutex
	eps []Endpoint
}

// Add records e with its metadata and returns it, for use in a var
// declaration.
func (s *EndpointSet) Add(e Endpoint, m Meta) Endpoint {
	e.Meta = m
	s.mu.Lock()
	s.eps = append(s.eps, e)
	s.mu.Unlock()
	return e
}

// All returns a copy of the recorded endpoints, sorted by path.
func (s *EndpointSet) All() []Endpoint {
	s.mu.Lock()
	out := slices.Clone(s.eps)
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b Endpoint) int {
		if a.Path < b.Path {
			return -1
		}
		if a.Path > b.Path {
			return 1
		}
		return 0
	})
	return out
}
