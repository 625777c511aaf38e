package work_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

const followUsers = "externalcontact/get_follow_user_list"

func TestAppFailsFastAfter45009(t *testing.T) {
	s := worktest.NewServer()
	defer s.Close()
	app, err := work.New(s.Config())
	require.NoError(t, err)
	ec := app.ExternalContact()
	s.Faults().FailNext(followUsers, 1, 45009)
	_, err = ec.GetFollowUsers(context.Background())
	var rl *core.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.False(t, rl.Local)
	assert.Equal(t, core.DefaultRateLimitPause, rl.RetryAfter)

	_, err = ec.GetFollowUsers(context.Background())
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	assert.Equal(t, 1, s.Count(followUsers), "the second call never reached WeCom")

	// Without the governor the next call goes out (and succeeds).
	s.Faults().FailNext(followUsers, 1, 45009)
	cfg := s.Config()
	cfg.NoGovernor = true
	app, err = work.New(cfg)
	require.NoError(t, err)
	_, err = app.ExternalContact().GetFollowUsers(context.Background())
	assert.ErrorIs(t, err, core.ErrRateLimited)
	_, err = app.ExternalContact().GetFollowUsers(context.Background())
	assert.NoError(t, err)
}

// remarkAll sends n remarks at once and counts the 45033 answers.
func remarkAll(t *testing.T, ec *externalcontact.Client, rels []worktest.Relation, n int) (refused int32) {
	t.Helper()
	var wg sync.WaitGroup
	var busy atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(r worktest.Relation) {
			defer wg.Done()
			err := ec.Remark(context.Background(), &externalcontact.RemarkRequest{
				UserID: r.UserID, ExternalUserID: r.ExternalUserID, Description: "跟进中"})
			if err != nil {
				assert.ErrorIs(t, err, core.ErrConcurrencyLimited)
				busy.Add(1)
			}
		}(rels[i%len(rels)])
	}
	wg.Wait()
	return busy.Load()
}

func TestAppCapsRemarkConcurrency(t *testing.T) {
	s := worktest.NewServer(worktest.WithResignedMembers(0))
	defer s.Close()
	const path = "externalcontact/remark"
	s.Faults().ConcurrencyLimit(path, 5) // WeCom's limit for remark
	s.Faults().Latency(path, 5*time.Millisecond)
	rels := s.Snapshot().Relations

	var attempts atomic.Int32
	cfg := s.Config()
	cfg.Observer = core.ObserverFunc(func(_ context.Context, a core.Attempt) {
		if a.Endpoint.Path == path {
			attempts.Add(1)
		}
	})
	app, err := work.New(cfg)
	require.NoError(t, err)
	assert.Zero(t, remarkAll(t, app.ExternalContact(), rels, 60), "the governor keeps remark at 5 in flight")
	assert.EqualValues(t, 60, attempts.Load(), "no 45033, so no retry")
	assert.Equal(t, 60, s.Count(path))

	cfg = s.Config()
	cfg.NoGovernor = true
	app, err = work.New(cfg)
	require.NoError(t, err)
	assert.Positive(t, remarkAll(t, app.ExternalContact(), rels, 60), "without it WeCom refuses some")
}

func TestAppGovernorConfig(t *testing.T) {
	_, err := work.New(work.Config{CorpID: "ww1", Secret: secret,
		Governor: core.GovernorConfig{Rates: []core.Rate{{Events: 0, Per: time.Second}}}})
	var ae *core.ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "GovernorConfig.Rates", ae.Field)
}
