package callback

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Delivery describes one event push for NewDeliveryRequest: what WeCom
// would send to a callback URL.
type Delivery struct {
	// URL is the callback URL. Any query it already has is kept.
	URL string
	// Message is the plaintext event, e.g. an add_external_contact XML.
	Message []byte
	// ToUserName goes into the body's ToUserName; empty means the first
	// receiver id of the Crypto.
	ToUserName string
	// AgentID goes into the body's AgentID; empty omits the element.
	AgentID string
	// Timestamp is the Unix time in seconds, decimal; empty means now.
	Timestamp string
	// Nonce is the delivery nonce; empty means a random decimal number.
	Nonce string
	// JSON sends the body in WeCom's JSON form,
	// {"tousername":"…","encrypt":"…","agentid":"…"}, as an app set to the
	// JSON data format receives it; Message is then a JSON object.
	JSON bool
}

// NewDeliveryRequest builds the HTTP request WeCom sends to push an event
// (it is how a simulator or a test delivers real encrypted events):
//
//	POST {URL}?msg_signature=...&timestamp=...&nonce=...
//	Content-Type: text/xml; charset=utf-8
//
//	<xml><ToUserName><![CDATA[corpid]]></ToUserName><Encrypt><![CDATA[...]]></Encrypt><AgentID><![CDATA[...]]></AgentID></xml>
//
// The message is encrypted for c's first receiver id. Send the request with
// any http.Client; a Handler answers 200 "success" once the event has been
// handled. Sending the same request twice simulates a WeCom retry.
func (c *Crypto) NewDeliveryRequest(ctx context.Context, d *Delivery) (*http.Request, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil Delivery", ErrInvalidArgument)
	}
	ts, nonce, err := stampAndNonce(d.Timestamp, d.Nonce)
	if err != nil {
		return nil, err
	}
	env, err := c.Encrypt(d.Message, ts, nonce)
	if err != nil {
		return nil, err
	}
	to := d.ToUserName
	if to == "" {
		to = c.receiverIDs[0]
	}
	u, err := withQuery(d.URL, env.Query())
	if err != nil {
		return nil, err
	}
	body, ctype := env.DeliveryBody(to, d.AgentID), "text/xml; charset=utf-8"
	if d.JSON {
		body, ctype = env.DeliveryJSON(to, d.AgentID), "application/json; charset=utf-8"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	req.Header.Set("Content-Type", ctype)
	return req, nil
}

// NewVerifyURLRequest builds the request WeCom sends when an admin saves the
// callback URL (验证URL有效性):
//
//	GET {callbackURL}?msg_signature=...&timestamp=...&nonce=...&echostr=...
//
// echostr is echo encrypted for c's first receiver id; a correct callback
// answers 200 with exactly echo as the body.
func (c *Crypto) NewVerifyURLRequest(ctx context.Context, callbackURL, echo string) (*http.Request, error) {
	ts, nonce, err := stampAndNonce("", "")
	if err != nil {
		return nil, err
	}
	echostr, err := c.seal([]byte(echo), c.receiverIDs[0])
	if err != nil {
		return nil, err
	}
	q := url.Values{
		"msg_signature": {c.Sign(ts, nonce, echostr)},
		"timestamp":     {ts},
		"nonce":         {nonce},
		"echostr":       {echostr},
	}
	u, err := withQuery(callbackURL, q)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	return req, nil
}

// stampAndNonce fills in a default timestamp (now) and nonce (random).
func stampAndNonce(ts, nonce string) (string, string, error) {
	if ts == "" {
		ts = strconv.FormatInt(time.Now().Unix(), 10)
	}
	if nonce == "" {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", "", fmt.Errorf("callback: reading random nonce: %w", err)
		}
		nonce = strconv.FormatUint(binary.BigEndian.Uint64(b[:])%1e10, 10)
	}
	return ts, nonce, nil
}

// withQuery adds q to the query of rawURL.
func withQuery(rawURL string, q url.Values) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("%w: bad URL: %v", ErrInvalidArgument, err)
	}
	merged := u.Query()
	for k, vs := range q {
		merged[k] = vs
	}
	u.RawQuery = merged.Encode()
	return u.String(), nil
}
