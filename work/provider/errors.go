package provider

import (
	"errors"

	"github.com/wecomkit/wecom/work/core"
)

var (
	// ErrNotAuthorized is returned (wrapped) by Suite.App and by the calls
	// of a corp's App when the corp has not authorised the suite, or has
	// cancelled the authorisation (cancel_auth): the PermanentCodeStore has
	// no permanent code for it. Nothing is sent to WeCom then.
	ErrNotAuthorized = errors.New("wecom: corp has not authorised the suite")
	// ErrNoSuiteTicket is returned (wrapped) when the suite token is needed
	// but no suite_ticket younger than TicketTTL has been received. WeCom
	// pushes one to the 指令回调 URL every 10 minutes; feed it to
	// Suite.SetTicket (Provider.HandleCallbacks does).
	ErrNoSuiteTicket = errors.New("wecom: no valid suite_ticket")
)

// WeCom's errcodes of the service-provider calls, for errors.Is (they
// compare the code, like the sentinels of package core).
var (
	// ErrInvalidPreAuthCode is errcode 40077 (不合法的预授权码).
	ErrInvalidPreAuthCode = &core.APIError{Code: 40077, Message: "invalid pre_auth_code"}
	// ErrInvalidAuthCode is errcode 40078 (不合法的临时授权码): an unknown,
	// expired or already used auth code.
	ErrInvalidAuthCode = &core.APIError{Code: 40078, Message: "invalid auth_code"}
	// ErrInvalidSuiteSecret is errcode 40080 (不合法的suite_secret).
	ErrInvalidSuiteSecret = &core.APIError{Code: 40080, Message: "invalid suite_secret"}
	// ErrInvalidSuiteToken is errcode 40082 (不合法的suite_access_token);
	// the client refreshes the suite token and retries once.
	ErrInvalidSuiteToken = &core.APIError{Code: 40082, Message: "invalid suite_access_token"}
	// ErrInvalidSuiteID is errcode 40083 (不合法的suite_id).
	ErrInvalidSuiteID = &core.APIError{Code: 40083, Message: "invalid suite_id"}
	// ErrInvalidPermanentCode is errcode 40084 (不合法的永久授权码): the
	// corp cancelled the authorisation, or the code was reset.
	ErrInvalidPermanentCode = &core.APIError{Code: 40084, Message: "invalid permanent_code"}
	// ErrInvalidSuiteTicket is errcode 40085 (不合法的suite_ticket): the
	// ticket is unknown or has expired.
	ErrInvalidSuiteTicket = &core.APIError{Code: 40085, Message: "invalid suite_ticket"}
	// ErrSuiteTokenExpired is errcode 42009 (suite_access_token已过期); the
	// client refreshes the suite token and retries once.
	ErrSuiteTokenExpired = &core.APIError{Code: 42009, Message: "suite_access_token expired"}
)
