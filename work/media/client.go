package media

import "github.com/wecomkit/wecom/work/core"

// Client uploads media files (素材管理). Get it from work.App's Media
// method; it is a thin, stateless handle on the App's shared core client
// and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.Media instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints lists the endpoints of this package, each declared once next to
// the method that calls it.
var endpoints core.EndpointSet

// Endpoints returns the package's endpoints with their retry class and
// documentation, sorted by path.
func Endpoints() []core.Endpoint { return endpoints.All() }
