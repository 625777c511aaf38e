package acquisition

import (
	"errors"

	"github.com/wecomkit/wecom/work/core"
)

// Who may call the 获客助手 endpoints. WeCom's pages say it for every one of
// them: a self-built app whose secret is configured in the 客户联系
// 「可调用应用」 list may, a third-party or agent-developed app with the
// 企业客户权限 → 获客助手 permission may, and the 客户联系 system app (the
// secret of 客户联系 itself) may not. GetPermit is narrower: only 营销获客
// (marketing acquisition) apps may call it. A refused call answers errcode
// 48002 (API接口无权限调用, core.ErrAPIForbidden), which says nothing about
// why; the methods of this package turn it into an error that also matches
// one of the sentinels below and carries a hint.
var (
	// ErrAppNotAllowed is matched (errors.Is) by a 48002 from a 获客助手
	// endpoint: the token's app may not call it. The usual cause is the
	// 客户联系 system app's secret, which no 获客助手 endpoint takes.
	ErrAppNotAllowed = errors.New("wecom: 获客助手 is not callable with this app's token")
	// ErrNotMarketingApp is matched by a 48002 from GetPermit
	// (customer_acquisition_app/get_permit): only 营销获客 apps may call it.
	ErrNotMarketingApp = errors.New("wecom: only 营销获客 apps may call customer_acquisition_app/get_permit")
)

// Hints carried by a PermissionError.
const (
	hintApp = "获客助手 takes the access_token of a self-built app listed in 客户联系 「可调用应用」 " +
		"(or of a third-party app granted 企业客户权限 → 获客助手), never the 客户联系 system app's secret"
	hintMarketing = "customer_acquisition_app/get_permit answers only 营销获客 (marketing acquisition) apps"
)

// PermissionError is WeCom's refusal (errcode 48002) of a 获客助手 call
// because of the app that made it. errors.Is matches it against
// ErrAppNotAllowed or ErrNotMarketingApp, and against core.ErrAPIForbidden
// through the *core.APIError it wraps (errors.As finds that too).
type PermissionError struct {
	// Err is WeCom's answer.
	Err *core.APIError
	// Hint says what to change.
	Hint string

	sentinel error
}

// Error implements error: WeCom's answer, then the hint.
func (e *PermissionError) Error() string { return e.Err.Error() + " (hint: " + e.Hint + ")" }

// Unwrap returns WeCom's answer.
func (e *PermissionError) Unwrap() error { return e.Err }

// Is matches the sentinel of the refusal.
func (e *PermissionError) Is(target error) bool { return target == e.sentinel }

// refused turns a 48002 answer of ep into a *PermissionError; any other
// error, and nil, come back as they are.
func refused(ep core.Endpoint, err error) error {
	var ae *core.APIError
	if err == nil || !errors.As(err, &ae) || ae.Code != core.ErrAPIForbidden.Code {
		return err
	}
	if ep.Path == epGetPermit.Path {
		return &PermissionError{Err: ae, Hint: hintMarketing, sentinel: ErrNotMarketingApp}
	}
	return &PermissionError{Err: ae, Hint: hintApp, sentinel: ErrAppNotAllowed}
}
