package worktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/worktest"
)

// simApp is an App on s whose clock (token expiry, statistics windows) is
// the simulator's.
func simApp(t *testing.T, s *worktest.Server) *work.App {
	t.Helper()
	cfg := s.Config()
	cfg.Now = s.Clock().Now
	app, err := work.New(cfg)
	require.NoError(t, err)
	return app
}

// A customer who adds zhangsan through a 「联系我」 QR code today counts in
// today's new_contact_cnt, which is reported from tomorrow on: one more
// than in a twin corp where nobody came.
func TestNewCustomerMovesTomorrowsFigure(t *testing.T) {
	ctx := context.Background()
	twins := [2]*worktest.Server{worktest.NewServer(worktest.WithSeed(12)), worktest.NewServer(worktest.WithSeed(12))}
	for _, s := range twins {
		t.Cleanup(s.Close)
	}
	withWay, without := twins[0], twins[1]
	way, err := withWay.ContactWays().Add(worktest.ContactWaySpec{Type: worktest.ContactWaySingle, Scene: worktest.ContactWayQRCode,
		Users: []string{"zhangsan"}, State: "地铁广告"})
	require.NoError(t, err)
	added, err := withWay.ContactWays().Scan(ctx, way, worktest.AddContact{})
	require.NoError(t, err)

	today := worktest.DefaultStart
	read := func(s *worktest.Server) []statistics.BehaviorData {
		t.Helper()
		got, err := simApp(t, s).Statistics().UserBehavior(ctx, &statistics.UserBehaviorRequest{
			UserIDs: []string{"zhangsan"}, Start: today.AddDate(0, 0, -1), End: today})
		require.NoError(t, err)
		return got
	}
	before := read(withWay)
	require.Len(t, before, 1, "yesterday only: today is not over")
	assert.Equal(t, read(without), before)

	for _, s := range twins {
		s.Clock().Advance(24 * time.Hour)
	}
	a, b := read(withWay), read(without)
	require.Len(t, a, 2)
	require.Len(t, b, 2)
	assert.Equal(t, statistics.DayStart(today), a[1].Day())
	assert.Equal(t, b[1].NewContactCount+1, a[1].NewContactCount, "the new customer counts on the day they came")
	assert.Equal(t, b[1].NewApplyCount, a[1].NewApplyCount, "the customer applied, not the member")
	assert.Equal(t, b[0], a[0], "the day before did not change")

	// zhangsan's new customer deletes them the next day: negative feedback
	// on that day, while the day they came keeps its count.
	require.NoError(t, withWay.DeleteContact(ctx, "zhangsan", added.ExternalUserID))
	withWay.Clock().Advance(24 * time.Hour)
	got, err := simApp(t, withWay).Statistics().UserBehavior(ctx, &statistics.UserBehaviorRequest{
		UserIDs: []string{"zhangsan"}, Start: today, End: today.AddDate(0, 0, 1)})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, a[1].NewContactCount, got[0].NewContactCount)
	assert.Equal(t, 1, got[1].NegativeFeedbackCount)
}

// The SDK's offset iterator walks the simulator's owners page by page to
// the same list as one big page.
func TestGroupChatStatisticAllAgainstTheSimulator(t *testing.T) {
	s := worktest.NewServer(worktest.WithSeed(5), worktest.WithMembers(7), worktest.WithGroupChats(20))
	t.Cleanup(s.Close)
	stats := simApp(t, s).Statistics()
	ctx := context.Background()
	req := statistics.GroupChatStatisticRequest{DayBegin: worktest.DefaultStart.AddDate(0, 0, -180), DayEnd: worktest.DefaultStart.AddDate(0, 0, -1),
		OrderBy: statistics.OrderByMembers}
	one, err := stats.GroupChatStatistic(ctx, &req)
	require.NoError(t, err)
	require.Equal(t, one.Total, len(one.Items))
	require.Greater(t, one.Total, 3)

	paged := req
	paged.Limit = 2
	all, errs := wiretest.Collect(stats.GroupChatStatisticAll(ctx, &paged))
	require.Empty(t, errs)
	assert.Equal(t, one.Items, all)
	assert.Equal(t, (one.Total+1)/2, s.Count("externalcontact/groupchat/statistic")-1, "one request per page")

	var chats, members int
	for _, o := range all {
		chats += o.Data.ChatTotal
		members += o.Data.MemberTotal
	}
	byDay, err := stats.GroupChatStatisticGroupByDay(ctx, &statistics.GroupChatStatisticByDayRequest{DayBegin: req.DayEnd})
	require.NoError(t, err)
	require.Len(t, byDay, 1)
	assert.Equal(t, chats, byDay[0].Data.ChatTotal, "yesterday's totals per day are the window's totals per owner")
	assert.Equal(t, members, byDay[0].Data.MemberTotal)
}
