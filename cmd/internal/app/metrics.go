package app

import (
	"database/sql"
	"net/http"
	"os"

	"gorm.io/gorm"

	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/delivery/metrics"
	"github.com/gamarriando/product-service/repository/database"
)

// newMetrics picks how the service reports its figures: on Lambda, where nothing can
// scrape an endpoint, as CloudWatch Embedded Metric Format lines on standard output
// (no /metrics route); elsewhere as a Prometheus registry behind GET /metrics.
func newMetrics(cfg config.Config, db *gorm.DB) (metrics.Recorder, http.Handler) {
	pools := func() []sql.DBStats { return database.Stats(db) }
	if cfg.OnLambda {
		return metrics.NewEMF(os.Stdout, metrics.EMFOptions{FunctionName: cfg.FunctionName,
			Pools: pools}), nil
	}

	return serverMetrics(pools)
}
