package externalcontact

import "strconv"

// CustomerType says whether a customer is a WeChat user or a member of
// another WeCom corp (external_contact.type).
type CustomerType int

// Customer types.
const (
	CustomerWeChat CustomerType = 1 // a WeChat user (微信用户)
	CustomerWeCom  CustomerType = 2 // a member of another WeCom corp (企业微信用户)
)

// String returns the type's name.
func (t CustomerType) String() string {
	switch t {
	case CustomerWeChat:
		return "wechat"
	case CustomerWeCom:
		return "wecom"
	}
	return "CustomerType(" + strconv.Itoa(int(t)) + ")"
}

// Gender is a customer's gender as WeCom reports it.
type Gender int

// Genders.
const (
	GenderUnknown Gender = 0
	GenderMale    Gender = 1
	GenderFemale  Gender = 2
)

// String returns the gender's name.
func (g Gender) String() string {
	switch g {
	case GenderUnknown:
		return "unknown"
	case GenderMale:
		return "male"
	case GenderFemale:
		return "female"
	}
	return "Gender(" + strconv.Itoa(int(g)) + ")"
}

// AddWay says how a customer was added (follow_user.add_way).
type AddWay int

// Add ways, as documented for 获取客户详情. Values WeCom adds later decode
// fine and print as AddWay(n).
const (
	AddWayUnknown           AddWay = 0   // 未知来源
	AddWayQRCode            AddWay = 1   // 扫描二维码
	AddWaySearchMobile      AddWay = 2   // 搜索手机号
	AddWayCardShare         AddWay = 3   // 名片分享
	AddWayGroupChat         AddWay = 4   // 群聊
	AddWayPhoneBook         AddWay = 5   // 手机通讯录
	AddWayWeChatContacts    AddWay = 6   // 微信联系人
	AddWayWeChatRequest     AddWay = 7   // 来自微信的添加好友申请
	AddWayThirdPartyService AddWay = 8   // 安装第三方应用时自动添加的客服人员
	AddWaySearchEmail       AddWay = 9   // 搜索邮箱
	AddWayWeChatChannels    AddWay = 10  // 视频号添加
	AddWayAcquisitionLink   AddWay = 16  // 通过获客链接添加
	AddWayMemberShare       AddWay = 201 // 内部成员共享
	AddWayAdminAssign       AddWay = 202 // 管理员/负责人分配
)

var addWayNames = map[AddWay]string{
	AddWayUnknown: "unknown", AddWayQRCode: "qrcode", AddWaySearchMobile: "search_mobile",
	AddWayCardShare: "card_share", AddWayGroupChat: "group_chat", AddWayPhoneBook: "phone_book",
	AddWayWeChatContacts: "wechat_contacts", AddWayWeChatRequest: "wechat_request",
	AddWayThirdPartyService: "third_party_service", AddWaySearchEmail: "search_email",
	AddWayWeChatChannels: "wechat_channels", AddWayAcquisitionLink: "acquisition_link",
	AddWayMemberShare: "member_share", AddWayAdminAssign: "admin_assign",
}

// String returns the add way's name.
func (w AddWay) String() string {
	if s, ok := addWayNames[w]; ok {
		return s
	}
	return "AddWay(" + strconv.Itoa(int(w)) + ")"
}

// TagType says who owns a tag on a customer.
type TagType int

// Tag types.
const (
	TagCorp     TagType = 1 // 企业设置 (corp tag)
	TagUser     TagType = 2 // 用户自定义 (the member's own tag; WeCom sends no tag_id)
	TagStrategy TagType = 3 // 规则组标签 (strategy tag)
)

// String returns the tag type's name.
func (t TagType) String() string {
	switch t {
	case TagCorp:
		return "corp"
	case TagUser:
		return "user"
	case TagStrategy:
		return "strategy"
	}
	return "TagType(" + strconv.Itoa(int(t)) + ")"
}
