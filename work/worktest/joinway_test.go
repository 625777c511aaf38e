package worktest

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

func joinAPI(t *testing.T, s *Server, tok, path, body string) reply {
	t.Helper()
	return apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/"+path, nil, body)
}

func createJoinWay(t *testing.T, s *Server, tok, body string) string {
	t.Helper()
	r := joinAPI(t, s, tok, "add_join_way", body)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		ConfigID string `json:"config_id"`
	}
	r.decode(t, &out)
	return out.ConfigID
}

func getJoinWay(t *testing.T, s *Server, tok, id string) map[string]any {
	t.Helper()
	r := joinAPI(t, s, tok, "get_join_way", `{"config_id":"`+id+`"}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		JoinWay map[string]any `json:"join_way"`
	}
	r.decode(t, &out)
	return out.JoinWay
}

func TestJoinWayEndpoints(t *testing.T) {
	s := start(t, WithSeed(31), WithGroupChats(7))
	tok := token(t, s)
	chats := s.Snapshot().GroupChats
	a, b := chats[0].ChatID, chats[1].ChatID

	r := joinAPI(t, s, tok, "add_join_way", `{"scene":2,"remark":"aa_remark","room_base_name":"销售客服群","room_base_id":10,
		"chat_id_list":["`+a+`","`+b+`"],"state":"klsdup3kj3s1"}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.NotContains(t, string(r.Body), "qr_code", "add_join_way answers the config_id only")
	var created struct {
		ConfigID string `json:"config_id"`
	}
	r.decode(t, &created)
	id := created.ConfigID
	assert.Regexp(t, `^jw[0-9A-Za-z]{30}$`, id)
	got := getJoinWay(t, s, tok, id)
	assert.Regexp(t, `^https://wework\.qpic\.cn/wwpic/\w{30}/0$`, got["qr_code"])
	delete(got, "qr_code")
	assert.Equal(t, map[string]any{"config_id": id, "scene": 2.0, "remark": "aa_remark", "auto_create_room": 1.0,
		"room_base_name": "销售客服群", "room_base_id": 10.0, "chat_id_list": []any{a, b}, "state": "klsdup3kj3s1",
		"mark_source": true}, got, "auto_create_room and mark_source default to 1 and true")

	mp := createJoinWay(t, s, tok, `{"scene":1,"auto_create_room":0,"chat_id_list":["`+a+`"],"mark_source":false}`)
	got = getJoinWay(t, s, tok, mp)
	assert.NotContains(t, got, "qr_code", "a mini-program plugin has no QR code")
	assert.Equal(t, 0.0, got["auto_create_room"])
	assert.Equal(t, false, got["mark_source"])

	before := s.Snapshot()
	six := `"` + strings.Join([]string{a, b, chats[2].ChatID, chats[3].ChatID, chats[4].ChatID, chats[5].ChatID}, `","`) + `"`
	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"no scene":               {`{"chat_id_list":["` + a + `"]}`, 40058},
		"bad scene":              {`{"scene":3,"chat_id_list":["` + a + `"]}`, 40058},
		"no chats":               {`{"scene":2}`, 40058},
		"six chats":              {`{"scene":2,"chat_id_list":[` + six + `]}`, 40058},
		"a chat twice":           {`{"scene":2,"chat_id_list":["` + a + `","` + a + `"]}`, 40058},
		"unknown chat":           {`{"scene":2,"chat_id_list":["wrNOSUCHCHAT"]}`, 40050},
		"remark over 30":         {`{"scene":2,"chat_id_list":["` + a + `"],"remark":"` + strings.Repeat("r", 31) + `"}`, 40058},
		"state over 30":          {`{"scene":2,"chat_id_list":["` + a + `"],"state":"` + strings.Repeat("s", 31) + `"}`, 40058},
		"room name over 40":      {`{"scene":2,"chat_id_list":["` + a + `"],"room_base_name":"` + strings.Repeat("群", 41) + `"}`, 40058},
		"room name without auto": {`{"scene":2,"auto_create_room":0,"chat_id_list":["` + a + `"],"room_base_name":"群"}`, 40058},
		"room id without auto":   {`{"scene":2,"auto_create_room":0,"chat_id_list":["` + a + `"],"room_base_id":3}`, 40058},
		"auto 2":                 {`{"scene":2,"auto_create_room":2,"chat_id_list":["` + a + `"]}`, 40058},
	} {
		r := joinAPI(t, s, tok, "add_join_way", tc.body)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	assert.Equal(t, before, s.Snapshot(), "failed calls create nothing")

	// update_join_way overwrites what it is sent, keeps what it is not;
	// scene and chat_id_list are required every time.
	update := func(body string) reply {
		return joinAPI(t, s, tok, "update_join_way", `{"config_id":"`+id+`",`+body+`}`)
	}
	require.Equal(t, 0, update(`"scene":2,"chat_id_list":["`+b+`"],"remark":"bb_remark"`).ErrCode)
	got = getJoinWay(t, s, tok, id)
	assert.Equal(t, "bb_remark", got["remark"])
	assert.Equal(t, []any{b}, got["chat_id_list"])
	assert.Equal(t, "klsdup3kj3s1", got["state"], "left out: kept")
	assert.Equal(t, "销售客服群", got["room_base_name"], "left out: kept")
	require.Equal(t, 0, update(`"scene":2,"chat_id_list":["`+b+`"],"state":"","room_base_name":""`).ErrCode)
	got = getJoinWay(t, s, tok, id)
	assert.Equal(t, "", got["state"], "sent empty: cleared")
	assert.Equal(t, "", got["room_base_name"])
	assert.Equal(t, "bb_remark", got["remark"])
	assert.Equal(t, 40058, update(`"chat_id_list":["`+b+`"]`).ErrCode, "scene is required")
	assert.Equal(t, 40058, update(`"scene":2`).ErrCode, "chat_id_list is required")
	assert.Equal(t, 40058, update(`"scene":2,"chat_id_list":["`+b+`"],"auto_create_room":0,"room_base_id":4`).ErrCode)
	assert.Equal(t, 40050, update(`"scene":2,"chat_id_list":["wrGONE"]`).ErrCode)
	assert.Equal(t, 40058, joinAPI(t, s, tok, "update_join_way", `{"config_id":"jwNOSUCH","scene":2,"chat_id_list":["`+b+`"]}`).ErrCode)

	require.Equal(t, 0, joinAPI(t, s, tok, "del_join_way", `{"config_id":"`+id+`"}`).ErrCode)
	assert.Equal(t, 40058, joinAPI(t, s, tok, "get_join_way", `{"config_id":"`+id+`"}`).ErrCode)
	assert.Equal(t, 40058, joinAPI(t, s, tok, "del_join_way", `{"config_id":"`+id+`"}`).ErrCode)
	assert.Equal(t, 40058, joinAPI(t, s, tok, "get_join_way", `{}`).ErrCode)

	// Another app's join way cannot be changed; a fixture's round-trips.
	d := s.Snapshot()
	d.JoinWays[0].CreatedByApp = "other-app"
	s2 := start(t, WithData(d))
	assert.Equal(t, d.JoinWays, s2.Snapshot().JoinWays)
	tok2 := token(t, s2)
	assert.Equal(t, 48002, joinAPI(t, s2, tok2, "del_join_way", `{"config_id":"`+mp+`"}`).ErrCode)
	d.JoinWays[0].ChatIDList = []string{"wrNOTACHAT"}
	_, err := New(WithData(d))
	assert.ErrorContains(t, err, "unknown chat")
}

func TestJoinThroughWay(t *testing.T) {
	s := start(t, WithSeed(32), WithGroupChats(3))
	tok := token(t, s)
	ctx := context.Background()
	chats := s.Snapshot().GroupChats
	first, second := chats[0], chats[1]
	id := createJoinWay(t, s, tok, `{"scene":2,"room_base_name":"销售客服群","room_base_id":10,
		"chat_id_list":["`+first.ChatID+`","`+second.ChatID+`"],"state":"spring"}`)

	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	joined, err := s.JoinWays().Join(ctx, id, JoinChat{Name: "进群客户"})
	require.NoError(t, err)
	assert.Equal(t, first.ChatID, joined.ChatID)
	assert.False(t, joined.Created)
	assert.Equal(t, "spring", joined.State)

	// groupchat/get shows the member with the join scene and the state.
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/get", nil, `{"chat_id":"`+first.ChatID+`"}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var got struct {
		GroupChat groupChatOut `json:"group_chat"`
	}
	r.decode(t, &got)
	last := got.GroupChat.Members[len(got.GroupChat.Members)-1]
	assert.Equal(t, joined.ExternalUserID, last.UserID)
	assert.Equal(t, ChatMemberExternal, last.Type)
	assert.Equal(t, 3, last.JoinScene, "通过扫描群二维码入群")
	assert.Equal(t, "spring", last.State)
	assert.Equal(t, DefaultStart.Unix(), last.JoinTime)
	assert.NotEqual(t, first.MemberVersion, got.GroupChat.MemberVersion)

	_, events, _ := rc.snapshot()
	require.Len(t, events, 1)
	e, ok := events[0].Typed.(*callback.ExternalChatUpdateEvent)
	require.True(t, ok, "got %T", events[0].Typed)
	assert.Equal(t, first.ChatID, e.ChatID)
	assert.Equal(t, callback.UpdateAddMember, e.UpdateDetail)
	assert.Equal(t, callback.JoinByQRCode, e.JoinScene)
	assert.Equal(t, 1, e.MemChangeCnt)
	assert.Equal(t, []string{joined.ExternalUserID}, e.MemChangeList)
	assert.Equal(t, first.MemberVersion, e.LastMemVer)
	assert.Equal(t, got.GroupChat.MemberVersion, e.CurMemVer)

	_, err = s.JoinWays().Join(ctx, id, JoinChat{ExternalUserID: joined.ExternalUserID})
	assert.ErrorContains(t, err, "already in chat")
	_, err = s.JoinWays().Join(ctx, "jwNOSUCH", JoinChat{})
	assert.ErrorContains(t, err, "no join way")
	_, err = s.JoinWays().Join(ctx, id, JoinChat{ExternalUserID: "xxBAD"})
	assert.ErrorContains(t, err, "must start with wm or wo")

	// Fill both chats to 200 (without the callback, for speed): the next
	// customer gets a new chat named from room_base_name and room_base_id.
	require.NoError(t, s.SetCallback(CallbackConfig{}))
	fill := func(chatID string) {
		n := 0
		for _, c := range s.Snapshot().GroupChats {
			if c.ChatID == chatID {
				n = len(c.Members)
			}
		}
		for ; n < maxChatMembers; n++ {
			j, err := s.JoinWays().Join(ctx, id, JoinChat{})
			require.NoError(t, err)
			require.Equal(t, chatID, j.ChatID, "the first chat with room")
		}
	}
	fill(first.ChatID)
	fill(second.ChatID)
	connectCB(t, s, rc)
	nChats := len(s.Snapshot().GroupChats)
	made, err := s.JoinWays().Join(ctx, id, JoinChat{})
	require.NoError(t, err)
	assert.True(t, made.Created)
	d := s.Snapshot()
	require.Len(t, d.GroupChats, nChats+1)
	newChat := d.GroupChats[nChats]
	assert.Equal(t, made.ChatID, newChat.ChatID)
	assert.Equal(t, "销售客服群10", newChat.Name)
	assert.Equal(t, second.Owner, newChat.Owner, "owned by the owner of the way's last chat")
	require.Len(t, newChat.Members, 2, "the owner and the customer")
	assert.Equal(t, "spring", newChat.Members[1].State)
	w, _ := s.JoinWays().Get(id)
	assert.Equal(t, []string{made.ChatID}, w.AutoChats)
	assert.Equal(t, []string{first.ChatID, second.ChatID}, w.ChatIDList, "the configured chats stay as they are")

	_, events, _ = rc.snapshot()
	require.Len(t, events, 3, "create, then add_member")
	_, isCreate := events[1].Typed.(*callback.ExternalChatCreateEvent)
	assert.True(t, isCreate, "got %T", events[1].Typed)
	upd, ok := events[2].Typed.(*callback.ExternalChatUpdateEvent)
	require.True(t, ok)
	assert.Equal(t, made.ChatID, upd.ChatID)

	again, err := s.JoinWays().Join(ctx, id, JoinChat{})
	require.NoError(t, err)
	assert.Equal(t, made.ChatID, again.ChatID, "the new chat has room")
	assert.False(t, again.Created)

	// Without auto_create_room, a way whose chats are full turns customers away.
	noAuto := createJoinWay(t, s, tok, `{"scene":2,"auto_create_room":0,"chat_id_list":["`+first.ChatID+`"]}`)
	_, err = s.JoinWays().Join(ctx, noAuto, JoinChat{})
	assert.ErrorContains(t, err, "is full")
}

// Join emits its events through the outbox: a refused create does not
// keep the update from being delivered, and Join returns the refusal.
func TestJoinEventsAfterARefusal(t *testing.T) {
	s := start(t, WithSeed(33), WithGroupChats(1))
	tok := token(t, s)
	ctx := context.Background()
	chat := s.Snapshot().GroupChats[0]
	id := createJoinWay(t, s, tok, `{"scene":2,"auto_create_room":1,"room_base_name":"新群","chat_id_list":["`+chat.ChatID+`"]}`)
	for n := len(chat.Members); n < maxChatMembers; n++ { // no callback yet
		_, err := s.JoinWays().Join(ctx, id, JoinChat{})
		require.NoError(t, err)
	}
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	s.Events().Reset()
	rc.failFn = 1 + DefaultCallbackRetries // every attempt at the first event
	made, err := s.JoinWays().Join(ctx, id, JoinChat{})
	var de *DeliveryError
	require.ErrorAs(t, err, &de)
	require.NotNil(t, made)
	assert.True(t, made.Created)

	log := s.Events().List()
	require.Len(t, log, 2)
	assert.Equal(t, []string{"create", "update"}, []string{log[0].ChangeType, log[1].ChangeType})
	assert.False(t, log[0].Delivered)
	assert.True(t, log[1].Delivered)
	assert.Contains(t, log[1].XML, "<MemChangeList><Item>"+made.ExternalUserID+"</Item></MemChangeList>")
	_, events, _ := rc.snapshot()
	require.Len(t, events, 1)
	upd, ok := events[0].Typed.(*callback.ExternalChatUpdateEvent)
	require.True(t, ok, "got %T", events[0].Typed)
	assert.Equal(t, made.ChatID, upd.ChatID)
	assert.Equal(t, []string{made.ExternalUserID}, upd.MemChangeList)
}
