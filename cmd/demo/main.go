// Command demo walks through the 客户联系 (external contact) API against the
// embedded WeCom simulator (package worktest): no credentials, no network.
//
//	go run ./cmd/demo
//
// It is the code a service would run against the real WeCom; only the Config
// differs (point it at qyapi.weixin.qq.com with a real corp id and secret).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"sort"
	"strings"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/externalcontact"
	"github.com/wecomkit/wecom/work/worktest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	sim := worktest.NewServer(worktest.WithSeed(42))
	defer sim.Close()
	fmt.Fprintf(out, "WeCom simulator at %s (corp %s)\n\n", sim.URL, sim.CorpID)

	app, err := work.New(sim.Config())
	if err != nil {
		return err
	}
	ec := app.ExternalContact()

	// 1. Members with 客户联系 enabled.
	members, err := ec.GetFollowUsers(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "1. %d members have 客户联系 enabled: %s\n", len(members), strings.Join(members, ", "))

	// 2. One member's customers, with details.
	me := members[0]
	ids, err := ec.List(ctx, me)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "2. %s has %d customers\n", me, len(ids))
	for _, id := range ids[:min(3, len(ids))] {
		c, err := ec.Get(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "   - %s (%s, %s) followed by %d member(s)\n", c.ExternalContact.Name, c.ExternalContact.Type, id, len(c.FollowUsers))
		for _, f := range c.FollowUsers {
			if f.UserID != me {
				continue
			}
			var tags []string
			for _, t := range f.Tags {
				tags = append(tags, t.GroupName+"/"+t.TagName)
			}
			fmt.Fprintf(out, "     remark %q, added via %s, tags [%s]\n", f.Remark, f.AddWay, strings.Join(tags, ", "))
		}
	}

	// 3. Every customer of every member, page by page, with one iterator.
	perWay := map[string]int{}
	pairs := 0
	for bc, err := range ec.BatchGetByUserAll(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: members, Limit: 25}) {
		if err != nil {
			return err
		}
		pairs++
		perWay[bc.FollowInfo.AddWay.String()]++
	}
	fmt.Fprintf(out, "3. batch/get_by_user walked %d (customer, member) pairs; by add_way: %s\n", pairs, summarize(perWay))

	// 4. Change a remark; the simulator is stateful, so Get sees it.
	target := ids[0]
	err = ec.Remark(ctx, &externalcontact.RemarkRequest{UserID: me, ExternalUserID: target, Remark: "VIP 客户", Description: "renewal due in June"})
	if err != nil {
		return err
	}
	c, err := ec.Get(ctx, target)
	if err != nil {
		return err
	}
	for _, f := range c.FollowUsers {
		if f.UserID == me {
			fmt.Fprintf(out, "4. remark of %s is now %q (%s)\n", target, f.Remark, f.Description)
		}
	}

	// 5. Errors are typed: bad input never leaves the process, WeCom's
	// errcodes come back as *core.APIError you can match with errors.Is.
	_, err = ec.BatchGetByUser(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: []string{members[0], ""}})
	fmt.Fprintf(out, "5. an empty userid rejected before sending: %v (invalid argument: %t)\n", err, errors.Is(err, core.ErrInvalidArgument))
	_, err = ec.Get(ctx, "wmNO_SUCH_CUSTOMER")
	fmt.Fprintf(out, "   unknown customer: %v (ErrInvalidExternalUserID: %t)\n", err, errors.Is(err, core.ErrInvalidExternalUserID))

	// 6. Tag the customer with a new corp tag; Get shows it.
	if err := tagCustomer(ctx, out, ec, me, target); err != nil {
		return err
	}

	// 7. Hand a resigned member's customers to a colleague (离职继承).
	if err := handOver(ctx, out, sim, ec, members[1]); err != nil {
		return err
	}

	// 8. Customer group chats.
	n, owners := 0, map[string]bool{}
	for g, err := range ec.GetGroupChatsAll(ctx, &externalcontact.GetGroupChatsRequest{Limit: 2}) {
		if err != nil {
			return err
		}
		chat, err := ec.GetGroupChat(ctx, g.ChatID, true)
		if err != nil {
			return err
		}
		n++
		owners[chat.Owner] = true
		if n == 1 {
			fmt.Fprintf(out, "8. group chat %q owned by %s has %d members\n", chat.Name, chat.Owner, len(chat.Members))
		}
	}
	fmt.Fprintf(out, "   %d group chats in all, owned by %d members\n", n, len(owners))

	// 9. A customer adds a member through a 「联系我」 channel: WeCom pushes
	// an encrypted event to the callback URL, with the channel's State and a
	// WelcomeCode valid for 20 seconds.
	if err := receiveEvent(ctx, out, sim, me); err != nil {
		return err
	}

	// 10. Transient failures are retried; the token is fetched once.
	sim.Faults().FailNext("externalcontact/get", 2, -1)
	if _, err := ec.Get(ctx, target); err != nil {
		return err
	}
	fmt.Fprintf(out, "10. two 'system busy' answers were retried; gettoken was called %d time(s) for %d API calls\n",
		sim.Count("gettoken"), sim.Count("*")-sim.Count("gettoken"))
	return nil
}

func tagCustomer(ctx context.Context, out io.Writer, ec *externalcontact.Client, member, customer string) error {
	group, err := ec.AddCorpTag(ctx, &externalcontact.AddCorpTagRequest{
		GroupName: "续费意向",
		Tags:      []externalcontact.TagSpec{{Name: "高"}, {Name: "中"}, {Name: "低"}},
	})
	if err != nil {
		return err
	}
	err = ec.MarkTags(ctx, &externalcontact.MarkTagsRequest{UserID: member, ExternalUserID: customer, AddTags: []string{group.Tags[0].ID}})
	if err != nil {
		return err
	}
	c, err := ec.Get(ctx, customer)
	if err != nil {
		return err
	}
	for _, f := range c.FollowUsers {
		for _, t := range f.Tags {
			if f.UserID == member && t.GroupName == group.GroupName {
				fmt.Fprintf(out, "6. created tag group %s with %d tags; %s now carries %s/%s\n", group.GroupName, len(group.Tags), c.ExternalContact.Name, t.GroupName, t.TagName)
			}
		}
	}
	return nil
}

func handOver(ctx context.Context, out io.Writer, sim *worktest.Server, ec *externalcontact.Client, takeover string) error {
	byMember := map[string][]string{}
	for u, err := range ec.GetUnassignedAll(ctx, nil) {
		if err != nil {
			return err
		}
		byMember[u.HandoverUserID] = append(byMember[u.HandoverUserID], u.ExternalUserID)
	}
	handovers := make([]string, 0, len(byMember))
	for h := range byMember {
		handovers = append(handovers, h)
	}
	sort.Strings(handovers)
	fmt.Fprintf(out, "7. %d resigned members have customers waiting for a new owner\n", len(handovers))
	for _, h := range handovers {
		resp, err := ec.ResignedTransferCustomer(ctx, &externalcontact.ResignedTransferCustomerRequest{
			HandoverUserID: h, TakeoverUserID: takeover, ExternalUserIDs: byMember[h],
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "   %d customers of %s assigned to %s (%d failed)\n", len(byMember[h]), h, takeover, len(resp.Failed()))
	}
	// WeCom completes a takeover after 24 hours; the simulator can jump ahead.
	sim.CompleteTransfers()
	status := map[string]int{}
	for t, err := range ec.ResignedTransferResultAll(ctx, &externalcontact.TransferResultRequest{HandoverUserID: handovers[0], TakeoverUserID: takeover}) {
		if err != nil {
			return err
		}
		status[t.Status.String()]++
	}
	ids, err := ec.List(ctx, takeover)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   after the takeover: %s; %s now has %d customers\n", summarize(status), takeover, len(ids))
	return nil
}

func receiveEvent(ctx context.Context, out io.Writer, sim *worktest.Server, member string) error {
	const token, aesKey = "demoCallbackToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: aesKey, ReceiverIDs: []string{sim.CorpID}})
	if err != nil {
		return err
	}
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		fmt.Fprintf(out, "9. event add_external_contact: %s added %s via channel %q, welcome code %d chars\n",
			e.ExternalUserID, e.UserID, e.State, len(e.WelcomeCode))
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := sim.SetCallback(worktest.CallbackConfig{URL: srv.URL, Token: token, EncodingAESKey: aesKey}); err != nil {
		return err
	}
	if err := sim.VerifyCallbackURL(ctx); err != nil {
		return err
	}
	way, err := sim.AddContactWay(worktest.ContactWaySpec{
		Type: worktest.ContactWaySingle, Scene: worktest.ContactWayQRCode, Users: []string{member}, State: "spring-poster",
	})
	if err != nil {
		return err
	}
	_, err = sim.AddContact(ctx, worktest.AddContact{ConfigID: way})
	return err
}

func summarize(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
