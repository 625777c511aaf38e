package worktest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jobState is a decoded get_moment_task_result.
type jobState struct {
	Status int              `json:"status"`
	Type   string           `json:"type"`
	Result *MomentJobResult `json:"result"`
}

func jobResult(t *testing.T, s *Server, tok, jobID string) (jobState, int) {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/get_moment_task_result", url.Values{"jobid": {jobID}}, "")
	var j jobState
	if r.ErrCode == 0 {
		r.decode(t, &j)
	}
	return j, r.ErrCode
}

func postMoment(t *testing.T, s *Server, tok string, body any) string {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/add_moment_task", nil, mustJSON(t, body))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		JobID string `json:"jobid"`
	}
	r.decode(t, &out)
	require.NotEmpty(t, out.JobID)
	return out.JobID
}

// taggedCustomers returns a live corp tag some of userID's customers carry
// and those customers, in relation order.
func taggedCustomers(t *testing.T, d *Data, userID string) (string, []string) {
	t.Helper()
	for _, r := range d.Relations {
		if r.UserID != userID {
			continue
		}
		for _, id := range r.TagIDs {
			if !strings.HasPrefix(id, "et") {
				continue
			}
			var custs []string
			for _, r2 := range d.Relations {
				if r2.UserID == userID && slices.Contains(r2.TagIDs, id) {
					custs = append(custs, r2.ExternalUserID)
				}
			}
			return id, custs
		}
	}
	t.Fatalf("%s has no tagged customer", userID)
	return "", nil
}

func TestMomentJobLifecycle(t *testing.T) {
	s := start(t, WithSeed(21))
	tok := token(t, s)
	tag, want := taggedCustomers(t, s.Snapshot(), "zhangsan")
	jobID := postMoment(t, s, tok, map[string]any{
		"text":        map[string]any{"content": "五一特惠"},
		"attachments": []any{map[string]any{"msgtype": "image", "image": map[string]any{"media_id": "WWCISP_a"}}},
		"visible_range": map[string]any{
			"sender_list":           map[string]any{"user_list": []string{"zhangsan", "nobody", NoContactMember}, "department_list": []int{2}},
			"external_contact_list": map[string]any{"tag_list": []string{tag, "etBogus"}},
		},
	})

	j, code := jobResult(t, s, tok, jobID)
	require.Zero(t, code)
	assert.Equal(t, jobState{Status: MomentJobStarted, Type: "add_moment_task"}, j)
	s.Clock().Advance(MomentJobRunningAfter)
	j, _ = jobResult(t, s, tok, jobID)
	assert.Equal(t, MomentJobRunning, j.Status)
	assert.Nil(t, j.Result)
	s.Clock().Advance(MomentJobDoneAfter - MomentJobRunningAfter)
	j, _ = jobResult(t, s, tok, jobID)
	require.Equal(t, MomentJobDone, j.Status)
	require.NotNil(t, j.Result)
	assert.Zero(t, j.Result.ErrCode)
	assert.True(t, strings.HasPrefix(j.Result.MomentID, "mom"), j.Result.MomentID)
	assert.Equal(t, MomentSenderList{UserList: []string{"nobody", NoContactMember}, DepartmentList: []int64{2}}, j.Result.InvalidSenderList)
	assert.Equal(t, MomentTagList{TagList: []string{"etBogus"}}, j.Result.InvalidExternalContactList)
	id := j.Result.MomentID

	tasks := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_task", nil, mustJSON(t, map[string]any{"moment_id": id}))
	require.Zero(t, tasks.ErrCode, tasks.ErrMsg)
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","next_cursor":"","task_list":[{"userid":"zhangsan","publish_status":0}]}`, string(tasks.Body))

	customers := func(path string) []string {
		t.Helper()
		r := apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, map[string]any{"moment_id": id, "userid": "zhangsan"}))
		require.Zero(t, r.ErrCode, r.ErrMsg)
		var p struct {
			List []struct {
				UserID         string `json:"userid"`
				ExternalUserID string `json:"external_userid"`
			} `json:"customer_list"`
		}
		r.decode(t, &p)
		out := []string{}
		for _, c := range p.List {
			out = append(out, c.ExternalUserID)
		}
		return out
	}
	assert.Equal(t, want, customers("externalcontact/get_moment_customer_list"), "the tag's customers")
	assert.Empty(t, customers("externalcontact/get_moment_send_result"), "nobody sees it before it is published")

	require.NoError(t, s.Moments().Publish(id, "zhangsan"))
	assert.Equal(t, want, customers("externalcontact/get_moment_send_result"))
	tasks = apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_task", nil, mustJSON(t, map[string]any{"moment_id": id}))
	assert.Contains(t, string(tasks.Body), `"publish_status":1`)

	require.NoError(t, s.Moments().Comment(id, "zhangsan", MomentInteraction{ExternalUserID: want[0]}))
	s.Clock().Advance(time.Minute)
	require.NoError(t, s.Moments().Like(id, "zhangsan", MomentInteraction{UserID: "lisi"}))
	assert.Error(t, s.Moments().Like(id, "zhangsan", MomentInteraction{ExternalUserID: "wmNotAViewer"}))
	assert.Error(t, s.Moments().Like(id, "zhangsan", MomentInteraction{}))
	assert.Error(t, s.Moments().Comment(id, "lisi", MomentInteraction{UserID: "zhangsan"}), "lisi has no copy")
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_comments", nil, mustJSON(t, map[string]any{"moment_id": id, "userid": "zhangsan"}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	now := DefaultStart.Add(MomentJobDoneAfter).Unix()
	assert.JSONEq(t, mustJSON(t, map[string]any{"errcode": 0, "errmsg": "ok",
		"comment_list": []any{map[string]any{"external_userid": want[0], "create_time": now}},
		"like_list":    []any{map[string]any{"userid": "lisi", "create_time": now + 60}}}), string(r.Body))

	// The moment is listed as a corp moment, partly visible, with no creator.
	r = apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_list", nil,
		mustJSON(t, map[string]any{"start_time": DefaultStart.Unix(), "end_time": DefaultStart.Add(time.Hour).Unix()}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	assert.JSONEq(t, mustJSON(t, map[string]any{"errcode": 0, "errmsg": "ok", "next_cursor": "", "moment_list": []any{map[string]any{
		"moment_id": id, "create_time": now, "create_type": 0, "visible_type": 0,
		"text": map[string]any{"content": "五一特惠"}, "image": []any{map[string]any{"media_id": "WWCISP_a"}}}}}), string(r.Body))

	// A day later the jobid is forgotten.
	s.Clock().Advance(24 * time.Hour)
	_, code = jobResult(t, s, token(t, s), jobID)
	assert.Equal(t, codeInvalidParameter, code)
}

func TestMomentCancel(t *testing.T) {
	s := start(t, WithSeed(22))
	tok := token(t, s)
	jobID := postMoment(t, s, tok, map[string]any{"text": map[string]any{"content": "新品上市"},
		"visible_range": map[string]any{"sender_list": map[string]any{"user_list": []string{"zhangsan", "lisi"}}}})
	s.Clock().Advance(MomentJobDoneAfter)
	j, _ := jobResult(t, s, tok, jobID)
	require.NotNil(t, j.Result)
	id := j.Result.MomentID
	assert.Equal(t, MomentSenderList{}, j.Result.InvalidSenderList)
	require.NoError(t, s.Moments().Publish(id, "zhangsan"))

	cancel := func(id string) reply {
		return apiWith(t, s, tok, http.MethodPost, "externalcontact/cancel_moment_task", nil, mustJSON(t, map[string]any{"moment_id": id}))
	}
	require.Zero(t, cancel(id).ErrCode)
	require.Zero(t, cancel(id).ErrCode, "stopping twice is no error")
	assert.ErrorContains(t, s.Moments().Publish(id, "lisi"), "stopped", "lisi had not published: too late")
	require.NoError(t, s.Moments().Publish(id, "zhangsan"), "a published copy stays")
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_task", nil, mustJSON(t, map[string]any{"moment_id": id}))
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","next_cursor":"","task_list":[{"userid":"zhangsan","publish_status":1},{"userid":"lisi","publish_status":0}]}`, string(r.Body))

	personal, err := s.Moments().AddPersonal(PersonalMoment{UserID: "wangwu", Text: "周末团建"})
	require.NoError(t, err)
	assert.Equal(t, codeInvalidParameter, cancel(personal).ErrCode, "only corp moments stop")
	assert.Equal(t, codeInvalidParameter, cancel("momUnknown").ErrCode)
	assert.Equal(t, codeInvalidParameter, cancel("").ErrCode)
}

func TestMomentJobFailures(t *testing.T) {
	s := start(t, WithSeed(23))
	tok := token(t, s)
	noSender := postMoment(t, s, tok, map[string]any{"text": map[string]any{"content": "x"},
		"visible_range": map[string]any{"sender_list": map[string]any{"user_list": []string{"nobody"}}}})
	noTag := postMoment(t, s, tok, map[string]any{"text": map[string]any{"content": "x"},
		"visible_range": map[string]any{"external_contact_list": map[string]any{"tag_list": []string{"etBogus"}}}})
	everyone := postMoment(t, s, tok, map[string]any{"attachments": []any{map[string]any{"msgtype": "link",
		"link": map[string]any{"title": "官网", "url": "https://example.com", "media_id": "WWCISP_cover"}}}})
	s.Clock().Advance(MomentJobDoneAfter)

	j, _ := jobResult(t, s, tok, noSender)
	assert.Equal(t, codeInvalidParameter, j.Result.ErrCode)
	assert.Empty(t, j.Result.MomentID)
	assert.Equal(t, []string{"nobody"}, j.Result.InvalidSenderList.UserList)
	j, _ = jobResult(t, s, tok, noTag)
	assert.Equal(t, codeInvalidTagID, j.Result.ErrCode)
	j, _ = jobResult(t, s, tok, everyone)
	require.Zero(t, j.Result.ErrCode)
	d := s.Snapshot()
	require.NotNil(t, d.Moments)
	require.Len(t, d.Moments.Moments, 1)
	m := d.Moments.Moments[0]
	assert.Equal(t, MomentPublic, m.VisibleType)
	assert.Equal(t, &MomentLink{Title: "官网", URL: "https://example.com"}, m.Link)
	var members []string
	for _, mem := range d.Members {
		if !mem.Resigned() && mem.ExternalContact {
			members = append(members, mem.UserID)
		}
	}
	var senders []string
	for _, sd := range m.Senders {
		senders = append(senders, sd.UserID)
		assert.Len(t, sd.Customers, len(relationsOf(d, sd.UserID)), "all of %s's customers", sd.UserID)
	}
	assert.Equal(t, members, senders, "no sender_list: every member with 客户联系")
}

func TestMomentTaskValidation(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	img := func(id string) map[string]any {
		return map[string]any{"msgtype": "image", "image": map[string]any{"media_id": id}}
	}
	images := make([]any, 10)
	for i := range images {
		images[i] = img("m")
	}
	for name, body := range map[string]any{
		"empty":          map[string]any{},
		"empty text":     map[string]any{"text": map[string]any{"content": ""}},
		"2001 chars":     map[string]any{"text": map[string]any{"content": strings.Repeat("字", 2001)}},
		"10 images":      map[string]any{"attachments": images},
		"image no id":    map[string]any{"attachments": []any{img("")}},
		"image + video":  map[string]any{"attachments": []any{img("a"), map[string]any{"msgtype": "video", "video": map[string]any{"media_id": "v"}}}},
		"video no id":    map[string]any{"attachments": []any{map[string]any{"msgtype": "video", "video": map[string]any{}}}},
		"link no cover":  map[string]any{"attachments": []any{map[string]any{"msgtype": "link", "link": map[string]any{"title": "t", "url": "u"}}}},
		"link no url":    map[string]any{"attachments": []any{map[string]any{"msgtype": "link", "link": map[string]any{"title": "t", "media_id": "m"}}}},
		"link title":     map[string]any{"attachments": []any{map[string]any{"msgtype": "link", "link": map[string]any{"title": strings.Repeat("x", 65), "url": "u", "media_id": "m"}}}},
		"file":           map[string]any{"attachments": []any{map[string]any{"msgtype": "file", "file": map[string]any{"media_id": "f"}}}},
		"empty sender":   map[string]any{"text": map[string]any{"content": "x"}, "visible_range": map[string]any{"sender_list": map[string]any{"user_list": []string{""}}}},
		"100001 senders": map[string]any{"text": map[string]any{"content": "x"}, "visible_range": map[string]any{"sender_list": map[string]any{"user_list": make([]string, 100001)}}},
		"empty tag":      map[string]any{"text": map[string]any{"content": "x"}, "visible_range": map[string]any{"external_contact_list": map[string]any{"tag_list": []string{""}}}},
	} {
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/add_moment_task", nil, mustJSON(t, body))
		assert.Equal(t, codeInvalidParameter, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	assert.Nil(t, s.Snapshot().Moments, "no job was made")
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/get_moment_task_result", nil, "")
	assert.Equal(t, codeInvalidParameter, r.ErrCode, "jobid is required")
}

func TestMomentListFilters(t *testing.T) {
	s := start(t, WithSeed(24))
	var personal []string
	for i, u := range []string{"zhangsan", "lisi", "zhangsan"} {
		id, err := s.Moments().AddPersonal(PersonalMoment{UserID: u, Text: "动态" + strings.Repeat("!", i), Images: []string{"WWCISP_p"},
			Location: &MomentLocation{Latitude: "23.10647", Longitude: "113.32446", Name: "广州市 · 广州塔"}})
		require.NoError(t, err)
		personal = append(personal, id)
		s.Clock().Advance(time.Hour)
	}
	tok := token(t, s)
	postMoment(t, s, tok, map[string]any{"text": map[string]any{"content": "企业"}})
	s.Clock().Advance(MomentJobDoneAfter)
	from, to := DefaultStart.Unix(), DefaultStart.Add(24*time.Hour).Unix()
	list := func(extra map[string]any, limit int) []string {
		t.Helper()
		var ids []string
		cursor := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 100)
			body := map[string]any{"start_time": from, "end_time": to, "cursor": cursor, "limit": limit}
			for k, v := range extra {
				body[k] = v
			}
			r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_list", nil, mustJSON(t, body))
			require.Zero(t, r.ErrCode, r.ErrMsg)
			var p struct {
				NextCursor string `json:"next_cursor"`
				List       []struct {
					MomentID string `json:"moment_id"`
				} `json:"moment_list"`
			}
			r.decode(t, &p)
			for _, m := range p.List {
				ids = append(ids, m.MomentID)
			}
			if p.NextCursor == "" {
				return ids
			}
			cursor = p.NextCursor
		}
	}
	all := list(nil, 1)
	require.Len(t, all, 4)
	assert.Equal(t, personal, all[:3])
	assert.Equal(t, personal, list(map[string]any{"filter_type": 1}, 2))
	assert.Equal(t, all[3:], list(map[string]any{"filter_type": 0}, 0))
	assert.Equal(t, []string{personal[0], personal[2]}, list(map[string]any{"creator": "zhangsan"}, 0))
	assert.Empty(t, list(map[string]any{"creator": "zhangsan", "filter_type": 0}, 0))

	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_task", nil, mustJSON(t, map[string]any{"moment_id": personal[0]}))
	assert.Equal(t, codeInvalidParameter, r.ErrCode, "personal moments have no tasks")
	r = apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_send_result", nil, mustJSON(t, map[string]any{"moment_id": personal[1], "userid": "lisi"}))
	require.Zero(t, r.ErrCode)
	var sent struct {
		List []struct{} `json:"customer_list"`
	}
	r.decode(t, &sent)
	assert.Len(t, sent.List, len(relationsOf(s.Snapshot(), "lisi")), "a personal moment is public")

	for name, tc := range map[string]struct {
		body map[string]any
		code int
	}{
		"no start":    {map[string]any{"end_time": to}, codeInvalidParameter},
		"no end":      {map[string]any{"start_time": from}, codeInvalidParameter},
		"end first":   {map[string]any{"start_time": to, "end_time": from}, codeInvalidParameter},
		"31 days":     {map[string]any{"start_time": from, "end_time": from + 31*day}, codeInvalidParameter},
		"filter 3":    {map[string]any{"start_time": from, "end_time": to, "filter_type": 3}, codeInvalidParameter},
		"bad cursor":  {map[string]any{"start_time": from, "end_time": to, "cursor": "nope"}, codeInvalidCursor},
		"negative":    {map[string]any{"start_time": from, "end_time": to, "limit": -1}, codeInvalidParameter},
		"other query": {map[string]any{"start_time": from, "end_time": to, "creator": "lisi", "cursor": firstCursor(t, s, tok, from, to)}, codeInvalidCursor},
	} {
		r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_list", nil, mustJSON(t, tc.body))
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	for name, tc := range map[string]struct {
		path string
		body map[string]any
		code int
	}{
		"customers no userid":  {"externalcontact/get_moment_customer_list", map[string]any{"moment_id": personal[0]}, codeUserIDMissing},
		"customers unknown":    {"externalcontact/get_moment_customer_list", map[string]any{"moment_id": "momX", "userid": "zhangsan"}, codeInvalidParameter},
		"send result nobody":   {"externalcontact/get_moment_send_result", map[string]any{"moment_id": personal[0], "userid": "nobody"}, codeInvalidUserID},
		"comments no moment":   {"externalcontact/get_moment_comments", map[string]any{"userid": "zhangsan"}, codeInvalidParameter},
		"comments unknown":     {"externalcontact/get_moment_comments", map[string]any{"moment_id": "momX", "userid": "zhangsan"}, codeInvalidParameter},
		"task no moment":       {"externalcontact/get_moment_task", map[string]any{}, codeInvalidParameter},
		"task negative limit":  {"externalcontact/get_moment_task", map[string]any{"moment_id": all[3], "limit": -5}, codeInvalidParameter},
		"customers bad cursor": {"externalcontact/get_moment_customer_list", map[string]any{"moment_id": personal[0], "userid": "zhangsan", "cursor": "x"}, codeInvalidCursor},
	} {
		r := apiWith(t, s, tok, http.MethodPost, tc.path, nil, mustJSON(t, tc.body))
		assert.Equal(t, tc.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
}

// firstCursor returns the cursor after the first moment of the window.
func firstCursor(t *testing.T, s *Server, tok string, from, to int64) string {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodPost, "externalcontact/get_moment_list", nil, mustJSON(t, map[string]any{"start_time": from, "end_time": to, "limit": 1}))
	var p struct {
		NextCursor string `json:"next_cursor"`
	}
	r.decode(t, &p)
	require.NotEmpty(t, p.NextCursor)
	return p.NextCursor
}

// A snapshot taken while a job runs loads into a new simulator, where the
// job completes on that simulator's clock.
func TestMomentJobsSurviveASnapshot(t *testing.T) {
	s := start(t, WithSeed(25))
	tok := token(t, s)
	jobID := postMoment(t, s, tok, map[string]any{"text": map[string]any{"content": "快照"}})
	s.Clock().Advance(MomentJobRunningAfter)
	snap := s.Snapshot()
	require.NotNil(t, snap.Moments)
	require.Len(t, snap.Moments.Jobs, 1)
	assert.Equal(t, MomentJobRunning, snap.Moments.Jobs[0].Status)

	s2 := start(t, WithData(snap), WithClock(NewClock(DefaultStart.Add(MomentJobRunningAfter))))
	tok2 := token(t, s2)
	j, _ := jobResult(t, s2, tok2, jobID)
	assert.Equal(t, MomentJobRunning, j.Status)
	s2.Clock().Advance(MomentJobDoneAfter)
	j, _ = jobResult(t, s2, tok2, jobID)
	require.Equal(t, MomentJobDone, j.Status)
	assert.NotEmpty(t, j.Result.MomentID)

	bad := s2.Snapshot()
	bad.Moments.Jobs[0].Result = nil
	_, err := New(WithData(bad))
	assert.ErrorContains(t, err, "a done job")
	bad = s2.Snapshot()
	bad.Moments.Moments[0].Senders[0].UserID = "nobody"
	_, err = New(WithData(bad))
	assert.ErrorContains(t, err, "no member")
}
