package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
)

// corp is one authorised corp of a suite: the App handed out for it and
// its current grant (permanent code and token source). Apps hold the corp,
// never a grant, so a reset or a cancellation reaches every App of the
// corp at once. A corp is created only for a corp id the store knew, and
// is never removed, so that no App can outlive the corp that Revoke finds.
type corp struct {
	s   *Suite
	id  string
	mu  sync.Mutex // serialises loads, installs and revocations
	cur atomic.Pointer[grant]
	app atomic.Pointer[work.App]
}

// grant is one permanent code of a corp and the source of the tokens it
// yields, cached under a key derived from the code: tokens of an old code
// are never read back for a new one.
type grant struct {
	auth Authorization
	ts   grantTokens
}

// grantTokens is implemented by *core.CachedTokenSource (get_corp_token)
// and *core.CorpTokenSource (代开发: gettoken).
type grantTokens interface {
	core.TokenSource
	core.TokenInvalidator
	CacheKey() string
}

// Token implements core.TokenSource for the corp's Apps: the current
// grant's token. With no grant (cancelled, or never loaded) the store is
// read again; when WeCom refuses the permanent code (40084; a 代开发
// secret: 40001) the store is read again too, since another instance may
// have stored a reset code or removed a cancelled one.
func (c *corp) Token(ctx context.Context) (string, error) {
	g := c.cur.Load()
	if g == nil {
		var err error
		if g, err = c.load(ctx, nil); err != nil {
			return "", err
		}
	}
	tok, err := g.ts.Token(ctx)
	if err == nil || !c.s.isDeadGrant(err) {
		return tok, err
	}
	g2, lerr := c.load(ctx, g)
	if lerr != nil {
		return "", lerr
	}
	if g2 == g {
		return "", err
	}
	return g2.ts.Token(ctx)
}

// InvalidateToken implements core.TokenInvalidator: WeCom rejected token.
func (c *corp) InvalidateToken(ctx context.Context, token string) {
	if g := c.cur.Load(); g != nil {
		g.ts.InvalidateToken(ctx, token)
	}
}

// load reads the corp's authorisation from the store and installs it,
// unless another caller installed a grant other than stale meanwhile. A
// code equal to stale's (refused by WeCom) gives stale back.
func (c *corp) load(ctx context.Context, stale *grant) (*grant, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g := c.cur.Load(); g != nil && g != stale {
		return g, nil
	}
	auth, ok, err := c.s.store.Get(ctx, c.s.cfg.SuiteID, c.id)
	if err != nil {
		return nil, fmt.Errorf("wecom: reading the permanent code of corp %s: %w", c.id, err)
	}
	if !ok || auth.PermanentCode == "" {
		c.cur.Store(nil)
		return nil, c.s.notAuthorized(c.id)
	}
	if stale != nil && auth.PermanentCode == stale.auth.PermanentCode {
		return stale, nil
	}
	g, err := c.s.newGrant(auth)
	if err != nil {
		return nil, err
	}
	c.cur.Store(g)
	if stale != nil {
		c.s.dropTokens(ctx, stale)
	}
	return g, nil
}

// appFor returns the corp's App, building it on first use.
func (c *corp) appFor(g *grant) (*work.App, error) {
	if a := c.app.Load(); a != nil {
		return a, nil
	}
	a, err := work.NewWithClient(work.Config{CorpID: c.id, AgentID: g.auth.AgentID, BaseURL: c.s.p.cfg.BaseURL},
		c.s.client.WithTokenSource(core.AuthAccessToken, c))
	if err != nil {
		return nil, err
	}
	c.app.CompareAndSwap(nil, a)
	return c.app.Load(), nil
}

// App returns the App of an authorised corp, built once (a map lookup after
// that, so per request is fine), with the corp's token from its permanent
// code; it follows resets and cancellations (see Many corps in the package
// doc) and fails with ErrNotAuthorized when the store has no code.
//
// EasyWeChat: OpenWork work($authCorpId, $permanentCode). WxJava: WxCpTpService.getCorpToken with a WxCpService.
func (s *Suite) App(ctx context.Context, corpID string) (*work.App, error) {
	if err := core.Required("auth_corpid", corpID); err != nil {
		return nil, core.Named(s.corpTokenCall(), err)
	}
	s.mu.RLock()
	c := s.corps[corpID]
	s.mu.RUnlock()
	if c != nil {
		if a := c.app.Load(); a != nil && c.cur.Load() != nil {
			return a, nil
		}
	} else {
		// Make room for a corp only when the store knows it: arbitrary ids
		// (from a request, say) must not grow the map.
		_, ok, err := s.store.Get(ctx, s.cfg.SuiteID, corpID)
		if err != nil {
			return nil, fmt.Errorf("wecom: reading the permanent code of corp %s: %w", corpID, err)
		}
		if !ok {
			return nil, s.notAuthorized(corpID)
		}
		c = s.corp(corpID)
	}
	// Read again under the corp's lock: a Revoke racing with this call is
	// then either seen here or finds the corp and clears it afterwards.
	g, err := c.load(ctx, nil)
	if err != nil {
		return nil, err
	}
	return c.appFor(g)
}

// corp returns the corp of corpID, creating it.
func (s *Suite) corp(corpID string) *corp {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		c = &corp{s: s, id: corpID}
		s.corps[corpID] = c
	}
	return c
}

// newGrant builds the token source of auth.
func (s *Suite) newGrant(auth Authorization) (*grant, error) {
	if s.cfg.Customized {
		return &grant{auth: auth, ts: s.p.customizedTokenSource(auth.CorpID, auth.PermanentCode, auth.AgentID)}, nil
	}
	corpID, code := auth.CorpID, auth.PermanentCode
	ts, err := s.p.newTokenSource(
		"wecom:corp_token:"+s.cfg.SuiteID+":"+corpID+":"+core.HashKey(s.cfg.SuiteID, corpID, code),
		epGetCorpToken.Path,
		func(ctx context.Context) (string, time.Duration, error) {
			t, err := s.GetCorpToken(ctx, corpID, code)
			if err != nil {
				return "", 0, err
			}
			return t.AccessToken, time.Duration(t.ExpiresIn) * time.Second, nil
		})
	if err != nil {
		return nil, err
	}
	return &grant{auth: auth, ts: ts}, nil
}

// corpTokenCall is the call that gets a corp's token: get_corp_token, or
// gettoken for a 代开发 template.
func (s *Suite) corpTokenCall() core.Endpoint {
	if s.cfg.Customized {
		return epGettoken
	}
	return epGetCorpToken
}

// isDeadGrant reports whether err says the permanent code itself no longer
// works.
func (s *Suite) isDeadGrant(err error) bool {
	if s.cfg.Customized {
		return errors.Is(err, core.ErrInvalidSecret)
	}
	return errors.Is(err, ErrInvalidPermanentCode)
}

// dropTokens removes g's token from the shared cache.
func (s *Suite) dropTokens(ctx context.Context, g *grant) {
	if err := s.p.cfg.Cache.Delete(ctx, g.ts.CacheKey()); err != nil && s.p.cfg.Logger != nil {
		s.p.cfg.Logger.WarnContext(ctx, "wecom: token cache delete failed", "error", err.Error())
	}
}

func (s *Suite) notAuthorized(corpID string) error {
	return fmt.Errorf("%w: corp %s, suite %s", ErrNotAuthorized, corpID, s.cfg.SuiteID)
}

// Authorize exchanges an auth code for the corp's permanent code (v2 with
// SuiteConfig.V2), stores it in the PermanentCodeStore and makes the corp's
// App use it, dropping an old code's tokens. If the store fails, the
// Authorization comes back with the error: WeCom gives a code out once.
func (s *Suite) Authorize(ctx context.Context, authCode string) (*Authorization, error) {
	var auth Authorization
	if s.cfg.V2 {
		pc, err := s.GetPermanentByCodeV2(ctx, authCode)
		if err != nil {
			return nil, err
		}
		auth = Authorization{CorpID: pc.AuthCorpInfo.CorpID, CorpName: pc.AuthCorpInfo.CorpName,
			PermanentCode: pc.PermanentCode, State: pc.State}
	} else {
		pc, err := s.GetPermanentByCode(ctx, authCode)
		if err != nil {
			return nil, err
		}
		auth = pc.authorization()
	}
	if auth.CorpID == "" || auth.PermanentCode == "" {
		return nil, fmt.Errorf("wecom: %s: answer has no auth_corp_info.corpid or permanent_code", epGetPermanentCode.Path)
	}
	if err := s.store.Put(ctx, s.cfg.SuiteID, auth); err != nil {
		return &auth, fmt.Errorf("wecom: storing the permanent code of corp %s (keep it: WeCom will not give it again): %w", auth.CorpID, err)
	}
	if err := s.install(ctx, auth); err != nil {
		return &auth, err
	}
	return &auth, nil
}

// install makes auth the corp's grant, dropping the tokens of the one it
// replaces.
func (s *Suite) install(ctx context.Context, auth Authorization) error {
	c := s.corp(auth.CorpID)
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.cur.Load()
	if old != nil && old.auth.PermanentCode == auth.PermanentCode {
		return nil
	}
	g, err := s.newGrant(auth)
	if err != nil {
		return err
	}
	c.cur.Store(g)
	if old != nil {
		s.dropTokens(ctx, old)
	}
	return nil
}

// Revoke forgets a corp's authorisation (取消授权, cancel_auth): the permanent
// code leaves the store and the corp's token the cache, and its Apps in this
// process fail with ErrNotAuthorized from then on, without sending anything.
func (s *Suite) Revoke(ctx context.Context, corpID string) error {
	if err := core.Required("auth_corpid", corpID); err != nil {
		return err
	}
	serr := s.store.Delete(ctx, s.cfg.SuiteID, corpID)
	s.mu.RLock()
	c := s.corps[corpID]
	s.mu.RUnlock()
	if c != nil {
		c.mu.Lock()
		old := c.cur.Swap(nil)
		c.mu.Unlock()
		if old != nil {
			s.dropTokens(ctx, old)
		}
	}
	if serr != nil {
		return fmt.Errorf("wecom: deleting the permanent code of corp %s: %w", corpID, serr)
	}
	return nil
}
