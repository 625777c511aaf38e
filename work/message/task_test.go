package message_test

import (
	"context"
	"iter"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/message"
)

// collect drains an iterator and returns its items, or its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	items, errs := wiretest.Collect(seq)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return items, nil
}

const msgID = "msgGCAAAXtWyujaWJHDDGi0mACAAAA"

func taskRows(t *testing.T) []row {
	const task, result = "externalcontact/get_groupmsg_task", "externalcontact/get_groupmsg_send_result"
	tasks := []message.GroupMsgTask{{UserID: "zhangsan", Status: message.TaskSent, SendTime: 1552536375}, {UserID: "lisi", Status: message.TaskUnsent}}
	results := []message.SendResult{
		{ExternalUserID: "wmqfasd1e19278asdasAAAA", UserID: "zhangsan", Status: message.SendSent, SendTime: 1552536375},
		{ExternalUserID: "wmqfasd1e19278asdasBBBB", UserID: "zhangsan", Status: message.SendReceivedOther},
	}
	return []row{
		{
			Name: "task page", Method: "POST", Path: task,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.GetGroupMsgTask(ctx, &message.GroupMsgTaskRequest{MsgID: msgID, Limit: 50, Cursor: "CURSOR"})
			},
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `","limit":50,"cursor":"CURSOR"}`, Reply: fixture(t, "get_groupmsg_task")},
			Want:     &message.GroupMsgTaskResponse{TaskList: tasks, NextCursor: "CURSOR_PAGE2"},
		},
		{
			Name: "task all", Method: "POST", Path: task,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return collect(c.GetGroupMsgTaskAll(ctx, &message.GroupMsgTaskRequest{MsgID: msgID, Limit: 1000}))
			},
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `","limit":1000}`, Reply: fixture(t, "get_groupmsg_task")},
			Then: []wiretest.Exchange{{Body: `{"msgid":"` + msgID + `","limit":1000,"cursor":"CURSOR_PAGE2"}`,
				Reply: fixture(t, "get_groupmsg_task_page2")}},
			Want: append(tasks, message.GroupMsgTask{UserID: "wangwu", Status: message.TaskSent, SendTime: 1552536500}),
		},
		{
			Name: "send result page", Method: "POST", Path: result,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return c.GetGroupMsgSendResult(ctx, &message.GroupMsgSendResultRequest{MsgID: msgID, UserID: "zhangsan", Limit: 50, Cursor: "CURSOR"})
			},
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `","userid":"zhangsan","limit":50,"cursor":"CURSOR"}`,
				Reply: fixture(t, "get_groupmsg_send_result")},
			Want: &message.GroupMsgSendResultResponse{SendList: results, NextCursor: "CURSOR_PAGE2"},
		},
		{
			Name: "send result all", Method: "POST", Path: result,
			Call: func(ctx context.Context, c *message.Client) (any, error) {
				return collect(c.GetGroupMsgSendResultAll(ctx, &message.GroupMsgSendResultRequest{MsgID: msgID, UserID: "zhangsan"}))
			},
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `","userid":"zhangsan"}`, Reply: fixture(t, "get_groupmsg_send_result")},
			Then: []wiretest.Exchange{{Body: `{"msgid":"` + msgID + `","userid":"zhangsan","cursor":"CURSOR_PAGE2"}`,
				Reply: fixture(t, "get_groupmsg_send_result_page2")}},
			Want: append(results, message.SendResult{ExternalUserID: "wmqfasd1e19278asdasCCCC", UserID: "zhangsan", Status: message.SendNotFriend}),
		},
		{
			Method: "POST", Path: "externalcontact/remind_groupmsg_send",
			Call:     func(ctx context.Context, c *message.Client) (any, error) { return nil, c.Remind(ctx, msgID) },
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `"}`, Reply: fixture(t, "ok")},
		},
		{
			Method: "POST", Path: "externalcontact/cancel_groupmsg_send",
			Call:     func(ctx context.Context, c *message.Client) (any, error) { return nil, c.Cancel(ctx, msgID) },
			Exchange: wiretest.Exchange{Body: `{"msgid":"` + msgID + `"}`, Reply: fixture(t, "ok")},
		},
	}
}

func taskBad() []bad {
	const task, result = "externalcontact/get_groupmsg_task", "externalcontact/get_groupmsg_send_result"
	taskCall := func(r *message.GroupMsgTaskRequest) func(ctx context.Context, c *message.Client) error {
		return func(ctx context.Context, c *message.Client) error { _, err := c.GetGroupMsgTask(ctx, r); return err }
	}
	resultCall := func(r *message.GroupMsgSendResultRequest) func(ctx context.Context, c *message.Client) error {
		return func(ctx context.Context, c *message.Client) error {
			_, err := c.GetGroupMsgSendResult(ctx, r)
			return err
		}
	}
	return []bad{
		{Name: "task nil", Path: task, Field: "request", Call: taskCall(nil)},
		{Name: "task no msgid", Path: task, Field: "msgid", Call: taskCall(&message.GroupMsgTaskRequest{})},
		{Name: "task limit 1001", Path: task, Field: "limit", Call: taskCall(&message.GroupMsgTaskRequest{MsgID: msgID, Limit: 1001})},
		{Name: "task all nil", Path: task, Field: "request", Call: func(ctx context.Context, c *message.Client) error {
			_, err := collect(c.GetGroupMsgTaskAll(ctx, nil))
			return err
		}},
		{Name: "result nil", Path: result, Field: "request", Call: resultCall(nil)},
		{Name: "result no msgid", Path: result, Field: "msgid", Call: resultCall(&message.GroupMsgSendResultRequest{UserID: "zhangsan"})},
		{Name: "result no userid", Path: result, Field: "userid", Call: resultCall(&message.GroupMsgSendResultRequest{MsgID: msgID})},
		{Name: "result limit 1001", Path: result, Field: "limit", Call: resultCall(&message.GroupMsgSendResultRequest{MsgID: msgID, UserID: "u", Limit: 1001})},
		{Name: "result all nil", Path: result, Field: "request", Call: func(ctx context.Context, c *message.Client) error {
			_, err := collect(c.GetGroupMsgSendResultAll(ctx, nil))
			return err
		}},
		{Name: "remind no msgid", Path: "externalcontact/remind_groupmsg_send", Field: "msgid",
			Call: func(ctx context.Context, c *message.Client) error { return c.Remind(ctx, "") }},
		{Name: "cancel no msgid", Path: "externalcontact/cancel_groupmsg_send", Field: "msgid",
			Call: func(ctx context.Context, c *message.Client) error { return c.Cancel(ctx, "") }},
	}
}
