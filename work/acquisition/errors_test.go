package acquisition_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/acquisition"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

func answer(s *wiretest.Server, path, body string) {
	s.Handle(path, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
}

// A 48002 is the app's refusal: the error says which, with a hint, and
// still is WeCom's answer.
func TestPermissionErrors(t *testing.T) {
	ctx := context.Background()
	s := wiretest.NewServer(t)
	forbidden := `{"errcode":48002,"errmsg":"api forbidden, hint: [1714528800_1_x]"}`
	answer(s, pList, forbidden)
	answer(s, pPermit, forbidden)
	answer(s, pQuota, `{"errcode":40058,"errmsg":"invalid Request Parameter"}`)
	c := newClient(s.Core())

	_, err := c.ListLinks(ctx, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, acquisition.ErrAppNotAllowed)
	assert.NotErrorIs(t, err, acquisition.ErrNotMarketingApp)
	assert.ErrorIs(t, err, core.ErrAPIForbidden)
	var pe *acquisition.PermissionError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "客户联系 system app")
	assert.Contains(t, err.Error(), "errcode 48002")
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, pList, ae.Path)

	_, err = c.GetPermit(ctx)
	assert.ErrorIs(t, err, acquisition.ErrNotMarketingApp)
	assert.NotErrorIs(t, err, acquisition.ErrAppNotAllowed)
	assert.Contains(t, err.Error(), "营销获客")
	assert.ErrorIs(t, err, core.ErrAPIForbidden)

	// Any other errcode is left alone.
	_, err = c.Quota(ctx)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
	assert.False(t, errors.As(err, &pe), "a 40058 is no permission error")
	assert.NotErrorIs(t, err, acquisition.ErrAppNotAllowed)
}

// Every method maps the refusal, not only the one above.
func TestEveryEndpointMapsTheRefusal(t *testing.T) {
	ctx := context.Background()
	s := wiretest.NewServer(t)
	n := 0
	for _, ep := range acquisition.Endpoints() {
		answer(s, ep.Path, `{"errcode":48002,"errmsg":"api forbidden"}`)
		n++
	}
	require.Equal(t, 10, n)
	c := newClient(s.Core())
	calls := map[string]func() error{
		pList: func() error { _, err := c.ListLinks(ctx, nil); return err },
		pGet:  func() error { _, err := c.GetLink(ctx, linkID); return err },
		pCreate: func() error {
			_, err := c.CreateLink(ctx, &acquisition.CreateLinkRequest{Name: "n", Range: acquisition.Range{DepartmentIDs: []int64{1}}})
			return err
		},
		pUpdate: func() error { return c.UpdateLink(ctx, &acquisition.UpdateLinkRequest{LinkID: linkID}) },
		pDelete: func() error { return c.DeleteLink(ctx, linkID) },
		pCustomer: func() error {
			_, err := c.Customers(ctx, &acquisition.CustomersRequest{LinkID: linkID})
			return err
		},
		pQuota: func() error { _, err := c.Quota(ctx); return err },
		pStat: func() error {
			_, err := c.Statistic(ctx, &acquisition.StatisticRequest{LinkID: linkID, Start: now, End: now})
			return err
		},
		pChatInfo: func() error { _, err := c.GetChatInfo(ctx, "k"); return err },
		pPermit:   func() error { _, err := c.GetPermit(ctx); return err },
	}
	require.Len(t, calls, n)
	for path, call := range calls {
		want := acquisition.ErrAppNotAllowed
		if path == pPermit {
			want = acquisition.ErrNotMarketingApp
		}
		assert.ErrorIs(t, call(), want, path)
	}
}
