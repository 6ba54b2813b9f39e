package database

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// connector opens pgx connections for database/sql, taking the login from a
// credentialSource when there is one, retrying once with fresh credentials after the
// server rejects a rotated password, and returning only redacted errors.
type connector struct {
	inner driver.Connector
	creds credentialSource
}

func newConnector(cfg *pgx.ConnConfig, creds credentialSource) *connector {
	c := &connector{creds: creds}
	c.inner = stdlib.GetConnector(*cfg, stdlib.OptionBeforeConnect(c.beforeConnect))

	return c
}

// attempt records the password one connection attempt used, so a rejection can be
// matched to the credentials that caused it.
type attempt struct{ password string }

type attemptKey struct{}

func (c *connector) beforeConnect(ctx context.Context, cfg *pgx.ConnConfig) error {
	if c.creds == nil {
		return nil
	}

	user, password, err := c.creds.credentials(ctx)
	if err != nil {
		return err
	}

	cfg.User, cfg.Password = user, password
	if a, ok := ctx.Value(attemptKey{}).(*attempt); ok {
		a.password = password
	}

	return nil
}

// Connect implements driver.Connector.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	a := &attempt{}
	conn, err := c.inner.Connect(context.WithValue(ctx, attemptKey{}, a))
	if err == nil {
		return conn, nil
	}

	if c.creds == nil || !isAuthFailure(err) || !c.creds.refresh(ctx, a.password) {
		return nil, Redact("connect", err)
	}

	conn, err = c.inner.Connect(ctx)
	if err != nil {
		return nil, Redact("connect", err)
	}

	return conn, nil
}

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return c.inner.Driver() }

// isAuthFailure reports a rejected login: invalid_password or
// invalid_authorization_specification.
func isAuthFailure(err error) bool {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (pgErr.Code == "28P01" || pgErr.Code == "28000")
}
