package core

import (
	"errors"
	"net/url"
	"strings"
)

// redactURL returns u without its query string and fragment: the query is
// where access_token and corpsecret travel.
func redactURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// redactErr rewrites a *url.Error (whose message embeds the full URL) so that
// it names the URL without its query. Other errors are returned unchanged.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: redactErr(ue.Err)}
	}
	return err
}

// scrubError hides secrets that a custom RoundTripper or proxy may have put
// into an error message. The chain stays intact for errors.Is/As.
type scrubError struct {
	msg string
	err error
}

func (e *scrubError) Error() string { return e.msg }
func (e *scrubError) Unwrap() error { return e.err }

// sanitize is redactErr followed by scrub: what a TransportError carries.
func sanitize(err error, token, rawQuery string) error {
	err = redactErr(err)
	if msg, changed := scrub(err.Error(), token, rawQuery); changed {
		return &scrubError{msg: msg, err: err}
	}
	return err
}

// secretQueryKeys are the query parameters whose values are credentials.
// Every other value (a corp id, an external_userid, a cursor) is an id that
// WeCom's errmsg may quote back, and that the caller needs to see.
var secretQueryKeys = map[string]bool{
	"access_token":          true,
	"provider_access_token": true,
	"suite_access_token":    true,
	"corpsecret":            true,
	"secret":                true,
	"provider_secret":       true,
	"suite_secret":          true,
}

// scrub replaces, in s, the token and the values of the secret query keys
// (secretQueryKeys) of rawQuery, each both raw and URL-escaped or unescaped.
// Ids and other query values are left alone. It reports whether anything
// was replaced.
func scrub(s, token, rawQuery string) (string, bool) {
	secrets := []string{token, url.QueryEscape(token)}
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			continue
		}
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if !secretQueryKeys[k] {
			continue
		}
		secrets = append(secrets, v)
		if uv, err := url.QueryUnescape(v); err == nil && uv != v {
			secrets = append(secrets, uv)
		}
	}
	changed := false
	for _, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redacted)
			changed = true
		}
	}
	return s, changed
}
