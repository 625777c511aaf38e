package core

import (
	"context"
	"fmt"
	"iter"
)

// PageFunc fetches the page at cursor ("" for the first) and returns its
// items and the cursor of the next page ("" at the end).
type PageFunc[T any] func(ctx context.Context, cursor string) (items []T, next string, err error)

// Paginate walks every page that fetch returns, yielding each item. It stops
// after the first error (yielded with a zero item), when the caller breaks,
// when ctx is done, or when WeCom hands back a cursor it already gave (which
// would otherwise loop forever).
func Paginate[T any](ctx context.Context, startCursor string, fetch PageFunc[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := startCursor
		seen := map[string]struct{}{}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if _, dup := seen[next]; dup || next == cursor {
				yield(zero, fmt.Errorf("wecom: pagination: cursor %q repeated", next))
				return
			}
			seen[next] = struct{}{}
			cursor = next
		}
	}
}

// Walk builds the iterator of an …All method from the one-page method:
// page fetches the page at cursor, items and next read the page's items and
// its next cursor ("" at the end). It has Paginate's guarantees (stops on
// the first error, on break, on ctx, on a repeated cursor).
//
//	func (c *Client) ListAll(ctx context.Context, req ListRequest) iter.Seq2[Way, error] {
//		return core.Walk(ctx, req.Cursor, func(ctx context.Context, cursor string) (*ListResponse, error) {
//			r := req
//			r.Cursor = cursor
//			return c.List(ctx, &r)
//		}, func(p *ListResponse) []Way { return p.Ways }, func(p *ListResponse) string { return p.NextCursor })
//	}
func Walk[P, T any](ctx context.Context, start string, page func(ctx context.Context, cursor string) (*P, error),
	items func(*P) []T, next func(*P) string) iter.Seq2[T, error] {
	return Paginate(ctx, start, func(ctx context.Context, cursor string) ([]T, string, error) {
		p, err := page(ctx, cursor)
		if err != nil {
			return nil, "", err
		}
		return items(p), next(p), nil
	})
}

// WalkOffsets walks an endpoint paged by offset and limit (such as
// externalcontact/groupchat/statistic): page fetches the items at offset
// and returns them with the offset of the next page, or -1 at the end. An
// offset that does not move forward ends the walk with an error.
func WalkOffsets[T any](ctx context.Context, start int, page func(ctx context.Context, offset int) (items []T, next int, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, err := page(ctx, offset)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next < 0 {
				return
			}
			if next <= offset {
				yield(zero, fmt.Errorf("wecom: pagination: offset %d does not move past %d", next, offset))
				return
			}
			offset = next
		}
	}
}
