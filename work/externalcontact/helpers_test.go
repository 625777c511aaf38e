package externalcontact

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire tests are one wiretest.Suite (wire_test.go) fed by the
// cases_<group>_test.go files. The tests beside them cover what a row
// cannot: iterators across pages, overwrite semantics, flows, token kinds.

var bg = context.Background()

// okReply is WeCom's answer to a call that returns nothing but errcode.
const okReply = `{"errcode":0,"errmsg":"ok"}`

// setup starts a harness server and returns a client on it (every token
// kind configured, three attempts per call).
func setup(t *testing.T) (*Client, *wiretest.Server) {
	t.Helper()
	s := wiretest.NewServer(t)
	return New(s.Core()), s
}

// fixture returns testdata/externalcontact/<name>.json.
func fixture(t *testing.T, name string) string {
	t.Helper()
	return wiretest.Fixture(t, "externalcontact", name)
}

// ids returns n ids prefix000, prefix001, ...
func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	return out
}

// itemResult is a per-item outcome as WeCom reports it.
func itemResult(code int, msg string) core.ItemResult {
	return core.ItemResult{ErrCode: code, ErrMsg: msg}
}

// jsonList is ids as a JSON array.
func jsonList(ids []string) string {
	b, _ := json.Marshal(ids) // a []string always encodes
	return string(b)
}

// assertAPIError checks that err is an *core.APIError with code on path.
func assertAPIError(t *testing.T, err error, code int, path string) {
	t.Helper()
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, code, ae.Code)
	assert.Equal(t, path, ae.Path)
}
