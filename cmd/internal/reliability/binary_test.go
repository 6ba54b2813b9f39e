//go:build reliability

package reliability

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The built binary of cmd/server, compiled once per run with the reliability tag (for
// the /_test routes), into a temporary directory.
var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
	binaryDir  string
)

func serverBinary(t *testing.T) string {
	t.Helper()

	binaryOnce.Do(func() {
		binaryDir, binaryErr = os.MkdirTemp("", "catalog-server-")
		if binaryErr != nil {
			return
		}

		binaryPath = filepath.Join(binaryDir, "server")
		cmd := exec.Command("go", "build", "-tags", "reliability", "-o", binaryPath,
			"github.com/gamarriando/product-service/cmd/server")
		out, err := cmd.CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build ./cmd/server: %w: %s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}

	return binaryPath
}

// process is one run of the binary; its stdout and stderr are kept whole for the
// leak scans, and the address it announced is parsed from its log.
type process struct {
	cmd    *exec.Cmd
	stdout *logBuffer
	stderr *logBuffer
	URL    string

	exited chan struct{}
	exitAt time.Time
	err    error
}

// runBinary starts the server with env (nothing inherited but PATH and HOME) and waits
// for its "listening" line.
func runBinary(t *testing.T, env map[string]string) *process {
	t.Helper()

	cmd := commandFor(t, env)
	p := &process{cmd: cmd, stdout: &logBuffer{}, stderr: &logBuffer{},
		exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	go func() {
		p.err = cmd.Wait()
		p.exitAt = time.Now()
		close(p.exited)
	}()
	t.Cleanup(func() { p.kill(t) })

	if !waitFor(15*time.Second, func() bool { return p.addr() != "" || p.done() }) {
		t.Fatalf("server did not announce its address: %s %s", p.stdout, p.stderr)
	}

	if p.done() {
		t.Fatalf("server exited at start: %v\n%s\n%s", p.err, p.stdout, p.stderr)
	}

	p.URL = "http://" + p.addr()

	return p
}

// commandFor is the binary with env and nothing inherited but PATH and HOME.
func commandFor(t *testing.T, env map[string]string) *exec.Cmd {
	cmd := exec.Command(serverBinary(t))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}

	return cmd
}

// addr reads the listening address from the JSON log: ":port" becomes 127.0.0.1:port.
func (p *process) addr() string {
	sc := bufio.NewScanner(strings.NewReader(p.stdout.String()))
	for sc.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Msg != "listening" {
			continue
		}

		i := strings.LastIndexByte(line.Addr, ':')
		if i < 0 {
			return ""
		}

		return "127.0.0.1" + line.Addr[i:]
	}

	return ""
}

func (p *process) done() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// signal sends sig to the process this test started, by its PID.
func (p *process) signal(t *testing.T, sig syscall.Signal) time.Time {
	t.Helper()

	at := time.Now()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}

	return at
}

// wait waits up to d for the exit and returns the exit code (-1 when still running).
func (p *process) wait(d time.Duration) int {
	select {
	case <-p.exited:
	case <-time.After(d):
		return -1
	}

	return p.cmd.ProcessState.ExitCode()
}

// kill ends the process if a failed test left it running (by its PID, SIGKILL).
func (p *process) kill(t *testing.T) {
	if p.done() {
		return
	}

	_ = p.cmd.Process.Kill()
	<-p.exited
	t.Logf("killed the server; stdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
}

// output is everything the process wrote.
func (p *process) output() string { return p.stdout.String() + p.stderr.String() }

// binaryEnv is the binary's environment for database db.
func binaryEnv(t *testing.T, db string) map[string]string {
	env := serverEnv(t, db)
	env["REQUEST_TIMEOUT"] = "10s"
	env["SHUTDOWN_DRAIN_DELAY"] = "1s"
	env["SHUTDOWN_TIMEOUT"] = "10s"

	return env
}

// rssKiB is the resident set size of this process, from /proc.
func rssKiB() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}

	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			var n int64
			fmt.Sscan(string(v), &n)

			return n
		}
	}

	return 0
}

func numGoroutine() int {
	runtime.GC()

	return runtime.NumGoroutine()
}
