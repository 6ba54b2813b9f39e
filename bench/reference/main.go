// Command reference is the benchmark's yardstick, not part of the service: the two hot
// reads of the catalog (a product by id, and one page of a filtered product list)
// answered by hand with net/http and a pgx pool, for an anonymous reader, running the
// same SQL the service runs and writing byte-for-byte the same JSON. The gap between it
// and the service is what Gin, GORM and the layers cost.
//
//	reference -addr 127.0.0.1:18090 -database-url postgres://…
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/big"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18090", "listen address (loopback)")
	dbURL := flag.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL")
	maxConns := flag.Int("max-conns", 15, "pool size; the service's default is 15")
	maxAge := flag.Duration("cache-max-age", 60*time.Second, "Cache-Control max-age")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, *addr, *dbURL, int32(*maxConns), *maxAge); err != nil {
		log.Fatal("reference: ", err)
	}
}

func run(ctx context.Context, addr, dbURL string, maxConns int32, maxAge time.Duration) error {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return errors.New("the database URL does not parse")
	}

	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("pool: %w", err)
	}
	defer pool.Close()

	h := &handler{pool: pool, cache: fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/products/{id}", h.get)
	mux.HandleFunc("GET /api/v1/products", h.list)

	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 15 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()

		_ = srv.Shutdown(shutdown)
	}()

	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}

	return nil
}

type handler struct {
	pool  *pgxpool.Pool
	cache string
}

// product has the service's ProductResponse fields in the same order, so encoding/json
// (which Gin uses) writes the same bytes.
type product struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	Description string   `json:"description"`
	Price       string   `json:"price"`
	Stock       int32    `json:"stock"`
	Status      string   `json:"status"`
	CategoryID  int64    `json:"category_id"`
	VendorID    int64    `json:"vendor_id"`
	Images      []string `json:"images"`
	Tags        []string `json:"tags"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`

	version int64
	created time.Time
}

type pageMeta struct {
	Page       int     `json:"page"`
	PageSize   int     `json:"page_size"`
	Total      int64   `json:"total"`
	TotalExact bool    `json:"total_exact"`
	TotalPages int     `json:"total_pages"`
	NextCursor *string `json:"next_cursor"`
}

type page struct {
	Data []product `json:"data"`
	Meta pageMeta  `json:"meta"`
}

// The service's statements, as GORM renders them, written by hand.
const (
	columns = `id, name, slug, description, price, stock, status, category_id, vendor_id,
		images, tags, version, created_at, updated_at`
	getSQL  = `SELECT ` + columns + ` FROM products WHERE id = $1 LIMIT 1`
	listSQL = `SELECT ` + columns + ` FROM products WHERE category_id = $1 AND status = $2
		ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`
	// The service's count strategy: exact up to 1,000 rows, the planner's estimate
	// above (usecase.ExactCountLimit).
	countSQL = `SELECT count(*) FROM (SELECT 1 FROM products WHERE category_id = $1
		AND status = $2 LIMIT 1001) AS capped`
	estimateSQL = `EXPLAIN (FORMAT JSON) SELECT 1 FROM products WHERE category_id = $1
		AND status = $2`
	exactLimit = 1000
)

func (h *handler) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		problem(w, http.StatusBadRequest, "the id in the path must be a positive integer")

		return
	}

	// An anonymous reader sees published products only, as with the service: the row
	// is read, then hidden.
	p, err := scanProduct(h.pool.QueryRow(r.Context(), getSQL, id))
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && p.Status != "active") {
		problem(w, http.StatusNotFound, "no such product")

		return
	}

	if err != nil {
		problem(w, http.StatusInternalServerError, "internal error")

		return
	}

	w.Header().Set("Cache-Control", h.cache)
	w.Header().Set("ETag", `"v`+strconv.FormatInt(p.version, 10)+`"`)
	writeJSON(w, p)
}

// list serves ?category_id=…&status=active[&page=…][&page_size=…], newest first: the
// public list of one category.
func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	category, err1 := strconv.ParseInt(q.Get("category_id"), 10, 64)
	pageNo, err2 := intOr(q.Get("page"), 1)
	size, err3 := intOr(q.Get("page_size"), 20)
	status := q.Get("status")
	offset := (pageNo - 1) * size
	if errors.Join(err1, err2, err3) != nil || pageNo < 1 || size < 1 || size > 100 ||
		offset > 10_000 || status != "active" {
		problem(w, http.StatusBadRequest, "this reference serves category_id, "+
			"status=active, page and page_size only")

		return
	}

	rows, err := h.pool.Query(r.Context(), listSQL, category, status, size+1, offset)
	if err != nil {
		problem(w, http.StatusInternalServerError, "internal error")

		return
	}

	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (product, error) {
		return scanProduct(row)
	})
	if err != nil {
		problem(w, http.StatusInternalServerError, "internal error")

		return
	}

	total, exact, err := h.count(r.Context(), category, status)
	if err != nil {
		problem(w, http.StatusInternalServerError, "internal error")

		return
	}

	w.Header().Set("Cache-Control", h.cache)
	writeJSON(w, pageOf(items, pageNo, size, total, exact))
}

// count is the capped exact count, then the planner's estimate past the cap.
func (h *handler) count(ctx context.Context, category int64, status string) (int64, bool,
	error) {
	var n int64
	if err := h.pool.QueryRow(ctx, countSQL, category, status).Scan(&n); err != nil {
		return 0, false, err
	}

	if n <= exactLimit {
		return n, true, nil
	}

	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := h.pool.QueryRow(ctx, estimateSQL, category, status).Scan(&plan); err != nil ||
		len(plan) == 0 {
		return 0, false, errors.Join(err, errors.New("no plan"))
	}

	return max(int64(plan[0].Plan.Rows), n), false, nil
}

func pageOf(items []product, pageNo, size int, total int64, exact bool) page {
	out := page{Data: items, Meta: pageMeta{Page: pageNo, PageSize: size, Total: total,
		TotalExact: exact, TotalPages: int((total + int64(size) - 1) / int64(size))}}
	if len(items) > size {
		out.Data = items[:size]
		next := cursor(out.Data[size-1])
		out.Meta.NextCursor = &next
	}

	if out.Data == nil {
		out.Data = []product{}
	}

	return out
}

// cursor is the service's opaque cursor for the default sort: the sort name, the last
// row's created_at and its id, as JSON in URL-safe base64.
func cursor(last product) string {
	raw, _ := json.Marshal(struct {
		S string `json:"s"`
		V string `json:"v"`
		I int64  `json:"i"`
	}{"-created_at", last.created.UTC().Format(time.RFC3339Nano), last.ID})

	return base64.RawURLEncoding.EncodeToString(raw)
}

func scanProduct(row pgx.Row) (product, error) {
	var p product
	var price pgtype.Numeric
	var updated time.Time
	err := row.Scan(&p.ID, &p.Name, &p.Slug, &p.Description, &price, &p.Stock, &p.Status,
		&p.CategoryID, &p.VendorID, &p.Images, &p.Tags, &p.version, &p.created, &updated)
	if err != nil {
		return product{}, err
	}

	p.Price, err = formatPrice(price)
	p.CreatedAt = p.created.UTC().Format(time.RFC3339)
	p.UpdatedAt = updated.UTC().Format(time.RFC3339)
	if p.Images == nil {
		p.Images = []string{}
	}

	if p.Tags == nil {
		p.Tags = []string{}
	}

	return p, err
}

// formatPrice writes a numeric(10,2) with exactly two decimals, never through float64.
func formatPrice(n pgtype.Numeric) (string, error) {
	if !n.Valid || n.NaN || n.InfinityModifier != pgtype.Finite {
		return "", errors.New("price is not a finite number")
	}

	cents := new(big.Int).Set(n.Int)
	ten := big.NewInt(10)
	for e := n.Exp; e > -2; e-- {
		cents.Mul(cents, ten)
	}

	for e := n.Exp; e < -2; e++ {
		cents.Quo(cents, ten)
	}

	c := cents.Int64()

	return fmt.Sprintf("%d.%02d", c/100, c%100), nil
}

func intOr(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}

	return strconv.Atoi(s)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		problem(w, http.StatusInternalServerError, "internal error")

		return
	}

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"type": "about:blank",
		"title": http.StatusText(status), "status": status, "detail": detail})
	_, _ = w.Write(b)
}
