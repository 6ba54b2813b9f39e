package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// cloudFormation stands in for the pre-signed S3 URL a custom resource answers on.
func cloudFormation(t *testing.T) (url string, answers <-chan map[string]any) {
	t.Helper()

	ch := make(chan map[string]any, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if r.Method != http.MethodPut || json.NewDecoder(r.Body).Decode(&body) != nil {
			t.Errorf("CloudFormation got %s with an unreadable body", r.Method)
		}
		ch <- body
	}))
	t.Cleanup(srv.Close)

	return srv.URL + "/response?X-Amz-Signature=x", ch
}

func customResource(requestType, responseURL string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"RequestType":        requestType,
		"RequestId":          "req-1",
		"ResponseURL":        responseURL,
		"ResourceType":       "Custom::DatabaseMigration",
		"LogicalResourceId":  "MigrateOnDeploy",
		"PhysicalResourceId": schemaResourceID,
		"StackId":            "arn:aws:cloudformation:us-east-1:123456789012:stack/catalog/1",
		"ResourceProperties": map[string]any{"Command": "up", "DeployId": "d1"},
	})

	return b
}

func TestDeployMigrationAnswersCloudFormation(t *testing.T) {
	tests := []struct {
		name        string
		requestType string
		env         map[string]string
		wantStatus  string
		wantResult  string
	}{
		{"delete leaves the schema", "Delete", nil, "SUCCESS", ""},
		{"update without PostgreSQL fails the deploy", "Update",
			map[string]string{"APP_ENV": "development"}, "FAILED", ""},
		{"create applies the migrations", "Create", nil, "SUCCESS", "schema version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.env
			if env == nil {
				env = map[string]string{"DATABASE_URL": testURL(t)}
			}
			url, answers := cloudFormation(t)
			var logs strings.Builder
			h := invocationHandler(func(k string) string { return env[k] }, &logs)

			if _, err := h(context.Background(), customResource(tt.requestType, url)); err != nil {
				t.Fatalf("handler: %v", err)
			}

			got := <-answers
			if got["Status"] != tt.wantStatus || got["PhysicalResourceId"] != schemaResourceID {
				t.Fatalf("answer %v, want %s for %s", got, tt.wantStatus, schemaResourceID)
			}
			if tt.wantStatus == "FAILED" && got["Reason"] != errDeployMigration.Error() {
				t.Errorf("reason %q: want the fixed reason, the cause stays in the log",
					got["Reason"])
			}
			data, _ := got["Data"].(map[string]any)
			if r, _ := data["Result"].(string); !strings.Contains(r, tt.wantResult) {
				t.Errorf("result %q, want %q", r, tt.wantResult)
			}
		})
	}
}

func TestDirectInvocationStillRunsCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": testURL(t)}
	h := invocationHandler(func(k string) string { return env[k] }, io.Discard)

	out, err := h(context.Background(), json.RawMessage(`{"command":"version"}`))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := out.(result); !ok || !strings.Contains(r.Result, "no migration applied") {
		t.Errorf("version: %#v", out)
	}
}
