package externalcontact

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// The wire rows of the corp and strategy tag calls are in cases_tag_test.go.

// Each tag errcode matches its own sentinel and no other, whichever tag
// call answers it.
func TestTagErrcodes(t *testing.T) {
	t.Parallel()
	sentinels := map[int]error{40071: ErrTagNameExists, 40126: ErrTagLimitReached, 40068: ErrTagNotFound}
	calls := map[string]func(c *Client) error{
		"externalcontact/add_corp_tag": func(c *Client) error {
			_, err := c.AddCorpTag(bg, &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "t"}}})
			return err
		},
		"externalcontact/edit_strategy_tag": func(c *Client) error {
			return c.UpdateStrategyTag(bg, &UpdateStrategyTagRequest{ID: "etTAG", Name: "深圳"})
		},
		"externalcontact/mark_tag": func(c *Client) error {
			return c.MarkTags(bg, &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{"et"}})
		},
	}
	for path, call := range calls {
		for code, sentinel := range sentinels {
			c, s := setup(t)
			s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `{"errcode":%d,"errmsg":"tag error"}`, code)
			})
			err := call(c)
			assertAPIError(t, err, code, path)
			assert.ErrorIs(t, err, sentinel)
			for other, os := range sentinels {
				if other != code {
					assert.False(t, errors.Is(err, os), "errcode %d must not match %v", code, os)
				}
			}
		}
	}
}

// The reason of a bad tag names which one.
func TestAddCorpTagNamesTheBadTag(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	_, err := c.AddCorpTag(bg, &AddCorpTagRequest{GroupName: "g", Tags: []TagSpec{{Name: "a"}, {Name: strings.Repeat("标", 31)}}})
	wiretest.AssertArgError(t, s, err, "externalcontact/add_corp_tag", "tag.name")
	assert.Contains(t, err.Error(), "tag #1")
}

func TestTagCallsHonourContext(t *testing.T) {
	t.Parallel()
	c, s := setup(t)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	err := c.MarkTags(ctx, &MarkTagsRequest{UserID: "u", ExternalUserID: "wm", AddTags: []string{"et"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, s.Requests.Load())
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome, "nothing was sent")
}
