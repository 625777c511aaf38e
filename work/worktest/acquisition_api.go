package worktest

import (
	"cmp"
	"slices"
	"time"
)

// The 获客助手 endpoints beside the links (acquisition.go): the customers a
// link brought, the quota, a link's statistic, the chat behind a ChatKey
// and a 营销获客 app's permit.

// ChatKeyTTL is how long the ChatKey of a message_from_customer event can
// be used with get_chat_info, on the simulator clock (WeCom: 30 minutes).
const ChatKeyTTL = 30 * time.Minute

// maxChatKeys bounds the ChatKeys remembered.
const maxChatKeys = 10000

// acqChatKey is what a ChatKey stands for.
type acqChatKey struct {
	LinkID, UserID, ExternalUserID string
}

type acqCustomersRequest struct {
	LinkID string `json:"link_id"`
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

// acqCustomers answers customer: who added a member through the link, in
// the order they came, with their channel and whether they have written;
// 1000 at most per page (the default; a bigger limit is lowered).
func (s *Server) acqCustomers(c *call, r *acqCustomersRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if _, err := c.liveLink(r.LinkID); err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, maxAcqCustomerPage, maxAcqCustomerPage)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(c, r.Cursor, limit, c.st.acq().customers,
		func(a *AcquisitionCustomer) uint64 { return a.seq },
		func(a *AcquisitionCustomer) bool { return a.LinkID == r.LinkID }, r.LinkID)
	if err != nil {
		return nil, err
	}
	type customer struct {
		ExternalUserID string `json:"external_userid"`
		UserID         string `json:"userid"`
		ChatStatus     int    `json:"chat_status"`
		State          string `json:"state"`
	}
	out := make([]customer, len(page))
	for i, a := range page {
		out[i] = customer{a.ExternalUserID, a.UserID, a.ChatStatus, a.State}
	}
	return struct {
		CustomerList []customer `json:"customer_list"`
		NextCursor   string     `json:"next_cursor"`
	}{out, next}, nil
}

type acqNoRequest struct{}

// liveQuota returns the batches that still count, earliest expiry first.
func (g *acquisitionState) liveQuota() []*AcquisitionQuota {
	var out []*AcquisitionQuota
	for _, q := range g.quota {
		if !q.Expired && q.Balance > 0 {
			out = append(out, q)
		}
	}
	slices.SortStableFunc(out, func(a, b *AcquisitionQuota) int { return cmp.Compare(a.ExpireDate, b.ExpireDate) })
	return out
}

// balance is what is left of the quota.
func (g *acquisitionState) balance() int {
	n := 0
	for _, q := range g.liveQuota() {
		n += q.Balance
	}
	return n
}

// lowBalance is the balance_low threshold.
func (g *acquisitionState) lowBalance() int { return cmp.Or(g.low, DefaultLowBalance) }

// acqQuota answers customer_acquisition_quota: total is every batch ever
// bought, balance what is left of the live ones, quota_list the live
// batches by expiry date.
func (s *Server) acqQuota(c *call, _ *acqNoRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	g := c.st.acq()
	type batch struct {
		ExpireDate int64 `json:"expire_date"`
		Balance    int   `json:"balance"`
	}
	total := 0
	for _, q := range g.quota {
		total += q.Amount
	}
	list := []batch{}
	for _, q := range g.liveQuota() {
		list = append(list, batch{q.ExpireDate, q.Balance})
	}
	return struct {
		Total     int     `json:"total"`
		Balance   int     `json:"balance"`
		QuotaList []batch `json:"quota_list"`
	}{total, g.balance(), list}, nil
}

type acqStatisticRequest struct {
	LinkID    string `json:"link_id"`
	StartTime int64  `json:"start_time"`
	EndTime   int64  `json:"end_time"`
}

// acqStatistic answers statistic: the distinct customers who opened the
// link and those it added, over the days (UTC+8) of start_time to
// end_time, both included. A deleted link's history still counts.
func (s *Server) acqStatistic(c *call, r *acqStatisticRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if _, err := c.st.acq().links.lookup(r.LinkID); err != nil {
		return nil, err
	}
	if r.StartTime <= 0 || r.EndTime <= 0 {
		return nil, errParam("start_time and end_time are required")
	}
	start, end, today := dayStart(r.StartTime), dayStart(r.EndTime), dayStart(c.now.Unix())
	switch {
	case end < start:
		return nil, errParam("end_time is before start_time")
	case end-start > statMaxSpanDays*day:
		return nil, errParam("start_time and end_time are more than %d days apart", statMaxSpanDays)
	case start < today-statHistoryDays*day:
		return nil, errParam("start_time is more than %d days ago", statHistoryDays)
	}
	from, to := start, end+day
	g := c.st.acq()
	visitors := map[string]bool{}
	for _, k := range g.clicks {
		if k.LinkID == r.LinkID && k.Time >= from && k.Time < to {
			visitors[k.Visitor] = true
		}
	}
	added := 0
	for _, a := range g.customers {
		if a.LinkID == r.LinkID && a.AddTime >= from && a.AddTime < to {
			added++
		}
	}
	return struct {
		ClickLinkCustomerCnt int `json:"click_link_customer_cnt"`
		NewCustomerCnt       int `json:"new_customer_cnt"`
	}{len(visitors), added}, nil
}

type acqChatInfoRequest struct {
	ChatKey string `json:"chat_key"`
}

// acqChatInfo answers get_chat_info: the member, the customer and the
// messages received behind a ChatKey, for ChatKeyTTL after its event
// (40058 for an unknown or expired key: WeCom documents no code).
func (s *Server) acqChatInfo(c *call, r *acqChatInfoRequest) (any, error) {
	if err := c.acqAllowed(false); err != nil {
		return nil, err
	}
	if err := requireField("chat_key", r.ChatKey); err != nil {
		return nil, err
	}
	g := c.st.acq()
	k, exp, ok := g.chatKeys.get(r.ChatKey)
	if !ok || !c.now.Before(exp) {
		return nil, errParam("chat_key is unknown or expired (valid %s)", ChatKeyTTL)
	}
	a := g.customer(k.LinkID, k.UserID, k.ExternalUserID)
	if a == nil { // unreachable: records are never removed
		return nil, errParam("chat_key is unknown")
	}
	type info struct {
		RecvMsgCnt int    `json:"recv_msg_cnt"`
		LinkID     string `json:"link_id"`
		State      string `json:"state"`
	}
	return struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
		ChatInfo       info   `json:"chat_info"`
	}{a.UserID, a.ExternalUserID, info{a.RecvMsgCount, a.LinkID, a.State}}, nil
}

// customer returns the record of a customer a link brought to a member.
func (g *acquisitionState) customer(linkID, userID, externalUserID string) *AcquisitionCustomer {
	for _, a := range g.customers {
		if a.LinkID == linkID && a.UserID == userID && a.ExternalUserID == externalUserID {
			return a
		}
	}
	return nil
}

// acqPermit answers customer_acquisition_app/get_permit, for a 营销获客 app
// only: its permit, by default the root department.
func (s *Server) acqPermit(c *call, _ *acqNoRequest) (any, error) {
	if err := c.acqAllowed(true); err != nil {
		return nil, err
	}
	p := c.st.acq().permit
	if p == nil {
		p = &AcquisitionPermit{UserList: []string{}, DepartmentList: []int64{rootParty}, TagList: []int64{}}
	}
	return p, nil
}
