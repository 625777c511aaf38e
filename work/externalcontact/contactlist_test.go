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
)

func TestContactList(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/contact_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		testJSONBody(t, r, `{"cursor":"CURSOR","limit":1000}`)
		reply(t, "contact_list")(rw, r)
	})
	got, err := c.ContactList(bg, "CURSOR", 1000)
	require.NoError(t, err)
	assert.Equal(t, "NEXT_CURSOR_2", got.NextCursor)
	assert.Equal(t, []ServedContact{
		{IsCustomer: false, Name: "***开", TmpOpenID: "tmpOPENID0001", FollowUserID: "zhangsan", ChatName: "外联群1", AddTime: 1694418699},
		{IsCustomer: true, TmpOpenID: "tmpOPENID0002", ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", FollowUserID: "zhangsan", AddTime: 1694418700},
		{IsCustomer: true, TmpOpenID: "tmpOPENID0002", ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", AddTime: 1694418701},
		{IsCustomer: false, TmpOpenID: "tmpOPENID0003", Name: "***李", FollowUserID: "lisi", AddTime: 1694418702},
	}, got.InfoList)
}

func TestContactListOmitsDefaults(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/contact_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok","info_list":[],"next_cursor":""}`)
	})
	got, err := c.ContactList(bg, "", 0)
	require.NoError(t, err)
	assert.Empty(t, got.InfoList)
	assert.Empty(t, got.NextCursor)
}

func TestContactListValidation(t *testing.T) {
	for _, limit := range []int{-1, 1001} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			c, w := setup(t)
			_, err := c.ContactList(bg, "", limit)
			assertArgError(t, w, err, "limit")
			n := 0
			for _, err := range c.ContactListAll(bg, limit) {
				n++
				assertArgError(t, w, err, "limit")
			}
			assert.Equal(t, 1, n)
		})
	}
}

func TestContactListErrcode(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/contact_list", http.MethodPost, replyError(48002, "api forbidden"))
	got, err := c.ContactList(bg, "", 0)
	assert.Nil(t, got)
	assertAPIError(t, err, 48002, "externalcontact/contact_list")
}

// contactListPaged serves n served contacts in pages of the requested limit,
// with cursors "c<offset>".
func contactListPaged(t *testing.T, w *wire, n int) {
	w.handle(t, "externalcontact/contact_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		var req struct {
			Cursor string `json:"cursor"`
			Limit  int    `json:"limit"`
		}
		b, _ := io.ReadAll(r.Body)
		require.NoError(t, json.Unmarshal(b, &req))
		off := 0
		if req.Cursor != "" {
			_, err := fmt.Sscanf(req.Cursor, "c%d", &off)
			require.NoError(t, err)
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
		fmt.Fprintf(rw, `{"errcode":0,"errmsg":"ok","info_list":[%s],"next_cursor":%q}`, strings.Join(items, ","), next)
	})
}

func TestContactListAll(t *testing.T) {
	c, w := setup(t)
	contactListPaged(t, w, 8)
	var ids []string
	for sc, err := range c.ContactListAll(bg, 3) {
		require.NoError(t, err)
		ids = append(ids, sc.ExternalUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006", "wm007"}, ids)
	assert.EqualValues(t, 3, w.requests.Load())

	// break stops fetching.
	w.requests.Store(0)
	n := 0
	for _, err := range c.ContactListAll(bg, 3) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.EqualValues(t, 1, w.requests.Load())
}

func TestContactListAllStopsOnError(t *testing.T) {
	c, w := setup(t)
	calls := 0
	w.handle(t, "externalcontact/contact_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			testJSONBody(t, r, `{}`)
			io.WriteString(rw, `{"errcode":0,"errmsg":"ok","info_list":[{"is_customer":false,"tmp_openid":"t1","name":"***A"}],"next_cursor":"n"}`)
			return
		}
		testJSONBody(t, r, `{"cursor":"n"}`)
		replyError(-1, "system busy")(rw, r)
	})
	var errs, items int
	for _, err := range c.ContactListAll(bg, 0) {
		if err != nil {
			errs++
			assertAPIError(t, err, -1, "externalcontact/contact_list")
			continue
		}
		items++
	}
	assert.Equal(t, 1, items)
	assert.Equal(t, 1, errs)
	assert.Equal(t, 2, calls)
}
