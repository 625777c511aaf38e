package callback

import "context"

// OnSuiteTicket registers fn for suite_ticket (推送suite_ticket), pushed to
// the 指令回调 URL every 10 minutes.
func (h *Handler) OnSuiteTicket(fn func(ctx context.Context, e *SuiteTicketEvent) error) {
	on(h, kind{EventSuiteTicket, ""}, fn)
}

// OnCreateAuth registers fn for create_auth (授权成功通知): a corp
// authorised the suite and e.AuthCode is to be exchanged for its permanent
// code.
func (h *Handler) OnCreateAuth(fn func(ctx context.Context, e *CreateAuthEvent) error) {
	on(h, kind{EventCreateAuth, ""}, fn)
}

// OnChangeAuth registers fn for change_auth (变更授权通知).
func (h *Handler) OnChangeAuth(fn func(ctx context.Context, e *ChangeAuthEvent) error) {
	on(h, kind{EventChangeAuth, ""}, fn)
}

// OnCancelAuth registers fn for cancel_auth (取消授权通知): the corp
// uninstalled the suite.
func (h *Handler) OnCancelAuth(fn func(ctx context.Context, e *CancelAuthEvent) error) {
	on(h, kind{EventCancelAuth, ""}, fn)
}

// OnResetPermanentCode registers fn for reset_permanent_code
// (重置永久授权码通知): e.AuthCode is to be exchanged for the corp's new
// permanent code.
func (h *Handler) OnResetPermanentCode(fn func(ctx context.Context, e *ResetPermanentCodeEvent) error) {
	on(h, kind{EventResetPermanentCode, ""}, fn)
}
