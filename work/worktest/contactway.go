package worktest

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// 「联系我」 (contact ways): the QR codes and mini-program buttons through
// which customers add members, and the temporary sessions (临时会话) some of
// them open. The group keeps them in a resource table (Data.ContactWays in
// fixtures and snapshots) and serves add_contact_way, get_contact_way,
// list_contact_way, update_contact_way, del_contact_way and
// close_temp_chat (contactway_api.go, contactway_temp.go).
// Server.ContactWays is its back door: Add creates a way as add_contact_way
// does, Scan has a customer add a member through one (AddContact with a
// ConfigID), the path every customer of a way takes.

// Contact way type values (contact_way.type).
const (
	ContactWaySingle = 1 // 单人: exactly one user
	ContactWayMulti  = 2 // 多人: users and departments
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
	// maxTempExpiry bounds expires_in and chat_expires_in: 14 days.
	maxTempExpiry = 14 * 24 * 3600
	// Defaults of a temporary way: the QR code works 7 days, the session
	// lasts 24 hours after the customer adds the member.
	defaultTempExpiresIn     = 7 * 24 * 3600
	defaultTempChatExpiresIn = 24 * 3600
	// maxConclusionText bounds the text of conclusions, in bytes.
	maxConclusionText = 4000
)

// ContactWay is a 「联系我」 way (联系我方式) of the corp. Its JSON is the
// contact_way object of externalcontact/get_contact_way, plus the
// simulator's bookkeeping: create_time (which list_contact_way filters
// on), created_by_app, and for a temporary way expire_time and temp_chat.
type ContactWay struct {
	// ConfigID identifies the way ("cw…" for the ways the simulator creates).
	ConfigID string `json:"config_id"`
	// Type is ContactWaySingle or ContactWayMulti.
	Type int `json:"type"`
	// Scene is ContactWayMiniProgram or ContactWayQRCode.
	Scene int `json:"scene"`
	// Style is the mini-program button style.
	Style  int    `json:"style,omitempty"`
	Remark string `json:"remark,omitempty"`
	// SkipVerify says customers are added without the member's approval
	// (WeCom's default). Without it, a customer coming through the way is
	// announced by add_half_external_contact instead of
	// add_external_contact.
	SkipVerify bool `json:"skip_verify"`
	// State is the channel's state (at most 30 characters), kept on the
	// relations of the customers who add a member through the way.
	State string `json:"state,omitempty"`
	// QRCode is the URL of the way's QR code (scene 2 only).
	QRCode string `json:"qr_code,omitempty"`
	// User are the members customers add through the way.
	User []string `json:"user"`
	// Party are department ids (multi-user ways). The simulator has no
	// departments: it keeps the ids, and a customer may add any active
	// member with 客户联系 through a way that has some.
	Party []int `json:"party,omitempty"`
	// IsTemp marks a temporary session way; ExpiresIn, ChatExpiresIn,
	// UnionID and Conclusions are its own.
	IsTemp        bool   `json:"is_temp,omitempty"`
	ExpiresIn     int    `json:"expires_in,omitempty"`
	ChatExpiresIn int    `json:"chat_expires_in,omitempty"`
	UnionID       string `json:"unionid,omitempty"`
	IsExclusive   bool   `json:"is_exclusive,omitempty"`
	MarkSource    bool   `json:"mark_source,omitempty"`
	// Conclusions is a temporary session's closing message; its image is
	// kept (and answered) as a pic_url.
	Conclusions *Conclusions `json:"conclusions,omitempty"`
	// CreateTime is when the way was created, in Unix seconds.
	CreateTime int64 `json:"create_time"`
	// CreatedByApp is the app that created the way: "" for the app the
	// simulator holds the secret of, anything else for another app, whose
	// ways WeCom lets this app read but not change.
	CreatedByApp string `json:"created_by_app,omitempty"`
	// ExpireTime is when a temporary way's QR code stops working, in Unix
	// seconds (create or last update time plus ExpiresIn).
	ExpireTime int64 `json:"expire_time,omitempty"`
	// TempChat is the session a customer opened through the temporary way
	// (its QR code works once).
	TempChat *TempChat `json:"temp_chat,omitempty"`
}

// Conclusions is a temporary session's closing message (结束语): a text and
// an image, a link or a mini program (WeCom sends the first of those it
// has, in that order).
type Conclusions struct {
	Text        *ConclusionText        `json:"text,omitempty"`
	Image       *ConclusionImage       `json:"image,omitempty"`
	Link        *ConclusionLink        `json:"link,omitempty"`
	MiniProgram *ConclusionMiniProgram `json:"miniprogram,omitempty"`
}

// ConclusionText is the text of Conclusions.
type ConclusionText struct {
	Content string `json:"content"`
}

// ConclusionImage is the image of Conclusions: requests give a media_id,
// get_contact_way answers a pic_url.
type ConclusionImage struct {
	MediaID string `json:"media_id,omitempty"`
	PicURL  string `json:"pic_url,omitempty"`
}

// ConclusionLink is the link of Conclusions.
type ConclusionLink struct {
	Title  string `json:"title"`
	PicURL string `json:"picurl,omitempty"`
	Desc   string `json:"desc,omitempty"`
	URL    string `json:"url"`
}

// ConclusionMiniProgram is the mini program of Conclusions.
type ConclusionMiniProgram struct {
	Title      string `json:"title"`
	PicMediaID string `json:"pic_media_id"`
	AppID      string `json:"appid"`
	Page       string `json:"page"`
}

// TempChat is a temporary session (临时会话) between a member and the
// customer who came through a temporary way. It ends when ExpireTime
// passes on the simulator clock or on close_temp_chat; CloseTime is then
// set.
type TempChat struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	StartTime      int64  `json:"start_time"`
	ExpireTime     int64  `json:"expire_time"`
	CloseTime      int64  `json:"close_time,omitempty"`
}

// Live reports whether the session has not ended.
func (c *TempChat) Live() bool { return c != nil && c.CloseTime == 0 }

// ContactWaySpec describes a contact way for Server.ContactWays().Add.
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

// contactWayState is the group's part of the store: the ways, and the
// quotas (WeCom's unless a test lowers them).
type contactWayState struct {
	ways *table[ContactWay]
	// quota caps the ways and join ways made through the API together
	// (temporary ways aside); tempPerDay caps the temporary ways of a day.
	quota, tempPerDay int
}

var contactWayGroup groupKey[contactWayState]

func init() {
	contactWayGroup = addGroup(group[contactWayState]{
		name:   "contact_way",
		routes: (*Server).contactWayRoutes,
		state: func() *contactWayState {
			return &contactWayState{ways: newTable(&contactWayResource), quota: maxWays, tempPerDay: maxTempWaysPerDay}
		},
		load: func(st *store, g *contactWayState, d *Data) error {
			if err := g.ways.load(st, d.ContactWays); err != nil {
				return err
			}
			for _, w := range g.ways.all() {
				if w.TempChat.Live() {
					st.scheduleTempChatEnd(w.ConfigID, w.TempChat)
				}
			}
			return nil
		},
		snapshot: func(_ *store, g *contactWayState, d *Data) { d.ContactWays = g.ways.snapshot() },
	})
}

// Quotas of the ways made through the API, as WeCom documents them.
const (
	// maxWays is the quota of 「联系我」 and 「加入群聊」 ways together.
	maxWays = 500000
	// maxTempWaysPerDay caps the temporary ways made in a day (China
	// time); they do not count against maxWays.
	maxTempWaysPerDay = 100000
)

// contactWayResource describes the table of ways: config_id "cw…", WeCom's
// rules (checkContactWay), users checked against the members (a fixture's
// may have resigned since), and only the creating app may change a way.
// The shared quota is checked by the handlers (see checkWayQuota), not by
// the table.
var contactWayResource = resource[ContactWay]{
	name: "contact way", idField: "config_id",
	id:  func(w *ContactWay) *string { return &w.ConfigID },
	ids: idFormat{prefix: "cw", n: 30},
	app: func(w *ContactWay) *string { return &w.CreatedByApp },
	validate: func(st *store, w *ContactWay, o op) error {
		err := checkContactWay(w, func(u string) error {
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
func checkContactWay(w *ContactWay, user func(string) error) error {
	switch {
	case w.Type != ContactWaySingle && w.Type != ContactWayMulti:
		return fmt.Errorf("type must be 1 (single) or 2 (multi), got %d", w.Type)
	case w.Scene != ContactWayMiniProgram && w.Scene != ContactWayQRCode:
		return fmt.Errorf("scene must be 1 (mini program) or 2 (QR code), got %d", w.Scene)
	case !utf8.ValidString(w.State) || utf8.RuneCountInString(w.State) > maxWayRunes:
		return fmt.Errorf("state must be valid UTF-8 of at most %d characters", maxWayRunes)
	case !utf8.ValidString(w.Remark) || utf8.RuneCountInString(w.Remark) > maxWayRunes:
		return fmt.Errorf("remark must be valid UTF-8 of at most %d characters", maxWayRunes)
	case w.Type == ContactWaySingle && len(w.User) != 1:
		return fmt.Errorf("a single-user way (type 1) has exactly one user, got %d", len(w.User))
	case w.Type == ContactWaySingle && len(w.Party) > 0:
		return fmt.Errorf("a single-user way (type 1) takes no party")
	case len(w.User) == 0 && len(w.Party) == 0:
		return fmt.Errorf("a way needs a user or a party")
	case len(w.User) > maxWayUsers:
		return fmt.Errorf("a way has at most %d users, got %d", maxWayUsers, len(w.User))
	case w.Style < 0:
		return fmt.Errorf("style must not be negative")
	}
	for i, p := range w.Party {
		if p <= 0 || slices.Index(w.Party, p) < i {
			return fmt.Errorf("party[%d] is %d: department ids are positive and listed once", i, p)
		}
	}
	if err := checkTempFields(w); err != nil {
		return err
	}
	for i, u := range w.User {
		if u == "" {
			return fmt.Errorf("user[%d] is empty", i)
		}
		if slices.Index(w.User, u) < i {
			return fmt.Errorf("user %q is listed twice", u)
		}
		if err := user(u); err != nil {
			return err
		}
	}
	return nil
}

// checkTempFields applies the rules of the temporary session fields.
func checkTempFields(w *ContactWay) error {
	if !w.IsTemp {
		switch {
		case w.ExpiresIn != 0:
			return fmt.Errorf("expires_in is only for a temporary way (is_temp)")
		case w.ChatExpiresIn != 0:
			return fmt.Errorf("chat_expires_in is only for a temporary way (is_temp)")
		case w.UnionID != "":
			return fmt.Errorf("unionid is only for a temporary way (is_temp)")
		case w.Conclusions != nil:
			return fmt.Errorf("conclusions are only for a temporary way (is_temp)")
		}
		return nil
	}
	switch {
	case w.Type != ContactWaySingle:
		return fmt.Errorf("a temporary way (is_temp) is single-user (type 1)")
	case w.ExpiresIn < 0 || w.ExpiresIn > maxTempExpiry:
		return fmt.Errorf("expires_in is %d, at most %d seconds (14 days)", w.ExpiresIn, maxTempExpiry)
	case w.ChatExpiresIn < 0 || w.ChatExpiresIn > maxTempExpiry:
		return fmt.Errorf("chat_expires_in is %d, at most %d seconds (14 days)", w.ChatExpiresIn, maxTempExpiry)
	}
	return checkConclusions(w.Conclusions)
}

// checkConclusions applies WeCom's rules for conclusions: some part, text
// up to 4000 bytes, the required fields of each part.
func checkConclusions(c *Conclusions) error {
	switch {
	case c == nil:
		return nil
	case c.Text == nil && c.Image == nil && c.Link == nil && c.MiniProgram == nil:
		return fmt.Errorf("conclusions are empty")
	case c.Text != nil && (c.Text.Content == "" || len(c.Text.Content) > maxConclusionText):
		return fmt.Errorf("conclusions.text.content must have 1 to %d bytes", maxConclusionText)
	case c.Image != nil && c.Image.MediaID == "" && c.Image.PicURL == "":
		return fmt.Errorf("conclusions.image.media_id is required")
	case c.Link != nil && (c.Link.Title == "" || c.Link.URL == ""):
		return fmt.Errorf("conclusions.link needs a title and a url")
	case c.MiniProgram != nil && (c.MiniProgram.Title == "" || c.MiniProgram.PicMediaID == "" ||
		c.MiniProgram.AppID == "" || c.MiniProgram.Page == ""):
		return fmt.Errorf("conclusions.miniprogram needs title, pic_media_id, appid and page")
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
// rules (see ContactWaySpec), a user is not an active member with 客户联系
// or the quota is reached.
//
// Customers then add its members with Scan (or AddContact with the
// ConfigID); the way is in Snapshot's ContactWays.
func (b ContactWays) Add(w ContactWaySpec) (configID string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		way, err := st.createContactWay(&ContactWay{
			Type: w.Type, Scene: w.Scene, Remark: w.Remark, SkipVerify: !w.Verify, State: w.State,
			User: slices.Clone(w.Users),
		}, now, "")
		if err != nil {
			return err
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
			ok = roundTrip(p, &w) == nil
		}
	})
	return w, ok
}

// Scan has a customer add a member through the way configID, as scanning
// its QR code (or tapping its mini-program button) does: AddContact with
// a.ConfigID set to configID. a.UserID may stay empty for a single-user
// way. The relation gets the way's state, the callback an
// add_external_contact event (add_half_external_contact for a way
// without skip_verify) with that state and a fresh WelcomeCode; through a
// temporary way, a temporary session opens (Server.ContactWays().Get shows
// it in TempChat).
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
// the add_way of a customer adding a member through the way, which it
// returns. A temporary way must not have expired nor been used.
func (st *store) applyContactWay(a *AddContact, now time.Time) (*ContactWay, error) {
	w := st.ways().get(a.ConfigID)
	switch {
	case w == nil:
		return nil, fmt.Errorf("no contact way %q", a.ConfigID)
	case a.State != "" && a.State != w.State:
		return nil, fmt.Errorf("State %q is not the state %q of contact way %q", a.State, w.State, a.ConfigID)
	case a.UserID == "" && len(w.User) != 1:
		return nil, fmt.Errorf("contact way %q has %d users: UserID must name one", a.ConfigID, len(w.User))
	case a.UserID != "" && len(w.Party) == 0 && !slices.Contains(w.User, a.UserID):
		return nil, fmt.Errorf("member %q is not a user of contact way %q", a.UserID, a.ConfigID)
	case w.Scene == ContactWayQRCode && a.AddWay != 0 && a.AddWay != addWayQRCode:
		return nil, fmt.Errorf("contact way %q is a QR code: AddWay must be 0 or %d, got %d", a.ConfigID, addWayQRCode, a.AddWay)
	case w.IsTemp && w.TempChat != nil:
		return nil, fmt.Errorf("temporary contact way %q was used already (its QR code works once)", a.ConfigID)
	case w.IsTemp && now.Unix() >= w.ExpireTime:
		return nil, fmt.Errorf("temporary contact way %q expired", a.ConfigID)
	}
	if a.UserID == "" {
		a.UserID = w.User[0]
	}
	a.State = w.State
	if w.Scene == ContactWayQRCode {
		a.AddWay = addWayQRCode
	}
	return w, nil
}

// addWayQRCode is the add_way of a customer who scanned a QR code (扫描二维码).
const addWayQRCode = 1
