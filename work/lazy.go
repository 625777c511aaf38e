package work

import "sync/atomic"

// lazy holds a service built on first use. The hit path is one atomic
// load; the first calls serialise on the App's mutex, so a service is
// built exactly once however many goroutines ask for it together. It costs
// a pointer per service, so an App that uses one service of thirteen stays
// small (service providers hold thousands of Apps).
type lazy[T any] struct{ p atomic.Pointer[T] }

func (l *lazy[T]) get(a *App, build func(*App) *T) *T {
	if v := l.p.Load(); v != nil {
		return v
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if v := l.p.Load(); v != nil {
		return v
	}
	v := build(a)
	l.p.Store(v)
	return v
}
