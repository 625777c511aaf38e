package worktest

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Fidelity scenarios of the 「联系我」 and 「加入群聊」 groups
// (fidelity_test.go).

// fidelityWay makes a 「联系我」 way through add_contact_way and returns
// its config_id.
func fidelityWay(t *testing.T, f *fidelity, body map[string]any) string {
	t.Helper()
	var out struct {
		ConfigID string `json:"config_id"`
	}
	r := apiWith(t, f.s, f.tok, http.MethodPost, "externalcontact/add_contact_way", nil, mustJSON(t, body))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	r.decode(t, &out)
	return out.ConfigID
}

// fidelityTempWay is a temporary way with every field get_contact_way
// answers: a unionid, conclusions with text, an image, a link and a
// mini-program.
func fidelityTempWay(f *fidelity) map[string]any {
	users := activeMembers(f.d)
	return map[string]any{"type": 1, "scene": 2, "style": 1, "remark": "渠道客户", "skip_verify": true, "state": "teststate",
		"user": users[:1], "is_temp": true, "expires_in": 86400, "chat_expires_in": 86400, "unionid": "oxTWIuGaIt6gTKsQRLau2M0AAAA",
		"conclusions": map[string]any{
			"text":  map[string]any{"content": "文本消息内容"},
			"image": map[string]any{"media_id": "MEDIA_ID"},
			"link":  map[string]any{"title": "消息标题", "picurl": "https://example.com/1.png", "desc": "消息描述", "url": "https://example.com"},
			"miniprogram": map[string]any{"title": "消息标题", "pic_media_id": "MEDIA_ID", "appid": "wx8bd80126147dfAAA",
				"page": "/path/index.html"},
		}}
}

func init() {
	const cw = "externalcontact/"
	addFidelity(cw+"add_contact_way", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, cw+"add_contact_way", map[string]any{"type": 1, "scene": 2, "user": activeMembers(f.d)[:1]})}
	})
	addFidelity(cw+"get_contact_way", func(t *testing.T, f *fidelity) [][]byte {
		users := activeMembers(f.d)
		multi := fidelityWay(t, f, map[string]any{"type": 2, "scene": 2, "user": users[:2], "party": []int{1}})
		temp := fidelityWay(t, f, fidelityTempWay(f))
		return [][]byte{f.post(t, cw+"get_contact_way", map[string]any{"config_id": multi}),
			f.post(t, cw+"get_contact_way", map[string]any{"config_id": temp})}
	})
	addFidelity(cw+"list_contact_way", func(t *testing.T, f *fidelity) [][]byte {
		for i := 0; i < 2; i++ {
			fidelityWay(t, f, map[string]any{"type": 1, "scene": 1, "user": activeMembers(f.d)[:1]})
		}
		return [][]byte{f.post(t, cw+"list_contact_way", map[string]any{"limit": 1})}
	})
	addFidelity(cw+"update_contact_way", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityWay(t, f, map[string]any{"type": 1, "scene": 1, "user": activeMembers(f.d)[:1]})
		return [][]byte{f.post(t, cw+"update_contact_way", map[string]any{"config_id": id, "remark": "改备注"})}
	})
	addFidelity(cw+"del_contact_way", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityWay(t, f, map[string]any{"type": 1, "scene": 1, "user": activeMembers(f.d)[:1]})
		return [][]byte{f.post(t, cw+"del_contact_way", map[string]any{"config_id": id})}
	})
	addFidelity(cw+"close_temp_chat", func(t *testing.T, f *fidelity) [][]byte {
		user := activeMembers(f.d)[1]
		id := fidelityWay(t, f, map[string]any{"type": 1, "scene": 2, "user": []string{user}, "is_temp": true})
		added, err := f.s.ContactWays().Scan(context.Background(), id, AddContact{})
		require.NoError(t, err)
		return [][]byte{f.post(t, cw+"close_temp_chat", map[string]any{"userid": user, "external_userid": added.ExternalUserID})}
	})
	fidelityGroups["contact_way"] = true
}

// fidelityJoinWay makes a 「加入群聊」 way with every field get_join_way
// answers and returns its config_id.
func fidelityJoinWay(t *testing.T, f *fidelity) string {
	t.Helper()
	var out struct {
		ConfigID string `json:"config_id"`
	}
	r := apiWith(t, f.s, f.tok, http.MethodPost, "externalcontact/groupchat/add_join_way", nil, mustJSON(t, map[string]any{
		"scene": 2, "remark": "aa_remark", "auto_create_room": 1, "room_base_name": "销售客服群", "room_base_id": 10,
		"chat_id_list": []string{f.d.GroupChats[0].ChatID}, "state": "klsdup3kj3s1"}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	r.decode(t, &out)
	return out.ConfigID
}

func init() {
	const jw = "externalcontact/groupchat/"
	addFidelity(jw+"add_join_way", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, jw+"add_join_way", map[string]any{"scene": 1, "chat_id_list": []string{f.d.GroupChats[0].ChatID}})}
	})
	addFidelity(jw+"get_join_way", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, jw+"get_join_way", map[string]any{"config_id": fidelityJoinWay(t, f)})}
	})
	addFidelity(jw+"update_join_way", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, jw+"update_join_way", map[string]any{"config_id": fidelityJoinWay(t, f), "scene": 2,
			"chat_id_list": []string{f.d.GroupChats[1].ChatID}})}
	})
	addFidelity(jw+"del_join_way", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, jw+"del_join_way", map[string]any{"config_id": fidelityJoinWay(t, f)})}
	})
	fidelityGroups["join_way"] = true
}
