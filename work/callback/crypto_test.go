package callback_test

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// Known answers of the official samples (S1, S2) and the WeChat sample (S3).
const (
	s1EchoStr  = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	s1XMLCT    = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
	s1XMLBody  = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + s1XMLCT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
	s1XMLMsg   = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
	s1JSONCT   = "CZWs4CWRpI4VolQlvn4dlEC1alN2MUEY2VklGehgBVLBrlVF7SyT+SV+Toj43l4ayJ9UMGKphktKKmP7B2j/P1ey67XB8PBgS7Wr5/8+w/yWriZv3Vmoo/MH3/1HsIWZrPQ3N2mJrelStIfI2Y8kLKXA7EhfZgZX4o+ffdkZDM76SEl79Ib9mw7TGjZ9Aw/x/A2VjNbV1E8BtEbRxYYcQippYNw7hr8sFfa3nW1xLdxokt8QkRX83vK3DFP2F6TQFPL2Tu98UwhcUpPvdJBuu1/yiOQIScppV3eOuLWEsko="
	s1JSONMsg  = `{"ToUserName":"wx5823bf96d3bd56c7","FromUserName":"mycreate","CreateTime": 1409659813,"MsgType":"text","Content":"hello","MsgId":4561255354251345929,"AgentID": 218}`
	s1JSON2CT  = "CZWs4CWRpI4VolQlvn4dlPBlXke6+HgmuI7p0LueFp1fKH40TNL+YHWJZwqIiYV+3kTrhdNU7fZwc+PmtgBvxSczkFeRz+oaVSsomrrtP2Z91LE313djjbWujqInRT+7ChGbCeo7ZzszByf8xnDSunPBxRX1MfX3kAxpKq7dqduW1kpMAx8O8xUzZ9oC0TLuZchbpxaml4epzGfF21O+zyXDwTxbCEiO0E87mChtzuh/VPlznXYbfqVrnyLNZ5pr"
	s1JSON2Msg = `{"FromUserName":"mycreate","CreateTime": 1409659813,"MsgType":"text","Content":"hello","MsgId":4561255354251345929,"AgentID": 218}`

	s2EchoStr = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="
	s2CT      = "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+"
	s2Msg     = "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>"
)

func TestVerifyURLKnownAnswers(t *testing.T) {
	tests := []struct {
		name                                 string
		token, key, receiver                 string
		sig, ts, nonce, echostr, wantReplied string
	}{
		{"S1", s1Token, s1AESKey, s1Receiver,
			"5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", s1EchoStr, "1616140317555161061"},
		{"S2", s2Token, s2AESKey, s2Receiver,
			"012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683", s2EchoStr, "1288432023552776189"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCrypto(t, tt.token, tt.key, tt.receiver)
			got, err := c.VerifyURL(tt.sig, tt.ts, tt.nonce, tt.echostr)
			require.NoError(t, err)
			assert.Equal(t, tt.wantReplied, string(got))
			// The echostr as a framework decodes an unescaped query: '+' as ' '.
			got, err = c.VerifyURL(tt.sig, tt.ts, tt.nonce, strings.ReplaceAll(tt.echostr, "+", " "))
			require.NoError(t, err)
			assert.Equal(t, tt.wantReplied, string(got))
			assert.Equal(t, tt.sig, c.Sign(tt.ts, tt.nonce, tt.echostr))
		})
	}
}

func TestDecryptKnownAnswers(t *testing.T) {
	tests := []struct {
		name                 string
		token, key, receiver string
		sig, ts, nonce, ct   string
		want                 string
	}{
		{"S1 xml", s1Token, s1AESKey, s1Receiver,
			"477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", s1XMLCT, s1XMLMsg},
		{"S1 json", s1Token, s1AESKey, s1Receiver,
			"0623cbc5a8cbee5bcc137c70de99575366fc2af3", "1409659813", "1372623149", s1JSONCT, s1JSONMsg},
		{"S1 json comment", s1Token, s1AESKey, s1Receiver,
			"42fb1a3b955400763e49117ce946c6fe9fdb3271", "1409659813", "1372623149", s1JSON2CT, s1JSON2Msg},
		{"S2 xml", s2Token, s2AESKey, s2Receiver,
			"0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914", s2CT, s2Msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCrypto(t, tt.token, tt.key, tt.receiver)
			got, err := c.Decrypt(tt.sig, tt.ts, tt.nonce, tt.ct)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

// Re-encrypting a published message with its own random prefix must give
// the published ciphertext and signature byte for byte.
func TestEncryptKnownAnswers(t *testing.T) {
	tests := []struct {
		name                 string
		token, key, receiver string
		random, msg          string
		ts, nonce            string
		wantCT, wantSig      string
	}{
		{"S1 xml", s1Token, s1AESKey, s1Receiver, "0960688932c47ef1", s1XMLMsg,
			"1409659813", "1372623149", s1XMLCT, "477715d11cdb4164915debcba66cb864d751f3e6"},
		{"S1 json", s1Token, s1AESKey, s1Receiver, "EDH75AiKExevY8L3", s1JSONMsg,
			"1409659813", "1372623149", s1JSONCT, "0623cbc5a8cbee5bcc137c70de99575366fc2af3"},
		{"S2 xml", s2Token, s2AESKey, s2Receiver, "694ce5a83ae07fe3", s2Msg,
			"1476422779", "1597212914", s2CT, "0c3914025cb4b4d68103f6bfc8db550f79dcf48e"},
		{"S3 short", s3Token, s3AESKey, s3Receiver, "aaaabbbbccccdddd", "我是中文abcd123",
			"1409304348", "xxxxxx",
			"jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
			"82c962d39941aa48552f90ef55aa323dc620cc10"},
		{"S3 xml", s3Token, s3AESKey, s3Receiver, "aaaabbbbccccdddd",
			"<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>",
			"1409304348", "xxxxxx",
			"jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb",
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCrypto(t, tt.token, tt.key, tt.receiver).WithRand(fixedRand(tt.random))
			env, err := c.Encrypt([]byte(tt.msg), tt.ts, tt.nonce)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCT, env.Encrypt)
			if tt.wantSig != "" {
				assert.Equal(t, tt.wantSig, env.MsgSignature)
			}
			assert.Equal(t, tt.ts, env.TimeStamp)
			assert.Equal(t, tt.nonce, env.Nonce)
			got, err := c.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
			require.NoError(t, err)
			assert.Equal(t, tt.msg, string(got))
		})
	}
}

// S1's EncryptMsg sample input (the official Go sample's respData reply).
// No output or random prefix is published for it, so the random prefix comes
// from crypto/rand and the test checks the round trip, the plaintext layout
// and the signature, recomputed here without the package's Sign.
func TestEncryptS1SampleReply(t *testing.T) {
	const (
		reply = "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId><AgentID>128</AgentID></xml>"
		ts    = "1409659813"
		nonce = "1372623149"
	)
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	env, err := c.Encrypt([]byte(reply), ts, nonce)
	require.NoError(t, err)
	assert.Equal(t, ts, env.TimeStamp)
	assert.Equal(t, nonce, env.Nonce)

	parts := []string{s1Token, ts, nonce, env.Encrypt}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	assert.Equal(t, hex.EncodeToString(sum[:]), env.MsgSignature)

	raw := rawDecrypt(t, s1AESKey, env.Encrypt)
	require.Zero(t, len(raw)%32)
	pad := int(raw[len(raw)-1])
	require.Equal(t, 32-(20+len(reply)+len(s1Receiver))%32, pad)
	require.Equal(t, uint32(len(reply)), binary.BigEndian.Uint32(raw[16:20]))
	assert.Equal(t, reply, string(raw[20:20+len(reply)]))
	assert.Equal(t, s1Receiver, string(raw[20+len(reply):len(raw)-pad]))

	// The passive reply XML carries all four fields.
	var out struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	require.NoError(t, xml.Unmarshal(env.XML(), &out))
	assert.Equal(t, env.Encrypt, out.Encrypt)
	assert.Equal(t, env.MsgSignature, out.MsgSignature)
	assert.Equal(t, ts, out.TimeStamp)
	assert.Equal(t, nonce, out.Nonce)

	got, err := c.Decrypt(out.MsgSignature, out.TimeStamp, out.Nonce, out.Encrypt)
	require.NoError(t, err)
	assert.Equal(t, reply, string(got))
}

// Every pad length 1..32 must appear, be written correctly, and round-trip.
func TestEncryptDecryptEveryPadLength(t *testing.T) {
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	seen := map[int]bool{}
	for n := 0; n < 64; n++ {
		msg := []byte(strings.Repeat("x", n))
		env, err := c.Encrypt(msg, "1700000000", "nonce")
		require.NoError(t, err)

		raw := rawDecrypt(t, s1AESKey, env.Encrypt)
		require.Zero(t, len(raw)%32, "padded to 32-byte blocks")
		pad := int(raw[len(raw)-1])
		require.Equal(t, 32-(20+n+len(s1Receiver))%32, pad)
		for _, b := range raw[len(raw)-pad:] {
			require.Equal(t, byte(pad), b)
		}
		require.Equal(t, uint32(n), binary.BigEndian.Uint32(raw[16:20]))
		require.Equal(t, s1Receiver, string(raw[20+n:len(raw)-pad]))
		seen[pad] = true

		got, err := c.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
		require.NoError(t, err)
		require.Equal(t, msg, got)
	}
	for p := 1; p <= 32; p++ {
		assert.True(t, seen[p], "pad length %d not exercised", p)
	}
}

func TestEncryptRandomPrefixDiffers(t *testing.T) {
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	a, err := c.Encrypt([]byte("same"), "1", "n")
	require.NoError(t, err)
	b, err := c.Encrypt([]byte("same"), "1", "n")
	require.NoError(t, err)
	assert.NotEqual(t, a.Encrypt, b.Encrypt)
}

func TestEncryptBadArguments(t *testing.T) {
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	_, err := c.Encrypt([]byte("x"), "", "n")
	assert.ErrorIs(t, err, callback.ErrInvalidArgument)
	_, err = c.Encrypt([]byte("x"), "1", "")
	assert.ErrorIs(t, err, callback.ErrInvalidArgument)
	_, err = c.WithRand(strings.NewReader("short")).Encrypt([]byte("x"), "1", "n")
	assert.Error(t, err)
}

// plainLayout builds random(16) | msg_len | msg | receiver without padding.
func plainLayout(msgLen uint32, msg, receiver string) []byte {
	b := make([]byte, 20, 20+len(msg)+len(receiver)+32)
	copy(b, "0123456789abcdef")
	binary.BigEndian.PutUint32(b[16:20], msgLen)
	b = append(b, msg...)
	return append(b, receiver...)
}

// pad32 applies correct PKCS#7 padding to 32-byte blocks.
func pad32(b []byte) []byte {
	n := 32 - len(b)%32
	for i := 0; i < n; i++ {
		b = append(b, byte(n))
	}
	return b
}

func TestDecryptRejectsMalformedInput(t *testing.T) {
	const secret = "SECRET-CUSTOMER-DATA"
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	ok := pad32(plainLayout(uint32(len(secret)), secret, s1Receiver))
	badLast := func(last byte) []byte {
		b := append([]byte(nil), ok...)
		b[len(b)-1] = last
		return b
	}
	inconsistent := append([]byte(nil), ok...)
	inconsistent[len(inconsistent)-1] = 4
	inconsistent[len(inconsistent)-2] = 4
	inconsistent[len(inconsistent)-3] = 9
	inconsistent[len(inconsistent)-4] = 4
	rest := len(s1Receiver) + len(secret)
	// PKCS#7 to 16-byte blocks (the AES block size), 80 bytes: every pad
	// byte consistent, but not a whole number of WeCom's 32-byte blocks.
	pad16 := plainLayout(uint32(len(secret)+7), secret+"1234567", s1Receiver) // 65 bytes
	pad16 = append(pad16, strings.Repeat("\x0f", 15)...)
	require.Len(t, pad16, 80)

	tests := []struct {
		name string
		ct   string
		want error
	}{
		{"not base64", "!!!not*base64!!!", callback.ErrMalformedCiphertext},
		{"empty", "", callback.ErrMalformedCiphertext},
		{"15 bytes", "AAAAAAAAAAAAAAAAAAAA", callback.ErrMalformedCiphertext},
		{"17 bytes", "AAAAAAAAAAAAAAAAAAAAAAA=", callback.ErrMalformedCiphertext},
		{"pad byte 0", rawEncrypt(t, s1AESKey, badLast(0)), callback.ErrInvalidPadding},
		{"pad byte 33", rawEncrypt(t, s1AESKey, badLast(33)), callback.ErrInvalidPadding},
		{"pad byte 255", rawEncrypt(t, s1AESKey, badLast(255)), callback.ErrInvalidPadding},
		{"pad longer than data", rawEncrypt(t, s1AESKey, append(make([]byte, 15), 32)), callback.ErrInvalidPadding},
		{"inconsistent pad", rawEncrypt(t, s1AESKey, inconsistent), callback.ErrInvalidPadding},
		{"padded to 16-byte blocks", rawEncrypt(t, s1AESKey, pad16), callback.ErrInvalidPadding},
		{"plaintext 19 bytes", rawEncrypt(t, s1AESKey, pad32(make([]byte, 19))), callback.ErrMalformedPlaintext},
		{"plaintext empty", rawEncrypt(t, s1AESKey, pad32(nil)), callback.ErrMalformedPlaintext},
		{"msg_len one too many", rawEncrypt(t, s1AESKey, pad32(plainLayout(uint32(rest+1), secret, s1Receiver))), callback.ErrMalformedPlaintext},
		{"msg_len 0xFFFFFFFF", rawEncrypt(t, s1AESKey, pad32(plainLayout(0xFFFFFFFF, secret, s1Receiver))), callback.ErrMalformedPlaintext},
		{"msg_len 0xFFFFFFF0", rawEncrypt(t, s1AESKey, pad32(plainLayout(0xFFFFFFF0, secret, s1Receiver))), callback.ErrMalformedPlaintext},
		{"msg_len 0x80000000", rawEncrypt(t, s1AESKey, pad32(plainLayout(0x80000000, secret, s1Receiver))), callback.ErrMalformedPlaintext},
		{"msg_len eats receiver", rawEncrypt(t, s1AESKey, pad32(plainLayout(uint32(rest), secret, s1Receiver))), callback.ErrInvalidReceiverID},
		{"wrong receiver", rawEncrypt(t, s1AESKey, pad32(plainLayout(uint32(len(secret)), secret, "wwSOMEONEELSE"))), callback.ErrInvalidReceiverID},
		{"receiver prefix", rawEncrypt(t, s1AESKey, pad32(plainLayout(uint32(len(secret)), secret, s1Receiver[:10]))), callback.ErrInvalidReceiverID},
		{"other key", rawEncrypt(t, s2AESKey, ok), nil}, // any error; decrypts to garbage
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const ts, nonce = "1409659813", "1372623149"
			var got []byte
			var err error
			require.NotPanics(t, func() { got, err = c.Decrypt(c.Sign(ts, nonce, tt.ct), ts, nonce, tt.ct) })
			require.Error(t, err)
			assert.Nil(t, got)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
			assertClean(t, err, secret)
		})
	}

	t.Run("well-formed control", func(t *testing.T) {
		ct := rawEncrypt(t, s1AESKey, ok)
		got, err := c.Decrypt(c.Sign("1", "2", ct), "1", "2", ct)
		require.NoError(t, err)
		assert.Equal(t, secret, string(got))
	})
}

// The signature is checked before anything is decoded: ciphertexts that
// would fail in distinct ways all fail with ErrInvalidSignature only.
func TestDecryptChecksSignatureFirst(t *testing.T) {
	c := mustCrypto(t, s1Token, s1AESKey, s1Receiver)
	good := "477715d11cdb4164915debcba66cb864d751f3e6"
	for _, ct := range []string{"!!!not base64", "AAAA", s1XMLCT + "x", ""} {
		_, err := c.Decrypt(good, "1409659813", "1372623149", ct)
		assert.ErrorIs(t, err, callback.ErrInvalidSignature)
		assert.NotErrorIs(t, err, callback.ErrMalformedCiphertext)
	}
	for _, sig := range []string{"", "477715D11CDB4164915DEBCBA66CB864D751F3E6", good[:39], good + "0", strings.Repeat("0", 40)} {
		_, err := c.Decrypt(sig, "1409659813", "1372623149", s1XMLCT)
		assert.ErrorIs(t, err, callback.ErrInvalidSignature, sig)
	}
	// Each signed input matters.
	_, err := c.Decrypt(good, "1409659814", "1372623149", s1XMLCT)
	assert.ErrorIs(t, err, callback.ErrInvalidSignature)
	_, err = c.Decrypt(good, "1409659813", "1372623148", s1XMLCT)
	assert.ErrorIs(t, err, callback.ErrInvalidSignature)
	wrongToken := mustCrypto(t, "QDG6eL", s1AESKey, s1Receiver)
	_, err = wrongToken.Decrypt(good, "1409659813", "1372623149", s1XMLCT)
	assert.ErrorIs(t, err, callback.ErrInvalidSignature)
}

func TestDecryptAcceptsAnyConfiguredReceiver(t *testing.T) {
	sender := mustCrypto(t, testToken, testAESKey, testSuite)
	receiver := mustCrypto(t, testToken, testAESKey, testCorpID, testSuite)
	env, err := sender.Encrypt([]byte("<xml/>"), "1", "2")
	require.NoError(t, err)
	got, err := receiver.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
	require.NoError(t, err)
	assert.Equal(t, "<xml/>", string(got))

	corpOnly := mustCrypto(t, testToken, testAESKey, testCorpID)
	_, err = corpOnly.Decrypt(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
	assert.ErrorIs(t, err, callback.ErrInvalidReceiverID)
}

func TestNewCryptoRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name, token, key string
		ids              []string
	}{
		{"empty token", "", s1AESKey, []string{s1Receiver}},
		{"short key", s1Token, s1AESKey[:42], []string{s1Receiver}},
		{"long key", s1Token, s1AESKey + "A", []string{s1Receiver}},
		{"key with = ", s1Token, s1AESKey[:42] + "=", []string{s1Receiver}},
		{"not base64", s1Token, strings.Repeat("!", 43), []string{s1Receiver}},
		{"url alphabet", s1Token, strings.Repeat("-", 43), []string{s1Receiver}},
		{"no receiver", s1Token, s1AESKey, nil},
		{"empty receiver", s1Token, s1AESKey, []string{s1Receiver, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := callback.NewCrypto(tt.token, tt.key, tt.ids...)
			assert.Nil(t, c)
			require.ErrorIs(t, err, callback.ErrInvalidConfig)
			assertClean(t, err, s1AESKey, s1Token)
		})
	}
}

func TestCryptoPrintsRedacted(t *testing.T) {
	c := mustCrypto(t, testToken, testAESKey, testCorpID)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(format, c)
		assert.NotContains(t, out, testToken)
		assert.NotContains(t, out, testAESKey)
	}
	assert.Contains(t, c.String(), testCorpID)
	assert.Equal(t, []string{testCorpID}, c.ReceiverIDs())
}

// assertClean checks that an error message holds none of the secrets.
func assertClean(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range append(secrets, s1Token, s1AESKey, testToken, testAESKey) {
		assert.NotContains(t, err.Error(), s)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		for _, s := range secrets {
			assert.NotContains(t, e.Error(), s)
		}
	}
}
