package provider

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// TicketTTL is how long a suite_ticket is valid after WeCom pushed it (30
// minutes; WeCom pushes a new one every 10).
const TicketTTL = 30 * time.Minute

// ticketStore keeps a suite's latest suite_ticket in the shared cache, so
// that the instance that received the push and every other one use it.
// The last ticket this process saw is kept too, and serves when the cache
// fails.
type ticketStore struct {
	cache  core.Cache
	key    string
	now    func() time.Time
	logger *slog.Logger
	last   atomic.Pointer[ticket]
}

type ticket struct {
	value string
	at    time.Time // when WeCom pushed it
}

func (t *ticket) validAt(now time.Time) bool { return t != nil && now.Before(t.at.Add(TicketTTL)) }

// encode stores the push time (unix milliseconds) beside the ticket.
func (t *ticket) encode() string {
	return "v1|" + strconv.FormatInt(t.at.UnixMilli(), 10) + "|" + t.value
}

func decodeTicket(raw string) (*ticket, bool) {
	parts := strings.SplitN(raw, "|", 3)
	if len(parts) != 3 || parts[0] != "v1" || parts[2] == "" {
		return nil, false
	}
	ms, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, false
	}
	return &ticket{value: parts[2], at: time.UnixMilli(ms)}, true
}

// set stores value, pushed at at, unless a newer ticket is stored already
// (deliveries can arrive out of order, and WeCom retries them).
func (s *ticketStore) set(ctx context.Context, value string, at time.Time) error {
	now := s.now()
	if at.IsZero() || at.After(now) {
		at = now
	}
	t := &ticket{value: value, at: at}
	if !t.validAt(now) {
		return nil // too old to be of use
	}
	if cur := s.fromCache(ctx); cur != nil && cur.at.After(at) {
		s.remember(cur)
		return nil
	}
	s.remember(t)
	if err := s.cache.Set(ctx, s.key, t.encode(), at.Add(TicketTTL).Sub(now)); err != nil {
		return fmt.Errorf("wecom: storing suite_ticket: %w", err)
	}
	return nil
}

// get returns the newest valid ticket from the cache or this process.
func (s *ticketStore) get(ctx context.Context) (*ticket, bool) {
	now := s.now()
	t := s.fromCache(ctx)
	if l := s.last.Load(); l != nil && (t == nil || l.at.After(t.at)) {
		t = l
	}
	if !t.validAt(now) {
		return nil, false
	}
	return t, true
}

func (s *ticketStore) fromCache(ctx context.Context) *ticket {
	raw, ok, err := s.cache.Get(ctx, s.key)
	if err != nil {
		if s.logger != nil {
			s.logger.LogAttrs(ctx, slog.LevelWarn, "wecom: suite_ticket cache get failed", slog.String("error", err.Error()))
		}
		return nil
	}
	if !ok {
		return nil
	}
	t, _ := decodeTicket(raw)
	return t
}

// remember keeps t as this process's last ticket unless a newer one is
// kept already (at the same push time, the later call wins).
func (s *ticketStore) remember(t *ticket) {
	for {
		l := s.last.Load()
		if l != nil && l.at.After(t.at) {
			return
		}
		if s.last.CompareAndSwap(l, t) {
			return
		}
	}
}
