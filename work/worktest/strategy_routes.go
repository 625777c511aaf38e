package worktest

import (
	"net/http"
	"strconv"
)

// The rule groups' endpoints: list, get, get_range, create, edit and del
// of both families (strategy.go has the design).

func (s *Server) strategyRoutes() []route {
	var out []route
	for _, f := range []StrategyFamily{CustomerStrategies, MomentStrategies} {
		p := "externalcontact/" + string(f) + "/"
		out = append(out,
			route{method: http.MethodPost, path: p + "list", handle: bound(func(c *call, r *strategyListReq) (any, error) { return c.strategyList(f, r) })},
			route{method: http.MethodPost, path: p + "get", handle: bound(func(c *call, r *strategyIDReq) (any, error) { return c.strategyGet(f, r) })},
			route{method: http.MethodPost, path: p + "get_range", handle: bound(func(c *call, r *strategyRangeReq) (any, error) { return c.strategyGetRange(f, r) })},
			route{method: http.MethodPost, path: p + "create", write: true, handle: bound(func(c *call, r *strategyCreateReq) (any, error) { return c.strategyCreate(f, r) })},
			route{method: http.MethodPost, path: p + "edit", write: true, handle: bound(func(c *call, r *strategyEditReq) (any, error) { return c.strategyEdit(f, r) })},
			route{method: http.MethodPost, path: p + "del", write: true, handle: bound(func(c *call, r *strategyIDReq) (any, error) { return nil, c.strategyDel(f, r) })},
		)
	}
	return out
}

type strategyListReq struct {
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

type strategyIDReq struct {
	StrategyID int64 `json:"strategy_id" wt:"required"`
}

type strategyRangeReq struct {
	StrategyID int64  `json:"strategy_id" wt:"required"`
	Cursor     string `json:"cursor"`
	Limit      int    `json:"limit"`
}

type strategyCreateReq struct {
	ParentID     int64           `json:"parent_id"`
	StrategyName string          `json:"strategy_name" wt:"required"`
	AdminList    []string        `json:"admin_list" wt:"required"`
	Privilege    map[string]bool `json:"privilege"`
	Range        []StrategyNode  `json:"range"`
}

type strategyEditReq struct {
	StrategyID   int64           `json:"strategy_id" wt:"required"`
	StrategyName string          `json:"strategy_name"`
	AdminList    []string        `json:"admin_list"`
	Privilege    map[string]bool `json:"privilege"`
	RangeAdd     []StrategyNode  `json:"range_add"`
	RangeDel     []StrategyNode  `json:"range_del"`
}

// strategyOut is a rule group as get answers it.
type strategyOut struct {
	StrategyID   IntID           `json:"strategy_id"`
	ParentID     int64           `json:"parent_id"`
	StrategyName string          `json:"strategy_name"`
	CreateTime   int64           `json:"create_time"`
	AdminList    []string        `json:"admin_list"`
	Privilege    map[string]bool `json:"privilege"`
}

func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// strategyList answers list: the family's ids, in creation order.
func (c *call) strategyList(f StrategyFamily, r *strategyListReq) (any, error) {
	limit, err := pageLimit("limit", r.Limit, strategyPageMax, strategyPageMax)
	if err != nil {
		return nil, err
	}
	page, next, err := c.st.strategyFam(f).table.page(c, r.Cursor, limit, nil)
	if err != nil {
		return nil, err
	}
	type item struct {
		StrategyID IntID `json:"strategy_id"`
	}
	out := struct {
		Strategy   []item `json:"strategy"`
		NextCursor string `json:"next_cursor,omitempty"`
	}{Strategy: []item{}, NextCursor: next}
	for _, s := range page {
		out.Strategy = append(out.Strategy, item{s.StrategyID})
	}
	return out, nil
}

// strategyGet answers get, with a child's inherited privileges.
func (c *call) strategyGet(f StrategyFamily, r *strategyIDReq) (any, error) {
	fam := c.st.strategyFam(f)
	s, err := fam.table.lookup(idKey(r.StrategyID))
	if err != nil {
		return nil, err
	}
	return struct {
		Strategy strategyOut `json:"strategy"`
	}{strategyOut{s.StrategyID, s.ParentID, s.StrategyName, s.CreateTime, s.AdminList, fam.effective(s)}}, nil
}

// strategyGetRange answers get_range: the nodes in the order they joined.
func (c *call) strategyGetRange(f StrategyFamily, r *strategyRangeReq) (any, error) {
	fam := c.st.strategyFam(f)
	s, err := fam.table.lookup(idKey(r.StrategyID))
	if err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, strategyPageMax, strategyPageMax)
	if err != nil {
		return nil, err
	}
	// Range is in the order the nodes joined, which is their sequence order.
	seq := func(n StrategyNode) uint64 { return fam.seqs[nodeKey(s.StrategyID, n)] }
	page, next, err := paginate(c, r.Cursor, limit, s.Range, seq, nil, string(s.StrategyID))
	if err != nil {
		return nil, err
	}
	return struct {
		Range      []StrategyNode `json:"range"`
		NextCursor string         `json:"next_cursor,omitempty"`
	}{page, next}, nil
}

// strategyCreate answers create.
func (c *call) strategyCreate(f StrategyFamily, r *strategyCreateReq) (any, error) {
	fam := c.st.strategyFam(f)
	var parent *Strategy
	if r.ParentID != 0 {
		p, err := fam.table.lookup(idKey(r.ParentID))
		if err != nil {
			return nil, errParam("parent_id %d: no such rule group", r.ParentID)
		}
		if fam.depth(p) >= strategyMaxDepth {
			return nil, errParam("parent_id %d is %d levels deep: rule groups nest at most %d levels", r.ParentID, strategyMaxDepth, strategyMaxDepth)
		}
		parent = p
	}
	nodes := addNodes(nil, r.Range)
	if err := fam.checkNodes(c.st, "range", nodes, parent); err != nil {
		return nil, err
	}
	s := &Strategy{StrategyID: IntID(idKey(fam.nextID())), ParentID: r.ParentID, StrategyName: r.StrategyName,
		CreateTime: c.now.Unix(), AdminList: r.AdminList, Range: nodes}
	for k := range r.Privilege {
		if !fam.hasKey(k) {
			return nil, errParam("privilege.%s is not a privilege of a %s", k, f)
		}
	}
	if parent == nil {
		s.Privilege = fam.privilege(nil, r.Privilege)
	}
	s, err := fam.table.create(c.st, s, c.app())
	if err != nil {
		return nil, err
	}
	fam.numberNodes(c.st, s, s.Range)
	return struct {
		StrategyID IntID `json:"strategy_id"`
	}{s.StrategyID}, nil
}

// nextID is one more than the family's highest strategy_id.
func (f *strategyFam) nextID() int64 {
	var highest int64
	for _, s := range f.table.all() {
		highest = max(highest, s.StrategyID.Int())
	}
	return highest + 1
}

// strategyEdit answers edit.
func (c *call) strategyEdit(f StrategyFamily, r *strategyEditReq) (any, error) {
	fam := c.st.strategyFam(f)
	cur, err := fam.table.owned(idKey(r.StrategyID), c.app())
	if err != nil {
		return nil, err
	}
	var parent *Strategy
	if cur.ParentID != 0 {
		parent = fam.table.get(idKey(cur.ParentID))
	}
	add := addNodes(nil, r.RangeAdd)
	if err := fam.checkNodes(c.st, "range_add", add, parent); err != nil {
		return nil, err
	}
	for k := range r.Privilege {
		if !fam.hasKey(k) {
			return nil, errParam("privilege.%s is not a privilege of a %s", k, f)
		}
	}
	var added, removed []StrategyNode
	s, err := fam.table.update(c.st, idKey(r.StrategyID), c.app(), func(s *Strategy) error {
		if r.StrategyName != "" {
			s.StrategyName = r.StrategyName
		}
		if len(r.AdminList) > 0 {
			s.AdminList = r.AdminList
		}
		if r.Privilege != nil && s.ParentID == 0 {
			s.Privilege = fam.privilege(map[string]bool{}, r.Privilege)
		}
		for _, n := range add {
			if !containsNode(s.Range, n) {
				s.Range = append(s.Range, n)
				added = append(added, n)
			}
		}
		kept := s.Range[:0]
		for _, n := range s.Range {
			if containsNode(r.RangeDel, n) {
				removed = append(removed, n)
				continue
			}
			kept = append(kept, n)
		}
		s.Range = kept
		return nil
	})
	if err != nil {
		return nil, err
	}
	fam.forgetNodes(s.StrategyID, removed)
	fam.numberNodes(c.st, s, added)
	return nil, nil
}

// strategyDel answers del: not while the rule group has children.
func (c *call) strategyDel(f StrategyFamily, r *strategyIDReq) error {
	fam := c.st.strategyFam(f)
	s, err := fam.table.owned(idKey(r.StrategyID), c.app())
	if err != nil {
		return err
	}
	for _, x := range fam.table.all() {
		if x.ParentID == r.StrategyID {
			return errParam("rule group %d has child rule group %s: delete it first", r.StrategyID, x.StrategyID)
		}
	}
	nodes := s.Range
	if err := fam.table.remove(idKey(r.StrategyID), c.app()); err != nil {
		return err
	}
	fam.forgetNodes(IntID(idKey(r.StrategyID)), nodes)
	return nil
}
