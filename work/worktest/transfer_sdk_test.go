package worktest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// sdkTransferApp starts a simulator and the SDK client for it.
func sdkTransferApp(t *testing.T, opts ...worktest.Option) (*worktest.Server, *externalcontact.Client) {
	t.Helper()
	s := worktest.NewServer(opts...)
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	require.NoError(t, err)
	return s, app.ExternalContact()
}

func TestSDKGetUnassigned(t *testing.T) {
	s, ec := sdkTransferApp(t, worktest.WithMembers(2), worktest.WithResignedMembers(3), worktest.WithCustomersPerMember(10))
	ctx := context.Background()
	d := s.Snapshot()
	resigned := map[string]int64{}
	for _, m := range d.Members {
		if m.Resigned() {
			resigned[m.UserID] = m.DimissionTime
		}
	}
	var want []externalcontact.UnassignedCustomer
	for _, r := range d.Relations {
		if t, ok := resigned[r.UserID]; ok {
			want = append(want, externalcontact.UnassignedCustomer{HandoverUserID: r.UserID, ExternalUserID: r.ExternalUserID, DimissionTime: t})
		}
	}
	require.Len(t, want, 30)

	const path = "externalcontact/get_unassigned_list"
	before := s.Count(path)
	var got []externalcontact.UnassignedCustomer
	for u, err := range ec.GetUnassignedAll(ctx, &externalcontact.GetUnassignedRequest{PageSize: 4}) {
		require.NoError(t, err)
		got = append(got, u)
	}
	assert.Equal(t, want, got, "every customer once, in order")
	assert.Equal(t, 8, s.Count(path)-before, "30 customers in pages of 4")

	before = s.Count(path)
	n := 0
	for _, err := range ec.GetUnassignedAll(ctx, &externalcontact.GetUnassignedRequest{PageSize: 4}) {
		require.NoError(t, err)
		if n++; n == 5 {
			break
		}
	}
	assert.Equal(t, 2, s.Count(path)-before, "break stops fetching")

	page, err := ec.GetUnassigned(ctx, &externalcontact.GetUnassignedRequest{})
	require.NoError(t, err)
	assert.True(t, page.IsLast)
	assert.Empty(t, page.NextCursor)
	assert.Equal(t, want, page.Info, "default page size 1000")

	// Assigned customers leave the list; the takeover completes a day later.
	first := want[0]
	resp, err := ec.ResignedTransferCustomer(ctx, &externalcontact.ResignedTransferCustomerRequest{
		HandoverUserID: first.HandoverUserID, TakeoverUserID: "zhangsan", ExternalUserIDs: []string{first.ExternalUserID}})
	require.NoError(t, err)
	assert.Empty(t, resp.Failed())
	page, err = ec.GetUnassigned(ctx, &externalcontact.GetUnassignedRequest{})
	require.NoError(t, err)
	assert.Equal(t, want[1:], page.Info)
}

func TestSDKTransferCustomer(t *testing.T) {
	s, ec := sdkTransferApp(t, worktest.WithSeed(5), worktest.WithMembers(3), worktest.WithCustomersPerMember(6),
		worktest.WithTokenTTL(1000*time.Hour))
	ctx := context.Background()
	d := s.Snapshot()
	mine := map[string]bool{}
	for _, r := range d.Relations {
		if r.UserID == "zhangsan" {
			mine[r.ExternalUserID] = true
		}
	}
	var own []string
	for _, r := range d.Relations {
		if r.UserID == "zhangsan" && len(own) < 2 {
			lisi := false
			for _, o := range d.Relations {
				lisi = lisi || (o.UserID == "lisi" && o.ExternalUserID == r.ExternalUserID)
			}
			if !lisi {
				own = append(own, r.ExternalUserID)
			}
		}
	}
	var other string
	for _, c := range d.Customers {
		if !mine[c.ExternalUserID] {
			other = c.ExternalUserID
			break
		}
	}
	require.Len(t, own, 2)
	require.NotEmpty(t, other)

	resp, err := ec.TransferCustomer(ctx, &externalcontact.TransferCustomerRequest{
		HandoverUserID: "zhangsan", TakeoverUserID: "lisi", TransferSuccessMsg: "您好，后续由李四为您服务",
		ExternalUserIDs: []string{own[0], "wmNOSUCHCUSTOMER", other, own[1], own[1]}})
	require.NoError(t, err)
	failed := resp.Failed()
	require.Len(t, failed, 3)
	assert.True(t, errors.Is(failed[0].Err(), core.ErrInvalidExternalUserID), "%v", failed[0].Err())
	assert.True(t, errors.Is(failed[1].Err(), externalcontact.ErrNotFollowedByHandover), "%v", failed[1].Err())
	assert.True(t, errors.Is(failed[2].Err(), externalcontact.ErrCustomerTransferring), "%v", failed[2].Err())

	req := &externalcontact.TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"}
	res, err := ec.TransferResult(ctx, req)
	require.NoError(t, err)
	due := s.Clock().Now().Add(24 * time.Hour).Unix()
	assert.Equal(t, []externalcontact.CustomerTakeover{
		{ExternalUserID: own[0], Status: externalcontact.TransferWaiting, TakeoverTime: due},
		{ExternalUserID: own[1], Status: externalcontact.TransferWaiting, TakeoverTime: due},
	}, res.Customers)
	assert.Empty(t, res.NextCursor)

	s.Clock().Advance(24 * time.Hour)
	for c, err := range ec.TransferResultAll(ctx, req) {
		require.NoError(t, err)
		assert.Equal(t, externalcontact.TransferCompleted, c.Status)
	}
	lisi, err := ec.List(ctx, "lisi")
	require.NoError(t, err)
	assert.Subset(t, lisi, own)
	zhangsan, err := ec.List(ctx, "zhangsan")
	require.NoError(t, err)
	assert.NotContains(t, zhangsan, own[0])
	contact, err := ec.Get(ctx, own[0])
	require.NoError(t, err)
	var followers []string
	for _, f := range contact.FollowUsers {
		followers = append(followers, f.UserID)
	}
	assert.Contains(t, followers, "lisi")
	assert.NotContains(t, followers, "zhangsan")

	_, err = ec.TransferCustomer(ctx, &externalcontact.TransferCustomerRequest{
		HandoverUserID: "lisi", TakeoverUserID: "lisi", ExternalUserIDs: own})
	assert.True(t, errors.Is(err, externalcontact.ErrSameHandoverTakeover), "%v", err)
	_, err = ec.ResignedTransferCustomer(ctx, &externalcontact.ResignedTransferCustomerRequest{
		HandoverUserID: "lisi", TakeoverUserID: "wangwu", ExternalUserIDs: own})
	assert.True(t, errors.Is(err, externalcontact.ErrHandoverNotResigned), "%v", err)
}

func TestSDKResignedTransferRefused(t *testing.T) {
	s, ec := sdkTransferApp(t, worktest.WithMembers(2), worktest.WithResignedMembers(1), worktest.WithCustomersPerMember(3))
	ctx := context.Background()
	var ids []string
	for _, r := range s.Snapshot().Relations {
		if r.UserID == "qianduo" {
			ids = append(ids, r.ExternalUserID)
		}
	}
	require.Len(t, ids, 3)
	resp, err := ec.ResignedTransferCustomer(ctx, &externalcontact.ResignedTransferCustomerRequest{
		HandoverUserID: "qianduo", TakeoverUserID: "lisi", ExternalUserIDs: ids})
	require.NoError(t, err)
	assert.Empty(t, resp.Failed())
	require.NoError(t, s.EndTransfer("qianduo", ids[1], worktest.TransferRefused))
	require.NoError(t, s.EndTransfer("qianduo", ids[2], worktest.TransferDone))

	res, err := ec.ResignedTransferResult(ctx, &externalcontact.TransferResultRequest{HandoverUserID: "qianduo", TakeoverUserID: "lisi"})
	require.NoError(t, err)
	require.Len(t, res.Customers, 3)
	assert.Equal(t, externalcontact.TransferWaiting, res.Customers[0].Status)
	assert.Equal(t, externalcontact.CustomerTakeover{ExternalUserID: ids[1], Status: externalcontact.TransferRefused}, res.Customers[1])
	assert.Equal(t, externalcontact.CustomerTakeover{ExternalUserID: ids[2], Status: externalcontact.TransferCompleted,
		TakeoverTime: s.Clock().Now().Unix()}, res.Customers[2])

	page, err := ec.GetUnassigned(ctx, &externalcontact.GetUnassignedRequest{})
	require.NoError(t, err)
	require.Len(t, page.Info, 1, "the refused customer is back")
	assert.Equal(t, ids[1], page.Info[0].ExternalUserID)
}

func TestSDKTransferResultAll(t *testing.T) {
	const n = 2100
	d := &worktest.Data{Members: []worktest.Member{
		{UserID: "zhangsan", Name: "张三", ExternalContact: true},
		{UserID: "lisi", Name: "李四", ExternalContact: true},
	}}
	for i := 0; i < n; i++ {
		d.Transfers = append(d.Transfers, worktest.Transfer{Kind: worktest.TransferOnJob, HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
			ExternalUserID: fmt.Sprintf("wm%05d", i), Status: worktest.TransferDone, TakeoverTime: 1714000000 + int64(i), CreateTime: 1713900000})
	}
	s, ec := sdkTransferApp(t, worktest.WithData(d))
	ctx := context.Background()
	const path = "externalcontact/transfer_result"
	req := &externalcontact.TransferResultRequest{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"}

	seen := map[string]bool{}
	i := 0
	for c, err := range ec.TransferResultAll(ctx, req) {
		require.NoError(t, err)
		require.False(t, seen[c.ExternalUserID], "duplicate %s", c.ExternalUserID)
		seen[c.ExternalUserID] = true
		assert.Equal(t, fmt.Sprintf("wm%05d", i), c.ExternalUserID)
		assert.Equal(t, int64(1714000000+i), c.TakeoverTime)
		i++
	}
	assert.Equal(t, n, i)
	assert.Equal(t, 3, s.Count(path), "pages of 1000")

	before := s.Count(path)
	i = 0
	for _, err := range ec.TransferResultAll(ctx, req) {
		require.NoError(t, err)
		if i++; i == 1500 {
			break
		}
	}
	assert.Equal(t, 2, s.Count(path)-before, "break stops fetching")

	for _, err := range ec.ResignedTransferResultAll(ctx, req) {
		require.NoError(t, err)
		t.Fatal("no 离职继承 transfers")
	}
}

func TestSDKDeprecatedTransfer(t *testing.T) {
	s, ec := sdkTransferApp(t, worktest.WithMembers(2), worktest.WithResignedMembers(1), worktest.WithCustomersPerMember(2),
		worktest.WithTokenTTL(1000*time.Hour))
	ctx := context.Background()
	var id string
	for _, r := range s.Snapshot().Relations {
		if r.UserID == "qianduo" {
			id = r.ExternalUserID
			break
		}
	}
	q := &externalcontact.GetTransferResultRequest{ExternalUserID: id, HandoverUserID: "qianduo", TakeoverUserID: "zhangsan"}
	res, err := ec.GetTransferResult(ctx, q)
	require.NoError(t, err)
	assert.Equal(t, externalcontact.TransferNoRecord, res.Status)

	require.NoError(t, ec.Transfer(ctx, &externalcontact.TransferRequest{ExternalUserID: id, HandoverUserID: "qianduo", TakeoverUserID: "zhangsan"}))
	res, err = ec.GetTransferResult(ctx, q)
	require.NoError(t, err)
	assert.Equal(t, externalcontact.TransferWaiting, res.Status)
	assert.Equal(t, s.Clock().Now().Add(24*time.Hour).Unix(), res.TakeoverTime)

	err = ec.Transfer(ctx, &externalcontact.TransferRequest{ExternalUserID: id, HandoverUserID: "qianduo", TakeoverUserID: "lisi"})
	assert.True(t, errors.Is(err, externalcontact.ErrCustomerTransferring), "%v", err)
	err = ec.Transfer(ctx, &externalcontact.TransferRequest{ExternalUserID: id, HandoverUserID: "lisi", TakeoverUserID: "zhangsan"})
	assert.True(t, errors.Is(err, externalcontact.ErrHandoverNotResigned), "%v", err)

	s.Clock().Advance(25 * time.Hour)
	res, err = ec.GetTransferResult(ctx, q)
	require.NoError(t, err)
	assert.Equal(t, externalcontact.TransferCompleted, res.Status)
	list, err := ec.List(ctx, "zhangsan")
	require.NoError(t, err)
	assert.Contains(t, list, id)
}

// ResignedTransferResultAll walks 离职继承 results across pages of 1000
// (WeCom's fixed page size; the request has no limit), and break stops it.
func TestSDKResignedTransferResultAll(t *testing.T) {
	const n = 2300
	d := &worktest.Data{Members: []worktest.Member{
		{UserID: "zhangsan", Name: "张三", ExternalContact: true},
		{UserID: "lisi", Name: "李四", ExternalContact: true},
		{UserID: "qianduo", Name: "钱多", ExternalContact: true, DimissionTime: 1713000000},
	}}
	statuses := []int{worktest.TransferDone, worktest.TransferWaiting, worktest.TransferRefused, worktest.TransferFull}
	for i := 0; i < n; i++ {
		st := statuses[i%len(statuses)]
		tt := int64(1714000000 + i)
		if st == worktest.TransferWaiting {
			tt = 4102444800 // 2100: still waiting at the simulator clock
		}
		d.Transfers = append(d.Transfers, worktest.Transfer{Kind: worktest.TransferResigned, HandoverUserID: "qianduo", TakeoverUserID: "lisi",
			ExternalUserID: fmt.Sprintf("wm%05d", i), Status: st, TakeoverTime: tt, CreateTime: 1713900000})
		if i%10 == 0 { // to another takeover, and an on-job one: not in the walk
			d.Transfers = append(d.Transfers,
				worktest.Transfer{Kind: worktest.TransferResigned, HandoverUserID: "qianduo", TakeoverUserID: "zhangsan",
					ExternalUserID: fmt.Sprintf("wmZ%05d", i), Status: worktest.TransferDone, TakeoverTime: 1714000000, CreateTime: 1713900000},
				worktest.Transfer{Kind: worktest.TransferOnJob, HandoverUserID: "qianduo", TakeoverUserID: "lisi",
					ExternalUserID: fmt.Sprintf("wmJ%05d", i), Status: worktest.TransferDone, TakeoverTime: 1714000000, CreateTime: 1713900000})
		}
	}
	s, ec := sdkTransferApp(t, worktest.WithData(d))
	ctx := context.Background()
	const path = "externalcontact/resigned/transfer_result"
	req := &externalcontact.TransferResultRequest{HandoverUserID: "qianduo", TakeoverUserID: "lisi"}

	i := 0
	for c, err := range ec.ResignedTransferResultAll(ctx, req) {
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("wm%05d", i), c.ExternalUserID, "every customer once, in order")
		assert.Equal(t, externalcontact.TransferStatus(statuses[i%len(statuses)]), c.Status)
		i++
	}
	assert.Equal(t, n, i)
	assert.Equal(t, 3, s.Count(path), "pages of 1000: 1000, 1000, 300")
	assert.Zero(t, s.Count("externalcontact/transfer_result"))

	before := s.Count(path)
	i = 0
	for _, err := range ec.ResignedTransferResultAll(ctx, req) {
		require.NoError(t, err)
		if i++; i == 1001 {
			break
		}
	}
	assert.Equal(t, 2, s.Count(path)-before, "break on the second page's first item")
}
