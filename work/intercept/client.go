package intercept

import "github.com/wecomkit/wecom/work/core"

// Client is the 聊天敏感词 (chat intercept rule) service. Get it from
// work.App's Intercept method; it is a thin, stateless handle on the App's
// shared core client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.Intercept instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints holds every endpoint of the package, each declared once next
// to the methods that call it.
var endpoints core.EndpointSet

// Endpoints lists every endpoint the package calls, sorted by path, with
// its method, retry class and documentation.
func Endpoints() []core.Endpoint { return endpoints.All() }

// ErrInvalidDepartment is errcode 60123 (无效的部门id): a department of
// the range does not exist or is outside the app's visible range.
var ErrInvalidDepartment = &core.APIError{Code: 60123, Message: "invalid party id"}

func nilRequest() error { return &core.ArgError{Field: "request", Reason: "is nil"} }
