package statistics

import (
	"strconv"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// CST is China Standard Time (UTC+8, no daylight saving), the time zone in
// which WeCom counts days. A fixed zone, so no time zone database is needed.
var CST = time.FixedZone("CST", 8*3600)

const day = 24 * time.Hour

// History is how far back WeCom keeps these statistics: 180 days.
const History = 180 * day

// MaxBehaviorSpan is the longest window UserBehavior takes: end_time at
// most 30 days after start_time.
const MaxBehaviorSpan = 30 * day

// DayStart returns 00:00 in CST of the day t falls on (in CST): the instant
// WeCom floors a timestamp to.
func DayStart(t time.Time) time.Time {
	t = t.In(CST)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, CST)
}

// dayOf returns the Unix seconds of 00:00 CST of t's day.
func dayOf(t time.Time) int64 { return DayStart(t).Unix() }

// unixDay returns the time.Time, in CST, of a day's Unix seconds as WeCom
// sends them (stat_time).
func unixDay(sec int64) time.Time { return time.Unix(sec, 0).In(CST) }

// days formats a whole number of days.
func days(d time.Duration) string { return strconv.Itoa(int(d/day)) + " days" }

// requireDay fails when t is the zero time.
func requireDay(field string, t time.Time) error {
	if t.IsZero() {
		return &core.ArgError{Field: field, Reason: "is required"}
	}
	return nil
}

// inHistory checks that the day of t lies in [today-History, last], today
// being the day of now; last is today or yesterday.
func inHistory(field string, t, now time.Time, lastOffset int) error {
	today := DayStart(now)
	d := DayStart(t)
	first := today.Add(-History)
	last := today.AddDate(0, 0, -lastOffset)
	if d.Before(first) {
		return &core.ArgError{Field: field, Reason: "is " + d.Format(time.DateOnly) + ", more than " + days(History) + " before today (" + today.Format(time.DateOnly) + " CST)"}
	}
	if d.After(last) {
		what := "today"
		if lastOffset == 1 {
			what = "yesterday"
		}
		return &core.ArgError{Field: field, Reason: "is " + d.Format(time.DateOnly) + ", after " + what + " (" + last.Format(time.DateOnly) + " CST)"}
	}
	return nil
}
