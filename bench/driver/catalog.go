package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// catalog is what the scenarios need to know about the loaded data.
type catalog struct {
	Products     int64   `json:"products"`
	Active       int64   `json:"active"`
	MinID        int64   `json:"min_id"`
	MaxID        int64   `json:"max_id"`
	Categories   int64   `json:"categories"`
	Leaves       int64   `json:"leaves"`
	Vendors      int64   `json:"vendors"`
	Leaf         int64   `json:"leaf"`
	LeafName     string  `json:"leaf_name"`
	LeafActive   int64   `json:"leaf_active"`
	SearchShare  float64 `json:"search_share"`
	leafIDs      []int64
	vendorIDs    []int64
	searchFolded string
}

// discover reads the catalog's shape. The filtered list uses the leaf category of
// median size among the active products, so it is a typical category, not the largest.
func discover(ctx context.Context, db *pgx.Conn, term string) (catalog, error) {
	c := catalog{searchFolded: term}
	err := db.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'active'),
		coalesce(min(id), 0), coalesce(max(id), 0),
		count(*) FILTER (WHERE search_text LIKE '%' || $1 || '%')
		FROM products`, term).Scan(&c.Products, &c.Active, &c.MinID, &c.MaxID, &c.SearchShare)
	if err != nil {
		return c, fmt.Errorf("count products: %w", err)
	}

	if c.Products == 0 {
		return c, fmt.Errorf("the products table is empty: seed it first")
	}

	c.SearchShare /= float64(c.Products)
	if err := c.discoverLeaves(ctx, db); err != nil {
		return c, err
	}

	rows, _ := db.Query(ctx, `SELECT id FROM vendors WHERE is_active ORDER BY id LIMIT 500`)
	c.vendorIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return c, fmt.Errorf("vendors: %w", err)
	}

	err = db.QueryRow(ctx, `SELECT (SELECT count(*) FROM categories),
		(SELECT count(*) FROM vendors)`).Scan(&c.Categories, &c.Vendors)

	return c, err
}

func (c *catalog) discoverLeaves(ctx context.Context, db *pgx.Conn) error {
	rows, _ := db.Query(ctx, `SELECT c.id, c.name,
		(SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.status = 'active')
		FROM categories c
		WHERE NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)
		ORDER BY 3, 1`)

	type leaf struct {
		id     int64
		name   string
		active int64
	}

	leaves, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (leaf, error) {
		var l leaf
		err := r.Scan(&l.id, &l.name, &l.active)

		return l, err
	})
	if err != nil || len(leaves) == 0 {
		return fmt.Errorf("leaf categories: %v", err)
	}

	median := leaves[len(leaves)/2]
	c.Leaf, c.LeafName, c.LeafActive = median.id, median.name, median.active
	c.Leaves = int64(len(leaves))
	for _, l := range leaves {
		c.leafIDs = append(c.leafIDs, l.id)
	}

	return nil
}

// client is the driver's own HTTP client, for the checks around the load.
var client = &http.Client{Timeout: 30 * time.Second}

type fetched struct {
	status  int
	body    []byte
	headers http.Header
}

func fetch(ctx context.Context, u string) (fetched, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fetched{}, err
	}

	resp, err := client.Do(req)
	if err != nil {
		return fetched{}, err
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)

	return fetched{status: resp.StatusCode, body: body, headers: resp.Header}, err
}

// sameAnswers asks the service and the reference the same questions and counts the
// answers that match: the same status and, for a success, byte for byte the same body,
// Content-Type, ETag and Cache-Control (error bodies differ: the service's carry a
// request id). The comparison is only fair if both do the same work.
func sameAnswers(ctx context.Context, service, reference string, paths []string) (int,
	[]string, error) {
	same := 0
	var diffs []string
	for _, p := range paths {
		a, err := fetch(ctx, service+p)
		if err != nil {
			return 0, nil, fmt.Errorf("service %s: %w", p, err)
		}

		b, err := fetch(ctx, reference+p)
		if err != nil {
			return 0, nil, fmt.Errorf("reference %s: %w", p, err)
		}

		success := a.status == http.StatusOK
		if a.status == b.status && (!success || bytes.Equal(a.body, b.body) && sameHeaders(a, b)) {
			same++

			continue
		}

		diffs = append(diffs, fmt.Sprintf("%s: service %d %.120q, reference %d %.120q", p,
			a.status, a.body, b.status, b.body))
	}

	return same, diffs, nil
}

func sameHeaders(a, b fetched) bool {
	for _, h := range []string{"Content-Type", "ETag", "Cache-Control"} {
		if a.headers.Get(h) != b.headers.Get(h) {
			return false
		}
	}

	return true
}

// walkCursor follows next_cursor from the first page of listPath until depth rows
// are behind it, 100 rows a request, and returns the cursor found there.
func walkCursor(ctx context.Context, base, listPath string, depth int) (string, error) {
	const step = 100
	cursor := ""
	for seen := 0; seen < depth; seen += step {
		u := base + listPath + "&page_size=" + fmt.Sprint(min(step, depth-seen))
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}

		f, err := fetch(ctx, u)
		if err != nil {
			return "", err
		}

		if f.status != http.StatusOK {
			return "", fmt.Errorf("cursor walk at %d rows: status %d: %.200s", seen, f.status,
				f.body)
		}

		var page struct {
			Meta struct {
				NextCursor *string `json:"next_cursor"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(f.body, &page); err != nil || page.Meta.NextCursor == nil {
			return "", fmt.Errorf("cursor walk at %d rows: no next_cursor", seen)
		}

		cursor = *page.Meta.NextCursor
	}

	return cursor, nil
}

// counterDrift counts vendors whose total_products differs from their products.
func counterDrift(ctx context.Context, db *pgx.Conn) (int64, error) {
	var n int64
	err := db.QueryRow(ctx, `SELECT count(*) FROM vendors v WHERE total_products <>
		(SELECT count(*) FROM products p WHERE p.vendor_id = v.id)`).Scan(&n)

	return n, err
}

// statementSampler records the distinct statements the service's sessions run while
// a scenario is under load, read from pg_stat_activity: the SQL as the service really
// sends it, next to the hand-written copies that docs/performance.md explains.
type statementSampler struct {
	url string
	app string

	mu   sync.Mutex
	seen map[string][]string
}

// sample polls for d on a connection of its own, then closes it.
func (s *statementSampler) sample(ctx context.Context, scenario string, d time.Duration) {
	conn, err := pgx.Connect(ctx, s.url)
	if err != nil {
		return
	}
	defer conn.Close(context.Background())

	// A session's last statement stays in pg_stat_activity after it ends; only those
	// that ended (or run) after the scenario started belong to it.
	start := time.Now()
	for end := start.Add(d); time.Now().Before(end) && ctx.Err() == nil; {
		rows, _ := conn.Query(ctx, `SELECT DISTINCT query FROM pg_stat_activity
			WHERE application_name = $1 AND query <> '' AND state_change >= $2`, s.app, start)
		if queries, err := pgx.CollectRows(rows, pgx.RowTo[string]); err == nil {
			s.add(scenario, queries)
		}

		time.Sleep(25 * time.Millisecond)
	}
}

func (s *statementSampler) add(scenario string, queries []string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, q := range queries {
		q = strings.Join(strings.Fields(q), " ")
		if ignoredStatement(q) || slices.Contains(s.seen[scenario], q) {
			continue
		}

		s.seen[scenario] = append(s.seen[scenario], q)
	}
}

func ignoredStatement(q string) bool {
	switch strings.ToLower(q) {
	case "begin", "commit", "rollback", "-- ping", "select 1":
		return true
	}

	return false
}

// adminToken signs a short-lived administrator token with the server's development
// HS256 secret, for the create scenario (reads stay anonymous, as the public's are).
func adminToken(secret string, now time.Time) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{"sub": "bench", "role": "admin",
		"iat": now.Unix(), "exp": now.Add(2 * time.Hour).Unix()})
	signing := header + "." + enc.EncodeToString(claims)

	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))

	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// cpuTicks is a process's user plus system time so far, in clock ticks (1/100 s).
func cpuTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}

	// The command name may hold spaces; the fields after it are fixed.
	_, rest, ok := strings.Cut(string(b), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, false
	}

	user, err1 := strconv.ParseInt(fields[11], 10, 64)
	sys, err2 := strconv.ParseInt(fields[12], 10, 64)

	return user + sys, err1 == nil && err2 == nil
}
