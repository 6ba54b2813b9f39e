//go:build lambdaruntime

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The runtime tests run the built bootstrap the way Lambda runs it: as a separate
// process that talks the Runtime API, here served by the AWS Lambda Runtime Interface
// Emulator. The emulator is built from the module proxy into a temporary directory
// (LAMBDA_RIE may name a prebuilt one); where it cannot be built, a small double of
// the Runtime API in this file takes its place and the test says so in its log
// (LAMBDA_RIE=double asks for the double, to check it still works).

// rieModule is the emulator, pinned.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@" +
	"v0.0.0-20261030222936-bef5c4ba774d"

// lambdaTags are the build tags of `make lambda`: no RPC mode in aws-lambda-go (the
// provided.al2023 runtime speaks the Runtime API), and no MessagePack in Gin, which
// the service never uses and which costs 6 MB of binary.
const lambdaTags = "lambda.norpc,nomsgpack,lambda"

// invokePath is the emulator's invoke endpoint, the one the Lambda Invoke API uses.
const invokePath = "/2015-03-31/functions/function/invocations"

var (
	buildOnce sync.Map // what -> *onceResult
	moduleDir = func() string { d, _ := filepath.Abs(repoRoot); return d }()
)

type onceResult struct {
	once sync.Once
	path string
	err  error
}

// cached builds something once per test binary run.
func cached(what string, build func(dir string) (string, error)) (string, error) {
	v, _ := buildOnce.LoadOrStore(what, &onceResult{})
	r := v.(*onceResult)
	r.once.Do(func() {
		dir, err := os.MkdirTemp("", "lambdaruntime-")
		if err != nil {
			r.err = err
			return
		}
		r.path, r.err = build(dir)
	})

	return r.path, r.err
}

// buildBootstrap builds pkg the way `make lambda` does (static, lambdaTags,
// stripped), for this machine's architecture so the emulator can run it.
func buildBootstrap(tb testing.TB, pkg string) string {
	tb.Helper()

	path, err := cached("bootstrap "+pkg, func(dir string) (string, error) {
		out := filepath.Join(dir, "bootstrap")
		cmd := exec.Command("go", "build", "-tags", lambdaTags, "-trimpath",
			"-ldflags=-s -w", "-o", out, pkg)
		cmd.Dir = moduleDir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux",
			"GOARCH="+runtime.GOARCH)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
		}

		return out, nil
	})
	if err != nil {
		tb.Fatal(err)
	}

	return path
}

// emulatorBinary gives the emulator, or "" when it cannot be had here.
func emulatorBinary(tb testing.TB) string {
	tb.Helper()

	switch p := os.Getenv("LAMBDA_RIE"); p {
	case "double":
		tb.Log("RUNTIME API DOUBLE: LAMBDA_RIE=double asks for the test double")
		return ""
	case "":
	default:
		return p
	}

	path, err := cached("rie", func(dir string) (string, error) {
		cmd := exec.Command("go", "install", rieModule)
		cmd.Dir = dir // outside this module: the emulator's own go.mod decides
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go install %s: %w\n%s", rieModule, err, b)
		}

		return filepath.Join(dir, "aws-lambda-rie"), nil
	})
	if err != nil {
		tb.Logf("RUNTIME API DOUBLE: the emulator could not be built, so a test double "+
			"of the Lambda Runtime API serves the bootstrap instead: %v", err)
		return ""
	}

	return path
}

// function is one execution environment running a bootstrap.
type function struct {
	tb      testing.TB
	addr    string // where invokes go
	logs    *syncBuffer
	started time.Time
	invoke  func(payload []byte) ([]byte, error)
	stop    func()
}

// startFunction runs bootstrap under the emulator (or the double) with env added to
// this process's environment.
func startFunction(tb testing.TB, bootstrap string, env map[string]string) *function {
	tb.Helper()

	f := &function{tb: tb, logs: &syncBuffer{}}
	environ := os.Environ()
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}

	if rie := emulatorBinary(tb); rie != "" {
		f.startEmulator(rie, bootstrap, environ)
	} else {
		f.startDouble(bootstrap, environ)
	}
	var once sync.Once
	stop := f.stop
	f.stop = func() { once.Do(stop) }
	tb.Cleanup(f.stop)

	return f
}

func (f *function) startEmulator(rie, bootstrap string, environ []string) {
	f.addr = freeAddr(f.tb)
	// Its own Runtime API defaults to 127.0.0.1:9001, which two emulators cannot share.
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", f.addr,
		"--runtime-api-address", freeAddr(f.tb), bootstrap)
	cmd.Env = environ
	cmd.Stdout, cmd.Stderr = f.logs, f.logs
	f.started = time.Now()
	if err := cmd.Start(); err != nil {
		f.tb.Fatalf("start emulator: %v", err)
	}
	f.stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	waitListening(f.tb, f.addr, f.logs)

	client := &http.Client{Timeout: 60 * time.Second}
	f.invoke = func(payload []byte) ([]byte, error) {
		resp, err := client.Post("http://"+f.addr+invokePath, "application/json",
			bytes.NewReader(payload))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()

		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("invoke: status %d", resp.StatusCode)
		}

		return io.ReadAll(resp.Body)
	}
}

func freeAddr(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()

	return ln.Addr().String()
}

func waitListening(tb testing.TB, addr string, logs *syncBuffer) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			_ = c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("nothing listens on %s\nlogs:\n%s", addr, logs)
}

// initDuration is the emulator's own measure of the last init: INIT REPORT.
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)`)

func (f *function) initDuration() (time.Duration, bool) {
	m := initReport.FindStringSubmatch(f.logs.String())
	if m == nil {
		return 0, false
	}
	ms, err := strconv.ParseFloat(m[1], 64)

	return time.Duration(ms * float64(time.Millisecond)), err == nil
}

// lambdaRequestIDs are the invocation ids the emulator announced, in order.
func (f *function) lambdaRequestIDs() []string {
	var ids []string
	sc := bufio.NewScanner(strings.NewReader(f.logs.String()))
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "START RequestId: "); ok {
			ids = append(ids, strings.Fields(id)[0])
		}
	}

	return ids
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.b.String()
}

// startDouble serves the Runtime API itself: the bootstrap polls .../invocation/next,
// gets one event at a time with the headers Lambda sends, and posts its response or
// error back. It is the fallback, not the real protocol's reference.
func (f *function) startDouble(bootstrap string, environ []string) {
	d := &runtimeDouble{next: make(chan pending), done: map[string]chan reply{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.tb.Fatal(err)
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()

	cmd := exec.Command(bootstrap)
	cmd.Env = append(environ, "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=test_function", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	cmd.Stdout, cmd.Stderr = f.logs, f.logs
	f.started = time.Now()
	if err := cmd.Start(); err != nil {
		f.tb.Fatalf("start bootstrap: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()

	f.stop = func() {
		_ = cmd.Process.Kill()
		<-exited
		_ = srv.Close()
	}
	f.invoke = func(payload []byte) ([]byte, error) {
		return d.invoke(payload, exited, f.logs)
	}
}

type pending struct {
	id      string
	payload []byte
}

type reply struct {
	body  []byte
	isErr bool
}

type runtimeDouble struct {
	next chan pending
	mu   sync.Mutex
	done map[string]chan reply
	seq  int
}

func (d *runtimeDouble) invoke(payload []byte, exited <-chan struct{},
	logs io.Writer) ([]byte, error) {
	d.mu.Lock()
	d.seq++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", d.seq)
	ch := make(chan reply, 1)
	d.done[id] = ch
	d.mu.Unlock()

	fmt.Fprintf(logs, "START RequestId: %s Version: $LATEST\n", id)
	select {
	case d.next <- pending{id: id, payload: payload}:
	case <-exited:
		return nil, errors.New("the bootstrap exited before taking the invoke")
	}
	select {
	case r := <-ch:
		return r.body, nil // a function error is a 200 with errorType, as Lambda's
	case <-exited:
		return []byte(`{"errorType":"Runtime.ExitError"}`), nil
	case <-time.After(60 * time.Second):
		return nil, errors.New("no response in 60 s")
	}
}

func (d *runtimeDouble) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const base = "/2018-06-01/runtime/"
	path := strings.TrimPrefix(r.URL.Path, base)

	switch {
	case r.Method == http.MethodGet && path == "invocation/next":
		p := <-d.next
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", p.id)
		h.Set("Lambda-Runtime-Deadline-Ms",
			strconv.FormatInt(time.Now().Add(25*time.Second).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn",
			"arn:aws:lambda:us-east-1:012345678912:function:test_function")
		_, _ = w.Write(p.payload)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "invocation/"):
		id, kind, _ := strings.Cut(strings.TrimPrefix(path, "invocation/"), "/")
		body, _ := io.ReadAll(r.Body)
		d.mu.Lock()
		ch := d.done[id]
		delete(d.done, id)
		d.mu.Unlock()
		if ch != nil {
			ch <- reply{body: body, isErr: kind == "error"}
		}
		w.WriteHeader(http.StatusAccepted)
	case r.Method == http.MethodPost && path == "init/error":
		w.WriteHeader(http.StatusAccepted)
	default:
		http.NotFound(w, r)
	}
}
