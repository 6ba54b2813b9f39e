//go:build browser

// The browser test: the real server, on the embedded SQLite database with the demo
// catalog and authentication off (the documented local set-up, where every request
// acts as an administrator), and the Swagger UI in headless Chromium. It checks that
// the fifteen operations render, runs "Try it out" on a list and on a create, reads the
// status the page shows, proves that the page loads nothing from outside the machine,
// and saves the screenshot the README shows (docs/swagger-ui.png).
//
//	go test -tags browser -run TestSwaggerUIInBrowser ./cmd/server
//
// It needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH); .ci/run installs
// it. Without a browser it fails under CI=true and skips elsewhere.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gamarriando/product-service/delivery/httpapi"
)

// The pictures the README shows, from this package's directory: the whole page, and
// the create operation after "Try it out".
var (
	screenshotPath = filepath.Join("..", "..", "docs", "swagger-ui.png")
	tryItOutPath   = filepath.Join("..", "..", "docs", "swagger-ui-try-it-out.png")
)

func TestSwaggerUIInBrowser(t *testing.T) {
	browser := chromiumPath(t)
	base := startServer(t)

	var requests requestLog
	ctx := newBrowser(t, browser, &requests)

	step(t, ctx, "open the page", chromedp.Navigate(base+"/swagger/index.html"),
		chromedp.WaitVisible(chromedp.CSS("#operations-vendors-vendors_delete")))

	checkOperations(t, ctx)

	save(t, ctx, screenshotPath, chromedp.FullScreenshot(100)) // 100: PNG

	status := tryItOut(t, ctx, "products", "products_list", "")
	if status != "200" {
		t.Errorf("Try it out on products_list shows status %q, want 200", status)
	}

	body := fmt.Sprintf(`{"name": "Browser test %d", "description": "Made by Try it out"}`,
		time.Now().UnixNano())
	status = tryItOut(t, ctx, "categories", "categories_create", body)
	if status != "201" {
		t.Errorf("Try it out on categories_create shows status %q, want 201", status)
	}

	// The picture shows the request and the live answer; the documented responses
	// below them (every status, with examples) would make it several screens tall.
	step(t, ctx, "trim the picture", chromedp.Func(func(ctx context.Context,
		tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => {
			const block = document.querySelector("#operations-categories-categories_create");
			block.querySelectorAll(".responses-table:not(.live-responses-table)")
				.forEach(e => { e.style.display = "none"; });
			return true;
		})()`)(ctx, tg)

		return err
	}))
	save(t, ctx, tryItOutPath,
		chromedp.Screenshot(chromedp.CSS("#operations-categories-categories_create")))

	requests.checkLocal(t, base)
}

// save writes the PNG that shot takes.
func save(t *testing.T, ctx context.Context, path string, shot chromedp.Action[[]byte]) {
	t.Helper()

	png, err := runFor(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}

	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("save the screenshot: %v", err)
	}

	t.Logf("screenshot: %s (%d bytes)", path, len(png))
}

// checkOperations reads the operation ids the page shows: the fifteen operations of the
// contract (update twice, as PUT and PATCH) and the two probes.
func checkOperations(t *testing.T, ctx context.Context) {
	t.Helper()

	ids, err := runFor(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".opblock")).map(e => e.id)`))
	if err != nil {
		t.Fatalf("read the operations: %v", err)
	}

	var api int
	for _, id := range ids {
		if strings.Contains(id, "-products-") || strings.Contains(id, "-categories-") ||
			strings.Contains(id, "-vendors-") {
			api++
		}
	}

	for _, op := range httpapi.Operations {
		tag, _, _ := strings.Cut(op.Name, "_")
		if !slices.Contains(ids, "operations-"+tag+"-"+op.Name) {
			t.Errorf("the page does not show %s; it shows %v", op.Name, ids)
		}
	}

	if api != 18 {
		t.Errorf("%d API operations on the page, want 18 (15, update as PUT and PATCH): %v",
			api, ids)
	}
}

// tryItOut opens an operation, presses "Try it out", types body into the request
// body when given, presses "Execute" and returns the status code the page shows.
func tryItOut(t *testing.T, ctx context.Context, tag, op, body string) string {
	t.Helper()

	block := "#operations-" + tag + "-" + op
	step(t, ctx, op+": open", chromedp.ScrollIntoView(chromedp.CSS(block)),
		chromedp.Click(chromedp.CSS(block+" .opblock-summary-control")),
		chromedp.WaitVisible(chromedp.CSS(block+" .try-out__btn")),
		chromedp.Click(chromedp.CSS(block+" .try-out__btn")),
		chromedp.WaitVisible(chromedp.CSS(block+" .btn.execute")))

	if body != "" {
		area := block + " textarea.body-param__text"
		step(t, ctx, op+": show the body", chromedp.WaitVisible(chromedp.CSS(area)))
		step(t, ctx, op+": type the body", typeInto(area, body))
	}

	cell := chromedp.CSS(block + " .live-responses-table tbody .response-col_status")
	step(t, ctx, op+": execute", chromedp.Click(chromedp.CSS(block+" .btn.execute")),
		chromedp.WaitVisible(cell))

	status, err := runFor(ctx, chromedp.Text(cell))
	if err != nil {
		t.Fatalf("%s: read the status: %v", op, err)
	}

	return strings.TrimSpace(status)
}

// typeInto replaces the text of a React-controlled textarea the way typing would: the
// native value setter, then an input event React listens to. (Setting .value directly
// is undone by React on its next render.)
func typeInto(selector, text string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
		const area = document.querySelector(%q);
		const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
		set.call(area, %q);
		area.dispatchEvent(new Event("input", {bubbles: true}));
		return area.value;
	})()`, selector, text)

	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		got, err := chromedp.Evaluate[string](js)(ctx, tg)
		if err == nil && got != text {
			err = fmt.Errorf("the body reads %q after typing", got)
		}

		return err
	})
}

// chromiumPath finds the browser: Debian's package, or CHROMIUM_PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()

	path := os.Getenv("CHROMIUM_PATH")
	if path == "" {
		path = "/usr/bin/chromium"
	}

	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no browser at %s (apt-get install chromium): %v", path, err)
		}

		t.Skipf("no browser at %s (apt-get install chromium, or set CHROMIUM_PATH)", path)
	}

	return path
}

// startServer runs the server as `go run ./cmd/server` would, on a free loopback port
// and a fresh SQLite file, and stops it when the test ends.
func startServer(t *testing.T) string {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()

	env := map[string]string{
		"APP_ENV":              "development",
		"PORT":                 strconv.Itoa(port),
		"DB_SQLITE_PATH":       filepath.Join(t.TempDir(), "catalog.db"),
		"SHUTDOWN_DRAIN_DELAY": "0s",
		"LOG_LEVEL":            "warn",
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(k string) string { return env[k] }) }()

	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	waitReady(t, base, done)

	return base
}

func waitReady(t *testing.T, base string, done <-chan error) {
	t.Helper()

	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the server stopped at start: %v", err)
		default:
		}

		resp, err := client.Get(base + "/ready")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}

		time.Sleep(100 * time.Millisecond)
	}

	t.Fatalf("the server at %s was not ready within 30 s", base)
}

// newBrowser starts headless Chromium with a fresh profile and nothing of its own
// that calls home. Host names other than loopback resolve to nothing, so a page
// asset from outside could not load even if the page asked for one; requests records
// every request, so the test can say whether it did.
func newBrowser(t *testing.T, path string, requests *requestLog) context.Context {
	t.Helper()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 2000),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(requests.listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})

	// The first action starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}

	return ctx
}

// step runs actions with a time limit, failing the test with what was being done.
func step(t *testing.T, ctx context.Context, what string,
	actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()

	if _, err := runFor(ctx, chromedp.Steps(actions...)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// runFor runs one action with a 30 s limit. The limit is on a child context, so it
// ends the action, never the browser.
func runFor[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	v, err := chromedp.Run(ctx, a)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("nothing happened within 30 s: %w", err)
	}

	return v, err
}

// requestLog keeps the URL of every request the page makes.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

// checkLocal fails for every request that left the server under test: the page, its
// assets, the spec and the "Try it out" calls all come from base.
func (l *requestLog) checkLocal(t *testing.T, base string) {
	t.Helper()

	l.mu.Lock()
	defer l.mu.Unlock()

	if len(l.urls) < 5 {
		t.Fatalf("only %d requests recorded: %v", len(l.urls), l.urls)
	}

	var sawSpec, sawAPI bool
	for _, raw := range l.urls {
		u, err := url.Parse(raw)
		if err != nil {
			t.Errorf("request to an unreadable URL %q", raw)

			continue
		}

		switch {
		case u.Scheme == "data" || u.Scheme == "blob":
		case u.Scheme+"://"+u.Host != base:
			t.Errorf("the page requested something from outside: %s", raw)
		case u.Path == "/openapi.json":
			sawSpec = true
		case strings.HasPrefix(u.Path, "/api/v1/"):
			sawAPI = true
		}
	}

	if !sawSpec || !sawAPI {
		t.Errorf("the spec (%v) or the API (%v) was never requested: %v", sawSpec, sawAPI,
			l.urls)
	}
}
