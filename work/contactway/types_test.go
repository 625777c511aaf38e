package contactway_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
)

func TestEnumStrings(t *testing.T) {
	assert.Equal(t, "single", contactway.Single.String())
	assert.Equal(t, "multi", contactway.Multi.String())
	assert.Equal(t, "Type(7)", contactway.Type(7).String())
	assert.Equal(t, "miniprogram", contactway.SceneMiniProgram.String())
	assert.Equal(t, "qrcode", contactway.SceneQRCode.String())
	assert.Equal(t, "Scene(0)", contactway.Scene(0).String())
	assert.Equal(t, "qrcode", contactway.JoinSceneQRCode.String())
	assert.Equal(t, "miniprogram", contactway.JoinSceneMiniProgram.String())
	assert.Equal(t, "JoinScene(3)", contactway.JoinScene(3).String())
	assert.Equal(t, "room_base_name", contactway.FieldRoomBaseName.String())
}

// auto_create_room is 0/1 on the wire and a bool in Go, both ways.
func TestJoinWayAutoCreateRoomJSON(t *testing.T) {
	for _, tc := range []struct {
		wire string
		want bool
	}{{`0`, false}, {`1`, true}} {
		var w contactway.JoinWay
		require.NoError(t, json.Unmarshal([]byte(`{"config_id":"jw","scene":2,"auto_create_room":`+tc.wire+`,"chat_id_list":["wr1"]}`), &w))
		assert.Equal(t, tc.want, w.AutoCreateRoom)
		assert.Equal(t, "jw", w.ConfigID)
		b, err := json.Marshal(w)
		require.NoError(t, err)
		assert.JSONEq(t, `{"config_id":"jw","scene":2,"auto_create_room":`+tc.wire+`,"chat_id_list":["wr1"]}`, string(b))
	}
	var w contactway.JoinWay
	assert.Error(t, json.Unmarshal([]byte(`{"auto_create_room":"yes"}`), &w))
}

// Encoding an update neither changes the caller's request nor lets a later
// change of it alias the body.
func TestUpdateEncodingLeavesRequestAlone(t *testing.T) {
	req := contactway.UpdateRequest{ConfigID: "cw1", Users: []string{"zhangsan"}, Clear: []contactway.Field{contactway.FieldParty}}
	require.NoError(t, req.Validate())
	b, err := json.Marshal(req)
	require.NoError(t, err)
	assert.JSONEq(t, `{"config_id":"cw1","user":["zhangsan"],"party":[]}`, string(b))
	assert.Equal(t, contactway.UpdateRequest{ConfigID: "cw1", Users: []string{"zhangsan"}, Clear: []contactway.Field{contactway.FieldParty}}, req)
}

func TestListableSince(t *testing.T) {
	assert.Equal(t, int64(1625846400), contactway.ListableSince.Unix(), "2021-07-10 00:00 China time")
}

// The custom encodings write URLs as they are, like the core's codec.
func TestUpdateEncodingKeepsURLs(t *testing.T) {
	link := &content.Link{Title: "a<b", URL: "https://example.link.com/path?a=1&b=2"}
	b, err := core.StdCodec{}.Marshal(&contactway.UpdateRequest{ConfigID: "cw1", Conclusions: &contactway.Conclusions{Link: link}})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"url":"https://example.link.com/path?a=1&b=2"`)
	assert.Contains(t, string(b), `"title":"a<b"`)
	b, err = core.StdCodec{}.Marshal(&contactway.UpdateJoinWayRequest{ConfigID: "jw1", Scene: 2, ChatIDs: []string{"wr1"}, State: "a&b"})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"state":"a&b"`)
}
