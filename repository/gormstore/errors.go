package gormstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/gamarriando/product-service/domain"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// This file is the boundary where database errors become domain errors. The returned
// errors carry fixed text of our own: never SQL, SQLSTATEs, constraint names or values
// from the driver's message, because their text may reach a client. The driver error
// is kept, unprinted, for Diagnostic.

// target describes the statement whose error is translated, so the domain error can
// name the resource, row and field involved.
type target struct {
	// op is what was being done, the context of the wrapped error: "create product".
	op       string
	resource domain.Resource
	id       int64
	// unique is the input field behind the resource's unique column, named when the
	// driver does not say which constraint failed.
	unique string
	// refs are the reference fields the write sets, such as category_id.
	refs []string
	// deleting turns a foreign-key violation into a blocked delete.
	deleting bool
}

// translate wraps err, if any, as the domain error it stands for.
func (t target) translate(err error) error {
	if err == nil {
		return nil
	}

	return fmt.Errorf("%s: %w", t.op, t.classify(err))
}

func (t target) classify(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &domain.NotFoundError{Resource: t.resource, ID: t.id}
	}

	kind, hint := violationOf(err)
	switch kind {
	case violationUnique:
		return &domain.ConflictError{Resource: t.resource, Field: t.uniqueField(hint),
			Message: "is already taken"}
	case violationForeignKey:
		if t.deleting {
			return &domain.BlockedDeleteError{Resource: t.resource, ID: t.id,
				Blockers: t.blockers(hint)}
		}

		return missingReferences(t.refFields(hint))
	case violationCheck:
		ve := &domain.ValidationError{}
		ve.Addf(checkedField(hint), "is out of the allowed range")

		return ve
	case violationBadInput:
		return &domain.ParameterError{Name: "input",
			Message: "contains a value that is malformed or out of range"}
	}

	if isUnavailable(err) {
		return &unavailableError{cause: err}
	}

	return &internalError{cause: err}
}

// missingReferences is the validation error of references to rows that do not exist.
func missingReferences(fields []string) error {
	ve := &domain.ValidationError{}
	for _, f := range fields {
		ve.Addf(f, "does not exist")
	}

	return ve
}

func (t target) uniqueField(hint string) string {
	for _, f := range []string{"email", "slug"} {
		if strings.Contains(hint, f) {
			return f
		}
	}

	return t.unique
}

// refFields names the reference that failed when the constraint says which one, and
// every reference the write sets when it does not (SQLite never says).
func (t target) refFields(hint string) []string {
	for _, f := range []struct{ word, field string }{
		{"parent", "parent_id"}, {"vendor", "vendor_id"}, {"categor", "category_id"},
	} {
		if strings.Contains(hint, f.word) {
			return []string{f.field}
		}
	}

	return t.refs
}

func (t target) blockers(hint string) []string {
	switch {
	case strings.Contains(hint, "parent"):
		return []string{"child categories"}
	case strings.Contains(hint, "product"):
		return []string{"products"}
	case t.resource == domain.ResourceCategory:
		return []string{"products or child categories"}
	default:
		return []string{"products"}
	}
}

func checkedField(hint string) string {
	for _, f := range []string{"total_products", "price", "stock", "status", "rating"} {
		if strings.Contains(hint, f) {
			return f
		}
	}

	return "input"
}

type violation int

const (
	violationNone violation = iota
	violationUnique
	violationForeignKey
	violationCheck
	violationBadInput
)

// SQLite extended result codes (sqlite3.h) of the errors told apart here.
const (
	sqliteBusy            = 5
	sqliteLocked          = 6
	sqliteConstraint      = 19
	sqliteCheck           = 275
	sqliteForeignKey      = 787
	sqlitePrimaryKey      = 1555
	sqliteUnique          = 2067
	sqlitePrimaryCodeMask = 0xff
)

// codedError is how the SQLite driver exposes its result code.
type codedError interface {
	error
	Code() int
}

// violationOf says which constraint kind err broke, with a hint to which constraint
// (its name or the driver's message), used only to choose a field name.
func violationOf(err error) (violation, string) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgViolation(pgErr.Code), strings.ToLower(pgErr.ConstraintName)
	}

	var sqliteErr codedError
	if errors.As(err, &sqliteErr) {
		return sqliteViolation(sqliteErr)
	}

	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return violationUnique, ""
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return violationForeignKey, ""
	case errors.Is(err, gorm.ErrCheckConstraintViolated):
		return violationCheck, ""
	}

	return violationNone, ""
}

// sqliteViolation reads the extended result code. A RESTRICT foreign key reports
// itself as a trigger constraint, so the message decides for the generic codes.
func sqliteViolation(err codedError) (violation, string) {
	hint := strings.ToLower(err.Error())
	switch err.Code() {
	case sqliteUnique, sqlitePrimaryKey:
		return violationUnique, hint
	case sqliteForeignKey:
		return violationForeignKey, hint
	case sqliteCheck:
		return violationCheck, hint
	}

	if err.Code()&sqlitePrimaryCodeMask != sqliteConstraint {
		return violationNone, hint
	}

	switch {
	case strings.Contains(hint, "foreign key"):
		return violationForeignKey, hint
	case strings.Contains(hint, "unique"):
		return violationUnique, hint
	case strings.Contains(hint, "check"):
		return violationCheck, hint
	}

	return violationNone, hint
}

func pgViolation(code string) violation {
	switch code {
	case "23505":
		return violationUnique
	case "23503":
		return violationForeignKey
	case "23514":
		return violationCheck
	case "22P02", "22021", "22003", "22001":
		return violationBadInput
	}

	return violationNone
}

// unavailablePGCodes are server errors after which retrying later can succeed:
// shutdowns, too many connections, timeouts, and transactions aborted by
// serialization failures or deadlocks.
var unavailablePGCodes = map[string]bool{
	"57P01": true, "57P02": true, "57P03": true, "57P05": true, "53300": true,
	"53100": true, "53200": true, "57014": true, "55P03": true, "40001": true,
	"40P01": true, "25P03": true, "28P01": true, "28000": true,
}

// isUnavailable is true when err means the database could not be reached or could
// not answer in time, as opposed to refusing the statement.
func isUnavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || unavailablePGCodes[pgErr.Code]
	}

	var sqliteErr codedError
	if errors.As(err, &sqliteErr) {
		code := sqliteErr.Code() & sqlitePrimaryCodeMask

		return code == sqliteBusy || code == sqliteLocked
	}

	var connectErr *pgconn.ConnectError
	var netErr net.Error

	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || pgconn.Timeout(err) ||
		pgconn.SafeToRetry(err) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF)
}

// retryableTx is true when err aborted a transaction that can simply run again:
// PostgreSQL chose it as a deadlock victim or could not serialize it.
func retryableTx(err error) bool {
	var unavailable *unavailableError
	if !errors.As(err, &unavailable) {
		return false
	}

	var pgErr *pgconn.PgError
	if !errors.As(unavailable.cause, &pgErr) {
		return false
	}

	return pgErr.Code == "40001" || pgErr.Code == "40P01"
}

// unavailableError is a database that cannot be reached or did not answer in time.
// It matches domain.ErrUnavailable, and the context error when a deadline or a
// cancellation caused it, so callers can tell a client that left from an outage.
type unavailableError struct {
	cause error
}

func (e *unavailableError) Error() string { return "database unavailable" }

func (e *unavailableError) Is(target error) bool {
	if target == domain.ErrUnavailable {
		return true
	}

	isCtxErr := target == context.DeadlineExceeded || target == context.Canceled

	return isCtxErr && errors.Is(e.cause, target)
}

// internalError is any other database failure: a bug or a schema out of step with the
// code. It matches no domain sentinel, so the caller treats it as a server error.
type internalError struct {
	cause error
}

func (e *internalError) Error() string { return "database error" }

// Diagnostic describes a database failure for a log line: the SQLSTATE or SQLite
// code and the constraint name, but never the driver's message, which can echo the
// statement's values. It is empty for errors that did not come from this package.
func Diagnostic(err error) string {
	var cause error
	var unavailable *unavailableError
	var internal *internalError
	switch {
	case errors.As(err, &unavailable):
		cause = unavailable.cause
	case errors.As(err, &internal):
		cause = internal.cause
	default:
		return ""
	}

	var pgErr *pgconn.PgError
	if errors.As(cause, &pgErr) {
		return fmt.Sprintf("sqlstate %s constraint %q", pgErr.Code, pgErr.ConstraintName)
	}

	var sqliteErr codedError
	if errors.As(cause, &sqliteErr) {
		return fmt.Sprintf("sqlite code %d", sqliteErr.Code())
	}

	for _, ctxErr := range []error{context.DeadlineExceeded, context.Canceled} {
		if errors.Is(cause, ctxErr) {
			return ctxErr.Error()
		}
	}

	for errors.Unwrap(cause) != nil {
		cause = errors.Unwrap(cause)
	}

	return fmt.Sprintf("%T", cause)
}
