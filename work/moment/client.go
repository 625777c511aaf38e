package moment

import "github.com/wecomkit/wecom/work/core"

// Client is the 客户朋友圈 (customer moments) service. Get it from
// work.App's Moment method; it is a thin, stateless handle on the App's
// shared core client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.Moment instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints lists the package's endpoints; Endpoints returns them.
var endpoints core.EndpointSet

// Endpoints returns every WeCom endpoint this package calls, with its retry
// class and documentation, sorted by path.
func Endpoints() []core.Endpoint { return endpoints.All() }
