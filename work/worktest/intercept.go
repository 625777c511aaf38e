package worktest

import (
	"net/http"
	"strconv"
	"time"
)

// 聊天敏感词: chat intercept rules (externalcontact/add_intercept_rule,
// get_intercept_rule_list, get_intercept_rule, update_intercept_rule,
// del_intercept_rule). The simulator's design:
//
//   - A rule has a name (1 to 20 characters), 1 to 300 words of 1 to 32
//     characters, semantics (1 phone number, 2 email address, 3 red
//     packet), an intercept_type (1 warn and block, 2 warn only) and a
//     range of members (active ones: 40003) and departments (only the root,
//     1: 60123), not both empty, at most 1000 of each per call and 10,000
//     members in all. Anything else answers 40058 naming the field. A corp
//     holds at most 100 rules (40058 beyond; WeCom documents the cap, not
//     its errcode).
//   - add takes semantics_list at the top level; get answers it under
//     extra_rule, and update takes it there, as WeCom documents: an
//     extra_rule with an empty semantics_list clears the semantics, no
//     extra_rule leaves them.
//   - update changes what is present: rule_name when non-empty, word_list
//     when non-empty (WeCom ignores an empty one), intercept_type when
//     non-zero; add_applicable_range adds members and departments,
//     remove_applicable_range removes them (the range may not end up
//     empty).
//   - Only the app that created a rule may update or delete it (48002);
//     the list (a GET, every rule of the corp) and get show them all. An
//     unknown rule_id answers 40058.
//   - Server.Intercepts().Check tells what WeCom would do with a message a
//     member sends a customer: which rules apply to the sender, which of
//     their words and semantics the message matches, and whether it would
//     be blocked or only warned about (intercept.go, intercept_check.go).

// InterceptRule is a chat intercept rule (敏感词规则). Its semantics are
// kept at the top level; get_intercept_rule answers them under
// extra_rule.
type InterceptRule struct {
	RuleID          string         `json:"rule_id"`
	RuleName        string         `json:"rule_name"`
	WordList        []string       `json:"word_list"`
	SemanticsList   []int          `json:"semantics_list,omitempty"`
	InterceptType   int            `json:"intercept_type"`
	ApplicableRange InterceptRange `json:"applicable_range"`
	CreateTime      int64          `json:"create_time"`
	CreatedByApp    string         `json:"created_by_app,omitempty"`
}

// InterceptRange is who a rule applies to.
type InterceptRange struct {
	UserList       []string `json:"user_list,omitempty"`
	DepartmentList []int64  `json:"department_list,omitempty"`
}

// Intercept types.
const (
	InterceptWarnAndBlock = 1 // 警告并拦截发送
	InterceptWarnOnly     = 2 // 仅发警告
)

// Semantics of a rule (semantics_list).
const (
	SemanticPhone     = 1 // 手机号
	SemanticEmail     = 2 // 邮箱地址
	SemanticRedPacket = 3 // 红包
)

// WeCom's bounds of a rule.
const (
	interceptMaxRules    = 100
	interceptMaxName     = 20
	interceptMaxWords    = 300
	interceptMaxWord     = 32
	interceptMaxPerCall  = 1000
	interceptMaxUsers    = 10000
	interceptRuleIDWidth = 19
)

type interceptState struct{ rules *table[InterceptRule] }

var interceptGroup groupKey[interceptState]

func init() {
	interceptGroup = addGroup(group[interceptState]{
		name:     "intercept",
		routes:   (*Server).interceptRoutes,
		state:    func() *interceptState { return &interceptState{rules: newTable(&interceptResource)} },
		load:     func(st *store, g *interceptState, d *Data) error { return g.rules.load(st, d.InterceptRules) },
		snapshot: func(_ *store, g *interceptState, d *Data) { d.InterceptRules = g.rules.snapshot() },
	})
}

var interceptResource = resource[InterceptRule]{
	name: "intercept rule", idField: "rule_id",
	id:    func(r *InterceptRule) *string { return &r.RuleID },
	ids:   idFormat{prefix: "1", n: interceptRuleIDWidth - 1, alphabet: "0123456789"},
	quota: interceptMaxRules,
	app:   func(r *InterceptRule) *string { return &r.CreatedByApp },
	validate: func(_ *store, r *InterceptRule, _ op) error {
		if err := requireField("rule_name", r.RuleName); err != nil {
			return err
		}
		if err := checkRunes("rule_name", r.RuleName, interceptMaxName); err != nil {
			return err
		}
		if err := checkList("word_list", r.WordList, true, interceptMaxWords); err != nil {
			return err
		}
		for i, w := range r.WordList {
			if err := checkRunes("word_list["+strconv.Itoa(i)+"]", w, interceptMaxWord); err != nil {
				return err
			}
		}
		if err := checkSemantics("semantics_list", r.SemanticsList); err != nil {
			return err
		}
		if r.InterceptType != InterceptWarnAndBlock && r.InterceptType != InterceptWarnOnly {
			return errParam("intercept_type is %d, must be 1 or 2", r.InterceptType)
		}
		rg := r.ApplicableRange
		if len(rg.UserList) == 0 && len(rg.DepartmentList) == 0 {
			return errParam("applicable_range has neither user_list nor department_list")
		}
		return checkList("applicable_range.user_list", rg.UserList, false, interceptMaxUsers)
	},
}

func checkSemantics(field string, s []int) error {
	for i, v := range s {
		if v < SemanticPhone || v > SemanticRedPacket {
			return errParam("%s[%d] is %d, must be 1, 2 or 3", field, i, v)
		}
	}
	return nil
}

// checkRangeCall checks a range as one call names it: at most 1000 of
// each; members active (40003) and departments the root (60123).
func checkRangeCall(st *store, field string, rg *InterceptRange) error {
	if rg == nil {
		return nil
	}
	if err := checkList(field+".user_list", rg.UserList, false, interceptMaxPerCall); err != nil {
		return err
	}
	if len(rg.DepartmentList) > interceptMaxPerCall {
		return errParam("%s.department_list has %d items, at most %d allowed", field, len(rg.DepartmentList), interceptMaxPerCall)
	}
	for _, u := range rg.UserList {
		if _, err := st.activeMemberOrErr(u); err != nil {
			return err
		}
	}
	for _, d := range rg.DepartmentList {
		if d != rootParty {
			return errDetail(codeInvalidPartyID, "%s.department_list: %d", field, d)
		}
	}
	return nil
}

func (st *store) interceptRules() *table[InterceptRule] { return interceptGroup.of(st).rules }

func (s *Server) interceptRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/add_intercept_rule", write: true, handle: bound(s.addInterceptRule)},
		{method: http.MethodGet, path: "externalcontact/get_intercept_rule_list", handle: bound(s.listInterceptRules)},
		{method: http.MethodPost, path: "externalcontact/get_intercept_rule", handle: bound(s.getInterceptRule)},
		{method: http.MethodPost, path: "externalcontact/update_intercept_rule", write: true, handle: bound(s.updateInterceptRule)},
		{method: http.MethodPost, path: "externalcontact/del_intercept_rule", write: true, handle: bound(s.delInterceptRule)},
	}
}

type interceptAddReq struct {
	RuleName        string          `json:"rule_name" wt:"required"`
	WordList        []string        `json:"word_list" wt:"required"`
	SemanticsList   []int           `json:"semantics_list"`
	InterceptType   int             `json:"intercept_type" wt:"required"`
	ApplicableRange *InterceptRange `json:"applicable_range" wt:"required"`
}

func (s *Server) addInterceptRule(c *call, r *interceptAddReq) (any, error) {
	if err := checkRangeCall(c.st, "applicable_range", r.ApplicableRange); err != nil {
		return nil, err
	}
	rg := *r.ApplicableRange
	rg.UserList, rg.DepartmentList = uniqStrings(rg.UserList), uniqInts(rg.DepartmentList)
	rule, err := c.st.interceptRules().create(c.st, &InterceptRule{RuleName: r.RuleName, WordList: r.WordList,
		SemanticsList: uniqInts(r.SemanticsList), InterceptType: r.InterceptType, ApplicableRange: rg, CreateTime: c.now.Unix()}, c.app())
	if err != nil {
		return nil, err
	}
	return struct {
		RuleID string `json:"rule_id"`
	}{rule.RuleID}, nil
}

type interceptNoReq struct{}

func (s *Server) listInterceptRules(c *call, _ *interceptNoReq) (any, error) {
	type item struct {
		RuleID     string `json:"rule_id"`
		RuleName   string `json:"rule_name"`
		CreateTime int64  `json:"create_time"`
	}
	out := struct {
		RuleList []item `json:"rule_list"`
	}{[]item{}}
	for _, r := range c.st.interceptRules().all() {
		out.RuleList = append(out.RuleList, item{r.RuleID, r.RuleName, r.CreateTime})
	}
	return out, nil
}

type interceptIDReq struct {
	RuleID string `json:"rule_id" wt:"required"`
}

// interceptExtra is extra_rule.
type interceptExtra struct {
	SemanticsList []int `json:"semantics_list"`
}

// interceptRuleOut is a rule as get_intercept_rule answers it.
type interceptRuleOut struct {
	RuleID          string         `json:"rule_id"`
	RuleName        string         `json:"rule_name"`
	WordList        []string       `json:"word_list"`
	ExtraRule       interceptExtra `json:"extra_rule"`
	InterceptType   int            `json:"intercept_type"`
	ApplicableRange InterceptRange `json:"applicable_range"`
	CreateTime      int64          `json:"create_time"`
}

func (s *Server) getInterceptRule(c *call, r *interceptIDReq) (any, error) {
	rule, err := c.st.interceptRules().lookup(r.RuleID)
	if err != nil {
		return nil, err
	}
	sem := rule.SemanticsList
	if sem == nil {
		sem = []int{}
	}
	return struct {
		Rule interceptRuleOut `json:"rule"`
	}{interceptRuleOut{rule.RuleID, rule.RuleName, rule.WordList, interceptExtra{sem}, rule.InterceptType, rule.ApplicableRange, rule.CreateTime}}, nil
}

type interceptUpdateReq struct {
	RuleID                string          `json:"rule_id" wt:"required"`
	RuleName              string          `json:"rule_name"`
	WordList              []string        `json:"word_list"`
	ExtraRule             *interceptExtra `json:"extra_rule"`
	InterceptType         int             `json:"intercept_type"`
	AddApplicableRange    *InterceptRange `json:"add_applicable_range"`
	RemoveApplicableRange *InterceptRange `json:"remove_applicable_range"`
}

func (s *Server) updateInterceptRule(c *call, r *interceptUpdateReq) (any, error) {
	if _, err := c.st.interceptRules().owned(r.RuleID, c.app()); err != nil {
		return nil, err
	}
	if err := checkRangeCall(c.st, "add_applicable_range", r.AddApplicableRange); err != nil {
		return nil, err
	}
	if rm := r.RemoveApplicableRange; rm != nil {
		if err := checkList("remove_applicable_range.user_list", rm.UserList, false, interceptMaxPerCall); err != nil {
			return nil, err
		}
		if len(rm.DepartmentList) > interceptMaxPerCall {
			return nil, errParam("remove_applicable_range.department_list has %d items, at most %d allowed", len(rm.DepartmentList), interceptMaxPerCall)
		}
	}
	_, err := c.st.interceptRules().update(c.st, r.RuleID, c.app(), func(rule *InterceptRule) error {
		if r.RuleName != "" {
			rule.RuleName = r.RuleName
		}
		if len(r.WordList) > 0 {
			rule.WordList = r.WordList
		}
		if r.ExtraRule != nil {
			rule.SemanticsList = uniqInts(r.ExtraRule.SemanticsList)
		}
		if r.InterceptType != 0 {
			rule.InterceptType = r.InterceptType
		}
		rg := &rule.ApplicableRange
		if a := r.AddApplicableRange; a != nil {
			rg.UserList = uniqStrings(append(rg.UserList, a.UserList...))
			rg.DepartmentList = uniqInts(append(rg.DepartmentList, a.DepartmentList...))
		}
		if rm := r.RemoveApplicableRange; rm != nil {
			rg.UserList = without(rg.UserList, rm.UserList)
			rg.DepartmentList = without(rg.DepartmentList, rm.DepartmentList)
		}
		return nil
	})
	return nil, err
}

func (s *Server) delInterceptRule(c *call, r *interceptIDReq) (any, error) {
	return nil, c.st.interceptRules().remove(r.RuleID, c.app())
}

// uniqStrings returns s without repeats, in first-seen order.
func uniqStrings(s []string) []string { return uniq(s) }

// uniqInts returns s without repeats, in first-seen order.
func uniqInts[T int | int64](s []T) []T { return uniq(s) }

func uniq[T comparable](s []T) []T {
	if s == nil {
		return nil
	}
	seen := make(map[T]bool, len(s))
	out := s[:0:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// without returns s minus the values in drop.
func without[T comparable](s, drop []T) []T {
	out := s[:0:0]
	for _, v := range s {
		keep := true
		for _, d := range drop {
			if v == d {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, v)
		}
	}
	return out
}

// Intercepts is the intercept rules' back door: sim.Intercepts().Check(…).
type Intercepts struct{ backDoor }

// Intercepts returns the intercept rules' back door.
func (s *Server) Intercepts() Intercepts { return Intercepts{backDoor{s}} }

// Add makes a rule as app would ("" for the simulator's app), with the
// rules of add_intercept_rule, and returns its rule_id. Leave RuleID and
// CreateTime empty.
func (b Intercepts) Add(r InterceptRule, app string) (id string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		if err := checkRangeCall(st, "applicable_range", &r.ApplicableRange); err != nil {
			return err
		}
		r.RuleID, r.CreateTime = "", now.Unix()
		created, err := st.interceptRules().create(st, &r, app)
		if err == nil {
			id = created.RuleID
		}
		return err
	})
	return id, err
}
