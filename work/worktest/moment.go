package worktest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"
)

// 客户朋友圈: corp moments posted as asynchronous jobs, their publication by
// the members, who sees them, comments and likes. The simulator's design:
//
//   - add_moment_task checks the content (text at most 2000 characters; up
//     to 9 images, or 1 video, or 1 link with a media_id cover; not both
//     empty; at most 100,000 senders: 40058) and records a job in status 1
//     (开始创建任务). On the simulator clock the job moves to status 2 after
//     MomentJobRunningAfter and completes (status 3) after MomentJobDoneAfter:
//     then the moment exists, and the job's result carries its moment_id and
//     the senders and tags found invalid. A jobid is forgotten 24 hours after
//     the job was made (40058, as for any unknown jobid).
//   - Completing resolves visible_range at that time: the senders are the
//     listed members who are active with 客户联系, plus every such member
//     for department 1 (the simulated corp's only department; others are
//     invalid), or all of them without a sender_list; the tags are the live
//     ones of tag_list. Each sender's chosen customers
//     (get_moment_customer_list) are their customers carrying any valid tag,
//     or all their customers without tags. With no valid sender the job ends
//     with errcode 40058 in its result, with tags but none valid with 40068;
//     neither creates a moment.
//   - Members publish through the back door (Server.Moments().Publish): their
//     task's publish_status becomes 1, and the customers who can see it
//     (get_moment_send_result) are the chosen ones still related to them
//     then. cancel_moment_task stops a moment: members who have not
//     published it can no longer; published copies stay.
//   - Comments and likes come from the back door too (Comment, Like), on a
//     published copy, by one of its visible customers or by a member.
//   - Media ids are not checked against uploads (the simulator has no
//     media/upload_attachment yet): any non-empty media_id is taken.
//   - Server.Moments().AddPersonal makes a member's personal moment
//     (create_type 1, public, published at once), for get_moment_list's
//     filters.

// Job timing of add_moment_task on the simulator clock.
const (
	// MomentJobRunningAfter is when a job moves from status 1 to 2.
	MomentJobRunningAfter = time.Second
	// MomentJobDoneAfter is when a job completes (status 3).
	MomentJobDoneAfter = 3 * time.Second
	// momentJobTTL is how long a jobid is valid.
	momentJobTTL = 24 * time.Hour
)

// Moment job status values (get_moment_task_result.status).
const (
	MomentJobStarted = 1 // 开始创建任务
	MomentJobRunning = 2 // 正在创建任务中
	MomentJobDone    = 3 // 创建任务已完成
)

// Moment kinds and visibility (create_type, visible_type).
const (
	MomentByCorp    = 0 // 企业发表
	MomentByMember  = 1 // 个人发表
	MomentPartial   = 0 // 部分可见
	MomentPublic    = 1 // 公开
	momentMaxText   = 2000
	momentMaxImages = 9
	momentMaxTitle  = 64
	momentMaxSender = 100000
)

// MomentData is the moment group's part of Data: the jobs (for 24 hours)
// and the moments.
type MomentData struct {
	Jobs    []MomentJob `json:"jobs,omitempty"`
	Moments []Moment    `json:"moments,omitempty"`
}

// MomentText is a moment's text.
type MomentText struct {
	Content string `json:"content"`
}

// MomentMedia is an image or a video by media_id.
type MomentMedia struct {
	MediaID string `json:"media_id"`
}

// MomentLink is a moment's link: in a task, with its media_id cover.
type MomentLink struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	MediaID string `json:"media_id,omitempty"`
}

// MomentAttachment is one attachment of add_moment_task.
type MomentAttachment struct {
	MsgType string       `json:"msgtype"`
	Image   *MomentMedia `json:"image,omitempty"`
	Video   *MomentMedia `json:"video,omitempty"`
	Link    *MomentLink  `json:"link,omitempty"`
}

// MomentSenderList and MomentTagList are the parts of a visible_range, and
// of a job's invalid lists.
type MomentSenderList struct {
	UserList       []string `json:"user_list,omitempty"`
	DepartmentList []int64  `json:"department_list,omitempty"`
}

// MomentTagList is external_contact_list: corp tag ids.
type MomentTagList struct {
	TagList []string `json:"tag_list,omitempty"`
}

// MomentVisibleRange is add_moment_task's visible_range.
type MomentVisibleRange struct {
	SenderList          *MomentSenderList `json:"sender_list,omitempty"`
	ExternalContactList *MomentTagList    `json:"external_contact_list,omitempty"`
}

// MomentTask is an add_moment_task request body.
type MomentTask struct {
	Text         *MomentText         `json:"text,omitempty"`
	Attachments  []MomentAttachment  `json:"attachments,omitempty"`
	VisibleRange *MomentVisibleRange `json:"visible_range,omitempty"`
}

// MomentJobResult is a done job's result.
type MomentJobResult struct {
	ErrCode                    int              `json:"errcode"`
	ErrMsg                     string           `json:"errmsg"`
	MomentID                   string           `json:"moment_id,omitempty"`
	InvalidSenderList          MomentSenderList `json:"invalid_sender_list"`
	InvalidExternalContactList MomentTagList    `json:"invalid_external_contact_list"`
}

// MomentJob is an add_moment_task job.
type MomentJob struct {
	JobID string `json:"jobid"`
	// Status is MomentJobStarted, MomentJobRunning or MomentJobDone.
	Status int `json:"status"`
	// CreateTime is when the job was made, Unix seconds: it moves on from
	// there.
	CreateTime int64 `json:"create_time"`
	// Task is the request.
	Task MomentTask `json:"task"`
	// Result is set once Status is MomentJobDone.
	Result *MomentJobResult `json:"result,omitempty"`
}

// MomentInteraction is a comment or a like, by a customer or a member.
type MomentInteraction struct {
	ExternalUserID string `json:"external_userid,omitempty"`
	UserID         string `json:"userid,omitempty"`
	CreateTime     int64  `json:"create_time"`
}

// MomentSender is one member's copy of a moment.
type MomentSender struct {
	UserID string `json:"userid"`
	// PublishStatus is 0 (未发表) or 1 (已发表).
	PublishStatus int   `json:"publish_status"`
	PublishTime   int64 `json:"publish_time,omitempty"`
	// Customers are the external_userids chosen when the moment was made
	// (get_moment_customer_list).
	Customers []string `json:"customers"`
	// Visible are those who can see the published copy
	// (get_moment_send_result).
	Visible  []string            `json:"visible,omitempty"`
	Comments []MomentInteraction `json:"comments,omitempty"`
	Likes    []MomentInteraction `json:"likes,omitempty"`
}

// MomentLocation is where a personal moment was posted.
type MomentLocation struct {
	Latitude  string `json:"latitude"`
	Longitude string `json:"longitude"`
	Name      string `json:"name"`
}

// MomentVideo is a listed moment's video.
type MomentVideo struct {
	MediaID      string `json:"media_id"`
	ThumbMediaID string `json:"thumb_media_id"`
}

// Moment is a moment: a corp moment made by a job, or a member's personal
// one. Its first fields are get_moment_list's; the rest is the
// simulator's.
type Moment struct {
	MomentID    string          `json:"moment_id"`
	Creator     string          `json:"creator,omitempty"`
	CreateTime  int64           `json:"create_time"`
	CreateType  int             `json:"create_type"`
	VisibleType int             `json:"visible_type"`
	Text        *MomentText     `json:"text,omitempty"`
	Image       []MomentMedia   `json:"image,omitempty"`
	Video       *MomentVideo    `json:"video,omitempty"`
	Link        *MomentLink     `json:"link,omitempty"`
	Location    *MomentLocation `json:"location,omitempty"`
	// TagList are the valid tags the audience was chosen by.
	TagList []string `json:"tag_list,omitempty"`
	// Canceled says cancel_moment_task stopped it.
	Canceled bool           `json:"canceled,omitempty"`
	Senders  []MomentSender `json:"senders"`
}

// sender returns the copy of member userID, or nil.
func (m *Moment) sender(userID string) *MomentSender {
	for i := range m.Senders {
		if m.Senders[i].UserID == userID {
			return &m.Senders[i]
		}
	}
	return nil
}

type momentState struct {
	jobs    *table[MomentJob]
	moments *table[Moment]
}

var momentGroup groupKey[momentState]

func init() {
	momentGroup = addGroup(group[momentState]{
		name:   "moment",
		routes: (*Server).momentRoutes,
		state: func() *momentState {
			return &momentState{jobs: newTable(&momentJobResource), moments: newTable(&momentResource)}
		},
		load: func(st *store, g *momentState, d *Data) error {
			if d.Moments == nil {
				return nil
			}
			if err := g.moments.load(st, d.Moments.Moments); err != nil {
				return err
			}
			if err := g.jobs.load(st, d.Moments.Jobs); err != nil {
				return err
			}
			for _, j := range g.jobs.all() {
				st.scheduleJob(j)
			}
			return nil
		},
		snapshot: func(_ *store, g *momentState, d *Data) {
			if g.jobs.len() > 0 || g.moments.len() > 0 {
				d.Moments = &MomentData{Jobs: g.jobs.snapshot(), Moments: g.moments.snapshot()}
			}
		},
	})
}

var momentJobResource = resource[MomentJob]{
	name: "moment job", idField: "jobid",
	id:  func(j *MomentJob) *string { return &j.JobID },
	ids: idFormat{n: 43},
	validate: func(st *store, j *MomentJob, o op) error {
		if err := j.Task.validate(); err != nil {
			return err
		}
		if o == opLoad && (j.Status < MomentJobStarted || j.Status > MomentJobDone || (j.Status == MomentJobDone) != (j.Result != nil)) {
			return fmt.Errorf("status %d with result %v: a done job (3) has a result, a started (1) or running (2) one none", j.Status, j.Result != nil)
		}
		return nil
	},
}

var momentResource = resource[Moment]{
	name: "moment", idField: "moment_id",
	id:  func(m *Moment) *string { return &m.MomentID },
	ids: idFormat{prefix: "mom", n: 31},
	validate: func(st *store, m *Moment, o op) error {
		if m.CreateType == MomentByMember && st.member(m.Creator) == nil {
			return fmt.Errorf("personal moment of unknown member %q", m.Creator)
		}
		for _, s := range m.Senders {
			if st.member(s.UserID) == nil {
				return fmt.Errorf("sender %q is no member", s.UserID)
			}
		}
		return nil
	},
}

func (st *store) momentJobs() *table[MomentJob] { return momentGroup.of(st).jobs }
func (st *store) moments() *table[Moment]      { return momentGroup.of(st).moments }

func (s *Server) momentRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/add_moment_task", write: true, handle: bound(s.addMomentTask)},
		{method: http.MethodGet, path: "externalcontact/get_moment_task_result", handle: bound(s.getMomentTaskResult)},
		{method: http.MethodPost, path: "externalcontact/cancel_moment_task", write: true, handle: bound(s.cancelMomentTask)},
		{method: http.MethodPost, path: "externalcontact/get_moment_list", handle: bound(s.getMomentList)},
		{method: http.MethodPost, path: "externalcontact/get_moment_task", handle: bound(s.getMomentTask)},
		{method: http.MethodPost, path: "externalcontact/get_moment_customer_list", handle: bound(s.getMomentCustomerList)},
		{method: http.MethodPost, path: "externalcontact/get_moment_send_result", handle: bound(s.getMomentSendResult)},
		{method: http.MethodPost, path: "externalcontact/get_moment_comments", handle: bound(s.getMomentComments)},
	}
}

// validate applies add_moment_task's content rules (40058).
func (t *MomentTask) validate() error {
	text := t.Text != nil && t.Text.Content != ""
	if !text && len(t.Attachments) == 0 {
		return errParam("text and attachments are both empty")
	}
	if t.Text != nil {
		if err := checkRunes("text.content", t.Text.Content, momentMaxText); err != nil {
			return err
		}
	}
	if len(t.Attachments) > momentMaxImages {
		return errParam("attachments has %d items, at most %d allowed", len(t.Attachments), momentMaxImages)
	}
	for i, a := range t.Attachments {
		f := fmt.Sprintf("attachments[%d]", i)
		switch a.MsgType {
		case "image":
			if a.Image == nil || a.Image.MediaID == "" {
				return errParam("%s.image.media_id is required", f)
			}
		case "video", "link":
			if len(t.Attachments) > 1 {
				return errParam("%s is a %s: a moment takes up to 9 images, or 1 video, or 1 link", f, a.MsgType)
			}
			if a.MsgType == "video" && (a.Video == nil || a.Video.MediaID == "") {
				return errParam("%s.video.media_id is required", f)
			}
			if a.MsgType == "link" {
				switch {
				case a.Link == nil || a.Link.URL == "":
					return errParam("%s.link.url is required", f)
				case a.Link.MediaID == "":
					return errParam("%s.link.media_id is required", f)
				case len(a.Link.Title) > momentMaxTitle:
					return errParam("%s.link.title has more than %d bytes", f, momentMaxTitle)
				}
			}
		default:
			return errParam("%s.msgtype %q is not image, video or link", f, a.MsgType)
		}
	}
	if v := t.VisibleRange; v != nil && v.SenderList != nil {
		if err := checkList("visible_range.sender_list.user_list", v.SenderList.UserList, false, momentMaxSender); err != nil {
			return err
		}
	}
	if v := t.VisibleRange; v != nil && v.ExternalContactList != nil {
		if err := checkList("visible_range.external_contact_list.tag_list", v.ExternalContactList.TagList, false, 0); err != nil {
			return err
		}
	}
	return nil
}

// addMomentTask serves POST externalcontact/add_moment_task (创建发表任务):
// it checks the content (see MomentTask.validate) and records a job that
// completes on the clock (see the group's comment).
func (s *Server) addMomentTask(c *call, r *MomentTask) (any, error) {
	j, err := c.st.momentJobs().create(c.st, &MomentJob{Status: MomentJobStarted, CreateTime: c.now.Unix(), Task: *r}, "")
	if err != nil {
		return nil, err
	}
	c.st.scheduleJob(j)
	return struct {
		JobID string `json:"jobid"`
	}{j.JobID}, nil
}

// scheduleJob queues what is left of j's life: running, done, forgotten.
func (st *store) scheduleJob(j *MomentJob) {
	created := time.Unix(j.CreateTime, 0)
	id := j.JobID
	if j.Status < MomentJobRunning {
		st.schedule(created.Add(MomentJobRunningAfter), func(time.Time) {
			if j := st.momentJobs().get(id); j != nil && j.Status < MomentJobRunning {
				j.Status = MomentJobRunning
			}
		})
	}
	if j.Status < MomentJobDone {
		st.schedule(created.Add(MomentJobDoneAfter), func(at time.Time) {
			if j := st.momentJobs().get(id); j != nil && j.Status < MomentJobDone {
				st.completeJob(j, at)
			}
		})
	}
	st.schedule(created.Add(momentJobTTL), func(time.Time) { _ = st.momentJobs().remove(id, "") })
}

// completeJob resolves a job's visible range at and creates its moment.
func (st *store) completeJob(j *MomentJob, at time.Time) {
	j.Status = MomentJobDone
	res := &MomentJobResult{ErrMsg: "ok"}
	j.Result = res
	task := j.Task
	var senders []string
	seen := map[string]bool{}
	addSender := func(u string) {
		if !seen[u] {
			seen[u] = true
			senders = append(senders, u)
		}
	}
	allMembers := func() {
		for _, m := range st.members {
			if !m.Resigned() && m.ExternalContact {
				addSender(m.UserID)
			}
		}
	}
	var tags []string
	tagsGiven := false
	if v := task.VisibleRange; v != nil {
		if sl := v.SenderList; sl != nil {
			for _, u := range sl.UserList {
				if m := st.activeMember(u); m != nil && m.ExternalContact {
					addSender(u)
				} else {
					res.InvalidSenderList.UserList = append(res.InvalidSenderList.UserList, u)
				}
			}
			for _, d := range sl.DepartmentList {
				if d == rootParty {
					allMembers()
				} else {
					res.InvalidSenderList.DepartmentList = append(res.InvalidSenderList.DepartmentList, d)
				}
			}
		} else {
			allMembers()
		}
		if el := v.ExternalContactList; el != nil && len(el.TagList) > 0 {
			tagsGiven = true
			for _, id := range el.TagList {
				if g, _ := st.liveTag(id); g != nil {
					tags = append(tags, id)
				} else {
					res.InvalidExternalContactList.TagList = append(res.InvalidExternalContactList.TagList, id)
				}
			}
		}
	} else {
		allMembers()
	}
	switch {
	case len(senders) == 0:
		res.ErrCode, res.ErrMsg = codeInvalidParameter, errText(codeInvalidParameter)+": no valid sender in visible_range"
		return
	case tagsGiven && len(tags) == 0:
		res.ErrCode, res.ErrMsg = codeInvalidTagID, errText(codeInvalidTagID)+": no valid tag in visible_range"
		return
	}
	m := &Moment{CreateTime: at.Unix(), CreateType: MomentByCorp, VisibleType: MomentPublic, Text: task.Text, TagList: tags}
	if tagsGiven {
		m.VisibleType = MomentPartial
	}
	for _, a := range task.Attachments {
		switch a.MsgType {
		case "image":
			m.Image = append(m.Image, *a.Image)
		case "video":
			m.Video = &MomentVideo{MediaID: a.Video.MediaID, ThumbMediaID: "WWCISP_" + st.ids.alnum(24)}
		case "link":
			m.Link = &MomentLink{Title: a.Link.Title, URL: a.Link.URL}
		}
	}
	for _, u := range senders {
		sd := MomentSender{UserID: u, Customers: []string{}}
		for _, rel := range st.relations {
			if rel.UserID == u && (!tagsGiven || slices.ContainsFunc(rel.TagIDs, func(id string) bool { return slices.Contains(tags, id) })) {
				sd.Customers = append(sd.Customers, rel.ExternalUserID)
			}
		}
		m.Senders = append(m.Senders, sd)
	}
	created, err := st.moments().create(st, m, "")
	if err != nil { // unreachable: the senders are members
		res.ErrCode, res.ErrMsg = codeSystemBusy, err.Error()
		return
	}
	res.MomentID = created.MomentID
}

type momentTaskResultRequest struct {
	JobID string `json:"jobid" wt:"required"`
}

// getMomentTaskResult serves GET externalcontact/get_moment_task_result
// (获取任务创建结果): the job's status and, once done, its result; an
// unknown (or forgotten) jobid answers 40058.
func (s *Server) getMomentTaskResult(c *call, r *momentTaskResultRequest) (any, error) {
	j, err := c.st.momentJobs().lookup(r.JobID)
	if err != nil {
		return nil, err
	}
	return struct {
		Status int              `json:"status"`
		Type   string           `json:"type"`
		Result *MomentJobResult `json:"result,omitempty"`
	}{j.Status, "add_moment_task", j.Result}, nil
}

type momentIDRequest struct {
	MomentID string `json:"moment_id" wt:"required"`
}

// corpMoment looks up a corp moment: 40058 for an unknown id or a
// personal moment.
func corpMoment(st *store, id string) (*Moment, error) {
	m, err := st.moments().lookup(id)
	if err != nil {
		return nil, err
	}
	if m.CreateType != MomentByCorp {
		return nil, errParam("moment %s is a personal moment, not the corp's", id)
	}
	return m, nil
}

// cancelMomentTask serves POST externalcontact/cancel_moment_task
// (停止发表企业朋友圈): the corp moment stops; members who have not
// published it no longer can. Stopping it again is no error.
func (s *Server) cancelMomentTask(c *call, r *momentIDRequest) (any, error) {
	m, err := corpMoment(c.st, r.MomentID)
	if err != nil {
		return nil, err
	}
	m.Canceled = true
	return nil, nil
}

// ---- back door ----

// Moments is the back door of the 客户朋友圈 group: members publish corp
// moments, customers and members comment and like, members post personal
// moments. Get it from Server.Moments.
type Moments struct{ backDoor }

// Moments returns the back door of the 客户朋友圈 group.
func (s *Server) Moments() Moments { return Moments{backDoor{s}} }

// Publish has member userID publish their copy of a corp moment now (the
// member taps 发表 in the app): publish_status 1, and the chosen customers
// still related to the member can see it. Publishing again changes
// nothing. It fails for an unknown moment, a member who is not one of its
// senders, and a moment stopped by cancel_moment_task.
func (b Moments) Publish(momentID, userID string) error {
	return b.write(func(st *store, now time.Time) error {
		m := st.moments().get(momentID)
		if m == nil {
			return fmt.Errorf("worktest: Moments().Publish: no moment %q", momentID)
		}
		sd := m.sender(userID)
		switch {
		case sd == nil:
			return fmt.Errorf("worktest: Moments().Publish: %q is not a sender of moment %s", userID, momentID)
		case sd.PublishStatus == 1:
			return nil
		case m.Canceled:
			return fmt.Errorf("worktest: Moments().Publish: moment %s was stopped (cancel_moment_task)", momentID)
		}
		sd.PublishStatus, sd.PublishTime = 1, now.Unix()
		sd.Visible = []string{}
		for _, id := range sd.Customers {
			if st.relation(userID, id) != nil {
				sd.Visible = append(sd.Visible, id)
			}
		}
		return nil
	})
}

// Comment adds a comment on member userID's published copy of a moment, by
// a customer who can see it (by.ExternalUserID) or by a member
// (by.UserID): exactly one of them. CreateTime is the clock's now.
func (b Moments) Comment(momentID, userID string, by MomentInteraction) error {
	return b.interact("Comment", momentID, userID, by, false)
}

// Like adds a like, as Comment adds a comment.
func (b Moments) Like(momentID, userID string, by MomentInteraction) error {
	return b.interact("Like", momentID, userID, by, true)
}

func (b Moments) interact(op, momentID, userID string, by MomentInteraction, like bool) error {
	return b.write(func(st *store, now time.Time) error {
		m := st.moments().get(momentID)
		if m == nil {
			return fmt.Errorf("worktest: Moments().%s: no moment %q", op, momentID)
		}
		sd := m.sender(userID)
		switch {
		case sd == nil || sd.PublishStatus != 1:
			return fmt.Errorf("worktest: Moments().%s: %q has not published moment %s", op, userID, momentID)
		case (by.ExternalUserID == "") == (by.UserID == ""):
			return fmt.Errorf("worktest: Moments().%s: give ExternalUserID or UserID, not both or neither", op)
		case by.ExternalUserID != "" && !slices.Contains(sd.Visible, by.ExternalUserID):
			return fmt.Errorf("worktest: Moments().%s: customer %q cannot see %s's copy", op, by.ExternalUserID, userID)
		case by.UserID != "" && st.activeMember(by.UserID) == nil:
			return fmt.Errorf("worktest: Moments().%s: no active member %q", op, by.UserID)
		}
		by.CreateTime = now.Unix()
		if like {
			sd.Likes = append(sd.Likes, by)
		} else {
			sd.Comments = append(sd.Comments, by)
		}
		return nil
	})
}

// PersonalMoment is a member's own moment for Moments().AddPersonal.
type PersonalMoment struct {
	// UserID is the member: active, with 客户联系.
	UserID string
	// Text is the text, at most 2000 characters.
	Text string
	// Images are media ids.
	Images []string
	// Location is optional.
	Location *MomentLocation
}

// AddPersonal posts a member's personal moment (个人发表) now: public,
// published, visible to all the member's customers. It returns the
// moment_id.
func (b Moments) AddPersonal(p PersonalMoment) (momentID string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		if m := st.activeMember(p.UserID); m == nil || !m.ExternalContact {
			return fmt.Errorf("no active member %q with 客户联系", p.UserID)
		}
		if !utf8.ValidString(p.Text) || utf8.RuneCountInString(p.Text) > momentMaxText || (p.Text == "" && len(p.Images) == 0) {
			return fmt.Errorf("a moment has 1 to %d characters of text or some images", momentMaxText)
		}
		m := &Moment{Creator: p.UserID, CreateTime: now.Unix(), CreateType: MomentByMember, VisibleType: MomentPublic, Location: p.Location}
		if p.Text != "" {
			m.Text = &MomentText{Content: p.Text}
		}
		for _, id := range p.Images {
			m.Image = append(m.Image, MomentMedia{MediaID: id})
		}
		sd := MomentSender{UserID: p.UserID, PublishStatus: 1, PublishTime: now.Unix(), Customers: []string{}}
		for _, rel := range st.relations {
			if rel.UserID == p.UserID {
				sd.Customers = append(sd.Customers, rel.ExternalUserID)
			}
		}
		sd.Visible = slices.Clone(sd.Customers)
		m.Senders = []MomentSender{sd}
		created, err := st.moments().create(st, m, "")
		if err != nil {
			return err
		}
		momentID = created.MomentID
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("worktest: Moments().AddPersonal: %w", err)
	}
	return momentID, nil
}
