package core

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"strconv"
)

// Validator is implemented by request types that check themselves before
// anything is sent. Validate returns an *ArgError naming the wire field.
type Validator interface {
	Validate() error
}

// Send is the one call shape of a service method with a JSON request body:
// it refuses a nil request, runs req's Validate method when it has one,
// sends req (encoded once) and decodes the answer into a new T.
//
// Every *ArgError it returns names the call (ep.Path). Nothing at all is
// sent for a bad request, not even a gettoken.
//
//	func (c *Client) Create(ctx context.Context, req *CreateRequest) (*CreateResponse, error) {
//		return core.Send[CreateResponse](ctx, c.core, epAddContactWay, req)
//	}
func Send[T any](ctx context.Context, c *Client, ep Endpoint, req any) (*T, error) {
	if err := Check(ep, req); err != nil {
		return nil, err
	}
	var out T
	if err := c.Call(ctx, ep, nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Exec is Send for a call whose answer carries nothing but errcode.
func Exec(ctx context.Context, c *Client, ep Endpoint, req any) error {
	if err := Check(ep, req); err != nil {
		return err
	}
	return c.Call(ctx, ep, nil, req, nil)
}

// Get is the call shape of a GET method: it sends query (the token is
// added) and decodes the answer into a new T. Validate the arguments
// before calling it, with the helpers of validate.go, and pass the result
// through Named so the error names the call.
func Get[T any](ctx context.Context, c *Client, ep Endpoint, query url.Values) (*T, error) {
	var out T
	if err := c.Call(ctx, ep, query, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Check refuses a nil request and runs its Validate method, naming ep in
// any *ArgError. Send and Exec call it; a method that builds its body
// itself calls it first.
func Check(ep Endpoint, req any) error {
	if isNil(req) {
		return &ArgError{Call: ep.Path, Field: "request", Reason: "is nil"}
	}
	if v, ok := req.(Validator); ok {
		return Named(ep, v.Validate())
	}
	return nil
}

// Named fills in the call of an *ArgError inside err (when it has none)
// and returns err; nil stays nil.
func Named(ep Endpoint, err error) error {
	if err == nil {
		return nil
	}
	var ae *ArgError
	if errors.As(err, &ae) && ae.Call == "" {
		ae.Call = ep.Path
	}
	return err
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// ItemResult is the per-item outcome WeCom reports inside a successful
// answer when a call acts on several things at once (the tags of a
// mark_tag, the customers of a transfer, the ids of a conversion).
type ItemResult struct {
	// ErrCode is the item's errcode; 0 means it succeeded.
	ErrCode int `json:"errcode"`
	// ErrMsg is WeCom's message for the item.
	ErrMsg string `json:"errmsg,omitempty"`
}

// Err returns nil when the item succeeded, or an *APIError carrying its
// errcode (which errors.Is matches against the sentinels), for path.
func (r ItemResult) Err(path string) error {
	if r.ErrCode == 0 {
		return nil
	}
	return &APIError{Code: r.ErrCode, Message: r.ErrMsg, Path: path}
}

// OK reports whether the item succeeded.
func (r ItemResult) OK() bool { return r.ErrCode == 0 }

// String shows the item's errcode and message.
func (r ItemResult) String() string {
	if r.ErrCode == 0 {
		return "ok"
	}
	return "errcode " + strconv.Itoa(r.ErrCode) + ": " + r.ErrMsg
}
