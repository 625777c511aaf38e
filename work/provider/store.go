package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"sync"

	"github.com/wecomkit/wecom/work/core"
)

// Authorization is what a suite keeps of one corp's authorisation: above
// all its permanent code (永久授权码), which WeCom hands out once, at
// authorisation, and never again. It prints (fmt, slog) with the permanent
// code redacted; encoding/json writes it whole, for your database.
type Authorization struct {
	// CorpID is the authorising corp (auth_corpid).
	CorpID string `json:"corpid"`
	// CorpName is its name, as WeCom gave it at authorisation.
	CorpName string `json:"corp_name,omitempty"`
	// PermanentCode is the permanent code. For a 代开发 template it is also
	// the secret of the corp's 代开发 app. It is a credential.
	PermanentCode string `json:"permanent_code"`
	// AgentID is the suite's agent id in the corp (auth_info.agent[0]),
	// when known.
	AgentID int64 `json:"agentid,omitempty"`
	// State is the state of the install link, if any.
	State string `json:"state,omitempty"`
}

// String prints the authorisation with the permanent code redacted.
func (a Authorization) String() string {
	return "provider.Authorization{CorpID:" + strconv.Quote(a.CorpID) + ", CorpName:" + strconv.Quote(a.CorpName) +
		", PermanentCode:" + strconv.Quote(core.Redact(a.PermanentCode)) + ", AgentID:" + strconv.FormatInt(a.AgentID, 10) + "}"
}

// GoString implements fmt.GoStringer with the permanent code redacted.
func (a Authorization) GoString() string { return a.String() }

// Format implements fmt.Formatter: every verb prints String.
func (a Authorization) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, a.String(), a.GoString())
}

// LogValue implements slog.LogValuer with the permanent code redacted.
func (a Authorization) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("corp_id", a.CorpID),
		slog.String("corp_name", a.CorpName),
		slog.String("permanent_code", core.Redact(a.PermanentCode)),
		slog.Int64("agent_id", a.AgentID),
	)
}

// PermanentCodeStore keeps the authorisations of a suite's corps: your
// database. A permanent code is given once, when the corp authorises the
// suite (create_auth) or when it is reset (reset_permanent_code); lose it
// and the corp must authorise again. Every instance of a service reads the
// same store, so an authorisation received by one serves them all.
//
// Implementations must be safe for concurrent use and honour ctx.
type PermanentCodeStore interface {
	// Get returns the authorisation of corpID for suiteID; ok is false
	// when there is none.
	Get(ctx context.Context, suiteID, corpID string) (auth Authorization, ok bool, err error)
	// Put stores (or replaces) auth for suiteID.
	Put(ctx context.Context, suiteID string, auth Authorization) error
	// Delete removes the authorisation of corpID for suiteID; deleting a
	// missing one is not an error.
	Delete(ctx context.Context, suiteID, corpID string) error
}

// MemoryPermanentCodeStore is a PermanentCodeStore in this process's memory:
// for tests and single-instance tools. A restart loses every permanent
// code, so a real service uses its database. Safe for concurrent use.
type MemoryPermanentCodeStore struct {
	mu sync.RWMutex
	m  map[storeKey]Authorization
}

type storeKey struct{ suite, corp string }

// NewMemoryPermanentCodeStore returns an empty store.
func NewMemoryPermanentCodeStore() *MemoryPermanentCodeStore {
	return &MemoryPermanentCodeStore{m: make(map[storeKey]Authorization)}
}

// Get implements PermanentCodeStore.
func (s *MemoryPermanentCodeStore) Get(_ context.Context, suiteID, corpID string) (Authorization, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.m[storeKey{suiteID, corpID}]
	return a, ok, nil
}

// Put implements PermanentCodeStore.
func (s *MemoryPermanentCodeStore) Put(_ context.Context, suiteID string, auth Authorization) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[storeKey{suiteID, auth.CorpID}] = auth
	return nil
}

// Delete implements PermanentCodeStore.
func (s *MemoryPermanentCodeStore) Delete(_ context.Context, suiteID, corpID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, storeKey{suiteID, corpID})
	return nil
}

// Len returns the number of authorisations held.
func (s *MemoryPermanentCodeStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

// String prints the number of authorisations, never a permanent code.
func (s *MemoryPermanentCodeStore) String() string {
	return "provider.MemoryPermanentCodeStore{Authorizations:" + strconv.Itoa(s.Len()) + "}"
}

// GoString implements fmt.GoStringer without permanent codes.
func (s *MemoryPermanentCodeStore) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *MemoryPermanentCodeStore) Format(f fmt.State, verb rune) {
	core.FormatRedacted(f, verb, s.String(), s.GoString())
}

// MarshalJSON writes the count only.
func (s *MemoryPermanentCodeStore) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct{ Authorizations int }{s.Len()})
}
