package worktest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// way calls a contact-way endpoint and returns the answer.
func way(t *testing.T, s *Server, tok, path, body string) reply {
	t.Helper()
	return apiWith(t, s, tok, http.MethodPost, "externalcontact/"+path, nil, body)
}

// createWay makes a way through add_contact_way and returns its config_id.
func createWay(t *testing.T, s *Server, tok, body string) string {
	t.Helper()
	r := way(t, s, tok, "add_contact_way", body)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		ConfigID string `json:"config_id"`
	}
	r.decode(t, &out)
	require.NotEmpty(t, out.ConfigID)
	return out.ConfigID
}

// getWay returns get_contact_way's contact_way object as a map.
func getWay(t *testing.T, s *Server, tok, id string) map[string]any {
	t.Helper()
	r := way(t, s, tok, "get_contact_way", `{"config_id":"`+id+`"}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		ContactWay map[string]any `json:"contact_way"`
	}
	r.decode(t, &out)
	return out.ContactWay
}

func TestContactWayCreateAndGet(t *testing.T) {
	s := start(t, WithSeed(21))
	tok := token(t, s)

	r := way(t, s, tok, "add_contact_way", `{"type":1,"scene":2,"remark":"展会","state":"expo","user":["zhangsan"]}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var created struct {
		ConfigID string `json:"config_id"`
		QRCode   string `json:"qr_code"`
	}
	r.decode(t, &created)
	assert.Regexp(t, `^cw[0-9A-Za-z]{30}$`, created.ConfigID)
	assert.Regexp(t, `^https://wework\.qpic\.cn/wwpic/[0-9A-Za-z]{30}/0$`, created.QRCode)
	assert.Equal(t, map[string]any{"config_id": created.ConfigID, "type": 1.0, "scene": 2.0, "remark": "展会",
		"skip_verify": true, "state": "expo", "qr_code": created.QRCode, "user": []any{"zhangsan"}, "party": []any{},
		"is_temp": false, "is_exclusive": false, "mark_source": true}, getWay(t, s, tok, created.ConfigID),
		"WeCom's defaults: skip_verify and mark_source true")

	r = way(t, s, tok, "add_contact_way", `{"type":2,"scene":1,"style":2,"skip_verify":false,"user":["lisi","wangwu"],
		"party":[2,3],"is_exclusive":true,"mark_source":false}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.NotContains(t, string(r.Body), "qr_code", "a mini-program way has no QR code")
	var mp struct {
		ConfigID string `json:"config_id"`
	}
	r.decode(t, &mp)
	got := getWay(t, s, tok, mp.ConfigID)
	assert.Equal(t, []any{2.0, 3.0}, got["party"])
	assert.Equal(t, false, got["skip_verify"])
	assert.Equal(t, true, got["is_exclusive"])
	assert.Equal(t, false, got["mark_source"])
	assert.Equal(t, 2.0, got["style"])

	// A temporary way: defaults for its validity, the conclusions image
	// answered as a pic_url.
	id := createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"unionid":"ozUNION",
		"conclusions":{"text":{"content":"再见"},"image":{"media_id":"MEDIA_ID"}}}`)
	got = getWay(t, s, tok, id)
	assert.Equal(t, true, got["is_temp"])
	assert.Equal(t, float64(7*24*3600), got["expires_in"])
	assert.Equal(t, float64(24*3600), got["chat_expires_in"])
	assert.Equal(t, "ozUNION", got["unionid"])
	conc := got["conclusions"].(map[string]any)
	assert.Equal(t, map[string]any{"content": "再见"}, conc["text"])
	assert.Regexp(t, `^https://wework\.qpic\.cn/wwpic/\w+/0$`, conc["image"].(map[string]any)["pic_url"])
	assert.NotContains(t, conc["image"], "media_id")

	before := s.Snapshot()
	long := strings.Repeat("渠", 31)
	for name, body := range map[string]string{
		"no type":                      `{"scene":2,"user":["zhangsan"]}`,
		"no scene":                     `{"type":1,"user":["zhangsan"]}`,
		"bad type":                     `{"type":3,"scene":2,"user":["zhangsan"]}`,
		"single, two users":            `{"type":1,"scene":2,"user":["zhangsan","lisi"]}`,
		"single with party":            `{"type":1,"scene":2,"user":["zhangsan"],"party":[2]}`,
		"multi, nobody":                `{"type":2,"scene":2}`,
		"unknown member":               `{"type":1,"scene":2,"user":["ghost"]}`,
		"resigned member":              `{"type":1,"scene":2,"user":["qianduo"]}`,
		"no 客户联系":                      `{"type":1,"scene":2,"user":["` + NoContactMember + `"]}`,
		"party 0":                      `{"type":2,"scene":2,"party":[0]}`,
		"state over 30":                `{"type":1,"scene":2,"user":["zhangsan"],"state":"` + long + `"}`,
		"remark over 30":               `{"type":1,"scene":2,"user":["zhangsan"],"remark":"` + long + `"}`,
		"expires_in without is_temp":   `{"type":1,"scene":2,"user":["zhangsan"],"expires_in":60}`,
		"unionid without is_temp":      `{"type":1,"scene":2,"user":["zhangsan"],"unionid":"oz"}`,
		"conclusions without is_temp":  `{"type":1,"scene":2,"user":["zhangsan"],"conclusions":{"text":{"content":"x"}}}`,
		"temporary multi":              `{"type":2,"scene":2,"user":["zhangsan"],"is_temp":true}`,
		"expires_in over 14 days":      `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"expires_in":1209601}`,
		"chat_expires_in over 14 days": `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"chat_expires_in":1209601}`,
		"empty conclusions":            `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"conclusions":{}}`,
		"link without url":             `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"conclusions":{"link":{"title":"t"}}}`,
	} {
		r := way(t, s, tok, "add_contact_way", body)
		assert.Equal(t, 40058, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	assert.Equal(t, 47001, way(t, s, tok, "add_contact_way", `{"type":"1","scene":2}`).ErrCode, "a string for an int")
	assert.Equal(t, before, s.Snapshot(), "failed calls create nothing")

	assert.Equal(t, 40058, way(t, s, tok, "get_contact_way", `{}`).ErrCode, "config_id is required")
	assert.Equal(t, 40058, way(t, s, tok, "get_contact_way", `{"config_id":"cwNOSUCHWAY"}`).ErrCode)
}

func TestContactWayUpdateOverwrites(t *testing.T) {
	s := start(t, WithSeed(22))
	tok := token(t, s)
	id := createWay(t, s, tok, `{"type":2,"scene":2,"remark":"渠道客户","state":"expo","user":["zhangsan","lisi"],"party":[2]}`)
	update := func(body string) reply {
		return way(t, s, tok, "update_contact_way", `{"config_id":"`+id+`",`+body+`}`)
	}

	// A field left out keeps its value.
	require.Equal(t, 0, update(`"remark":"新渠道"`).ErrCode)
	got := getWay(t, s, tok, id)
	assert.Equal(t, "新渠道", got["remark"])
	assert.Equal(t, "expo", got["state"], "state left out: kept")
	assert.Equal(t, []any{"zhangsan", "lisi"}, got["user"], "user left out: kept")
	assert.Equal(t, []any{2.0}, got["party"], "party left out: kept")

	// A field sent empty is cleared; a list sent replaces the old one.
	require.Equal(t, 0, update(`"remark":"","party":[],"user":["wangwu"],"skip_verify":false`).ErrCode)
	got = getWay(t, s, tok, id)
	assert.Equal(t, "", got["remark"])
	assert.Equal(t, []any{}, got["party"])
	assert.Equal(t, []any{"wangwu"}, got["user"])
	assert.Equal(t, false, got["skip_verify"])
	assert.Equal(t, "expo", got["state"])

	// type and scene cannot change; what breaks a rule changes nothing.
	require.Equal(t, 0, update(`"type":1,"scene":1`).ErrCode)
	got = getWay(t, s, tok, id)
	assert.Equal(t, 2.0, got["type"])
	assert.Equal(t, 2.0, got["scene"])
	before := s.Snapshot()
	for name, body := range map[string]string{
		"no one left":                 `"user":[]`,
		"unknown member":              `"user":["ghost"]`,
		"state over 30":               `"state":"` + strings.Repeat("s", 31) + `"`,
		"expires_in, not temporary":   `"expires_in":60`,
		"unionid, not temporary":      `"unionid":"oz"`,
		"conclusions, not temporary":  `"conclusions":{"text":{"content":"x"}}`,
		"101 users":                   `"user":[` + strings.Repeat(`"zhangsan",`, 100) + `"lisi"]`,
		"a user twice":                `"user":["zhangsan","zhangsan"]`,
		"chat_expires_in, not temp":   `"chat_expires_in":60`,
		"negative style":              `"style":-1`,
		"a string for an int (47001)": `"style":"big"`,
	} {
		r := update(body)
		want := 40058
		if strings.Contains(name, "47001") {
			want = 47001
		}
		assert.Equal(t, want, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	assert.Equal(t, before, s.Snapshot(), "failed updates change nothing")
	assert.Equal(t, 40058, way(t, s, tok, "update_contact_way", `{"config_id":"cwNOSUCHWAY","remark":"x"}`).ErrCode)

	// A single-user way keeps exactly one user.
	single := createWay(t, s, tok, `{"type":1,"scene":1,"user":["zhangsan"]}`)
	assert.Equal(t, 40058, way(t, s, tok, "update_contact_way", `{"config_id":"`+single+`","user":[]}`).ErrCode)
	assert.Equal(t, 0, way(t, s, tok, "update_contact_way", `{"config_id":"`+single+`","user":["lisi"]}`).ErrCode)
	assert.Equal(t, []any{"lisi"}, getWay(t, s, tok, single)["user"])
}

func TestContactWayDeleteAndOwner(t *testing.T) {
	s := start(t, WithSeed(23))
	tok := token(t, s)
	id := createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhangsan"]}`)
	require.Equal(t, 0, way(t, s, tok, "del_contact_way", `{"config_id":"`+id+`"}`).ErrCode)
	assert.Equal(t, 40058, way(t, s, tok, "get_contact_way", `{"config_id":"`+id+`"}`).ErrCode)
	assert.Equal(t, 40058, way(t, s, tok, "del_contact_way", `{"config_id":"`+id+`"}`).ErrCode,
		"a repeat changes nothing and says the way is gone")
	_, err := s.ContactWays().Scan(context.Background(), id, AddContact{})
	assert.ErrorContains(t, err, "no contact way")

	// Another app's way: readable, not changeable.
	d := s.Snapshot()
	d.ContactWays = []ContactWay{{ConfigID: "cwOTHERAPP", Type: 1, Scene: 1, User: []string{"zhangsan"}, CreatedByApp: "crm-app",
		CreateTime: DefaultStart.Unix()}}
	s2 := start(t, WithData(d))
	tok2 := token(t, s2)
	assert.Equal(t, "cwOTHERAPP", getWay(t, s2, tok2, "cwOTHERAPP")["config_id"])
	assert.Equal(t, 48002, way(t, s2, tok2, "update_contact_way", `{"config_id":"cwOTHERAPP","remark":"x"}`).ErrCode)
	assert.Equal(t, 48002, way(t, s2, tok2, "del_contact_way", `{"config_id":"cwOTHERAPP"}`).ErrCode)
}

func TestListContactWayWindow(t *testing.T) {
	now := DefaultStart.Unix()
	d := &Data{
		Members: []Member{{UserID: "zhangsan", Name: "张三", ExternalContact: true}},
		ContactWays: []ContactWay{
			{ConfigID: "cwBEFORE20210710", Type: 1, Scene: 2, User: []string{"zhangsan"}, CreateTime: listableSince - 1},
			{ConfigID: "cwON20210710", Type: 1, Scene: 2, User: []string{"zhangsan"}, CreateTime: listableSince},
			{ConfigID: "cw100DAYSAGO", Type: 1, Scene: 2, User: []string{"zhangsan"}, CreateTime: now - 100*86400},
			{ConfigID: "cw10DAYSAGO", Type: 1, Scene: 2, User: []string{"zhangsan"}, CreateTime: now - 10*86400},
			{ConfigID: "cwTEMP", Type: 1, Scene: 2, User: []string{"zhangsan"}, CreateTime: now - 86400, IsTemp: true,
				ExpiresIn: 86400 * 7, ChatExpiresIn: 86400, ExpireTime: now + 6*86400},
			{ConfigID: "cwTODAY", Type: 2, Scene: 1, User: []string{"zhangsan"}, CreateTime: now},
		},
	}
	s := start(t, WithData(d))
	tok := token(t, s)
	list := func(body string) ([]string, string, reply) {
		r := way(t, s, tok, "list_contact_way", body)
		var out struct {
			ContactWay []struct {
				ConfigID string `json:"config_id"`
			} `json:"contact_way"`
			NextCursor string `json:"next_cursor"`
		}
		if r.ErrCode == 0 {
			r.decode(t, &out)
		}
		ids := []string{}
		for _, w := range out.ContactWay {
			ids = append(ids, w.ConfigID)
		}
		return ids, out.NextCursor, r
	}
	ids, next, _ := list(`{}`)
	assert.Equal(t, []string{"cw10DAYSAGO", "cwTODAY"}, ids, "the last 90 days, temporary ways excluded")
	assert.Empty(t, next)

	ids, _, _ = list(`{"start_time":1500000000}`)
	assert.Equal(t, []string{"cwON20210710", "cw100DAYSAGO", "cw10DAYSAGO", "cwTODAY"}, ids, "never before 2021-07-10")
	ids, _, _ = list(`{"start_time":1500000000,"end_time":` + itoa(now-50*86400) + `}`)
	assert.Equal(t, []string{"cwON20210710", "cw100DAYSAGO"}, ids)

	// Pages by cursor, tied to the window.
	var walked []string
	body := `{"start_time":1500000000,"limit":1}`
	for page := 0; ; page++ {
		require.Less(t, page, 10)
		ids, next, r := list(body)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		walked = append(walked, ids...)
		if next == "" {
			break
		}
		body = `{"start_time":1500000000,"limit":1,"cursor":"` + next + `"}`
		if page == 0 {
			_, _, r := list(`{"start_time":1600000000,"limit":1,"cursor":"` + next + `"}`)
			assert.Equal(t, 50100, r.ErrCode, "a cursor of another window")
		}
	}
	assert.Equal(t, []string{"cwON20210710", "cw100DAYSAGO", "cw10DAYSAGO", "cwTODAY"}, walked)

	ids, _, _ = list(`{"start_time":1500000000,"limit":5000}`)
	assert.Len(t, ids, 4, "a limit above 1000 is lowered to 1000")
	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"start after end": {`{"start_time":` + itoa(now) + `,"end_time":` + itoa(now-1) + `}`, 40058},
		"negative limit":  {`{"limit":-1}`, 40058},
		"negative start":  {`{"start_time":-5}`, 40058},
		"bad cursor":      {`{"cursor":"not-a-cursor"}`, 50100},
	} {
		_, _, r := list(tc.body)
		assert.Equal(t, tc.code, r.ErrCode, name)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestContactWayQuota(t *testing.T) {
	s := start(t, WithSeed(24))
	tok := token(t, s)
	s.st.mu.Lock()
	contactWayGroup.of(s.st).quota, contactWayGroup.of(s.st).tempPerDay = 2, 1
	s.st.mu.Unlock()
	chat := s.Snapshot().GroupChats[0].ChatID

	createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhangsan"]}`)
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/add_join_way", nil, `{"scene":2,"chat_id_list":["`+chat+`"]}`)
	require.Equal(t, 0, r.ErrCode, "a join way takes the second place: %s", r.ErrMsg)
	r = way(t, s, tok, "add_contact_way", `{"type":1,"scene":2,"user":["zhangsan"]}`)
	assert.Equal(t, 40058, r.ErrCode, "the quota is shared with join ways")
	assert.Contains(t, r.ErrMsg, "at most 2")
	r = apiWith(t, s, tok, http.MethodPost, "externalcontact/groupchat/add_join_way", nil, `{"scene":2,"chat_id_list":["`+chat+`"]}`)
	assert.Equal(t, 40058, r.ErrCode)
	_, err := s.ContactWays().Add(ContactWaySpec{Type: 1, Scene: 2, Users: []string{"zhangsan"}})
	assert.Error(t, err, "the back door counts too")

	temp := `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true}`
	createWay(t, s, tok, temp)
	assert.Equal(t, 40058, way(t, s, tok, "add_contact_way", temp).ErrCode, "one temporary way a day")
	s.Clock().Advance(24 * time.Hour)
	createWay(t, s, token(t, s), temp)
}

func TestTempChat(t *testing.T) {
	s := start(t, WithSeed(25))
	tok := token(t, s)
	ctx := context.Background()
	id := createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhangsan"],"is_temp":true,"expires_in":600,"chat_expires_in":3600}`)

	added, err := s.ContactWays().Scan(ctx, id, AddContact{})
	require.NoError(t, err)
	w, _ := s.ContactWays().Get(id)
	require.NotNil(t, w.TempChat)
	assert.Equal(t, TempChat{UserID: "zhangsan", ExternalUserID: added.ExternalUserID, StartTime: DefaultStart.Unix(),
		ExpireTime: DefaultStart.Unix() + 3600}, *w.TempChat)
	_, err = s.ContactWays().Scan(ctx, id, AddContact{})
	assert.ErrorContains(t, err, "used already", "a temporary QR code works once")

	close := func(user, ext string) reply {
		return way(t, s, tok, "close_temp_chat", `{"userid":"`+user+`","external_userid":"`+ext+`"}`)
	}
	assert.Equal(t, 40058, close("lisi", added.ExternalUserID).ErrCode, "not a session of lisi")
	assert.Equal(t, 41009, close("", added.ExternalUserID).ErrCode)
	assert.Equal(t, 41035, close("zhangsan", "").ErrCode)
	require.Equal(t, 0, close("zhangsan", added.ExternalUserID).ErrCode)
	w, _ = s.ContactWays().Get(id)
	assert.Equal(t, DefaultStart.Unix(), w.TempChat.CloseTime)
	assert.Equal(t, 40058, close("zhangsan", added.ExternalUserID).ErrCode, "a session that ended")
	assert.NotNil(t, cbRelation(s, "zhangsan", added.ExternalUserID), "the relation stays")

	// A session ends by itself on the clock.
	id2 := createWay(t, s, tok, `{"type":1,"scene":2,"user":["lisi"],"is_temp":true,"chat_expires_in":3600}`)
	added2, err := s.ContactWays().Scan(ctx, id2, AddContact{})
	require.NoError(t, err)
	s.Clock().Advance(3599 * time.Second)
	w, _ = s.ContactWays().Get(id2)
	assert.True(t, w.TempChat.Live())
	s.Clock().Advance(time.Second)
	w, _ = s.ContactWays().Get(id2)
	assert.False(t, w.TempChat.Live())
	assert.Equal(t, DefaultStart.Unix()+3600, w.TempChat.CloseTime, "closed at its expiry")
	assert.Equal(t, 40058, close("lisi", added2.ExternalUserID).ErrCode)

	// A QR code expires on the clock: no scan, no update.
	id3 := createWay(t, s, tok, `{"type":1,"scene":2,"user":["wangwu"],"is_temp":true,"expires_in":600}`)
	require.Equal(t, 0, way(t, s, tok, "update_contact_way", `{"config_id":"`+id3+`","expires_in":1200}`).ErrCode,
		"a new expires_in counts from the update")
	s.Clock().Advance(1199 * time.Second)
	require.Equal(t, 0, way(t, s, tok, "update_contact_way", `{"config_id":"`+id3+`","remark":"still fine"}`).ErrCode)
	s.Clock().Advance(time.Second)
	_, err = s.ContactWays().Scan(ctx, id3, AddContact{})
	assert.ErrorContains(t, err, "expired")
	r := way(t, s, tok, "update_contact_way", `{"config_id":"`+id3+`","remark":"too late"}`)
	assert.Equal(t, 40058, r.ErrCode)
	assert.Contains(t, r.ErrMsg, "expired")

	// A session for one WeChat user only.
	id4 := createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhaoliu"],"is_temp":true,"unionid":"ozONLYTHISONE"}`)
	other := s.Snapshot().Customers[0]
	_, err = s.ContactWays().Scan(ctx, id4, AddContact{ExternalUserID: other.ExternalUserID})
	assert.ErrorContains(t, err, "unionid")
	added4, err := s.ContactWays().Scan(ctx, id4, AddContact{})
	require.NoError(t, err)
	for _, c := range s.Snapshot().Customers {
		if c.ExternalUserID == added4.ExternalUserID {
			assert.Equal(t, "ozONLYTHISONE", c.UnionID)
		}
	}

	// A fixture's live session still ends on the clock.
	d := s.Snapshot()
	s2 := start(t, WithData(d), WithClock(NewClock(s.Clock().Now())))
	w, _ = s2.ContactWays().Get(id4)
	require.True(t, w.TempChat.Live())
	s2.Clock().Advance(24 * time.Hour)
	w, _ = s2.ContactWays().Get(id4)
	assert.False(t, w.TempChat.Live(), "the default session lasts 24 hours")
}

// A way without skip_verify announces its customers with
// add_half_external_contact, with the way's state and a WelcomeCode.
func TestContactWayVerifyEvent(t *testing.T) {
	s := start(t, WithSeed(26))
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	tok := token(t, s)
	id := createWay(t, s, tok, `{"type":1,"scene":2,"user":["zhangsan"],"state":"needs-ok","skip_verify":false}`)
	added, err := s.ContactWays().Scan(context.Background(), id, AddContact{})
	require.NoError(t, err)
	adds, events, _ := rc.snapshot()
	assert.Empty(t, adds, "no add_external_contact")
	require.Len(t, events, 1)
	e, ok := events[0].Typed.(*callback.AddHalfExternalContactEvent)
	require.True(t, ok, "got %T", events[0].Typed)
	assert.Equal(t, "zhangsan", e.UserID)
	assert.Equal(t, added.ExternalUserID, e.ExternalUserID)
	assert.Equal(t, "needs-ok", e.State)
	assert.Equal(t, added.WelcomeCode, e.WelcomeCode)
	assert.True(t, s.WelcomeCodeValid(e.WelcomeCode))
	s.Clock().Advance(WelcomeCodeTTL)
	assert.False(t, s.WelcomeCodeValid(e.WelcomeCode), "valid for 20 s of the simulator clock")
}

// A multi-user way of departments: any active member with 客户联系 may be
// the one added (the simulator has no departments).
func TestContactWayParty(t *testing.T) {
	s := start(t, WithSeed(27))
	tok := token(t, s)
	id := createWay(t, s, tok, `{"type":2,"scene":1,"party":[5],"state":"dept"}`)
	added, err := s.ContactWays().Scan(context.Background(), id, AddContact{UserID: "wangwu"})
	require.NoError(t, err)
	assert.Equal(t, "dept", added.State)
	_, err = s.ContactWays().Scan(context.Background(), id, AddContact{})
	assert.ErrorContains(t, err, "UserID must name one")
}
