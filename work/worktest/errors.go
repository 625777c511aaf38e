package worktest

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// WeCom error codes every API group may answer. A group's own codes are
// constants in its file, their errmsg texts in its group.errTexts (see
// addGroup). The text beside each is the errmsg the simulator sends before
// WeCom's ", hint: […]" suffix: WeCom's own where it is known, else the
// simulator's wording of WeCom's description (in brackets).
const (
	// Any endpoint.
	codeSystemBusy        = -1    // system busy
	codeInvalidSecret     = 40001 // invalid credential (wrong corpsecret)
	codeInvalidUserID     = 40003 // invalid userid
	codeInvalidCorpID     = 40013 // invalid corpid
	codeInvalidToken      = 40014 // invalid access_token (also a wrong provider_access_token)
	codeInvalidParameter  = 40058 // invalid Request Parameter (bad or missing field, bad bound)
	codeInvalidSuiteToken = 40082 // invalid suite_access_token (不合法的suitetoken)
	codeInvalidExternalID = 40096 // invalid external userid
	codeTokenMissing      = 41001 // access_token missing (or the service token)
	codeCorpIDMissing     = 41002 // corpid missing
	codeSecretMissing     = 41004 // corpsecret missing
	codeUserIDMissing     = 41009 // missing userid
	codeExternalIDMissing = 41035 // missing external userid
	codeTokenExpired      = 42001 // access_token expired
	codeRequireGET        = 43001 // require GET method
	codeRequirePOST       = 43002 // require POST method
	codeRateLimited       = 45009 // api freq out of limit
	codeConcurrency       = 45033 // api concurrent out of limit
	codeDataFormat        = 47001 // data format error (malformed JSON)
	codeAPIForbidden      = 48002 // api forbidden (also: another app's resource, an unknown path)
	codeInvalidCursor     = 50100 // 分页查询的游标无效 (a cursor malformed or of another query)
	codeNotExternal       = 84061 // not external contact
	codeNoContactPerm     = 84074 // no external contact permission (the member has no 客户联系)
)

// errTexts are the errmsg texts of the codes above, plus a few codes
// tests commonly inject with Faults.FailNext.
var errTexts = map[int]string{
	codeSystemBusy:        "system busy",
	codeInvalidSecret:     "invalid credential",
	codeInvalidUserID:     "invalid userid",
	codeInvalidCorpID:     "invalid corpid",
	codeInvalidToken:      "invalid access_token",
	codeInvalidParameter:  "invalid Request Parameter",
	codeInvalidSuiteToken: "invalid suite_access_token",
	codeInvalidExternalID: "invalid external userid",
	codeTokenMissing:      "access_token missing",
	codeCorpIDMissing:     "corpid missing",
	codeSecretMissing:     "corpsecret missing",
	codeUserIDMissing:     "missing userid",
	codeExternalIDMissing: "missing external userid",
	codeTokenExpired:      "access_token expired",
	codeRequireGET:        "require GET method",
	codeRequirePOST:       "require POST method",
	codeRateLimited:       "api freq out of limit",
	codeConcurrency:       "api concurrent out of limit",
	codeDataFormat:        "data format error",
	codeNotExternal:       "not external contact",
	codeNoContactPerm:     "no external contact permission",
	codeInvalidCursor:     "invalid cursor",

	codeAPIForbidden: "api forbidden",
	60011:            "no privilege to access/modify contact/party/agent",
	60111:            "userid not found",
}

// errText returns WeCom's errmsg text for code.
func errText(code int) string {
	if t, ok := errTexts[code]; ok {
		return t
	}
	return "error " + strconv.Itoa(code)
}

// apiError is what a handler returns to answer with errcode != 0. The
// framework appends WeCom's hint suffix to msg.
type apiError struct {
	code int
	msg  string
}

// Error implements error.
func (e *apiError) Error() string { return strconv.Itoa(e.code) + " " + e.msg }

// errCode answers code with its standard text.
func errCode(code int) *apiError { return &apiError{code: code, msg: errText(code)} }

// errDetail answers code with its standard text followed by a detail, e.g.
// "invalid Request Parameter: userid_list has 101 items, at most 100".
func errDetail(code int, format string, args ...any) *apiError {
	return &apiError{code: code, msg: errText(code) + ": " + fmt.Sprintf(format, args...)}
}

// errParam is a 40058 naming what is wrong.
func errParam(format string, args ...any) *apiError {
	return errDetail(codeInvalidParameter, format, args...)
}

// The validation helpers below return nil or the *apiError WeCom answers.

// requireUserID fails with 41009 when userID is empty.
func requireUserID(userID string) error {
	if userID == "" {
		return errCode(codeUserIDMissing)
	}
	return nil
}

// requireExternalUserID fails with 41035 when id is empty.
func requireExternalUserID(id string) error {
	if id == "" {
		return errCode(codeExternalIDMissing)
	}
	return nil
}

// requireField fails with 40058 when v is empty.
func requireField(field, v string) error {
	if v == "" {
		return errParam("%s is required", field)
	}
	return nil
}

// checkList fails with 40058 when list is empty (and required), longer
// than max, or holds an empty string.
func checkList(field string, list []string, required bool, max int) error {
	if required && len(list) == 0 {
		return errParam("%s is required", field)
	}
	if max > 0 && len(list) > max {
		return errParam("%s has %d items, at most %d allowed", field, len(list), max)
	}
	for i, v := range list {
		if v == "" {
			return errParam("%s[%d] is empty", field, i)
		}
	}
	return nil
}

// checkRunes fails with 40058 when s has more than max characters.
func checkRunes(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return errParam("%s has %d characters, at most %d allowed", field, n, max)
	}
	return nil
}

// pageLimit applies WeCom's rule for a page size: 0 (absent) means def,
// a value above max is lowered to max, a negative one is an error.
func pageLimit(field string, v, def, max int) (int, error) {
	switch {
	case v < 0:
		return 0, errParam("%s is %d, must not be negative", field, v)
	case v == 0:
		return def, nil
	case v > max:
		return max, nil
	}
	return v, nil
}
