package otel

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/wecomkit/wecom/work/core"
)

// ScopeName is the instrumentation scope of the spans.
const ScopeName = "github.com/wecomkit/wecom/otel"

// Option configures NewObserver.
type Option func(*config)

type config struct {
	tp trace.TracerProvider
}

// WithTracerProvider sets the provider of the tracer (default: the global
// one, otel.GetTracerProvider()).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// Observer turns the SDK's attempts into spans. It implements
// core.Observer and is safe for concurrent use.
type Observer struct {
	tracer trace.Tracer
}

// NewObserver returns an Observer for work.Config.Observer or
// core.Options.Observer.
func NewObserver(opts ...Option) *Observer {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	return &Observer{tracer: c.tp.Tracer(ScopeName)}
}

var _ core.Observer = (*Observer)(nil)

// ObserveAttempt records a as a span that starts when the attempt began
// (its wait on the governor included) and ends when its answer was read.
func (o *Observer) ObserveAttempt(ctx context.Context, a core.Attempt) {
	end := a.Start.Add(a.Wait + a.Duration)
	attrs := []attribute.KeyValue{
		attribute.String("http.request.method", a.Endpoint.Method),
		attribute.String("url.path", "/cgi-bin/"+a.Endpoint.Path),
		attribute.Int("wecom.errcode", a.ErrCode),
		attribute.Int("wecom.attempt", a.Attempt),
		attribute.String("wecom.class", a.Endpoint.Class.String()),
		attribute.Bool("wecom.sent", a.Sent),
		attribute.Bool("wecom.retry", a.Retry),
		attribute.Int64("wecom.governor.wait_ms", a.Wait.Milliseconds()),
	}
	if a.StatusCode != 0 {
		attrs = append(attrs, attribute.Int("http.response.status_code", a.StatusCode))
	}
	_, span := o.tracer.Start(ctx, a.Endpoint.Path,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(a.Start),
		trace.WithAttributes(attrs...))
	if a.Err != nil {
		span.SetStatus(codes.Error, a.Err.Error())
	}
	span.End(trace.WithTimestamp(end))
}
