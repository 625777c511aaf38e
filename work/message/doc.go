// Package message sends 客户联系's messages: mass messages to customers and
// customer groups (企业群发, add_msg_template and the calls that follow a
// mass message) and welcome messages to new customers (新客户欢迎语,
// send_welcome_msg). It is not 应用消息 (message/send, an app's messages
// to members), which belongs to another package; group welcome templates
// (入群欢迎语素材) are in package groupwelcome.
//
// Get a Client from work.App.ExternalContactMessage. Method names follow
// EasyWeChat's external_contact_message client (Submit, SendWelcome,
// GetGroupMsgListV2, …); each doc comment names the WeCom path and the
// WxJava method too (addMsgTemplate, sendWelcomeMsg, …).
//
// # Never twice
//
// A mass message reaches up to 10,000 customers, a welcome message a
// customer who has just added a member: Submit, SendWelcome and Remind are
// never re-sent once the request may have reached WeCom, not even on
// errcode -1. Their error then matches core.ErrUnknownOutcome; every other
// error means nothing was sent.
//
// After an unknown outcome of Submit, find out before submitting again:
// list the mass messages created in a window around the call
// (get_groupmsg_list_v2 takes a window of at most a month, the chat type,
// the creator and the creator type) and look for yours. FindSubmitted does
// it: it lists the corp-created messages (filter_type 0, which is what
// API-created messages are; WeCom returns no creator for them) of the
// template's chat type in the window and returns those with the same text
// and attachments:
//
//	res, err := msg.Submit(ctx, tmpl)
//	if errors.Is(err, core.ErrUnknownOutcome) {
//		found, ferr := msg.FindSubmitted(ctx, tmpl, before, time.Now())
//		// len(found) == 1: it was created; 0: it was not, submit again.
//	}
//
// A welcome code is usable once, so SendWelcome cannot duplicate a welcome
// message: after an unknown outcome, calling it again with the same code
// (within the 20 s) either sends it, because the first call had not, or
// fails with ErrWelcomeCodeUsed (41051), because it had, or because another
// app used the code first.
//
// Submit makes a task for each sender, who confirms it in WeCom before the
// customers get it; GetGroupMsgTask and GetGroupMsgSendResult follow it,
// Remind nudges the senders who have not sent it, Cancel stops what is not
// sent yet. A welcome message goes out from the add_external_contact
// callback: answer the callback first and call SendWelcome from a
// goroutine with a deadline of the event's time plus the 20 s.
//
// # Content
//
// Text and attachments are package content's types, checked with each
// endpoint's limits before anything is sent: text at most 4000 bytes, at
// most 9 attachments of the kinds image (media_id, or pic_url from
// media/uploadimg), link (title and url), mini program (title,
// pic_media_id, appid, page), video and file; text and attachments may not
// both be empty. A mass message to customers (ChatSingle) names its
// customers (external_userid, at most 10,000) or its sender, or both; one
// to customer groups (ChatGroup) needs its sender and may name up to 2000
// groups (chat_id_list). TagFilter narrows the customers by tag.
//
// EasyWeChat's submit and sendWelcome also take the pre-attachments form,
// with image, link and miniprogram at the top level of the message. WeCom
// now reads attachments: LegacyAttachments maps that form.
//
// # Reads
//
// GetGroupMsgListV2 (at most 100 a page), GetGroupMsgTask and
// GetGroupMsgSendResult (at most 1000 a page) page by cursor and come with
// …All iterators that walk every page, stop at the first error and honour
// break. Times are Unix seconds (int64), as WeCom sends them.
//
// # Examples
//
//   - ExampleClient_SendWelcome: the welcome message of a customer who came
//     through a 「联系我」 channel, sent from the callback within 20 s.
//   - ExampleClient_Submit: a mass message to a tag's customers, then its
//     per-customer results.
//   - ExampleClient_FindSubmitted: after a lost answer, whether Submit
//     created the message.
//   - ExampleLegacyAttachments: EasyWeChat's top-level image, link and
//     miniprogram as attachments.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/message -run '^ExampleClient_Submit$' -v
package message
