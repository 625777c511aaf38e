package wiretest_test

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// toy is a two-endpoint service that exercises the harness on real paths.
type toy struct{ c *core.Client }

var toyEndpoints core.EndpointSet

var (
	epFollowUsers = toyEndpoints.Add(core.Read("externalcontact/get_follow_user_list"), core.Meta{Doc: "92571", Title: "获取配置了客户联系功能的成员列表"})
	epRemark      = toyEndpoints.Add(core.Write("externalcontact/remark"), core.Meta{Doc: "92115", Title: "修改客户备注信息"})
	epCustomers   = toyEndpoints.Add(core.Read("externalcontact/list"), core.Meta{Doc: "92113", Title: "获取客户列表"})
)

type followUsers struct {
	FollowUser []string `json:"follow_user"`
}

type remarkRequest struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	Remark         string `json:"remark,omitempty"`
}

func (r *remarkRequest) Validate() error {
	if err := core.Required("userid", r.UserID); err != nil {
		return err
	}
	return core.Required("external_userid", r.ExternalUserID)
}

func (t toy) followUsers(ctx context.Context) (*followUsers, error) {
	return core.Get[followUsers](ctx, t.c, epFollowUsers, nil)
}

func (t toy) remark(ctx context.Context, r *remarkRequest) error {
	return core.Exec(ctx, t.c, epRemark, r)
}

func (t toy) list(ctx context.Context, userID string) ([]string, error) {
	if err := core.Named(epCustomers, core.Required("userid", userID)); err != nil {
		return nil, err
	}
	r, err := core.Get[struct {
		IDs []string `json:"external_userid"`
	}](ctx, t.c, epCustomers, url.Values{"userid": {userID}})
	if err != nil {
		return nil, err
	}
	return r.IDs, nil
}

func TestHarnessOnAToyService(t *testing.T) {
	wiretest.Suite[toy]{
		Endpoints: toyEndpoints.All(),
		New:       func(c *core.Client) toy { return toy{c} },
		Cases: []wiretest.Case[toy]{
			{
				Method: "GET", Path: "externalcontact/get_follow_user_list",
				Call:     func(ctx context.Context, c toy) (any, error) { return c.followUsers(ctx) },
				Exchange: wiretest.Exchange{Reply: `{"errcode":0,"errmsg":"ok","follow_user":["zhangsan","lisi"]}`},
				Want:     &followUsers{FollowUser: []string{"zhangsan", "lisi"}},
			},
			{
				Method: "POST", Path: "externalcontact/remark",
				Call: func(ctx context.Context, c toy) (any, error) {
					return nil, c.remark(ctx, &remarkRequest{UserID: "zhangsan", ExternalUserID: "wmX", Remark: "VIP"})
				},
				Exchange: wiretest.Exchange{Body: `{"userid":"zhangsan","external_userid":"wmX","remark":"VIP"}`, Reply: `{"errcode":0,"errmsg":"ok"}`},
			},
			{
				Method: "GET", Path: "externalcontact/list",
				Call:     func(ctx context.Context, c toy) (any, error) { return c.list(ctx, "zhangsan") },
				Exchange: wiretest.Exchange{Query: url.Values{"userid": {"zhangsan"}}, Reply: `{"errcode":0,"errmsg":"ok","external_userid":["wmA"]}`},
				Want:     []string{"wmA"},
			},
		},
		Bad: []wiretest.Bad[toy]{
			{Name: "remark nil", Path: "externalcontact/remark", Field: "request",
				Call: func(ctx context.Context, c toy) error { return c.remark(ctx, nil) }},
			{Name: "remark no userid", Path: "externalcontact/remark", Field: "userid",
				Call: func(ctx context.Context, c toy) error { return c.remark(ctx, &remarkRequest{ExternalUserID: "x"}) }},
			{Name: "list no userid", Path: "externalcontact/list", Field: "userid",
				Call: func(ctx context.Context, c toy) error { _, err := c.list(ctx, ""); return err }},
		},
	}.Run(t)
}

func TestCatalogueHasTheExtras(t *testing.T) {
	cat := wiretest.Catalogue(t)
	assert.Len(t, cat, 119, "105 rows, the 3 extra paths, the 9 service-provider ones and the 2 media uploads")
	for _, p := range []string{"externalcontact/batch_to_external_userid", "externalcontact/customer_acquisition/get_chat_info",
		"externalcontact/customer_acquisition_app/get_permit"} {
		assert.Contains(t, cat, p)
	}
	assert.Equal(t, "POST", cat["externalcontact/remark"].SpecMethod())
}

func TestCollect(t *testing.T) {
	items, errs := wiretest.Collect(core.Walk(context.Background(), "", func(_ context.Context, cur string) (*[]int, error) {
		p := []int{1, 2}
		return &p, nil
	}, func(p *[]int) []int { return *p }, func(*[]int) string { return "" }))
	assert.Equal(t, []int{1, 2}, items)
	assert.Empty(t, errs)
}

func TestWalkedAndRefused(t *testing.T) {
	boom := errors.New("boom")
	seq := func(items []int, errs ...error) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			for _, v := range items {
				if !yield(v, nil) {
					return
				}
			}
			for _, err := range errs {
				if !yield(0, err) {
					return
				}
			}
		}
	}
	got, err := wiretest.Walked(seq([]int{1, 2}))
	assert.NoError(t, err)
	assert.Equal(t, []int{1, 2}, got)
	_, err = wiretest.Walked(seq([]int{1}, boom))
	assert.ErrorIs(t, err, boom)
	_, err = wiretest.Walked(seq(nil, boom, boom))
	assert.ErrorContains(t, err, "2 errors")

	assert.ErrorIs(t, wiretest.Refused(seq(nil, boom)), boom)
	assert.ErrorContains(t, wiretest.Refused(seq([]int{1}, boom)), "want one error and no item")
	assert.ErrorContains(t, wiretest.Refused(seq(nil)), "want one error and no item")
}
