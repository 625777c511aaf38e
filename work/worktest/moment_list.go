package worktest

import (
	"strconv"
)

// The read side of 客户朋友圈: the moment list, the tasks of a corp moment,
// its chosen and its visible customers, and its comments and likes.

type momentListRequest struct {
	StartTime  int64  `json:"start_time" wt:"required"`
	EndTime    int64  `json:"end_time" wt:"required"`
	Creator    string `json:"creator"`
	FilterType *int   `json:"filter_type"`
	Cursor     string `json:"cursor"`
	Limit      int    `json:"limit"`
}

// momentView is a moment as get_moment_list shows it.
type momentView struct {
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
}

// getMomentList serves POST externalcontact/get_moment_list (获取企业全部的
// 发表列表): the moments created from start_time to end_time (both
// required, end not before start, at most 30 days apart: 40058), of one
// creator when given, filtered by filter_type (0 corp, 1 personal, 2 all,
// the default; else 40058), in the order they were made, limit (default
// 20) at most 20 a page.
func (s *Server) getMomentList(c *call, r *momentListRequest) (any, error) {
	switch {
	case r.EndTime < r.StartTime:
		return nil, errParam("end_time is before start_time")
	case r.EndTime-r.StartTime > statMaxSpanDays*day:
		return nil, errParam("start_time and end_time are more than %d days apart", statMaxSpanDays)
	}
	filter := MomentByCorp + MomentByMember + 1 // 2: all
	if r.FilterType != nil {
		filter = *r.FilterType
	}
	if filter < 0 || filter > 2 {
		return nil, errParam("filter_type is %d, must be 0, 1 or 2", filter)
	}
	limit, err := pageLimit("limit", r.Limit, 20, 20)
	if err != nil {
		return nil, err
	}
	page, next, err := c.st.moments().page(c, r.Cursor, limit, func(m *Moment) bool {
		return m.CreateTime >= r.StartTime && m.CreateTime <= r.EndTime &&
			(r.Creator == "" || m.Creator == r.Creator) && (filter == 2 || m.CreateType == filter)
	}, strconv.FormatInt(r.StartTime, 10), strconv.FormatInt(r.EndTime, 10), r.Creator, strconv.Itoa(filter))
	if err != nil {
		return nil, err
	}
	out := make([]momentView, len(page))
	for i, m := range page {
		out[i] = momentView{MomentID: m.MomentID, Creator: m.Creator, CreateTime: m.CreateTime, CreateType: m.CreateType,
			VisibleType: m.VisibleType, Text: m.Text, Image: m.Image, Video: m.Video, Link: m.Link, Location: m.Location}
	}
	return struct {
		NextCursor  string       `json:"next_cursor"`
		MomentsList []momentView `json:"moment_list"`
	}{next, out}, nil
}

type momentTaskRequest struct {
	MomentID string `json:"moment_id" wt:"required"`
	Cursor   string `json:"cursor"`
	Limit    int    `json:"limit"`
}

// indexed pages a slice that has no sequence numbers of its own: the
// position (from 1) serves.
type indexed[T any] struct {
	n uint64
	v T
}

func indexAll[T any](list []T) []indexed[T] {
	out := make([]indexed[T], len(list))
	for i, v := range list {
		out[i] = indexed[T]{uint64(i + 1), v}
	}
	return out
}

func seqOf[T any](e indexed[T]) uint64 { return e.n }

// getMomentTask serves POST externalcontact/get_moment_task (获取客户朋友圈
// 企业发表的列表): the senders of a corp moment (unknown or personal: 40058)
// with their publish_status, limit (default 500) at most 1000 a page.
func (s *Server) getMomentTask(c *call, r *momentTaskRequest) (any, error) {
	m, err := corpMoment(c.st, r.MomentID)
	if err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, 500, 1000)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(c, r.Cursor, limit, indexAll(m.Senders), seqOf, nil, r.MomentID)
	if err != nil {
		return nil, err
	}
	type task struct {
		UserID        string `json:"userid"`
		PublishStatus int    `json:"publish_status"`
	}
	out := make([]task, len(page))
	for i, e := range page {
		out[i] = task{e.v.UserID, e.v.PublishStatus}
	}
	return struct {
		NextCursor string `json:"next_cursor"`
		TaskList   []task `json:"task_list"`
	}{next, out}, nil
}

type momentMemberRequest struct {
	MomentID string `json:"moment_id" wt:"required"`
	UserID   string `json:"userid" wt:"required=41009"`
	Cursor   string `json:"cursor"`
	Limit    int    `json:"limit"`
}

// momentCopy looks up a moment (40058) and a member (40003) and returns
// the member's copy, nil when the member is not one of its senders.
func momentCopy(st *store, momentID, userID string) (*MomentSender, error) {
	m, err := st.moments().lookup(momentID)
	if err != nil {
		return nil, err
	}
	if st.member(userID) == nil {
		return nil, errDetail(codeInvalidUserID, "%s", userID)
	}
	return m.sender(userID), nil
}

// getMomentCustomerList serves POST externalcontact/get_moment_customer_list
// (获取客户朋友圈发表时选择的可见范围): the customers chosen for member
// userid's copy when the moment was made (none for a member who is not a
// sender), limit (default 500) at most 1000 a page.
func (s *Server) getMomentCustomerList(c *call, r *momentMemberRequest) (any, error) {
	sd, err := momentCopy(c.st, r.MomentID, r.UserID)
	if err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, 500, 1000)
	if err != nil {
		return nil, err
	}
	var ids []string
	if sd != nil {
		ids = sd.Customers
	}
	page, next, err := paginate(c, r.Cursor, limit, indexAll(ids), seqOf, nil, r.MomentID, r.UserID)
	if err != nil {
		return nil, err
	}
	type customer struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
	}
	out := make([]customer, len(page))
	for i, e := range page {
		out[i] = customer{r.UserID, e.v}
	}
	return struct {
		NextCursor   string     `json:"next_cursor"`
		CustomerList []customer `json:"customer_list"`
	}{next, out}, nil
}

// getMomentSendResult serves POST externalcontact/get_moment_send_result
// (获取客户朋友圈发表后的可见客户列表): the customers who can see member
// userid's published copy (none before it is published), limit (default
// 3000) at most 5000 a page.
func (s *Server) getMomentSendResult(c *call, r *momentMemberRequest) (any, error) {
	sd, err := momentCopy(c.st, r.MomentID, r.UserID)
	if err != nil {
		return nil, err
	}
	limit, err := pageLimit("limit", r.Limit, 3000, 5000)
	if err != nil {
		return nil, err
	}
	var ids []string
	if sd != nil {
		ids = sd.Visible
	}
	page, next, err := paginate(c, r.Cursor, limit, indexAll(ids), seqOf, nil, r.MomentID, r.UserID)
	if err != nil {
		return nil, err
	}
	type customer struct {
		ExternalUserID string `json:"external_userid"`
	}
	out := make([]customer, len(page))
	for i, e := range page {
		out[i] = customer{e.v}
	}
	return struct {
		NextCursor   string     `json:"next_cursor"`
		CustomerList []customer `json:"customer_list"`
	}{next, out}, nil
}

type momentCommentsRequest struct {
	MomentID string `json:"moment_id" wt:"required"`
	UserID   string `json:"userid" wt:"required=41009"`
}

// getMomentComments serves POST externalcontact/get_moment_comments (获取
// 客户朋友圈的互动数据): the comments and likes on member userid's copy, oldest
// first.
func (s *Server) getMomentComments(c *call, r *momentCommentsRequest) (any, error) {
	sd, err := momentCopy(c.st, r.MomentID, r.UserID)
	if err != nil {
		return nil, err
	}
	out := struct {
		CommentList []MomentInteraction `json:"comment_list"`
		LikeList    []MomentInteraction `json:"like_list"`
	}{[]MomentInteraction{}, []MomentInteraction{}}
	if sd != nil {
		out.CommentList = append(out.CommentList, sd.Comments...)
		out.LikeList = append(out.LikeList, sd.Likes...)
	}
	return out, nil
}
