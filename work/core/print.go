package core

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// The types below hold a secret or a token. fmt prints the unexported
// fields of a struct without calling their String methods, so each of them
// prints itself: String, GoString (%#v), Format (every other verb, %d
// included), LogValue (slog) and, for CorpTokenConfig, MarshalJSON show only what identifies it (corp id, agent
// id, base URL), never a secret or a token.

// redacted stands in for a secret in printed values and scrubbed messages.
const redacted = "[REDACTED]"

// Redact returns "[REDACTED]" for a set secret and "" for an empty one, so a
// printed config still shows whether the secret was given. Packages built on
// core use it for their own secret-holding types.
func Redact(secret string) string {
	if secret == "" {
		return ""
	}
	return redacted
}

// FormatRedacted implements fmt.Formatter for a type that holds a secret: it
// writes s (or gos for %#v) for every verb, keeping the flags and width of
// the string verbs, so that no verb (%d, %x …) can reach the raw fields.
func FormatRedacted(f fmt.State, verb rune, s, gos string) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			io.WriteString(f, gos)
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, 's'), s)
	case 's', 'q', 'x', 'X':
		fmt.Fprintf(f, fmt.FormatString(f, verb), s)
	default:
		io.WriteString(f, s)
	}
}

// String prints the config's identification with the secret redacted.
func (c CorpTokenConfig) String() string {
	return "core.CorpTokenConfig{CorpID:" + strconv.Quote(c.CorpID) + ", AgentID:" +
		strconv.FormatInt(c.AgentID, 10) + ", Secret:" + strconv.Quote(Redact(c.Secret)) + "}"
}

// GoString implements fmt.GoStringer with the secret redacted.
func (c CorpTokenConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c CorpTokenConfig) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, c.String(), c.GoString())
}

// LogValue implements slog.LogValuer with the secret redacted.
func (c CorpTokenConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("corp_id", c.CorpID),
		slog.Int64("agent_id", c.AgentID),
		slog.String("secret", Redact(c.Secret)),
	)
}

// MarshalJSON writes the identification only, so that dumping a struct
// holding the config as JSON (as slog's JSON handler does) cannot leak the
// secret.
func (c CorpTokenConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		CorpID  string
		AgentID int64
		Secret  string
	}{c.CorpID, c.AgentID, Redact(c.Secret)})
}

// String prints the source's identification: no secret, no token.
func (s *CorpTokenSource) String() string {
	if s == nil {
		return "(*core.CorpTokenSource)(nil)"
	}
	return "core.CorpTokenSource{CorpID:" + strconv.Quote(s.cfg.CorpID) + ", AgentID:" +
		strconv.FormatInt(s.cfg.AgentID, 10) + ", Secret:" + strconv.Quote(Redact(s.cfg.Secret)) +
		", BaseURL:" + strconv.Quote(s.c.baseURL()) + "}"
}

// GoString implements fmt.GoStringer without the secret or the token.
func (s *CorpTokenSource) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *CorpTokenSource) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, s.String(), s.GoString())
}

// LogValue implements slog.LogValuer without the secret or the token.
func (s *CorpTokenSource) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue(s.String())
	}
	return slog.GroupValue(
		slog.String("corp_id", s.cfg.CorpID),
		slog.Int64("agent_id", s.cfg.AgentID),
		slog.String("secret", Redact(s.cfg.Secret)),
		slog.String("base_url", s.c.baseURL()),
	)
}

// baseURL is the API host the client was built with, without /cgi-bin/.
func (c *Client) baseURL() string {
	if c == nil {
		return ""
	}
	return strings.TrimSuffix(c.base, "/cgi-bin/")
}

// tokenKinds names the kinds of token the client has a source for.
func (c *Client) tokenKinds() []string {
	var kinds []string
	for k, ts := range c.tokens {
		if ts != nil {
			kinds = append(kinds, AuthKind(k).String())
		}
	}
	return kinds
}

// String prints the client's base URL and the kinds of token it sends,
// never a token or a token source's contents.
func (c *Client) String() string {
	if c == nil {
		return "(*core.Client)(nil)"
	}
	return "core.Client{BaseURL:" + strconv.Quote(c.baseURL()) + ", Tokens:[" + strings.Join(c.tokenKinds(), " ") + "]}"
}

// GoString implements fmt.GoStringer without tokens.
func (c *Client) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c *Client) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, c.String(), c.GoString())
}

// LogValue implements slog.LogValuer without tokens.
func (c *Client) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue(c.String())
	}
	return slog.GroupValue(
		slog.String("base_url", c.baseURL()),
		slog.Any("tokens", c.tokenKinds()),
	)
}

// String prints how many entries the cache holds, never their values (which
// are tokens).
func (c *MemoryCache) String() string {
	if c == nil {
		return "(*core.MemoryCache)(nil)"
	}
	return "core.MemoryCache{Entries:" + strconv.Itoa(c.size()) + "}"
}

// GoString implements fmt.GoStringer without the cached tokens.
func (c *MemoryCache) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c *MemoryCache) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, c.String(), c.GoString())
}

// LogValue implements slog.LogValuer without the cached tokens.
func (c *MemoryCache) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue(c.String())
	}
	return slog.GroupValue(slog.Int("entries", c.size()))
}

func (c *MemoryCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// String prints the entry's times with the token redacted.
func (e tokenEntry) String() string {
	return "core.tokenEntry{token:" + strconv.Quote(Redact(e.token)) + ", refreshAt:" +
		e.refreshAt.String() + ", expireAt:" + e.expireAt.String() + "}"
}

// GoString implements fmt.GoStringer with the token redacted.
func (e tokenEntry) GoString() string { return e.String() }

// Format implements fmt.Formatter: every verb prints String.
func (e tokenEntry) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, e.String(), e.GoString())
}

// LogValue implements slog.LogValuer with the token redacted.
func (e tokenEntry) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("token", Redact(e.token)),
		slog.Time("refresh_at", e.refreshAt),
		slog.Time("expire_at", e.expireAt),
	)
}

// String prints the entry's expiry with the value (a token) redacted.
func (e memEntry) String() string {
	return "core.memEntry{v:" + strconv.Quote(Redact(e.v)) + ", exp:" + e.exp.String() + "}"
}

// GoString implements fmt.GoStringer with the value redacted.
func (e memEntry) GoString() string { return e.String() }

// LogValue implements slog.LogValuer with the value redacted.
func (e memEntry) LogValue() slog.Value {
	return slog.GroupValue(slog.String("v", Redact(e.v)), slog.Time("exp", e.exp))
}

// Format implements fmt.Formatter: every verb prints String.
func (e memEntry) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, e.String(), e.GoString())
}
