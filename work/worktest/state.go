package worktest

// The types below are the simulator's state. They are also the JSON fixture
// format (see Data, WithFixture) and what Server.Snapshot returns, so their
// JSON names follow WeCom's wire names wherever WeCom has one.
//
// Each entity carries an unexported sequence number, assigned when it enters
// the store and never reused: cursors page by it (keyset pagination), so a
// page walk never skips or repeats an item while other clients change data.

// Data is the simulator's whole state: members, customers, the relations
// between them, tags, group chats, transfers and contact ways. A fixture
// file is one Data value in JSON.
type Data struct {
	// Members are the corp's members (成员), including resigned ones.
	Members []Member `json:"members"`
	// Customers are the external contacts (客户).
	Customers []Customer `json:"customers"`
	// Relations are the member–customer relations (follow_user /
	// follow_info): who added whom, with the member's remark and tags.
	Relations []Relation `json:"relations"`
	// TagGroups are the corp tag groups (企业客户标签) and strategy tag groups
	// (规则组标签, StrategyID > 0), with their tags.
	TagGroups []TagGroup `json:"tag_groups"`
	// GroupChats are the customer group chats (客户群).
	GroupChats []GroupChat `json:"group_chats"`
	// Transfers are customer handovers (在职继承 / 离职继承) and their state.
	Transfers []Transfer `json:"transfers,omitempty"`
	// ContactWays are the 「联系我」 ways (contactway.go).
	ContactWays []ContactWay `json:"contact_ways,omitempty"`
	// ServedContacts are the contacts members served beyond relations and
	// customer groups, as contact_list shows them (idconvert_contacts.go).
	ServedContacts []ServedContact `json:"served_contacts,omitempty"`
	// ExternalUserIDMigrated records that the service provider finished
	// its external_userid migration (finish_external_userid_migration,
	// idconvert.go).
	ExternalUserIDMigrated bool `json:"external_userid_migration_finished,omitempty"`
	// Media are the uploaded files whose media_id is valid (media.go).
	Media []MediaFile `json:"media,omitempty"`
	// MassMessages are the mass messages (企业群发) with their tasks, and
	// WelcomeMessages the welcome messages sent (message.go).
	MassMessages    []MassMessage    `json:"mass_messages,omitempty"`
	WelcomeMessages []WelcomeMessage `json:"welcome_messages,omitempty"`
	// GroupWelcomeTemplates are the group welcome templates (groupwelcome.go).
	GroupWelcomeTemplates []GroupWelcomeTemplate `json:"group_welcome_templates,omitempty"`
	// JoinWays are the 「加入群聊」 ways of group chats (joinway.go).
	JoinWays []JoinWay `json:"join_ways,omitempty"`
	// ContactRemovals log the relations customer actions removed, which
	// the statistics still count (statistics.go).
	ContactRemovals []ContactRemoval `json:"contact_removals,omitempty"`
	// Moments are the 客户朋友圈 jobs and moments (moment.go).
	Moments *MomentData `json:"moments,omitempty"`
	// Strategies are the rule groups (规则组, strategy.go).
	Strategies *StrategyData `json:"strategies,omitempty"`
	// ProductAlbums are the product albums (商品图册, product.go).
	ProductAlbums []ProductAlbum `json:"product_albums,omitempty"`
	// InterceptRules are the chat intercept rules (聊天敏感词, intercept.go).
	InterceptRules []InterceptRule `json:"intercept_rules,omitempty"`
	// Acquisition is the 获客助手 state: links, quota, who came through
	// them (acquisition.go).
	Acquisition *AcquisitionData `json:"acquisition,omitempty"`
	// School is the 家校沟通 state: the 「学校通知」 subscribe mode, the
	// 家校通讯录 the notices go to, and the notices sent (school.go).
	School *SchoolData `json:"school,omitempty"`
}

// Member is a member of the simulated corp (企业成员).
type Member struct {
	UserID string `json:"userid"`
	Name   string `json:"name"`
	// ExternalContact says whether the member has 客户联系 enabled: only
	// those are listed by get_follow_user_list.
	ExternalContact bool `json:"external_contact"`
	// DimissionTime is when the member resigned (离职), in Unix seconds;
	// 0 means the member is active. A resigned member's relations stay in
	// the store as unassigned customers (get_unassigned_list) until they are
	// transferred, but the member no longer appears in any other answer.
	DimissionTime int64 `json:"dimission_time,omitempty"`
}

// Resigned reports whether the member has left the corp.
func (m *Member) Resigned() bool { return m.DimissionTime > 0 }

// Customer type values (external_contact.type).
const (
	CustomerWeChat = 1 // a WeChat user; external_userid starts with "wm"
	CustomerWeCom  = 2 // a member of another WeCom corp; starts with "wo"
)

// Customer is an external contact (客户): a WeChat user or a member of
// another WeCom corp. Its JSON is the external_contact object of
// externalcontact/get.
type Customer struct {
	ExternalUserID  string           `json:"external_userid"`
	Name            string           `json:"name"`
	Position        string           `json:"position,omitempty"`
	Avatar          string           `json:"avatar,omitempty"`
	CorpName        string           `json:"corp_name,omitempty"`
	CorpFullName    string           `json:"corp_full_name,omitempty"`
	Type            int              `json:"type"`
	Gender          int              `json:"gender"`
	UnionID         string           `json:"unionid,omitempty"`
	ExternalProfile *ExternalProfile `json:"external_profile,omitempty"`

	seq uint64
}

// ExternalProfile is a WeCom customer's public profile (对外属性).
type ExternalProfile struct {
	ExternalCorpName string          `json:"external_corp_name,omitempty"`
	WeChatChannels   *WeChatChannels `json:"wechat_channels,omitempty"`
	ExternalAttr     []ExternalAttr  `json:"external_attr,omitempty"`
}

// ExternalAttr is one attribute of an ExternalProfile: type 0 text, 1 web,
// 2 mini program, with the matching field set.
type ExternalAttr struct {
	Type        int              `json:"type"`
	Name        string           `json:"name"`
	Text        *AttrText        `json:"text,omitempty"`
	Web         *AttrWeb         `json:"web,omitempty"`
	MiniProgram *AttrMiniProgram `json:"miniprogram,omitempty"`
}

// AttrText is a text attribute.
type AttrText struct {
	Value string `json:"value"`
}

// AttrWeb is a web-link attribute.
type AttrWeb struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// AttrMiniProgram is a mini-program attribute.
type AttrMiniProgram struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath"`
	Title    string `json:"title"`
}

// WeChatChannels is a WeChat Channels (视频号) account: on a customer's
// ExternalProfile, the corp's account with its Status (0 confirmed, 1
// waiting for the corp's confirmation); on a Relation, the account through
// which the member added the customer, with its Source (0 unknown, 1
// profile page, 2 live room, 3 lead form …). Answers send the field of
// the place, 0 included.
type WeChatChannels struct {
	Nickname string `json:"nickname"`
	Source   int    `json:"source,omitempty"`
	Status   int    `json:"status,omitempty"`
}

// Relation is one member's relation with one customer (follow_user in
// externalcontact/get, follow_info in batch/get_by_user).
type Relation struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	Remark         string `json:"remark,omitempty"`
	Description    string `json:"description,omitempty"`
	// CreateTime is when the member added the customer, in Unix seconds.
	CreateTime int64 `json:"createtime"`
	// TagIDs are the corp tags ("et…") and strategy tags ("st…") the member
	// put on the customer. Answers resolve them against TagGroups and skip
	// deleted tags.
	TagIDs []string `json:"tag_ids,omitempty"`
	// PersonalTags are the member's own tags (用户自定义, type 2), which
	// WeCom returns without a tag_id.
	PersonalTags     []PersonalTag   `json:"personal_tags,omitempty"`
	RemarkCorpName   string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles    []string        `json:"remark_mobiles,omitempty"`
	RemarkPicMediaID string          `json:"remark_pic_mediaid,omitempty"`
	OperUserID       string          `json:"oper_userid,omitempty"`
	AddWay           int             `json:"add_way"`
	State            string          `json:"state,omitempty"`
	WeChatChannels   *WeChatChannels `json:"wechat_channels,omitempty"`

	seq uint64
}

// PersonalTag is a tag a member defined for themself (type 2).
type PersonalTag struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
}

// TagGroup is a corp tag group (StrategyID 0, ids "et…") or a strategy tag
// group (规则组标签, StrategyID > 0, ids "st…"). Its JSON is a tag_group
// entry of get_corp_tag_list / get_strategy_tag_list.
type TagGroup struct {
	GroupID    string `json:"group_id"`
	GroupName  string `json:"group_name"`
	CreateTime int64  `json:"create_time"`
	// Order sorts groups: a bigger order comes first.
	Order      int64 `json:"order"`
	Deleted    bool  `json:"deleted,omitempty"`
	StrategyID int64 `json:"strategy_id,omitempty"`
	Tags       []Tag `json:"tag"`

	seq uint64
}

// Tag is one tag of a TagGroup.
type Tag struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreateTime int64  `json:"create_time"`
	Order      int64  `json:"order"`
	Deleted    bool   `json:"deleted,omitempty"`
}

// Group chat status values (group_chat_list.status).
const (
	ChatNormal           = 0 // 跟进人正常
	ChatOwnerResigned    = 1 // 跟进人离职
	ChatTransferring     = 2 // 离职继承中
	ChatTransferFinished = 3 // 离职继承完成
)

// GroupChat is a customer group chat (客户群). Its JSON is the group_chat
// object of groupchat/get plus the status of groupchat/list.
type GroupChat struct {
	ChatID        string       `json:"chat_id"`
	Name          string       `json:"name"`
	Owner         string       `json:"owner"`
	CreateTime    int64        `json:"create_time"`
	Notice        string       `json:"notice,omitempty"`
	Members       []ChatMember `json:"member_list"`
	Admins        []ChatAdmin  `json:"admin_list,omitempty"`
	MemberVersion string       `json:"member_version,omitempty"`
	Status        int          `json:"status"`
}

// Chat member types (member_list.type).
const (
	ChatMemberInternal = 1 // a member of this corp
	ChatMemberExternal = 2 // an external contact
)

// ChatMember is one member of a GroupChat.
type ChatMember struct {
	// UserID is a member's userid (Type 1) or an external_userid (Type 2).
	UserID   string `json:"userid"`
	Type     int    `json:"type"`
	UnionID  string `json:"unionid,omitempty"`
	JoinTime int64  `json:"join_time"`
	// JoinScene: 1 invited directly, 2 invite link, 3 QR code.
	JoinScene     int      `json:"join_scene"`
	Invitor       *Invitor `json:"invitor,omitempty"`
	GroupNickname string   `json:"group_nickname,omitempty"`
	Name          string   `json:"name,omitempty"`
	State         string   `json:"state,omitempty"`
}

// Invitor is who invited a ChatMember.
type Invitor struct {
	UserID string `json:"userid"`
}

// ChatAdmin is a group chat admin.
type ChatAdmin struct {
	UserID string `json:"userid"`
}

// Transfer kinds.
const (
	TransferOnJob    = "onjob"    // 在职继承 (transfer_customer)
	TransferResigned = "resigned" // 离职继承 (resigned/transfer_customer)
)

// Transfer status values (customer.status of transfer_result).
const (
	TransferDone     = 1 // 接替完毕
	TransferWaiting  = 2 // 等待接替
	TransferRefused  = 3 // 客户拒绝
	TransferFull     = 4 // 接替成员客户达到上限
	TransferNoRecord = 5 // 无接替记录
)

// Transfer is one customer's handover from one member to another.
type Transfer struct {
	Kind           string `json:"kind"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	// TakeoverTime is when the takeover completes (or completed), in Unix
	// seconds; WeCom completes a waiting transfer 24 hours after it starts.
	TakeoverTime int64 `json:"takeover_time"`
	// CreateTime is when the transfer was requested, in Unix seconds.
	CreateTime int64 `json:"create_time"`

	seq uint64
}
