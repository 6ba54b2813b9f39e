package database

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// TestIAMTokenForEachNewConnection uses the rig's password check as a stand-in for
// RDS's token check: the role's password is set to the token the test expects, so a
// connection logs in only with that token.
func TestIAMTokenForEachNewConnection(t *testing.T) {
	r := needRig(t)
	r.role(t, "iam_user", "tok-1")

	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := &countingMint{}
	tokens := &iamTokens{user: "iam_user", now: clock.now, mint: m.mint}

	o := r.options("iam_user", "")
	o.Pool = Pool{MaxIdle: 0, MaxOpen: 2} // no idle connections: every query connects
	db, err := openPool(context.Background(), o.withDefaults(), tokens)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	for i := range 3 {
		if err := db.PingContext(ctx); err != nil {
			t.Fatalf("connection %d with the cached token: %v", i, err)
		}
	}

	if m.calls != 1 {
		t.Fatalf("%d tokens minted for three connections within the lifetime, want 1",
			m.calls)
	}

	held, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	// The cached token expires; RDS would now accept only a new one.
	clock.advance(tokenLifetime)
	r.admin(t, "ALTER ROLE iam_user PASSWORD 'tok-2'")

	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("new connection after expiry: %v", err)
	}

	if m.calls != 2 {
		t.Fatalf("%d tokens minted, want a second one after expiry", m.calls)
	}

	if err := held.PingContext(ctx); err != nil {
		t.Errorf("a session opened with the old token died: %v", err)
	}
}

// TestIAMTokenNeverInErrors logs in with a real token, which the rig refuses, and
// checks that neither the token nor its parts reach the error.
func TestIAMTokenNeverInErrors(t *testing.T) {
	r := needRig(t)
	r.role(t, "iam_user", "not-a-token")

	o := r.options("iam_user", "")
	o.IAMAuth = true
	o.AWS = &aws.Config{Region: "us-east-1", Credentials: credentials.
		NewStaticCredentialsProvider("AKIDCANARY4242", "secret-"+canary, "")}

	db := mustOpen(t, o, nil)
	err := Ping(context.Background(), db)
	if err == nil || !strings.Contains(err.Error(), "28P01") {
		t.Fatalf("ping with a token the server refuses: %v, want 28P01", err)
	}

	for _, leak := range []string{"AKIDCANARY4242", canary, "X-Amz", "DBUser", "iam_user"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error contains %q: %v", leak, err)
		}
	}
}

// secretsManager is a local stand-in for the Secrets Manager endpoint: it answers
// GetSecretValue (AWS JSON 1.1) with whatever password is current.
type secretsManager struct {
	t   *testing.T
	arn string

	mu       sync.Mutex
	user     string
	password string
	reads    int
}

func newSecretsManager(t *testing.T, arn, user, password string) (*secretsManager, string) {
	sm := &secretsManager{t: t, arn: arn, user: user, password: password}
	srv := httptest.NewServer(sm)
	t.Cleanup(srv.Close)

	return sm, srv.URL
}

func (sm *secretsManager) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var in struct{ SecretId string }
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}

	target := req.Header.Get("X-Amz-Target")
	if target != "secretsmanager.GetSecretValue" || !strings.HasPrefix(
		req.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		sm.t.Errorf("unexpected request: target %q", target)
	}

	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if in.SecretId != sm.arn {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"ResourceNotFoundException",` +
			`"message":"Secrets Manager can't find the specified secret."}`))

		return
	}

	sm.mu.Lock()
	sm.reads++
	secret, _ := json.Marshal(map[string]string{"username": sm.user,
		"password": sm.password, "engine": "postgres"})
	sm.mu.Unlock()

	_ = json.NewEncoder(w).Encode(map[string]any{"ARN": sm.arn, "Name": "catalog-db",
		"SecretString": string(secret), "VersionId": "v1"})
}

func (sm *secretsManager) rotate(password string) {
	sm.mu.Lock()
	defer sm.mu.Unlock()

	sm.password = password
}

func (sm *secretsManager) readCount() int {
	sm.mu.Lock()
	defer sm.mu.Unlock()

	return sm.reads
}

const secretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:catalog-db-AbCdEf"

func awsFor(endpoint string) *aws.Config {
	return &aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}
}

func TestSecretRotation(t *testing.T) {
	r := needRig(t)
	first, second, third := "p1-"+canary, "p2-"+canary, "p3-"+canary
	r.role(t, "sec_user", first)
	sm, endpoint := newSecretsManager(t, secretARN, "sec_user", first)

	o := r.options("", "")
	o.SecretARN, o.AWS = secretARN, awsFor(endpoint)
	o.Pool = Pool{MaxIdle: 0, MaxOpen: 3} // every query opens a new connection
	db := mustOpen(t, o, nil)
	ctx := context.Background()

	if got := sm.readCount(); got != 1 {
		t.Fatalf("secret read %d times at start, want 1", got)
	}

	for range 3 {
		if err := Ping(ctx, db); err != nil {
			t.Fatalf("ping: %v", err)
		}
	}

	sqlDB, _ := db.DB()
	held, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	// Rotation: the database and the secret change; the cached password is now wrong.
	r.admin(t, "ALTER ROLE sec_user PASSWORD '"+second+"'")
	sm.rotate(second)

	if err := Ping(ctx, db); err != nil {
		t.Fatalf("first connection after rotation: %v", err)
	}

	if err := Ping(ctx, db); err != nil {
		t.Fatalf("second connection after rotation: %v", err)
	}

	if got := sm.readCount(); got != 2 {
		t.Fatalf("secret read %d times, want exactly one re-read after rotation", got)
	}

	if err := held.PingContext(ctx); err != nil {
		t.Errorf("a session opened before rotation died: %v", err)
	}

	// The database moves on but the secret does not: a clear failure, one re-read.
	r.admin(t, "ALTER ROLE sec_user PASSWORD '"+third+"'")
	for range 3 {
		err = Ping(ctx, db)
		if err == nil || !strings.Contains(err.Error(), "authentication failed") {
			t.Fatalf("ping with a stale secret: %v, want authentication failed", err)
		}
	}

	if got := sm.readCount(); got != 3 {
		t.Errorf("secret read %d times, want 3: one re-read, then a pause", got)
	}

	for _, leak := range []string{canary, "sec_user", secretARN} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error contains %q: %v", leak, err)
		}
	}
}

func TestSecretMissing(t *testing.T) {
	_, endpoint := newSecretsManager(t, secretARN, "u", canary)

	o := Options{Host: "127.0.0.1", Name: "d", SecretARN: secretARN + "-other",
		AWS: awsFor(endpoint)}
	_, err := Open(context.Background(), o, nil)
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") {
		t.Fatalf("open with a missing secret: %v, want ResourceNotFoundException", err)
	}

	if strings.Contains(err.Error(), "arn:") || strings.Contains(err.Error(), endpoint) {
		t.Errorf("error names the secret or endpoint: %v", err)
	}
}
