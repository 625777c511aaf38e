package callback

import (
	"strconv"
	"time"
)

// EventType is the event name: the Event element of a self-built app's
// callback, or the InfoType element of a third-party (suite) callback.
type EventType string

// External contact (客户联系) event types.
const (
	// EventChangeExternalContact: 企业客户事件 (customers of a member).
	EventChangeExternalContact EventType = "change_external_contact"
	// EventChangeExternalChat: 客户群事件 (customer group chats).
	EventChangeExternalChat EventType = "change_external_chat"
	// EventChangeExternalTag: 企业客户标签事件 (customer tags).
	EventChangeExternalTag EventType = "change_external_tag"
)

// String returns the wire value.
func (t EventType) String() string { return string(t) }

// ChangeType is the ChangeType element: what changed.
type ChangeType string

// Change types of change_external_contact.
const (
	ChangeAddExternalContact     ChangeType = "add_external_contact"      // 添加企业客户
	ChangeEditExternalContact    ChangeType = "edit_external_contact"     // 编辑企业客户
	ChangeAddHalfExternalContact ChangeType = "add_half_external_contact" // 外部联系人免验证添加成员
	ChangeDelExternalContact     ChangeType = "del_external_contact"      // 删除企业客户 (member deleted customer)
	ChangeDelFollowUser          ChangeType = "del_follow_user"           // 删除跟进成员 (customer deleted member)
	ChangeTransferFail           ChangeType = "transfer_fail"             // 客户接替失败
	ChangeMsgAuditApproved       ChangeType = "msg_audit_approved"        // 客户同意进行聊天内容存档
)

// Change types of change_external_chat and change_external_tag.
const (
	ChangeCreate  ChangeType = "create"  // 客户群创建 / 标签创建
	ChangeUpdate  ChangeType = "update"  // 客户群变更 / 标签变更
	ChangeDismiss ChangeType = "dismiss" // 客户群解散
	ChangeDelete  ChangeType = "delete"  // 标签删除
	ChangeShuffle ChangeType = "shuffle" // 标签重排
)

// String returns the wire value.
func (c ChangeType) String() string { return string(c) }

// Header holds the elements common to every callback. A self-built app
// (企业内部开发) receives ToUserName, FromUserName, CreateTime, MsgType and
// Event; a third-party suite (第三方应用) receives SuiteID, AuthCorpID,
// InfoType and TimeStamp instead. Use Type, CorpID and Time to read either.
type Header struct {
	ToUserName   string     // corp id (self-built form)
	FromUserName string     // "sys" for system events (self-built form)
	CreateTime   int64      // Unix seconds (self-built form)
	MsgType      string     // "event" (self-built form)
	Event        EventType  // event name (self-built form)
	SuiteID      string     // SuiteId (third-party form)
	AuthCorpID   string     // AuthCorpId: the authorizing corp (third-party form)
	InfoType     EventType  // event name (third-party form)
	TimeStamp    int64      // Unix seconds (third-party form)
	ChangeType   ChangeType // what changed
	AgentID      string     // AgentID, when the message carries one
}

// EventHeader returns h, so that every event type implements Event.
func (h *Header) EventHeader() *Header { return h }

// Type returns the event name, from Event or else InfoType.
func (h *Header) Type() EventType {
	if h.Event != "" {
		return h.Event
	}
	return h.InfoType
}

// CorpID returns the corp the event belongs to: ToUserName, or AuthCorpID
// in the third-party form.
func (h *Header) CorpID() string {
	if h.ToUserName != "" {
		return h.ToUserName
	}
	return h.AuthCorpID
}

// Time returns the event time, from CreateTime or else TimeStamp.
func (h *Header) Time() time.Time {
	s := h.CreateTime
	if s == 0 {
		s = h.TimeStamp
	}
	return time.Unix(s, 0)
}

// Event is implemented by every typed event (through its embedded Header)
// and by *RawEvent.
type Event interface {
	EventHeader() *Header
}

// RawEvent is a decrypted callback as delivered to the catch-all OnEvent
// handler: the common header, the decrypted XML and, for known event kinds,
// the typed event.
type RawEvent struct {
	Header
	// XML is the decrypted message. It may hold customer data: do not log it.
	XML []byte
	// JSON reports a delivery in WeCom's JSON format: XML then holds the
	// decrypted JSON object rather than an XML document.
	JSON bool
	// Typed is the typed event (e.g. *AddExternalContactEvent) when the kind
	// is known and well-formed, and nil otherwise.
	Typed Event
}

// AddExternalContactEvent is change_external_contact / add_external_contact
// (添加企业客户事件): a member added a customer. Send the welcome message with
// WelcomeCode within 20 seconds; State names the 「联系我」 channel (contact
// way) that brought the customer.
type AddExternalContactEvent struct {
	Header
	UserID         string // member (企业服务人员) user id
	ExternalUserID string // customer (外部联系人) id
	State          string // state of the contact way, if one was used
	WelcomeCode    string // code for send_welcome_msg, valid for 20 seconds
}

// EditExternalContactEvent is change_external_contact /
// edit_external_contact (编辑企业客户事件): a member edited a customer's remark
// or description.
type EditExternalContactEvent struct {
	Header
	UserID         string
	ExternalUserID string
	State          string // present in some deliveries
}

// AddHalfExternalContactEvent is change_external_contact /
// add_half_external_contact (外部联系人免验证添加成员事件): a customer added a
// member without verification, and the member has not yet accepted.
type AddHalfExternalContactEvent struct {
	Header
	UserID         string
	ExternalUserID string
	State          string
	WelcomeCode    string
}

// DeleteSource is the Source of a del_external_contact event.
type DeleteSource string

// Known delete sources.
const (
	// DeleteByTransfer: the customer was removed by a transfer (在职继承).
	DeleteByTransfer DeleteSource = "DELETE_BY_TRANSFER"
)

// String returns the wire value.
func (s DeleteSource) String() string { return string(s) }

// DelExternalContactEvent is change_external_contact / del_external_contact
// (删除企业客户事件): a member deleted a customer.
type DelExternalContactEvent struct {
	Header
	UserID         string
	ExternalUserID string
	Source         DeleteSource // e.g. DELETE_BY_TRANSFER; empty when absent
}

// DelFollowUserEvent is change_external_contact / del_follow_user
// (删除跟进成员事件): a customer deleted a member.
type DelFollowUserEvent struct {
	Header
	UserID         string
	ExternalUserID string
}

// FailReason is the FailReason of a transfer_fail event.
type FailReason string

// Known transfer failure reasons.
const (
	FailCustomerRefused     FailReason = "customer_refused"      // 客户拒绝
	FailCustomerLimitExceed FailReason = "customer_limit_exceed" // 接替成员的客户数达到上限
)

// String returns the wire value.
func (r FailReason) String() string { return string(r) }

// TransferFailEvent is change_external_contact / transfer_fail
// (客户接替失败事件): a customer's transfer to UserID failed, for FailReason.
type TransferFailEvent struct {
	Header
	FailReason     FailReason
	UserID         string // the member who was to take over
	ExternalUserID string
}

// MsgAuditApprovedEvent is change_external_contact / msg_audit_approved
// (客户同意进行聊天内容存档事件): a customer agreed to have the chat archived.
type MsgAuditApprovedEvent struct {
	Header
	UserID         string
	ExternalUserID string
	WelcomeCode    string
}

// ExternalChatCreateEvent is change_external_chat / create (客户群创建事件): a
// customer group chat was created.
type ExternalChatCreateEvent struct {
	Header
	ChatID string // ChatId
}

// UpdateDetail is the UpdateDetail of a change_external_chat update.
type UpdateDetail string

// Customer group change kinds.
const (
	UpdateAddMember    UpdateDetail = "add_member"    // 成员入群
	UpdateDelMember    UpdateDetail = "del_member"    // 成员退群
	UpdateChangeOwner  UpdateDetail = "change_owner"  // 群主变更
	UpdateChangeName   UpdateDetail = "change_name"   // 群名变更
	UpdateChangeNotice UpdateDetail = "change_notice" // 群公告变更
)

// String returns the wire value.
func (d UpdateDetail) String() string { return string(d) }

// JoinScene is how members joined, for UpdateAddMember.
type JoinScene int

// Join scenes.
const (
	JoinByInvite JoinScene = 0 // 由成员邀请入群（直接邀请入群）
	JoinByLink   JoinScene = 1 // 由成员邀请入群（通过邀请链接入群）
	JoinByQRCode JoinScene = 3 // 通过扫描群二维码入群
)

// String returns a readable name.
func (s JoinScene) String() string {
	switch s {
	case JoinByInvite:
		return "invite"
	case JoinByLink:
		return "link"
	case JoinByQRCode:
		return "qrcode"
	}
	return "JoinScene(" + strconv.Itoa(int(s)) + ")"
}

// QuitScene is how members left, for UpdateDelMember.
type QuitScene int

// Quit scenes.
const (
	QuitBySelf   QuitScene = 0 // 自己退群
	QuitByRemove QuitScene = 1 // 群主/群管理员移出
)

// String returns a readable name.
func (s QuitScene) String() string {
	switch s {
	case QuitBySelf:
		return "self"
	case QuitByRemove:
		return "removed"
	}
	return "QuitScene(" + strconv.Itoa(int(s)) + ")"
}

// ExternalChatUpdateEvent is change_external_chat / update (客户群变更事件): a
// customer group chat changed, as UpdateDetail says.
type ExternalChatUpdateEvent struct {
	Header
	ChatID        string       // ChatId
	UpdateDetail  UpdateDetail // what changed
	JoinScene     JoinScene    // for add_member
	QuitScene     QuitScene    // for del_member
	MemChangeCnt  int          // number of members who joined or left
	MemChangeList []string     // their user ids (MemChangeList/Item)
	LastMemVer    string       // member list version before the change
	CurMemVer     string       // member list version after the change
}

// ExternalChatDismissEvent is change_external_chat / dismiss (客户群解散事件):
// a customer group chat was dismissed.
type ExternalChatDismissEvent struct {
	Header
	ChatID string // ChatId
}

// TagType is the TagType of a change_external_tag event.
type TagType string

// Tag types.
const (
	TagTypeTag      TagType = "tag"       // 标签
	TagTypeTagGroup TagType = "tag_group" // 标签组
)

// String returns the wire value.
func (t TagType) String() string { return string(t) }

// ExternalTagCreateEvent is change_external_tag / create (企业客户标签创建事件):
// a corp tag or tag group was created.
type ExternalTagCreateEvent struct {
	Header
	ID         string  // Id: tag or tag group id
	TagType    TagType // tag or tag_group
	StrategyID string  // StrategyId: set for rule-group (规则组) tags
}

// ExternalTagUpdateEvent is change_external_tag / update (企业客户标签变更事件):
// a corp tag or tag group was changed.
type ExternalTagUpdateEvent struct {
	Header
	ID         string
	TagType    TagType
	StrategyID string
}

// ExternalTagDeleteEvent is change_external_tag / delete (企业客户标签删除事件):
// a corp tag or tag group was deleted.
type ExternalTagDeleteEvent struct {
	Header
	ID         string
	TagType    TagType
	StrategyID string
}

// ExternalTagShuffleEvent is change_external_tag / shuffle (企业客户标签重排事件):
// tags were reordered. ID is the tag group whose tags were, or empty when the
// groups themselves were.
type ExternalTagShuffleEvent struct {
	Header
	ID         string
	StrategyID string
}
