package callback

import "context"

// OnAcquisitionBalanceLow registers fn for customer_acquisition /
// balance_low (获客额度即将耗尽事件).
func (h *Handler) OnAcquisitionBalanceLow(fn func(ctx context.Context, e *AcquisitionBalanceLowEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeBalanceLow}, fn)
}

// OnAcquisitionBalanceExhausted registers fn for customer_acquisition /
// balance_exhausted (获客额度已经耗尽事件).
func (h *Handler) OnAcquisitionBalanceExhausted(fn func(ctx context.Context, e *AcquisitionBalanceExhaustedEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeBalanceExhausted}, fn)
}

// OnAcquisitionBalanceIncreased registers fn for customer_acquisition /
// balance_increased (the quota went from zero to more).
func (h *Handler) OnAcquisitionBalanceIncreased(fn func(ctx context.Context, e *AcquisitionBalanceIncreasedEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeBalanceIncreased}, fn)
}

// OnAcquisitionQuotaExpireSoon registers fn for customer_acquisition /
// quota_expire_soon (获客额度即将过期事件).
func (h *Handler) OnAcquisitionQuotaExpireSoon(fn func(ctx context.Context, e *AcquisitionQuotaExpireSoonEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeQuotaExpireSoon}, fn)
}

// OnAcquisitionLinkUnavailable registers fn for customer_acquisition /
// link_unavailable (获客链接不可用事件).
func (h *Handler) OnAcquisitionLinkUnavailable(fn func(ctx context.Context, e *AcquisitionLinkUnavailableEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeLinkUnavailable}, fn)
}

// OnAcquisitionDeleteLink registers fn for customer_acquisition /
// delete_link (删除获客链接事件).
func (h *Handler) OnAcquisitionDeleteLink(fn func(ctx context.Context, e *AcquisitionDeleteLinkEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeDeleteLink}, fn)
}

// OnAcquisitionOpenProfile registers fn for customer_acquisition /
// open_profile (微信客户打开获客链接).
func (h *Handler) OnAcquisitionOpenProfile(fn func(ctx context.Context, e *AcquisitionOpenProfileEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeOpenProfile}, fn)
}

// OnAcquisitionFriendRequest registers fn for customer_acquisition /
// friend_request (通过获客链接申请好友事件).
func (h *Handler) OnAcquisitionFriendRequest(fn func(ctx context.Context, e *AcquisitionFriendRequestEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeFriendRequest}, fn)
}

// OnAcquisitionCustomerStartChat registers fn for customer_acquisition /
// customer_start_chat (微信客户发起会话事件).
func (h *Handler) OnAcquisitionCustomerStartChat(fn func(ctx context.Context, e *AcquisitionCustomerStartChatEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeCustomerStartChat}, fn)
}

// OnAcquisitionMessageFromCustomer registers fn for customer_acquisition /
// message_from_customer (成员多次收消息事件); its ChatKey is valid 30 minutes.
func (h *Handler) OnAcquisitionMessageFromCustomer(fn func(ctx context.Context, e *AcquisitionMessageFromCustomerEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeMessageFromCustomer}, fn)
}

// OnAcquisitionDelFollowUser registers fn for customer_acquisition /
// del_follow_user (a customer who came through a link deleted the member).
// The change_external_contact event of the same name is OnDelFollowUser.
func (h *Handler) OnAcquisitionDelFollowUser(fn func(ctx context.Context, e *AcquisitionDelFollowUserEvent) error) {
	on(h, kind{EventCustomerAcquisition, ChangeDelFollowUser}, fn)
}
