package database

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	"github.com/aws/smithy-go"
	"github.com/jackc/pgx/v5/pgconn"
)

// Error is what this package returns instead of a driver error: its text is safe to log
// (no host, user, database name, DSN or secret), while Unwrap still exposes the cause so
// callers can match *pgconn.ConnectError, *pgconn.PgError or context errors with
// errors.As and errors.Is.
type Error struct {
	Op  string // what was being done: "open", "connect", "ping"
	err error
}

func (e *Error) Error() string { return "database " + e.Op + ": " + describeCause(e.err) }

func (e *Error) Unwrap() error { return e.err }

// Redact wraps err so that its message is safe to log. Errors already redacted, and
// nil, pass through unchanged.
func Redact(op string, err error) error {
	if err == nil {
		return nil
	}

	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}

	return &Error{Op: op, err: err}
}

// describeCause names the kind of failure without echoing driver text, which quotes
// hosts, users, databases and sometimes the connection string.
func describeCause(err error) string {
	if sErr, ok := errors.AsType[*safeError](err); ok {
		if sErr.err == nil {
			return sErr.msg
		}

		return sErr.msg + ": " + describeCause(sErr.err)
	}

	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgErrorKind(pgErr.Code) + " (SQLSTATE " + pgErr.Code + ")"
	}

	if _, ok := errors.AsType[*pgconn.ParseConfigError](err); ok {
		return "invalid connection settings"
	}

	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case isTLSError(err):
		return "TLS handshake or certificate verification failed"
	case isTimeout(err):
		return "timed out"
	}

	if apiErr, ok := errors.AsType[smithy.APIError](err); ok {
		return "AWS error " + apiErr.ErrorCode()
	}

	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return "host name lookup failed"
	}

	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return "could not connect"
	}

	return "failed"
}

func pgErrorKind(code string) string {
	switch {
	case code == "28P01" || code == "28000":
		return "authentication failed"
	case code == "53300":
		return "too many connections"
	case code == "57014":
		return "statement canceled"
	case code == "3D000":
		return "database does not exist"
	case len(code) == 5 && code[:2] == "08":
		return "connection failure"
	case len(code) == 5 && code[:2] == "57":
		return "server shutting down or unavailable"
	}

	return "server error"
}

func isTLSError(err error) bool {
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return true
	}

	if _, ok := errors.AsType[x509.HostnameError](err); ok {
		return true
	}

	if _, ok := errors.AsType[x509.CertificateInvalidError](err); ok {
		return true
	}

	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
		return true
	}

	_, ok := errors.AsType[tls.RecordHeaderError](err)

	return ok
}

func isTimeout(err error) bool {
	nErr, ok := errors.AsType[net.Error](err)
	return ok && nErr.Timeout()
}

// safeError carries a message written by this package, known to be free of secrets.
type safeError struct {
	msg string
	err error
}

func (e *safeError) Error() string { return describeCause(e) }

func (e *safeError) Unwrap() error { return e.err }

// safe builds an error with a fixed, safe message around a cause that may not be safe.
func safe(msg string, cause error) error { return &safeError{msg: msg, err: cause} }
