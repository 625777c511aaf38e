package wecomredis_test

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	wecomredis "github.com/wecomkit/wecom/redis"
	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/callback"
)

// Every instance of a service builds the same wiring: the token, callback
// retries and the rate budget are then shared through Redis. (Not run: it
// needs a Redis and WeCom credentials.)
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"}) // or redis.NewClusterClient, redis.NewFailoverClient
	defer rdb.Close()
	store, err := wecomredis.New(rdb, wecomredis.Options{
		Prefix: "crm:",
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err != nil {
		log.Fatal(err)
	}

	// Tokens: one gettoken per expiry across all instances.
	app, err := work.New(work.Config{
		CorpID:     os.Getenv("WECOM_CORP_ID"),
		Secret:     os.Getenv("WECOM_SECRET"),
		TokenCache: store.TokenCache(),
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = app.ExternalContact()

	// Callbacks: a retry on any instance is handled once.
	h, err := callback.New(callback.Config{
		Token:          os.Getenv("WECOM_CALLBACK_TOKEN"),
		EncodingAESKey: os.Getenv("WECOM_CALLBACK_AES_KEY"),
		ReceiverIDs:    []string{os.Getenv("WECOM_CORP_ID")},
		Dedupe:         store.Dedupe(),
	})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/wecom/callback", h)

	// The rate budget, shared: one call taken from the corp's budget for
	// externalcontact/get.
	ok, wait, err := store.Limiter().Allow(context.Background(), os.Getenv("WECOM_CORP_ID")+"/externalcontact/get/1m0s",
		wecomredis.Rate{Events: 1000, Per: time.Minute, Burst: 100})
	if err == nil && !ok {
		time.Sleep(wait)
	}
}
