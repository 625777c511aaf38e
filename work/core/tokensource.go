package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// CachedTokenConfig configures a CachedTokenSource: a token that some call
// other than gettoken hands out (service/get_provider_token,
// service/get_suite_token, service/get_corp_token …), cached, refreshed
// early and shared exactly like the access_token of a CorpTokenSource.
type CachedTokenConfig struct {
	// Key is the cache key of the token. Required. It must differ for
	// every credential that yields a different token (HashKey helps), and
	// must not hold a secret: caches are often readable by operators.
	Key string
	// Path names the call in errors, e.g. "service/get_suite_token".
	Path string
	// Fetch asks WeCom for a new token and returns it with its lifetime
	// (expires_in). Required. It runs on a context of its own bounded by
	// FetchTimeout, once for all the callers waiting. An error satisfying
	// errors.Is(err, ErrInvalidCredentials) is remembered for
	// CredentialErrorTTL.
	Fetch func(ctx context.Context) (token string, expiresIn time.Duration, err error)
	// Cache stores the token (default: none beyond the source's own
	// in-memory copy). Share one
	// between processes to share one token.
	Cache Cache
	// Now is the clock (default time.Now).
	Now func() time.Time
	// FetchTimeout bounds one Fetch (default 10s).
	FetchTimeout time.Duration
	// RefreshBefore is how long before expiry the token is refreshed
	// (default 5 minutes, at most half the token's lifetime).
	RefreshBefore time.Duration
	// CredentialErrorTTL is how long a credential error is returned without
	// asking WeCom again (default 30s).
	CredentialErrorTTL time.Duration
	// Logger receives cache failures (never tokens). Nil means silent.
	Logger *slog.Logger
}

// CachedTokenSource is a TokenSource for any WeCom token: Fetch gets it,
// and the source caches it (in memory and in the Cache), refreshes it early
// by a single fetch that concurrent callers share, keeps serving the old
// token while it is valid if an early refresh fails, remembers credential
// errors briefly, and drops a token WeCom rejected (TokenInvalidator). It
// runs on the same code as CorpTokenSource.
//
// It prints as its cache key and path, never its token.
type CachedTokenSource struct {
	tokenCore
}

// NewCachedTokenSource returns a source fetching its token with cfg.Fetch.
// It fails with an *ArgError when Key or Fetch is missing.
func NewCachedTokenSource(cfg CachedTokenConfig) (*CachedTokenSource, error) {
	if cfg.Key == "" {
		return nil, &ArgError{Field: "Key", Reason: "is required"}
	}
	if cfg.Fetch == nil {
		return nil, &ArgError{Field: "Fetch", Reason: "is required"}
	}
	if cfg.Path == "" {
		cfg.Path = "token"
	}
	if cfg.Cache == nil {
		cfg.Cache = privateCache{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = 10 * time.Second
	}
	if cfg.RefreshBefore <= 0 {
		cfg.RefreshBefore = 5 * time.Minute
	}
	if cfg.CredentialErrorTTL <= 0 {
		cfg.CredentialErrorTTL = 30 * time.Second
	}
	return &CachedTokenSource{tokenCore{cfg: cfg}}, nil
}

// HashKey returns a short hex digest (16 characters) of parts, each
// length-prefixed so that no two lists of parts share a digest. Put it in
// a cache key in place of a secret: the key then changes with the secret
// without revealing it.
func HashKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// String prints the source's cache key and path, never its token.
func (s *CachedTokenSource) String() string {
	if s == nil {
		return "(*core.CachedTokenSource)(nil)"
	}
	return "core.CachedTokenSource{Key:" + strconv.Quote(s.cfg.Key) + ", Path:" + strconv.Quote(s.cfg.Path) + "}"
}

// GoString implements fmt.GoStringer without the token.
func (s *CachedTokenSource) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *CachedTokenSource) Format(f fmt.State, verb rune) {
	FormatRedacted(f, verb, s.String(), s.GoString())
}

// LogValue implements slog.LogValuer without the token.
func (s *CachedTokenSource) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue(s.String())
	}
	return slog.GroupValue(slog.String("key", s.cfg.Key), slog.String("path", s.cfg.Path))
}
