package strategy_test

import (
	"context"
	"fmt"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/strategy"
	"github.com/wecomkit/wecom/work/worktest"
)

// Make a customer-contact rule group for a sales team that may not export
// customer data, then move one member out and another in: Edit with only
// the range changes leaves the name, the admins and the privileges as they
// are.
func ExampleCustomerClient_Create() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	cs := app.CustomerStrategy()

	p := strategy.DefaultCustomerPrivilege()
	p.ExportCustomerList, p.ExportCustomerData = false, false
	id, err := cs.Create(ctx, &strategy.CustomerCreateRequest{
		Name:      "华南销售",
		Admins:    []string{"zhangsan"},
		Privilege: &p,
		Range:     []strategy.Node{strategy.Member("lisi"), strategy.Member("wangwu")},
	})
	if err != nil {
		panic(err) // errors.Is(err, core.ErrUnknownOutcome): look for it with ListAll before creating again
	}
	err = cs.Edit(ctx, &strategy.CustomerEditRequest{
		ID:       id,
		RangeAdd: []strategy.Node{strategy.Member("zhaoliu")},
		RangeDel: []strategy.Node{strategy.Member("wangwu")},
	})
	if err != nil {
		panic(err)
	}

	g, err := cs.Get(ctx, id)
	if err != nil {
		panic(err)
	}
	fmt.Println(g.ID, g.Name, g.Admins, "export:", g.Privilege.ExportCustomerList, "share:", g.Privilege.ShareCustomer)
	for n, err := range cs.GetRangeAll(ctx, &strategy.GetRangeRequest{ID: id}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(n)
	}
	// Output:
	// 2 华南销售 [zhangsan] export: false share: true
	// member lisi
	// member zhaoliu
}

// Moment rule groups have the same calls with their own privileges. A
// non-nil Privilege replaces all three; here the team may post but not set
// its cover and signature.
func ExampleMomentClient_Edit() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	ms := app.MomentStrategy()
	id, err := ms.Create(ctx, &strategy.MomentCreateRequest{Name: "朋友圈运营", Admins: []string{"wangwu"},
		Range: []strategy.Node{strategy.Department(1)}})
	if err != nil {
		panic(err)
	}
	err = ms.Edit(ctx, &strategy.MomentEditRequest{ID: id,
		Privilege: &strategy.MomentPrivilege{SendMoment: true, ViewMomentList: true}})
	if err != nil {
		panic(err)
	}
	g, err := ms.Get(ctx, id)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %+v\n", g.Name, g.Privilege)
	// Output:
	// 朋友圈运营: {SendMoment:true ViewMomentList:true ManageMomentCoverAndSign:false}
}
