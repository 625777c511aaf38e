package main

import (
	"encoding/json"
	"strconv"

	"github.com/wecomkit/wecom/work/externalcontact"
)

func (c *cli) groupChatsList(args []string) error {
	fs := c.newFlagSet("groupchats list [flags]", "Lists the customer group chats (客户群), every page, with their status (0 normal, 1 owner resigned, 2 transferring, 3 transferred).")
	status := fs.Int("status", 0, "only chats in this `state`: 0 all, 1 owner resigned, 2 transferring, 3 transferred")
	owners := fs.String("owners", "", "comma-separated owner `userids` (at most 100)")
	asJSON := fs.Bool("json", false, "print JSON lines instead of a table")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	if *status < 0 || *status > 3 {
		return usagef("groupchats list: --status must be 0 to 3")
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	req := &externalcontact.GetGroupChatsRequest{StatusFilter: externalcontact.GroupChatStatusFilter(*status)}
	if ids := splitList(*owners); len(ids) > 0 {
		req.OwnerFilter = &externalcontact.GroupChatOwnerFilter{UserIDs: ids}
	}
	rows := [][]string{{"CHAT_ID", "STATUS"}}
	enc := json.NewEncoder(c.stdout)
	for chat, err := range app.ExternalContact().GetGroupChatsAll(c.ctx, req) {
		if err != nil {
			return err
		}
		if *asJSON {
			if err := enc.Encode(chat); err != nil {
				return err
			}
			continue
		}
		rows = append(rows, []string{chat.ChatID, strconv.Itoa(int(chat.Status)) + " " + chat.Status.String()})
	}
	if *asJSON {
		return nil
	}
	return table(c.stdout, rows)
}
