package externalcontact

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of these calls are in cases_transfer_test.go.

// page is one page served by servePages: its raw JSON items and any extra
// top-level fields (e.g. `"is_last":true`), or an errcode answer.
type page struct {
	items   []string
	extra   string
	errcode int
}

// servePages serves pages[i] for cursor "" (i=0) or "c<i>", under listKey,
// with next_cursor "c<i+1>" except on the last page. It returns the cursors
// asked for so far.
func servePages(t *testing.T, s *wiretest.Server, path, listKey string, pages []page) func() []string {
	t.Helper()
	var mu sync.Mutex
	var cursors []string
	s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Cursor string `json:"cursor"`
		}
		b, _ := io.ReadAll(r.Body)
		if !assert.NoError(t, json.Unmarshal(b, &req)) {
			return
		}
		mu.Lock()
		cursors = append(cursors, req.Cursor)
		mu.Unlock()
		i := 0
		if req.Cursor != "" {
			_, err := fmt.Sscanf(req.Cursor, "c%d", &i)
			assert.NoError(t, err)
		}
		if !assert.Less(t, i, len(pages), "cursor past the last page") {
			return
		}
		if code := pages[i].errcode; code != 0 {
			fmt.Fprintf(w, `{"errcode":%d,"errmsg":"failed"}`, code)
			return
		}
		next := ""
		if i+1 < len(pages) {
			next = fmt.Sprintf("c%d", i+1)
		}
		extra := ""
		if pages[i].extra != "" {
			extra = "," + pages[i].extra
		}
		fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok",%q:[%s],"next_cursor":%q%s}`, listKey, strings.Join(pages[i].items, ","), next, extra)
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), cursors...)
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
	t.Parallel()
	c, s := setup(t)
	// The last page says is_last and still carries a cursor: the iterator
	// must stop there rather than ask for a page that does not exist.
	cursors := servePages(t, s, "externalcontact/get_unassigned_list", "info", []page{
		{items: unassignedItems(0, 3), extra: `"is_last":false`},
		{items: unassignedItems(3, 6), extra: `"is_last":false`},
		{items: unassignedItems(6, 7), extra: `"is_last":true`},
		{items: unassignedItems(7, 8), extra: `"is_last":true`},
	})
	req := &GetUnassignedRequest{PageSize: 3}
	got, errs := wiretest.Collect(c.GetUnassignedAll(bg, req))
	require.Empty(t, errs)
	var ids []string
	for _, u := range got {
		ids = append(ids, u.ExternalUserID)
		assert.Equal(t, "gone", u.HandoverUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006"}, ids)
	assert.Equal(t, []string{"", "c1", "c2"}, cursors())
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	s.Requests.Store(0)
	n := 0
	for _, err := range c.GetUnassignedAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
	assert.EqualValues(t, 1, s.Requests.Load())
}

func takeoverItems(from, to int) []string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"external_userid":"wm%03d","status":%d,"takeover_time":%d}`, i, 1+i%5, 1588262400+i))
	}
	return items
}

func TestTransferResultAll(t *testing.T) {
	t.Parallel()
	for _, call := range []struct {
		path string
		all  func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool)
	}{
		{"externalcontact/transfer_result", func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool) {
			return c.TransferResultAll(bg, req)
		}},
		{"externalcontact/resigned/transfer_result", func(c *Client, req *TransferResultRequest) func(func(CustomerTakeover, error) bool) {
			return c.ResignedTransferResultAll(bg, req)
		}},
	} {
		c, s := setup(t)
		cursors := servePages(t, s, call.path, "customer", []page{
			{items: takeoverItems(0, 3)}, {items: takeoverItems(3, 5)}, {items: takeoverItems(5, 6)},
		})
		req := &TransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}
		got, errs := wiretest.Collect(call.all(c, req))
		require.Empty(t, errs)
		require.Len(t, got, 6, call.path)
		for i, ct := range got {
			assert.Equal(t, CustomerTakeover{ExternalUserID: fmt.Sprintf("wm%03d", i), Status: TransferStatus(1 + i%5), TakeoverTime: int64(1588262400 + i)}, ct)
		}
		assert.Equal(t, []string{"", "c1", "c2"}, cursors())
		assert.Empty(t, req.Cursor, "request must not be modified")

		// break stops fetching.
		s.Requests.Store(0)
		n := 0
		for _, err := range call.all(c, req) {
			require.NoError(t, err)
			if n++; n == 4 {
				break
			}
		}
		assert.Equal(t, 4, n)
		assert.EqualValues(t, 2, s.Requests.Load())
	}
}

func TestTransferResultAllStopsOnError(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	servePages(t, s, "externalcontact/transfer_result", "customer", []page{{items: takeoverItems(0, 1)}, {errcode: 45009}})
	items, errs := wiretest.Collect(c.TransferResultAll(bg, &TransferResultRequest{HandoverUserID: "a", TakeoverUserID: "b"}))
	assert.Len(t, items, 1)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], core.ErrRateLimited)
	assert.EqualValues(t, 2, s.Requests.Load(), "45009 is not retried in-band")
}

func TestCustomerTransferErr(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	reply := fixture(t, "transfer_customer")
	s.Handle("externalcontact/transfer_customer", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, reply) })
	got, err := c.TransferCustomer(bg, &TransferCustomerRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
		ExternalUserIDs: []string{"woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", "woAJ2GCAAAXtWyujaWJHDDGi0mACBBBB", "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC"}})
	require.NoError(t, err)
	require.Len(t, got.Customers, 3)
	assert.True(t, got.Customers[1].OK())
	assert.NoError(t, got.Customers[1].Err())

	failed := got.Failed()
	require.Len(t, failed, 2)
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA", failed[0].ExternalUserID)
	assert.ErrorIs(t, failed[0].Err(), core.ErrInvalidExternalUserID)
	assertAPIError(t, failed[0].Err(), 40096, "externalcontact/transfer_customer")
	assert.Contains(t, failed[0].Err().Error(), "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA")
	assert.Contains(t, failed[0].String(), "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA")
	assert.Equal(t, "woAJ2GCAAAXtWyujaWJHDDGi0mACCCCC", failed[1].ExternalUserID)
	assert.ErrorIs(t, failed[1].Err(), ErrTransferTooFrequent)
	assert.False(t, errors.Is(failed[1].Err(), ErrCustomerTransferring))

	// The resigned transfer names its own path.
	c, s = setup(t)
	s.Handle("externalcontact/resigned/transfer_customer", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm1","errcode":40097}]}`)
	})
	res, err := c.ResignedTransferCustomer(bg, &ResignedTransferCustomerRequest{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserIDs: []string{"wm1"}})
	require.NoError(t, err)
	require.Len(t, res.Failed(), 1)
	assert.ErrorIs(t, res.Failed()[0].Err(), ErrHandoverNotResigned)
	assertAPIError(t, res.Failed()[0].Err(), 40097, "externalcontact/resigned/transfer_customer")
}

func TestTransferStatusString(t *testing.T) {
	t.Parallel()
	for s, want := range map[TransferStatus]string{
		TransferCompleted: "completed", TransferWaiting: "waiting", TransferRefused: "refused",
		TransferLimitReached: "limit_reached", TransferNoRecord: "no_record", 9: "TransferStatus(9)",
	} {
		assert.Equal(t, want, s.String())
	}
}

func TestTransferSentinels(t *testing.T) {
	t.Parallel()
	for code, target := range map[int]error{
		40097: ErrHandoverNotResigned, 40098: ErrMemberNotRealName, 40099: ErrTakeoverCustomerLimit,
		40100: ErrCustomerInTransferFlow, 40128: ErrTransferTooFrequent, 40129: ErrCustomerTransferring,
		40130: ErrSameHandoverTakeover, 40131: ErrNotFollowedByHandover,
	} {
		err := error(&core.APIError{Code: code, Path: "externalcontact/transfer_customer"})
		assert.ErrorIs(t, fmt.Errorf("wrapped: %w", err), target, "code %d", code)
	}
}
