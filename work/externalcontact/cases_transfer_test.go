package externalcontact

import (
	"context"
	"strings"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The 在职继承 / 离职继承 calls, and the original one-customer ones.

func transferCases(t *testing.T) []wiretest.Case[*Client] {
	type tc = wiretest.Case[*Client]
	const msg = "您好，您的服务已升级，后续将由我的同事李四@腾讯接替我的工作，继续为您服务。"
	wantUnassigned := &GetUnassignedResponse{
		Info: []UnassignedCustomer{
			{HandoverUserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd4uL12hdfsdasassdDmAAAAA", DimissionTime: 1550838571},
			{HandoverUserID: "lisi", ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA", DimissionTime: 1550661468},
		},
		NextCursor: "aSfwejksvhToiMMfFeIGZZ",
	}
	transferred := func(path string, customers ...CustomerTransfer) *TransferCustomerResponse {
		for i := range customers {
			customers[i].path = path
		}
		return &TransferCustomerResponse{Customers: customers}
	}
	wantTransferResult := &TransferResultResponse{
		Customers: []CustomerTakeover{
			{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCC", Status: TransferCompleted, TakeoverTime: 1588262400},
			{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", Status: TransferWaiting, TakeoverTime: 1588482400},
			{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", Status: TransferRefused},
		},
		NextCursor: "NEXT_CURSOR",
	}
	wantResignedResult := &TransferResultResponse{Customers: []CustomerTakeover{
		{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqDDDD", Status: TransferLimitReached},
		{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqEEEE", Status: TransferCompleted, TakeoverTime: 1588262400},
	}}
	rows := []tc{
		{
			Method: "POST", Path: "externalcontact/get_unassigned_list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUnassigned(ctx, &GetUnassignedRequest{Cursor: "CURSOR", PageSize: 100})
			},
			Exchange: wiretest.Exchange{Body: `{"cursor":"CURSOR","page_size":100}`, Reply: fixture(t, "get_unassigned_list")},
			Want:     wantUnassigned,
		},
		{
			// No page_id: the SDK pages by cursor only.
			Name: "get_unassigned_list/nil request", Method: "POST", Path: "externalcontact/get_unassigned_list",
			Call:     func(ctx context.Context, c *Client) (any, error) { return c.GetUnassigned(ctx, nil) },
			Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "get_unassigned_list")},
			Want:     wantUnassigned,
		},
		{
			Name: "get_unassigned_list/page_size above 1000 sent as 1000", Method: "POST", Path: "externalcontact/get_unassigned_list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUnassigned(ctx, &GetUnassignedRequest{PageSize: 5000})
			},
			Exchange: wiretest.Exchange{Body: `{"page_size":1000}`, Reply: fixture(t, "get_unassigned_list")},
			Want:     wantUnassigned,
		},
		{
			// The last page says is_last and still carries a cursor: the
			// walk stops there.
			Name: "get_unassigned_list/all pages", Method: "POST", Path: "externalcontact/get_unassigned_list",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return wiretest.Walked(c.GetUnassignedAll(ctx, &GetUnassignedRequest{PageSize: 2}))
			},
			Exchange: wiretest.Exchange{Body: `{"page_size":2}`, Reply: fixture(t, "get_unassigned_list")},
			Then: []wiretest.Exchange{{
				Body:  `{"cursor":"aSfwejksvhToiMMfFeIGZZ","page_size":2}`,
				Reply: `{"errcode":0,"errmsg":"ok","info":[{"handover_userid":"lisi","external_userid":"wmAJ2GCAAAzLTI123ghsdfoGZNqqBBBB","dimission_time":1550661468}],"is_last":true,"next_cursor":"MORE"}`,
			}},
			Want: append(append([]UnassignedCustomer{}, wantUnassigned.Info...),
				UnassignedCustomer{HandoverUserID: "lisi", ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqBBBB", DimissionTime: 1550661468}),
		},
		{
			Method: "POST", Path: "externalcontact/transfer_customer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.TransferCustomer(ctx, &TransferCustomerRequest{
					HandoverUserID: "zhangsan", TakeoverUserID: "lisi", TransferSuccessMsg: msg,
					ExternalUserIDs: []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC"},
				})
			},
			Exchange: wiretest.Exchange{
				Body: `{"handover_userid":"zhangsan","takeover_userid":"lisi",
					"external_userid":["woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA","woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB","woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC"],
					"transfer_success_msg":"` + msg + `"}`,
				Reply: fixture(t, "transfer_customer"),
			},
			Want: transferred("externalcontact/transfer_customer",
				CustomerTransfer{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", ItemResult: itemResult(40096, "")},
				CustomerTransfer{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB"},
				CustomerTransfer{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC", ItemResult: itemResult(40128, "")}),
		},
		{
			Name: "transfer_customer/default message left out, limits accepted", Method: "POST", Path: "externalcontact/transfer_customer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.TransferCustomer(ctx, &TransferCustomerRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserIDs: ids("wm", 100)})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":` + jsonList(ids("wm", 100)) + `}`,
				Reply: `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm000","errcode":0}]}`,
			},
			Want: transferred("externalcontact/transfer_customer", CustomerTransfer{ExternalUserID: "wm000"}),
		},
		{
			Name: "transfer_customer/200-character message accepted", Method: "POST", Path: "externalcontact/transfer_customer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.TransferCustomer(ctx, &TransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b",
					ExternalUserIDs: []string{"wm1"}, TransferSuccessMsg: strings.Repeat("您", 200)})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"handover_userid":"a","takeover_userid":"b","external_userid":["wm1"],"transfer_success_msg":"` + strings.Repeat("您", 200) + `"}`,
				Reply: `{"errcode":0,"errmsg":"ok","customer":[]}`,
			},
			Want: &TransferCustomerResponse{Customers: []CustomerTransfer{}},
		},
		{
			Method: "POST", Path: "externalcontact/resigned/transfer_customer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.ResignedTransferCustomer(ctx, &ResignedTransferCustomerRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
					ExternalUserIDs: []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"}})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":["woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB","woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"]}`,
				Reply: fixture(t, "resigned_transfer_customer"),
			},
			Want: transferred("externalcontact/resigned/transfer_customer",
				CustomerTransfer{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB"},
				CustomerTransfer{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"}),
		},
		{
			Method: "POST", Path: "externalcontact/transfer_result",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.TransferResult(ctx, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", Cursor: "CURSOR"})
			},
			Exchange: wiretest.Exchange{Body: `{"handover_userid":"zhangsan","takeover_userid":"lisi","cursor":"CURSOR"}`, Reply: fixture(t, "transfer_result")},
			Want:     wantTransferResult,
		},
		{
			Name: "transfer_result/all pages", Method: "POST", Path: "externalcontact/transfer_result",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return wiretest.Walked(c.TransferResultAll(ctx, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"}))
			},
			Exchange: wiretest.Exchange{Body: `{"handover_userid":"zhangsan","takeover_userid":"lisi"}`, Reply: fixture(t, "transfer_result")},
			Then: []wiretest.Exchange{{
				Body:  `{"handover_userid":"zhangsan","takeover_userid":"lisi","cursor":"NEXT_CURSOR"}`,
				Reply: fixture(t, "resigned_transfer_result"),
			}},
			Want: append(append([]CustomerTakeover{}, wantTransferResult.Customers...), wantResignedResult.Customers...),
		},
		{
			// The first page: no cursor key at all.
			Method: "POST", Path: "externalcontact/resigned/transfer_result",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.ResignedTransferResult(ctx, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"})
			},
			Exchange: wiretest.Exchange{Body: `{"handover_userid":"zhangsan","takeover_userid":"lisi"}`, Reply: fixture(t, "resigned_transfer_result")},
			Want:     wantResignedResult,
		},
		{
			Name: "resigned/transfer_result/all pages", Method: "POST", Path: "externalcontact/resigned/transfer_result",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return wiretest.Walked(c.ResignedTransferResultAll(ctx, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", Cursor: "CURSOR"}))
			},
			Exchange: wiretest.Exchange{Body: `{"handover_userid":"zhangsan","takeover_userid":"lisi","cursor":"CURSOR"}`, Reply: fixture(t, "transfer_result")},
			Then: []wiretest.Exchange{{
				Body:  `{"handover_userid":"zhangsan","takeover_userid":"lisi","cursor":"NEXT_CURSOR"}`,
				Reply: fixture(t, "resigned_transfer_result"),
			}},
			Want: append(append([]CustomerTakeover{}, wantTransferResult.Customers...), wantResignedResult.Customers...),
		},
		{
			Method: "POST", Path: "externalcontact/transfer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Transfer(ctx, &TransferRequest{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA",
					HandoverUserID: "zhangsan", TakeoverUserID: "lisi", TransferSuccessMsg: "您好，后续由李四为您服务"})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"external_userid":"wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA","handover_userid":"zhangsan","takeover_userid":"lisi","transfer_success_msg":"您好，后续由李四为您服务"}`,
				Reply: okReply,
			},
		},
		{
			// Without a message, the key is left out (as WxJava sends it).
			Name: "transfer/no message", Method: "POST", Path: "externalcontact/transfer",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Transfer(ctx, &TransferRequest{ExternalUserID: "wm1", HandoverUserID: "a", TakeoverUserID: "b"})
			},
			Exchange: wiretest.Exchange{Body: `{"external_userid":"wm1","handover_userid":"a","takeover_userid":"b"}`, Reply: okReply},
		},
		{
			Method: "POST", Path: "externalcontact/get_transfer_result",
			Call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetTransferResult(ctx, &GetTransferResultRequest{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA",
					HandoverUserID: "zhangsan", TakeoverUserID: "lisi"})
			},
			Exchange: wiretest.Exchange{
				Body:  `{"external_userid":"wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA","handover_userid":"zhangsan","takeover_userid":"lisi"}`,
				Reply: fixture(t, "get_transfer_result"),
			},
			Want: &GetTransferResultResponse{Status: TransferWaiting, TakeoverTime: 1588482400},
		},
	}
	return rows
}

func transferBad() []wiretest.Bad[*Client] {
	type bad = wiretest.Bad[*Client]
	var rows []bad
	add := func(path, name, field string, call func(ctx context.Context, c *Client) error) {
		rows = append(rows, bad{Name: path + "/" + name, Path: "externalcontact/" + path, Field: field, Call: call})
	}
	for _, tt := range []struct {
		name string
		req  *GetUnassignedRequest
	}{{"page_size -1", &GetUnassignedRequest{PageSize: -1}}} {
		add("get_unassigned_list", tt.name, "page_size", func(ctx context.Context, c *Client) error { _, err := c.GetUnassigned(ctx, tt.req); return err })
		add("get_unassigned_list", "all/"+tt.name, "page_size", func(ctx context.Context, c *Client) error { return wiretest.Refused(c.GetUnassignedAll(ctx, tt.req)) })
	}
	okTransfer := func(mut func(r *TransferCustomerRequest)) *TransferCustomerRequest {
		r := &TransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}}
		mut(r)
		return r
	}
	for _, tt := range []struct {
		name  string
		req   *TransferCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no handover", okTransfer(func(r *TransferCustomerRequest) { r.HandoverUserID = "" }), "handover_userid"},
		{"no takeover", okTransfer(func(r *TransferCustomerRequest) { r.TakeoverUserID = "" }), "takeover_userid"},
		{"no customers", okTransfer(func(r *TransferCustomerRequest) { r.ExternalUserIDs = nil }), "external_userid"},
		{"empty customer", okTransfer(func(r *TransferCustomerRequest) { r.ExternalUserIDs = []string{"wm1", ""} }), "external_userid"},
		{"101 customers", okTransfer(func(r *TransferCustomerRequest) { r.ExternalUserIDs = ids("wm", 101) }), "external_userid"},
		{"201-char message", okTransfer(func(r *TransferCustomerRequest) { r.TransferSuccessMsg = strings.Repeat("您", 201) }), "transfer_success_msg"},
	} {
		add("transfer_customer", tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := c.TransferCustomer(ctx, tt.req); return err })
	}
	for _, tt := range []struct {
		name  string
		req   *ResignedTransferCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no handover", &ResignedTransferCustomerRequest{TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}}, "handover_userid"},
		{"no takeover", &ResignedTransferCustomerRequest{HandoverUserID: "a", ExternalUserIDs: []string{"wm1"}}, "takeover_userid"},
		{"no customers", &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"101 customers", &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: ids("wm", 101)}, "external_userid"},
	} {
		add("resigned/transfer_customer", tt.name, tt.field, func(ctx context.Context, c *Client) error {
			_, err := c.ResignedTransferCustomer(ctx, tt.req)
			return err
		})
	}
	for _, call := range []struct {
		path string
		page func(c *Client, ctx context.Context, req *TransferResultRequest) (*TransferResultResponse, error)
		all  func(c *Client, ctx context.Context, req *TransferResultRequest) error
	}{
		{"transfer_result", (*Client).TransferResult, func(c *Client, ctx context.Context, req *TransferResultRequest) error {
			return wiretest.Refused(c.TransferResultAll(ctx, req))
		}},
		{"resigned/transfer_result", (*Client).ResignedTransferResult, func(c *Client, ctx context.Context, req *TransferResultRequest) error {
			return wiretest.Refused(c.ResignedTransferResultAll(ctx, req))
		}},
	} {
		for _, tt := range []struct {
			name  string
			req   *TransferResultRequest
			field string
		}{
			{"nil", nil, "request"},
			{"no handover", &TransferResultRequest{TakeoverUserID: "b"}, "handover_userid"},
			{"no takeover", &TransferResultRequest{HandoverUserID: "a"}, "takeover_userid"},
		} {
			add(call.path, tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := call.page(c, ctx, tt.req); return err })
			add(call.path, "all/"+tt.name, tt.field, func(ctx context.Context, c *Client) error { return call.all(c, ctx, tt.req) })
		}
	}
	for _, tt := range []struct {
		name  string
		req   *TransferRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no customer", &TransferRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"no handover", &TransferRequest{ExternalUserID: "wm1", TakeoverUserID: "b"}, "handover_userid"},
		{"no takeover", &TransferRequest{ExternalUserID: "wm1", HandoverUserID: "a"}, "takeover_userid"},
	} {
		add("transfer", tt.name, tt.field, func(ctx context.Context, c *Client) error { return c.Transfer(ctx, tt.req) })
	}
	for _, tt := range []struct {
		name  string
		req   *GetTransferResultRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no customer", &GetTransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"no handover", &GetTransferResultRequest{ExternalUserID: "wm1", TakeoverUserID: "b"}, "handover_userid"},
		{"no takeover", &GetTransferResultRequest{ExternalUserID: "wm1", HandoverUserID: "a"}, "takeover_userid"},
	} {
		add("get_transfer_result", tt.name, tt.field, func(ctx context.Context, c *Client) error { _, err := c.GetTransferResult(ctx, tt.req); return err })
	}
	return rows
}
