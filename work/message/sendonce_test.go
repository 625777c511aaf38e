package message_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/message"
)

// errcode -1 is retried for a write (WeCom documents it as not processed)
// but never for a send: nothing proves the message did not go out.
func TestSystemBusyIsNotRetriedForSends(t *testing.T) {
	calls := []struct {
		name, path string
		sendOnce   bool
		call       func(ctx context.Context, c *message.Client) error
	}{
		{"submit", "externalcontact/add_msg_template", true, func(ctx context.Context, c *message.Client) error {
			_, err := c.Submit(ctx, &message.MsgTemplate{Sender: "zhangsan", Text: text("hi")})
			return err
		}},
		{"welcome", "externalcontact/send_welcome_msg", true, func(ctx context.Context, c *message.Client) error {
			return c.SendWelcome(ctx, &message.WelcomeMsg{WelcomeCode: "CODE", Text: text("hi")})
		}},
		{"remind", "externalcontact/remind_groupmsg_send", true, func(ctx context.Context, c *message.Client) error { return c.Remind(ctx, msgID) }},
		{"cancel", "externalcontact/cancel_groupmsg_send", false, func(ctx context.Context, c *message.Client) error { return c.Cancel(ctx, msgID) }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			srv := wiretest.NewServer(t)
			srv.Handle(tc.path, func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, `{"errcode":-1,"errmsg":"system busy"}`)
			})
			err := tc.call(context.Background(), message.New(srv.Core()))
			require.Error(t, err)
			assert.ErrorIs(t, err, core.ErrSystemBusy)
			if tc.sendOnce {
				assert.EqualValues(t, 1, srv.Requests.Load(), "a send is never repeated")
				assert.ErrorIs(t, err, core.ErrUnknownOutcome)
			} else {
				assert.EqualValues(t, wiretest.MaxAttempts, srv.Requests.Load(), "a write is retried on -1")
				assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
			}
		})
	}
}

func TestEndpointClasses(t *testing.T) {
	want := map[string]core.Class{
		"externalcontact/add_msg_template":         core.ClassSendOnce,
		"externalcontact/send_welcome_msg":         core.ClassSendOnce,
		"externalcontact/remind_groupmsg_send":     core.ClassSendOnce,
		"externalcontact/cancel_groupmsg_send":     core.ClassWrite,
		"externalcontact/get_groupmsg_list_v2":     core.ClassReadPost,
		"externalcontact/get_groupmsg_task":        core.ClassReadPost,
		"externalcontact/get_groupmsg_send_result": core.ClassReadPost,
		"externalcontact/get_group_msg_result":     core.ClassReadPost,
	}
	got := map[string]core.Class{}
	for _, ep := range message.Endpoints() {
		got[ep.Path] = ep.Class
	}
	assert.Equal(t, want, got)
}

func TestWelcomeCodeUsed(t *testing.T) {
	srv := wiretest.NewServer(t)
	srv.Handle("externalcontact/send_welcome_msg", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":41051,"errmsg":"externaluser has started chatting"}`)
	})
	err := message.New(srv.Core()).SendWelcome(context.Background(), &message.WelcomeMsg{WelcomeCode: "CODE", Text: text("hi")})
	assert.ErrorIs(t, err, message.ErrWelcomeCodeUsed)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
	assert.NotErrorIs(t, &core.APIError{Code: 41052}, message.ErrWelcomeCodeUsed)
}

func TestLegacyAttachments(t *testing.T) {
	img := &content.Image{MediaID: "MEDIA_ID"}
	link := &content.Link{Title: "t", URL: "https://example.com"}
	mini := &content.MiniProgram{Title: "m", PicMediaID: "p", AppID: "wx1", Page: "/index"}
	got := message.LegacyAttachments(img, link, mini)
	require.Len(t, got, 3)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"msgtype":"image","image":{"media_id":"MEDIA_ID"}},
		{"msgtype":"link","link":{"title":"t","url":"https://example.com"}},
		{"msgtype":"miniprogram","miniprogram":{"title":"m","pic_media_id":"p","appid":"wx1","page":"/index"}}]`, string(b))
	img.MediaID = "changed"
	assert.Equal(t, "MEDIA_ID", got[0].Image.MediaID, "the parts are copied")

	assert.Empty(t, message.LegacyAttachments(nil, nil, nil))
	only := message.LegacyAttachments(nil, link, nil)
	require.Len(t, only, 1)
	assert.Equal(t, content.MsgLink, only[0].MsgType)
	tmpl := &message.MsgTemplate{Sender: "zhangsan", Attachments: only}
	assert.NoError(t, tmpl.Validate())
}

// FindSubmitted compares an image sent by pic_url by its URL and one sent
// by media_id by its id, whatever else WeCom echoes.
func TestFindSubmittedMatchesImages(t *testing.T) {
	srv := wiretest.NewServer(t)
	srv.Handle("externalcontact/get_groupmsg_list_v2", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","group_msg_list":[
			{"msgid":"m1","create_time":1,"create_type":0,"attachments":[{"msgtype":"image","image":{"media_id":"MID","pic_url":"http://p/1"}}]},
			{"msgid":"m2","create_time":2,"create_type":0,"attachments":[{"msgtype":"image","image":{"media_id":"OTHER","pic_url":"http://p/2"}}]}]}`)
	})
	c := message.New(srv.Core())
	now := time.Unix(1700000000, 0)
	byID, err := c.FindSubmitted(context.Background(), &message.MsgTemplate{Sender: "u", Attachments: []content.Attachment{content.NewImage("MID")}}, now.Add(-time.Hour), now)
	require.NoError(t, err)
	require.Len(t, byID, 1)
	assert.Equal(t, "m1", byID[0].MsgID)
	byURL, err := c.FindSubmitted(context.Background(), &message.MsgTemplate{Sender: "u", Attachments: []content.Attachment{content.NewImageURL("http://p/2")}}, now.Add(-time.Hour), now)
	require.NoError(t, err)
	require.Len(t, byURL, 1)
	assert.Equal(t, "m2", byURL[0].MsgID)
	none, err := c.FindSubmitted(context.Background(), &message.MsgTemplate{Sender: "u", Text: text("x"), Attachments: []content.Attachment{content.NewImage("MID")}}, now.Add(-time.Hour), now)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestNames(t *testing.T) {
	assert.Equal(t, "group", message.ChatGroup.String())
	assert.Equal(t, "corp", message.FilterCorp.String())
	assert.Equal(t, "member", message.FilterMember.String())
	assert.Equal(t, "all", message.FilterAll.String())
	assert.Equal(t, "FilterType(7)", message.FilterType(7).String())
	assert.Equal(t, "corp", message.CreatedByCorp.String())
	assert.Equal(t, "member", message.CreatedByMember.String())
	assert.Equal(t, "CreateType(5)", message.CreateType(5).String())
	assert.Equal(t, "unsent", message.TaskUnsent.String())
	assert.Equal(t, "sent", message.TaskSent.String())
	assert.Equal(t, "TaskStatus(1)", message.TaskStatus(1).String())
	for s, want := range map[message.SendStatus]string{message.SendUnsent: "unsent", message.SendSent: "sent",
		message.SendNotFriend: "not a friend", message.SendReceivedOther: "received another mass message", 9: "SendStatus(9)"} {
		assert.Equal(t, want, s.String())
	}
}
