package statistics

import (
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// Client is the 客户联系 statistics service (数据统计). Get it from
// work.App's Statistics method; it is a thin, stateless handle on the App's
// shared core client and is safe for concurrent use.
type Client struct {
	core *core.Client
	now  func() time.Time
}

// New returns a Client that sends its calls through c and checks date
// windows against time.Now. Most code gets one from work.App.Statistics
// instead.
func New(c *core.Client) *Client { return &Client{core: c, now: time.Now} }

// WithClock returns a copy of c that checks the date windows ("within the
// last 180 days", "yesterday at the latest") against now instead of
// time.Now; nil means time.Now. Tests against a simulator with a frozen
// clock give it the simulator's clock.
func (c *Client) WithClock(now func() time.Time) *Client {
	if now == nil {
		now = time.Now
	}
	return &Client{core: c.core, now: now}
}

// endpoints lists the package's endpoints; Endpoints returns them.
var endpoints core.EndpointSet

// Endpoints returns every WeCom endpoint this package calls, with its retry
// class and documentation, sorted by path.
func Endpoints() []core.Endpoint { return endpoints.All() }
