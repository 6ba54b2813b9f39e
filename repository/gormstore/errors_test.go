package gormstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/domain"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// secret is planted in every driver error's text: it must never come out.
const secret = "SECRET-VALUE-42"

func pgErr(code, constraint string) *pgconn.PgError {
	return &pgconn.PgError{Code: code, ConstraintName: constraint,
		Message: "statement failed on " + secret, Detail: "Key (slug)=(" + secret + ")"}
}

// translated is how GORM wraps a PostgreSQL error when TranslateError is on.
func translated(sentinel error, err error) error {
	return fmt.Errorf("%w: %w", sentinel, err)
}

// fakeSQLiteError has the shape of the SQLite driver's error.
type fakeSQLiteError struct {
	code int
	msg  string
}

func (e *fakeSQLiteError) Error() string { return e.msg + " " + secret }
func (e *fakeSQLiteError) Code() int     { return e.code }

func TestTranslate(t *testing.T) {
	product := target{op: "create product", resource: domain.ResourceProduct, id: 7,
		unique: "slug", refs: []string{"category_id", "vendor_id"}}
	vendor := target{op: "update vendor", resource: domain.ResourceVendor, id: 3,
		unique: "email"}
	deleteCategory := target{op: "delete category", resource: domain.ResourceCategory,
		id: 5, unique: "slug", refs: []string{"parent_id"}, deleting: true}

	tests := []struct {
		name   string
		target target
		err    error
		check  func(t *testing.T, err error)
	}{
		{"not found", product, gorm.ErrRecordNotFound, notFound(domain.ResourceProduct, 7)},
		{"unique raw", product, pgErr("23505", "products_slug_key"), conflict("slug")},
		{"unique translated", vendor, translated(gorm.ErrDuplicatedKey,
			pgErr("23505", "vendors_email_key")), conflict("email")},
		{"unique unnamed", vendor, gorm.ErrDuplicatedKey, conflict("email")},
		{"unique sqlite", product, &fakeSQLiteError{2067,
			"UNIQUE constraint failed: products.slug"}, conflict("slug")},
		{"fk vendor", product, pgErr("23503", "fk_products_vendor"), invalid("vendor_id")},
		{"fk category default name", product, translated(gorm.ErrForeignKeyViolated,
			pgErr("23503", "products_category_id_fkey")), invalid("category_id")},
		{"fk parent", target{op: "create category", resource: domain.ResourceCategory,
			refs: []string{"parent_id"}}, pgErr("23503", "fk_categories_parent"),
			invalid("parent_id")},
		{"fk unnamed", product, gorm.ErrForeignKeyViolated,
			invalid("category_id", "vendor_id")},
		{"fk on delete", deleteCategory, pgErr("23503", "fk_products_category"),
			blocked("products")},
		{"fk on delete by child", deleteCategory, pgErr("23503", "fk_categories_parent"),
			blocked("child categories")},
		{"fk on delete sqlite", deleteCategory, &fakeSQLiteError{1811,
			"FOREIGN KEY constraint failed"}, blocked("products or child categories")},
		{"check stock", product, pgErr("23514", "products_stock_check"), invalid("stock")},
		{"check sqlite", product, &fakeSQLiteError{275,
			"CHECK constraint failed: products_price_check"}, invalid("price")},
		{"check counter", vendor, translated(gorm.ErrCheckConstraintViolated,
			pgErr("23514", "vendors_total_products_check")), invalid("total_products")},
		{"bad text", product, pgErr("22P02", ""), wantParameter},
		{"bad bytes", product, pgErr("22021", ""), wantParameter},
		{"overflow", product, pgErr("22003", ""), wantParameter},
		{"connection lost", product, pgErr("08006", ""), wantUnavailable},
		{"admin shutdown", product, pgErr("57P01", ""), wantUnavailable},
		{"starting up", product, pgErr("57P03", ""), wantUnavailable},
		{"too many connections", product, pgErr("53300", ""), wantUnavailable},
		{"statement timeout", product, pgErr("57014", ""), wantUnavailable},
		{"serialization", product, pgErr("40001", ""), wantUnavailable},
		{"deadlock", product, pgErr("40P01", ""), wantUnavailable},
		{"bad password", product, pgErr("28P01", ""), wantUnavailable},
		{"connect", product, refusedConnect(t), wantUnavailable},
		{"network", product, &net.OpError{Op: "dial", Net: "tcp",
			Err: errors.New("refused " + secret)}, wantUnavailable},
		{"conn closed", product, fmt.Errorf("x: %w", pgconn.ErrConnClosed), wantUnavailable},
		{"deadline", product, fmt.Errorf("query: %w", context.DeadlineExceeded),
			func(t *testing.T, err error) {
				wantUnavailable(t, err)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%v does not match context.DeadlineExceeded", err)
				}
			}},
		{"sqlite busy", product, &fakeSQLiteError{5, "database is locked"}, wantUnavailable},
		{"sqlite busy snapshot", product, &fakeSQLiteError{517, "busy"}, wantUnavailable},
		{"undefined column", product, pgErr("42703", ""), wantInternal},
		{"unknown", product, errors.New("strange " + secret), wantInternal},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.target.translate(tt.err)
			if err == nil {
				t.Fatal("translate returned nil")
			}

			if !strings.HasPrefix(err.Error(), tt.target.op+": ") {
				t.Errorf("%q lacks the operation as context", err)
			}

			for _, leak := range []string{secret, "SQLSTATE", tt.err.Error()} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("%q leaks %q", err, leak)
				}
			}

			tt.check(t, err)
		})
	}

	if err := product.translate(nil); err != nil {
		t.Errorf("translate(nil) = %v", err)
	}
}

// refusedConnect is a real *pgconn.ConnectError: port 1 on loopback refuses at once.
func refusedConnect(t *testing.T) error {
	_, err := pgconn.Connect(context.Background(),
		"postgres://"+secret+"@127.0.0.1:1/db?connect_timeout=2")

	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("connect to a closed port: %v, want a connect error", err)
	}

	return err
}

func notFound(res domain.Resource, id int64) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var nf *domain.NotFoundError
		if !errors.As(err, &nf) || nf.Resource != res || nf.ID != id {
			t.Errorf("%v is not %s %d not found", err, res, id)
		}
	}
}

func conflict(field string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var ce *domain.ConflictError
		if !errors.As(err, &ce) || ce.Field != field || !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%v is not a conflict on %s", err, field)
		}
	}
}

func invalid(fields ...string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != len(fields) {
			t.Fatalf("%v is not a validation error on %v", err, fields)
		}

		for i, f := range fields {
			if ve.Fields[i].Field != f {
				t.Errorf("field %d = %s, want %s", i, ve.Fields[i].Field, f)
			}
		}
	}
}

func blocked(blocker string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var be *domain.BlockedDeleteError
		if !errors.As(err, &be) || len(be.Blockers) != 1 || be.Blockers[0] != blocker {
			t.Errorf("%v is not a delete blocked by %s", err, blocker)
		}
	}
}

func wantParameter(t *testing.T, err error) {
	if !errors.Is(err, domain.ErrBadParameter) {
		t.Errorf("%v is not a bad parameter", err)
	}
}

func wantUnavailable(t *testing.T, err error) {
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("%v is not unavailable", err)
	}

	if Diagnostic(err) == "" {
		t.Errorf("no diagnostic for %v", err)
	}
}

// wantInternal matches no domain sentinel, so the delivery layer answers 500.
func wantInternal(t *testing.T, err error) {
	for _, s := range []error{domain.ErrNotFound, domain.ErrConflict, domain.ErrInvalid,
		domain.ErrBadParameter, domain.ErrPreconditionFailed, domain.ErrUnavailable} {
		if errors.Is(err, s) {
			t.Errorf("%v matches %v", err, s)
		}
	}

	if d := Diagnostic(err); d == "" || strings.Contains(d, secret) {
		t.Errorf("diagnostic %q", d)
	}
}

func TestRetryableTx(t *testing.T) {
	op := target{op: "update product"}
	tests := []struct {
		err  error
		want bool
	}{
		{op.translate(pgErr("40001", "")), true},
		{op.translate(pgErr("40P01", "")), true},
		{fmt.Errorf("use case: %w", op.translate(pgErr("40P01", ""))), true},
		{op.translate(pgErr("57014", "")), false},
		{op.translate(pgErr("23505", "products_slug_key")), false},
		{pgErr("40001", ""), false}, // not translated: not from a repository
		{nil, false},
	}
	for _, tt := range tests {
		if got := retryableTx(tt.err); got != tt.want {
			t.Errorf("retryableTx(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestDiagnosticNamesCodeNotMessage(t *testing.T) {
	err := target{op: "get product"}.translate(pgErr("57014", "c"))
	if d := Diagnostic(err); d != `sqlstate 57014 constraint "c"` {
		t.Errorf("diagnostic = %q", d)
	}

	if d := Diagnostic(errors.New("not ours")); d != "" {
		t.Errorf("diagnostic of a foreign error = %q", d)
	}
}
