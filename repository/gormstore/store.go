package gormstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/database"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Store is the usecase.Store over one GORM connection pool. Open the pool with
// TranslateError: true or not; both kinds of driver error are understood.
type Store struct {
	repos
}

var _ usecase.Store = (*Store)(nil)

// New wraps an open GORM database. The store does not own it: closing the pool stays
// the caller's job.
func New(db *gorm.DB) *Store {
	return &Store{repos: repos{db: db}}
}

// txAttempts is how many times Tx runs a transaction that PostgreSQL aborted as a
// deadlock victim or a serialization failure.
const txAttempts = 3

// Tx runs fn in one database transaction, with repositories bound to it. A
// transaction aborted by a deadlock or a serialization failure is rolled back and run
// again, up to txAttempts times in all, so fn must keep its effects inside the
// transaction (it may run more than once). Other errors end it at once.
func (s *Store) Tx(ctx context.Context, fn func(usecase.Repos) error) error {
	for attempt := 1; ; attempt++ {
		err := s.tx(ctx, fn)
		if attempt == txAttempts || !retryableTx(err) {
			return err
		}

		if !sleep(ctx, retryDelay(attempt)) {
			return err
		}
	}
}

// retryDelay spreads the retries of transactions that collided, so they do not
// collide again in step.
func retryDelay(attempt int) time.Duration {
	base := time.Duration(attempt) * 10 * time.Millisecond

	return base + rand.N(base)
}

// sleep waits for d, or less when ctx ends first; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Store) tx(ctx context.Context, fn func(usecase.Repos) error) error {
	var fnErr error
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fnErr = fn(repos{db: tx})

		return fnErr
	})
	if err == nil || errors.Is(err, fnErr) {
		return err
	}

	// The transaction itself failed: BEGIN, or COMMIT (a lost connection, or a
	// serialization failure that only shows at commit).
	return target{op: "transaction"}.translate(err)
}

// repos gives repositories over db, which is the pool or one transaction.
type repos struct {
	db *gorm.DB
}

func (r repos) Products() usecase.ProductRepository { return productRepo(r) }

func (r repos) Categories() usecase.CategoryRepository { return categoryRepo(r) }

func (r repos) Vendors() usecase.VendorRepository { return vendorRepo(r) }

func (r repos) Idempotency() usecase.IdempotencyRepository { return idempotencyRepo(r) }

// primary sends a read to the writer when a reader endpoint is configured: reads that
// decide a write (locks, version checks, existence, free slugs) must not see a
// lagging replica. Plain gets and lists may.
func primary(db *gorm.DB) *gorm.DB {
	return database.Primary(db)
}

// forUpdate locks the selected rows until the transaction ends. SQLite has no row
// locks and needs none: it runs one writing transaction at a time.
func forUpdate(db *gorm.DB) *gorm.DB {
	if !isPostgres(db) {
		return db
	}

	return db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
}

// takeByID reads the row with the given id into a model, locked until the transaction
// ends when lock is set (which also sends the read to the writer). The caller selects
// the columns, from its fixed list.
func takeByID[M any](ctx context.Context, db *gorm.DB, id int64, lock bool) (M, error) {
	if lock {
		db = forUpdate(primary(db))
	}

	var m M
	err := db.WithContext(ctx).Where("id = ?", id).Take(&m).Error

	return m, err
}

// versionMismatch explains a conditional update that changed no row: the row is gone
// (not found) or its version moved on (precondition failed).
func versionMismatch(ctx context.Context, db *gorm.DB, model any, t target) error {
	var row struct{ Version int64 }
	err := primary(db).WithContext(ctx).Model(model).Select("version").
		Where("id = ?", t.id).Take(&row).Error
	if err != nil {
		return t.translate(err)
	}

	return fmt.Errorf("%s: %w", t.op, &domain.PreconditionError{Resource: t.resource,
		ID: t.id, Current: row.Version})
}

// deleteByID deletes one row; no row deleted means it was not there.
func deleteByID(ctx context.Context, db *gorm.DB, model any, t target) error {
	res := db.WithContext(ctx).Where("id = ?", t.id).Delete(model)
	if res.Error != nil {
		return t.translate(res.Error)
	}

	if res.RowsAffected == 0 {
		return t.translate(gorm.ErrRecordNotFound)
	}

	return nil
}

// count runs an exact COUNT(*) built by query, for the counts rules depend on.
func count(ctx context.Context, db *gorm.DB, model any, t target,
	query func(*gorm.DB) *gorm.DB) (int64, error) {
	var n int64
	err := query(db.WithContext(ctx).Model(model)).Count(&n).Error

	return n, t.translate(err)
}

// listTotal sizes the list built by query. It counts at most ExactCountLimit+1 rows, so
// its cost stays that of a small page whatever the table holds; when there are more,
// PostgreSQL's planner estimates the total (flagged inexact). SQLite, which holds
// development catalogs, always counts exactly.
func listTotal(ctx context.Context, db *gorm.DB, model any, t target,
	query func(*gorm.DB) *gorm.DB) (usecase.Total, error) {
	rows := func() *gorm.DB { return query(db.WithContext(ctx).Model(model)) }

	var n int64
	if !isPostgres(db) {
		err := rows().Count(&n).Error

		return usecase.Total{N: n, Exact: true}, t.translate(err)
	}

	capped := rows().Select("1").Limit(usecase.ExactCountLimit + 1)
	if err := db.WithContext(ctx).Table("(?) AS capped", capped).Count(&n).Error; err != nil {
		return usecase.Total{}, t.translate(err)
	}

	if n <= usecase.ExactCountLimit {
		return usecase.Total{N: n, Exact: true}, nil
	}

	estimate, err := plannedRows(ctx, db, rows().Select("1"))
	if err != nil {
		return usecase.Total{}, t.translate(err)
	}

	return usecase.Total{N: max(estimate, n)}, nil
}

// plannedRows is the planner's estimate of how many rows a query returns, read from
// EXPLAIN without running the query.
func plannedRows(ctx context.Context, db *gorm.DB, query *gorm.DB) (int64, error) {
	var out string
	if err := db.WithContext(ctx).Raw("EXPLAIN (FORMAT JSON) ?", query).Row().
		Scan(&out); err != nil {
		return 0, err
	}

	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil || len(plan) == 0 {
		return 0, fmt.Errorf("read the query plan: %w", errors.Join(err, errNoPlan))
	}

	return int64(plan[0].Plan.Rows), nil
}

var errNoPlan = errors.New("no plan")
