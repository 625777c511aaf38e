package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWays(t *testing.T) {
	s := sim(t)
	vars := simEnv(s)

	r := wecom(t, vars, "", "ways", "create", "--users", "zhangsan", "--state", "poster-2024", "--remark", "海报")
	require.Equal(t, 0, r.code, r.stderr)
	m := regexp.MustCompile(`^config_id: (\S+)\nqr_code:   (\S+)\n$`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	qr := m[1]
	var sent map[string]any
	for _, req := range s.Requests() {
		if req.Path == "externalcontact/add_contact_way" {
			require.NoError(t, json.Unmarshal(req.Body, &sent))
		}
	}
	assert.Equal(t, map[string]any{"type": 1.0, "scene": 2.0, "user": []any{"zhangsan"}, "state": "poster-2024", "remark": "海报"}, sent)

	r = wecom(t, vars, "", "ways", "create", "--type", "2", "--scene", "1", "--style", "2", "--users", "lisi,wangwu", "--verify")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^config_id: \S+\n$`, r.stdout, "a mini-program way has no QR code")
	multi := strings.TrimSpace(strings.TrimPrefix(r.stdout, "config_id:"))

	r = wecom(t, vars, "", "ways", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, qr+"\n"+multi+"\n", r.stdout)

	r = wecom(t, vars, "", "ways", "get", multi)
	require.Equal(t, 0, r.code, r.stderr)
	golden(t, "ways_get.json", r.stdout)
	var way map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &way))
	assert.Equal(t, false, way["skip_verify"], "--verify")
	assert.Equal(t, []any{"lisi", "wangwu"}, way["user"])

	r = wecom(t, vars, "", "ways", "delete", qr)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "deleted "+qr+"\n", r.stdout)
	r = wecom(t, vars, "", "ways", "list")
	assert.Equal(t, multi+"\n", r.stdout)
	r = wecom(t, vars, "", "ways", "get", qr)
	assert.Equal(t, 1, r.code)
	assert.Regexp(t, `^wecom: externalcontact/get_contact_way: errcode \d+: `, r.stderr)

	// Bad arguments never reach WeCom.
	s.ResetLog()
	for _, args := range [][]string{
		{"ways", "create"},
		{"ways", "create", "--type", "1", "--users", "a,b"},
		{"ways", "create", "--type", "3", "--users", "a"},
		{"ways", "create", "--scene", "0", "--users", "a"},
		{"ways", "create", "--users", "a", "--state", "0123456789012345678901234567890"},
		{"ways", "create", "--type", "2", "--parties", "x"},
		{"ways", "list", "--limit", "1001"},
		{"ways", "get"},
		{"ways", "delete", "a", "b"},
	} {
		r := wecom(t, vars, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%v: one line", args)
	}
	assert.Zero(t, s.Count(""), "nothing sent, not even gettoken")
}
