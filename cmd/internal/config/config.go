// Package config reads the service's configuration from the environment, in one place,
// with the defaults the README documents. Nothing else in the project calls os.Getenv.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gamarriando/product-service/repository/database"
)

// Env says how careful the service must be: development trades safety for
// convenience (SQLite, AutoMigrate, demo data); production refuses those.
type Env string

// The two environments.
const (
	Development Env = "development"
	Production  Env = "production"
)

// Config is everything the server, the Lambda and the migrator read at start.
type Config struct {
	Env Env
	// OnLambda is true inside a Lambda execution environment; it changes defaults
	// (production, a small pool) but never the code that serves requests.
	OnLambda bool
	// FunctionName is the Lambda function's name (AWS_LAMBDA_FUNCTION_NAME), empty
	// elsewhere: a dimension of the Lambda's metrics and a field of its log lines.
	FunctionName string

	Port     int
	Database database.Options
	// AutoMigrate creates the schema with GORM at start. Development only: production
	// schemas come from the versioned SQL migrations.
	AutoMigrate bool
	// SeedDemo loads the demo catalog into an empty database at start.
	SeedDemo bool

	LogLevel slog.Level
	HTTP     HTTP
	Auth     Auth
}

// HTTP holds the server's limits and timeouts.
type HTTP struct {
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// RequestTimeout is the deadline of each request's context, which reaches every
	// query; the database's statement_timeout is the backstop behind it.
	RequestTimeout time.Duration
	// DrainDelay is how long the server keeps answering, with /ready failing, after
	// SIGTERM, so load balancers stop sending traffic before the listener closes.
	DrainDelay      time.Duration
	ShutdownTimeout time.Duration
	// CacheMaxAge is the max-age of Cache-Control on public reads.
	CacheMaxAge time.Duration
}

// Load reads the configuration through getenv (os.Getenv in the commands, a map in
// tests). Every problem is reported at once, and no message repeats a secret.
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	onLambda := getenv("AWS_LAMBDA_FUNCTION_NAME") != ""

	defaultEnv := Development
	if onLambda {
		defaultEnv = Production
	}

	c := Config{
		Env:          Env(r.str("APP_ENV", string(defaultEnv))),
		OnLambda:     onLambda,
		FunctionName: getenv("AWS_LAMBDA_FUNCTION_NAME"),
		Port:         r.int("PORT", 8080),
		LogLevel:     r.level("LOG_LEVEL", slog.LevelInfo),
		HTTP: HTTP{
			ReadHeaderTimeout: r.duration("HTTP_READ_HEADER_TIMEOUT", 5*time.Second),
			ReadTimeout:       r.duration("HTTP_READ_TIMEOUT", 15*time.Second),
			WriteTimeout:      r.duration("HTTP_WRITE_TIMEOUT", 30*time.Second),
			IdleTimeout:       r.duration("HTTP_IDLE_TIMEOUT", 120*time.Second),
			RequestTimeout:    r.duration("REQUEST_TIMEOUT", 10*time.Second),
			DrainDelay:        r.duration("SHUTDOWN_DRAIN_DELAY", time.Second),
			ShutdownTimeout:   r.duration("SHUTDOWN_TIMEOUT", 10*time.Second),
			CacheMaxAge:       r.duration("CACHE_MAX_AGE", 60*time.Second),
		},
	}

	if c.Env != Development && c.Env != Production {
		r.fail("APP_ENV", "must be development or production")
	}

	dev := c.Env == Development
	c.AutoMigrate = r.bool("DB_AUTO_MIGRATE", dev)
	c.SeedDemo = r.bool("SEED_DEMO_DATA", dev)
	c.Auth = loadAuth(&r, c.Env, onLambda)

	db, err := LoadDatabase(getenv, !dev, onLambda)
	if err != nil {
		r.errs = append(r.errs, err)
	}

	c.Database = db

	return c, r.err()
}

// reader parses variables and collects every error instead of stopping at the first.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (r *reader) fail(name, msg string) {
	r.errs = append(r.errs, fmt.Errorf("%s %s", name, msg))
}

func (r *reader) err() error { return errors.Join(r.errs...) }

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}

	return def
}

func (r *reader) int(name string, def int) int { return r.intAtLeast(name, def, 0) }

// intAtLeast reads an integer no smaller than lowest.
func (r *reader) intAtLeast(name string, def, lowest int) int {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		return def
	}

	n, err := strconv.Atoi(v)
	if err != nil || n < lowest {
		r.fail(name, fmt.Sprintf("must be an integer of at least %d", lowest))

		return def
	}

	return n
}

func (r *reader) bool(name string, def bool) bool {
	v := r.getenv(name)
	if v == "" {
		return def
	}

	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		r.fail(name, "must be true or false")

		return def
	}

	return b
}

// duration accepts Go durations ("90s", "1h") and, as the original plan wrote them,
// plain seconds ("3600").
func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		return def
	}

	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}

	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		r.fail(name, "must be a duration such as 30s, or a number of seconds")

		return def
	}

	return d
}

func (r *reader) level(name string, def slog.Level) slog.Level {
	v := r.getenv(name)
	if v == "" {
		return def
	}

	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.TrimSpace(v))); err != nil {
		r.fail(name, "must be debug, info, warn or error")

		return def
	}

	return l
}
