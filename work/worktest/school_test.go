package worktest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schoolData is a school of two classes: 11 (student001 with parents
// p1a and p1b, student002 with p2a) and 12 (student003 with p3a).
func schoolData() *Data {
	d := statData()
	d.School = &SchoolData{Students: []SchoolStudent{
		{StudentUserID: "student001", Name: "张小明", Party: "11", Parents: []string{"p1a", "p1b"}},
		{StudentUserID: "student002", Name: "李小红", Party: "11", Parents: []string{"p2a"}},
		{StudentUserID: "student003", Name: "王小刚", Party: "12", Parents: []string{"p3a"}},
	}}
	return d
}

func schoolSend(t *testing.T, s *Server, body string) reply {
	t.Helper()
	return api(t, s, http.MethodPost, "externalcontact/message/send", nil, body)
}

func TestSchoolSubscribeMode(t *testing.T) {
	s := start(t, WithSeed(81))
	get := func() int {
		var out struct {
			Mode int `json:"subscribe_mode"`
		}
		api(t, s, http.MethodGet, "externalcontact/get_subscribe_mode", nil, "").decode(t, &out)
		return out.Mode
	}
	assert.Equal(t, SubscribeByScan, get())
	assert.Equal(t, 0, api(t, s, http.MethodPost, "externalcontact/set_subscribe_mode", nil, `{"subscribe_mode":2}`).ErrCode)
	assert.Equal(t, SubscribeClosed, get())
	for _, bad := range []string{`{"subscribe_mode":3}`, `{"subscribe_mode":0}`, `{}`} {
		assert.Equal(t, 40058, api(t, s, http.MethodPost, "externalcontact/set_subscribe_mode", nil, bad).ErrCode, bad)
	}
	assert.Equal(t, 47001, api(t, s, http.MethodPost, "externalcontact/set_subscribe_mode", nil, `{"subscribe_mode":"2"}`).ErrCode)
	assert.Equal(t, SubscribeClosed, get())
	assert.Equal(t, SubscribeClosed, s.Snapshot().School.SubscribeMode)

	var qr SchoolQRCode
	api(t, s, http.MethodGet, "externalcontact/get_subscribe_qr_code", nil, "").decode(t, &qr)
	assert.True(t, strings.HasPrefix(qr.Big, "http://p.qpic.cn/wwhead/"), qr.Big)
	assert.True(t, strings.HasSuffix(qr.Thumb, "/48"))
	assert.Equal(t, *s.Snapshot().School.QRCode, qr)
}

func TestSchoolRecipients(t *testing.T) {
	s := start(t, WithData(schoolData()))
	for name, tt := range map[string]struct {
		body              string
		parents, students []string
		invalid           string
	}{
		"parents of a student, a parent, an unknown parent": {
			`"to_student_userid":["student001"],"to_parent_userid":["p3a","nobody"]`,
			[]string{"p1a", "p1b", "p3a"}, nil,
			`"invalid_parent_userid":["nobody"],"invalid_student_userid":[],"invalid_party":[]`},
		"students of a class, scope 1 ignores parents": {
			`"recv_scope":1,"to_party":["11"],"to_parent_userid":["p3a"]`,
			nil, []string{"student001", "student002"},
			`"invalid_parent_userid":[],"invalid_student_userid":[],"invalid_party":[]`},
		"both, numbers for classes, unknown ones": {
			`"recv_scope":2,"to_party":[12,99],"to_student_userid":["ghost"]`,
			[]string{"p3a"}, []string{"student003"},
			`"invalid_parent_userid":[],"invalid_student_userid":["ghost"],"invalid_party":["99"]`},
		"the whole school": {
			`"toall":1`, []string{"p1a", "p1b", "p2a", "p3a"}, nil,
			`"invalid_parent_userid":[],"invalid_student_userid":[],"invalid_party":[]`},
	} {
		t.Run(name, func(t *testing.T) {
			r := schoolSend(t, s, `{`+tt.body+`,"msgtype":"text","agentid":1000005,"text":{"content":"`+name+`"}}`)
			require.Equal(t, 0, r.ErrCode, r.ErrMsg)
			assert.JSONEq(t, `{"errcode":0,"errmsg":"ok",`+tt.invalid+`}`, string(r.Body))
			ms := s.School().Messages()
			m := ms[len(ms)-1]
			assert.Equal(t, tt.parents, m.Parents)
			assert.Equal(t, tt.students, m.Students)
			assert.JSONEq(t, `{"content":"`+name+`"}`, string(m.Content))
		})
	}
	assert.Len(t, s.School().Messages(), 4)
}

func TestSchoolSendRules(t *testing.T) {
	s := start(t, WithData(schoolData()))
	ok := `"to_student_userid":["student001"],"agentid":1,`
	for name, tt := range map[string]struct {
		body string
		code int
	}{
		"no agentid":          {`{"to_student_userid":["student001"],"msgtype":"text","text":{"content":"x"}}`, 40058},
		"no msgtype":          {`{` + ok + `"text":{"content":"x"}}`, 40058},
		"textcard":            {`{` + ok + `"msgtype":"textcard","textcard":{"title":"x"}}`, 40008},
		"text without text":   {`{` + ok + `"msgtype":"text","image":{"media_id":"m"}}`, 40058},
		"empty text":          {`{` + ok + `"msgtype":"text","text":{"content":""}}`, 40058},
		"2049 bytes":          {`{` + ok + `"msgtype":"text","text":{"content":"` + strings.Repeat("a", 2049) + `"}}`, 40058},
		"image no media_id":   {`{` + ok + `"msgtype":"image","image":{}}`, 40058},
		"nine articles":       {`{` + ok + `"msgtype":"news","news":{"articles":[{},{},{},{},{},{},{},{},{}]}}`, 40058},
		"mini program no app": {`{` + ok + `"msgtype":"miniprogram","miniprogram":{"title":"t"}}`, 40058},
		"no recipient":        {`{"agentid":1,"msgtype":"text","text":{"content":"x"}}`, 40058},
		"recv_scope 3":        {`{` + ok + `"recv_scope":3,"msgtype":"text","text":{"content":"x"}}`, 40058},
		"101 classes":         {`{"agentid":1,"to_party":` + mustJSON(t, make([]int, 101)) + `,"msgtype":"text","text":{"content":"x"}}`, 40058},
		"interval 4h+1s":      {`{` + ok + `"enable_duplicate_check":1,"duplicate_check_interval":14401,"msgtype":"text","text":{"content":"x"}}`, 40058},
		"text as a string":    {`{` + ok + `"msgtype":"text","text":"x"}`, 47001},
		"classes as objects":  {`{"agentid":1,"to_party":[{}],"msgtype":"text","text":{"content":"x"}}`, 47001},
	} {
		r := schoolSend(t, s, tt.body)
		assert.Equal(t, tt.code, r.ErrCode, "%s: %s", name, r.ErrMsg)
	}
	assert.Empty(t, s.School().Messages(), "a refused notice is not recorded")
}

func TestSchoolDuplicateCheck(t *testing.T) {
	s := start(t, WithData(schoolData()))
	body := `{"to_student_userid":["student002"],"msgtype":"text","agentid":1,"text":{"content":"明天春游"},"enable_duplicate_check":1,"duplicate_check_interval":3600}`
	for i := 0; i < 2; i++ {
		require.Equal(t, 0, schoolSend(t, s, body).ErrCode)
	}
	s.Clock().Advance(time.Hour)
	require.Equal(t, 0, schoolSend(t, s, body).ErrCode)
	// Without the check, the same notice goes out again.
	require.Equal(t, 0, schoolSend(t, s, strings.Replace(body, `"enable_duplicate_check":1,"duplicate_check_interval":3600`, `"enable_duplicate_check":0`, 1)).ErrCode)
	ms := s.School().Messages()
	require.Len(t, ms, 4)
	assert.Equal(t, []bool{false, true, false, false}, []bool{ms[0].Duplicate, ms[1].Duplicate, ms[2].Duplicate, ms[3].Duplicate})
	assert.Empty(t, ms[1].Parents, "a duplicate reaches nobody")
	assert.Equal(t, []string{"p2a"}, ms[2].Parents, "an hour later it is new again")

	// The duplicate check survives a snapshot.
	s2 := start(t, WithData(s.Snapshot()), WithClock(NewClock(s.Clock().Now())))
	require.Equal(t, 0, schoolSend(t, s2, body).ErrCode)
	ms = s2.School().Messages()
	assert.True(t, ms[len(ms)-1].Duplicate)
}

func TestSchoolSeededDirectory(t *testing.T) {
	s := start(t, WithSeed(82))
	sts := s.School().Students()
	require.Len(t, sts, 6)
	assert.Equal(t, "student001", sts[0].StudentUserID)
	assert.Equal(t, "11", sts[0].Party)
	assert.Equal(t, "12", sts[5].Party)
	require.NoError(t, s.School().AddStudent(SchoolStudent{StudentUserID: "student100", Party: "13", Parents: []string{"p100"}}))
	assert.Error(t, s.School().AddStudent(SchoolStudent{StudentUserID: "student100"}))
	r := schoolSend(t, s, `{"to_party":["13"],"msgtype":"image","agentid":1,"image":{"media_id":"m"}}`)
	require.Equal(t, 0, r.ErrCode)
	ms := s.School().Messages()
	require.Len(t, ms, 1)
	assert.Equal(t, []string{"p100"}, ms[0].Parents)
}
