//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// client talks to a server over real TCP and checks every error answer it gets against
// ERR-1, whichever test sent the request: problem+json with type, title, status equal
// to the HTTP status and an instance or request_id; nothing matching the leak pattern;
// one fixed detail per 5xx type.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	leak *regexp.Regexp

	mu         sync.Mutex
	checked    int
	details5x  map[string]map[string]bool // 5xx type -> details seen
	violations []string
}

// leakPattern is ERR-1's regex, with the rig's own port and socket directory added.
func leakPattern(t testing.TB) *regexp.Regexp {
	c := needRig(t)
	port := strconv.Itoa(c.Port)

	return regexp.MustCompile(`(?i)SQLSTATE|ERROR:|pgx|pgconn|gorm|pq:|postgres(ql)?://|` +
		`password|goroutine |\.go:\d+|panic|runtime\.|sslmode|user=|database=|` +
		`127\.0\.0\.1:` + port + `|localhost:` + port + `|` + regexp.QuoteMeta(c.Dir) +
		`|SELECT |INSERT |UPDATE |constraint|violates|` + regexp.QuoteMeta(appPassword))
}

func newClient(t testing.TB, base string, timeout time.Duration) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 0,
		IdleConnTimeout: 30 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)

	c := &client{t: t, base: base, leak: leakPattern(t),
		hc:        &http.Client{Transport: tr, Timeout: timeout},
		details5x: map[string]map[string]bool{}}
	t.Cleanup(c.report)

	return c
}

// report fails the test with the ERR-1 violations seen, the first few in full.
func (c *client) report() {
	c.mu.Lock()
	defer c.mu.Unlock()

	if len(c.violations) == 0 {
		if c.checked > 0 {
			c.t.Logf("ERR-1: %d error answers checked, all problem+json without leaks",
				c.checked)
		}

		return
	}

	c.t.Errorf("ERR-1: %d of %d error answers break the rules; first ones:\n%s",
		len(c.violations), c.checked, strings.Join(c.violations[:min(5,
			len(c.violations))], "\n"))
}

// reply is one answer, or the transport error that took its place.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
	Took   time.Duration
	Err    error
}

// JSON decodes the body as an object.
func (r reply) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)

	return m
}

// ID is the body's id, for creates.
func (r reply) ID() int64 {
	f, _ := r.JSON()["id"].(float64)

	return int64(f)
}

func (r reply) String() string {
	if r.Err != nil {
		return "error: " + r.Err.Error()
	}

	return fmt.Sprintf("%d %s", r.Status, r.Body)
}

// do sends one request. body is sent as is when it is a string or []byte, as JSON
// otherwise; header lists name, value pairs.
func (c *client) do(method, path string, body any, header ...string) reply {
	return c.doCtx(context.Background(), method, path, body, header...)
}

func (c *client) doCtx(ctx context.Context, method, path string, body any,
	header ...string) reply {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatalf("marshal: %v", err)
		}

		rd = bytes.NewReader(data)
	}

	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return reply{Err: err}
	}

	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}

	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return reply{Err: err, Took: time.Since(start)}
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(resp.Body)
	r := reply{Status: resp.StatusCode, Header: resp.Header, Body: data,
		Took: time.Since(start), Err: err}
	c.check(method, path, r)

	return r
}

// must sends a request that has to get want.
func (c *client) must(want int, method, path string, body any, header ...string) reply {
	c.t.Helper()

	r := c.do(method, path, body, header...)
	if r.Status != want {
		c.t.Fatalf("%s %s: %s, want %d", method, path, r, want)
	}

	return r
}

// problemShape is what every error body must have.
type problemShape struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	RequestID string `json:"request_id"`
}

func (c *client) check(method, path string, r reply) {
	if r.Status < 400 {
		return
	}

	c.mu.Lock()
	c.checked++
	c.mu.Unlock()

	if err := c.problemError(r); err != nil {
		c.mu.Lock()
		c.violations = append(c.violations, fmt.Sprintf("%s %.80s -> %d: %v; body %.300s",
			method, path, r.Status, err, r.Body))
		c.mu.Unlock()
	}
}

func (c *client) problemError(r reply) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct,
		"application/problem+json") {
		return fmt.Errorf("content type %q", ct)
	}

	if loc := c.leak.FindIndex(r.Body); loc != nil {
		return fmt.Errorf("body leaks %q", r.Body[loc[0]:loc[1]])
	}

	var p problemShape
	if err := json.Unmarshal(r.Body, &p); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}

	if p.Type == "" || p.Title == "" || p.Status != r.Status ||
		(p.Instance == "" && p.RequestID == "") {
		return fmt.Errorf("incomplete problem %+v", p)
	}

	if r.Status == http.StatusServiceUnavailable && r.Header.Get("Retry-After") == "" {
		return errors.New("503 without Retry-After")
	}

	if r.Status >= 500 {
		c.mu.Lock()
		defer c.mu.Unlock()

		if c.details5x[p.Type] == nil {
			c.details5x[p.Type] = map[string]bool{}
		}

		c.details5x[p.Type][p.Detail] = true
		if len(c.details5x[p.Type]) > 1 {
			return fmt.Errorf("5xx type %s has several details: %v", p.Type,
				c.details5x[p.Type])
		}
	}

	return nil
}

// errorsChecked is how many error answers passed through check.
func (c *client) errorsChecked() int {
	c.mu.Lock()
	defer c.mu.Unlock()

	return c.checked
}

// fixture makes the rows most tests start from: a category, vendors and products,
// all active so anonymous reads would see them too.
type fixture struct {
	category int64
	vendors  []int64
}

func newFixture(t testing.TB, c *client, vendors int) fixture {
	t.Helper()

	f := fixture{category: c.must(201, "POST", "/api/v1/categories",
		map[string]any{"name": "Reliability root", "slug": "reliability-root"}).ID()}
	for i := range vendors {
		v := c.must(201, "POST", "/api/v1/vendors", map[string]any{
			"name": fmt.Sprintf("Vendor %d", i), "email": fmt.Sprintf("v%d@example.com", i),
			"is_active": true}).ID()
		f.vendors = append(f.vendors, v)
	}

	return f
}

// productBody is a valid create body.
func (f fixture) productBody(slug string, vendor int64, extra ...any) map[string]any {
	b := map[string]any{"name": "Product " + slug, "slug": slug, "price": "10.00",
		"stock": 5, "status": "active", "category_id": f.category, "vendor_id": vendor}
	for i := 0; i+1 < len(extra); i += 2 {
		b[extra[i].(string)] = extra[i+1]
	}

	return b
}
