package worktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"time"
)

// 家校沟通 in the external-contact namespace: the 「学校通知」 subscribe mode
// and QR code, and school notices (externalcontact/message/send) to the
// parents and students of a small 家校通讯录 (Data.School). The rules, the
// simulator's reading of WeCom's pages (92318, 92320, 91609):
//
//   - set_subscribe_mode takes 1 (可扫码填写资料加入) or 2 (禁止扫码填写资料加入)
//     (40058 otherwise); get_subscribe_mode answers it (1 until set).
//   - message/send: agentid and msgtype required; msgtype one of text,
//     image, voice, video, file, news, mpnews, miniprogram (40008
//     otherwise) with its part (text.content 1 to 2048 bytes; a media_id;
//     1 to 8 articles with a title: 40058 otherwise); recv_scope 0, 1 or 2;
//     at most 1000 parents, 1000 students, 100 classes; at least one
//     recipient or toall 1; duplicate_check_interval at most 14400 s.
//   - Recipients: with recv_scope 0 the parents named, and the parents of
//     the students and classes named; with 1 the students named and those
//     of the classes named (to_parent_userid is ignored); with 2 both;
//     toall 1 means the whole school. Ids the 家校通讯录 does not hold come
//     back in invalid_parent_userid, invalid_student_userid and
//     invalid_party (as strings); the others are reached.
//   - With enable_duplicate_check 1, the same notice (type, content,
//     recipients) sent again within duplicate_check_interval (default 1800
//     s) is recorded as a duplicate and reaches nobody, as WeCom drops it.
//   - Every notice is recorded in Data.School.Messages, which
//     Server.School().Messages returns, so that a test sees what was sent,
//     and how many times.

// Subscribe modes.
const (
	SubscribeByScan = 1 // 可扫码填写资料加入
	SubscribeClosed = 2 // 禁止扫码填写资料加入
)

// codeInvalidMsgType is WeCom's 不合法的消息类型.
const codeInvalidMsgType = 40008

// Bounds of a notice.
const (
	maxSchoolParents      = 1000
	maxSchoolStudents     = 1000
	maxSchoolParties      = 100
	maxSchoolTextBytes    = 2048
	maxSchoolArticles     = 8
	maxDuplicateInterval  = 14400
	defaultDuplicateCheck = 1800
)

// SchoolQRCode is the 「学校通知」 QR code in three sizes.
type SchoolQRCode struct {
	Big    string `json:"qrcode_big"`
	Middle string `json:"qrcode_middle"`
	Thumb  string `json:"qrcode_thumb"`
}

// SchoolStudent is a student of the 家校通讯录 with their class and parents.
type SchoolStudent struct {
	StudentUserID string `json:"student_userid"`
	Name          string `json:"name"`
	// Party is the student's class (a department id of the 家校通讯录).
	Party string `json:"party"`
	// Parents are the parents' parent_userid.
	Parents []string `json:"parents"`
}

// SchoolMessage is a notice sent through message/send, as recorded.
type SchoolMessage struct {
	// Time is when it was sent, Unix seconds.
	Time      int64  `json:"time"`
	AgentID   int64  `json:"agentid"`
	RecvScope int    `json:"recv_scope"`
	MsgType   string `json:"msgtype"`
	// Content is the msgtype's part as sent ({"content": …} for text).
	Content json.RawMessage `json:"content"`
	// The recipients as sent.
	ToParentUserID  []string `json:"to_parent_userid,omitempty"`
	ToStudentUserID []string `json:"to_student_userid,omitempty"`
	ToParty         []string `json:"to_party,omitempty"`
	ToAll           bool     `json:"toall,omitempty"`
	// Parents and Students are who it reached (none for a duplicate).
	Parents  []string `json:"parents,omitempty"`
	Students []string `json:"students,omitempty"`
	// The invalid recipients, as answered.
	InvalidParents  []string `json:"invalid_parent_userid,omitempty"`
	InvalidStudents []string `json:"invalid_student_userid,omitempty"`
	InvalidParties  []string `json:"invalid_party,omitempty"`
	// Duplicate says WeCom's duplicate check dropped it.
	Duplicate bool `json:"duplicate,omitempty"`

	// fingerprint identifies the same notice for the duplicate check.
	fingerprint string
}

// SchoolData is the 家校沟通 section of Data.
type SchoolData struct {
	// SubscribeMode is 1 or 2; 0 means 1.
	SubscribeMode int             `json:"subscribe_mode,omitempty"`
	QRCode        *SchoolQRCode   `json:"qr_code,omitempty"`
	Students      []SchoolStudent `json:"students,omitempty"`
	Messages      []SchoolMessage `json:"messages,omitempty"`
}

// schoolState is the group's part of the store.
type schoolState struct {
	mode     int
	qr       SchoolQRCode
	students []SchoolStudent
	messages []SchoolMessage
}

var schoolGroup groupKey[schoolState]

func init() {
	schoolGroup = addGroup(group[schoolState]{
		name:   "school",
		routes: (*Server).schoolRoutes,
		state: func() *schoolState {
			return &schoolState{mode: SubscribeByScan, qr: schoolQR("Ww0SchoolSubscribeQrCode0000000000000000")}
		},
		load: func(st *store, g *schoolState, d *Data) error {
			sd := d.School
			if sd == nil {
				return nil
			}
			switch sd.SubscribeMode {
			case 0:
			case SubscribeByScan, SubscribeClosed:
				g.mode = sd.SubscribeMode
			default:
				return fmt.Errorf("school: subscribe_mode %d is neither 1 nor 2", sd.SubscribeMode)
			}
			if sd.QRCode != nil {
				g.qr = *sd.QRCode
			}
			seen := map[string]bool{}
			for _, s := range sd.Students {
				if s.StudentUserID == "" || seen[s.StudentUserID] {
					return fmt.Errorf("school: empty or duplicate student_userid %q", s.StudentUserID)
				}
				seen[s.StudentUserID] = true
			}
			g.students = slices.Clone(sd.Students)
			g.messages = slices.Clone(sd.Messages)
			for i := range g.messages {
				g.messages[i].fingerprint = schoolFingerprintOf(&g.messages[i])
			}
			return nil
		},
		snapshot: func(_ *store, g *schoolState, d *Data) {
			d.School = &SchoolData{SubscribeMode: g.mode, QRCode: &SchoolQRCode{g.qr.Big, g.qr.Middle, g.qr.Thumb},
				Students: slices.Clone(g.students), Messages: slices.Clone(g.messages)}
		},
		seed:     seedSchool,
		errTexts: map[int]string{codeInvalidMsgType: "invalid message type"},
	})
}

func (st *store) school() *schoolState { return schoolGroup.of(st) }

func schoolQR(key string) SchoolQRCode {
	base := "http://p.qpic.cn/wwhead/" + key
	return SchoolQRCode{Big: base + "/0", Middle: base + "/96", Thumb: base + "/48"}
}

// seedSchool makes a small school: two classes (11 and 12) of three
// students each, with one or two parents.
func seedSchool(sd *seeding, d *Data) {
	qr := schoolQR(sd.r.alnum(40))
	s := &SchoolData{SubscribeMode: SubscribeByScan, QRCode: &qr}
	for i := 1; i <= 6; i++ {
		id := fmt.Sprintf("student%03d", i)
		party := "11"
		if i > 3 {
			party = "12"
		}
		st := SchoolStudent{StudentUserID: id, Name: genName(sd.r), Party: party,
			Parents: []string{fmt.Sprintf("parent%03da", i)}}
		if sd.r.chance(50) {
			st.Parents = append(st.Parents, fmt.Sprintf("parent%03db", i))
		}
		s.Students = append(s.Students, st)
	}
	d.School = s
}

func (s *Server) schoolRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "externalcontact/get_subscribe_qr_code", handle: bound(s.schoolQRCode)},
		{method: http.MethodPost, path: "externalcontact/set_subscribe_mode", write: true, handle: bound(s.schoolSetMode)},
		{method: http.MethodGet, path: "externalcontact/get_subscribe_mode", handle: bound(s.schoolGetMode)},
		{method: http.MethodPost, path: "externalcontact/message/send", write: true, handle: bound(s.schoolSend)},
	}
}

type schoolNoRequest struct{}

func (s *Server) schoolQRCode(c *call, _ *schoolNoRequest) (any, error) {
	return c.st.school().qr, nil
}

type schoolModeRequest struct {
	SubscribeMode int `json:"subscribe_mode" wt:"required"`
}

func (r *schoolModeRequest) validate() error {
	if r.SubscribeMode != SubscribeByScan && r.SubscribeMode != SubscribeClosed {
		return errParam("subscribe_mode must be 1 or 2, got %d", r.SubscribeMode)
	}
	return nil
}

func (s *Server) schoolSetMode(c *call, r *schoolModeRequest) (any, error) {
	c.st.school().mode = r.SubscribeMode
	return nil, nil
}

func (s *Server) schoolGetMode(c *call, _ *schoolNoRequest) (any, error) {
	return struct {
		SubscribeMode int `json:"subscribe_mode"`
	}{c.st.school().mode}, nil
}

// schoolIDs decodes a list of ids written as strings or numbers.
type schoolIDs []string

func (ids *schoolIDs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			var n json.Number
			if err := json.Unmarshal(r, &n); err != nil {
				return &json.UnmarshalTypeError{Value: string(r), Type: reflect.TypeFor[string](), Field: "to_party"}
			}
			s = n.String()
		}
		*ids = append(*ids, s)
	}
	return nil
}

type schoolSendRequest struct {
	RecvScope              int       `json:"recv_scope"`
	ToParentUserID         []string  `json:"to_parent_userid"`
	ToStudentUserID        []string  `json:"to_student_userid"`
	ToParty                schoolIDs `json:"to_party"`
	ToAll                  int       `json:"toall"`
	MsgType                string    `json:"msgtype" wt:"required"`
	AgentID                int64     `json:"agentid" wt:"required"`
	EnableIDTrans          int       `json:"enable_id_trans"`
	EnableDuplicateCheck   int       `json:"enable_duplicate_check"`
	DuplicateCheckInterval int       `json:"duplicate_check_interval"`
}

// schoolMsgTypes are the notice kinds.
var schoolMsgTypes = []string{"text", "image", "voice", "video", "file", "news", "mpnews", "miniprogram"}

func (r *schoolSendRequest) validate() error {
	switch {
	case r.AgentID <= 0:
		return errParam("agentid must be positive")
	case r.RecvScope < 0 || r.RecvScope > 2:
		return errParam("recv_scope must be 0, 1 or 2, got %d", r.RecvScope)
	case r.ToAll != 0 && r.ToAll != 1:
		return errParam("toall must be 0 or 1")
	case r.DuplicateCheckInterval < 0 || r.DuplicateCheckInterval > maxDuplicateInterval:
		return errParam("duplicate_check_interval must be 0 to %d seconds", maxDuplicateInterval)
	case !slices.Contains(schoolMsgTypes, r.MsgType):
		return errDetail(codeInvalidMsgType, "%q", r.MsgType)
	}
	if err := checkList("to_parent_userid", r.ToParentUserID, false, maxSchoolParents); err != nil {
		return err
	}
	if err := checkList("to_student_userid", r.ToStudentUserID, false, maxSchoolStudents); err != nil {
		return err
	}
	if err := checkList("to_party", r.ToParty, false, maxSchoolParties); err != nil {
		return err
	}
	if r.ToAll == 0 && len(r.ToStudentUserID)+len(r.ToParty)+len(r.ToParentUserID) == 0 {
		return errParam("no recipient: to_parent_userid, to_student_userid and to_party are empty and toall is 0")
	}
	return nil
}

// schoolPart checks the msgtype's part of the body.
func schoolPart(typ string, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return errParam("%s is required for msgtype %s", typ, typ)
	}
	var p struct {
		Content  *string           `json:"content"`
		MediaID  string            `json:"media_id"`
		Articles []json.RawMessage `json:"articles"`
		AppID    string            `json:"appid"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return errDetail(codeDataFormat, "%s: %s", typ, jsonProblem(err))
	}
	switch typ {
	case "text":
		if p.Content == nil || *p.Content == "" || len(*p.Content) > maxSchoolTextBytes {
			return errParam("text.content must have 1 to %d bytes", maxSchoolTextBytes)
		}
	case "news", "mpnews":
		if len(p.Articles) == 0 || len(p.Articles) > maxSchoolArticles {
			return errParam("%s.articles must have 1 to %d articles", typ, maxSchoolArticles)
		}
	case "miniprogram":
		if p.AppID == "" {
			return errParam("miniprogram.appid is required")
		}
	default:
		if p.MediaID == "" {
			return errParam("%s.media_id is required", typ)
		}
	}
	return nil
}

// schoolSend answers message/send: it resolves the recipients against the
// 家校通讯录, records the notice and answers the invalid ones.
func (s *Server) schoolSend(c *call, r *schoolSendRequest) (any, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(c.body, &parts); err != nil { // unreachable: bound decoded it
		return nil, errCode(codeDataFormat)
	}
	if err := schoolPart(r.MsgType, parts[r.MsgType]); err != nil {
		return nil, err
	}
	g := c.st.school()
	m := SchoolMessage{Time: c.now.Unix(), AgentID: r.AgentID, RecvScope: r.RecvScope, MsgType: r.MsgType,
		Content: compactJSON(parts[r.MsgType]), ToAll: r.ToAll == 1,
		ToParentUserID: slices.Clone(r.ToParentUserID), ToStudentUserID: slices.Clone(r.ToStudentUserID), ToParty: slices.Clone([]string(r.ToParty))}
	parents, students := map[string]bool{}, map[string]bool{}
	byID := map[string]*SchoolStudent{}
	knownParent, knownParty := map[string]bool{}, map[string]bool{}
	for i := range g.students {
		st := &g.students[i]
		byID[st.StudentUserID] = st
		knownParty[st.Party] = true
		for _, p := range st.Parents {
			knownParent[p] = true
		}
	}
	toParents, toStudents := r.RecvScope != 1, r.RecvScope != 0
	reach := func(st *SchoolStudent) {
		if toStudents {
			students[st.StudentUserID] = true
		}
		if toParents {
			for _, p := range st.Parents {
				parents[p] = true
			}
		}
	}
	if toParents {
		for _, p := range r.ToParentUserID {
			if knownParent[p] {
				parents[p] = true
			} else {
				m.InvalidParents = append(m.InvalidParents, p)
			}
		}
	}
	for _, id := range r.ToStudentUserID {
		if st := byID[id]; st != nil {
			reach(st)
		} else {
			m.InvalidStudents = append(m.InvalidStudents, id)
		}
	}
	for _, party := range r.ToParty {
		if !knownParty[party] {
			m.InvalidParties = append(m.InvalidParties, party)
		}
	}
	for i := range g.students {
		if st := &g.students[i]; m.ToAll || slices.Contains(r.ToParty, st.Party) {
			reach(st)
		}
	}
	m.Parents, m.Students = sortedKeys(parents), sortedKeys(students)
	m.fingerprint = schoolFingerprintOf(&m)
	if r.EnableDuplicateCheck == 1 {
		window := int64(r.DuplicateCheckInterval)
		if window == 0 {
			window = defaultDuplicateCheck
		}
		for _, prev := range g.messages {
			if !prev.Duplicate && prev.fingerprint == m.fingerprint && m.Time-prev.Time < window {
				m.Duplicate, m.Parents, m.Students = true, nil, nil
				break
			}
		}
	}
	g.messages = append(g.messages, m)
	return struct {
		InvalidParentUserID  []string `json:"invalid_parent_userid"`
		InvalidStudentUserID []string `json:"invalid_student_userid"`
		InvalidParty         []string `json:"invalid_party"`
	}{nonNil(m.InvalidParents), nonNil(m.InvalidStudents), nonNil(m.InvalidParties)}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return slices.Clone(raw)
	}
	return b.Bytes()
}

// schoolFingerprint identifies a notice for the duplicate check: its
// type, content and recipients as sent.
func schoolFingerprint(typ string, content json.RawMessage, scope, toAll int, parents, students, parties []string) string {
	b, _ := json.Marshal([]any{typ, string(content), scope, toAll, sortedCopy(parents), sortedCopy(students), sortedCopy(parties)})
	return string(b)
}

// schoolFingerprintOf is the fingerprint of a recorded notice.
func schoolFingerprintOf(m *SchoolMessage) string {
	toAll := 0
	if m.ToAll {
		toAll = 1
	}
	return schoolFingerprint(m.MsgType, m.Content, m.RecvScope, toAll, m.ToParentUserID, m.ToStudentUserID, m.ToParty)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// School is the back door of the 家校沟通 group: what was sent, and the
// 家校通讯录. Get it from Server.School.
type School struct{ backDoor }

// School returns the back door of the 家校沟通 group.
func (s *Server) School() School { return School{backDoor{s}} }

// Messages returns the notices sent through message/send, in order,
// duplicates included (marked).
func (b School) Messages() []SchoolMessage {
	var out []SchoolMessage
	b.read(func(st *store, _ time.Time) {
		for _, m := range st.school().messages {
			var cp SchoolMessage
			if roundTrip(m, &cp) == nil {
				out = append(out, cp)
			}
		}
	})
	return out
}

// Students returns the 家校通讯录's students.
func (b School) Students() []SchoolStudent {
	var out []SchoolStudent
	b.read(func(st *store, _ time.Time) {
		for _, s := range st.school().students {
			s.Parents = slices.Clone(s.Parents)
			out = append(out, s)
		}
	})
	return out
}

// AddStudent adds a student with their class and parents to the
// 家校通讯录; it fails for an empty or taken student_userid.
func (b School) AddStudent(s SchoolStudent) error {
	return b.write(func(st *store, _ time.Time) error {
		g := st.school()
		if s.StudentUserID == "" || slices.ContainsFunc(g.students, func(o SchoolStudent) bool { return o.StudentUserID == s.StudentUserID }) {
			return fmt.Errorf("worktest: School().AddStudent: empty or taken student_userid %q", s.StudentUserID)
		}
		s.Parents = slices.Clone(s.Parents)
		g.students = append(g.students, s)
		return nil
	})
}
