package acquisition

import (
	"context"

	"github.com/wecomkit/wecom/work/core"
)

var epGetPermit = endpoints.Add(core.Read("externalcontact/customer_acquisition_app/get_permit"), core.Meta{
	Doc: "101146", Title: "获取客户可建联成员",
	Note: "neither EasyWeChat nor WxJava has it; only 营销获客 apps may call it (48002 otherwise, matched by ErrNotMarketingApp)"})

// Permit is who a 营销获客 app's customers may reach (可建联成员): the
// range an admin configured for the app. A link's range must lie inside it.
type Permit struct {
	// UserIDs are members (user_list).
	UserIDs []string `json:"user_list"`
	// DepartmentIDs are departments whose members count (department_list).
	DepartmentIDs []int64 `json:"department_list"`
	// TagIDs are address-book tags (通讯录标签) whose members count
	// (tag_list).
	TagIDs []int64 `json:"tag_list"`
}

// GetPermit returns the members, departments and tags a 营销获客 app's
// customers may reach (获取客户可建联成员); other apps' errors match
// ErrNotMarketingApp.
//
// WeCom API: GET /cgi-bin/externalcontact/customer_acquisition_app/get_permit (获取客户可建联成员), https://developer.work.weixin.qq.com/document/path/101146.
// EasyWeChat: none. WxJava: none.
func (c *Client) GetPermit(ctx context.Context) (*Permit, error) {
	p, err := core.Get[Permit](ctx, c.core, epGetPermit, nil)
	return p, refused(epGetPermit, err)
}
