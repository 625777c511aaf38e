package worktest

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// note is a resource for the framework's tests.
type note struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Tags []string `json:"tags,omitempty"`
	App  string   `json:"app,omitempty"`
}

var noteResource = resource[note]{
	name: "note", idField: "note_id",
	id:       func(n *note) *string { return &n.ID },
	ids:      idFormat{prefix: "nt", n: 8, alphabet: "0123456789abcdef"},
	notFound: 40068, quota: 3, quotaCode: 40126,
	app: func(n *note) *string { return &n.App },
	validate: func(_ *store, n *note, _ op) error {
		if n.Text == "" {
			return errParam("text is required")
		}
		return nil
	},
}

func codeOf(t *testing.T, err error) int {
	t.Helper()
	var ae *apiError
	require.True(t, errors.As(err, &ae), "%v is no *apiError", err)
	return ae.code
}

func TestTable(t *testing.T) {
	st := newStore(newRNG(1, 4))
	tb := newTable(&noteResource)
	a, err := tb.create(st, &note{Text: "a", Tags: []string{"x"}}, "")
	require.NoError(t, err)
	assert.Regexp(t, `^nt[0-9a-f]{8}$`, a.ID)
	_, err = tb.create(st, &note{}, "")
	assert.Equal(t, 40058, codeOf(t, err), "validate runs on create")
	b, err := tb.create(st, &note{Text: "b"}, "other-app")
	require.NoError(t, err)
	_, err = tb.create(st, &note{Text: "c"}, "")
	require.NoError(t, err)
	_, err = tb.create(st, &note{Text: "d"}, "")
	assert.Equal(t, 40126, codeOf(t, err), "quota")
	assert.Equal(t, 3, tb.len())

	_, err = tb.lookup("")
	assert.Equal(t, 40058, codeOf(t, err))
	_, err = tb.lookup("ntnothere")
	assert.Equal(t, 40068, codeOf(t, err))

	// A patch applies to a copy: a failing patch or validation changes nothing.
	_, err = tb.update(st, a.ID, "", func(n *note) error { n.Tags[0] = "changed"; n.Text = ""; return nil })
	assert.Equal(t, 40058, codeOf(t, err))
	_, err = tb.update(st, a.ID, "", func(n *note) error { n.Tags[0] = "changed"; return errParam("no") })
	assert.Error(t, err)
	assert.Equal(t, note{ID: a.ID, Text: "a", Tags: []string{"x"}}, *tb.get(a.ID))
	got, err := tb.update(st, a.ID, "", func(n *note) error { n.Text = "a2"; return nil })
	require.NoError(t, err)
	assert.Equal(t, "a2", got.Text)
	assert.Same(t, tb.get(a.ID), got)
	_, err = tb.update(st, a.ID, "", func(n *note) error { n.ID = "other"; return nil })
	assert.Error(t, err, "a patch may not change the id")

	// Another app's resource cannot be changed.
	_, err = tb.update(st, b.ID, "", func(n *note) error { n.Text = "x"; return nil })
	assert.Equal(t, codeAPIForbidden, codeOf(t, err))
	assert.Equal(t, codeAPIForbidden, codeOf(t, tb.remove(b.ID, "")))
	require.NoError(t, tb.remove(b.ID, "other-app"))
	assert.Nil(t, tb.get(b.ID))
	assert.Equal(t, 2, tb.len())
	assert.Len(t, tb.snapshot(), 2)

	// Load checks each resource and refuses duplicates.
	tb2 := newTable(&noteResource)
	assert.Error(t, tb2.load(st, []note{{ID: "n1", Text: "x"}, {ID: "n1", Text: "y"}}))
	assert.Error(t, newTable(&noteResource).load(st, []note{{ID: "n2"}}))
}

func TestPaginate(t *testing.T) {
	st := newStore(newRNG(1, 4))
	tb := newTable(&resource[note]{name: "note", idField: "id", id: func(n *note) *string { return &n.ID }, ids: idFormat{prefix: "n", n: 6}})
	for i := 0; i < 7; i++ {
		_, err := tb.create(st, &note{Text: string(rune('a' + i))}, "")
		require.NoError(t, err)
	}
	c := &call{st: st, path: "test/list"}
	odd := func(n *note) bool { return (n.Text[0]-'a')%2 == 0 } // a c e g
	var texts []string
	cursor, pages := "", 0
	for {
		page, next, err := tb.page(c, cursor, 2, odd, "odd")
		require.NoError(t, err)
		pages++
		for _, n := range page {
			texts = append(texts, n.Text)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Equal(t, []string{"a", "c", "e", "g"}, texts)
	assert.Equal(t, 2, pages, "no empty last page")

	first, next, err := tb.page(c, "", 3, nil)
	require.NoError(t, err)
	require.Len(t, first, 3)
	_, _, err = tb.page(c, next, 3, nil, "another query")
	assert.Equal(t, 50100, codeOf(t, err), "a cursor of another query")
	_, _, err = tb.page(c, next+"x", 3, nil)
	assert.Equal(t, 50100, codeOf(t, err), "a damaged cursor")
	// Removing the item a cursor stands on skips nothing.
	require.NoError(t, tb.remove(first[2].ID, ""))
	rest, _, err := tb.page(c, next, 10, nil)
	require.NoError(t, err)
	assert.Len(t, rest, 4)
}

type bindReq struct {
	ChatID string   `json:"chat_id" wt:"required"`
	UserID string   `json:"userid" wt:"required=41009"`
	List   []string `json:"list"`
	Limit  int      `json:"limit"`
}

func (r *bindReq) validate() error {
	if r.Limit > 10 {
		return errParam("limit too big")
	}
	return nil
}

func TestBound(t *testing.T) {
	var seen *bindReq
	h := bound(func(_ *call, r *bindReq) (any, error) { seen = r; return nil, nil })
	post := func(body string) error { seen = nil; _, err := h(&call{body: []byte(body)}); return err }
	assert.Equal(t, 40058, codeOf(t, post(`{"userid":"u"}`)), "chat_id is required")
	assert.ErrorContains(t, post(`{"userid":"u"}`), "chat_id is required")
	assert.Equal(t, 41009, codeOf(t, post(`{"chat_id":"c"}`)), "required with an errcode")
	assert.Equal(t, 47001, codeOf(t, post(`{"chat_id":1}`)), "wrong JSON type")
	assert.Equal(t, 40058, codeOf(t, post(`{"chat_id":"c","userid":"u","limit":11}`)), "validate runs")
	assert.Nil(t, seen, "the handler does not run on a bad request")
	require.NoError(t, post(`{"chat_id":"c","userid":"u","list":["a"],"limit":3}`))
	assert.Equal(t, &bindReq{ChatID: "c", UserID: "u", List: []string{"a"}, Limit: 3}, seen)

	// A GET binds the query string.
	_, err := h(&call{query: url.Values{"chat_id": {"c"}, "userid": {"u"}, "limit": {"4"}}})
	require.NoError(t, err)
	assert.Equal(t, &bindReq{ChatID: "c", UserID: "u", Limit: 4}, seen)
	_, err = h(&call{query: url.Values{"chat_id": {"c"}, "userid": {"u"}, "limit": {"x"}}})
	assert.Equal(t, 40058, codeOf(t, err))

	type empty struct {
		L []string `json:"l" wt:"required"`
	}
	_, err = bound(func(*call, *empty) (any, error) { return nil, nil })(&call{body: []byte(`{"l":[]}`)})
	assert.Equal(t, 40058, codeOf(t, err), "an empty list is missing")
	assert.Panics(t, func() {
		type bad struct {
			X string `json:"x" wt:"requird"`
		}
		bound(func(*call, *bad) (any, error) { return nil, nil })
	})
}

func TestScheduler(t *testing.T) {
	st := newStore(newRNG(1, 4))
	t0 := DefaultStart
	var ran []string
	at := func(d time.Duration, name string) {
		st.schedule(t0.Add(d), func(when time.Time) {
			ran = append(ran, name+"@"+when.Sub(t0).String())
			if name == "b" {
				st.schedule(when, func(time.Time) { ran = append(ran, "b's follow-up") })
			}
		})
	}
	at(2*time.Hour, "c")
	at(time.Hour, "a")
	at(time.Hour, "b")
	at(3*time.Hour, "d")

	st.settle(t0.Add(time.Hour - time.Second))
	assert.Empty(t, ran, "nothing is due yet")
	st.settle(t0.Add(2 * time.Hour))
	assert.Equal(t, []string{"a@1h0m0s", "b@1h0m0s", "b's follow-up", "c@2h0m0s"}, ran,
		"by time, then by scheduling; work scheduled for a passed time runs in the same settle")
	st.settle(t0.Add(2 * time.Hour))
	assert.Len(t, ran, 4, "each runs once")
	st.settle(t0.Add(5 * time.Hour))
	assert.Equal(t, "d@3h0m0s", ran[len(ran)-1], "runs with its scheduled time")
}

func TestGroupsRegistered(t *testing.T) {
	s, err := New()
	require.NoError(t, err)
	names := map[string]bool{}
	for _, g := range groups {
		assert.False(t, names[g.name], "duplicate %s", g.name)
		names[g.name] = true
		if g.routes != nil {
			for _, r := range g.routes(s) {
				_, ok := s.routes[r.path]
				assert.True(t, ok, "%s: %s is served", g.name, r.path)
			}
		}
	}
	for _, n := range []string{"token", "customer", "tag", "transfer", "groupchat", "idconvert", "contact_way"} {
		assert.True(t, names[n], n)
	}
	assert.Panics(t, func() { addGroup(group[struct{}]{name: "token"}) }, "a duplicate group")
}
