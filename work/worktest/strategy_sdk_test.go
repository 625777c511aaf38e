package worktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/strategy"
	"github.com/wecomkit/wecom/work/worktest"
)

// Rule groups through the SDK: create, the walks, and Edit's leave-as-is
// against replace, as the simulator keeps them.
func TestStrategySDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(11), worktest.WithMembers(14))
	cs := app.CustomerStrategy()
	ctx := context.Background()

	p := strategy.DefaultCustomerPrivilege()
	p.ShareCustomer = false
	var nodes []strategy.Node
	for _, m := range s.Snapshot().Members {
		if !m.Resigned() && m.ExternalContact && m.UserID != "zhangsan" {
			nodes = append(nodes, strategy.Member(m.UserID))
		}
	}
	require.GreaterOrEqual(t, len(nodes), 10)
	id, err := cs.Create(ctx, &strategy.CustomerCreateRequest{Name: "华南大区", Admins: []string{"zhangsan"}, Privilege: &p, Range: nodes})
	require.NoError(t, err)
	assert.EqualValues(t, 2, id, "after the seeded rule group 1")

	got, err := cs.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "华南大区", got.Name)
	assert.Equal(t, p, got.Privilege)

	walked, errs := wiretest.Collect(cs.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: id, Limit: 3}))
	require.Empty(t, errs)
	assert.Equal(t, nodes, walked, "every node once, in order, over pages of 3")

	// A child's range stays inside the parent's, which lacks zhangsan.
	child, err := cs.Create(ctx, &strategy.CustomerCreateRequest{ParentID: id, Name: "深圳组", Admins: []string{"lisi"}, Range: []strategy.Node{nodes[3]}})
	require.NoError(t, err)
	var ae *core.APIError
	require.ErrorAs(t, cs.Edit(ctx, &strategy.CustomerEditRequest{ID: child, RangeAdd: []strategy.Node{strategy.Member("zhangsan")}}), &ae)
	assert.Equal(t, 40058, ae.Code)

	// Leave as is: a range change keeps the name, the admins, the privileges.
	require.NoError(t, cs.Edit(ctx, &strategy.CustomerEditRequest{ID: id, RangeDel: nodes[:2], RangeAdd: []strategy.Node{strategy.Department(1)}}))
	got, err = cs.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "华南大区", got.Name)
	assert.Equal(t, []string{"zhangsan"}, got.Admins)
	assert.Equal(t, p, got.Privilege)
	walked, _ = wiretest.Collect(cs.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: id}))
	assert.Equal(t, append(append([]strategy.Node{}, nodes[2:]...), strategy.Department(1)), walked)

	// Replace: every privilege revoked; the basic five stay.
	require.NoError(t, cs.Edit(ctx, &strategy.CustomerEditRequest{ID: id, Privilege: &strategy.CustomerPrivilege{}, Admins: []string{"lisi", "wangwu"}}))
	got, err = cs.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, strategy.CustomerPrivilege{ViewCustomerList: true, ViewCustomerData: true, ViewRoomList: true, ContactMe: true, JoinRoom: true}, got.Privilege)
	assert.Equal(t, []string{"lisi", "wangwu"}, got.Admins)

	kid, err := cs.Get(ctx, child)
	require.NoError(t, err)
	assert.Equal(t, got.Privilege, kid.Privilege, "a child's privileges are its parent's")

	ids, errs := wiretest.Collect(cs.ListAll(ctx, &strategy.ListRequest{Limit: 1}))
	require.Empty(t, errs)
	assert.Equal(t, []int64{1, id, child}, ids)

	// The seeded rule group was made in the admin console.
	assert.ErrorIs(t, cs.Edit(ctx, &strategy.CustomerEditRequest{ID: 1, Name: "x"}), core.ErrAPIForbidden)
	assert.ErrorIs(t, cs.Delete(ctx, id), &core.APIError{Code: 40058}, "it has a child")
	require.NoError(t, cs.Delete(ctx, child))
	require.NoError(t, cs.Delete(ctx, id))
	_, err = cs.Get(ctx, id)
	assert.Error(t, err)

	// The moment family is separate: its own ids and privileges.
	ms := app.MomentStrategy()
	mid, err := ms.Create(ctx, &strategy.MomentCreateRequest{Name: "朋友圈运营", Admins: []string{"wangwu"}, Range: []strategy.Node{strategy.Department(1)}})
	require.NoError(t, err)
	assert.EqualValues(t, 1, mid)
	mg, err := ms.Get(ctx, mid)
	require.NoError(t, err)
	assert.Equal(t, strategy.DefaultMomentPrivilege(), mg.Privilege)
	require.NoError(t, ms.Edit(ctx, &strategy.MomentEditRequest{ID: mid, Privilege: &strategy.MomentPrivilege{SendMoment: true}}))
	mg, err = ms.Get(ctx, mid)
	require.NoError(t, err)
	assert.Equal(t, strategy.MomentPrivilege{SendMoment: true}, mg.Privilege)
}

// A create whose answer is lost is not re-sent: the error says the outcome
// is unknown, and the rule group exists once.
func TestStrategyCreateLostAnswer(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(11))
	s.Faults().LoseAnswer("externalcontact/customer_strategy/create", 1, http.StatusBadGateway)
	ctx := context.Background()
	_, err := app.CustomerStrategy().Create(ctx, &strategy.CustomerCreateRequest{Name: "华东", Admins: []string{"zhangsan"}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, core.ErrUnknownOutcome), "got %v", err)
	ids, errs := wiretest.Collect(app.CustomerStrategy().ListAll(ctx, nil))
	require.Empty(t, errs)
	assert.Equal(t, []int64{1, 2}, ids, "created exactly once")
	assert.Equal(t, 1, s.Count("externalcontact/customer_strategy/create"))
	got, err := app.CustomerStrategy().Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, "华东", got.Name)
}
