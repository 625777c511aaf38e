package worktest

import (
	"fmt"
	"net/http"
	"slices"
	"unicode/utf8"
)

// 获客助手 (customer acquisition): links that customers open in WeChat to
// add a member, the corp's usage quota, and who came through each link.
// The group keeps the links in a resource table and the rest in its own
// state (Data.Acquisition) and serves the ten endpoints of
// customer_acquisition/…, customer_acquisition_quota and
// customer_acquisition_app/get_permit; Server.Acquisition is its back door
// (acquisition_backdoor.go): customers opening links, writing to members,
// quota bought, an admin deleting a link. The rules, the simulator's
// reading of WeCom's pages (获客链接管理 97297, 获客客户 97298, 额度与统计
// 97375, 成员多次收消息 101361, 可建联成员 101146):
//
//   - link_name is required, at most 30 characters; range has members
//     (active, with 客户联系: 40003, 84074 otherwise) or departments (the
//     simulated corp has one, the root 1: 60123 for another), covering at
//     most 500 people (40058); skip_verify and mark_source default to true;
//     priority_option.priority_type is 1 or 2, and 2 takes 1 to 1000
//     members in priority_userid_list (40058).
//   - update_link replaces what it is sent (range as a whole); only the app
//     that created a link may update or delete it (48002).
//   - A deleted link is gone: get, update_link, delete_link and customer
//     answer 40058 for it, list_link leaves it out, a customer opening it
//     adds nobody. WeCom documents no errcode for an unknown or deleted
//     link_id: the simulator answers 40058 naming it.
//   - Every customer a link adds uses one unit of quota, from the batch
//     that expires first; with none left the link adds nobody.
//   - statistic counts, per link and per natural day in UTC+8, the
//     distinct customers who opened it and those it added, start_time and
//     end_time included, at most 30 days apart and within the last 180
//     days (40058); today counts as far as it went.
//   - The 客户联系 system app may call none of these (48002);
//     customer_acquisition_app/get_permit answers 营销获客 apps only (48002).
//     Acquisition().SetApp says which app the simulator's secret is.

// Bounds of a link, as WeCom's current page documents them.
const (
	maxLinkNameRunes   = 30
	maxLinkPeople      = 500
	maxPriorityUsers   = 1000
	maxLinkPage        = 100
	maxAcqCustomerPage = 1000
	// maxChannelBytes is where WeCom cuts a customer_channel.
	maxChannelBytes = 64
	// addWayAcquisition is the add_way of a customer added through a link
	// (通过获客链接添加).
	addWayAcquisition = 16
	// acqLinkHost is where link URLs point.
	acqLinkHost = "https://work.weixin.qq.com/ca/"
)

// AcquisitionRange is who a link adds customers to.
type AcquisitionRange struct {
	UserList       []string `json:"user_list,omitempty"`
	DepartmentList []int64  `json:"department_list,omitempty"`
}

// AcquisitionPriority is a link's priority_option: customers who are
// already the friend of a member in its scope go to that member.
type AcquisitionPriority struct {
	// PriorityType is 1 (any member of the corp) or 2 (the members of
	// PriorityUserIDList).
	PriorityType       int      `json:"priority_type"`
	PriorityUserIDList []string `json:"priority_userid_list,omitempty"`
}

// AcquisitionLink is a 获客链接. Its JSON is create_link's link with the
// fields of get (skip_verify, mark_source, range, priority_option), plus
// the simulator's bookkeeping: created_by_app and deleted.
type AcquisitionLink struct {
	LinkID     string `json:"link_id"`
	LinkName   string `json:"link_name"`
	URL        string `json:"url"`
	CreateTime int64  `json:"create_time"`
	SkipVerify bool   `json:"skip_verify"`
	MarkSource bool   `json:"mark_source"`
	// Range is who the link adds customers to.
	Range          AcquisitionRange     `json:"range"`
	PriorityOption *AcquisitionPriority `json:"priority_option,omitempty"`
	// CreatedByApp is the app that created the link ("" for the
	// simulator's app), the only one that may change it.
	CreatedByApp string `json:"created_by_app,omitempty"`
	// DeleteTime is when the link was deleted, Unix seconds; 0 while it
	// works.
	DeleteTime int64 `json:"delete_time,omitempty"`
}

// Deleted reports whether the link was deleted.
func (l *AcquisitionLink) Deleted() bool { return l.DeleteTime > 0 }

// AcquisitionQuota is one batch of 获客助手 quota (使用量).
type AcquisitionQuota struct {
	// Amount is how much the batch brought (it counts in total).
	Amount int `json:"amount"`
	// Balance is what is left of it.
	Balance int `json:"balance"`
	// BoughtAt is when it was bought, Unix seconds: no quota_expire_soon
	// reminder is due before it.
	BoughtAt int64 `json:"bought_at,omitempty"`
	// ExpireDate is when it expires, Unix seconds; then its balance is
	// gone.
	ExpireDate int64 `json:"expire_date"`
	// Expired is set once ExpireDate has passed.
	Expired bool `json:"expired,omitempty"`
}

// AcquisitionCustomer is a customer who added a member through a link
// (customer_acquisition/customer), with the messages the member has
// received from them.
type AcquisitionCustomer struct {
	LinkID         string `json:"link_id"`
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	// State is the customer_channel of the URL they opened.
	State string `json:"state,omitempty"`
	// ChatStatus is 0 until the customer writes, then 1.
	ChatStatus int `json:"chat_status"`
	// RecvMsgCount is how many messages the member has received.
	RecvMsgCount int `json:"recv_msg_cnt,omitempty"`
	// AddTime is when they were added, Unix seconds.
	AddTime int64 `json:"add_time"`

	seq uint64
}

// AcquisitionClick is one opening of a link, counted by statistic.
type AcquisitionClick struct {
	LinkID string `json:"link_id"`
	// Visitor is the customer's external_userid, or the simulator's name
	// for a WeChat user who is nobody's customer ("visitor…").
	Visitor string `json:"visitor"`
	State   string `json:"state,omitempty"`
	Time    int64  `json:"time"`
}

// AcquisitionPermit is who a 营销获客 app's customers may reach
// (customer_acquisition_app/get_permit).
type AcquisitionPermit struct {
	UserList       []string `json:"user_list"`
	DepartmentList []int64  `json:"department_list"`
	TagList        []int64  `json:"tag_list"`
}

// Apps the simulator's secret can stand for (Acquisition().SetApp).
const (
	// AcquisitionSelfBuiltApp is a self-built app listed in 客户联系
	// 「可调用应用」 (the default): every endpoint but get_permit.
	AcquisitionSelfBuiltApp = ""
	// AcquisitionContactApp is the 客户联系 system app: no 获客助手 endpoint.
	AcquisitionContactApp = "contact"
	// AcquisitionMarketingApp is a 营销获客 app: every endpoint, get_permit
	// included, with links inside its permit.
	AcquisitionMarketingApp = "marketing"
)

// AcquisitionData is the 获客助手 section of Data.
type AcquisitionData struct {
	Links     []AcquisitionLink     `json:"links,omitempty"`
	Quota     []AcquisitionQuota    `json:"quota,omitempty"`
	Customers []AcquisitionCustomer `json:"customers,omitempty"`
	Clicks    []AcquisitionClick    `json:"clicks,omitempty"`
	// LowBalance is the balance below which balance_low is pushed;
	// 0 means DefaultLowBalance.
	LowBalance int `json:"low_balance,omitempty"`
	// App is the app the simulator's secret stands for: one of the
	// Acquisition…App constants.
	App string `json:"app,omitempty"`
	// Permit is a 营销获客 app's permit; nil means the root department.
	Permit *AcquisitionPermit `json:"permit,omitempty"`
}

// DefaultLowBalance is the balance below which the simulator pushes
// balance_low (获客额度即将耗尽), once per crossing.
const DefaultLowBalance = 20

// The seeded quota: one batch of DefaultAcquisitionQuota, bought 30 days
// before the start and valid a year.
const DefaultAcquisitionQuota = 100

// acquisitionState is the group's part of the store.
type acquisitionState struct {
	links     *table[AcquisitionLink]
	quota     []*AcquisitionQuota
	customers []*AcquisitionCustomer
	clicks    []AcquisitionClick
	low       int
	app       string
	permit    *AcquisitionPermit
	// visitors counts anonymous visitors, for their names.
	visitors int
	// chatKeys are the ChatKeys of message_from_customer events, valid
	// ChatKeyTTL (not in snapshots, like WelcomeCodes).
	chatKeys *expiring[acqChatKey]
}

var acquisitionGroup groupKey[acquisitionState]

func init() {
	acquisitionGroup = addGroup(group[acquisitionState]{
		name:   "acquisition",
		routes: (*Server).acquisitionRoutes,
		state: func() *acquisitionState {
			return &acquisitionState{links: newTable(&acquisitionLinkResource), chatKeys: newExpiring[acqChatKey](0, maxChatKeys)}
		},
		load:     loadAcquisition,
		snapshot: snapshotAcquisition,
		seed: func(sd *seeding, d *Data) {
			d.Acquisition = &AcquisitionData{Quota: []AcquisitionQuota{{Amount: DefaultAcquisitionQuota, Balance: DefaultAcquisitionQuota,
				BoughtAt: sd.now - 30*day, ExpireDate: sd.now + 335*day}}}
		},
	})
}

func (st *store) acq() *acquisitionState { return acquisitionGroup.of(st) }

func loadAcquisition(st *store, g *acquisitionState, d *Data) error {
	a := d.Acquisition
	if a == nil {
		return nil
	}
	if err := g.links.load(st, a.Links); err != nil {
		return err
	}
	for i := range a.Quota {
		q := &a.Quota[i]
		if q.Balance < 0 || q.Balance > q.Amount {
			return fmt.Errorf("acquisition quota %d: balance %d outside 0..amount %d", i, q.Balance, q.Amount)
		}
		g.quota = append(g.quota, q)
		st.scheduleQuota(q)
	}
	for i := range a.Customers {
		c := &a.Customers[i]
		switch {
		case g.links.get(c.LinkID) == nil:
			return fmt.Errorf("acquisition customer %s: unknown link %q", c.ExternalUserID, c.LinkID)
		case st.member(c.UserID) == nil:
			return fmt.Errorf("acquisition customer %s: unknown member %q", c.ExternalUserID, c.UserID)
		case st.customer(c.ExternalUserID) == nil:
			return fmt.Errorf("acquisition customer: unknown customer %q", c.ExternalUserID)
		}
		c.seq = st.nextSeq()
		g.customers = append(g.customers, c)
	}
	g.clicks = slices.Clone(a.Clicks)
	g.low, g.app, g.permit = a.LowBalance, a.App, a.Permit
	switch g.app {
	case AcquisitionSelfBuiltApp, AcquisitionContactApp, AcquisitionMarketingApp:
	default:
		return fmt.Errorf("acquisition: app %q is none of \"\", %q, %q", g.app, AcquisitionContactApp, AcquisitionMarketingApp)
	}
	return nil
}

func snapshotAcquisition(_ *store, g *acquisitionState, d *Data) {
	a := &AcquisitionData{Links: g.links.snapshot(), Clicks: slices.Clone(g.clicks), LowBalance: g.low, App: g.app, Permit: g.permit}
	for _, q := range g.quota {
		a.Quota = append(a.Quota, *q)
	}
	for _, c := range g.customers {
		a.Customers = append(a.Customers, *c)
	}
	if len(a.Links)+len(a.Quota)+len(a.Customers)+len(a.Clicks) > 0 || a.LowBalance != 0 || a.App != "" || a.Permit != nil {
		d.Acquisition = a
	}
}

// acquisitionLinkResource describes the table of links: link_id "cawcde"
// and 12 hex digits, the range checked against the members, and only the
// creating app may change a link.
var acquisitionLinkResource = resource[AcquisitionLink]{
	name: "acquisition link", idField: "link_id",
	id:  func(l *AcquisitionLink) *string { return &l.LinkID },
	ids: idFormat{prefix: "cawcde", n: 12, alphabet: "0123456789abcdef"},
	app: func(l *AcquisitionLink) *string { return &l.CreatedByApp },
	validate: func(st *store, l *AcquisitionLink, o op) error {
		return st.checkLink(l, o)
	},
}

// checkLink applies WeCom's rules to a link.
func (st *store) checkLink(l *AcquisitionLink, o op) error {
	if l.LinkName == "" {
		return errParam("link_name is required")
	}
	if err := checkRunes("link_name", l.LinkName, maxLinkNameRunes); err != nil {
		return err
	}
	r := l.Range
	if len(r.UserList) == 0 && len(r.DepartmentList) == 0 {
		return errParam("range.user_list and range.department_list are both empty")
	}
	if err := checkList("range.user_list", r.UserList, false, maxLinkPeople); err != nil {
		return err
	}
	for _, u := range r.UserList {
		if err := st.linkMember(u, o); err != nil {
			return err
		}
	}
	for _, d := range r.DepartmentList {
		if d != rootParty {
			return errDetail(codeInvalidPartyID, "department %d", d)
		}
	}
	if n := len(st.linkPeople(l)); n > maxLinkPeople && o != opLoad {
		return errParam("range covers %d people, at most %d allowed", n, maxLinkPeople)
	}
	if p := l.PriorityOption; p != nil {
		switch p.PriorityType {
		case 1:
			if len(p.PriorityUserIDList) > 0 {
				return errParam("priority_userid_list is only taken with priority_type 2")
			}
		case 2:
			if err := checkList("priority_option.priority_userid_list", p.PriorityUserIDList, true, maxPriorityUsers); err != nil {
				return err
			}
			for _, u := range p.PriorityUserIDList {
				if err := st.linkMember(u, o); err != nil {
					return err
				}
			}
		default:
			return errParam("priority_type must be 1 or 2, got %d", p.PriorityType)
		}
	}
	if g := st.acq(); g.app == AcquisitionMarketingApp && o != opLoad {
		for _, u := range st.linkPeople(l) {
			if !g.permits(u) {
				return errParam("member %s is outside the app's permit (可建联成员)", u)
			}
		}
	}
	return nil
}

// linkMember checks a member a link names: known, and for a call active
// with 客户联系.
func (st *store) linkMember(u string, o op) error {
	m := st.member(u)
	switch {
	case m == nil:
		if o == opLoad {
			return fmt.Errorf("unknown member %q", u)
		}
		return errDetail(codeInvalidUserID, "%s", u)
	case o == opLoad:
		return nil
	case m.Resigned():
		return errDetail(codeInvalidUserID, "%s has resigned", u)
	case !m.ExternalContact:
		return errDetail(codeNoContactPerm, "%s", u)
	}
	return nil
}

// linkPeople returns the members a link covers, user_list first, then the
// departments' (every member, for the root), without duplicates.
func (st *store) linkPeople(l *AcquisitionLink) []string {
	var out []string
	seen := map[string]bool{}
	add := func(u string) {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for _, u := range l.Range.UserList {
		add(u)
	}
	if slices.Contains(l.Range.DepartmentList, rootParty) {
		for _, m := range st.members {
			if !m.Resigned() {
				add(m.UserID)
			}
		}
	}
	return out
}

// permits reports whether a 营销获客 app's customers may reach member u.
func (g *acquisitionState) permits(u string) bool {
	p := g.permit
	if p == nil {
		return true // the root department
	}
	return slices.Contains(p.UserList, u) || slices.Contains(p.DepartmentList, rootParty)
}

// acqAllowed answers 48002 when the simulator's app may not call the
// endpoint: the 客户联系 system app may call none, only a 营销获客 app
// get_permit.
func (c *call) acqAllowed(permit bool) error {
	app := c.st.acq().app
	switch {
	case app == AcquisitionContactApp:
		return errDetail(codeAPIForbidden, "获客助手 is not callable with the 客户联系 system app's secret")
	case permit && app != AcquisitionMarketingApp:
		return errDetail(codeAPIForbidden, "only 营销获客 apps may call customer_acquisition_app/get_permit")
	}
	return nil
}

// liveLink returns a link that was not deleted, or 40058 (for a missing
// id too).
func (c *call) liveLink(id string) (*AcquisitionLink, error) {
	l, err := c.st.acq().links.lookup(id)
	if err != nil {
		return nil, err
	}
	if l.Deleted() {
		return nil, errParam("link %s was deleted", id)
	}
	return l, nil
}

func (s *Server) acquisitionRoutes() []route {
	const p = "externalcontact/customer_acquisition/"
	return []route{
		{method: http.MethodPost, path: p + "list_link", handle: bound(s.acqListLinks)},
		{method: http.MethodPost, path: p + "get", handle: bound(s.acqGetLink)},
		{method: http.MethodPost, path: p + "create_link", write: true, handle: bound(s.acqCreateLink)},
		{method: http.MethodPost, path: p + "update_link", write: true, handle: bound(s.acqUpdateLink)},
		{method: http.MethodPost, path: p + "delete_link", write: true, handle: bound(s.acqDeleteLink)},
		{method: http.MethodPost, path: p + "customer", handle: bound(s.acqCustomers)},
		{method: http.MethodPost, path: p + "statistic", handle: bound(s.acqStatistic)},
		{method: http.MethodPost, path: p + "get_chat_info", handle: bound(s.acqChatInfo)},
		{method: http.MethodGet, path: "externalcontact/customer_acquisition_quota", handle: bound(s.acqQuota)},
		{method: http.MethodGet, path: "externalcontact/customer_acquisition_app/get_permit", handle: bound(s.acqPermit)},
	}
}

type acqListRequest struct {
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

// acqListLinks answers list_link: the ids of the links not deleted, in
// creation order, 100 at most per page (a bigger limit is lowered).
func (s *Server) acqListLinks(c *call, r *acqListRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, maxLinkPage, maxLinkPage)
	if err != nil {
		return nil, err
	}
	page, next, err := c.st.acq().links.page(c, r.Cursor, limit, func(l *AcquisitionLink) bool { return !l.Deleted() })
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(page))
	for i, l := range page {
		ids[i] = l.LinkID
	}
	return struct {
		LinkIDList []string `json:"link_id_list"`
		NextCursor string   `json:"next_cursor"`
	}{ids, next}, nil
}

// acqLinkIDRequest names a link. Its fields are checked by the handlers,
// after the app (acqAllowed), as WeCom looks at the token first.
type acqLinkIDRequest struct {
	LinkID string `json:"link_id"`
}

// acqGetLink answers get: the link (without its id, as WeCom answers),
// its range and its priority option.
func (s *Server) acqGetLink(c *call, r *acqLinkIDRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	l, err := c.liveLink(r.LinkID)
	if err != nil {
		return nil, err
	}
	type link struct {
		LinkName   string `json:"link_name"`
		URL        string `json:"url"`
		CreateTime int64  `json:"create_time"`
		SkipVerify bool   `json:"skip_verify"`
		MarkSource bool   `json:"mark_source"`
	}
	return struct {
		Link           link                 `json:"link"`
		Range          AcquisitionRange     `json:"range"`
		PriorityOption *AcquisitionPriority `json:"priority_option,omitempty"`
	}{link{l.LinkName, l.URL, l.CreateTime, l.SkipVerify, l.MarkSource}, l.Range, l.PriorityOption}, nil
}

// acqLinkRequest is create_link's and update_link's body: pointers, so
// that what is left out keeps its value (or WeCom's default).
type acqLinkRequest struct {
	LinkID         string               `json:"link_id"`
	LinkName       *string              `json:"link_name"`
	Range          *AcquisitionRange    `json:"range"`
	SkipVerify     *bool                `json:"skip_verify"`
	PriorityOption *AcquisitionPriority `json:"priority_option"`
	MarkSource     *bool                `json:"mark_source"`
}

func (r *acqLinkRequest) apply(l *AcquisitionLink) {
	if r.LinkName != nil {
		l.LinkName = *r.LinkName
	}
	if r.Range != nil {
		l.Range = AcquisitionRange{UserList: slices.Clone(r.Range.UserList), DepartmentList: slices.Clone(r.Range.DepartmentList)}
	}
	if r.SkipVerify != nil {
		l.SkipVerify = *r.SkipVerify
	}
	if r.PriorityOption != nil {
		p := *r.PriorityOption
		p.PriorityUserIDList = slices.Clone(p.PriorityUserIDList)
		l.PriorityOption = &p
	}
	if r.MarkSource != nil {
		l.MarkSource = *r.MarkSource
	}
}

// acqCreateLink answers create_link: a new link with its URL, skip_verify
// and mark_source true unless sent false.
func (s *Server) acqCreateLink(c *call, r *acqLinkRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if r.LinkName == nil {
		return nil, errParam("link_name is required")
	}
	if r.Range == nil {
		return nil, errParam("range is required")
	}
	l := &AcquisitionLink{CreateTime: c.now.Unix(), SkipVerify: true, MarkSource: true}
	r.apply(l)
	g := c.st.acq()
	l.LinkID = g.links.newID(c.st)
	l.URL = acqLinkHost + l.LinkID
	if _, err := g.links.create(c.st, l, c.app()); err != nil {
		return nil, err
	}
	type link struct {
		LinkID     string `json:"link_id"`
		LinkName   string `json:"link_name"`
		URL        string `json:"url"`
		CreateTime int64  `json:"create_time"`
	}
	return struct {
		Link link `json:"link"`
	}{link{l.LinkID, l.LinkName, l.URL, l.CreateTime}}, nil
}

// acqUpdateLink answers update_link: what is sent replaces the link's
// value (range as a whole); only the creating app may.
func (s *Server) acqUpdateLink(c *call, r *acqLinkRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if err := requireField("link_id", r.LinkID); err != nil {
		return nil, err
	}
	if _, err := c.liveLink(r.LinkID); err != nil {
		return nil, err
	}
	_, err := c.st.acq().links.update(c.st, r.LinkID, c.app(), func(l *AcquisitionLink) error {
		r.apply(l)
		return nil
	})
	return nil, err
}

// acqDeleteLink answers delete_link: the link stops working. Deleting
// through the API pushes no event (an admin's deletion does:
// Acquisition().AdminDelete).
func (s *Server) acqDeleteLink(c *call, r *acqLinkIDRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if _, err := c.liveLink(r.LinkID); err != nil {
		return nil, err
	}
	l, err := c.st.acq().links.owned(r.LinkID, c.app())
	if err != nil {
		return nil, err
	}
	l.DeleteTime = c.now.Unix()
	return nil, nil
}

// linkUsable returns the members of l who can take a customer now:
// active, with 客户联系.
func (st *store) linkUsable(l *AcquisitionLink) []string {
	var out []string
	for _, u := range st.linkPeople(l) {
		if m := st.activeMember(u); m != nil && m.ExternalContact {
			out = append(out, u)
		}
	}
	return out
}

// validChannel cuts a customer_channel to 64 bytes as WeCom does, without
// leaving half a character.
func validChannel(s string) string {
	if len(s) <= maxChannelBytes {
		return s
	}
	s = s[:maxChannelBytes]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
