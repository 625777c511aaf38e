package main

import (
	"fmt"
	"strconv"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
)

// The 「联系我」 commands call package contactway: add_contact_way,
// list_contact_way, get_contact_way and del_contact_way,
// https://developer.work.weixin.qq.com/document/path/92228.

func (c *cli) waysCreate(args []string) error {
	fs := c.newFlagSet("ways create [flags]", `Creates a 「联系我」 contact way (externalcontact/add_contact_way) and prints its
config_id and, for a QR code (--scene 2), the QR code's URL.`)
	typ := fs.Int("type", 1, "1 for one member (单人), 2 for several (多人)")
	scene := fs.Int("scene", 2, "1 a mini-program button, 2 a QR code")
	users := fs.String("users", "", "comma-separated member `userids` (exactly one with --type 1)")
	parties := fs.String("parties", "", "comma-separated department `ids` (--type 2 only)")
	state := fs.String("state", "", "a `label` of the channel, echoed in the customer's follow info (at most 30 characters)")
	remark := fs.String("remark", "", "a `note` on the way (at most 30 characters)")
	style := fs.Int("style", 0, "mini-program button style")
	verify := fs.Bool("verify", false, "customers need the member's approval (default: added without it)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	req := &contactway.CreateRequest{Type: contactway.Type(*typ), Scene: contactway.Scene(*scene), Style: *style,
		Remark: *remark, State: *state, Users: splitList(*users)}
	if *verify {
		req.SkipVerify = core.Ptr(false)
	}
	for _, p := range splitList(*parties) {
		id, err := strconv.Atoi(p)
		if err != nil {
			return usagef("ways create: --parties: %q is not a department id", p)
		}
		req.Parties = append(req.Parties, id)
	}
	if err := req.Validate(); err != nil {
		return err // before the credentials are even looked at
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	res, err := app.ContactWay().Create(c.ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "config_id:", res.ConfigID)
	if res.QRCode != "" {
		fmt.Fprintln(c.stdout, "qr_code:  ", res.QRCode)
	}
	return nil
}

func (c *cli) waysList(args []string) error {
	fs := c.newFlagSet("ways list [flags]", `Lists the config_ids of the 「联系我」 contact ways created in a time range
(externalcontact/list_contact_way, every page; WeCom's default range is the
last 90 days, and it never lists ways older than 2021-07-10 or temporary ones).`)
	start := fs.Int64("start-time", 0, "from this Unix `time`")
	end := fs.Int64("end-time", 0, "until this Unix `time`")
	limit := fs.Int("limit", 0, "ways per page, at most 1000 (default: WeCom's, 100)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	req := &contactway.ListRequest{StartTime: *start, EndTime: *end, Limit: *limit}
	if err := req.Validate(); err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	for w, err := range app.ContactWay().ListAll(c.ctx, req) {
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, w.ConfigID)
	}
	return nil
}

func (c *cli) waysGet(args []string) error {
	return c.withID(args, "ways get [flags] CONFIG_ID", "Prints a 「联系我」 contact way (externalcontact/get_contact_way) as JSON.",
		func(app *work.App, id string) error {
			way, err := app.ContactWay().Get(c.ctx, id)
			if err != nil {
				return err
			}
			return printJSON(c.stdout, way)
		})
}

func (c *cli) waysDelete(args []string) error {
	return c.withID(args, "ways delete [flags] CONFIG_ID", "Deletes a 「联系我」 contact way (externalcontact/del_contact_way).",
		func(app *work.App, id string) error {
			if err := app.ContactWay().Delete(c.ctx, id); err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, "deleted", id)
			return nil
		})
}
