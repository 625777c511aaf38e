package worktest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Simulated customer actions: each changes the state, then delivers the
// matching change_external_contact event (see events.go).

// AddContact describes a customer adding a member (添加企业客户).
type AddContact struct {
	// UserID is the member: active, with 客户联系 enabled. Required,
	// except with a ConfigID whose way has one user.
	UserID string
	// ExternalUserID is the customer. Empty means a new WeChat customer
	// ("wm…", type 1) with a seeded id; an id the store does not know yet
	// creates that customer (it must start with "wm", or "wo" for a WeCom
	// user, type 2).
	ExternalUserID string
	// Name is a new customer's name; empty means a generated one. It is
	// ignored for an existing customer.
	Name string
	// State is the 「联系我」 channel's state (at most 30 characters), kept
	// on the relation and sent in the event.
	State string
	// AddWay is the relation's add_way (1 QR code, 2 mobile search …; 0
	// unknown).
	AddWay int
	// ConfigID is the 「联系我」 way (Server.AddContactWay) through which the
	// customer adds the member. Then UserID may be empty when the way has
	// one user (that user is added) and must otherwise be one of its users;
	// State must be empty or the way's state, which the relation and the
	// event get; and a QR-code way (scene 2) makes AddWay 1 (it must be 0
	// or 1).
	ConfigID string
}

// AddedContact is the outcome of AddContact.
type AddedContact struct {
	// UserID is the member added (the contact way's user when AddContact
	// had a ConfigID and no UserID).
	UserID string
	// State is the relation's and the event's state (the contact way's
	// when AddContact had a ConfigID).
	State string
	// ExternalUserID is the customer's id, generated when AddContact had
	// none.
	ExternalUserID string
	// WelcomeCode is the code sent in the event, valid for WelcomeCodeTTL of
	// the simulator clock.
	WelcomeCode string
	// CreateTime is the relation's createtime and the event's CreateTime.
	CreateTime time.Time

	// verify: the way needs the member's approval (skip_verify false), so
	// the event is add_half_external_contact.
	verify bool
}

// AddContact simulates a customer adding a member, directly or through a
// 「联系我」 way (ConfigID): it creates the customer if needed and the
// relation (state, add_way, createtime from the simulator clock,
// oper_userid the customer), issues a WelcomeCode and delivers a
// change_external_contact / add_external_contact event with UserID,
// ExternalUserID, State and WelcomeCode to the callback, if one is set
// (add_half_external_contact for a way without skip_verify). Through a
// temporary way it also opens the way's temporary session.
//
// It fails without changing anything for an unknown, resigned or
// non-客户联系 member, an existing relation, a malformed new customer id, a
// State over 30 characters, an unknown ConfigID or one that does not fit
// (see AddContact.ConfigID), a temporary way that expired or was used, or
// a customer whose unionid is not the temporary way's. When only the delivery fails, the contact is
// added all the same: the result is returned with the *DeliveryError.
func (s *Server) AddContact(ctx context.Context, a AddContact) (*AddedContact, error) {
	now := s.clock.Now()
	added, due, err := s.addContact(a, now)
	if err != nil {
		s.flush(due)
		return nil, err
	}
	change := "add_external_contact"
	if added.verify {
		change = "add_half_external_contact"
	}
	ev := contactEvent(now, change,
		text("UserID", added.UserID), text("ExternalUserID", added.ExternalUserID),
		text("State", added.State), text("WelcomeCode", added.WelcomeCode))
	return added, s.flushOwn(ctx, due, ev)
}

// flushOwn delivers the events due (those of scheduled work) and then own,
// the caller's, with ctx; it returns own's delivery error, nil when no
// callback is configured.
func (s *Server) flushOwn(ctx context.Context, due []event, own event) error {
	s.flush(due)
	err := s.send(ctx, own.xml(s.CorpID), own.name, own.change, own.at)
	if errors.Is(err, ErrNoCallback) {
		return nil
	}
	return err
}

// contactEvent is a change_external_contact event.
func contactEvent(at time.Time, changeType string, fields ...eventField) event {
	return newEvent(at, "change_external_contact", changeType, fields...)
}

// addContact makes AddContact's state change under the store's write lock;
// due are the events of the scheduled work it ran first.
func (s *Server) addContact(a AddContact, now time.Time) (_ *AddedContact, due []event, _ error) {
	if a.UserID == "" && a.ConfigID == "" {
		return nil, nil, fmt.Errorf("worktest: AddContact: UserID is required")
	}
	if n := utf8.RuneCountInString(a.State); n > 30 || !utf8.ValidString(a.State) {
		return nil, nil, fmt.Errorf("worktest: AddContact: State must be valid UTF-8 of at most 30 characters")
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	defer func() { due = st.takeOutbox() }()
	st.settleLocked(now) // the state a request at now would see
	var way *ContactWay
	if a.ConfigID != "" {
		var err error
		if way, err = st.applyContactWay(&a, now); err != nil {
			return nil, nil, fmt.Errorf("worktest: AddContact: %w", err)
		}
	}
	m := st.activeMember(a.UserID)
	switch {
	case m == nil:
		return nil, nil, fmt.Errorf("worktest: AddContact: no active member %q", a.UserID)
	case !m.ExternalContact:
		return nil, nil, fmt.Errorf("worktest: AddContact: member %q has no 客户联系 (external contact) permission", a.UserID)
	}
	var cust *Customer
	if a.ExternalUserID != "" {
		cust = st.customer(a.ExternalUserID)
		if cust == nil && !strings.HasPrefix(a.ExternalUserID, "wm") && !strings.HasPrefix(a.ExternalUserID, "wo") {
			return nil, nil, fmt.Errorf("worktest: AddContact: a new ExternalUserID must start with wm or wo, got %q", a.ExternalUserID)
		}
		if cust != nil && st.relation(a.UserID, cust.ExternalUserID) != nil {
			return nil, nil, fmt.Errorf("worktest: AddContact: %q already has customer %q", a.UserID, a.ExternalUserID)
		}
	}
	if way != nil && way.UnionID != "" && cust != nil && cust.UnionID != way.UnionID {
		return nil, nil, fmt.Errorf("worktest: AddContact: temporary contact way %q is for unionid %q only", way.ConfigID, way.UnionID)
	}

	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	r := s.ev.r
	if cust == nil {
		cust = newEventCustomer(r, a.ExternalUserID, a.Name)
		if way != nil && way.UnionID != "" {
			if cust.Type != CustomerWeChat {
				return nil, nil, fmt.Errorf("worktest: AddContact: temporary contact way %q is for a WeChat user (unionid %q)", way.ConfigID, way.UnionID)
			}
			cust.UnionID = way.UnionID
		}
		if cust.ExternalUserID == "" {
			cust.ExternalUserID = st.newID("wm", 30, func(id string) bool { return st.customer(id) != nil })
		}
		if err := st.addCustomer(cust); err != nil { // unreachable: the id is free
			return nil, nil, fmt.Errorf("worktest: AddContact: %w", err)
		}
	}
	rel := &Relation{
		UserID: m.UserID, ExternalUserID: cust.ExternalUserID, CreateTime: now.Unix(),
		OperUserID: cust.ExternalUserID, AddWay: a.AddWay, State: a.State,
	}
	if err := st.addRelation(rel); err != nil { // unreachable: checked above
		return nil, nil, fmt.Errorf("worktest: AddContact: %w", err)
	}
	if way != nil && way.IsTemp {
		st.openTempChat(way, m.UserID, cust.ExternalUserID, now)
	}
	return &AddedContact{
		verify:         way != nil && !way.SkipVerify,
		UserID:         m.UserID,
		State:          a.State,
		ExternalUserID: cust.ExternalUserID,
		WelcomeCode:    s.issueWelcomeCodeLocked(now, m.UserID, cust.ExternalUserID),
		CreateTime:     time.Unix(now.Unix(), 0).In(now.Location()),
	}, nil, nil
}

// newEventCustomer makes a customer for AddContact: WeChat (type 1) unless
// id starts with "wo". id may be empty (the caller assigns one).
func newEventCustomer(r *rng, id, name string) *Customer {
	if name == "" {
		name = genName(r)
	}
	if strings.HasPrefix(id, "wo") {
		corp := pick(r, corpShort)
		return &Customer{
			ExternalUserID: id, Name: name, Type: CustomerWeCom, Gender: pick(r, []int{0, 1, 2}),
			Avatar:   "https://p.qlogo.cn/bizmail/" + r.alnum(28) + "/0",
			CorpName: corp, CorpFullName: pick(r, corpCities) + corp + "有限公司",
			ExternalProfile: &ExternalProfile{ExternalCorpName: corp},
		}
	}
	return &Customer{
		ExternalUserID: id, Name: name, Type: CustomerWeChat, Gender: pick(r, []int{0, 1, 1, 2, 2}),
		Avatar:  "http://wx.qlogo.cn/mmhead/" + r.alnum(40) + "/0",
		UnionID: "oz" + r.alnum(26),
	}
}

// DeleteContact simulates a customer deleting a member (删除跟进成员): the
// relation is removed and a change_external_contact / del_follow_user event
// is delivered to the callback, if one is set. It fails when there is no
// such relation. A delivery failure is returned as a *DeliveryError; the
// relation is removed all the same.
//
// (WeCom keeps showing such a customer to the member until the member
// deletes them too; the simulator removes the relation at once.)
func (s *Server) DeleteContact(ctx context.Context, userID, externalUserID string) error {
	return s.removeContact(ctx, "DeleteContact", "del_follow_user", userID, externalUserID)
}

// RemoveContact simulates a member deleting a customer (删除企业客户): the
// relation is removed and a change_external_contact / del_external_contact
// event is delivered to the callback, if one is set. It fails when there is
// no such relation. A delivery failure is returned as a *DeliveryError; the
// relation is removed all the same.
func (s *Server) RemoveContact(ctx context.Context, userID, externalUserID string) error {
	return s.removeContact(ctx, "RemoveContact", "del_external_contact", userID, externalUserID)
}

func (s *Server) removeContact(ctx context.Context, op, changeType, userID, externalUserID string) error {
	now := s.clock.Now()
	var (
		ok  bool
		due []event
	)
	func() {
		s.st.mu.Lock()
		defer s.st.mu.Unlock()
		s.st.settleLocked(now) // the state a request at now would see
		rel := s.st.relation(userID, externalUserID)
		if ok = s.st.removeRelation(userID, externalUserID); ok {
			s.st.logRemoval(rel, changeType, now) // the statistics count it (statistics.go)
		}
		due = s.st.takeOutbox()
	}()
	if !ok {
		s.flush(due)
		return fmt.Errorf("worktest: %s: member %q has no customer %q", op, userID, externalUserID)
	}
	return s.flushOwn(ctx, due, contactEvent(now, changeType, text("UserID", userID), text("ExternalUserID", externalUserID)))
}

// eventXML renders a change_external_contact event the way WeCom writes
// it: the header, then the name–value pairs of kv as CDATA elements. New
// code builds an event with newEvent and emits it (events_outbox.go).
func eventXML(corpID string, now time.Time, changeType string, kv ...string) []byte {
	fields := make([]eventField, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		fields = append(fields, text(kv[i], kv[i+1]))
	}
	return contactEvent(now, changeType, fields...).xml(corpID)
}

// writeCDATA writes <name><![CDATA[v]]></name>, splitting any "]]>" in v
// across two sections.
func writeCDATA(b *strings.Builder, name, v string) {
	b.WriteString("<" + name + "><![CDATA[")
	b.WriteString(strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></" + name + ">")
}
