package database

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// fakeClock is a settable time source.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// countingMint hands out tok-1, tok-2, … and counts the calls.
type countingMint struct{ calls int }

func (m *countingMint) mint(context.Context) (string, error) {
	m.calls++
	return "tok-" + string(rune('0'+m.calls)), nil
}

func TestIAMTokensCachedUntilLifetime(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := &countingMint{}
	tokens := &iamTokens{user: "app", now: clock.now, mint: m.mint}
	ctx := context.Background()

	steps := []struct {
		advance   time.Duration
		wantToken string
	}{
		{0, "tok-1"},
		{time.Minute, "tok-1"},
		{tokenLifetime - time.Minute - time.Second, "tok-1"},
		{time.Second, "tok-2"}, // the cached token reached its lifetime
		{5 * time.Minute, "tok-2"},
	}
	for i, s := range steps {
		clock.advance(s.advance)
		user, token, err := tokens.credentials(ctx)
		if err != nil || user != "app" || token != s.wantToken {
			t.Fatalf("step %d: credentials = %q, %q, %v; want app, %s", i, user, token, err,
				s.wantToken)
		}
	}

	if tokenLifetime >= 15*time.Minute {
		t.Errorf("tokens are cached for %v, as long as RDS accepts them", tokenLifetime)
	}

	// A rejected token is dropped, so the retry signs a fresh one.
	if !tokens.refresh(ctx, "tok-2") {
		t.Fatal("refresh after a rejected token said no retry")
	}

	if _, token, _ := tokens.credentials(ctx); token != "tok-3" {
		t.Fatalf("after refresh got %q, want tok-3", token)
	}
}

// TestIAMTokenSignedForEndpoint parses a real token (a presigned URL) and checks what
// RDS will verify: endpoint, user, action, region, service and lifetime.
func TestIAMTokenSignedForEndpoint(t *testing.T) {
	cfg := aws.Config{Region: "sa-east-1", Credentials: credentials.NewStaticCredentialsProvider(
		"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")}
	tokens := newIAMTokens("catalog.cluster-x.sa-east-1.rds.amazonaws.com", 5432,
		"app_user", "sa-east-1", cfg)

	_, token, err := tokens.credentials(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	u, err := url.Parse("https://" + token)
	if err != nil {
		t.Fatalf("token is not a URL: %v", err)
	}

	q := u.Query()
	checks := map[string][2]string{
		"host":      {u.Hostname(), "catalog.cluster-x.sa-east-1.rds.amazonaws.com"},
		"port":      {u.Port(), "5432"},
		"Action":    {q.Get("Action"), "connect"},
		"DBUser":    {q.Get("DBUser"), "app_user"},
		"Expires":   {q.Get("X-Amz-Expires"), "900"},
		"Algorithm": {q.Get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}

	// AKID/date/region/service/aws4_request
	scope := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(scope) != 5 || scope[0] != "AKIDEXAMPLE" || scope[2] != "sa-east-1" ||
		scope[3] != "rds-db" {
		t.Errorf("credential scope = %v, want AKIDEXAMPLE/…/sa-east-1/rds-db/aws4_request",
			scope)
	}

	if q.Get("X-Amz-Signature") == "" {
		t.Error("token carries no signature")
	}
}

func TestParseSecret(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		in       *string
		wantUser string
		wantErr  bool
	}{
		{str(`{"username":"app","password":"` + canary + `","engine":"postgres"}`), "app",
			false},
		{str(`{"username":"app"}`), "", true},
		{str(`not json ` + canary), "", true},
		{nil, "", true},
	}
	for _, tt := range tests {
		user, _, err := parseSecret(tt.in)
		if (err != nil) != tt.wantErr || user != tt.wantUser {
			t.Errorf("parseSecret = %q, %v; want %q, error %t", user, err, tt.wantUser,
				tt.wantErr)
		}

		if err != nil && strings.Contains(err.Error(), canary) {
			t.Errorf("error quotes the secret: %v", err)
		}
	}
}

// fakeSecret serves passwords from a list, counting reads.
type fakeSecret struct {
	password string
	reads    int
	fail     error
}

func (f *fakeSecret) fetch(context.Context) (string, string, error) {
	f.reads++
	if f.fail != nil {
		return "", "", f.fail
	}

	return "app", f.password, nil
}

func TestSecretRefresh(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	src := &fakeSecret{password: "p1"}
	s := &secretCredentials{fetch: src.fetch, now: clock.now}
	ctx := context.Background()

	if _, p, _ := s.credentials(ctx); p != "p1" || src.reads != 1 {
		t.Fatalf("first read: %q after %d reads", p, src.reads)
	}

	if _, p, _ := s.credentials(ctx); p != "p1" || src.reads != 1 {
		t.Fatalf("cached read: %q after %d reads, want no new read", p, src.reads)
	}

	// Rotation: the refused p1 makes one read, which finds p2.
	src.password = "p2"
	if !s.refresh(ctx, "p1") || src.reads != 2 {
		t.Fatalf("refresh after rotation: reads %d, want a retry after 2", src.reads)
	}

	// Another connection refused with p1 at the same time: no read, retry with p2.
	if !s.refresh(ctx, "p1") || src.reads != 2 {
		t.Fatalf("late refresh: reads %d, want 2 and a retry", src.reads)
	}

	// p2 refused and the secret still says p2: no retry, and no read again soon.
	if s.refresh(ctx, "p2") || src.reads != 3 {
		t.Fatalf("unchanged secret: reads %d, want 3 and no retry", src.reads)
	}

	if s.refresh(ctx, "p2") || src.reads != 3 {
		t.Fatalf("within the pause: reads %d, want still 3", src.reads)
	}

	clock.advance(secretRetryPause)
	src.password = "p3"
	if !s.refresh(ctx, "p2") || src.reads != 4 {
		t.Fatalf("after the pause: reads %d, want 4 and a retry", src.reads)
	}

	src.fail = errors.New("throttled")
	if s.refresh(ctx, "p3") {
		t.Fatal("a failed read asked for a retry")
	}
}
