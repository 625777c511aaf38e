package externalcontact

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// xferPage is one page served by xferServePages: its raw JSON items and any
// extra top-level fields (e.g. `"is_last":true`).
type xferPage struct {
	items []string
	extra string
}

// xferServePages serves pages[i] for cursor "" (i=0) or "c<i>", under
// listKey, with next_cursor "c<i+1>" except on the last page. It records the
// cursors asked for.
func xferServePages(t *testing.T, w *wire, path, listKey string, pages []xferPage) *[]string {
	t.Helper()
	var cursors []string
	w.handle(t, path, http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		var req struct {
			Cursor string `json:"cursor"`
		}
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &req))
		cursors = append(cursors, req.Cursor)
		i := 0
		if req.Cursor != "" {
			_, err := fmt.Sscanf(req.Cursor, "c%d", &i)
			require.NoError(t, err)
		}
		require.Less(t, i, len(pages), "cursor past the last page")
		next := ""
		if i+1 < len(pages) {
			next = fmt.Sprintf("c%d", i+1)
		}
		extra := ""
		if pages[i].extra != "" {
			extra = "," + pages[i].extra
		}
		fmt.Fprintf(rw, `{"errcode":0,"errmsg":"ok",%q:[%s],"next_cursor":%q%s}`, listKey, strings.Join(pages[i].items, ","), next, extra)
	})
	return &cursors
}

func xferIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	return ids
}

func TestGetUnassigned(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_unassigned_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"cursor":"CURSOR","page_size":100}`)
		reply(t, "get_unassigned_list")(rw, r)
	})
	req := &GetUnassignedRequest{Cursor: "CURSOR", PageSize: 100}
	got, err := c.GetUnassigned(bg, req)
	require.NoError(t, err)
	assert.Equal(t, &GetUnassignedRequest{Cursor: "CURSOR", PageSize: 100}, req, "request must not be modified")
	assert.Equal(t, []UnassignedCustomer{
		{HandoverUserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd4uL12hdfsdasassdDmAAAAA", DimissionTime: 1550838571},
		{HandoverUserID: "lisi", ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqAAAA", DimissionTime: 1550661468},
	}, got.Info)
	assert.False(t, got.IsLast)
	assert.Equal(t, "aSfwejksvhToiMMfFeIGZZ", got.NextCursor)
}

func TestGetUnassignedOmitsDefaults(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_unassigned_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		// No page_id: the SDK pages by cursor only.
		testJSONBody(t, r, `{}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","info":[],"is_last":true}`)
	})
	got, err := c.GetUnassigned(bg, &GetUnassignedRequest{})
	require.NoError(t, err)
	assert.Empty(t, got.Info)
	assert.True(t, got.IsLast)
}

func TestGetUnassignedErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_unassigned_list", http.MethodPost, replyError(48002, "api forbidden"))
	_, err := c.GetUnassigned(bg, &GetUnassignedRequest{})
	assertAPIError(t, err, 48002, "externalcontact/get_unassigned_list")
	assert.ErrorIs(t, err, core.ErrAPIForbidden)
	n := 0
	for _, err := range c.GetUnassignedAll(bg, &GetUnassignedRequest{}) {
		n++
		assertAPIError(t, err, 48002, "externalcontact/get_unassigned_list")
	}
	assert.Equal(t, 1, n)

	for name, tc := range map[string]struct {
		req   *GetUnassignedRequest
		field string
	}{
		"page_size 1001": {&GetUnassignedRequest{PageSize: 1001}, "page_size"},
		"page_size -1":   {&GetUnassignedRequest{PageSize: -1}, "page_size"},
	} {
		t.Run(name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.GetUnassigned(bg, tc.req)
			assertArgError(t, w, err, tc.field)
			for _, err := range c.GetUnassignedAll(bg, tc.req) {
				assertArgError(t, w, err, tc.field)
			}
		})
	}
}

func unassignedItems(from, to int) []string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"handover_userid":"gone","external_userid":"wm%03d","dimission_time":%d}`, i, 1550000000+i))
	}
	return items
}

func TestGetUnassignedAll(t *testing.T) {
	c, w := setup(t)
	// The last page says is_last and still carries a cursor: the iterator
	// must stop there rather than ask for a page that does not exist.
	cursors := xferServePages(t, w, "externalcontact/get_unassigned_list", "info", []xferPage{
		{items: unassignedItems(0, 3), extra: `"is_last":false`},
		{items: unassignedItems(3, 6), extra: `"is_last":false`},
		{items: unassignedItems(6, 7), extra: `"is_last":true`},
		{items: unassignedItems(7, 8), extra: `"is_last":true`},
	})
	req := &GetUnassignedRequest{PageSize: 3}
	var ids []string
	for u, err := range c.GetUnassignedAll(bg, req) {
		require.NoError(t, err)
		ids = append(ids, u.ExternalUserID)
		assert.Equal(t, "gone", u.HandoverUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006"}, ids)
	assert.Equal(t, []string{"", "c1", "c2"}, *cursors)
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	w.requests.Store(0)
	n := 0
	for _, err := range c.GetUnassignedAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 2 {
			break
		}
	}
	assert.EqualValues(t, 1, w.requests.Load())
}

func TestTransferCustomer(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer_customer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{
			"handover_userid":"zhangsan","takeover_userid":"lisi",
			"external_userid":["woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA","woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB","woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC"],
			"transfer_success_msg":"您好，您的服务已升级，后续将由我的同事李四@腾讯接替我的工作，继续为您服务。"}`)
		reply(t, "transfer_customer")(rw, r)
	})
	got, err := c.TransferCustomer(bg, &TransferCustomerRequest{
		HandoverUserID:     "zhangsan",
		TakeoverUserID:     "lisi",
		ExternalUserIDs:    []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC"},
		TransferSuccessMsg: "您好，您的服务已升级，后续将由我的同事李四@腾讯接替我的工作，继续为您服务。",
	})
	require.NoError(t, err)
	require.Len(t, got.Customers, 3)
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", got.Customers[1].ExternalUserID)
	assert.Zero(t, got.Customers[1].ErrCode)
	assert.NoError(t, got.Customers[1].Err())

	failed := got.Failed()
	require.Len(t, failed, 2)
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", failed[0].ExternalUserID)
	assert.Equal(t, 40096, failed[0].ErrCode)
	assert.ErrorIs(t, failed[0].Err(), core.ErrInvalidExternalUserID)
	assertAPIError(t, failed[0].Err(), 40096, "externalcontact/transfer_customer")
	assert.Contains(t, failed[0].Err().Error(), "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA")
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC", failed[1].ExternalUserID)
	assert.ErrorIs(t, failed[1].Err(), ErrTransferTooFrequent)
	assert.False(t, errors.Is(failed[1].Err(), ErrCustomerTransferring))
}

func TestTransferCustomerOmitsDefaultMessage(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer_customer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":["wm1"]}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm1","errcode":0}]}`)
	})
	got, err := c.TransferCustomer(bg, &TransferCustomerRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserIDs: []string{"wm1"}})
	require.NoError(t, err)
	assert.Nil(t, got.Failed())
}

func TestTransferCustomerErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer_customer", http.MethodPost, replyError(40098, "member not real-name verified"))
	_, err := c.TransferCustomer(bg, &TransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}})
	assertAPIError(t, err, 40098, "externalcontact/transfer_customer")
	assert.ErrorIs(t, err, ErrMemberNotRealName)
	assert.EqualValues(t, 1, w.requests.Load())
}

func TestTransferCustomerValidation(t *testing.T) {
	ok := func(mut func(r *TransferCustomerRequest)) *TransferCustomerRequest {
		r := &TransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}}
		mut(r)
		return r
	}
	tests := []struct {
		name  string
		req   *TransferCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no handover", ok(func(r *TransferCustomerRequest) { r.HandoverUserID = "" }), "handover_userid"},
		{"no takeover", ok(func(r *TransferCustomerRequest) { r.TakeoverUserID = "" }), "takeover_userid"},
		{"no customers", ok(func(r *TransferCustomerRequest) { r.ExternalUserIDs = nil }), "external_userid"},
		{"empty customer", ok(func(r *TransferCustomerRequest) { r.ExternalUserIDs = []string{"wm1", ""} }), "external_userid"},
		{"101 customers", ok(func(r *TransferCustomerRequest) { r.ExternalUserIDs = xferIDs("wm", 101) }), "external_userid"},
		{"201-char message", ok(func(r *TransferCustomerRequest) { r.TransferSuccessMsg = strings.Repeat("您", 201) }), "transfer_success_msg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.TransferCustomer(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}
}

func TestTransferCustomerLimitsAccepted(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer_customer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","customer":[]}`)
	})
	_, err := c.TransferCustomer(bg, &TransferCustomerRequest{
		HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: xferIDs("wm", 100),
		TransferSuccessMsg: strings.Repeat("您", 200),
	})
	require.NoError(t, err)
}

func TestResignedTransferCustomer(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/resigned/transfer_customer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":["woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB","woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"]}`)
		reply(t, "resigned_transfer_customer")(rw, r)
	})
	got, err := c.ResignedTransferCustomer(bg, &ResignedTransferCustomerRequest{
		HandoverUserID:  "zhangsan",
		TakeoverUserID:  "lisi",
		ExternalUserIDs: []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"},
	})
	require.NoError(t, err)
	require.Len(t, got.Customers, 2)
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", got.Customers[0].ExternalUserID)
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", got.Customers[1].ExternalUserID)
	assert.Nil(t, got.Failed())
}

func TestResignedTransferCustomerPerCustomerPath(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/resigned/transfer_customer", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm1","errcode":40097}]}`)
	})
	got, err := c.ResignedTransferCustomer(bg, &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}})
	require.NoError(t, err)
	failed := got.Failed()
	require.Len(t, failed, 1)
	assert.ErrorIs(t, failed[0].Err(), ErrHandoverNotResigned)
	assertAPIError(t, failed[0].Err(), 40097, "externalcontact/resigned/transfer_customer")
}

func TestResignedTransferCustomerErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/resigned/transfer_customer", http.MethodPost, replyError(40097, "handover user is not resigned"))
	_, err := c.ResignedTransferCustomer(bg, &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}})
	assertAPIError(t, err, 40097, "externalcontact/resigned/transfer_customer")
	assert.ErrorIs(t, err, ErrHandoverNotResigned)

	tests := []struct {
		name  string
		req   *ResignedTransferCustomerRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no handover", &ResignedTransferCustomerRequest{TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}}, "handover_userid"},
		{"no takeover", &ResignedTransferCustomerRequest{HandoverUserID: "a", ExternalUserIDs: []string{"wm1"}}, "takeover_userid"},
		{"no customers", &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b"}, "external_userid"},
		{"101 customers", &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: xferIDs("wm", 101)}, "external_userid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.ResignedTransferCustomer(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}
}

// transferResultCalls runs the same tests against the on-job and resigned
// result queries, which share request and response types.
var transferResultCalls = []struct {
	name string
	path string
	page func(c *Client, req *TransferResultRequest) (*TransferResultResponse, error)
	all  func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool)
}{
	{
		"on-job", "externalcontact/transfer_result",
		func(c *Client, req *TransferResultRequest) (*TransferResultResponse, error) {
			return c.TransferResult(bg, req)
		},
		func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool) {
			return c.TransferResultAll(bg, req)
		},
	},
	{
		"resigned", "externalcontact/resigned/transfer_result",
		func(c *Client, req *TransferResultRequest) (*TransferResultResponse, error) {
			return c.ResignedTransferResult(bg, req)
		},
		func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool) {
			return c.ResignedTransferResultAll(bg, req)
		},
	},
}

func TestTransferResult(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/transfer_result", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"handover_userid":"zhangsan","takeover_userid":"lisi","cursor":"CURSOR"}`)
		reply(t, "transfer_result")(rw, r)
	})
	got, err := c.TransferResult(bg, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", Cursor: "CURSOR"})
	require.NoError(t, err)
	assert.Equal(t, []CustomerTakeover{
		{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACCCC", Status: TransferCompleted, TakeoverTime: 1588262400},
		{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", Status: TransferWaiting, TakeoverTime: 1588482400},
		{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", Status: TransferRefused},
	}, got.Customers)
	assert.Equal(t, "NEXT_CURSOR", got.NextCursor)
}

func TestResignedTransferResult(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/resigned/transfer_result", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		// The first page: no cursor key at all.
		testJSONBody(t, r, `{"handover_userid":"zhangsan","takeover_userid":"lisi"}`)
		reply(t, "resigned_transfer_result")(rw, r)
	})
	got, err := c.ResignedTransferResult(bg, &TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"})
	require.NoError(t, err)
	assert.Equal(t, []CustomerTakeover{
		{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqDDDD", Status: TransferLimitReached},
		{ExternalUserID: "wmAJ2GCAAAzLTI123ghsdfoGZNqqEEEE", Status: TransferCompleted, TakeoverTime: 1588262400},
	}, got.Customers)
	assert.Empty(t, got.NextCursor)
}

func TestTransferResultErrors(t *testing.T) {
	for _, call := range transferResultCalls {
		t.Run(call.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, call.path, http.MethodPost, replyError(40003, "invalid userid"))
			_, err := call.page(c, &TransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"})
			assertAPIError(t, err, 40003, call.path)
			assert.ErrorIs(t, err, core.ErrInvalidUserID)

			for _, tt := range []struct {
				name  string
				req   *TransferResultRequest
				field string
			}{
				{"nil", nil, "request"},
				{"no handover", &TransferResultRequest{TakeoverUserID: "b"}, "handover_userid"},
				{"no takeover", &TransferResultRequest{HandoverUserID: "a"}, "takeover_userid"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					c, w := setup(t)
					_, err := call.page(c, tt.req)
					assertArgError(t, w, err, tt.field)
					for _, err := range call.all(c, tt.req) {
						assertArgError(t, w, err, tt.field)
					}
				})
			}
		})
	}
}

func takeoverItems(from, to int) []string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"external_userid":"wm%03d","status":%d,"takeover_time":%d}`, i, 1+i%5, 1588262400+i))
	}
	return items
}

func TestTransferResultAll(t *testing.T) {
	for _, call := range transferResultCalls {
		t.Run(call.name, func(t *testing.T) {
			c, w := setup(t)
			cursors := xferServePages(t, w, call.path, "customer", []xferPage{
				{items: takeoverItems(0, 3)}, {items: takeoverItems(3, 5)}, {items: takeoverItems(5, 6)},
			})
			req := &TransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}
			var got []CustomerTakeover
			for ct, err := range call.all(c, req) {
				require.NoError(t, err)
				got = append(got, ct)
			}
			require.Len(t, got, 6)
			for i, ct := range got {
				assert.Equal(t, fmt.Sprintf("wm%03d", i), ct.ExternalUserID)
				assert.Equal(t, TransferStatus(1+i%5), ct.Status)
				assert.Equal(t, int64(1588262400+i), ct.TakeoverTime)
			}
			assert.Equal(t, []string{"", "c1", "c2"}, *cursors)
			assert.Empty(t, req.Cursor, "request must not be modified")

			// break stops fetching.
			w.requests.Store(0)
			n := 0
			for _, err := range call.all(c, req) {
				require.NoError(t, err)
				if n++; n == 4 {
					break
				}
			}
			assert.EqualValues(t, 2, w.requests.Load())
		})
	}
}

func TestTransferResultAllStopsOnError(t *testing.T) {
	c, w := setup(t)
	calls := 0
	w.handle(t, "externalcontact/transfer_result", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			io.WriteString(rw, `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm1","status":1,"takeover_time":1}],"next_cursor":"n"}`)
			return
		}
		replyError(45009, "api freq out of limit")(rw, r)
	})
	var items, errs int
	for _, err := range c.TransferResultAll(bg, &TransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}) {
		if err != nil {
			errs++
			assert.ErrorIs(t, err, core.ErrRateLimited)
			continue
		}
		items++
	}
	assert.Equal(t, 1, items)
	assert.Equal(t, 1, errs)
	assert.Equal(t, 2, calls)
}

func TestTransferStatusString(t *testing.T) {
	for s, want := range map[TransferStatus]string{
		TransferCompleted: "completed", TransferWaiting: "waiting", TransferRefused: "refused",
		TransferLimitReached: "limit_reached", TransferNoRecord: "no_record", 9: "TransferStatus(9)",
	} {
		assert.Equal(t, want, s.String())
	}
}

func TestTransferSentinels(t *testing.T) {
	for code, target := range map[int]error{
		40097: ErrHandoverNotResigned, 40098: ErrMemberNotRealName, 40099: ErrTakeoverCustomerLimit,
		40100: ErrCustomerInTransferFlow, 40128: ErrTransferTooFrequent, 40129: ErrCustomerTransferring,
		40130: ErrSameHandoverTakeover, 40131: ErrNotFollowedByHandover,
	} {
		err := error(&core.APIError{Code: code, Path: "externalcontact/transfer_customer"})
		assert.ErrorIs(t, fmt.Errorf("wrapped: %w", err), target, "code %d", code)
	}
}
