package worktest

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// submit posts a template and returns its msgid and fail_list.
func submit(t *testing.T, s *Server, tmpl map[string]any) (string, []string) {
	t.Helper()
	r := api(t, s, http.MethodPost, "externalcontact/add_msg_template", nil, mustJSON(t, tmpl))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		FailList []string `json:"fail_list"`
		MsgID    string   `json:"msgid"`
	}
	r.decode(t, &out)
	require.NotEmpty(t, out.MsgID)
	return out.MsgID, out.FailList
}

func customersOf(d *Data, userID string) []string {
	var out []string
	for _, r := range d.Relations {
		if r.UserID == userID {
			out = append(out, r.ExternalUserID)
		}
	}
	return out
}

func resigned(d *Data, userID string) bool {
	for _, m := range d.Members {
		if m.UserID == userID {
			return m.Resigned()
		}
	}
	return false
}

func recipients(m MassMessage) map[string]int {
	out := map[string]int{}
	for _, t := range m.Tasks {
		for _, r := range t.Recipients {
			out[t.UserID+"/"+r.ExternalUserID+r.ChatID] = r.Status
		}
	}
	return out
}

func TestSubmitMakesTasks(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	zs := customersOf(d, "zhangsan")
	require.GreaterOrEqual(t, len(zs), 3)

	// A sender and no customers: every customer of the sender.
	id, fail := submit(t, s, map[string]any{"sender": "zhangsan", "text": map[string]string{"content": "hi"}})
	assert.Empty(t, fail)
	m, ok := s.Messages().Get(id)
	require.True(t, ok)
	assert.Equal(t, "single", m.ChatType)
	assert.Equal(t, int64(1714528800), m.CreateTime)
	require.Len(t, m.Tasks, 1)
	assert.Equal(t, "zhangsan", m.Tasks[0].UserID)
	assert.Equal(t, MassTaskUnsent, m.Tasks[0].Status)
	assert.Len(t, m.Tasks[0].Recipients, len(zs))

	// A sender and customers: those of the sender; the others fail.
	other := ""
	for _, r := range d.Relations {
		if r.UserID != "zhangsan" && !slices.Contains(zs, r.ExternalUserID) {
			other = r.ExternalUserID
			break
		}
	}
	require.NotEmpty(t, other)
	_, fail = submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": []string{zs[0], other, "wmUnknown"}, "text": map[string]string{"content": "hi"}})
	assert.Equal(t, []string{other, "wmUnknown"}, fail)

	// No sender: each customer's most recently added member sends.
	id, fail = submit(t, s, map[string]any{"external_userid": []string{zs[0], other}, "text": map[string]string{"content": "hi"}})
	assert.Empty(t, fail)
	m, _ = s.Messages().Get(id)
	n := 0
	for _, task := range m.Tasks {
		n += len(task.Recipients)
		for _, r := range task.Recipients {
			var best *Relation
			for i := range d.Relations {
				rel := &d.Relations[i]
				if rel.ExternalUserID == r.ExternalUserID && !resigned(d, rel.UserID) && (best == nil || rel.CreateTime >= best.CreateTime) {
					best = rel
				}
			}
			assert.Equal(t, best.UserID, task.UserID, "the customer's latest member sends")
		}
	}
	assert.Equal(t, 2, n)
}

func TestSubmitTagFilter(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	var tagged, untagged []string
	tag := ""
	for _, r := range d.Relations {
		if r.UserID != "zhangsan" {
			continue
		}
		if tag == "" && len(r.TagIDs) > 0 {
			tag = r.TagIDs[0]
		}
	}
	require.NotEmpty(t, tag)
	for _, r := range d.Relations {
		if r.UserID == "zhangsan" {
			if slices.Contains(r.TagIDs, tag) {
				tagged = append(tagged, r.ExternalUserID)
			} else {
				untagged = append(untagged, r.ExternalUserID)
			}
		}
	}
	require.NotEmpty(t, untagged)
	filter := map[string]any{"group_list": []any{map[string]any{"tag_list": []string{tag}}}}
	id, _ := submit(t, s, map[string]any{"sender": "zhangsan", "tag_filter": filter, "text": map[string]string{"content": "VIP"}})
	m, _ := s.Messages().Get(id)
	var got []string
	for _, r := range m.Tasks[0].Recipients {
		got = append(got, r.ExternalUserID)
	}
	assert.Equal(t, tagged, got)

	_, fail := submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": untagged[:1], "tag_filter": filter, "text": map[string]string{"content": "VIP"}})
	assert.Equal(t, untagged[:1], fail, "a listed customer without the tag fails")

	// Two groups: AND across groups.
	filter2 := map[string]any{"group_list": []any{map[string]any{"tag_list": []string{tag}}, map[string]any{"tag_list": []string{"etNoSuchTag"}}}}
	id, _ = submit(t, s, map[string]any{"sender": "zhangsan", "tag_filter": filter2, "text": map[string]string{"content": "VIP"}})
	m, _ = s.Messages().Get(id)
	assert.Empty(t, m.Tasks[0].Recipients)
}

func TestSubmitToGroups(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	owner := d.GroupChats[0].Owner
	var mine []string
	for _, ch := range d.GroupChats {
		if ch.Owner == owner {
			mine = append(mine, ch.ChatID)
		}
	}
	id, _ := submit(t, s, map[string]any{"chat_type": "group", "sender": owner, "text": map[string]string{"content": "周末活动"}})
	m, _ := s.Messages().Get(id)
	require.Len(t, m.Tasks, 1)
	var got []string
	for _, r := range m.Tasks[0].Recipients {
		got = append(got, r.ChatID)
	}
	assert.Equal(t, mine, got)

	id, _ = submit(t, s, map[string]any{"chat_type": "group", "sender": owner, "chat_id_list": mine[:1], "text": map[string]string{"content": "x"}})
	m, _ = s.Messages().Get(id)
	assert.Len(t, m.Tasks[0].Recipients, 1)

	_, err := s.Messages().ConfirmAll(id)
	require.NoError(t, err)
	m, _ = s.Messages().Get(id)
	assert.Equal(t, MassSent, m.Tasks[0].Recipients[0].Status)
}

func TestSubmitErrors(t *testing.T) {
	s := start(t)
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"nobody", map[string]any{"text": map[string]string{"content": "x"}}, 40058},
		{"group without sender", map[string]any{"chat_type": "group", "text": map[string]string{"content": "x"}}, 40058},
		{"chat type", map[string]any{"chat_type": "room", "sender": "zhangsan", "text": map[string]string{"content": "x"}}, 40058},
		{"no content", map[string]any{"sender": "zhangsan"}, 40058},
		{"text too long", map[string]any{"sender": "zhangsan", "text": map[string]string{"content": string(make([]byte, 4001))}}, 40058},
		{"ten attachments", map[string]any{"sender": "zhangsan", "attachments": slices.Repeat([]any{map[string]any{"msgtype": "link", "link": map[string]string{"title": "t", "url": "u"}}}, 10)}, 40058},
		{"link without url", map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "link", "link": map[string]string{"title": "t"}}}}, 40058},
		{"voice", map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "voice"}}}, 40058},
		{"unknown sender", map[string]any{"sender": "nobody", "text": map[string]string{"content": "x"}}, 40003},
		{"unknown mini program cover", map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "miniprogram",
			"miniprogram": map[string]string{"title": "t", "pic_media_id": "3nope", "appid": "wx1", "page": "/p"}}}}, 40007},
		{"empty tag group", map[string]any{"sender": "zhangsan", "text": map[string]string{"content": "x"},
			"tag_filter": map[string]any{"group_list": []any{map[string]any{"tag_list": []string{}}}}}, 40058},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := api(t, s, http.MethodPost, "externalcontact/add_msg_template", nil, mustJSON(t, tc.body))
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
	assert.Empty(t, s.Messages().List())
}

// Senders confirm on the clock; each recipient's status says what became
// of the message for them.
func TestMassMessageStatuses(t *testing.T) {
	s := start(t)
	d := s.Snapshot()
	zs := customersOf(d, "zhangsan")
	require.GreaterOrEqual(t, len(zs), 3)
	first, _ := submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": zs[:1], "text": map[string]string{"content": "早"}})
	s.Clock().Advance(MassTaskConfirmDelay)
	m, _ := s.Messages().Get(first)
	assert.Equal(t, MassTaskSent, m.Tasks[0].Status)
	assert.Equal(t, int64(1714528800)+3600, m.Tasks[0].SendTime)
	assert.Equal(t, map[string]int{"zhangsan/" + zs[0]: MassSent}, recipients(m))

	second, _ := submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": zs[:3], "text": map[string]string{"content": "午"}})
	require.NoError(t, s.RemoveContact(context.Background(), "zhangsan", zs[1]))
	s.Clock().Advance(MassTaskConfirmDelay)
	m, _ = s.Messages().Get(second)
	assert.Equal(t, map[string]int{
		"zhangsan/" + zs[0]: MassReceivedOther, // got the first one today
		"zhangsan/" + zs[1]: MassNotFriend,     // removed before the task was sent
		"zhangsan/" + zs[2]: MassSent,
	}, recipients(m))

	// Over the API: task and send result, paged one by one.
	tok := token(t, s)
	var statuses []int
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_groupmsg_send_result", nil,
			mustJSON(t, map[string]any{"msgid": second, "userid": "zhangsan", "limit": 1, "cursor": cursor}))
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p struct {
			NextCursor string `json:"next_cursor"`
			SendList   []struct {
				ExternalUserID string `json:"external_userid"`
				UserID         string `json:"userid"`
				Status         int    `json:"status"`
				SendTime       int64  `json:"send_time"`
			} `json:"send_list"`
		}
		r.decode(t, &p)
		for _, e := range p.SendList {
			statuses = append(statuses, e.Status)
			assert.Equal(t, "zhangsan", e.UserID)
			assert.Equal(t, e.Status == MassSent, e.SendTime > 0)
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	assert.Equal(t, []int{MassReceivedOther, MassNotFriend, MassSent}, statuses)

	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_groupmsg_task", nil, mustJSON(t, map[string]any{"msgid": second}))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","next_cursor":"","task_list":[{"userid":"zhangsan","status":2,"send_time":1714536000}]}`, string(r.Body))

	r = apiWith(t, s, tok, http.MethodPost, "externalcontact/get_group_msg_result", nil, mustJSON(t, map[string]any{"msgid": second}))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var legacy struct {
		DetailList []map[string]any `json:"detail_list"`
	}
	r.decode(t, &legacy)
	assert.Len(t, legacy.DetailList, 3)

	// The next day the limit is new.
	s.Clock().Advance(24 * time.Hour)
	third, _ := submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": zs[:1], "text": map[string]string{"content": "明天"}})
	require.NoError(t, s.Messages().Confirm(third, "zhangsan"))
	m, _ = s.Messages().Get(third)
	assert.Equal(t, map[string]int{"zhangsan/" + zs[0]: MassSent}, recipients(m))
	assert.Error(t, s.Messages().Confirm(third, "zhangsan"), "sent already")
	assert.Error(t, s.Messages().Confirm(third, "lisi"), "no task")
}

func TestRemindAndCancel(t *testing.T) {
	s := start(t)
	id, _ := submit(t, s, map[string]any{"sender": "zhangsan", "text": map[string]string{"content": "x"}})
	remind := func() reply {
		return api(t, s, http.MethodPost, "externalcontact/remind_groupmsg_send", nil, mustJSON(t, map[string]string{"msgid": id}))
	}
	for i := 0; i < 3; i++ {
		r := remind()
		require.Equal(t, 0, r.ErrCode, "reminder %d: %s", i+1, r.ErrMsg)
		s.Clock().Advance(time.Minute)
	}
	assert.Equal(t, 45009, remind().ErrCode, "a fourth within 24 hours")
	s.Clock().Advance(24*time.Hour - 4*time.Minute)
	assert.Equal(t, 45009, remind().ErrCode, "still within 24 hours of the first")
	s.Clock().Advance(time.Minute)
	assert.Equal(t, 0, remind().ErrCode, "the first is 24 hours old")

	id, _ = submit(t, s, map[string]any{"sender": "zhangsan", "text": map[string]string{"content": "y"}})
	r := api(t, s, http.MethodPost, "externalcontact/cancel_groupmsg_send", nil, mustJSON(t, map[string]string{"msgid": id}))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	s.Clock().Advance(MassTaskConfirmDelay)
	m, _ := s.Messages().Get(id)
	assert.True(t, m.Canceled)
	assert.Equal(t, MassTaskUnsent, m.Tasks[0].Status, "canceled before it was sent")
	assert.Error(t, s.Messages().Confirm(id, "zhangsan"))
	assert.Equal(t, 40058, remind().ErrCode, "a canceled message")

	for _, path := range []string{"remind_groupmsg_send", "cancel_groupmsg_send", "get_groupmsg_task"} {
		r := api(t, s, http.MethodPost, "externalcontact/"+path, nil, `{"msgid":"msgUnknown"}`)
		assert.Equal(t, 40058, r.ErrCode, path)
	}
	r = api(t, s, http.MethodPost, "externalcontact/get_groupmsg_send_result", nil, `{"msgid":"`+id+`"}`)
	assert.Equal(t, 41009, r.ErrCode, "userid is required")
}

func TestGroupMsgList(t *testing.T) {
	s := start(t)
	var ids []string
	for i := 0; i < 3; i++ {
		id, _ := submit(t, s, map[string]any{"sender": "zhangsan", "text": map[string]string{"content": "第" + string(rune('一'+i))}})
		ids = append(ids, id)
		s.Clock().Advance(time.Hour)
	}
	start0 := int64(1714528800)
	list := func(body map[string]any) ([]string, string, reply) {
		r := api(t, s, http.MethodPost, "externalcontact/get_groupmsg_list_v2", nil, mustJSON(t, body))
		var p struct {
			NextCursor   string `json:"next_cursor"`
			GroupMsgList []struct {
				MsgID      string `json:"msgid"`
				CreateType int    `json:"create_type"`
				Creator    *string
			} `json:"group_msg_list"`
		}
		if r.ErrCode == 0 {
			r.decode(t, &p)
		}
		var out []string
		for _, m := range p.GroupMsgList {
			out = append(out, m.MsgID)
			assert.Nil(t, m.Creator, "API-created: no creator")
		}
		return out, p.NextCursor, r
	}
	got, next, _ := list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 7199, "limit": 2})
	assert.Equal(t, ids[:2], got)
	assert.Empty(t, next)
	got, next, _ = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 86400, "limit": 2})
	assert.Equal(t, ids[:2], got)
	require.NotEmpty(t, next)
	got, _, _ = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 86400, "limit": 2, "cursor": next})
	assert.Equal(t, ids[2:], got)
	got, _, _ = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 86400, "filter_type": 1})
	assert.Empty(t, got, "no member-created messages")
	got, _, _ = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 86400, "filter_type": 0})
	assert.Equal(t, ids, got)
	got, _, _ = list(map[string]any{"chat_type": "group", "start_time": start0, "end_time": start0 + 86400})
	assert.Empty(t, got)
	got, _, _ = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 86400, "creator": "zhangsan"})
	assert.Empty(t, got, "API-created messages have no creator to match")

	_, _, r := list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 31*86400 + 1})
	assert.Equal(t, 40058, r.ErrCode, "over a month")
	_, _, r = list(map[string]any{"chat_type": "single", "start_time": start0, "end_time": start0 + 10, "cursor": next})
	assert.Equal(t, 50100, r.ErrCode, "a cursor of another query")
	_, _, r = list(map[string]any{"chat_type": "single", "end_time": start0})
	assert.Equal(t, 40058, r.ErrCode, "start_time is required")
}

// A fixture's sent recipients count against the day's receive limit.
func TestMessagesFixtureRoundTrip(t *testing.T) {
	s := start(t)
	zs := customersOf(s.Snapshot(), "zhangsan")
	id, _ := submit(t, s, map[string]any{"sender": "zhangsan", "external_userid": zs[:1], "text": map[string]string{"content": "x"}})
	require.NoError(t, s.Messages().Confirm(id, "zhangsan"))
	d := s.Snapshot()
	require.Len(t, d.MassMessages, 1)

	s2 := start(t, WithData(d))
	m, ok := s2.Messages().Get(id)
	require.True(t, ok)
	assert.Equal(t, MassSent, m.Tasks[0].Recipients[0].Status)
	id2, _ := submit(t, s2, map[string]any{"sender": "zhangsan", "external_userid": zs[:1], "text": map[string]string{"content": "y"}})
	require.NoError(t, s2.Messages().Confirm(id2, "zhangsan"))
	m, _ = s2.Messages().Get(id2)
	assert.Equal(t, MassReceivedOther, m.Tasks[0].Recipients[0].Status)
}
