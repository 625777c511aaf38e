package worktest

import (
	"cmp"
	"errors"
	"fmt"
	"sort"
)

// A table keeps the resources of one kind (contact ways, join ways,
// intercept rules, …) in a group's state: ids in WeCom's style, create,
// get, list with cursor paging, update through a patch, delete, a quota
// and, for the resources WeCom lets only their creator change, the app
// that created each one. It runs under the store's lock like everything
// else, so it never locks. Handlers answer its errors as they are: they
// are *apiError values with WeCom's errcodes.

// op says why a resource is being validated.
type op int

const (
	opLoad   op = iota // from a fixture: references may point at resigned members
	opCreate           // a create call, or a back door creating one
	opUpdate           // an update call, after the patch
)

// idFormat is how a resource's new ids look: prefix followed by n random
// characters of alphabet (base62 when empty), e.g. {"cw", 30, ""} for
// contact ways' "cw…" config_id.
type idFormat struct {
	prefix   string
	n        int
	alphabet string
}

// resource describes one kind of resource; declare it as a package-level
// var in the group's file.
type resource[T any] struct {
	// name names the resource in messages ("contact way").
	name string
	// idField is the id's wire name ("config_id"), for "… is required".
	idField string
	// id returns a pointer to the resource's id field.
	id func(*T) *string
	// ids is the format of new ids.
	ids idFormat
	// notFound is the errcode of an unknown id (default 40058).
	notFound int
	// quota caps how many resources the table holds (0: no cap); a create
	// beyond it answers quotaCode (default 40058).
	quota, quotaCode int
	// validate checks a resource before it enters the table (opLoad,
	// opCreate) and after a patch (opUpdate). For opCreate and opUpdate it
	// returns what WeCom answers (an *apiError); for opLoad any error.
	validate func(st *store, v *T, o op) error
	// app, when set, returns a pointer to the field naming the app that
	// created the resource ("" for the app calling the simulator, which
	// holds its secret): update and delete by another app answer notOwner
	// (default 48002 api forbidden). Fixtures and back doors may name any
	// other app.
	app      func(*T) *string
	notOwner int
}

// row is one resource in a table, with its sequence number (cursors page
// by it).
type row[T any] struct {
	seq uint64
	v   *T
}

// table holds resources of one kind in sequence order, indexed by id.
type table[T any] struct {
	res  *resource[T]
	rows []row[T]
	byID map[string]*T
	seqs map[string]uint64
}

// newTable returns an empty table of res.
func newTable[T any](res *resource[T]) *table[T] {
	return &table[T]{res: res, byID: map[string]*T{}, seqs: map[string]uint64{}}
}

// len returns how many resources the table holds.
func (t *table[T]) len() int { return len(t.rows) }

// get returns the resource with the given id, or nil.
func (t *table[T]) get(id string) *T { return t.byID[id] }

// all returns the resources in sequence order (the table's own pointers).
func (t *table[T]) all() []*T {
	out := make([]*T, len(t.rows))
	for i, r := range t.rows {
		out[i] = r.v
	}
	return out
}

// seq returns the sequence number of a resource in the table (0: absent).
func (t *table[T]) seq(id string) uint64 { return t.seqs[id] }

// after returns the index in rows of the first resource whose sequence
// number is greater than seq.
func (t *table[T]) after(seq uint64) int {
	return sort.Search(len(t.rows), func(i int) bool { return t.rows[i].seq > seq })
}

// lookup returns the resource, or 40058 for a missing id and the
// resource's notFound code for an unknown one.
func (t *table[T]) lookup(id string) (*T, error) {
	if err := requireField(t.res.idField, id); err != nil {
		return nil, err
	}
	v := t.byID[id]
	if v == nil {
		return nil, errDetail(cmp.Or(t.res.notFound, codeInvalidParameter), "no %s %s", t.res.name, id)
	}
	return v, nil
}

// insert adds v at the end of the sequence as it is: for loads and back
// doors that validated it already. It fails on an empty or taken id.
func (t *table[T]) insert(st *store, v *T) error {
	id := *t.res.id(v)
	if id == "" {
		return fmt.Errorf("%s without %s", t.res.name, t.res.idField)
	}
	if t.byID[id] != nil {
		return fmt.Errorf("duplicate %s %q", t.res.name, id)
	}
	seq := st.nextSeq()
	t.rows = append(t.rows, row[T]{seq: seq, v: v})
	t.byID[id] = v
	t.seqs[id] = seq
	return nil
}

// newID draws a fresh id in the resource's format.
func (t *table[T]) newID(st *store) string {
	f := t.res.ids
	alphabet := cmp.Or(f.alphabet, base62)
	for {
		b := make([]byte, f.n)
		for i := range b {
			b[i] = alphabet[st.ids.intn(len(alphabet))]
		}
		if id := f.prefix + string(b); t.byID[id] == nil {
			return id
		}
	}
}

// create adds v for app (see resource.app): it gets a new id when it has
// none, is checked against the quota and validate(opCreate), and enters
// the table. The table keeps v.
func (t *table[T]) create(st *store, v *T, app string) (*T, error) {
	if t.res.quota > 0 && len(t.rows) >= t.res.quota {
		return nil, errDetail(cmp.Or(t.res.quotaCode, codeInvalidParameter), "at most %d %ss", t.res.quota, t.res.name)
	}
	if t.res.validate != nil {
		if err := t.res.validate(st, v, opCreate); err != nil {
			return nil, err
		}
	}
	if id := t.res.id(v); *id == "" {
		*id = t.newID(st)
	}
	if t.res.app != nil {
		*t.res.app(v) = app
	}
	if err := t.insert(st, v); err != nil {
		return nil, errParam("%v", err)
	}
	return v, nil
}

// update applies patch to a copy of the resource, validates the copy
// (opUpdate) and only then stores it: a failed patch or validation
// changes nothing. Another app's resource answers notOwner. patch may not
// change the id.
func (t *table[T]) update(st *store, id, app string, patch func(*T) error) (*T, error) {
	cur, err := t.owned(id, app)
	if err != nil {
		return nil, err
	}
	var cp T
	if err := roundTrip(cur, &cp); err != nil { // a deep copy: patch may edit slices in place
		return nil, err
	}
	if err := patch(&cp); err != nil {
		return nil, err
	}
	if *t.res.id(&cp) != id {
		return nil, errors.New("worktest: a patch changed the " + t.res.idField)
	}
	if t.res.validate != nil {
		if err := t.res.validate(st, &cp, opUpdate); err != nil {
			return nil, err
		}
	}
	*cur = cp
	return cur, nil
}

// remove deletes the resource; another app's answers notOwner.
func (t *table[T]) remove(id, app string) error {
	if _, err := t.owned(id, app); err != nil {
		return err
	}
	i := sort.Search(len(t.rows), func(i int) bool { return t.rows[i].seq >= t.seqs[id] })
	t.rows = append(t.rows[:i], t.rows[i+1:]...)
	delete(t.byID, id)
	delete(t.seqs, id)
	return nil
}

// owned looks the resource up and checks that app may change it.
func (t *table[T]) owned(id, app string) (*T, error) {
	v, err := t.lookup(id)
	if err != nil {
		return nil, err
	}
	if t.res.app != nil && *t.res.app(v) != app {
		return nil, errDetail(cmp.Or(t.res.notOwner, codeAPIForbidden), "%s %s was created by another app", t.res.name, id)
	}
	return v, nil
}

// page returns one page of the resources that keep accepts (nil: all),
// in sequence order: see paginate.
func (t *table[T]) page(c *call, cursor string, limit int, keep func(*T) bool, query ...string) ([]*T, string, error) {
	rows, next, err := paginate(c, cursor, limit, t.rows, func(r row[T]) uint64 { return r.seq },
		func(r row[T]) bool { return keep == nil || keep(r.v) }, query...)
	out := make([]*T, len(rows))
	for i, r := range rows {
		out[i] = r.v
	}
	return out, next, err
}

// load adds a fixture's resources, each checked by validate(opLoad).
func (t *table[T]) load(st *store, list []T) error {
	for i := range list {
		v := &list[i]
		var err error
		if t.res.validate != nil {
			err = t.res.validate(st, v, opLoad)
		}
		if err == nil {
			err = t.insert(st, v)
		}
		if err != nil {
			return fmt.Errorf("%s %q: %w", t.res.name, *t.res.id(v), err)
		}
	}
	return nil
}

// snapshot returns copies of the resources in sequence order (shallow:
// Snapshot deep-copies the whole Data afterwards).
func (t *table[T]) snapshot() []T {
	out := make([]T, len(t.rows))
	for i, r := range t.rows {
		out[i] = *r.v
	}
	return out
}
