package intercept

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/wecomkit/wecom/work/core"
)

// Limits WeCom documents for intercept rules (doc 95097).
const (
	// MaxRules is the most rules a corp holds (企业敏感词规则条数上限).
	MaxRules = 100
	// MaxNameRunes is the longest rule name, in characters.
	MaxNameRunes = 20
	// MaxWords is the most words of a rule.
	MaxWords = 300
	// MaxWordRunes is the longest word, in characters.
	MaxWordRunes = 32
	// MaxRangePerCall is the most members, and the most departments, one
	// call may name in a range.
	MaxRangePerCall = 1000
	// MaxRangeUsers is the most members a rule's range holds in all.
	MaxRangeUsers = 10000
)

// Semantic is a kind of content a rule intercepts besides its words
// (semantics_list, 额外的拦截语义规则).
type Semantic int

// Semantics.
const (
	SemanticPhone     Semantic = 1 // 手机号
	SemanticEmail     Semantic = 2 // 邮箱地址
	SemanticRedPacket Semantic = 3 // 红包
)

// String names the semantic.
func (s Semantic) String() string {
	switch s {
	case SemanticPhone:
		return "phone number"
	case SemanticEmail:
		return "email address"
	case SemanticRedPacket:
		return "red packet"
	}
	return "Semantic(" + strconv.Itoa(int(s)) + ")"
}

// Type is what a rule does to a message it matches (intercept_type).
type Type int

// Intercept types.
const (
	WarnAndBlock Type = 1 // 警告并拦截发送
	WarnOnly     Type = 2 // 仅发警告
)

// String names the type.
func (t Type) String() string {
	switch t {
	case WarnAndBlock:
		return "warn and block"
	case WarnOnly:
		return "warn only"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Range is who a rule applies to (applicable_range): members and
// departments.
type Range struct {
	// UserIDs are members, at most 1000 per call.
	UserIDs []string `json:"user_list,omitempty"`
	// DepartmentIDs are departments, at most 1000 per call.
	DepartmentIDs []int64 `json:"department_list,omitempty"`
}

func (r Range) empty() bool { return len(r.UserIDs) == 0 && len(r.DepartmentIDs) == 0 }

func (r Range) validate(field string) error {
	if err := core.OptionalIDList(field+".user_list", r.UserIDs, MaxRangePerCall); err != nil {
		return err
	}
	if n := len(r.DepartmentIDs); n > MaxRangePerCall {
		return &core.ArgError{Field: field + ".department_list", Reason: "has " + strconv.Itoa(n) + " ids, at most 1000 allowed"}
	}
	for i, d := range r.DepartmentIDs {
		if d <= 0 {
			return &core.ArgError{Field: field + ".department_list", Reason: "id #" + strconv.Itoa(i) + " is " + strconv.FormatInt(d, 10) + ", must be positive"}
		}
	}
	return nil
}

// ExtraRule holds a rule's semantics (extra_rule).
type ExtraRule struct {
	// Semantics are the kinds of content intercepted besides the words.
	Semantics []Semantic `json:"semantics_list"`
}

// MarshalJSON writes semantics_list as an array, [] when empty (which, in
// an update, clears every semantic).
func (e ExtraRule) MarshalJSON() ([]byte, error) {
	s := e.Semantics
	if s == nil {
		s = []Semantic{}
	}
	return json.Marshal(struct {
		Semantics []Semantic `json:"semantics_list"`
	}{s})
}

// Rule is an intercept rule as get_intercept_rule answers it.
type Rule struct {
	// ID is the rule_id.
	ID string `json:"rule_id"`
	// Name is the rule_name.
	Name string `json:"rule_name"`
	// Words are the intercepted words (word_list).
	Words []string `json:"word_list"`
	// ExtraRule holds the semantics, nested as WeCom sends them.
	ExtraRule ExtraRule `json:"extra_rule"`
	// Type is what the rule does to a match.
	Type Type `json:"intercept_type"`
	// Range is who it applies to: only the members and departments in the
	// app's visible range are listed.
	Range Range `json:"applicable_range"`
	// CreateTime is when it was created, Unix seconds.
	CreateTime int64 `json:"create_time,omitempty"`
}

// UnmarshalJSON reads the rule, its rule_id as a string or a number (the
// doc's example of get_intercept_rule shows 1; everywhere else it is a
// string).
func (r *Rule) UnmarshalJSON(b []byte) error {
	type plain Rule
	var w struct {
		*plain
		ID json.RawMessage `json:"rule_id"`
	}
	w.plain = (*plain)(r)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	id, err := flexID(w.ID)
	r.ID = id
	return err
}

// Summary is a rule as get_intercept_rule_list lists it.
type Summary struct {
	// ID is the rule_id.
	ID string `json:"rule_id"`
	// Name is the rule_name.
	Name string `json:"rule_name"`
	// CreateTime is when it was created, Unix seconds.
	CreateTime int64 `json:"create_time"`
}

// UnmarshalJSON reads rule_id as a string or a number.
func (s *Summary) UnmarshalJSON(b []byte) error {
	type plain Summary
	var w struct {
		*plain
		ID json.RawMessage `json:"rule_id"`
	}
	w.plain = (*plain)(s)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	id, err := flexID(w.ID)
	s.ID = id
	return err
}

// flexID reads a JSON string or number as a string.
func flexID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

func validateName(name string) error {
	if name == "" {
		return &core.ArgError{Field: "rule_name", Reason: "is required (1 to 20 characters)"}
	}
	return core.MaxRunes("rule_name", name, MaxNameRunes)
}

func validateWords(words []string) error {
	if len(words) == 0 {
		return &core.ArgError{Field: "word_list", Reason: "needs at least one word"}
	}
	if len(words) > MaxWords {
		return &core.ArgError{Field: "word_list", Reason: "has " + strconv.Itoa(len(words)) + " words, at most 300 allowed"}
	}
	for i, w := range words {
		if n := utf8.RuneCountInString(w); n == 0 || n > MaxWordRunes {
			return &core.ArgError{Field: "word_list", Reason: "word #" + strconv.Itoa(i) + " has " + strconv.Itoa(n) + " characters, must have 1 to 32"}
		}
	}
	return nil
}

func validateSemantics(field string, s []Semantic) error {
	seen := map[Semantic]bool{}
	for i, v := range s {
		if v < SemanticPhone || v > SemanticRedPacket {
			return &core.ArgError{Field: field, Reason: "item #" + strconv.Itoa(i) + " is " + strconv.Itoa(int(v)) + ", must be 1 (phone), 2 (email) or 3 (red packet)"}
		}
		if seen[v] {
			return &core.ArgError{Field: field, Reason: v.String() + " is listed twice"}
		}
		seen[v] = true
	}
	return nil
}

func validateType(t Type) error {
	if t != WarnAndBlock && t != WarnOnly {
		return &core.ArgError{Field: "intercept_type", Reason: "is " + strconv.Itoa(int(t)) + ", must be 1 (warn and block) or 2 (warn only)"}
	}
	return nil
}

// CreateRequest makes a rule.
type CreateRequest struct {
	// Name is the rule_name: 1 to 20 characters; required.
	Name string `json:"rule_name"`
	// Words are the words to intercept: 1 to 300, each 1 to 32
	// characters; required.
	Words []string `json:"word_list"`
	// Semantics are kinds of content to intercept too; optional. (At the
	// top level here; get and update nest them under extra_rule.)
	Semantics []Semantic `json:"semantics_list,omitempty"`
	// Type is WarnAndBlock or WarnOnly; required.
	Type Type `json:"intercept_type"`
	// Range is who the rule applies to: members and departments, at most
	// 1000 of each, not both empty.
	Range Range `json:"applicable_range"`
}

// Validate checks the request before it is sent.
func (r *CreateRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateName(r.Name); err != nil {
		return err
	}
	if err := validateWords(r.Words); err != nil {
		return err
	}
	if err := validateSemantics("semantics_list", r.Semantics); err != nil {
		return err
	}
	if err := validateType(r.Type); err != nil {
		return err
	}
	if r.Range.empty() {
		return &core.ArgError{Field: "applicable_range", Reason: "needs members or departments (user_list and department_list are both empty)"}
	}
	return r.Range.validate("applicable_range")
}

var epAdd = endpoints.Add(core.Write("externalcontact/add_intercept_rule"), core.Meta{
	Doc: "95097", Title: "新建敏感词规则", EasyWeChat: "createInterceptRule", WxJava: "addInterceptRule",
	Note: "names, words, semantics, type and range are checked before sending; returns the rule_id"})

// CreateInterceptRule makes a rule and returns its rule_id.
//
// WeCom API: POST /cgi-bin/externalcontact/add_intercept_rule (新建敏感词规则),
// https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: intercept->createInterceptRule. WxJava: addInterceptRule.
func (c *Client) CreateInterceptRule(ctx context.Context, req *CreateRequest) (string, error) {
	out, err := core.Send[Summary](ctx, c.core, epAdd, req)
	if err != nil {
		return "", err
	}
	return out.ID, nil
}

var epList = endpoints.Add(core.Read("externalcontact/get_intercept_rule_list"), core.Meta{
	Doc: "95097", Title: "获取敏感词规则列表", EasyWeChat: "getInterceptRules", WxJava: "getInterceptRuleList",
	Note: "a GET without parameters; every rule of the corp in one answer"})

// GetInterceptRules lists every rule of the corp (there are at most 100),
// by id, name and create time.
//
// WeCom API: GET /cgi-bin/externalcontact/get_intercept_rule_list (获取敏感词规则列表),
// https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: intercept->getInterceptRules. WxJava: getInterceptRuleList.
func (c *Client) GetInterceptRules(ctx context.Context) ([]Summary, error) {
	out, err := core.Get[struct {
		Rules []Summary `json:"rule_list"`
	}](ctx, c.core, epList, nil)
	if err != nil {
		return nil, err
	}
	return out.Rules, nil
}

// idRequest names one rule.
type idRequest struct {
	ID string `json:"rule_id"`
}

// Validate checks the id.
func (r *idRequest) Validate() error { return core.Required("rule_id", r.ID) }

var epGet = endpoints.Add(core.ReadPost("externalcontact/get_intercept_rule"), core.Meta{
	Doc: "95097", Title: "获取敏感词规则详情", EasyWeChat: "getInterceptRuleDetails", WxJava: "getInterceptRuleDetail",
	Note: "POST with a JSON body (WxJava's javadoc says GET); semantics_list is read under extra_rule, as WeCom sends it (WxJava maps it at the top level); rule_id read as a string or a number"})

// GetInterceptRuleDetails returns a rule: its words, semantics (under
// ExtraRule), type and range.
//
// WeCom API: POST /cgi-bin/externalcontact/get_intercept_rule (获取敏感词规则详情),
// https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: intercept->getInterceptRuleDetails. WxJava: getInterceptRuleDetail.
func (c *Client) GetInterceptRuleDetails(ctx context.Context, ruleID string) (*Rule, error) {
	out, err := core.Send[struct {
		Rule Rule `json:"rule"`
	}](ctx, c.core, epGet, &idRequest{ID: ruleID})
	if err != nil {
		return nil, err
	}
	return &out.Rule, nil
}

// UpdateRequest changes a rule. Only what is set changes; at least one
// change is required.
type UpdateRequest struct {
	// ID is the rule_id; required.
	ID string `json:"rule_id"`
	// Name renames the rule (1 to 20 characters); "" leaves the name.
	Name string `json:"rule_name,omitempty"`
	// Words replaces the words (1 to 300, each 1 to 32 characters); nil
	// leaves them. An empty, non-nil list is refused: WeCom ignores an
	// empty word_list, and a rule keeps at least one word.
	Words []string `json:"word_list,omitempty"`
	// ExtraRule replaces the semantics; nil leaves them, and
	// &intercept.ExtraRule{} clears them all (semantics_list: []).
	ExtraRule *ExtraRule `json:"extra_rule,omitempty"`
	// Type replaces what the rule does; 0 leaves it.
	Type Type `json:"intercept_type,omitempty"`
	// AddRange are members and departments to add (at most 1000 of each).
	AddRange Range `json:"-"`
	// RemoveRange are members and departments to remove (at most 1000 of
	// each).
	RemoveRange Range `json:"-"`
}

// Validate checks the request before it is sent.
func (r *UpdateRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("rule_id", r.ID); err != nil {
		return err
	}
	if r.Name != "" {
		if err := validateName(r.Name); err != nil {
			return err
		}
	}
	if r.Words != nil {
		if len(r.Words) == 0 {
			return &core.ArgError{Field: "word_list", Reason: "is empty: WeCom ignores an empty word_list and a rule keeps at least one word; leave it nil to keep the words"}
		}
		if err := validateWords(r.Words); err != nil {
			return err
		}
	}
	if r.ExtraRule != nil {
		if err := validateSemantics("extra_rule.semantics_list", r.ExtraRule.Semantics); err != nil {
			return err
		}
	}
	if r.Type != 0 {
		if err := validateType(r.Type); err != nil {
			return err
		}
	}
	if err := r.AddRange.validate("add_applicable_range"); err != nil {
		return err
	}
	if err := r.RemoveRange.validate("remove_applicable_range"); err != nil {
		return err
	}
	if err := disjoint(r.AddRange, r.RemoveRange); err != nil {
		return err
	}
	if r.Name == "" && r.Words == nil && r.ExtraRule == nil && r.Type == 0 && r.AddRange.empty() && r.RemoveRange.empty() {
		return &core.ArgError{Field: "request", Reason: "changes nothing: set rule_name, word_list, extra_rule, intercept_type or a range to add or remove"}
	}
	return nil
}

// disjoint refuses a member or department both added and removed.
func disjoint(add, remove Range) error {
	users := map[string]bool{}
	for _, u := range add.UserIDs {
		users[u] = true
	}
	for _, u := range remove.UserIDs {
		if users[u] {
			return &core.ArgError{Field: "remove_applicable_range.user_list", Reason: strconv.Quote(u) + " is in add_applicable_range too"}
		}
	}
	deps := map[int64]bool{}
	for _, d := range add.DepartmentIDs {
		deps[d] = true
	}
	for _, d := range remove.DepartmentIDs {
		if deps[d] {
			return &core.ArgError{Field: "remove_applicable_range.department_list", Reason: strconv.FormatInt(d, 10) + " is in add_applicable_range too"}
		}
	}
	return nil
}

// MarshalJSON writes the request as WeCom reads it: unset fields, and
// empty ranges, are left out.
func (r UpdateRequest) MarshalJSON() ([]byte, error) {
	type plain UpdateRequest
	var add, remove *Range
	if !r.AddRange.empty() {
		add = &r.AddRange
	}
	if !r.RemoveRange.empty() {
		remove = &r.RemoveRange
	}
	return core.StdCodec{}.Marshal(struct {
		plain
		Add    *Range `json:"add_applicable_range,omitempty"`
		Remove *Range `json:"remove_applicable_range,omitempty"`
	}{plain(r), add, remove})
}

var epUpdate = endpoints.Add(core.Write("externalcontact/update_intercept_rule"), core.Meta{
	Doc: "95097", Title: "修改敏感词规则", WxJava: "updateInterceptRule",
	Note: "EasyWeChat has no update; only set fields are sent: a nil ExtraRule leaves the semantics, an empty one clears them; the range changes by AddRange/RemoveRange"})

// UpdateInterceptRule changes a rule the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/update_intercept_rule (修改敏感词规则),
// https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: none. WxJava: updateInterceptRule.
func (c *Client) UpdateInterceptRule(ctx context.Context, req *UpdateRequest) error {
	return core.Exec(ctx, c.core, epUpdate, req)
}

var epDelete = endpoints.Add(core.Write("externalcontact/del_intercept_rule"), core.Meta{
	Doc: "95097", Title: "删除敏感词规则", EasyWeChat: "deleteInterceptRule", WxJava: "delInterceptRule"})

// DeleteInterceptRule deletes a rule the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/del_intercept_rule (删除敏感词规则),
// https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: intercept->deleteInterceptRule. WxJava: delInterceptRule.
func (c *Client) DeleteInterceptRule(ctx context.Context, ruleID string) error {
	return core.Exec(ctx, c.core, epDelete, &idRequest{ID: ruleID})
}
