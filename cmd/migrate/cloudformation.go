package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/gamarriando/product-service/migrations"
)

// schemaResourceID is the physical id of the MigrateOnDeploy custom resource
// (serverless.yml). It never changes, so CloudFormation never replaces the resource,
// which would send a Delete for the old one.
const schemaResourceID = "catalog-schema"

// errDeployMigration is the reason CloudFormation shows for a failed migration: the
// cause goes to the function's log, never into stack events.
var errDeployMigration = errors.New("migrations failed; see the migrate function's log")

// invocationHandler serves both invocations the migrate function gets: the custom
// resource request CloudFormation sends during a deploy, and an operator's
// {"command": "..."}. The two are told apart by the fields CloudFormation always sends.
func invocationHandler(
	getenv func(string) string, logOut io.Writer,
) func(context.Context, json.RawMessage) (any, error) {
	direct := lambdaHandler(getenv, logOut)
	onDeploy := cfn.LambdaWrap(deployMigration(getenv, logOut))

	return func(ctx context.Context, payload json.RawMessage) (any, error) {
		var req cfn.Event
		if err := json.Unmarshal(payload, &req); err == nil && req.RequestType != "" &&
			req.ResponseURL != "" {
			return onDeploy(ctx, req)
		}

		var e event
		if err := json.Unmarshal(payload, &e); err != nil {
			return nil, fmt.Errorf("%w: the event is not {\"command\": \"...\"}",
				migrations.ErrUsage)
		}

		return direct(ctx, e)
	}
}

// deployMigration applies every pending migration on Create and Update. Delete, when
// the stack or the resource goes away, leaves the schema and its data alone.
func deployMigration(getenv func(string) string, logOut io.Writer) cfn.CustomResourceFunction {
	return func(ctx context.Context, req cfn.Event) (string, map[string]any, error) {
		if req.RequestType == cfn.RequestDelete {
			return schemaResourceID, nil, nil
		}

		out, err := run(ctx, getenv, []string{"up"}, logOut)
		if err != nil {
			log := slog.New(slog.NewJSONHandler(logOut, nil))
			log.ErrorContext(ctx, "migration on deploy failed", "request", req.RequestType,
				"stack", req.StackID, "error", err.Error())

			return schemaResourceID, nil, errDeployMigration
		}

		return schemaResourceID, map[string]any{"Result": out}, nil
	}
}
