//go:build reliability

package reliability

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gamarriando/product-service/migrations"
	"github.com/gamarriando/product-service/repository/dbtest/cluster"
)

// The roles of RELIABILITY §0: the owner runs migrations, the service logs in as a
// DML-only user whose password is the ERR-2 canary, so any leak of the DSN shows.
const (
	ownerRole     = "catalog_owner"
	ownerPassword = "owner-pw-7731"
	appRole       = "app_user"
	appPassword   = "canary-Secr3t-4242"
	// appName is the application_name of the service's sessions, how the tests find
	// them in pg_stat_activity.
	appName = "catalog"
	// templateDB holds the migrated schema; each test gets a copy of it.
	templateDB = "catalog_tmpl"
	// roleStatementTimeout is app_user's statement_timeout (set on the role).
	roleStatementTimeout = 3 * time.Second
)

var (
	rig    *cluster.Cluster
	errRig error
)

func TestMain(m *testing.M) {
	flag.Parse()

	if !testing.Short() {
		rig, errRig = startRig()
	}

	code := m.Run()
	for db := range superPools.m {
		closeSuperDB(db)
	}

	if rig != nil {
		rig.Close()
	}

	if binaryDir != "" {
		_ = os.RemoveAll(binaryDir)
	}

	os.Exit(code)
}

// needRig is the shared cluster, or a skip (a failure under CI=true) without one.
func needRig(t testing.TB) *cluster.Cluster {
	t.Helper()

	if testing.Short() {
		t.Skip("reliability suite skipped in -short mode")
	}

	if errRig != nil {
		cluster.Unavailable(t, errRig)
	}

	return rig
}

func startRig() (*cluster.Cluster, error) {
	c, err := cluster.New(cluster.Options{MaxConnections: 40})
	if err != nil {
		return nil, err
	}

	if err := setupCatalog(c); err != nil {
		c.Close()

		return nil, err
	}

	return c, nil
}

// setupCatalog makes the roles and the template database, migrated by its owner, with
// the DML grants the service needs and nothing more.
func setupCatalog(c *cluster.Cluster) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	err := c.Exec(ctx, "postgres",
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", ownerRole, ownerPassword),
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", appRole, appPassword),
		fmt.Sprintf("ALTER ROLE %s SET statement_timeout = '%dms'", appRole,
			roleStatementTimeout.Milliseconds()),
		fmt.Sprintf("CREATE DATABASE %s OWNER %s", templateDB, ownerRole))
	if err != nil {
		return err
	}

	if err := migrate(ctx, c, templateDB); err != nil {
		return fmt.Errorf("migrate the template: %w", err)
	}

	return c.Exec(ctx, templateDB,
		"REVOKE ALL ON DATABASE "+templateDB+" FROM PUBLIC",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"GRANT USAGE ON SCHEMA public TO "+appRole,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "+appRole,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "+appRole)
}

func migrate(ctx context.Context, c *cluster.Cluster, db string) error {
	cfg, err := pgx.ParseConfig(roleDSN(c, ownerRole, ownerPassword, db))
	if err != nil {
		return err
	}

	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()

	return migrations.Up(ctx, sqlDB)
}

// roleDSN is a TLS-verified URL for a role of the rig.
func roleDSN(c *cluster.Cluster, user, password, db string) string {
	q := url.Values{}
	q.Set("sslmode", "verify-full")
	q.Set("sslrootcert", c.CAFile)
	q.Set("application_name", appName)
	q.Set("connect_timeout", "2")

	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, password),
		Host: "localhost:" + strconv.Itoa(c.Port), Path: "/" + db, RawQuery: q.Encode()}

	return u.String()
}

// freshDB copies the template into a database of the test's own, dropped at the end.
func freshDB(t testing.TB) string {
	t.Helper()

	c := needRig(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)

	c.MustExec(t, "postgres", fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s OWNER %s",
		name, templateDB, ownerRole))
	c.MustExec(t, name, "GRANT CONNECT ON DATABASE "+name+" TO "+appRole)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()

		// A test may leave the cluster stopped or frozen; the next needs it running.
		ensureRunning(t, c)
		closeSuperDB(name)
		if err := c.Exec(ctx, "postgres", "DROP DATABASE IF EXISTS "+name+
			" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})

	return name
}

// ensureRunning thaws and starts the cluster if a fault test left it down.
func ensureRunning(t testing.TB, c *cluster.Cluster) {
	t.Helper()

	if err := c.Thaw(); err != nil {
		t.Errorf("thaw: %v", err)
	}

	if _, err := c.PID(); err != nil {
		if err := c.Start(); err != nil {
			t.Fatalf("restart the cluster: %v", err)
		}
	}
}

// superPools caches one superuser pool per database for the tests' own checks.
var superPools = struct {
	sync.Mutex
	m map[string]*sql.DB
}{m: map[string]*sql.DB{}}

// superDB is a superuser pool on database db, for the tests' own checks and for
// holding locks; it never goes through the service.
func superDB(t testing.TB, db string) *sql.DB {
	t.Helper()

	superPools.Lock()
	defer superPools.Unlock()

	if p, ok := superPools.m[db]; ok {
		return p
	}

	cfg, err := pgx.ParseConfig(needRig(t).AdminDSN(db))
	if err != nil {
		t.Fatal(err)
	}

	cfg.RuntimeParams["application_name"] = "reliability-test"
	p := stdlib.OpenDB(*cfg)
	p.SetMaxIdleConns(4)
	superPools.m[db] = p

	return p
}

// closeSuperDB closes the cached pool of db, if any.
func closeSuperDB(db string) {
	superPools.Lock()
	defer superPools.Unlock()

	if p, ok := superPools.m[db]; ok {
		_ = p.Close()
		delete(superPools.m, db)
	}
}
