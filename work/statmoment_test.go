package work_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/statistics"
)

func TestStatisticsAndMomentAccessors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","items":[]}`)
	}))
	defer srv.Close()
	ctx := context.Background()
	day := time.Date(2024, 4, 30, 0, 0, 0, 0, statistics.CST)

	// Config.Now is the statistics clock too: on 2024-05-01, 2024-04-30 is
	// yesterday.
	app, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL,
		Now: func() time.Time { return day.Add(34 * time.Hour) }})
	require.NoError(t, err)
	assert.Same(t, app.Statistics(), app.Statistics())
	assert.Same(t, app.Moment(), app.Moment())
	_, err = app.Statistics().GroupChatStatisticGroupByDay(ctx, &statistics.GroupChatStatisticByDayRequest{DayBegin: day})
	require.NoError(t, err)

	// Without it, the real today decides: that day is long gone.
	app, err = work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL})
	require.NoError(t, err)
	_, err = app.Statistics().GroupChatStatisticGroupByDay(ctx, &statistics.GroupChatStatisticByDayRequest{DayBegin: day})
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "day_begin_time", ae.Field)
}
