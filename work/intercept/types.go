package intercept

import (
	"bytes"
	"encoding/json"
	"strconv"

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
