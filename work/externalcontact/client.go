package externalcontact

import "github.com/wecomkit/wecom/work/core"

// Client is the 客户联系 customer service. Get it from work.App's
// ExternalContact method; it is a thin, stateless handle on the App's shared
// core client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.ExternalContact instead.
func New(c *core.Client) *Client { return &Client{core: c} }
