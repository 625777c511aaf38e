package worktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	seed               int64
	members            int
	customersPerMember int
	groupChats         int
	resigned           int
	corpID, secret     string
	data               func() (*Data, error)
	clock              *Clock
	followPageSize     int
	logCap             int
	tokenTTL           time.Duration
	freshTokens        bool
	logger             *slog.Logger
	callback           *CallbackConfig // WithCallback (events.go)
}

// Defaults of the seeded data's sizes.
const (
	DefaultSeed               = 1
	DefaultMembers            = 8
	DefaultCustomersPerMember = 5
	DefaultGroupChats         = 4
	DefaultResignedMembers    = 2
	// DefaultFollowUserPageSize is WeCom's page size of follow_user in
	// externalcontact/get.
	DefaultFollowUserPageSize = 500
)

func defaultConfig() config {
	return config{
		seed:               DefaultSeed,
		members:            DefaultMembers,
		customersPerMember: DefaultCustomersPerMember,
		groupChats:         DefaultGroupChats,
		resigned:           DefaultResignedMembers,
		followPageSize:     DefaultFollowUserPageSize,
		logCap:             DefaultLogCap,
		tokenTTL:           DefaultTokenTTL,
	}
}

// WithSeed sets the seed of the generated data, the corp id and secret,
// the tokens and new ids. The same seed and sizes give the same data, byte
// for byte. Default DefaultSeed.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithMembers sets how many active members with 客户联系 enabled are
// generated (at least 1). One more active member without 客户联系 is always
// generated ("xiaoming"). Default DefaultMembers.
func WithMembers(n int) Option { return func(c *config) { c.members = max(n, 1) } }

// WithCustomersPerMember sets how many customers each generated member
// (resigned ones included) has added. About a quarter of the customers are
// shared by two or more members. Default DefaultCustomersPerMember.
func WithCustomersPerMember(n int) Option {
	return func(c *config) { c.customersPerMember = max(n, 0) }
}

// WithGroupChats sets how many customer group chats are generated. When
// there are resigned members, the last chat belongs to one of them
// (status 1, 跟进人离职). Default DefaultGroupChats.
func WithGroupChats(n int) Option { return func(c *config) { c.groupChats = max(n, 0) } }

// WithResignedMembers sets how many resigned members (离职成员) are
// generated; their customers are unassigned (待分配). Default
// DefaultResignedMembers.
func WithResignedMembers(n int) Option { return func(c *config) { c.resigned = max(n, 0) } }

// WithCorp sets the corp id and secret gettoken accepts, instead of ones
// derived from the seed.
func WithCorp(corpID, secret string) Option {
	return func(c *config) { c.corpID, c.secret = corpID, secret }
}

// WithFixture loads the state from a JSON file holding a Data value instead
// of generating it (the sizes options are then ignored). Unknown fields
// and dangling references are errors, reported by New (NewServer panics).
func WithFixture(path string) Option {
	return func(c *config) {
		c.data = func() (*Data, error) {
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("worktest: fixture: %w", err)
			}
			d, err := decodeData(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("worktest: fixture %s: %w", path, err)
			}
			return d, nil
		}
	}
}

// WithFixtureReader is WithFixture reading the JSON from r (read by New).
func WithFixtureReader(r io.Reader) Option {
	return func(c *config) {
		c.data = func() (*Data, error) {
			d, err := decodeData(r)
			if err != nil {
				return nil, fmt.Errorf("worktest: fixture: %w", err)
			}
			return d, nil
		}
	}
}

// WithData sets the state from d (deep-copied) instead of generating it.
func WithData(d *Data) Option {
	return func(c *config) { c.data = func() (*Data, error) { return d, nil } }
}

func decodeData(r io.Reader) (*Data, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d Data
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	return &d, nil
}

// WithClock sets the simulator clock (default: NewClock(DefaultStart), a
// frozen clock). Use NewWallClock for a simulator that runs in real time.
func WithClock(c *Clock) Option { return func(cfg *config) { cfg.clock = c } }

// WithFollowUserPageSize sets how many follow_user entries one
// externalcontact/get page holds (WeCom: 500), so that tests can page with
// small data.
func WithFollowUserPageSize(n int) Option {
	return func(c *config) { c.followPageSize = max(n, 1) }
}

// WithLogCap sets how many requests the request log keeps (default
// DefaultLogCap; n <= 0 keeps the default); older ones are dropped.
func WithLogCap(n int) Option { return func(c *config) { c.logCap = n } }

// WithTokenTTL sets the lifetime of access tokens (default 7200 s).
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.tokenTTL = d
		}
	}
}

// WithFreshTokens makes every gettoken issue a new token. By default, as
// WeCom does, gettoken returns the current token while it is valid.
func WithFreshTokens() Option { return func(c *config) { c.freshTokens = true } }

// WithLogger logs one line per request (method, path, errcode, fault) at
// debug level, and handler failures at error level. Nil means silent. No
// line carries a query string, a token or a secret.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }
