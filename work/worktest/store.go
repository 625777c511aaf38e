package worktest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// store holds the simulator's state. The request framework takes mu (read
// lock for routes that only read, write lock for routes marked write)
// around each handler, so handlers and the helpers below never lock.
//
// Every slice is kept in sequence order (the order entities entered the
// store); the maps are indexes into them.
type store struct {
	mu sync.RWMutex

	seq uint64 // last sequence number handed out
	ids *rng   // source of new ids ("et…", "wr…", …)

	members    []*Member
	memberByID map[string]*Member

	customers    []*Customer
	customerByID map[string]*Customer

	relations []*Relation          // sequence order
	relByPair map[string]*Relation // relKey(userid, external_userid)
	sched     scheduler            // work due at a clock time (schedule.go)
	outbox    []event              // events emitted under the write lock, not yet delivered (events_outbox.go)
	groups    []any                // each registered group's state (group.go)
}

func newStore(ids *rng) *store {
	return &store{
		ids:          ids,
		memberByID:   map[string]*Member{},
		customerByID: map[string]*Customer{},
		relByPair:    map[string]*Relation{},
		groups:       newGroupStates(),
	}
}

func relKey(userID, externalUserID string) string { return userID + "\x00" + externalUserID }

// nextSeq returns a new sequence number.
func (st *store) nextSeq() uint64 {
	st.seq++
	return st.seq
}

// newID returns a fresh id: prefix followed by n random base62 characters,
// unique in the store's lifetime (it draws again on a collision).
func (st *store) newID(prefix string, n int, taken func(string) bool) string {
	for {
		id := prefix + st.ids.alnum(n)
		if taken == nil || !taken(id) {
			return id
		}
	}
}

// member returns the member with the given userid, resigned or not.
func (st *store) member(userID string) *Member { return st.memberByID[userID] }

// activeMember returns the member if it exists and has not resigned.
func (st *store) activeMember(userID string) *Member {
	if m := st.memberByID[userID]; m != nil && !m.Resigned() {
		return m
	}
	return nil
}

// customer returns the customer with the given external_userid.
func (st *store) customer(externalUserID string) *Customer { return st.customerByID[externalUserID] }

// relation returns the relation between a member and a customer.
func (st *store) relation(userID, externalUserID string) *Relation {
	return st.relByPair[relKey(userID, externalUserID)]
}

// visibleRelations returns a customer's relations with active members, in
// sequence order.
func (st *store) visibleRelations(externalUserID string) []*Relation {
	var out []*Relation
	for _, r := range st.relations {
		if r.ExternalUserID == externalUserID && st.activeMember(r.UserID) != nil {
			out = append(out, r)
		}
	}
	return out
}

// addMember adds a member; it fails on a duplicate userid.
func (st *store) addMember(m *Member) error {
	if m.UserID == "" {
		return fmt.Errorf("member without userid")
	}
	if st.memberByID[m.UserID] != nil {
		return fmt.Errorf("duplicate member %q", m.UserID)
	}
	st.members = append(st.members, m)
	st.memberByID[m.UserID] = m
	return nil
}

// addCustomer adds a customer; it fails on a duplicate external_userid.
func (st *store) addCustomer(c *Customer) error {
	if c.ExternalUserID == "" {
		return fmt.Errorf("customer without external_userid")
	}
	if st.customerByID[c.ExternalUserID] != nil {
		return fmt.Errorf("duplicate customer %q", c.ExternalUserID)
	}
	c.seq = st.nextSeq()
	st.customers = append(st.customers, c)
	st.customerByID[c.ExternalUserID] = c
	return nil
}

// addRelation adds a relation at the end of the sequence; the member and
// the customer must exist and not be related yet.
func (st *store) addRelation(r *Relation) error {
	if st.member(r.UserID) == nil {
		return fmt.Errorf("relation with unknown member %q", r.UserID)
	}
	if st.customer(r.ExternalUserID) == nil {
		return fmt.Errorf("relation with unknown customer %q", r.ExternalUserID)
	}
	k := relKey(r.UserID, r.ExternalUserID)
	if st.relByPair[k] != nil {
		return fmt.Errorf("duplicate relation %s–%s", r.UserID, r.ExternalUserID)
	}
	r.seq = st.nextSeq()
	st.relations = append(st.relations, r)
	st.relByPair[k] = r
	return nil
}

// removeRelation deletes the relation between a member and a customer and
// reports whether there was one.
func (st *store) removeRelation(userID, externalUserID string) bool {
	k := relKey(userID, externalUserID)
	r := st.relByPair[k]
	if r == nil {
		return false
	}
	delete(st.relByPair, k)
	i := sort.Search(len(st.relations), func(i int) bool { return st.relations[i].seq >= r.seq })
	st.relations = append(st.relations[:i], st.relations[i+1:]...)
	return true
}

// load fills an empty store from d, checking that every reference points
// at something that exists: the core entities (members, customers,
// relations), then each group's part (group.go). d is deep-copied.
func (st *store) load(d *Data) error {
	var cp Data
	if err := roundTrip(d, &cp); err != nil {
		return err
	}
	for i := range cp.Members {
		if err := st.addMember(&cp.Members[i]); err != nil {
			return err
		}
	}
	for i := range cp.Customers {
		c := &cp.Customers[i]
		if !strings.HasPrefix(c.ExternalUserID, "wm") && !strings.HasPrefix(c.ExternalUserID, "wo") {
			return fmt.Errorf("customer %q: external_userid must start with wm or wo", c.ExternalUserID)
		}
		if err := st.addCustomer(c); err != nil {
			return err
		}
	}
	for i := range cp.Relations {
		if err := st.addRelation(&cp.Relations[i]); err != nil {
			return err
		}
	}
	return st.loadGroups(&cp)
}

// snapshot returns a deep copy of the state.
func (st *store) snapshot() *Data {
	d := &Data{
		Members:   make([]Member, 0, len(st.members)),
		Customers: make([]Customer, 0, len(st.customers)),
		Relations: make([]Relation, 0, len(st.relations)),
	}
	for _, m := range st.members {
		d.Members = append(d.Members, *m)
	}
	for _, c := range st.customers {
		d.Customers = append(d.Customers, *c)
	}
	for _, r := range st.relations {
		d.Relations = append(d.Relations, *r)
	}
	st.snapshotGroups(d)
	var out Data
	if err := roundTrip(d, &out); err != nil {
		// Every state type is plain JSON-able data, so this does not
		// happen; d is still a copy of the top-level values.
		return d
	}
	return &out
}

// roundTrip deep-copies src into dst through JSON.
func roundTrip(src, dst any) error {
	b, err := json.Marshal(src)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}
