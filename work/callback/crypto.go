package callback

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strings"
)

const (
	// encodingAESKeyLen is the length of an EncodingAESKey: 43 base64
	// characters, which decode (after appending "=") to a 32-byte AES key.
	encodingAESKeyLen = 43
	aesKeyLen         = 32
	// padBlock is the PKCS#7 block size WeCom uses: 32 bytes, not the AES
	// block size of 16.
	padBlock = 32
	// randomLen and lenLen describe the plaintext layout
	// random(16) | msg_len(4, big endian) | msg | receiveid.
	randomLen = 16
	lenLen    = 4
	headerLen = randomLen + lenLen
)

// Crypto implements the WeCom callback encryption scheme (加解密方案, doc
// 91144): SHA-1 signatures over the sorted token, timestamp, nonce and
// ciphertext, and AES-256-CBC with PKCS#7 padding to 32-byte blocks.
//
// A Crypto is immutable and safe for concurrent use. It can be used without
// the HTTP Handler, for example to decrypt deliveries in another framework or
// to build encrypted deliveries in a simulator.
type Crypto struct {
	token       string
	block       cipher.Block
	iv          []byte
	receiverIDs []string
	rand        io.Reader
}

// NewCrypto returns a Crypto for the app's callback Token and EncodingAESKey
// (43 characters, as shown in the admin console). receiverIDs lists the
// receiver ids a decrypted message may carry: the corp id for a self-built
// app, and the suite id as well where suite callbacks arrive at the same URL.
// At least one is required. Encrypt appends the first one.
func NewCrypto(token, encodingAESKey string, receiverIDs ...string) (*Crypto, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: empty Token", ErrInvalidConfig)
	}
	if len(encodingAESKey) != encodingAESKeyLen {
		return nil, fmt.Errorf("%w: EncodingAESKey must be %d characters, got %d",
			ErrInvalidConfig, encodingAESKeyLen, len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != aesKeyLen {
		// The decoder's error names the offending byte offset only, but keep
		// the message fixed anyway: it is about the key.
		return nil, fmt.Errorf("%w: EncodingAESKey is not valid base64 of a 32-byte key", ErrInvalidConfig)
	}
	if len(receiverIDs) == 0 {
		return nil, fmt.Errorf("%w: at least one receiver id (corp id or suite id) is required", ErrInvalidConfig)
	}
	for _, id := range receiverIDs {
		if id == "" {
			return nil, fmt.Errorf("%w: empty receiver id", ErrInvalidConfig)
		}
	}
	block, err := aes.NewCipher(key)
	if err != nil { // unreachable: the key is 32 bytes
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	return &Crypto{
		token:       token,
		block:       block,
		iv:          key[:aes.BlockSize],
		receiverIDs: slices.Clone(receiverIDs),
		rand:        rand.Reader,
	}, nil
}

// WithRand returns a copy of c that reads the 16 random prefix bytes of each
// encrypted message from r instead of crypto/rand. It exists for
// deterministic tests and known-answer vectors; never use a predictable
// source in production.
func (c *Crypto) WithRand(r io.Reader) *Crypto {
	cp := *c
	cp.rand = r
	return &cp
}

// ReceiverIDs returns a copy of the accepted receiver ids.
func (c *Crypto) ReceiverIDs() []string { return slices.Clone(c.receiverIDs) }

// String implements fmt.Stringer without revealing the Token or the key.
func (c *Crypto) String() string {
	return "callback.Crypto{Token:REDACTED, EncodingAESKey:REDACTED, ReceiverIDs:[" +
		strings.Join(c.receiverIDs, " ") + "]}"
}

// GoString implements fmt.GoStringer without revealing the Token or the key.
func (c *Crypto) GoString() string { return c.String() }

// LogValue implements slog.LogValuer without revealing the Token or the key.
func (c *Crypto) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("receiver_ids", c.receiverIDs))
}

// Sign returns the msg_signature for a timestamp, nonce and data (the base64
// ciphertext, or the echostr of a URL verification): the lowercase hex SHA-1
// of the four strings token, timestamp, nonce and data, sorted and
// concatenated.
func (c *Crypto) Sign(timestamp, nonce, data string) string {
	var sum [sha1.Size]byte
	c.sign(&sum, timestamp, nonce, data)
	return hex.EncodeToString(sum[:])
}

func (c *Crypto) sign(sum *[sha1.Size]byte, timestamp, nonce, data string) {
	parts := [4]string{c.token, timestamp, nonce, data}
	slices.Sort(parts[:])
	h := sha1.New()
	for _, p := range parts {
		io.WriteString(h, p) // hash.Hash never returns an error
	}
	h.Sum(sum[:0])
}

// verify checks signature in constant time.
func (c *Crypto) verify(signature, timestamp, nonce, data string) error {
	var sum [sha1.Size]byte
	c.sign(&sum, timestamp, nonce, data)
	var want [2 * sha1.Size]byte
	hex.Encode(want[:], sum[:])
	if subtle.ConstantTimeCompare([]byte(signature), want[:]) != 1 {
		return ErrInvalidSignature
	}
	return nil
}

// VerifyURL answers WeCom's URL verification (验证URL有效性): it checks
// msgSignature over timestamp, nonce and echostr, decrypts echostr and
// returns the plain echo to write back as the response body. echostr is the
// query value after URL decoding; a '+' that reached the query unescaped and
// so decoded as a space is restored.
func (c *Crypto) VerifyURL(msgSignature, timestamp, nonce, echostr string) ([]byte, error) {
	return c.Decrypt(msgSignature, timestamp, nonce, restorePlus(echostr))
}

// restorePlus undoes the query decoding of an unescaped '+' into a space.
// Base64 never holds a space, so this gives back exactly what was signed.
func restorePlus(echostr string) string { return strings.ReplaceAll(echostr, " ", "+") }

// Decrypt checks msgSignature over timestamp, nonce and ciphertext (the
// Encrypt element of a delivery) before anything else, then decrypts the
// ciphertext, checks its padding and layout, and requires the embedded
// receiver id to be one of c's. It returns the plaintext message.
//
// Decrypt does not check the freshness of timestamp; the Handler does.
func (c *Crypto) Decrypt(msgSignature, timestamp, nonce, ciphertext string) ([]byte, error) {
	if err := c.verify(msgSignature, timestamp, nonce, ciphertext); err != nil {
		return nil, err
	}
	return c.open(ciphertext)
}

// open decrypts an already authenticated ciphertext.
func (c *Crypto) open(ciphertext string) ([]byte, error) {
	msg, _, err := c.openFor(ciphertext)
	return msg, err
}

// openFor is open that also returns the receiver id the message was
// encrypted for (one of c's).
func (c *Crypto) openFor(ciphertext string) ([]byte, string, error) {
	buf, err := base64.StdEncoding.DecodeString(ciphertext)
	if err != nil {
		return nil, "", fmt.Errorf("%w: not base64", ErrMalformedCiphertext)
	}
	if len(buf) == 0 || len(buf)%aes.BlockSize != 0 {
		return nil, "", fmt.Errorf("%w: length %d is not a positive multiple of %d",
			ErrMalformedCiphertext, len(buf), aes.BlockSize)
	}
	cipher.NewCBCDecrypter(c.block, c.iv).CryptBlocks(buf, buf)
	plain, err := unpad(buf)
	if err != nil {
		return nil, "", err
	}
	msg, receiverID, err := splitPlaintext(plain)
	if err != nil {
		return nil, "", err
	}
	i := slices.Index(c.receiverIDs, string(receiverID))
	if i < 0 {
		return nil, "", ErrInvalidReceiverID
	}
	return msg, c.receiverIDs[i], nil
}

// Errors from here on describe decrypted bytes by length only, never by
// value: no decrypted content reaches an error string.

// unpad strips PKCS#7 padding to 32-byte blocks. The buffer must be a
// positive multiple of 32 bytes, its last byte n in 1..32, and its last n
// bytes must all equal n.
func unpad(b []byte) ([]byte, error) {
	if len(b) == 0 || len(b)%padBlock != 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a positive multiple of %d", ErrInvalidPadding, len(b), padBlock)
	}
	n := int(b[len(b)-1])
	if n < 1 || n > padBlock {
		return nil, fmt.Errorf("%w: pad byte out of range", ErrInvalidPadding)
	}
	var diff byte
	for _, v := range b[len(b)-n:] {
		diff |= v ^ byte(n)
	}
	if diff != 0 {
		return nil, fmt.Errorf("%w: inconsistent pad bytes", ErrInvalidPadding)
	}
	return b[:len(b)-n], nil
}

// splitPlaintext splits random(16) | msg_len(4, big endian) | msg |
// receiveid. The length is compared as uint64 against what remains, so no
// value of msg_len can overflow an int or index out of range.
func splitPlaintext(p []byte) (msg, receiverID []byte, err error) {
	if len(p) < headerLen {
		return nil, nil, fmt.Errorf("%w: %d bytes, need at least %d", ErrMalformedPlaintext, len(p), headerLen)
	}
	msgLen := uint64(binary.BigEndian.Uint32(p[randomLen:headerLen]))
	rest := p[headerLen:]
	if msgLen > uint64(len(rest)) {
		return nil, nil, fmt.Errorf("%w: msg_len exceeds the %d bytes left", ErrMalformedPlaintext, len(rest))
	}
	return rest[:msgLen:msgLen], rest[msgLen:], nil
}

// Envelope is an encrypted, signed message: the Encrypt ciphertext with the
// msg_signature, timestamp and nonce that authenticate it.
type Envelope struct {
	Encrypt      string // base64 AES-256-CBC ciphertext
	MsgSignature string // hex SHA-1 signature
	TimeStamp    string // Unix seconds, decimal
	Nonce        string
}

// Encrypt encrypts msg for c's first receiver id and signs it with timestamp
// (Unix seconds, decimal) and nonce, both required. The 16-byte random prefix
// is read from crypto/rand (see WithRand).
//
// Use the Envelope's XML method for a passive reply (被动回复), or
// NewDeliveryRequest to send msg to a callback URL the way WeCom does.
func (c *Crypto) Encrypt(msg []byte, timestamp, nonce string) (*Envelope, error) {
	if timestamp == "" || nonce == "" {
		return nil, fmt.Errorf("%w: timestamp and nonce are required", ErrInvalidArgument)
	}
	ct, err := c.seal(msg, c.receiverIDs[0])
	if err != nil {
		return nil, err
	}
	return &Envelope{
		Encrypt:      ct,
		MsgSignature: c.Sign(timestamp, nonce, ct),
		TimeStamp:    timestamp,
		Nonce:        nonce,
	}, nil
}

// seal builds random | msg_len | msg | receiverID, pads it to 32-byte
// blocks, encrypts it and returns the base64 ciphertext.
func (c *Crypto) seal(msg []byte, receiverID string) (string, error) {
	if uint64(len(msg)) > math.MaxUint32 {
		return "", fmt.Errorf("%w: message too long", ErrInvalidArgument)
	}
	n := headerLen + len(msg) + len(receiverID)
	pad := padBlock - n%padBlock // 1..32
	buf := make([]byte, n+pad)
	if _, err := io.ReadFull(c.rand, buf[:randomLen]); err != nil {
		return "", fmt.Errorf("callback: reading random prefix: %w", err)
	}
	binary.BigEndian.PutUint32(buf[randomLen:headerLen], uint32(len(msg)))
	copy(buf[headerLen:], msg)
	copy(buf[headerLen+len(msg):], receiverID)
	for i := n; i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf), nil
}
