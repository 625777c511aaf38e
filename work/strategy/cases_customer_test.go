package strategy_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/strategy"
)

// The customer-contact rule groups (客户联系规则组, customer_strategy/*).

const (
	pcList     = "externalcontact/customer_strategy/list"
	pcGet      = "externalcontact/customer_strategy/get"
	pcGetRange = "externalcontact/customer_strategy/get_range"
	pcCreate   = "externalcontact/customer_strategy/create"
	pcEdit     = "externalcontact/customer_strategy/edit"
	pcDel      = "externalcontact/customer_strategy/del"
)

var wantCustomerStrategy = &strategy.CustomerStrategy{
	ID: 7, ParentID: 1, Name: "华南大区", CreateTime: 1714528800, Admins: []string{"zhangsan", "lisi"},
	Privilege: strategy.CustomerPrivilege{
		ViewCustomerList: true, ViewCustomerData: true, ViewRoomList: true, ContactMe: true, JoinRoom: true,
		ShareCustomer: false, OperResignCustomer: true, OperResignGroup: true, SendCustomerMsg: true,
		EditWelcomeMsg: false, ViewBehaviorData: true, ViewRoomData: true, SendGroupMsg: true,
		RoomDeduplication: true, RapidReply: true, OnjobCustomerTransfer: false, EditAntiSpamRule: true,
		ExportCustomerList: false, ExportCustomerData: true, ExportCustomerGroupList: true, ManageCustomerTag: true,
	},
}

var wantRange = &strategy.RangeResponse{
	Nodes:      []strategy.Node{strategy.Member("zhangsan"), strategy.Department(1)},
	NextCursor: "UkFOR0VfQ1VSU09SXzI",
}

func customerCases(t *testing.T) []tc {
	exec := func(name, path string, call func(ctx context.Context, c clients) error, body string) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call:     func(ctx context.Context, c clients) (any, error) { return nil, call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: okReply}}
	}
	return []tc{
		{
			Method: "POST", Path: pcList,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.customer.List(ctx, &strategy.ListRequest{Cursor: "CURSOR", Limit: 500})
			},
			Exchange: wiretest.Exchange{Body: `{"cursor":"CURSOR","limit":500}`, Reply: fixture(t, "list")},
			Want:     &strategy.ListResponse{IDs: []int64{1, 7}, NextCursor: "RVNUUkFURUdZX0NVUlNPUl8y"},
		},
		{
			Name: "customer_strategy/list/nil request", Method: "POST", Path: pcList,
			Call:     func(ctx context.Context, c clients) (any, error) { return c.customer.List(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "list_last")},
			Want:     &strategy.ListResponse{IDs: []int64{12}},
		},
		{
			// A limit above WeCom's largest changes only how many calls a walk
			// takes: it is sent as 1000.
			Name: "customer_strategy/list/limit above 1000", Method: "POST", Path: pcList,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.customer.List(ctx, &strategy.ListRequest{Limit: 5000})
			},
			Exchange: wiretest.Exchange{Body: `{"limit":1000}`, Reply: fixture(t, "list_last")},
			Want:     &strategy.ListResponse{IDs: []int64{12}},
		},
		{
			Name: "customer_strategy/list/ListAll walks the pages", Method: "POST", Path: pcList,
			Call: func(ctx context.Context, c clients) (any, error) {
				return wiretest.Walked(c.customer.ListAll(ctx, &strategy.ListRequest{Limit: 2}))
			},
			Exchange: wiretest.Exchange{Body: `{"limit":2}`, Reply: fixture(t, "list")},
			Then:     []wiretest.Exchange{{Body: `{"cursor":"RVNUUkFURUdZX0NVUlNPUl8y","limit":2}`, Reply: fixture(t, "list_last")}},
			Want:     []int64{1, 7, 12},
		},
		{
			Method: "POST", Path: pcGet,
			Call:     func(ctx context.Context, c clients) (any, error) { return c.customer.Get(ctx, 7) },
			Exchange: wiretest.Exchange{Body: `{"strategy_id":7}`, Reply: fixture(t, "customer_get")},
			Want:     wantCustomerStrategy,
		},
		{
			Method: "POST", Path: pcGetRange,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.customer.GetRange(ctx, &strategy.GetRangeRequest{ID: 7, Cursor: "CURSOR", Limit: 100})
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":7,"cursor":"CURSOR","limit":100}`, Reply: fixture(t, "get_range")},
			Want:     wantRange,
		},
		{
			Name: "customer_strategy/get_range/GetRangeAll walks the pages", Method: "POST", Path: pcGetRange,
			Call: func(ctx context.Context, c clients) (any, error) {
				return wiretest.Walked(c.customer.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: 7, Limit: 3000}))
			},
			Exchange: wiretest.Exchange{Body: `{"strategy_id":7,"limit":1000}`, Reply: fixture(t, "get_range")},
			Then:     []wiretest.Exchange{{Body: `{"strategy_id":7,"cursor":"UkFOR0VfQ1VSU09SXzI","limit":1000}`, Reply: fixture(t, "get_range_last")}},
			Want:     []strategy.Node{strategy.Member("zhangsan"), strategy.Department(1), strategy.Member("lisi")},
		},
		{
			// The basic privileges go out as true even when the caller left
			// them false: WeCom does not let them be revoked.
			Method: "POST", Path: pcCreate,
			Call: func(ctx context.Context, c clients) (any, error) {
				p := strategy.DefaultCustomerPrivilege()
				p.ViewCustomerList, p.ShareCustomer, p.ExportCustomerList = false, false, false
				return c.customer.Create(ctx, &strategy.CustomerCreateRequest{
					Name: "华南大区", Admins: []string{"zhangsan", "lisi"}, Privilege: &p,
					Range: []strategy.Node{strategy.Member("zhangsan"), strategy.Department(1)},
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"strategy_name":"华南大区","admin_list":["zhangsan","lisi"],
					"privilege":{"view_customer_list":true,"view_customer_data":true,"view_room_list":true,"contact_me":true,"join_room":true,
						"share_customer":false,"oper_resign_customer":true,"oper_resign_group":true,"send_customer_msg":true,"edit_welcome_msg":true,
						"view_behavior_data":true,"view_room_data":true,"send_group_msg":true,"room_deduplication":true,"rapid_reply":true,
						"onjob_customer_transfer":true,"edit_anti_spam_rule":true,"export_customer_list":false,"export_customer_data":true,
						"export_customer_group_list":true,"manage_customer_tag":true},
					"range":[{"type":1,"userid":"zhangsan"},{"type":2,"partyid":1}]}`,
				Reply: fixture(t, "create"),
			},
			Want: int64(7),
		},
		{
			// A child without privileges (it inherits its parent's) and
			// without a range: neither key is sent.
			Name: "customer_strategy/create/child, defaults", Method: "POST", Path: pcCreate,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.customer.Create(ctx, &strategy.CustomerCreateRequest{ParentID: 1, Name: "深圳组", Admins: []string{"wangwu"}})
			},
			Exchange: wiretest.Exchange{Body: `{"parent_id":1,"strategy_name":"深圳组","admin_list":["wangwu"]}`, Reply: fixture(t, "create")},
			Want:     int64(7),
		},
		{
			Name: "customer_strategy/create/limits themselves accepted", Method: "POST", Path: pcCreate,
			Call: func(ctx context.Context, c clients) (any, error) {
				return c.customer.Create(ctx, &strategy.CustomerCreateRequest{Name: "全员", Admins: userids(strategy.MaxAdmins), Range: members(strategy.MaxRangeNodes)})
			},
			Exchange: wiretest.Exchange{CheckRequest: func(t *testing.T, _ *http.Request, body []byte) {
				var got struct {
					Admins []string        `json:"admin_list"`
					Range  []strategy.Node `json:"range"`
				}
				assert.NoError(t, json.Unmarshal(body, &got))
				assert.Len(t, got.Admins, 20)
				assert.Len(t, got.Range, 3000)
			}, Reply: fixture(t, "create")},
			Want: int64(7),
		},
		// Leave as is: only the range changes; name, admins and privileges
		// are not sent.
		exec("customer_strategy/edit/range only", pcEdit, func(ctx context.Context, c clients) error {
			return c.customer.Edit(ctx, &strategy.CustomerEditRequest{ID: 7,
				RangeAdd: []strategy.Node{strategy.Member("zhangsan"), strategy.Department(1)},
				RangeDel: []strategy.Node{strategy.Member("lisi")}})
		}, `{"strategy_id":7,"range_add":[{"type":1,"userid":"zhangsan"},{"type":2,"partyid":1}],"range_del":[{"type":1,"userid":"lisi"}]}`),
		// Replace: every privilege revoked (the zero value), each key sent;
		// the basic five stay true.
		exec("customer_strategy/edit/privileges revoked", pcEdit, func(ctx context.Context, c clients) error {
			return c.customer.Edit(ctx, &strategy.CustomerEditRequest{ID: 7, Privilege: &strategy.CustomerPrivilege{}})
		}, `{"strategy_id":7,"privilege":`+privilegeJSON(false)+`}`),
		exec("customer_strategy/edit/privileges granted", pcEdit, func(ctx context.Context, c clients) error {
			p := strategy.DefaultCustomerPrivilege()
			return c.customer.Edit(ctx, &strategy.CustomerEditRequest{ID: 7, Privilege: &p})
		}, `{"strategy_id":7,"privilege":`+privilegeJSON(true)+`}`),
		exec("customer_strategy/edit/name and admins", pcEdit, func(ctx context.Context, c clients) error {
			return c.customer.Edit(ctx, &strategy.CustomerEditRequest{ID: 7, Name: "华南大区（新）", Admins: []string{"zhaoliu"}})
		}, `{"strategy_id":7,"strategy_name":"华南大区（新）","admin_list":["zhaoliu"]}`),
		exec("", pcDel, func(ctx context.Context, c clients) error { return c.customer.Delete(ctx, 7) }, `{"strategy_id":7}`),
	}
}

func customerBad() []bad {
	create := func(mut func(r *strategy.CustomerCreateRequest)) func(ctx context.Context, c clients) error {
		return func(ctx context.Context, c clients) error {
			r := strategy.CustomerCreateRequest{Name: "华南大区", Admins: []string{"zhangsan"}, Range: []strategy.Node{strategy.Department(1)}}
			mut(&r)
			_, err := c.customer.Create(ctx, &r)
			return err
		}
	}
	edit := func(r strategy.CustomerEditRequest) func(ctx context.Context, c clients) error {
		return func(ctx context.Context, c clients) error { return c.customer.Edit(ctx, &r) }
	}
	p := strategy.DefaultCustomerPrivilege()
	return []bad{
		{Name: "customer list negative limit", Path: pcList, Field: "limit", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.List(ctx, &strategy.ListRequest{Limit: -1})
			return err
		}},
		{Name: "customer ListAll negative limit", Path: pcList, Field: "limit", Call: func(ctx context.Context, c clients) error {
			return wiretest.Refused(c.customer.ListAll(ctx, &strategy.ListRequest{Limit: -1}))
		}},
		{Name: "customer get id 0", Path: pcGet, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.Get(ctx, 0)
			return err
		}},
		{Name: "customer get negative id", Path: pcGet, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.Get(ctx, -3)
			return err
		}},
		{Name: "customer get_range nil", Path: pcGetRange, Field: "request", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.GetRange(ctx, nil)
			return err
		}},
		{Name: "customer get_range id 0", Path: pcGetRange, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.GetRange(ctx, &strategy.GetRangeRequest{})
			return err
		}},
		{Name: "customer get_range negative limit", Path: pcGetRange, Field: "limit", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.GetRange(ctx, &strategy.GetRangeRequest{ID: 7, Limit: -5})
			return err
		}},
		{Name: "customer GetRangeAll id 0", Path: pcGetRange, Field: "strategy_id", Call: func(ctx context.Context, c clients) error {
			return wiretest.Refused(c.customer.GetRangeAll(ctx, &strategy.GetRangeRequest{}))
		}},
		{Name: "customer GetRangeAll nil", Path: pcGetRange, Field: "request", Call: func(ctx context.Context, c clients) error {
			return wiretest.Refused(c.customer.GetRangeAll(ctx, nil))
		}},
		{Name: "customer create nil", Path: pcCreate, Field: "request", Call: func(ctx context.Context, c clients) error {
			_, err := c.customer.Create(ctx, nil)
			return err
		}},
		{Name: "customer create negative parent", Path: pcCreate, Field: "parent_id", Call: create(func(r *strategy.CustomerCreateRequest) { r.ParentID = -1 })},
		{Name: "customer create no name", Path: pcCreate, Field: "strategy_name", Call: create(func(r *strategy.CustomerCreateRequest) { r.Name = "" })},
		{Name: "customer create no admin", Path: pcCreate, Field: "admin_list", Call: create(func(r *strategy.CustomerCreateRequest) { r.Admins = nil })},
		{Name: "customer create 21 admins", Path: pcCreate, Field: "admin_list", Call: create(func(r *strategy.CustomerCreateRequest) { r.Admins = userids(21) })},
		{Name: "customer create empty admin", Path: pcCreate, Field: "admin_list", Call: create(func(r *strategy.CustomerCreateRequest) { r.Admins = []string{"zhangsan", ""} })},
		{Name: "customer create admin twice", Path: pcCreate, Field: "admin_list", Call: create(func(r *strategy.CustomerCreateRequest) { r.Admins = []string{"zhangsan", "zhangsan"} })},
		{Name: "customer create child with privilege", Path: pcCreate, Field: "privilege", Call: create(func(r *strategy.CustomerCreateRequest) { r.ParentID, r.Privilege = 1, &p })},
		{Name: "customer create 3001 nodes", Path: pcCreate, Field: "range", Call: create(func(r *strategy.CustomerCreateRequest) { r.Range = members(3001) })},
		{Name: "customer create node type 0", Path: pcCreate, Field: "range[0].type", Call: create(func(r *strategy.CustomerCreateRequest) { r.Range = []strategy.Node{{UserID: "zhangsan"}} })},
		{Name: "customer create member without userid", Path: pcCreate, Field: "range[1].userid", Call: create(func(r *strategy.CustomerCreateRequest) {
			r.Range = []strategy.Node{strategy.Department(1), {Type: strategy.NodeMember}}
		})},
		{Name: "customer create member with partyid", Path: pcCreate, Field: "range[0].partyid", Call: create(func(r *strategy.CustomerCreateRequest) {
			r.Range = []strategy.Node{{Type: strategy.NodeMember, UserID: "zhangsan", PartyID: 2}}
		})},
		{Name: "customer create department 0", Path: pcCreate, Field: "range[0].partyid", Call: create(func(r *strategy.CustomerCreateRequest) { r.Range = []strategy.Node{strategy.Department(0)} })},
		{Name: "customer create department with userid", Path: pcCreate, Field: "range[0].userid", Call: create(func(r *strategy.CustomerCreateRequest) {
			r.Range = []strategy.Node{{Type: strategy.NodeDepartment, PartyID: 2, UserID: "zhangsan"}}
		})},
		{Name: "customer create node twice", Path: pcCreate, Field: "range[2]", Call: create(func(r *strategy.CustomerCreateRequest) {
			r.Range = []strategy.Node{strategy.Member("a"), strategy.Department(2), strategy.Member("a")}
		})},
		{Name: "customer edit nil", Path: pcEdit, Field: "request", Call: func(ctx context.Context, c clients) error { return c.customer.Edit(ctx, nil) }},
		{Name: "customer edit id 0", Path: pcEdit, Field: "strategy_id", Call: edit(strategy.CustomerEditRequest{Name: "x"})},
		{Name: "customer edit nothing", Path: pcEdit, Field: "request", Call: edit(strategy.CustomerEditRequest{ID: 7})},
		{Name: "customer edit empty admins", Path: pcEdit, Field: "admin_list", Call: edit(strategy.CustomerEditRequest{ID: 7, Admins: []string{}})},
		{Name: "customer edit 21 admins", Path: pcEdit, Field: "admin_list", Call: edit(strategy.CustomerEditRequest{ID: 7, Admins: userids(21)})},
		{Name: "customer edit bad range_add node", Path: pcEdit, Field: "range_add[0].partyid", Call: edit(strategy.CustomerEditRequest{ID: 7, RangeAdd: []strategy.Node{strategy.Department(-2)}})},
		{Name: "customer edit 3001 range_del", Path: pcEdit, Field: "range_del", Call: edit(strategy.CustomerEditRequest{ID: 7, RangeDel: members(3001)})},
		{Name: "customer edit node added and deleted", Path: pcEdit, Field: "range_del[1]", Call: edit(strategy.CustomerEditRequest{ID: 7,
			RangeAdd: []strategy.Node{strategy.Member("a")}, RangeDel: []strategy.Node{strategy.Member("b"), strategy.Member("a")}})},
		{Name: "customer del id 0", Path: pcDel, Field: "strategy_id", Call: func(ctx context.Context, c clients) error { return c.customer.Delete(ctx, 0) }},
	}
}
