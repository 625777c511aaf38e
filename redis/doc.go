// Package wecomredis lets several instances of one service (Kubernetes
// replicas, workers) share the wecom SDK's state through Redis, on the
// caller's own github.com/redis/go-redis/v9 client: one access token per
// app instead of one per instance, callback retries handled once across
// instances, and WeCom's per-corp, per-API rate budget spent once rather
// than once per instance.
//
// It is a module of its own (github.com/wecomkit/wecom/redis), so that the
// SDK itself does not depend on go-redis.
//
// # Wiring
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"}) // or a cluster / failover client
//	store, err := wecomredis.New(rdb, wecomredis.Options{Prefix: "myservice:", Logger: logger})
//	...
//	app, err := work.New(work.Config{CorpID: corpID, Secret: secret, AgentID: agentID,
//		TokenCache: store.TokenCache()})
//	h, err := callback.New(callback.Config{Token: token, EncodingAESKey: key,
//		ReceiverIDs: []string{corpID}, Dedupe: store.Dedupe()})
//	ok, wait, err := store.Limiter().Allow(ctx, corpID+"/externalcontact/get/1m0s",
//		wecomredis.Rate{Events: 1000, Per: time.Minute, Burst: 100})
//
// # Tokens
//
// The token source keeps an in-process copy of the token: a call with a
// valid token never touches Redis. Redis holds the token for expires_in
// minus the refresh margin. When it is due, one instance takes a lease lock
// and calls gettoken (renewing the lease while it waits, so a slow gettoken
// lets nobody else in); the others poll Redis at jittered intervals for its
// token. If the holder dies, another instance takes over when its lease
// ends; a waiter never waits longer than Options.TokenMaxWait (and half of
// its refresh's FetchTimeout): then it fetches by itself. A token WeCom
// rejects (40014, 42001) is deleted from Redis only if Redis still holds
// that very token (compare-and-delete), so a stale instance never evicts a
// fresh token; then the same locked refresh follows.
//
// # Callback dedupe
//
// Dedupe is a callback.DeliveryClaimer: a delivery is claimed while it is
// handled and marked done once it succeeded. A retry reaching another
// instance meanwhile waits for the outcome: it is answered "success" only
// once the first copy succeeded, and handles the delivery itself when the
// first copy fails or its instance dies (after callback.Config.DedupeLease).
//
// # Rate budget
//
// Limiter runs the GCRA algorithm of github.com/go-redis/redis_rate/v10 in
// one Lua script per call, on Redis's clock (instances' clocks may differ).
// Its Allow(ctx, key, Rate) is the method of the rate budget the SDK's
// governor asks before each call, keyed by corp and endpoint path.
//
// # When Redis fails
//
// No API call fails because of Redis. Each Redis call has its own timeout
// (Options.Timeout, enforced even when the client ignores context
// deadlines). After a failure the Store skips Redis for Options.Cooldown:
// token sources fetch by themselves (one gettoken per instance at most,
// thanks to their singleflight), callback deliveries are handled without
// dedupe (at least once, never lost), and the rate budget is spent in
// process (1/Options.Instances of it per instance). The failure is logged at
// most once per Options.LogInterval, its recovery once; when Redis answers
// again, the instances share through it again.
//
// # Key layout
//
// With P = Options.Prefix:
//
//	P wecom:access_token:{corpid}:{agentid}:{sha256(secret)[:8] hex}         the token ("v1|refresh ms|expiry ms|token"), TTL = expires_in - margin
//	P wecom:access_token:{corpid}:{agentid}:{sha256(secret)[:8] hex}:lock    the refresh lease: a random owner id, PX TokenLease
//	P wecom:callback:{msg_signature}:{timestamp}:{nonce}                     "run:{owner}" (PX DedupeLease) while handled, then "done" (PX DedupeTTL)
//	rate: P wecom:{key}                                                      GCRA state (redis_rate puts its fixed "rate:" first)
//
// The secret never reaches Redis, only a hash of it: a rotated secret is a
// new key, and the old token is never used for it. Every operation touches
// a single key, so the Store works on Redis Cluster as is.
package wecomredis
