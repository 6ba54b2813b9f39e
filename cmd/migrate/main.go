// Command migrate applies the versioned PostgreSQL migrations embedded in it, with the
// same configuration (DATABASE_URL, DB_*) and connection code as the server:
//
//	migrate up | down N | version | force V | seed
//
// Aurora has no public endpoint, so the same binary also runs as a one-off Lambda
// function inside the VPC: deployed with this handler, an invocation whose event is
// {"command": "up"} (or "down 1", "version", "force 3", "seed") runs that command
// before new code takes traffic.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/migrations"
	"github.com/gamarriando/product-service/repository/database"
)

func main() {
	if os.Getenv("AWS_LAMBDA_RUNTIME_API") != "" {
		lambda.Start(invocationHandler(os.Getenv, os.Stderr))
		return
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	out, err := run(ctx, os.Getenv, os.Args[1:], os.Stderr)
	if errors.Is(err, migrations.ErrUsage) {
		fmt.Fprintf(os.Stderr, "migrate: %v\nusage: migrate COMMAND\n%s\n", err,
			migrations.Usage)
		os.Exit(2)
	}

	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}

	fmt.Println(out)
}

// run loads the configuration, connects, and runs one command. Logs go to logOut; the
// returned line is the command's result.
func run(
	ctx context.Context, getenv func(string) string, args []string, logOut io.Writer,
) (string, error) {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return "", fmt.Errorf("%w: no command", migrations.ErrUsage)
	}

	cfg, err := config.Load(getenv)
	if err != nil {
		return "", fmt.Errorf("configuration: %w", err)
	}

	if cfg.Database.Driver != database.DriverPostgres {
		return "", errors.New("migrations are for PostgreSQL: set DATABASE_URL or DB_HOST " +
			"(the embedded SQLite database is built by AutoMigrate instead)")
	}

	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: cfg.LogLevel}))
	log.InfoContext(ctx, "migrate", "database", cfg.Database.Describe(), "command",
		strings.Join(args, " "))

	o := cfg.Database
	// One command at a time needs one connection, and one more for a version check.
	o.Pool = database.Pool{MaxIdle: 1, MaxOpen: 2, MaxLifetime: o.Pool.MaxLifetime,
		MaxIdleTime: o.Pool.MaxIdleTime}

	db, err := database.Open(ctx, o, log)
	if err != nil {
		return "", err
	}
	defer database.Close(db)

	sqlDB, err := db.DB()
	if err != nil {
		return "", database.Redact("open", err)
	}

	return migrations.RunCommand(ctx, sqlDB, args...)
}

// event is the payload of a one-off migration invocation.
type event struct {
	Command string `json:"command"`
}

// result is what the invocation returns to its caller (the deploy pipeline).
type result struct {
	Result string `json:"result"`
}

// lambdaHandler runs one command per invocation. The invocation's deadline bounds the
// work: golang-migrate stops after the migration in progress when it passes.
func lambdaHandler(
	getenv func(string) string, logOut io.Writer,
) func(context.Context, event) (result, error) {
	return func(ctx context.Context, e event) (result, error) {
		out, err := run(ctx, getenv, strings.Fields(e.Command), logOut)
		if err != nil {
			return result{}, err
		}

		return result{Result: out}, nil
	}
}
