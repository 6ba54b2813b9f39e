package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	migratedb "github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/postgres"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gamarriando/product-service/repository/database"
)

// Up applies every migration not yet applied. Already up to date is not an error.
func Up(ctx context.Context, db *sql.DB) error {
	return run(ctx, db, "up", func(m *migrate.Migrate) error { return m.Up() })
}

// Down undoes the last steps migrations, one by one, newest first.
func Down(ctx context.Context, db *sql.DB, steps int) error {
	if steps < 1 {
		return errors.New("migrate down: the number of steps must be at least 1")
	}

	return run(ctx, db, "down", func(m *migrate.Migrate) error { return m.Steps(-steps) })
}

// Force records version as applied and clean without running anything: the way out
// after a failed migration left the schema marked dirty and was repaired by hand.
// -1 records that no migration is applied.
func Force(ctx context.Context, db *sql.DB, version int) error {
	return run(ctx, db, "force", func(m *migrate.Migrate) error { return m.Force(version) })
}

// Version reports the applied version (0 when none) and whether the last migration
// failed half-way (dirty).
func Version(ctx context.Context, db *sql.DB) (version uint, dirty bool, err error) {
	err = run(ctx, db, "version", func(m *migrate.Migrate) error {
		version, dirty, err = m.Version()
		if errors.Is(err, migrate.ErrNilVersion) {
			return nil
		}

		return err
	})

	return version, dirty, err
}

// Latest is the newest version among the embedded files: what Up migrates to.
func Latest() (uint, error) {
	names, err := fs.Glob(files, "*.up.sql")
	if err != nil {
		return 0, fmt.Errorf("list migrations: %w", err)
	}

	var latest uint
	for _, name := range names {
		prefix, _, _ := strings.Cut(name, "_")
		v, err := strconv.ParseUint(prefix, 10, 32)
		if err != nil {
			return 0, fmt.Errorf("migration file %s: version is not a number", name)
		}

		latest = max(latest, uint(v))
	}

	return latest, nil
}

// run gives one golang-migrate command a dedicated connection from db. The session's
// statement_timeout, meant for requests, is lifted for the migration (DDL on a large
// table may take long; each file sets its own lock_timeout) and restored before the
// connection goes back to the pool. Cancelling ctx stops after the running migration.
func run(ctx context.Context, db *sql.DB, op string, fn func(*migrate.Migrate) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", op, database.Redact("connect", err))
	}
	defer conn.Close()

	if _, err := conn.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
		return fmt.Errorf("migrate %s: %w", op, database.Redact("prepare session", err))
	}
	defer restoreSession(conn)

	m, err := newMigrate(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", op, err)
	}

	stop := context.AfterFunc(ctx, func() { m.GracefulStop <- true })
	err = fn(m)
	stop()

	if errors.Is(err, migrate.ErrNoChange) {
		err = nil
	}

	if err == nil {
		err = ctx.Err()
	}

	if err != nil {
		return fmt.Errorf("migrate %s: %w", op, describe(err))
	}

	return nil
}

func newMigrate(ctx context.Context, conn *sql.Conn) (*migrate.Migrate, error) {
	src, err := iofs.New(files, ".")
	if err != nil {
		return nil, fmt.Errorf("open embedded migrations: %w", err)
	}

	// The driver runs statements without a context; its own timeout carries ctx's
	// deadline (a Lambda invocation's) to each of them.
	cfg := &postgres.Config{}
	if deadline, ok := ctx.Deadline(); ok {
		cfg.StatementTimeout = time.Until(deadline)
	}

	drv, err := postgres.WithConnection(ctx, conn, cfg)
	if err != nil {
		return nil, describe(err)
	}

	m, err := migrate.NewWithInstance("iofs", src, "postgres", drv)
	if err != nil {
		return nil, describe(err)
	}

	return m, nil
}

// restoreSession puts statement_timeout back to the connection's start-up value.
// Failing that, the connection is discarded rather than returned to the pool.
func restoreSession(conn *sql.Conn) {
	_, err := conn.ExecContext(context.Background(), "RESET statement_timeout")
	if err == nil {
		return
	}

	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

// describe turns golang-migrate's errors, whose text quotes the whole failing SQL
// file, into short ones: the server's message and SQLSTATE for a failed statement
// (schema text, no row data), the redacted cause for a connection problem.
func describe(err error) error {
	if dirty, ok := errors.AsType[migrate.ErrDirty](err); ok {
		return &DirtyError{Version: dirty.Version}
	}

	switch {
	case errors.Is(err, postgres.ErrNoSchema):
		return safeError("no schema on the search_path: create it or fix search_path")
	case errors.Is(err, migrate.ErrLockTimeout):
		return safeError("another migration holds the lock; try again when it ends")
	case errors.Is(err, migrate.ErrNilVersion):
		return safeError("no migration applied")
	}

	// golang-migrate's Error does not unwrap; its cause is in OrigErr.
	if dbErr, ok := errors.AsType[migratedb.Error](err); ok && dbErr.OrigErr != nil {
		err = dbErr.OrigErr
	}

	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return &StatementError{Code: pgErr.Code, Message: pgErr.Message, err: pgErr}
	}

	return database.Redact("migrate", err)
}

// DirtyError says a migration failed half-way. Each file runs in one transaction, so
// the schema is still the one before the failed step: after a failed up that is
// Version-1, after a failed down Version+1. Fix the cause, force that version, and
// migrate again.
type DirtyError struct{ Version int }

func (e *DirtyError) Error() string {
	return fmt.Sprintf("schema is marked dirty at version %d: fix the cause, force the "+
		"version the schema is at (%d after a failed up), then migrate again",
		e.Version, e.Version-1)
}

// StatementError is a migration statement the server refused.
type StatementError struct {
	Code    string
	Message string
	err     error
}

func (e *StatementError) Error() string {
	return "statement failed: " + e.Message + " (SQLSTATE " + e.Code + ")"
}

func (e *StatementError) Unwrap() error { return e.err }

// safeError is a message of this package's own, free of SQL and secrets.
type safeError string

func (e safeError) Error() string { return string(e) }
