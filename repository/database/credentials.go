package database

import (
	"context"
	"encoding/json"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/rds/auth"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// credentialSource supplies the user name and password for each new connection, for
// the cases where they are not fixed in the configuration.
type credentialSource interface {
	// credentials returns what the next connection should log in with.
	credentials(ctx context.Context) (user, password string, err error)

	// refresh is called once after the server rejected password. It reports whether
	// fresh credentials are now available, so that one more attempt is worth making.
	refresh(ctx context.Context, password string) bool
}

// tokenLifetime is how long a cached IAM token is handed out. RDS accepts a token for
// 15 minutes, and only at login, so a token reused for 10 minutes is always valid when
// it is presented, while most new connections skip the signing.
const tokenLifetime = 10 * time.Minute

// iamTokens mints RDS IAM authentication tokens for one endpoint and user.
type iamTokens struct {
	user string
	now  func() time.Time
	mint func(ctx context.Context) (string, error)

	mu     sync.Mutex
	token  string
	minted time.Time
}

func newIAMTokens(host string, port int, user, region string, cfg aws.Config) *iamTokens {
	endpoint := net.JoinHostPort(host, strconv.Itoa(port))
	mint := func(ctx context.Context) (string, error) {
		return auth.BuildAuthToken(ctx, endpoint, region, user, cfg.Credentials)
	}

	return &iamTokens{user: user, now: time.Now, mint: mint}
}

func (t *iamTokens) credentials(ctx context.Context) (string, string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()

	if t.token != "" && t.now().Sub(t.minted) < tokenLifetime {
		return t.user, t.token, nil
	}

	token, err := t.mint(ctx)
	if err != nil {
		return "", "", safe("build IAM authentication token", err)
	}

	t.token, t.minted = token, t.now()

	return t.user, token, nil
}

// refresh drops the cached token, so the retry signs a new one (a clock jump or a
// credential change can make a cached token useless before its time).
func (t *iamTokens) refresh(_ context.Context, password string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()

	if t.token == password {
		t.token = ""
	}

	return true
}

// secretCredentials reads user name and password from a Secrets Manager secret in the
// JSON shape RDS uses ({"username": …, "password": …}). The secret is read once and
// cached; after a rotation the first rejected login reads it again.
type secretCredentials struct {
	fetch func(ctx context.Context) (user, password string, err error)
	now   func() time.Time

	mu       sync.Mutex
	user     string
	password string
	// unchanged is when a re-read found the same password the server had refused:
	// the secret is wrong rather than rotated, and reading it again at every
	// connection attempt would only hammer Secrets Manager.
	unchanged time.Time
}

// secretRetryPause spaces out re-reads of a secret that did not change.
const secretRetryPause = 5 * time.Second

func newSecretCredentials(arn string, cfg aws.Config) *secretCredentials {
	client := secretsmanager.NewFromConfig(cfg)
	fetch := func(ctx context.Context) (string, string, error) {
		out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
			SecretId: aws.String(arn),
		})
		if err != nil {
			return "", "", safe("read database secret", err)
		}

		return parseSecret(out.SecretString)
	}

	return &secretCredentials{fetch: fetch, now: time.Now}
}

// parseSecret keeps only the two fields the connection needs.
func parseSecret(s *string) (string, string, error) {
	if s == nil {
		return "", "", safe("read database secret: no SecretString", nil)
	}

	var v struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := json.Unmarshal([]byte(*s), &v); err != nil {
		return "", "", safe("read database secret: not a JSON object", nil)
	}

	if v.Username == "" || v.Password == "" {
		return "", "", safe("read database secret: username or password missing", nil)
	}

	return v.Username, v.Password, nil
}

func (s *secretCredentials) credentials(ctx context.Context) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if s.password != "" {
		return s.user, s.password, nil
	}

	return s.load(ctx)
}

func (s *secretCredentials) load(ctx context.Context) (string, string, error) {
	user, password, err := s.fetch(ctx)
	if err != nil {
		return "", "", err
	}

	s.user, s.password = user, password

	return user, password, nil
}

// refresh reads the secret again, unless another connection already did so since
// password was handed out. It reports whether the secret now holds another password.
func (s *secretCredentials) refresh(ctx context.Context, password string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	if s.password != password {
		return s.password != ""
	}

	if !s.unchanged.IsZero() && s.now().Sub(s.unchanged) < secretRetryPause {
		return false
	}

	_, fresh, err := s.load(ctx)
	if err != nil {
		return false
	}

	if fresh == password {
		s.unchanged = s.now()
		return false
	}

	s.unchanged = time.Time{}

	return true
}
