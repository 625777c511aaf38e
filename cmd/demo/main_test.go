package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoRuns(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	s := out.String()
	assert.Contains(t, s, "members have 客户联系 enabled")
	assert.Contains(t, s, `remark of`)
	assert.Contains(t, s, `is now "VIP 客户"`)
	assert.Contains(t, s, "invalid argument: true")
	assert.Contains(t, s, "ErrInvalidExternalUserID: true")
	assert.Contains(t, s, "gettoken was called 1 time(s)")
}
