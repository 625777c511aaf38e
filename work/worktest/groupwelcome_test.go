package worktest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupWelcomeTemplates(t *testing.T) {
	s := start(t)
	img, err := s.Media().Add("image", "cover.jpg")
	require.NoError(t, err)
	call := func(op string, body any) reply {
		return api(t, s, http.MethodPost, "externalcontact/group_welcome_template/"+op, nil, mustJSON(t, body))
	}
	r := call("add", map[string]any{"text": map[string]string{"content": "欢迎 %NICKNAME%"},
		"image": map[string]string{"media_id": img}, "link": map[string]string{"title": "t", "url": "https://x"}, "notify": 0})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var added struct {
		TemplateID string `json:"template_id"`
	}
	r.decode(t, &added)
	require.NotEmpty(t, added.TemplateID)

	r = call("get", map[string]string{"template_id": added.TemplateID})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","text":{"content":"欢迎 %NICKNAME%"},"image":{"media_id":"`+img+`"}}`, string(r.Body),
		"the image wins over the link")
	tpl := s.Snapshot().GroupWelcomeTemplates[0]
	assert.False(t, tpl.Notify)
	assert.Equal(t, int64(1714528800), tpl.CreateTime)

	r = call("edit", map[string]any{"template_id": added.TemplateID, "link": map[string]string{"title": "新品", "url": "https://example.com/new"}})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	r = call("get", map[string]string{"template_id": added.TemplateID})
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","text":{"content":"欢迎 %NICKNAME%"},"link":{"title":"新品","url":"https://example.com/new"}}`, string(r.Body),
		"the new part replaces the old, the text stays")

	assert.Equal(t, 40058, call("add", map[string]any{}).ErrCode, "empty")
	assert.Equal(t, 40058, call("add", map[string]any{"link": map[string]string{"title": "t"}}).ErrCode, "link without url")
	assert.Equal(t, 40007, call("add", map[string]any{"file": map[string]string{"media_id": "3none"}}).ErrCode)
	assert.Equal(t, 40058, call("get", map[string]string{"template_id": "msgNope"}).ErrCode)
	assert.Equal(t, 40058, call("edit", map[string]any{"text": map[string]string{"content": "x"}}).ErrCode, "template_id is required")

	require.Equal(t, 0, call("del", map[string]string{"template_id": added.TemplateID}).ErrCode)
	assert.Equal(t, 40058, call("get", map[string]string{"template_id": added.TemplateID}).ErrCode, "deleted")

	for i := 0; i < 100; i++ {
		require.Equal(t, 0, call("add", map[string]any{"text": map[string]string{"content": "t"}}).ErrCode, "template %d", i+1)
	}
	r = call("add", map[string]any{"text": map[string]string{"content": "one too many"}})
	assert.Equal(t, 40058, r.ErrCode)
	assert.Contains(t, r.ErrMsg, "at most 100")
}

// Only the app that created a template may change it.
func TestGroupWelcomeTemplateOwner(t *testing.T) {
	d := start(t).Snapshot()
	d.GroupWelcomeTemplates = []GroupWelcomeTemplate{{TemplateID: "msgOtherApp", Text: &MsgText{Content: "x"}, CreatedByApp: "other-app"}}
	s := start(t, WithData(d))
	r := api(t, s, http.MethodPost, "externalcontact/group_welcome_template/get", nil, `{"template_id":"msgOtherApp"}`)
	assert.Equal(t, 0, r.ErrCode, "readable")
	r = api(t, s, http.MethodPost, "externalcontact/group_welcome_template/edit", nil, `{"template_id":"msgOtherApp","text":{"content":"y"}}`)
	assert.Equal(t, 48002, r.ErrCode)
	r = api(t, s, http.MethodPost, "externalcontact/group_welcome_template/del", nil, `{"template_id":"msgOtherApp"}`)
	assert.Equal(t, 48002, r.ErrCode)
}
