//go:build lambdaruntime

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
	"github.com/gamarriando/product-service/repository/dbtest"
)

// catalogEnv is the environment of a deployed API function, pointed at a fresh schema
// of the test PostgreSQL: production, behind the HTTP API, no migrations at start.
func catalogEnv(tb testing.TB) map[string]string {
	tb.Helper()

	db := dbtest.Postgres(tb)
	var schema string
	var ssl string
	if err := db.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		tb.Fatal(err)
	}
	if err := db.Raw("SHOW ssl").Scan(&ssl).Error; err != nil {
		tb.Fatal(err)
	}

	u, err := url.Parse(dbtest.PostgresURL())
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Del("sslmode")
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	env := map[string]string{
		"DATABASE_URL":        u.String(),
		"LAMBDA_EVENT_SOURCE": "apigw-http",
		"APP_ENV":             "production",
		"DB_SSLMODE":          "require",
		"LOG_LEVEL":           "info",
	}
	if ssl != "on" {
		// Production insists on TLS; without it on this server, run as development
		// with the development conveniences turned off.
		tb.Logf("the test PostgreSQL has no TLS: running the function as development")
		env["APP_ENV"], env["DB_SSLMODE"] = "development", "disable"
		env["DB_AUTO_MIGRATE"], env["SEED_DEMO_DATA"] = "false", "false"
	}

	return env
}

// call sends one request through the function as an HTTP API event.
func call(t *testing.T, f *function, method, path, body string) (lambdatest.Response,
	map[string]any, string) {
	t.Helper()

	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	gwID := fmt.Sprintf("gw%d-%s", len(f.lambdaRequestIDs()), strings.ToLower(method))
	payload, err := lambdatest.Event(lambdaapi.HTTPAPI, req, lambdatest.Options{
		Claims: lambdatest.AdminClaims(), RequestID: gwID,
		Routes: []string{"/api/v1/products/{id}", "/api/v1/categories/{id}",
			"/api/v1/vendors/{id}"},
	})
	if err != nil {
		t.Fatal(err)
	}

	out, err := f.invoke(payload)
	if err != nil {
		t.Fatalf("%s %s: %v\nlogs:\n%s", method, path, err, f.logs)
	}
	resp, err := lambdatest.DecodeResponse(lambdaapi.HTTPAPI, out)
	if err != nil {
		t.Fatalf("%s %s: %v\nlogs:\n%s", method, path, err, f.logs)
	}

	var doc map[string]any
	_ = json.Unmarshal(resp.Body, &doc)

	return resp, doc, gwID
}

// TestRoundTripUnderTheRuntimeEmulator runs the built bootstrap under the emulator
// and sends a create, get, list, update and delete of a product through the invoke
// endpoint, as API Gateway's events.
func TestRoundTripUnderTheRuntimeEmulator(t *testing.T) {
	f := startFunction(t, buildBootstrap(t, "./cmd/lambda"), catalogEnv(t))

	steps := []struct {
		method, path, body string
		status             int
		check              func(doc map[string]any) bool
	}{
		{"POST", "/api/v1/categories", `{"name":"Ropa"}`, 201, nil},
		{"POST", "/api/v1/vendors", `{"name":"Tienda","email":"t@t.pe"}`, 201, nil},
		{"POST", "/api/v1/products", `{"name":"Polo","price":"19.90","status":"active",` +
			`"category_id":%[1]v,"vendor_id":%[2]v,"tags":["algodon","verano"]}`, 201,
			func(d map[string]any) bool { return d["price"] == "19.90" }},
		{"GET", "/api/v1/products/%[3]v", "", 200,
			func(d map[string]any) bool { return d["name"] == "Polo" }},
		{"GET", "/api/v1/products?tag=algodon&tag=verano&q=POLO", "", 200,
			func(d map[string]any) bool { return len(asList(d["data"])) == 1 }},
		{"PATCH", "/api/v1/products/%[3]v", `{"stock":7}`, 200,
			func(d map[string]any) bool { return fmt.Sprint(d["stock"]) == "7" }},
		{"DELETE", "/api/v1/products/%[3]v", "", 204, nil},
		{"GET", "/api/v1/products/%[3]v", "", 404,
			func(d map[string]any) bool { return d["status"] == float64(404) }},
	}

	var ids []any
	for _, st := range steps {
		path, body := fillIDs(st.path, ids), fillIDs(st.body, ids)
		resp, doc, gwID := call(t, f, st.method, path, body)

		if resp.StatusCode != st.status {
			t.Fatalf("%s %s: status %d, want %d: %s\nlogs:\n%s", st.method, path,
				resp.StatusCode, st.status, resp.Body, f.logs)
		}
		if got := resp.Header.Get("X-Request-Id"); got != gwID {
			t.Errorf("%s %s: X-Request-Id %q, want API Gateway's %q", st.method, path, got,
				gwID)
		}
		if st.check != nil && !st.check(doc) {
			t.Errorf("%s %s: unexpected body %s", st.method, path, resp.Body)
		}
		if st.status == 201 {
			ids = append(ids, doc["id"])
		}
	}

	assertBothIDsLogged(t, f)
	if d, ok := f.initDuration(); ok {
		t.Logf("emulator INIT REPORT: %v", d)
	}
	if testing.Verbose() {
		t.Logf("function and emulator logs:\n%s", f.logs)
	}
}

func fillIDs(s string, ids []any) string {
	if !strings.Contains(s, "%[") {
		return s
	}
	args := make([]any, 3)
	copy(args, ids)

	return fmt.Sprintf(s, args...)
}

// assertBothIDsLogged checks that each invocation's one access-log line carries the
// Lambda request id the runtime gave it next to API Gateway's, with the function name
// and the cold-start flag.
func assertBothIDsLogged(t *testing.T, f *function) {
	t.Helper()

	logged := map[string]string{}
	for _, line := range strings.Split(f.logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "request" {
			continue
		}

		if _, ok := rec["cold_start"].(bool); !ok || rec["function_name"] == nil {
			t.Errorf("access line without function_name and cold_start: %s", line)
		}
		logged[fmt.Sprint(rec["lambda_request_id"])] = fmt.Sprint(rec["request_id"])
	}

	ids := f.lambdaRequestIDs()
	if len(ids) == 0 {
		t.Fatalf("no invocation announced\nlogs:\n%s", f.logs)
	}
	for _, id := range ids {
		if gw, ok := logged[id]; !ok || !strings.HasPrefix(gw, "gw") {
			t.Errorf("Lambda request %s: logged with gateway id %q", id, gw)
		}
	}
}

// TestRuntimeAnswersEveryFailureAsHTTP checks what reaches the emulator's caller when
// the event is not what the function expects: a mismatched event source is an HTTP
// 500 problem in the event's own shape, never a function error; only a payload that is
// no HTTP event at all is a function error (200 with errorType, as Lambda answers).
func TestRuntimeAnswersEveryFailureAsHTTP(t *testing.T) {
	f := startFunction(t, buildBootstrap(t, "./cmd/lambda"), catalogEnv(t))

	req := httptest.NewRequest(http.MethodGet, "/api/v1/products", nil)
	payload, err := lambdatest.Event(lambdaapi.ALB, req, lambdatest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.invoke(payload)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := lambdatest.DecodeResponse(lambdaapi.ALB, out)
	if err != nil {
		t.Fatalf("mismatched event: not an ALB response: %v", err)
	}
	if resp.StatusCode != 500 || !strings.Contains(string(resp.Body), "event-source-mismatch") {
		t.Errorf("mismatched event: %d %s, want the mismatch problem", resp.StatusCode,
			resp.Body)
	}

	out, err = f.invoke([]byte(`{"command":"up"}`))
	if err != nil {
		t.Fatal(err)
	}
	var fnErr struct{ ErrorType, ErrorMessage string }
	if json.Unmarshal(out, &fnErr) != nil || fnErr.ErrorType == "" {
		t.Errorf("non-HTTP payload: %s, want a function error", out)
	}
}

// TestProductionRefusesToStartOnSQLite starts the function with no database
// configured: in production init must fail, not fall back to the embedded SQLite.
func TestProductionRefusesToStartOnSQLite(t *testing.T) {
	f := startFunction(t, buildBootstrap(t, "./cmd/lambda"), map[string]string{
		"APP_ENV": "production", "LAMBDA_EVENT_SOURCE": "apigw-http",
		"DATABASE_URL": "", "DB_HOST": "",
	})

	req := httptest.NewRequest(http.MethodGet, "/health", nil)
	payload, err := lambdatest.Event(lambdaapi.HTTPAPI, req, lambdatest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.invoke(payload)
	if err == nil && !strings.Contains(string(out), "errorType") {
		t.Fatalf("a production function without PostgreSQL answered %s", out)
	}
	if logs := f.logs.String(); !strings.Contains(logs, "DATABASE_URL or DB_HOST is required") {
		t.Errorf("init failed without saying why:\n%s", logs)
	}
}

// TestMigrateOnDeployUnderTheRuntimeEmulator runs the migrate bootstrap the way the
// deploy does: CloudFormation's custom resource request, answered on its response URL
// (a loopback stand-in here), on an empty schema; then the API function serves it.
func TestMigrateOnDeployUnderTheRuntimeEmulator(t *testing.T) {
	env := catalogEnv(t)
	empty := emptySchemaURL(t, env["DATABASE_URL"])
	env["DATABASE_URL"] = empty

	answers := make(chan map[string]any, 1)
	cfn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		answers <- body
	}))
	defer cfn.Close()

	migrate := startFunction(t, buildBootstrap(t, "./cmd/migrate"), env)
	req, _ := json.Marshal(map[string]any{
		"RequestType": "Create", "RequestId": "r1", "ResponseURL": cfn.URL + "/s3",
		"ResourceType": "Custom::DatabaseMigration", "LogicalResourceId": "MigrateOnDeploy",
		"StackId":            "arn:aws:cloudformation:us-east-1:123456789012:stack/c/1",
		"ResourceProperties": map[string]any{"Command": "up", "DeployId": "d1"},
	})
	if _, err := migrate.invoke(req); err != nil {
		t.Fatal(err)
	}
	if got := <-answers; got["Status"] != "SUCCESS" {
		t.Fatalf("CloudFormation was told %v\nlogs:\n%s", got, migrate.logs)
	}

	api := startFunction(t, buildBootstrap(t, "./cmd/lambda"), env)
	resp, _, _ := call(t, api, "POST", "/api/v1/categories", `{"name":"Hogar"}`)
	if resp.StatusCode != 201 {
		t.Errorf("after the migration: %d %s", resp.StatusCode, resp.Body)
	}
}

// emptySchemaURL gives a URL like base whose sessions use a new, empty schema.
func emptySchemaURL(t *testing.T, base string) string {
	t.Helper()

	db := dbtest.Postgres(t)
	schema := fmt.Sprintf("lm_%d", time.Now().UnixNano())
	if err := db.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Exec("DROP SCHEMA " + schema + " CASCADE").Error })

	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	return u.String()
}
