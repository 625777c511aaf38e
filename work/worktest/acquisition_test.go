package worktest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const acqPath = "externalcontact/customer_acquisition/"

// acqPost posts body to a customer_acquisition endpoint with a fresh token.
func acqPost(t *testing.T, s *Server, name, body string) reply {
	t.Helper()
	return api(t, s, http.MethodPost, acqPath+name, nil, body)
}

// createLink makes a link for zhangsan and lisi and returns its id.
func createLink(t *testing.T, s *Server, extra string) string {
	t.Helper()
	r := acqPost(t, s, "create_link", `{"link_name":"五一投放","range":{"user_list":["zhangsan","lisi"]}`+extra+`}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	var out struct {
		Link struct {
			LinkID string `json:"link_id"`
			URL    string `json:"url"`
		} `json:"link"`
	}
	r.decode(t, &out)
	require.Equal(t, acqLinkHost+out.Link.LinkID, out.Link.URL)
	return out.Link.LinkID
}

func TestAcquisitionLinkRules(t *testing.T) {
	s := start(t, WithSeed(71))
	many := make([]string, 501)
	for i := range many {
		many[i] = "nobody"
	}
	for name, tt := range map[string]struct {
		body string
		code int
	}{
		"no name":            {`{"range":{"user_list":["zhangsan"]}}`, 40058},
		"empty name":         {`{"link_name":"","range":{"user_list":["zhangsan"]}}`, 40058},
		"31 characters":      {`{"link_name":"` + strings.Repeat("链", 31) + `","range":{"user_list":["zhangsan"]}}`, 40058},
		"no range":           {`{"link_name":"n"}`, 40058},
		"empty range":        {`{"link_name":"n","range":{}}`, 40058},
		"501 users":          {`{"link_name":"n","range":{"user_list":` + mustJSON(t, many) + `}}`, 40058},
		"unknown member":     {`{"link_name":"n","range":{"user_list":["nobody"]}}`, 40003},
		"resigned member":    {`{"link_name":"n","range":{"user_list":["qianduo"]}}`, 40003},
		"no 客户联系":            {`{"link_name":"n","range":{"user_list":["xiaoming"]}}`, 84074},
		"department 2":       {`{"link_name":"n","range":{"department_list":[2]}}`, 60123},
		"priority type 3":    {`{"link_name":"n","range":{"user_list":["zhangsan"]},"priority_option":{"priority_type":3}}`, 40058},
		"priority 2 no list": {`{"link_name":"n","range":{"user_list":["zhangsan"]},"priority_option":{"priority_type":2}}`, 40058},
		"priority 1 list":    {`{"link_name":"n","range":{"user_list":["zhangsan"]},"priority_option":{"priority_type":1,"priority_userid_list":["lisi"]}}`, 40058},
		"priority unknown":   {`{"link_name":"n","range":{"user_list":["zhangsan"]},"priority_option":{"priority_type":2,"priority_userid_list":["nobody"]}}`, 40003},
		"name as a number":   {`{"link_name":5,"range":{"user_list":["zhangsan"]}}`, 47001},
	} {
		t.Run(name, func(t *testing.T) {
			before := s.Snapshot()
			r := acqPost(t, s, "create_link", tt.body)
			assert.Equal(t, tt.code, r.ErrCode, r.ErrMsg)
			assert.Equal(t, before, s.Snapshot(), "a refused link changes nothing")
		})
	}
}

func TestAcquisitionLinkRangeOver500People(t *testing.T) {
	s := start(t, WithSeed(72), WithMembers(501), WithCustomersPerMember(0), WithGroupChats(0))
	r := acqPost(t, s, "create_link", `{"link_name":"n","range":{"department_list":[1]}}`)
	assert.Equal(t, 40058, r.ErrCode, "the root covers 502 people")
	assert.Contains(t, r.ErrMsg, "covers 502 people")
}

func TestAcquisitionLinkLifecycle(t *testing.T) {
	s := start(t, WithSeed(73))
	id := createLink(t, s, `,"skip_verify":false`)
	var got struct {
		Link  map[string]any   `json:"link"`
		Range AcquisitionRange `json:"range"`
	}
	acqPost(t, s, "get", `{"link_id":"`+id+`"}`).decode(t, &got)
	assert.NotContains(t, got.Link, "link_id", "WeCom's get answers the link without its id")
	assert.Equal(t, false, got.Link["skip_verify"], "sent false")
	assert.Equal(t, true, got.Link["mark_source"], "the default")
	assert.Equal(t, []string{"zhangsan", "lisi"}, got.Range.UserList)

	// update_link replaces the range as a whole and keeps what is not sent.
	r := acqPost(t, s, "update_link", `{"link_id":"`+id+`","range":{"user_list":["wangwu"]},"mark_source":false}`)
	require.Equal(t, 0, r.ErrCode, r.ErrMsg)
	l, ok := s.Acquisition().Link(id)
	require.True(t, ok)
	assert.Equal(t, AcquisitionRange{UserList: []string{"wangwu"}}, l.Range)
	assert.Equal(t, "五一投放", l.LinkName)
	assert.False(t, l.SkipVerify)
	assert.False(t, l.MarkSource)
	assert.Equal(t, 40058, acqPost(t, s, "update_link", `{"link_id":"`+id+`","range":{}}`).ErrCode, "an empty range")
	assert.Equal(t, 40058, acqPost(t, s, "update_link", `{"range":{"user_list":["wangwu"]}}`).ErrCode, "no link_id")
	l2, _ := s.Acquisition().Link(id)
	assert.Equal(t, l, l2, "a refused update changes nothing")

	var list struct {
		LinkIDList []string `json:"link_id_list"`
		NextCursor string   `json:"next_cursor"`
	}
	id2 := createLink(t, s, "")
	acqPost(t, s, "list_link", `{"limit":1}`).decode(t, &list)
	assert.Equal(t, []string{id}, list.LinkIDList)
	require.NotEmpty(t, list.NextCursor)
	acqPost(t, s, "list_link", `{"limit":1,"cursor":"`+list.NextCursor+`"}`).decode(t, &list)
	assert.Equal(t, []string{id2}, list.LinkIDList)
	assert.Empty(t, list.NextCursor)

	require.Equal(t, 0, acqPost(t, s, "delete_link", `{"link_id":"`+id+`"}`).ErrCode)
	for _, name := range []string{"get", "delete_link", "customer"} {
		assert.Equal(t, 40058, acqPost(t, s, name, `{"link_id":"`+id+`"}`).ErrCode, name)
	}
	assert.Equal(t, 40058, acqPost(t, s, "update_link", `{"link_id":"`+id+`","link_name":"x"}`).ErrCode)
	assert.Equal(t, 40058, acqPost(t, s, "get", `{"link_id":"cawcde000000000000"}`).ErrCode, "unknown")
	assert.Equal(t, 40058, acqPost(t, s, "get", `{}`).ErrCode, "missing")
	acqPost(t, s, "list_link", `{}`).decode(t, &list)
	assert.Equal(t, []string{id2}, list.LinkIDList, "a deleted link is not listed")
	l, _ = s.Acquisition().Link(id)
	assert.True(t, l.Deleted())
}

// Another app's link: readable, not changeable (48002).
func TestAcquisitionOtherAppsLink(t *testing.T) {
	d := statData()
	d.Acquisition = &AcquisitionData{Links: []AcquisitionLink{{LinkID: "cawcde0123456789ab", LinkName: "别的应用", URL: acqLinkHost + "cawcde0123456789ab",
		Range: AcquisitionRange{UserList: []string{"zhangsan"}}, CreatedByApp: "other-app", SkipVerify: true}}}
	s := start(t, WithData(d))
	assert.Equal(t, 0, acqPost(t, s, "get", `{"link_id":"cawcde0123456789ab"}`).ErrCode)
	assert.Equal(t, 48002, acqPost(t, s, "update_link", `{"link_id":"cawcde0123456789ab","link_name":"x"}`).ErrCode)
	assert.Equal(t, 48002, acqPost(t, s, "delete_link", `{"link_id":"cawcde0123456789ab"}`).ErrCode)
}

func TestAcquisitionCallers(t *testing.T) {
	s := start(t, WithSeed(74))
	assert.Equal(t, 48002, api(t, s, http.MethodGet, "externalcontact/customer_acquisition_app/get_permit", nil, "").ErrCode,
		"a self-built app is no 营销获客 app")
	require.NoError(t, s.Acquisition().SetApp(AcquisitionContactApp))
	for _, name := range []string{"list_link", "get", "create_link", "update_link", "delete_link", "customer", "statistic", "get_chat_info"} {
		r := acqPost(t, s, name, `{}`)
		assert.Equal(t, 48002, r.ErrCode, name)
		assert.Contains(t, r.ErrMsg, "客户联系 system app")
	}
	assert.Equal(t, 48002, api(t, s, http.MethodGet, "externalcontact/customer_acquisition_quota", nil, "").ErrCode)
	assert.Error(t, s.Acquisition().SetApp("nobody"))
	require.NoError(t, s.Acquisition().SetApp(AcquisitionMarketingApp))
	r := api(t, s, http.MethodGet, "externalcontact/customer_acquisition_app/get_permit", nil, "")
	assert.Equal(t, 0, r.ErrCode)
	assert.JSONEq(t, `{"errcode":0,"errmsg":"ok","user_list":[],"department_list":[1],"tag_list":[]}`, string(r.Body))
}

func TestAcquisitionStatisticWindow(t *testing.T) {
	s := start(t, WithSeed(75))
	id := createLink(t, s, "")
	today := dayStart(s.Clock().Now().Unix())
	for name, tt := range map[string]struct {
		start, end int64
		code       int
	}{
		"today":             {today, today, 0},
		"30 days":           {today - 30*day, today, 0},
		"31 days":           {today - 31*day, today, 40058},
		"end before start":  {today, today - day, 40058},
		"180 days back":     {today - 180*day, today - 180*day, 0},
		"181 days back":     {today - 181*day, today - 181*day, 40058},
		"no start":          {0, today, 40058},
		"any time of a day": {today + 3600, today + 7200, 0},
	} {
		body := `{"link_id":"` + id + `","start_time":` + itoa(tt.start) + `,"end_time":` + itoa(tt.end) + `}`
		assert.Equal(t, tt.code, acqPost(t, s, "statistic", body).ErrCode, name)
	}
	assert.Equal(t, 40058, acqPost(t, s, "statistic", `{"link_id":"cawcde000000000000","start_time":1,"end_time":1}`).ErrCode)
}

// The statistic is per day: clicks and adds of other days and links do
// not count; the same visitor counts once.
func TestAcquisitionStatisticCounts(t *testing.T) {
	s := start(t, WithSeed(76))
	ctx := context.Background()
	id, other := createLink(t, s, ""), createLink(t, s, "")
	stat := func(from, to int64) (clicks, added int) {
		var out struct {
			Clicks int `json:"click_link_customer_cnt"`
			Added  int `json:"new_customer_cnt"`
		}
		acqPost(t, s, "statistic", `{"link_id":"`+id+`","start_time":`+itoa(from)+`,"end_time":`+itoa(to)+`}`).decode(t, &out)
		return out.Clicks, out.Added
	}
	today := dayStart(s.Clock().Now().Unix())
	v, err := s.Acquisition().Open(ctx, acqLinkHost+id+"?customer_channel=a", AcquisitionVisitor{})
	require.NoError(t, err)
	// The same customer again: counted once, nothing added (already theirs
	// for zhangsan; lisi takes them).
	_, err = s.Acquisition().Open(ctx, acqLinkHost+id, AcquisitionVisitor{ExternalUserID: v.ExternalUserID})
	require.NoError(t, err)
	_, err = s.Acquisition().Open(ctx, acqLinkHost+other, AcquisitionVisitor{})
	require.NoError(t, err)
	clicks, added := stat(today, today)
	assert.Equal(t, 1, clicks)
	assert.Equal(t, 2, added)

	s.Clock().Advance(24 * time.Hour)
	_, err = s.Acquisition().Open(ctx, acqLinkHost+id, AcquisitionVisitor{})
	require.NoError(t, err)
	clicks, added = stat(today, today)
	assert.Equal(t, 1, clicks, "yesterday is as it was")
	assert.Equal(t, 2, added)
	clicks, added = stat(today, today+day)
	assert.Equal(t, 2, clicks)
	assert.Equal(t, 3, added)
	assert.Len(t, s.Acquisition().Customers(id), 3)
}

// A link whose members all left: link_unavailable, nobody added; a
// priority option routes an existing friend.
func TestAcquisitionRouting(t *testing.T) {
	d := statData()
	d.Acquisition = &AcquisitionData{
		Links: []AcquisitionLink{
			{LinkID: "cawcde00000000000a", LinkName: "小明", URL: acqLinkHost + "cawcde00000000000a", Range: AcquisitionRange{UserList: []string{"xiaoming"}}},
			{LinkID: "cawcde00000000000b", LinkName: "优先", URL: acqLinkHost + "cawcde00000000000b", Range: AcquisitionRange{UserList: []string{"lisi"}},
				PriorityOption: &AcquisitionPriority{PriorityType: 2, PriorityUserIDList: []string{"zhangsan"}}},
		},
		Quota: []AcquisitionQuota{{Amount: 5, Balance: 5, ExpireDate: 1893456000}},
	}
	s := start(t, WithData(d))
	ctx := context.Background()
	v, err := s.Acquisition().Open(ctx, acqLinkHost+"cawcde00000000000a", AcquisitionVisitor{})
	assert.ErrorIs(t, err, ErrAcquisitionLinkUnavailable)
	assert.False(t, v.Added)

	// wmA is zhangsan's friend: the priority option sends them to zhangsan.
	v, err = s.Acquisition().Open(ctx, acqLinkHost+"cawcde00000000000b", AcquisitionVisitor{ExternalUserID: "wmA"})
	require.NoError(t, err)
	assert.False(t, v.Added)
	assert.Equal(t, "zhangsan", v.UserID)
	// wmB too; a new customer goes to lisi.
	v, err = s.Acquisition().Open(ctx, acqLinkHost+"cawcde00000000000b", AcquisitionVisitor{})
	require.NoError(t, err)
	assert.True(t, v.Added)
	assert.Equal(t, "lisi", v.UserID)

	_, err = s.Acquisition().Open(ctx, "https://example.com/ca/x", AcquisitionVisitor{})
	assert.Error(t, err)
	_, err = s.Acquisition().Open(ctx, acqLinkHost+"cawcdeffffffffffff", AcquisitionVisitor{})
	assert.Error(t, err, "unknown link")
	_, err = s.Acquisition().Open(ctx, acqLinkHost+"cawcde00000000000b", AcquisitionVisitor{UserID: "wangwu"})
	assert.Error(t, err, "not a member of the link")
}

// A customer_channel over 64 bytes is cut, as WeCom cuts it, without half
// a character.
func TestAcquisitionChannelCut(t *testing.T) {
	s := start(t, WithSeed(77))
	id := createLink(t, s, "")
	long := strings.Repeat("渠", 30) // 90 bytes
	v, err := s.Acquisition().Open(context.Background(), acqLinkHost+id+"?customer_channel="+long, AcquisitionVisitor{})
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("渠", 21), v.State, "63 bytes: the 22nd character would pass 64")
}

func TestAcquisitionCustomerPaging(t *testing.T) {
	s := start(t, WithSeed(78))
	id := createLink(t, s, "")
	for i := 0; i < 5; i++ {
		_, err := s.Acquisition().Open(context.Background(), acqLinkHost+id, AcquisitionVisitor{})
		require.NoError(t, err)
	}
	var all []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5)
		var out struct {
			CustomerList []struct {
				ExternalUserID string `json:"external_userid"`
				UserID         string `json:"userid"`
			} `json:"customer_list"`
			NextCursor string `json:"next_cursor"`
		}
		acqPost(t, s, "customer", `{"link_id":"`+id+`","limit":2,"cursor":"`+cursor+`"}`).decode(t, &out)
		for _, c := range out.CustomerList {
			all = append(all, c.UserID)
		}
		if cursor = out.NextCursor; cursor == "" {
			break
		}
	}
	assert.Equal(t, []string{"zhangsan", "lisi", "zhangsan", "lisi", "zhangsan"}, all, "the member with fewer first")
	other := createLink(t, s, "")
	r := acqPost(t, s, "customer", `{"link_id":"`+id+`","limit":2}`)
	var first struct {
		NextCursor string `json:"next_cursor"`
	}
	r.decode(t, &first)
	assert.Equal(t, 50100, acqPost(t, s, "customer", `{"link_id":"`+other+`","cursor":"`+first.NextCursor+`"}`).ErrCode,
		"a cursor of another link")
}

func TestAcquisitionSnapshotRoundTrip(t *testing.T) {
	s := start(t, WithSeed(79))
	id := createLink(t, s, `,"priority_option":{"priority_type":1}`)
	_, err := s.Acquisition().Open(context.Background(), acqLinkHost+id+"?customer_channel=x", AcquisitionVisitor{})
	require.NoError(t, err)
	_, err = s.Acquisition().Message(context.Background(), "zhangsan", s.Acquisition().Customers(id)[0].ExternalUserID)
	require.NoError(t, err)
	d := s.Snapshot()
	require.NotNil(t, d.Acquisition)
	s2 := start(t, WithData(d), WithClock(NewClock(s.Clock().Now())))
	assert.Equal(t, d.Acquisition, s2.Snapshot().Acquisition)
	assert.Equal(t, s.Acquisition().Customers(id), s2.Acquisition().Customers(id))
}
