package worktest

import (
	"container/heap"
	"time"
)

// The scheduler runs work at a time of the simulator's clock: a transfer
// completing 24 hours after it was made, a mass message being sent, a
// moment being published, an async job's result. A handler (or a load
// hook, or a back door) calls st.schedule(at, fn) under the write lock;
// fn runs, once, under the write lock too, as soon as something looks at
// the state at a clock time >= at: before the next request's handler
// takes its lock (store.settle), before a Snapshot, before a back door.
// Nothing runs in the background, so moving the clock is all a test does:
//
//	s.Clock().Advance(24 * time.Hour) // the next request sees the transfer done
//
// Due work runs in the order of its time, then of scheduling; work that
// fn schedules for a time already passed runs in the same settle. fn
// receives its scheduled time (not the clock's now), so what it records is
// dated as WeCom would date it. fn must not block or call the network:
// the write lock is held.

// task is one piece of scheduled work.
type task struct {
	at  time.Time
	n   uint64 // scheduling order, breaking ties of at
	run func(at time.Time)
}

// tasks is a min-heap of tasks by (at, n).
type tasks []*task

func (h tasks) Len() int { return len(h) }
func (h tasks) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].n < h[j].n
}
func (h tasks) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *tasks) Push(x any)   { *h = append(*h, x.(*task)) }
func (h *tasks) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return t
}

// scheduler is the store's queue of work; the zero value is empty.
type scheduler struct {
	q tasks
	n uint64
}

// schedule queues run for the clock time at; the write lock is held (or
// the store is being loaded).
func (st *store) schedule(at time.Time, run func(at time.Time)) {
	st.sched.n++
	heap.Push(&st.sched.q, &task{at: at, n: st.sched.n, run: run})
}

// due reports whether some work is due at now; a read lock is enough.
func (sc *scheduler) due(now time.Time) bool {
	return len(sc.q) > 0 && !sc.q[0].at.After(now)
}

// settle runs the work due at now and returns the events it emitted, for
// the caller to deliver once no lock is held (Server.flush). The
// framework calls it before each handler, outside the handler's lock, and
// Snapshot before reading. It looks at the queue under the read lock
// (O(1): a request pays nothing when nothing is due) and takes the write
// lock only when something is due; running is idempotent, so concurrent
// calls are harmless.
func (st *store) settle(now time.Time) []event {
	st.mu.RLock()
	due := st.sched.due(now)
	st.mu.RUnlock()
	if !due {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleLocked(now)
	return st.takeOutbox()
}

// settleLocked runs the work due at now, earliest first; the write lock
// is held.
func (st *store) settleLocked(now time.Time) {
	for st.sched.due(now) {
		t := heap.Pop(&st.sched.q).(*task)
		t.run(t.at)
	}
}
