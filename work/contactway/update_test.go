package contactway_test

import (
	"context"
	"strings"

	"github.com/wecomkit/wecom/work/contactway"
)

// update returns a Bad row for update_contact_way.
func update(name, field string, r *contactway.UpdateRequest) badCase {
	if r != nil && r.ConfigID == "" && field != "config_id" {
		r.ConfigID = "42b34949e138eb6e027c123cba77fAAA"
	}
	return badCase{Name: "update_contact_way/" + name, Path: "externalcontact/update_contact_way", Field: field,
		Call: func(ctx context.Context, c clients) error { return c.ways.Update(ctx, r) }}
}

func updateBad() []badCase {
	clear := func(f ...contactway.Field) []contactway.Field { return f }
	return []badCase{
		update("nil", "request", nil),
		update("no config_id", "config_id", &contactway.UpdateRequest{Remark: "x"}),
		update("remark over 30", "remark", &contactway.UpdateRequest{Remark: strings.Repeat("r", 31)}),
		update("state over 30", "state", &contactway.UpdateRequest{State: strings.Repeat("s", 31)}),
		update("users over 100", "user", &contactway.UpdateRequest{Users: make([]string, 101)}),
		update("empty user", "user", &contactway.UpdateRequest{Users: []string{""}}),
		update("negative party", "party", &contactway.UpdateRequest{Parties: []int{-2}}),
		update("negative style", "style", &contactway.UpdateRequest{Style: -3}),
		update("expires_in over 14 days", "expires_in", &contactway.UpdateRequest{ExpiresIn: 30 * 86400}),
		update("chat_expires_in over 14 days", "chat_expires_in", &contactway.UpdateRequest{ChatExpiresIn: 30 * 86400}),
		update("bad conclusions", "conclusions", &contactway.UpdateRequest{Conclusions: &contactway.Conclusions{}}),
		update("remark set and cleared", "remark", &contactway.UpdateRequest{Remark: "VIP", Clear: clear(contactway.FieldRemark)}),
		update("state set and cleared", "state", &contactway.UpdateRequest{State: "expo", Clear: clear(contactway.FieldState)}),
		update("user set and cleared", "user", &contactway.UpdateRequest{Users: []string{"lisi"}, Clear: clear(contactway.FieldUser)}),
		update("party set and cleared", "party", &contactway.UpdateRequest{Parties: []int{2}, Clear: clear(contactway.FieldParty)}),
		update("unionid set and cleared", "unionid", &contactway.UpdateRequest{UnionID: "ox", Clear: clear(contactway.FieldUnionID)}),
		update("conclusions set and cleared", "conclusions", &contactway.UpdateRequest{Conclusions: tempConclusions(),
			Clear: clear(contactway.FieldConclusions)}),
		update("clear user and party", "user", &contactway.UpdateRequest{Clear: clear(contactway.FieldUser, contactway.FieldParty)}),
		update("clear a join way field", "clear", &contactway.UpdateRequest{Clear: clear(contactway.FieldRoomBaseName)}),
		update("clear an unknown field", "clear", &contactway.UpdateRequest{Clear: clear("style")}),
		update("clear twice", "remark", &contactway.UpdateRequest{Clear: clear(contactway.FieldRemark, contactway.FieldRemark)}),
	}
}
