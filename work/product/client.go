package product

import (
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

// Client is the 商品图册 (product album) service. Get it from work.App's
// Product method; it is a thin, stateless handle on the App's shared core
// client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.Product instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints holds every endpoint of the package, each declared once next
// to the methods that call it.
var endpoints core.EndpointSet

// Endpoints lists every endpoint the package calls, sorted by path, with
// its method, retry class and documentation.
func Endpoints() []core.Endpoint { return endpoints.All() }

// ErrInvalidMediaID is errcode 40007 (不合法的media_id参数): an image's
// media_id is unknown, expired (a media_id lives 3 days) or was not
// uploaded as a product-album attachment (media/upload_attachment with
// attachment_type 2). Upload the image again and retry with the new id:
//
//	if errors.Is(err, product.ErrInvalidMediaID) { ... }
var ErrInvalidMediaID = &core.APIError{Code: 40007, Message: "invalid media_id"}

func nilRequest() error { return &core.ArgError{Field: "request", Reason: "is nil"} }

// failed is an iterator that yields err and stops: an …All method's answer
// to a request refused before anything is sent.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
