package worktest

import (
	"strconv"
	"time"
)

// The reads of the message group: get_groupmsg_list_v2 (the mass messages
// created in a window of at most a month, 31 days in the simulator; 100 a
// page, 50 by default), get_groupmsg_task (a message's senders; 1000, 500
// by default), get_groupmsg_send_result (one sender's recipients; 1000,
// 500) and the deprecated get_group_msg_result (every recipient; 10000).
// A limit above its maximum is lowered to it.

const (
	maxListWindow = 31 * 24 * time.Hour
	maxMsgList    = 100
	defMsgList    = 50
	maxTaskList   = 1000
	defTaskList   = 500
	maxMsgResult  = 10000
)

type groupMsgListReq struct {
	ChatType   string `json:"chat_type" wt:"required"`
	StartTime  int64  `json:"start_time" wt:"required"`
	EndTime    int64  `json:"end_time" wt:"required"`
	Creator    string `json:"creator"`
	FilterType *int   `json:"filter_type"`
	Limit      int    `json:"limit"`
	Cursor     string `json:"cursor"`
}

func (r *groupMsgListReq) validate() error {
	switch {
	case r.ChatType != "single" && r.ChatType != "group":
		return errParam("chat_type must be single or group")
	case r.EndTime < r.StartTime:
		return errParam("end_time is before start_time")
	case time.Duration(r.EndTime-r.StartTime)*time.Second > maxListWindow:
		return errParam("start_time and end_time are more than a month apart")
	case r.FilterType != nil && (*r.FilterType < 0 || *r.FilterType > 2):
		return errParam("filter_type must be 0, 1 or 2")
	}
	return nil
}

// groupMsgEntry is one message of get_groupmsg_list_v2.
type groupMsgEntry struct {
	MsgID       string          `json:"msgid"`
	Creator     string          `json:"creator,omitempty"`
	CreateTime  int64           `json:"create_time"`
	CreateType  int             `json:"create_type"`
	Text        *MsgText        `json:"text,omitempty"`
	Attachments []MsgAttachment `json:"attachments,omitempty"`
}

// getGroupMsgListV2 answers externalcontact/get_groupmsg_list_v2.
func (s *Server) getGroupMsgListV2(c *call, r *groupMsgListReq) (any, error) {
	filter := 2
	if r.FilterType != nil {
		filter = *r.FilterType
	}
	limit, err := pageLimit("limit", r.Limit, defMsgList, maxMsgList)
	if err != nil {
		return nil, err
	}
	page, next, err := c.st.messages().msgs.page(c, r.Cursor, limit, func(m *MassMessage) bool {
		return m.ChatType == r.ChatType && m.CreateTime >= r.StartTime && m.CreateTime <= r.EndTime &&
			(r.Creator == "" || m.Creator == r.Creator) && (filter == 2 || m.CreateType == filter)
	}, r.ChatType, strconv.FormatInt(r.StartTime, 10), strconv.FormatInt(r.EndTime, 10), r.Creator, strconv.Itoa(filter))
	if err != nil {
		return nil, err
	}
	list := make([]groupMsgEntry, len(page))
	for i, m := range page {
		list[i] = groupMsgEntry{m.MsgID, m.Creator, m.CreateTime, m.CreateType, m.Text, m.Attachments}
	}
	return struct {
		NextCursor   string          `json:"next_cursor"`
		GroupMsgList []groupMsgEntry `json:"group_msg_list"`
	}{next, list}, nil
}

type groupMsgTaskReq struct {
	MsgID  string `json:"msgid" wt:"required"`
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

type groupMsgTaskEntry struct {
	UserID   string `json:"userid"`
	Status   int    `json:"status"`
	SendTime int64  `json:"send_time,omitempty"`
}

// getGroupMsgTask answers externalcontact/get_groupmsg_task: the senders
// in the order their tasks were made.
func (s *Server) getGroupMsgTask(c *call, r *groupMsgTaskReq) (any, error) {
	msg, err := c.st.messages().msgs.lookup(r.MsgID)
	if err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, defTaskList, maxTaskList)
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(msg.Tasks))
	for i := range idx {
		idx[i] = i
	}
	page, next, err := paginate(c, r.Cursor, limit, idx,
		func(i int) uint64 { return uint64(i) + 1 }, nil, r.MsgID)
	if err != nil {
		return nil, err
	}
	list := make([]groupMsgTaskEntry, len(page))
	for i, j := range page {
		t := msg.Tasks[j]
		list[i] = groupMsgTaskEntry{t.UserID, t.Status, t.SendTime}
	}
	return struct {
		NextCursor string              `json:"next_cursor"`
		TaskList   []groupMsgTaskEntry `json:"task_list"`
	}{next, list}, nil
}

type groupMsgSendResultReq struct {
	MsgID  string `json:"msgid" wt:"required"`
	UserID string `json:"userid" wt:"required=41009"`
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

// sendResultEntry is one recipient of get_groupmsg_send_result and
// get_group_msg_result.
type sendResultEntry struct {
	ExternalUserID string `json:"external_userid,omitempty"`
	ChatID         string `json:"chat_id,omitempty"`
	UserID         string `json:"userid"`
	Status         int    `json:"status"`
	SendTime       int64  `json:"send_time,omitempty"`
}

// recipientRef points at one recipient of a message.
type recipientRef struct{ task, i int }

// sendResults pages the recipients refs of msg.
func sendResults(c *call, msg *MassMessage, refs []recipientRef, cursor string, limit int, query ...string) ([]sendResultEntry, string, error) {
	seqs := make(map[recipientRef]uint64, len(refs))
	for i, r := range refs {
		seqs[r] = uint64(i) + 1
	}
	page, next, err := paginate(c, cursor, limit, refs, func(r recipientRef) uint64 { return seqs[r] }, nil, query...)
	if err != nil {
		return nil, "", err
	}
	out := make([]sendResultEntry, len(page))
	for i, ref := range page {
		t := msg.Tasks[ref.task]
		rc := t.Recipients[ref.i]
		out[i] = sendResultEntry{rc.ExternalUserID, rc.ChatID, t.UserID, rc.Status, rc.SendTime}
	}
	return out, next, nil
}

// getGroupMsgSendResult answers externalcontact/get_groupmsg_send_result:
// one sender's recipients (none for a member without a task).
func (s *Server) getGroupMsgSendResult(c *call, r *groupMsgSendResultReq) (any, error) {
	msg, err := c.st.messages().msgs.lookup(r.MsgID)
	if err != nil {
		return nil, err
	}
	var refs []recipientRef
	for ti, t := range msg.Tasks {
		if t.UserID == r.UserID {
			for i := range t.Recipients {
				refs = append(refs, recipientRef{ti, i})
			}
		}
	}
	limit, err := pageLimit("limit", r.Limit, defTaskList, maxTaskList)
	if err != nil {
		return nil, err
	}
	list, next, err := sendResults(c, msg, refs, r.Cursor, limit, r.MsgID, r.UserID)
	if err != nil {
		return nil, err
	}
	return struct {
		NextCursor string            `json:"next_cursor"`
		SendList   []sendResultEntry `json:"send_list"`
	}{next, list}, nil
}

// getGroupMsgResult answers the deprecated
// externalcontact/get_group_msg_result: every recipient of every sender.
func (s *Server) getGroupMsgResult(c *call, r *groupMsgTaskReq) (any, error) {
	msg, err := c.st.messages().msgs.lookup(r.MsgID)
	if err != nil {
		return nil, err
	}
	var refs []recipientRef
	for ti, t := range msg.Tasks {
		for i := range t.Recipients {
			refs = append(refs, recipientRef{ti, i})
		}
	}
	limit, err := pageLimit("limit", r.Limit, maxMsgResult, maxMsgResult)
	if err != nil {
		return nil, err
	}
	list, next, err := sendResults(c, msg, refs, r.Cursor, limit, r.MsgID)
	if err != nil {
		return nil, err
	}
	return struct {
		NextCursor string            `json:"next_cursor"`
		DetailList []sendResultEntry `json:"detail_list"`
	}{next, list}, nil
}
