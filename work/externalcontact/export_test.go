package externalcontact_test

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

const batchPath = "externalcontact/batch/get_by_user"

// exportSim is a simulator with 30 members of 40 customers each (1,200
// relations, about a quarter of the customers shared).
func exportSim(t *testing.T, opts ...worktest.Option) (*externalcontact.Client, *worktest.Server) {
	t.Helper()
	app, s := worktest.NewApp(t, append([]worktest.Option{worktest.WithMembers(30), worktest.WithCustomersPerMember(40)}, opts...)...)
	return app.ExternalContact(), s
}

// wantPairs returns "userid/external_userid" of every relation of an
// active member with 客户联系, sorted.
func wantPairs(s *worktest.Server) []string {
	d := s.Snapshot()
	active := map[string]bool{}
	for _, m := range d.Members {
		active[m.UserID] = m.ExternalContact && !m.Resigned()
	}
	var out []string
	for _, r := range d.Relations {
		if active[r.UserID] {
			out = append(out, r.UserID+"/"+r.ExternalUserID)
		}
	}
	sort.Strings(out)
	return out
}

func pairOf(c externalcontact.BatchContact) string {
	return c.FollowInfo.UserID + "/" + c.ExternalContact.ExternalUserID
}

// collector gathers what an export hands over.
type collector struct {
	pairs []string
	last  []byte // the last checkpoint, as JSON
	saves int
}

func (c *collector) fn(bc externalcontact.BatchContact) error {
	c.pairs = append(c.pairs, pairOf(bc))
	return nil
}

func (c *collector) save(cp *externalcontact.ExportCheckpoint) error {
	b, err := json.Marshal(cp)
	c.last, c.saves = b, c.saves+1
	return err
}

func (c *collector) checkpoint(t *testing.T) *externalcontact.ExportCheckpoint {
	t.Helper()
	var cp externalcontact.ExportCheckpoint
	require.NoError(t, json.Unmarshal(c.last, &cp))
	return &cp
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func TestExportEveryPairExactlyOnce(t *testing.T) {
	ec, s := exportSim(t)
	want := wantPairs(s)
	require.Len(t, want, 30*40)
	var col collector
	var progress []externalcontact.ExportProgress
	err := ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{
		Concurrency: 4, MembersPerRequest: 7, PageSize: 25,
		Checkpoint: col.save,
		Progress:   func(p externalcontact.ExportProgress) { progress = append(progress, p) },
	}, col.fn)
	require.NoError(t, err)
	assert.Equal(t, want, sorted(col.pairs), "every pair exactly once")
	assert.Equal(t, 1, s.Count("externalcontact/get_follow_user_list"))

	cp := col.checkpoint(t)
	assert.True(t, cp.Done())
	assert.Equal(t, 30, cp.Members)
	assert.Equal(t, 30, cp.MembersDone)
	assert.Equal(t, len(want), cp.Customers)
	assert.Equal(t, s.Count(batchPath), cp.Pages, "one page per request")

	require.NotEmpty(t, progress)
	lastP := progress[len(progress)-1]
	assert.Equal(t, 30, lastP.Members)
	assert.Equal(t, 30, lastP.MembersDone)
	assert.Equal(t, len(want), lastP.Customers)
	assert.Equal(t, cp.Pages, lastP.Pages)
	assert.Zero(t, lastP.Remaining)
	assert.Greater(t, lastP.Rate, 0.0)
	var estimated int
	for i, p := range progress {
		if i > 0 {
			assert.GreaterOrEqual(t, p.Customers, progress[i-1].Customers)
		}
		if p.Remaining > 0 {
			estimated++
		}
	}
	assert.Positive(t, estimated, "an estimate of the time left once members are done")

	// Requests held at most 7 members and asked for pages of 25.
	var reqs int
	for _, r := range s.Requests() {
		if r.Path != batchPath {
			continue
		}
		reqs++
		var body struct {
			UserIDs []string `json:"userid_list"`
			Limit   int      `json:"limit"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &body))
		assert.LessOrEqual(t, len(body.UserIDs), 7)
		assert.NotEmpty(t, body.UserIDs)
		assert.Equal(t, 25, body.Limit)
	}
	assert.Equal(t, s.Count(batchPath), reqs)
}

func TestExportDefaults(t *testing.T) {
	ec, s := exportSim(t)
	var col collector
	require.NoError(t, ec.ExportCustomers(context.Background(), nil, col.fn))
	assert.Equal(t, wantPairs(s), sorted(col.pairs))
	for _, r := range s.Requests() {
		if r.Path == batchPath {
			var body struct {
				UserIDs []string `json:"userid_list"`
				Limit   int      `json:"limit"`
			}
			require.NoError(t, json.Unmarshal(r.Body, &body))
			assert.Equal(t, 100, body.Limit, "pages of 100")
			assert.LessOrEqual(t, len(body.UserIDs), 100)
		}
	}

	// Given members only.
	col = collector{}
	require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{UserIDs: []string{"zhangsan", "lisi"}}, col.fn))
	var want []string
	for _, p := range wantPairs(s) {
		if strings.HasPrefix(p, "zhangsan/") || strings.HasPrefix(p, "lisi/") {
			want = append(want, p)
		}
	}
	assert.Equal(t, want, sorted(col.pairs))
}

func TestExportResumesFromACheckpoint(t *testing.T) {
	ec, s := exportSim(t)
	want := wantPairs(s)
	for _, stopAt := range []int{1, 24, 25, 26, 333, 1199} {
		var col collector
		errStop := errors.New("crash")
		n := 0
		err := ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{
			Concurrency: 3, MembersPerRequest: 4, PageSize: 25, Checkpoint: col.save,
		}, func(bc externalcontact.BatchContact) error {
			if n == stopAt {
				return errStop
			}
			n++
			return col.fn(bc)
		})
		require.ErrorIs(t, err, errStop, "stop at %d", stopAt)
		require.Len(t, col.pairs, stopAt)
		cp := col.checkpoint(t)
		assert.False(t, cp.Done())
		assert.Equal(t, stopAt, cp.Customers)

		// Resume from the JSON, as after a crash.
		before := len(col.pairs)
		require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{
			Resume: cp, Concurrency: 5, PageSize: 25, Checkpoint: col.save,
		}, col.fn))
		assert.Equal(t, want, sorted(col.pairs), "stop at %d: nothing lost or repeated", stopAt)
		assert.Greater(t, len(col.pairs), before)
		final := col.checkpoint(t)
		assert.True(t, final.Done())
		assert.Equal(t, len(want), final.Customers, "the counts carry over")
		assert.Equal(t, 30, final.MembersDone)
	}
}

func TestExportStopsAtAFailingPageAndResumes(t *testing.T) {
	ec, s := exportSim(t)
	want := wantPairs(s)
	var col collector
	n := 0
	err := ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{
		Concurrency: 4, MembersPerRequest: 5, PageSize: 20, Checkpoint: col.save,
	}, func(bc externalcontact.BatchContact) error {
		if n++; n == 300 {
			// Mid-walk, WeCom starts refusing: not retried.
			s.Faults().FailNext(batchPath, 1000, 48002)
		}
		return col.fn(bc)
	})
	require.ErrorIs(t, err, core.ErrAPIForbidden)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, batchPath, ae.Path)
	got := len(col.pairs)
	assert.GreaterOrEqual(t, got, 300)
	assert.Less(t, got, len(want), "it stopped")
	cp := col.checkpoint(t)
	assert.Equal(t, got, cp.Customers, "the checkpoint covers exactly what was handed over")
	fails := s.Count(batchPath)

	s.Faults().Reset()
	require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{Resume: cp}, col.fn))
	assert.Equal(t, want, sorted(col.pairs))
	assert.Greater(t, s.Count(batchPath), fails)
}

func TestExportRetriesWhatTheClientRetries(t *testing.T) {
	ec, s := exportSim(t)
	var col collector
	n := 0
	require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{PageSize: 30},
		func(bc externalcontact.BatchContact) error {
			if n++; n == 100 {
				s.Faults().FailNext(batchPath, 1, -1)    // system busy: retried
				s.Faults().HTTPStatus(batchPath, 1, 502) // a read: retried too
			}
			return col.fn(bc)
		}))
	assert.Equal(t, wantPairs(s), sorted(col.pairs))
}

func TestExportDedupe(t *testing.T) {
	ec, s := exportSim(t)
	customers := map[string]bool{}
	for _, p := range wantPairs(s) {
		_, id, _ := strings.Cut(p, "/")
		customers[id] = true
	}
	var ids []string
	var progress externalcontact.ExportProgress
	require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{
		Dedupe: true, PageSize: 50, Progress: func(p externalcontact.ExportProgress) { progress = p },
	}, func(bc externalcontact.BatchContact) error {
		ids = append(ids, bc.ExternalContact.ExternalUserID)
		return nil
	}))
	seen := map[string]int{}
	for _, id := range ids {
		seen[id]++
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "customer %s once", id)
	}
	assert.Len(t, seen, len(customers), "every customer")
	assert.Equal(t, len(wantPairs(s))-len(customers), progress.Duplicates, "the shared ones skipped")
	assert.Positive(t, progress.Duplicates, "the seeded corp shares customers")
}

func TestExportBoundedConcurrency(t *testing.T) {
	// Without the governor, the simulator's limit of 3 concurrent calls
	// would answer 45033 to a fourth.
	s := worktest.NewServer(worktest.WithMembers(30), worktest.WithCustomersPerMember(40))
	t.Cleanup(s.Close)
	cfg := s.Config()
	cfg.NoGovernor = true
	app, err := work.New(cfg)
	require.NoError(t, err)
	s.Faults().ConcurrencyLimit(batchPath, 3)
	s.Faults().Latency(batchPath, 2*time.Millisecond)
	var col collector
	require.NoError(t, app.ExternalContact().ExportCustomers(context.Background(),
		&externalcontact.ExportRequest{Concurrency: 3, PageSize: 20, MembersPerRequest: 3}, col.fn))
	assert.Equal(t, wantPairs(s), sorted(col.pairs))

	col = collector{}
	err = app.ExternalContact().ExportCustomers(context.Background(),
		&externalcontact.ExportRequest{Concurrency: 8, PageSize: 20, MembersPerRequest: 3}, col.fn)
	assert.ErrorIs(t, err, core.ErrConcurrencyLimited, "the simulator does enforce it")
}

func TestExportStopsOnContext(t *testing.T) {
	ec, s := exportSim(t)
	s.Faults().Latency(batchPath, time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	var col collector
	var once sync.Once
	err := ec.ExportCustomers(ctx, &externalcontact.ExportRequest{PageSize: 10, Checkpoint: col.save},
		func(bc externalcontact.BatchContact) error {
			if len(col.pairs) == 50 {
				once.Do(cancel)
			}
			return col.fn(bc)
		})
	require.ErrorIs(t, err, context.Canceled)
	cp := col.checkpoint(t)
	assert.Equal(t, len(col.pairs), cp.Customers)
	require.NoError(t, ec.ExportCustomers(context.Background(), &externalcontact.ExportRequest{Resume: cp}, col.fn))
	assert.Equal(t, wantPairs(s), sorted(col.pairs))
}

func TestExportBadArguments(t *testing.T) {
	ec, s := exportSim(t)
	fn := func(externalcontact.BatchContact) error { return nil }
	for _, tc := range []struct {
		req   *externalcontact.ExportRequest
		fn    func(externalcontact.BatchContact) error
		field string
	}{
		{&externalcontact.ExportRequest{}, nil, "fn"},
		{&externalcontact.ExportRequest{Concurrency: -1}, fn, "Concurrency"},
		{&externalcontact.ExportRequest{Concurrency: externalcontact.MaxExportConcurrency + 1}, fn, "Concurrency"},
		{&externalcontact.ExportRequest{MembersPerRequest: 101}, fn, "userid_list"},
		{&externalcontact.ExportRequest{PageSize: 101}, fn, "limit"},
		{&externalcontact.ExportRequest{UserIDs: []string{"a", ""}}, fn, "userid_list"},
		{&externalcontact.ExportRequest{UserIDs: []string{"a"}, Resume: &externalcontact.ExportCheckpoint{Version: 1}}, fn, "UserIDs"},
		{&externalcontact.ExportRequest{Resume: &externalcontact.ExportCheckpoint{Version: 2}}, fn, "Resume"},
		{&externalcontact.ExportRequest{Resume: &externalcontact.ExportCheckpoint{Version: 1,
			Active: []externalcontact.ExportBatch{{UserIDs: nil}}}}, fn, "Resume.active.userid_list"},
	} {
		err := ec.ExportCustomers(context.Background(), tc.req, tc.fn)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae, "%+v", tc.req)
		assert.Equal(t, tc.field, ae.Field)
	}
	assert.Zero(t, s.Count(""), "nothing sent, not even gettoken")

	// A finished checkpoint resumes to nothing.
	require.NoError(t, ec.ExportCustomers(context.Background(),
		&externalcontact.ExportRequest{Resume: &externalcontact.ExportCheckpoint{Version: 1}},
		func(externalcontact.BatchContact) error { t.Error("nothing to hand over"); return nil }))
}

func TestExportCheckpointClone(t *testing.T) {
	cp := &externalcontact.ExportCheckpoint{Version: 1, Pending: []string{"a"}, Active: []externalcontact.ExportBatch{{UserIDs: []string{"b"}, Cursor: "c", Skip: 2}}}
	cl := cp.Clone()
	cl.Pending[0], cl.Active[0].UserIDs[0] = "x", "y"
	assert.Equal(t, "a", cp.Pending[0])
	assert.Equal(t, "b", cp.Active[0].UserIDs[0])
	assert.Equal(t, "c", cl.Active[0].Cursor)
}
