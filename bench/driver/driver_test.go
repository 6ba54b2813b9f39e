package main

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestParseLoad(t *testing.T) {
	out := "Running 10s test @ http://127.0.0.1:18080/\n  2 threads and 32 connections\n" +
		`WRK_RESULT {"requests":1000,"duration_us":2000000,"bytes":5,"status_errors":3,` +
		`"connect_errors":0,"read_errors":1,"write_errors":0,"timeouts":2,"p50_us":1500,` +
		`"p90_us":2500,"p99_us":9000,"max_us":12000,"mean_us":1700.5}` + "\n"

	l, err := parseLoad(out)
	if err != nil {
		t.Fatal(err)
	}

	if l.RPS() != 500 || l.Failed() != 6 || l.P99US != 9000 {
		t.Errorf("rps %.1f, failed %d, p99 %d", l.RPS(), l.Failed(), l.P99US)
	}

	if _, err := parseLoad("wrk: connection refused\n"); err == nil {
		t.Error("no summary line should be an error")
	}
}

func TestSummarizeTakesMedians(t *testing.T) {
	rounds := []load{
		{Requests: 100, DurationUS: 1e6, P50US: 3000, P99US: 9000, StatusErrors: 1,
			CPUPerRequest: 90},
		{Requests: 300, DurationUS: 1e6, P50US: 1000, P99US: 5000, CPUPerRequest: 70},
		{Requests: 200, DurationUS: 1e6, P50US: 2000, P99US: 7000, Timeouts: 2,
			CPUPerRequest: 80},
	}

	s := summarize(rounds)
	if s.RPS != 200 || s.P50MS != 2 || s.P99MS != 7 || s.CPUUS != 80 {
		t.Errorf("medians %+v", s)
	}

	if s.Failed != 3 || s.Requests != 600 {
		t.Errorf("failed %d of %d, want 3 of 600", s.Failed, s.Requests)
	}

	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of an even count = %v, want 2.5", got)
	}
}

// TestAdminTokenVerifies checks the token with the library the service verifies with.
func TestAdminTokenVerifies(t *testing.T) {
	raw := adminToken("s3cret", time.Now())
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) {
		return []byte("s3cret"), nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatal(err)
	}

	if claims["role"] != "admin" {
		t.Errorf("role %v, want admin", claims["role"])
	}

	if _, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return []byte("other"), nil },
		jwt.WithValidMethods([]string{"HS256"})); err == nil {
		t.Error("a token must not verify with another secret")
	}
}

func TestDecodeCursor(t *testing.T) {
	raw := `{"s":"-created_at","v":"2026-10-27T07:19:52.01115Z","i":949734}`
	at, id, err := decodeCursor(base64.RawURLEncoding.EncodeToString([]byte(raw)))
	if err != nil || id != 949734 || at.Nanosecond() != 11150000 {
		t.Errorf("cursor: %s, %d, %v", at, id, err)
	}

	if _, _, err := decodeCursor("not base64!"); err == nil {
		t.Error("a malformed cursor must be an error")
	}
}

func TestJudge(t *testing.T) {
	sum := func(rps, p50, p99 float64) summary { return summary{RPS: rps, P50MS: p50, P99MS: p99} }
	ref := sum(1000, 1, 5)
	r := &result{OffsetCap: "400 (too deep)", RSSPeakKiB: 50 * 1024, Scenarios: []scenarioResult{
		{Key: "get", Name: "get by id", Service: sum(900, 1, 5), Reference: &ref},
		{Key: "list", Service: sum(700, 1, 5), Reference: &ref},
		{Key: "page1", Service: sum(100, 10, 20)},
		{Key: "cursor_shallow", Service: sum(100, 10, 20)},
		{Key: "cursor_deep", Service: sum(100, 12, 20)},
		{Key: "search", Service: sum(100, 10, 16)},
	}}

	r.judge()
	want := map[string]bool{"get by id": true, "filtered list": false,
		"deep page by cursor": true, "offset paging": true, "q search": false,
		"peak RSS of the server": true, "create keeps total_products exact": true}
	for _, tg := range r.Targets {
		if tg.Met != want[tg.Name] {
			t.Errorf("%s: met %v, want %v (%s)", tg.Name, tg.Met, want[tg.Name], tg.Measured)
		}
	}

	if md := r.markdown(); !strings.Contains(md, "| get by id | 900 | 1000 | 0.90 |") {
		t.Errorf("markdown table:\n%s", md)
	}
}
