package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/worktest"
)

func TestParseFlags(t *testing.T) {
	o, err := parse(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "real", o.clock)
	assert.Equal(t, time.Second, o.tick)
	assert.Zero(t, o.latency)
	assert.Empty(t, o.fails)

	o, err = parse([]string{"-seed", "7", "-data", "x.json", "-latency", "250ms", "-clock", "scaled", "-clock-rate", "3600",
		"-start", "2024-06-01T08:00:00+08:00", "-fail", "externalcontact/get:-1:2", "-fail", "*:45009:1",
		"-callback", "http://127.0.0.1:9/cb", "-callback-token", "tok", "-callback-aeskey", strings.Repeat("k", 43)}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, int64(7), o.seed)
	assert.Equal(t, "x.json", o.data)
	assert.Equal(t, 250*time.Millisecond, o.latency)
	assert.Equal(t, "scaled", o.clock)
	assert.Equal(t, 3600.0, o.rate)
	assert.Equal(t, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Unix(), o.start.Unix())
	assert.Equal(t, failRules{{"externalcontact/get", -1, 2}, {"*", 45009, 1}}, o.fails)
	assert.Equal(t, "http://127.0.0.1:9/cb", o.callbackURL)
	assert.Equal(t, 3600.0, o.newClock().Rate())
	assert.Equal(t, o.start.Unix(), o.newClock().Now().Unix(), "a scaled clock starts at -start")

	o, err = parse([]string{"-fixture", "y.json", "-frozen", "-start", "1714528800"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "y.json", o.data, "-fixture is -data")
	assert.Equal(t, "frozen", o.clock)
	assert.Equal(t, worktest.DefaultStart.Unix(), o.newClock().Now().Unix())
	assert.Zero(t, o.newClock().Rate())

	for _, args := range [][]string{
		{"-fail", "externalcontact/get"},
		{"-fail", "externalcontact/get:1"},
		{"-fail", "externalcontact/get:x:1"},
		{"-fail", "externalcontact/get:0:1"},
		{"-fail", "externalcontact/get:-1:0"},
		{"-fail", ":-1:1"},
		{"-latency", "-1s"},
		{"-latency", "soon"},
		{"-clock", "sundial"},
		{"-clock", "scaled", "-clock-rate", "0"},
		{"-start", "tomorrow"},
		{"-tick", "0s"},
		{"-callback", "http://127.0.0.1:9/cb"},
		{"-callback", "not a url", "-callback-token", "t", "-callback-aeskey", "k"},
		{"-callback-token", "t"},
	} {
		_, err := parse(args, io.Discard)
		assert.Error(t, err, "%v", args)
	}
}

// serve runs wecomsim with args until the test ends and returns the
// simulator and the printout so far.
func serve(t *testing.T, args ...string) (*worktest.Server, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var out strings.Builder
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	started := make(chan *worktest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), w, io.Discard, func(s *worktest.Server) { started <- s })
	}()
	var s *worktest.Server
	select {
	case s = <-started:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	return s, func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func getJSON(t *testing.T, method, u string, v any) int {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if v != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	}
	return resp.StatusCode
}

func accessToken(t *testing.T, s *worktest.Server) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	getJSON(t, http.MethodGet, s.URL+"/cgi-bin/gettoken?"+url.Values{"corpid": {s.CorpID}, "corpsecret": {s.Secret}}.Encode(), &tok)
	require.NotEmpty(t, tok.AccessToken)
	return tok.AccessToken
}

func TestFailFlag(t *testing.T) {
	s, _ := serve(t, "-clock", "frozen", "-fail", "externalcontact/get_follow_user_list:-1:2")
	u := s.URL + "/cgi-bin/externalcontact/get_follow_user_list?access_token=" + accessToken(t, s)
	var codes []int
	for range 3 {
		var r struct {
			ErrCode int `json:"errcode"`
		}
		getJSON(t, http.MethodGet, u, &r)
		codes = append(codes, r.ErrCode)
	}
	assert.Equal(t, []int{-1, -1, 0}, codes)
}

func TestLatencyFlag(t *testing.T) {
	s, _ := serve(t, "-clock", "frozen", "-latency", "1h")
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/cgi-bin/gettoken", nil)
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	// The call waits in the latency; nothing sleeps an hour: it is cut.
	for s.InFlight("gettoken") == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	assert.Error(t, <-errc)
	for s.InFlight("gettoken") > 0 {
		time.Sleep(time.Millisecond)
	}
	log := s.Requests()
	require.Len(t, log, 1)
	assert.Equal(t, "canceled", log[0].Fault, "the latency held the answer back")
}

func TestClockControl(t *testing.T) {
	s, out := serve(t, "-clock", "frozen", "-start", "2024-06-01T00:00:00+08:00")
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var now struct {
		Now  int64  `json:"now"`
		Time string `json:"time"`
	}
	assert.Equal(t, http.StatusOK, getJSON(t, http.MethodGet, s.URL+"/control/now", &now))
	assert.Equal(t, start.Unix(), now.Now)
	assert.Contains(t, out(), "clock:  frozen at 2024-06-01T00:00:00+08:00")

	assert.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, s.URL+"/control/advance?by=24h", &now))
	assert.Equal(t, start.Add(24*time.Hour).Unix(), now.Now)
	assert.Equal(t, start.Add(24*time.Hour).Unix(), s.Clock().Now().Unix())

	assert.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, s.URL+"/control/set?time=1714528800", &now))
	assert.Equal(t, worktest.DefaultStart.Unix(), now.Now)

	var e struct {
		Error string `json:"error"`
	}
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, s.URL+"/control/advance?by=-1h", &e))
	assert.Contains(t, e.Error, "positive duration")
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, s.URL+"/control/set?time=later", &e))
	assert.Equal(t, worktest.DefaultStart.Unix(), s.Clock().Now().Unix(), "unchanged")
}

func TestRunningClocks(t *testing.T) {
	s, out := serve(t, "-clock", "scaled", "-clock-rate", "3600")
	assert.Equal(t, 3600.0, s.Clock().Rate())
	assert.Contains(t, out(), "3600 times as fast as real time")
	s, out = serve(t)
	assert.Equal(t, 1.0, s.Clock().Rate())
	assert.Contains(t, out(), "clock:  real time")
}

func TestCallbackFlag(t *testing.T) {
	const token, key = "cbToken123", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	var (
		mu   sync.Mutex
		adds []*callback.AddExternalContactEvent
	)
	// The receiver learns the corp id (its receiver id) once the simulator
	// runs: -corpid fixes it.
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key, ReceiverIDs: []string{"wwSIMULATED"}})
	require.NoError(t, err)
	h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		mu.Lock()
		defer mu.Unlock()
		adds = append(adds, e)
		return nil
	})
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)

	s, out := serve(t, "-clock", "frozen", "-corpid", "wwSIMULATED", "-secret", "s3cret",
		"-callback", rcv.URL+"/wecom", "-callback-token", token, "-callback-aeskey", key)
	assert.Contains(t, out(), "callback: events POSTed, encrypted, to "+rcv.URL+"/wecom")
	assert.NotContains(t, out(), key, "the key is not printed")

	var v struct {
		Verified bool `json:"verified"`
	}
	assert.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, s.URL+"/control/verify_callback", &v))
	assert.True(t, v.Verified)

	var added struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
		State          string `json:"state"`
		Delivered      bool   `json:"delivered"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, http.MethodPost, s.URL+"/control/add_contact?userid=zhangsan&state=expo", &added))
	assert.True(t, added.Delivered)
	mu.Lock()
	require.Len(t, adds, 1, "delivered, encrypted, before the control call returned")
	assert.Equal(t, "zhangsan", adds[0].UserID)
	assert.Equal(t, added.ExternalUserID, adds[0].ExternalUserID)
	assert.Equal(t, "expo", adds[0].State)
	mu.Unlock()

	var e struct {
		Error string `json:"error"`
	}
	assert.Equal(t, http.StatusBadRequest, getJSON(t, http.MethodPost, s.URL+"/control/add_contact?userid=nobody", &e))
	assert.Contains(t, e.Error, "nobody")
	log := s.Events().List()
	require.Len(t, log, 1)
	assert.True(t, log[0].Delivered)
}

func TestBannerTellsHowToConnect(t *testing.T) {
	s, out := serve(t, "-clock", "frozen", "-latency", "1ms", "-fail", "*:-1:1")
	text := out()
	for _, want := range []string{
		"corpid: " + s.CorpID,
		"secret: " + s.Secret,
		`work.New(work.Config{CorpID: "` + s.CorpID + `", Secret: "` + s.Secret + `", BaseURL: "` + s.URL + `"})`,
		"curl '" + s.URL + "/cgi-bin/gettoken?corpid=",
		"export WECOM_BASE_URL=" + s.URL + " WECOM_CORP_ID=" + s.CorpID + " WECOM_SECRET=" + s.Secret,
		"POST " + s.URL + "/control/advance?by=24h",
		"faults: latency 1ms; fail *:-1:1",
	} {
		assert.Contains(t, text, want)
	}
}
