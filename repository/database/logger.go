package database

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm"
	gormlogger "gorm.io/gorm/logger"
)

// queryLogger adapts GORM's logger to slog without ever printing SQL text or arguments:
// the statement can carry customer data and GORM's own messages can quote values. It
// reports slow queries with their duration and row count only; failed queries are left
// to the caller, which logs the error once where it is handled.
type queryLogger struct {
	log  *slog.Logger
	slow time.Duration
}

func newQueryLogger(log *slog.Logger, slow time.Duration) gormlogger.Interface {
	return &queryLogger{log: log.With("component", "gorm"), slow: slow}
}

// LogMode is part of GORM's interface; the level is slog's business, so it is ignored.
func (l *queryLogger) LogMode(gormlogger.LogLevel) gormlogger.Interface { return l }

// Info, Warn and Error log GORM's message template only, never its arguments.
func (l *queryLogger) Info(ctx context.Context, msg string, _ ...any) {
	l.log.DebugContext(ctx, msg)
}

func (l *queryLogger) Warn(ctx context.Context, msg string, _ ...any) {
	l.log.WarnContext(ctx, msg)
}

func (l *queryLogger) Error(ctx context.Context, msg string, _ ...any) {
	l.log.ErrorContext(ctx, msg)
}

// Trace runs after every statement. fc is called only for its row count.
func (l *queryLogger) Trace(
	ctx context.Context, begin time.Time, fc func() (string, int64), err error,
) {
	elapsed := time.Since(begin)
	if l.slow <= 0 || elapsed < l.slow {
		return
	}

	_, rows := fc()
	attrs := []any{"duration_ms", elapsed.Milliseconds(), "rows", rows}
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		attrs = append(attrs, "failed", true)
	}

	l.log.WarnContext(ctx, "slow query", attrs...)
}
