package config

import (
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/repository/database"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDatabaseDefaults(t *testing.T) {
	tests := []struct {
		name               string
		env                map[string]string
		production, lambda bool
		check              func(database.Options) string
	}{
		{"nothing set is SQLite", nil, false, false, func(o database.Options) string {
			if o.Driver != database.DriverSQLite || o.SQLitePath != "" {
				return "want SQLite at the package default path"
			}

			return ""
		}},
		{"SQLite on Lambda lives in /tmp", nil, false, true, func(o database.Options) string {
			if o.SQLitePath != "/tmp/gamarriando.db" {
				return "want /tmp/gamarriando.db"
			}

			return ""
		}},
		{"server pool", map[string]string{"DB_HOST": "h"}, false, false,
			func(o database.Options) string {
				p := o.Pool
				if p.MaxIdle != 5 || p.MaxOpen != 15 || p.MaxLifetime != time.Hour ||
					o.ConnectTimeout != 10*time.Second || o.Port != 5432 {
					return "want 5 idle, 15 open, 1h recycle, 10s connect, port 5432"
				}

				return ""
			}},
		{"Lambda pool", map[string]string{"DB_HOST": "h"}, true, true,
			func(o database.Options) string {
				if o.Pool.MaxOpen != 2 || o.Pool.MaxIdle != 1 || o.ConnectTimeout != 5*time.Second {
					return "want 2 open, 1 idle, 5s connect"
				}

				return ""
			}},
		{"pool variables", map[string]string{"DB_HOST": "h", "DB_POOL_SIZE": "3",
			"DB_MAX_OVERFLOW": "4", "DB_POOL_RECYCLE": "1800", "DB_POOL_IDLE_TIMEOUT": "90s"},
			false, false, func(o database.Options) string {
				want := database.Pool{MaxIdle: 3, MaxOpen: 7, MaxLifetime: 30 * time.Minute,
					MaxIdleTime: 90 * time.Second}
				if o.Pool != want {
					return "want 3 idle, 7 open, 30m, 90s"
				}

				return ""
			}},
		{"production requires TLS by default", map[string]string{"DB_HOST": "h"}, true, false,
			func(o database.Options) string {
				if o.SSLMode != "require" {
					return "want sslmode=require"
				}

				return ""
			}},
		{"production with a CA verifies the host", map[string]string{"DB_HOST": "h",
			"DB_SSLROOTCERT": "/rds.pem"}, true, false, func(o database.Options) string {
			if o.SSLMode != "verify-full" {
				return "want sslmode=verify-full"
			}

			return ""
		}},
		{"development leaves the driver default", map[string]string{"DB_HOST": "h"}, false,
			false, func(o database.Options) string {
				if o.SSLMode != "" {
					return "want no sslmode"
				}

				return ""
			}},
		{"every switch", map[string]string{"DATABASE_URL": "postgres://h/d",
			"DATABASE_READER_URL": "postgres://r/d", "DB_SIMPLE_PROTOCOL": "true",
			"DB_PREPARE_STMT": "1", "DB_IAM_AUTH": "true", "DB_SSLMODE": "verify-full",
			"DB_STATEMENT_TIMEOUT": "5s", "DB_IDLE_IN_TRANSACTION_TIMEOUT": "20s",
			"DB_SLOW_QUERY": "250ms"}, true, false, func(o database.Options) string {
			if o.Driver != database.DriverPostgres || o.ReaderURL == "" || !o.SimpleProtocol ||
				!o.PrepareStmt || !o.IAMAuth || o.StatementTimeout != 5*time.Second ||
				o.IdleInTransactionTimeout != 20*time.Second ||
				o.SlowQuery != 250*time.Millisecond {
				return "a variable was not read"
			}

			return ""
		}},
	}
	for _, tt := range tests {
		o, err := LoadDatabase(envOf(tt.env), tt.production, tt.lambda)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}

		if msg := tt.check(o); msg != "" {
			t.Errorf("%s: %s; got %s", tt.name, msg, o)
		}
	}
}

func TestLoadDatabaseRejects(t *testing.T) {
	const secret = "canary-Secr3t-4242"
	tests := []struct {
		env        map[string]string
		production bool
		wantVar    string
	}{
		{nil, true, "DATABASE_URL"},
		{map[string]string{"DB_HOST": "h", "DB_SSLMODE": "disable"}, true, "DB_SSLMODE"},
		{map[string]string{"DB_HOST": "h", "DB_SSLMODE": "prefer"}, true, "DB_SSLMODE"},
		{map[string]string{"DB_HOST": "h", "DB_SSLMODE": "sometimes"}, false, "DB_SSLMODE"},
		{map[string]string{"DB_HOST": "h", "DB_IAM_AUTH": "true", "DB_SECRET_ARN": "a"},
			false, "DB_SECRET_ARN"},
		{map[string]string{"DB_HOST": "h", "DB_IAM_AUTH": "true", "DB_PASSWORD": secret},
			false, "DB_PASSWORD"},
		{map[string]string{"DB_HOST": "h", "DB_IAM_AUTH": "true", "DB_SSLMODE": "disable"},
			false, "DB_SSLMODE"},
		{map[string]string{"DB_HOST": "h", "DB_READER_HOST": "r",
			"DATABASE_READER_URL": "postgres://r"}, false, "DB_READER_HOST"},
		{map[string]string{"DB_HOST": "h", "DB_POOL_SIZE": "0"}, false, "DB_POOL_SIZE"},
		{map[string]string{"DB_HOST": "h", "DB_MAX_OVERFLOW": "-1"}, false, "DB_MAX_OVERFLOW"},
		{map[string]string{"DB_HOST": "h", "DB_POOL_RECYCLE": secret}, false,
			"DB_POOL_RECYCLE"},
		{map[string]string{"DB_HOST": "h", "DB_PORT": "x"}, false, "DB_PORT"},
		{map[string]string{"DB_HOST": "h", "DB_IAM_AUTH": "yes please"}, false, "DB_IAM_AUTH"},
	}
	for _, tt := range tests {
		_, err := LoadDatabase(envOf(tt.env), tt.production, false)
		if err == nil || !strings.Contains(err.Error(), tt.wantVar) {
			t.Errorf("%v: error = %v, want one naming %s", tt.env, err, tt.wantVar)
			continue
		}

		if strings.Contains(err.Error(), secret) {
			t.Errorf("error repeats a value: %v", err)
		}
	}
}
