package database

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const canary = "canary-Secr3t-4242"

func TestWithDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want func(Options) bool
	}{
		{"empty is sqlite at the default path", Options{}, func(o Options) bool {
			return o.Driver == DriverSQLite && o.SQLitePath == DefaultSQLitePath
		}},
		{"a URL means postgres", Options{URL: "postgres://h/db"}, func(o Options) bool {
			return o.Driver == DriverPostgres && o.Port == 5432
		}},
		{"a host means postgres", Options{Host: "h"}, func(o Options) bool {
			return o.Driver == DriverPostgres && o.ApplicationName == DefaultApplicationName
		}},
		{"server pool", Options{Host: "h"}, func(o Options) bool {
			return o.Pool == DefaultPool(false) && o.ConnectTimeout == DefaultConnectTimeout
		}},
		{"explicit pool kept", Options{Host: "h", Pool: Pool{MaxIdle: 1, MaxOpen: 3}},
			func(o Options) bool { return o.Pool.MaxOpen == 3 }},
	}
	for _, tt := range tests {
		if got := tt.in.withDefaults(); !tt.want(got) {
			t.Errorf("%s: got %+v", tt.name, got.Redacted())
		}
	}
}

func TestDefaultPool(t *testing.T) {
	server, lambda := DefaultPool(false), DefaultPool(true)
	if server.MaxIdle != 5 || server.MaxOpen != 15 || server.MaxLifetime != time.Hour {
		t.Errorf("server pool = %+v, want 5 idle, 15 open, 1h", server)
	}

	if lambda.MaxOpen > 2 || lambda.MaxIdle != 1 {
		t.Errorf("lambda pool = %+v, want at most 2 open, 1 idle", lambda)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		in   Options
		want string
	}{
		{Options{}, "embedded SQLite file ./gamarriando.db"},
		{Options{SQLitePath: "/tmp/x.db"}, "embedded SQLite file /tmp/x.db"},
		{Options{Host: "db.internal", Name: "shop", User: "u", Password: canary,
			SSLMode: "require"}, `postgres database "shop", sslmode=require`},
		{Options{URL: "postgres://u:" + canary + "@w.example:6432/shop?sslmode=verify-full",
			ReaderHost: "r.example"},
			`postgres database "shop", sslmode=verify-full, with a reader endpoint`},
		{Options{URL: "host=w port=5433 dbname=shop user=u password=" + canary},
			`postgres database "shop"`},
		{Options{Host: "h", Name: "d", IAMAuth: true, SimpleProtocol: true},
			`postgres database "d", IAM authentication, simple protocol`},
		{Options{Host: "h", Name: "d", SecretARN: "arn:aws:secretsmanager:x"},
			`postgres database "d", credentials from Secrets Manager`},
		{Options{URL: "postgres://u:" + canary + "@[bad"},
			"postgres database (unparseable connection string)"},
	}
	for _, tt := range tests {
		if got := tt.in.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
}

// TestPrintingNeverShowsSecrets formats Options every way a caller might.
func TestPrintingNeverShowsSecrets(t *testing.T) {
	all := []Options{
		{Host: "h", User: "u", Password: canary},
		{URL: "postgres://u:" + canary + "@h/db"},
		{URL: "postgres://u@h/db?password=" + canary},
		{URL: "host=h user=u password=" + canary},
		{URL: "postgres://u:" + canary + "@[bad"},
		{ReaderURL: "postgres://u:" + canary + "@r/db"},
	}
	for _, o := range all {
		var logs bytes.Buffer
		slog.New(slog.NewTextHandler(&logs, nil)).Info("opts", "db", o)
		texts := []string{o.String(), o.Redacted().URL, o.Redacted().Password,
			fmt.Sprintf("%v|%+v|%#v|%s", o, o, o, o), logs.String()}
		for _, s := range texts {
			if strings.Contains(s, canary) {
				t.Errorf("secret printed: %s", s)
			}
		}
	}
}

func TestDSN(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want map[string]string // what pgx must parse out of it
	}{
		{"fields", Options{Host: "h", Port: 5433, Name: "d", User: "u", Password: "p w",
			SSLMode: "require"},
			map[string]string{"host": "h", "port": "5433", "db": "d", "user": "u",
				"password": "p w", "tls": "yes"}},
		{"missing root cert", Options{Host: "h", SSLMode: "verify-full",
			SSLRootCert: "/nonexistent/ca.pem"}, nil},
		{"url with ssl override", Options{URL: "postgres://u:p@h:5/d?sslmode=disable",
			SSLMode: "require"}, map[string]string{"host": "h", "port": "5", "tls": "yes"}},
		{"keyword form with override", Options{URL: "host=h dbname=d sslmode=disable",
			SSLMode: "require"}, map[string]string{"host": "h", "db": "d", "tls": "yes"}},
		{"no sslmode keeps pgx default", Options{Host: "h", Port: 5432, Name: "d"},
			map[string]string{"host": "h", "tls": "yes"}},
	}
	for _, tt := range tests {
		o := tt.in.withDefaults()
		cfg, err := o.pgxConfig()
		if tt.want == nil {
			if err == nil || !strings.Contains(err.Error(), "cannot read the sslrootcert") {
				t.Errorf("%s: error = %v, want a hint about the file", tt.name, err)
			}

			continue
		}

		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}

		got := map[string]string{"host": cfg.Host, "port": fmt.Sprint(cfg.Port),
			"db": cfg.Database, "user": cfg.User, "password": cfg.Password, "tls": "no"}
		if cfg.TLSConfig != nil {
			got["tls"] = "yes"
		}

		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.name, k, got[k], v)
			}
		}
	}
}

func TestPgxConfigSessionSettings(t *testing.T) {
	o := Options{Host: "h", StatementTimeout: 3 * time.Second,
		IdleInTransactionTimeout: time.Minute, ConnectTimeout: 2 * time.Second,
		ClientCheckInterval: time.Second, SimpleProtocol: true}.withDefaults()

	cfg, err := o.pgxConfig()
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]string{"application_name": DefaultApplicationName,
		"statement_timeout": "3000", "idle_in_transaction_session_timeout": "60000",
		"client_connection_check_interval": "1000"}
	for k, v := range want {
		if cfg.RuntimeParams[k] != v {
			t.Errorf("%s = %q, want %q", k, cfg.RuntimeParams[k], v)
		}
	}

	if cfg.ConnectTimeout != 2*time.Second {
		t.Errorf("connect timeout = %v", cfg.ConnectTimeout)
	}

	if cfg.DefaultQueryExecMode != pgx.QueryExecModeSimpleProtocol {
		t.Errorf("exec mode = %v, want simple protocol", cfg.DefaultQueryExecMode)
	}

	named := Options{URL: "postgres://h/d?application_name=other"}.withDefaults()
	cfg, err = named.pgxConfig()
	if err != nil || cfg.RuntimeParams["application_name"] != "other" {
		t.Errorf("application_name from the DSN not kept: %v", err)
	}
}

func TestPgxConfigErrorHidesDSN(t *testing.T) {
	o := Options{URL: "postgres://u:" + canary + "@h:notaport/d"}.withDefaults()

	_, err := o.pgxConfig()
	if err == nil {
		t.Fatal("a bad port parsed")
	}

	if strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), "postgres://") {
		t.Errorf("error quotes the DSN: %v", err)
	}
}

func TestReaderOptions(t *testing.T) {
	tests := []struct {
		in       Options
		wantHost string
		wantURL  string
	}{
		{Options{Host: "w", ReaderHost: "r"}, "r", ""},
		{Options{URL: "postgres://u@w:6/d", ReaderHost: "r"}, "", "postgres://u@r:6/d"},
		{Options{URL: "postgres://u@w/d", ReaderHost: "r"}, "", "postgres://u@r/d"},
		{Options{URL: "host=w dbname=d", ReaderHost: "r"}, "", "host=w dbname=d host=r"},
		{Options{URL: "postgres://w/d", ReaderURL: "postgres://r/d"}, "", "postgres://r/d"},
	}
	for _, tt := range tests {
		r := tt.in.readerOptions()
		if r.URL != tt.wantURL || (tt.wantHost != "" && r.Host != tt.wantHost) {
			t.Errorf("reader of %+v = host %q url %q", tt.in, r.Host, r.URL)
		}

		if r.ReaderHost != "" || r.ReaderURL != "" {
			t.Errorf("reader options still name a reader")
		}
	}

	cfg, err := Options{URL: "host=w dbname=d", ReaderHost: "r"}.readerOptions().pgxConfig()
	if err != nil || cfg.Host != "r" {
		t.Errorf("keyword DSN reader host = %v, %v; want r", cfg, err)
	}
}
