package main

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The 「联系我」 commands call the endpoints raw (the SDK has no contact-way
// service yet): externalcontact/add_contact_way, list_contact_way,
// get_contact_way and del_contact_way, https://developer.work.weixin.qq.com/document/path/92228.

type addContactWayBody struct {
	Type       int      `json:"type"`
	Scene      int      `json:"scene"`
	Style      int      `json:"style,omitempty"`
	Remark     string   `json:"remark,omitempty"`
	SkipVerify bool     `json:"skip_verify"`
	State      string   `json:"state,omitempty"`
	User       []string `json:"user,omitempty"`
	Party      []int64  `json:"party,omitempty"`
}

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
	body := addContactWayBody{Type: *typ, Scene: *scene, Style: *style, Remark: *remark, SkipVerify: !*verify,
		State: *state, User: splitList(*users)}
	for _, p := range splitList(*parties) {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return usagef("ways create: --parties: %q is not a department id", p)
		}
		body.Party = append(body.Party, id)
	}
	switch {
	case body.Type != 1 && body.Type != 2:
		return usagef("ways create: --type must be 1 or 2")
	case body.Scene != 1 && body.Scene != 2:
		return usagef("ways create: --scene must be 1 or 2")
	case body.Type == 1 && (len(body.User) != 1 || len(body.Party) > 0):
		return usagef("ways create: --type 1 needs exactly one --users and no --parties")
	case len(body.User) == 0 && len(body.Party) == 0:
		return usagef("ways create: give --users or --parties")
	case utf8.RuneCountInString(body.State) > 30:
		return usagef("ways create: --state has more than 30 characters")
	case utf8.RuneCountInString(body.Remark) > 30:
		return usagef("ways create: --remark has more than 30 characters")
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	res, err := app.Client().PostRaw(c.ctx, "externalcontact/add_contact_way", body)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "config_id:", res.Get("config_id").String())
	if qr := res.Get("qr_code").String(); qr != "" {
		fmt.Fprintln(c.stdout, "qr_code:  ", qr)
	}
	return nil
}

func (c *cli) waysList(args []string) error {
	fs := c.newFlagSet("ways list [flags]", `Lists the config_ids of the 「联系我」 contact ways created in a time range
(externalcontact/list_contact_way, every page; WeCom's default range is the
last 90 days).`)
	start := fs.Int64("start-time", 0, "from this Unix `time`")
	end := fs.Int64("end-time", 0, "until this Unix `time`")
	limit := fs.Int("limit", 100, "ways per page, at most 1000")
	if err := fs.parse(args); err != nil {
		return err
	}
	if _, err := fs.nargs(0, 0); err != nil {
		return err
	}
	if *limit < 1 || *limit > 1000 {
		return usagef("ways list: --limit must be 1 to 1000")
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	type listBody struct {
		StartTime int64  `json:"start_time,omitempty"`
		EndTime   int64  `json:"end_time,omitempty"`
		Cursor    string `json:"cursor,omitempty"`
		Limit     int    `json:"limit"`
	}
	body := listBody{StartTime: *start, EndTime: *end, Limit: *limit}
	seen := map[string]bool{}
	for {
		res, err := app.Client().PostRawRead(c.ctx, "externalcontact/list_contact_way", body)
		if err != nil {
			return err
		}
		for _, w := range res.Get("contact_way").Array() {
			fmt.Fprintln(c.stdout, w.Get("config_id").String())
		}
		next := res.Get("next_cursor").String()
		if next == "" {
			return nil
		}
		if seen[next] {
			return fmt.Errorf("externalcontact/list_contact_way: cursor %q repeated", next)
		}
		seen[next], body.Cursor = true, next
	}
}

type configIDBody struct {
	ConfigID string `json:"config_id"`
}

func (c *cli) waysGet(args []string) error {
	fs := c.newFlagSet("ways get [flags] CONFIG_ID", "Prints a 「联系我」 contact way (externalcontact/get_contact_way) as JSON.")
	if err := fs.parse(args); err != nil {
		return err
	}
	a, err := fs.nargs(1, 1)
	if err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	res, err := app.Client().PostRawRead(c.ctx, "externalcontact/get_contact_way", configIDBody{a[0]})
	if err != nil {
		return err
	}
	way := res.Get("contact_way")
	if !way.IsObject() {
		return fmt.Errorf("externalcontact/get_contact_way: the answer has no contact_way")
	}
	return printRawJSON(c.stdout, way.Raw)
}

func (c *cli) waysDelete(args []string) error {
	fs := c.newFlagSet("ways delete [flags] CONFIG_ID", "Deletes a 「联系我」 contact way (externalcontact/del_contact_way).")
	if err := fs.parse(args); err != nil {
		return err
	}
	a, err := fs.nargs(1, 1)
	if err != nil {
		return err
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	if _, err := app.Client().PostRaw(c.ctx, "externalcontact/del_contact_way", configIDBody{a[0]}); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "deleted", a[0])
	return nil
}
