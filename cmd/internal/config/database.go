package config

import (
	"errors"
	"time"

	"github.com/gamarriando/product-service/repository/database"
)

// LoadDatabase reads the database variables (documented in the README) into the options
// database.Open takes. production makes PostgreSQL and TLS mandatory; onLambda picks
// the small pool a one-request-at-a-time execution environment needs and keeps the
// SQLite file in /tmp, the only writable place there. Errors name the variable, never
// its value, since values can be secrets.
func LoadDatabase(
	getenv func(string) string, production, onLambda bool,
) (database.Options, error) {
	o := database.Options{
		URL:         getenv("DATABASE_URL"),
		Host:        getenv("DB_HOST"),
		Name:        or(getenv("DB_NAME"), "gamarriando"),
		User:        or(getenv("DB_USER"), "postgres"),
		Password:    getenv("DB_PASSWORD"),
		SSLRootCert: getenv("DB_SSLROOTCERT"),
		ReaderURL:   getenv("DATABASE_READER_URL"),
		ReaderHost:  getenv("DB_READER_HOST"),
		SecretARN:   getenv("DB_SECRET_ARN"),
		SQLitePath:  getenv("DB_SQLITE_PATH"),
	}

	o.Driver = database.DriverSQLite
	if o.URL != "" || o.Host != "" {
		o.Driver = database.DriverPostgres
	}

	if o.SQLitePath == "" && onLambda {
		o.SQLitePath = "/tmp/gamarriando.db"
	}

	p := reader{getenv: getenv}
	o.Port = p.intAtLeast("DB_PORT", database.DefaultPort, 1)
	o.Pool = p.pool(onLambda)
	o.ConnectTimeout = p.duration("DB_CONNECT_TIMEOUT", connectTimeout(onLambda))
	o.StatementTimeout = p.duration("DB_STATEMENT_TIMEOUT", database.DefaultStatementTimeout)
	o.IdleInTransactionTimeout = p.duration("DB_IDLE_IN_TRANSACTION_TIMEOUT",
		database.DefaultIdleInTransactionTimeout)
	o.ClientCheckInterval = p.duration("DB_CLIENT_CHECK_INTERVAL",
		database.DefaultClientCheckInterval)
	o.SlowQuery = p.duration("DB_SLOW_QUERY", time.Second)
	o.SimpleProtocol = p.bool("DB_SIMPLE_PROTOCOL", false)
	o.PrepareStmt = p.bool("DB_PREPARE_STMT", false)
	o.IAMAuth = p.bool("DB_IAM_AUTH", false)
	o.SSLMode = sslMode(getenv("DB_SSLMODE"), o.SSLRootCert, production)
	if err := p.err(); err != nil {
		return database.Options{}, err
	}

	if err := validateDatabase(o, production); err != nil {
		return database.Options{}, err
	}

	return o, nil
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}

	return v
}

// connectTimeout leaves a Lambda invocation time to answer 503 within API Gateway's
// 29 seconds when the database does not respond.
func connectTimeout(onLambda bool) time.Duration {
	if onLambda {
		return 5 * time.Second
	}

	return database.DefaultConnectTimeout
}

// sslMode defaults production to an encrypted connection: verify-full when a CA bundle
// is given, require otherwise. Outside production the driver's default (prefer) stays.
func sslMode(v, rootCert string, production bool) string {
	if v != "" || !production {
		return v
	}

	if rootCert != "" {
		return "verify-full"
	}

	return "require"
}

var sslModes = map[string]bool{
	"disable": false, "allow": false, "prefer": false,
	"require": true, "verify-ca": true, "verify-full": true,
}

func validateDatabase(o database.Options, production bool) error {
	encrypted, known := sslModes[o.SSLMode]
	switch {
	case o.SSLMode != "" && !known:
		return errors.New("DB_SSLMODE: want disable, allow, prefer, require, verify-ca " +
			"or verify-full")
	case o.Driver == database.DriverSQLite && production:
		return errors.New("DATABASE_URL or DB_HOST is required in production")
	case o.Driver == database.DriverPostgres && production && !encrypted:
		return errors.New("DB_SSLMODE: production needs require, verify-ca or verify-full")
	case o.IAMAuth && o.SecretARN != "":
		return errors.New("DB_IAM_AUTH and DB_SECRET_ARN: choose one way to log in")
	case o.IAMAuth && o.Password != "":
		return errors.New("DB_PASSWORD must be empty with DB_IAM_AUTH=true")
	case o.IAMAuth && o.SSLMode != "" && !encrypted:
		return errors.New("DB_SSLMODE: IAM authentication needs TLS")
	case o.ReaderURL != "" && o.ReaderHost != "":
		return errors.New("DATABASE_READER_URL and DB_READER_HOST: set only one")
	case o.Pool.MaxIdle > o.Pool.MaxOpen:
		return errors.New("DB_POOL_SIZE exceeds DB_POOL_SIZE + DB_MAX_OVERFLOW")
	}

	return nil
}

// pool maps the plan's SQLAlchemy-style variables onto database/sql: DB_POOL_SIZE
// connections kept idle, DB_MAX_OVERFLOW more that may open under load.
func (p *reader) pool(onLambda bool) database.Pool {
	def := database.DefaultPool(onLambda)
	size := p.intAtLeast("DB_POOL_SIZE", def.MaxIdle, 1)
	overflow := p.intAtLeast("DB_MAX_OVERFLOW", def.MaxOpen-def.MaxIdle, 0)

	return database.Pool{
		MaxIdle:     size,
		MaxOpen:     size + overflow,
		MaxLifetime: p.duration("DB_POOL_RECYCLE", def.MaxLifetime),
		MaxIdleTime: p.duration("DB_POOL_IDLE_TIMEOUT", def.MaxIdleTime),
	}
}
