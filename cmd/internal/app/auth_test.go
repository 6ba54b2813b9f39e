package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/cmd/internal/config"
)

// TestAuthenticator: each configured source gets its authenticator, running without
// authentication says so loudly, and a configuration that names no usable source fails
// instead of serving open.
func TestAuthenticator(t *testing.T) {
	tests := []struct {
		name string
		cfg  config.Auth
		want string // the authenticator's type, "" for an error
		warn bool
	}{
		{"gateway", config.Auth{Source: config.AuthGateway}, "auth.Gateway", false},
		{"none", config.Auth{Source: config.AuthNone}, "auth.Development", true},
		{"hs256", config.Auth{Source: config.AuthJWT, HS256Secret: "s"}, "*auth.JWT", false},
		{"jwt without a key source", config.Auth{Source: config.AuthJWT}, "", false},
		{"zero value", config.Auth{}, "", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))

			a, err := authenticator(context.Background(), tt.cfg, log)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %T, want an error", a)
				}

				return
			}

			if err != nil {
				t.Fatal(err)
			}

			if got := fmt.Sprintf("%T", a); got != tt.want {
				t.Fatalf("authenticator %s, want %s", got, tt.want)
			}

			warned := strings.Contains(logs.String(), "level=WARN") &&
				strings.Contains(logs.String(), "AUTHENTICATION IS OFF")
			if warned != tt.warn {
				t.Fatalf("warned=%v, want %v: %s", warned, tt.warn, logs.String())
			}
		})
	}
}
