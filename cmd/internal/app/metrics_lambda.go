//go:build lambda

package app

import (
	"database/sql"
	"net/http"
	"os"

	"github.com/gamarriando/product-service/delivery/metrics"
)

// serverMetrics falls back to EMF lines in Lambda builds, which leave the Prometheus
// client out: nothing on Lambda could scrape it.
func serverMetrics(pools func() []sql.DBStats) (metrics.Recorder, http.Handler) {
	return metrics.NewEMF(os.Stdout, metrics.EMFOptions{Pools: pools}), nil
}
