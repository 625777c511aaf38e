package worktest

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// 「联系我」 (contact ways): the QR codes and mini-program buttons through
// which customers add members. The group keeps them in a resource table
// (Data.ContactWays in fixtures and snapshots); Server.ContactWays is its
// back door: Add creates a way as add_contact_way does, Scan has a customer
// add a member through one (like AddContact with a ConfigID). The
// contact-way endpoints (add_contact_way, get_contact_way,
// list_contact_way, update_contact_way, del_contact_way) are not simulated
// yet: they are built on contactWayResource's table, under the store's lock
// like every handler.

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
	// CreatedByApp is the app that created the way: "" for the app the
	// simulator holds the secret of, anything else for another app, whose
	// ways WeCom lets this app read but not change.
	CreatedByApp string `json:"created_by_app,omitempty"`
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

// contactWayState is the group's part of the store.
type contactWayState struct{ ways *table[ContactWay] }

var contactWayGroup groupKey[contactWayState]

func init() {
	contactWayGroup = addGroup(group[contactWayState]{
		name:     "contact_way",
		state:    func() *contactWayState { return &contactWayState{ways: newTable(&contactWayResource)} },
		load:     func(st *store, g *contactWayState, d *Data) error { return g.ways.load(st, d.ContactWays) },
		snapshot: func(_ *store, g *contactWayState, d *Data) { d.ContactWays = g.ways.snapshot() },
	})
}

// maxContactWays is WeCom's quota of 「联系我」 ways created through the API.
const maxContactWays = 500000

// contactWayResource describes the table of ways: config_id "cw…", users
// checked against the members (a fixture's may have resigned since), and
// only the creating app may change a way.
var contactWayResource = resource[ContactWay]{
	name: "contact way", idField: "config_id",
	id:    func(w *ContactWay) *string { return &w.ConfigID },
	ids:   idFormat{prefix: "cw", n: 30},
	quota: maxContactWays,
	app:   func(w *ContactWay) *string { return &w.CreatedByApp },
	validate: func(st *store, w *ContactWay, o op) error {
		err := checkContactWay(w.Type, w.Scene, w.State, w.Remark, w.User, func(u string) error {
			switch m := st.member(u); {
			case m == nil:
				return fmt.Errorf("unknown member %q", u)
			case o != opLoad && m.Resigned():
				return fmt.Errorf("no active member %q", u)
			case o != opLoad && !m.ExternalContact:
				return fmt.Errorf("member %q has no 客户联系 (external contact) permission", u)
			}
			return nil
		})
		if err != nil && o != opLoad {
			return errParam("%v", err)
		}
		return err
	},
}

// ways returns the store's table of contact ways.
func (st *store) ways() *table[ContactWay] { return contactWayGroup.of(st).ways }

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

// ContactWays is the back door of the 「联系我」 group: it creates ways and
// has customers scan them. Get it from Server.ContactWays.
type ContactWays struct{ backDoor }

// ContactWays returns the back door of the 「联系我」 group.
func (s *Server) ContactWays() ContactWays { return ContactWays{backDoor{s}} }

// Add creates a 「联系我」 way, as add_contact_way does, and returns its
// config_id ("cw" and 30 seeded characters). A QR-code way (scene 2) gets a
// qr_code URL. It fails, creating nothing, when the spec breaks WeCom's
// rules (see ContactWaySpec) or a user is not an active member with
// 客户联系.
//
// Customers then add its members with Scan (or AddContact with the
// ConfigID); the way is in Snapshot's ContactWays.
func (b ContactWays) Add(w ContactWaySpec) (configID string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		way, err := st.ways().create(st, &ContactWay{
			Type: w.Type, Scene: w.Scene, Remark: w.Remark, SkipVerify: !w.Verify, State: w.State,
			User: slices.Clone(w.Users), CreateTime: now.Unix(),
		}, "")
		if err != nil {
			return err
		}
		if w.Scene == ContactWayQRCode {
			way.QRCode = "https://wework.qpic.cn/wwpic/" + st.ids.alnum(30) + "/0"
		}
		configID = way.ConfigID
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("worktest: ContactWays().Add: %w", err)
	}
	return configID, nil
}

// Get returns a copy of the way with the given config_id.
func (b ContactWays) Get(configID string) (w ContactWay, ok bool) {
	b.read(func(st *store, _ time.Time) {
		if p := st.ways().get(configID); p != nil {
			w, ok = *p, true
			w.User = slices.Clone(p.User)
		}
	})
	return w, ok
}

// Scan has a customer add a member through the way configID, as scanning
// its QR code (or tapping its mini-program button) does: AddContact with
// a.ConfigID set to configID. a.UserID may stay empty for a single-user
// way.
func (b ContactWays) Scan(ctx context.Context, configID string, a AddContact) (*AddedContact, error) {
	a.ConfigID = configID
	return b.s.AddContact(ctx, a)
}

// AddContactWay creates a 「联系我」 way.
//
// Deprecated: use ContactWays().Add.
func (s *Server) AddContactWay(w ContactWaySpec) (configID string, err error) {
	return s.ContactWays().Add(w)
}

// applyContactWay resolves AddContact's ConfigID: the user, the state and
// the add_way of a customer adding a member through the way.
func (st *store) applyContactWay(a *AddContact) error {
	w := st.ways().get(a.ConfigID)
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
