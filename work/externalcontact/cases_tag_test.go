package externalcontact

import (
	"context"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The corp tag (企业客户标签) and strategy tag (规则组标签) calls.

var wantCorpTags = []TagGroup{
	{
		GroupID: "etAJ2GCAAAGrXhfM7kYbJ6Nq1H2Wv3EA", GroupName: "客户等级", CreateTime: 1557838797, Order: 4294967295,
		Tags: []Tag{
			{ID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Name: "重点", CreateTime: 1557838797, Order: 2},
			{ID: "etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA", Name: "一般", CreateTime: 1557838812, Order: 0, Deleted: true},
		},
	},
	{
		GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", GroupName: "意向产品", CreateTime: 1601296740, Order: 1,
		Tags: []Tag{{ID: "etAJ2GCAAAc4HbN9rUw6YeLgZ1oTj7DA", Name: "企业版", CreateTime: 1601296740, Order: 1}},
	},
}

var wantStrategyTags = []TagGroup{{
	GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", GroupName: "华南区域", CreateTime: 1620616426, Order: 3, StrategyID: 7,
	Tags: []Tag{
		{ID: "etAJ2GCAAAq2WeR4tY6uI8oP0aS3dFGA", Name: "广州", CreateTime: 1620616426, Order: 2},
		{ID: "etAJ2GCAAAz1XcV3bN5mQ7wE9rT2yHHA", Name: "深圳", CreateTime: 1620616430, Order: 1},
	},
}}

func tagCases(t *testing.T) []wiretest.Case[*Client] {
	type tc = wiretest.Case[*Client]
	exec := func(name, path string, call func(ctx context.Context, c *Client) error, body string) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call:     func(ctx context.Context, c *Client) (any, error) { return nil, call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: okReply}}
	}
	wantAdded := &TagGroup{
		GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", GroupName: "意向产品", CreateTime: 1601296740, Order: 1,
		Tags: []Tag{
			{ID: "etAJ2GCAAAc4HbN9rUw6YeLgZ1oTj7DA", Name: "企业版", CreateTime: 1601296740, Order: 2},
			{ID: "etAJ2GCAAAm1QwE3rT5yU7iO9pA2sDEA", Name: "旗舰版", CreateTime: 1601296740},
		},
	}
	wantAddedStrategy := &TagGroup{
		GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", GroupName: "华南区域", CreateTime: 1620616426, Order: 3,
		Tags: []Tag{{ID: "etAJ2GCAAAp5LkJ7hG9fD1sA3zX5cJIA", Name: "佛山", CreateTime: 1620702011}},
	}
	rows := []tc{
		{
			Method: "POST", Path: "externalcontact/get_corp_tag_list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetCorpTags(ctx, &GetCorpTagsRequest{
					TagIDs:   []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA"},
					GroupIDs: []string{"etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA"},
				})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"tag_id":["etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA"],"group_id":["etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA"]}`,
				Reply: fixture(t, "get_corp_tag_list"),
			},
			Want: wantCorpTags,
		},
		{
			Name: "get_corp_tag_list/nil request", Method: "POST", Path: "externalcontact/get_corp_tag_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetCorpTags(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "get_corp_tag_list")},
			Want:     wantCorpTags,
		},
		{
			Name: "get_corp_tag_list/empty request", Method: "POST", Path: "externalcontact/get_corp_tag_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetCorpTags(ctx, &GetCorpTagsRequest{}) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "get_corp_tag_list")},
			Want:     wantCorpTags,
		},
		{
			Method: "POST", Path: "externalcontact/add_corp_tag",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddCorpTag(ctx, &AddCorpTagRequest{GroupName: "意向产品", Order: 1,
					Tags: []TagSpec{{Name: "企业版", Order: 2}, {Name: "旗舰版"}}, AgentID: 1000014})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"group_name":"意向产品","order":1,"tag":[{"name":"企业版","order":2},{"name":"旗舰版"}],"agentid":1000014}`,
				Reply: fixture(t, "add_corp_tag"),
			},
			Want: wantAdded,
		},
		{
			Name: "add_corp_tag/into a group", Method: "POST", Path: "externalcontact/add_corp_tag",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddCorpTag(ctx, &AddCorpTagRequest{GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", Tags: []TagSpec{{Name: "旗舰版"}}})
			},
			Exchange: wiretest.Exchange{Body: `{"group_id":"etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA","tag":[{"name":"旗舰版"}]}`, Reply: fixture(t, "add_corp_tag")},
			Want:     wantAdded,
		},
		{
			Name: "add_corp_tag/limits themselves accepted", Method: "POST", Path: "externalcontact/add_corp_tag",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddCorpTag(ctx, &AddCorpTagRequest{GroupName: strings.Repeat("组", 30), Order: 1<<32 - 1,
					Tags: []TagSpec{{Name: strings.Repeat("标", 30), Order: 1<<32 - 1}}})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"group_name":"` + strings.Repeat("组", 30) + `","order":4294967295,"tag":[{"name":"` + strings.Repeat("标", 30) + `","order":4294967295}]}`,
				Reply: fixture(t, "add_corp_tag"),
			},
			Want: wantAdded,
		},
		exec("edit_corp_tag/rename", "externalcontact/edit_corp_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateCorpTag(ctx, &UpdateCorpTagRequest{ID: "etTAG", Name: "重要客户"})
		}, `{"id":"etTAG","name":"重要客户"}`),
		// Order 0 is a real value and must be sent, not dropped.
		exec("edit_corp_tag/order zero", "externalcontact/edit_corp_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateCorpTag(ctx, &UpdateCorpTagRequest{ID: "etGROUP", Order: core.Ptr[int64](0)})
		}, `{"id":"etGROUP","order":0}`),
		exec("edit_corp_tag/all fields", "externalcontact/edit_corp_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateCorpTag(ctx, &UpdateCorpTagRequest{ID: "etTAG", Name: "VIP", Order: core.Ptr[int64](4294967295), AgentID: 1000014})
		}, `{"id":"etTAG","name":"VIP","order":4294967295,"agentid":1000014}`),
		exec("del_corp_tag/tags", "externalcontact/del_corp_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteCorpTag(ctx, &DeleteCorpTagRequest{TagIDs: []string{"etTAG1", "etTAG2"}})
		}, `{"tag_id":["etTAG1","etTAG2"]}`),
		exec("del_corp_tag/groups", "externalcontact/del_corp_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteCorpTag(ctx, &DeleteCorpTagRequest{GroupIDs: []string{"etGROUP1"}})
		}, `{"group_id":["etGROUP1"]}`),
		exec("del_corp_tag/both", "externalcontact/del_corp_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteCorpTag(ctx, &DeleteCorpTagRequest{TagIDs: []string{"etTAG1"}, GroupIDs: []string{"etGROUP1", "etGROUP2"}, AgentID: 1000014})
		}, `{"tag_id":["etTAG1"],"group_id":["etGROUP1","etGROUP2"],"agentid":1000014}`),
		exec("mark_tag/add and remove", "externalcontact/mark_tag", func(ctx context.Context, c *Client) error {
			return c.MarkTags(ctx, &MarkTagsRequest{UserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd1NPGHKSD4wKmE8Aabj9AAA",
				AddTags: []string{"etTAG1", "etTAG2"}, RemoveTags: []string{"etTAG3"}})
		}, `{"userid":"zhangsan","external_userid":"woAJ2GCAAAd1NPGHKSD4wKmE8Aabj9AAA","add_tag":["etTAG1","etTAG2"],"remove_tag":["etTAG3"]}`),
		exec("mark_tag/add only", "externalcontact/mark_tag", func(ctx context.Context, c *Client) error {
			return c.MarkTags(ctx, &MarkTagsRequest{UserID: "zhangsan", ExternalUserID: "wmX", AddTags: []string{"etTAG1"}})
		}, `{"userid":"zhangsan","external_userid":"wmX","add_tag":["etTAG1"]}`),
		exec("mark_tag/remove only", "externalcontact/mark_tag", func(ctx context.Context, c *Client) error {
			return c.MarkTags(ctx, &MarkTagsRequest{UserID: "zhangsan", ExternalUserID: "wmX", RemoveTags: []string{"etTAG1"}})
		}, `{"userid":"zhangsan","external_userid":"wmX","remove_tag":["etTAG1"]}`),
		{
			Method: "POST", Path: "externalcontact/get_strategy_tag_list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetStrategyTags(ctx, &GetStrategyTagsRequest{StrategyID: 7, GroupIDs: []string{"etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA"}})
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":7,"group_id":["etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA"]}`, Reply: fixture(t, "get_strategy_tag_list")},
			Want:     wantStrategyTags,
		},
		{
			Name: "get_strategy_tag_list/nil request", Method: "POST", Path: "externalcontact/get_strategy_tag_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetStrategyTags(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "get_strategy_tag_list")},
			Want:     wantStrategyTags,
		},
		{
			Method: "POST", Path: "externalcontact/add_strategy_tag",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddStrategyTag(ctx, &AddStrategyTagRequest{StrategyID: 7, GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", Tags: []TagSpec{{Name: "佛山"}}})
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":7,"group_id":"etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA","tag":[{"name":"佛山"}]}`, Reply: fixture(t, "add_strategy_tag")},
			Want:     wantAddedStrategy,
		},
		{
			Name: "add_strategy_tag/new group", Method: "POST", Path: "externalcontact/add_strategy_tag",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddStrategyTag(ctx, &AddStrategyTagRequest{StrategyID: 7, GroupName: "华南区域", Order: 3,
					Tags: []TagSpec{{Name: "广州", Order: 2}, {Name: "深圳", Order: 1}}})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"strategy_id":7,"group_name":"华南区域","order":3,"tag":[{"name":"广州","order":2},{"name":"深圳","order":1}]}`,
				Reply: fixture(t, "add_strategy_tag"),
			},
			Want: wantAddedStrategy,
		},
		exec("edit_strategy_tag/rename", "externalcontact/edit_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateStrategyTag(ctx, &UpdateStrategyTagRequest{ID: "etTAG", Name: "珠海"})
		}, `{"id":"etTAG","name":"珠海"}`),
		exec("edit_strategy_tag/order zero", "externalcontact/edit_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateStrategyTag(ctx, &UpdateStrategyTagRequest{ID: "etTAG", Order: core.Ptr[int64](0)})
		}, `{"id":"etTAG","order":0}`),
		exec("edit_strategy_tag/both", "externalcontact/edit_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.UpdateStrategyTag(ctx, &UpdateStrategyTagRequest{ID: "etGROUP", Name: "华南", Order: core.Ptr[int64](9)})
		}, `{"id":"etGROUP","name":"华南","order":9}`),
		// The row's path guards against the peer-SDK bug of posting the
		// delete to edit_strategy_tag.
		exec("del_strategy_tag/both", "externalcontact/del_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteStrategyTag(ctx, &DeleteStrategyTagRequest{TagIDs: []string{"etTAG1"}, GroupIDs: []string{"etGROUP1"}})
		}, `{"tag_id":["etTAG1"],"group_id":["etGROUP1"]}`),
		exec("del_strategy_tag/tags", "externalcontact/del_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteStrategyTag(ctx, &DeleteStrategyTagRequest{TagIDs: []string{"etTAG1", "etTAG2"}})
		}, `{"tag_id":["etTAG1","etTAG2"]}`),
		exec("del_strategy_tag/groups", "externalcontact/del_strategy_tag", func(ctx context.Context, c *Client) error {
			return c.DeleteStrategyTag(ctx, &DeleteStrategyTagRequest{GroupIDs: []string{"etGROUP1"}})
		}, `{"group_id":["etGROUP1"]}`),
	}
	return rows
}

func tagBad() []wiretest.Bad[*Client] {
	type bad = wiretest.Bad[*Client]
	long := strings.Repeat("标", 31)
	okTags := []TagSpec{{Name: "t"}}
	var rows []bad
	add := func(path, name, field string, call func(ctx context.Context, c *Client) error) {
		rows = append(rows, bad{Name: path + "/" + name, Path: "externalcontact/" + path, Field: field, Call: call})
	}
	getCorp := func(req *GetCorpTagsRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.GetCorpTags(ctx, req); return err }
	}
	add("get_corp_tag_list", "empty tag id", "tag_id", getCorp(&GetCorpTagsRequest{TagIDs: []string{"et1", ""}}))
	add("get_corp_tag_list", "empty group id", "group_id", getCorp(&GetCorpTagsRequest{GroupIDs: []string{""}}))
	for _, tt := range []struct {
		name  string
		req   *AddCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no group", &AddCorpTagRequest{Tags: okTags}, "group_id"},
		{"long group name", &AddCorpTagRequest{GroupName: long, Tags: okTags}, "group_name"},
		{"negative order", &AddCorpTagRequest{GroupName: "g", Order: -1, Tags: okTags}, "order"},
		{"order 2^32", &AddCorpTagRequest{GroupName: "g", Order: 1 << 32, Tags: okTags}, "order"},
		{"no tags", &AddCorpTagRequest{GroupName: "g"}, "tag"},
		{"empty tag name", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a"}, {}}}, "tag.name"},
		{"long tag name", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: long}}}, "tag.name"},
		{"tag order", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a", Order: -5}}}, "tag.order"},
		{"agentid", &AddCorpTagRequest{GroupName: "g", Tags: okTags, AgentID: -1}, "agentid"},
	} {
		add("add_corp_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := c.AddCorpTag(ctx, tt.req); return err })
	}
	for _, tt := range []struct {
		name  string
		req   *UpdateCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no id", &UpdateCorpTagRequest{Name: "x"}, "id"},
		{"nothing to change", &UpdateCorpTagRequest{ID: "etTAG"}, "name"},
		{"long name", &UpdateCorpTagRequest{ID: "etTAG", Name: strings.Repeat("a", 31)}, "name"},
		{"negative order", &UpdateCorpTagRequest{ID: "etTAG", Order: core.Ptr[int64](-1)}, "order"},
		{"order 2^32", &UpdateCorpTagRequest{ID: "etTAG", Order: core.Ptr[int64](1 << 32)}, "order"},
		{"agentid", &UpdateCorpTagRequest{ID: "etTAG", Name: "x", AgentID: -3}, "agentid"},
	} {
		add("edit_corp_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.UpdateCorpTag(ctx, tt.req) })
	}
	for _, tt := range []struct {
		name  string
		req   *DeleteCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"nothing", &DeleteCorpTagRequest{}, "tag_id"},
		{"empty lists", &DeleteCorpTagRequest{TagIDs: []string{}, GroupIDs: []string{}}, "tag_id"},
		{"empty tag id", &DeleteCorpTagRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &DeleteCorpTagRequest{GroupIDs: []string{"g", ""}}, "group_id"},
		{"agentid", &DeleteCorpTagRequest{TagIDs: []string{"t"}, AgentID: -1}, "agentid"},
	} {
		add("del_corp_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.DeleteCorpTag(ctx, tt.req) })
	}
	for _, tt := range []struct {
		name  string
		req   *MarkTagsRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no userid", &MarkTagsRequest{ExternalUserID: "wm", AddTags: []string{"et"}}, "userid"},
		{"no external_userid", &MarkTagsRequest{UserID: "u", AddTags: []string{"et"}}, "external_userid"},
		{"no tags", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm"}, "add_tag"},
		{"empty add id", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{""}}, "add_tag"},
		{"empty remove id", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", RemoveTags: []string{"et", ""}}, "remove_tag"},
	} {
		add("mark_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.MarkTags(ctx, tt.req) })
	}
	for _, tt := range []struct {
		name  string
		req   *GetStrategyTagsRequest
		field string
	}{
		{"negative strategy", &GetStrategyTagsRequest{StrategyID: -1}, "strategy_id"},
		{"empty tag id", &GetStrategyTagsRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &GetStrategyTagsRequest{GroupIDs: []string{""}}, "group_id"},
	} {
		add("get_strategy_tag_list", tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := c.GetStrategyTags(ctx, tt.req); return err })
	}
	for _, tt := range []struct {
		name  string
		req   *AddStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no strategy", &AddStrategyTagRequest{GroupName: "g", Tags: okTags}, "strategy_id"},
		{"negative strategy", &AddStrategyTagRequest{StrategyID: -7, GroupName: "g", Tags: okTags}, "strategy_id"},
		{"no group", &AddStrategyTagRequest{StrategyID: 7, Tags: okTags}, "group_id"},
		{"long group name", &AddStrategyTagRequest{StrategyID: 7, GroupName: strings.Repeat("x", 31), Tags: okTags}, "group_name"},
		{"order", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Order: 1 << 32, Tags: okTags}, "order"},
		{"no tags", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g"}, "tag"},
		{"empty tag name", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Tags: []TagSpec{{}}}, "tag.name"},
		{"tag order", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Tags: []TagSpec{{Name: "t", Order: -1}}}, "tag.order"},
	} {
		add("add_strategy_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := c.AddStrategyTag(ctx, tt.req); return err })
	}
	for _, tt := range []struct {
		name  string
		req   *UpdateStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no id", &UpdateStrategyTagRequest{Name: "x"}, "id"},
		{"nothing to change", &UpdateStrategyTagRequest{ID: "etTAG"}, "name"},
		{"long name", &UpdateStrategyTagRequest{ID: "etTAG", Name: strings.Repeat("名", 31)}, "name"},
		{"order", &UpdateStrategyTagRequest{ID: "etTAG", Order: core.Ptr[int64](-1)}, "order"},
	} {
		add("edit_strategy_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.UpdateStrategyTag(ctx, tt.req) })
	}
	for _, tt := range []struct {
		name  string
		req   *DeleteStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"nothing", &DeleteStrategyTagRequest{}, "tag_id"},
		{"empty tag id", &DeleteStrategyTagRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &DeleteStrategyTagRequest{GroupIDs: []string{""}}, "group_id"},
	} {
		add("del_strategy_tag", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.DeleteStrategyTag(ctx, tt.req) })
	}
	return rows
}
