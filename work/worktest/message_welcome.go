package worktest

// 新客户欢迎语: externalcontact/send_welcome_msg. A WelcomeCode comes with
// the add_external_contact event of AddContact (or ContactWays().Scan);
// it is valid for WelcomeCodeTTL (20 s) of the simulator clock and usable
// once. An unknown or expired code answers 40058 (WeCom's page names no
// code for it), a used one 41051, WeCom's "externaluser has started
// chatting" for the apps that lose the race. The content follows the mass
// message rules (checkMsgContent; 40007 for an unknown or expired
// media_id), checked before the code is used up. What was sent is in
// Messages().Welcomes() and Data.WelcomeMessages.

const codeWelcomeCodeUsed = 41051

// WelcomeMessage is a welcome message sent with send_welcome_msg.
type WelcomeMessage struct {
	WelcomeCode    string          `json:"welcome_code"`
	UserID         string          `json:"userid"`
	ExternalUserID string          `json:"external_userid"`
	Text           *MsgText        `json:"text,omitempty"`
	Attachments    []MsgAttachment `json:"attachments,omitempty"`
	// SendTime is when it was sent, Unix seconds.
	SendTime int64 `json:"send_time"`
}

type sendWelcomeReq struct {
	WelcomeCode string          `json:"welcome_code" wt:"required"`
	Text        *MsgText        `json:"text"`
	Attachments []MsgAttachment `json:"attachments"`
}

// sendWelcomeMsg answers externalcontact/send_welcome_msg.
func (s *Server) sendWelcomeMsg(c *call, r *sendWelcomeReq) (any, error) {
	if err := c.st.checkMsgContent(r.Text, r.Attachments, c.now); err != nil {
		return nil, err
	}
	s.ev.mu.Lock() // lock order: the store's mu (held), then the event hub's
	defer s.ev.mu.Unlock()
	code, exp, ok := s.ev.codes.get(r.WelcomeCode)
	switch {
	case !ok || !c.now.Before(exp):
		return nil, errParam("welcome_code is unknown or expired (valid %v after the event)", WelcomeCodeTTL)
	case code.used:
		return nil, errCode(codeWelcomeCodeUsed)
	}
	code.used = true
	s.ev.codes.set(r.WelcomeCode, code)
	g := c.st.messages()
	g.welcomes = append(g.welcomes, WelcomeMessage{WelcomeCode: r.WelcomeCode, UserID: code.userID,
		ExternalUserID: code.externalUserID, Text: r.Text, Attachments: r.Attachments, SendTime: c.now.Unix()})
	return nil, nil
}
