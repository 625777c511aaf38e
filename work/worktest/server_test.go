package worktest

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errmsgFormat = regexp.MustCompile(`^[^,]+(: .+)?, hint: \[\d+_\d+_[0-9a-f]{32}\], from ip: 127\.0\.0\.1, more info at https://open\.work\.weixin\.qq\.com/devtool/query\?e=-?\d+$`)

func TestGetToken(t *testing.T) {
	s := start(t)
	q := func(corpID, secret string) url.Values {
		v := url.Values{}
		if corpID != "" {
			v.Set("corpid", corpID)
		}
		if secret != "" {
			v.Set("corpsecret", secret)
		}
		return v
	}
	type tokenReply struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}

	r := raw(t, s, http.MethodGet, "gettoken", q(s.CorpID, s.Secret), "")
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, 0, r.ErrCode)
	assert.Equal(t, "ok", r.ErrMsg)
	var first tokenReply
	r.decode(t, &first)
	assert.Len(t, first.AccessToken, 64)
	assert.Equal(t, int64(7200), first.ExpiresIn)

	// Within its validity WeCom hands back the same token, counting down.
	s.Clock().Advance(100 * time.Second)
	var again tokenReply
	raw(t, s, http.MethodGet, "gettoken", q(s.CorpID, s.Secret), "").decode(t, &again)
	assert.Equal(t, first.AccessToken, again.AccessToken)
	assert.Equal(t, int64(7100), again.ExpiresIn)

	// After expiry, a new one.
	s.Clock().Advance(7100 * time.Second)
	var next tokenReply
	raw(t, s, http.MethodGet, "gettoken", q(s.CorpID, s.Secret), "").decode(t, &next)
	assert.NotEqual(t, first.AccessToken, next.AccessToken)
	assert.Equal(t, int64(7200), next.ExpiresIn)

	for _, tc := range []struct {
		name           string
		corpID, secret string
		code           int
		text           string
	}{
		{"wrong corpid", "wwnotmycorp", s.Secret, 40013, "invalid corpid"},
		{"wrong secret", s.CorpID, "nope", 40001, "invalid credential"},
		{"no corpid", "", s.Secret, 41002, "corpid missing"},
		{"no secret", s.CorpID, "", 41004, "corpsecret missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := raw(t, s, http.MethodGet, "gettoken", q(tc.corpID, tc.secret), "")
			assert.Equal(t, http.StatusOK, r.Status)
			assert.Equal(t, tc.code, r.ErrCode)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
			assert.Regexp(t, "^"+tc.text+", hint: ", r.ErrMsg)
			assert.Contains(t, r.ErrMsg, "?e="+strconv.Itoa(tc.code))
		})
	}
}

func TestFreshTokens(t *testing.T) {
	s := start(t, WithFreshTokens())
	a, b := token(t, s), token(t, s)
	require.NotEqual(t, a, b)
	for _, tok := range []string{a, b} {
		r := apiWith(t, s, tok, http.MethodGet, "externalcontact/get_follow_user_list", nil, "")
		assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
	}
}

func TestAccessTokenErrors(t *testing.T) {
	s := start(t)
	const path = "externalcontact/get_follow_user_list"
	tok := token(t, s)

	r := raw(t, s, http.MethodGet, path, nil, "")
	assert.Equal(t, 41001, r.ErrCode)
	assert.Regexp(t, "^access_token missing, hint: ", r.ErrMsg)

	r = apiWith(t, s, "not-a-token", http.MethodGet, path, nil, "")
	assert.Equal(t, 40014, r.ErrCode)
	assert.Regexp(t, errmsgFormat, r.ErrMsg)

	require.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, path, nil, "").ErrCode)
	s.Clock().Advance(7199 * time.Second)
	require.Equal(t, 0, apiWith(t, s, tok, http.MethodGet, path, nil, "").ErrCode)
	s.Clock().Advance(time.Second)
	r = apiWith(t, s, tok, http.MethodGet, path, nil, "")
	assert.Equal(t, 42001, r.ErrCode)
	assert.Regexp(t, "^access_token expired, hint: ", r.ErrMsg)

	// A new token works again.
	fresh := token(t, s)
	assert.NotEqual(t, tok, fresh)
	assert.Equal(t, 0, apiWith(t, s, fresh, http.MethodGet, path, nil, "").ErrCode)
}

func TestExpireAllTokens(t *testing.T) {
	s := start(t, WithFreshTokens())
	a, b := token(t, s), token(t, s)
	s.ExpireAllTokens()
	for _, tok := range []string{a, b} {
		assert.Equal(t, 42001, apiWith(t, s, tok, http.MethodGet, "externalcontact/get_follow_user_list", nil, "").ErrCode)
	}
	assert.Equal(t, 0, api(t, s, http.MethodGet, "externalcontact/get_follow_user_list", nil, "").ErrCode)
}

func TestWrongMethod(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get", url.Values{"external_userid": {"wm1"}}, "{}")
	assert.Equal(t, 43001, r.ErrCode)
	assert.Regexp(t, "^require GET method, hint: ", r.ErrMsg)
	r = apiWith(t, s, tok, http.MethodGet, "externalcontact/batch/get_by_user", nil, "")
	assert.Equal(t, 43002, r.ErrCode)
	r = raw(t, s, http.MethodPost, "gettoken", url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}, "")
	assert.Equal(t, 43001, r.ErrCode)
}

func TestMalformedBody(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	for name, body := range map[string]string{
		"truncated":  `{"userid_list":["zhangsan"]`,
		"array":      `["zhangsan"]`,
		"string":     `"zhangsan"`,
		"wrong type": `{"userid_list":"zhangsan"}`,
		"bad limit":  `{"userid_list":["zhangsan"],"limit":"10"}`,
	} {
		t.Run(name, func(t *testing.T) {
			r := apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", nil, body)
			assert.Equal(t, http.StatusOK, r.Status)
			assert.Equal(t, 47001, r.ErrCode)
			assert.Regexp(t, "^data format error", r.ErrMsg)
		})
	}
	// An empty body is {}: then the required field is missing.
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", nil, "")
	assert.Equal(t, 40058, r.ErrCode)
	assert.Contains(t, r.ErrMsg, "userid_list is required")
}

func TestUnknownPath(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/no_such_api", nil, "")
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, 48002, r.ErrCode)
	assert.Regexp(t, `^api forbidden: /cgi-bin/externalcontact/no_such_api is not simulated by worktest, hint: \[`, r.ErrMsg)
	assert.Equal(t, 1, s.Count("(unknown)"))
	// The token is checked first, as for any path.
	assert.Equal(t, 41001, raw(t, s, http.MethodPost, "externalcontact/no_such_api", nil, "{}").ErrCode)
	assert.Equal(t, 40014, apiWith(t, s, "bogus", http.MethodPost, "externalcontact/no_such_api", nil, "{}").ErrCode)
	assert.Equal(t, 3, s.Count("(unknown)"))

	// Outside /cgi-bin/: a plain 404, not counted.
	resp, err := http.Get(s.URL + "/favicon.ico")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, 4, s.Count(""), "gettoken and the unknown API paths")
}

func TestNewErrors(t *testing.T) {
	_, err := New(WithFixture("testdata/does-not-exist.json"))
	assert.Error(t, err)
	assert.Panics(t, func() { NewServer(WithFixture("testdata/does-not-exist.json")) })
}

func TestCloseTwiceAndAfterClose(t *testing.T) {
	s := start(t)
	url := s.URL
	s.Close()
	s.Close()
	_, err := http.Get(url + "/cgi-bin/gettoken")
	assert.Error(t, err)
}
