// Command server runs the catalog as a local HTTP server. With no database configured
// it uses an embedded SQLite file, so `go run ./cmd/server` works on a fresh machine.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/gamarriando/product-service/cmd/internal/app"
	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/repository/database"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends (SIGINT or SIGTERM), then shuts down gracefully: /ready
// fails first, in-flight requests finish, and the pool closes.
func run(ctx context.Context, getenv func(string) string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}

	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	announceDatabase(log, cfg)

	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeApp(a, log)

	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}

	return serve(ctx, a, cfg.HTTP, ln, log)
}

// announceDatabase makes the first log lines say which database is in use and, for
// the embedded one, how to switch to PostgreSQL.
func announceDatabase(log *slog.Logger, cfg config.Config) {
	if cfg.Database.Driver == database.DriverPostgres {
		log.Info("database: " + cfg.Database.Describe())

		return
	}

	log.Info("database: no DATABASE_URL or DB_HOST set, using the " +
		cfg.Database.Describe() + " (development only)")
	log.Info("to use PostgreSQL, set DATABASE_URL=postgres://user:pass@host:5432/db " +
		"or DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD")
}

func serve(ctx context.Context, a *app.App, h config.HTTP, ln net.Listener,
	log *slog.Logger) error {
	srv := app.NewHTTPServer(a.Handler, h, log)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	log.Info("listening", "addr", ln.Addr().String(), "swagger_ui",
		"http://localhost:"+portOf(ln)+"/swagger/index.html")

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	return shutdown(srv, a, h, log)
}

// shutdown fails readiness, keeps serving for the drain delay so load balancers notice,
// then stops accepting and waits for in-flight requests up to the shutdown timeout.
func shutdown(srv *http.Server, a *app.App, h config.HTTP, log *slog.Logger) error {
	log.Info("shutting down", "drain_delay", h.DrainDelay.String())
	a.Drain()
	time.Sleep(h.DrainDelay)

	ctx, cancel := context.WithTimeout(context.Background(), h.ShutdownTimeout)
	defer cancel()

	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()

		return fmt.Errorf("shutdown: in-flight requests did not finish in %s: %w",
			h.ShutdownTimeout, err)
	}

	log.Info("stopped")

	return nil
}

func closeApp(a *app.App, log *slog.Logger) {
	if err := a.Close(); err != nil {
		log.Warn("closing the database pool failed", "error", err.Error())
	}
}

func portOf(ln net.Listener) string {
	if addr, ok := ln.Addr().(*net.TCPAddr); ok {
		return strconv.Itoa(addr.Port)
	}

	return ""
}
