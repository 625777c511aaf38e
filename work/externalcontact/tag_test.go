package externalcontact

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

// tagOK answers a write call with success after checking its body.
func tagOK(t *testing.T, wantBody string) func(http.ResponseWriter, *http.Request) {
	return func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, wantBody)
		io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
	}
}

func TestGetCorpTags(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_corp_tag_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"tag_id":["etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA"],"group_id":["etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA"]}`)
		reply(t, "get_corp_tag_list")(rw, r)
	})
	req := &GetCorpTagsRequest{
		TagIDs:   []string{"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA"},
		GroupIDs: []string{"etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA"},
	}
	got, err := c.GetCorpTags(bg, req)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, TagGroup{
		GroupID: "etAJ2GCAAAGrXhfM7kYbJ6Nq1H2Wv3EA", GroupName: "客户等级", CreateTime: 1557838797, Order: 4294967295,
		Tags: []Tag{
			{ID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Name: "重点", CreateTime: 1557838797, Order: 2},
			{ID: "etAJ2GCAAAKz9aY7pQf3R1eVnX0Lb8BA", Name: "一般", CreateTime: 1557838812, Order: 0, Deleted: true},
		},
	}, got[0])
	assert.Equal(t, TagGroup{
		GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", GroupName: "意向产品", CreateTime: 1601296740, Order: 1,
		Tags: []Tag{{ID: "etAJ2GCAAAc4HbN9rUw6YeLgZ1oTj7DA", Name: "企业版", CreateTime: 1601296740, Order: 1}},
	}, got[1])
	assert.Zero(t, got[1].StrategyID)
	assert.Len(t, req.TagIDs, 2, "request must not be modified")
}

func TestGetCorpTagsAll(t *testing.T) {
	for _, tt := range []struct {
		name string
		req  *GetCorpTagsRequest
	}{{"nil request", nil}, {"empty request", &GetCorpTagsRequest{}}} {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/get_corp_tag_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
				testJSONBody(t, r, `{}`)
				reply(t, "get_corp_tag_list")(rw, r)
			})
			got, err := c.GetCorpTags(bg, tt.req)
			require.NoError(t, err)
			assert.Len(t, got, 2)
		})
	}
}

func TestGetCorpTagsErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_corp_tag_list", http.MethodPost, replyError(48002, "api forbidden"))
	_, err := c.GetCorpTags(bg, nil)
	assertAPIError(t, err, 48002, "externalcontact/get_corp_tag_list")
	assert.ErrorIs(t, err, core.ErrAPIForbidden)

	c, w = setup(t)
	_, err = c.GetCorpTags(bg, &GetCorpTagsRequest{TagIDs: []string{"et1", ""}})
	assertArgError(t, w, err, "tag_id")
	_, err = c.GetCorpTags(bg, &GetCorpTagsRequest{GroupIDs: []string{""}})
	assertArgError(t, w, err, "group_id")
}

func TestAddCorpTag(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/add_corp_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"group_name":"意向产品","order":1,"tag":[{"name":"企业版","order":2},{"name":"旗舰版"}],"agentid":1000014}`)
		reply(t, "add_corp_tag")(rw, r)
	})
	got, err := c.AddCorpTag(bg, &AddCorpTagRequest{
		GroupName: "意向产品", Order: 1,
		Tags:    []TagSpec{{Name: "企业版", Order: 2}, {Name: "旗舰版"}},
		AgentID: 1000014,
	})
	require.NoError(t, err)
	assert.Equal(t, &TagGroup{
		GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", GroupName: "意向产品", CreateTime: 1601296740, Order: 1,
		Tags: []Tag{
			{ID: "etAJ2GCAAAc4HbN9rUw6YeLgZ1oTj7DA", Name: "企业版", CreateTime: 1601296740, Order: 2},
			{ID: "etAJ2GCAAAm1QwE3rT5yU7iO9pA2sDEA", Name: "旗舰版", CreateTime: 1601296740},
		},
	}, got)
}

func TestAddCorpTagIntoGroup(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/add_corp_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"group_id":"etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA","tag":[{"name":"旗舰版"}]}`)
		reply(t, "add_corp_tag")(rw, r)
	})
	_, err := c.AddCorpTag(bg, &AddCorpTagRequest{GroupID: "etAJ2GCAAAa8DpWc0m5Vx2KsTfJ3qLCA", Tags: []TagSpec{{Name: "旗舰版"}}})
	require.NoError(t, err)
}

func TestAddCorpTagErrcodes(t *testing.T) {
	tests := []struct {
		code     int
		sentinel error
	}{
		{40071, ErrTagNameExists},
		{40126, ErrTagLimitReached},
		{40068, ErrTagNotFound},
	}
	for _, tt := range tests {
		c, w := setup(t)
		w.handle(t, "externalcontact/add_corp_tag", http.MethodPost, replyError(tt.code, "tag error"))
		_, err := c.AddCorpTag(bg, &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "t"}}})
		assertAPIError(t, err, tt.code, "externalcontact/add_corp_tag")
		assert.ErrorIs(t, err, tt.sentinel)
		for _, other := range tests {
			if other.code != tt.code {
				assert.False(t, errors.Is(err, other.sentinel), "errcode %d must not match %v", tt.code, other.sentinel)
			}
		}
	}
}

func TestAddCorpTagValidation(t *testing.T) {
	long := strings.Repeat("标", 31)
	ok := []TagSpec{{Name: "t"}}
	tests := []struct {
		name  string
		req   *AddCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no group", &AddCorpTagRequest{Tags: ok}, "group_id"},
		{"long group name", &AddCorpTagRequest{GroupName: long, Tags: ok}, "group_name"},
		{"negative order", &AddCorpTagRequest{GroupName: "g", Order: -1, Tags: ok}, "order"},
		{"order 2^32", &AddCorpTagRequest{GroupName: "g", Order: 1 << 32, Tags: ok}, "order"},
		{"no tags", &AddCorpTagRequest{GroupName: "g"}, "tag"},
		{"empty tag name", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a"}, {}}}, "tag.name"},
		{"long tag name", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: long}}}, "tag.name"},
		{"tag order", &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a", Order: -5}}}, "tag.order"},
		{"agentid", &AddCorpTagRequest{GroupName: "g", Tags: ok, AgentID: -1}, "agentid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.AddCorpTag(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}

	// The reason names the offending tag; 30 characters and order 2^32-1 pass.
	c, w := setup(t)
	_, err := c.AddCorpTag(bg, &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a"}, {Name: long}}})
	assertArgError(t, w, err, "tag.name")
	assert.Contains(t, err.Error(), "tag #1")
	w.handle(t, "externalcontact/add_corp_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		reply(t, "add_corp_tag")(rw, r)
	})
	_, err = c.AddCorpTag(bg, &AddCorpTagRequest{GroupName: strings.Repeat("组", 30), Order: 1<<32 - 1, Tags: []TagSpec{{Name: strings.Repeat("标", 30), Order: 1<<32 - 1}}})
	require.NoError(t, err)
}

func TestUpdateCorpTag(t *testing.T) {
	tests := []struct {
		name string
		req  *UpdateCorpTagRequest
		body string
	}{
		{"rename", &UpdateCorpTagRequest{ID: "etTAG", Name: "重要客户"}, `{"id":"etTAG","name":"重要客户"}`},
		// Order 0 is a real value and must be sent, not dropped.
		{"order zero", &UpdateCorpTagRequest{ID: "etGROUP", Order: core.Ptr[int64](0)}, `{"id":"etGROUP","order":0}`},
		{"all fields", &UpdateCorpTagRequest{ID: "etTAG", Name: "VIP", Order: core.Ptr[int64](4294967295), AgentID: 1000014}, `{"id":"etTAG","name":"VIP","order":4294967295,"agentid":1000014}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/edit_corp_tag", http.MethodPost, tagOK(t, tt.body))
			require.NoError(t, c.UpdateCorpTag(bg, tt.req))
			assert.EqualValues(t, 1, w.requests.Load())
		})
	}
}

func TestUpdateCorpTagErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/edit_corp_tag", http.MethodPost, replyError(40071, "invalid tag name"))
	err := c.UpdateCorpTag(bg, &UpdateCorpTagRequest{ID: "etTAG", Name: "重点"})
	assertAPIError(t, err, 40071, "externalcontact/edit_corp_tag")
	assert.ErrorIs(t, err, ErrTagNameExists)

	tests := []struct {
		name  string
		req   *UpdateCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no id", &UpdateCorpTagRequest{Name: "x"}, "id"},
		{"nothing to change", &UpdateCorpTagRequest{ID: "etTAG"}, "name"},
		{"long name", &UpdateCorpTagRequest{ID: "etTAG", Name: strings.Repeat("a", 31)}, "name"},
		{"negative order", &UpdateCorpTagRequest{ID: "etTAG", Order: core.Ptr[int64](-1)}, "order"},
		{"order 2^32", &UpdateCorpTagRequest{ID: "etTAG", Order: core.Ptr[int64](1 << 32)}, "order"},
		{"agentid", &UpdateCorpTagRequest{ID: "etTAG", Name: "x", AgentID: -3}, "agentid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.UpdateCorpTag(bg, tt.req), tt.field)
		})
	}
}

func TestDeleteCorpTag(t *testing.T) {
	tests := []struct {
		name string
		req  *DeleteCorpTagRequest
		body string
	}{
		{"tags", &DeleteCorpTagRequest{TagIDs: []string{"etTAG1", "etTAG2"}}, `{"tag_id":["etTAG1","etTAG2"]}`},
		{"groups", &DeleteCorpTagRequest{GroupIDs: []string{"etGROUP1"}}, `{"group_id":["etGROUP1"]}`},
		{"both", &DeleteCorpTagRequest{TagIDs: []string{"etTAG1"}, GroupIDs: []string{"etGROUP1", "etGROUP2"}, AgentID: 1000014},
			`{"tag_id":["etTAG1"],"group_id":["etGROUP1","etGROUP2"],"agentid":1000014}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/del_corp_tag", http.MethodPost, tagOK(t, tt.body))
			require.NoError(t, c.DeleteCorpTag(bg, tt.req))
		})
	}
}

func TestDeleteCorpTagErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/del_corp_tag", http.MethodPost, replyError(40068, "invalid tagid"))
	err := c.DeleteCorpTag(bg, &DeleteCorpTagRequest{TagIDs: []string{"etGONE"}})
	assertAPIError(t, err, 40068, "externalcontact/del_corp_tag")
	assert.ErrorIs(t, err, ErrTagNotFound)

	tests := []struct {
		name  string
		req   *DeleteCorpTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"nothing", &DeleteCorpTagRequest{}, "tag_id"},
		{"empty lists", &DeleteCorpTagRequest{TagIDs: []string{}, GroupIDs: []string{}}, "tag_id"},
		{"empty tag id", &DeleteCorpTagRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &DeleteCorpTagRequest{GroupIDs: []string{"g", ""}}, "group_id"},
		{"agentid", &DeleteCorpTagRequest{TagIDs: []string{"t"}, AgentID: -1}, "agentid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.DeleteCorpTag(bg, tt.req), tt.field)
		})
	}
}

func TestMarkTags(t *testing.T) {
	tests := []struct {
		name string
		req  *MarkTagsRequest
		body string
	}{
		{"add and remove", &MarkTagsRequest{
			UserID: "zhangsan", ExternalUserID: "woAJ2GCAAAd1NPGHKSD4wKmE8Aabj9AAA",
			AddTags: []string{"etTAG1", "etTAG2"}, RemoveTags: []string{"etTAG3"},
		}, `{"userid":"zhangsan","external_userid":"woAJ2GCAAAd1NPGHKSD4wKmE8Aabj9AAA","add_tag":["etTAG1","etTAG2"],"remove_tag":["etTAG3"]}`},
		{"add only", &MarkTagsRequest{UserID: "zhangsan", ExternalUserID: "wmX", AddTags: []string{"etTAG1"}},
			`{"userid":"zhangsan","external_userid":"wmX","add_tag":["etTAG1"]}`},
		{"remove only", &MarkTagsRequest{UserID: "zhangsan", ExternalUserID: "wmX", RemoveTags: []string{"etTAG1"}},
			`{"userid":"zhangsan","external_userid":"wmX","remove_tag":["etTAG1"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/mark_tag", http.MethodPost, tagOK(t, tt.body))
			require.NoError(t, c.MarkTags(bg, tt.req))
		})
	}
}

func TestMarkTagsErrors(t *testing.T) {
	for _, tt := range []struct {
		code     int
		sentinel error
	}{
		{40068, ErrTagNotFound},
		{84061, core.ErrNotExternalContact},
	} {
		c, w := setup(t)
		w.handle(t, "externalcontact/mark_tag", http.MethodPost, replyError(tt.code, "error"))
		err := c.MarkTags(bg, &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{"et"}})
		assertAPIError(t, err, tt.code, "externalcontact/mark_tag")
		assert.ErrorIs(t, err, tt.sentinel)
	}

	tests := []struct {
		name  string
		req   *MarkTagsRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no userid", &MarkTagsRequest{ExternalUserID: "wm", AddTags: []string{"et"}}, "userid"},
		{"no external_userid", &MarkTagsRequest{UserID: "u", AddTags: []string{"et"}}, "external_userid"},
		{"no tags", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm"}, "add_tag"},
		{"empty add id", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{""}}, "add_tag"},
		{"empty remove id", &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", RemoveTags: []string{"et", ""}}, "remove_tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.MarkTags(bg, tt.req), tt.field)
		})
	}
}

func TestTagCallsHonourContext(t *testing.T) {
	c, w := setup(t)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	err := c.MarkTags(ctx, &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{"et"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, w.requests.Load())
}
