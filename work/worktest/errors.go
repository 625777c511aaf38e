package worktest

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// WeCom error codes the simulator answers. The text beside each is the
// errmsg WeCom sends (before its ", hint: […]" suffix).
const (
	codeSystemBusy        = -1    // system busy
	codeInvalidSecret     = 40001 // invalid credential (wrong corpsecret)
	codeInvalidUserID     = 40003 // invalid userid
	codeInvalidCorpID     = 40013 // invalid corpid
	codeInvalidToken      = 40014 // invalid access_token
	codeInvalidParameter  = 40058 // invalid Request Parameter (bad or missing field, bad bound)
	codeInvalidExternalID = 40096 // invalid external userid
	codeTokenMissing      = 41001 // access_token missing
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
	codeNotExternal       = 84061 // not external contact
)

var errTexts = map[int]string{
	codeSystemBusy:        "system busy",
	codeInvalidSecret:     "invalid credential",
	codeInvalidUserID:     "invalid userid",
	codeInvalidCorpID:     "invalid corpid",
	codeInvalidToken:      "invalid access_token",
	codeInvalidParameter:  "invalid Request Parameter",
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
	48002:                 "api forbidden",
	60011:                 "no privilege to access/modify contact/party/agent",
	60111:                 "userid not found",
	84074:                 "no external contact permission",
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
