package core

import (
	"context"
	"time"
)

// Attempt describes one attempt of a call, for metrics and tracing. It
// carries the endpoint's facts and the outcome, never a token, a query
// string or a body.
type Attempt struct {
	// Endpoint is the endpoint called: method, path (relative to
	// /cgi-bin/, without a query) and retry class.
	Endpoint Endpoint
	// Attempt is 1 for the first attempt of a call, 2 for its first retry…
	Attempt int
	// Start is when the attempt began (after the backoff that preceded
	// it), before it waited on the governor.
	Start time.Time
	// Wait is how long the attempt waited on the governor (rate budget
	// and concurrency cap) before it was sent.
	Wait time.Duration
	// Duration is how long the request took, from sending it to the end
	// of the answer (0 when it was not sent).
	Duration time.Duration
	// Sent is false when the attempt never left the process (the governor
	// refused it, the token could not be had, ctx ended while waiting).
	Sent bool
	// StatusCode is the HTTP status, 0 without an answer.
	StatusCode int
	// ErrCode is WeCom's errcode: 0 on success, 45009 for a call the
	// governor refused during a pause, and 0 when there was no errcode.
	ErrCode int
	// Err is the attempt's error, nil on success. Like every error of this
	// package it never holds a token or a secret.
	Err error
	// Retry is true when another attempt follows.
	Retry bool
}

// Observer is told about every attempt, once it is over. It is called
// on the caller's goroutine with the call's context, so a tracer finds its
// parent span there; it must be quick and safe for concurrent use.
type Observer interface {
	ObserveAttempt(ctx context.Context, a Attempt)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(ctx context.Context, a Attempt)

// ObserveAttempt implements Observer.
func (f ObserverFunc) ObserveAttempt(ctx context.Context, a Attempt) { f(ctx, a) }
