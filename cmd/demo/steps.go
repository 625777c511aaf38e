package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/content"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/message"
	"github.com/wecomkit/wecom/work/moment"
	"github.com/wecomkit/wecom/work/statistics"
	"github.com/wecomkit/wecom/work/worktest"
)

// 1. The channel: a 「联系我」 QR code whose state tells its customers apart.
func (d *demo) createChannel() error {
	d.step("app.ContactWay().Create(ctx, …)", "a 「联系我」 QR code for the spring poster, with a state")
	way, err := d.app.ContactWay().Create(d.ctx, &contactway.CreateRequest{
		Type: contactway.Single, Scene: contactway.SceneQRCode,
		Users: []string{member}, State: channelState, Remark: "春季海报",
	})
	if err != nil {
		return err
	}
	d.configID = way.ConfigID
	d.sdk(`app.ContactWay().Create(ctx, &contactway.CreateRequest{Type: contactway.Single, Scene: contactway.SceneQRCode, Users: []string{"zhangsan"}, State: "spring-poster"})`,
		"config_id %s, qr_code %s", way.ConfigID, way.QRCode)
	return nil
}

// 2. A customer scans the poster. In WeCom a person does this with their
// phone; the simulator has a back door for it, which then pushes the
// encrypted add_external_contact event to the callback URL, as WeCom does.
func (d *demo) scan() error {
	d.step("[simulator] sim.ContactWays().Scan(ctx, configID, …)", "a customer scans the QR code")
	added, err := d.sim.ContactWays().Scan(d.ctx, d.configID, worktest.AddContact{})
	if err != nil {
		return err
	}
	d.customer = added.ExternalUserID
	d.printf("   → customer %s adds %s; the relation gets state %q\n", added.ExternalUserID, added.UserID, added.State)
	d.printf("   → WeCom pushes add_external_contact, encrypted, to the callback URL; the handler answers at once\n")
	return nil
}

// onAddExternalContact is the callback's handler for add_external_contact:
// it answers WeCom at once and sends the welcome message from a goroutine,
// within the 20 seconds the WelcomeCode is valid.
func (d *demo) onAddExternalContact(_ context.Context, e *callback.AddExternalContactEvent) error {
	if e.WelcomeCode == "" {
		return nil // the admin set a welcome message for the member in the console
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), message.WelcomeCodeTTL)
		defer cancel()
		err := d.app.ExternalContactMessage().SendWelcome(ctx, &message.WelcomeMsg{
			WelcomeCode: e.WelcomeCode,
			Text:        &content.Text{Content: "您好，我是张三，您的专属顾问。春季新品已上架，有问题随时找我"},
			Attachments: []content.Attachment{content.NewLink(content.Link{
				Title: "新客专享礼包", URL: "https://example.com/gift?from=" + e.State})},
		})
		select {
		case d.welcomed <- welcome{event: e, err: err}:
		default: // a second event: the story has one customer
		}
	}()
	return nil
}

// 3. The welcome message, sent by the callback handler.
func (d *demo) sendWelcome() error {
	d.step("app.ExternalContactMessage().SendWelcome(ctx, …)", "the callback handler welcomes the customer within 20 s")
	var w welcome
	select {
	case w = <-d.welcomed:
	case <-time.After(message.WelcomeCodeTTL):
		return errors.New("the callback handler sent no welcome message")
	case <-d.ctx.Done():
		return d.ctx.Err()
	}
	e := w.event
	d.printf("   h.OnAddExternalContact(fn): fn got %s added %s, State %q, WelcomeCode %s\n",
		e.ExternalUserID, e.UserID, e.State, e.WelcomeCode)
	if w.err != nil {
		return w.err
	}
	d.sdk(`app.ExternalContactMessage().SendWelcome(ctx, &message.WelcomeMsg{WelcomeCode: e.WelcomeCode, Text: …, Attachments: …})`,
		"sent, from a goroutine: the handler answered WeCom at once")
	sent := d.sim.Messages().Welcomes()
	if len(sent) != 1 {
		return fmt.Errorf("the simulator recorded %d welcome messages, want 1", len(sent))
	}
	wm := sent[0]
	d.simulator("sim.Messages().Welcomes()", fmt.Sprintf("%s got %q + link %s, %s after the event on the simulator clock (message.WelcomeCodeTTL: %s)",
		wm.ExternalUserID, wm.Text.Content, wm.Attachments[0].Link.URL, time.Unix(wm.SendTime, 0).Sub(time.Unix(e.CreateTime, 0)), message.WelcomeCodeTTL))

	// The code is used up: a retry, or a second app, cannot welcome twice.
	err := d.app.ExternalContactMessage().SendWelcome(d.ctx, &message.WelcomeMsg{
		WelcomeCode: e.WelcomeCode, Text: &content.Text{Content: "again"}})
	if !errors.Is(err, message.ErrWelcomeCodeUsed) {
		return fmt.Errorf("a second welcome with the same code: %v, want message.ErrWelcomeCodeUsed", err)
	}
	d.sdk("app.ExternalContactMessage().SendWelcome(ctx, …) again, same WelcomeCode",
		"errors.Is(err, message.ErrWelcomeCodeUsed): the customer is welcomed once")
	return nil
}

// 4. Tags: a new campaign tag, and a seeded one found by name.
func (d *demo) tag() error {
	d.step("app.ExternalContact().MarkTags(ctx, …)", "tag the customer, as zhangsan sees them")
	ec := d.app.ExternalContact()
	group, err := ec.AddCorpTag(d.ctx, &externalcontact.AddCorpTagRequest{
		GroupName: "春季活动", Tags: []externalcontact.TagSpec{{Name: "海报客户"}}})
	if err != nil {
		return err
	}
	d.campaignID = group.Tags[0].ID
	d.sdk(`app.ExternalContact().AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{GroupName: "春季活动", Tags: []externalcontact.TagSpec{{Name: "海报客户"}}})`,
		"group %s %s, tag %s %s", group.GroupName, group.GroupID, group.Tags[0].Name, group.Tags[0].ID)

	groups, err := ec.GetCorpTags(d.ctx, nil)
	if err != nil {
		return err
	}
	tags := 0
	for _, g := range groups {
		for _, t := range g.Tags {
			tags++
			if g.GroupName == "客户等级" && t.Name == "潜在客户" {
				d.prospectID = t.ID
			}
		}
	}
	if d.prospectID == "" {
		return errors.New("no tag 客户等级/潜在客户 in the corp's tags")
	}
	d.sdk("app.ExternalContact().GetCorpTags(ctx, nil)", "%d groups, %d tags; 客户等级/潜在客户 is %s", len(groups), tags, d.prospectID)

	err = ec.MarkTags(d.ctx, &externalcontact.MarkTagsRequest{
		UserID: member, ExternalUserID: d.customer, AddTags: []string{d.campaignID, d.prospectID}})
	if err != nil {
		return err
	}
	d.sdk(`app.ExternalContact().MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: "zhangsan", ExternalUserID: customer, AddTags: []string{campaign, prospect}})`, "ok")

	c, err := ec.Get(d.ctx, d.customer)
	if err != nil {
		return err
	}
	d.name = c.ExternalContact.Name
	for _, f := range c.FollowUsers {
		if f.UserID != member {
			continue
		}
		var names []string
		for _, t := range f.Tags {
			names = append(names, t.GroupName+"/"+t.TagName)
		}
		d.sdk("app.ExternalContact().Get(ctx, customer)", "%s (%s), added %s via %s, state %q, tags %s",
			c.ExternalContact.Name, c.ExternalContact.Type, stamp(time.Unix(f.CreateTime, 0)), f.AddWay, f.State, strings.Join(names, ", "))
	}
	return nil
}

// 5. A mass message (企业群发) to zhangsan's customers tagged 潜在客户.
// WeCom sends it only once the sender confirms it in the WeCom app.
func (d *demo) massMessage() error {
	d.step("app.ExternalContactMessage().Submit(ctx, …)", "a mass message to zhangsan's customers tagged 潜在客户")
	msg := d.app.ExternalContactMessage()
	res, err := msg.Submit(d.ctx, &message.MsgTemplate{
		Sender:    member,
		TagFilter: &message.TagFilter{GroupList: []message.TagGroup{{TagList: []string{d.prospectID}}}},
		Text:      &content.Text{Content: "春季新品到店，凭此消息到店享九折"},
	})
	if err != nil {
		// With errors.Is(err, core.ErrUnknownOutcome) it may have been
		// created: FindSubmitted tells before anyone submits it again (the
		// SDK never re-sends a mass message).
		return err
	}
	d.sdk(`app.ExternalContactMessage().Submit(ctx, &message.MsgTemplate{Sender: "zhangsan", TagFilter: {潜在客户}, Text: …})`,
		"msgid %s, %d customers left out (fail_list)", res.MsgID, len(res.FailList))

	if err := d.sim.Messages().Confirm(res.MsgID, member); err != nil {
		return err
	}
	d.simulator(`sim.Messages().Confirm(msgid, "zhangsan")`, "zhangsan confirms the message in the WeCom app, and it goes out")

	for task, err := range msg.GetGroupMsgTaskAll(d.ctx, &message.GroupMsgTaskRequest{MsgID: res.MsgID}) {
		if err != nil {
			return err
		}
		d.sdk("app.ExternalContactMessage().GetGroupMsgTaskAll(ctx, &message.GroupMsgTaskRequest{MsgID: msgid})",
			"%s: %s at %s", task.UserID, task.Status, stamp(time.Unix(task.SendTime, 0)))
	}
	statuses := map[message.SendStatus]int{}
	var lines []string
	for r, err := range msg.GetGroupMsgSendResultAll(d.ctx, &message.GroupMsgSendResultRequest{MsgID: res.MsgID, UserID: member}) {
		if err != nil {
			return err
		}
		statuses[r.Status]++
		who := r.ExternalUserID
		if who == d.customer {
			who += " (" + d.name + ", from the poster)"
		}
		lines = append(lines, fmt.Sprintf("       %s: %s", who, r.Status))
	}
	if len(lines) == 0 {
		return errors.New("the mass message reached no customer")
	}
	d.sdk(`app.ExternalContactMessage().GetGroupMsgSendResultAll(ctx, &message.GroupMsgSendResultRequest{MsgID: msgid, UserID: "zhangsan"})`,
		"%d customers, %d sent:\n%s", len(lines), statuses[message.SendSent], strings.Join(lines, "\n"))
	return nil
}

// 6. A moment (客户朋友圈) with an image, for the customers tagged 海报客户.
// WeCom creates it asynchronously; zhangsan then publishes it in the app.
func (d *demo) moment() error {
	d.step("app.Moment().CreateTask(ctx, …)", "a moment for the 朋友圈 of the customers tagged 海报客户")
	poster := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 4096)...) // a PNG, from a file or a request
	up, err := d.app.Media().UploadAttachment(d.ctx, &media.AttachmentRequest{
		AttachmentType: media.AttachmentMoment, MediaType: media.Image,
		File: media.Upload{Name: "spring-poster.png", Body: bytes.NewReader(poster)},
	})
	if err != nil {
		return err
	}
	d.sdk(`app.Media().UploadAttachment(ctx, &media.AttachmentRequest{AttachmentType: media.AttachmentMoment, MediaType: media.Image, File: …})`,
		"media_id %s, valid until %s", up.MediaID, stamp(up.ExpiresAt))

	m := d.app.Moment()
	job, err := m.CreateTask(d.ctx, &moment.CreateTaskRequest{
		Text:        &content.Text{Content: "春季新品上市，海报客户专享到店礼"},
		Attachments: []content.Attachment{content.NewImage(up.MediaID)},
		VisibleRange: &moment.VisibleRange{
			Senders:          &moment.SenderList{UserIDs: []string{member}},
			ExternalContacts: &moment.ExternalContactList{TagIDs: []string{d.campaignID}},
		},
	})
	if err != nil {
		return err // errors.Is(err, core.ErrUnknownOutcome): look in List before posting again
	}
	d.sdk(`app.Moment().CreateTask(ctx, &moment.CreateTaskRequest{Text: …, Attachments: {image}, VisibleRange: {zhangsan; tag 海报客户}})`,
		"jobid %s", job.JobID)

	wait, cancel := context.WithTimeout(d.ctx, time.Minute)
	defer cancel()
	res, err := m.WaitTask(wait, job.JobID, core.PollPolicy{Sleep: func(ctx context.Context, _ time.Duration) error {
		d.sim.Clock().Advance(time.Second) // the simulator's time passes instead
		return ctx.Err()
	}})
	if err != nil {
		return err
	}
	if err := res.Result.Err(); err != nil {
		return err
	}
	d.simulator("core.PollPolicy{Sleep: …} advancing sim.Clock() a second per wait", "WaitTask polls without real sleeps (against WeCom: leave Sleep nil)")
	d.sdk("app.Moment().WaitTask(ctx, jobid, policy)", "job %s: moment %s", res.Status, res.Result.MomentID)

	if err := d.sim.Moments().Publish(res.Result.MomentID, member); err != nil {
		return err
	}
	d.simulator(`sim.Moments().Publish(momentID, "zhangsan")`, "zhangsan publishes the moment in the WeCom app")

	seen, err := m.GetSendResult(d.ctx, &moment.GetSendResultRequest{MomentID: res.Result.MomentID, UserID: member})
	if err != nil {
		return err
	}
	var who []string
	for _, c := range seen.Customers {
		s := c.ExternalUserID
		if s == d.customer {
			s += " (" + d.name + ")"
		}
		who = append(who, s)
	}
	d.sdk(`app.Moment().GetSendResult(ctx, &moment.GetSendResultRequest{MomentID: momentID, UserID: "zhangsan"})`,
		"customers who can see it: %s", strings.Join(who, ", "))
	return nil
}

// 7. Statistics: WeCom reports a day once it is over.
func (d *demo) statistics() error {
	d.step("app.Statistics().UserBehavior(ctx, …)", "zhangsan's figures for the day, once it is over")
	may1 := d.sim.Clock().Now()
	d.sim.Clock().Advance(24 * time.Hour)
	d.simulator("sim.Clock().Advance(24 * time.Hour)", "a day passes; it is now "+stamp(d.sim.Clock().Now()))
	days, err := d.app.Statistics().UserBehavior(d.ctx, &statistics.UserBehaviorRequest{
		UserIDs: []string{member}, Start: may1.AddDate(0, 0, -1), End: may1})
	if err != nil {
		return err
	}
	var lines []string
	for _, b := range days {
		lines = append(lines, fmt.Sprintf("       %s: NewContactCount %d, NewApplyCount %d, NegativeFeedbackCount %d",
			b.Day().Format(time.DateOnly), b.NewContactCount, b.NewApplyCount, b.NegativeFeedbackCount))
	}
	d.sdk(`app.Statistics().UserBehavior(ctx, &statistics.UserBehaviorRequest{UserIDs: []string{"zhangsan"}, Start: may1.AddDate(0, 0, -1), End: may1})`,
		"%d days:\n%s", len(days), strings.Join(lines, "\n"))
	return nil
}
