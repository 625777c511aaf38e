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
	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/core"
)

func TestCustomerAcquisitionAndSchoolAccessors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cgi-bin/gettoken" {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","subscribe_mode":1}`)
	}))
	defer srv.Close()
	ctx := context.Background()
	day := time.Date(2024, 4, 30, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	req := &acquisition.StatisticRequest{LinkID: "cawcde5c4e8f7a2b91", Start: day, End: day}

	// Config.Now is the statistic's clock: on 2024-05-01, 2024-04-30 is fine.
	app, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL, Now: func() time.Time { return day.Add(24 * time.Hour) }})
	require.NoError(t, err)
	assert.Same(t, app.CustomerAcquisition(), app.CustomerAcquisition())
	assert.Same(t, app.School(), app.School())
	_, err = app.CustomerAcquisition().Statistic(ctx, req)
	require.NoError(t, err)
	mode, err := app.School().GetSubscribeMode(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, mode)

	// Without it, the real today decides: that day is long gone.
	app, err = work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: srv.URL})
	require.NoError(t, err)
	_, err = app.CustomerAcquisition().Statistic(ctx, req)
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "start_time", ae.Field)
}
