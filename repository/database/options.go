package database

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5"
)

// Driver names the database engine behind the connection.
type Driver string

// The supported engines.
const (
	DriverPostgres Driver = "postgres"
	DriverSQLite   Driver = "sqlite"
)

// DefaultSQLitePath is where the embedded database lives when nothing else is configured.
const DefaultSQLitePath = "./gamarriando.db"

// DefaultApplicationName identifies the service's sessions in pg_stat_activity.
const DefaultApplicationName = "gamarriando-product-service"

// Options says where the database is and how to talk to it. The zero value, after
// defaults, is an embedded SQLite file. Fields holding secrets (URL, Password) are never
// printed: String, GoString and LogValue all go through Redacted.
type Options struct {
	Driver Driver

	// URL is a full PostgreSQL connection string (URL or keyword/value form), as
	// DATABASE_URL gives it. When set it wins over Host, Port, Name, User and Password,
	// although SSLMode and SSLRootCert, when set, override what it says.
	URL string

	Host     string
	Port     int
	Name     string
	User     string
	Password string

	// SSLMode is the libpq sslmode (disable, allow, prefer, require, verify-ca,
	// verify-full); SSLRootCert the CA bundle file used by verify-ca and verify-full.
	SSLMode     string
	SSLRootCert string

	// ReaderURL or ReaderHost name an Aurora reader endpoint. Reads outside
	// transactions go there; see Primary for reads that must see a just-made write.
	// ReaderHost reuses every other setting of the writer.
	ReaderURL  string
	ReaderHost string

	ApplicationName string

	// ConnectTimeout bounds establishing one connection (TCP, TLS and authentication).
	ConnectTimeout time.Duration

	// StatementTimeout is sent as the session's statement_timeout, the server-side
	// backstop behind request contexts. Zero leaves the server's setting.
	StatementTimeout time.Duration

	// IdleInTransactionTimeout ends sessions that hold a transaction open and idle,
	// so a stuck client cannot keep locks. Zero leaves the server's setting.
	IdleInTransactionTimeout time.Duration

	// ClientCheckInterval is the session's client_connection_check_interval: while a
	// query runs, PostgreSQL checks this often that the client is still there, and
	// cancels the query of one that went away (a process that crashed, was killed, or
	// gave up waiting at shutdown), instead of running it to the statement_timeout.
	// Zero leaves the server's setting, which is off.
	ClientCheckInterval time.Duration

	// SimpleProtocol avoids named prepared statements, so RDS Proxy does not pin
	// connections and PgBouncer in transaction mode works.
	SimpleProtocol bool

	// PrepareStmt turns on GORM's prepared-statement cache. Off by default.
	PrepareStmt bool

	Pool Pool

	// IAMAuth replaces the password with an RDS IAM authentication token, minted for
	// each new connection (tokens last 15 minutes, a pool lives longer) and cached.
	IAMAuth bool

	// Region is the AWS region for IAM tokens and Secrets Manager. Empty means the
	// SDK's own resolution (AWS_REGION on Lambda).
	Region string

	// SecretARN names a Secrets Manager secret holding username and password, read at
	// start, cached, and read again once when authentication fails after a rotation.
	SecretARN string

	// AWS overrides how the AWS SDK is configured (credentials, endpoint); nil loads
	// the default configuration. Tests point it at local stand-ins.
	AWS *aws.Config

	// SQLitePath is the embedded database file; ":memory:" gives a private in-memory
	// database.
	SQLitePath string

	// SlowQuery is the duration above which a query is logged (without its SQL or
	// arguments). Zero means one second; negative turns it off.
	SlowQuery time.Duration
}

// Pool holds database/sql pool limits, applied to the writer and to the reader.
type Pool struct {
	MaxIdle     int
	MaxOpen     int
	MaxLifetime time.Duration
	MaxIdleTime time.Duration
}

// DefaultPool is the pool for where the code runs. A Lambda execution environment
// serves one request at a time, so it needs one connection and a spare; a server
// multiplexes many requests over a larger pool.
func DefaultPool(onLambda bool) Pool {
	if onLambda {
		return Pool{MaxIdle: 1, MaxOpen: 2, MaxLifetime: 30 * time.Minute,
			MaxIdleTime: 5 * time.Minute}
	}

	return Pool{MaxIdle: 5, MaxOpen: 15, MaxLifetime: time.Hour, MaxIdleTime: 5 * time.Minute}
}

// Defaults shared by every caller of Open; LoadDatabase documents the variables.
const (
	DefaultConnectTimeout           = 10 * time.Second
	DefaultStatementTimeout         = 15 * time.Second
	DefaultIdleInTransactionTimeout = 60 * time.Second
	DefaultClientCheckInterval      = time.Second
	DefaultPort                     = 5432
	defaultSlowQuery                = time.Second
)

// withDefaults fills what the caller left empty.
func (o Options) withDefaults() Options {
	if o.Driver == "" {
		o.Driver = DriverSQLite
		if o.URL != "" || o.Host != "" {
			o.Driver = DriverPostgres
		}
	}

	if o.Driver == DriverSQLite && o.SQLitePath == "" {
		o.SQLitePath = DefaultSQLitePath
	}

	if o.Port == 0 {
		o.Port = DefaultPort
	}

	if o.ApplicationName == "" {
		o.ApplicationName = DefaultApplicationName
	}

	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}

	if o.Pool == (Pool{}) {
		o.Pool = DefaultPool(false)
	}

	if o.SlowQuery == 0 {
		o.SlowQuery = defaultSlowQuery
	}

	return o
}

// Describe is a safe one-line account of the target for the first log line: engine,
// database name and connection features. It names no host, user or secret: log lines
// never carry where the database lives or how to log in to it.
func (o Options) Describe() string {
	o = o.withDefaults()
	if o.Driver == DriverSQLite {
		return "embedded SQLite file " + o.SQLitePath
	}

	var b strings.Builder
	b.WriteString("postgres database ")
	b.WriteString(o.databaseName())
	if mode := o.effectiveSSLMode(); mode != "" {
		b.WriteString(", sslmode=" + mode)
	}

	if o.ReaderURL != "" || o.ReaderHost != "" {
		b.WriteString(", with a reader endpoint")
	}

	switch {
	case o.IAMAuth:
		b.WriteString(", IAM authentication")
	case o.SecretARN != "":
		b.WriteString(", credentials from Secrets Manager")
	}

	if o.SimpleProtocol {
		b.WriteString(", simple protocol")
	}

	return b.String()
}

// target is host:port/dbname, parsed from URL when one is given.
func (o Options) databaseName() string {
	if o.URL == "" {
		return strconv.Quote(o.Name)
	}

	cfg, err := pgx.ParseConfig(o.URL)
	if err != nil {
		return "(unparseable connection string)"
	}

	return strconv.Quote(cfg.Database)
}

// effectiveSSLMode is the sslmode a connection will use, as far as Options know it.
func (o Options) effectiveSSLMode() string {
	if o.SSLMode != "" || o.URL == "" {
		return o.SSLMode
	}

	return sslModeOf(o.URL)
}

// sslModeOf reads sslmode out of a connection string without keeping anything else.
func sslModeOf(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && isURLScheme(u.Scheme) {
		return u.Query().Get("sslmode")
	}

	for _, field := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(field, "sslmode="); ok {
			return strings.Trim(v, "'")
		}
	}

	return ""
}

func isURLScheme(s string) bool {
	return s == "postgres" || s == "postgresql"
}

// readerOptions is the writer's configuration pointed at the reader endpoint.
func (o Options) readerOptions() Options {
	r := o
	r.ReaderURL, r.ReaderHost = "", ""
	if o.ReaderURL != "" {
		r.URL = o.ReaderURL
		return r
	}

	if o.URL == "" {
		r.Host = o.ReaderHost
		return r
	}

	r.URL = withHost(o.URL, o.ReaderHost)

	return r
}

// withHost replaces the host of a URL-form DSN, or appends host= to a keyword/value
// one (pgx keeps the last value of a repeated keyword).
func withHost(dsn, host string) string {
	u, err := url.Parse(dsn)
	if err != nil || !isURLScheme(u.Scheme) {
		return dsn + " host=" + host
	}

	if port := u.Port(); port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else {
		u.Host = host
	}

	return u.String()
}

const redactedMark = "xxxxx"

// Redacted is a copy safe to print: the password, and the password inside URL, are
// replaced; a connection string that cannot be parsed is replaced whole.
func (o Options) Redacted() Options {
	if o.Password != "" {
		o.Password = redactedMark
	}

	o.URL = redactDSN(o.URL)
	o.ReaderURL = redactDSN(o.ReaderURL)

	return o
}

// redactDSN keeps the shape of a URL-form DSN minus its secrets. Keyword/value strings
// are not worth parsing for display and are hidden whole.
func redactDSN(dsn string) string {
	if dsn == "" {
		return ""
	}

	u, err := url.Parse(dsn)
	if err != nil || !isURLScheme(u.Scheme) {
		return "[redacted]"
	}

	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), redactedMark)
	}

	q := u.Query()
	if q.Has("password") {
		q.Set("password", redactedMark)
		u.RawQuery = q.Encode()
	}

	return u.String()
}

// String prints the redacted options.
func (o Options) String() string {
	r := o.Redacted()
	r.AWS = nil

	type plain Options // drops the methods, so Sprintf does not recurse

	return fmt.Sprintf("%+v", plain(r))
}

// GoString keeps %#v as safe as %v.
func (o Options) GoString() string { return o.String() }

// LogValue makes slog print the redacted description rather than the struct.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.Describe()) }
