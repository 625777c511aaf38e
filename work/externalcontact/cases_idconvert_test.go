package externalcontact

import (
	"context"
	"fmt"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The id conversions (ID转换) and the 家校 mobile conversion.

func idConvertCases(t *testing.T) []wiretest.Case[*Client] {
	type tc = wiretest.Case[*Client]
	str := func(path string, call func(ctx context.Context, c *Client) (string, error), body, reply, want string) tc {
		return tc{Method: "POST", Path: path,
			Call:     func(ctx context.Context, c *Client) (any, error) { return call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: fixture(t, reply)},
			Want:     want}
	}
	want3rd := []ExternalUserIDInfo{
		{CorpID: "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", ExternalUserID: "wmJ7Ad5VAAcorpAcust9ZL2gS0tYxAA"},
		{CorpID: "wpJ7Ad5VAAcorpB3q9ZL2gS0tYxBBBB", ExternalUserID: "wmJ7Ad5VAAcorpBcust9ZL2gS0tYxBB"},
	}
	const union, open = "oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA", "oProviderMiniOpenID2gS0tYxAA"
	u3rd := func(name, path string, corpID, body string, call func(c *Client, ctx context.Context, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error)) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call: func(ctx context.Context, c *Client) (any, error) {
				return call(c, ctx, &UnionIDToExternalUserID3rdRequest{UnionID: union, OpenID: open, CorpID: corpID})
			},
			Exchange: wiretest.Exchange{Body: body, Reply: fixture(t, "unionid_to_external_userid_3rd")},
			Want:     want3rd}
	}
	const (
		svc3rd    = "service/externalcontact/unionid_to_external_userid_3rd"
		legacy3rd = "externalcontact/unionid_to_external_userid_3rd"
		noCorp    = `{"unionid":"` + union + `","openid":"` + open + `"}`
		withCorp  = `{"unionid":"` + union + `","openid":"` + open + `","corpid":"wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"}`
	)
	return []tc{
		str("externalcontact/convert_to_openid", func(ctx context.Context, c *Client) (string, error) {
			return c.ConvertToOpenID(ctx, "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw")
		}, `{"external_userid":"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"}`, "convert_to_openid", "oJ7Ad5VqGc1mWUfK3q9ZL2gS0tYx"),
		str("externalcontact/unionid_to_external_userid", func(ctx context.Context, c *Client) (string, error) {
			return c.UnionIDToExternalUserID(ctx, "oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA", "oMiniProgramOpenID9ZL2gS0tYx")
		}, `{"unionid":"oJ7Ad5uNiOnId3q9ZL2gS0tYxAAA","openid":"oMiniProgramOpenID9ZL2gS0tYx"}`, "unionid_to_external_userid", "wmJ7Ad5VAAZqGc1mWUfK3q9ZL2gS0tYx"),
		str("externalcontact/to_service_external_userid", func(ctx context.Context, c *Client) (string, error) {
			return c.ToServiceExternalUserID(ctx, "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw")
		}, `{"external_userid":"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"}`, "to_service_external_userid", "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"),
		// source_agentid is a JSON number, not a string.
		str("externalcontact/from_service_external_userid", func(ctx context.Context, c *Client) (string, error) {
			return c.FromServiceExternalUserID(ctx, 1000005, "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB")
		}, `{"external_userid":"wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB","source_agentid":1000005}`, "from_service_external_userid", "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw"),
		str("externalcontact/opengid_to_chatid", func(ctx context.Context, c *Client) (string, error) {
			return c.OpenGIDToChatID(ctx, "tG0dUt5QnTYgQ_N2VhxqfvWgAAAA")
		}, `{"opengid":"tG0dUt5QnTYgQ_N2VhxqfvWgAAAA"}`, "opengid_to_chatid", "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA"),
		{
			Method: "POST", Path: "externalcontact/get_new_external_userid",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetNewExternalUserID(ctx, []string{"wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw", "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"external_userid_list":["wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw","wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"]}`,
				Reply: fixture(t, "get_new_external_userid"),
			},
			Want: []ExternalUserIDMapping{
				{ExternalUserID: "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw", NewExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxAA"},
				// A provider-subject id comes back unchanged.
				{ExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB", NewExternalUserID: "wmJ7Ad5VAAsvc0NewK3q9ZL2gS0tYxBB"},
			},
		},
		{
			Name: "get_new_external_userid/1000 ids accepted", Method: "POST", Path: "externalcontact/get_new_external_userid",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetNewExternalUserID(ctx, ids("wm", 1000)) },
			Exchange: wiretest.Exchange{Body: `{"external_userid_list":` + jsonList(ids("wm", 1000)) + `}`, Reply: `{"errcode":0,"errmsg":"ok","items":[]}`},
			Want:     []ExternalUserIDMapping{},
		},
		{
			// The docs' key is chat_id (not PowerWeChat's chatid).
			Method: "POST", Path: "externalcontact/groupchat/get_new_external_userid",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetGroupChatNewExternalUserID(ctx, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", []string{"wmAJ2GCAAAgroupMember01-q0_ZM9uk"})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","external_userid_list":["wmAJ2GCAAAgroupMember01-q0_ZM9uk"]}`,
				Reply: fixture(t, "groupchat_get_new_external_userid"),
			},
			Want: []ExternalUserIDMapping{{ExternalUserID: "wmAJ2GCAAAgroupMember01-q0_ZM9uk", NewExternalUserID: "wmJ7Ad5VAAgroupMember01NewZL2gS0"}},
		},
		{
			Method: "POST", Path: "service/externalcontact/finish_external_userid_migration",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.FinishExternalUserIDMigration(ctx, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA")
			},
			Exchange: wiretest.Exchange{Body: `{"corpid":"wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA"}`, Reply: okReply},
		},
		// corpid is left out when empty (all corps), sent when set; the
		// legacy path sends the same body.
		u3rd("", svc3rd, "", noCorp, (*Client).UnionIDToExternalUserID3rd),
		u3rd("unionid_to_external_userid_3rd/one corp", svc3rd, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", withCorp, (*Client).UnionIDToExternalUserID3rd),
		u3rd("", legacy3rd, "", noCorp, (*Client).UnionIDToExternalUserID3rdLegacy),
		u3rd("unionid_to_external_userid_3rd legacy/one corp", legacy3rd, "wpJ7Ad5VAAcorpA3q9ZL2gS0tYxAAAA", withCorp, (*Client).UnionIDToExternalUserID3rdLegacy),
		{
			Method: "POST", Path: "externalcontact/batch_to_external_userid",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.BatchToExternalUserID(ctx, []string{"13800000001", "13800000002", "13800000003"})
			},
			Exchange: wiretest.Exchange{Body: `{"mobiles":["13800000001","13800000002","13800000003"]}`, Reply: fixture(t, "batch_to_external_userid")},
			Want: &BatchToExternalUserIDResponse{
				SuccessList: []BatchToExternalUserIDSuccess{
					{Mobile: "13800000001", ExternalUserID: "wmAJ2GCAAAparent01NI-q0_ZM9ukoAw"},
					{Mobile: "13800000002"}, // the parent does not follow the school yet
				},
				FailList: []BatchToExternalUserIDFailure{{Mobile: "13800000003", ItemResult: itemResult(60136, "record not found")}},
			},
		},
		{
			Name: "batch_to_external_userid/100 mobiles accepted", Method: "POST", Path: "externalcontact/batch_to_external_userid",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.BatchToExternalUserID(ctx, ids("138", 100))
			},
			Exchange: wiretest.Exchange{Body: `{"mobiles":` + jsonList(ids("138", 100)) + `}`, Reply: `{"errcode":0,"errmsg":"ok","success_list":[],"fail_list":[]}`},
			Want:     &BatchToExternalUserIDResponse{SuccessList: []BatchToExternalUserIDSuccess{}, FailList: []BatchToExternalUserIDFailure{}},
		},
	}
}

func idConvertBad() []wiretest.Bad[*Client] {
	type bad = wiretest.Bad[*Client]
	var rows []bad
	add := func(path, name, field string, call func(ctx context.Context, c *Client) error) {
		rows = append(rows, bad{Name: path + "/" + name, Path: path, Field: field, Call: call})
	}
	add("externalcontact/convert_to_openid", "empty", "external_userid", func(ctx context.Context, c *Client) error {
		_, err := c.ConvertToOpenID(ctx, "")
		return err
	})
	add("externalcontact/unionid_to_external_userid", "no unionid", "unionid", func(ctx context.Context, c *Client) error {
		_, err := c.UnionIDToExternalUserID(ctx, "", "o1")
		return err
	})
	add("externalcontact/unionid_to_external_userid", "no openid", "openid", func(ctx context.Context, c *Client) error {
		_, err := c.UnionIDToExternalUserID(ctx, "u1", "")
		return err
	})
	add("externalcontact/to_service_external_userid", "empty", "external_userid", func(ctx context.Context, c *Client) error {
		_, err := c.ToServiceExternalUserID(ctx, "")
		return err
	})
	for _, agent := range []int64{0, -1} {
		add("externalcontact/from_service_external_userid", fmt.Sprint("agent ", agent), "source_agentid", func(ctx context.Context, c *Client) error {
			_, err := c.FromServiceExternalUserID(ctx, agent, "wm1")
			return err
		})
	}
	add("externalcontact/from_service_external_userid", "no id", "external_userid", func(ctx context.Context, c *Client) error {
		_, err := c.FromServiceExternalUserID(ctx, 1000005, "")
		return err
	})
	for name, list := range map[string][]string{"none": nil, "empty id": {"wm1", ""}, "1001": ids("wm", 1001)} {
		add("externalcontact/get_new_external_userid", name, "external_userid_list", func(ctx context.Context, c *Client) error {
			_, err := c.GetNewExternalUserID(ctx, list)
			return err
		})
		add("externalcontact/groupchat/get_new_external_userid", name, "external_userid_list", func(ctx context.Context, c *Client) error {
			_, err := c.GetGroupChatNewExternalUserID(ctx, "wr1", list)
			return err
		})
	}
	add("externalcontact/groupchat/get_new_external_userid", "no chat", "chat_id", func(ctx context.Context, c *Client) error {
		_, err := c.GetGroupChatNewExternalUserID(ctx, "", []string{"wm1"})
		return err
	})
	add("externalcontact/opengid_to_chatid", "empty", "opengid", func(ctx context.Context, c *Client) error {
		_, err := c.OpenGIDToChatID(ctx, "")
		return err
	})
	for name, list := range map[string][]string{"none": {}, "empty": {""}, "101": ids("138", 101)} {
		add("externalcontact/batch_to_external_userid", name, "mobiles", func(ctx context.Context, c *Client) error {
			_, err := c.BatchToExternalUserID(ctx, list)
			return err
		})
	}
	add("service/externalcontact/finish_external_userid_migration", "no corpid", "corpid", func(ctx context.Context, c *Client) error {
		return c.FinishExternalUserIDMigration(ctx, "")
	})
	for _, call := range []struct {
		path string
		do   func(c *Client, ctx context.Context, req *UnionIDToExternalUserID3rdRequest) ([]ExternalUserIDInfo, error)
	}{
		{"service/externalcontact/unionid_to_external_userid_3rd", (*Client).UnionIDToExternalUserID3rd},
		{"externalcontact/unionid_to_external_userid_3rd", (*Client).UnionIDToExternalUserID3rdLegacy},
	} {
		for _, tt := range []struct {
			name  string
			req   *UnionIDToExternalUserID3rdRequest
			field string
		}{
			{"nil", nil, "request"},
			{"no unionid", &UnionIDToExternalUserID3rdRequest{OpenID: "o1", CorpID: "wp1"}, "unionid"},
			{"no openid", &UnionIDToExternalUserID3rdRequest{UnionID: "u1"}, "openid"},
		} {
			add(call.path, tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := call.do(c, ctx, tt.req); return err })
		}
	}
	return rows
}
