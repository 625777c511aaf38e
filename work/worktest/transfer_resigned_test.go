package worktest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResignedTransferCustomer(t *testing.T) {
	s := startXfer(t, WithData(transferData(3)))
	tok := token(t, s)
	t0 := s.Clock().Now()

	for _, tc := range []struct {
		name, handover, takeover string
		code                     int
	}{
		{"missing handover", "", "lisi", 41009},
		{"missing takeover", "qianduo", "", 41009},
		{"handover on the job", "zhangsan", "lisi", 40097},
		{"unknown handover", "nobody", "lisi", 40003},
		{"same member", "qianduo", "qianduo", 40130},
		{"unknown takeover", "qianduo", "nobody", 40003},
		{"takeover without 客户联系", "qianduo", "xiaoming", 84074},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := xferPost(t, s, tok, pathResignedTransfer, map[string]any{
				"handover_userid": tc.handover, "takeover_userid": tc.takeover, "external_userid": []string{"wmQ0000"}})
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}
	r := xferPost(t, s, tok, pathResignedTransfer, map[string]any{"handover_userid": "qianduo", "takeover_userid": "wangwu"})
	assert.Equal(t, 40058, r.ErrCode, "external_userid is required")

	all := []pair{{"qianduo", "wmQ0000"}, {"qianduo", "wmQ0001"}, {"qianduo", "wmQ0002"}}
	require.Equal(t, all, walkUnassigned(t, s, tok, 2))

	codes := transferCodes(t, s, tok, pathResignedTransfer, "qianduo", "wangwu", "wmQ0000", "wmZ0000", "wmNOPE", "wmQ0000", "wmQ0001")
	assert.Equal(t, []int{0, 40131, 40096, 40129, 0}, codes)
	assert.Equal(t, all[2:], walkUnassigned(t, s, tok, 2), "assigned customers leave the list at once")

	// wmQ0001 is refused: back on the list, takeover_time 0.
	require.NoError(t, s.EndTransfer("qianduo", "wmQ0001", TransferRefused))
	assert.Equal(t, all[1:], walkUnassigned(t, s, tok, 1))
	due := t0.Add(24 * time.Hour).Unix()
	assert.Equal(t, []takeoverRow{{"wmQ0000", TransferWaiting, due}, {"wmQ0001", TransferRefused, 0}},
		walkTransferResult(t, s, tok, pathResignedResult, "qianduo", "wangwu"))
	assert.Empty(t, walkTransferResult(t, s, tok, pathTransferResult, "qianduo", "wangwu"), "not an on-job transfer")

	// Transferred again (and then a day passes): the customer is listed
	// once, with its latest transfer, at the end.
	s.Clock().Advance(time.Hour)
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathResignedTransfer, "qianduo", "wangwu", "wmQ0001"))
	s.Clock().Advance(23 * time.Hour)
	assert.Equal(t, []takeoverRow{{"wmQ0000", TransferDone, due}, {"wmQ0001", TransferWaiting, due + 3600}},
		walkTransferResult(t, s, tok, pathResignedResult, "qianduo", "wangwu"))
	assert.Equal(t, []string{"wmQ0000"}, listOf(t, s, tok, "wangwu"))
	rc, c := getContact(t, s, tok, "wmQ0000", "")
	require.Equal(t, 0, rc.ErrCode, rc.ErrMsg)
	require.Len(t, c.FollowUser, 1)
	assert.Equal(t, "wangwu", c.FollowUser[0].UserID)
	assert.Equal(t, []pair{{"qianduo", "wmQ0002"}}, walkUnassigned(t, s, tok, 0))

	require.Error(t, s.EndTransfer("qianduo", "wmQ0000", TransferRefused), "already done")
	require.Error(t, s.EndTransfer("qianduo", "wmQ0001", TransferWaiting), "not an end status")
	require.NoError(t, s.EndTransfer("qianduo", "wmQ0001", TransferDone))
	assert.Equal(t, []string{"wmQ0000", "wmQ0001"}, listOf(t, s, tok, "wangwu"))
}

func TestLegacyTransfer(t *testing.T) {
	s := startXfer(t, WithData(transferData(2)))
	tok := token(t, s)
	t0 := s.Clock().Now()
	body := func(ext, handover, takeover string) map[string]any {
		return map[string]any{"external_userid": ext, "handover_userid": handover, "takeover_userid": takeover}
	}
	result := func(ext, handover, takeover string) (reply, takeoverRow) {
		r := xferPost(t, s, tok, pathLegacyResult, body(ext, handover, takeover))
		var row takeoverRow
		if r.ErrCode == 0 {
			r.decode(t, &row)
		}
		return r, row
	}
	r, row := result("wmQ0000", "qianduo", "lisi")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.Equal(t, takeoverRow{Status: TransferNoRecord}, row)

	for _, tc := range []struct {
		name string
		body any
		code int
	}{
		{"a list of customers", map[string]any{"external_userid": []string{"wmQ0000"}, "handover_userid": "qianduo", "takeover_userid": "lisi"}, 47001},
		{"missing customer", body("", "qianduo", "lisi"), 41035},
		{"missing handover", body("wmQ0000", "", "lisi"), 41009},
		{"handover on the job", body("wmZ0000", "zhangsan", "lisi"), 40097},
		{"unknown customer", body("wmNOPE", "qianduo", "lisi"), 40096},
		{"not the handover's", body("wmZ0000", "qianduo", "lisi"), 40131},
		{"takeover resigned", body("wmQ0000", "qianduo", "nobody"), 40003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := xferPost(t, s, tok, pathLegacyTransfer, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}

	r = xferPost(t, s, tok, pathLegacyTransfer, body("wmQ0000", "qianduo", "lisi"))
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok"}`, string(r.Body))
	r = xferPost(t, s, tok, pathLegacyTransfer, body("wmQ0000", "qianduo", "wangwu"))
	assert.Equal(t, 40129, r.ErrCode, "already being transferred")

	_, row = result("wmQ0000", "qianduo", "lisi")
	assert.Equal(t, takeoverRow{Status: TransferWaiting, TakeoverTime: t0.Add(24 * time.Hour).Unix()}, row)
	_, row = result("wmQ0000", "qianduo", "wangwu")
	assert.Equal(t, TransferNoRecord, row.Status)

	s.Clock().Advance(time.Hour)
	assert.Equal(t, 1, s.CompleteTransfers())
	assert.Zero(t, s.CompleteTransfers())
	_, row = result("wmQ0000", "qianduo", "lisi")
	assert.Equal(t, takeoverRow{Status: TransferDone, TakeoverTime: t0.Add(time.Hour).Unix()}, row)
	assert.Equal(t, []takeoverRow{{"wmQ0000", TransferDone, t0.Add(time.Hour).Unix()}},
		walkTransferResult(t, s, tok, pathResignedResult, "qianduo", "lisi"), "a 离职继承 transfer")
	assert.Contains(t, listOf(t, s, tok, "lisi"), "wmQ0000")

	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"missing customer", body("", "qianduo", "lisi"), 41035},
		{"unknown customer", body("wmNOPE", "qianduo", "lisi"), 40096},
		{"missing handover", body("wmQ0000", "", "lisi"), 41009},
		{"unknown takeover", body("wmQ0000", "qianduo", "nobody"), 40003},
	} {
		t.Run("result "+tc.name, func(t *testing.T) {
			r := xferPost(t, s, tok, pathLegacyResult, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
}

// manyTransfers is transferData with n recorded on-job transfers from
// zhangsan to lisi of customers that need not exist: every third waiting
// (due an hour after DefaultStart), every fifth refused, the rest done.
func manyTransfers(n int) *Data {
	d := transferData(1)
	for i := 0; i < n; i++ {
		tr := Transfer{Kind: TransferOnJob, HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
			ExternalUserID: fmt.Sprintf("wmT%05d", i), Status: TransferDone, TakeoverTime: 1714000000 + int64(i), CreateTime: 1713900000}
		switch {
		case i%3 == 0:
			tr.Status, tr.TakeoverTime = TransferWaiting, DefaultStart.Add(time.Hour).Unix()
		case i%5 == 0:
			tr.Status, tr.TakeoverTime = TransferRefused, 0
		}
		d.Transfers = append(d.Transfers, tr)
	}
	return d
}

func TestTransferResultPaging(t *testing.T) {
	const n = 2001 // three pages of at most 1000
	s := startXfer(t, WithData(manyTransfers(n)))
	tok := token(t, s)
	rows := walkTransferResult(t, s, tok, pathTransferResult, "zhangsan", "lisi")
	require.Len(t, rows, n)
	for i, row := range rows {
		assert.Equal(t, fmt.Sprintf("wmT%05d", i), row.ExternalUserID)
		if i%3 == 0 {
			assert.Equal(t, TransferWaiting, row.Status)
		}
	}
	assert.Equal(t, 3, s.Count(pathTransferResult), "pages of 1000")

	// Fixture transfers become due like any other (no relation to move).
	s.Clock().Advance(time.Hour)
	rows = walkTransferResult(t, s, tok, pathTransferResult, "zhangsan", "lisi")
	require.Len(t, rows, n)
	for i, row := range rows {
		if i%3 == 0 {
			assert.Equal(t, TransferDone, row.Status)
			assert.Equal(t, DefaultStart.Add(time.Hour).Unix(), row.TakeoverTime)
		}
	}

	first := xferPost(t, s, tok, pathTransferResult, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi"})
	var p struct {
		NextCursor string `json:"next_cursor"`
	}
	first.decode(t, &p)
	require.NotEmpty(t, p.NextCursor)
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"a cursor of another pair", map[string]any{"handover_userid": "zhangsan", "takeover_userid": "wangwu", "cursor": p.NextCursor}, 50100},
		{"a cursor of the other kind", map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "cursor": p.NextCursor, "path": pathResignedResult}, 50100},
		{"missing handover", map[string]any{"takeover_userid": "lisi"}, 41009},
		{"missing takeover", map[string]any{"handover_userid": "zhangsan"}, 41009},
		{"unknown handover", map[string]any{"handover_userid": "nobody", "takeover_userid": "lisi"}, 40003},
		{"cursor not a string", map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "cursor": 1}, 47001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := pathTransferResult
			if p, ok := tc.body["path"].(string); ok {
				path = p
				delete(tc.body, "path")
			}
			r := xferPost(t, s, tok, path, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
		})
	}
	r := api(t, s, http.MethodGet, pathTransferResult, nil, "")
	assert.Equal(t, 43002, r.ErrCode)
}

// Many clients read while transfers become due: each transfer completes
// exactly once and every reader sees either before or after, never half.
func TestTransferSettleConcurrent(t *testing.T) {
	s := startXfer(t, WithData(transferData(100)))
	tok := token(t, s)
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("wmZ%04d", i)
	}
	for _, code := range transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "wangwu", ids...) {
		require.Zero(t, code)
	}
	s.Clock().Advance(24 * time.Hour)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				n := len(listOf(t, s, tok, "wangwu"))
				assert.Equal(t, 100, n)
				assert.Empty(t, listOf(t, s, tok, "zhangsan"))
			}
		}()
	}
	wg.Wait()
	d := s.Snapshot()
	assert.Len(t, relationsOf(d, "wangwu"), 100)
	assert.Empty(t, relationsOf(d, "zhangsan"))
	for _, tr := range d.Transfers {
		assert.Equal(t, TransferDone, tr.Status)
	}
}

// Racing transfers of the same customers: each customer goes to exactly
// one takeover.
func TestTransferRace(t *testing.T) {
	s := startXfer(t, WithData(transferData(50)))
	tok := token(t, s)
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = fmt.Sprintf("wmZ%04d", i)
	}
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		won = map[string]int{}
	)
	for _, to := range []string{"lisi", "wangwu", "lisi", "wangwu"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes := transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", to, ids...)
			mu.Lock()
			defer mu.Unlock()
			for i, c := range codes {
				if c == 0 {
					won[ids[i]]++
				} else {
					assert.Equal(t, 40129, c)
				}
			}
		}()
	}
	wg.Wait()
	require.Len(t, won, 50)
	for id, n := range won {
		assert.Equal(t, 1, n, id)
	}
	assert.Len(t, s.Snapshot().Transfers, 50)
}

// Snapshot shows the state a request would see: due transfers complete.
func TestTransferSnapshotSettles(t *testing.T) {
	s := startXfer(t, WithData(transferData(1)))
	assert.Equal(t, []int{0}, transferCodes(t, s, token(t, s), pathTransferCustomer, "zhangsan", "lisi", "wmZ0000"))
	require.Equal(t, TransferWaiting, s.Snapshot().Transfers[0].Status)
	s.Clock().Advance(24 * time.Hour)
	d := s.Snapshot()
	assert.Equal(t, TransferDone, d.Transfers[0].Status)
	assert.Contains(t, relationsOf(d, "lisi"), pair{"lisi", "wmZ0000"})
}

// The simulated customer actions see the state a request would: a transfer
// due by then has moved the customer to the takeover.
func TestCustomerActionsSettle(t *testing.T) {
	ctx := context.Background()
	due := func(t *testing.T) *Server {
		s := startXfer(t, WithData(transferData(1)))
		require.Equal(t, []int{0}, transferCodes(t, s, token(t, s), pathTransferCustomer, "zhangsan", "lisi", "wmZ0000"))
		s.Clock().Advance(24 * time.Hour)
		return s
	}
	t.Run("RemoveContact", func(t *testing.T) {
		s := due(t)
		assert.Error(t, s.RemoveContact(ctx, "zhangsan", "wmZ0000"), "no longer zhangsan's")
		require.NoError(t, s.RemoveContact(ctx, "lisi", "wmZ0000"))
		assert.Equal(t, TransferDone, s.Snapshot().Transfers[0].Status)
	})
	t.Run("AddContact", func(t *testing.T) {
		s := due(t)
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan", ExternalUserID: "wmZ0000"})
		require.NoError(t, err, "zhangsan lost the customer, who adds them again")
		d := s.Snapshot()
		assert.Contains(t, relationsOf(d, "lisi"), pair{"lisi", "wmZ0000"})
		assert.Equal(t, addWayAssigned, relationsOf(d, "lisi")[pair{"lisi", "wmZ0000"}].AddWay)
	})
}
