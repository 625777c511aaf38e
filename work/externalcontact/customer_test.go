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

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of these calls are in cases_customer_test.go.

func TestListNoCustomers(t *testing.T) {
	t.Parallel()
	// WeCom answers 84061 for a member without customers: an empty list.
	c, s := setup(t)
	s.Handle("externalcontact/list", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":84061,"errmsg":"not external contact"}`)
	})
	got, err := c.List(bg, "newbie")
	require.NoError(t, err)
	assert.NotNil(t, got)
	assert.Empty(t, got)

	// An answer without the field is an empty list too.
	c, s = setup(t)
	s.Handle("externalcontact/list", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, okReply) })
	got, err = c.List(bg, "newbie")
	require.NoError(t, err)
	assert.NotNil(t, got)
	assert.Empty(t, got)

	// Every other errcode is returned.
	for _, code := range []int{40003, 84074} {
		c, s = setup(t)
		s.Handle("externalcontact/list", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"errcode":%d,"errmsg":"failed"}`, code)
		})
		got, err = c.List(bg, "zhangsan")
		assert.Nil(t, got)
		assertAPIError(t, err, code, "externalcontact/list")
	}
}

// A page with follow users that hands back the cursor it was asked with
// would loop for ever: Get stops with an error instead.
func TestGetRepeatedCursorWithUsers(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	page1, page2 := fixture(t, "get_page1"), strings.Replace(fixture(t, "get_page2"), `"next_cursor":""`, `"next_cursor":"CURSOR_2"`, 1)
	s.Handle("externalcontact/get", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			io.WriteString(w, page1)
			return
		}
		io.WriteString(w, page2)
	})
	got, err := c.Get(bg, "wmPAGED")
	assert.Nil(t, got)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "repeated")
	assert.EqualValues(t, 2, s.Requests.Load())
}

// pagedBatch serves n pairs in pages of the requested limit, with cursors
// "p<offset>".
func pagedBatch(t *testing.T, s *wiretest.Server, n int) {
	s.Handle("externalcontact/batch/get_by_user", func(w http.ResponseWriter, r *http.Request) {
		var req BatchGetByUserRequest
		b, _ := io.ReadAll(r.Body)
		if !assert.NoError(t, json.Unmarshal(b, &req)) {
			return
		}
		off := 0
		if req.Cursor != "" {
			fmt.Sscanf(req.Cursor, "p%d", &off)
		}
		end := min(off+req.Limit, n)
		var items []string
		for i := off; i < end; i++ {
			items = append(items, fmt.Sprintf(`{"external_contact":{"external_userid":"wm%03d","name":"c%d","type":1},"follow_info":{"userid":"u","add_way":1}}`, i, i))
		}
		next := ""
		if end < n {
			next = fmt.Sprintf("p%d", end)
		}
		fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","external_contact_list":[%s],"next_cursor":%q}`, strings.Join(items, ","), next)
	})
}

func TestBatchGetByUserAll(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	pagedBatch(t, s, 7)
	req := &BatchGetByUserRequest{UserIDs: []string{"u"}, Limit: 3}
	var got []string
	for bc, err := range c.BatchGetByUserAll(bg, req) {
		require.NoError(t, err)
		got = append(got, bc.ExternalContact.ExternalUserID)
	}
	assert.Equal(t, []string{"wm000", "wm001", "wm002", "wm003", "wm004", "wm005", "wm006"}, got)
	assert.EqualValues(t, 3, s.Requests.Load())
	assert.Empty(t, req.Cursor, "request must not be modified")

	// break stops fetching.
	s.Requests.Store(0)
	n := 0
	for _, err := range c.BatchGetByUserAll(bg, req) {
		require.NoError(t, err)
		if n++; n == 4 {
			break
		}
	}
	assert.Equal(t, 4, n)
	assert.EqualValues(t, 2, s.Requests.Load())
}

func TestBatchGetByUserAllCopiesRequestAtCallTime(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	s.Handle("externalcontact/batch/get_by_user", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"userid_list":["zhangsan","lisi"]}`, string(b))
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","external_contact_list":[],"next_cursor":""}`)
	})
	req := &BatchGetByUserRequest{UserIDs: []string{"zhangsan", "lisi"}}
	seq := c.BatchGetByUserAll(bg, req)
	req.UserIDs[1] = "" // after the call: must not reach the wire
	items, errs := wiretest.Collect(seq)
	assert.Empty(t, items)
	assert.Empty(t, errs)
	assert.EqualValues(t, 1, s.Requests.Load())
}

func TestBatchGetByUserAllStopsOnError(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	calls := 0
	s.Handle("externalcontact/batch/get_by_user", func(w http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","external_contact_list":[{"external_contact":{"external_userid":"wm1"},"follow_info":{"userid":"u"}}],"next_cursor":"n"}`)
			return
		}
		io.WriteString(w, `{"errcode":45009,"errmsg":"api freq out of limit"}`)
	})
	items, errs := wiretest.Collect(c.BatchGetByUserAll(bg, &BatchGetByUserRequest{UserIDs: []string{"u"}}))
	assert.Len(t, items, 1)
	require.Len(t, errs, 1)
	assertAPIError(t, errs[0], 45009, "externalcontact/batch/get_by_user")
	assert.ErrorIs(t, errs[0], core.ErrRateLimited)
	assert.Equal(t, 2, calls)
}

func TestBatchGetByUserResponsePresizes(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"errcode":0,"external_contact_list":[{"external_contact":{"external_userid":"a"}},{"external_contact":{"external_userid":"b"}},{"external_contact":{"external_userid":"c"}}],"next_cursor":""}`)
	var r BatchGetByUserResponse
	r.PrepareDecode(raw)
	assert.Equal(t, 3, cap(r.ExternalContactList))
	assert.Empty(t, r.ExternalContactList)
	require.NoError(t, json.Unmarshal(raw, &r))
	require.Len(t, r.ExternalContactList, 3)
	assert.Equal(t, "c", r.ExternalContactList[2].ExternalContact.ExternalUserID)

	var empty BatchGetByUserResponse
	empty.PrepareDecode([]byte(`{"errcode":0,"external_contact_list":[]}`))
	assert.Nil(t, empty.ExternalContactList, "nothing allocated for an empty page")
	huge := BatchGetByUserResponse{}
	huge.PrepareDecode([]byte(`{"external_contact_list":` + "[" + strings.Repeat("{},", 200) + "{}]}"))
	assert.Nil(t, huge.ExternalContactList, "a page larger than WeCom sends is not trusted for sizing")
}
