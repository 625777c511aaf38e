package school

import "github.com/wecomkit/wecom/work/core"

// Client is the 家校沟通 service of the external-contact namespace: the
// 「学校通知」 subscription (QR code and mode) and school notices. Get it
// from work.App's School method; it is a thin, stateless handle on the
// App's shared core client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.School instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints lists the package's endpoints; Endpoints returns them.
var endpoints core.EndpointSet

// Endpoints returns every WeCom endpoint this package calls, with its retry
// class and documentation, sorted by path.
func Endpoints() []core.Endpoint { return endpoints.All() }
