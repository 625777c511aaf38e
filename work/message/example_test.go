package message_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/worktest"
)

// newApp starts a seeded simulator and returns an App on it.
func newApp(seed int64) (*work.App, *worktest.Server) {
	sim := worktest.NewServer(worktest.WithSeed(seed))
	app, err := work.New(sim.Config())
	if err != nil {
		log.Fatal(err)
	}
	return app, sim
}

// A customer adds a member through a 「联系我」 channel; the callback
// handler answers at once and sends the welcome message from a goroutine,
// within the 20 seconds the event's WelcomeCode is valid.
func ExampleClient_SendWelcome() {
	app, sim := newApp(11)
	defer sim.Close()
	const token, aesKey = "welcomeT0ken", "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"

	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: aesKey, ReceiverIDs: []string{sim.CorpID}})
	if err != nil {
		log.Fatal(err)
	}
	sent := make(chan error, 1)
	h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		if e.WelcomeCode == "" {
			return nil // the admin set a welcome message in the console
		}
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), message.WelcomeCodeTTL)
			defer cancel()
			sent <- app.ExternalContactMessage().SendWelcome(ctx, &message.WelcomeMsg{
				WelcomeCode: e.WelcomeCode,
				Text:        &content.Text{Content: "您好，我是您的专属顾问，有问题随时找我"},
				Attachments: []content.Attachment{content.NewLink(content.Link{
					Title: "新客专享礼包", URL: "https://example.com/gift?from=" + e.State})},
			})
		}()
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: aesKey}); err != nil {
		log.Fatal(err)
	}

	way, err := sim.ContactWays().Add(worktest.ContactWaySpec{Type: worktest.ContactWaySingle,
		Scene: worktest.ContactWayQRCode, Users: []string{"zhangsan"}, State: "store-42"})
	if err != nil {
		log.Fatal(err)
	}
	added, err := sim.ContactWays().Scan(context.Background(), way, worktest.AddContact{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("send:", <-sent)

	w := sim.Messages().Welcomes()[0]
	fmt.Println(w.UserID, "welcomed the new customer:", w.ExternalUserID == added.ExternalUserID)
	fmt.Println(w.Text.Content, "+", w.Attachments[0].Link.URL)

	// The code is used up: a second send (another app, or a retry after a
	// lost answer) cannot duplicate the message.
	err = app.ExternalContactMessage().SendWelcome(context.Background(), &message.WelcomeMsg{
		WelcomeCode: added.WelcomeCode, Text: &content.Text{Content: "again"}})
	fmt.Println("again:", errors.Is(err, message.ErrWelcomeCodeUsed))
	// Output:
	// send: <nil>
	// zhangsan welcomed the new customer: true
	// 您好，我是您的专属顾问，有问题随时找我 + https://example.com/gift?from=store-42
	// again: true
}

// A mass message to the customers of a tag (tag_filter), then its
// per-customer results once the sender has confirmed it.
func ExampleClient_Submit() {
	app, sim := newApp(12)
	defer sim.Close()
	ctx := context.Background()
	ec, msg := app.ExternalContact(), app.ExternalContactMessage()

	// Tag two of zhangsan's customers "VIP".
	group, err := ec.AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{GroupName: "会员", Tags: []externalcontact.TagSpec{{Name: "VIP"}}})
	if err != nil {
		log.Fatal(err)
	}
	vip := group.Tags[0].ID
	customers, err := ec.List(ctx, "zhangsan")
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range customers[:2] {
		if err := ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: "zhangsan", ExternalUserID: id, AddTags: []string{vip}}); err != nil {
			log.Fatal(err)
		}
	}

	res, err := msg.Submit(ctx, &message.MsgTemplate{
		Sender:    "zhangsan",
		TagFilter: &message.TagFilter{GroupList: []message.TagGroup{{TagList: []string{vip}}}},
		Text:      &content.Text{Content: "VIP 专享：本周六会员日，全场八折"},
	})
	if errors.Is(err, core.ErrUnknownOutcome) {
		log.Fatal("it may have been created: look with FindSubmitted before submitting again")
	}
	if err != nil {
		log.Fatal(err)
	}

	// zhangsan confirms it in WeCom (the simulator: an hour later).
	beijing := time.FixedZone("CST", 8*3600)
	sim.Clock().Advance(worktest.MassTaskConfirmDelay)
	for task, err := range msg.GetGroupMsgTaskAll(ctx, &message.GroupMsgTaskRequest{MsgID: res.MsgID}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s at %s\n", task.UserID, task.Status, time.Unix(task.SendTime, 0).In(beijing).Format(time.DateTime))
		for r, err := range msg.GetGroupMsgSendResultAll(ctx, &message.GroupMsgSendResultRequest{MsgID: res.MsgID, UserID: task.UserID}) {
			if err != nil {
				log.Fatal(err)
			}
			c, err := ec.Get(ctx, r.ExternalUserID)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("  %s: %s\n", c.ExternalContact.Name, r.Status)
		}
	}
	// Output:
	// zhangsan: sent at 2024-05-01 11:00:00
	//   徐明: sent
	//   张刚: sent
}

// After a Submit whose answer was lost, FindSubmitted tells whether the
// mass message was created before anyone submits it again.
func ExampleClient_FindSubmitted() {
	app, sim := newApp(13)
	defer sim.Close()
	ctx := context.Background()
	msg := app.ExternalContactMessage()
	tmpl := &message.MsgTemplate{Sender: "lisi", Text: &content.Text{Content: "双十一预告"}}

	before := sim.Clock().Now()
	sim.Faults().LoseAnswer("externalcontact/add_msg_template", 1, 502) // WeCom creates it; the answer is lost
	_, err := msg.Submit(ctx, tmpl)
	fmt.Println("unknown outcome:", errors.Is(err, core.ErrUnknownOutcome))

	found, err := msg.FindSubmitted(ctx, tmpl, before.Add(-time.Minute), sim.Clock().Now())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", len(found) == 1)
	// Output:
	// unknown outcome: true
	// created: true
}

// Porting EasyWeChat's pre-attachments message: the top-level image, link
// and miniprogram become attachments.
func ExampleLegacyAttachments() {
	// EasyWeChat: $msg->submit(['sender' => 'zhangsan', 'text' => [...],
	//     'link' => ['title' => '春季新品', 'url' => 'https://example.com/spring']]);
	tmpl := &message.MsgTemplate{
		Sender:      "zhangsan",
		Text:        &content.Text{Content: "春季新品上市"},
		Attachments: message.LegacyAttachments(nil, &content.Link{Title: "春季新品", URL: "https://example.com/spring"}, nil),
	}
	b, _ := json.Marshal(tmpl)
	fmt.Println(string(b))
	fmt.Println(tmpl.Validate())
	// Output:
	// {"sender":"zhangsan","text":{"content":"春季新品上市"},"attachments":[{"msgtype":"link","link":{"title":"春季新品","url":"https://example.com/spring"}}]}
	// <nil>
}
