package externalcontact

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

func TestGetStrategyTags(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_strategy_tag_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"strategy_id":7,"group_id":["etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA"]}`)
		reply(t, "get_strategy_tag_list")(rw, r)
	})
	got, err := c.GetStrategyTags(bg, &GetStrategyTagsRequest{StrategyID: 7, GroupIDs: []string{"etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA"}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, TagGroup{
		GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", GroupName: "华南区域", CreateTime: 1620616426, Order: 3, StrategyID: 7,
		Tags: []Tag{
			{ID: "etAJ2GCAAAq2WeR4tY6uI8oP0aS3dFGA", Name: "广州", CreateTime: 1620616426, Order: 2},
			{ID: "etAJ2GCAAAz1XcV3bN5mQ7wE9rT2yHHA", Name: "深圳", CreateTime: 1620616430, Order: 1},
		},
	}, got[0])
}

func TestGetStrategyTagsAll(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_strategy_tag_list", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		reply(t, "get_strategy_tag_list")(rw, r)
	})
	got, err := c.GetStrategyTags(bg, nil)
	require.NoError(t, err)
	assert.Len(t, got, 1)
}

func TestGetStrategyTagsErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/get_strategy_tag_list", http.MethodPost, replyError(40068, "invalid tagid"))
	_, err := c.GetStrategyTags(bg, &GetStrategyTagsRequest{TagIDs: []string{"etGONE"}})
	assertAPIError(t, err, 40068, "externalcontact/get_strategy_tag_list")
	assert.ErrorIs(t, err, ErrTagNotFound)

	tests := []struct {
		name  string
		req   *GetStrategyTagsRequest
		field string
	}{
		{"negative strategy", &GetStrategyTagsRequest{StrategyID: -1}, "strategy_id"},
		{"empty tag id", &GetStrategyTagsRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &GetStrategyTagsRequest{GroupIDs: []string{""}}, "group_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.GetStrategyTags(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}
}

func TestAddStrategyTag(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/add_strategy_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"strategy_id":7,"group_id":"etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA","tag":[{"name":"佛山"}]}`)
		reply(t, "add_strategy_tag")(rw, r)
	})
	got, err := c.AddStrategyTag(bg, &AddStrategyTagRequest{
		StrategyID: 7, GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", Tags: []TagSpec{{Name: "佛山"}},
	})
	require.NoError(t, err)
	assert.Equal(t, &TagGroup{
		GroupID: "etAJ2GCAAAs7VbG2nH4jK6lZ8xC0vBFA", GroupName: "华南区域", CreateTime: 1620616426, Order: 3,
		Tags: []Tag{{ID: "etAJ2GCAAAp5LkJ7hG9fD1sA3zX5cJIA", Name: "佛山", CreateTime: 1620702011}},
	}, got)
}

func TestAddStrategyTagNewGroup(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/add_strategy_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"strategy_id":7,"group_name":"华南区域","order":3,"tag":[{"name":"广州","order":2},{"name":"深圳","order":1}]}`)
		reply(t, "add_strategy_tag")(rw, r)
	})
	_, err := c.AddStrategyTag(bg, &AddStrategyTagRequest{
		StrategyID: 7, GroupName: "华南区域", Order: 3, Tags: []TagSpec{{Name: "广州", Order: 2}, {Name: "深圳", Order: 1}},
	})
	require.NoError(t, err)
}

func TestAddStrategyTagErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/add_strategy_tag", http.MethodPost, replyError(40126, "tag limit"))
	_, err := c.AddStrategyTag(bg, &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Tags: []TagSpec{{Name: "t"}}})
	assertAPIError(t, err, 40126, "externalcontact/add_strategy_tag")
	assert.ErrorIs(t, err, ErrTagLimitReached)

	ok := []TagSpec{{Name: "t"}}
	tests := []struct {
		name  string
		req   *AddStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no strategy", &AddStrategyTagRequest{GroupName: "g", Tags: ok}, "strategy_id"},
		{"negative strategy", &AddStrategyTagRequest{StrategyID: -7, GroupName: "g", Tags: ok}, "strategy_id"},
		{"no group", &AddStrategyTagRequest{StrategyID: 7, Tags: ok}, "group_id"},
		{"long group name", &AddStrategyTagRequest{StrategyID: 7, GroupName: strings.Repeat("x", 31), Tags: ok}, "group_name"},
		{"order", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Order: 1 << 32, Tags: ok}, "order"},
		{"no tags", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g"}, "tag"},
		{"empty tag name", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Tags: []TagSpec{{}}}, "tag.name"},
		{"tag order", &AddStrategyTagRequest{StrategyID: 7, GroupName: "g", Tags: []TagSpec{{Name: "t", Order: -1}}}, "tag.order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			_, err := c.AddStrategyTag(bg, tt.req)
			assertArgError(t, w, err, tt.field)
		})
	}
}

func TestUpdateStrategyTag(t *testing.T) {
	tests := []struct {
		name string
		req  *UpdateStrategyTagRequest
		body string
	}{
		{"rename", &UpdateStrategyTagRequest{ID: "etTAG", Name: "珠海"}, `{"id":"etTAG","name":"珠海"}`},
		{"order zero", &UpdateStrategyTagRequest{ID: "etTAG", Order: core.Ptr[int64](0)}, `{"id":"etTAG","order":0}`},
		{"both", &UpdateStrategyTagRequest{ID: "etGROUP", Name: "华南", Order: core.Ptr[int64](9)}, `{"id":"etGROUP","name":"华南","order":9}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/edit_strategy_tag", http.MethodPost, tagOK(t, tt.body))
			require.NoError(t, c.UpdateStrategyTag(bg, tt.req))
		})
	}
}

func TestUpdateStrategyTagErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/edit_strategy_tag", http.MethodPost, replyError(40071, "invalid tag name"))
	err := c.UpdateStrategyTag(bg, &UpdateStrategyTagRequest{ID: "etTAG", Name: "深圳"})
	assertAPIError(t, err, 40071, "externalcontact/edit_strategy_tag")
	assert.ErrorIs(t, err, ErrTagNameExists)

	tests := []struct {
		name  string
		req   *UpdateStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"no id", &UpdateStrategyTagRequest{Name: "x"}, "id"},
		{"nothing to change", &UpdateStrategyTagRequest{ID: "etTAG"}, "name"},
		{"long name", &UpdateStrategyTagRequest{ID: "etTAG", Name: strings.Repeat("名", 31)}, "name"},
		{"order", &UpdateStrategyTagRequest{ID: "etTAG", Order: core.Ptr[int64](-1)}, "order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.UpdateStrategyTag(bg, tt.req), tt.field)
		})
	}
}

// TestDeleteStrategyTagPath guards against the peer-SDK bug of posting the
// delete to edit_strategy_tag.
func TestDeleteStrategyTagPath(t *testing.T) {
	c, w := setup(t)
	var deletes, edits int
	w.handle(t, "externalcontact/del_strategy_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		deletes++
		tagOK(t, `{"tag_id":["etTAG1"],"group_id":["etGROUP1"]}`)(rw, r)
	})
	w.handle(t, "externalcontact/edit_strategy_tag", http.MethodPost, func(rw http.ResponseWriter, r *http.Request) {
		edits++
		t.Errorf("DeleteStrategyTag posted to edit_strategy_tag")
		replyError(40058, "invalid parameter")(rw, r)
	})
	require.NoError(t, c.DeleteStrategyTag(bg, &DeleteStrategyTagRequest{TagIDs: []string{"etTAG1"}, GroupIDs: []string{"etGROUP1"}}))
	assert.Equal(t, 1, deletes)
	assert.Zero(t, edits)
}

func TestDeleteStrategyTag(t *testing.T) {
	tests := []struct {
		name string
		req  *DeleteStrategyTagRequest
		body string
	}{
		{"tags", &DeleteStrategyTagRequest{TagIDs: []string{"etTAG1", "etTAG2"}}, `{"tag_id":["etTAG1","etTAG2"]}`},
		{"groups", &DeleteStrategyTagRequest{GroupIDs: []string{"etGROUP1"}}, `{"group_id":["etGROUP1"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			w.handle(t, "externalcontact/del_strategy_tag", http.MethodPost, tagOK(t, tt.body))
			require.NoError(t, c.DeleteStrategyTag(bg, tt.req))
		})
	}
}

func TestDeleteStrategyTagErrors(t *testing.T) {
	c, w := setup(t)
	w.handle(t, "externalcontact/del_strategy_tag", http.MethodPost, replyError(40068, "invalid tagid"))
	err := c.DeleteStrategyTag(bg, &DeleteStrategyTagRequest{GroupIDs: []string{"etGONE"}})
	assertAPIError(t, err, 40068, "externalcontact/del_strategy_tag")
	assert.ErrorIs(t, err, ErrTagNotFound)

	tests := []struct {
		name  string
		req   *DeleteStrategyTagRequest
		field string
	}{
		{"nil", nil, "request"},
		{"nothing", &DeleteStrategyTagRequest{}, "tag_id"},
		{"empty tag id", &DeleteStrategyTagRequest{TagIDs: []string{""}}, "tag_id"},
		{"empty group id", &DeleteStrategyTagRequest{GroupIDs: []string{""}}, "group_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := setup(t)
			assertArgError(t, w, c.DeleteStrategyTag(bg, tt.req), tt.field)
		})
	}
}
