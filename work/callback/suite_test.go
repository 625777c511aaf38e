package callback_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// suiteFixtures maps each instruction callback (指令回调) fixture to its
// typed event.
var suiteFixtures = []struct {
	file string
	want callback.Event
}{
	{"suite_ticket.xml", &callback.SuiteTicketEvent{
		Header:      callback.Header{SuiteID: testSuite, InfoType: callback.EventSuiteTicket, TimeStamp: 1718000100},
		SuiteTicket: "kJ8p1mVq6sZr0YtW3eXc5bNa7dLf9gHu2iOoPk4QlRy"}},
	{"create_auth.xml", &callback.CreateAuthEvent{
		Header:   callback.Header{SuiteID: testSuite, InfoType: callback.EventCreateAuth, TimeStamp: 1718000200},
		AuthCode: "A3tZ9qLm0cVb7nXs2dRf5gHj8kWp1yUe4iOo6aSd", State: "expo-2024"}},
	{"change_auth.xml", &callback.ChangeAuthEvent{
		Header: callback.Header{SuiteID: testSuite, AuthCorpID: testCorpID, InfoType: callback.EventChangeAuth, TimeStamp: 1718000300},
		State:  "expo-2024"}},
	{"cancel_auth.xml", &callback.CancelAuthEvent{
		Header: callback.Header{SuiteID: testSuite, AuthCorpID: testCorpID, InfoType: callback.EventCancelAuth, TimeStamp: 1718000400}}},
	{"reset_permanent_code.xml", &callback.ResetPermanentCodeEvent{
		Header:   callback.Header{SuiteID: testSuite, InfoType: callback.EventResetPermanentCode, TimeStamp: 1718000500},
		AuthCode: "R7yHn2bVc5xZ8lKj1mQw4eRt6uIo9pAs0dFg3hJk"}},
}

func TestParseSuiteEvents(t *testing.T) {
	for _, tt := range suiteFixtures {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := callback.ParseEvent(fixture(t, tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, raw.Typed)
			assert.Equal(t, testSuite, raw.SuiteID)
		})
	}
}

// suiteHarness receives instruction callbacks for testSuite and data
// callbacks for testCorpID at one URL, as a provider's 指令回调 URL does.
func suiteHarness(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, func(c *callback.Config) { c.ReceiverIDs = []string{testSuite, testCorpID} })
	hs.sender = mustCrypto(t, testToken, testAESKey, testSuite)
	return hs
}

func TestHandlerDeliversSuiteEvents(t *testing.T) {
	hs := suiteHarness(t)
	var got []callback.Event
	rec := func(e callback.Event) error { got = append(got, e); return nil }
	hs.h.OnSuiteTicket(func(_ context.Context, e *callback.SuiteTicketEvent) error { return rec(e) })
	hs.h.OnCreateAuth(func(_ context.Context, e *callback.CreateAuthEvent) error { return rec(e) })
	hs.h.OnChangeAuth(func(_ context.Context, e *callback.ChangeAuthEvent) error { return rec(e) })
	hs.h.OnCancelAuth(func(_ context.Context, e *callback.CancelAuthEvent) error { return rec(e) })
	hs.h.OnResetPermanentCode(func(_ context.Context, e *callback.ResetPermanentCodeEvent) error { return rec(e) })
	hs.h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { return rec(e) })
	for _, tt := range suiteFixtures {
		assertSuccess(t, hs.deliver(t, fixture(t, tt.file)))
	}
	require.Len(t, got, len(suiteFixtures))
	for i, tt := range suiteFixtures {
		assert.Equal(t, tt.want, got[i], tt.file)
	}
}

// TestSuiteInstructionMustBeSealedForItsSuite: the receiver-id check of an
// instruction callback takes the suite id it names. A suite_ticket sealed
// for a corp id (a receiver this Handler accepts for data callbacks) is
// refused, and so is one naming another suite.
func TestSuiteInstructionMustBeSealedForItsSuite(t *testing.T) {
	hs := suiteHarness(t)
	calls := 0
	hs.h.OnSuiteTicket(func(context.Context, *callback.SuiteTicketEvent) error { calls++; return nil })
	hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { calls++; return nil })

	hs.sender = mustCrypto(t, testToken, testAESKey, testCorpID)
	rec := hs.deliver(t, fixture(t, "suite_ticket.xml"))
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, hs.logs.String(), callback.ErrInvalidReceiverID.Error())

	hs.sender = mustCrypto(t, testToken, testAESKey, testSuite)
	other := strings.Replace(string(fixture(t, "suite_ticket.xml")), testSuite, "wwsuiteOTHER0000000", 1)
	assert.Equal(t, http.StatusForbidden, hs.deliver(t, []byte(other)).Code)
	assert.Zero(t, calls)

	// The suite's customer-contact events are not instructions: they keep
	// the plain receiver-id check.
	hs.sender = mustCrypto(t, testToken, testAESKey, testCorpID)
	assertSuccess(t, hs.deliver(t, fixture(t, "change_external_contact__add_external_contact.suite.xml")))
	assert.Equal(t, 1, calls)
}

func TestHandlerJSONDelivery(t *testing.T) {
	hs := newHarness(t, nil)
	var got *callback.AddExternalContactEvent
	var raw *callback.RawEvent
	hs.h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error { got = e; return nil })
	hs.h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { raw = e; return nil })
	msg := fixture(t, "change_external_contact__add_external_contact.json")
	req, err := hs.sender.NewDeliveryRequest(context.Background(), &callback.Delivery{
		URL: "/wecom", Message: msg, AgentID: "1000002", JSON: true,
		Timestamp: strconv.FormatInt(clock.Unix(), 10)})
	require.NoError(t, err)
	assert.Equal(t, "application/json; charset=utf-8", req.Header.Get("Content-Type"))
	assertSuccess(t, hs.serve(req))
	require.NotNil(t, got)
	assert.Equal(t, &callback.AddExternalContactEvent{
		Header: callback.Header{SuiteID: testSuite, AuthCorpID: testCorpID, InfoType: callback.EventChangeExternalContact,
			TimeStamp: 1718000600, ChangeType: callback.ChangeAddExternalContact},
		UserID: "lilei", ExternalUserID: "wmOgQhDgAAuXFJGwbve4g4iQknfOAAAA", State: "expo-2024",
		WelcomeCode: "WtZr8qLm0cVb7nXs2dRf5gHj8kWp1yUe4iOo6aSdQ"}, got)
	assert.Nil(t, raw)

	// A retry of the same JSON delivery is deduplicated like an XML one.
	got = nil
	assertSuccess(t, hs.serve(cloneRequest(t, req)))
	assert.Nil(t, got)
}

// TestHandlerJSONKnownAnswer delivers the official JSON sample (S1) as the
// official json_callback sample posts it.
func TestHandlerJSONKnownAnswer(t *testing.T) {
	h, err := callback.New(callback.Config{Token: s1Token, EncodingAESKey: s1AESKey,
		ReceiverIDs: []string{s1Receiver}, MaxClockSkew: -1})
	require.NoError(t, err)
	var raw *callback.RawEvent
	h.OnEvent(func(_ context.Context, e *callback.RawEvent) error { raw = e; return nil })
	body := `{"tousername":"wx5823bf96d3bd56c7","encrypt":"` + s1JSONCT + `","agentid":"218"}`
	q := url.Values{"msg_signature": {"0623cbc5a8cbee5bcc137c70de99575366fc2af3"},
		"timestamp": {"1409659813"}, "nonce": {"1372623149"}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/cb?"+q.Encode(), strings.NewReader(body)))
	assertSuccess(t, rec)
	require.NotNil(t, raw)
	assert.True(t, raw.JSON)
	assert.Equal(t, s1JSONMsg, string(raw.XML))
	assert.Equal(t, "wx5823bf96d3bd56c7", raw.ToUserName)
	assert.Equal(t, "text", raw.MsgType)
	assert.Equal(t, int64(1409659813), raw.CreateTime)
	assert.Equal(t, "218", raw.AgentID)
	assert.Nil(t, raw.Typed)
}

func TestHandlerRejectsBadJSON(t *testing.T) {
	ts := strconv.FormatInt(clock.Unix(), 10)
	deep := `{"encrypt":"x","a":` + strings.Repeat(`[`, 20) + strings.Repeat(`]`, 20) + `}`
	for _, tt := range []struct {
		name, body string
		want       error
	}{
		{"two encrypt members", `{"encrypt":"a","Encrypt":"b"}`, callback.ErrMalformedEnvelope},
		{"no encrypt", `{"tousername":"ww"}`, callback.ErrNotEncrypted},
		{"empty encrypt", `{"encrypt":""}`, callback.ErrNotEncrypted},
		{"too deep", deep, callback.ErrMalformedEnvelope},
		{"trailing data", `{"encrypt":"a"}{"encrypt":"b"}`, callback.ErrMalformedEnvelope},
		{"broken", `{"encrypt":"a",`, callback.ErrMalformedEnvelope},
		{"array root", `["encrypt"]`, callback.ErrMalformedEnvelope},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, nil)
			calls := 0
			hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { calls++; return nil })
			rec := hs.serve(withQuery(t, hs, tt.body, hs.sender.Sign(ts, "n1", "a"), ts, "n1"))
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Contains(t, hs.logs.String(), tt.want.Error())
			assert.Zero(t, calls)
		})
	}
}

func TestParseJSONEventShapes(t *testing.T) {
	raw, err := callback.ParseEvent([]byte(`{"SuiteId":"s","AuthCorpId":"c","InfoType":"change_external_chat","TimeStamp":1403610513,
		"ChatId":"CHAT","ChangeType":"update","UpdateDetail":"add_member","JoinScene":1,"MemChangeCnt":2,
		"MemChangeList":["Jack","Rose"],"Extra":{"Nested":true,"Nothing":null}}`))
	require.NoError(t, err)
	assert.True(t, raw.JSON)
	ev, ok := raw.Typed.(*callback.ExternalChatUpdateEvent)
	require.True(t, ok)
	assert.Equal(t, []string{"Jack", "Rose"}, ev.MemChangeList)
	assert.Equal(t, callback.JoinByLink, ev.JoinScene)
	assert.Equal(t, 2, ev.MemChangeCnt)

	// The XML-like nesting {"MemChangeList":{"Item":[…]}} reads the same.
	raw, err = callback.ParseEvent([]byte(`{"Event":"change_external_chat","ChangeType":"update","MemChangeList":{"Item":["Jack"]}}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"Jack"}, raw.Typed.(*callback.ExternalChatUpdateEvent).MemChangeList)

	_, err = callback.ParseEvent([]byte(`{"Event":"x"} trailing`))
	require.ErrorIs(t, err, callback.ErrMalformedEvent)
	_, err = callback.ParseEvent([]byte(`{"Event":"\u00`))
	require.ErrorIs(t, err, callback.ErrMalformedEvent)
	assert.NotContains(t, err.Error(), "Event")
}

// TestHandlerQueryIsStrict: WeCom sends msg_signature, timestamp and nonce
// once each (and echostr once on GET). A repeated one, or a missing nonce,
// is refused with 400 before anything else, even when the first values
// would verify.
func TestHandlerQueryIsStrict(t *testing.T) {
	hs := newHarness(t, nil)
	calls := 0
	hs.h.OnEvent(func(context.Context, *callback.RawEvent) error { calls++; return nil })
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { calls++; return nil })

	for _, name := range []string{"msg_signature", "timestamp", "nonce"} {
		t.Run("POST twice "+name, func(t *testing.T) {
			req := hs.request(t, addXML(t), "n-"+name)
			q := req.URL.Query()
			q.Add(name, "other")
			req.URL.RawQuery = q.Encode()
			rec := hs.serve(req)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Contains(t, hs.logs.String(), name+" given 2 times")
		})
	}
	t.Run("POST without nonce", func(t *testing.T) {
		ts := strconv.FormatInt(clock.Unix(), 10)
		env, err := hs.sender.Encrypt(addXML(t), ts, "n0")
		require.NoError(t, err)
		// Signed as if the nonce were empty, which WeCom never does.
		q := url.Values{"msg_signature": {hs.sender.Sign(ts, "", env.Encrypt)}, "timestamp": {ts}}
		rec := hs.serve(httptest.NewRequest(http.MethodPost, "/wecom?"+q.Encode(),
			strings.NewReader(string(env.DeliveryBody(testCorpID, "")))))
		assert.Equal(t, http.StatusBadRequest, rec.Code)
		assert.Contains(t, hs.logs.String(), "missing nonce")
	})
	assert.Zero(t, calls)

	for _, name := range []string{"msg_signature", "timestamp", "nonce", "echostr"} {
		t.Run("GET twice "+name, func(t *testing.T) {
			req, err := hs.sender.NewVerifyURLRequest(context.Background(), "http://cb.example/wecom", "echo-1")
			require.NoError(t, err)
			q := req.URL.Query()
			q.Add(name, q.Get(name))
			req.URL.RawQuery = q.Encode()
			h2 := newHarness(t, func(c *callback.Config) { c.MaxClockSkew = -1 })
			rec := h2.serve(req)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.NotContains(t, rec.Body.String(), "echo-1")
		})
	}
	t.Run("GET without nonce", func(t *testing.T) {
		req, err := hs.sender.NewVerifyURLRequest(context.Background(), "http://cb.example/wecom", "echo-1")
		require.NoError(t, err)
		q := req.URL.Query()
		q.Del("nonce")
		req.URL.RawQuery = q.Encode()
		assert.Equal(t, http.StatusBadRequest, newHarness(t, func(c *callback.Config) { c.MaxClockSkew = -1 }).serve(req).Code)
	})
}

func cloneRequest(t *testing.T, req *http.Request) *http.Request {
	t.Helper()
	r2 := req.Clone(context.Background())
	body, err := req.GetBody()
	require.NoError(t, err)
	r2.Body = body
	return r2
}

func addXML(t *testing.T) []byte {
	return fixture(t, "change_external_contact__add_external_contact.xml")
}
