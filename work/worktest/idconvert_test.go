package worktest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// post posts body to path with tok and decodes a successful answer into out.
func post(t *testing.T, s *Server, tok, path string, body, out any) reply {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, body))
	if r.ErrCode == 0 && out != nil {
		r.decode(t, out)
	}
	return r
}

// customersByType returns a WeChat and a WeCom customer of d.
func customersByType(t *testing.T, d *Data) (wechat, wecom Customer) {
	t.Helper()
	for _, c := range d.Customers {
		switch {
		case c.Type == CustomerWeChat && wechat.ExternalUserID == "":
			wechat = c
		case c.Type == CustomerWeCom && wecom.ExternalUserID == "":
			wecom = c
		}
	}
	require.NotEmpty(t, wechat.ExternalUserID)
	require.NotEmpty(t, wecom.ExternalUserID)
	return wechat, wecom
}

func TestConvertToOpenID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	wechat, wecom := customersByType(t, s.Snapshot())
	const path = "externalcontact/convert_to_openid"
	var out struct {
		OpenID string `json:"openid"`
	}
	r := post(t, s, tok, path, map[string]string{"external_userid": wechat.ExternalUserID}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, OpenID(wechat.ExternalUserID), out.OpenID)
	assert.Len(t, out.OpenID, 28)
	assert.NotEqual(t, OpenID(wecom.ExternalUserID), out.OpenID)
	for id, code := range map[string]int{"": 41035, "wmNOSUCH": 40096, wecom.ExternalUserID: 40096} {
		r := post(t, s, tok, path, map[string]string{"external_userid": id}, nil)
		assert.Equal(t, code, r.ErrCode, "%q: %s", id, r.ErrMsg)
	}
}

func TestUnionIDToExternalUserID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	wechat, _ := customersByType(t, s.Snapshot())
	const path = "externalcontact/unionid_to_external_userid"
	var out externalUserIDResponse
	r := post(t, s, tok, path, map[string]string{"unionid": wechat.UnionID, "openid": "oMINIPROGRAM"}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, wechat.ExternalUserID, out.ExternalUserID)
	for name, tc := range map[string]struct {
		body map[string]string
		code int
	}{
		"no unionid":      {map[string]string{"openid": "o1"}, 40058},
		"no openid":       {map[string]string{"unionid": wechat.UnionID}, 40058},
		"unknown unionid": {map[string]string{"unionid": "ozNOSUCH", "openid": "o1"}, 84061},
	} {
		r := post(t, s, tok, path, tc.body, nil)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
}

func TestServiceExternalUserID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	d := s.Snapshot()
	for _, c := range d.Customers {
		svc := ServiceExternalUserID(c.ExternalUserID)
		assert.NotEqual(t, c.ExternalUserID, svc)
		assert.Equal(t, c.ExternalUserID[:2], svc[:2], "the type prefix stays")
		assert.Len(t, svc, len(c.ExternalUserID))
		assert.Equal(t, c.ExternalUserID, corpExternalUserID(svc))
	}
	assert.Equal(t, "wm-_é", ServiceExternalUserID("wm-_é"), "characters outside base62 stay")

	c := d.Customers[0]
	var out externalUserIDResponse
	r := post(t, s, tok, "externalcontact/to_service_external_userid", map[string]string{"external_userid": c.ExternalUserID}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	svc := out.ExternalUserID
	assert.Equal(t, ServiceExternalUserID(c.ExternalUserID), svc)

	for _, agent := range []any{1000002, "1000002"} {
		r = post(t, s, tok, "externalcontact/from_service_external_userid", map[string]any{"external_userid": svc, "source_agentid": agent}, &out)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		assert.Equal(t, c.ExternalUserID, out.ExternalUserID, "source_agentid %#v", agent)
	}

	for name, tc := range map[string]struct {
		path string
		body any
		code int
	}{
		"to: missing":        {"to_service_external_userid", map[string]any{}, 41035},
		"to: unknown":        {"to_service_external_userid", map[string]any{"external_userid": "wmNOSUCH"}, 40096},
		"from: missing":      {"from_service_external_userid", map[string]any{"source_agentid": 1}, 41035},
		"from: no agent":     {"from_service_external_userid", map[string]any{"external_userid": svc}, 40058},
		"from: agent 0":      {"from_service_external_userid", map[string]any{"external_userid": svc, "source_agentid": 0}, 40058},
		"from: agent abc":    {"from_service_external_userid", map[string]any{"external_userid": svc, "source_agentid": "abc"}, 47001},
		"from: agent object": {"from_service_external_userid", map[string]any{"external_userid": svc, "source_agentid": map[string]int{}}, 47001},
		"from: a corp id":    {"from_service_external_userid", map[string]any{"external_userid": c.ExternalUserID, "source_agentid": 1}, 40096},
	} {
		r := post(t, s, tok, "externalcontact/"+tc.path, tc.body, nil)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
}

func TestGetNewExternalUserID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	d := s.Snapshot()
	a, b := d.Customers[0].ExternalUserID, d.Customers[1].ExternalUserID
	const path = "externalcontact/get_new_external_userid"
	var out idMappings
	r := post(t, s, tok, path, map[string]any{"external_userid_list": []string{a, "wmNOSUCH", ServiceExternalUserID(b), a}}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, []idMapping{
		{ExternalUserID: a, NewExternalUserID: ServiceExternalUserID(a)},
		{ExternalUserID: ServiceExternalUserID(b), NewExternalUserID: ServiceExternalUserID(b)},
	}, out.Items, "a service id comes back as is; unknown ids are left out; duplicates answered once")

	r = post(t, s, tok, path, map[string]any{"external_userid_list": []string{"wmNOSUCH"}}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.NotNil(t, out.Items)
	assert.Empty(t, out.Items)

	many := strings.Split(strings.Repeat(a+",", 1001), ",")[:1001]
	for name, body := range map[string]any{"none": map[string]any{}, "1001": map[string]any{"external_userid_list": many}} {
		r := post(t, s, tok, path, body, nil)
		assert.Equal(t, 40058, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	r = post(t, s, tok, path, map[string]any{"external_userid_list": many[:1000]}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Len(t, out.Items, 1)
}

func TestGroupChatNewExternalUserID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	d := s.Snapshot()
	chat := d.GroupChats[0]
	var inChat []string
	for _, m := range chat.Members {
		if m.Type == ChatMemberExternal {
			inChat = append(inChat, m.UserID)
		}
	}
	var outsider string
	for _, c := range d.Customers {
		if !slices.Contains(inChat, c.ExternalUserID) {
			outsider = c.ExternalUserID
			break
		}
	}
	const path = "externalcontact/groupchat/get_new_external_userid"
	var out idMappings
	r := post(t, s, tok, path, map[string]any{"chat_id": chat.ChatID, "external_userid_list": append([]string{outsider, chat.Owner}, inChat...)}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	require.Len(t, out.Items, len(inChat), "only the chat's external members")
	for i, it := range out.Items {
		assert.Equal(t, idMapping{ExternalUserID: inChat[i], NewExternalUserID: ServiceExternalUserID(inChat[i])}, it)
	}
	for name, tc := range map[string]struct {
		body any
		code int
	}{
		"no chat":      {map[string]any{"external_userid_list": inChat}, 40058},
		"unknown chat": {map[string]any{"chat_id": "wrNOSUCH", "external_userid_list": inChat}, 40050},
		"no ids":       {map[string]any{"chat_id": chat.ChatID}, 40058},
	} {
		r := post(t, s, tok, path, tc.body, nil)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
}

func TestOpenGIDToChatID(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	const path = "externalcontact/opengid_to_chatid"
	seen := map[string]bool{}
	for _, c := range s.Snapshot().GroupChats {
		gid := OpenGID(c.ChatID)
		assert.False(t, seen[gid])
		seen[gid] = true
		var out struct {
			ChatID string `json:"chat_id"`
		}
		r := post(t, s, tok, path, map[string]string{"opengid": gid}, &out)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		assert.Equal(t, c.ChatID, out.ChatID)
	}
	for _, gid := range []string{"", "tGNOSUCH"} {
		r := post(t, s, tok, path, map[string]string{"opengid": gid}, nil)
		assert.Equal(t, 40058, r.ErrCode, r.ErrMsg)
	}
}

func TestBatchToExternalUserID(t *testing.T) {
	s := start(t, WithMembers(6), WithCustomersPerMember(10))
	tok := token(t, s)
	d := s.Snapshot()
	resigned := resignedIn(d)
	var rel Relation
	for _, r := range d.Relations {
		if len(r.RemarkMobiles) > 0 && !resigned[r.UserID] {
			rel = r
			break
		}
	}
	require.NotEmpty(t, rel.RemarkMobiles, "the seed has a remark mobile")
	mobile := rel.RemarkMobiles[0]
	// Another customer with the same mobile.
	other := d.Customers[0].ExternalUserID
	if other == rel.ExternalUserID {
		other = d.Customers[1].ExternalUserID
	}
	var otherRel Relation
	for _, r := range d.Relations {
		if r.ExternalUserID == other && !resigned[r.UserID] {
			otherRel = r
			break
		}
	}
	require.NotEmpty(t, otherRel.UserID)
	r := post(t, s, tok, "externalcontact/remark", map[string]any{"userid": otherRel.UserID, "external_userid": other, "remark_mobiles": []string{mobile}}, nil)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)

	const path = "externalcontact/batch_to_external_userid"
	var out struct {
		SuccessList []mobileSuccess `json:"success_list"`
		FailList    []mobileFailure `json:"fail_list"`
	}
	r = post(t, s, tok, path, map[string]any{"mobiles": []string{mobile, "10000000000", mobile}}, &out)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var got []string
	for _, e := range out.SuccessList {
		assert.Equal(t, mobile, e.Mobile)
		got = append(got, e.ExternalUserID)
	}
	assert.ElementsMatch(t, []string{rel.ExternalUserID, other}, got)
	assert.Equal(t, []mobileFailure{{Mobile: "10000000000", ErrCode: 60136, ErrMsg: "record not found"}}, out.FailList)

	many := make([]string, 101)
	for i := range many {
		many[i] = mobile
	}
	for name, body := range map[string]any{"none": map[string]any{}, "101": map[string]any{"mobiles": many}, "empty": map[string]any{"mobiles": []string{""}}} {
		r := post(t, s, tok, path, body, nil)
		assert.Equal(t, 40058, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
}

func TestServiceTokens(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	wechat, _ := customersByType(t, s.Snapshot())
	assert.NotEqual(t, s.ProviderToken(), s.SuiteToken())
	assert.Len(t, s.ProviderToken(), 64)
	s2 := start(t)
	assert.Equal(t, s.ProviderToken(), s2.ProviderToken(), "a function of the seed")

	call := func(path, param, value string, body any) reply {
		t.Helper()
		q := url.Values{}
		if value != "" {
			q.Set(param, value)
		}
		return raw(t, s, http.MethodPost, path, q, mustJSON(t, body))
	}

	const u3rd = "service/externalcontact/unionid_to_external_userid_3rd"
	type info struct {
		CorpID         string `json:"corpid"`
		ExternalUserID string `json:"external_userid"`
	}
	var out struct {
		Info []info `json:"external_userid_info"`
	}
	r := call(u3rd, suiteTokenParam, s.SuiteToken(), map[string]string{"unionid": wechat.UnionID, "openid": "o1"})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	r.decode(t, &out)
	assert.Equal(t, []info{{s.CorpID, ServiceExternalUserID(wechat.ExternalUserID)}}, out.Info)
	for _, body := range []map[string]string{
		{"unionid": wechat.UnionID, "openid": "o1", "corpid": "wwOTHER"},
		{"unionid": "ozNOSUCH", "openid": "o1"},
	} {
		r = call(u3rd, suiteTokenParam, s.SuiteToken(), body)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		r.decode(t, &out)
		assert.NotNil(t, out.Info)
		assert.Empty(t, out.Info, "%v", body)
	}
	r = call(u3rd, suiteTokenParam, s.SuiteToken(), map[string]string{"unionid": wechat.UnionID})
	assert.Equal(t, 40058, r.ErrCode, r.ErrMsg)

	const finish = "service/externalcontact/finish_external_userid_migration"
	r = call(finish, providerTokenParam, s.ProviderToken(), map[string]string{"corpid": s.CorpID})
	assert.Equal(t, 0, r.ErrCode, r.ErrMsg)
	r = call(finish, providerTokenParam, s.ProviderToken(), map[string]string{"corpid": "wwOTHER"})
	assert.Equal(t, 40013, r.ErrCode, r.ErrMsg)
	r = call(finish, providerTokenParam, s.ProviderToken(), map[string]string{})
	assert.Equal(t, 41002, r.ErrCode, r.ErrMsg)

	for name, tc := range map[string]struct {
		path, param, value string
		code               int
	}{
		"suite: none":                  {u3rd, suiteTokenParam, "", 41001},
		"suite: wrong":                 {u3rd, suiteTokenParam, "nope", 40082},
		"suite: the provider's":        {u3rd, suiteTokenParam, s.ProviderToken(), 40082},
		"suite: as access_token":       {u3rd, "access_token", tok, 41001},
		"provider: none":               {finish, providerTokenParam, "", 41001},
		"provider: wrong":              {finish, providerTokenParam, "nope", 40014},
		"provider: the suite's":        {finish, providerTokenParam, s.SuiteToken(), 40014},
		"provider: as access_token":    {finish, "access_token", tok, 41001},
		"access_token: the provider's": {"externalcontact/get_new_external_userid", "access_token", s.ProviderToken(), 40014},
	} {
		r := call(tc.path, tc.param, tc.value, map[string]string{"corpid": s.CorpID, "unionid": wechat.UnionID, "openid": "o1"})
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	r = raw(t, s, http.MethodGet, finish, url.Values{providerTokenParam: {s.ProviderToken()}}, "")
	assert.Equal(t, 43002, r.ErrCode)
}

// The undocumented externalcontact/unionid_to_external_userid_3rd (no
// service/) answers as the service/ call, under the access_token.
func TestUnionIDToExternalUserID3rdLegacy(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	wechat, _ := customersByType(t, s.Snapshot())
	const legacy = "externalcontact/unionid_to_external_userid_3rd"
	type info struct {
		CorpID         string `json:"corpid"`
		ExternalUserID string `json:"external_userid"`
	}
	var out struct {
		Info []info `json:"external_userid_info"`
	}
	for _, body := range []map[string]string{
		{"unionid": wechat.UnionID, "openid": "o1"},
		{"unionid": wechat.UnionID, "openid": "o1", "corpid": ""}, // EasyWeChat's default
		{"unionid": wechat.UnionID, "openid": "o1", "corpid": s.CorpID},
	} {
		r := post(t, s, tok, legacy, body, &out)
		require.Equal(t, 0, r.ErrCode, "%v: %s", body, r.ErrMsg)
		assert.Equal(t, []info{{s.CorpID, ServiceExternalUserID(wechat.ExternalUserID)}}, out.Info, "%v", body)

		// The same answer as the service/ call.
		q := url.Values{suiteTokenParam: {s.SuiteToken()}}
		r3 := raw(t, s, http.MethodPost, "service/"+legacy, q, mustJSON(t, body))
		require.Equal(t, 0, r3.ErrCode, r3.ErrMsg)
		assert.JSONEq(t, string(r3.Body), string(r.Body))
	}
	for _, body := range []map[string]string{
		{"unionid": wechat.UnionID, "openid": "o1", "corpid": "wwOTHER"},
		{"unionid": "ozNOSUCH", "openid": "o1"},
	} {
		out.Info = nil
		r := post(t, s, tok, legacy, body, &out)
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		assert.NotNil(t, out.Info)
		assert.Empty(t, out.Info, "%v", body)
	}
	for _, body := range []map[string]string{
		{"unionid": wechat.UnionID},
		{"openid": "o1"},
	} {
		r := post(t, s, tok, legacy, body, nil)
		assert.Equal(t, 40058, r.ErrCode, "%v: %s", body, r.ErrMsg)
	}

	// Authenticated with the access_token, not a service token.
	body := mustJSON(t, map[string]string{"unionid": wechat.UnionID, "openid": "o1"})
	for name, tc := range map[string]struct {
		q    url.Values
		code int
	}{
		"no token":              {url.Values{}, 41001},
		"wrong access_token":    {url.Values{"access_token": {"nope"}}, 40014},
		"suite token as access": {url.Values{"access_token": {s.SuiteToken()}}, 40014},
		"suite_access_token":    {url.Values{suiteTokenParam: {s.SuiteToken()}}, 41001},
	} {
		r := raw(t, s, http.MethodPost, legacy, tc.q, body)
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	// A POST, as EasyWeChat sends it; PowerWeChat's GET is refused.
	r := apiWith(t, s, tok, http.MethodGet, legacy, url.Values{"unionid": {wechat.UnionID}, "openid": {"o1"}}, "")
	assert.Equal(t, 43002, r.ErrCode, r.ErrMsg)
}

// finish_external_userid_migration ends the conversions of old ids: after
// it, get_new_external_userid and groupchat/get_new_external_userid answer
// 48002, the other conversions keep answering, and the state is in the
// snapshot (and loads from a fixture).
func TestFinishMigrationEndsTheConversions(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	d := s.Snapshot()
	assert.False(t, d.ExternalUserIDMigrated)
	a := d.Customers[0].ExternalUserID
	chat := d.GroupChats[0].ChatID
	newIDs := func() (int, int) {
		r1 := post(t, s, tok, "externalcontact/get_new_external_userid", map[string]any{"external_userid_list": []string{a}}, nil)
		r2 := post(t, s, tok, "externalcontact/groupchat/get_new_external_userid",
			map[string]any{"chat_id": chat, "external_userid_list": []string{a}}, nil)
		return r1.ErrCode, r2.ErrCode
	}
	c1, c2 := newIDs()
	require.Zero(t, c1)
	require.Zero(t, c2)

	finish := func() reply {
		return raw(t, s, http.MethodPost, "service/externalcontact/finish_external_userid_migration",
			url.Values{providerTokenParam: {s.ProviderToken()}}, mustJSON(t, map[string]string{"corpid": s.CorpID}))
	}
	require.Zero(t, finish().ErrCode)
	c1, c2 = newIDs()
	assert.Equal(t, 48002, c1)
	assert.Equal(t, 48002, c2)
	r := post(t, s, tok, "externalcontact/get_new_external_userid", map[string]any{"external_userid_list": []string{a}}, nil)
	assert.Contains(t, r.ErrMsg, "migration is finished")
	assert.Zero(t, finish().ErrCode, "finishing twice is fine")
	assert.Zero(t, post(t, s, tok, "externalcontact/to_service_external_userid", map[string]any{"external_userid": a}, nil).ErrCode)

	snap := s.Snapshot()
	assert.True(t, snap.ExternalUserIDMigrated)
	s2 := start(t, WithData(snap))
	r = post(t, s2, token(t, s2), "externalcontact/get_new_external_userid", map[string]any{"external_userid_list": []string{a}}, nil)
	assert.Equal(t, 48002, r.ErrCode, "the fixture keeps it")
}
