package callback

// Instruction callback (指令回调) event types: what WeCom pushes to a
// third-party suite's (第三方应用) or 代开发 template's 指令回调 URL about
// the suite itself. They come in the third-party form (SuiteId, InfoType,
// TimeStamp) and are encrypted for the suite id, which must therefore be
// one of Config.ReceiverIDs; the Handler also requires the receiver id of
// such a delivery to be the very SuiteId it names.
const (
	// EventSuiteTicket: 推送suite_ticket, every 10 minutes.
	EventSuiteTicket EventType = "suite_ticket"
	// EventCreateAuth: 授权成功通知, a corp installed the suite.
	EventCreateAuth EventType = "create_auth"
	// EventChangeAuth: 变更授权通知, a corp changed the suite's
	// authorisation (visible range, permissions).
	EventChangeAuth EventType = "change_auth"
	// EventCancelAuth: 取消授权通知, a corp uninstalled the suite.
	EventCancelAuth EventType = "cancel_auth"
	// EventResetPermanentCode: 重置永久授权码通知, the corp's permanent code
	// was reset; exchange the AuthCode for the new one.
	EventResetPermanentCode EventType = "reset_permanent_code"
)

// SuiteTicketEvent is the suite_ticket instruction (推送suite_ticket): WeCom
// pushes a new ticket every 10 minutes; each is valid for 30 minutes and is
// needed to get the suite's suite_access_token (service/get_suite_token).
// Store it where every instance can read it (provider.Suite.SetTicket does).
type SuiteTicketEvent struct {
	Header
	// SuiteTicket is the ticket (SuiteTicket element). It is a credential:
	// do not log it.
	SuiteTicket string
}

// CreateAuthEvent is create_auth (授权成功通知): a corp authorised the suite;
// exchange AuthCode for the corp's permanent code with
// service/get_permanent_code (provider.Suite.Authorize). WeCom expects
// "success" within a few seconds, so exchange it quickly or hand it to a
// queue.
type CreateAuthEvent struct {
	Header
	// AuthCode is the temporary authorisation code (临时授权码), valid for
	// 10 minutes and usable once. It is a credential: do not log it.
	AuthCode string
	// State is the state given to the install link or QR code, if any.
	State string
}

// ChangeAuthEvent is change_auth (变更授权通知): the corp (AuthCorpID in the
// Header) changed what the suite may see or do; read the new authorisation
// with service/get_auth_info.
type ChangeAuthEvent struct {
	Header
	// State is the state given to the install link, if any.
	State string
}

// CancelAuthEvent is cancel_auth (取消授权通知): the corp (AuthCorpID in the
// Header) uninstalled the suite: its permanent code and tokens are dead;
// forget them (provider.Suite.Revoke).
type CancelAuthEvent struct {
	Header
}

// ResetPermanentCodeEvent is reset_permanent_code (重置永久授权码通知): the
// corp's permanent code was reset, and the old one no longer works. Exchange
// AuthCode for the new one with service/get_permanent_code
// (provider.Suite.Authorize).
type ResetPermanentCodeEvent struct {
	Header
	// AuthCode is the temporary authorisation code. It is a credential: do
	// not log it.
	AuthCode string
}

// isSuiteInstruction reports whether t is one of the instruction events
// above, which must be encrypted for the SuiteId they carry.
func isSuiteInstruction(t EventType) bool {
	switch t {
	case EventSuiteTicket, EventCreateAuth, EventChangeAuth, EventCancelAuth, EventResetPermanentCode:
		return true
	}
	return false
}

// decodeSuite builds the typed instruction events, or returns nil.
func decodeSuite(h Header, d *xmlDoc) Event {
	if h.ChangeType != "" {
		return nil
	}
	switch h.Type() {
	case EventSuiteTicket:
		return &SuiteTicketEvent{Header: h, SuiteTicket: d.get("SuiteTicket")}
	case EventCreateAuth:
		return &CreateAuthEvent{Header: h, AuthCode: d.get("AuthCode"), State: d.get("State")}
	case EventChangeAuth:
		return &ChangeAuthEvent{Header: h, State: d.get("State")}
	case EventCancelAuth:
		return &CancelAuthEvent{Header: h}
	case EventResetPermanentCode:
		return &ResetPermanentCodeEvent{Header: h, AuthCode: d.get("AuthCode")}
	}
	return nil
}
