// Package app wires the layers together for every command: configuration in, a ready
// http.Handler and its database out. cmd/server and cmd/lambda differ only in how they
// feed requests to the handler, never in what the handler is.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/repository/database"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// readyTimeout bounds the readiness probe's ping, so a hung database fails the probe
// instead of holding it.
const readyTimeout = 500 * time.Millisecond

// App is the assembled service.
type App struct {
	Handler  http.Handler
	DB       *gorm.DB
	Services usecase.Services

	// draining makes /ready fail while the server drains before shutdown.
	draining chan struct{}
}

// New opens the database, prepares its schema where the environment allows it, and
// builds the router. It never runs SQL migrations: those are a deploy step
// (cmd/migrate), so a cold start stays small.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := checkSafety(cfg); err != nil {
		return nil, err
	}

	db, err := database.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}

	a := &App{DB: db, draining: make(chan struct{})}
	if err := a.prepare(ctx, cfg, log); err != nil {
		_ = database.Close(db)

		return nil, err
	}

	gin.SetMode(gin.ReleaseMode)
	a.Services = usecase.NewServices(gormstore.New(db))
	authn, err := authenticator(ctx, cfg.Auth, log)
	if err != nil {
		_ = database.Close(db)

		return nil, err
	}

	recorder, metricsHandler := newMetrics(cfg, db)
	router := httpapi.NewRouter(httpapi.Config{
		Products:       a.Services.Products,
		Categories:     a.Services.Categories,
		Vendors:        a.Services.Vendors,
		Logger:         log,
		Ready:          a.ready,
		CacheMaxAge:    cfg.HTTP.CacheMaxAge,
		Authenticator:  authn,
		Metrics:        recorder,
		MetricsHandler: metricsHandler,
	})
	addTestRoutes(router, db)
	a.Handler = withDeadline(router, cfg.HTTP.RequestTimeout)

	return a, nil
}

// withDeadline gives every request a deadline that reaches its queries. A Lambda
// invocation's own, earlier deadline still wins, since contexts only ever shorten.
func withDeadline(h http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return h
	}

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()

		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticator builds the identity source the configuration chose.
func authenticator(ctx context.Context, c config.Auth,
	log *slog.Logger) (httpapi.Authenticator, error) {
	switch c.Source {
	case config.AuthGateway:
		return auth.Gateway{}, nil
	case config.AuthNone:
		log.Warn("AUTHENTICATION IS OFF: every request is treated as an administrator " +
			"(development only; set AUTH_JWKS_URL or AUTH_HS256_SECRET to turn it on)")

		return auth.Development{}, nil
	}

	j, err := auth.NewJWT(ctx, auth.JWTConfig{JWKSURL: c.JWKSURL, HS256Secret: c.HS256Secret,
		Issuer: c.Issuer, Audience: c.Audience})
	if err != nil {
		return nil, fmt.Errorf("authentication: %w", err)
	}

	return j, nil
}

// checkSafety refuses the development conveniences in production: an embedded SQLite
// file would lose every write on Lambda and cannot be shared by two instances.
func checkSafety(cfg config.Config) error {
	if cfg.Env != config.Production {
		return nil
	}

	if cfg.Database.Driver != database.DriverPostgres {
		return errors.New("production needs PostgreSQL: set DATABASE_URL or DB_HOST " +
			"(the embedded SQLite database is for development only)")
	}

	if cfg.AutoMigrate || cfg.SeedDemo {
		return errors.New("production takes its schema from cmd/migrate: " +
			"unset DB_AUTO_MIGRATE and SEED_DEMO_DATA")
	}

	return nil
}

// prepare creates the development schema and demo data when configured to.
func (a *App) prepare(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	if cfg.AutoMigrate {
		if err := gormstore.AutoMigrate(a.DB.WithContext(ctx)); err != nil {
			return fmt.Errorf("auto-migrate: %w", err)
		}
	}

	if !cfg.SeedDemo {
		return nil
	}

	seeded, err := SeedDemo(ctx, usecase.NewServices(gormstore.New(a.DB)))
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}

	if seeded {
		log.Info("empty database: loaded the demo catalog")
	}

	return nil
}

// ready is the readiness check: failing while draining, otherwise a ping with its own
// short deadline.
func (a *App) ready(ctx context.Context) error {
	select {
	case <-a.draining:
		return &httpapi.NotReadyError{Dependency: "instance", Reason: "draining for shutdown",
			Err: errors.New("shutting down")}
	default:
	}

	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()

	return database.Ping(ctx, a.DB)
}

// Drain makes /ready fail from now on, the first step of a graceful shutdown.
func (a *App) Drain() {
	select {
	case <-a.draining:
	default:
		close(a.draining)
	}
}

// Close releases the database pools.
func (a *App) Close() error { return database.Close(a.DB) }
