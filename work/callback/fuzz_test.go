package callback

import (
	"bytes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"testing"
)

// Fuzz targets for everything that parses bytes from the network. Plain
// `go test` runs the f.Add seeds and the corpus in testdata/fuzz; fuzz with
// e.g. `go test -run=^$ -fuzz=FuzzDecrypt -fuzztime=30s ./work/callback/`.

func fuzzCrypto(f *testing.F) *Crypto {
	c, err := NewCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7")
	if err != nil {
		f.Fatal(err)
	}
	return c
}

// decryptErrors are the only errors Decrypt may return.
var decryptErrors = []error{ErrInvalidSignature, ErrMalformedCiphertext, ErrInvalidPadding,
	ErrMalformedPlaintext, ErrInvalidReceiverID}

func isOneOf(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func FuzzDecrypt(f *testing.F) {
	c := fuzzCrypto(f)
	f.Add([]byte("RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="))
	f.Add([]byte("0123456789abcdef\x00\x00\x00\x05hellowx5823bf96d3bd56c7\x05\x05\x05\x05\x05"))
	f.Add([]byte("0123456789abcdef\xff\xff\xff\xffhello\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"))
	f.Add([]byte(""))
	f.Add(bytes.Repeat([]byte{32}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		const ts, nonce = "1409659813", "1372623149"

		// 1. data as the base64 ciphertext string.
		ct := string(data)
		if msg, err := c.Decrypt(c.Sign(ts, nonce, ct), ts, nonce, ct); err != nil {
			if msg != nil || !isOneOf(err, decryptErrors) {
				t.Fatalf("unexpected result %q, %v", msg, err)
			}
		}

		// 2. data as the decrypted plaintext: exercises padding and layout.
		whole := data[:len(data)/16*16]
		if len(whole) > 0 {
			buf := append([]byte(nil), whole...)
			cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(buf, buf)
			ct := base64.StdEncoding.EncodeToString(buf)
			msg, err := c.Decrypt(c.Sign(ts, nonce, ct), ts, nonce, ct)
			if err != nil && !isOneOf(err, decryptErrors) {
				t.Fatalf("unexpected error %v", err)
			}
			if err == nil && !bytes.Contains(whole, msg) {
				t.Fatalf("message %q not inside the plaintext", msg)
			}
			if err == nil && len(whole)%padBlock != 0 {
				t.Fatalf("accepted %d bytes, not whole 32-byte blocks", len(whole))
			}
		}

		// 3. Round trip.
		env, err := c.Encrypt(data, ts, nonce)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip: %q, %v", got, err)
		}
	})
}

func FuzzParseEnvelope(f *testing.F) {
	f.Add([]byte("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"))
	f.Add([]byte("<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>"))
	f.Add([]byte(`<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>`))
	f.Add([]byte("<xml><a><b><c><d><e><f><g><h><Encrypt>x</Encrypt></h></g></f></e></d></c></b></a></xml>"))
	f.Add([]byte("<xml><ToUserName>x</ToUserName></xml>"))
	f.Add([]byte(`{"tousername":"wx5823bf96d3bd56c7","encrypt":"CZWs4CWRpI4V","agentid":"218"}`))
	f.Add([]byte(`{"encrypt":"a","Encrypt":"b"}`))
	f.Add([]byte(`{"encrypt":{"encrypt":[[[[[[[[1]]]]]]]]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := parseEnvelope(body)
		if err != nil {
			if env != nil || !isOneOf(err, []error{ErrMalformedEnvelope, ErrNotEncrypted}) {
				t.Fatalf("unexpected result %+v, %v", env, err)
			}
			return
		}
		if env.Encrypt == "" {
			t.Fatal("accepted an envelope without ciphertext")
		}
		if bytes.Contains(body, []byte("<!")) && !bytes.Contains(body, []byte("<![CDATA[")) && !bytes.Contains(body, []byte("<!--")) {
			t.Fatalf("accepted a directive: %q", body)
		}
	})
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ]]></ExternalUserID><State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>"))
	f.Add([]byte("<xml><SuiteId>s</SuiteId><AuthCorpId>c</AuthCorpId><InfoType>change_external_chat</InfoType><TimeStamp>1403610513</TimeStamp><ChatId>CHAT</ChatId><ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><JoinScene>1</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>2</MemChangeCnt><MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList></xml>"))
	f.Add([]byte("<xml><Event>change_external_tag</Event><ChangeType>shuffle</ChangeType><Id>T</Id><StrategyId>1</StrategyId></xml>"))
	f.Add([]byte("<xml><CreateTime>x</CreateTime></xml>"))
	f.Add([]byte("<xml><SuiteId>s</SuiteId><InfoType>suite_ticket</InfoType><TimeStamp>1403610513</TimeStamp><SuiteTicket>T</SuiteTicket></xml>"))
	f.Add([]byte(`{"ToUserName":"ww","CreateTime":1409659813,"Event":"change_external_chat","ChangeType":"update","MemChangeCnt":2,"MemChangeList":["a","b"],"x":{"y":null,"z":true}}`))
	f.Add([]byte(`{"CreateTime":1e400,"MemChangeCnt":-0.5} trailing`))
	f.Fuzz(func(t *testing.T, data []byte) {
		raw, err := ParseEvent(data)
		if err != nil {
			if raw != nil || !errors.Is(err, ErrMalformedEvent) {
				t.Fatalf("unexpected result %+v, %v", raw, err)
			}
			return
		}
		if !bytes.Equal(raw.XML, data) {
			t.Fatal("XML is not the input")
		}
		if raw.Typed != nil && *raw.Typed.EventHeader() != raw.Header {
			t.Fatalf("typed header %+v differs from %+v", *raw.Typed.EventHeader(), raw.Header)
		}
	})
}
