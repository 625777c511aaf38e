package strategy_test

import (
	"context"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/strategy"
)

// The moment rule groups (客户朋友圈规则组, moment_strategy/*): the same
// implementation on other paths, with MomentPrivilege.

const (
	pmList     = "externalcontact/moment_strategy/list"
	pmGet      = "externalcontact/moment_strategy/get"
	pmGetRange = "externalcontact/moment_strategy/get_range"
	pmCreate   = "externalcontact/moment_strategy/create"
	pmEdit     = "externalcontact/moment_strategy/edit"
	pmDel      = "externalcontact/moment_strategy/del"
)

func momentCases(t *testing.T) []tc {
	exec := func(name, path string, call func(ctx context.Context, c clients) error, body string) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call:     func(ctx context.Context, c clients) (any, error) { return nil, call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: okReply}}
	}
	return []tc{
		{
			Method: "POST", Path: pmList,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.moment.List(ctx, &strategy.ListRequest{Limit: 1000})
			},
			Exchange: wiretest.Exchange{Body: `{"limit":1000}`, Reply: fixture(t, "list")},
			Want:     &strategy.ListResponse{IDs: []int64{1, 7}, NextCursor: "RVNUUkFURUdZX0NVUlNPUl8y"},
		},
		{
			Name: "moment_strategy/list/ListAll from a cursor", Method: "POST", Path: pmList,
			Call: func(ctx context.Context, c clients) (any, error) {
				return wiretest.Walked(c.moment.ListAll(ctx, &strategy.ListRequest{Cursor: "RVNUUkFURUdZX0NVUlNPUl8y"}))
			},
			Exchange: wiretest.Exchange{Body: `{"cursor":"RVNUUkFURUdZX0NVUlNPUl8y"}`, Reply: fixture(t, "list_last")},
			Want:     []int64{12},
		},
		{
			Method: "POST", Path: pmGet,
			Call:     func(ctx context.Context, c clients) (any, error) { return c.moment.Get(ctx, 3) },
			Exchange: wiretest.Exchange{Body: `{"strategy_id":3}`, Reply: fixture(t, "moment_get")},
			Want: &strategy.MomentStrategy{ID: 3, Name: "朋友圈运营组", CreateTime: 1714532400, Admins: []string{"wangwu"},
				Privilege: strategy.MomentPrivilege{SendMoment: true, ViewMomentList: true}},
		},
		{
			Method: "POST", Path: pmGetRange,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.moment.GetRange(ctx, &strategy.GetRangeRequest{ID: 3})
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":3}`, Reply: fixture(t, "get_range")},
			Want:     wantRange,
		},
		{
			Name: "moment_strategy/get_range/GetRangeAll", Method: "POST", Path: pmGetRange,
			Call: func(ctx context.Context, c clients) (any, error) {
				return wiretest.Walked(c.moment.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: 3}))
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":3}`, Reply: fixture(t, "get_range")},
			Then:     []wiretest.Exchange{{Body: `{"strategy_id":3,"cursor":"UkFOR0VfQ1VSU09SXzI"}`, Reply: fixture(t, "get_range_last")}},
			Want:     []strategy.Node{strategy.Member("zhangsan"), strategy.Department(1), strategy.Member("lisi")},
		},
		{
			Method: "POST", Path: pmCreate,
			Call: func(ctx context.Context, c clients) (any, error) {
				p := strategy.DefaultMomentPrivilege()
				p.ManageMomentCoverAndSign = false
				return c.moment.Create(ctx, &strategy.MomentCreateRequest{Name: "朋友圈运营组", Admins: []string{"wangwu"}, Privilege: &p,
					Range: []strategy.Node{strategy.Member("wangwu"), strategy.Member("zhaoliu")}})
			},
			Exchange: wiretest.Exchange{
				Body: `{"strategy_name":"朋友圈运营组","admin_list":["wangwu"],
					"privilege":{"send_moment":true,"view_moment_list":true,"manage_moment_cover_and_sign":false},
					"range":[{"type":1,"userid":"wangwu"},{"type":1,"userid":"zhaoliu"}]}`,
				Reply: fixture(t, "create"),
			},
			Want: int64(7),
		},
		// Replace with every privilege revoked: each key sent as false.
		exec("moment_strategy/edit/privileges revoked", pmEdit, func(ctx context.Context, c clients) error {
			return c.moment.Edit(ctx, &strategy.MomentEditRequest{ID: 3, Privilege: &strategy.MomentPrivilege{}})
		}, `{"strategy_id":3,"privilege":{"send_moment":false,"view_moment_list":false,"manage_moment_cover_and_sign":false}}`),
		// Leave as is: a rename sends nothing else.
		exec("moment_strategy/edit/rename", pmEdit, func(ctx context.Context, c clients) error {
			return c.moment.Edit(ctx, &strategy.MomentEditRequest{ID: 3, Name: "朋友圈二组", RangeDel: []strategy.Node{strategy.Department(1)}})
		}, `{"strategy_id":3,"strategy_name":"朋友圈二组","range_del":[{"type":2,"partyid":1}]}`),
		exec("", pmDel, func(ctx context.Context, c clients) error { return c.moment.Delete(ctx, 3) }, `{"strategy_id":3}`),
	}
}

// momentBad checks that the shared checks name the moment paths.
func momentBad() []bad {
	p := strategy.DefaultMomentPrivilege()
	return []bad{
		{Name: "moment list negative limit", Path: pmList, Field: "limit", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.List(ctx, &strategy.ListRequest{Limit: -1})
			return err
		}},
		{Name: "moment ListAll negative limit", Path: pmList, Field: "limit", Call: func(ctx context.Context, c clients) error {
			return wiretest.Refused(c.moment.ListAll(ctx, &strategy.ListRequest{Limit: -1}))
		}},
		{Name: "moment get id 0", Path: pmGet, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.Get(ctx, 0)
			return err
		}},
		{Name: "moment get_range id 0", Path: pmGetRange, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.GetRange(ctx, &strategy.GetRangeRequest{})
			return err
		}},
		{Name: "moment GetRangeAll negative limit", Path: pmGetRange, Field: "limit", Call: func(ctx context.Context, c clients) error {
			return wiretest.Refused(c.moment.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: 3, Limit: -1}))
		}},
		{Name: "moment create no name", Path: pmCreate, Field: "strategy_name", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.Create(ctx, &strategy.MomentCreateRequest{Admins: []string{"wangwu"}})
			return err
		}},
		{Name: "moment create child with privilege", Path: pmCreate, Field: "privilege", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.Create(ctx, &strategy.MomentCreateRequest{ParentID: 3, Name: "x", Admins: []string{"wangwu"}, Privilege: &p})
			return err
		}},
		{Name: "moment create bad node", Path: pmCreate, Field: "range[0].type", Call: func(ctx context.Context, c clients) error {
			_, err := c.moment.Create(ctx, &strategy.MomentCreateRequest{Name: "x", Admins: []string{"wangwu"}, Range: []strategy.Node{{Type: 3, UserID: "a"}}})
			return err
		}},
		{Name: "moment edit nothing", Path: pmEdit, Field: "request", Call: func(ctx context.Context, c clients) error {
			return c.moment.Edit(ctx, &strategy.MomentEditRequest{ID: 3})
		}},
		{Name: "moment edit empty admins", Path: pmEdit, Field: "admin_list", Call: func(ctx context.Context, c clients) error {
			return c.moment.Edit(ctx, &strategy.MomentEditRequest{ID: 3, Admins: []string{}})
		}},
		{Name: "moment del id 0", Path: pmDel, Field: "strategy_id", Call: func(ctx context.Context, c clients) error { return c.moment.Delete(ctx, -1) }},
	}
}
