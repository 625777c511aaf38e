package otel_test

import (
	"context"
	"fmt"
	"log"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	wecomotel "github.com/wecomkit/wecom/otel"
	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/worktest"
)

// Trace an App's calls: one span per attempt, named by the endpoint path.
// Here the spans go to an in-memory recorder and the App to the simulator.
func ExampleNewObserver() {
	sim := worktest.NewServer()
	defer sim.Close()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))

	cfg := sim.Config()
	cfg.Observer = wecomotel.NewObserver(wecomotel.WithTracerProvider(tp))
	app, err := work.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := app.ExternalContact().GetFollowUsers(context.Background()); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.Ended() {
		fmt.Println(s.Name())
	}
	// Output:
	// gettoken
	// externalcontact/get_follow_user_list
}
