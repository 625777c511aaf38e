package worktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// A write whose answer is lost after WeCom processed it: the SDK reports an
// unknown outcome and does not send it again; the simulator processed it
// exactly once.

func TestLoseAnswerRemark(t *testing.T) {
	for name, status := range map[string]int{"dropped connection": 0, "502": http.StatusBadGateway} {
		t.Run(name, func(t *testing.T) {
			app, s := worktest.NewApp(t, worktest.WithSeed(21))
			rel := activeRelation(t, s.Snapshot())
			s.Faults().LoseAnswer("externalcontact/remark", 1, status)

			err := app.ExternalContact().Remark(context.Background(), &externalcontact.RemarkRequest{
				UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, Remark: "丢失的应答"})
			require.Error(t, err)
			assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "%v", err)
			assert.Equal(t, 1, s.Count("externalcontact/remark"), "a write is not sent again")

			var got []string
			for _, r := range s.Snapshot().Relations {
				if r.UserID == rel.UserID && r.ExternalUserID == rel.ExternalUserID {
					got = append(got, r.Remark)
				}
			}
			assert.Equal(t, []string{"丢失的应答"}, got, "the handler ran: the remark changed")
			reqs := s.Requests()
			assert.Equal(t, "lose_answer", reqs[len(reqs)-1].Fault)

			// The fault is used up: the next call is answered.
			require.NoError(t, app.ExternalContact().Remark(context.Background(), &externalcontact.RemarkRequest{
				UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, Remark: "再次"}))
		})
	}
}

func TestLoseAnswerTransfer(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(22))
	d := s.Snapshot()
	from := activeRelation(t, d)
	to := ""
	for _, m := range d.Members {
		if m.ExternalContact && !m.Resigned() && m.UserID != from.UserID {
			to = m.UserID
			break
		}
	}
	require.NotEmpty(t, to)
	s.Faults().LoseAnswer("externalcontact/transfer_customer", 1, http.StatusBadGateway)

	_, err := app.ExternalContact().TransferCustomer(context.Background(), &externalcontact.TransferCustomerRequest{
		HandoverUserID: from.UserID, TakeoverUserID: to, ExternalUserIDs: []string{from.ExternalUserID}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "%v", err)
	assert.Equal(t, 1, s.Count("externalcontact/transfer_customer"), "a transfer is not sent again")

	var made []worktest.Transfer
	for _, tr := range s.Snapshot().Transfers {
		if tr.ExternalUserID == from.ExternalUserID {
			made = append(made, tr)
		}
	}
	require.Len(t, made, 1, "the transfer was recorded exactly once")
	assert.Equal(t, worktest.TransferWaiting, made[0].Status)
	assert.Equal(t, to, made[0].TakeoverUserID)
}

func TestLoseAnswerNeedsTheHandler(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(23))
	rel := activeRelation(t, s.Snapshot())
	s.Faults().LoseAnswer("externalcontact/remark", 1, 0)
	// A call rejected before its handler (no access_token) is answered
	// and does not use the fault up.
	resp, err := http.Post(s.URL+"/cgi-bin/externalcontact/remark", "application/json", nil)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	err = app.ExternalContact().Remark(context.Background(), &externalcontact.RemarkRequest{
		UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, Remark: "第二次"})
	assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "the first processed call loses its answer: %v", err)
}

// activeRelation returns the first relation of an active member.
func activeRelation(t *testing.T, d *worktest.Data) worktest.Relation {
	t.Helper()
	active := map[string]bool{}
	for _, m := range d.Members {
		active[m.UserID] = m.ExternalContact && !m.Resigned()
	}
	for _, r := range d.Relations {
		if active[r.UserID] {
			return r
		}
	}
	t.Fatal("no relation of an active member")
	return worktest.Relation{}
}
