package worktest

import (
	"fmt"
	"time"
)

// Strategies is the rule groups' back door: sim.Strategies().Add(…).
type Strategies struct{ backDoor }

// Strategies returns the rule groups' back door.
func (s *Server) Strategies() Strategies { return Strategies{backDoor{s}} }

// Add makes a rule group of family f as app would (StrategyAdminConsole
// for one made in the admin console, "" for the simulator's app), with
// the rules of create, and returns its strategy_id. Leave StrategyID and
// CreateTime zero; a nil Privilege is the defaults.
func (b Strategies) Add(f StrategyFamily, s Strategy, app string) (id int64, err error) {
	err = b.write(func(st *store, now time.Time) error {
		fam := st.strategyFam(f)
		if fam == nil {
			return fmt.Errorf("worktest: no rule group family %q", f)
		}
		var parent *Strategy
		if s.ParentID != 0 {
			if parent = fam.table.get(idKey(s.ParentID)); parent == nil {
				return fmt.Errorf("worktest: no %s %d", f, s.ParentID)
			}
		}
		s.Range = addNodes(nil, s.Range)
		if err := fam.checkNodes(st, "range", s.Range, parent); err != nil {
			return err
		}
		v := s
		v.StrategyID, v.CreateTime = IntID(idKey(fam.nextID())), now.Unix()
		if parent == nil {
			v.Privilege = fam.privilege(nil, s.Privilege)
		} else {
			v.Privilege = nil
		}
		created, err := fam.table.create(st, &v, app)
		if err != nil {
			return err
		}
		fam.numberNodes(st, created, created.Range)
		id = created.StrategyID.Int()
		return nil
	})
	return id, err
}

// Get returns a copy of a rule group, with its effective privileges.
func (b Strategies) Get(f StrategyFamily, id int64) (s Strategy, ok bool) {
	b.read(func(st *store, _ time.Time) {
		fam := st.strategyFam(f)
		if fam == nil {
			return
		}
		if v := fam.table.get(idKey(id)); v != nil {
			ok = roundTrip(v, &s) == nil
			s.Privilege = fam.effective(v)
		}
	})
	return s, ok
}
