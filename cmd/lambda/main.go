// Command lambda serves the catalog from AWS Lambda: the same router as cmd/server,
// behind the API Gateway, function URL or ALB adapter in delivery/lambdaapi. Built as
// an executable named bootstrap for the provided.al2023 runtime (make lambda), one
// artifact serves all fifteen functions; API Gateway routes each operation to its own.
//
// Init does only what every invocation needs: configuration, routes and the
// connection pool, with one connection opened early while init has the CPU to itself.
// It never migrates the schema: that is a deploy step (cmd/migrate).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/gamarriando/product-service/cmd/internal/app"
	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/repository/database"
)

// warmTimeout bounds the connection opened at init. A database that is down must not
// fail init: the function still starts and answers 503 until the database is back.
const warmTimeout = 2 * time.Second

func main() {
	h, closeApp, err := setup(context.Background(), os.Getenv)
	if err != nil {
		// Printed to the function's log; Lambda reports Runtime.ExitError on init.
		fmt.Fprintln(os.Stderr, "lambda:", err)
		os.Exit(1)
	}

	lambda.StartWithOptions(h, lambda.WithEnableSIGTERM(closeApp))
}

// setup builds the handler from the environment and returns a function that releases
// the pool when the execution environment shuts down.
func setup(
	ctx context.Context, getenv func(string) string,
) (*lambdaapi.Handler, func(), error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("configuration: %w", err)
	}

	lcfg := config.LoadLambda(getenv)
	source, err := lambdaapi.ParseSource(lcfg.EventSource)
	if err != nil {
		return nil, nil, fmt.Errorf("configuration: LAMBDA_EVENT_SOURCE: %w", err)
	}

	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}

	coldStart.Store(true)
	h, err := lambdaapi.New(a.Handler, lambdaapi.Options{
		Source:         source,
		BasePath:       lcfg.BasePath,
		Logger:         log,
		RequestContext: invocationContext(cfg.FunctionName),
	})
	if err != nil {
		_ = a.Close()
		return nil, nil, err
	}

	warm(ctx, a, log)
	log.Info("lambda ready", "event_source", source, "env", cfg.Env,
		"database", cfg.Database.Describe())

	return h, func() { closeApp(a, log) }, nil
}

// coldStart is true until the first invocation of this execution environment.
var coldStart atomic.Bool

// invocationContext hands the claims of API Gateway's JWT authorizer to the router's
// authenticator (auth.Gateway, chosen by the configuration behind API Gateway), and
// adds to the router's one access-log line per request what only Lambda knows: the
// function, whether this invocation paid the cold start, and the Lambda request id
// (X-Request-Id already carries API Gateway's).
func invocationContext(function string) func(context.Context,
	lambdaapi.Invocation) context.Context {
	return func(ctx context.Context, inv lambdaapi.Invocation) context.Context {
		ctx = auth.WithGatewayClaims(ctx, inv.Authorized, inv.Claims)

		return httpapi.WithLogAttrs(ctx,
			slog.String("function_name", function),
			slog.Bool("cold_start", coldStart.Swap(false)),
			slog.String("lambda_request_id", inv.LambdaRequestID))
	}
}

// warm opens the first pooled connection during init, when Lambda gives the process
// its full CPU, so the first request does not pay for TLS and authentication.
func warm(ctx context.Context, a *app.App, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, warmTimeout)
	defer cancel()

	if err := database.Ping(ctx, a.DB); err != nil {
		log.Warn("database not reachable at init; requests get 503 until it is",
			"error", err.Error())
	}
}

func closeApp(a *app.App, log *slog.Logger) {
	if err := a.Close(); err != nil {
		log.Warn("closing the database pool failed", "error", err.Error())
	}
}
