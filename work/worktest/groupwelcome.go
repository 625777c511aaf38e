package worktest

import (
	"net/http"
	"time"
)

// 入群欢迎语素材: the corp's group welcome templates, a resource table
// (Data.GroupWelcomeTemplates) of at most 100 templates (40058 beyond).
// A template is a text and one other part: when a request sets several,
// the simulator keeps the first of image, link, miniprogram, file and
// video, as WeCom documents. Parts naming an unknown or expired media_id
// answer 40007. Only the app that created a template may edit or delete
// it (48002); edit replaces the text when it sends one and the other part
// when it sends one. An unknown template_id answers 40058.

// maxGroupWelcomeTemplates is WeCom's quota of templates per corp.
const maxGroupWelcomeTemplates = 100

// GroupWelcomeTemplate is a group welcome template (入群欢迎语素材).
type GroupWelcomeTemplate struct {
	TemplateID  string          `json:"template_id"`
	Text        *MsgText        `json:"text,omitempty"`
	Image       *MsgImage       `json:"image,omitempty"`
	Link        *MsgLink        `json:"link,omitempty"`
	MiniProgram *MsgMiniProgram `json:"miniprogram,omitempty"`
	File        *MsgMedia       `json:"file,omitempty"`
	Video       *MsgMedia       `json:"video,omitempty"`
	// Notify is whether the members were told about it (notify, default 1).
	Notify     bool  `json:"notify"`
	CreateTime int64 `json:"create_time"`
	// CreatedByApp is the app that created it ("" for the simulator's
	// app); only that app may edit or delete it.
	CreatedByApp string `json:"created_by_app,omitempty"`
}

type groupWelcomeState struct{ tpls *table[GroupWelcomeTemplate] }

var groupWelcomeGroup groupKey[groupWelcomeState]

func init() {
	groupWelcomeGroup = addGroup(group[groupWelcomeState]{
		name:   "group_welcome_template",
		routes: (*Server).groupWelcomeRoutes,
		state: func() *groupWelcomeState {
			return &groupWelcomeState{tpls: newTable(&groupWelcomeResource)}
		},
		load: func(st *store, g *groupWelcomeState, d *Data) error {
			return g.tpls.load(st, d.GroupWelcomeTemplates)
		},
		snapshot: func(_ *store, g *groupWelcomeState, d *Data) { d.GroupWelcomeTemplates = g.tpls.snapshot() },
	})
}

var groupWelcomeResource = resource[GroupWelcomeTemplate]{
	name: "group welcome template", idField: "template_id",
	id:    func(t *GroupWelcomeTemplate) *string { return &t.TemplateID },
	ids:   idFormat{prefix: "msg", n: 27},
	quota: maxGroupWelcomeTemplates,
	app:   func(t *GroupWelcomeTemplate) *string { return &t.CreatedByApp },
	validate: func(_ *store, t *GroupWelcomeTemplate, _ op) error {
		if (t.Text == nil || t.Text.Content == "") && t.Image == nil && t.Link == nil && t.MiniProgram == nil && t.File == nil && t.Video == nil {
			return errParam("text, image, link, miniprogram, file and video are all empty")
		}
		return nil
	},
}

func (st *store) groupWelcomes() *table[GroupWelcomeTemplate] { return groupWelcomeGroup.of(st).tpls }

func (s *Server) groupWelcomeRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/group_welcome_template/add", write: true, handle: bound(s.addGroupWelcome)},
		{method: http.MethodPost, path: "externalcontact/group_welcome_template/edit", write: true, handle: bound(s.editGroupWelcome)},
		{method: http.MethodPost, path: "externalcontact/group_welcome_template/get", handle: bound(s.getGroupWelcome)},
		{method: http.MethodPost, path: "externalcontact/group_welcome_template/del", write: true, handle: bound(s.delGroupWelcome)},
	}
}

// groupWelcomeParts is a request's content.
type groupWelcomeParts struct {
	Text        *MsgText        `json:"text,omitempty"`
	Image       *MsgImage       `json:"image,omitempty"`
	Link        *MsgLink        `json:"link,omitempty"`
	MiniProgram *MsgMiniProgram `json:"miniprogram,omitempty"`
	File        *MsgMedia       `json:"file,omitempty"`
	Video       *MsgMedia       `json:"video,omitempty"`
}

// part returns the part WeCom keeps (image, link, miniprogram, file,
// video: the first set), checked; nil when none is set.
func (p *groupWelcomeParts) part(st *store, now time.Time) (*GroupWelcomeTemplate, error) {
	var out GroupWelcomeTemplate
	var err error
	switch {
	case p.Image != nil:
		out.Image, err = p.Image, st.checkImage("image", p.Image, now)
	case p.Link != nil:
		out.Link, err = p.Link, checkLink("link", p.Link)
	case p.MiniProgram != nil:
		out.MiniProgram, err = p.MiniProgram, st.checkMiniProgram("miniprogram", p.MiniProgram, now)
	case p.File != nil:
		out.File, err = p.File, st.checkMediaID("file.media_id", p.File.MediaID, now)
	case p.Video != nil:
		out.Video, err = p.Video, st.checkMediaID("video.media_id", p.Video.MediaID, now)
	default:
		return nil, nil
	}
	return &out, err
}

type addGroupWelcomeReq struct {
	groupWelcomeParts
	AgentID int64 `json:"agentid"`
	Notify  *int  `json:"notify"`
}

// addGroupWelcome answers externalcontact/group_welcome_template/add:
// template_id.
func (s *Server) addGroupWelcome(c *call, r *addGroupWelcomeReq) (any, error) {
	part, err := r.part(c.st, c.now)
	if err != nil {
		return nil, err
	}
	t := &GroupWelcomeTemplate{Text: r.Text, Notify: r.Notify == nil || *r.Notify != 0, CreateTime: c.now.Unix()}
	if part != nil {
		t.Image, t.Link, t.MiniProgram, t.File, t.Video = part.Image, part.Link, part.MiniProgram, part.File, part.Video
	}
	t, err = c.st.groupWelcomes().create(c.st, t, c.app())
	if err != nil {
		return nil, err
	}
	return struct {
		TemplateID string `json:"template_id"`
	}{t.TemplateID}, nil
}

type editGroupWelcomeReq struct {
	TemplateID string `json:"template_id" wt:"required"`
	groupWelcomeParts
	AgentID int64 `json:"agentid"`
}

// editGroupWelcome answers externalcontact/group_welcome_template/edit.
func (s *Server) editGroupWelcome(c *call, r *editGroupWelcomeReq) (any, error) {
	part, err := r.part(c.st, c.now)
	if err != nil {
		return nil, err
	}
	_, err = c.st.groupWelcomes().update(c.st, r.TemplateID, c.app(), func(t *GroupWelcomeTemplate) error {
		if r.Text != nil {
			t.Text = r.Text
		}
		if part != nil {
			t.Image, t.Link, t.MiniProgram, t.File, t.Video = part.Image, part.Link, part.MiniProgram, part.File, part.Video
		}
		return nil
	})
	return nil, err
}

type templateIDReq struct {
	TemplateID string `json:"template_id" wt:"required"`
	AgentID    int64  `json:"agentid"`
}

// getGroupWelcome answers externalcontact/group_welcome_template/get: the
// template's parts.
func (s *Server) getGroupWelcome(c *call, r *templateIDReq) (any, error) {
	t, err := c.st.groupWelcomes().lookup(r.TemplateID)
	if err != nil {
		return nil, err
	}
	return groupWelcomeParts{t.Text, t.Image, t.Link, t.MiniProgram, t.File, t.Video}, nil
}

// delGroupWelcome answers externalcontact/group_welcome_template/del.
func (s *Server) delGroupWelcome(c *call, r *templateIDReq) (any, error) {
	return nil, c.st.groupWelcomes().remove(r.TemplateID, c.app())
}
