package acquisition

import (
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// Client is the 获客助手 (customer acquisition) service. Get it from
// work.App's CustomerAcquisition method; it is a thin, stateless handle on
// the App's shared core client and is safe for concurrent use.
type Client struct {
	core *core.Client
	now  func() time.Time
}

// New returns a Client that sends its calls through c and checks the
// statistic window against time.Now. Most code gets one from
// work.App.CustomerAcquisition instead.
func New(c *core.Client) *Client { return &Client{core: c, now: time.Now} }

// WithClock returns a copy of c that checks Statistic's window ("the last
// 180 days", "not after today") against now instead of time.Now; nil means
// time.Now. Tests against a simulator with a frozen clock give it the
// simulator's clock.
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
