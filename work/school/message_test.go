package school_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/school"
)

func TestIDsDecodeStringsAndNumbers(t *testing.T) {
	var r school.SendResponse
	require.NoError(t, json.Unmarshal([]byte(`{"invalid_party":[3,"4",12345678901]}`), &r))
	assert.Equal(t, school.IDs{"3", "4", "12345678901"}, r.InvalidParties)

	for _, bad := range []string{`{"invalid_party":[{}]}`, `{"invalid_party":"3"}`, `{"invalid_party":[true]}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &r), bad)
	}
}

func TestEnumStrings(t *testing.T) {
	assert.Equal(t, "parents and students", school.ToParentsAndStudents.String())
	assert.Equal(t, "RecvScope(7)", school.RecvScope(7).String())
	assert.Equal(t, "closed", school.SubscribeClosed.String())
	assert.Equal(t, "SubscribeMode(0)", school.SubscribeMode(0).String())
}
