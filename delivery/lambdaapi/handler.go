package lambdaapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// RequestIDHeader carries the request id into the router, which logs it and sends it
// back: API Gateway's request id, or the Lambda request id where there is no gateway.
const RequestIDHeader = "X-Request-Id"

// defaultDeadlineMargin is how long before the Lambda deadline the request's context
// ends, so a slow query fails as a 503 problem that still reaches the caller, rather
// than the runtime killing the invocation and API Gateway answering a bare 502.
const defaultDeadlineMargin = 500 * time.Millisecond

// Options configures a Handler.
type Options struct {
	// Source is the event kind the function is deployed behind. Required.
	Source Source
	// BasePath is removed from the front of every path, by whole segments: the base
	// path mapping of a custom domain, such as "/catalog". An HTTP API's named stage is
	// removed without it.
	BasePath string
	// DeadlineMargin is kept free before the Lambda deadline; zero means 500 ms.
	DeadlineMargin time.Duration
	// Logger receives one line per invocation; nil discards them.
	Logger *slog.Logger
	// RequestContext, when set, derives each request's context from what the event
	// says about the call, such as the claims an API Gateway authorizer verified.
	RequestContext func(context.Context, Invocation) context.Context
}

// Invocation is what the event and the Lambda runtime say about one call.
type Invocation struct {
	Source Source
	// LambdaRequestID is the runtime's id of this invocation.
	LambdaRequestID string
	// GatewayRequestID is API Gateway's id of the request, empty behind an ALB.
	GatewayRequestID string
	// Authorized tells whether an API Gateway authorizer handled the request; Claims
	// are the claims it verified, as API Gateway passes them (strings).
	Authorized bool
	Claims     map[string]string
}

// Handler is a lambda.Handler that serves HTTP events through an http.Handler.
type Handler struct {
	next   http.Handler
	opts   Options
	log    *slog.Logger
	source Source
}

// New builds a Handler that serves next.
func New(next http.Handler, opts Options) (*Handler, error) {
	if next == nil {
		return nil, errors.New("lambda handler: no http handler")
	}
	if _, err := ParseSource(string(opts.Source)); err != nil {
		return nil, fmt.Errorf("lambda handler: %w", err)
	}

	if opts.DeadlineMargin <= 0 {
		opts.DeadlineMargin = defaultDeadlineMargin
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}

	return &Handler{next: next, opts: opts, log: log, source: opts.Source}, nil
}

// Invoke serves one event. It implements lambda.Handler, so the raw payload arrives
// here and the event kind is judged from its shape, not from a Go type that would
// decode any JSON into an empty event.
func (h *Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	start := time.Now()
	inv := Invocation{Source: h.source}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		inv.LambdaRequestID = lc.AwsRequestID
	}

	got, err := detect(payload)
	if err != nil {
		h.log.ErrorContext(ctx, "lambda event is not an HTTP event",
			"lambda_request_id", inv.LambdaRequestID, "event_source", h.source)
		return nil, fmt.Errorf("lambda handler: %w", err)
	}

	conv := converterFor(got)
	ctx, cancel := h.withMargin(ctx)
	defer cancel()

	req, ev, err := conv.request(ctx, payload, h.opts.BasePath)
	inv.GatewayRequestID, inv.Authorized, inv.Claims = ev.gatewayRequestID, ev.authorized, ev.claims
	w := conv.recorder(ev)
	requestID := inv.requestID()

	var status int
	switch {
	case got != h.source:
		status = writeProblem(w, mismatchProblem(h.source, got), requestID)
		h.log.ErrorContext(ctx, "lambda event source mismatch",
			"configured", h.source, "received", got, "fix", "set LAMBDA_EVENT_SOURCE="+string(got),
			"lambda_request_id", inv.LambdaRequestID, "request_id", requestID)
	case err != nil:
		status = writeProblem(w, malformedProblem(), requestID)
		h.log.WarnContext(ctx, "lambda event rejected", "err", err,
			"lambda_request_id", inv.LambdaRequestID, "request_id", requestID)
	default:
		status = h.serve(w, req, inv)
		// Debug only: the router's access line is the one line per request, and it
		// carries these ids too.
		h.log.DebugContext(ctx, "lambda invocation",
			"lambda_request_id", inv.LambdaRequestID, "request_id", requestID,
			"event_source", got, "method", req.Method, "status", status,
			"duration_ms", time.Since(start).Milliseconds())
	}

	out, err := w.encode()
	if err != nil {
		// Every path above sets a status, so this is a bug in this package.
		return nil, fmt.Errorf("lambda handler: %w", err)
	}

	return out, nil
}

// requestID is the id the router and the caller see.
func (inv Invocation) requestID() string {
	if inv.GatewayRequestID != "" {
		return inv.GatewayRequestID
	}

	return inv.LambdaRequestID
}

// withMargin ends the context DeadlineMargin before the Lambda deadline. A deadline
// closer than that is left as it is.
func (h *Handler) withMargin(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok || time.Until(deadline) <= h.opts.DeadlineMargin {
		return context.WithCancel(ctx)
	}

	return context.WithDeadline(ctx, deadline.Add(-h.opts.DeadlineMargin))
}

// serve runs the router on req and returns the status it wrote. A panic that escapes
// the router becomes a 500 problem instead of a function error.
func (h *Handler) serve(w recorder, req *http.Request, inv Invocation) (status int) {
	requestID := inv.requestID()
	req.Header.Set(RequestIDHeader, requestID)
	if h.opts.RequestContext != nil {
		req = req.WithContext(h.opts.RequestContext(req.Context(), inv))
	}

	t := &tracker{ResponseWriter: w}
	defer func() {
		if recover() == nil {
			status = t.finish(requestID)
			return
		}
		h.log.ErrorContext(req.Context(), "panic serving lambda request",
			"lambda_request_id", inv.LambdaRequestID, "request_id", requestID)
		if t.status == 0 {
			writeProblem(t, internalProblem(), requestID)
		}
		status = t.finish(requestID)
	}()

	h.next.ServeHTTP(t, req)

	return 0
}

// tracker remembers the status written through it, so a handler that writes nothing
// still answers 200, as net/http would, instead of an unencodable response.
type tracker struct {
	http.ResponseWriter
	status int
}

func (t *tracker) WriteHeader(status int) {
	if t.status == 0 {
		t.status = status
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *tracker) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}

	return t.ResponseWriter.Write(b)
}

// Flush is a no-op: the whole response goes back in one Lambda reply.
func (t *tracker) Flush() {}

// Unwrap lets http.ResponseController reach the recorder.
func (t *tracker) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// finish gives the response its status and request id header if the router did not.
func (t *tracker) finish(requestID string) int {
	if t.Header().Get(RequestIDHeader) == "" {
		t.Header().Set(RequestIDHeader, requestID)
	}
	if t.status == 0 {
		t.WriteHeader(http.StatusOK)
	}

	return t.status
}
