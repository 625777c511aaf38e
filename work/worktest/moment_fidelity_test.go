package worktest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// Fidelity scenarios of the 客户朋友圈 group (fidelity_test.go).

// fidelityMomentJob posts a corp moment of the first active member with
// the given attachment and returns its jobid.
func fidelityMomentJob(t *testing.T, f *fidelity, attachment map[string]any) string {
	t.Helper()
	r := apiWith(t, f.s, f.tok, http.MethodPost, "externalcontact/add_moment_task", nil, mustJSON(t, map[string]any{
		"text": map[string]any{"content": "五一特惠"}, "attachments": []any{attachment},
		"visible_range": map[string]any{
			"sender_list":           map[string]any{"user_list": []string{activeMembers(f.d)[0], "nobody"}, "department_list": []int{99}},
			"external_contact_list": map[string]any{"tag_list": []string{fidelityMomentTag(t, f), "etBogus"}},
		}}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	var out struct {
		JobID string `json:"jobid"`
	}
	r.decode(t, &out)
	return out.JobID
}

// fidelityMomentTag is a live tag one of the first active member's
// customers carries.
func fidelityMomentTag(t *testing.T, f *fidelity) string {
	t.Helper()
	user := activeMembers(f.d)[0]
	for _, r := range f.s.Snapshot().Relations {
		for _, id := range r.TagIDs {
			if g, _ := f.s.st.liveTag(id); r.UserID == user && g != nil {
				return id
			}
		}
	}
	t.Fatalf("no customer of %s has a live tag", user)
	return ""
}

// fidelityMoment posts a corp moment, lets its job finish and returns the
// moment_id.
func fidelityMoment(t *testing.T, f *fidelity, attachment map[string]any) string {
	t.Helper()
	job := fidelityMomentJob(t, f, attachment)
	f.s.Clock().Advance(MomentJobDoneAfter)
	f.tok = token(t, f.s)
	var out struct {
		Result struct {
			MomentID string `json:"moment_id"`
		} `json:"result"`
	}
	r := apiWith(t, f.s, f.tok, http.MethodGet, "externalcontact/get_moment_task_result", url.Values{"jobid": {job}}, "")
	require.Zero(t, r.ErrCode, r.ErrMsg)
	r.decode(t, &out)
	require.NotEmpty(t, out.Result.MomentID)
	return out.Result.MomentID
}

var fidelityImage = map[string]any{"msgtype": "image", "image": map[string]any{"media_id": "WWCISP_image"}}

func init() {
	const mp = "externalcontact/"
	addFidelity(mp+"add_moment_task", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, mp+"add_moment_task", map[string]any{"text": map[string]any{"content": "文本"}})}
	})
	addFidelity(mp+"get_moment_task_result", func(t *testing.T, f *fidelity) [][]byte {
		job := fidelityMomentJob(t, f, fidelityImage)
		started := f.get(t, mp+"get_moment_task_result", url.Values{"jobid": {job}})
		f.s.Clock().Advance(MomentJobDoneAfter)
		f.tok = token(t, f.s)
		return [][]byte{started, f.get(t, mp+"get_moment_task_result", url.Values{"jobid": {job}})}
	})
	addFidelity(mp+"cancel_moment_task", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, mp+"cancel_moment_task", map[string]any{"moment_id": fidelityMoment(t, f, fidelityImage)})}
	})
	addFidelity(mp+"get_moment_list", func(t *testing.T, f *fidelity) [][]byte {
		from := f.s.Clock().Now().Unix()
		fidelityMoment(t, f, map[string]any{"msgtype": "video", "video": map[string]any{"media_id": "WWCISP_video"}})
		fidelityMoment(t, f, map[string]any{"msgtype": "link", "link": map[string]any{"title": "官网", "url": "https://example.com",
			"media_id": "WWCISP_pic"}})
		_, err := f.s.Moments().AddPersonal(PersonalMoment{UserID: activeMembers(f.d)[0], Text: "个人", Images: []string{"WWCISP_mine"},
			Location: &MomentLocation{Latitude: "23.10647", Longitude: "113.32446", Name: "广州市 · 广州塔"}})
		require.NoError(t, err)
		return [][]byte{f.post(t, mp+"get_moment_list", map[string]any{"start_time": from, "end_time": f.s.Clock().Now().Unix(), "limit": 1}),
			f.post(t, mp+"get_moment_list", map[string]any{"start_time": from, "end_time": f.s.Clock().Now().Unix()})}
	})
	addFidelity(mp+"get_moment_task", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, mp+"get_moment_task", map[string]any{"moment_id": fidelityMoment(t, f, fidelityImage)})}
	})
	addFidelity(mp+"get_moment_customer_list", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityMoment(t, f, fidelityImage)
		return [][]byte{f.post(t, mp+"get_moment_customer_list", map[string]any{"moment_id": id, "userid": activeMembers(f.d)[0], "limit": 1})}
	})
	addFidelity(mp+"get_moment_send_result", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityMoment(t, f, fidelityImage)
		require.NoError(t, f.s.Moments().Publish(id, activeMembers(f.d)[0]))
		return [][]byte{f.post(t, mp+"get_moment_send_result", map[string]any{"moment_id": id, "userid": activeMembers(f.d)[0], "limit": 1})}
	})
	addFidelity(mp+"get_moment_comments", func(t *testing.T, f *fidelity) [][]byte {
		user := activeMembers(f.d)[0]
		id := fidelityMoment(t, f, fidelityImage)
		require.NoError(t, f.s.Moments().Publish(id, user))
		var visible string
		for _, m := range f.s.Snapshot().Moments.Moments {
			if m.MomentID == id {
				visible = m.sender(user).Visible[0]
			}
		}
		require.NotEmpty(t, visible)
		for _, by := range []MomentInteraction{{ExternalUserID: visible}, {UserID: activeMembers(f.d)[1]}} {
			require.NoError(t, f.s.Moments().Comment(id, user, by))
			require.NoError(t, f.s.Moments().Like(id, user, by))
		}
		return [][]byte{f.post(t, mp+"get_moment_comments", map[string]any{"moment_id": id, "userid": user})}
	})
	fidelityGroups["moment"] = true
}
