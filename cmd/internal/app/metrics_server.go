//go:build !lambda

package app

import (
	"database/sql"
	"net/http"

	"github.com/gamarriando/product-service/delivery/metrics"
)

// serverMetrics is the Prometheus registry behind GET /metrics.
func serverMetrics(pools func() []sql.DBStats) (metrics.Recorder, http.Handler) {
	p := metrics.NewPrometheus(pools)

	return p, p.Handler()
}
