package worktest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The back door of 获客助手 (see acquisition.go): what customers, admins
// and WeCom's billing do. Every method changes the state under the store's
// lock, then delivers the events it caused to the callback (if one is
// set), after those of the work the clock made due. Quota reminders and
// expiries are that work: they are delivered when the clock is moved
// (Clock().Advance, Set), or by the next request, back door or Settle.

// Why a customer opening a link added nobody (AcquisitionVisit.Err).
var (
	// ErrAcquisitionLinkDeleted: the link was deleted.
	ErrAcquisitionLinkDeleted = errors.New("worktest: the acquisition link was deleted")
	// ErrAcquisitionQuotaExhausted: the corp's quota is used up.
	ErrAcquisitionQuotaExhausted = errors.New("worktest: the 获客助手 quota is used up")
	// ErrAcquisitionLinkUnavailable: none of the link's members can take
	// customers (resigned, no 客户联系); link_unavailable is pushed.
	ErrAcquisitionLinkUnavailable = errors.New("worktest: no member of the acquisition link can take customers")
)

// Acquisition is the back door of the 获客助手 group. Get it from
// Server.Acquisition.
type Acquisition struct{ backDoor }

// Acquisition returns the back door of the 获客助手 group.
func (s *Server) Acquisition() Acquisition { return Acquisition{backDoor{s}} }

// acqEvent is a customer_acquisition event.
func acqEvent(at time.Time, changeType string, fields ...eventField) event {
	return newEvent(at, "customer_acquisition", changeType, fields...)
}

// act runs f under the store's lock, after the work the clock made due,
// then delivers the events both emitted, with ctx; a failed delivery is
// joined to f's error (every event is tried).
func (b Acquisition) act(ctx context.Context, f func(st *store, now time.Time) error) error {
	now := b.s.clock.Now()
	st := b.s.st
	var (
		evs []event
		err error
	)
	func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		st.settleLocked(now)
		err = f(st, now)
		evs = st.takeOutbox()
	}()
	errs := []error{err}
	for _, ev := range evs {
		if d := b.s.send(ctx, ev.xml(b.s.CorpID), ev.name, ev.change, ev.at); d != nil && !errors.Is(d, ErrNoCallback) {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

// quotaReminders are the days before an expiry WeCom reminds of it.
var quotaReminders = []int64{14, 7, 3, 2, 1}

// scheduleQuota schedules a batch's reminders (none before it was bought)
// and its expiry, which emit their events when the clock gets there.
func (st *store) scheduleQuota(q *AcquisitionQuota) {
	if q.Expired {
		return
	}
	for _, d := range quotaReminders {
		at := q.ExpireDate - d*day
		if at < q.BoughtAt {
			continue
		}
		st.schedule(time.Unix(at, 0), func(at time.Time) {
			if !q.Expired && q.Balance > 0 {
				st.emit(acqEvent(at, "quota_expire_soon", number("ExpireTime", q.ExpireDate), number("ExpireQuotaNum", int64(q.Balance))))
			}
		})
	}
	st.schedule(time.Unix(q.ExpireDate, 0), func(at time.Time) {
		before := st.acq().balance()
		q.Expired = true
		st.balanceEvents(before, at)
	})
}

// balanceEvents emits balance_low when the balance fell below the
// threshold, balance_exhausted when it reached 0.
func (st *store) balanceEvents(before int, at time.Time) {
	g := st.acq()
	after := g.balance()
	switch {
	case before > 0 && after == 0:
		st.emit(acqEvent(at, "balance_exhausted"))
	case before >= g.lowBalance() && after < g.lowBalance():
		st.emit(acqEvent(at, "balance_low"))
	}
}

// AddQuota has the corp buy n units of quota that expire at expire (after
// the clock's now); balance_increased is pushed when the balance was 0.
func (b Acquisition) AddQuota(ctx context.Context, n int, expire time.Time) error {
	return b.act(ctx, func(st *store, now time.Time) error {
		if n <= 0 || !expire.After(now) {
			return fmt.Errorf("worktest: Acquisition().AddQuota: need n > 0 and an expiry after now, got %d and %s", n, expire)
		}
		g := st.acq()
		before := g.balance()
		q := &AcquisitionQuota{Amount: n, Balance: n, BoughtAt: now.Unix(), ExpireDate: expire.Unix()}
		g.quota = append(g.quota, q)
		st.scheduleQuota(q)
		if before == 0 {
			st.emit(acqEvent(now, "balance_increased"))
		}
		return nil
	})
}

// SetLowBalance sets the balance below which balance_low is pushed; 0
// restores DefaultLowBalance.
func (b Acquisition) SetLowBalance(n int) {
	_ = b.write(func(st *store, _ time.Time) error { st.acq().low = max(n, 0); return nil })
}

// SetApp says which app the simulator's secret stands for:
// AcquisitionSelfBuiltApp (the default), AcquisitionContactApp (the
// 客户联系 system app: every 获客助手 endpoint answers 48002) or
// AcquisitionMarketingApp (a 营销获客 app: get_permit answers, and links
// must stay inside its permit).
func (b Acquisition) SetApp(app string) error {
	switch app {
	case AcquisitionSelfBuiltApp, AcquisitionContactApp, AcquisitionMarketingApp:
	default:
		return fmt.Errorf("worktest: Acquisition().SetApp: unknown app %q", app)
	}
	return b.write(func(st *store, _ time.Time) error { st.acq().app = app; return nil })
}

// SetPermit sets a 营销获客 app's permit (可建联成员), which get_permit
// answers.
func (b Acquisition) SetPermit(p AcquisitionPermit) {
	p.UserList = append([]string{}, p.UserList...)
	p.DepartmentList = append([]int64{}, p.DepartmentList...)
	p.TagList = append([]int64{}, p.TagList...)
	_ = b.write(func(st *store, _ time.Time) error { st.acq().permit = &p; return nil })
}

// Link returns a copy of the link, deleted or not.
func (b Acquisition) Link(linkID string) (l AcquisitionLink, ok bool) {
	b.read(func(st *store, _ time.Time) {
		if p := st.acq().links.get(linkID); p != nil {
			ok = roundTrip(p, &l) == nil
		}
	})
	return l, ok
}

// Customers returns who came through a link, in the order they came.
func (b Acquisition) Customers(linkID string) []AcquisitionCustomer {
	var out []AcquisitionCustomer
	b.read(func(st *store, _ time.Time) {
		for _, a := range st.acq().customers {
			if a.LinkID == linkID {
				cp := *a
				cp.seq = 0
				out = append(out, cp)
			}
		}
	})
	return out
}

// AdminDelete deletes a link as an admin does in the admin console: the
// link stops working and delete_link is pushed (deleting it through the
// API pushes nothing).
func (b Acquisition) AdminDelete(ctx context.Context, linkID string) error {
	return b.act(ctx, func(st *store, now time.Time) error {
		l := st.acq().links.get(linkID)
		if l == nil || l.Deleted() {
			return fmt.Errorf("worktest: Acquisition().AdminDelete: no live link %q", linkID)
		}
		l.DeleteTime = now.Unix()
		st.emit(acqEvent(now, "delete_link", text("LinkId", linkID)))
		return nil
	})
}

// AcquisitionVisitor is the WeChat user who opens a link.
type AcquisitionVisitor struct {
	// ExternalUserID is an existing customer, or the id of a new one ("wm…"
	// or "wo…"); "" makes a new WeChat customer with a seeded id.
	ExternalUserID string
	// Name is a new customer's name; "" means a generated one.
	Name string
	// UserID picks the member to add (one of the link's); "" lets the link
	// choose: the member it has sent the fewest customers, in range order.
	UserID string
}

// AcquisitionVisit is what opening a link did.
type AcquisitionVisit struct {
	LinkID string
	// State is the customer_channel of the URL, cut to 64 bytes like
	// WeCom: the relation's state.
	State string
	// ExternalUserID is the customer, "" when nobody was added and the
	// visitor was not a customer.
	ExternalUserID string
	// UserID is the member added, or the one a priority option sent an
	// existing friend to.
	UserID string
	// Added says a relation was made and a unit of quota used.
	Added bool
	// Reason says why not, when Added is false.
	Reason string
	// WelcomeCode is the add_external_contact event's.
	WelcomeCode string
}

// Open has a WeChat user open a link's URL (a Link's url, with or without
// customer_channel, or its weixin://biz/ww/profile/ scheme) and add one
// of its members, the way WeCom routes them:
//
//   - the opening is counted (statistic's click_link_customer_cnt) and
//     open_profile is pushed;
//   - with a priority option, a customer who is already the friend of a
//     member in its scope goes to that member: nothing is added;
//   - when none of the link's members can take customers,
//     link_unavailable is pushed and the error is
//     ErrAcquisitionLinkUnavailable; when the quota is used up, the error
//     is ErrAcquisitionQuotaExhausted; a deleted link,
//     ErrAcquisitionLinkDeleted (not counted);
//   - otherwise the customer (new or not) adds a member (friend_request
//     first when the link has skip_verify false; the member accepts at
//     once): the relation has the channel as its state and add_way 16
//     (获客链接), one unit of quota is used, the customer is listed by
//     customer, and change_external_contact / add_external_contact is
//     pushed, then balance_low or balance_exhausted when the balance
//     crossed them.
//
// The visit is returned with those errors too. Other errors (a URL that is
// no link, an unknown link, a visitor that does not fit) change nothing.
func (b Acquisition) Open(ctx context.Context, rawURL string, v AcquisitionVisitor) (*AcquisitionVisit, error) {
	linkID, channel, err := parseLinkURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("worktest: Acquisition().Open: %w", err)
	}
	visit := &AcquisitionVisit{LinkID: linkID, State: channel}
	err = b.act(ctx, func(st *store, now time.Time) error {
		return b.s.openLink(st, now, visit, v)
	})
	return visit, err
}

// parseLinkURL returns the link id and the customer_channel of a link's
// URL or scheme.
func parseLinkURL(raw string) (linkID, channel string, err error) {
	if rest, ok := strings.CutPrefix(raw, "weixin://biz/ww/profile/"); ok {
		if raw, err = url.QueryUnescape(rest); err != nil {
			return "", "", fmt.Errorf("scheme %q: %w", rest, err)
		}
	}
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(u.Scheme+"://"+u.Host+u.Path, acqLinkHost) {
		return "", "", fmt.Errorf("%q is not a 获客链接 URL (%s…)", raw, acqLinkHost)
	}
	return strings.TrimPrefix(u.Path, "/ca/"), validChannel(u.Query().Get("customer_channel")), nil
}

// openLink is Open under the store's lock.
func (s *Server) openLink(st *store, now time.Time, visit *AcquisitionVisit, v AcquisitionVisitor) error {
	g := st.acq()
	l := g.links.get(visit.LinkID)
	switch {
	case l == nil:
		return fmt.Errorf("worktest: Acquisition().Open: no link %q", visit.LinkID)
	case l.Deleted():
		visit.Reason = "the link was deleted"
		return ErrAcquisitionLinkDeleted
	}
	var cust *Customer
	if v.ExternalUserID != "" {
		cust = st.customer(v.ExternalUserID)
		if cust == nil && !strings.HasPrefix(v.ExternalUserID, "wm") && !strings.HasPrefix(v.ExternalUserID, "wo") {
			return fmt.Errorf("worktest: Acquisition().Open: a new ExternalUserID must start with wm or wo, got %q", v.ExternalUserID)
		}
	}
	if v.UserID != "" && !slices.Contains(st.linkPeople(l), v.UserID) {
		return fmt.Errorf("worktest: Acquisition().Open: %q is not a member of link %s", v.UserID, l.LinkID)
	}
	if cust != nil && v.UserID != "" && st.relation(v.UserID, cust.ExternalUserID) != nil {
		return fmt.Errorf("worktest: Acquisition().Open: %q already has customer %q", v.UserID, cust.ExternalUserID)
	}
	visitor := v.ExternalUserID
	click := func() {
		if visitor == "" {
			g.visitors++
			visitor = "visitor" + strconv.Itoa(g.visitors)
		}
		g.clicks = append(g.clicks, AcquisitionClick{LinkID: l.LinkID, Visitor: visitor, State: visit.State, Time: now.Unix()})
	}
	st.emit(acqEvent(now, "open_profile", text("LinkId", l.LinkID), text("State", visit.State)))

	if p := l.PriorityOption; p != nil && cust != nil {
		for _, r := range st.visibleRelations(cust.ExternalUserID) {
			if p.PriorityType == 1 || slices.Contains(p.PriorityUserIDList, r.UserID) {
				click()
				visit.ExternalUserID, visit.UserID = cust.ExternalUserID, r.UserID
				visit.Reason = "already the customer of " + r.UserID + " (priority_option)"
				return nil
			}
		}
	}
	usable := st.linkUsable(l)
	if v.UserID != "" && len(usable) > 0 && !slices.Contains(usable, v.UserID) {
		return fmt.Errorf("worktest: Acquisition().Open: member %q cannot take customers (resigned or no 客户联系)", v.UserID)
	}
	if len(usable) == 0 {
		click()
		st.emit(acqEvent(now, "link_unavailable", text("LinkId", l.LinkID)))
		visit.Reason = "no member of the link can take customers"
		return ErrAcquisitionLinkUnavailable
	}
	member := v.UserID
	if member == "" {
		best := -1
		for _, u := range usable {
			if cust != nil && st.relation(u, cust.ExternalUserID) != nil {
				continue
			}
			n := 0
			for _, a := range g.customers {
				if a.LinkID == l.LinkID && a.UserID == u {
					n++
				}
			}
			if best < 0 || n < best {
				member, best = u, n
			}
		}
	}
	if member == "" {
		click()
		visit.ExternalUserID = cust.ExternalUserID
		visit.Reason = "already the customer of every member of the link"
		return nil
	}
	if g.balance() == 0 {
		click()
		visit.Reason = "the quota is used up"
		return ErrAcquisitionQuotaExhausted
	}
	if !l.SkipVerify {
		st.emit(acqEvent(now, "friend_request", text("LinkId", l.LinkID), text("State", visit.State)))
	}

	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	if cust == nil {
		cust = newEventCustomer(s.ev.r, v.ExternalUserID, v.Name)
		if cust.ExternalUserID == "" {
			cust.ExternalUserID = st.newID("wm", 30, func(id string) bool { return st.customer(id) != nil })
		}
		if err := st.addCustomer(cust); err != nil { // unreachable: the id is free
			return fmt.Errorf("worktest: Acquisition().Open: %w", err)
		}
	}
	if err := st.addRelation(&Relation{UserID: member, ExternalUserID: cust.ExternalUserID, CreateTime: now.Unix(),
		OperUserID: cust.ExternalUserID, AddWay: addWayAcquisition, State: visit.State}); err != nil { // unreachable: checked
		return fmt.Errorf("worktest: Acquisition().Open: %w", err)
	}
	before := g.balance()
	g.liveQuota()[0].Balance--
	g.customers = append(g.customers, &AcquisitionCustomer{LinkID: l.LinkID, UserID: member, ExternalUserID: cust.ExternalUserID,
		State: visit.State, AddTime: now.Unix(), seq: st.nextSeq()})
	visitor = cust.ExternalUserID
	click()
	visit.ExternalUserID, visit.UserID, visit.Added = cust.ExternalUserID, member, true
	visit.WelcomeCode = s.issueWelcomeCodeLocked(now, member, cust.ExternalUserID)
	st.emit(contactEvent(now, "add_external_contact", text("UserID", member), text("ExternalUserID", cust.ExternalUserID),
		text("State", visit.State), text("WelcomeCode", visit.WelcomeCode)))
	st.balanceEvents(before, now)
	return nil
}

// chatSeqEvents are the messages after which WeCom pushes
// message_from_customer (成员多次收消息).
var chatSeqEvents = []int{3, 5, 10}

// Message has a customer who came through a link write to the member they
// added: the member's count of received messages grows; the first message
// sets chat_status 1 and pushes customer_start_chat; the 3rd, 5th and 10th
// push message_from_customer with a ChatKey valid ChatKeyTTL, which is
// returned ("" otherwise). It fails when the customer did not come through
// a link to that member or has deleted them.
func (b Acquisition) Message(ctx context.Context, userID, externalUserID string) (chatKey string, err error) {
	err = b.act(ctx, func(st *store, now time.Time) error {
		g := st.acq()
		var a *AcquisitionCustomer
		for _, c := range g.customers {
			if c.UserID == userID && c.ExternalUserID == externalUserID {
				a = c // the latest link wins
			}
		}
		switch {
		case a == nil:
			return fmt.Errorf("worktest: Acquisition().Message: %q did not add %q through a link", externalUserID, userID)
		case st.relation(userID, externalUserID) == nil:
			return fmt.Errorf("worktest: Acquisition().Message: %q is no longer a customer of %q", externalUserID, userID)
		}
		a.RecvMsgCount++
		if a.ChatStatus == 0 {
			a.ChatStatus = 1
			st.emit(acqEvent(now, "customer_start_chat", text("UserID", userID), text("ExternalUserID", externalUserID),
				text("LinkId", a.LinkID), text("State", a.State)))
		}
		if slices.Contains(chatSeqEvents, a.RecvMsgCount) {
			chatKey = st.ids.alnum(40)
			for g.chatKeys.has(chatKey) {
				chatKey = st.ids.alnum(40)
			}
			g.chatKeys.add(chatKey, acqChatKey{LinkID: a.LinkID, UserID: userID, ExternalUserID: externalUserID}, now.Add(ChatKeyTTL), now)
			st.emit(acqEvent(now, "message_from_customer", text("LinkId", a.LinkID), text("ChatKey", chatKey)))
		}
		return nil
	})
	return chatKey, err
}
