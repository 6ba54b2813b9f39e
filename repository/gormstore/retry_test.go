package gormstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// ERR-3, "40001/40P01 after retries": a transaction that keeps failing as a
// serialization failure or a deadlock victim runs txAttempts times, then gives up with
// an error that is unavailable (503 with Retry-After), never a 500 or a 409.
func TestTxGivesUpAfterRetries(t *testing.T) {
	db, err := gorm.Open(sqlite.Open(filepath.Join(t.TempDir(), "retry.db")),
		&gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatal(err)
	}

	for _, code := range []string{"40001", "40P01"} {
		t.Run(code, func(t *testing.T) {
			attempts := 0
			err := New(db).Tx(context.Background(), func(usecase.Repos) error {
				attempts++

				return target{op: "update product"}.translate(pgErr(code, ""))
			})

			if attempts != txAttempts {
				t.Errorf("%d attempts, want %d", attempts, txAttempts)
			}

			if !errors.Is(err, domain.ErrUnavailable) || errors.Is(err, domain.ErrConflict) {
				t.Errorf("after the retries: %v, want unavailable", err)
			}
		})
	}
}
