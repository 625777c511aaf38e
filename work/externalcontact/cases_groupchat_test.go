package externalcontact

import (
	"context"
	"errors"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The customer group chat calls (客户群): list, details, transfers.

func groupChatCases(t *testing.T) []wiretest.Case[*Client] {
	const chats = `{"chat_id_list":["wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA","wrOgQhDgAAMYQiS5ol9G7gK9JVQUAAAA"],"new_owner":"zhangsan"}`
	chatIDs := []string{"wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA", "wrOgQhDgAAMYQiS5ol9G7gK9JVQUAAAA"}
	failedChat := func(path string, code int, msg string) *TransferGroupChatResponse {
		return &TransferGroupChatResponse{FailedChats: []FailedGroupChat{{
			ChatID: "wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA", ItemResult: itemResult(code, msg), path: path}}}
	}
	wantList := &GetGroupChatsResponse{
		GroupChats: []GroupChatSummary{
			{ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", Status: GroupChatNormal},
			{ChatID: "wrOgQhDgAAcwMTB7YmDkbeBsAAAA", Status: GroupChatOwnerResigned},
		},
		NextCursor: "tJzlB9tdqfh-g7i_J-ehOz_TWcd7dSKa39_AqCIeMFw",
	}
	return []wiretest.Case[*Client]{
		{
			Method: "POST", Path: "externalcontact/groupchat/list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetGroupChats(ctx, &GetGroupChatsRequest{
					StatusFilter: GroupChatFilterOwnerResigned, OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}},
					Cursor: "r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI", Limit: 10,
				})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"status_filter":1,"owner_filter":{"userid_list":["abel"]},"cursor":"r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI","limit":10}`,
				Reply: fixture(t, "groupchat_list"),
			},
			Want: wantList,
		},
		{
			// WeCom requires limit: 0 sends the default, and nothing else is set.
			Name: "groupchat/list/default limit", Method: "POST", Path: "externalcontact/groupchat/list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				req := &GetGroupChatsRequest{}
				got, err := c.GetGroupChats(ctx, req)
				if err == nil && req.Limit != 0 {
					err = errors.New("the request was modified")
				}
				return got, err
			},
			Exchange: wiretest.Exchange{Body: `{"limit":1000}`, Reply: fixture(t, "groupchat_list")},
			Want:     wantList,
		},
		{
			Name: "groupchat/list/nil request", Method: "POST", Path: "externalcontact/groupchat/list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetGroupChats(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{"limit":1000}`, Reply: fixture(t, "groupchat_list")},
			Want:     wantList,
		},
		{
			Name: "groupchat/list/all pages", Method: "POST", Path: "externalcontact/groupchat/list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return wiretest.Walked(c.GetGroupChatsAll(ctx, &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel"}}, Limit: 2}))
			},
			Exchange: wiretest.Exchange{Body: `{"owner_filter":{"userid_list":["abel"]},"limit":2}`, Reply: fixture(t, "groupchat_list")},
			Then: []wiretest.Exchange{{
				Body:  `{"owner_filter":{"userid_list":["abel"]},"cursor":"tJzlB9tdqfh-g7i_J-ehOz_TWcd7dSKa39_AqCIeMFw","limit":2}`,
				Reply: `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wrOgQhDgAAwwTTB7YmDkbeBsBBBB","status":3}],"next_cursor":""}`,
			}},
			Want: append(append([]GroupChatSummary{}, wantList.GroupChats...),
				GroupChatSummary{ChatID: "wrOgQhDgAAwwTTB7YmDkbeBsBBBB", Status: GroupChatTransferred}),
		},
		{
			Method: "POST", Path: "externalcontact/groupchat/get",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetGroupChat(ctx, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", true)
			},
			Exchange: wiretest.Exchange{Body: `{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","need_name":1}`, Reply: fixture(t, "groupchat_get")},
			Want: &GroupChat{
				ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", Name: "销售客服群", Owner: "ZhuShengBen", CreateTime: 1572505490,
				Notice: "文明沟通，拒绝脏话",
				Members: []GroupChatMember{
					{
						UserID: "abel", Type: GroupChatMemberInternal, JoinTime: 1572505491, JoinScene: GroupChatJoinDirectInvite,
						Invitor: &GroupChatInvitor{UserID: "jack"}, GroupNickname: "客服小张", Name: "张三丰", State: "klsdup3kj3s1",
					},
					{
						UserID: "wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA", Type: GroupChatMemberExternal, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
						JoinTime: 1572505491, JoinScene: GroupChatJoinQRCode, GroupNickname: "顾客老王", Name: "王语嫣",
					},
				},
				Admins:        []GroupChatAdmin{{UserID: "sam"}, {UserID: "pony"}},
				MemberVersion: "71217227bbd112ecfe3a49c482195cb4",
			},
		},
		{
			// need_name is an int on the wire, sent as 0 when names are not wanted.
			Name: "groupchat/get/no names", Method: "POST", Path: "externalcontact/groupchat/get",
			Call: func(ctx context.Context, c *Client) (any, error) { return c.GetGroupChat(ctx, "wr1", false) },
			Exchange: wiretest.Exchange{
				Body:  `{"chat_id":"wr1","need_name":0}`,
				Reply: `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"wr1","name":"","owner":"zhangsan","create_time":1,"member_list":[{"userid":"zhangsan","type":1,"join_time":1,"join_scene":2}]}}`,
			},
			Want: &GroupChat{ChatID: "wr1", Owner: "zhangsan", CreateTime: 1, Members: []GroupChatMember{
				{UserID: "zhangsan", Type: GroupChatMemberInternal, JoinTime: 1, JoinScene: GroupChatJoinInviteLink},
			}},
		},
		{
			Method: "POST", Path: "externalcontact/groupchat/transfer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.TransferGroupChat(ctx, chatIDs, "zhangsan")
			},
			Exchange: wiretest.Exchange{Body: chats, Reply: fixture(t, "groupchat_transfer")},
			Want:     failedChat("externalcontact/groupchat/transfer", 90500, "the owner of this chat is not resigned"),
		},
		{
			Method: "POST", Path: "externalcontact/groupchat/onjob_transfer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.OnJobTransferGroupChat(ctx, chatIDs, "zhangsan")
			},
			Exchange: wiretest.Exchange{Body: chats, Reply: fixture(t, "groupchat_onjob_transfer")},
			Want:     failedChat("externalcontact/groupchat/onjob_transfer", 90501, "chat is not external group chat"),
		},
		{
			Name: "groupchat/onjob_transfer/100 chats, all handed over", Method: "POST", Path: "externalcontact/groupchat/onjob_transfer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.OnJobTransferGroupChat(ctx, ids("wr", 100), "zhangsan")
			},
			Exchange: wiretest.Exchange{
				Body:  `{"chat_id_list":` + jsonList(ids("wr", 100)) + `,"new_owner":"zhangsan"}`,
				Reply: `{"errcode":0,"errmsg":"ok","failed_chat_list":[]}`,
			},
			Want: &TransferGroupChatResponse{FailedChats: []FailedGroupChat{}},
		},
	}
}

func groupChatBad() []wiretest.Bad[*Client] {
	type bad = wiretest.Bad[*Client]
	var rows []bad
	for _, tt := range []struct {
		name  string
		req   *GetGroupChatsRequest
		field string
	}{
		{"limit 1001", &GetGroupChatsRequest{Limit: 1001}, "limit"},
		{"limit -1", &GetGroupChatsRequest{Limit: -1}, "limit"},
		{"101 owners", &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: ids("u", 101)}}, "owner_filter.userid_list"},
		{"empty owner", &GetGroupChatsRequest{OwnerFilter: &GroupChatOwnerFilter{UserIDs: []string{"abel", ""}}}, "owner_filter.userid_list"},
	} {
		rows = append(rows,
			bad{Name: "groupchat/list/" + tt.name, Path: "externalcontact/groupchat/list", Field: tt.field,
				Call: func(ctx context.Context, c *Client) error { _, err := c.GetGroupChats(ctx, tt.req); return err }},
			bad{Name: "groupchat/list all/" + tt.name, Path: "externalcontact/groupchat/list", Field: tt.field,
				Call: func(ctx context.Context, c *Client) error { return wiretest.Refused(c.GetGroupChatsAll(ctx, tt.req)) }})
	}
	rows = append(rows, bad{Name: "groupchat/get/no chat", Path: "externalcontact/groupchat/get", Field: "chat_id",
		Call: func(ctx context.Context, c *Client) error { _, err := c.GetGroupChat(ctx, "", true); return err }})
	for _, call := range []struct {
		path string
		do   func(c *Client, ctx context.Context, chatIDs []string, newOwner string) (*TransferGroupChatResponse, error)
	}{
		{"externalcontact/groupchat/transfer", (*Client).TransferGroupChat},
		{"externalcontact/groupchat/onjob_transfer", (*Client).OnJobTransferGroupChat},
	} {
		for _, v := range []struct {
			name     string
			ids      []string
			newOwner string
			field    string
		}{
			{"no chats", nil, "zhangsan", "chat_id_list"},
			{"empty chat", []string{"wr1", ""}, "zhangsan", "chat_id_list"},
			{"101 chats", ids("wr", 101), "zhangsan", "chat_id_list"},
			{"no owner", []string{"wr1"}, "", "new_owner"},
		} {
			rows = append(rows, bad{Name: call.path + "/" + v.name, Path: call.path, Field: v.field,
				Call: func(ctx context.Context, c *Client) error { _, err := call.do(c, ctx, v.ids, v.newOwner); return err }})
		}
	}
	return rows
}
