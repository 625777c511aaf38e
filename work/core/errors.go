package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// APIError is the error returned when WeCom answers a call with errcode != 0.
//
// Branch on it with errors.Is against the sentinels below (which compare the
// code, or a class of codes), or errors.As to read the fields. Never branch
// on Message: WeCom rewords it.
type APIError struct {
	// Code is WeCom's errcode.
	Code int
	// Message is WeCom's errmsg, which often ends with a hint URL.
	Message string
	// Path is the API path that failed, relative to /cgi-bin/ (e.g.
	// "externalcontact/get"). It never carries the query string.
	Path string
}

// Error implements error.
func (e *APIError) Error() string {
	return "wecom: " + e.Path + ": errcode " + strconv.Itoa(e.Code) + ": " + e.Message
}

// Is reports whether target is an *APIError with the same code, or one of
// the class sentinels (ErrTokenRejected, ErrInvalidCredentials) whose class
// contains e's code. ErrInvalidCredentials matches only the answer of a
// token call (gettoken, service/get_provider_token, service/get_suite_token,
// service/get_corp_token): the same code from a business call means
// something else.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrTokenRejected:
		return IsTokenRejectedCode(e.Code)
	case ErrInvalidCredentials:
		return isTokenCall(e.Path) && IsCredentialCode(e.Code)
	}
	t, ok := target.(*APIError)
	return ok && t.Code == e.Code
}

// sentinel builds an APIError used only as an errors.Is target.
func sentinel(code int, msg string) *APIError { return &APIError{Code: code, Message: msg} }

// Sentinels for the error codes callers branch on. Use them with errors.Is:
//
//	if errors.Is(err, core.ErrRateLimited) { ... }
var (
	// ErrSystemBusy is errcode -1 (系统繁忙); the client retries it.
	ErrSystemBusy = sentinel(-1, "system busy")
	// ErrInvalidSecret is errcode 40001: the corp secret is wrong.
	ErrInvalidSecret = sentinel(40001, "invalid secret")
	// ErrInvalidCorpID is errcode 40013: the corp id is wrong.
	ErrInvalidCorpID = sentinel(40013, "invalid corpid")
	// ErrInvalidToken is errcode 40014: the access_token is not valid.
	ErrInvalidToken = sentinel(40014, "invalid access_token")
	// ErrTokenMissing is errcode 41001: no access_token was sent.
	ErrTokenMissing = sentinel(41001, "access_token missing")
	// ErrTokenExpired is errcode 42001: the access_token has expired.
	ErrTokenExpired = sentinel(42001, "access_token expired")
	// ErrInvalidSecretFormat is errcode 40091: the secret is malformed.
	ErrInvalidSecretFormat = sentinel(40091, "invalid secret format")
	// ErrRateLimited is errcode 45009 (接口调用超过限制). It is never retried
	// in-band: back off for the rest of the window.
	ErrRateLimited = sentinel(45009, "api frequency limit exceeded")
	// ErrConcurrencyLimited is errcode 45033 (接口并发调用超过限制).
	ErrConcurrencyLimited = sentinel(45033, "api concurrency limit exceeded")
	// ErrAPIForbidden is errcode 48002: the app lacks permission for this API
	// (for 客户联系, the app must be granted customer-contact access).
	ErrAPIForbidden = sentinel(48002, "api forbidden")
	// ErrIPNotAllowed is errcode 60020: the caller's IP is not on the app's
	// trusted list.
	ErrIPNotAllowed = sentinel(60020, "ip not allowed")
	// ErrInvalidUserID is errcode 40003: a member userid does not exist.
	ErrInvalidUserID = sentinel(40003, "invalid userid")
	// ErrInvalidExternalUserID is errcode 40096: an external_userid is not valid.
	ErrInvalidExternalUserID = sentinel(40096, "invalid external_userid")
	// ErrNotExternalContact is errcode 84061: there is no customer relation
	// (WeCom also answers it when a member has no customers at all).
	ErrNotExternalContact = sentinel(84061, "not external contact")
	// ErrNoCustomerContactPermission is errcode 84074: the app has no
	// 客户联系 permission, or the member is outside its visible range.
	ErrNoCustomerContactPermission = sentinel(84074, "no external contact permission")

	// ErrTokenRejected matches every code WeCom uses to reject a token
	// (40014, 42001, 40082, 42009). The client refreshes and retries once.
	ErrTokenRejected = errors.New("wecom: access token rejected")
	// ErrInvalidCredentials matches a token call's answer to bad
	// credentials (40001 secret, 40013 corp id, 40091 secret format; for
	// service providers 40080 suite_secret, 40083 suite_id, 40084
	// permanent_code), and
	// so the error of any call whose token could not be fetched for that
	// reason. They are cached briefly so that a wrong secret does not
	// hammer WeCom into banning the caller's IP.
	ErrInvalidCredentials = errors.New("wecom: invalid credentials")
)

// IsTokenRejectedCode reports whether code means "this token is no good,
// fetch another".
func IsTokenRejectedCode(code int) bool {
	switch code {
	case 40014, 42001, 40082, 42009:
		return true
	}
	return false
}

// IsCredentialCode reports whether code, answered by a token call, means
// the credentials are wrong: 40001 (不合法的secret参数), 40013 (不合法的CorpID)
// or 40091 (secret不合法), as WeCom's global errcode page (全局错误码,
// https://developer.work.weixin.qq.com/document/path/90313) lists them, and
// for a service provider's token calls 40080 (不合法的suitesecret), 40083
// (不合法的suiteid) and 40084 (不合法的永久授权码: the corp cancelled, or the
// code was reset).
// 40056 (不合法的agentid) and 40089 are not: gettoken takes no agentid, and
// a business call answering them is refused for another reason.
func IsCredentialCode(code int) bool {
	switch code {
	case 40001, 40013, 40091, 40080, 40083, 40084:
		return true
	}
	return false
}

// isTokenCall reports whether path is one of the calls that fetch a token.
func isTokenCall(path string) bool {
	switch path {
	case "gettoken", "service/get_provider_token", "service/get_suite_token", "service/get_corp_token":
		return true
	}
	return false
}

// HTTPError is returned when WeCom (or a proxy in front of it) answers with a
// non-2xx status or with a body that is not JSON (a gateway's HTML page).
type HTTPError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Path is the API path, without the query string.
	Path string
	// Snippet is the start of the body (at most 256 bytes), for diagnosis.
	Snippet string
}

// Error implements error.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("wecom: %s: unexpected HTTP %d response: %q", e.Path, e.StatusCode, e.Snippet)
}

// ErrResponseTooLarge is returned (wrapped) when a response body exceeds the
// configured size cap.
var ErrResponseTooLarge = errors.New("wecom: response body too large")

// ErrInvalidArgument is wrapped by every validation error raised before a
// request is sent (an empty id, too many ids, a limit out of range).
var ErrInvalidArgument = errors.New("wecom: invalid argument")

// ArgError describes a bad argument caught before any request was sent.
type ArgError struct {
	// Call is the API path of the call that was refused (e.g.
	// "externalcontact/batch/get_by_user"); Send, Get and Exec fill it in.
	Call string
	// Field is the wire name of the offending field (e.g. "userid_list").
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error: "wecom: externalcontact/batch/get_by_user:
// invalid limit: …".
func (e *ArgError) Error() string {
	if e.Call == "" {
		return "wecom: invalid " + e.Field + ": " + e.Reason
	}
	return "wecom: " + e.Call + ": invalid " + e.Field + ": " + e.Reason
}

// ErrUnknownOutcome is matched (errors.Is) by the error of a write or a
// send after which WeCom may have processed the request: the connection
// broke after the request was written, the answer was an HTTP 5xx or could
// not be read, or (for a SendOnce) WeCom answered errcode -1. The client
// never re-sends such a request; find out what happened before trying again
// (for a mass message: get_groupmsg_list_v2 by time window and creator).
//
// An error that does not match it means the request was certainly not
// processed (a bad argument, a refused token, an errcode answer).
var ErrUnknownOutcome = errors.New("wecom: outcome unknown, the request may have been processed")

// unknownOutcome marks err with ErrUnknownOutcome; errors.As still finds
// the *APIError, *HTTPError or *TransportError inside.
type unknownOutcome struct{ err error }

func (u *unknownOutcome) Error() string {
	return u.err.Error() + " (outcome unknown: the request may have been processed)"
}

func (u *unknownOutcome) Unwrap() []error { return []error{u.err, ErrUnknownOutcome} }

// TokenError is returned when a call could not get its token: it names the
// call and the kind of token, and wraps the token source's error (an
// *APIError from gettoken, a *TransportError, the caller's ctx error).
type TokenError struct {
	// Path is the API path of the call that needed the token.
	Path string
	// Kind is the kind of token.
	Kind AuthKind
	// Err is the token source's error.
	Err error
}

// Error implements error.
func (e *TokenError) Error() string {
	return "wecom: " + e.Path + ": getting " + e.Kind.String() + ": " + strings.TrimPrefix(e.Err.Error(), "wecom: ")
}

// Unwrap returns the token source's error.
func (e *TokenError) Unwrap() error { return e.Err }

// Unwrap lets errors.Is(err, ErrInvalidArgument) match.
func (e *ArgError) Unwrap() error { return ErrInvalidArgument }

// TransportError wraps a failure to reach WeCom or to read its answer. Its
// message names the path but never the query string (which carries the
// access_token or the corp secret).
type TransportError struct {
	// Path is the API path.
	Path string
	// Err is the underlying error, with any URL redacted.
	Err error
	ctx error
}

// Error implements error.
func (e *TransportError) Error() string { return "wecom: " + e.Path + ": " + e.Err.Error() }

// Unwrap returns the underlying error and, when the caller's context was
// done, its error too, so errors.Is(err, context.Canceled) holds.
func (e *TransportError) Unwrap() []error {
	if e.ctx != nil {
		return []error{e.Err, e.ctx}
	}
	return []error{e.Err}
}

// transportErr returns a TransportError for err, with the URL's query and
// the secrets of the request (the token, corpsecret and the like) taken out of
// its message, recording ctx's error if it is done.
func transportErr(ctx context.Context, path string, err error, token, rawQuery string) *TransportError {
	return &TransportError{Path: path, Err: sanitize(err, token, rawQuery), ctx: ctx.Err()}
}
