package callback_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// clock is the fixed "now" of the handler tests.
var clock = time.Unix(1718000030, 0)

// harness is a Handler with a fixed clock, a captured log, and a sender
// Crypto sharing its secrets.
type harness struct {
	h      *callback.Handler
	sender *callback.Crypto
	logs   *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newHarness(t testing.TB, mod func(*callback.Config)) *harness {
	t.Helper()
	logs := &syncBuffer{}
	cfg := callback.Config{
		Token:          testToken,
		EncodingAESKey: testAESKey,
		ReceiverIDs:    []string{testCorpID, testSuite},
		Now:            func() time.Time { return clock },
		Logger:         slog.New(slog.NewJSONHandler(logs, nil)),
	}
	if mod != nil {
		mod(&cfg)
	}
	h, err := callback.New(cfg)
	require.NoError(t, err)
	return &harness{h: h, sender: mustCrypto(t, testToken, testAESKey, testCorpID), logs: logs}
}

// request builds a delivery of msg stamped with the test clock.
func (hs *harness) request(t testing.TB, msg []byte, nonce string) *http.Request {
	t.Helper()
	req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
		URL:       "http://callback.example/wecom",
		Message:   msg,
		AgentID:   "1000002",
		Timestamp: strconv.FormatInt(clock.Unix(), 10),
		Nonce:     nonce,
	})
	require.NoError(t, err)
	return req
}

func (hs *harness) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return rec
}

func (hs *harness) deliver(t testing.TB, msg []byte) *httptest.ResponseRecorder {
	t.Helper()
	return hs.serve(hs.request(t, msg, ""))
}

func assertSuccess(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "success", rec.Body.String())
}

// registerAll registers every typed handler, recording the events received.
func registerAll(h *callback.Handler, got *[]callback.Event) {
	var mu sync.Mutex
	rec := func(e callback.Event) error {
		mu.Lock()
		defer mu.Unlock()
		*got = append(*got, e)
		return nil
	}
	h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error { return rec(e) })
	h.OnEditExternalContact(func(_ context.Context, e *callback.EditExternalContactEvent) error { return rec(e) })
	h.OnAddHalfExternalContact(func(_ context.Context, e *callback.AddHalfExternalContactEvent) error { return rec(e) })
	h.OnDelExternalContact(func(_ context.Context, e *callback.DelExternalContactEvent) error { return rec(e) })
	h.OnDelFollowUser(func(_ context.Context, e *callback.DelFollowUserEvent) error { return rec(e) })
	h.OnTransferFail(func(_ context.Context, e *callback.TransferFailEvent) error { return rec(e) })
	h.OnMsgAuditApproved(func(_ context.Context, e *callback.MsgAuditApprovedEvent) error { return rec(e) })
	h.OnExternalChatCreate(func(_ context.Context, e *callback.ExternalChatCreateEvent) error { return rec(e) })
	h.OnExternalChatUpdate(func(_ context.Context, e *callback.ExternalChatUpdateEvent) error { return rec(e) })
	h.OnExternalChatDismiss(func(_ context.Context, e *callback.ExternalChatDismissEvent) error { return rec(e) })
	h.OnExternalTagCreate(func(_ context.Context, e *callback.ExternalTagCreateEvent) error { return rec(e) })
	h.OnExternalTagUpdate(func(_ context.Context, e *callback.ExternalTagUpdateEvent) error { return rec(e) })
	h.OnExternalTagDelete(func(_ context.Context, e *callback.ExternalTagDeleteEvent) error { return rec(e) })
	h.OnExternalTagShuffle(func(_ context.Context, e *callback.ExternalTagShuffleEvent) error { return rec(e) })
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { return rec(e) })
}

func TestHandlerDeliversEveryTypedEvent(t *testing.T) {
	hs := newHarness(t, nil)
	var got []callback.Event
	registerAll(hs.h, &got)
	for i, tt := range eventFixtures {
		t.Run(tt.file, func(t *testing.T) {
			assertSuccess(t, hs.deliver(t, fixture(t, tt.file)))
			require.Len(t, got, i+1)
			assert.Equal(t, tt.want, got[i])
		})
	}
}

func TestHandlerCatchAll(t *testing.T) {
	t.Run("unknown change type goes to OnEvent", func(t *testing.T) {
		hs := newHarness(t, nil)
		var got []callback.Event
		registerAll(hs.h, &got)
		msg := fixture(t, "change_external_contact__future_change.xml")
		assertSuccess(t, hs.deliver(t, msg))
		require.Len(t, got, 1)
		raw := got[0].(*callback.RawEvent)
		assert.Nil(t, raw.Typed)
		assert.Equal(t, msg, raw.XML)
		assert.Equal(t, callback.ChangeType("some_future_change"), raw.ChangeType)
	})
	t.Run("known kind without typed handler goes to OnEvent typed", func(t *testing.T) {
		hs := newHarness(t, nil)
		var raws []*callback.RawEvent
		hs.h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { raws = append(raws, e); return nil })
		assertSuccess(t, hs.deliver(t, fixture(t, "change_external_chat__dismiss.xml")))
		require.Len(t, raws, 1)
		assert.IsType(t, &callback.ExternalChatDismissEvent{}, raws[0].Typed)
	})
	t.Run("nothing registered is acknowledged", func(t *testing.T) {
		hs := newHarness(t, nil)
		assertSuccess(t, hs.deliver(t, fixture(t, "change_external_contact__add_external_contact.xml")))
		assertSuccess(t, hs.deliver(t, []byte(`<xml><Event>brand_new_event</Event></xml>`)))
	})
	t.Run("nil unregisters", func(t *testing.T) {
		hs := newHarness(t, nil)
		var typed, all int
		hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { typed++; return nil })
		hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { all++; return nil })
		hs.h.OnAddExternalContact(nil)
		assertSuccess(t, hs.deliver(t, fixture(t, "change_external_contact__add_external_contact.xml")))
		hs.h.OnEvent(nil)
		assertSuccess(t, hs.deliver(t, fixture(t, "change_external_contact__add_external_contact.xml")))
		assert.Equal(t, 0, typed)
		assert.Equal(t, 1, all)
	})
}

// The official S1 sample delivery, through the Handler.
func TestHandlerOfficialSample(t *testing.T) {
	var raws []*callback.RawEvent
	h, err := callback.New(callback.Config{Token: s1Token, EncodingAESKey: s1AESKey, ReceiverIDs: []string{s1Receiver},
		Now: func() time.Time { return time.Unix(1409659813, 0) }})
	require.NoError(t, err)
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { raws = append(raws, e); return nil })
	req := httptest.NewRequest(http.MethodPost,
		"/cgi-bin/wxpush?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149",
		strings.NewReader(s1XMLBody))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assertSuccess(t, rec)
	require.Len(t, raws, 1)
	assert.Equal(t, s1XMLMsg, string(raws[0].XML))
	assert.Equal(t, "text", raws[0].MsgType)
	assert.Equal(t, "218", raws[0].AgentID)
	assert.Equal(t, int64(1409659813), raws[0].CreateTime)
}

func TestHandlerVerifyURL(t *testing.T) {
	s1 := func(now int64) *callback.Handler {
		h, err := callback.New(callback.Config{Token: s1Token, EncodingAESKey: s1AESKey, ReceiverIDs: []string{s1Receiver},
			Now: func() time.Time { return time.Unix(now, 0) }})
		require.NoError(t, err)
		return h
	}
	const query = "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr="
	tests := []struct {
		name     string
		now      int64
		rawQuery string
		code     int
		body     string
	}{
		{"official sample", 1409659589, query + "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D",
			http.StatusOK, "1616140317555161061"},
		{"unescaped plus", 1409659589, query + s1EchoStr, http.StatusOK, "1616140317555161061"},
		{"stale", 1409659589 + 3600, query + url.QueryEscape(s1EchoStr), http.StatusForbidden, ""},
		{"bad signature", 1409659589, strings.Replace(query, "5c45", "5c46", 1) + url.QueryEscape(s1EchoStr), http.StatusForbidden, ""},
		{"missing echostr", 1409659589, query, http.StatusBadRequest, ""},
		{"no query", 1409659589, "", http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s1(tt.now).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cgi-bin/wxpush?"+tt.rawQuery, nil))
			assert.Equal(t, tt.code, rec.Code)
			if tt.code == http.StatusOK {
				assert.Equal(t, tt.body, rec.Body.String())
			}
		})
	}

	t.Run("NewVerifyURLRequest", func(t *testing.T) {
		hs := newHarness(t, func(c *callback.Config) { c.Now = nil })
		req, err := hs.sender.NewVerifyURLRequest(context.Background(), "http://callback.example/wecom?app=1", "4021397746516712313")
		require.NoError(t, err)
		assert.Equal(t, http.MethodGet, req.Method)
		assert.Equal(t, "1", req.URL.Query().Get("app"))
		rec := hs.serve(req)
		assert.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, "4021397746516712313", rec.Body.String())
	})
}

// rejectCase is a request the Handler must refuse without calling anything.
type rejectCase struct {
	name string
	req  func(t *testing.T, hs *harness) *http.Request
	code int
	want error
}

func withQuery(t *testing.T, hs *harness, body string, sig, ts, nonce string) *http.Request {
	t.Helper()
	q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}
	return httptest.NewRequest(http.MethodPost, "/wecom?"+q.Encode(), strings.NewReader(body))
}

// signedBody returns a body with the given Encrypt values, signed over the
// first one.
func signedBody(t *testing.T, hs *harness, encrypts ...string) *http.Request {
	t.Helper()
	var b strings.Builder
	b.WriteString("<xml><ToUserName>" + testCorpID + "</ToUserName>")
	for _, e := range encrypts {
		b.WriteString("<Encrypt><![CDATA[" + e + "]]></Encrypt>")
	}
	b.WriteString("</xml>")
	ts := strconv.FormatInt(clock.Unix(), 10)
	return withQuery(t, hs, b.String(), hs.sender.Sign(ts, "n1", encrypts[0]), ts, "n1")
}

func rejectCases() []rejectCase {
	addXML := func(t *testing.T) []byte { return fixture(t, "change_external_contact__add_external_contact.xml") }
	ts := strconv.FormatInt(clock.Unix(), 10)
	return []rejectCase{
		{"wrong signature", func(t *testing.T, hs *harness) *http.Request {
			req := hs.request(t, addXML(t), "n")
			q := req.URL.Query()
			sig := []byte(q.Get("msg_signature"))
			sig[0] ^= 1
			q.Set("msg_signature", string(sig))
			req.URL.RawQuery = q.Encode()
			return req
		}, http.StatusForbidden, callback.ErrInvalidSignature},
		{"missing signature", func(t *testing.T, hs *harness) *http.Request {
			req := hs.request(t, addXML(t), "n")
			q := req.URL.Query()
			q.Del("msg_signature")
			req.URL.RawQuery = q.Encode()
			return req
		}, http.StatusForbidden, callback.ErrInvalidSignature},
		{"signature over other nonce", func(t *testing.T, hs *harness) *http.Request {
			req := hs.request(t, addXML(t), "n")
			q := req.URL.Query()
			q.Set("nonce", "m")
			req.URL.RawQuery = q.Encode()
			return req
		}, http.StatusForbidden, callback.ErrInvalidSignature},
		{"wrong signature, bad ciphertext", func(t *testing.T, hs *harness) *http.Request {
			return withQuery(t, hs, "<xml><Encrypt>!!!</Encrypt></xml>", strings.Repeat("a", 40), ts, "n")
		}, http.StatusForbidden, callback.ErrInvalidSignature},
		{"plaintext event", func(t *testing.T, hs *harness) *http.Request {
			body := string(addXML(t))
			return withQuery(t, hs, body, hs.sender.Sign(ts, "n", ""), ts, "n")
		}, http.StatusBadRequest, callback.ErrNotEncrypted},
		{"empty Encrypt", func(t *testing.T, hs *harness) *http.Request {
			return withQuery(t, hs, "<xml><Encrypt></Encrypt></xml>", hs.sender.Sign(ts, "n", ""), ts, "n")
		}, http.StatusBadRequest, callback.ErrNotEncrypted},
		{"duplicate Encrypt", func(t *testing.T, hs *harness) *http.Request {
			env, err := hs.sender.Encrypt(addXML(t), ts, "n1")
			require.NoError(t, err)
			other, err := hs.sender.Encrypt([]byte("<xml><Event>evil</Event></xml>"), ts, "n1")
			require.NoError(t, err)
			return signedBody(t, hs, env.Encrypt, other.Encrypt)
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"external entity", func(t *testing.T, hs *harness) *http.Request {
			body := `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>`
			return withQuery(t, hs, body, hs.sender.Sign(ts, "n", "&xxe;"), ts, "n")
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"billion laughs", func(t *testing.T, hs *harness) *http.Request {
			body := `<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Encrypt>&c;</Encrypt></xml>`
			return withQuery(t, hs, body, "", ts, "n")
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"undeclared entity", func(t *testing.T, hs *harness) *http.Request {
			return withQuery(t, hs, `<xml><Encrypt>&c;</Encrypt></xml>`, "", ts, "n")
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"deep nesting", func(t *testing.T, hs *harness) *http.Request {
			body := "<xml>" + strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000) + "</xml>"
			return withQuery(t, hs, body, "", ts, "n")
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"neither xml nor json", func(t *testing.T, hs *harness) *http.Request {
			return withQuery(t, hs, `encrypt=abc`, "", ts, "n")
		}, http.StatusBadRequest, callback.ErrMalformedEnvelope},
		{"json without signature", func(t *testing.T, hs *harness) *http.Request {
			return withQuery(t, hs, `{"encrypt":"abc"}`, "", ts, "n")
		}, http.StatusForbidden, callback.ErrInvalidSignature},
		{"oversized body", func(t *testing.T, hs *harness) *http.Request {
			body := "<xml><Encrypt>" + strings.Repeat("A", 2<<20) + "</Encrypt></xml>"
			return withQuery(t, hs, body, "", ts, "n")
		}, http.StatusRequestEntityTooLarge, callback.ErrBodyTooLarge},
		{"stale timestamp", func(t *testing.T, hs *harness) *http.Request {
			req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
				URL: "/wecom", Message: addXML(t), Timestamp: strconv.FormatInt(clock.Add(-6*time.Minute).Unix(), 10)})
			require.NoError(t, err)
			return req
		}, http.StatusForbidden, callback.ErrStale},
		{"future timestamp", func(t *testing.T, hs *harness) *http.Request {
			req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
				URL: "/wecom", Message: addXML(t), Timestamp: strconv.FormatInt(clock.Add(6*time.Minute).Unix(), 10)})
			require.NoError(t, err)
			return req
		}, http.StatusForbidden, callback.ErrStale},
		{"absurd timestamp", func(t *testing.T, hs *harness) *http.Request {
			req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
				URL: "/wecom", Message: addXML(t), Timestamp: "-9223372036854775808"})
			require.NoError(t, err)
			return req
		}, http.StatusForbidden, callback.ErrStale},
		{"non-numeric timestamp", func(t *testing.T, hs *harness) *http.Request {
			req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
				URL: "/wecom", Message: addXML(t), Timestamp: "now"})
			require.NoError(t, err)
			return req
		}, http.StatusForbidden, callback.ErrStale},
		{"wrong receiver id", func(t *testing.T, hs *harness) *http.Request {
			other := mustCrypto(t, testToken, testAESKey, "wwSomeOtherCorp")
			req, err := other.NewDeliveryRequest(context.Background(), &callback.Delivery{
				URL: "/wecom", Message: addXML(t), Timestamp: ts})
			require.NoError(t, err)
			return req
		}, http.StatusForbidden, callback.ErrInvalidReceiverID},
		{"signed garbage ciphertext", func(t *testing.T, hs *harness) *http.Request {
			return signedBody(t, hs, rawEncrypt(t, testAESKey, make([]byte, 64)))
		}, http.StatusBadRequest, callback.ErrInvalidPadding},
		{"signed bad base64", func(t *testing.T, hs *harness) *http.Request {
			return signedBody(t, hs, "not~base64")
		}, http.StatusBadRequest, callback.ErrMalformedCiphertext},
		{"signed non-xml event", func(t *testing.T, hs *harness) *http.Request {
			env, err := hs.sender.Encrypt([]byte("not xml at all"), ts, "n1")
			require.NoError(t, err)
			return signedBody(t, hs, env.Encrypt)
		}, http.StatusBadRequest, callback.ErrMalformedEvent},
		{"PUT", func(t *testing.T, hs *harness) *http.Request {
			req := hs.request(t, addXML(t), "n")
			req.Method = http.MethodPut
			return req
		}, http.StatusMethodNotAllowed, nil},
	}
}

func TestHandlerRejects(t *testing.T) {
	for _, tt := range rejectCases() {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, nil)
			var calls int
			hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls++; return nil })
			hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { calls++; return nil })
			var rec *httptest.ResponseRecorder
			require.NotPanics(t, func() { rec = hs.serve(tt.req(t, hs)) })
			assert.Equal(t, tt.code, rec.Code)
			assert.NotEqual(t, "success", rec.Body.String())
			assert.Zero(t, calls, "no handler may run")
			if tt.want != nil {
				assert.Contains(t, hs.logs.String(), tt.want.Error())
			}
			assertNoSecrets(t, hs.logs.String())
		})
	}
}

func TestHandlerWrongRoot(t *testing.T) {
	hs := newHarness(t, nil)
	env, err := hs.sender.Encrypt([]byte("<xml/>"), "1", "n")
	require.NoError(t, err)
	body := "<root><Encrypt>" + env.Encrypt + "</Encrypt></root>"
	rec := hs.serve(withQuery(t, hs, body, env.MsgSignature, strconv.FormatInt(clock.Unix(), 10), "n"))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}

func TestHandlerAcceptsReplyFormBody(t *testing.T) {
	hs := newHarness(t, nil)
	var got int
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { got++; return nil })
	env, err := hs.sender.Encrypt(fixture(t, "change_external_contact__add_external_contact.xml"),
		strconv.FormatInt(clock.Unix(), 10), "77")
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, "/wecom?"+env.Query().Encode(), bytes.NewReader(env.XML()))
	assertSuccess(t, hs.serve(req))
	assert.Equal(t, 1, got)
}

func TestHandlerFreshnessDisabled(t *testing.T) {
	hs := newHarness(t, func(c *callback.Config) { c.MaxClockSkew = -1 })
	var got int
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { got++; return nil })
	req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
		URL: "/wecom", Message: fixture(t, "change_external_contact__add_external_contact.xml"), Timestamp: "1403610513"})
	require.NoError(t, err)
	assertSuccess(t, hs.serve(req))
	assert.Equal(t, 1, got)
}

func TestHandlerCustomWindowAndBodyCap(t *testing.T) {
	hs := newHarness(t, func(c *callback.Config) { c.MaxClockSkew = time.Hour; c.MaxBodyBytes = 4096 })
	msg := fixture(t, "change_external_contact__add_external_contact.xml")
	req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
		URL: "/wecom", Message: msg, Timestamp: strconv.FormatInt(clock.Add(-50*time.Minute).Unix(), 10)})
	require.NoError(t, err)
	assertSuccess(t, hs.serve(req))

	big := bytes.Repeat([]byte("x"), 4096)
	rec := hs.deliver(t, append(append([]byte("<xml><Pad>"), big...), "</Pad></xml>"...))
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}
