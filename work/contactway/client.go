package contactway

import "github.com/wecomkit/wecom/work/core"

// Client is the 「联系我」 (contact way) service: the QR codes and
// mini-program buttons through which customers add members, and the
// temporary sessions (临时会话) some of them open. Get it from work.App's
// ContactWay method; it is a thin, stateless handle on the App's shared core
// client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.ContactWay instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// GroupChatWayClient is the 「加入群聊」 (join way) service: the QR codes and
// mini-program plugins through which customers join group chats. Get it
// from work.App's GroupChatWay method; like Client it is a thin handle, safe
// for concurrent use.
type GroupChatWayClient struct {
	core *core.Client
}

// NewGroupChatWay returns a GroupChatWayClient that sends its calls through
// c. Most code gets one from work.App.GroupChatWay instead.
func NewGroupChatWay(c *core.Client) *GroupChatWayClient { return &GroupChatWayClient{core: c} }

// endpoints are the package's endpoints, both clients' (they share one
// quota and one set of rules for state and remark).
var endpoints core.EndpointSet

// Endpoints lists the endpoints of both clients, sorted by path: their
// methods, retry classes, doc pages and the EasyWeChat and WxJava methods
// that call them.
func Endpoints() []core.Endpoint { return endpoints.All() }
