package worktest

import (
	"encoding/json"
	"fmt"
	"strconv"
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
