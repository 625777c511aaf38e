package main

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
)

func (c *cli) rawGet(args []string) error {
	fs := c.newFlagSet("raw get [flags] PATH [KEY=VALUE...]", `Calls GET /cgi-bin/PATH with the query KEY=VALUE... and the access_token, and
prints WeCom's answer. errcode != 0 is an error. Retried like any read.`)
	if err := fs.parse(args); err != nil {
		return err
	}
	a, err := fs.nargs(1, -1)
	if err != nil {
		return err
	}
	q := url.Values{}
	for _, kv := range a[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usagef("raw get: %q is not KEY=VALUE", kv)
		}
		q.Add(k, v)
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	res, err := app.Client().GetRaw(c.ctx, a[0], q)
	if err != nil {
		return err
	}
	return printRawJSON(c.stdout, res.Raw)
}

func (c *cli) rawPost(args []string) error {
	fs := c.newFlagSet("raw post [flags] PATH [JSON]", `Calls POST /cgi-bin/PATH with the JSON body (the argument, or stdin when it is
omitted or "-") and the access_token, and prints WeCom's answer. errcode != 0 is
an error. The call is treated as a write, never re-sent once it may have
reached WeCom, unless --read says it only reads.`)
	read := fs.Bool("read", false, "the endpoint only reads: retry it like a GET")
	if err := fs.parse(args); err != nil {
		return err
	}
	a, err := fs.nargs(1, 2)
	if err != nil {
		return err
	}
	var body []byte
	if len(a) == 2 && a[1] != "-" {
		body = []byte(a[1])
	} else if body, err = io.ReadAll(c.stdin); err != nil {
		return err
	}
	if !json.Valid(body) {
		return usagef("raw post: the body is not valid JSON")
	}
	app, err := c.client()
	if err != nil {
		return err
	}
	post := app.Client().PostRaw
	if *read {
		post = app.Client().PostRawRead
	}
	res, err := post(c.ctx, a[0], json.RawMessage(body))
	if err != nil {
		return err
	}
	return printRawJSON(c.stdout, res.Raw)
}
