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

// StatusResponse is the body of /health and /ready.
type StatusResponse struct {
	Status string `json:"status" example:"ok"`
}

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
//	@Success 200 {object} StatusResponse
//	@Failure 503 {object} Problem "Not ready; errors names the dependency"
//	@Header 503 {integer} Retry-After "Seconds to wait before retrying"
//	@Header all {string} X-Request-Id "Id of this request: the one sent, or a new one"
//	@Router /ready [get]
func ready(check func(context.Context) error, logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		if check != nil {
			ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
			defer cancel()

			if err := check(ctx); err != nil {
				// The cause may name a host or user: log only its kind.
				logger.WarnContext(ctx, "not ready", slog.String("dependency", "database"),
					slog.Bool("timeout", errors.Is(err, context.DeadlineExceeded)),
					slog.String("request_id", requestIDFrom(c)))
				writeProblem(c, newProblem(kindUnavailable, "database is not reachable", nil))

				return
			}
		}

		c.JSON(http.StatusOK, StatusResponse{Status: "ready"})
	}
}
