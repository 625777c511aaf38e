// Package acquisition wraps WeCom's 获客助手 (customer acquisition) APIs:
// acquisition links (获客链接) that customers open in WeChat to add a member
// without a QR code, the customers each link brought, the corp's usage
// quota (使用量), a link's click and new-customer figures, the chat details
// behind a message_from_customer event, and the members a 营销获客 app's
// customers may reach.
//
// Get a Client from work.App.CustomerAcquisition. EasyWeChat has no 获客助手
// client, so method names are WxJava's in Go form (customerAcquisitionLinkCreate
// is CreateLink); each method's doc comment names the WeCom path and the
// WxJava method.
//
// # Who may call
//
// Not the 客户联系 system app: WeCom refuses its secret's token on every
// 获客助手 endpoint. Use a self-built app listed in 客户联系 「可调用应用」, or a
// third-party app granted 企业客户权限 → 获客助手. GetPermit answers 营销获客
// apps only. A refusal (errcode 48002) comes back as a *PermissionError
// matching ErrAppNotAllowed or ErrNotMarketingApp, with a hint:
//
//	if errors.Is(err, acquisition.ErrAppNotAllowed) { ... } // wrong secret
//
// # Links and channels
//
// CreateLink needs a name (at most 30 characters) and a range: members
// (user_list, at most 500) and departments, covering at most 500 people in
// all. skip_verify and mark_source default to true in WeCom, so they are
// *bool: nil leaves the default, core.Ptr(false) turns it off. UpdateLink's
// Range replaces the whole range.
//
// A link's URL takes customer_channel=…, which becomes the state of the
// customers who come through it (in Customers, in externalcontact.Get's
// follow_user and in the add_external_contact event). ChannelURL builds such
// a URL with the value escaped; SchemeURL builds the weixin:// scheme that
// opens it in WeChat directly. A channel has at most 64 bytes
// (MaxChannelBytes): WeCom cuts a longer one, so the helpers refuse it.
//
//	u, err := acquisition.ChannelURL(link.URL, "douyin-0501")
//
// # Quota and statistics
//
// Each customer added through a link uses one unit of the corp's quota;
// Quota returns the total, the balance and the balance per expiry date.
// When the balance runs low, runs out or is about to expire, WeCom pushes
// customer_acquisition events (package callback). Statistic counts a link's
// clicks and new customers over whole days in UTC+8, at most 30 days apart
// and within the last 180 days, checked against the Client's clock before
// anything is sent.
//
// # Events
//
// The customer_acquisition callbacks are typed in package callback
// (OnAcquisitionBalanceLow, OnAcquisitionCustomerStartChat, …); the
// message_from_customer event carries a ChatKey that GetChatInfo turns into
// the member, the customer and the count of messages, for 30 minutes
// (ChatKeyTTL): call it from the event's handler, or soon after. Since
// December 2024 the event carries no UserID or ExternalUserID, so
// GetChatInfo is the way to learn them.
//
// # Examples
//
//   - Example: a link in an ad with a channel; a customer comes through it,
//     the add_external_contact event carries the channel as its state, and
//     the link's statistics move.
//   - ExampleChannelURL: the URL to give out with a channel, and the
//     weixin:// scheme that opens it in WeChat.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/acquisition -run '^Example$' -v
package acquisition
