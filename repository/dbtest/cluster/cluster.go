// Package cluster runs a throwaway PostgreSQL cluster for tests that need what a shared
// server cannot give: TLS with a certificate made by the test, password logins that
// really fail, and faults (stop, restart, freeze) that would disturb anyone else. The
// cluster listens on a free loopback port, lives in a temporary directory outside the
// repository, and every fault is applied to the processes this package started,
// found by PID, never by name.
//
// It needs the PostgreSQL server binaries (PG_BIN, default /usr/lib/postgresql/15/bin)
// and, when the tests run as root, the postgres OS user, because initdb refuses root.
// It imports no package of the service, so any test, the repository's own included,
// may use it.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPGBin is where Debian and Ubuntu install the PostgreSQL 15 server binaries.
const DefaultPGBin = "/usr/lib/postgresql/15/bin"

// Superuser is the cluster's bootstrap superuser. It logs in over the Unix socket
// without a password; TCP logins always need one.
const Superuser = "postgres"

// Options shape the cluster. The zero value is a cluster with 40 connections.
type Options struct {
	// MaxConnections is max_connections; zero means 40.
	MaxConnections int
	// Settings are extra postgresql.conf lines, such as "deadlock_timeout = '1s'".
	Settings []string
}

// Cluster is one running (or stopped, or frozen) PostgreSQL cluster.
type Cluster struct {
	// Dir holds everything: the data directory, the log, the Unix socket and the
	// certificates. It is removed by Close.
	Dir string
	// DataDir is the cluster's data directory.
	DataDir string
	// Port is the loopback TCP port; the Unix socket in Dir uses it too.
	Port int
	// CAFile is the CA that signed the server certificate (for DNS:localhost only);
	// ImpostorCAFile is an unrelated CA, for tests that a wrong trust anchor fails.
	CAFile         string
	ImpostorCAFile string
	// LogFile is the server's log (pg_ctl -l).
	LogFile string

	pgUser *user.User

	mu     sync.Mutex
	frozen []int
}

// PGBin is the path of one PostgreSQL server binary.
func PGBin(name string) string {
	dir := os.Getenv("PG_BIN")
	if dir == "" {
		dir = DefaultPGBin
	}

	return filepath.Join(dir, name)
}

// Start gives the test a running cluster, closed when the test ends. Without the
// server binaries (or the postgres user when running as root) the test is skipped,
// except under CI=true, where it fails: CI must never pass by skipping.
func Start(t testing.TB, o Options) *Cluster {
	t.Helper()

	c, err := New(o)
	if err != nil {
		Unavailable(t, err)
	}

	t.Cleanup(c.Close)

	return c
}

// Unavailable skips (or, under CI=true, fails) a test that needed a cluster New could
// not start.
func Unavailable(t testing.TB, err error) {
	t.Helper()

	if os.Getenv("CI") == "true" {
		t.Fatalf("throwaway PostgreSQL cluster unavailable under CI: %v", err)
	}

	t.Skipf("skipping: throwaway PostgreSQL cluster unavailable: %v", err)
}

// New initialises and starts a cluster. The caller must Close it; a package that
// shares one cluster among its tests does so in TestMain.
func New(o Options) (*Cluster, error) {
	if _, err := os.Stat(PGBin("initdb")); err != nil {
		return nil, fmt.Errorf("no initdb (set PG_BIN): %w", err)
	}

	dir, err := os.MkdirTemp("", "pgcluster-")
	if err != nil {
		return nil, err
	}

	c := &Cluster{
		Dir:     dir,
		DataDir: filepath.Join(dir, "pgdata"),
		LogFile: filepath.Join(dir, "pg.log"),
	}
	if err := c.setup(o); err != nil {
		c.Close()

		return nil, err
	}

	return c, nil
}

func (c *Cluster) setup(o Options) error {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the postgres OS user: %w", err)
		}

		c.pgUser = u
	}

	port, err := freePort()
	if err != nil {
		return err
	}

	c.Port = port
	if err := c.chown(c.Dir); err != nil {
		return err
	}

	err = c.run(PGBin("initdb"), "-D", c.DataDir, "-U", Superuser, "--auth-local=trust",
		"--auth-host=scram-sha-256", "--no-sync")
	if err != nil {
		return err
	}

	if err := c.writeCerts(); err != nil {
		return err
	}

	if err := c.configure(o); err != nil {
		return err
	}

	return c.Start()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()

	return ln.Addr().(*net.TCPAddr).Port, nil
}

// configure writes the settings: loopback only, TLS on, scram-sha-256 for every TCP
// login and plain TCP refused, durability off (a test cluster loses nothing of value).
func (c *Cluster) configure(o Options) error {
	maxConns := o.MaxConnections
	if maxConns == 0 {
		maxConns = 40
	}

	conf := fmt.Sprintf(`
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
max_connections = %d
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
password_encryption = 'scram-sha-256'
log_line_prefix = '%%m [%%p] %%a '
`, c.Port, c.Dir, maxConns)
	conf += strings.Join(o.Settings, "\n") + "\n"

	f, err := os.OpenFile(filepath.Join(c.DataDir, "postgresql.conf"),
		os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}

	if _, err := f.WriteString(conf); err != nil {
		f.Close()

		return err
	}

	if err := f.Close(); err != nil {
		return err
	}

	hba := "local all " + Superuser + " trust\n" +
		"hostssl all all 127.0.0.1/32 scram-sha-256\n" +
		"hostnossl all all 127.0.0.1/32 reject\n"

	return os.WriteFile(filepath.Join(c.DataDir, "pg_hba.conf"), []byte(hba), 0o600)
}

// run executes a server binary as the postgres user when the tests run as root.
func (c *Cluster) run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if c.pgUser != nil {
		uid, _ := strconv.Atoi(c.pgUser.Uid)
		gid, _ := strconv.Atoi(c.pgUser.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)},
		}
	}

	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(name), err, out)
	}

	return nil
}

func (c *Cluster) chown(path string) error {
	if c.pgUser == nil {
		return nil
	}

	uid, _ := strconv.Atoi(c.pgUser.Uid)
	gid, _ := strconv.Atoi(c.pgUser.Gid)

	return os.Chown(path, uid, gid)
}

// Start starts a stopped cluster and returns once it accepts connections.
func (c *Cluster) Start() error {
	return c.run(PGBin("pg_ctl"), "-D", c.DataDir, "-l", c.LogFile, "-w", "-t", "30",
		"start")
}

// Stop shuts the cluster down in fast mode: sessions are terminated, no new ones are
// accepted, and connections to the port are refused once it returns.
func (c *Cluster) Stop() error {
	return c.run(PGBin("pg_ctl"), "-D", c.DataDir, "-m", "fast", "-w", "-t", "30", "stop")
}

// Restart is Stop then Start in one pg_ctl call.
func (c *Cluster) Restart() error {
	return c.run(PGBin("pg_ctl"), "-D", c.DataDir, "-l", c.LogFile, "-m", "fast", "-w",
		"-t", "30", "restart")
}

// PID is the postmaster's process id, from the first line of postmaster.pid.
func (c *Cluster) PID() (int, error) {
	data, err := os.ReadFile(filepath.Join(c.DataDir, "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("cluster not running: %w", err)
	}

	first, _, _ := strings.Cut(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("postmaster.pid: bad pid %q", first)
	}

	return pid, nil
}

// Freeze stops the postmaster and its children with SIGSTOP, a database that hangs:
// TCP connects still complete (the kernel queues them), but nothing answers. It
// returns the PIDs it stopped; Thaw continues exactly those.
func (c *Cluster) Freeze() ([]int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.frozen != nil {
		return nil, errors.New("cluster already frozen")
	}

	pid, err := c.PID()
	if err != nil {
		return nil, err
	}

	// The postmaster first, so it forks no child we would miss.
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		return nil, fmt.Errorf("stop postmaster %d: %w", pid, err)
	}

	pids := append([]int{pid}, childrenOf(pid)...)
	for _, child := range pids[1:] {
		_ = syscall.Kill(child, syscall.SIGSTOP) // a child may have just exited
	}

	c.frozen = pids

	return pids, nil
}

// Thaw continues the processes Freeze stopped, children first.
func (c *Cluster) Thaw() error {
	c.mu.Lock()
	defer c.mu.Unlock()

	var errs []error
	for i := len(c.frozen) - 1; i >= 0; i-- {
		err := syscall.Kill(c.frozen[i], syscall.SIGCONT)
		if err != nil && !errors.Is(err, syscall.ESRCH) {
			errs = append(errs, fmt.Errorf("continue %d: %w", c.frozen[i], err))
		}
	}

	c.frozen = nil

	return errors.Join(errs...)
}

// childrenOf lists the processes whose parent is pid, read from /proc.
func childrenOf(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}

	var out []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}

		if parentOf(child) == pid {
			out = append(out, child)
		}
	}

	return out
}

// parentOf reads the ppid field of /proc/<pid>/stat; the command name before it may
// hold spaces and parentheses, so fields are counted after its last ')'.
func parentOf(pid int) int {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0
	}

	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0
	}

	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 2 {
		return 0
	}

	ppid, _ := strconv.Atoi(fields[1])

	return ppid
}

// Close thaws the cluster if frozen, stops it and removes its directory. It only ever
// signals the postmaster this cluster started.
func (c *Cluster) Close() {
	if c.frozen != nil {
		_ = c.Thaw()
	}

	if _, err := os.Stat(filepath.Join(c.DataDir, "postmaster.pid")); err == nil {
		if err := c.Stop(); err != nil {
			c.kill()
		}
	}

	_ = os.RemoveAll(c.Dir)
}

// kill ends a postmaster that would not stop, by its PID, in immediate mode.
func (c *Cluster) kill() {
	if err := c.run(PGBin("pg_ctl"), "-D", c.DataDir, "-m", "immediate", "-w",
		"stop"); err == nil {
		return
	}

	if pid, err := c.PID(); err == nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// AdminDSN is the superuser's connection string to database db over the Unix socket,
// which needs no password.
func (c *Cluster) AdminDSN(db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable "+
		"connect_timeout=5", c.Dir, c.Port, Superuser, db)
}

// Exec runs statements as the superuser in database db, in order, each on its own.
func (c *Cluster) Exec(ctx context.Context, db string, stmts ...string) error {
	conn, err := pgx.Connect(ctx, c.AdminDSN(db))
	if err != nil {
		return fmt.Errorf("cluster admin connect: %w", err)
	}
	defer conn.Close(context.Background())

	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("cluster admin: %w", err)
		}
	}

	return nil
}

// MustExec is Exec for tests: a failure ends the test.
func (c *Cluster) MustExec(t testing.TB, db string, stmts ...string) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	if err := c.Exec(ctx, db, stmts...); err != nil {
		t.Fatal(err)
	}
}

// TerminateBackends ends every session of database db whose application_name is app,
// the "kill backends" fault, and reports how many it ended.
func (c *Cluster) TerminateBackends(ctx context.Context, db, app string) (int, error) {
	conn, err := pgx.Connect(ctx, c.AdminDSN("postgres"))
	if err != nil {
		return 0, fmt.Errorf("cluster admin connect: %w", err)
	}
	defer conn.Close(context.Background())

	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid)
		FROM pg_stat_activity WHERE datname = $1 AND application_name = $2) t`,
		db, app).Scan(&n)

	return n, err
}
