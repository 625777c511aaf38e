package worktest

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestLog(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	s.Clock().Advance(time.Minute)
	body := `{"userid_list":["zhangsan"],"limit":2}`
	apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", url.Values{"debug": {"1"}}, body)
	apiWith(t, s, tok, http.MethodGet, "externalcontact/list", url.Values{"userid": {"ghost"}}, "")

	reqs := s.Requests()
	require.Len(t, reqs, 3)
	g := reqs[0]
	assert.Equal(t, "gettoken", g.Path)
	assert.Equal(t, s.Secret, g.Query.Get("corpsecret"))
	assert.Empty(t, g.Token)
	assert.Equal(t, DefaultStart, g.Time)

	b := reqs[1]
	assert.Equal(t, http.MethodPost, b.Method)
	assert.Equal(t, "externalcontact/batch/get_by_user", b.Path)
	assert.Equal(t, tok, b.Token)
	assert.Equal(t, tok, b.Query.Get("access_token"), "the simulator's own token is kept")
	assert.Equal(t, "1", b.Query.Get("debug"))
	assert.JSONEq(t, body, string(b.Body))
	assert.Equal(t, http.StatusOK, b.Status)
	assert.Zero(t, b.ErrCode)
	assert.Empty(t, b.Fault)
	assert.True(t, b.Time.Equal(DefaultStart.Add(time.Minute)), "simulator time")

	assert.Equal(t, 40003, reqs[2].ErrCode)
	assert.Equal(t, "ghost", reqs[2].Query.Get("userid"))

	// A copy: changing it changes nothing.
	reqs[1].Query.Set("debug", "changed")
	reqs[1].Body[0] = 'X'
	assert.Equal(t, "1", s.Requests()[1].Query.Get("debug"))
	assert.JSONEq(t, body, string(s.Requests()[1].Body))
}

func TestCounters(t *testing.T) {
	s := start(t)
	tok := token(t, s)
	for i := 0; i < 3; i++ {
		apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	}
	apiWith(t, s, "bad", http.MethodGet, followUsers, nil, "") // errors count too
	apiWith(t, s, tok, http.MethodGet, "nope/a", nil, "")
	apiWith(t, s, tok, http.MethodGet, "nope/b", nil, "")

	assert.Equal(t, 1, s.Count("gettoken"))
	assert.Equal(t, 4, s.Count(followUsers))
	assert.Equal(t, 4, s.Count("/cgi-bin/"+followUsers))
	assert.Equal(t, 2, s.Count("(unknown)"), "unknown paths share one counter")
	assert.Zero(t, s.Count("nope/a"))
	assert.Equal(t, 7, s.Count(""))
	assert.Equal(t, 7, s.Count("*"))

	s.ResetLog()
	assert.Zero(t, s.Count(""))
	assert.Zero(t, s.Count(followUsers))
	assert.Empty(t, s.Requests())
	apiWith(t, s, tok, http.MethodGet, followUsers, nil, "")
	assert.Equal(t, 1, s.Count(followUsers))
	assert.Len(t, s.Requests(), 1)
}

func TestLogIsARingBuffer(t *testing.T) {
	s := start(t, WithLogCap(5))
	tok := token(t, s)
	for i := 0; i < 12; i++ {
		apiWith(t, s, tok, http.MethodGet, followUsers, url.Values{"n": {strconv.Itoa(i)}}, "")
	}
	reqs := s.Requests()
	require.Len(t, reqs, 5)
	for i, r := range reqs {
		assert.Equal(t, strconv.Itoa(7+i), r.Query.Get("n"), "the last five, oldest first")
	}
	assert.Equal(t, 12, s.Count(followUsers), "counters are not bounded by the log")
}
