package httpapi_test

import (
	"github.com/gamarriando/product-service/delivery/auth"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gamarriando/product-service/delivery/contract"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
)

// newEngine serves the real router over the real use cases and a GORM store.
func newEngine(db *gorm.DB) http.Handler {
	svc := usecase.NewServices(gormstore.New(db))

	return httpapi.NewRouter(httpapi.Config{
		Products:   svc.Products,
		Categories: svc.Categories,
		Vendors:    svc.Vendors,
		Logger:     slog.New(slog.DiscardHandler),
		// The shared contract acts as an administrator; access rules have their own
		// matrix.
		Authenticator: auth.Development{},
	})
}

// inProcess is the transport of the contract: the engine called directly.
func inProcess(h http.Handler) func(*http.Request) *http.Response {
	return func(req *http.Request) *http.Response {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		return rec.Result()
	}
}

func TestContractPostgres(t *testing.T) {
	contract.Run(t, inProcess(newEngine(dbtest.Postgres(t))))
}

// The same contract holds on the embedded SQLite the local server can run on.
func TestContractSQLite(t *testing.T) {
	contract.Run(t, inProcess(newEngine(dbtest.SQLite(t))))
}
