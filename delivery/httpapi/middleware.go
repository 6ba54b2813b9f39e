package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/delivery/metrics"
)

// RequestIDHeader carries the request id in and out.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLength bounds an incoming id, so a client cannot fill the logs with it.
const maxRequestIDLength = 128

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
	logAttrsKey
)

// WithLogAttrs adds attributes to the access-log line of the request ctx belongs to.
// The Lambda entry point uses it for what only it knows: the function's name and
// whether this invocation is a cold start.
func WithLogAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	prev, _ := ctx.Value(logAttrsKey).([]slog.Attr)

	return context.WithValue(ctx, logAttrsKey, append(slices.Clip(prev), attrs...))
}

func logAttrsFrom(ctx context.Context) []slog.Attr {
	attrs, _ := ctx.Value(logAttrsKey).([]slog.Attr)

	return attrs
}

// RequestID is the id of the request ctx belongs to, or "" outside a request. Code
// below the handlers (and the Lambda adapter) can log with it.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)

	return id
}

func requestIDFrom(c *gin.Context) string { return RequestID(c.Request.Context()) }

func loggerFrom(c *gin.Context) *slog.Logger {
	if l, ok := c.Request.Context().Value(loggerKey).(*slog.Logger); ok {
		return l
	}

	return slog.Default()
}

// requestIDMiddleware keeps a well-formed incoming X-Request-Id, so one id follows a
// request through proxies, and makes a fresh one otherwise. The id goes into the
// request's context and back to the client.
func requestIDMiddleware(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}

		ctx := context.WithValue(c.Request.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, loggerKey, logger)
		c.Request = c.Request.WithContext(ctx)
		c.Header(RequestIDHeader, id)
		c.Next()
	}
}

// validRequestID accepts ids made of a safe alphabet only: they end up in log lines and
// response headers.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}

	for i := 0; i < len(id); i++ {
		ch := id[i]
		isAlnum := (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9')
		// '+' and '/' appear in API Gateway HTTP API request ids (base64-like).
		if !isAlnum && !strings.ContainsRune("-_.:=+/", rune(ch)) {
			return false
		}
	}

	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms

	return hex.EncodeToString(b[:])
}

// accessLogMiddleware writes one line per request and hands the same figures to the
// metrics recorder (nil records nothing). It logs the route pattern rather than the
// URL, so query strings (which may hold secrets) and ids stay out of the log and the
// metrics, and it never looks at headers or bodies.
func accessLogMiddleware(logger *slog.Logger, rec metrics.Recorder) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()

		elapsed := time.Since(start)
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelWarn
		}

		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}

		if rec != nil {
			rec.Observe(metrics.Request{Method: c.Request.Method, Route: route,
				Status: status, Duration: elapsed})
		}

		attrs := append([]slog.Attr{
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Duration("duration", elapsed),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.String("request_id", requestIDFrom(c)),
		}, logAttrsFrom(c.Request.Context())...)
		logger.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}

// recoveryMiddleware turns a panic into a 500 problem and keeps the process alive. The
// log line names the panic and the function it came from, without a stack trace; the
// client only gets the request id.
func recoveryMiddleware(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}

			if rec == http.ErrAbortHandler {
				panic(rec)
			}

			logger.ErrorContext(c.Request.Context(), "panic recovered",
				slog.String("request_id", requestIDFrom(c)),
				slog.String("route", c.FullPath()),
				slog.String("panic", fmt.Sprint(rec)),
				slog.String("function", panicOrigin()))

			if c.Writer.Written() {
				c.Abort()

				return
			}

			writeProblem(c, newProblem(kindInternal, detailInternal, nil))
		}()

		c.Next()
	}
}

// panicOrigin names the first function outside the runtime on the panicking goroutine's
// stack: enough to find the bug, without logging a trace.
func panicOrigin() string {
	pcs := make([]uintptr, 16)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])

	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.Function != "" {
			return f.Function
		}

		if !more {
			return "unknown"
		}
	}
}

// noStoreMiddleware makes no-store the default: only successful public reads opt in
// to caching, so nothing else is ever cached by accident.
func noStoreMiddleware(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}
