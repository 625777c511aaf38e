package worktest

import (
	"math"
	"net/http"
	"sync"
	"time"
)

// DefaultTokenTTL is the lifetime of an access_token, as WeCom's 7200 s.
const DefaultTokenTTL = 7200 * time.Second

// tokens issues and checks access tokens on the simulator clock.
//
// Like WeCom ("有效期内重复获取返回相同结果"), gettoken hands back the same
// token while it is valid, with expires_in counting down; once it has
// expired (or ExpireAllTokens ran) the next gettoken issues a new one.
// WithFreshTokens issues a new token on every gettoken instead, the older
// ones staying valid until they expire.
type tokens struct {
	mu      sync.Mutex
	ttl     time.Duration
	fresh   bool
	rng     *rng
	current string
	issued  *expiring[struct{}] // the tokens issued and not yet forgotten
}

func newTokens(ttl time.Duration, fresh bool, r *rng) *tokens {
	return &tokens{ttl: ttl, fresh: fresh, rng: r, issued: newExpiring[struct{}](forgetAfter, maxTokens)}
}

const (
	// forgetAfter is how long an expired token is still recognised
	// (answered 42001 rather than 40014); older ones are forgotten.
	forgetAfter = 24 * time.Hour
	// maxTokens bounds the tokens remembered (WithFreshTokens issues one
	// per gettoken); beyond it the oldest are forgotten, expired or not.
	maxTokens = 10000
)

// issue returns a valid token and its remaining lifetime in whole seconds.
func (t *tokens) issue(now time.Time) (string, int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, exp, ok := t.issued.get(t.current); ok && !t.fresh && now.Before(exp) {
		return t.current, int64(math.Ceil(exp.Sub(now).Seconds()))
	}
	tok := t.rng.alnum(64)
	for t.issued.has(tok) {
		tok = t.rng.alnum(64)
	}
	t.current = tok
	t.issued.add(tok, struct{}{}, now.Add(t.ttl), now)
	return tok, int64(t.ttl / time.Second)
}

// check returns 0 for a valid token, else WeCom's errcode.
func (t *tokens) check(tok string, now time.Time) int {
	if tok == "" {
		return codeTokenMissing
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	_, exp, ok := t.issued.get(tok)
	switch {
	case !ok:
		return codeInvalidToken
	case !now.Before(exp):
		return codeTokenExpired
	}
	return 0
}

// expireAll makes every token issued so far expired as of now.
func (t *tokens) expireAll(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.issued.expireAll(now)
}

func init() { addGroup(group[struct{}]{name: "token", routes: (*Server).tokenRoutes}) }

// tokenRoutes serves gettoken.
func (s *Server) tokenRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "gettoken", noAuth: true, handle: bound(s.getToken)},
	}
}

type getTokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

type getTokenRequest struct {
	CorpID     string `json:"corpid"`
	CorpSecret string `json:"corpsecret"`
}

// getToken serves GET /cgi-bin/gettoken?corpid=&corpsecret= (获取access_token).
func (s *Server) getToken(c *call, req *getTokenRequest) (any, error) {
	corpID, secret := req.CorpID, req.CorpSecret
	switch {
	case corpID == "":
		return nil, errCode(codeCorpIDMissing)
	case corpID != s.CorpID:
		return nil, errCode(codeInvalidCorpID)
	case secret == "":
		return nil, errCode(codeSecretMissing)
	case secret != s.Secret:
		return nil, errCode(codeInvalidSecret)
	}
	tok, exp := s.tokens.issue(c.now)
	return getTokenResponse{AccessToken: tok, ExpiresIn: exp}, nil
}
