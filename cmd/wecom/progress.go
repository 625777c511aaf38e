package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wecomkit/wecom/work/externalcontact"
)

// Progress modes of customers export.
const (
	progressNone  = "none"
	progressPlain = "plain" // a line every plainEvery
	progressBar   = "bar"   // one line redrawn in place, for a terminal
)

const (
	barEvery   = 100 * time.Millisecond
	plainEvery = time.Second
)

// progress draws an export's progress on stderr.
type progress struct {
	w     io.Writer
	mode  string
	width func() int // terminal columns, 0 unknown
	now   func() time.Time
	last  time.Time
	seen  bool // an update came: the export got going
}

func newProgress(w io.Writer, mode string, width func() int) *progress {
	if width == nil {
		width = func() int { return 0 }
	}
	return &progress{w: w, mode: mode, width: width, now: time.Now}
}

// update redraws, at most every barEvery (bar) or plainEvery (plain).
func (p *progress) update(ev externalcontact.ExportProgress) {
	p.seen = true
	every := plainEvery
	if p.mode == progressBar {
		every = barEvery
	}
	now := p.now()
	if p.mode == progressNone || now.Sub(p.last) < every {
		return
	}
	p.last = now
	p.draw(ev)
}

func (p *progress) draw(ev externalcontact.ExportProgress) {
	switch p.mode {
	case progressBar:
		fmt.Fprint(p.w, "\r"+renderBar(ev, p.width())+"\x1b[K")
	case progressPlain:
		fmt.Fprintln(p.w, "progress: "+renderStats(ev))
	}
}

// finish draws the final state and a summary line, once the export got
// going (an error before that is the only line).
func (p *progress) finish(ev externalcontact.ExportProgress, err error) {
	if p.mode == progressNone || !p.seen {
		return
	}
	if p.mode == progressBar {
		p.draw(ev)
		fmt.Fprintln(p.w)
	}
	verb := "exported"
	if err != nil {
		verb = "stopped after"
	}
	fmt.Fprintf(p.w, "%s %d customers (%d pages, %d/%d members) in %s\n", verb, ev.Customers, ev.Pages,
		ev.MembersDone, ev.Members, ev.Elapsed.Round(10*time.Millisecond))
}

func percent(ev externalcontact.ExportProgress) int {
	if ev.Members <= 0 {
		return 100
	}
	return min(100, ev.MembersDone*100/ev.Members)
}

// renderStats is the progress as text, without the bar.
func renderStats(ev externalcontact.ExportProgress) string {
	s := fmt.Sprintf("%3d%% %d/%d members, %d pages, %d customers, %s/s", percent(ev), ev.MembersDone, ev.Members,
		ev.Pages, ev.Customers, strconv.FormatFloat(ev.Rate, 'f', 0, 64))
	if ev.Remaining > 0 {
		s += ", " + shortDuration(ev.Remaining) + " left"
	}
	return s
}

// renderBar is the progress as one terminal line of at most width columns
// (80 when unknown): a bar, then the numbers.
func renderBar(ev externalcontact.ExportProgress, width int) string {
	if width <= 0 {
		width = 80
	}
	stats := renderStats(ev)
	n := width - len([]rune(stats)) - 3 // "[", "] "
	n = min(max(n, 10), 40)
	filled := n * percent(ev) / 100
	bar := strings.Repeat("=", filled)
	if filled < n {
		bar += ">" + strings.Repeat(" ", n-filled-1)
	}
	line := "[" + bar + "] " + stats
	if r := []rune(line); len(r) > width {
		line = string(r[:width])
	}
	return line
}

// shortDuration prints d as 45s, 3m04s or 2h05m.
func shortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + "s"
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
