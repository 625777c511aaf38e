package strategy

import (
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Limits WeCom documents for rule groups (docs 94883 and 94890).
const (
	// MaxAdmins is the most admins (负责人) a rule group has.
	MaxAdmins = 20
	// MaxRangeNodes is the most members and departments in a rule group's
	// range (每个管理组的管理范围内最多支持3000个节点).
	MaxRangeNodes = 3000
	// MaxDepth is the deepest nesting of rule groups (最大层级为5层).
	MaxDepth = 5
	// MaxPageLimit is the largest page of List and GetRange, and WeCom's
	// default.
	MaxPageLimit = 1000
)

// NodeType says what a range node is (range.type).
type NodeType int

// Node types.
const (
	NodeMember     NodeType = 1 // 成员, by userid
	NodeDepartment NodeType = 2 // 部门, by partyid
)

// String names the node type.
func (t NodeType) String() string {
	switch t {
	case NodeMember:
		return "member"
	case NodeDepartment:
		return "department"
	}
	return "NodeType(" + strconv.Itoa(int(t)) + ")"
}

// Node is one member or department of a rule group's range (管理范围节点).
// Build one with Member or Department.
type Node struct {
	// Type is NodeMember or NodeDepartment.
	Type NodeType `json:"type"`
	// UserID is the member, for NodeMember.
	UserID string `json:"userid,omitempty"`
	// PartyID is the department, for NodeDepartment.
	PartyID int64 `json:"partyid,omitempty"`
}

// Member is the range node of a member.
func Member(userID string) Node { return Node{Type: NodeMember, UserID: userID} }

// Department is the range node of a department.
func Department(partyID int64) Node { return Node{Type: NodeDepartment, PartyID: partyID} }

// String shows the node as "member zhangsan" or "department 2".
func (n Node) String() string {
	if n.Type == NodeDepartment {
		return "department " + strconv.FormatInt(n.PartyID, 10)
	}
	return n.Type.String() + " " + n.UserID
}

// validate checks one node; field names it ("range[3]").
func (n Node) validate(field string) error {
	switch n.Type {
	case NodeMember:
		if n.UserID == "" {
			return &core.ArgError{Field: field + ".userid", Reason: "is required for a member node (type 1)"}
		}
		if n.PartyID != 0 {
			return &core.ArgError{Field: field + ".partyid", Reason: "is set on a member node (type 1)"}
		}
	case NodeDepartment:
		if n.PartyID <= 0 {
			return &core.ArgError{Field: field + ".partyid", Reason: "must be a positive department id for a department node (type 2)"}
		}
		if n.UserID != "" {
			return &core.ArgError{Field: field + ".userid", Reason: "is set on a department node (type 2)"}
		}
	default:
		return &core.ArgError{Field: field + ".type", Reason: "is " + strconv.Itoa(int(n.Type)) + ", must be 1 (member) or 2 (department)"}
	}
	return nil
}

// validateNodes checks a list of nodes: at most MaxRangeNodes, each
// valid, none twice.
func validateNodes(field string, nodes []Node) error {
	if len(nodes) > MaxRangeNodes {
		return &core.ArgError{Field: field, Reason: "has " + strconv.Itoa(len(nodes)) + " nodes, at most " + strconv.Itoa(MaxRangeNodes) + " allowed"}
	}
	seen := make(map[Node]int, len(nodes))
	for i, n := range nodes {
		f := field + "[" + strconv.Itoa(i) + "]"
		if err := n.validate(f); err != nil {
			return err
		}
		if j, dup := seen[n]; dup {
			return &core.ArgError{Field: f, Reason: n.String() + " is also " + field + "[" + strconv.Itoa(j) + "]"}
		}
		seen[n] = i
	}
	return nil
}

// validateAdmins checks an admin list: 1 to MaxAdmins userids, none empty,
// none twice.
func validateAdmins(admins []string) error {
	if len(admins) == 0 {
		return &core.ArgError{Field: "admin_list", Reason: "needs at least one admin"}
	}
	if err := core.OptionalIDList("admin_list", admins, MaxAdmins); err != nil {
		return err
	}
	seen := make(map[string]bool, len(admins))
	for _, a := range admins {
		if seen[a] {
			return &core.ArgError{Field: "admin_list", Reason: strconv.Quote(a) + " is listed twice"}
		}
		seen[a] = true
	}
	return nil
}

// Privilege is the set of a rule group's privileges: CustomerPrivilege
// for customer-contact rule groups, MomentPrivilege for moment ones.
type Privilege interface {
	CustomerPrivilege | MomentPrivilege
	// sent returns the privileges as they go on the wire.
	sent() any
}

// CustomerPrivilege is what the members of a customer-contact rule group
// may do (客户联系规则组的权限): every key of WeCom's privilege object. The
// first five are basic privileges (基础权限，不可取消): WeCom does not let
// them be revoked, so they are always sent as true, whatever they hold. The
// others default to true when a rule group is created without privileges.
type CustomerPrivilege struct {
	ViewCustomerList bool `json:"view_customer_list"` // 查看客户列表 (basic)
	ViewCustomerData bool `json:"view_customer_data"` // 查看客户统计数据 (basic)
	ViewRoomList     bool `json:"view_room_list"`     // 查看群聊列表 (basic)
	ContactMe        bool `json:"contact_me"`         // 可使用联系我 (basic)
	JoinRoom         bool `json:"join_room"`          // 可加入群聊 (basic)

	ShareCustomer           bool `json:"share_customer"`             // 允许分享客户给其他成员
	OperResignCustomer      bool `json:"oper_resign_customer"`       // 允许分配离职成员客户
	OperResignGroup         bool `json:"oper_resign_group"`          // 允许分配离职成员客户群
	SendCustomerMsg         bool `json:"send_customer_msg"`          // 允许给企业客户发送消息
	EditWelcomeMsg          bool `json:"edit_welcome_msg"`           // 允许配置欢迎语
	ViewBehaviorData        bool `json:"view_behavior_data"`         // 允许查看成员联系客户统计
	ViewRoomData            bool `json:"view_room_data"`             // 允许查看群聊数据统计
	SendGroupMsg            bool `json:"send_group_msg"`             // 允许发送消息到企业的客户群
	RoomDeduplication       bool `json:"room_deduplication"`         // 允许对企业客户群进行去重
	RapidReply              bool `json:"rapid_reply"`                // 配置快捷回复
	OnjobCustomerTransfer   bool `json:"onjob_customer_transfer"`    // 转接在职成员的客户
	EditAntiSpamRule        bool `json:"edit_anti_spam_rule"`        // 编辑企业成员防骚扰规则
	ExportCustomerList      bool `json:"export_customer_list"`       // 导出客户列表
	ExportCustomerData      bool `json:"export_customer_data"`       // 导出成员客户统计
	ExportCustomerGroupList bool `json:"export_customer_group_list"` // 导出客户群列表
	ManageCustomerTag       bool `json:"manage_customer_tag"`        // 配置企业客户标签
}

// DefaultCustomerPrivilege returns WeCom's defaults: every privilege
// granted. Start from it and revoke what the rule group must not do.
func DefaultCustomerPrivilege() CustomerPrivilege {
	return CustomerPrivilege{
		ViewCustomerList: true, ViewCustomerData: true, ViewRoomList: true, ContactMe: true, JoinRoom: true,
		ShareCustomer: true, OperResignCustomer: true, OperResignGroup: true, SendCustomerMsg: true,
		EditWelcomeMsg: true, ViewBehaviorData: true, ViewRoomData: true, SendGroupMsg: true,
		RoomDeduplication: true, RapidReply: true, OnjobCustomerTransfer: true, EditAntiSpamRule: true,
		ExportCustomerList: true, ExportCustomerData: true, ExportCustomerGroupList: true, ManageCustomerTag: true,
	}
}

func (p CustomerPrivilege) sent() any {
	p.ViewCustomerList, p.ViewCustomerData, p.ViewRoomList, p.ContactMe, p.JoinRoom = true, true, true, true, true
	return p
}

// MomentPrivilege is what the members of a moment rule group may do
// (客户朋友圈规则组的权限). Each defaults to true when a rule group is created
// without privileges.
type MomentPrivilege struct {
	SendMoment               bool `json:"send_moment"`                  // 允许成员发表客户朋友圈
	ViewMomentList           bool `json:"view_moment_list"`             // 允许查看成员的全部客户朋友圈发表
	ManageMomentCoverAndSign bool `json:"manage_moment_cover_and_sign"` // 配置封面和签名
}

// DefaultMomentPrivilege returns WeCom's defaults: every privilege granted.
func DefaultMomentPrivilege() MomentPrivilege {
	return MomentPrivilege{SendMoment: true, ViewMomentList: true, ManageMomentCoverAndSign: true}
}

func (p MomentPrivilege) sent() any { return p }

// Strategy is a rule group (规则组) as get answers it.
type Strategy[P Privilege] struct {
	// ID is the strategy_id.
	ID int64 `json:"strategy_id"`
	// ParentID is the parent rule group, 0 for a top-level one.
	ParentID int64 `json:"parent_id"`
	// Name is the strategy_name.
	Name string `json:"strategy_name"`
	// CreateTime is when it was created, Unix seconds.
	CreateTime int64 `json:"create_time"`
	// Admins are the admins' userids (admin_list).
	Admins []string `json:"admin_list"`
	// Privilege is what its members may do; a child's are its parent's.
	Privilege P `json:"privilege"`
}

// CustomerStrategy is a customer-contact rule group (客户联系规则组).
type CustomerStrategy = Strategy[CustomerPrivilege]

// MomentStrategy is a moment rule group (客户朋友圈规则组).
type MomentStrategy = Strategy[MomentPrivilege]

// ListRequest asks for one page of rule group ids.
type ListRequest struct {
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size; 0 leaves WeCom's default (1000). A limit
	// above 1000 is sent as 1000; a negative one is refused.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the request before it is sent; a nil request is the
// first page.
func (r *ListRequest) Validate() error {
	if r != nil && r.Limit < 0 {
		return &core.ArgError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// ListResponse is one page of rule group ids.
type ListResponse struct {
	// IDs are the strategy_ids of the page.
	IDs []int64
	// NextCursor is "" on the last page.
	NextCursor string
}

// GetRangeRequest asks for one page of a rule group's range.
type GetRangeRequest struct {
	// ID is the strategy_id; required.
	ID int64 `json:"strategy_id"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size; 0 leaves WeCom's default (1000). A limit
	// above 1000 is sent as 1000; a negative one is refused.
	Limit int `json:"limit,omitempty"`
}

// Validate checks the request before it is sent.
func (r *GetRangeRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateID(r.ID); err != nil {
		return err
	}
	if r.Limit < 0 {
		return &core.ArgError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// RangeResponse is one page of a rule group's range.
type RangeResponse struct {
	// Nodes are the members and departments of the page.
	Nodes []Node `json:"range"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

// CreateRequest makes a rule group.
type CreateRequest[P Privilege] struct {
	// ParentID makes a child of that rule group; 0 makes a top-level one.
	// A child's range must be a subset of its parent's, and it inherits
	// the parent's privileges.
	ParentID int64
	// Name is the strategy_name; required.
	Name string
	// Admins are the admins' userids: 1 to 20, not super admins; required.
	Admins []string
	// Privilege sets what the members may do; nil leaves WeCom's defaults
	// (everything granted). It must be nil for a child rule group, whose
	// privileges are its parent's (WeCom ignores them).
	Privilege *P
	// Range are the members and departments the rule group manages, at
	// most 3000; it may be empty and grow by Edit.
	Range []Node
}

// CustomerCreateRequest makes a customer-contact rule group.
type CustomerCreateRequest = CreateRequest[CustomerPrivilege]

// MomentCreateRequest makes a moment rule group.
type MomentCreateRequest = CreateRequest[MomentPrivilege]

// Validate checks the request before it is sent.
func (r *CreateRequest[P]) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if r.ParentID < 0 {
		return &core.ArgError{Field: "parent_id", Reason: "must not be negative"}
	}
	if r.Name == "" {
		return &core.ArgError{Field: "strategy_name", Reason: "is required"}
	}
	if err := validateAdmins(r.Admins); err != nil {
		return err
	}
	if r.ParentID > 0 && r.Privilege != nil {
		return &core.ArgError{Field: "privilege", Reason: "must be nil for a child rule group: it inherits its parent's privileges (WeCom ignores them)"}
	}
	return validateNodes("range", r.Range)
}

// MarshalJSON writes the request as WeCom reads it.
func (r CreateRequest[P]) MarshalJSON() ([]byte, error) {
	var priv any
	if r.Privilege != nil {
		priv = (*r.Privilege).sent()
	}
	return marshal(struct {
		ParentID  int64    `json:"parent_id,omitempty"`
		Name      string   `json:"strategy_name"`
		Admins    []string `json:"admin_list"`
		Privilege any      `json:"privilege,omitempty"`
		Range     []Node   `json:"range,omitempty"`
	}{r.ParentID, r.Name, r.Admins, priv, r.Range})
}

// EditRequest changes a rule group. Only what is set changes; at least one
// change is required.
type EditRequest[P Privilege] struct {
	// ID is the strategy_id; required.
	ID int64
	// Name renames the rule group; "" leaves the name.
	Name string
	// Admins replaces the admins (1 to 20); nil leaves them. An empty,
	// non-nil list is refused: WeCom would read it as "leave as is", and a
	// rule group keeps at least one admin.
	Admins []string
	// Privilege replaces every privilege (each key is sent); nil leaves
	// them. WeCom ignores it for a child rule group.
	Privilege *P
	// RangeAdd are nodes to add to the range (at most 3000).
	RangeAdd []Node
	// RangeDel are nodes to take out of the range (at most 3000).
	RangeDel []Node
}

// CustomerEditRequest changes a customer-contact rule group.
type CustomerEditRequest = EditRequest[CustomerPrivilege]

// MomentEditRequest changes a moment rule group.
type MomentEditRequest = EditRequest[MomentPrivilege]

// Validate checks the request before it is sent.
func (r *EditRequest[P]) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateID(r.ID); err != nil {
		return err
	}
	if r.Admins != nil {
		if len(r.Admins) == 0 {
			return &core.ArgError{Field: "admin_list", Reason: "is empty: WeCom reads an empty admin_list as \"leave the admins\" and a rule group keeps at least one; leave it nil to keep them"}
		}
		if err := validateAdmins(r.Admins); err != nil {
			return err
		}
	}
	if err := validateNodes("range_add", r.RangeAdd); err != nil {
		return err
	}
	if err := validateNodes("range_del", r.RangeDel); err != nil {
		return err
	}
	add := make(map[Node]bool, len(r.RangeAdd))
	for _, n := range r.RangeAdd {
		add[n] = true
	}
	for i, n := range r.RangeDel {
		if add[n] {
			return &core.ArgError{Field: "range_del[" + strconv.Itoa(i) + "]", Reason: n.String() + " is in range_add too"}
		}
	}
	if r.Name == "" && r.Admins == nil && r.Privilege == nil && len(r.RangeAdd) == 0 && len(r.RangeDel) == 0 {
		return &core.ArgError{Field: "request", Reason: "changes nothing: set strategy_name, admin_list, privilege, range_add or range_del"}
	}
	return nil
}

// MarshalJSON writes the request as WeCom reads it: unset fields are left
// out, so WeCom leaves them as they are.
func (r EditRequest[P]) MarshalJSON() ([]byte, error) {
	var priv any
	if r.Privilege != nil {
		priv = (*r.Privilege).sent()
	}
	return marshal(struct {
		ID        int64    `json:"strategy_id"`
		Name      string   `json:"strategy_name,omitempty"`
		Admins    []string `json:"admin_list,omitempty"`
		Privilege any      `json:"privilege,omitempty"`
		RangeAdd  []Node   `json:"range_add,omitempty"`
		RangeDel  []Node   `json:"range_del,omitempty"`
	}{r.ID, r.Name, r.Admins, priv, r.RangeAdd, r.RangeDel})
}

// idRequest names one rule group.
type idRequest struct {
	ID int64 `json:"strategy_id"`
}

// Validate checks the id.
func (r *idRequest) Validate() error { return validateID(r.ID) }

func validateID(id int64) error {
	if id <= 0 {
		return &core.ArgError{Field: "strategy_id", Reason: "is required (a positive id)"}
	}
	return nil
}

func nilRequest() error { return &core.ArgError{Field: "request", Reason: "is nil"} }
