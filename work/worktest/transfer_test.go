package worktest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	pathUnassigned       = "externalcontact/get_unassigned_list"
	pathTransferCustomer = "externalcontact/transfer_customer"
	pathTransferResult   = "externalcontact/transfer_result"
	pathResignedTransfer = "externalcontact/resigned/transfer_customer"
	pathResignedResult   = "externalcontact/resigned/transfer_result"
	pathLegacyTransfer   = "externalcontact/transfer"
	pathLegacyResult     = "externalcontact/get_transfer_result"
)

// transferData is a small corp for transfer tests: zhangsan, lisi and
// wangwu (客户联系), xiaoming (without) and qianduo (resigned). zhangsan
// follows n customers "wmZ0000"…, qianduo n customers "wmQ0000"…; lisi
// also follows wmZ0001 (n > 1). zhangsan's wmZ0000 carries a remark, a corp tag,
// a personal tag and remark mobiles.
func transferData(n int) *Data {
	d := &Data{
		Members: []Member{
			{UserID: "zhangsan", Name: "张三", ExternalContact: true},
			{UserID: "lisi", Name: "李四", ExternalContact: true},
			{UserID: "wangwu", Name: "王五", ExternalContact: true},
			{UserID: "xiaoming", Name: "小明"},
			{UserID: "qianduo", Name: "钱多", ExternalContact: true, DimissionTime: 1714000000},
		},
		TagGroups: []TagGroup{{GroupID: "etGROUP", GroupName: "客户等级", Tags: []Tag{{ID: "etVIP", Name: "重要客户"}}}},
	}
	for _, p := range []string{"Z", "Q"} {
		owner := map[string]string{"Z": "zhangsan", "Q": "qianduo"}[p]
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("wm%s%04d", p, i)
			d.Customers = append(d.Customers, Customer{ExternalUserID: id, Name: id, Type: CustomerWeChat})
			d.Relations = append(d.Relations, Relation{UserID: owner, ExternalUserID: id, CreateTime: int64(1700000000 + i), AddWay: 1})
		}
	}
	d.Relations[0].Remark, d.Relations[0].Description = "王总", "老客户"
	d.Relations[0].TagIDs = []string{"etVIP"}
	d.Relations[0].PersonalTags = []PersonalTag{{GroupName: "个人", TagName: "待回访"}}
	d.Relations[0].RemarkMobiles = []string{"13800000000"}
	d.Relations[0].State = "expo"
	if n > 1 {
		d.Relations = append(d.Relations, Relation{UserID: "lisi", ExternalUserID: "wmZ0001", CreateTime: 1700000500, AddWay: 1})
	}
	return d
}

// startXfer starts a simulator whose tokens outlive the clock moves of
// transfer tests.
func startXfer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	return start(t, append(opts, WithTokenTTL(1000*24*time.Hour))...)
}

func xferPost(t *testing.T, s *Server, tok, path string, body any) reply {
	t.Helper()
	return apiWith(t, s, tok, http.MethodPost, path, nil, mustJSON(t, body))
}

type customerCodes struct {
	Customer []struct {
		ExternalUserID string `json:"external_userid"`
		ErrCode        int    `json:"errcode"`
	} `json:"customer"`
}

// transferCodes calls a transfer endpoint and returns the per-customer
// errcodes by external_userid.
func transferCodes(t *testing.T, s *Server, tok, path, handover, takeover string, ids ...string) []int {
	t.Helper()
	r := xferPost(t, s, tok, path, map[string]any{"handover_userid": handover, "takeover_userid": takeover, "external_userid": ids})
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out customerCodes
	r.decode(t, &out)
	require.Len(t, out.Customer, len(ids))
	codes := make([]int, len(ids))
	for i, c := range out.Customer {
		assert.Equal(t, ids[i], c.ExternalUserID, "answers in the order asked")
		codes[i] = c.ErrCode
	}
	return codes
}

type takeoverRow struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	TakeoverTime   int64  `json:"takeover_time"`
}

// walkTransferResult pages a result endpoint to the end.
func walkTransferResult(t *testing.T, s *Server, tok, path, handover, takeover string) []takeoverRow {
	t.Helper()
	var out []takeoverRow
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "pagination does not end")
		r := xferPost(t, s, tok, path, map[string]any{"handover_userid": handover, "takeover_userid": takeover, "cursor": cursor})
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p struct {
			Customer   []takeoverRow `json:"customer"`
			NextCursor *string       `json:"next_cursor"`
		}
		r.decode(t, &p)
		require.NotNil(t, p.NextCursor, "next_cursor is always present")
		require.NotNil(t, p.Customer, "customer is always a list")
		if *p.NextCursor != "" {
			require.Len(t, p.Customer, transferResultPageSize, "a page before the last is full")
		}
		out = append(out, p.Customer...)
		if *p.NextCursor == "" {
			return out
		}
		cursor = *p.NextCursor
	}
}

// walkUnassigned pages get_unassigned_list to the end.
func walkUnassigned(t *testing.T, s *Server, tok string, size int) []pair {
	t.Helper()
	var out []pair
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "pagination does not end")
		r := xferPost(t, s, tok, pathUnassigned, map[string]any{"cursor": cursor, "page_size": size})
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p struct {
			Info []struct {
				HandoverUserID string `json:"handover_userid"`
				ExternalUserID string `json:"external_userid"`
				DimissionTime  int64  `json:"dimission_time"`
			} `json:"info"`
			IsLast     *bool   `json:"is_last"`
			NextCursor *string `json:"next_cursor"`
		}
		r.decode(t, &p)
		require.NotNil(t, p.IsLast)
		require.NotNil(t, p.NextCursor)
		require.Equal(t, *p.IsLast, *p.NextCursor == "", "next_cursor is empty exactly on the last page")
		if !*p.IsLast {
			require.Len(t, p.Info, size, "a page before the last is full")
		}
		for _, e := range p.Info {
			assert.NotZero(t, e.DimissionTime)
			out = append(out, pair{e.HandoverUserID, e.ExternalUserID})
		}
		if *p.IsLast {
			return out
		}
		cursor = *p.NextCursor
	}
}

// resignedPairs returns the relations of resigned members in d, in order.
func resignedPairs(d *Data) []pair {
	resigned := map[string]bool{}
	for _, m := range d.Members {
		resigned[m.UserID] = m.Resigned()
	}
	var out []pair
	for _, r := range d.Relations {
		if resigned[r.UserID] {
			out = append(out, pair{r.UserID, r.ExternalUserID})
		}
	}
	return out
}

func TestGetUnassignedList(t *testing.T) {
	s := start(t, WithMembers(3), WithResignedMembers(5), WithCustomersPerMember(20))
	tok := token(t, s)
	want := resignedPairs(s.Snapshot())
	require.Len(t, want, 100)

	for _, size := range []int{0, 1, 7, 50, 99, 100, 1000, 5000} {
		t.Run(fmt.Sprintf("page_size %d", size), func(t *testing.T) {
			assert.Equal(t, want, walkUnassigned(t, s, tok, size))
		})
	}
	t.Run("legacy page_id", func(t *testing.T) {
		r := xferPost(t, s, tok, pathUnassigned, map[string]any{"page_id": 2, "page_size": 30})
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		var p struct {
			Info []struct {
				ExternalUserID string `json:"external_userid"`
			} `json:"info"`
		}
		r.decode(t, &p)
		require.Len(t, p.Info, 30)
		assert.Equal(t, want[60].ExternalUserID, p.Info[0].ExternalUserID)
	})
	t.Run("no resigned members", func(t *testing.T) {
		s := start(t, WithResignedMembers(0))
		r := api(t, s, http.MethodPost, pathUnassigned, nil, "")
		require.Equal(t, 0, r.ErrCode, r.ErrMsg)
		assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","info":[],"is_last":true,"next_cursor":""}`, string(r.Body))
	})
	for _, tc := range []struct {
		name, method, body string
		code               int
	}{
		{"GET", http.MethodGet, "", 43002},
		{"negative page_size", http.MethodPost, `{"page_size":-1}`, 40058},
		{"negative page_id", http.MethodPost, `{"page_id":-1}`, 40058},
		{"bad cursor", http.MethodPost, `{"cursor":"nope"}`, 50100},
		{"page_size as string", http.MethodPost, `{"page_size":"10"}`, 47001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := apiWith(t, s, tok, tc.method, pathUnassigned, nil, tc.body)
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}
	t.Run("a cursor of another query", func(t *testing.T) {
		r := xferPost(t, s, tok, pathUnassigned, map[string]any{"cursor": encodeCursor(fingerprint(pathTransferResult, "a", "b"), 1)})
		assert.Equal(t, 50100, r.ErrCode, r.ErrMsg)
	})
}

func TestTransferCustomerValidation(t *testing.T) {
	s := startXfer(t, WithData(transferData(3)))
	tok := token(t, s)
	ids := []string{"wmZ0000"}
	for _, tc := range []struct {
		name, handover, takeover string
		ids                      []string
		msg                      string
		code                     int
	}{
		{"missing handover", "", "lisi", ids, "", 41009},
		{"missing takeover", "zhangsan", "", ids, "", 41009},
		{"same member", "zhangsan", "zhangsan", ids, "", 40130},
		{"unknown handover", "nobody", "lisi", ids, "", 40003},
		{"resigned handover", "qianduo", "lisi", []string{"wmQ0000"}, "", 40003},
		{"handover without 客户联系", "xiaoming", "lisi", ids, "", 84074},
		{"unknown takeover", "zhangsan", "nobody", ids, "", 40003},
		{"resigned takeover", "zhangsan", "qianduo", ids, "", 40003},
		{"takeover without 客户联系", "zhangsan", "xiaoming", ids, "", 84074},
		{"no customers", "zhangsan", "lisi", nil, "", 40058},
		{"101 customers", "zhangsan", "lisi", make([]string, 101), "", 40058},
		{"an empty id", "zhangsan", "lisi", []string{"wmZ0000", ""}, "", 40058},
		{"message too long", "zhangsan", "lisi", ids, strings.Repeat("好", 201), 40058},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := xferPost(t, s, tok, pathTransferCustomer, map[string]any{
				"handover_userid": tc.handover, "takeover_userid": tc.takeover, "external_userid": tc.ids, "transfer_success_msg": tc.msg})
			assert.Equal(t, tc.code, r.ErrCode, r.ErrMsg)
			assert.Regexp(t, errmsgFormat, r.ErrMsg)
		})
	}
	r := apiWith(t, s, tok, http.MethodPost, pathTransferCustomer, nil, `{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":"wmZ0000"}`)
	assert.Equal(t, 47001, r.ErrCode, "external_userid is a list")
	r = apiWith(t, s, tok, http.MethodGet, pathTransferCustomer, nil, "")
	assert.Equal(t, 43002, r.ErrCode)
	assert.Empty(t, s.Snapshot().Transfers, "no failed call recorded a transfer")
}

func TestTransferCustomer(t *testing.T) {
	s := startXfer(t, WithData(transferData(3)))
	tok := token(t, s)
	t0 := s.Clock().Now()

	// Per-customer answers: started, unknown, not zhangsan's, asked twice.
	codes := transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0000", "wmNOBODY", "wmQ0000", "wmZ0002", "wmZ0002")
	assert.Equal(t, []int{0, 40096, 40131, 0, 40129}, codes)

	waiting := []takeoverRow{
		{"wmZ0000", TransferWaiting, t0.Add(24 * time.Hour).Unix()},
		{"wmZ0002", TransferWaiting, t0.Add(24 * time.Hour).Unix()},
	}
	assert.Equal(t, waiting, walkTransferResult(t, s, tok, pathTransferResult, "zhangsan", "lisi"))
	assert.Empty(t, walkTransferResult(t, s, tok, pathResignedResult, "zhangsan", "lisi"), "on-job transfers are not 离职继承")
	assert.Empty(t, walkTransferResult(t, s, tok, pathTransferResult, "lisi", "zhangsan"), "per direction")

	// While waiting, the customer stays with zhangsan and cannot be
	// transferred again, to anyone.
	assert.ElementsMatch(t, []string{"wmZ0000", "wmZ0001", "wmZ0002"}, listOf(t, s, tok, "zhangsan"))
	assert.Equal(t, []int{40129}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "wangwu", "wmZ0000"))

	// 23 hours later: still waiting.
	s.Clock().Advance(23 * time.Hour)
	assert.Equal(t, waiting, walkTransferResult(t, s, tok, pathTransferResult, "zhangsan", "lisi"))

	// 24 hours: done, takeover_time as scheduled, the relations moved.
	s.Clock().Advance(time.Hour)
	done := slices.Clone(waiting)
	for i := range done {
		done[i].Status = TransferDone
	}
	assert.Equal(t, done, walkTransferResult(t, s, tok, pathTransferResult, "zhangsan", "lisi"))
	assert.Equal(t, []string{"wmZ0001"}, listOf(t, s, tok, "zhangsan"))
	assert.Equal(t, []string{"wmZ0001", "wmZ0000", "wmZ0002"}, listOf(t, s, tok, "lisi"), "new relations come last")

	// What the takeover inherits.
	r, c := getContact(t, s, tok, "wmZ0000", "")
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	require.Len(t, c.FollowUser, 1)
	f := c.FollowUser[0]
	assert.Equal(t, "lisi", f.UserID)
	assert.Equal(t, "王总", f.Remark)
	assert.Equal(t, "老客户", f.Description)
	assert.Equal(t, []string{"13800000000"}, f.RemarkMobiles)
	assert.Equal(t, 202, f.AddWay)
	assert.Equal(t, done[0].TakeoverTime, f.CreateTime)
	require.Len(t, f.Tags, 1, "corp tags carry over, personal ones do not")
	assert.Equal(t, "重要客户", f.Tags[0].TagName)
	rel := relationsOf(s.Snapshot(), "lisi")[pair{"lisi", "wmZ0000"}]
	assert.Equal(t, "zhangsan", rel.OperUserID)
	assert.Empty(t, rel.State)

	pairs := walkBatch(t, s, tok, []string{"lisi"}, 1)
	assert.Equal(t, []pair{{"lisi", "wmZ0001"}, {"lisi", "wmZ0000"}, {"lisi", "wmZ0002"}}, pairs)
}

func TestTransferToAFollower(t *testing.T) {
	// lisi already follows wmZ0001: after the takeover lisi keeps their
	// own relation and zhangsan's is gone.
	s := startXfer(t, WithData(transferData(3)))
	tok := token(t, s)
	before := relationsOf(s.Snapshot(), "lisi")[pair{"lisi", "wmZ0001"}]
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0001"))
	assert.Equal(t, 1, s.CompleteTransfers())
	d := s.Snapshot()
	assert.Equal(t, before, relationsOf(d, "lisi")[pair{"lisi", "wmZ0001"}])
	assert.NotContains(t, relationsOf(d, "zhangsan"), pair{"zhangsan", "wmZ0001"})
}

func TestTransferTooFrequent(t *testing.T) {
	s := startXfer(t, WithData(transferData(2)))
	tok := token(t, s)
	hop := func(from, to string) int {
		code := transferCodes(t, s, tok, pathTransferCustomer, from, to, "wmZ0000")[0]
		s.Clock().Advance(25 * time.Hour)
		return code
	}
	assert.Equal(t, 0, hop("zhangsan", "lisi"))
	assert.Equal(t, 0, hop("lisi", "wangwu"))
	assert.Equal(t, 40128, hop("wangwu", "zhangsan"), "a third on-job transfer within 90 days")
	// Now t0+75h; at t0+90d+15h the first (t0) has left the window, the
	// second (t0+25h) has not.
	s.Clock().Advance(90*24*time.Hour - 60*time.Hour)
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathTransferCustomer, "wangwu", "zhangsan", "wmZ0000"),
		"the first left the 90-day window")
	assert.Equal(t, 1, s.CompleteTransfers())
	assert.Equal(t, []int{40128}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0000"),
		"the second and the last are within 90 days")

	// A refused transfer does not count.
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0001"))
	require.NoError(t, s.EndTransfer("zhangsan", "wmZ0001", TransferRefused))
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0001"))
	require.NoError(t, s.EndTransfer("zhangsan", "wmZ0001", TransferRefused))
	assert.Equal(t, []int{0}, transferCodes(t, s, tok, pathTransferCustomer, "zhangsan", "lisi", "wmZ0001"))
}

// listOf returns externalcontact/list for a member (nil on 84061).
func listOf(t *testing.T, s *Server, tok, userID string) []string {
	t.Helper()
	r := apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {userID}}, "")
	if r.ErrCode == 84061 {
		return nil
	}
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		ExternalUserID []string `json:"external_userid"`
	}
	r.decode(t, &out)
	return out.ExternalUserID
}
