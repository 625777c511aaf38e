package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// TokenSource supplies access tokens. CorpTokenSource is the usual one; a
// service provider passes its own (for example a corp token obtained with a
// suite's permanent code).
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// TokenInvalidator is implemented by token sources that can drop a token
// WeCom rejected (40014, 42001). The client then fetches a new token and
// retries the call once; sources without it get no retry.
type TokenInvalidator interface {
	InvalidateToken(ctx context.Context, token string)
}

// TokenFunc adapts a function to TokenSource.
type TokenFunc func(ctx context.Context) (string, error)

// Token implements TokenSource.
func (f TokenFunc) Token(ctx context.Context) (string, error) { return f(ctx) }

// CorpTokenConfig configures a CorpTokenSource. It prints (String,
// GoString, Format, LogValue, MarshalJSON) with its Secret redacted.
type CorpTokenConfig struct {
	// CorpID and Secret are the credentials sent to gettoken.
	CorpID, Secret string
	// AgentID, when set, is part of the cache key.
	AgentID int64
	// Cache stores tokens (default: none beyond the source's own in-memory
	// copy; give a shared one, such as Redis, to share tokens across
	// processes).
	Cache Cache
	// Now is the clock (default time.Now); tests inject their own.
	Now func() time.Time
	// FetchTimeout bounds one gettoken call, whoever waits for it
	// (default 10s).
	FetchTimeout time.Duration
	// RefreshBefore is how long before expiry a token is refreshed
	// (default 5 minutes, at most half the token's lifetime).
	RefreshBefore time.Duration
	// CredentialErrorTTL is how long a credential error from gettoken (a
	// wrong secret or corp id) is remembered and returned without asking
	// WeCom again (default 30s). WeCom bans an IP that repeats them.
	CredentialErrorTTL time.Duration
	// Logger receives cache failures (never tokens). Nil means silent.
	Logger *slog.Logger
}

// CorpTokenSource fetches the app's access_token from gettoken with a corp id
// and secret, caches it, and refreshes it early. Concurrent callers share
// one fetch. It prints as its corp id, agent id and base URL, never its
// secret or its token.
type CorpTokenSource struct {
	tokenCore
	c        *Client
	cfg      CorpTokenConfig
	query    string
	endpoint Endpoint
}

// tokenCore is the caching, refreshing and sharing of one token, whatever
// call fetches it: CorpTokenSource (gettoken) and CachedTokenSource (any
// other token endpoint) both run on it.
type tokenCore struct {
	cfg      CachedTokenConfig
	secrets  string // a raw query of the secrets to scrub from a panic (gettoken's)
	cur      atomic.Pointer[tokenEntry]
	credErr  atomic.Pointer[credFailure]
	rejected atomic.Pointer[string] // the last token WeCom rejected
	flight   singleflight.Group
}

type tokenEntry struct {
	token     string
	refreshAt time.Time // after this, fetch a new one
	expireAt  time.Time // after this, the token is dead
	raw       string    // as stored in the cache
}

type credFailure struct {
	err   error
	until time.Time
}

// NewCorpTokenSource returns a token source that calls gettoken through c.
func NewCorpTokenSource(c *Client, cfg CorpTokenConfig) *CorpTokenSource {
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
	q := url.Values{"corpid": {cfg.CorpID}, "corpsecret": {cfg.Secret}}
	s := &CorpTokenSource{
		c:        c,
		cfg:      cfg,
		query:    q.Encode(),
		endpoint: Read("gettoken").WithAuth(AuthNone),
	}
	s.tokenCore.secrets = s.query
	s.tokenCore.cfg = CachedTokenConfig{
		Key:                TokenCacheKey(cfg.CorpID, cfg.AgentID, cfg.Secret),
		Path:               "gettoken",
		Fetch:              s.fetch,
		Cache:              cfg.Cache,
		Now:                cfg.Now,
		FetchTimeout:       cfg.FetchTimeout,
		RefreshBefore:      cfg.RefreshBefore,
		CredentialErrorTTL: cfg.CredentialErrorTTL,
		Logger:             cfg.Logger,
	}
	return s
}

// fetch calls gettoken.
func (s *CorpTokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	var resp struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := s.c.do(ctx, s.endpoint, s.query, nil, "", &resp); err != nil {
		return "", 0, err
	}
	if resp.AccessToken == "" {
		return "", 0, fmt.Errorf("wecom: gettoken: answer has no access_token")
	}
	return resp.AccessToken, time.Duration(resp.ExpiresIn) * time.Second, nil
}

// TokenCacheKey is the cache key of an app's token: the corp id, the agent id
// and a hash of the secret. Two apps of one corp never share a token, and the
// raw secret never reaches the cache.
func TokenCacheKey(corpID string, agentID int64, secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "wecom:access_token:" + corpID + ":" + strconv.FormatInt(agentID, 10) + ":" + hex.EncodeToString(sum[:8])
}

// CacheKey returns the key under which this source caches its token.
func (s *tokenCore) CacheKey() string { return s.cfg.Key }

// Token returns a valid token, fetching one if needed. Concurrent callers
// share one fetch (gettoken for a CorpTokenSource), which runs on its own context with
// FetchTimeout: a caller that gives up returns ctx's error at once without
// cancelling the fetch for the others. When an early refresh fails, the
// current token is returned for as long as it is still valid.
func (s *tokenCore) Token(ctx context.Context) (string, error) {
	now := s.cfg.Now()
	e := s.cur.Load()
	if e != nil && now.Before(e.refreshAt) {
		return e.token, nil
	}
	var err error
	if f := s.credErr.Load(); f != nil && now.Before(f.until) {
		err = f.err
	} else {
		ch := s.flight.DoChan("token", func() (v any, err error) {
			// The fetch runs in singleflight's own goroutine, which
			// re-panics where no caller could recover: a panic (in a
			// user's RoundTripper, say) becomes every waiter's error.
			defer func() {
				if r := recover(); r != nil {
					v, err = nil, s.panicErr(r)
				}
			}()
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.FetchTimeout)
			defer cancel()
			return s.refresh(fctx)
		})
		select {
		case r := <-ch:
			if r.Err == nil {
				return r.Val.(*tokenEntry).token, nil
			}
			err = r.Err
		case <-ctx.Done():
			return "", &TransportError{Path: s.cfg.Path, Err: waitErr(ctx), ctx: ctx.Err()}
		}
	}
	// Inside the early-refresh window the old token still works, whatever
	// kept the new one from coming (even a secret rotated meanwhile).
	if e != nil && s.cfg.Now().Before(e.expireAt) {
		return e.token, nil
	}
	return "", err
}

func (s *tokenCore) refresh(ctx context.Context) (*tokenEntry, error) {
	// A caller that missed the in-process copy may start its refresh just
	// after another one stored a fresh token: take that one.
	if e := s.cur.Load(); e != nil && s.cfg.Now().Before(e.refreshAt) && !s.wasRejected(e.token) {
		return e, nil
	}
	if sr, ok := s.cfg.Cache.(SharedRefresher); ok {
		return s.refreshShared(ctx, sr)
	}
	// Another process may have refreshed it already.
	// A token rejected while this read was in flight is not taken back.
	if raw, ok, err := s.cfg.Cache.Get(ctx, s.cfg.Key); err != nil {
		s.logCacheErr(ctx, "get", err)
	} else if ok && s.usable(raw) {
		e, _ := decodeTokenEntry(raw)
		s.cur.Store(e)
		return e, nil
	}
	e, life, err := s.fetch(ctx)
	if err != nil {
		return nil, err
	}
	if e.raw == "" {
		// Usable now, never cached as valid.
		s.cur.Store(nil)
		return e, nil
	}
	if err := s.cfg.Cache.Set(ctx, s.cfg.Key, e.raw, life); err != nil {
		s.logCacheErr(ctx, "set", err)
	}
	s.cur.Store(e)
	return e, nil
}

// refreshShared lets a cache shared between processes coordinate the
// refresh: this process either takes a token another one stored or fetches
// one and hands it to the cache, stored until its refresh time (expires_in
// minus the refresh margin).
func (s *tokenCore) refreshShared(ctx context.Context, sr SharedRefresher) (*tokenEntry, error) {
	var fetched *tokenEntry
	raw, err := sr.Refresh(ctx, s.cfg.Key, s.usable, func(ctx context.Context) (string, time.Duration, error) {
		e, _, err := s.fetch(ctx)
		if err != nil {
			return "", 0, err
		}
		fetched = e
		if e.raw == "" {
			return "", 0, nil
		}
		return e.raw, e.refreshAt.Sub(s.cfg.Now()), nil
	})
	if err != nil {
		return nil, err
	}
	if fetched != nil && raw == fetched.raw {
		if raw == "" {
			s.cur.Store(nil)
		} else {
			s.cur.Store(fetched)
		}
		return fetched, nil
	}
	e, ok := decodeTokenEntry(raw)
	if !ok {
		return nil, errors.New("wecom: token cache: Refresh returned an unreadable entry")
	}
	s.cur.Store(e)
	return e, nil
}

// usable reports whether a cached entry holds a token to use now: readable,
// not due for refresh, and not the one WeCom last rejected.
func (s *tokenCore) usable(raw string) bool {
	e, ok := decodeTokenEntry(raw)
	return ok && s.cfg.Now().Before(e.refreshAt) && !s.wasRejected(e.token)
}

// fetch calls the token endpoint and returns the new entry and the
// token's lifetime. The entry's raw form is empty when the token must not
// be cached (expires_in <= 0).
func (s *tokenCore) fetch(ctx context.Context) (*tokenEntry, time.Duration, error) {
	token, life, err := s.cfg.Fetch(ctx)
	now := s.cfg.Now()
	if err != nil {
		if errors.Is(err, ErrInvalidCredentials) {
			s.credErr.Store(&credFailure{err: err, until: now.Add(s.cfg.CredentialErrorTTL)})
		}
		return nil, 0, err
	}
	s.credErr.Store(nil)
	if token == "" {
		return nil, 0, fmt.Errorf("wecom: %s: answer has no token", s.cfg.Path)
	}
	if life <= 0 {
		return &tokenEntry{token: token, refreshAt: now, expireAt: now}, 0, nil
	}
	margin := min(s.cfg.RefreshBefore, life/2)
	e := &tokenEntry{token: token, refreshAt: now.Add(life - margin), expireAt: now.Add(life)}
	e.raw = encodeTokenEntry(e)
	return e, life, nil
}

// panicErr turns a panic of the token fetch into an error, with the
// secret taken out of its message; the next Token call fetches afresh.
func (s *tokenCore) panicErr(r any) error {
	cause, ok := r.(error)
	if !ok {
		cause = fmt.Errorf("%v", r)
	}
	cause = sanitize(cause, "", s.secrets)
	if s.cfg.Logger != nil {
		s.cfg.Logger.LogAttrs(context.Background(), slog.LevelError, "wecom: token fetch panicked", slog.String("panic", cause.Error()))
	}
	return fmt.Errorf("wecom: %s: the token fetch panicked: %w", s.cfg.Path, cause)
}

// InvalidateToken drops token if it is still the current one, locally and
// in the cache. A token that has already been replaced is left alone, so N
// callers rejecting the same token cause one refresh, not N.
func (s *tokenCore) InvalidateToken(ctx context.Context, token string) {
	s.rejected.Store(&token)
	if e := s.cur.Load(); e != nil && e.token == token {
		s.cur.CompareAndSwap(e, nil)
	}
	raw, ok, err := s.cfg.Cache.Get(ctx, s.cfg.Key)
	if err != nil {
		s.logCacheErr(ctx, "get", err)
		return
	}
	if !ok {
		return
	}
	if e, ok := decodeTokenEntry(raw); !ok || e.token != token {
		return
	}
	if cad, ok := s.cfg.Cache.(CompareAndDeleter); ok {
		_, err = cad.CompareAndDelete(ctx, s.cfg.Key, raw)
	} else {
		err = s.cfg.Cache.Delete(ctx, s.cfg.Key)
	}
	if err != nil {
		s.logCacheErr(ctx, "delete", err)
	}
}

// wasRejected reports whether token is the last one WeCom rejected.
func (s *tokenCore) wasRejected(token string) bool {
	r := s.rejected.Load()
	return r != nil && *r == token
}

func (s *tokenCore) logCacheErr(ctx context.Context, op string, err error) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "wecom: token cache "+op+" failed", slog.String("error", err.Error()))
	}
}

// encodeTokenEntry stores the refresh and expiry times (unix milliseconds)
// beside the token, so every process sharing a cache refreshes on time.
func encodeTokenEntry(e *tokenEntry) string {
	return "v1|" + strconv.FormatInt(e.refreshAt.UnixMilli(), 10) + "|" +
		strconv.FormatInt(e.expireAt.UnixMilli(), 10) + "|" + e.token
}

func decodeTokenEntry(raw string) (*tokenEntry, bool) {
	parts := strings.SplitN(raw, "|", 4)
	if len(parts) != 4 || parts[0] != "v1" || parts[3] == "" {
		return nil, false
	}
	r, err1 := strconv.ParseInt(parts[1], 10, 64)
	x, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &tokenEntry{token: parts[3], refreshAt: time.UnixMilli(r), expireAt: time.UnixMilli(x), raw: raw}, true
}

// waitErr says why a wait for a token being fetched ended early.
func waitErr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errors.New("the deadline passed while waiting for the access token")
	}
	return errors.New("canceled while waiting for the access token")
}
