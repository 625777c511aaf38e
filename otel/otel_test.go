package otel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/wecomkit/wecom/otel"
	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/worktest"
)

func setup(t *testing.T) (*worktest.Server, *work.App, *tracetest.SpanRecorder, trace.Tracer) {
	t.Helper()
	s := worktest.NewServer()
	t.Cleanup(s.Close)
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	cfg := s.Config()
	cfg.Observer = otel.NewObserver(otel.WithTracerProvider(tp))
	app, err := work.New(cfg)
	require.NoError(t, err)
	return s, app, sr, tp.Tracer("test")
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestSpansPerAttempt(t *testing.T) {
	s, app, sr, tracer := setup(t)
	ctx, parent := tracer.Start(context.Background(), "export")
	ec := app.ExternalContact()
	users, err := ec.GetFollowUsers(ctx)
	require.NoError(t, err)
	ids, err := ec.List(ctx, users[0])
	require.NoError(t, err)
	s.Faults().FailNext("externalcontact/get", 1, -1)
	_, err = ec.Get(ctx, ids[0])
	require.NoError(t, err)
	parent.End()

	var names []string
	spans := map[string][]sdktrace.ReadOnlySpan{}
	for _, sp := range sr.Ended() {
		names = append(names, sp.Name())
		spans[sp.Name()] = append(spans[sp.Name()], sp)
	}
	assert.Equal(t, []string{"gettoken", "externalcontact/get_follow_user_list", "externalcontact/list",
		"externalcontact/get", "externalcontact/get", "export"}, names)

	get := spans["externalcontact/get"]
	require.Len(t, get, 2)
	first, second := attrs(get[0]), attrs(get[1])
	assert.Equal(t, "GET", first["http.request.method"].AsString())
	assert.Equal(t, "/cgi-bin/externalcontact/get", first["url.path"].AsString())
	assert.EqualValues(t, -1, first["wecom.errcode"].AsInt64())
	assert.EqualValues(t, 1, first["wecom.attempt"].AsInt64())
	assert.True(t, first["wecom.retry"].AsBool())
	assert.True(t, first["wecom.sent"].AsBool())
	assert.EqualValues(t, 200, first["http.response.status_code"].AsInt64())
	assert.Equal(t, "Read", first["wecom.class"].AsString())
	assert.Equal(t, codes.Error, get[0].Status().Code)
	assert.Contains(t, get[0].Status().Description, "errcode -1")
	assert.EqualValues(t, 2, second["wecom.attempt"].AsInt64())
	assert.EqualValues(t, 0, second["wecom.errcode"].AsInt64())
	assert.False(t, second["wecom.retry"].AsBool())
	assert.Equal(t, codes.Unset, get[1].Status().Code)
	for _, sp := range get {
		assert.Equal(t, trace.SpanKindClient, sp.SpanKind())
		assert.Equal(t, parent.SpanContext().SpanID(), sp.Parent().SpanID(), "a child of the caller's span")
		assert.Equal(t, otel.ScopeName, sp.InstrumentationScope().Name)
		assert.False(t, sp.EndTime().Before(sp.StartTime()))
	}

	// No token, secret or query anywhere.
	var token string
	for _, r := range s.Requests() {
		if r.Token != "" {
			token = r.Token
		}
	}
	require.NotEmpty(t, token)
	for _, sp := range sr.Ended() {
		dump := sp.Name() + fmt.Sprint(sp.Attributes()) + sp.Status().Description + fmt.Sprint(sp.Events())
		assert.NotContains(t, dump, token)
		assert.NotContains(t, dump, s.Secret)
		assert.NotContains(t, dump, "access_token")
		assert.NotContains(t, sp.Name()+fmt.Sprint(sp.Attributes()), "?", "no query string")
		assert.NotContains(t, sp.Name()+fmt.Sprint(sp.Attributes()), ids[0], "not even the ids of the query")
	}
}

func TestSpanOfARefusedCall(t *testing.T) {
	s, app, sr, _ := setup(t)
	ec := app.ExternalContact()
	s.Faults().FailNext("externalcontact/get_follow_user_list", 1, 45009)
	_, err := ec.GetFollowUsers(context.Background())
	require.ErrorIs(t, err, core.ErrRateLimited)
	_, err = ec.GetFollowUsers(context.Background())
	require.ErrorIs(t, err, core.ErrRateLimited)
	var refused []sdktrace.ReadOnlySpan
	for _, sp := range sr.Ended() {
		if sp.Name() == "externalcontact/get_follow_user_list" {
			refused = append(refused, sp)
		}
	}
	require.Len(t, refused, 2)
	a := attrs(refused[1])
	assert.False(t, a["wecom.sent"].AsBool(), "failed fast")
	assert.EqualValues(t, 45009, a["wecom.errcode"].AsInt64())
	_, has := a["http.response.status_code"]
	assert.False(t, has)
	assert.Contains(t, refused[1].Status().Description, "not sent")
}

func TestSpanCoversTheGovernorWait(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	obs := otel.NewObserver(otel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))))
	start := time.Unix(1_700_000_000, 0)
	obs.ObserveAttempt(context.Background(), core.Attempt{
		Endpoint: core.Write("externalcontact/remark"), Attempt: 1, Start: start,
		Wait: 300 * time.Millisecond, Duration: 50 * time.Millisecond, Sent: true, StatusCode: 200,
	})
	require.Len(t, sr.Ended(), 1)
	sp := sr.Ended()[0]
	assert.Equal(t, start, sp.StartTime())
	assert.Equal(t, start.Add(350*time.Millisecond), sp.EndTime())
	a := attrs(sp)
	assert.EqualValues(t, 300, a["wecom.governor.wait_ms"].AsInt64())
	assert.Equal(t, "POST", a["http.request.method"].AsString())
	assert.Equal(t, "Write", a["wecom.class"].AsString())
	assert.False(t, strings.Contains(fmt.Sprint(sp.Attributes()), "?"))
}
