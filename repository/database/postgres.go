package database

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// dsn is the connection string Options describe: URL as given, or one built from the
// separate fields, with SSLMode and SSLRootCert laid over either.
func (o Options) dsn() string {
	dsn := o.URL
	if dsn == "" {
		u := url.URL{
			Scheme: "postgres",
			Host:   net.JoinHostPort(o.Host, strconv.Itoa(o.Port)),
			Path:   "/" + o.Name,
		}
		if o.User != "" {
			u.User = url.User(o.User)
		}

		if o.User != "" && o.Password != "" {
			u.User = url.UserPassword(o.User, o.Password)
		}

		dsn = u.String()
	}

	if o.SSLMode != "" {
		dsn = withParam(dsn, "sslmode", o.SSLMode)
	}

	if o.SSLRootCert != "" {
		dsn = withParam(dsn, "sslrootcert", o.SSLRootCert)
	}

	return dsn
}

// withParam sets one connection parameter in either DSN form.
func withParam(dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err == nil && isURLScheme(u.Scheme) {
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()

		return u.String()
	}

	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(value)

	return dsn + " " + key + "='" + quoted + "'"
}

// pgxConfig parses the DSN and applies the session settings every connection carries.
func (o Options) pgxConfig() (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(o.dsn())
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return nil, safe("invalid connection settings: cannot read the sslrootcert, "+
			"sslcert or sslkey file", nil)
	}

	if err != nil {
		// The parse error quotes the connection string; keep only that it failed.
		return nil, safe("invalid connection settings", nil)
	}

	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = o.ApplicationName
	}

	if o.StatementTimeout > 0 {
		cfg.RuntimeParams["statement_timeout"] = millis(o.StatementTimeout)
	}

	if o.IdleInTransactionTimeout > 0 {
		cfg.RuntimeParams["idle_in_transaction_session_timeout"] =
			millis(o.IdleInTransactionTimeout)
	}

	if o.ClientCheckInterval > 0 {
		cfg.RuntimeParams["client_connection_check_interval"] = millis(o.ClientCheckInterval)
	}

	cfg.ConnectTimeout = o.ConnectTimeout

	if o.SimpleProtocol {
		cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	}

	return cfg, nil
}

func millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

// openPool builds the database/sql pool for one endpoint. It does not connect: the
// first query does, so a service can start while the database is still coming up.
func openPool(ctx context.Context, o Options, creds credentialSource) (*sql.DB, error) {
	cfg, err := o.pgxConfig()
	if err != nil {
		return nil, err
	}

	if creds == nil && o.IAMAuth {
		awsCfg, err := loadAWS(ctx, o)
		if err != nil {
			return nil, err
		}

		creds = newIAMTokens(cfg.Host, int(cfg.Port), cfg.User, awsCfg.Region, awsCfg)
	}

	db := sql.OpenDB(newConnector(cfg, creds))
	o.Pool.apply(db)

	return db, nil
}

// apply sets the pool limits on one database/sql pool.
func (p Pool) apply(db *sql.DB) {
	db.SetMaxOpenConns(p.MaxOpen)
	db.SetMaxIdleConns(p.MaxIdle)
	db.SetConnMaxLifetime(p.MaxLifetime)
	db.SetConnMaxIdleTime(p.MaxIdleTime)
}
