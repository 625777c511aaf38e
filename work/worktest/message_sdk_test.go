package worktest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/groupwelcome"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/worktest"
)

// WeCom creates the mass message, the answer is lost: Submit reports an
// unknown outcome, is not sent again, and FindSubmitted finds the one
// message that was created.
func TestSubmitDeliveredExactlyOnce(t *testing.T) {
	for _, status := range []int{0, 502} {
		app, s := worktest.NewApp(t, worktest.WithSeed(7))
		msg := app.ExternalContactMessage()
		ctx := context.Background()
		tmpl := &message.MsgTemplate{Sender: "zhangsan", Text: &content.Text{Content: "会员日：全场八折"}}
		before := s.Clock().Now()

		s.Faults().LoseAnswer("externalcontact/add_msg_template", 1, status)
		_, err := msg.Submit(ctx, tmpl)
		require.Error(t, err)
		assert.ErrorIs(t, err, core.ErrUnknownOutcome, "status %d", status)
		assert.Equal(t, 1, s.Count("externalcontact/add_msg_template"), "never sent twice")
		require.Len(t, s.Messages().List(), 1, "created exactly once")

		found, err := msg.FindSubmitted(ctx, tmpl, before, s.Clock().Now())
		require.NoError(t, err)
		require.Len(t, found, 1)
		assert.Equal(t, s.Messages().List()[0].MsgID, found[0].MsgID)
		assert.Equal(t, message.CreatedByCorp, found[0].CreateType)

		other, err := msg.FindSubmitted(ctx, &message.MsgTemplate{Sender: "zhangsan", Text: &content.Text{Content: "另一条"}}, before, s.Clock().Now())
		require.NoError(t, err)
		assert.Empty(t, other)
	}
}

// The same for a welcome message: after the lost answer, sending again
// with the same code cannot send twice.
func TestSendWelcomeAfterALostAnswer(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(8))
	ctx := context.Background()
	added, err := s.AddContact(ctx, worktest.AddContact{UserID: "zhangsan"})
	require.NoError(t, err)
	w := &message.WelcomeMsg{WelcomeCode: added.WelcomeCode, Text: &content.Text{Content: "欢迎"}}
	s.Faults().LoseAnswer("externalcontact/send_welcome_msg", 1, 0)
	err = app.ExternalContactMessage().SendWelcome(ctx, w)
	require.ErrorIs(t, err, core.ErrUnknownOutcome)
	err = app.ExternalContactMessage().SendWelcome(ctx, w)
	assert.ErrorIs(t, err, message.ErrWelcomeCodeUsed, "the first one went out")
	require.Len(t, s.Messages().Welcomes(), 1)
	assert.Equal(t, added.ExternalUserID, s.Messages().Welcomes()[0].ExternalUserID)
}

// A mass message's life through the SDK: tasks, confirmation on the
// clock, results, remind and cancel limits.
func TestMassMessageThroughSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(9))
	msg := app.ExternalContactMessage()
	ctx := context.Background()
	img, err := app.Media().Upload(ctx, media.Image, media.Upload{Name: "banner.png", Body: bytes.NewReader(pngFile(4096))})
	require.NoError(t, err)
	assert.Equal(t, s.Clock().Now().Add(72*time.Hour).Unix(), img.ExpiresAt.Unix())

	res, err := msg.Submit(ctx, &message.MsgTemplate{Sender: "lisi", Text: &content.Text{Content: "新品上市"},
		Attachments: []content.Attachment{content.NewImage(img.MediaID)}})
	require.NoError(t, err)
	assert.Empty(t, res.FailList)

	tasks, errs := wiretest.Collect(msg.GetGroupMsgTaskAll(ctx, &message.GroupMsgTaskRequest{MsgID: res.MsgID}))
	require.Empty(t, errs)
	require.Len(t, tasks, 1)
	assert.Equal(t, message.GroupMsgTask{UserID: "lisi", Status: message.TaskUnsent}, tasks[0])

	s.Clock().Advance(worktest.MassTaskConfirmDelay)
	results, errs := wiretest.Collect(msg.GetGroupMsgSendResultAll(ctx, &message.GroupMsgSendResultRequest{MsgID: res.MsgID, UserID: "lisi", Limit: 1}))
	require.Empty(t, errs)
	require.NotEmpty(t, results)
	sent := 0
	for _, r := range results {
		if r.Status == message.SendSent {
			sent++
		}
	}
	assert.Equal(t, len(results), sent, "every customer got it")
	legacy, err := msg.Get(ctx, &message.GroupMsgResultRequest{MsgID: res.MsgID})
	require.NoError(t, err)
	assert.Len(t, legacy.DetailList, len(results))

	for i := 0; i < message.MaxReminders; i++ {
		require.NoError(t, msg.Remind(ctx, res.MsgID))
	}
	err = msg.Remind(ctx, res.MsgID)
	assert.ErrorIs(t, err, core.ErrRateLimited, "3 reminders in 24 hours")
	assert.Equal(t, message.MaxReminders+1, s.Count("externalcontact/remind_groupmsg_send"), "45009 is not retried")
	require.NoError(t, msg.Cancel(ctx, res.MsgID))

	// Three days later the image's media_id is gone.
	s.Clock().Advance(media.TempMediaTTL)
	_, err = msg.Submit(ctx, &message.MsgTemplate{Sender: "lisi", Attachments: []content.Attachment{content.NewImage(img.MediaID)}})
	assert.ErrorIs(t, err, media.ErrInvalidMediaID)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
}

func TestUploadsThroughSDK(t *testing.T) {
	app, s := worktest.NewApp(t)
	m := app.Media()
	ctx := context.Background()
	voice, err := m.Upload(ctx, media.Voice, media.Upload{Name: "hello.amr", Body: bytes.NewReader(amrFile(500))})
	require.NoError(t, err)
	assert.Equal(t, media.Voice, voice.Type)
	f, ok := s.Media().Get(voice.MediaID)
	require.True(t, ok)
	assert.Equal(t, "hello.amr", f.Name)

	url, err := m.UploadImage(ctx, media.Upload{Name: "poster.png", Body: bytes.NewReader(pngFile(1000))})
	require.NoError(t, err)
	assert.NotEmpty(t, url.URL)

	att, err := m.UploadAttachment(ctx, &media.AttachmentRequest{AttachmentType: media.AttachmentProductAlbum, MediaType: media.Image,
		File: media.Upload{Name: "sku.png", Body: bytes.NewReader(pngFile(1000))}})
	require.NoError(t, err)
	assert.Equal(t, s.Clock().Now().Unix(), att.CreatedAt)
	f, _ = s.Media().Get(att.MediaID)
	assert.Equal(t, 2, f.AttachmentType)

	// A GIF never leaves the process: the SDK refuses it before sending.
	before := s.Count("media/upload")
	_, err = m.Upload(ctx, media.Image, media.Upload{Name: "anim.gif", Body: bytes.NewReader([]byte("GIF89a0123456789"))})
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	assert.Equal(t, before, s.Count("media/upload"))
}

func TestGroupWelcomeTemplatesThroughSDK(t *testing.T) {
	app, s := worktest.NewApp(t)
	gw := app.GroupWelcomeTemplate()
	ctx := context.Background()
	cover, err := s.Media().Add("image", "cover.jpg")
	require.NoError(t, err)
	added, err := gw.Add(ctx, &groupwelcome.AddRequest{Template: groupwelcome.Template{
		Text:        &content.Text{Content: "欢迎 %NICKNAME% 入群"},
		MiniProgram: &content.MiniProgram{Title: "会员中心", PicMediaID: cover, AppID: "wx8bd80126147dfAAA", Page: "/pages/member"}}})
	require.NoError(t, err)
	got, err := gw.Get(ctx, added.TemplateID)
	require.NoError(t, err)
	assert.Equal(t, "会员中心", got.MiniProgram.Title)
	assert.Nil(t, got.Image)

	require.NoError(t, gw.Edit(ctx, &groupwelcome.EditRequest{TemplateID: added.TemplateID, Template: groupwelcome.Template{
		Text: &content.Text{Content: "新的欢迎语"}}}))
	got, err = gw.Get(ctx, added.TemplateID)
	require.NoError(t, err)
	assert.Equal(t, "新的欢迎语", got.Text.Content)
	assert.NotNil(t, got.MiniProgram, "an edit without a part keeps the part")

	require.NoError(t, gw.Del(ctx, added.TemplateID, 0))
	_, err = gw.Get(ctx, added.TemplateID)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
}

func pngFile(n int) []byte {
	b := make([]byte, n)
	copy(b, "\x89PNG\r\n\x1a\n")
	return b
}

func amrFile(frames int) []byte {
	b := []byte("#!AMR\n")
	f := make([]byte, 32)
	f[0] = 7<<3 | 4
	for i := 0; i < frames; i++ {
		b = append(b, f...)
	}
	return b
}
