package core

import (
	"strconv"
	"unicode/utf8"
)

// The helpers below build the *ArgError a service returns, before sending
// anything, when an argument is out of bounds. Each names the wire field.

// Required fails when v is empty.
func Required(field, v string) error {
	if v == "" {
		return &ArgError{Field: field, Reason: "is required"}
	}
	return nil
}

// IDList fails when ids is empty, longer than max, or holds an empty id.
// max <= 0 means no upper bound.
func IDList(field string, ids []string, max int) error {
	if len(ids) == 0 {
		return &ArgError{Field: field, Reason: "needs at least one id"}
	}
	return OptionalIDList(field, ids, max)
}

// OptionalIDList is IDList for a list that may be empty.
func OptionalIDList(field string, ids []string, max int) error {
	if max > 0 && len(ids) > max {
		return &ArgError{Field: field, Reason: "has " + strconv.Itoa(len(ids)) + " ids, at most " + strconv.Itoa(max) + " allowed"}
	}
	for i, id := range ids {
		if id == "" {
			return &ArgError{Field: field, Reason: "id #" + strconv.Itoa(i) + " is empty"}
		}
	}
	return nil
}

// Limit fails when v is neither 0 (use WeCom's default) nor in [lo, hi].
func Limit(field string, v, lo, hi int) error {
	if v != 0 && (v < lo || v > hi) {
		return &ArgError{Field: field, Reason: "is " + strconv.Itoa(v) + ", must be 0 (default) or in [" + strconv.Itoa(lo) + ", " + strconv.Itoa(hi) + "]"}
	}
	return nil
}

// MaxRunes fails when s has more than max characters (WeCom counts runes).
func MaxRunes(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return &ArgError{Field: field, Reason: "has " + strconv.Itoa(n) + " characters, at most " + strconv.Itoa(max) + " allowed"}
	}
	return nil
}
