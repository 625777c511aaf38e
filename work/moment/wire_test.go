package moment_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/moment"
)

var cst = time.FixedZone("CST", 8*3600)

const (
	pAdd       = "externalcontact/add_moment_task"
	pResult    = "externalcontact/get_moment_task_result"
	pCancel    = "externalcontact/cancel_moment_task"
	pList      = "externalcontact/get_moment_list"
	pTasks     = "externalcontact/get_moment_task"
	pCustomers = "externalcontact/get_moment_customer_list"
	pSend      = "externalcontact/get_moment_send_result"
	pComments  = "externalcontact/get_moment_comments"

	momentID = "momAAQfX2MMm3gF6w8BkUTdfbtEP2I3iSQ"
	jobID    = "ANfK5mJxWfbmAu8BqnfLQrwDl6QcvW1zOhgJfYZb6yc"
)

func images(n int) []content.Attachment {
	out := make([]content.Attachment, n)
	for i := range out {
		out[i] = content.NewImage(fmt.Sprintf("WWCISP_%02d", i))
	}
	return out
}

// imagesBody is the wire body of a moment of n images made by images.
func imagesBody(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"msgtype":"image","image":{"media_id":"WWCISP_%02d"}}`, i)
	}
	return `{"attachments":[` + strings.Join(parts, ",") + `]}`
}

func cover(title string) content.Attachment {
	return content.NewLink(content.Link{Title: title, URL: "https://example.com/sale", MediaID: "WWCISP_cover"})
}

func members(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "m" + fmt.Sprint(i)
	}
	return out
}

func wantList() *moment.ListResponse {
	return &moment.ListResponse{NextCursor: "CURSOR2", Moments: []moment.Moment{
		{MomentID: momentID, CreateTime: 1714528800, CreateType: moment.CreatedByCorp, VisibleType: moment.VisiblePartial,
			Text: &content.Text{Content: "五一特惠，全场八折"}, Images: []moment.MediaRef{{MediaID: "WWCISP_3Z9Xv0dB4n1m"}, {MediaID: "WWCISP_8kQ2pL7sT0aZ"}}},
		{MomentID: "momBBQfX2MMm3gF6w8BkUTdfbtEP2I3iSR", Creator: "zhangsan", CreateTime: 1714450000, CreateType: moment.CreatedByMember,
			VisibleType: moment.VisiblePublic, Text: &content.Text{Content: "test"},
			Video:    &moment.Video{MediaID: "WWCISP_xxxxx", ThumbMediaID: "WWCISP_yyyyy"},
			Location: &moment.Location{Latitude: "23.10647", Longitude: "113.32446", Name: "广州市 · 广州塔"}},
	}}
}

func TestWire(t *testing.T) {
	type C = *moment.Client
	create := func(r *moment.CreateTaskRequest) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error { _, err := c.CreateTask(ctx, r); return err }
	}
	start := time.Date(2024, 4, 1, 0, 0, 0, 0, cst)
	list := func(mut func(r *moment.ListRequest)) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error {
			r := moment.ListRequest{Start: start, End: start.Add(24 * time.Hour)}
			mut(&r)
			_, err := c.List(ctx, &r)
			return err
		}
	}
	first := func(errs []error) error {
		if len(errs) == 0 {
			return nil
		}
		return errs[0]
	}
	text := &content.Text{Content: "五一特惠"}

	wiretest.Suite[C]{
		Endpoints: moment.Endpoints(),
		New:       moment.New,
		Cases: []wiretest.Case[C]{
			{
				Name: "add_moment_task images to tags", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateTask(ctx, &moment.CreateTaskRequest{
						Text:        &content.Text{Content: "文本消息内容"},
						Attachments: []content.Attachment{content.NewImage("MEDIA_ID"), content.NewImage("MEDIA_ID2")},
						VisibleRange: &moment.VisibleRange{
							Senders:          &moment.SenderList{UserIDs: []string{"zhangshan", "lisi"}, DepartmentIDs: []int64{2, 3}},
							ExternalContacts: &moment.ExternalContactList{TagIDs: []string{"etXXXXXXXXXX", "etYYYYYYYYYY"}}},
					})
				},
				Exchange: wiretest.Exchange{
					Body: `{"text":{"content":"文本消息内容"},
						"attachments":[{"msgtype":"image","image":{"media_id":"MEDIA_ID"}},{"msgtype":"image","image":{"media_id":"MEDIA_ID2"}}],
						"visible_range":{"sender_list":{"user_list":["zhangshan","lisi"],"department_list":[2,3]},
							"external_contact_list":{"tag_list":["etXXXXXXXXXX","etYYYYYYYYYY"]}}}`,
					Reply: wiretest.Fixture(t, "moment", "add_moment_task")},
				Want: &moment.CreateTaskResponse{JobID: jobID},
			},
			{
				Name: "add_moment_task a link to everyone", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateTask(ctx, &moment.CreateTaskRequest{Attachments: []content.Attachment{cover("消息标题")}})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"attachments":[{"msgtype":"link","link":{"title":"消息标题","url":"https://example.com/sale","media_id":"WWCISP_cover"}}]}`,
					Reply: wiretest.Fixture(t, "moment", "add_moment_task")},
				Want: &moment.CreateTaskResponse{JobID: jobID},
			},
			{
				Name: "add_moment_task one video with 2000 characters", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateTask(ctx, &moment.CreateTaskRequest{Text: &content.Text{Content: strings.Repeat("字", 2000)},
						Attachments: []content.Attachment{content.NewVideo("WWCISP_video")}})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"text":{"content":"` + strings.Repeat("字", 2000) + `"},"attachments":[{"msgtype":"video","video":{"media_id":"WWCISP_video"}}]}`,
					Reply: wiretest.Fixture(t, "moment", "add_moment_task")},
				Want: &moment.CreateTaskResponse{JobID: jobID},
			},
			{
				Name: "add_moment_task nine images", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateTask(ctx, &moment.CreateTaskRequest{Attachments: images(9)})
				},
				Exchange: wiretest.Exchange{
					Body:  imagesBody(9),
					Reply: wiretest.Fixture(t, "moment", "add_moment_task")},
				Want: &moment.CreateTaskResponse{JobID: jobID},
			},
			{
				Method: "GET", Path: pResult,
				Call: func(ctx context.Context, c C) (any, error) { return c.GetTask(ctx, jobID) },
				Exchange: wiretest.Exchange{Query: url.Values{"jobid": {jobID}},
					Reply: wiretest.Fixture(t, "moment", "get_moment_task_result")},
				Want: &moment.TaskResult{Status: moment.TaskDone, Type: "add_moment_task", Result: moment.TaskOutcome{
					ErrMsg: "ok", MomentID: momentID,
					InvalidSenders:          moment.SenderList{UserIDs: []string{"zhangshan", "lisi"}, DepartmentIDs: []int64{2, 3}},
					InvalidExternalContacts: moment.ExternalContactList{TagIDs: []string{"etXXXXXXXXXX"}}}},
			},
			{
				Name: "get_moment_task_result running", Method: "GET", Path: pResult,
				Call: func(ctx context.Context, c C) (any, error) { return c.GetTask(ctx, jobID) },
				Exchange: wiretest.Exchange{Query: url.Values{"jobid": {jobID}},
					Reply: wiretest.Fixture(t, "moment", "get_moment_task_result_running")},
				Want: &moment.TaskResult{Status: moment.TaskRunning, Type: "add_moment_task"},
			},
			{
				Name: "WaitTask polls until done", Method: "GET", Path: pResult,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.WaitTask(ctx, jobID, core.PollPolicy{Initial: time.Millisecond, Max: time.Millisecond})
				},
				Exchange: wiretest.Exchange{Query: url.Values{"jobid": {jobID}}, Reply: wiretest.Fixture(t, "moment", "get_moment_task_result_running")},
				Then: []wiretest.Exchange{
					{Query: url.Values{"jobid": {jobID}}, Reply: wiretest.Fixture(t, "moment", "get_moment_task_result_running")},
					{Query: url.Values{"jobid": {jobID}}, Reply: wiretest.Fixture(t, "moment", "get_moment_task_result")},
				},
				Check: func(t *testing.T, got any) {
					r := got.(*moment.TaskResult)
					assert.True(t, r.Done())
					assert.Equal(t, momentID, r.Result.MomentID)
				},
			},
			{
				Method: "POST", Path: pCancel,
				Call:     func(ctx context.Context, c C) (any, error) { return nil, c.Cancel(ctx, momentID) },
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `"}`, Reply: `{"errcode":0,"errmsg":"ok"}`},
			},
			{
				Method: "POST", Path: pList,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.List(ctx, &moment.ListRequest{Start: time.Unix(1714000000, 0), End: time.Unix(1714528800, 0),
						Creator: "zhangsan", FilterType: core.Ptr(moment.FilterCorp), Cursor: "CURSOR", Limit: 20})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"start_time":1714000000,"end_time":1714528800,"creator":"zhangsan","filter_type":0,"cursor":"CURSOR","limit":20}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_list")},
				Want: wantList(),
			},
			{
				Name: "get_moment_list all pages, exactly 30 days", Method: "POST", Path: pList,
				Call: func(ctx context.Context, c C) (any, error) {
					ms, errs := wiretest.Collect(c.ListAll(ctx, &moment.ListRequest{Start: start, End: start.Add(moment.MaxListWindow)}))
					return ms, first(errs)
				},
				Exchange: wiretest.Exchange{Body: `{"start_time":1711900800,"end_time":1714492800}`, Reply: wiretest.Fixture(t, "moment", "get_moment_list")},
				Then: []wiretest.Exchange{{Body: `{"start_time":1711900800,"end_time":1714492800,"cursor":"CURSOR2"}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_list_last")}},
				Check: func(t *testing.T, got any) {
					ms := got.([]moment.Moment)
					assert.Len(t, ms, 3)
					assert.Equal(t, &moment.Link{Title: "腾讯网-QQ.COM", URL: "https://www.qq.com"}, ms[2].Link)
				},
			},
			{
				Method: "POST", Path: pTasks,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.GetTasks(ctx, &moment.GetTasksRequest{MomentID: momentID, Cursor: "CURSOR", Limit: 1000})
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","cursor":"CURSOR","limit":1000}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_task")},
				Want: &moment.GetTasksResponse{NextCursor: "CURSOR", Tasks: []moment.PublishTask{
					{UserID: "zhangsan", PublishStatus: moment.Published}, {UserID: "lisi", PublishStatus: moment.NotPublished}}},
			},
			{
				Name: "get_moment_task all pages", Method: "POST", Path: pTasks,
				Call: func(ctx context.Context, c C) (any, error) {
					ts, errs := wiretest.Collect(c.GetTasksAll(ctx, &moment.GetTasksRequest{MomentID: momentID}))
					return ts, first(errs)
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `"}`, Reply: wiretest.Fixture(t, "moment", "get_moment_task")},
				Then:     []wiretest.Exchange{{Body: `{"moment_id":"` + momentID + `","cursor":"CURSOR"}`, Reply: wiretest.Fixture(t, "moment", "get_moment_task_last")}},
				Want:     []moment.PublishTask{{UserID: "zhangsan", PublishStatus: moment.Published}, {UserID: "lisi"}, {UserID: "wangwu"}},
			},
			{
				Method: "POST", Path: pCustomers,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.GetCustomers(ctx, &moment.GetCustomersRequest{MomentID: momentID, UserID: "zhangsan", Cursor: "CURSOR", Limit: 10})
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan","cursor":"CURSOR","limit":10}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_customer_list")},
				Want: &moment.GetCustomersResponse{NextCursor: "CURSOR", Customers: []moment.VisibleCustomer{
					{UserID: "zhangsan", ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCC"},
					{UserID: "zhangsan", ExternalUserID: "wmAJ2GCAAAlN7PpLq8eRsYh3kTdGvDDD"}}},
			},
			{
				Name: "get_moment_customer_list all pages", Method: "POST", Path: pCustomers,
				Call: func(ctx context.Context, c C) (any, error) {
					cs, errs := wiretest.Collect(c.GetCustomersAll(ctx, &moment.GetCustomersRequest{MomentID: momentID, UserID: "zhangsan", Limit: 1000}))
					return cs, first(errs)
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan","limit":1000}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_customer_list")},
				Then: []wiretest.Exchange{{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan","cursor":"CURSOR","limit":1000}`,
					Reply: `{"errcode":0,"errmsg":"ok","next_cursor":"","customer_list":[]}`}},
				Check: func(t *testing.T, got any) { assert.Len(t, got, 2) },
			},
			{
				Method: "POST", Path: pSend,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.GetSendResult(ctx, &moment.GetSendResultRequest{MomentID: momentID, UserID: "zhangsan", Cursor: "CURSOR", Limit: 5000})
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan","cursor":"CURSOR","limit":5000}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_send_result")},
				Want: &moment.GetSendResultResponse{NextCursor: "CURSOR", Customers: []moment.SendResultCustomer{{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCC"}}},
			},
			{
				Name: "get_moment_send_result all pages", Method: "POST", Path: pSend,
				Call: func(ctx context.Context, c C) (any, error) {
					cs, errs := wiretest.Collect(c.GetSendResultAll(ctx, &moment.GetSendResultRequest{MomentID: momentID, UserID: "zhangsan"}))
					return cs, first(errs)
				},
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan"}`, Reply: wiretest.Fixture(t, "moment", "get_moment_send_result")},
				Then: []wiretest.Exchange{{Body: `{"moment_id":"` + momentID + `","userid":"zhangsan","cursor":"CURSOR"}`,
					Reply: `{"errcode":0,"errmsg":"ok","next_cursor":"","customer_list":[{"external_userid":"wmAJ2GCAAAlN7PpLq8eRsYh3kTdGvDDD"}]}`}},
				Want: []moment.SendResultCustomer{{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCC"}, {ExternalUserID: "wmAJ2GCAAAlN7PpLq8eRsYh3kTdGvDDD"}},
			},
			{
				Method: "POST", Path: pComments,
				Call: func(ctx context.Context, c C) (any, error) { return c.GetComments(ctx, momentID, "zhangshan") },
				Exchange: wiretest.Exchange{Body: `{"moment_id":"` + momentID + `","userid":"zhangshan"}`,
					Reply: wiretest.Fixture(t, "moment", "get_moment_comments")},
				Want: &moment.Comments{
					Comments: []moment.Interaction{{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", CreateTime: 1605172726}, {UserID: "zhangshan", CreateTime: 1605172729}},
					Likes:    []moment.Interaction{{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", CreateTime: 1605172726}, {UserID: "zhangshan", CreateTime: 1605172720}},
				},
			},
		},
		Bad: []wiretest.Bad[C]{
			{Name: "create nil", Path: pAdd, Field: "request", Call: create(nil)},
			{Name: "create empty", Path: pAdd, Field: "text", Call: create(&moment.CreateTaskRequest{})},
			{Name: "create empty text", Path: pAdd, Field: "text", Call: create(&moment.CreateTaskRequest{Text: &content.Text{}})},
			{Name: "create text 2001 characters", Path: pAdd, Field: "text.content",
				Call: create(&moment.CreateTaskRequest{Text: &content.Text{Content: strings.Repeat("字", 2001)}})},
			{Name: "create 10 images", Path: pAdd, Field: "attachments", Call: create(&moment.CreateTaskRequest{Attachments: images(10)})},
			{Name: "create a file", Path: pAdd, Field: "attachments[0].msgtype",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewFile("f")}})},
			{Name: "create a mini program", Path: pAdd, Field: "attachments[0].msgtype",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewMiniProgram(content.MiniProgram{Title: "t", PicMediaID: "p", AppID: "a", Page: "/"})}})},
			{Name: "create image by url", Path: pAdd, Field: "attachments[0].image.media_id",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewImageURL("https://p.example/a.png")}})},
			{Name: "create image without id", Path: pAdd, Field: "attachments[1].image.media_id",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewImage("a"), content.NewImage("")}})},
			{Name: "create images and a video", Path: pAdd, Field: "attachments[1].msgtype",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewImage("a"), content.NewVideo("v")}})},
			{Name: "create two videos", Path: pAdd, Field: "attachments[0].msgtype",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewVideo("v"), content.NewVideo("w")}})},
			{Name: "create a link and an image", Path: pAdd, Field: "attachments[0].msgtype",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{cover("t"), content.NewImage("a")}})},
			{Name: "create video without id", Path: pAdd, Field: "attachments[0].video.media_id",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewVideo("")}})},
			{Name: "create link without cover", Path: pAdd, Field: "attachments[0].link.media_id",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewLink(content.Link{Title: "t", URL: "https://example.com", PicURL: "https://p.example/a.png"})}})},
			{Name: "create link without url", Path: pAdd, Field: "attachments[0].link.url",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{content.NewLink(content.Link{Title: "t", MediaID: "m"})}})},
			{Name: "create link title 65 bytes", Path: pAdd, Field: "attachments[0].link.title",
				Call: create(&moment.CreateTaskRequest{Attachments: []content.Attachment{cover(strings.Repeat("x", 65))}})},
			{Name: "create 100001 senders", Path: pAdd, Field: "visible_range.sender_list.user_list",
				Call: create(&moment.CreateTaskRequest{Text: text, VisibleRange: &moment.VisibleRange{Senders: &moment.SenderList{UserIDs: members(100001)}}})},
			{Name: "create empty sender", Path: pAdd, Field: "visible_range.sender_list.user_list",
				Call: create(&moment.CreateTaskRequest{Text: text, VisibleRange: &moment.VisibleRange{Senders: &moment.SenderList{UserIDs: []string{"zhangsan", ""}}}})},
			{Name: "create department 0", Path: pAdd, Field: "visible_range.sender_list.department_list",
				Call: create(&moment.CreateTaskRequest{Text: text, VisibleRange: &moment.VisibleRange{Senders: &moment.SenderList{DepartmentIDs: []int64{0}}}})},
			{Name: "create empty tag", Path: pAdd, Field: "visible_range.external_contact_list.tag_list",
				Call: create(&moment.CreateTaskRequest{Text: text, VisibleRange: &moment.VisibleRange{ExternalContacts: &moment.ExternalContactList{TagIDs: []string{""}}}})},

			{Name: "task no jobid", Path: pResult, Field: "jobid",
				Call: func(ctx context.Context, c C) error { _, err := c.GetTask(ctx, ""); return err }},
			{Name: "wait no jobid", Path: pResult, Field: "jobid",
				Call: func(ctx context.Context, c C) error { _, err := c.WaitTask(ctx, "", core.PollPolicy{}); return err }},
			{Name: "cancel no moment", Path: pCancel, Field: "moment_id",
				Call: func(ctx context.Context, c C) error { return c.Cancel(ctx, "") }},

			{Name: "list nil", Path: pList, Field: "request",
				Call: func(ctx context.Context, c C) error { _, err := c.List(ctx, nil); return err }},
			{Name: "list all nil", Path: pList, Field: "request",
				Call: func(ctx context.Context, c C) error {
					_, errs := wiretest.Collect(c.ListAll(ctx, nil))
					return first(errs)
				}},
			{Name: "list no start", Path: pList, Field: "start_time", Call: list(func(r *moment.ListRequest) { r.Start = time.Time{} })},
			{Name: "list no end", Path: pList, Field: "end_time", Call: list(func(r *moment.ListRequest) { r.End = time.Time{} })},
			{Name: "list end before start", Path: pList, Field: "end_time", Call: list(func(r *moment.ListRequest) { r.End = start.Add(-time.Second) })},
			{Name: "list 30 days and a second", Path: pList, Field: "end_time",
				Call: list(func(r *moment.ListRequest) { r.End = start.Add(moment.MaxListWindow + time.Second) })},
			{Name: "list filter 3", Path: pList, Field: "filter_type", Call: list(func(r *moment.ListRequest) { r.FilterType = core.Ptr(moment.FilterType(3)) })},
			{Name: "list limit 21", Path: pList, Field: "limit", Call: list(func(r *moment.ListRequest) { r.Limit = 21 })},
			{Name: "list limit negative", Path: pList, Field: "limit", Call: list(func(r *moment.ListRequest) { r.Limit = -1 })},

			{Name: "tasks nil", Path: pTasks, Field: "request",
				Call: func(ctx context.Context, c C) error { _, err := c.GetTasks(ctx, nil); return err }},
			{Name: "tasks no moment", Path: pTasks, Field: "moment_id",
				Call: func(ctx context.Context, c C) error { _, err := c.GetTasks(ctx, &moment.GetTasksRequest{}); return err }},
			{Name: "tasks limit 1001", Path: pTasks, Field: "limit",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetTasks(ctx, &moment.GetTasksRequest{MomentID: momentID, Limit: 1001})
					return err
				}},
			{Name: "tasks all limit 1001", Path: pTasks, Field: "limit",
				Call: func(ctx context.Context, c C) error {
					_, errs := wiretest.Collect(c.GetTasksAll(ctx, &moment.GetTasksRequest{MomentID: momentID, Limit: 1001}))
					return first(errs)
				}},

			{Name: "customers nil", Path: pCustomers, Field: "request",
				Call: func(ctx context.Context, c C) error { _, err := c.GetCustomers(ctx, nil); return err }},
			{Name: "customers no moment", Path: pCustomers, Field: "moment_id",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetCustomers(ctx, &moment.GetCustomersRequest{UserID: "zhangsan"})
					return err
				}},
			{Name: "customers no member", Path: pCustomers, Field: "userid",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetCustomers(ctx, &moment.GetCustomersRequest{MomentID: momentID})
					return err
				}},
			{Name: "customers limit 1001", Path: pCustomers, Field: "limit",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetCustomers(ctx, &moment.GetCustomersRequest{MomentID: momentID, UserID: "zhangsan", Limit: 1001})
					return err
				}},
			{Name: "customers all no member", Path: pCustomers, Field: "userid",
				Call: func(ctx context.Context, c C) error {
					_, errs := wiretest.Collect(c.GetCustomersAll(ctx, &moment.GetCustomersRequest{MomentID: momentID}))
					return first(errs)
				}},

			{Name: "send result nil", Path: pSend, Field: "request",
				Call: func(ctx context.Context, c C) error { _, err := c.GetSendResult(ctx, nil); return err }},
			{Name: "send result no moment", Path: pSend, Field: "moment_id",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetSendResult(ctx, &moment.GetSendResultRequest{UserID: "zhangsan"})
					return err
				}},
			{Name: "send result no member", Path: pSend, Field: "userid",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetSendResult(ctx, &moment.GetSendResultRequest{MomentID: momentID})
					return err
				}},
			{Name: "send result limit 5001", Path: pSend, Field: "limit",
				Call: func(ctx context.Context, c C) error {
					_, err := c.GetSendResult(ctx, &moment.GetSendResultRequest{MomentID: momentID, UserID: "zhangsan", Limit: 5001})
					return err
				}},
			{Name: "send result all nil", Path: pSend, Field: "request",
				Call: func(ctx context.Context, c C) error {
					_, errs := wiretest.Collect(c.GetSendResultAll(ctx, nil))
					return first(errs)
				}},

			{Name: "comments no moment", Path: pComments, Field: "moment_id",
				Call: func(ctx context.Context, c C) error { _, err := c.GetComments(ctx, "", "zhangsan"); return err }},
			{Name: "comments no member", Path: pComments, Field: "userid",
				Call: func(ctx context.Context, c C) error { _, err := c.GetComments(ctx, momentID, ""); return err }},
		},
	}.Run(t)
}
