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

func TestDemoCoversEveryArea(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	s := out.String()
	for _, want := range []string{
		"now carries 续费意向/高",
		"resigned members have customers waiting",
		"after the takeover: completed=",
		"group chats in all",
		`event add_external_contact:`,
		`via channel "spring-poster"`,
	} {
		assert.Contains(t, s, want)
	}
}
