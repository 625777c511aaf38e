package intercept

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/wecomkit/wecom/work/core"
)

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
// WeCom API: POST /cgi-bin/externalcontact/add_intercept_rule (新建敏感词规则), https://developer.work.weixin.qq.com/document/path/95097.
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
// WeCom API: GET /cgi-bin/externalcontact/get_intercept_rule_list (获取敏感词规则列表), https://developer.work.weixin.qq.com/document/path/95097.
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
// WeCom API: POST /cgi-bin/externalcontact/get_intercept_rule (获取敏感词规则详情), https://developer.work.weixin.qq.com/document/path/95097.
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
// WeCom API: POST /cgi-bin/externalcontact/update_intercept_rule (修改敏感词规则), https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: none. WxJava: updateInterceptRule.
func (c *Client) UpdateInterceptRule(ctx context.Context, req *UpdateRequest) error {
	return core.Exec(ctx, c.core, epUpdate, req)
}

var epDelete = endpoints.Add(core.Write("externalcontact/del_intercept_rule"), core.Meta{
	Doc: "95097", Title: "删除敏感词规则", EasyWeChat: "deleteInterceptRule", WxJava: "delInterceptRule"})

// DeleteInterceptRule deletes a rule the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/del_intercept_rule (删除敏感词规则), https://developer.work.weixin.qq.com/document/path/95097.
// EasyWeChat: intercept->deleteInterceptRule. WxJava: delInterceptRule.
func (c *Client) DeleteInterceptRule(ctx context.Context, ruleID string) error {
	return core.Exec(ctx, c.core, epDelete, &idRequest{ID: ruleID})
}
