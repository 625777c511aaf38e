package externalcontact_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

// newApp starts a seeded simulator; against the real WeCom, build the App
// from your corp id and secret instead.
func newApp() (*work.App, func()) {
	sim := worktest.NewServer(worktest.WithSeed(42))
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	return app, sim.Close
}

// List a member's customers with their details: List gives the ids, and
// BatchGetByUserAll gives every customer with the member's remark, walking
// all pages.
func ExampleClient_BatchGetByUserAll() {
	app, done := newApp()
	defer done()
	ctx := context.Background()
	ec := app.ExternalContact()

	ids, err := ec.List(ctx, "zhangsan")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("zhangsan has", len(ids), "customers")

	req := &externalcontact.BatchGetByUserRequest{UserIDs: []string{"zhangsan"}, Limit: 2}
	for c, err := range ec.BatchGetByUserAll(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (%s): remark %q\n", c.ExternalContact.Name, c.ExternalContact.Type, c.FollowInfo.Remark)
	}
	// Output:
	// zhangsan has 5 customers
	// 郭伟伟 (wecom): remark "郭伟伟-采购"
	// 李涛洋 (wecom): remark "李涛洋经理"
	// 黄洋芳 (wechat): remark "黄洋芳-技术"
	// 王芳芳 (wechat): remark ""
	// 黄超磊 (wechat): remark ""
}

// Get returns a customer with every member who added them, and how.
func ExampleClient_Get() {
	app, done := newApp()
	defer done()
	ctx := context.Background()
	ec := app.ExternalContact()

	ids, err := ec.List(ctx, "zhangsan")
	if err != nil {
		log.Fatal(err)
	}
	c, err := ec.Get(ctx, ids[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ExternalContact.Name, c.ExternalContact.CorpName)
	for _, f := range c.FollowUsers {
		fmt.Printf("  %s added them via %s\n", f.UserID, f.AddWay)
	}

	_, err = ec.Get(ctx, "wmUNKNOWN")
	fmt.Println("unknown id:", errors.Is(err, core.ErrInvalidExternalUserID))
	// Output:
	// 郭伟伟 云帆软件
	//   zhangsan added them via qrcode
	//   sunqi added them via phone_book
	// unknown id: true
}
