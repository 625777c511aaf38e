package worktest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendWelcome(t *testing.T) {
	s := start(t)
	added, err := s.AddContact(context.Background(), AddContact{UserID: "lisi", State: "expo"})
	require.NoError(t, err)
	welcome := func(code string, content map[string]any) reply {
		body := map[string]any{"welcome_code": code}
		for k, v := range content {
			body[k] = v
		}
		return api(t, s, http.MethodPost, "externalcontact/send_welcome_msg", nil, mustJSON(t, body))
	}
	text := map[string]any{"text": map[string]string{"content": "你好，我是李四"}}

	r := welcome(added.WelcomeCode, map[string]any{})
	assert.Equal(t, 40058, r.ErrCode, "no content")
	r = welcome(added.WelcomeCode, map[string]any{"attachments": []any{map[string]any{"msgtype": "video", "video": map[string]string{"media_id": "3gone"}}}})
	assert.Equal(t, 40007, r.ErrCode, "an unknown media_id")
	s.Clock().Advance(WelcomeCodeTTL - time.Second)
	r = welcome(added.WelcomeCode, text)
	require.Equal(t, 0, r.ErrCode, "bad requests do not use the code up: %s", r.ErrMsg)
	assert.Equal(t, []WelcomeMessage{{WelcomeCode: added.WelcomeCode, UserID: "lisi", ExternalUserID: added.ExternalUserID,
		Text: &MsgText{Content: "你好，我是李四"}, SendTime: 1714528800 + 19}}, s.Messages().Welcomes())

	r = welcome(added.WelcomeCode, text)
	assert.Equal(t, 41051, r.ErrCode, "usable once")
	assert.Contains(t, r.ErrMsg, "externaluser has started chatting")

	late, err := s.AddContact(context.Background(), AddContact{UserID: "wangwu"})
	require.NoError(t, err)
	s.Clock().Advance(WelcomeCodeTTL)
	assert.Equal(t, 40058, welcome(late.WelcomeCode, text).ErrCode, "expired after 20 s")
	assert.Equal(t, 40058, welcome("NO_SUCH_CODE", text).ErrCode)
	assert.Equal(t, 40058, api(t, s, http.MethodPost, "externalcontact/send_welcome_msg", nil, `{"text":{"content":"x"}}`).ErrCode)
	assert.Len(t, s.Messages().Welcomes(), 1)
	assert.Len(t, s.Snapshot().WelcomeMessages, 1)
}
