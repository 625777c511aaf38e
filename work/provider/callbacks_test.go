package provider_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/provider"
)

const (
	cbToken  = "SuiteCallbackToken42"
	cbAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
)

// callbackRig is a suite's 指令回调 URL served by HandleCallbacks, and a
// sender that encrypts for the suite id, as WeCom does.
type callbackRig struct {
	st     *setup
	h      *callback.Handler
	sender *callback.Crypto
	logs   *bytes.Buffer
	srv    *httptest.Server
}

func newCallbackRig(t *testing.T, hooks provider.Hooks) *callbackRig {
	t.Helper()
	logs := &bytes.Buffer{}
	st := newSetup(t, setupOpts{noTicket: true, logger: slog.New(slog.NewTextHandler(logs, nil))})
	h, err := callback.New(callback.Config{Token: cbToken, EncodingAESKey: cbAESKey,
		ReceiverIDs: []string{testSuiteID}, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	require.NoError(t, err)
	st.p.HandleCallbacks(h, hooks)
	sender, err := callback.NewCrypto(cbToken, cbAESKey, testSuiteID)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &callbackRig{st: st, h: h, sender: sender, logs: logs, srv: srv}
}

// push delivers an instruction event and returns the HTTP status.
func (r *callbackRig) push(t *testing.T, xml string) int {
	t.Helper()
	req, err := r.sender.NewDeliveryRequest(bg, &callback.Delivery{URL: r.srv.URL, Message: []byte(xml)})
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func ticketXML(suite, ticket string, ts int64) string {
	return "<xml><SuiteId><![CDATA[" + suite + "]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>" +
		strconv.FormatInt(ts, 10) + "</TimeStamp><SuiteTicket><![CDATA[" + ticket + "]]></SuiteTicket></xml>"
}

func authXML(info, code, state string) string {
	return "<xml><SuiteId><![CDATA[" + testSuiteID + "]]></SuiteId><AuthCode><![CDATA[" + code +
		"]]></AuthCode><InfoType><![CDATA[" + info + "]]></InfoType><TimeStamp>1718000000</TimeStamp><State><![CDATA[" +
		state + "]]></State></xml>"
}

func corpXML(info, corp string) string {
	return "<xml><SuiteId><![CDATA[" + testSuiteID + "]]></SuiteId><InfoType><![CDATA[" + info +
		"]]></InfoType><TimeStamp>1718000000</TimeStamp><AuthCorpId><![CDATA[" + corp + "]]></AuthCorpId></xml>"
}

func TestHandleCallbacksFullLifecycle(t *testing.T) {
	var authorized []provider.Authorization
	var changed, cancelled []string
	r := newCallbackRig(t, provider.Hooks{
		Authorized: func(_ context.Context, s *provider.Suite, a *provider.Authorization) error {
			assert.Equal(t, testSuiteID, s.ID())
			authorized = append(authorized, *a)
			return nil
		},
		AuthChanged: func(_ context.Context, _ *provider.Suite, e *callback.ChangeAuthEvent) error {
			changed = append(changed, e.AuthCorpID)
			return nil
		},
		Cancelled: func(_ context.Context, _ *provider.Suite, corp string) error {
			cancelled = append(cancelled, corp)
			return nil
		},
	})
	st := r.st
	// The ticket arrives: the suite token works.
	assert.Equal(t, http.StatusOK, r.push(t, ticketXML(testSuiteID, testTicket, st.clk.Now().Unix())))
	assert.True(t, st.s.HasTicket(bg))

	// A corp installs: its permanent code is stored, its App works.
	assert.Equal(t, http.StatusOK, r.push(t, authXML("create_auth", st.f.authorize("wwcorpA"), "expo")))
	require.Len(t, authorized, 1)
	assert.Equal(t, "wwcorpA", authorized[0].CorpID)
	assert.Equal(t, "expo", authorized[0].State)
	require.NoError(t, getFor(bg, st, "wwcorpA"))

	// A redelivered create_auth whose code is spent is acknowledged.
	assert.Equal(t, http.StatusOK, r.push(t, authXML("create_auth", "AUTH-spent", "")))
	assert.Len(t, authorized, 1)
	assert.Contains(t, r.logs.String(), "auth code refused")

	assert.Equal(t, http.StatusOK, r.push(t, corpXML("change_auth", "wwcorpA")))
	assert.Equal(t, []string{"wwcorpA"}, changed)

	// Reset: the new code serves.
	assert.Equal(t, http.StatusOK, r.push(t, authXML("reset_permanent_code", st.f.resetCode("wwcorpA"), "")))
	require.Len(t, authorized, 2)
	assert.Equal(t, st.f.codeOf("wwcorpA"), authorized[1].PermanentCode)
	require.NoError(t, getFor(bg, st, "wwcorpA"))

	// Cancel: the code is gone, the App refuses.
	st.f.cancel("wwcorpA")
	assert.Equal(t, http.StatusOK, r.push(t, corpXML("cancel_auth", "wwcorpA")))
	assert.Equal(t, []string{"wwcorpA"}, cancelled)
	assert.Zero(t, st.store.Len())
	require.ErrorIs(t, getFor(bg, st, "wwcorpA"), provider.ErrNotAuthorized)
	assert.Empty(t, st.f.mismatchList())
	for _, secret := range []string{testTicket, testSuiteSecret, authorized[0].PermanentCode, authorized[1].PermanentCode} {
		assert.NotContains(t, r.logs.String(), secret)
	}
}

func TestHandleCallbacksUnknownSuiteIsAcknowledged(t *testing.T) {
	r := newCallbackRig(t, provider.Hooks{})
	other, err := callback.NewCrypto(cbToken, cbAESKey, "wwsuiteOTHER")
	require.NoError(t, err)
	r.sender = other
	h2, err := callback.New(callback.Config{Token: cbToken, EncodingAESKey: cbAESKey, ReceiverIDs: []string{testSuiteID, "wwsuiteOTHER"}})
	require.NoError(t, err)
	r.st.p.HandleCallbacks(h2, provider.Hooks{})
	srv := httptest.NewServer(h2)
	defer srv.Close()
	r.srv = srv
	assert.Equal(t, http.StatusOK, r.push(t, ticketXML("wwsuiteOTHER", "t", time.Now().Unix())))
	assert.False(t, r.st.s.HasTicket(bg))
}

// TestHandleCallbacksFailuresAreRetried: a hook error, or an exchange that
// fails for another reason than a spent code, answers 500 so WeCom
// delivers the event again, and the retry succeeds.
func TestHandleCallbacksFailuresAreRetried(t *testing.T) {
	fail := true
	r := newCallbackRig(t, provider.Hooks{Authorized: func(context.Context, *provider.Suite, *provider.Authorization) error {
		if fail {
			return errors.New("database down")
		}
		return nil
	}})
	st := r.st
	require.Equal(t, http.StatusOK, r.push(t, ticketXML(testSuiteID, testTicket, st.clk.Now().Unix())))
	code := st.f.authorize("wwcorpA")
	assert.Equal(t, http.StatusInternalServerError, r.push(t, authXML("create_auth", code, "")))
	assert.Equal(t, 1, st.store.Len(), "the permanent code was stored before the hook ran")

	// get_permanent_code itself failing (HTTP 502: it may have been
	// processed, so it is not re-sent) is a 500 too.
	st.f.failOnce("service/get_permanent_code", http.StatusBadGateway)
	fail = false
	assert.Equal(t, http.StatusInternalServerError, r.push(t, authXML("create_auth", st.f.authorize("wwcorpB"), "")))

	// An instruction event without a ticket value is a 500 (SetTicket's
	// ArgError), not a silent success.
	assert.Equal(t, http.StatusInternalServerError, r.push(t, ticketXML(testSuiteID, "", st.clk.Now().Unix())))
}
