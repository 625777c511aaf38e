package worktest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// What WeCom does with a message a member sends a customer, by the corp's
// intercept rules: Server.Intercepts().Check.
//
// A rule applies to the sender when the sender is in its user_list or in
// one of its departments (every member is in department 1, the root). A
// rule matches when the text contains one of its words (ignoring case), a
// mainland mobile number (11 digits from 13…19…, optionally after +86)
// for semantic 1, an email address for semantic 2, or the message is a
// red packet for semantic 3. A match of a warn-and-block rule blocks the
// message; any match warns the sender.

// InterceptMessage is a message a member is about to send a customer.
type InterceptMessage struct {
	// Sender is the member's userid.
	Sender string
	// Text is the message's text.
	Text string
	// RedPacket marks a red packet (红包).
	RedPacket bool
}

// InterceptHit is one rule a message matches, and why.
type InterceptHit struct {
	RuleID   string
	RuleName string
	// InterceptType is InterceptWarnAndBlock or InterceptWarnOnly.
	InterceptType int
	// Words are the rule's words found in the text.
	Words []string
	// Semantics are the rule's semantics the message matches.
	Semantics []int
}

// InterceptVerdict is what WeCom would do with a message.
type InterceptVerdict struct {
	// Blocked: a warn-and-block rule matches; the message is not sent.
	Blocked bool
	// Warned: some rule matches; the sender is warned.
	Warned bool
	// Hits are the matching rules, in creation order.
	Hits []InterceptHit
}

// String shows the verdict as "blocked by 不发手机号 (phone number)".
func (v InterceptVerdict) String() string {
	if !v.Warned {
		return "sent"
	}
	verb := "warned by "
	if v.Blocked {
		verb = "blocked by "
	}
	parts := make([]string, len(v.Hits))
	for i, h := range v.Hits {
		var why []string
		for _, w := range h.Words {
			why = append(why, fmt.Sprintf("%q", w))
		}
		for _, s := range h.Semantics {
			why = append(why, semanticName(s))
		}
		parts[i] = h.RuleName + " (" + strings.Join(why, ", ") + ")"
	}
	return verb + strings.Join(parts, "; ")
}

func semanticName(s int) string {
	switch s {
	case SemanticPhone:
		return "phone number"
	case SemanticEmail:
		return "email address"
	case SemanticRedPacket:
		return "red packet"
	}
	return fmt.Sprintf("semantic %d", s)
}

var (
	phonePattern = regexp.MustCompile(`(?:^|[^0-9])(?:\+?86[- ]?)?1[3-9][0-9]{9}(?:[^0-9]|$)`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
)

// Check tells what WeCom would do with m under the corp's rules. An
// unknown or resigned sender is an error.
func (b Intercepts) Check(m InterceptMessage) (v InterceptVerdict, err error) {
	b.read(func(st *store, _ time.Time) {
		if st.activeMember(m.Sender) == nil {
			err = fmt.Errorf("worktest: Intercepts().Check: %q is not an active member", m.Sender)
			return
		}
		text := strings.ToLower(m.Text)
		for _, r := range st.interceptRules().all() {
			if !appliesTo(r, m.Sender) {
				continue
			}
			h := InterceptHit{RuleID: r.RuleID, RuleName: r.RuleName, InterceptType: r.InterceptType}
			for _, w := range r.WordList {
				if strings.Contains(text, strings.ToLower(w)) {
					h.Words = append(h.Words, w)
				}
			}
			for _, s := range r.SemanticsList {
				if s == SemanticPhone && phonePattern.MatchString(m.Text) ||
					s == SemanticEmail && emailPattern.MatchString(m.Text) ||
					s == SemanticRedPacket && m.RedPacket {
					h.Semantics = append(h.Semantics, s)
				}
			}
			if len(h.Words) == 0 && len(h.Semantics) == 0 {
				continue
			}
			v.Hits = append(v.Hits, h)
			v.Warned = true
			v.Blocked = v.Blocked || r.InterceptType == InterceptWarnAndBlock
		}
	})
	return v, err
}

// appliesTo reports whether rule r covers the member: listed, or in a
// listed department (every member is in the root).
func appliesTo(r *InterceptRule, userID string) bool {
	for _, u := range r.ApplicableRange.UserList {
		if u == userID {
			return true
		}
	}
	for _, d := range r.ApplicableRange.DepartmentList {
		if d == rootParty {
			return true
		}
	}
	return false
}
