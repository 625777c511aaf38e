// Package callback receives WeCom (企业微信) external contact (客户联系)
// callbacks and a third-party suite's instruction callbacks (指令回调): it
// verifies, decrypts and parses them and hands typed events to the
// functions you register, as an http.Handler.
//
//	h, err := callback.New(callback.Config{
//		Token:          token,          // 接收消息服务器配置 Token
//		EncodingAESKey: encodingAESKey, // 43 characters
//		ReceiverIDs:    []string{corpID},
//	})
//	if err != nil { ... }
//	h.OnAddExternalContact(func(ctx context.Context, e *callback.AddExternalContactEvent) error {
//		// e.WelcomeCode is valid for 20 seconds; e.State names the 「联系我」 channel.
//		return queue.Push(ctx, e.ExternalUserID, e.State, e.WelcomeCode)
//	})
//	http.Handle("/wecom/callback", h)
//
// # Verification
//
// Every request is authenticated before anything else is done with it. The
// msg_signature query parameter must equal the hex SHA-1 of the Token, the
// timestamp, the nonce and the ciphertext (sorted, concatenated); it is
// compared in constant time, before any decryption. The timestamp must lie
// within Config.MaxClockSkew (5 minutes by default) of the local clock. The
// ciphertext is AES-256-CBC with the key from EncodingAESKey, padded with
// PKCS#7 to 32-byte blocks; the plaintext is random(16) | msg_len(4) | msg |
// receiveid, and receiveid must be one of Config.ReceiverIDs (the corp id,
// and the suite id where that applies). A GET with echostr (URL
// verification, 验证URL有效性) is answered with the decrypted echo.
//
// Crypto implements the scheme on its own, for use outside the Handler:
// Decrypt and VerifyURL on the receiving side; Encrypt, NewDeliveryRequest and
// NewVerifyURLRequest to produce exactly what WeCom sends, for passive
// replies, simulators and tests.
//
// Deliveries come as XML or, for apps set to the JSON data format, as JSON
// ({"tousername":"…","encrypt":"…","agentid":"…"}, whose decrypted message
// is a JSON object with the XML element names as members). The Handler
// takes both; RawEvent.JSON tells which it was.
//
// The query must carry msg_signature, timestamp and nonce once each (and
// echostr once on GET): a repeated one, or a missing nonce, is refused with
// 400 (ErrMalformedQuery) before anything else, since WeCom never sends
// them so and a second value is one the signature never covered.
//
// # Events
//
// A delivery is parsed into a Header (both the self-built form with
// ToUserName/MsgType/Event and the third-party form with
// SuiteId/AuthCorpId/InfoType) and, for the known kinds of
// change_external_contact, change_external_chat, change_external_tag and
// customer_acquisition (获客助手: quota, links, customers who came through
// them), into a typed event such as AddExternalContactEvent or
// AcquisitionBalanceLowEvent. Register one function
// per kind with the On methods (OnAddExternalContact, OnExternalChatUpdate,
// ...), and a catch-all with OnEvent: it receives every delivery no typed
// function takes, unknown event and change types included, as a RawEvent
// with the decrypted XML. Unknown events are never an error, so WeCom never
// retries them into oblivion.
//
// A service provider's suite (第三方应用) or 代开发 template receives, at its
// 指令回调 URL, instruction events about the suite itself: suite_ticket
// every 10 minutes (OnSuiteTicket), create_auth with the AuthCode of a corp
// that installed it (OnCreateAuth), change_auth, cancel_auth, and
// reset_permanent_code (OnResetPermanentCode). They are encrypted for the
// suite id, so list it in ReceiverIDs (beside the corp ids of data
// callbacks arriving at the same URL); the Handler also requires an
// instruction event to be encrypted for the very suite its SuiteId names.
// Package provider registers functions for all of them
// (provider.Provider.HandleCallbacks).
//
// A function returning nil has handled the event and WeCom gets 200
// "success". A function returning an error, or panicking, makes the Handler
// answer 500 so that WeCom retries; the panic is recovered and logged without
// its value. The error text is logged: keep customer data out of it. WeCom
// waits about five seconds for an answer and a WelcomeCode lives for 20
// seconds, so answer quickly and move long work to a queue or goroutine.
//
// Register functions before serving. Registration takes a lock, so changing
// a function while serving is safe too.
//
// # Dedupe
//
// WeCom retries a delivery it did not see acknowledged, with the same
// msg_signature, timestamp and nonce. The Handler records each handled
// delivery in a DedupeStore and answers a retry with "success" without
// calling your function again; a duplicate arriving at the same Handler
// while the first copy is still being handled waits for its outcome. A
// delivery whose function failed is forgotten, so its retry is handled
// afresh. The default store is in memory, bounded (MemoryDedupe); run several
// instances against one shared store. A plain DedupeStore (Redis SET NX PX
// and DEL fit it) records a delivery when its handling starts, so a retry
// reaching another instance while the first copy is still being handled is
// acknowledged at once. A DeliveryClaimer (the Redis store of module
// github.com/wecomkit/wecom/redis is one) closes that gap: the delivery is
// claimed for DedupeLease and the claim renewed while the function runs; a
// retry on another instance waits for the outcome, is answered "success"
// only once the first copy succeeded, and handles the delivery itself when
// that copy fails or its instance dies (after the lease). If the store
// fails, the delivery is handled anyway: at least once beats lost.
//
// # Security
//
// The Handler refuses, without calling any function: a missing or wrong
// signature (ErrInvalidSignature), a stale timestamp (ErrStale), a plaintext
// or otherwise unencrypted delivery (ErrNotEncrypted), a body with duplicate
// Encrypt elements, a DOCTYPE or entity declaration, or nesting too deep
// (ErrMalformedEnvelope), a body over Config.MaxBodyBytes (ErrBodyTooLarge),
// and ciphertext that fails to decrypt cleanly (ErrMalformedCiphertext,
// ErrInvalidPadding, ErrMalformedPlaintext, ErrInvalidReceiverID). Every
// length in the ciphertext is bounds-checked; malformed input is an error,
// never a panic. Envelope fields other than Encrypt (ToUserName, AgentID) are
// not covered by the signature and are not trusted.
//
// Config, Crypto and Handler print redacted. Errors never contain the Token,
// the AES key or decrypted content; log lines neither, except for the event
// and change type of a delivery whose function failed or panicked.
//
// # Examples
//
//   - Example: a customer adds a member through a 「联系我」 channel and the
//     handler greets them with the WelcomeCode; Crypto plays WeCom.
//   - Example_simulator: the same end to end against the simulator, which
//     verifies the URL and pushes the encrypted event.
//   - ExampleCrypto_VerifyURL: URL verification without the Handler.
//   - ExampleCrypto_NewDeliveryRequest: the request WeCom would send.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/callback -run '^Example_simulator$' -v
package callback
