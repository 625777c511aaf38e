package externalcontact

import (
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

// Client is the 客户联系 customer service. Get it from work.App's
// ExternalContact method; it is a thin, stateless handle on the App's shared
// core client and is safe for concurrent use.
type Client struct {
	core *core.Client
}

// New returns a Client that sends its calls through c. Most code gets one
// from work.App.ExternalContact instead.
func New(c *core.Client) *Client { return &Client{core: c} }

// endpoints holds every endpoint of the package, each declared once next to
// the methods that call it.
var endpoints core.EndpointSet

// Endpoints lists every endpoint the package calls, sorted by path, with its
// method, retry class, token kind and documentation (doc page, Chinese
// title, the EasyWeChat and WxJava methods it replaces).
func Endpoints() []core.Endpoint { return endpoints.All() }

// nilRequest is the error of a nil request passed to Validate.
func nilRequest() error { return &core.ArgError{Field: "request", Reason: "is nil"} }

// pick returns f(out), or err when the call failed: for a method that
// returns one field of WeCom's answer.
func pick[R, T any](out *R, err error, f func(*R) T) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return f(out), nil
}

// failed is an iterator that yields err and stops: an …All method's answer
// to a request refused before anything is sent.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// itemErr is r's error for path, its message saying which item failed.
func itemErr(r core.ItemResult, path, item string) error {
	err := r.Err(path)
	if ae, ok := err.(*core.APIError); ok && item != "" {
		if ae.Message == "" {
			ae.Message = item
		} else {
			ae.Message = item + ": " + ae.Message
		}
	}
	return err
}
