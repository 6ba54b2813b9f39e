package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// readyTimeout bounds the readiness check, so a hung database fails the probe quickly
// instead of hanging it.
const readyTimeout = 500 * time.Millisecond

// DependencyDatabase is the dependency a readiness error is blamed on when it does not
// name one: Config.Ready is, first of all, a database ping.
const DependencyDatabase = "database"

// StatusResponse is the body of /health.
type StatusResponse struct {
	Status string `json:"status" validate:"required" example:"ok"`
}

// ReadyResponse is the body of a successful /ready: each dependency checked, with "ok".
type ReadyResponse struct {
	Status string            `json:"status" validate:"required" example:"ready"`
	Checks map[string]string `json:"checks" validate:"required"`
}

// NotReadyError names the dependency a readiness check found unable to serve. Config.Ready
// returns one (or wraps one) to say which failed; /ready reports the name and a short
// reason, never Err, whose text may hold hosts or users.
type NotReadyError struct {
	Dependency string
	// Reason is a short, fixed phrase safe for clients, such as "draining for shutdown".
	Reason string
	Err    error
}

func (e *NotReadyError) Error() string {
	return e.Dependency + " not ready: " + e.Reason + ": " + e.Err.Error()
}

func (e *NotReadyError) Unwrap() error { return e.Err }

// health godoc
//
//	@ID health
//	@Tags operations
//	@Summary Liveness
//	@Description 200 while the process serves requests. It does not touch the database,
//	@Description so a database outage never restarts healthy instances.
//	@Produce application/json
//	@Success 200 {object} StatusResponse
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /health [get]
func health(c *gin.Context) {
	c.JSON(http.StatusOK, StatusResponse{Status: "ok"})
}

// ready godoc
//
//	@ID ready
//	@Tags operations
//	@Summary Readiness
//	@Description 200 when the database answers a ping within 500 ms. Otherwise 503 with
//	@Description a problem whose errors name the dependency that failed (database), and
//	@Description nothing about it beyond that; the cause goes to the log. A server that
//	@Description is shutting down also answers 503, so load balancers drain it first.
//	@Produce application/json,application/problem+json
//	@Success 200 {object} ReadyResponse
//	@Failure 503 {object} Problem "Not ready; errors names the dependency"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /ready [get]
func ready(check func(context.Context) error, logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		if check == nil {
			c.JSON(http.StatusOK, ReadyResponse{Status: "ready", Checks: map[string]string{}})

			return
		}

		ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
		defer cancel()

		err := check(ctx)
		if err == nil {
			c.JSON(http.StatusOK, ReadyResponse{Status: "ready",
				Checks: map[string]string{DependencyDatabase: "ok"}})

			return
		}

		dep, reason := notReady(err)
		// The cause may name a host or a user: the log gets its kind, the client less.
		logger.WarnContext(ctx, "not ready", slog.String("dependency", dep),
			slog.String("reason", reason),
			slog.Bool("timeout", errors.Is(err, context.DeadlineExceeded)),
			slog.String("request_id", requestIDFrom(c)))
		// A 5xx type keeps one fixed detail; what varies goes into errors.
		writeProblem(c, newProblem(kindNotReady, detailNotReady,
			[]FieldProblem{{Field: dep, Message: reason}}))
	}
}

// notReady names the failed dependency and a reason fit for clients.
func notReady(err error) (dependency, reason string) {
	var nr *NotReadyError
	if errors.As(err, &nr) {
		return nr.Dependency, nr.Reason
	}

	if errors.Is(err, context.DeadlineExceeded) {
		return DependencyDatabase, "did not answer within " + readyTimeout.String()
	}

	return DependencyDatabase, "unreachable"
}
