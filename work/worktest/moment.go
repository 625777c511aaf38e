package worktest

import (
	"fmt"
	"net/http"
	"time"
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
	MomentByCorp   = 0 // 企业发表
	MomentByMember = 1 // 个人发表
	MomentPartial  = 0 // 部分可见
	MomentPublic   = 1 // 公开
)

// WeCom's bounds of add_moment_task.
const (
	momentMaxText   = 2000   // text.content, characters
	momentMaxImages = 9      // images; or 1 video, or 1 link
	momentMaxTitle  = 64     // link.title, bytes
	momentMaxSender = 100000 // visible_range.sender_list.user_list
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
func (st *store) moments() *table[Moment]       { return momentGroup.of(st).moments }

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
