package callback

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults used when the corresponding Config field is zero.
const (
	// DefaultMaxBodyBytes caps the POST body: 1 MiB.
	DefaultMaxBodyBytes int64 = 1 << 20
	// DefaultMaxClockSkew is how far a delivery's timestamp may be from the
	// local clock, either way.
	DefaultMaxClockSkew = 5 * time.Minute
	// DefaultDedupeTTL is how long a handled delivery is remembered when the
	// freshness check is disabled; otherwise the TTL is twice MaxClockSkew,
	// which covers every timestamp the check lets through.
	DefaultDedupeTTL = 10 * time.Minute
	// DefaultDedupeLease is how long a DeliveryClaimer's claim lasts
	// without renewal.
	DefaultDedupeLease = 5 * time.Second
)

// Config configures a Handler. Token, EncodingAESKey and ReceiverIDs are
// required; every other field has a documented default. Config values print
// redacted (String, GoString, LogValue and MarshalJSON never show the Token or
// the key).
type Config struct {
	// Token is the callback Token from the admin console (接收消息服务器配置).
	Token string
	// EncodingAESKey is the 43-character EncodingAESKey from the console.
	EncodingAESKey string
	// ReceiverIDs lists the receiver ids a delivery may be encrypted for:
	// the corp id (企业ID) for a self-built app; for a third-party suite, the
	// suite id (instruction callbacks) and/or the authorizing corp ids. A
	// delivery for any other id is rejected with ErrInvalidReceiverID.
	ReceiverIDs []string

	// MaxBodyBytes caps the request body. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxClockSkew is the freshness window: a timestamp further than this
	// from Now, in either direction, is rejected with ErrStale. Zero means
	// DefaultMaxClockSkew; a negative value disables the check.
	MaxClockSkew time.Duration
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time

	// Dedupe remembers handled deliveries so a WeCom retry is answered
	// "success" without calling the handler again. Nil means a private
	// NewMemoryDedupe(DefaultDedupeEntries); share a store (e.g. Redis)
	// between instances.
	Dedupe DedupeStore
	// DedupeTTL is how long a delivery is remembered. Zero means twice
	// MaxClockSkew (DefaultDedupeTTL when the freshness check is disabled);
	// a negative value disables deduplication.
	DedupeTTL time.Duration
	// DedupeLease applies when Dedupe is a DeliveryClaimer (shared between
	// instances): a claim on a delivery lasts this long and is renewed every
	// third of it while the handler runs, so a delivery whose instance died
	// is handled by a retry at most this long after. A retry that finds the
	// delivery claimed elsewhere waits for its outcome up to about this long,
	// then answers 503 so that WeCom retries later. Zero means
	// DefaultDedupeLease.
	DedupeLease time.Duration

	// Logger receives one line per rejected delivery, handler error or
	// panic. Lines never hold the Token or the key, and of the decrypted
	// content only the event and change type. Nil means no logging.
	Logger *slog.Logger
}

// String implements fmt.Stringer without revealing the Token or the key.
func (c Config) String() string {
	return fmt.Sprintf("callback.Config{Token:%q, EncodingAESKey:%q, ReceiverIDs:[%s], MaxBodyBytes:%d, MaxClockSkew:%s, DedupeTTL:%s}",
		redact(c.Token), redact(c.EncodingAESKey), strings.Join(c.ReceiverIDs, " "),
		c.MaxBodyBytes, c.MaxClockSkew, c.DedupeTTL)
}

// GoString implements fmt.GoStringer without revealing the Token or the key.
func (c Config) GoString() string { return c.String() }

// LogValue implements slog.LogValuer without revealing the Token or the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("token", redact(c.Token)),
		slog.String("encoding_aes_key", redact(c.EncodingAESKey)),
		slog.Any("receiver_ids", c.ReceiverIDs),
		slog.Int64("max_body_bytes", c.MaxBodyBytes),
		slog.Duration("max_clock_skew", c.MaxClockSkew),
		slog.Duration("dedupe_ttl", c.DedupeTTL),
	)
}

// MarshalJSON writes the Config without the Token or the key, so that
// dumping a Config as JSON cannot leak them either.
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Token, EncodingAESKey string
		ReceiverIDs           []string
	}{redact(c.Token), redact(c.EncodingAESKey), c.ReceiverIDs})
}

// redact stands for a secret: empty when it is empty, REDACTED otherwise.
func redact(secret string) string {
	if secret == "" {
		return ""
	}
	return "REDACTED"
}

// settings is a validated Config with its defaults applied.
type settings struct {
	crypto    *Crypto
	maxBody   int64
	maxSkew   time.Duration // <0: no freshness check
	now       func() time.Time
	dedupe    DedupeStore // nil: no deduplication
	dedupeTTL time.Duration
	lease     time.Duration // of a DeliveryClaimer's claim
	logger    *slog.Logger
}

func (c *Config) settings() (*settings, error) {
	cr, err := NewCrypto(c.Token, c.EncodingAESKey, c.ReceiverIDs...)
	if err != nil {
		return nil, err
	}
	s := &settings{
		crypto:    cr,
		maxBody:   c.MaxBodyBytes,
		maxSkew:   c.MaxClockSkew,
		now:       c.Now,
		dedupe:    c.Dedupe,
		dedupeTTL: c.DedupeTTL,
		lease:     c.DedupeLease,
		logger:    c.Logger,
	}
	switch {
	case s.maxBody == 0:
		s.maxBody = DefaultMaxBodyBytes
	case s.maxBody < 0:
		return nil, fmt.Errorf("%w: negative MaxBodyBytes", ErrInvalidConfig)
	}
	if s.maxSkew == 0 {
		s.maxSkew = DefaultMaxClockSkew
	}
	if s.now == nil {
		s.now = time.Now
	}
	switch {
	case s.dedupeTTL < 0:
		s.dedupe = nil
	case s.dedupeTTL == 0 && s.maxSkew > 0:
		s.dedupeTTL = 2 * s.maxSkew
	case s.dedupeTTL == 0:
		s.dedupeTTL = DefaultDedupeTTL
	}
	switch {
	case s.lease == 0:
		s.lease = DefaultDedupeLease
	case s.lease < 0:
		return nil, fmt.Errorf("%w: negative DedupeLease", ErrInvalidConfig)
	}
	if s.dedupeTTL > 0 && s.dedupe == nil {
		s.dedupe = NewMemoryDedupe(DefaultDedupeEntries)
	}
	return s, nil
}
