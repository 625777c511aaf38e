package worktest

import (
	"slices"
	"time"
)

// Temporary sessions (临时会话). A temporary way's QR code works once,
// until its expire_time: the customer who scans it adds the member (as any
// way's customer does) and opens a session that lasts chat_expires_in on
// the simulator clock. When that passes the session ends by itself (a task
// on the scheduler records its close_time); close_temp_chat ends it early.
// The relation stays: the simulator models the session, not the
// conclusions WeCom sends when it ends.

// openTempChat records the session a customer opened through temporary
// way w at now, and schedules its end.
func (st *store) openTempChat(w *ContactWay, userID, externalUserID string, now time.Time) {
	w.TempChat = &TempChat{UserID: userID, ExternalUserID: externalUserID, StartTime: now.Unix(),
		ExpireTime: now.Unix() + int64(w.ChatExpiresIn)}
	st.scheduleTempChatEnd(w.ConfigID, w.TempChat)
}

// scheduleTempChatEnd ends the session of way configID at its expire time,
// unless it ended before or the way is gone.
func (st *store) scheduleTempChatEnd(configID string, chat *TempChat) {
	expire := chat.ExpireTime
	st.schedule(time.Unix(expire, 0), func(at time.Time) {
		w := st.ways().get(configID)
		if w != nil && w.TempChat.Live() && w.TempChat.ExpireTime == expire {
			w.TempChat.CloseTime = at.Unix()
		}
	})
}

type closeTempChatReq struct {
	UserID         string `json:"userid" wt:"required=41009"`
	ExternalUserID string `json:"external_userid" wt:"required=41035"`
}

// closeTempChat serves POST externalcontact/close_temp_chat (结束临时会话):
// userid (41009) and external_userid (41035) are required, and must be
// the two sides of a live temporary session (40058 otherwise: one that
// ended, or never was), which then ends.
func (s *Server) closeTempChat(c *call, r *closeTempChatReq) (any, error) {
	i := slices.IndexFunc(c.st.ways().all(), func(w *ContactWay) bool {
		return w.TempChat.Live() && w.TempChat.UserID == r.UserID && w.TempChat.ExternalUserID == r.ExternalUserID
	})
	if i < 0 {
		return nil, errParam("no live temporary session between %s and %s", r.UserID, r.ExternalUserID)
	}
	c.st.ways().all()[i].TempChat.CloseTime = c.now.Unix()
	return nil, nil
}
