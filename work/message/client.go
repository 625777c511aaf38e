package message

import "github.com/wecomkit/wecom/work/core"

// Client is the 客户联系 messaging service: mass messages to customers and
// customer groups (企业群发) and welcome messages to new customers (新客户
// 欢迎语). Get it from work.App's ExternalContactMessage method; it is a
// thin, stateless handle on the App's shared core client and is safe for
// concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.ExternalContactMessage instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints lists the endpoints of this package, each declared once next to
// the method that calls it.
var endpoints core.EndpointSet

// Endpoints returns the package's endpoints with their retry class and
// documentation, sorted by path.
func Endpoints() []core.Endpoint { return endpoints.All() }
