package worktest

import (
	"fmt"
	"slices"
	"time"
)

// Transfer state: completing due transfers (lazily, see transfer.go), the
// public helpers that end transfers early, and the result queries.

// addWayAssigned is add_way 202 (管理员/负责人分配), the way a customer
// reaches a takeover member.
const addWayAssigned = 202

// transferResultPageSize is WeCom's page size of transfer_result and
// resigned/transfer_result.
const transferResultPageSize = 1000

// completeTransfer ends t with status 1 at time at and moves the relation
// from the handover to the takeover (see transfer.go for what carries
// over). A relation that is gone by then (nothing left to move) just ends
// the transfer.
func (st *store) completeTransfer(t *Transfer, at int64) {
	t.Status, t.TakeoverTime = TransferDone, at
	r := st.relation(t.HandoverUserID, t.ExternalUserID)
	if r == nil {
		return
	}
	st.removeRelation(t.HandoverUserID, t.ExternalUserID)
	if st.member(t.TakeoverUserID) == nil || st.relation(t.TakeoverUserID, t.ExternalUserID) != nil {
		return
	}
	nr := &Relation{
		UserID: t.TakeoverUserID, ExternalUserID: t.ExternalUserID,
		Remark: r.Remark, Description: r.Description, CreateTime: at,
		TagIDs: slices.Clone(r.TagIDs), RemarkCorpName: r.RemarkCorpName,
		RemarkMobiles: slices.Clone(r.RemarkMobiles), RemarkPicMediaID: r.RemarkPicMediaID,
		OperUserID: t.HandoverUserID, AddWay: addWayAssigned,
	}
	// Cannot fail: both ends exist and the pair is not related.
	_ = st.addRelation(nr)
}

// Transfers is the back door of the 在职继承 / 离职继承 group: it ends
// transfers early. Get it from Server.Transfers.
type Transfers struct{ backDoor }

// Transfers returns the back door of the transfer group.
func (s *Server) Transfers() Transfers { return Transfers{backDoor{s}} }

// CompleteTransfers completes every waiting transfer now.
//
// Deprecated: use Transfers().CompleteAll.
func (s *Server) CompleteTransfers() int { return s.Transfers().CompleteAll() }

// EndTransfer ends a waiting transfer.
//
// Deprecated: use Transfers().End.
func (s *Server) EndTransfer(handoverUserID, externalUserID string, status int) error {
	return s.Transfers().End(handoverUserID, externalUserID, status)
}

// CompleteAll completes every waiting transfer now, as if its 24
// hours had passed: status 1 (接替完毕), takeover_time the clock's now (or
// the scheduled time, for those already due), the customer moved to the
// takeover member. It returns how many transfers it completed. Moving the
// clock past takeover_time (Clock().Advance(24*time.Hour)) has the same
// effect, with takeover_time as scheduled.
func (b Transfers) CompleteAll() int {
	n := 0
	_ = b.write(func(st *store, now time.Time) error { // cannot fail
		for _, t := range st.transfers() {
			if t.Status == TransferWaiting {
				st.completeTransfer(t, min(t.TakeoverTime, now.Unix()))
				n++
			}
		}
		return nil // their scheduled completions find them done and do nothing
	})
	return n
}

// End ends the waiting transfer of the customer externalUserID
// from handoverUserID with status:
//
//   - TransferDone (1): completes it now, like CompleteAll;
//   - TransferRefused (3, 客户拒绝) or TransferFull (4, 接替成员客户达到上限):
//     ends it with takeover_time 0; the customer stays with the handover,
//     can be transferred again, and a resigned member's customer is back
//     on get_unassigned_list. The callback gets WeCom's
//     change_external_contact / transfer_fail event (FailReason
//     customer_refused or customer_limit_exceed, UserID the takeover
//     member) before End returns.
//
// It fails when there is no such waiting transfer or status is another
// value.
func (b Transfers) End(handoverUserID, externalUserID string, status int) error {
	if status != TransferDone && status != TransferRefused && status != TransferFull {
		return fmt.Errorf("worktest: Transfers().End: status %d is not TransferDone, TransferRefused or TransferFull", status)
	}
	return b.write(func(st *store, now time.Time) error {
		return st.endTransfer(handoverUserID, externalUserID, status, now)
	})
}

// endTransfer is Transfers().End under the write lock.
func (st *store) endTransfer(handoverUserID, externalUserID string, status int, now time.Time) error {
	for _, t := range st.transfers() {
		if t.Status != TransferWaiting || t.HandoverUserID != handoverUserID || t.ExternalUserID != externalUserID {
			continue
		}
		if status == TransferDone {
			st.completeTransfer(t, now.Unix())
			return nil
		}
		t.Status, t.TakeoverTime = status, 0
		// WeCom tells the callback (客户接替失败事件).
		reason := "customer_refused"
		if status == TransferFull {
			reason = "customer_limit_exceed"
		}
		st.emit(contactEvent(now, "transfer_fail", text("FailReason", reason),
			text("UserID", t.TakeoverUserID), text("ExternalUserID", t.ExternalUserID)))
		return nil
	}
	return fmt.Errorf("worktest: Transfers().End: no waiting transfer of %q from %q", externalUserID, handoverUserID)
}

type transferResultRequest struct {
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	Cursor         string `json:"cursor"`
}

type takeoverOut struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	TakeoverTime   int64  `json:"takeover_time"`
}

// transferResult serves POST externalcontact/transfer_result (查询客户接替
// 状态, 在职继承).
func (s *Server) transferResult(c *call, req *transferResultRequest) (any, error) {
	return c.st.transferResults(c, req, TransferOnJob)
}

// resignedTransferResult serves POST externalcontact/resigned/transfer_result
// (查询客户接替状态, 离职继承).
func (s *Server) resignedTransferResult(c *call, req *transferResultRequest) (any, error) {
	return c.st.transferResults(c, req, TransferResigned)
}

// transferResults answers the customers handed from handover_userid to
// takeover_userid in transfers of the given kind: each customer once, with
// its latest transfer's status and takeover_time (the time to come while
// waiting, 0 when refused), in the order the transfers were made, at most
// 1000 per page; next_cursor is "" on the last page. Both members must
// exist (41009, 40003), resigned or not.
func (st *store) transferResults(c *call, req *transferResultRequest, kind string) (any, error) {
	if _, err := st.transferMemberOrErr(req.HandoverUserID); err != nil {
		return nil, err
	}
	if _, err := st.transferMemberOrErr(req.TakeoverUserID); err != nil {
		return nil, err
	}
	match := func(t *Transfer) bool {
		return t.Kind == kind && t.HandoverUserID == req.HandoverUserID && t.TakeoverUserID == req.TakeoverUserID
	}
	latest := map[string]uint64{} // external_userid → seq of its latest transfer
	for _, t := range st.transfers() {
		if match(t) {
			latest[t.ExternalUserID] = t.seq
		}
	}
	page, next, err := paginate(c, req.Cursor, transferResultPageSize, st.transfers(), func(t *Transfer) uint64 { return t.seq },
		func(t *Transfer) bool { return match(t) && latest[t.ExternalUserID] == t.seq }, req.HandoverUserID, req.TakeoverUserID)
	if err != nil {
		return nil, err
	}
	out := struct {
		Customer   []takeoverOut `json:"customer"`
		NextCursor string        `json:"next_cursor"`
	}{Customer: make([]takeoverOut, len(page)), NextCursor: next}
	for i, t := range page {
		out.Customer[i] = takeoverOut{ExternalUserID: t.ExternalUserID, Status: t.Status, TakeoverTime: t.TakeoverTime}
	}
	return out, nil
}

type getTransferResultRequest struct {
	ExternalUserID string `json:"external_userid"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
}

// getTransferResult serves the deprecated POST
// externalcontact/get_transfer_result (查询客户接替结果): the status and
// takeover_time of the latest transfer of the customer between the two
// members, of either kind; status 5 (无接替记录) and takeover_time 0 when
// there is none. 41035 / 40096 for the customer, 41009 / 40003 for the
// members.
func (s *Server) getTransferResult(c *call, req *getTransferResultRequest) (any, error) {
	if _, err := c.st.customerOrErr(req.ExternalUserID); err != nil {
		return nil, err
	}
	if _, err := c.st.transferMemberOrErr(req.HandoverUserID); err != nil {
		return nil, err
	}
	if _, err := c.st.transferMemberOrErr(req.TakeoverUserID); err != nil {
		return nil, err
	}
	out := struct {
		Status       int   `json:"status"`
		TakeoverTime int64 `json:"takeover_time"`
	}{Status: TransferNoRecord}
	for _, t := range slices.Backward(c.st.transfers()) {
		if t.ExternalUserID == req.ExternalUserID && t.HandoverUserID == req.HandoverUserID && t.TakeoverUserID == req.TakeoverUserID {
			out.Status, out.TakeoverTime = t.Status, t.TakeoverTime
			break
		}
	}
	return out, nil
}
