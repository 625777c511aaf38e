package moment

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

var epGetMomentComments = endpoints.Add(core.ReadPost("externalcontact/get_moment_comments"), core.Meta{
	Doc: "93333", Title: "获取客户朋友圈的互动数据", EasyWeChat: "external_contact_moment->getComments", WxJava: "getMomentComments"})

// Interaction is a comment or a like on a moment: by a customer
// (ExternalUserID) or by a member (UserID), never both.
type Interaction struct {
	ExternalUserID string `json:"external_userid,omitempty"`
	UserID         string `json:"userid,omitempty"`
	// CreateTime is when it was made, Unix seconds.
	CreateTime int64 `json:"create_time"`
}

// Comments are the comments and likes on a member's copy of a moment.
type Comments struct {
	Comments []Interaction `json:"comment_list"`
	Likes    []Interaction `json:"like_list"`
}

type commentsBody struct {
	MomentID string `json:"moment_id"`
	UserID   string `json:"userid"`
}

// GetComments returns the comments and likes on the copy of moment
// momentID that member userID published (获取客户朋友圈的互动数据).
//
// WeCom API: POST /cgi-bin/externalcontact/get_moment_comments (获取客户朋友圈的互动数据), https://developer.work.weixin.qq.com/document/path/93333.
// EasyWeChat: external_contact_moment->getComments. WxJava: getMomentComments.
func (c *Client) GetComments(ctx context.Context, momentID, userID string) (*Comments, error) {
	if err := core.Required("moment_id", momentID); err != nil {
		return nil, core.Named(epGetMomentComments, err)
	}
	if err := core.Required("userid", userID); err != nil {
		return nil, core.Named(epGetMomentComments, err)
	}
	return core.Send[Comments](ctx, c.core, epGetMomentComments, &commentsBody{MomentID: momentID, UserID: userID})
}
