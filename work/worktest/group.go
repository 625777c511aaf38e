package worktest

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"
)

// API groups. Each group of endpoints (客户群, 「联系我」, …) declares itself
// in its own file(s) with an init function that calls addGroup: its routes,
// its part of the state, how that part loads from a fixture, goes into a
// Snapshot and is seeded. Nothing central lists the groups: the framework
// builds the routes, the store and the seeded data from what was
// registered. See doc.go, "Adding a group".

// group declares an API group whose state is an S (a struct of the group's
// own, usually holding one or more tables; struct{} for a group without
// state). Every hook is optional.
type group[S any] struct {
	// name identifies the group in errors ("contact_way", "groupchat").
	name string
	// routes returns the group's endpoints.
	routes func(s *Server) []route
	// state makes the group's empty state; nil means new(S).
	state func() *S
	// load fills the group's state from a fixture, after the core state
	// (members, customers, tags, relations, transfers) has loaded; d is the
	// store's private copy, so load may keep pointers into it.
	load func(st *store, g *S, d *Data) error
	// snapshot writes the group's part of a Snapshot into d; the framework
	// deep-copies d afterwards.
	snapshot func(st *store, g *S, d *Data)
	// seed adds the group's generated data to d, after the core entities
	// were generated (d.Members, d.Customers, … are filled).
	seed func(sd *seeding, d *Data)
	// errTexts are the errmsg texts of the group's own errcodes; a code
	// another group already declared is a programming error (init panics).
	errTexts map[int]string
}

// groupDef is a registered group with its type erased.
type groupDef struct {
	name     string
	index    int
	newState func() any
	routes   func(s *Server) []route
	load     func(st *store, d *Data) error
	snapshot func(st *store, d *Data)
	seed     func(sd *seeding, d *Data)
}

// groups are the registered groups, in registration order (init functions
// run in file-name order, so this order is stable).
var groups []*groupDef

// groupKey finds a group's state in a store; addGroup returns it.
type groupKey[S any] struct{ index int }

// of returns the group's state in st. The caller holds st.mu as for any
// other part of the store.
func (k groupKey[S]) of(st *store) *S { return st.groups[k.index].(*S) }

// addGroup registers g; call it from an init function of the group's
// file. It panics on a programming error (an empty or duplicate name, an
// errcode text declared twice), which every test run then reports.
func addGroup[S any](g group[S]) groupKey[S] {
	if g.name == "" {
		panic("worktest: addGroup: a group needs a name")
	}
	for _, d := range groups {
		if d.name == g.name {
			panic("worktest: addGroup: duplicate group " + g.name)
		}
	}
	for code, text := range g.errTexts {
		if _, dup := errTexts[code]; dup {
			panic(fmt.Sprintf("worktest: addGroup %s: errcode %d already has a text", g.name, code))
		}
		errTexts[code] = text
	}
	k := groupKey[S]{index: len(groups)}
	def := &groupDef{name: g.name, index: k.index, routes: g.routes, seed: g.seed}
	def.newState = func() any {
		if g.state != nil {
			return g.state()
		}
		return new(S)
	}
	if g.load != nil {
		def.load = func(st *store, d *Data) error { return g.load(st, k.of(st), d) }
	}
	if g.snapshot != nil {
		def.snapshot = func(st *store, d *Data) { g.snapshot(st, k.of(st), d) }
	}
	groups = append(groups, def)
	return k
}

// seeding is what a group's seed hook works with.
type seeding struct {
	// r is the group's own random stream (a function of the seed and the
	// group's name), so adding a group changes nothing in the others.
	r *rng
	// core continues the stream the core entities were generated from.
	// Only groups whose seeded data predates the framework use it (group
	// chats), so their data stays the same byte for byte; new groups use r.
	core *rng
	sz   sizes
	// now is the reference time, Unix seconds: seeded data is before it.
	now int64
}

// seedGroups lets every group add its generated data to d.
func seedGroups(seed int64, core *rng, sz sizes, now int64, d *Data) {
	for _, g := range groups {
		if g.seed != nil {
			h := fnv.New64a()
			h.Write([]byte(g.name))
			g.seed(&seeding{r: newRNG(seed, h.Sum64()), core: core, sz: sz, now: now}, d)
		}
	}
}

// newGroupStates makes every group's empty state, for a new store.
func newGroupStates() []any {
	out := make([]any, len(groups))
	for i, g := range groups {
		out[i] = g.newState()
	}
	return out
}

// loadGroups runs every group's load hook.
func (st *store) loadGroups(d *Data) error {
	for _, g := range groups {
		if g.load != nil {
			if err := g.load(st, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// snapshotGroups runs every group's snapshot hook.
func (st *store) snapshotGroups(d *Data) {
	for _, g := range groups {
		if g.snapshot != nil {
			g.snapshot(st, d)
		}
	}
}

// backDoor is what a group's back-door handle (Server.ContactWays, …)
// embeds: the server, and the store under its write lock at the clock's
// now, settled like a request would see it.
type backDoor struct{ s *Server }

// write runs f under the store's write lock, after the due scheduled work,
// then delivers the events both emitted (st.emit).
func (b backDoor) write(f func(st *store, now time.Time) error) error {
	_, err := b.writeEvents(b.s.ctx, f)
	return err
}

// writeEvents is write returning the delivery errors too, one per event
// emitted, in order (the scheduled work's first, then f's); it delivers
// with ctx.
func (b backDoor) writeEvents(ctx context.Context, f func(st *store, now time.Time) error) (delivery []error, err error) {
	now := b.s.clock.Now()
	st := b.s.st
	var evs []event
	func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		st.settleLocked(now)
		err = f(st, now)
		evs = st.takeOutbox()
	}()
	return b.s.flushCtx(ctx, evs), err
}

// read runs f under the store's read lock, after the due scheduled work,
// and delivers the events the scheduled work emitted.
func (b backDoor) read(f func(st *store, now time.Time)) {
	now := b.s.clock.Now()
	evs := b.s.st.settle(now)
	func() {
		b.s.st.mu.RLock()
		defer b.s.st.mu.RUnlock()
		f(b.s.st, now)
	}()
	b.s.flush(evs)
}
