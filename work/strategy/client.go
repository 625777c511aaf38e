package strategy

import (
	"context"
	"fmt"
	"iter"

	"github.com/wecomkit/wecom/work/core"
)

// endpoints holds every endpoint of the package: six per family, each
// declared once next to the methods that call it.
var endpoints core.EndpointSet

// Endpoints lists every endpoint the package calls (both families), sorted
// by path, with its method, retry class and documentation.
func Endpoints() []core.Endpoint { return endpoints.All() }

// base is what both clients share: the core client and the one slot that
// makes Create and Edit run one at a time.
type base struct {
	core *core.Client
	// serial holds a token while a Create or an Edit is in flight.
	serial chan struct{}
}

func newBase(c *core.Client) base { return base{core: c, serial: make(chan struct{}, 1)} }

// one runs f alone among the client's Create and Edit calls: it waits for
// the slot (or for ctx) first. WeCom's docs require these calls to be
// serial.
func (b *base) one(ctx context.Context, ep core.Endpoint, f func() error) error {
	select {
	case b.serial <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wecom: %s: waiting for the previous create or edit to finish (WeCom takes them one at a time): %w", ep.Path, ctx.Err())
	}
	defer func() { <-b.serial }()
	return f()
}

// The generic implementation of the six calls; each family's methods bind
// its endpoints and its privilege type.

type listWire struct {
	Strategy []struct {
		ID int64 `json:"strategy_id"`
	} `json:"strategy"`
	NextCursor string `json:"next_cursor"`
}

func list(ctx context.Context, c *core.Client, ep core.Endpoint, req *ListRequest) (*ListResponse, error) {
	if req == nil {
		req = &ListRequest{}
	}
	if err := core.Check(ep, req); err != nil {
		return nil, err
	}
	body := *req
	body.Limit = min(body.Limit, MaxPageLimit)
	w, err := core.Send[listWire](ctx, c, ep, &body)
	if err != nil {
		return nil, err
	}
	out := &ListResponse{IDs: make([]int64, len(w.Strategy)), NextCursor: w.NextCursor}
	for i, s := range w.Strategy {
		out.IDs[i] = s.ID
	}
	return out, nil
}

func listAll(ctx context.Context, c *core.Client, ep core.Endpoint, req *ListRequest) iter.Seq2[int64, error] {
	if req == nil {
		req = &ListRequest{}
	}
	if err := core.Check(ep, req); err != nil {
		return failed[int64](err)
	}
	start := *req
	return core.Walk(ctx, start.Cursor, func(ctx context.Context, cursor string) (*ListResponse, error) {
		page := start
		page.Cursor = cursor
		return list(ctx, c, ep, &page)
	}, func(p *ListResponse) []int64 { return p.IDs }, func(p *ListResponse) string { return p.NextCursor })
}

type getWire[P Privilege] struct {
	Strategy Strategy[P] `json:"strategy"`
}

func get[P Privilege](ctx context.Context, c *core.Client, ep core.Endpoint, id int64) (*Strategy[P], error) {
	w, err := core.Send[getWire[P]](ctx, c, ep, &idRequest{ID: id})
	if err != nil {
		return nil, err
	}
	return &w.Strategy, nil
}

func getRange(ctx context.Context, c *core.Client, ep core.Endpoint, req *GetRangeRequest) (*RangeResponse, error) {
	if err := core.Check(ep, req); err != nil {
		return nil, err
	}
	body := *req
	body.Limit = min(body.Limit, MaxPageLimit)
	return core.Send[RangeResponse](ctx, c, ep, &body)
}

func getRangeAll(ctx context.Context, c *core.Client, ep core.Endpoint, req *GetRangeRequest) iter.Seq2[Node, error] {
	if err := core.Check(ep, req); err != nil {
		return failed[Node](err)
	}
	start := *req
	return core.Walk(ctx, start.Cursor, func(ctx context.Context, cursor string) (*RangeResponse, error) {
		page := start
		page.Cursor = cursor
		return getRange(ctx, c, ep, &page)
	}, func(p *RangeResponse) []Node { return p.Nodes }, func(p *RangeResponse) string { return p.NextCursor })
}

func create[P Privilege](ctx context.Context, b *base, ep core.Endpoint, req *CreateRequest[P]) (int64, error) {
	if err := core.Check(ep, req); err != nil {
		return 0, err
	}
	var id int64
	err := b.one(ctx, ep, func() error {
		out, err := core.Send[struct {
			ID int64 `json:"strategy_id"`
		}](ctx, b.core, ep, req)
		if err == nil {
			id = out.ID
		}
		return err
	})
	return id, err
}

func edit[P Privilege](ctx context.Context, b *base, ep core.Endpoint, req *EditRequest[P]) error {
	if err := core.Check(ep, req); err != nil {
		return err
	}
	return b.one(ctx, ep, func() error { return core.Exec(ctx, b.core, ep, req) })
}

func del(ctx context.Context, c *core.Client, ep core.Endpoint, id int64) error {
	return core.Exec(ctx, c, ep, &idRequest{ID: id})
}

// failed is an iterator that yields err and stops: an …All method's answer
// to a request refused before anything is sent.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// marshal encodes v as the SDK's default codec does (no HTML escaping).
func marshal(v any) ([]byte, error) { return core.StdCodec{}.Marshal(v) }
