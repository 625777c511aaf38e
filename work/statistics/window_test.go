package statistics_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/statistics"
)

// recorder serves path with reply and keeps the bodies it received.
func recorder(t *testing.T, path, reply string) (*statistics.Client, *[]map[string]any) {
	t.Helper()
	srv := wiretest.NewServer(t)
	var bodies []map[string]any
	srv.Handle(path, func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		bodies = append(bodies, m)
		io.WriteString(w, reply)
	})
	return newClient(srv.Core()), &bodies
}

func TestWindowBoundariesAccepted(t *testing.T) {
	ctx := context.Background()
	today := statistics.DayStart(now)

	c, bodies := recorder(t, "externalcontact/get_user_behavior_data", `{"errcode":0,"errmsg":"ok","behavior_data":[]}`)
	// 180 days back to 150 days back, and a 30-day span ending today.
	_, err := c.UserBehavior(ctx, &statistics.UserBehaviorRequest{UserIDs: []string{"zhangsan"}, Start: today.Add(-statistics.History), End: today.AddDate(0, 0, -150)})
	require.NoError(t, err)
	_, err = c.UserBehavior(ctx, &statistics.UserBehaviorRequest{UserIDs: []string{"zhangsan"}, Start: now.AddDate(0, 0, -30), End: now})
	require.NoError(t, err)
	require.Len(t, *bodies, 2)
	assert.EqualValues(t, today.Add(-statistics.History).Unix(), (*bodies)[0]["start_time"])
	assert.EqualValues(t, today.AddDate(0, 0, -30).Unix(), (*bodies)[1]["start_time"])
	assert.EqualValues(t, today.Unix(), (*bodies)[1]["end_time"], "end floored to 00:00 of today")

	g, gb := recorder(t, "externalcontact/groupchat/statistic_group_by_day", `{"errcode":0,"errmsg":"ok","items":[]}`)
	// Yesterday's last second and 180 days back are both in range.
	_, err = g.GroupChatStatisticGroupByDay(ctx, &statistics.GroupChatStatisticByDayRequest{DayBegin: today.Add(-statistics.History), DayEnd: today.Add(-time.Second)})
	require.NoError(t, err)
	require.Len(t, *gb, 1)
	assert.EqualValues(t, today.AddDate(0, 0, -1).Unix(), (*gb)[0]["day_end_time"])
	assert.NotContains(t, (*gb)[0], "owner_filter", "a nil filter is omitted")
}

func TestClock(t *testing.T) {
	srv := wiretest.NewServer(t)
	srv.Handle("externalcontact/groupchat/statistic", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","total":0,"next_offset":0,"items":[]}`)
	})
	ctx := context.Background()
	// The default clock is time.Now: a day of 2024 is long out of range.
	_, err := statistics.New(srv.Core()).GroupChatStatistic(ctx, &statistics.GroupChatStatisticRequest{DayBegin: now.AddDate(0, 0, -1)})
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "day_begin_time", ae.Field)
	assert.Contains(t, err.Error(), "more than 180 days before today")

	// WithClock(nil) is time.Now again; a real yesterday is fine.
	_, err = statistics.New(srv.Core()).WithClock(nil).GroupChatStatistic(ctx, &statistics.GroupChatStatisticRequest{DayBegin: time.Now().AddDate(0, 0, -1)})
	require.NoError(t, err)

	// The injected clock decides what today is.
	_, err = newClient(srv.Core()).GroupChatStatistic(ctx, &statistics.GroupChatStatisticRequest{DayBegin: now.AddDate(0, 0, -1)})
	require.NoError(t, err)
	assert.EqualValues(t, 2, srv.Requests.Load())
}

func TestDays(t *testing.T) {
	// 23:59 UTC on 30 April is 07:59 on 1 May in CST.
	d := statistics.DayStart(time.Date(2024, 4, 30, 23, 59, 0, 0, time.UTC))
	assert.Equal(t, "2024-05-01T00:00:00+08:00", d.Format(time.RFC3339))
	assert.Equal(t, "2024-04-28", statistics.BehaviorData{StatTime: 1714233600}.Day().Format(time.DateOnly))
	assert.Equal(t, "2024-04-29T00:00:00+08:00", statistics.DayGroupChatStatistic{StatTime: 1714320000}.Day().Format(time.RFC3339))
	assert.Equal(t, "chat_total", statistics.OrderByChats.String())
	assert.Equal(t, "OrderBy(9)", statistics.OrderBy(9).String())
}

func TestGroupChatStatisticAllStops(t *testing.T) {
	ctx := context.Background()
	t.Run("offset not moving", func(t *testing.T) {
		c, bodies := recorder(t, "externalcontact/groupchat/statistic",
			`{"errcode":0,"errmsg":"ok","total":5,"next_offset":0,"items":[{"owner":"zhangsan","data":{}}]}`)
		owners, errs := wiretest.Collect(c.GroupChatStatisticAll(ctx, &statistics.GroupChatStatisticRequest{DayBegin: at(29, 0)}))
		assert.Len(t, owners, 1)
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Error(), "does not move")
		assert.Len(t, *bodies, 1)
	})
	t.Run("empty page ends", func(t *testing.T) {
		c, bodies := recorder(t, "externalcontact/groupchat/statistic", `{"errcode":0,"errmsg":"ok","total":7,"next_offset":7,"items":[]}`)
		owners, errs := wiretest.Collect(c.GroupChatStatisticAll(ctx, &statistics.GroupChatStatisticRequest{DayBegin: at(29, 0), Offset: 7}))
		assert.Empty(t, owners)
		assert.Empty(t, errs)
		require.Len(t, *bodies, 1)
		assert.EqualValues(t, 7, (*bodies)[0]["offset"])
	})
	t.Run("break", func(t *testing.T) {
		c, bodies := recorder(t, "externalcontact/groupchat/statistic", wiretest.Fixture(t, "statistics", "groupchat_statistic"))
		n := 0
		for _, err := range c.GroupChatStatisticAll(ctx, &statistics.GroupChatStatisticRequest{DayBegin: at(29, 0)}) {
			require.NoError(t, err)
			n++
			break
		}
		assert.Equal(t, 1, n)
		assert.Len(t, *bodies, 1)
	})
	t.Run("request copied", func(t *testing.T) {
		c, bodies := recorder(t, "externalcontact/groupchat/statistic", wiretest.Fixture(t, "statistics", "groupchat_statistic_last"))
		req := &statistics.GroupChatStatisticRequest{DayBegin: at(29, 0), OwnerFilter: &statistics.OwnerFilter{UserIDs: []string{"wangwu"}}}
		seq := c.GroupChatStatisticAll(ctx, req)
		req.OwnerFilter.UserIDs[0] = "changed"
		req.Offset = 40
		owners, errs := wiretest.Collect(seq)
		assert.Empty(t, errs)
		assert.Len(t, owners, 1)
		require.Len(t, *bodies, 1)
		assert.Equal(t, map[string]any{"userid_list": []any{"wangwu"}}, (*bodies)[0]["owner_filter"])
		assert.NotContains(t, (*bodies)[0], "offset")
	})
}
