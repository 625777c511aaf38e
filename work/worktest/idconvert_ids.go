package worktest

import (
	"crypto/sha256"
	"strings"
)

// The ids the ID转换 group (idconvert.go) derives from the store's, and the
// service tokens it accepts.

// derive returns n base62 characters that are a function of parts only.
func derive(n int, parts ...string) string {
	seed := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	out := make([]byte, 0, n)
	for block := 0; len(out) < n; block++ {
		sum := sha256.Sum256(append(seed[:], byte(block)))
		for _, b := range sum {
			if len(out) == n {
				break
			}
			out = append(out, base62[int(b)%len(base62)])
		}
	}
	return string(out)
}

// serviceShift is how far ServiceExternalUserID moves each character of an
// id's tail in the base62 alphabet.
const serviceShift = 7

// shiftID keeps an id's two-letter prefix and moves each base62 character
// of the rest by k positions; other characters stay.
func shiftID(id string, k int) string {
	if len(id) <= 2 {
		return id
	}
	b := []byte(id)
	for i := 2; i < len(b); i++ {
		if j := strings.IndexByte(base62, b[i]); j >= 0 {
			b[i] = base62[((j+k)%len(base62)+len(base62))%len(base62)]
		}
	}
	return string(b)
}

// ServiceExternalUserID returns the provider-subject external_userid (服务商
// 主体, what a third-party app sees) of a customer's corp-subject id, as the
// simulator converts it: the same "wm"/"wo" prefix, the rest of the
// characters shifted in the base62 alphabet. The mapping is reversible.
func ServiceExternalUserID(externalUserID string) string {
	return shiftID(externalUserID, serviceShift)
}

// corpExternalUserID reverses ServiceExternalUserID.
func corpExternalUserID(serviceID string) string { return shiftID(serviceID, -serviceShift) }

// OpenID returns the WeChat openid convert_to_openid gives for a WeChat
// customer's external_userid.
func OpenID(externalUserID string) string { return "o" + derive(27, "openid", externalUserID) }

// OpenGID returns the opengid (the id a mini program gets in a WeChat
// group) that opengid_to_chatid converts into chatID.
func OpenGID(chatID string) string { return "tG" + derive(26, "opengid", chatID) }

// tmpOpenID is a contact's tmp_openid in contact_list.
func tmpOpenID(id string) string { return "tmp" + derive(29, "tmp_openid", id) }

// Query parameters of the service tokens.
const (
	providerTokenParam = "provider_access_token"
	suiteTokenParam    = "suite_access_token"
)

// ProviderToken returns the provider_access_token (服务商凭证) the simulator
// accepts, for service/externalcontact/finish_external_userid_migration:
// give it to the SDK as work.Config.ProviderTokenSource. It is fixed for the
// server's corp id and secret and never expires.
func (s *Server) ProviderToken() string { return derive(64, providerTokenParam, s.CorpID, s.Secret) }

// SuiteToken returns the suite_access_token (第三方应用凭证) the simulator
// accepts, for service/externalcontact/unionid_to_external_userid_3rd: give
// it to the SDK as work.Config.SuiteTokenSource. It is fixed for the
// server's corp id and secret and never expires.
func (s *Server) SuiteToken() string { return derive(64, suiteTokenParam, s.CorpID, s.Secret) }

// checkServiceToken checks the token of a route with a tokenParam: 41001
// when missing; when wrong, 40082 for a suite_access_token (WeCom's
// 不合法的suitetoken, which SDKs treat as a rejected token) and 40014 for a
// provider_access_token.
func (s *Server) checkServiceToken(param, tok string) *apiError {
	switch {
	case tok == "":
		return errDetail(codeTokenMissing, "%s", param)
	case param == suiteTokenParam:
		if tok != s.SuiteToken() {
			return errCode(codeInvalidSuiteToken)
		}
	case tok != s.ProviderToken():
		return errDetail(codeInvalidToken, "%s", param)
	}
	return nil
}
