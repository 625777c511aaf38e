package callback_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/wecomkit/wecom/work/callback"
)

// The callback settings of the app (接收消息服务器配置) and the corp id.
// These are example values, not real secrets.
const (
	exampleToken  = "eXampleT0ken"
	exampleAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	exampleCorpID = "ww7a3c9e0d2b4f6a81"
)

// A customer adds a member through a 「联系我」 channel; the app greets them
// with the WelcomeCode. Here the package's own Crypto plays WeCom and
// delivers the encrypted add_external_contact event.
func Example() {
	h, err := callback.New(callback.Config{
		Token:          exampleToken,
		EncodingAESKey: exampleAESKey,
		ReceiverIDs:    []string{exampleCorpID},
	})
	if err != nil {
		log.Fatal(err)
	}
	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
		// Answer fast: queue the send_welcome_msg call (20 seconds to use the code).
		fmt.Printf("customer %s via channel %q, welcome code %s\n", e.ExternalUserID, e.State, e.WelcomeCode)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	// What WeCom sends: the event, encrypted and signed.
	wecom, err := callback.NewCrypto(exampleToken, exampleAESKey, exampleCorpID)
	if err != nil {
		log.Fatal(err)
	}
	event := `<xml>
	<ToUserName><![CDATA[ww7a3c9e0d2b4f6a81]]></ToUserName>
	<FromUserName><![CDATA[sys]]></FromUserName>
	<CreateTime>1718000000</CreateTime>
	<MsgType><![CDATA[event]]></MsgType>
	<Event><![CDATA[change_external_contact]]></Event>
	<ChangeType><![CDATA[add_external_contact]]></ChangeType>
	<UserID><![CDATA[lilei]]></UserID>
	<ExternalUserID><![CDATA[wmQx3aBAAAn2pVZr8dKc0tYbE1fGhJ9w]]></ExternalUserID>
	<State><![CDATA[poster-2024-spring]]></State>
	<WelcomeCode><![CDATA[Wc7Hq2LmN0pR5sT8vX1zA3bD6fG9jK4m]]></WelcomeCode>
</xml>`
	req, err := wecom.NewDeliveryRequest(context.Background(), &callback.Delivery{URL: srv.URL, Message: []byte(event)})
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(body))
	// Output:
	// customer wmQx3aBAAAn2pVZr8dKc0tYbE1fGhJ9w via channel "poster-2024-spring", welcome code Wc7Hq2LmN0pR5sT8vX1zA3bD6fG9jK4m
	// 200 success
}

// Answer URL verification without the Handler, e.g. inside another web
// framework (values of the official WeCom sample).
func ExampleCrypto_VerifyURL() {
	c, err := callback.NewCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7")
	if err != nil {
		log.Fatal(err)
	}
	echo, err := c.VerifyURL("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780",
		"P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(echo))
	// Output: 1616140317555161061
}

// Build the request WeCom would send, e.g. from a simulator.
func ExampleCrypto_NewDeliveryRequest() {
	wecom, err := callback.NewCrypto(exampleToken, exampleAESKey, exampleCorpID)
	if err != nil {
		log.Fatal(err)
	}
	req, err := wecom.NewDeliveryRequest(context.Background(), &callback.Delivery{
		URL:       "https://app.example.com/wecom/callback",
		Message:   []byte(`<xml><Event>change_external_chat</Event><ChangeType>dismiss</ChangeType></xml>`),
		Timestamp: "1718000000",
		Nonce:     "1372623149",
	})
	if err != nil {
		log.Fatal(err)
	}
	q := req.URL.Query()
	fmt.Println(req.Method, req.URL.Host+req.URL.Path)
	fmt.Println(q.Get("timestamp"), q.Get("nonce"), len(q.Get("msg_signature")))
	// Output:
	// POST app.example.com/wecom/callback
	// 1718000000 1372623149 40
}
