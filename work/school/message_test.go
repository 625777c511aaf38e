package school_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
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

// A notice is never sent again, not even after errcode -1 (系统繁忙), which
// a write would retry: the error says the outcome is unknown.
func TestSendIsNeverRepeated(t *testing.T) {
	s := wiretest.NewServer(t)
	s.Handle("externalcontact/message/send", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
	})
	_, err := school.New(s.Core()).SendMessage(context.Background(), &school.MessageRequest{AgentID: 1, ToAll: true, Message: school.NewText("x")})
	require.Error(t, err)
	assert.ErrorIs(t, err, core.ErrUnknownOutcome)
	assert.ErrorIs(t, err, core.ErrSystemBusy)
	assert.EqualValues(t, 1, s.Requests.Load(), "sent once")

	var classes []core.Class
	for _, ep := range school.Endpoints() {
		if ep.Path == "externalcontact/message/send" {
			classes = append(classes, ep.Class)
		}
	}
	assert.Equal(t, []core.Class{core.ClassSendOnce}, classes)
}
