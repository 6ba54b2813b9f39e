package database

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTLS is the TLS matrix against the rig's certificate, issued for localhost by a
// CA made in the test.
func TestTLS(t *testing.T) {
	r := needRig(t)
	r.role(t, "tls_user", canary)

	tests := []struct {
		name    string
		edit    func(*Options)
		wantErr string // empty: must connect over TLS
	}{
		{"verify-full with the right CA", func(*Options) {}, ""},
		{"verify-full by IP address (not in the certificate)",
			func(o *Options) { o.Host = "127.0.0.1" }, "TLS"},
		{"verify-full with an impostor CA", func(o *Options) { o.SSLRootCert = r.impostor },
			"TLS"},
		{"verify-ca ignores the name", func(o *Options) {
			o.Host, o.SSLMode = "127.0.0.1", "verify-ca"
		}, ""},
		{"require encrypts without verifying", func(o *Options) {
			o.SSLMode, o.SSLRootCert = "require", ""
		}, ""},
		{"disable is refused by pg_hba", func(o *Options) {
			o.SSLMode, o.SSLRootCert = "disable", ""
		}, "authentication failed (SQLSTATE 28000)"},
		{"wrong password", func(o *Options) { o.Password = "not-" + canary },
			"authentication failed (SQLSTATE 28P01)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := r.options("tls_user", canary)
			tt.edit(&o)
			checkTLSCase(t, o, tt.wantErr)
		})
	}
}

func checkTLSCase(t *testing.T, o Options, wantErr string) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	db := mustOpen(t, o, nil)
	err := Ping(ctx, db)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("error = %v, want one saying %q", err, wantErr)
		}

		for _, leak := range []string{canary, "tls_user", "localhost", "127.0.0.1"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("error names %q: %v", leak, err)
			}
		}

		return
	}

	if err != nil {
		t.Fatalf("connect: %v", err)
	}

	var ssl bool
	var version string
	err = db.WithContext(ctx).Raw("SELECT ssl, version FROM pg_stat_ssl "+
		"WHERE pid = pg_backend_pid()").Row().Scan(&ssl, &version)
	if err != nil || !ssl || !strings.HasPrefix(version, "TLSv1.") {
		t.Errorf("pg_stat_ssl = %t %q, %v; want TLS", ssl, version, err)
	}
}
