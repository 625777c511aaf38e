package worktest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// routeExceptions are the simulated paths the pinned catalogue
// (testdata/spec) does not list, or lists otherwise, with the reason.
var routeExceptions = map[string]string{
	"gettoken": "the token endpoint is not a 客户联系 endpoint; the catalogue lists the service's endpoints only",
	"service/externalcontact/finish_external_userid_migration": "a provider (service/…) path: the catalogue lists it as " +
		"externalcontact/finish_external_userid_migration, the path EasyWeChat and WxJava use, and notes the " +
		"service/ path of doc 95327, which the SDK and the simulator serve with a provider_access_token",
}

// TestRoutesMatchTheCatalogue checks every simulated route's method and
// path against the pinned catalogue on its own, without the SDK: a route
// the catalogue does not know, or knows with another method, fails unless
// routeExceptions says why.
func TestRoutesMatchTheCatalogue(t *testing.T) {
	cat := wiretest.Catalogue(t)
	used := map[string]bool{}
	n := 0
	for _, r := range Routes() {
		if strings.HasPrefix(r.Path, "demo/") {
			continue // the test binary's example groups
		}
		n++
		if _, ok := routeExceptions[r.Path]; ok {
			used[r.Path] = true
			continue
		}
		spec, ok := cat[r.Path]
		if !assert.True(t, ok, "%s %s is not in the catalogue", r.Method, r.Path) {
			continue
		}
		assert.Equal(t, spec.SpecMethod(), r.Method, "%s: the catalogue's method", r.Path)
	}
	assert.GreaterOrEqual(t, n, 39, "every group's routes are listed")
	for p := range routeExceptions {
		assert.True(t, used[p], "routeExceptions[%q] names no simulated route: remove it", p)
	}
}

func TestRoutesDescribeTheServedEndpoints(t *testing.T) {
	s := start(t)
	byPath := map[string]RouteInfo{}
	for _, r := range Routes() {
		byPath[r.Path] = r
	}
	require.Len(t, byPath, len(s.routes), "one entry per route")
	for p, rt := range s.routes {
		r := byPath[p]
		assert.Equal(t, rt.method, r.Method, p)
		assert.Equal(t, rt.write, r.Write, p)
	}
	assert.Equal(t, RouteInfo{Method: http.MethodGet, Path: "gettoken", Group: "token"}, byPath["gettoken"])
	assert.Equal(t, RouteInfo{Method: http.MethodPost, Path: "externalcontact/remark", Group: "customer", Write: true,
		TokenParam: "access_token"}, byPath["externalcontact/remark"])
	assert.Equal(t, "provider_access_token", byPath["service/externalcontact/finish_external_userid_migration"].TokenParam)
	assert.Equal(t, "suite_access_token", byPath["service/externalcontact/unionid_to_external_userid_3rd"].TokenParam)
	assert.False(t, byPath["externalcontact/get"].Write)
}
