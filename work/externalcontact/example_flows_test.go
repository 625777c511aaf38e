package externalcontact_test

import (
	"context"
	"fmt"
	"log"

	"github.com/wecomkit/wecom/work/externalcontact"
)

// Tag a customer: create a corp tag (or find one with GetCorpTags), mark it
// on the customer, and read it back with Get.
func ExampleClient_MarkTags() {
	app, done := newApp()
	defer done()
	ctx := context.Background()
	ec := app.ExternalContact()

	group, err := ec.AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{
		GroupName: "续费意向",
		Tags:      []externalcontact.TagSpec{{Name: "高"}, {Name: "低"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	ids, err := ec.List(ctx, "zhangsan")
	if err != nil {
		log.Fatal(err)
	}
	err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{
		UserID:         "zhangsan",
		ExternalUserID: ids[0],
		AddTags:        []string{group.Tags[0].ID},
	})
	if err != nil {
		log.Fatal(err)
	}

	c, err := ec.Get(ctx, ids[0])
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range c.FollowUsers {
		if f.UserID != "zhangsan" {
			continue
		}
		for _, t := range f.Tags {
			if t.GroupName == "续费意向" {
				fmt.Printf("%s is tagged %s/%s (%s tag)\n", c.ExternalContact.Name, t.GroupName, t.TagName, t.Type)
			}
		}
	}
	// Output: 郭伟伟 is tagged 续费意向/高 (corp tag)
}

// Hand over a resigned member's customers (离职继承): list what is waiting
// with GetUnassignedAll, assign it with ResignedTransferCustomer (at most
// 100 customers per call), then follow the takeover with
// ResignedTransferResultAll.
func ExampleClient_ResignedTransferCustomer() {
	app, done := newApp()
	defer done()
	ctx := context.Background()
	ec := app.ExternalContact()

	// Group the unassigned customers by the member who left.
	byMember := map[string][]string{}
	var order []string
	for u, err := range ec.GetUnassignedAll(ctx, &externalcontact.GetUnassignedRequest{PageSize: 100}) {
		if err != nil {
			log.Fatal(err)
		}
		if _, seen := byMember[u.HandoverUserID]; !seen {
			order = append(order, u.HandoverUserID)
		}
		byMember[u.HandoverUserID] = append(byMember[u.HandoverUserID], u.ExternalUserID)
	}

	for _, handover := range order {
		customers := byMember[handover]
		for len(customers) > 0 {
			batch := customers[:min(100, len(customers))]
			customers = customers[len(batch):]
			resp, err := ec.ResignedTransferCustomer(ctx, &externalcontact.ResignedTransferCustomerRequest{
				HandoverUserID:  handover,
				TakeoverUserID:  "lisi",
				ExternalUserIDs: batch,
			})
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%s: %d customers handed to lisi, %d failed\n", handover, len(batch), len(resp.Failed()))
		}
		waiting := 0
		req := &externalcontact.TransferResultRequest{HandoverUserID: handover, TakeoverUserID: "lisi"}
		for t, err := range ec.ResignedTransferResultAll(ctx, req) {
			if err != nil {
				log.Fatal(err)
			}
			if t.Status == externalcontact.TransferWaiting {
				waiting++
			}
		}
		fmt.Printf("%s: %d waiting for the automatic takeover\n", handover, waiting)
	}
	// Output:
	// qianduo: 5 customers handed to lisi, 0 failed
	// qianduo: 5 waiting for the automatic takeover
	// zhouquan: 5 customers handed to lisi, 0 failed
	// zhouquan: 5 waiting for the automatic takeover
}
