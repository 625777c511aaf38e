package callback_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/callback"
)

// Key sets of the official callback samples (public known-answer values).
const (
	// S1: the official WeCom Go/C++/JSON sample.
	s1Token    = "QDG6eK"
	s1AESKey   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	s1Receiver = "wx5823bf96d3bd56c7"
	// S2: the official WeCom Python sample.
	s2Token    = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
	s2AESKey   = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
	s2Receiver = "ww1436e0e65a779aee"
	// S3: the WeChat 公众平台 sample (same algorithm).
	s3Token    = "pamtest"
	s3AESKey   = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	s3Receiver = "wxb11529c136998cb6"
)

// Key set used by the handler tests (made up).
const (
	testToken  = "Tk9sEcReTtOkEn42"
	testAESKey = "kWq3Zx9Lm2Np5Rt8Vy1Bc4Df7Gh0Jk3Mn6Pq9St2UvX"
	testCorpID = "ww7a3c9e0d2b4f6a81"
	testSuite  = "wwsuite8b2d4f6a0c1e"
)

func mustCrypto(t testing.TB, token, key string, ids ...string) *callback.Crypto {
	t.Helper()
	c, err := callback.NewCrypto(token, key, ids...)
	require.NoError(t, err)
	return c
}

// rawKey decodes an EncodingAESKey independently of the package.
func rawKey(t testing.TB, encodingAESKey string) []byte {
	t.Helper()
	k, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	require.NoError(t, err)
	require.Len(t, k, 32)
	return k
}

// rawEncrypt encrypts plain (a multiple of 16 bytes, any padding already
// applied or deliberately broken) with AES-256-CBC, bypassing the package.
func rawEncrypt(t testing.TB, encodingAESKey string, plain []byte) string {
	t.Helper()
	require.Zero(t, len(plain)%16, "rawEncrypt needs whole blocks")
	k := rawKey(t, encodingAESKey)
	block, err := aes.NewCipher(k)
	require.NoError(t, err)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, k[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// rawDecrypt decrypts a base64 ciphertext without removing anything.
func rawDecrypt(t testing.TB, encodingAESKey, ct string) []byte {
	t.Helper()
	k := rawKey(t, encodingAESKey)
	buf, err := base64.StdEncoding.DecodeString(ct)
	require.NoError(t, err)
	block, err := aes.NewCipher(k)
	require.NoError(t, err)
	cipher.NewCBCDecrypter(block, k[:16]).CryptBlocks(buf, buf)
	return buf
}

// fixture reads a decrypted event fixture from testdata/callback/events.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "callback", "events", name))
	require.NoError(t, err)
	return b
}

// fixedRand returns a reader yielding the given 16-byte random prefix.
func fixedRand(prefix string) *bytes.Reader { return bytes.NewReader([]byte(prefix)) }
