package callback

import "time"

// 获客助手 (customer acquisition) events: event type customer_acquisition
// (获客助手事件通知, https://developer.work.weixin.qq.com/document/path/97299;
// third-party apps receive the same kinds in the InfoType form). Each change
// type below has a typed event and an On method (register_acquisition.go);
// change types WeCom adds later reach OnEvent with Typed nil.

// EventCustomerAcquisition: 获客助手事件 (acquisition links and quota).
const EventCustomerAcquisition EventType = "customer_acquisition"

// Change types of customer_acquisition. del_follow_user has the same value
// as the change_external_contact one (ChangeDelFollowUser); the event type
// tells them apart.
const (
	ChangeBalanceLow          ChangeType = "balance_low"           // 获客额度即将耗尽
	ChangeBalanceExhausted    ChangeType = "balance_exhausted"     // 获客额度已经耗尽 (使用量已经耗尽)
	ChangeBalanceIncreased    ChangeType = "balance_increased"     // 获客额度从零变为非零 (使用量增加)
	ChangeQuotaExpireSoon     ChangeType = "quota_expire_soon"     // 获客额度即将过期
	ChangeLinkUnavailable     ChangeType = "link_unavailable"      // 获客链接不可用
	ChangeDeleteLink          ChangeType = "delete_link"           // 删除获客链接 (in the admin console)
	ChangeOpenProfile         ChangeType = "open_profile"          // 微信客户打开获客链接
	ChangeFriendRequest       ChangeType = "friend_request"        // 通过获客链接申请好友
	ChangeCustomerStartChat   ChangeType = "customer_start_chat"   // 微信客户发起会话 (成员首次收消息)
	ChangeMessageFromCustomer ChangeType = "message_from_customer" // 成员多次收消息
)

// AcquisitionBalanceLowEvent is customer_acquisition / balance_low
// (获客额度即将耗尽事件): the corp's 获客助手 quota is running low; buy more
// before the links stop adding customers.
type AcquisitionBalanceLowEvent struct {
	Header
}

// AcquisitionBalanceExhaustedEvent is customer_acquisition /
// balance_exhausted (获客额度已经耗尽事件): the quota is used up, and the
// links add no customers until more is bought.
type AcquisitionBalanceExhaustedEvent struct {
	Header
}

// AcquisitionBalanceIncreasedEvent is customer_acquisition /
// balance_increased (获客额度从零变为非零): the quota went from zero to more
// (a purchase took effect), and the links add customers again.
type AcquisitionBalanceIncreasedEvent struct {
	Header
}

// AcquisitionQuotaExpireSoonEvent is customer_acquisition /
// quota_expire_soon (获客额度即将过期事件), pushed some days before a batch of
// quota expires.
type AcquisitionQuotaExpireSoonEvent struct {
	Header
	// ExpireTime is when the batch expires, Unix seconds.
	ExpireTime int64
	// ExpireQuotaNum is how much quota expires then.
	ExpireQuotaNum int
}

// Expires returns ExpireTime as a time.Time.
func (e *AcquisitionQuotaExpireSoonEvent) Expires() time.Time { return time.Unix(e.ExpireTime, 0) }

// AcquisitionLinkUnavailableEvent is customer_acquisition /
// link_unavailable (获客链接不可用事件): none of the link's members can take
// customers (resigned, no 客户联系, …); fix its range.
type AcquisitionLinkUnavailableEvent struct {
	Header
	LinkID string // LinkId
}

// AcquisitionDeleteLinkEvent is customer_acquisition / delete_link
// (删除获客链接事件): an admin deleted the link in the admin console
// (deleting it through the API pushes nothing).
type AcquisitionDeleteLinkEvent struct {
	Header
	LinkID string // LinkId
}

// AcquisitionOpenProfileEvent is customer_acquisition / open_profile
// (微信客户打开获客链接): a WeChat user opened a link (offered to some business
// categories only).
type AcquisitionOpenProfileEvent struct {
	Header
	LinkID string // LinkId
	State  string // the URL's customer_channel
}

// AcquisitionFriendRequestEvent is customer_acquisition / friend_request
// (通过获客链接申请好友): a WeChat user sent a friend request through a link (a
// link with skip_verify false waits for the member).
type AcquisitionFriendRequestEvent struct {
	Header
	LinkID string // LinkId
	State  string // the URL's customer_channel
}

// AcquisitionCustomerStartChatEvent is customer_acquisition /
// customer_start_chat (微信客户发起会话事件): a customer who came through a
// link wrote to the member for the first time.
type AcquisitionCustomerStartChatEvent struct {
	Header
	UserID         string // the member
	ExternalUserID string // the customer
	LinkID         string // LinkId
	State          string // the customer_channel, when WeCom sends it
}

// AcquisitionMessageFromCustomerEvent is customer_acquisition /
// message_from_customer (成员多次收消息事件): a member keeps receiving
// messages from a customer who came through a link. ChatKey,
// valid 30 minutes, is what acquisition.Client.GetChatInfo takes to learn
// the member, the customer and the count; since December 2024 WeCom no
// longer sends UserID, ExternalUserID and ChatSeq, which older deliveries
// carry.
type AcquisitionMessageFromCustomerEvent struct {
	Header
	LinkID         string // LinkId
	ChatKey        string // for get_chat_info, valid 30 minutes
	UserID         string // older deliveries only
	ExternalUserID string // older deliveries only
	ChatSeq        int    // older deliveries only: which message this is
}

// AcquisitionDelFollowUserEvent is customer_acquisition / del_follow_user
// (删除跟进成员): a WeChat customer who came through a link deleted the
// member.
type AcquisitionDelFollowUserEvent struct {
	Header
	UserID         string
	ExternalUserID string
	LinkID         string // LinkId
}

// decodeAcquisition builds the typed event of a customer_acquisition
// change type; nil, nil for one it does not know.
func decodeAcquisition(h Header, d *xmlDoc) (Event, error) {
	switch h.ChangeType {
	case ChangeBalanceLow:
		return &AcquisitionBalanceLowEvent{Header: h}, nil
	case ChangeBalanceExhausted:
		return &AcquisitionBalanceExhaustedEvent{Header: h}, nil
	case ChangeBalanceIncreased:
		return &AcquisitionBalanceIncreasedEvent{Header: h}, nil
	case ChangeQuotaExpireSoon:
		at, err := int64Field(d, "ExpireTime")
		if err != nil {
			return nil, err
		}
		n, err := intField(d, "ExpireQuotaNum")
		if err != nil {
			return nil, err
		}
		return &AcquisitionQuotaExpireSoonEvent{Header: h, ExpireTime: at, ExpireQuotaNum: n}, nil
	case ChangeLinkUnavailable:
		return &AcquisitionLinkUnavailableEvent{Header: h, LinkID: d.get("LinkId")}, nil
	case ChangeDeleteLink:
		return &AcquisitionDeleteLinkEvent{Header: h, LinkID: d.get("LinkId")}, nil
	case ChangeOpenProfile:
		return &AcquisitionOpenProfileEvent{Header: h, LinkID: d.get("LinkId"), State: d.get("State")}, nil
	case ChangeFriendRequest:
		return &AcquisitionFriendRequestEvent{Header: h, LinkID: d.get("LinkId"), State: d.get("State")}, nil
	case ChangeCustomerStartChat:
		return &AcquisitionCustomerStartChatEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			LinkID: d.get("LinkId"), State: d.get("State")}, nil
	case ChangeMessageFromCustomer:
		seq, err := intField(d, "ChatSeq")
		if err != nil {
			return nil, err
		}
		return &AcquisitionMessageFromCustomerEvent{Header: h, LinkID: d.get("LinkId"), ChatKey: d.get("ChatKey"),
			UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"), ChatSeq: seq}, nil
	case ChangeDelFollowUser:
		return &AcquisitionDelFollowUserEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			LinkID: d.get("LinkId")}, nil
	}
	return nil, nil
}
