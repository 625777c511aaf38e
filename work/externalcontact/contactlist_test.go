package externalcontact

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of ContactList are in cases_customer_test.go.

// contactListPaged serves n served contacts in pages of the requested limit,
// with cursors "c<offset>".
func contactListPaged(t *testing.T, s *wiretest.Server, n int) {
	s.Handle("externalcontact/contact_list", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Cursor string `json:"cursor"`
			Limit  int    `json:"limit"`
		}
		b, _ := io.ReadAll(r.Body)
		if !assert.NoError(t, json.Unmarshal(b, &req)) {
			return
		}
		off := 0
		if req.Cursor != "" {
			_, err := fmt.Sscanf(req.Cursor, "c%d", &off)
			assert.NoError(t, err)
		}
		end := min(off+req.Limit, n)
		var items []string
		for i := off; i < end; i++ {
			items = append(items, fmt.Sprintf(`{"is_customer":true,"tmp_openid":"tmp%03d","external_userid":"wm%03d","follow_userid":"u","add_time":%d}`, i, i, 1694418699+i))
		}
		next := ""
		if end < n {
			next = fmt.Sprintf("c%d", end)
		}
		fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","info_list":[%s],"next_cursor":%q}`, strings.Join(items, ","), next)
	})
}

func TestContactListAll(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	contactListPaged(t, s, 8)
	var got []string
	for sc, err := range c.ContactListAll(bg, 3) {
		require.NoError(t, err)
		got = append(got, sc.ExternalUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006", "wm007"}, got)
	assert.EqualValues(t, 3, s.Requests.Load())

	// break stops fetching.
	s.Requests.Store(0)
	n := 0
	for _, err := range c.ContactListAll(bg, 3) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	assert.EqualValues(t, 1, s.Requests.Load())
}

func TestContactListAllStopsOnError(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	var bodies []string
	s.Handle("externalcontact/contact_list", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if len(bodies) == 1 {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","info_list":[{"is_customer":false,"tmp_openid":"t1","name":"***A"}],"next_cursor":"n"}`)
			return
		}
		io.WriteString(w, `{"errcode":48002,"errmsg":"api forbidden"}`)
	})
	items, errs := wiretest.Collect(c.ContactListAll(bg, 0))
	assert.Len(t, items, 1)
	require.Len(t, errs, 1)
	assertAPIError(t, errs[0], 48002, "externalcontact/contact_list")
	assert.Equal(t, []string{`{}`, `{"cursor":"n"}`}, bodies)
}
