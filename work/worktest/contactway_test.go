package worktest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddContactWay(t *testing.T) {
	s := start(t, WithSeed(8))
	single, err := s.AddContactWay(ContactWaySpec{Type: ContactWaySingle, Scene: ContactWayQRCode,
		Users: []string{"zhangsan"}, State: "expo-2024", Remark: "展会海报"})
	require.NoError(t, err)
	assert.Regexp(t, `^cw[0-9A-Za-z]{30}$`, single)
	multi, err := s.AddContactWay(ContactWaySpec{Type: ContactWayMulti, Scene: ContactWayMiniProgram,
		Users: []string{"lisi", "wangwu"}, State: "mp", Verify: true})
	require.NoError(t, err)
	assert.NotEqual(t, single, multi)

	ways := s.Snapshot().ContactWays
	require.Len(t, ways, 2)
	w := ways[0]
	assert.Regexp(t, `^https://wework\.qpic\.cn/wwpic/[0-9A-Za-z]{30}/0$`, w.QRCode)
	w.QRCode = ""
	assert.Equal(t, ContactWay{ConfigID: single, Type: 1, Scene: 2, Remark: "展会海报", SkipVerify: true,
		State: "expo-2024", User: []string{"zhangsan"}, CreateTime: DefaultStart.Unix()}, w)
	assert.Equal(t, ContactWay{ConfigID: multi, Type: 2, Scene: 1, State: "mp",
		User: []string{"lisi", "wangwu"}, CreateTime: DefaultStart.Unix()}, ways[1], "no qr_code in a mini program")

	// The same seed gives the same ids.
	s2 := start(t, WithSeed(8))
	again, err := s2.AddContactWay(ContactWaySpec{Type: ContactWaySingle, Scene: ContactWayQRCode, Users: []string{"zhangsan"}})
	require.NoError(t, err)
	assert.Equal(t, single, again)

	many := make([]string, 101)
	for i := range many {
		many[i] = "u" + strconv.Itoa(i)
	}
	before := s.Snapshot()
	for name, spec := range map[string]ContactWaySpec{
		"no type":            {Scene: 2, Users: []string{"zhangsan"}},
		"bad scene":          {Type: 1, Scene: 3, Users: []string{"zhangsan"}},
		"single, two users":  {Type: 1, Scene: 2, Users: []string{"zhangsan", "lisi"}},
		"single, no user":    {Type: 1, Scene: 2},
		"multi, no user":     {Type: 2, Scene: 2},
		"multi, 101 users":   {Type: 2, Scene: 2, Users: many},
		"duplicate user":     {Type: 2, Scene: 2, Users: []string{"zhangsan", "lisi", "zhangsan"}},
		"empty user":         {Type: 2, Scene: 2, Users: []string{"zhangsan", ""}},
		"unknown member":     {Type: 1, Scene: 2, Users: []string{"nobody"}},
		"resigned member":    {Type: 1, Scene: 2, Users: []string{"qianduo"}},
		"no 客户联系":            {Type: 1, Scene: 2, Users: []string{NoContactMember}},
		"state too long":     {Type: 1, Scene: 2, Users: []string{"zhangsan"}, State: strings.Repeat("渠", 31)},
		"remark too long":    {Type: 1, Scene: 2, Users: []string{"zhangsan"}, Remark: strings.Repeat("备", 31)},
		"state not UTF-8":    {Type: 1, Scene: 2, Users: []string{"zhangsan"}, State: "\xff"},
		"remark not UTF-8":   {Type: 1, Scene: 2, Users: []string{"zhangsan"}, Remark: "\xfe"},
		"multi, one unknown": {Type: 2, Scene: 1, Users: []string{"zhangsan", "ghost"}},
	} {
		_, err := s.AddContactWay(spec)
		assert.Error(t, err, name)
	}
	assert.Equal(t, before, s.Snapshot(), "failed calls create nothing")
	_, err = s.AddContactWay(ContactWaySpec{Type: ContactWayMulti, Scene: ContactWayQRCode, Users: []string{"zhangsan"},
		State: strings.Repeat("渠", 30), Remark: strings.Repeat("备", 30)})
	assert.NoError(t, err, "30 characters are fine; a multi-user way may have one user")
}

func TestAddContactThroughWay(t *testing.T) {
	s := start(t, WithSeed(13))
	rc := newCBReceiver(t, s.CorpID)
	connectCB(t, s, rc)
	ctx := context.Background()
	qr, err := s.AddContactWay(ContactWaySpec{Type: ContactWaySingle, Scene: ContactWayQRCode, Users: []string{"zhangsan"}, State: "poster-A"})
	require.NoError(t, err)
	mp, err := s.AddContactWay(ContactWaySpec{Type: ContactWayMulti, Scene: ContactWayMiniProgram, Users: []string{"lisi", "wangwu"}, State: "mini"})
	require.NoError(t, err)

	// A single-user QR code: the way's user and state, add_way 1.
	first, err := s.AddContact(ctx, AddContact{ConfigID: qr})
	require.NoError(t, err)
	assert.Equal(t, "zhangsan", first.UserID)
	assert.Equal(t, "poster-A", first.State)
	second, err := s.AddContact(ctx, AddContact{ConfigID: qr, State: "poster-A", AddWay: 1})
	require.NoError(t, err, "the way's own state and add_way may be repeated")
	assert.NotEqual(t, first.ExternalUserID, second.ExternalUserID)

	adds, _, _ := rc.snapshot()
	require.Len(t, adds, 2)
	for i, a := range []*AddedContact{first, second} {
		e := adds[i]
		assert.Equal(t, "zhangsan", e.UserID)
		assert.Equal(t, a.ExternalUserID, e.ExternalUserID)
		assert.Equal(t, "poster-A", e.State, "the event carries the way's state")
		assert.Equal(t, a.WelcomeCode, e.WelcomeCode)
		assert.Len(t, e.WelcomeCode, 43)
		assert.True(t, s.WelcomeCodeValid(e.WelcomeCode))
		rel := cbRelation(s, "zhangsan", a.ExternalUserID)
		require.NotNil(t, rel)
		assert.Equal(t, "poster-A", rel.State)
		assert.Equal(t, 1, rel.AddWay, "scanned the QR code")
		assert.Equal(t, a.ExternalUserID, rel.OperUserID)
	}
	assert.NotEqual(t, adds[0].WelcomeCode, adds[1].WelcomeCode, "a fresh WelcomeCode each time")

	// A multi-user mini-program way: UserID names one of its users; the
	// caller's add_way is kept. An existing customer may come through a way.
	third, err := s.AddContact(ctx, AddContact{ConfigID: mp, UserID: "wangwu", ExternalUserID: first.ExternalUserID, AddWay: 3})
	require.NoError(t, err)
	assert.Equal(t, first.ExternalUserID, third.ExternalUserID)
	rel := cbRelation(s, "wangwu", first.ExternalUserID)
	require.NotNil(t, rel)
	assert.Equal(t, "mini", rel.State)
	assert.Equal(t, 3, rel.AddWay)
	adds, _, _ = rc.snapshot()
	require.Len(t, adds, 3)
	assert.Equal(t, "wangwu", adds[2].UserID)
	assert.Equal(t, "mini", adds[2].State)

	before := s.Snapshot()
	for name, a := range map[string]AddContact{
		"unknown config id":    {ConfigID: "cwNOSUCHWAY"},
		"user not on the way":  {ConfigID: qr, UserID: "lisi"},
		"user not on a multi":  {ConfigID: mp, UserID: "zhangsan"},
		"multi without userid": {ConfigID: mp},
		"another state":        {ConfigID: qr, State: "poster-B"},
		"QR code, other way":   {ConfigID: qr, AddWay: 2},
		"existing relation":    {ConfigID: qr, ExternalUserID: first.ExternalUserID},
	} {
		_, err := s.AddContact(ctx, a)
		assert.Error(t, err, name)
		var de *DeliveryError
		assert.False(t, errors.As(err, &de), name)
	}
	assert.Equal(t, before, s.Snapshot(), "nothing changed")
	adds, _, _ = rc.snapshot()
	assert.Len(t, adds, 3, "nothing delivered")
	_, err = s.AddContact(ctx, AddContact{ConfigID: "cwNOSUCHWAY", UserID: "zhangsan"})
	assert.ErrorContains(t, err, "no contact way")
	_, err = s.AddContact(ctx, AddContact{ConfigID: qr, UserID: "lisi"})
	assert.ErrorContains(t, err, "not a user of contact way")
}

func TestContactWayFixture(t *testing.T) {
	d := &Data{
		Members: []Member{{UserID: "zhangsan", Name: "张三", ExternalContact: true}, {UserID: "old", Name: "老王", DimissionTime: 1700000000}},
		ContactWays: []ContactWay{
			{ConfigID: "42b34949e138eb6e027c123cba77fad7", Type: 1, Scene: 2, State: "s1", QRCode: "https://example.com/qr/0", User: []string{"zhangsan"}, SkipVerify: true},
			{ConfigID: "cwOLD", Type: 2, Scene: 1, User: []string{"zhangsan", "old"}},
		},
	}
	s := start(t, WithData(d))
	assert.Equal(t, d.ContactWays, s.Snapshot().ContactWays, "a fixture's ways round-trip")
	a, err := s.AddContact(context.Background(), AddContact{ConfigID: "42b34949e138eb6e027c123cba77fad7"})
	require.NoError(t, err)
	assert.Equal(t, "s1", a.State)
	_, err = s.AddContact(context.Background(), AddContact{ConfigID: "cwOLD", UserID: "old"})
	assert.Error(t, err, "a way's user who resigned since cannot be added")

	for name, ways := range map[string][]ContactWay{
		"unknown user":    {{ConfigID: "cw1", Type: 1, Scene: 2, User: []string{"ghost"}}},
		"duplicate id":    {{ConfigID: "cw1", Type: 1, Scene: 2, User: []string{"zhangsan"}}, {ConfigID: "cw1", Type: 1, Scene: 1, User: []string{"zhangsan"}}},
		"no config id":    {{Type: 1, Scene: 2, User: []string{"zhangsan"}}},
		"bad type":        {{ConfigID: "cw1", Type: 3, Scene: 2, User: []string{"zhangsan"}}},
		"single, 2 users": {{ConfigID: "cw1", Type: 1, Scene: 2, User: []string{"zhangsan", "old"}}},
	} {
		_, err := New(WithData(&Data{Members: d.Members, ContactWays: ways}))
		assert.Error(t, err, name)
	}
}

func TestContactWaysBackDoor(t *testing.T) {
	s := start(t, WithSeed(8))
	ways := s.ContactWays()
	id, err := ways.Add(ContactWaySpec{Type: ContactWaySingle, Scene: ContactWayQRCode, Users: []string{"zhangsan"}, State: "door"})
	require.NoError(t, err)
	legacy, err := start(t, WithSeed(8)).AddContactWay(ContactWaySpec{Type: ContactWaySingle, Scene: ContactWayQRCode,
		Users: []string{"zhangsan"}, State: "door"})
	require.NoError(t, err)
	assert.Equal(t, legacy, id, "the deprecated AddContactWay is the same call")

	w, ok := ways.Get(id)
	require.True(t, ok)
	assert.Equal(t, "door", w.State)
	assert.Equal(t, "", w.CreatedByApp, "created by the simulator's app")
	w.User[0] = "changed"
	again, _ := ways.Get(id)
	assert.Equal(t, []string{"zhangsan"}, again.User, "Get returns a copy")
	_, ok = ways.Get("cwnothere")
	assert.False(t, ok)

	added, err := ways.Scan(context.Background(), id, AddContact{Name: "扫码客户"})
	require.NoError(t, err)
	assert.Equal(t, "zhangsan", added.UserID)
	assert.Equal(t, "door", added.State)
	_, err = ways.Scan(context.Background(), "cwnothere", AddContact{})
	assert.ErrorContains(t, err, "no contact way")

	// A fixture's way made by another app keeps its creator.
	d := s.Snapshot()
	d.ContactWays[0].CreatedByApp = "another-app"
	s2 := start(t, WithData(d))
	w2, ok := s2.ContactWays().Get(id)
	require.True(t, ok)
	assert.Equal(t, "another-app", w2.CreatedByApp)
}
