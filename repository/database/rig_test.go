package database

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/gamarriando/product-service/repository/dbtest/cluster"
)

// The rig is a throwaway PostgreSQL cluster (package cluster) started once for the
// package's tests that need what the shared test server lacks: TLS with a certificate
// made by the test, and password (scram-sha-256) authentication, so that a wrong
// password, token or secret really fails. Its pg_hba.conf rejects non-TLS TCP
// connections. Without the server binaries the tests skip (fail under CI=true);
// -short skips them.
type rig struct {
	*cluster.Cluster
	impostor string
}

var (
	rigOnce  sync.Once
	theRig   *rig
	errNoRig error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if theRig != nil {
		theRig.Close()
	}

	os.Exit(code)
}

// needRig starts the rig on first use.
func needRig(t *testing.T) *rig {
	t.Helper()

	if testing.Short() {
		t.Skip("skipping the TLS/auth PostgreSQL rig in -short mode")
	}

	rigOnce.Do(func() {
		c, err := cluster.New(cluster.Options{MaxConnections: 30})
		if err != nil {
			errNoRig = err

			return
		}

		theRig = &rig{Cluster: c, impostor: c.ImpostorCAFile}
	})
	if errNoRig != nil {
		cluster.Unavailable(t, errNoRig)
	}

	return theRig
}

// admin runs statements as the superuser over the rig's Unix socket.
func (r *rig) admin(t *testing.T, stmts ...string) {
	t.Helper()

	r.MustExec(t, "postgres", stmts...)
}

// role (re)creates a login role with a password.
func (r *rig) role(t *testing.T, name, password string) {
	t.Helper()

	r.admin(t, "DROP ROLE IF EXISTS "+name,
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", name, password))
}

// options are TLS-verified connection options for a role of the rig.
func (r *rig) options(user, password string) Options {
	return Options{Host: "localhost", Port: r.Port, Name: "postgres", User: user,
		Password: password, SSLMode: "verify-full", SSLRootCert: r.CAFile,
		ConnectTimeout: 5 * time.Second}
}
