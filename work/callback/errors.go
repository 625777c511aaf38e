package callback

import "errors"

// Sentinel errors returned (wrapped) by this package. Test for them with
// errors.Is. No error produced by this package ever contains the Token, the
// AES key or decrypted content.
var (
	// ErrInvalidConfig reports an unusable Config or NewCrypto argument.
	ErrInvalidConfig = errors.New("callback: invalid config")

	// ErrInvalidSignature reports a missing or wrong msg_signature.
	ErrInvalidSignature = errors.New("callback: invalid signature")

	// ErrStale reports a timestamp that is missing, malformed or outside the
	// configured freshness window.
	ErrStale = errors.New("callback: stale or malformed timestamp")

	// ErrMalformedCiphertext reports ciphertext that is not valid base64 or
	// whose length is not a positive multiple of the AES block size.
	ErrMalformedCiphertext = errors.New("callback: malformed ciphertext")

	// ErrInvalidPadding reports PKCS#7 padding that is not valid for 32-byte
	// blocks (a plaintext that is not a whole number of 32-byte blocks, a pad
	// byte outside 1..32, or pad bytes not all equal).
	ErrInvalidPadding = errors.New("callback: invalid padding")

	// ErrMalformedPlaintext reports a decrypted payload that does not follow
	// random(16) | msg_len(4) | msg | receiveid.
	ErrMalformedPlaintext = errors.New("callback: malformed plaintext")

	// ErrInvalidReceiverID reports a decrypted receiver id (corp id or suite
	// id) that is not one of the configured ones.
	ErrInvalidReceiverID = errors.New("callback: invalid receiver id")

	// ErrNotEncrypted reports a delivery without an Encrypt element (a
	// plaintext event) or with an empty one.
	ErrNotEncrypted = errors.New("callback: message is not encrypted")

	// ErrMalformedEnvelope reports a POST body that is not a single, safe XML
	// document with exactly one top-level Encrypt element: broken XML, a
	// DOCTYPE or other directive, excessive nesting, or duplicate Encrypt.
	ErrMalformedEnvelope = errors.New("callback: malformed envelope")

	// ErrMalformedEvent reports decrypted event XML that cannot be read.
	ErrMalformedEvent = errors.New("callback: malformed event")

	// ErrMalformedQuery reports a request whose msg_signature, timestamp,
	// nonce or echostr is given more than once, or that has no nonce. WeCom
	// sends each exactly once; taking the first of two would let the
	// unsigned one decide.
	ErrMalformedQuery = errors.New("callback: malformed query")

	// ErrBodyTooLarge reports a request body above Config.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("callback: request body too large")

	// ErrInvalidArgument reports a bad argument to Encrypt or a request builder.
	ErrInvalidArgument = errors.New("callback: invalid argument")
)
