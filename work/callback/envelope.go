package callback

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
)

// inbound is the POST body WeCom sends:
//
//	<xml><ToUserName><![CDATA[corpid]]></ToUserName><Encrypt><![CDATA[...]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>
//
// Only Encrypt is covered by the signature; ToUserName and AgentID are not
// authenticated and are kept for logging at most.
type inbound struct {
	ToUserName string
	AgentID    string
	Encrypt    string
}

// parseEnvelope reads an inbound POST body. It requires a root element named
// xml holding exactly one non-empty top-level Encrypt element; a body without
// one is a plaintext (unencrypted) delivery and fails with ErrNotEncrypted.
// A body that is a JSON object is read as the JSON form instead.
func parseEnvelope(body []byte) (*inbound, error) {
	if isJSON(body) {
		return parseJSONEnvelope(body)
	}
	doc, err := scanXML(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedEnvelope, err)
	}
	switch doc.count("Encrypt") {
	case 0:
		return nil, ErrNotEncrypted
	case 1:
	default:
		return nil, fmt.Errorf("%w: more than one Encrypt element", ErrMalformedEnvelope)
	}
	env := &inbound{
		ToUserName: doc.get("ToUserName"),
		AgentID:    doc.get("AgentID"),
		Encrypt:    doc.get("Encrypt"),
	}
	if env.Encrypt == "" {
		return nil, fmt.Errorf("%w: empty Encrypt element", ErrNotEncrypted)
	}
	return env, nil
}

// parseJSONEnvelope reads the JSON form of a POST body,
// {"tousername":"…","encrypt":"…","agentid":"…"}, its keys in any case, with
// exactly one non-empty encrypt member.
func parseJSONEnvelope(body []byte) (*inbound, error) {
	doc, err := scanJSON(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedEnvelope, err)
	}
	enc, n := doc.getFold("Encrypt")
	switch n {
	case 0:
		return nil, ErrNotEncrypted
	case 1:
	default:
		return nil, fmt.Errorf("%w: more than one encrypt member", ErrMalformedEnvelope)
	}
	if enc == "" {
		return nil, fmt.Errorf("%w: empty encrypt member", ErrNotEncrypted)
	}
	to, _ := doc.getFold("ToUserName")
	agent, _ := doc.getFold("AgentID")
	return &inbound{ToUserName: to, AgentID: agent, Encrypt: enc}, nil
}

// cdata marshals as <![CDATA[...]]>.
type cdata struct {
	Value string `xml:",cdata"`
}

// replyXML is the passive reply form written by the official samples.
type replyXML struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

// deliveryXML is the POST body form WeCom uses to push events.
type deliveryXML struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata    `xml:"ToUserName"`
	Encrypt    cdata    `xml:"Encrypt"`
	AgentID    *cdata   `xml:"AgentID,omitempty"`
}

// XML returns the envelope in the passive reply form (被动回复):
//
//	<xml><Encrypt><![CDATA[...]]></Encrypt><MsgSignature><![CDATA[...]]></MsgSignature><TimeStamp>...</TimeStamp><Nonce><![CDATA[...]]></Nonce></xml>
//
// The Handler also accepts this form as a POST body.
func (e *Envelope) XML() []byte {
	b, err := xml.Marshal(replyXML{
		Encrypt:      cdata{e.Encrypt},
		MsgSignature: cdata{e.MsgSignature},
		TimeStamp:    e.TimeStamp,
		Nonce:        cdata{e.Nonce},
	})
	if err != nil { // unreachable: plain strings always marshal
		return nil
	}
	return b
}

// DeliveryBody returns the envelope in the form WeCom POSTs to a callback
// URL, with toUserName (the corp id, or the suite id for suite callbacks) and
// an optional agentID (empty: omitted):
//
//	<xml><ToUserName><![CDATA[corpid]]></ToUserName><Encrypt><![CDATA[...]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>
//
// The signature, timestamp and nonce travel in the query; see Query.
func (e *Envelope) DeliveryBody(toUserName, agentID string) []byte {
	v := deliveryXML{ToUserName: cdata{toUserName}, Encrypt: cdata{e.Encrypt}}
	if agentID != "" {
		v.AgentID = &cdata{agentID}
	}
	b, err := xml.Marshal(v)
	if err != nil { // unreachable: plain strings always marshal
		return nil
	}
	return b
}

// DeliveryJSON is DeliveryBody in WeCom's JSON form (an empty agentID is
// omitted):
//
//	{"tousername":"corpid","encrypt":"...","agentid":"1000002"}
func (e *Envelope) DeliveryJSON(toUserName, agentID string) []byte {
	v := struct {
		ToUserName string `json:"tousername"`
		Encrypt    string `json:"encrypt"`
		AgentID    string `json:"agentid,omitempty"`
	}{toUserName, e.Encrypt, agentID}
	b, err := json.Marshal(v)
	if err != nil { // unreachable: plain strings always marshal
		return nil
	}
	return b
}

// Query returns the query parameters that go with a delivery:
// msg_signature, timestamp and nonce.
func (e *Envelope) Query() url.Values {
	return url.Values{
		"msg_signature": {e.MsgSignature},
		"timestamp":     {e.TimeStamp},
		"nonce":         {e.Nonce},
	}
}
