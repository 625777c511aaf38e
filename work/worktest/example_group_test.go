package worktest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file is the example group of doc.go ("Adding a group"), compiled
// and run by the tests: a create/get/list/update/delete resource on the
// framework. It exists in the test binary only (paths under "demo/").

// Memo is the example resource: what a fixture holds and Snapshot returns.
type Memo struct {
	MemoID       string `json:"memo_id"`
	Text         string `json:"text"`
	UserID       string `json:"userid"`
	CreateTime   int64  `json:"create_time"`
	CreatedByApp string `json:"created_by_app,omitempty"`
}

type memoState struct{ memos *table[Memo] }

var memoGroup groupKey[memoState]

func init() {
	memoGroup = addGroup(group[memoState]{
		name:   "demo_memo",
		routes: (*Server).memoRoutes,
		state:  func() *memoState { return &memoState{memos: newTable(&memoResource)} },
		// A real group keeps its fixture section in a Data field; the
		// example keeps none, so it has no load and snapshot hooks.
	})
}

var memoResource = resource[Memo]{
	name: "memo", idField: "memo_id",
	id:    func(m *Memo) *string { return &m.MemoID },
	ids:   idFormat{prefix: "mm", n: 16},
	quota: 100,
	app:   func(m *Memo) *string { return &m.CreatedByApp },
	validate: func(st *store, m *Memo, o op) error {
		if err := checkRunes("text", m.Text, 20); err != nil {
			return err
		}
		if _, err := st.activeMemberOrErr(m.UserID); err != nil && o != opLoad {
			return err
		}
		return nil
	},
}

func (st *store) memos() *table[Memo] { return memoGroup.of(st).memos }

func (s *Server) memoRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "demo/add_memo", write: true, handle: bound(s.addMemo)},
		{method: http.MethodGet, path: "demo/get_memo", handle: bound(s.getMemo)},
		{method: http.MethodPost, path: "demo/list_memo", handle: bound(s.listMemo)},
		{method: http.MethodPost, path: "demo/update_memo", write: true, handle: bound(s.updateMemo)},
		{method: http.MethodPost, path: "demo/del_memo", write: true, handle: bound(s.delMemo)},
	}
}

type memoReq struct {
	MemoID string  `json:"memo_id"`
	Text   *string `json:"text"`
	UserID string  `json:"userid"`
}

func (s *Server) addMemo(c *call, r *memoReq) (any, error) {
	m, err := c.st.memos().create(c.st, &Memo{Text: deref(r.Text), UserID: r.UserID, CreateTime: c.now.Unix()}, c.app())
	if err != nil {
		return nil, err
	}
	return struct {
		MemoID string `json:"memo_id"`
	}{m.MemoID}, nil
}

func (s *Server) getMemo(c *call, r *memoReq) (any, error) {
	m, err := c.st.memos().lookup(r.MemoID)
	return struct {
		Memo *Memo `json:"memo"`
	}{m}, err
}

type memoListReq struct {
	UserID string `json:"userid"`
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit" wt:"required"`
}

func (s *Server) listMemo(c *call, r *memoListReq) (any, error) {
	page, next, err := c.st.memos().page(c, r.Cursor, r.Limit, func(m *Memo) bool { return r.UserID == "" || m.UserID == r.UserID }, r.UserID)
	return struct {
		List       []*Memo `json:"memo_list"`
		NextCursor string  `json:"next_cursor"`
	}{page, next}, err
}

func (s *Server) updateMemo(c *call, r *memoReq) (any, error) {
	_, err := c.st.memos().update(c.st, r.MemoID, c.app(), func(m *Memo) error {
		if r.Text != nil {
			m.Text = *r.Text
		}
		return nil
	})
	return nil, err
}

func (s *Server) delMemo(c *call, r *memoReq) (any, error) {
	return nil, c.st.memos().remove(r.MemoID, c.app())
}

// Memos is the example's back door.
type Memos struct{ backDoor }

func (s *Server) Memos() Memos { return Memos{backDoor{s}} }

// Add creates a memo as another app would ("" for the simulator's app).
func (b Memos) Add(text, userID, app string) (id string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		m, err := st.memos().create(st, &Memo{Text: text, UserID: userID, CreateTime: now.Unix()}, app)
		if err == nil {
			id = m.MemoID
		}
		return err
	})
	return id, err
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestExampleGroup(t *testing.T) {
	s := start(t, WithSeed(3))
	tok := token(t, s)
	var add struct {
		ErrCode int    `json:"errcode"`
		MemoID  string `json:"memo_id"`
	}
	post(t, s, tok, "demo/add_memo", map[string]any{"text": "回访", "userid": "zhangsan"}, &add)
	require.Zero(t, add.ErrCode)
	assert.Regexp(t, `^mm[0-9A-Za-z]{16}$`, add.MemoID)
	assert.Equal(t, 40003, post(t, s, tok, "demo/add_memo", map[string]any{"text": "x", "userid": "nobody"}, nil).ErrCode)

	var got struct {
		Memo Memo `json:"memo"`
	}
	r := apiWith(t, s, tok, http.MethodGet, "demo/get_memo", url.Values{"memo_id": {add.MemoID}}, "")
	r.decode(t, &got)
	assert.Equal(t, "回访", got.Memo.Text)

	assert.Zero(t, post(t, s, tok, "demo/update_memo", map[string]any{"memo_id": add.MemoID, "text": "二次回访"}, nil).ErrCode)
	other, err := s.Memos().Add("别的应用", "lisi", "another-app")
	require.NoError(t, err)
	assert.Equal(t, 48002, post(t, s, tok, "demo/update_memo", map[string]any{"memo_id": other, "text": "x"}, nil).ErrCode)
	assert.Equal(t, 48002, post(t, s, tok, "demo/del_memo", map[string]any{"memo_id": other}, nil).ErrCode)

	var list struct {
		List       []Memo `json:"memo_list"`
		NextCursor string `json:"next_cursor"`
	}
	post(t, s, tok, "demo/list_memo", map[string]any{"limit": 1}, &list)
	require.Len(t, list.List, 1)
	assert.Equal(t, "二次回访", list.List[0].Text)
	require.NotEmpty(t, list.NextCursor)
	assert.Equal(t, 50100, post(t, s, tok, "demo/list_memo", map[string]any{"limit": 1, "userid": "lisi", "cursor": list.NextCursor}, nil).ErrCode)
	assert.Equal(t, 40058, post(t, s, tok, "demo/list_memo", map[string]any{}, nil).ErrCode, "limit is required")

	assert.Zero(t, post(t, s, tok, "demo/del_memo", map[string]any{"memo_id": add.MemoID}, nil).ErrCode)
	assert.Equal(t, 40058, post(t, s, tok, "demo/del_memo", map[string]any{"memo_id": add.MemoID}, nil).ErrCode)
}
