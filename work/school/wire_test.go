package school_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/school"
)

const (
	pQRCode  = "externalcontact/get_subscribe_qr_code"
	pSetMode = "externalcontact/set_subscribe_mode"
	pGetMode = "externalcontact/get_subscribe_mode"
	pSend    = "externalcontact/message/send"
)

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}

// notice is a valid request for the bad rows to break one field of.
func notice(mut func(r *school.MessageRequest)) *school.MessageRequest {
	r := &school.MessageRequest{AgentID: 1000005, ToStudentUserIDs: []string{"student_zhangxiaoming"}, Message: school.NewText("明天春游")}
	mut(r)
	return r
}

func TestWire(t *testing.T) {
	type C = *school.Client
	fx := func(name string) string { return wiretest.Fixture(t, "school", name) }
	send := func(r *school.MessageRequest) func(ctx context.Context, c C) (any, error) {
		return func(ctx context.Context, c C) (any, error) { return c.SendMessage(ctx, r) }
	}
	bad := func(mut func(r *school.MessageRequest)) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error { _, err := c.SendMessage(ctx, notice(mut)); return err }
	}
	wantInvalid := &school.SendResponse{InvalidParentUserIDs: []string{"parent_lisi_mother"},
		InvalidStudentUserIDs: []string{"student_wangxiaohong"}, InvalidParties: school.IDs{"3", "4"}}
	const text = "你的孩子已到校。\n出发前可查看<a href=\"http://work.weixin.qq.com\">班级相册</a>。"
	articles := func(n int) []school.Article {
		out := make([]school.Article, n)
		for i := range out {
			out[i] = school.Article{Title: fmt.Sprintf("第%d周食谱", i+1), URL: "https://school.example.com/menu"}
		}
		return out
	}

	wiretest.Suite[C]{
		Endpoints: school.Endpoints(),
		New:       school.New,
		Cases: []wiretest.Case[C]{
			{
				Method: "GET", Path: pQRCode,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetSubscribeQRCode(ctx) },
				Exchange: wiretest.Exchange{Reply: fx("get_subscribe_qr_code")},
				Want: &school.QRCode{
					Big:    "http://p.qpic.cn/wwhead/nMl9ssowtibVGyrmvBiaibzDtp7Ha7yXbUCW3HJ6sbmtOjNkQ1pbnyW3KeXEXicJjoU/0",
					Middle: "http://p.qpic.cn/wwhead/nMl9ssowtibVGyrmvBiaibzDtp7Ha7yXbUCW3HJ6sbmtOjNkQ1pbnyW3KeXEXicJjoU/96",
					Thumb:  "http://p.qpic.cn/wwhead/nMl9ssowtibVGyrmvBiaibzDtp7Ha7yXbUCW3HJ6sbmtOjNkQ1pbnyW3KeXEXicJjoU/48"},
			},
			{
				Method: "POST", Path: pSetMode,
				Call: func(ctx context.Context, c C) (any, error) {
					return nil, c.SetSubscribeMode(ctx, school.SubscribeClosed)
				},
				Exchange: wiretest.Exchange{Body: `{"subscribe_mode":2}`, Reply: `{"errcode":0,"errmsg":"ok"}`},
			},
			{
				Method: "GET", Path: pGetMode,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetSubscribeMode(ctx) },
				Exchange: wiretest.Exchange{Reply: fx("get_subscribe_mode")},
				Want:     school.SubscribeClosed,
			},
			{
				Name: "message/send text to every kind of recipient", Method: "POST", Path: pSend,
				Call: send(&school.MessageRequest{AgentID: 1000005, RecvScope: school.ToParentsAndStudents,
					ToParentUserIDs: []string{"parent_zhangsan_father", "parent_lisi_mother"}, ToStudentUserIDs: []string{"student_wangxiaohong"},
					ToParties: []string{"3", "4"}, Message: school.NewText(text),
					EnableIDTrans: true, EnableDuplicateCheck: true, DuplicateCheckInterval: time.Hour}),
				Exchange: wiretest.Exchange{
					Body: `{"recv_scope":2,"to_parent_userid":["parent_zhangsan_father","parent_lisi_mother"],"to_student_userid":["student_wangxiaohong"],
						"to_party":["3","4"],"msgtype":"text","agentid":1000005,"text":{"content":` + jsonString(text) + `},
						"enable_id_trans":1,"enable_duplicate_check":1,"duplicate_check_interval":3600}`,
					Reply: fx("message_send")},
				Want: wantInvalid,
				Check: func(t *testing.T, got any) {
					r := got.(*school.SendResponse)
					assert.Equal(t, []school.InvalidRecipient{{Kind: school.Parent, ID: "parent_lisi_mother"},
						{Kind: school.Student, ID: "student_wangxiaohong"}, {Kind: school.Party, ID: "3"}, {Kind: school.Party, ID: "4"}}, r.Invalid())
					assert.EqualError(t, r.Err(), `wecom: externalcontact/message/send: 4 invalid recipient(s): to_parent_userid "parent_lisi_mother", `+
						`to_student_userid "student_wangxiaohong", to_party "3", to_party "4"`)
				},
			},
			{
				Name: "message/send image to the whole school", Method: "POST", Path: pSend,
				Call: send(&school.MessageRequest{AgentID: 1000005, ToAll: true, Message: school.NewImage("MEDIA_ID_poster")}),
				Exchange: wiretest.Exchange{
					Body:  `{"toall":1,"msgtype":"image","agentid":1000005,"image":{"media_id":"MEDIA_ID_poster"}}`,
					Reply: fx("message_send_all_valid")},
				Check: func(t *testing.T, got any) {
					r := got.(*school.SendResponse)
					assert.Empty(t, r.Invalid())
					assert.NoError(t, r.Err())
				},
			},
			{
				Name: "message/send voice to students of a class", Method: "POST", Path: pSend,
				Call: send(&school.MessageRequest{AgentID: 7, RecvScope: school.ToStudents, ToParties: []string{"12"}, Message: school.NewVoice("MEDIA_ID_voice")}),
				Exchange: wiretest.Exchange{
					Body:  `{"recv_scope":1,"to_party":["12"],"msgtype":"voice","agentid":7,"voice":{"media_id":"MEDIA_ID_voice"}}`,
					Reply: fx("message_send_string_parties")},
				Want: &school.SendResponse{InvalidParties: school.IDs{"12"}},
			},
			{
				Name: "message/send video", Method: "POST", Path: pSend,
				Call: send(notice(func(r *school.MessageRequest) {
					r.Message = school.NewVideo(school.Video{MediaID: "MEDIA_ID_v", Title: "运动会", Description: strings.Repeat("d", 512)})
				})),
				Exchange: wiretest.Exchange{
					Body: `{"to_student_userid":["student_zhangxiaoming"],"msgtype":"video","agentid":1000005,
						"video":{"media_id":"MEDIA_ID_v","title":"运动会","description":"` + strings.Repeat("d", 512) + `"}}`,
					Reply: fx("message_send_all_valid")},
			},
			{
				Name: "message/send file", Method: "POST", Path: pSend,
				Call: send(notice(func(r *school.MessageRequest) { r.Message = school.NewFile("MEDIA_ID_f") })),
				Exchange: wiretest.Exchange{
					Body:  `{"to_student_userid":["student_zhangxiaoming"],"msgtype":"file","agentid":1000005,"file":{"media_id":"MEDIA_ID_f"}}`,
					Reply: fx("message_send_all_valid")},
			},
			{
				Name: "message/send eight news articles", Method: "POST", Path: pSend,
				Call: send(notice(func(r *school.MessageRequest) { r.Message = school.NewNews(articles(8)...) })),
				Exchange: wiretest.Exchange{
					Body:  `{"to_student_userid":["student_zhangxiaoming"],"msgtype":"news","agentid":1000005,"news":{"articles":` + jsonArticles(articles(8)) + `}}`,
					Reply: fx("message_send_all_valid")},
			},
			{
				Name: "message/send mpnews", Method: "POST", Path: pSend,
				Call: send(notice(func(r *school.MessageRequest) {
					r.Message = school.NewMPNews(school.MPArticle{Title: "家长会通知", ThumbMediaID: "MEDIA_ID_t", Author: "班主任",
						ContentSourceURL: "https://school.example.com/n/1", Content: "<p>周五下午三点</p>", Digest: "周五家长会"})
				})),
				Exchange: wiretest.Exchange{
					Body: `{"to_student_userid":["student_zhangxiaoming"],"msgtype":"mpnews","agentid":1000005,"mpnews":{"articles":[{"title":"家长会通知",
						"thumb_media_id":"MEDIA_ID_t","author":"班主任","content_source_url":"https://school.example.com/n/1","content":"<p>周五下午三点</p>","digest":"周五家长会"}]}}`,
					Reply: fx("message_send_all_valid")},
			},
			{
				Name: "message/send mini program", Method: "POST", Path: pSend,
				Call: send(notice(func(r *school.MessageRequest) {
					r.Message = school.NewMiniProgram(school.MiniProgram{AppID: "wx8bd80126147dfAAA", Title: "欢迎报名夏令营",
						ThumbMediaID: "MEDIA_ID_m", PagePath: "pages/signup/index"})
				})),
				Exchange: wiretest.Exchange{
					Body: `{"to_student_userid":["student_zhangxiaoming"],"msgtype":"miniprogram","agentid":1000005,
						"miniprogram":{"appid":"wx8bd80126147dfAAA","title":"欢迎报名夏令营","thumb_media_id":"MEDIA_ID_m","pagepath":"pages/signup/index"}}`,
					Reply: fx("message_send_all_valid")},
			},
			{
				Name: "message/send limits: 1000 parents, 1000 students, 100 classes, 2048 bytes, 4 hours", Method: "POST", Path: pSend,
				Call: send(&school.MessageRequest{AgentID: 1, RecvScope: school.ToParentsAndStudents,
					ToParentUserIDs: ids("p", 1000), ToStudentUserIDs: ids("s", 1000), ToParties: ids("", 100),
					Message: school.NewText(strings.Repeat("a", 2048)), EnableDuplicateCheck: true, DuplicateCheckInterval: 4 * time.Hour}),
				Exchange: wiretest.Exchange{
					Body: `{"recv_scope":2,"to_parent_userid":` + jsonStrings(ids("p", 1000)) + `,"to_student_userid":` + jsonStrings(ids("s", 1000)) +
						`,"to_party":` + jsonStrings(ids("", 100)) + `,"msgtype":"text","agentid":1,"text":{"content":"` + strings.Repeat("a", 2048) +
						`"},"enable_duplicate_check":1,"duplicate_check_interval":14400}`,
					Reply: fx("message_send_all_valid")},
			},
		},
		Bad: []wiretest.Bad[C]{
			{Name: "set mode 0", Path: pSetMode, Field: "subscribe_mode", Call: func(ctx context.Context, c C) error { return c.SetSubscribeMode(ctx, 0) }},
			{Name: "set mode 3", Path: pSetMode, Field: "subscribe_mode", Call: func(ctx context.Context, c C) error { return c.SetSubscribeMode(ctx, 3) }},
			{Name: "send nil", Path: pSend, Field: "request", Call: func(ctx context.Context, c C) error { _, err := c.SendMessage(ctx, nil); return err }},
			{Name: "send no agentid", Path: pSend, Field: "agentid", Call: bad(func(r *school.MessageRequest) { r.AgentID = 0 })},
			{Name: "send recv_scope 3", Path: pSend, Field: "recv_scope", Call: bad(func(r *school.MessageRequest) { r.RecvScope = 3 })},
			{Name: "send parents to students", Path: pSend, Field: "to_parent_userid", Call: bad(func(r *school.MessageRequest) {
				r.RecvScope, r.ToParentUserIDs = school.ToStudents, []string{"parent_a"}
			})},
			{Name: "send 1001 parents", Path: pSend, Field: "to_parent_userid", Call: bad(func(r *school.MessageRequest) { r.ToParentUserIDs = ids("p", 1001) })},
			{Name: "send 1001 students", Path: pSend, Field: "to_student_userid", Call: bad(func(r *school.MessageRequest) { r.ToStudentUserIDs = ids("s", 1001) })},
			{Name: "send 101 classes", Path: pSend, Field: "to_party", Call: bad(func(r *school.MessageRequest) { r.ToParties = ids("", 101) })},
			{Name: "send empty student id", Path: pSend, Field: "to_student_userid", Call: bad(func(r *school.MessageRequest) { r.ToStudentUserIDs = []string{""} })},
			{Name: "send no recipient", Path: pSend, Field: "to_student_userid", Call: bad(func(r *school.MessageRequest) { r.ToStudentUserIDs = nil })},
			{Name: "send no msgtype", Path: pSend, Field: "msgtype", Call: bad(func(r *school.MessageRequest) { r.Message = school.Message{} })},
			{Name: "send unknown msgtype", Path: pSend, Field: "msgtype", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.Message{MsgType: "textcard", Text: &content.Text{Content: "x"}}
			})},
			{Name: "send msgtype without its part", Path: pSend, Field: "image", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.Message{MsgType: school.MsgImage, Text: &content.Text{Content: "x"}}
			})},
			{Name: "send two parts", Path: pSend, Field: "msgtype", Call: bad(func(r *school.MessageRequest) {
				r.Message.Image = &school.Media{MediaID: "m"}
			})},
			{Name: "send empty text", Path: pSend, Field: "text.content", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewText("") })},
			{Name: "send 2049-byte text", Path: pSend, Field: "text.content", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewText(strings.Repeat("a", 2049))
			})},
			{Name: "send image without media_id", Path: pSend, Field: "image.media_id", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewImage("") })},
			{Name: "send voice without media_id", Path: pSend, Field: "voice.media_id", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewVoice("") })},
			{Name: "send file without media_id", Path: pSend, Field: "file.media_id", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewFile("") })},
			{Name: "send video title 129 bytes", Path: pSend, Field: "video.title", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewVideo(school.Video{MediaID: "m", Title: strings.Repeat("t", 129)})
			})},
			{Name: "send no news", Path: pSend, Field: "news.articles", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewNews() })},
			{Name: "send nine news", Path: pSend, Field: "news.articles", Call: bad(func(r *school.MessageRequest) { r.Message = school.NewNews(articles(9)...) })},
			{Name: "send news without url", Path: pSend, Field: "news.articles[0].url", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewNews(school.Article{Title: "t"})
			})},
			{Name: "send mpnews without content", Path: pSend, Field: "mpnews.articles[0].content", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewMPNews(school.MPArticle{Title: "t", ThumbMediaID: "m"})
			})},
			{Name: "send mpnews author 65 bytes", Path: pSend, Field: "mpnews.articles[0].author", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewMPNews(school.MPArticle{Title: "t", ThumbMediaID: "m", Content: "c", Author: strings.Repeat("a", 65)})
			})},
			{Name: "send mini program without pagepath", Path: pSend, Field: "miniprogram.pagepath", Call: bad(func(r *school.MessageRequest) {
				r.Message = school.NewMiniProgram(school.MiniProgram{AppID: "wx", Title: "t", ThumbMediaID: "m"})
			})},
			{Name: "send interval without the check", Path: pSend, Field: "duplicate_check_interval", Call: bad(func(r *school.MessageRequest) {
				r.DuplicateCheckInterval = time.Hour
			})},
			{Name: "send interval over 4 hours", Path: pSend, Field: "duplicate_check_interval", Call: bad(func(r *school.MessageRequest) {
				r.EnableDuplicateCheck, r.DuplicateCheckInterval = true, 4*time.Hour+time.Second
			})},
			{Name: "send interval in milliseconds", Path: pSend, Field: "duplicate_check_interval", Call: bad(func(r *school.MessageRequest) {
				r.EnableDuplicateCheck, r.DuplicateCheckInterval = true, 1500*time.Millisecond
			})},
		},
		Exceptions: map[string]string{
			pSend + " text":        "the notice's content keys (one per msgtype) are in WeCom's example; the catalogue leaves them out",
			pSend + " image":       "a msgtype's content key, as above",
			pSend + " voice":       "a msgtype's content key, as above",
			pSend + " video":       "a msgtype's content key, as above",
			pSend + " file":        "a msgtype's content key, as above",
			pSend + " news":        "a msgtype's content key, as above",
			pSend + " mpnews":      "a msgtype's content key, as above",
			pSend + " miniprogram": "a msgtype's content key, as above",
		},
	}.Run(t)
}
