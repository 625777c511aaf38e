package worktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/school"
	"github.com/wecomkit/wecom/work/worktest"
)

// The 家校沟通 service against the simulator: the subscribe mode, the QR
// code, and notices whose invalid recipients come back per recipient.
func TestSchoolServiceSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(83))
	sc, ctx := app.School(), context.Background()

	mode, err := sc.GetSubscribeMode(ctx)
	require.NoError(t, err)
	assert.Equal(t, school.SubscribeByScan, mode)
	require.NoError(t, sc.SetSubscribeMode(ctx, school.SubscribeClosed))
	mode, err = sc.GetSubscribeMode(ctx)
	require.NoError(t, err)
	assert.Equal(t, school.SubscribeClosed, mode)
	qr, err := sc.GetSubscribeQRCode(ctx)
	require.NoError(t, err)
	assert.Equal(t, s.Snapshot().School.QRCode.Big, qr.Big)

	students := s.School().Students()
	require.NotEmpty(t, students)
	first := students[0]
	res, err := sc.SendMessage(ctx, &school.MessageRequest{AgentID: 1000005, RecvScope: school.ToParentsAndStudents,
		ToStudentUserIDs: []string{first.StudentUserID, "student_nobody"}, ToParties: []string{"99"},
		Message: school.NewNews(school.Article{Title: "春游通知", URL: "https://school.example.com/trip"})})
	require.NoError(t, err)
	assert.Equal(t, []school.InvalidRecipient{{Kind: school.Student, ID: "student_nobody"}, {Kind: school.Party, ID: "99"}}, res.Invalid())
	var ire *school.InvalidRecipientsError
	require.ErrorAs(t, res.Err(), &ire)
	assert.Len(t, ire.Recipients, 2)

	ms := s.School().Messages()
	require.Len(t, ms, 1)
	assert.Equal(t, "news", ms[0].MsgType)
	assert.Equal(t, []string{first.StudentUserID}, ms[0].Students)
	assert.Equal(t, first.Parents, ms[0].Parents)
	assert.JSONEq(t, `{"articles":[{"title":"春游通知","url":"https://school.example.com/trip"}]}`, string(ms[0].Content))

	// The whole school's parents, once each.
	res, err = sc.SendMessage(ctx, &school.MessageRequest{AgentID: 1000005, ToAll: true, Message: school.NewText("放假通知")})
	require.NoError(t, err)
	assert.NoError(t, res.Err())
	var parents int
	for _, st := range students {
		parents += len(st.Parents)
	}
	ms = s.School().Messages()
	assert.Len(t, ms[1].Parents, parents)
	assert.Empty(t, ms[1].Students)
}

// A notice whose answer is lost after WeCom sent it: the SDK reports an
// unknown outcome and never sends it again, not even after errcode -1;
// the simulator recorded it once.
func TestSchoolNoticeIsSentOnce(t *testing.T) {
	for name, status := range map[string]int{"dropped connection": 0, "502": http.StatusBadGateway} {
		t.Run(name, func(t *testing.T) {
			app, s := worktest.NewApp(t, worktest.WithSeed(84))
			s.Faults().LoseAnswer("externalcontact/message/send", 1, status)
			_, err := app.School().SendMessage(context.Background(), &school.MessageRequest{AgentID: 1, ToAll: true, Message: school.NewText("x")})
			require.Error(t, err)
			assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "%v", err)
			assert.Equal(t, 1, s.Count("externalcontact/message/send"))
			assert.Len(t, s.School().Messages(), 1, "the notice went out once")
		})
	}
	app, s := worktest.NewApp(t, worktest.WithSeed(85))
	s.Faults().FailNext("externalcontact/message/send", 1, -1)
	_, err := app.School().SendMessage(context.Background(), &school.MessageRequest{AgentID: 1, ToAll: true, Message: school.NewText("x")})
	assert.ErrorIs(t, err, core.ErrUnknownOutcome, "errcode -1 on a send: outcome unknown")
	assert.Equal(t, 1, s.Count("externalcontact/message/send"), "not re-sent after -1")
}
