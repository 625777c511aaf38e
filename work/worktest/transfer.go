package worktest

import (
	"net/http"
	"time"
)

// 在职继承 / 离职继承: customer handovers from one member to another.
//
// A transfer call (transfer_customer, resigned/transfer_customer, the
// deprecated transfer) records one Transfer per customer with status 2
// (等待接替) and takeover_time = now + 24 h, as WeCom does. The customer stays
// with the handover member until then. When the simulator clock passes
// takeover_time, the transfer completes (status 1, 接替完毕) and the relation
// moves to the takeover member:
//
//   - the handover loses the customer (externalcontact/list, get,
//     batch/get_by_user; for a resigned handover, get_unassigned_list);
//   - the takeover gains a relation that enters the store then (so it comes
//     last in batch/get_by_user) with createtime = takeover_time, add_way
//     202 (管理员/负责人分配) and oper_userid = the handover; it keeps the
//     remark, description, remark_corp_name, remark_mobiles, remark picture
//     and corp / strategy tags (企业标签 follow the customer), and drops the
//     handover's personal tags, state and wechat_channels (they describe the
//     handover's own way of adding the customer);
//   - a takeover member who already follows the customer keeps their own
//     relation; the handover's is removed.
//
// Completion is lazy and runs on the scheduler (schedule.go): each waiting
// transfer schedules its completion at takeover_time, and before each
// request the framework runs the work due at the request's clock time,
// under the write lock, before the handler takes its own lock. So every
// handler (transfers, customers, anything) sees a state in which every
// transfer due at its c.now is complete, and handlers never upgrade locks;
// Snapshot, the back doors and the simulated customer actions (AddContact,
// DeleteContact, RemoveContact) settle first too. Transfers().CompleteAll
// and Transfers().End let a
// test finish a transfer early or make it fail (客户拒绝, 接替成员客户达到上限).

// Transfer errcodes (transfer_customer answers them per customer).
const (
	codeHandoverNotResigned  = 40097 // 该成员尚未离职
	codeTransferTooFrequent  = 40128 // 客户转接过于频繁 (2 on-job transfers per 90 days)
	codeCustomerTransferring = 40129 // 当前客户正在转接中
	codeSameHandoverTakeover = 40130 // 原跟进人与接手人一样，不可继承
	codeNotHandoverCustomer  = 40131 // handover_userid 并不是外部联系人的跟进人
)

// transferState is the group's part of the store: every transfer, in the
// order it was made (Data.Transfers).
type transferState struct{ list []*Transfer }

var transferKey groupKey[transferState]

func init() {
	transferKey = addGroup(group[transferState]{
		name:   "transfer",
		routes: (*Server).transferRoutes,
		load: func(st *store, _ *transferState, d *Data) error {
			for i := range d.Transfers {
				st.addTransfer(&d.Transfers[i])
			}
			return nil
		},
		snapshot: func(_ *store, g *transferState, d *Data) {
			for _, t := range g.list {
				d.Transfers = append(d.Transfers, *t)
			}
		},
		errTexts: map[int]string{
			codeHandoverNotResigned:  "handover userid has not resigned",
			codeTransferTooFrequent:  "customer transferred too frequently",
			codeCustomerTransferring: "customer is being transferred",
			codeSameHandoverTakeover: "handover and takeover userid are the same",
			codeNotHandoverCustomer:  "handover userid is not the follow user of the external contact",
		},
	})
}

// transfers returns every transfer, oldest first.
func (st *store) transfers() []*Transfer { return transferKey.of(st).list }

// addTransfer records a transfer.
func (st *store) addTransfer(t *Transfer) {
	t.seq = st.nextSeq()
	g := transferKey.of(st)
	g.list = append(g.list, t)
	if t.Status == TransferWaiting {
		// Completes when the clock passes takeover_time, unless it ended
		// otherwise first (Transfers().End, Transfers().CompleteAll).
		st.schedule(time.Unix(t.TakeoverTime, 0), func(time.Time) {
			if t.Status == TransferWaiting {
				st.completeTransfer(t, t.TakeoverTime)
			}
		})
	}
}

func (s *Server) transferRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/get_unassigned_list", handle: bound(s.getUnassignedList)},
		{method: http.MethodPost, path: "externalcontact/transfer_customer", write: true, handle: bound(s.transferCustomer)},
		{method: http.MethodPost, path: "externalcontact/transfer_result", handle: bound(s.transferResult)},
		{method: http.MethodPost, path: "externalcontact/resigned/transfer_customer", write: true, handle: bound(s.resignedTransferCustomer)},
		{method: http.MethodPost, path: "externalcontact/resigned/transfer_result", handle: bound(s.resignedTransferResult)},
		{method: http.MethodPost, path: "externalcontact/transfer", write: true, handle: bound(s.legacyTransfer)},
		{method: http.MethodPost, path: "externalcontact/get_transfer_result", handle: bound(s.getTransferResult)},
	}
}

const (
	// transferDelay is how long WeCom waits before a transfer completes.
	transferDelay = 24 * time.Hour
	// onJobWindow and onJobMax: a customer can be transferred on the job at
	// most twice in 90 natural days.
	onJobWindow = 90 * 24 * time.Hour
	onJobMax    = 2
)

// transferMemberOrErr returns an existing member, resigned or not: 41009
// when userID is empty, 40003 when unknown.
func (st *store) transferMemberOrErr(userID string) (*Member, error) {
	if err := requireUserID(userID); err != nil {
		return nil, err
	}
	m := st.member(userID)
	if m == nil {
		return nil, errDetail(codeInvalidUserID, "%s", userID)
	}
	return m, nil
}

// contactMemberOrErr returns an active member with 客户联系: 41009, 40003
// (unknown or resigned), 84074 (no 客户联系).
func (st *store) contactMemberOrErr(userID string) (*Member, error) {
	m, err := st.activeMemberOrErr(userID)
	if err != nil {
		return nil, err
	}
	if !m.ExternalContact {
		return nil, errDetail(codeNoContactPerm, "%s", userID)
	}
	return m, nil
}

// transferBook indexes the transfers for one call: the customers in a
// waiting transfer, the (member, customer) pairs in one, and the recent
// on-job transfers per customer. It is updated as the call adds transfers.
type transferBook struct {
	busy   map[string]bool // external_userid in a waiting transfer
	pairs  map[string]bool // relKey(handover, external_userid) waiting
	recent map[string]int  // external_userid → on-job transfers in the window
	since  int64           // start of the window
}

func (st *store) transferBook(now time.Time) *transferBook {
	b := &transferBook{busy: map[string]bool{}, pairs: map[string]bool{}, recent: map[string]int{},
		since: now.Add(-onJobWindow).Unix()}
	for _, t := range st.transfers() {
		b.note(t)
	}
	return b
}

func (b *transferBook) note(t *Transfer) {
	if t.Status == TransferWaiting {
		b.busy[t.ExternalUserID] = true
		b.pairs[relKey(t.HandoverUserID, t.ExternalUserID)] = true
	}
	if t.Kind == TransferOnJob && t.CreateTime > b.since && (t.Status == TransferWaiting || t.Status == TransferDone) {
		b.recent[t.ExternalUserID]++
	}
}

// startTransfer records the transfer of one customer and returns 0, or
// the errcode that refuses it: 40096 unknown customer, 40131 not the
// handover's customer, 40129 already in a waiting transfer, 40128 (on-job
// only) transferred twice in the last 90 days.
func (st *store) startTransfer(b *transferBook, kind, handover, takeover, externalUserID string, now time.Time) int {
	switch {
	case st.customer(externalUserID) == nil:
		return codeInvalidExternalID
	case st.relation(handover, externalUserID) == nil:
		return codeNotHandoverCustomer
	case b.busy[externalUserID]:
		return codeCustomerTransferring
	case kind == TransferOnJob && b.recent[externalUserID] >= onJobMax:
		return codeTransferTooFrequent
	}
	t := &Transfer{Kind: kind, HandoverUserID: handover, TakeoverUserID: takeover, ExternalUserID: externalUserID,
		Status: TransferWaiting, TakeoverTime: now.Add(transferDelay).Unix(), CreateTime: now.Unix()}
	st.addTransfer(t)
	b.note(t)
	return 0
}

type transferCustomerRequest struct {
	HandoverUserID     string   `json:"handover_userid"`
	TakeoverUserID     string   `json:"takeover_userid"`
	ExternalUserID     []string `json:"external_userid"`
	TransferSuccessMsg string   `json:"transfer_success_msg"`
}

type customerTransferOut struct {
	ExternalUserID string `json:"external_userid"`
	ErrCode        int    `json:"errcode"`
}

// transferCustomer serves POST externalcontact/transfer_customer (分配在职
// 成员的客户, 在职继承). handover_userid and takeover_userid: active members
// with 客户联系 (41009, 40003, 84074), not the same (40130); external_userid:
// 1 to 100 (40058); transfer_success_msg: at most 200 characters (40058).
// The call succeeds as a whole and answers an errcode per customer, in the
// order asked (see startTransfer).
func (s *Server) transferCustomer(c *call, req *transferCustomerRequest) (any, error) {
	if err := checkRunes("transfer_success_msg", req.TransferSuccessMsg, 200); err != nil {
		return nil, err
	}
	return c.st.transferCustomers(c, TransferOnJob, req.HandoverUserID, req.TakeoverUserID, req.ExternalUserID)
}

// resignedTransferCustomer serves POST
// externalcontact/resigned/transfer_customer (分配离职成员的客户, 离职继承):
// like transferCustomer, but the handover must be a resigned member (40003
// unknown, 40097 still on the job). No 90-day limit applies.
func (s *Server) resignedTransferCustomer(c *call, req *transferCustomerRequest) (any, error) {
	return c.st.transferCustomers(c, TransferResigned, req.HandoverUserID, req.TakeoverUserID, req.ExternalUserID)
}

func (st *store) transferCustomers(c *call, kind, handover, takeover string, ids []string) (any, error) {
	if err := st.checkTransferMembers(kind, handover, takeover); err != nil {
		return nil, err
	}
	if err := checkList("external_userid", ids, true, 100); err != nil {
		return nil, err
	}
	b := st.transferBook(c.now)
	out := struct {
		Customer []customerTransferOut `json:"customer"`
	}{Customer: make([]customerTransferOut, 0, len(ids))}
	for _, id := range ids {
		code := st.startTransfer(b, kind, handover, takeover, id, c.now)
		out.Customer = append(out.Customer, customerTransferOut{ExternalUserID: id, ErrCode: code})
	}
	return out, nil
}

// checkTransferMembers validates the two members of a transfer: both
// present (41009), different (40130), the handover active with 客户联系 for
// an on-job transfer and resigned (40097 if not) for a resigned one, the
// takeover active with 客户联系 (40003, 84074).
func (st *store) checkTransferMembers(kind, handover, takeover string) error {
	if err := requireUserID(handover); err != nil {
		return err
	}
	if err := requireUserID(takeover); err != nil {
		return err
	}
	if handover == takeover {
		return errCode(codeSameHandoverTakeover)
	}
	if kind == TransferOnJob {
		if _, err := st.contactMemberOrErr(handover); err != nil {
			return err
		}
	} else {
		m, err := st.transferMemberOrErr(handover)
		if err != nil {
			return err
		}
		if !m.Resigned() {
			return errDetail(codeHandoverNotResigned, "%s", handover)
		}
	}
	_, err := st.contactMemberOrErr(takeover)
	return err
}

type legacyTransferRequest struct {
	ExternalUserID     string `json:"external_userid" wt:"required=41035"`
	HandoverUserID     string `json:"handover_userid"`
	TakeoverUserID     string `json:"takeover_userid"`
	TransferSuccessMsg string `json:"transfer_success_msg"`
}

// legacyTransfer serves the deprecated POST externalcontact/transfer
// (离职成员的外部联系人再分配): one customer (external_userid is a string) of
// a resigned member, with the checks of resignedTransferCustomer; a
// customer that cannot be transferred fails the whole call with its
// errcode. The transfer is a 离职继承 one: resigned/transfer_result and
// get_transfer_result report it.
func (s *Server) legacyTransfer(c *call, req *legacyTransferRequest) (any, error) {
	if err := checkRunes("transfer_success_msg", req.TransferSuccessMsg, 200); err != nil {
		return nil, err
	}
	if err := c.st.checkTransferMembers(TransferResigned, req.HandoverUserID, req.TakeoverUserID); err != nil {
		return nil, err
	}
	b := c.st.transferBook(c.now)
	if code := c.st.startTransfer(b, TransferResigned, req.HandoverUserID, req.TakeoverUserID, req.ExternalUserID, c.now); code != 0 {
		return nil, errDetail(code, "%s", req.ExternalUserID)
	}
	return nil, nil
}

type getUnassignedRequest struct {
	PageID   int    `json:"page_id"`
	Cursor   string `json:"cursor"`
	PageSize int    `json:"page_size"`
}

type unassignedOut struct {
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	DimissionTime  int64  `json:"dimission_time"`
}

// getUnassignedList serves POST externalcontact/get_unassigned_list (获取待
// 分配的离职成员列表): the relations of resigned members that are not in a
// waiting transfer, oldest relation first (a completed transfer moved the
// relation away; a refused one puts the customer back on the list).
// page_size: default 1000, above 1000 lowered to 1000, negative 40058.
// is_last is true and next_cursor "" on the last page. The legacy page_id
// (pages from 0) is honoured when no cursor is given; negative 40058.
func (s *Server) getUnassignedList(c *call, req *getUnassignedRequest) (any, error) {
	size, err := pageLimit("page_size", req.PageSize, 1000, 1000)
	if err != nil {
		return nil, err
	}
	if req.PageID < 0 {
		return nil, errParam("page_id is %d, must not be negative", req.PageID)
	}
	skip := 0
	if req.Cursor == "" {
		skip = req.PageID * size
	}
	b := c.st.transferBook(c.now)
	page, next, err := paginate(c, req.Cursor, size, c.st.relations, func(r *Relation) uint64 { return r.seq }, func(r *Relation) bool {
		if !c.st.member(r.UserID).Resigned() || b.pairs[relKey(r.UserID, r.ExternalUserID)] {
			return false
		}
		if skip > 0 { // the legacy page_id: whole pages before this one
			skip--
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	out := struct {
		Info       []unassignedOut `json:"info"`
		IsLast     bool            `json:"is_last"`
		NextCursor string          `json:"next_cursor"`
	}{Info: make([]unassignedOut, len(page)), IsLast: next == "", NextCursor: next}
	for i, r := range page {
		out.Info[i] = unassignedOut{HandoverUserID: r.UserID, ExternalUserID: r.ExternalUserID, DimissionTime: c.st.member(r.UserID).DimissionTime}
	}
	return out, nil
}
