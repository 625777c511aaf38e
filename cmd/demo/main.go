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
	"os"
	"sort"
	"strings"

	"github.com/wecomkit/wecom/work"
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
	_, err = ec.BatchGetByUser(ctx, &externalcontact.BatchGetByUserRequest{UserIDs: members, Limit: 500})
	fmt.Fprintf(out, "5. limit 500 rejected before sending: %v (invalid argument: %t)\n", err, errors.Is(err, core.ErrInvalidArgument))
	_, err = ec.Get(ctx, "wmNO_SUCH_CUSTOMER")
	fmt.Fprintf(out, "   unknown customer: %v (ErrInvalidExternalUserID: %t)\n", err, errors.Is(err, core.ErrInvalidExternalUserID))

	// 6. Transient failures are retried; the token is fetched once.
	sim.Faults().FailNext("externalcontact/get", 2, -1)
	if _, err := ec.Get(ctx, target); err != nil {
		return err
	}
	fmt.Fprintf(out, "6. two 'system busy' answers were retried; gettoken was called %d time(s) for %d API calls\n",
		sim.Count("gettoken"), sim.Count("*")-sim.Count("gettoken"))
	return nil
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
