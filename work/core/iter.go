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
