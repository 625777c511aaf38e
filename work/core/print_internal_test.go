package core

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestInternalEntriesPrintWithoutToken(t *testing.T) {
	const token = "INTERNAL-TOKEN-VALUE-42"
	now := time.Unix(1_700_000_000, 0)
	e := &tokenEntry{token: token, refreshAt: now, expireAt: now.Add(time.Hour)}
	e.raw = encodeTokenEntry(e)
	me := memEntry{v: e.raw, exp: now}
	for _, v := range []any{e, *e, me, map[string]memEntry{"k": me}, []*tokenEntry{e}} {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("entry", "e", v)
		outs = append(outs, buf.String())
		for _, s := range outs {
			if strings.Contains(s, token) {
				t.Errorf("%T printed its token: %s", v, s)
			}
		}
	}
}
