package worktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// Delivery rules: retries, failures, timestamps (events.go).

func TestDeliveryRetries(t *testing.T) {
	ctx := context.Background()

	t.Run("lost acknowledgement: the retry is deduped", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc)
		rc.lostAck = 1
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		require.NoError(t, err)
		adds, _, posts := rc.snapshot()
		assert.Len(t, adds, 1, "handled once")
		require.Len(t, posts, 2, "retried once")
		assert.Equal(t, posts[0], posts[1], "same msg_signature, timestamp and nonce")
	})

	t.Run("failing function: the retry is handled afresh", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc)
		rc.failFn = 2
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		require.NoError(t, err)
		adds, _, posts := rc.snapshot()
		assert.Len(t, adds, 1)
		assert.Len(t, posts, 3)
	})

	t.Run("failing for good: a DeliveryError, the state changed", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc)
		rc.failFn = 100
		added, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		var de *DeliveryError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "delivery", de.Op)
		assert.Equal(t, 1+DefaultCallbackRetries, de.Attempts)
		assert.Equal(t, http.StatusInternalServerError, de.StatusCode)
		assert.Equal(t, rc.srv.URL+"/wecom/callback", de.URL)
		assert.Contains(t, de.Error(), "after 4 attempt(s): HTTP 500")
		require.NotNil(t, added)
		assert.NotNil(t, cbRelation(s, "zhangsan", added.ExternalUserID))
		assert.True(t, s.WelcomeCodeValid(added.WelcomeCode))
	})

	t.Run("Retries -1: one attempt", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc, func(c *CallbackConfig) { c.Retries = -1 })
		rc.failFn = 100
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		var de *DeliveryError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, 1, de.Attempts)
	})

	t.Run("a body other than success fails", func(t *testing.T) {
		s := start(t)
		var n int
		var mu sync.Mutex
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			mu.Unlock()
			_, _ = w.Write([]byte("fail"))
		}))
		t.Cleanup(srv.Close)
		require.NoError(t, s.SetCallback(CallbackConfig{URL: srv.URL, Token: cbToken, EncodingAESKey: cbAESKey, Retries: 1, RetryDelay: time.Millisecond}))
		err := s.DeliverEvent(ctx, "<xml><Event>x</Event></xml>")
		var de *DeliveryError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, http.StatusOK, de.StatusCode)
		assert.Equal(t, "fail", de.Body)
		assert.Equal(t, 2, n)
	})

	t.Run("an empty 200 succeeds", func(t *testing.T) {
		s := start(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		t.Cleanup(srv.Close)
		require.NoError(t, s.SetCallback(CallbackConfig{URL: srv.URL, Token: cbToken, EncodingAESKey: cbAESKey}))
		assert.NoError(t, s.DeliverEvent(ctx, "<xml/>"))
	})

	t.Run("the context ends the retries", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc, func(c *CallbackConfig) { c.RetryDelay = time.Hour })
		rc.failFn = 100
		cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		_, err := s.AddContact(cctx, AddContact{UserID: "zhangsan"})
		var de *DeliveryError
		require.ErrorAs(t, err, &de)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1, de.Attempts)
	})

	t.Run("no answer at all", func(t *testing.T) {
		s := start(t)
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		require.NoError(t, s.SetCallback(CallbackConfig{URL: url, Token: cbToken, EncodingAESKey: cbAESKey, Retries: 1, RetryDelay: time.Millisecond}))
		err := s.DeliverEvent(ctx, "<xml/>")
		var de *DeliveryError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, 0, de.StatusCode)
		assert.Error(t, de.Err)
		assert.Equal(t, 2, de.Attempts)
	})
}

func TestDeliveryToMisconfiguredReceiver(t *testing.T) {
	s := start(t)
	for name, opt := range map[string]cbRcvOpt{
		"wrong token":       func(c *callback.Config) { c.Token = "notTheToken" },
		"wrong AES key":     func(c *callback.Config) { c.EncodingAESKey = cbOther },
		"wrong receiver id": func(c *callback.Config) { c.ReceiverIDs = []string{"wwSOMEOTHERCORP"} },
	} {
		t.Run(name, func(t *testing.T) {
			rc := newCBReceiver(t, s.CorpID, opt)
			connectCB(t, s, rc)
			_, err := s.AddContact(context.Background(), AddContact{UserID: "zhangsan"})
			var de *DeliveryError
			require.ErrorAs(t, err, &de)
			assert.Contains(t, []int{http.StatusBadRequest, http.StatusForbidden}, de.StatusCode)
			assert.Equal(t, 1+DefaultCallbackRetries, de.Attempts)
			adds, events, _ := rc.snapshot()
			assert.Empty(t, adds)
			assert.Empty(t, events)
		})
	}
}

func TestDeliveryTimestamps(t *testing.T) {
	ctx := context.Background()
	t.Run("real time by default", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc)
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		require.NoError(t, err)
		adds, _, posts := rc.snapshot()
		require.Len(t, posts, 1)
		q, err := url.ParseQuery(posts[0])
		require.NoError(t, err)
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		require.NoError(t, err)
		assert.InDelta(t, time.Now().Unix(), ts, 60)
		assert.Equal(t, DefaultStart.Unix(), adds[0].CreateTime, "the event time is the simulator's")
	})
	t.Run("simulator clock on both sides", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID, func(c *callback.Config) { c.Now = s.Clock().Now })
		connectCB(t, s, rc, func(c *CallbackConfig) { c.Now = s.Clock().Now })
		require.NoError(t, s.VerifyCallbackURL(ctx))
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		require.NoError(t, err)
	})
	t.Run("simulator clock, receiver on real time: stale", func(t *testing.T) {
		s := start(t)
		rc := newCBReceiver(t, s.CorpID)
		connectCB(t, s, rc, func(c *CallbackConfig) { c.Now = s.Clock().Now; c.Retries = -1 })
		var de *DeliveryError
		require.ErrorAs(t, s.VerifyCallbackURL(ctx), &de)
		assert.Equal(t, http.StatusForbidden, de.StatusCode)
		_, err := s.AddContact(ctx, AddContact{UserID: "zhangsan"})
		require.ErrorAs(t, err, &de)
		assert.Equal(t, http.StatusForbidden, de.StatusCode)
	})
}
