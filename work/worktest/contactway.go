package worktest

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// 「联系我」 (contact ways): the QR codes and mini-program buttons through
// which customers add members. The simulator keeps them in its state
// (Data.ContactWays) so that AddContact can simulate a customer adding a
// member through one (AddContact.ConfigID); Server.AddContactWay creates
// them. The contact-way endpoints (add_contact_way, get_contact_way,
// list_contact_way, update_contact_way, del_contact_way) are not simulated
// yet: they are meant to be built on this table (store.ways), under the
// store's lock like every handler.

// Contact way type values (contact_way.type).
const (
	ContactWaySingle = 1 // 单人: exactly one user
	ContactWayMulti  = 2 // 多人: one or more users
)

// Contact way scene values (contact_way.scene).
const (
	ContactWayMiniProgram = 1 // 在小程序中联系 (no qr_code)
	ContactWayQRCode      = 2 // 通过二维码联系 (with a qr_code)
)

// Bounds of a contact way, as WeCom documents them.
const (
	maxWayUsers = 100 // users of one way
	maxWayRunes = 30  // characters of state and of remark
)

// ContactWay is a 「联系我」 way (联系我方式) of the corp. Its JSON is the
// contact_way object of externalcontact/get_contact_way, plus create_time
// (which list_contact_way filters on).
type ContactWay struct {
	// ConfigID identifies the way ("cw…" for the ways the simulator creates).
	ConfigID string `json:"config_id"`
	// Type is ContactWaySingle or ContactWayMulti.
	Type int `json:"type"`
	// Scene is ContactWayMiniProgram or ContactWayQRCode.
	Scene  int    `json:"scene"`
	Remark string `json:"remark,omitempty"`
	// SkipVerify says customers are added without the member's approval
	// (WeCom's default). The simulator records it; AddContact adds the
	// customer either way.
	SkipVerify bool `json:"skip_verify"`
	// State is the channel's state (at most 30 characters), kept on the
	// relations of the customers who add a member through the way.
	State string `json:"state,omitempty"`
	// QRCode is the URL of the way's QR code (scene 2 only).
	QRCode string `json:"qr_code,omitempty"`
	// User are the members customers add through the way.
	User []string `json:"user"`
	// CreateTime is when the way was created, in Unix seconds.
	CreateTime int64 `json:"create_time"`

	seq uint64
}

// ContactWaySpec describes a contact way for Server.AddContactWay.
type ContactWaySpec struct {
	// Type is ContactWaySingle (Users has exactly one member) or
	// ContactWayMulti (1 to 100). Required.
	Type int
	// Scene is ContactWayMiniProgram or ContactWayQRCode (the way gets a
	// qr_code URL). Required.
	Scene int
	// Users are the way's members: active, with 客户联系, no duplicates.
	Users []string
	// State is the channel's state, at most 30 characters.
	State string
	// Remark is the way's remark, at most 30 characters.
	Remark string
	// Verify makes customers need the member's approval (skip_verify
	// false); the default is WeCom's skip_verify true.
	Verify bool
}

// contactWays is the store's table of contact ways, in sequence order. The
// zero value is empty and ready.
type contactWays struct {
	list []*ContactWay
	byID map[string]*ContactWay
}

// contactWay returns the way with the given config_id.
func (st *store) contactWay(configID string) *ContactWay { return st.ways.byID[configID] }

// addContactWay adds a way at the end of the sequence; it fails on an empty
// or duplicate config_id.
func (st *store) addContactWay(w *ContactWay) error {
	if w.ConfigID == "" {
		return errors.New("contact way without config_id")
	}
	if st.ways.byID[w.ConfigID] != nil {
		return fmt.Errorf("duplicate contact way %q", w.ConfigID)
	}
	if st.ways.byID == nil {
		st.ways.byID = map[string]*ContactWay{}
	}
	w.seq = st.nextSeq()
	st.ways.list = append(st.ways.list, w)
	st.ways.byID[w.ConfigID] = w
	return nil
}

// loadContactWays adds the ways of a fixture (after its members): their
// type, scene, state, remark and users are checked like AddContactWay's,
// except that a user may have resigned or lost 客户联系 since.
func (st *store) loadContactWays(ways []ContactWay) error {
	for i := range ways {
		w := &ways[i]
		err := checkContactWay(w.Type, w.Scene, w.State, w.Remark, w.User, func(u string) error {
			if st.member(u) == nil {
				return fmt.Errorf("unknown member %q", u)
			}
			return nil
		})
		if err == nil {
			err = st.addContactWay(w)
		}
		if err != nil {
			return fmt.Errorf("contact way %q: %w", w.ConfigID, err)
		}
	}
	return nil
}

// snapshotContactWays returns copies of the ways, in sequence order.
func (st *store) snapshotContactWays() []ContactWay {
	out := make([]ContactWay, 0, len(st.ways.list))
	for _, w := range st.ways.list {
		out = append(out, *w)
	}
	return out
}

// checkContactWay applies WeCom's rules for a way; user checks each user.
func checkContactWay(typ, scene int, state, remark string, users []string, user func(string) error) error {
	switch {
	case typ != ContactWaySingle && typ != ContactWayMulti:
		return fmt.Errorf("type must be 1 (single) or 2 (multi), got %d", typ)
	case scene != ContactWayMiniProgram && scene != ContactWayQRCode:
		return fmt.Errorf("scene must be 1 (mini program) or 2 (QR code), got %d", scene)
	case !utf8.ValidString(state) || utf8.RuneCountInString(state) > maxWayRunes:
		return fmt.Errorf("state must be valid UTF-8 of at most %d characters", maxWayRunes)
	case !utf8.ValidString(remark) || utf8.RuneCountInString(remark) > maxWayRunes:
		return fmt.Errorf("remark must be valid UTF-8 of at most %d characters", maxWayRunes)
	case typ == ContactWaySingle && len(users) != 1:
		return fmt.Errorf("a single-user way (type 1) has exactly one user, got %d", len(users))
	case len(users) == 0 || len(users) > maxWayUsers:
		return fmt.Errorf("a way has 1 to %d users, got %d", maxWayUsers, len(users))
	}
	for i, u := range users {
		if u == "" {
			return fmt.Errorf("user[%d] is empty", i)
		}
		if slices.Index(users, u) < i {
			return fmt.Errorf("user %q is listed twice", u)
		}
		if err := user(u); err != nil {
			return err
		}
	}
	return nil
}

// AddContactWay creates a 「联系我」 way, as add_contact_way does, and returns
// its config_id ("cw" and 30 seeded characters). A QR-code way (scene 2)
// gets a qr_code URL. It fails, creating nothing, when the spec breaks
// WeCom's rules (see ContactWaySpec) or a user is not an active member
// with 客户联系.
//
// Customers then add its members with AddContact{ConfigID: configID}; the
// way is in Snapshot's ContactWays.
func (s *Server) AddContactWay(w ContactWaySpec) (configID string, err error) {
	now := s.clock.Now()
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	err = checkContactWay(w.Type, w.Scene, w.State, w.Remark, w.Users, func(u string) error {
		switch m := st.activeMember(u); {
		case m == nil:
			return fmt.Errorf("no active member %q", u)
		case !m.ExternalContact:
			return fmt.Errorf("member %q has no 客户联系 (external contact) permission", u)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("worktest: AddContactWay: %w", err)
	}
	way := &ContactWay{
		ConfigID: st.newID("cw", 30, func(id string) bool { return st.contactWay(id) != nil }),
		Type:     w.Type, Scene: w.Scene, Remark: w.Remark, SkipVerify: !w.Verify, State: w.State,
		User: slices.Clone(w.Users), CreateTime: now.Unix(),
	}
	if w.Scene == ContactWayQRCode {
		way.QRCode = "https://wework.qpic.cn/wwpic/" + st.ids.alnum(30) + "/0"
	}
	if err := st.addContactWay(way); err != nil { // unreachable: the id is free
		return "", fmt.Errorf("worktest: AddContactWay: %w", err)
	}
	return way.ConfigID, nil
}

// applyContactWay resolves AddContact's ConfigID: the user, the state and
// the add_way of a customer adding a member through the way.
func (st *store) applyContactWay(a *AddContact) error {
	w := st.contactWay(a.ConfigID)
	switch {
	case w == nil:
		return fmt.Errorf("no contact way %q", a.ConfigID)
	case a.State != "" && a.State != w.State:
		return fmt.Errorf("State %q is not the state %q of contact way %q", a.State, w.State, a.ConfigID)
	case a.UserID == "" && len(w.User) != 1:
		return fmt.Errorf("contact way %q has %d users: UserID must name one", a.ConfigID, len(w.User))
	case a.UserID != "" && !slices.Contains(w.User, a.UserID):
		return fmt.Errorf("member %q is not a user of contact way %q", a.UserID, a.ConfigID)
	case w.Scene == ContactWayQRCode && a.AddWay != 0 && a.AddWay != addWayQRCode:
		return fmt.Errorf("contact way %q is a QR code: AddWay must be 0 or %d, got %d", a.ConfigID, addWayQRCode, a.AddWay)
	}
	if a.UserID == "" {
		a.UserID = w.User[0]
	}
	a.State = w.State
	if w.Scene == ContactWayQRCode {
		a.AddWay = addWayQRCode
	}
	return nil
}

// addWayQRCode is the add_way of a customer who scanned a QR code (扫描二维码).
const addWayQRCode = 1
