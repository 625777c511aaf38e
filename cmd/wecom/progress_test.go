package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/externalcontact"
)

func TestRenderBar(t *testing.T) {
	ev := externalcontact.ExportProgress{Members: 200, MembersDone: 90, Pages: 1234, Customers: 120345, Rate: 2345.4, Remaining: 12 * time.Second}
	line := renderBar(ev, 100)
	assert.Equal(t, "[=============>                ]  45% 90/200 members, 1234 pages, 120345 customers, 2345/s, 12s left", line)
	assert.LessOrEqual(t, displayWidth(line), 100)

	assert.True(t, strings.HasPrefix(renderBar(externalcontact.ExportProgress{Members: 10}, 80), "[>"), "0%")
	full := renderBar(externalcontact.ExportProgress{Members: 10, MembersDone: 10}, 80)
	assert.Regexp(t, `^\[=+\] 100% `, full)
	assert.LessOrEqual(t, len([]rune(renderBar(ev, 40))), 40, "cut to a narrow terminal")
	assert.Equal(t, renderBar(ev, 80), renderBar(ev, 0), "80 columns when unknown")
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 1400 * time.Millisecond: "1s", 59 * time.Second: "59s", 3*time.Minute + 4*time.Second: "3m04s",
		2*time.Hour + 5*time.Minute + 10*time.Second: "2h05m",
	} {
		assert.Equal(t, want, shortDuration(d))
	}
}

func TestProgressThrottlesAndFinishes(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&buf, progressPlain, nil)
	p.now = func() time.Time { return now }
	for i := 0; i < 50; i++ { // 50 pages in 5 seconds
		p.update(externalcontact.ExportProgress{Members: 10, Pages: i + 1})
		now = now.Add(100 * time.Millisecond)
	}
	assert.Equal(t, 5, strings.Count(buf.String(), "progress: "), "a line a second: %q", buf.String())
	p.finish(externalcontact.ExportProgress{Members: 10, MembersDone: 10, Pages: 50, Customers: 4900, Elapsed: 5 * time.Second}, nil)
	assert.True(t, strings.HasSuffix(buf.String(), "exported 4900 customers (50 pages, 10/10 members) in 5s\n"))

	buf.Reset()
	p = newProgress(&buf, progressBar, func() int { return 60 })
	p.now = func() time.Time { return now }
	p.update(externalcontact.ExportProgress{Members: 4, MembersDone: 1})
	p.update(externalcontact.ExportProgress{Members: 4, MembersDone: 2}) // too soon: not drawn
	now = now.Add(time.Second)
	p.finish(externalcontact.ExportProgress{Members: 4, MembersDone: 3, Customers: 7}, errors.New("x"))
	out := buf.String()
	assert.Equal(t, 2, strings.Count(out, "\r["), "the first update and the final state: %q", out)
	assert.Contains(t, out, "\x1b[K", "each redraw clears the rest of the line")
	assert.True(t, strings.HasSuffix(out, "\nstopped after 7 customers (0 pages, 3/4 members) in 0s\n"))

	buf.Reset()
	p = newProgress(&buf, progressBar, nil)
	p.finish(externalcontact.ExportProgress{}, errors.New("before the first page"))
	assert.Empty(t, buf.String(), "nothing to show before the export got going")
	p = newProgress(&buf, progressNone, nil)
	p.update(externalcontact.ExportProgress{Members: 1})
	p.finish(externalcontact.ExportProgress{Members: 1}, nil)
	assert.Empty(t, buf.String())
}
