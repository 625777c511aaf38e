package worktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// 规则组: the customer-contact rule groups (客户联系规则组,
// externalcontact/customer_strategy/*) and the moment rule groups
// (客户朋友圈规则组, externalcontact/moment_strategy/*). Both families have
// the same shape and the same rules here; only their privilege keys
// differ. The simulator's design:
//
//   - A rule group has an integer strategy_id (the next after the highest
//     of its family), a name, 1 to 20 admins (active members: 40003), a
//     privilege object and a range of member and department nodes (at most
//     3000). Only department 1, the root, exists (60123 otherwise); member
//     nodes must be active members (40003).
//   - Privileges: a key the family does not have answers 40058 (WeCom
//     would ignore it; the simulator catches the typo). A key left out of
//     create defaults to true, as WeCom documents; the five basic
//     customer-contact privileges stay true whatever is sent. edit's
//     privilege, when present, replaces them: a key left out is false then,
//     except the basic five.
//   - A child (parent_id set) inherits its parent's privileges: any it is
//     given are ignored, and get answers the parent's. Its range must be a
//     subset of the parent's (a parent holding department 1 holds every
//     member) on create and on range_add: 40058 otherwise. Rule groups nest
//     at most 5 levels deep. A rule group with children cannot be deleted
//     (40058): delete the children first (WeCom documents no rule; the
//     simulator picks the safe one).
//   - edit: strategy_name, admin_list and privilege change when present
//     (an empty admin_list leaves the admins, as WeCom documents);
//     range_add adds nodes not yet there, range_del removes those that are.
//   - Only the app that created a rule group may edit or delete it
//     (48002); list, get and get_range show them all. The seeded corp has
//     customer rule group 1, "渠道规则组" (the owner of the strategy tag
//     group 渠道规则), made in the admin console: the API reads it but may
//     not change it.
//   - list and get_range page with cursors, limit default 1000, at most
//     1000 (a larger one is lowered). An unknown strategy_id answers 40058.

// StrategyData is the rule groups of a corp, per family.
type StrategyData struct {
	Customer []Strategy `json:"customer,omitempty"`
	Moment   []Strategy `json:"moment,omitempty"`
}

// IntID is an integer id, such as a rule group's strategy_id: a JSON
// number, kept as its decimal digits.
type IntID string

// MarshalJSON writes the id as a number.
func (id IntID) MarshalJSON() ([]byte, error) {
	if id == "" {
		return []byte("0"), nil
	}
	return []byte(id), nil
}

// UnmarshalJSON reads a JSON number.
func (id *IntID) UnmarshalJSON(b []byte) error {
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*id = IntID(strconv.FormatInt(n, 10))
	return nil
}

// Int returns the id as an integer (0 when it is not one).
func (id IntID) Int() int64 {
	n, _ := strconv.ParseInt(string(id), 10, 64)
	return n
}

// StrategyNode is one member (type 1, userid) or department (type 2,
// partyid) of a rule group's range.
type StrategyNode struct {
	Type    int    `json:"type"`
	UserID  string `json:"userid,omitempty"`
	PartyID int64  `json:"partyid,omitempty"`
}

// Strategy is a rule group (规则组).
type Strategy struct {
	StrategyID   IntID    `json:"strategy_id"`
	ParentID     int64    `json:"parent_id"`
	StrategyName string   `json:"strategy_name"`
	CreateTime   int64    `json:"create_time"`
	AdminList    []string `json:"admin_list"`
	// Privilege is the rule group's own privileges; a child has none (it
	// answers its parent's).
	Privilege map[string]bool `json:"privilege,omitempty"`
	// Range is its members and departments, in the order they were added.
	Range []StrategyNode `json:"range,omitempty"`
	// CreatedByApp is the app that created it ("" for the simulator's
	// app, StrategyAdminConsole for one made in the admin console).
	CreatedByApp string `json:"created_by_app,omitempty"`
}

// StrategyAdminConsole is the CreatedByApp of a rule group made in the
// admin console (管理后台) rather than through the API.
const StrategyAdminConsole = "admin_console"

// StrategyFamily names a family of rule groups.
type StrategyFamily string

// The two families.
const (
	CustomerStrategies StrategyFamily = "customer_strategy" // 客户联系规则组
	MomentStrategies   StrategyFamily = "moment_strategy"   // 客户朋友圈规则组
)

// Bounds WeCom documents for rule groups.
const (
	strategyMaxAdmins = 20
	strategyMaxNodes  = 3000
	strategyMaxDepth  = 5
	strategyPageMax   = 1000
)

// The privilege keys of each family; strategyBasic are the
// customer-contact privileges WeCom never revokes (基础权限，不可取消).
var (
	strategyBasic        = []string{"view_customer_list", "view_customer_data", "view_room_list", "contact_me", "join_room"}
	customerStrategyKeys = append(append([]string{}, strategyBasic...),
		"share_customer", "oper_resign_customer", "oper_resign_group", "send_customer_msg", "edit_welcome_msg",
		"view_behavior_data", "view_room_data", "send_group_msg", "room_deduplication", "rapid_reply",
		"onjob_customer_transfer", "edit_anti_spam_rule", "export_customer_list", "export_customer_data",
		"export_customer_group_list", "manage_customer_tag")
	momentStrategyKeys = []string{"send_moment", "view_moment_list", "manage_moment_cover_and_sign"}
)

// strategyFam is one family: its privilege keys, its table and the
// sequence numbers of its range nodes (get_range pages by them).
type strategyFam struct {
	family StrategyFamily
	keys   []string
	basic  []string
	table  *table[Strategy]
	seqs   map[string]uint64 // strategy id + node → when it joined the range
}

type strategyState struct{ customer, moment *strategyFam }

var strategyGroup groupKey[strategyState]

func init() {
	strategyGroup = addGroup(group[strategyState]{
		name:   "strategy",
		routes: (*Server).strategyRoutes,
		state: func() *strategyState {
			return &strategyState{
				customer: &strategyFam{family: CustomerStrategies, keys: customerStrategyKeys, basic: strategyBasic,
					table: newTable(&customerStrategyResource), seqs: map[string]uint64{}},
				moment: &strategyFam{family: MomentStrategies, keys: momentStrategyKeys,
					table: newTable(&momentStrategyResource), seqs: map[string]uint64{}},
			}
		},
		load: func(st *store, g *strategyState, d *Data) error {
			if d.Strategies == nil {
				return nil
			}
			for _, f := range []struct {
				fam  *strategyFam
				list []Strategy
			}{{g.customer, d.Strategies.Customer}, {g.moment, d.Strategies.Moment}} {
				if err := f.fam.table.load(st, f.list); err != nil {
					return err
				}
				for _, s := range f.fam.table.all() {
					f.fam.numberNodes(st, s, s.Range)
				}
			}
			return nil
		},
		snapshot: func(_ *store, g *strategyState, d *Data) {
			if g.customer.table.len()+g.moment.table.len() > 0 {
				d.Strategies = &StrategyData{Customer: g.customer.table.snapshot(), Moment: g.moment.table.snapshot()}
			}
		},
		seed: seedStrategies,
	})
}

// seedStrategies adds customer rule group 1, made in the admin console:
// the strategy tag group 渠道规则 belongs to it.
func seedStrategies(sd *seeding, d *Data) {
	var admin string
	for _, m := range d.Members {
		if !m.Resigned() && m.ExternalContact {
			admin = m.UserID
			break
		}
	}
	if admin == "" {
		return
	}
	priv := map[string]bool{}
	for _, k := range customerStrategyKeys {
		priv[k] = true
	}
	d.Strategies = &StrategyData{Customer: []Strategy{{
		StrategyID: "1", StrategyName: "渠道规则组", CreateTime: sd.now - 90*24*3600, AdminList: []string{admin},
		Privilege: priv, Range: []StrategyNode{{Type: 2, PartyID: rootParty}}, CreatedByApp: StrategyAdminConsole,
	}}}
}

func (g *strategyState) famOf(f StrategyFamily) *strategyFam {
	switch f {
	case CustomerStrategies:
		return g.customer
	case MomentStrategies:
		return g.moment
	}
	return nil
}

func (st *store) strategyFam(f StrategyFamily) *strategyFam { return strategyGroup.of(st).famOf(f) }

func strategyResource(f StrategyFamily) resource[Strategy] {
	return resource[Strategy]{
		name: string(f), idField: "strategy_id",
		id:  func(s *Strategy) *string { return (*string)(&s.StrategyID) },
		app: func(s *Strategy) *string { return &s.CreatedByApp },
		validate: func(st *store, s *Strategy, o op) error {
			return st.strategyFam(f).check(st, s, o)
		},
	}
}

var (
	customerStrategyResource = strategyResource(CustomerStrategies)
	momentStrategyResource   = strategyResource(MomentStrategies)
)

// check validates a rule group: its id, name, admins, privilege keys and
// range shape; admins must be active members on create and update.
func (f *strategyFam) check(st *store, s *Strategy, o op) error {
	if s.StrategyID.Int() <= 0 {
		return errParam("strategy_id %q is not a positive integer", s.StrategyID)
	}
	if err := requireField("strategy_name", s.StrategyName); err != nil {
		return err
	}
	if err := checkList("admin_list", s.AdminList, true, strategyMaxAdmins); err != nil {
		return err
	}
	if o != opLoad {
		for _, a := range s.AdminList {
			if _, err := st.activeMemberOrErr(a); err != nil {
				return err
			}
		}
	}
	for k := range s.Privilege {
		if !f.hasKey(k) {
			return errParam("privilege.%s is not a privilege of a %s", k, f.family)
		}
	}
	if len(s.Range) > strategyMaxNodes {
		return errParam("range has %d nodes, at most %d allowed", len(s.Range), strategyMaxNodes)
	}
	for i, n := range s.Range {
		if n.Type != 1 && n.Type != 2 {
			return errParam("range[%d].type is %d, must be 1 or 2", i, n.Type)
		}
	}
	return nil
}

func (f *strategyFam) hasKey(k string) bool {
	for _, x := range f.keys {
		if x == k {
			return true
		}
	}
	return false
}

// privilege returns a full privilege object: given's keys over the
// defaults (all true when base is nil), the basic ones true.
func (f *strategyFam) privilege(base, given map[string]bool) map[string]bool {
	out := make(map[string]bool, len(f.keys))
	for _, k := range f.keys {
		v, ok := base[k]
		out[k] = v || (!ok && base == nil)
	}
	for k, v := range given {
		out[k] = v
	}
	for _, k := range f.basic {
		out[k] = true
	}
	return out
}

// effective returns the privileges of s: its own, or its nearest
// ancestor's for a child.
func (f *strategyFam) effective(s *Strategy) map[string]bool {
	for depth := 0; s != nil && depth < 2*strategyMaxDepth; depth++ {
		if s.ParentID == 0 {
			return f.privilege(s.Privilege, nil)
		}
		s = f.table.get(strconv.FormatInt(s.ParentID, 10))
	}
	return f.privilege(nil, nil)
}

// depth returns how deep s sits (1 for a top-level rule group).
func (f *strategyFam) depth(s *Strategy) int {
	d := 1
	for s != nil && s.ParentID != 0 && d <= strategyMaxDepth {
		s = f.table.get(strconv.FormatInt(s.ParentID, 10))
		d++
	}
	return d
}

func nodeKey(id IntID, n StrategyNode) string {
	return fmt.Sprintf("%s/%d/%s/%d", id, n.Type, n.UserID, n.PartyID)
}

// numberNodes gives the nodes that have none a sequence number.
func (f *strategyFam) numberNodes(st *store, s *Strategy, nodes []StrategyNode) {
	for _, n := range nodes {
		if k := nodeKey(s.StrategyID, n); f.seqs[k] == 0 {
			f.seqs[k] = st.nextSeq()
		}
	}
}

// forgetNodes drops the sequence numbers of nodes.
func (f *strategyFam) forgetNodes(id IntID, nodes []StrategyNode) {
	for _, n := range nodes {
		delete(f.seqs, nodeKey(id, n))
	}
}

// checkNodes checks nodes to be added: members active (40003), the root
// department only (60123); under a parent, nodes in its range (40058).
func (f *strategyFam) checkNodes(st *store, field string, nodes []StrategyNode, parent *Strategy) error {
	for i, n := range nodes {
		switch n.Type {
		case 1:
			if n.UserID == "" {
				return errParam("%s[%d].userid is required", field, i)
			}
			if _, err := st.activeMemberOrErr(n.UserID); err != nil {
				return err
			}
		case 2:
			if n.PartyID != rootParty {
				return errDetail(codeInvalidPartyID, "%s[%d].partyid %d", field, i, n.PartyID)
			}
		default:
			return errParam("%s[%d].type is %d, must be 1 or 2", field, i, n.Type)
		}
		if parent != nil && !covers(parent.Range, n) {
			return errParam("%s[%d] (type %d %s%d) is not in the range of parent rule group %s", field, i, n.Type, n.UserID, n.PartyID, parent.StrategyID)
		}
	}
	return nil
}

// covers reports whether a range holds n: as a node, or a member through
// the root department.
func covers(r []StrategyNode, n StrategyNode) bool {
	for _, x := range r {
		if x == n || (x.Type == 2 && x.PartyID == rootParty && n.Type == 1) {
			return true
		}
	}
	return false
}

// addNodes returns r with the nodes not yet in it appended.
func addNodes(r, nodes []StrategyNode) []StrategyNode {
	for _, n := range nodes {
		if !containsNode(r, n) {
			r = append(r, n)
		}
	}
	return r
}

func containsNode(r []StrategyNode, n StrategyNode) bool {
	for _, x := range r {
		if x == n {
			return true
		}
	}
	return false
}

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
	var max int64
	for _, s := range f.table.all() {
		max = maxInt64(max, s.StrategyID.Int())
	}
	return max + 1
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
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
