package main

import (
	"strconv"

	"github.com/wecomkit/wecom/work/externalcontact"
)

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return "" }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func tagRows(groups []externalcontact.TagGroup) [][]string {
	rows := [][]string{{"GROUP_ID", "GROUP", "TAG_ID", "TAG", "ORDER"}}
	for _, g := range groups {
		for _, t := range g.Tags {
			name := t.Name
			if t.Deleted {
				name += " (deleted)"
			}
			rows = append(rows, []string{g.GroupID, g.GroupName, t.ID, name, strconv.FormatInt(t.Order, 10)})
		}
	}
	return rows
}

func (c *cli) tagsList(args []string) error {
	fs := c.newFlagSet("tags list [flags]", "Lists the corp's customer tags (企业客户标签) by group: every tag, or those of --group-id / --tag-id.")
	var groupIDs, tagIDs multiFlag
	fs.Var(&groupIDs, "group-id", "only this group (repeatable)")
	fs.Var(&tagIDs, "tag-id", "only this tag (repeatable)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	groups, err := app.ExternalContact().GetCorpTags(c.ctx, &externalcontact.GetCorpTagsRequest{GroupIDs: groupIDs, TagIDs: tagIDs})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, groups)
	}
	return table(c.stdout, tagRows(groups))
}

func (c *cli) tagsAdd(args []string) error {
	fs := c.newFlagSet("tags add [flags] TAG...", "Creates tags in a group: an existing one (--group-id) or one named --group, created when new.")
	group := fs.String("group", "", "group `name`")
	groupID := fs.String("group-id", "", "group `id`")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.parse(args); err != nil {
		return err
	}
	names, err := fs.nargs(1, -1)
	if err != nil {
		return err
	}
	if (*group == "") == (*groupID == "") {
		return usagef("tags add: give one of --group and --group-id")
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	req := &externalcontact.AddCorpTagRequest{GroupID: *groupID, GroupName: *group}
	for _, n := range names {
		req.Tags = append(req.Tags, externalcontact.TagSpec{Name: n})
	}
	g, err := app.ExternalContact().AddCorpTag(c.ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, g)
	}
	return table(c.stdout, tagRows([]externalcontact.TagGroup{*g}))
}

func (c *cli) tagsMark(args []string) error {
	fs := c.newFlagSet("tags mark [flags]", "Puts corp tags on a member's customer (--add) or takes them off (--remove).")
	userID := fs.String("userid", "", "the member who added the customer")
	externalUserID := fs.String("external-userid", "", "the customer")
	add := fs.String("add", "", "comma-separated tag `ids` to put on")
	remove := fs.String("remove", "", "comma-separated tag `ids` to take off")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	err = app.ExternalContact().MarkTags(c.ctx, &externalcontact.MarkTagsRequest{
		UserID: *userID, ExternalUserID: *externalUserID, AddTags: splitList(*add), RemoveTags: splitList(*remove)})
	if err != nil {
		return err
	}
	_, err = c.stdout.Write([]byte("ok\n"))
	return err
}
