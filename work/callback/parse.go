package callback

import (
	"fmt"
	"strconv"
	"strings"
)

// kind names an event kind: event type and change type.
type kind struct {
	typ    EventType
	change ChangeType
}

// decodeTyped builds the typed event of a known kind from its header and
// scanned document. It returns nil, nil for an unknown kind.
func decodeTyped(h Header, d *xmlDoc) (Event, error) {
	if h.Type() == EventCustomerAcquisition {
		return decodeAcquisition(h, d) // events_acquisition.go
	}
	switch (kind{h.Type(), h.ChangeType}) {
	case kind{EventChangeExternalContact, ChangeAddExternalContact}:
		return &AddExternalContactEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			State: d.get("State"), WelcomeCode: d.get("WelcomeCode")}, nil
	case kind{EventChangeExternalContact, ChangeEditExternalContact}:
		return &EditExternalContactEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			State: d.get("State")}, nil
	case kind{EventChangeExternalContact, ChangeAddHalfExternalContact}:
		return &AddHalfExternalContactEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			State: d.get("State"), WelcomeCode: d.get("WelcomeCode")}, nil
	case kind{EventChangeExternalContact, ChangeDelExternalContact}:
		return &DelExternalContactEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			Source: DeleteSource(d.get("Source"))}, nil
	case kind{EventChangeExternalContact, ChangeDelFollowUser}:
		return &DelFollowUserEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID")}, nil
	case kind{EventChangeExternalContact, ChangeTransferFail}:
		return &TransferFailEvent{Header: h, FailReason: FailReason(d.get("FailReason")), UserID: d.get("UserID"),
			ExternalUserID: d.get("ExternalUserID")}, nil
	case kind{EventChangeExternalContact, ChangeMsgAuditApproved}:
		return &MsgAuditApprovedEvent{Header: h, UserID: d.get("UserID"), ExternalUserID: d.get("ExternalUserID"),
			WelcomeCode: d.get("WelcomeCode")}, nil
	case kind{EventChangeExternalChat, ChangeCreate}:
		return &ExternalChatCreateEvent{Header: h, ChatID: d.get("ChatId")}, nil
	case kind{EventChangeExternalChat, ChangeUpdate}:
		return decodeChatUpdate(h, d)
	case kind{EventChangeExternalChat, ChangeDismiss}:
		return &ExternalChatDismissEvent{Header: h, ChatID: d.get("ChatId")}, nil
	case kind{EventChangeExternalTag, ChangeCreate}:
		return &ExternalTagCreateEvent{Header: h, ID: d.get("Id"), TagType: TagType(d.get("TagType")),
			StrategyID: d.get("StrategyId")}, nil
	case kind{EventChangeExternalTag, ChangeUpdate}:
		return &ExternalTagUpdateEvent{Header: h, ID: d.get("Id"), TagType: TagType(d.get("TagType")),
			StrategyID: d.get("StrategyId")}, nil
	case kind{EventChangeExternalTag, ChangeDelete}:
		return &ExternalTagDeleteEvent{Header: h, ID: d.get("Id"), TagType: TagType(d.get("TagType")),
			StrategyID: d.get("StrategyId")}, nil
	case kind{EventChangeExternalTag, ChangeShuffle}:
		return &ExternalTagShuffleEvent{Header: h, ID: d.get("Id"), StrategyID: d.get("StrategyId")}, nil
	}
	return decodeSuite(h, d), nil
}

func decodeChatUpdate(h Header, d *xmlDoc) (Event, error) {
	join, err := intField(d, "JoinScene")
	if err != nil {
		return nil, err
	}
	quit, err := intField(d, "QuitScene")
	if err != nil {
		return nil, err
	}
	cnt, err := intField(d, "MemChangeCnt")
	if err != nil {
		return nil, err
	}
	return &ExternalChatUpdateEvent{
		Header:        h,
		ChatID:        d.get("ChatId"),
		UpdateDetail:  UpdateDetail(d.get("UpdateDetail")),
		JoinScene:     JoinScene(join),
		QuitScene:     QuitScene(quit),
		MemChangeCnt:  cnt,
		MemChangeList: d.children("MemChangeList", "Item"),
		LastMemVer:    d.get("LastMemVer"),
		CurMemVer:     d.get("CurMemVer"),
	}, nil
}

// ParseEvent parses a decrypted callback message (as returned by
// Crypto.Decrypt). It fails, with ErrMalformedEvent, only when the XML itself
// cannot be read safely. Unknown event types and change types are not
// errors: they come back with Typed nil. A known kind whose fields are
// malformed (a non-numeric CreateTime or JoinScene, say) also comes back with
// Typed nil, and the malformed header number as 0, rather than failing: an
// error would make WeCom retry a delivery that can never succeed, and the
// raw event would be lost.
//
// A plaintext that is a JSON object (WeCom's JSON callback format) is read
// the same way, its members standing for the XML elements; RawEvent.JSON is
// then set.
func ParseEvent(plaintext []byte) (*RawEvent, error) {
	scan := scanXML
	js := isJSON(plaintext)
	if js {
		scan = scanJSON
	}
	d, err := scan(plaintext)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedEvent, err)
	}
	h := Header{
		ToUserName:   d.get("ToUserName"),
		FromUserName: d.get("FromUserName"),
		MsgType:      d.get("MsgType"),
		Event:        EventType(d.get("Event")),
		SuiteID:      d.get("SuiteId"),
		AuthCorpID:   d.get("AuthCorpId"),
		InfoType:     EventType(d.get("InfoType")),
		ChangeType:   ChangeType(d.get("ChangeType")),
		AgentID:      d.get("AgentID"),
	}
	ct, ctErr := int64Field(d, "CreateTime")
	ts, tsErr := int64Field(d, "TimeStamp")
	h.CreateTime, h.TimeStamp = ct, ts
	raw := &RawEvent{Header: h, XML: plaintext, JSON: js}
	if ctErr != nil || tsErr != nil {
		return raw, nil
	}
	if ev, err := decodeTyped(h, d); err == nil {
		raw.Typed = ev
	}
	return raw, nil
}

func int64Field(d *xmlDoc, name string) (int64, error) {
	s := strings.TrimSpace(d.get(name))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s is not an integer", ErrMalformedEvent, name)
	}
	return v, nil
}

func intField(d *xmlDoc, name string) (int, error) {
	v, err := int64Field(d, name)
	if err != nil {
		return 0, err
	}
	if int64(int(v)) != v {
		return 0, fmt.Errorf("%w: %s out of range", ErrMalformedEvent, name)
	}
	return int(v), nil
}
