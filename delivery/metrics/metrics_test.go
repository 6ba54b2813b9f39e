package metrics_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/delivery/metrics"
)

// pools reports fixed pool counters, as database.Stats would for a writer and a
// reader; waits grows by two between calls.
func pools() metrics.PoolStats {
	calls := 0

	return func() []sql.DBStats {
		calls++

		return []sql.DBStats{
			{MaxOpenConnections: 10, OpenConnections: 3, InUse: 1, Idle: 2,
				WaitCount: int64(2 * calls), WaitDuration: time.Duration(calls) * time.Millisecond},
			{MaxOpenConnections: 5, OpenConnections: 1, Idle: 1},
		}
	}
}

func scrape(t *testing.T, p *metrics.Prometheus) string {
	t.Helper()

	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d", rec.Code)
	}

	return rec.Body.String()
}

func TestPrometheus(t *testing.T) {
	p := metrics.NewPrometheus(pools())
	p.Observe(metrics.Request{Method: "GET", Route: "/api/v1/products", Status: 200,
		Duration: 30 * time.Millisecond})
	p.Observe(metrics.Request{Method: "GET", Route: "/api/v1/products", Status: 200,
		Duration: 2 * time.Second})
	p.Observe(metrics.Request{Method: "POST", Route: "/api/v1/products", Status: 422,
		Duration: time.Millisecond})

	out := scrape(t, p)
	want := []string{
		`catalog_http_requests_total{method="GET",route="/api/v1/products",status="200"} 2`,
		`catalog_http_requests_total{method="POST",route="/api/v1/products",status="422"} 1`,
		`catalog_http_request_duration_seconds_bucket{method="GET",` +
			`route="/api/v1/products",status="200",le="0.05"} 1`,
		`catalog_http_request_duration_seconds_count{method="GET",` +
			`route="/api/v1/products",status="200"} 2`,
		`catalog_db_pool_open_connections{pool="writer"} 3`,
		`catalog_db_pool_open_connections{pool="reader"} 1`,
		`catalog_db_pool_in_use_connections{pool="writer"} 1`,
		`catalog_db_pool_max_open_connections{pool="writer"} 10`,
		`catalog_db_pool_waits_total{pool="writer"} 2`,
		"go_goroutines ",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("no %q in the scrape", w)
		}
	}
}

// Two recorders keep separate registries: a second router in the same process (tests,
// or a restart in place) must not panic on duplicate registration.
func TestPrometheusRegistriesAreSeparate(t *testing.T) {
	a, b := metrics.NewPrometheus(nil), metrics.NewPrometheus(nil)
	a.Observe(metrics.Request{Method: "GET", Route: "/health", Status: 200})

	if strings.Contains(scrape(t, b), "catalog_http_requests_total{") {
		t.Fatal("b sees a's requests")
	}
}

// emfLine is the part of an EMF line CloudWatch reads.
type emfLine struct {
	AWS struct {
		Timestamp         int64
		CloudWatchMetrics []struct {
			Namespace  string
			Dimensions [][]string
			Metrics    []struct{ Name, Unit string }
		}
	} `json:"_aws"`
}

func readLines(t *testing.T, r io.Reader) []map[string]any {
	t.Helper()

	var out []map[string]any
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not one JSON object per line: %q: %v", sc.Text(), err)
		}

		out = append(out, m)
	}

	return out
}

func TestEMF(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 12, 3, 18, 15, 0, 0, time.UTC)
	e := metrics.NewEMF(&buf, metrics.EMFOptions{FunctionName: "catalog-products-list",
		Pools: pools(), Now: func() time.Time { return now }})

	e.Observe(metrics.Request{Method: "GET", Route: "/api/v1/products", Status: 200,
		Duration: 12500 * time.Microsecond})
	e.Observe(metrics.Request{Method: "GET", Route: "/api/v1/products", Status: 503,
		Duration: time.Millisecond})

	raw := buf.String()
	lines := readLines(t, strings.NewReader(raw))
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %d:\n%s", len(lines), raw)
	}

	first := lines[0]
	want := map[string]any{"FunctionName": "catalog-products-list", "Route": "/api/v1/products",
		"Method": "GET", "Status": "200", "Requests": 1.0, "Latency": 12.5, "Pool": "writer",
		"DBOpenConnections": 3.0, "DBInUseConnections": 1.0, "DBWaits": 2.0}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}

	// The waits are per line, not cumulative, so CloudWatch can sum them.
	if lines[1]["DBWaits"] != 2.0 || lines[1]["Status"] != "503" {
		t.Errorf("second line: %v", lines[1])
	}

	checkEMFShape(t, strings.SplitN(raw, "\n", 2)[0], first, now)
}

// checkEMFShape checks what CloudWatch requires of a line: every metric it declares and
// every dimension it names are members of the line, metrics numbers and dimensions
// strings, with a millisecond timestamp.
func checkEMFShape(t *testing.T, raw string, line map[string]any, now time.Time) {
	t.Helper()

	var meta emfLine
	if err := json.Unmarshal([]byte(raw), &meta); err != nil {
		t.Fatal(err)
	}

	if meta.AWS.Timestamp != now.UnixMilli() {
		t.Errorf("timestamp %d", meta.AWS.Timestamp)
	}

	if len(meta.AWS.CloudWatchMetrics) != 2 {
		t.Fatalf("want request and pool directives, got %+v", meta.AWS.CloudWatchMetrics)
	}

	for _, d := range meta.AWS.CloudWatchMetrics {
		if d.Namespace != metrics.DefaultNamespace {
			t.Errorf("namespace %q", d.Namespace)
		}

		for _, set := range d.Dimensions {
			for _, dim := range set {
				if _, ok := line[dim].(string); !ok {
					t.Errorf("dimension %s is not a string member: %v", dim, line[dim])
				}
			}
		}

		for _, m := range d.Metrics {
			if _, ok := line[m.Name].(float64); !ok || m.Unit == "" {
				t.Errorf("metric %s (%s) is not a number member: %v", m.Name, m.Unit,
					line[m.Name])
			}
		}
	}
}

func TestEMFWithoutPools(t *testing.T) {
	var buf bytes.Buffer
	metrics.NewEMF(&buf, metrics.EMFOptions{}).Observe(metrics.Request{Method: "GET",
		Route: "unmatched", Status: 404})

	var meta emfLine
	if err := json.Unmarshal(buf.Bytes(), &meta); err != nil {
		t.Fatal(err)
	}

	if n := len(meta.AWS.CloudWatchMetrics); n != 1 {
		t.Fatalf("want only the request directive, got %d", n)
	}
}
