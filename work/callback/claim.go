package callback

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds of the wait between two claims of a delivery busy elsewhere.
const (
	claimPollMin = 20 * time.Millisecond
	claimPollMax = 500 * time.Millisecond
)

// deliverClaimed handles a delivery through a store shared between
// instances. A copy being handled elsewhere is waited for (about one lease
// at most): its success answers this retry "success", its failure or its
// instance's death lets this retry claim and handle the delivery; past the
// wait the retry gets 503, so WeCom retries again later.
func (h *Handler) deliverClaimed(ctx context.Context, dc DeliveryClaimer, key string, raw *RawEvent) int {
	owner := newOwner()
	waitUntil := time.Now().Add(h.s.lease + claimPollMax)
	poll := claimPollMin
	for {
		if ctx.Err() != nil {
			return http.StatusServiceUnavailable
		}
		st, err := dc.Claim(ctx, key, owner, h.s.lease)
		if err != nil {
			// Fail open: handling an event twice beats losing it.
			h.log(ctx, slog.LevelWarn, "callback: dedupe store failed; handling delivery anyway",
				slog.String("error", err.Error()))
			return statusOf(h.dispatch(ctx, raw))
		}
		switch st {
		case ClaimHandled:
			return http.StatusOK
		case ClaimAcquired:
			return h.runClaimed(ctx, dc, key, owner, raw)
		}
		if h.testHookBusy != nil {
			h.testHookBusy()
		}
		if !time.Now().Before(waitUntil) {
			return http.StatusServiceUnavailable
		}
		// Jittered, so that retries waiting on several instances do not
		// poll the store in step.
		t := time.NewTimer(poll/2 + mrand.N(poll/2+1))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return http.StatusServiceUnavailable
		}
		poll = min(2*poll, claimPollMax)
	}
}

// runClaimed runs the user's handler while renewing the claim, then records
// the outcome: handled on success, released on failure.
func (h *Handler) runClaimed(ctx context.Context, dc DeliveryClaimer, key, owner string, raw *RawEvent) int {
	stop := h.keepClaim(ctx, dc, key, owner)
	derr := h.dispatch(ctx, raw)
	stop()
	// Record the outcome even when the request is gone, but not forever.
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), forgetTimeout)
	defer cancel()
	if derr != nil {
		if err := dc.Release(bctx, key, owner); err != nil {
			h.log(ctx, slog.LevelWarn, "callback: dedupe store failed to release a failed delivery; a retry handles it once the claim expires",
				slog.String("error", err.Error()))
		}
		return http.StatusInternalServerError
	}
	if err := dc.Complete(bctx, key, h.s.dedupeTTL); err != nil {
		h.log(ctx, slog.LevelWarn, "callback: dedupe store failed to record a handled delivery; a retry may handle it again",
			slog.String("error", err.Error()))
	}
	return http.StatusOK
}

// keepClaim renews owner's claim every third of the lease until stop is
// called, so a handler running longer than the lease keeps it.
func (h *Handler) keepClaim(ctx context.Context, dc DeliveryClaimer, key, owner string) (stop func()) {
	every := max(h.s.lease/3, time.Millisecond)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), every)
			held, err := dc.Renew(rctx, key, owner, h.s.lease)
			cancel()
			switch {
			case err != nil:
				h.log(ctx, slog.LevelWarn, "callback: dedupe store failed to renew a claim",
					slog.String("error", err.Error()))
			case !held:
				h.log(ctx, slog.LevelWarn, "callback: a delivery's claim expired while its handler ran; a retry may handle it too")
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

var ownerSeq atomic.Uint64

// newOwner returns a claim owner unique across instances: 128 random bits,
// or (should the system's randomness fail) the time and a counter.
func newOwner() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err == nil {
		return hex.EncodeToString(b[:])
	}
	return strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatUint(ownerSeq.Add(1), 36)
}
