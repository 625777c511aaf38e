package worktest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The 「联系我」 endpoints. Their rules, the simulator's reading of WeCom's
// documentation (客户联系「联系我」管理, document/path/92228):
//
//   - add_contact_way: type and scene required (40058), and the rules of
//     checkContactWay (40058): a single-user way has one user and no party,
//     a multi-user way users (at most 100) or parties; users are active
//     members with 客户联系; state and remark at most 30 characters; the
//     temporary session fields only with is_temp, which needs type 1;
//     expires_in (default 7 days) and chat_expires_in (default 24 hours)
//     at most 14 days. skip_verify and mark_source default to true. A
//     QR-code way gets a qr_code. Ways and join ways made through the API
//     share one quota of 500,000 (temporary ways aside, at most 100,000 of
//     those a day); beyond it the call answers 40058.
//   - get_contact_way: any way of the corp, another app's included.
//   - list_contact_way: the ways created inside [start_time, end_time]
//     (default end_time now, start_time 90 days before; start after end
//     answers 40058), created on or after 2021-07-10, temporary ones
//     excluded; limit default 100, above 1000 lowered to 1000.
//   - update_contact_way overwrites: a field sent replaces the way's
//     value (sent empty, it clears it), a field left out keeps it. type
//     and scene cannot change; the temporary session fields of a way that
//     is not temporary answer 40058, and so does any update of a temporary
//     way whose QR code expired. A new expires_in counts from the update.
//   - del_contact_way removes the way (and any temporary session opened
//     through it).
//   - update and delete of another app's way answer 48002; an unknown
//     config_id answers 40058 on every call.
//
// WeCom does not document the errcodes of an unknown config_id, of a full
// quota or of an expired temporary way; the simulator answers 40058 with a
// message naming the problem.

func (s *Server) contactWayRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/add_contact_way", write: true, handle: bound(s.addContactWay)},
		{method: http.MethodPost, path: "externalcontact/get_contact_way", handle: bound(s.getContactWay)},
		{method: http.MethodPost, path: "externalcontact/list_contact_way", handle: bound(s.listContactWay)},
		{method: http.MethodPost, path: "externalcontact/update_contact_way", write: true, handle: bound(s.updateContactWay)},
		{method: http.MethodPost, path: "externalcontact/del_contact_way", write: true, handle: bound(s.delContactWay)},
		{method: http.MethodPost, path: "externalcontact/close_temp_chat", write: true, handle: bound(s.closeTempChat)},
	}
}

// listableSince is the earliest create time list_contact_way reports:
// 2021-07-10 00:00 China time.
var listableSince = time.Date(2021, 7, 10, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix()

// defaultListWindow is list_contact_way's window without start_time.
const defaultListWindow = 90 * 24 * 3600

// createContactWay fills in what WeCom sets on a new way (defaults, the
// create time, a QR code, a temporary way's expiry), checks the quota and
// creates it for app.
func (st *store) createContactWay(w *ContactWay, now time.Time, app string) (*ContactWay, error) {
	if err := st.checkWayQuota(w.IsTemp, now); err != nil {
		return nil, err
	}
	w.CreateTime = now.Unix()
	if w.IsTemp {
		w.ExpiresIn = cmpOr(w.ExpiresIn, defaultTempExpiresIn)
		w.ChatExpiresIn = cmpOr(w.ChatExpiresIn, defaultTempChatExpiresIn)
		w.ExpireTime = w.CreateTime + int64(w.ExpiresIn)
	}
	if c := w.Conclusions; c != nil && c.Image != nil && c.Image.MediaID != "" {
		// WeCom answers the image it keeps as a pic_url.
		c.Image = &ConclusionImage{PicURL: "https://wework.qpic.cn/wwpic/" + st.ids.alnum(24) + "/0"}
	}
	way, err := st.ways().create(st, w, app)
	if err != nil {
		return nil, err
	}
	if w.Scene == ContactWayQRCode {
		way.QRCode = "https://wework.qpic.cn/wwpic/" + st.ids.alnum(30) + "/0"
	}
	return way, nil
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// checkWayQuota answers 40058 when a new way would pass the quota: the
// shared one of ways and join ways, or the daily one of temporary ways.
func (st *store) checkWayQuota(temp bool, now time.Time) error {
	g := contactWayGroup.of(st)
	if temp {
		y, m, d := now.In(listableSinceZone).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, listableSinceZone).Unix()
		n := 0
		for _, w := range g.ways.all() {
			if w.IsTemp && w.CreateTime >= day {
				n++
			}
		}
		if n >= g.tempPerDay {
			return errParam("at most %d temporary contact ways a day", g.tempPerDay)
		}
		return nil
	}
	n := st.joinWays().len()
	for _, w := range g.ways.all() {
		if !w.IsTemp {
			n++
		}
	}
	if n >= g.quota {
		return errParam("at most %d 「联系我」 and 「加入群聊」 ways", g.quota)
	}
	return nil
}

// listableSinceZone is China time, in which WeCom counts days.
var listableSinceZone = time.FixedZone("CST", 8*3600)

type addContactWayReq struct {
	Type          int          `json:"type" wt:"required"`
	Scene         int          `json:"scene" wt:"required"`
	Style         int          `json:"style"`
	Remark        string       `json:"remark"`
	SkipVerify    *bool        `json:"skip_verify"`
	State         string       `json:"state"`
	User          []string     `json:"user"`
	Party         []int        `json:"party"`
	IsTemp        bool         `json:"is_temp"`
	ExpiresIn     int          `json:"expires_in"`
	ChatExpiresIn int          `json:"chat_expires_in"`
	UnionID       string       `json:"unionid"`
	IsExclusive   bool         `json:"is_exclusive"`
	MarkSource    *bool        `json:"mark_source"`
	Conclusions   *Conclusions `json:"conclusions"`
}

// addContactWay serves POST externalcontact/add_contact_way (配置客户联系「联系我」方式).
func (s *Server) addContactWay(c *call, r *addContactWayReq) (any, error) {
	w, err := c.st.createContactWay(&ContactWay{
		Type: r.Type, Scene: r.Scene, Style: r.Style, Remark: r.Remark, SkipVerify: r.SkipVerify == nil || *r.SkipVerify,
		State: r.State, User: r.User, Party: r.Party, IsTemp: r.IsTemp, ExpiresIn: r.ExpiresIn, ChatExpiresIn: r.ChatExpiresIn,
		UnionID: r.UnionID, IsExclusive: r.IsExclusive, MarkSource: r.MarkSource == nil || *r.MarkSource, Conclusions: r.Conclusions,
	}, c.now, c.app())
	if err != nil {
		return nil, err
	}
	return struct {
		ConfigID string `json:"config_id"`
		QRCode   string `json:"qr_code,omitempty"`
	}{w.ConfigID, w.QRCode}, nil
}

type configIDReq struct {
	ConfigID string `json:"config_id" wt:"required"`
}

// contactWayOut is the contact_way of get_contact_way: a ContactWay
// without the simulator's bookkeeping.
type contactWayOut struct {
	ConfigID      string       `json:"config_id"`
	Type          int          `json:"type"`
	Scene         int          `json:"scene"`
	Style         int          `json:"style,omitempty"`
	Remark        string       `json:"remark"`
	SkipVerify    bool         `json:"skip_verify"`
	State         string       `json:"state"`
	QRCode        string       `json:"qr_code,omitempty"`
	User          []string     `json:"user"`
	Party         []int        `json:"party"`
	IsTemp        bool         `json:"is_temp"`
	ExpiresIn     int          `json:"expires_in,omitempty"`
	ChatExpiresIn int          `json:"chat_expires_in,omitempty"`
	UnionID       string       `json:"unionid,omitempty"`
	IsExclusive   bool         `json:"is_exclusive"`
	MarkSource    bool         `json:"mark_source"`
	Conclusions   *Conclusions `json:"conclusions,omitempty"`
}

// getContactWay serves POST externalcontact/get_contact_way (获取企业已配置的「联系我」方式).
func (s *Server) getContactWay(c *call, r *configIDReq) (any, error) {
	w, err := c.st.ways().lookup(r.ConfigID)
	if err != nil {
		return nil, err
	}
	out := contactWayOut{
		ConfigID: w.ConfigID, Type: w.Type, Scene: w.Scene, Style: w.Style, Remark: w.Remark, SkipVerify: w.SkipVerify,
		State: w.State, QRCode: w.QRCode, User: slices.Clone(w.User), Party: slices.Clone(w.Party), IsTemp: w.IsTemp,
		ExpiresIn: w.ExpiresIn, ChatExpiresIn: w.ChatExpiresIn, UnionID: w.UnionID, IsExclusive: w.IsExclusive,
		MarkSource: w.MarkSource, Conclusions: w.Conclusions,
	}
	if out.User == nil {
		out.User = []string{}
	}
	if out.Party == nil {
		out.Party = []int{}
	}
	return struct {
		ContactWay contactWayOut `json:"contact_way"`
	}{out}, nil
}

type listContactWayReq struct {
	StartTime int64  `json:"start_time"`
	EndTime   int64  `json:"end_time"`
	Cursor    string `json:"cursor"`
	Limit     int    `json:"limit"`
}

// listContactWay serves POST externalcontact/list_contact_way (获取企业已配置的「联系我」列表).
func (s *Server) listContactWay(c *call, r *listContactWayReq) (any, error) {
	if r.StartTime < 0 || r.EndTime < 0 {
		return nil, errParam("start_time and end_time must not be negative")
	}
	end := r.EndTime
	if end == 0 {
		end = c.now.Unix()
	}
	start := r.StartTime
	if start == 0 {
		start = end - defaultListWindow
	}
	if start > end {
		return nil, errParam("start_time %d is after end_time %d", start, end)
	}
	limit, err := pageLimit("limit", r.Limit, 100, 1000)
	if err != nil {
		return nil, err
	}
	page, next, err := c.st.ways().page(c, r.Cursor, limit, func(w *ContactWay) bool {
		return !w.IsTemp && w.CreateTime >= listableSince && w.CreateTime >= start && w.CreateTime <= end
	}, strconv.FormatInt(r.StartTime, 10), strconv.FormatInt(r.EndTime, 10))
	if err != nil {
		return nil, err
	}
	type item struct {
		ConfigID string `json:"config_id"`
	}
	out := struct {
		ContactWay []item `json:"contact_way"`
		NextCursor string `json:"next_cursor"`
	}{ContactWay: make([]item, len(page)), NextCursor: next}
	for i, w := range page {
		out.ContactWay[i] = item{w.ConfigID}
	}
	return out, nil
}

// updateContactWayReq tells the fields sent (non-nil) from the fields left
// out (nil): update_contact_way overwrites the former only.
type updateContactWayReq struct {
	ConfigID      string       `json:"config_id" wt:"required"`
	Remark        *string      `json:"remark"`
	SkipVerify    *bool        `json:"skip_verify"`
	Style         *int         `json:"style"`
	State         *string      `json:"state"`
	User          *[]string    `json:"user"`
	Party         *[]int       `json:"party"`
	ExpiresIn     *int         `json:"expires_in"`
	ChatExpiresIn *int         `json:"chat_expires_in"`
	UnionID       *string      `json:"unionid"`
	MarkSource    *bool        `json:"mark_source"`
	Conclusions   *Conclusions `json:"conclusions"`
}

// updateContactWay serves POST externalcontact/update_contact_way (更新企业已配置的「联系我」方式).
func (s *Server) updateContactWay(c *call, r *updateContactWayReq) (any, error) {
	_, err := c.st.ways().update(c.st, r.ConfigID, c.app(), func(w *ContactWay) error {
		if w.IsTemp && c.now.Unix() >= w.ExpireTime {
			return errParam("temporary contact way %s expired: it cannot be updated", w.ConfigID)
		}
		set(&w.Remark, r.Remark)
		set(&w.SkipVerify, r.SkipVerify)
		set(&w.Style, r.Style)
		set(&w.State, r.State)
		set(&w.User, r.User)
		set(&w.Party, r.Party)
		set(&w.ChatExpiresIn, r.ChatExpiresIn)
		set(&w.UnionID, r.UnionID)
		set(&w.MarkSource, r.MarkSource)
		if r.ExpiresIn != nil {
			w.ExpiresIn = *r.ExpiresIn
			if w.IsTemp {
				w.ExpiresIn = cmpOr(w.ExpiresIn, defaultTempExpiresIn)
				w.ExpireTime = c.now.Unix() + int64(w.ExpiresIn)
			}
		}
		if r.Conclusions != nil {
			w.Conclusions = r.Conclusions
			if *r.Conclusions == (Conclusions{}) {
				w.Conclusions = nil // sent empty: cleared
			} else if img := w.Conclusions.Image; img != nil && img.MediaID != "" {
				w.Conclusions.Image = &ConclusionImage{PicURL: "https://wework.qpic.cn/wwpic/" + c.st.ids.alnum(24) + "/0"}
			}
		}
		if w.IsTemp && w.ChatExpiresIn == 0 {
			w.ChatExpiresIn = defaultTempChatExpiresIn
		}
		return nil
	})
	return nil, err
}

// set overwrites *dst with *v when the field was sent.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// delContactWay serves POST externalcontact/del_contact_way (删除企业已配置的「联系我」方式).
func (s *Server) delContactWay(c *call, r *configIDReq) (any, error) {
	return nil, c.st.ways().remove(r.ConfigID, c.app())
}
