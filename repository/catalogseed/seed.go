package catalogseed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// DefaultBatch is how many products one transaction writes.
const DefaultBatch = 5_000

// Options say what to load and how to report it.
type Options struct {
	Plan
	// Batch is the number of products per transaction; 0 takes DefaultBatch.
	Batch int
	// Progress, when set, is called after every committed step, from the calling
	// goroutine.
	Progress func(Progress)
	// Vacuum runs VACUUM (ANALYZE) on the three tables at the end, so the planner's
	// statistics and the visibility map (which index-only scans need) cover the new
	// rows at once instead of whenever autovacuum comes by.
	Vacuum bool
}

// Progress is how far a seed has come in one phase: "categories", "vendors",
// "products" or "vacuum".
type Progress struct {
	Phase       string
	Done, Total int
}

// Result counts the rows written.
type Result struct {
	Categories, Vendors, Products int
}

// Seed adds a synthetic catalog to a migrated PostgreSQL database. It appends: ids come
// from the tables' sequences and every slug and e-mail ends with its row's id, so it can
// run on a database that already has rows. Each batch of products is one transaction
// that also adds the batch's products to vendors.total_products, so the counters are
// exact after every commit, even if the seed is stopped half-way.
func Seed(ctx context.Context, db *gorm.DB, o Options) (Result, error) {
	if err := o.Plan.Validate(); err != nil {
		return Result{}, fmt.Errorf("seed: %w", err)
	}

	if db.Name() != "postgres" {
		return Result{}, errors.New("seed: only PostgreSQL is supported")
	}

	sqlDB, err := db.DB()
	if err != nil {
		return Result{}, fmt.Errorf("seed: %w", err)
	}

	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("seed: connect: %w", err)
	}
	defer conn.Close()

	var res Result
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("the connection is not a pgx connection")
		}

		s := &seeder{conn: c.Conn(), o: o, gen: NewGenerator(o.Plan)}
		res, err = s.run(ctx)

		return err
	})
	if err != nil {
		return res, fmt.Errorf("seed: %w", err)
	}

	return res, nil
}

type seeder struct {
	conn *pgx.Conn
	o    Options
	gen  *Generator
	res  Result
}

func (s *seeder) run(ctx context.Context) (Result, error) {
	// A bulk load outlives the service's statement timeout, and losing the last
	// commits to a crash costs nothing here: each batch is still all or nothing.
	_, err := s.conn.Exec(ctx, "SET statement_timeout = 0; SET synchronous_commit = off")
	if err != nil {
		return s.res, fmt.Errorf("session settings: %w", err)
	}
	defer s.resetSession()

	if err := s.categories(ctx); err != nil {
		return s.res, err
	}

	if err := s.vendors(ctx); err != nil {
		return s.res, err
	}

	if err := s.products(ctx); err != nil {
		return s.res, err
	}

	if s.o.Vacuum {
		return s.res, s.vacuum(ctx)
	}

	return s.res, nil
}

// resetSession gives the pool its connection back with the service's settings.
func (s *seeder) resetSession() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, _ = s.conn.Exec(ctx, "RESET statement_timeout; RESET synchronous_commit")
}

func (s *seeder) report(phase string, done, total int) {
	if s.o.Progress != nil {
		s.o.Progress(Progress{Phase: phase, Done: done, Total: total})
	}
}

var (
	categoryColumns = []string{"id", "name", "slug", "description", "parent_id",
		"sort_order", "is_active", "search_text", "version", "created_at", "updated_at"}
	vendorColumns = []string{"id", "name", "email", "phone", "address", "description",
		"is_active", "is_verified", "rating", "total_products", "search_text", "version",
		"created_at", "updated_at"}
	productColumns = []string{"id", "name", "slug", "description", "price", "stock",
		"status", "category_id", "vendor_id", "images", "tags", "search_text", "version",
		"created_at", "updated_at"}
)

func (s *seeder) categories(ctx context.Context) error {
	ids, err := reserveIDs(ctx, s.conn, "categories", s.o.Categories)
	if err != nil {
		return err
	}

	cats, err := s.gen.Categories(ids)
	if err != nil {
		return err
	}

	rows := make([][]any, len(cats))
	for i, c := range cats {
		rows[i] = []any{c.ID, c.Name, string(c.Slug), c.Description, c.ParentID,
			c.SortOrder, c.IsActive, searchText(c.Name, c.Description), c.Version,
			c.CreatedAt, c.UpdatedAt}
	}

	if err := copyInTx(ctx, s.conn, "categories", categoryColumns, rows, nil); err != nil {
		return err
	}

	s.res.Categories = len(rows)
	s.report("categories", len(rows), len(rows))

	return nil
}

func (s *seeder) vendors(ctx context.Context) error {
	ids, err := reserveIDs(ctx, s.conn, "vendors", s.o.Vendors)
	if err != nil {
		return err
	}

	vendors, err := s.gen.Vendors(ids)
	if err != nil {
		return err
	}

	rows := make([][]any, len(vendors))
	for i, v := range vendors {
		rows[i], err = vendorRow(v)
		if err != nil {
			return err
		}
	}

	if err := copyInTx(ctx, s.conn, "vendors", vendorColumns, rows, nil); err != nil {
		return err
	}

	s.res.Vendors = len(rows)
	s.report("vendors", len(rows), len(rows))

	return nil
}

func vendorRow(v domain.Vendor) ([]any, error) {
	address, err := json.Marshal(map[string]string{"street": v.Address.Street,
		"city": v.Address.City, "state": v.Address.State, "zip_code": v.Address.ZipCode,
		"country": v.Address.Country})
	if err != nil {
		return nil, fmt.Errorf("vendor %d address: %w", v.ID, err)
	}

	return []any{v.ID, v.Name, v.Email, v.Phone, string(address), v.Description, v.IsActive,
		v.IsVerified, hundredths(int64(v.Rating.Hundredths())), v.TotalProducts,
		searchText(v.Name, v.Description), v.Version, v.CreatedAt, v.UpdatedAt}, nil
}

// productBatch is one transaction's worth of rows, ready to copy, with how many of them
// each vendor gets.
type productBatch struct {
	rows      [][]any
	perVendor map[int64]int64
	err       error
}

// products writes the products batch by batch. Generating a batch (names, folding,
// JSON) overlaps with copying the one before it: the ids for batch k+1 are reserved
// and handed to the generator before batch k is copied.
func (s *seeder) products(ctx context.Context) error {
	total := s.o.Products
	size := s.o.Batch
	if size <= 0 {
		size = DefaultBatch
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	idsCh := make(chan []int64, 1)
	batches := make(chan productBatch, 1)
	go s.generate(ctx, idsCh, batches)
	defer close(idsCh)

	pending := 0
	reserve := func() error {
		n := min(size, total-s.res.Products-pending)
		if n <= 0 {
			return nil
		}

		ids, err := reserveIDs(ctx, s.conn, "products", n)
		if err != nil {
			return err
		}

		idsCh <- ids
		pending += n

		return nil
	}

	if err := reserve(); err != nil {
		return err
	}

	s.report("products", 0, total)
	for pending > 0 {
		if err := reserve(); err != nil {
			return err
		}

		b := <-batches
		if b.err != nil {
			return b.err
		}

		if err := copyInTx(ctx, s.conn, "products", productColumns, b.rows,
			counterUpdate(b.perVendor)); err != nil {
			return err
		}

		pending -= len(b.rows)
		s.res.Products += len(b.rows)
		s.report("products", s.res.Products, total)
	}

	return nil
}

// generate turns each slice of reserved ids into a batch of rows, in order.
func (s *seeder) generate(ctx context.Context, idsCh <-chan []int64,
	out chan<- productBatch) {
	for ids := range idsCh {
		b := s.productBatch(ids)
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
	}
}

func (s *seeder) productBatch(ids []int64) productBatch {
	products, err := s.gen.Products(ids)
	if err != nil {
		return productBatch{err: err}
	}

	b := productBatch{rows: make([][]any, len(products)), perVendor: map[int64]int64{}}
	for i, p := range products {
		images, err := json.Marshal(p.Images)
		if err != nil {
			return productBatch{err: fmt.Errorf("product %d images: %w", p.ID, err)}
		}

		tags, err := json.Marshal(p.Tags)
		if err != nil {
			return productBatch{err: fmt.Errorf("product %d tags: %w", p.ID, err)}
		}

		b.rows[i] = []any{p.ID, p.Name, string(p.Slug), p.Description,
			hundredths(p.Price.Cents()), p.Stock, string(p.Status), p.CategoryID, p.VendorID,
			string(images), string(tags), searchText(p.Name, p.Description), p.Version,
			p.CreatedAt, p.UpdatedAt}
		b.perVendor[p.VendorID]++
	}

	return b
}

// counterUpdate adds each vendor's share of a batch to vendors.total_products in one
// statement, inside the batch's transaction.
func counterUpdate(perVendor map[int64]int64) func(context.Context, pgx.Tx) error {
	return func(ctx context.Context, tx pgx.Tx) error {
		ids := make([]int64, 0, len(perVendor))
		counts := make([]int64, 0, len(perVendor))
		for id, n := range perVendor {
			ids = append(ids, id)
			counts = append(counts, n)
		}

		_, err := tx.Exec(ctx, `UPDATE vendors AS v SET total_products = v.total_products + d.n
			FROM unnest($1::bigint[], $2::bigint[]) AS d(id, n) WHERE v.id = d.id`, ids, counts)
		if err != nil {
			return fmt.Errorf("vendor counters: %w", err)
		}

		return nil
	}
}

func (s *seeder) vacuum(ctx context.Context) error {
	tables := []string{"categories", "vendors", "products"}
	for i, t := range tables {
		if _, err := s.conn.Exec(ctx, "VACUUM (ANALYZE) "+t); err != nil {
			return fmt.Errorf("vacuum %s: %w", t, err)
		}

		s.report("vacuum", i+1, len(tables))
	}

	return nil
}

// reserveIDs takes n values from the table's id sequence. Other writers may take ids
// at the same time; the ones returned are this seed's alone.
func reserveIDs(ctx context.Context, conn *pgx.Conn, table string, n int) ([]int64, error) {
	rows, err := conn.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id'))
		FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}

	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}

	return ids, nil
}

// copyInTx copies rows into table and runs then (if any) in the same transaction.
func copyInTx(ctx context.Context, conn *pgx.Conn, table string, columns []string,
	rows [][]any, then func(context.Context, pgx.Tx) error) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		if err != nil {
			return err
		}

		if n != int64(len(rows)) {
			return fmt.Errorf("copied %d of %d rows", n, len(rows))
		}

		if then != nil {
			return then(ctx, tx)
		}

		return nil
	})
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}

	return nil
}

// hundredths is an exact numeric(…,2) value: a price in cents or a rating in hundredths.
func hundredths(v int64) pgtype.Numeric {
	return pgtype.Numeric{Int: big.NewInt(v), Exp: -2, Valid: true}
}

// searchText is what `q` matches, folded exactly as the service folds it on writes.
func searchText(name, description string) string {
	return domain.Fold(name + " " + description)
}
