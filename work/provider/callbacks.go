package provider

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/wecomkit/wecom/work/callback"
)

// Hooks are the caller's functions run after HandleCallbacks has done the
// SDK's part of an instruction callback. Each may be nil. An error makes
// the Handler answer 500, so WeCom delivers the event again.
type Hooks struct {
	// Authorized runs after the permanent code of a create_auth or
	// reset_permanent_code has been stored.
	Authorized func(ctx context.Context, s *Suite, a *Authorization) error
	// AuthChanged runs for change_auth; read the new authorisation with
	// Suite.GetAuthorization if you need it.
	AuthChanged func(ctx context.Context, s *Suite, e *callback.ChangeAuthEvent) error
	// Cancelled runs for cancel_auth, after Suite.Revoke.
	Cancelled func(ctx context.Context, s *Suite, corpID string) error
}

// HandleCallbacks registers on h the instruction callbacks (指令回调) of the
// provider's suites, routed by SuiteId: suite_ticket to SetTicket,
// create_auth and reset_permanent_code to Authorize, cancel_auth to Revoke,
// each followed by its hook (see Callbacks in the package doc).
func (p *Provider) HandleCallbacks(h *callback.Handler, hooks Hooks) {
	h.OnSuiteTicket(func(ctx context.Context, e *callback.SuiteTicketEvent) error {
		s := p.suiteOf(ctx, e.SuiteID, e.Type())
		if s == nil {
			return nil
		}
		var at time.Time
		if e.TimeStamp > 0 {
			at = time.Unix(e.TimeStamp, 0)
		}
		return s.SetTicket(ctx, e.SuiteTicket, at)
	})
	authorize := func(ctx context.Context, suiteID string, typ callback.EventType, code, state string) error {
		s := p.suiteOf(ctx, suiteID, typ)
		if s == nil {
			return nil
		}
		a, err := s.Authorize(ctx, code)
		if errors.Is(err, ErrInvalidAuthCode) {
			p.log(ctx, slog.LevelWarn, "wecom: auth code refused (used or expired); event acknowledged",
				slog.String("suite_id", suiteID), slog.String("event", string(typ)))
			return nil
		}
		if err != nil {
			return err
		}
		if a.State == "" {
			a.State = state
		}
		if hooks.Authorized != nil {
			return hooks.Authorized(ctx, s, a)
		}
		return nil
	}
	h.OnCreateAuth(func(ctx context.Context, e *callback.CreateAuthEvent) error {
		return authorize(ctx, e.SuiteID, e.Type(), e.AuthCode, e.State)
	})
	h.OnResetPermanentCode(func(ctx context.Context, e *callback.ResetPermanentCodeEvent) error {
		return authorize(ctx, e.SuiteID, e.Type(), e.AuthCode, "")
	})
	h.OnChangeAuth(func(ctx context.Context, e *callback.ChangeAuthEvent) error {
		s := p.suiteOf(ctx, e.SuiteID, e.Type())
		if s == nil || hooks.AuthChanged == nil {
			return nil
		}
		return hooks.AuthChanged(ctx, s, e)
	})
	h.OnCancelAuth(func(ctx context.Context, e *callback.CancelAuthEvent) error {
		s := p.suiteOf(ctx, e.SuiteID, e.Type())
		if s == nil {
			return nil
		}
		if e.AuthCorpID == "" { // nothing to revoke; a redelivery would not help
			p.log(ctx, slog.LevelWarn, "wecom: cancel_auth without AuthCorpId; acknowledged", slog.String("suite_id", e.SuiteID))
			return nil
		}
		if err := s.Revoke(ctx, e.AuthCorpID); err != nil {
			return err
		}
		if hooks.Cancelled != nil {
			return hooks.Cancelled(ctx, s, e.AuthCorpID)
		}
		return nil
	})
}

// suiteOf returns the suite of an event, logging events of unknown ones.
func (p *Provider) suiteOf(ctx context.Context, suiteID string, typ callback.EventType) *Suite {
	s := p.Suite(suiteID)
	if s == nil {
		p.log(ctx, slog.LevelWarn, "wecom: instruction callback for a suite this provider does not know; acknowledged",
			slog.String("suite_id", suiteID), slog.String("event", string(typ)))
	}
	return s
}

func (p *Provider) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if p.cfg.Logger != nil {
		p.cfg.Logger.LogAttrs(ctx, level, msg, attrs...)
	}
}
