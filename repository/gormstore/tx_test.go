package gormstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

func TestTxCommitsAndRollsBack(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		boom := errors.New("boom")

		var rolledBack int64
		err := h.store.Tx(h.ctx, func(r usecase.Repos) error {
			p := newProduct("Mesa", cat.ID, ven.ID)
			if err := r.Products().Create(h.ctx, &p); err != nil {
				return err
			}

			rolledBack = p.ID
			if err := r.Vendors().AdjustProductCount(h.ctx, ven.ID, 1); err != nil {
				return err
			}

			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx err = %v, want fn's error as is", err)
		}

		_, err = h.store.Products().Get(h.ctx, rolledBack)
		wantNotFound(t, err, domain.ResourceProduct, rolledBack)

		err = h.store.Tx(h.ctx, func(r usecase.Repos) error {
			if err := r.Categories().LockTree(h.ctx); err != nil {
				return err
			}

			v, err := r.Vendors().GetForUpdate(h.ctx, ven.ID)
			if err != nil {
				return err
			}

			p := newProduct("Mesa", cat.ID, v.ID)
			if err := r.Products().Create(h.ctx, &p); err != nil {
				return err
			}

			if _, err := r.Products().GetForUpdate(h.ctx, p.ID); err != nil {
				return err
			}

			if _, err := r.Categories().GetForUpdate(h.ctx, cat.ID); err != nil {
				return err
			}

			return r.Vendors().AdjustProductCount(h.ctx, v.ID, 1)
		})
		if err != nil {
			t.Fatalf("tx: %v", err)
		}

		v, err := h.store.Vendors().Get(h.ctx, ven.ID)
		if err != nil || v.TotalProducts != 1 {
			t.Fatalf("vendor after commit: %+v, %v", v, err)
		}
	})
}

// A reference error inside a transaction still names the missing reference, on
// SQLite by looking the references up after the failed statement.
func TestTxMissingReference(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		err := h.store.Tx(h.ctx, func(r usecase.Repos) error {
			p := newProduct("Mesa", cat.ID, ven.ID+100)

			return r.Products().Create(h.ctx, &p)
		})
		wantInvalid(t, err, "vendor_id")
	})
}

// Concurrent creates of one slug (or one email in different cases) let exactly one
// through; every other gets a conflict, never a raw driver error.
func TestConcurrentUniqueWrites(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		emails := []string{"race@example.com", "RACE@example.com", "Race@Example.Com"}

		tests := []struct {
			field  string
			create func(i int) error
		}{
			{"slug", func(int) error {
				p := newProduct("Mesa", cat.ID, ven.ID)

				return h.store.Tx(h.ctx, func(r usecase.Repos) error {
					if err := r.Products().Create(h.ctx, &p); err != nil {
						return err
					}

					return r.Vendors().AdjustProductCount(h.ctx, ven.ID, 1)
				})
			}},
			{"email", func(i int) error {
				v := domain.Vendor{Name: "Race", Email: emails[i%len(emails)], IsActive: true}

				return h.store.Vendors().Create(h.ctx, &v)
			}},
		}

		for _, tt := range tests {
			const writers = 8
			errs := make([]error, writers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range writers {
				wg.Go(func() {
					<-start
					errs[i] = tt.create(i)
				})
			}

			close(start)
			wg.Wait()

			created := 0
			for _, err := range errs {
				if err == nil {
					created++

					continue
				}

				wantConflict(t, err, tt.field)
			}

			if created != 1 {
				t.Errorf("%s race: %d created, want 1", tt.field, created)
			}
		}

		v, err := h.store.Vendors().Get(h.ctx, ven.ID)
		if err != nil || v.TotalProducts != 1 {
			t.Errorf("vendor count after the race: %d, %v; want 1", v.TotalProducts, err)
		}
	})
}

func TestContextDeadlineIsUnavailable(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		ctx, cancel := context.WithDeadline(h.ctx, time.Now().Add(-time.Second))
		defer cancel()

		_, err := h.store.Products().Get(ctx, 1)
		if !errors.Is(err, domain.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want unavailable caused by the deadline", err)
		}

		err = h.store.Tx(ctx, func(usecase.Repos) error { return nil })
		if !errors.Is(err, domain.ErrUnavailable) {
			t.Fatalf("tx err = %v, want unavailable", err)
		}

		assertClean(t, err)
	})
}

// A server that refuses connections is an outage (503), and the error says nothing
// about where the server is.
func TestRefusedConnectionIsUnavailable(t *testing.T) {
	db, err := gorm.Open(postgres.Open(
		"postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"),
		&gorm.Config{TranslateError: true, DisableAutomaticPing: true,
			Logger: dbtest.Config().Logger})
	if err != nil {
		t.Fatalf("open: %v", err)
	}

	store := gormstore.New(db)
	_, err = store.Vendors().Get(context.Background(), 1)
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("err = %v, want unavailable", err)
	}

	assertClean(t, err)
	if d := gormstore.Diagnostic(err); d == "" {
		t.Errorf("no diagnostic for %v", err)
	}
}

// The stored forms: exact integers on SQLite, numeric and jsonb on PostgreSQL.
func TestStoredForms(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		p := h.product("Mesa", h.category("Hogar").ID, h.vendor("Acme").ID,
			func(p *domain.Product) {
				p.Price, p.Tags = domain.MustMoney("29.99"), []string{"madera"}
			})

		var row struct {
			Price string
			Tags  string
		}
		query := "SELECT typeof(price) || ':' || price AS price, tags FROM products WHERE id = ?"
		want := "integer:2999"
		if h.backend == "postgres" {
			query = "SELECT pg_typeof(price) || ':' || price AS price, tags::text AS tags " +
				"FROM products WHERE id = ?"
			want = "numeric:29.99"
		}

		if err := h.db.Raw(query, p.ID).Scan(&row).Error; err != nil {
			t.Fatalf("read raw: %v", err)
		}

		if row.Price != want || row.Tags != `["madera"]` {
			t.Errorf("stored price %q, tags %q; want %q, [\"madera\"]", row.Price, row.Tags, want)
		}
	})
}

// Two transactions that lock two vendors in opposite orders deadlock; PostgreSQL
// aborts one, and Tx runs it again, so both succeed and neither error surfaces.
func TestTxRetriesDeadlockVictim(t *testing.T) {
	h := &harness{t: t, ctx: context.Background(), db: dbtest.Postgres(t), backend: "postgres"}
	h.store = gormstore.New(h.db)
	a, b := h.vendor("A"), h.vendor("B")

	var mu sync.Mutex
	attempts := 0
	bothLockedFirst := sync.WaitGroup{}
	bothLockedFirst.Add(2)
	lockBoth := func(first, second int64) error {
		firstAttempt := true

		return h.store.Tx(h.ctx, func(r usecase.Repos) error {
			mu.Lock()
			attempts++
			mu.Unlock()

			if _, err := r.Vendors().GetForUpdate(h.ctx, first); err != nil {
				return err
			}

			if firstAttempt {
				firstAttempt = false
				bothLockedFirst.Done()
				bothLockedFirst.Wait()
			}

			if _, err := r.Vendors().GetForUpdate(h.ctx, second); err != nil {
				return err
			}

			return r.Vendors().AdjustProductCount(h.ctx, first, 1)
		})
	}

	var errA, errB error
	var wg sync.WaitGroup
	wg.Go(func() { errA = lockBoth(a.ID, b.ID) })
	wg.Go(func() { errB = lockBoth(b.ID, a.ID) })
	wg.Wait()

	if errA != nil || errB != nil {
		t.Fatalf("transactions: %v, %v; want both to succeed after a retry", errA, errB)
	}

	if attempts != 3 {
		t.Errorf("%d attempts, want 3 (one deadlock victim run again)", attempts)
	}

	for _, v := range []domain.Vendor{a, b} {
		got, err := h.store.Vendors().Get(h.ctx, v.ID)
		if err != nil || got.TotalProducts != 1 {
			t.Errorf("vendor %s total = %d, %v; want 1", v.Name, got.TotalProducts, err)
		}
	}
}
