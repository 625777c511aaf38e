package callback_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wecomkit/wecom/work/callback"
)

// BenchmarkHandlerAddExternalContact measures one add_external_contact
// delivery through ServeHTTP: envelope, signature, decryption, parsing and
// dispatch (dedupe off, so the same delivery can repeat).
func BenchmarkHandlerAddExternalContact(b *testing.B) {
	hs := newHarness(b, func(c *callback.Config) { c.DedupeTTL = -1; c.Logger = nil })
	var got string
	hs.h.OnAddExternalContact(func(_ context.Context, e *callback.AddExternalContactEvent) error {
		got = e.WelcomeCode
		return nil
	})
	req := hs.request(b, fixture(b, "change_external_contact__add_external_contact.xml"), "1")
	body, err := req.GetBody()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(body); err != nil {
		b.Fatal(err)
	}
	payload, target := buf.Bytes(), req.URL.String()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(payload))
		w := httptest.NewRecorder()
		hs.h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
	if got == "" {
		b.Fatal("handler not called")
	}
}

// BenchmarkHandlerDedupe cycles through 1000 distinct deliveries with the
// default in-memory dedupe on: the first pass handles them, later passes
// measure the acknowledged-retry path.
func BenchmarkHandlerDedupe(b *testing.B) {
	hs := newHarness(b, func(c *callback.Config) { c.Logger = nil })
	hs.h.OnAddExternalContact(func(context.Context, *callback.AddExternalContactEvent) error { return nil })
	msg := fixture(b, "change_external_contact__add_external_contact.xml")
	reqs := make([]*http.Request, 1000)
	for i := range reqs {
		reqs[i] = hs.request(b, msg, "")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := reqs[i%len(reqs)]
		body, err := r.GetBody()
		if err != nil {
			b.Fatal(err)
		}
		r.Body = body
		w := httptest.NewRecorder()
		hs.h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkDecrypt measures signature check and decryption alone.
func BenchmarkDecrypt(b *testing.B) {
	c := mustCrypto(b, testToken, testAESKey, testCorpID)
	env, err := c.Encrypt(fixture(b, "change_external_contact__add_external_contact.xml"), "1718000000", "1")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseEvent measures parsing a decrypted add_external_contact.
func BenchmarkParseEvent(b *testing.B) {
	msg := fixture(b, "change_external_contact__add_external_contact.xml")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := callback.ParseEvent(msg); err != nil {
			b.Fatal(err)
		}
	}
}
