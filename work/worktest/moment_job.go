package worktest

import (
	"fmt"
	"slices"
	"time"
)

// The write side of 客户朋友圈: add_moment_task's job, its result, and
// cancel_moment_task (see moment.go for the group's design).

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
