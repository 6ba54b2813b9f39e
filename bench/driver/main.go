// Command driver is the load half of `make bench`: with the service and the reference
// already running (bench/run.sh starts them on loopback), it checks that both answer
// alike, drives every scenario with wrk in alternating rounds, reads the server's peak
// RSS, plans the hot queries, and writes the results table. Run it through the script:
//
//	make bench
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

type settings struct {
	service, reference string
	databaseURL        string
	serverPID          int
	referencePID       int
	jwtSecret          string
	duration, warmup   time.Duration
	rounds             int
	threads, conns     int
	depth              int
	out                string
	wrk                string
	term               string
	app                string
	command            string
	setup              string
}

func main() {
	var s settings
	flag.StringVar(&s.service, "service", "http://127.0.0.1:18080", "the service's base URL")
	flag.StringVar(&s.reference, "reference", "http://127.0.0.1:18090", "the reference's URL")
	flag.StringVar(&s.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "bench database")
	flag.IntVar(&s.serverPID, "server-pid", 0, "the service's process id, for RSS and CPU")
	flag.IntVar(&s.referencePID, "reference-pid", 0, "the reference's process id, for CPU")
	flag.StringVar(&s.jwtSecret, "jwt-secret", os.Getenv("AUTH_HS256_SECRET"),
		"the server's AUTH_HS256_SECRET, to sign the create scenario's admin token")
	flag.DurationVar(&s.duration, "duration", 10*time.Second, "length of one measured run")
	flag.DurationVar(&s.warmup, "warmup", 5*time.Second, "length of each warm-up run")
	flag.IntVar(&s.rounds, "rounds", 3, "alternating rounds; medians are reported")
	flag.IntVar(&s.threads, "threads", 2, "wrk threads")
	flag.IntVar(&s.conns, "connections", 32, "wrk connections")
	flag.IntVar(&s.depth, "depth", 40_000, "rows behind the deep cursor (page 2,000 of 20)")
	flag.StringVar(&s.out, "out", "bench/results", "folder for the results")
	flag.StringVar(&s.wrk, "wrk", "wrk", "the wrk binary")
	flag.StringVar(&s.term, "q", "bambu", "the search word (folded)")
	flag.StringVar(&s.app, "application-name", "gamarriando-product-service",
		"the service's application_name in pg_stat_activity")
	flag.StringVar(&s.command, "command", "make bench", "the command shown with the table")
	flag.StringVar(&s.setup, "setup", "", "how the service and reference were configured")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, s); err != nil {
		log.Fatal("bench: ", err)
	}
}

// scenario is one kind of request the benchmark drives.
type scenario struct {
	key, name string
	path      string // the request, or the script's first request for display
	script    string // Lua body file, or "" for a fixed URL
	vars      map[string]string
	reference bool // also driven against the reference
	sample    bool // record the statements the service runs
}

func run(ctx context.Context, s settings) error {
	raw := filepath.Join(s.out, "raw")
	scripts := filepath.Join(s.out, "scripts")
	for _, d := range []string{raw, scripts} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}

	db, err := pgx.Connect(ctx, s.databaseURL)
	if err != nil {
		return fmt.Errorf("connect to the bench database: %w", err)
	}
	defer db.Close(context.Background())

	res := &result{Command: s.command, Statements: map[string][]string{},
		Shape: fmt.Sprintf("wrk %d threads, %d connections, %s warm-up, %d rounds of %s "+
			"per scenario and target, alternating which goes first; medians. %s.", s.threads,
			s.conns, s.warmup, s.rounds, s.duration, s.setup)}
	res.Environment = environment(ctx, db, s.wrk)

	logf("reading the catalog")
	if res.Catalog, err = discover(ctx, db, s.term); err != nil {
		return err
	}

	scenarios, err := prepare(ctx, s, res)
	if err != nil {
		return err
	}

	// The plans are of the catalog as loaded, before the create scenario adds rows and
	// clears visibility-map bits, and on an idle server.
	logf("planning the hot queries")
	if res.Plans, err = explain(ctx, db, res.Plans); err != nil {
		return err
	}

	if err := measure(ctx, s, res, scenarios, scripts, raw); err != nil {
		return err
	}

	return finish(ctx, s, db, res)
}

// prepare checks the service against the reference, finds the offset cap and walks
// the cursors, and builds the scenarios.
func prepare(ctx context.Context, s settings, res *result) ([]scenario, error) {
	c := res.Catalog
	listPath := fmt.Sprintf("/api/v1/products?category_id=%d&status=active", c.Leaf)
	paths := []string{listPath, listPath + "&page=3", listPath + "&page=2&page_size=50"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 25 {
		id := c.MinID + r.Int64N(c.MaxID-c.MinID+1)
		paths = append(paths, fmt.Sprintf("/api/v1/products/%d", id))
	}

	logf("comparing the service's answers with the reference's")
	same, diffs, err := sameAnswers(ctx, s.service, s.reference, paths)
	if err != nil {
		return nil, err
	}

	res.SameAnswers = fmt.Sprintf("%d of %d", same, len(paths))
	res.Differences = diffs

	deepOffset := fmt.Sprintf("/api/v1/products?status=active&page=%d", s.depth/20)
	f, err := fetch(ctx, s.service+deepOffset)
	if err != nil {
		return nil, err
	}

	res.OffsetCap = fmt.Sprintf("%d", f.status)
	if f.status != http.StatusOK {
		res.OffsetCap += " (" + problemDetail(f.body) + ")"
	}

	// A small catalog (a quick run) gets a shallower deep cursor.
	depth := max(min(s.depth, int(c.Active)*3/4/100*100), 100)
	active := "/api/v1/products?status=active"
	logf("walking cursors to %d rows deep", depth)
	shallow, err := walkCursor(ctx, s.service, active, 20)
	if err != nil {
		return nil, err
	}

	deep, err := walkCursor(ctx, s.service, active, depth)
	if err != nil {
		return nil, err
	}

	res.Plans, err = hotQueries(c, deep)
	if err != nil {
		return nil, err
	}

	ids := func(v []int64) string {
		parts := make([]string, len(v))
		for i, id := range v {
			parts[i] = strconv.FormatInt(id, 10)
		}

		return strings.Join(parts, ",")
	}

	cursorPath := func(cur string) string { return active + "&cursor=" + url.QueryEscape(cur) }

	idRange := map[string]string{"MIN_ID": fmt.Sprint(c.MinID), "MAX_ID": fmt.Sprint(c.MaxID)}
	refs := map[string]string{"VENDOR_IDS": ids(c.vendorIDs), "CATEGORY_IDS": ids(c.leafIDs),
		"TOKEN": adminToken(s.jwtSecret, time.Now())}

	return []scenario{
		{key: "get", name: "get by id", path: "/api/v1/products/{random id}", script: "get.lua",
			vars:      idRange,
			reference: true, sample: true},
		{key: "list", name: "filtered list (leaf, active, page 1 of 20)", path: listPath,
			reference: true, sample: true},
		{key: "page1", name: "active list, page 1 (offset, with total)", path: active,
			sample: true},
		{key: "cursor_shallow", name: "active list by cursor, 20 rows deep",
			path: cursorPath(shallow), sample: true},
		{key: "cursor_deep", name: fmt.Sprintf("active list by cursor, %d rows deep", depth),
			path: cursorPath(deep), sample: true},
		{key: "search", name: "q search (" + s.term + ", active)",
			path: "/api/v1/products?q=" + s.term + "&status=active", sample: true},
		{key: "create", name: "create (POST)", path: "POST /api/v1/products", script: "create.lua",
			vars:   refs,
			sample: true},
	}, nil
}

func problemDetail(body []byte) string {
	var p struct {
		Detail string `json:"detail"`
	}
	if json.Unmarshal(body, &p) != nil || p.Detail == "" {
		return strings.TrimSpace(string(body[:min(len(body), 120)]))
	}

	return p.Detail
}

// measure warms every scenario up on both targets, then runs the rounds.
func measure(ctx context.Context, s settings, res *result, scenarios []scenario,
	scripts, raw string) error {
	w := wrkRunner{bin: s.wrk, threads: s.threads, connections: s.conns, scripts: scripts,
		raw: raw}
	sampler := &statementSampler{url: s.databaseURL, app: s.app, seen: res.Statements}
	sdb, err := pgx.Connect(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer sdb.Close(context.Background())

	var before int64
	if err := sdb.QueryRow(ctx, "SELECT count(*) FROM products").Scan(&before); err != nil {
		return err
	}

	res.RSSStartKiB, _ = readStatus(s.serverPID, "VmRSS")
	loads := map[string][]load{}
	for round := 0; round <= s.rounds; round++ {
		for _, sc := range scenarios {
			targets := []string{"service"}
			if sc.reference {
				targets = append(targets, "reference")
				if round%2 == 0 {
					targets = []string{"reference", "service"}
				}
			}

			for _, t := range targets {
				l, err := runOne(ctx, s, w, sampler, sc, t, round)
				if err != nil {
					return err
				}

				if round > 0 {
					loads[sc.key+"/"+t] = append(loads[sc.key+"/"+t], l)
				}
			}
		}
	}

	for _, sc := range scenarios {
		sr := scenarioResult{Key: sc.key, Name: sc.name, Request: sc.path,
			Service: summarize(loads[sc.key+"/service"])}
		if sc.reference {
			ref := summarize(loads[sc.key+"/reference"])
			sr.Reference = &ref
		}

		res.Scenarios = append(res.Scenarios, sr)
	}

	res.RSSPeakKiB, _ = readStatus(s.serverPID, "VmHWM")

	var after int64
	if err := sdb.QueryRow(ctx, "SELECT count(*) FROM products").Scan(&after); err != nil {
		return err
	}

	res.Created = after - before

	return nil
}

// runOne is one wrk run; round 0 is the warm-up.
func runOne(ctx context.Context, s settings, w wrkRunner, sampler *statementSampler,
	sc scenario, target string, round int) (load, error) {
	base, pid := s.service, s.serverPID
	if target == "reference" {
		base, pid = s.reference, s.referencePID
	}

	vars := map[string]string{"RUN": strconv.Itoa(round)}
	for k, v := range sc.vars {
		vars[k] = v
	}

	label := fmt.Sprintf("round%d-%s-%s", round, sc.key, target)
	script, err := w.script(label, sc.script, vars)
	if err != nil {
		return load{}, err
	}

	u := base + sc.path
	if sc.script != "" {
		u = base + "/"
	}

	d := s.duration
	if round == 0 {
		d = s.warmup
	}

	sampled := make(chan struct{})
	if target == "service" && sc.sample && round == 1 {
		go func() {
			defer close(sampled)
			sampler.sample(ctx, sc.key, d)
		}()
	} else {
		close(sampled)
	}

	before, _ := cpuTicks(pid)
	l, err := w.run(ctx, label, script, u, d)
	after, ok := cpuTicks(pid)
	<-sampled
	if err != nil {
		return load{}, err
	}

	if ok && l.Requests > 0 {
		l.CPUPerRequest = float64(after-before) * 1e4 / float64(l.Requests)
	}

	logf("%-8s %-15s %-9s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %4.0f µs CPU/req  "+
		"failed %d", roundName(round), sc.key, target, l.RPS(), float64(l.P50US)/1000,
		float64(l.P99US)/1000, l.CPUPerRequest, l.Failed())

	return l, nil
}

func roundName(r int) string {
	if r == 0 {
		return "warm-up"
	}

	return "round " + strconv.Itoa(r)
}

// finish checks the counters and writes the results.
func finish(ctx context.Context, s settings, db *pgx.Conn, res *result) error {
	var err error
	if res.Drift, err = counterDrift(ctx, db); err != nil {
		return err
	}

	res.judge()
	md := res.markdown()
	js, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}

	files := map[string][]byte{"results.md": []byte(md), "plans.md": []byte(res.plansMarkdown()),
		"results.json": js}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(s.out, name), b, 0o644); err != nil {
			return err
		}
	}

	fmt.Println()
	fmt.Print(md)
	if len(res.Differences) > 0 {
		fmt.Println("\nAnswers that differ between the service and the reference:")
		for _, d := range res.Differences {
			fmt.Println("-", d)
		}
	}

	return nil
}

// readStatus reads one kB figure (VmRSS, VmHWM) of a process from /proc.
func readStatus(pid int, field string) (int64, error) {
	if pid <= 0 {
		return 0, fmt.Errorf("no server pid")
	}

	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}

	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}

	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// environment records what the figures were measured on.
func environment(ctx context.Context, db *pgx.Conn, wrk string) map[string]string {
	env := map[string]string{"go": runtime.Version(), "cores": strconv.Itoa(runtime.NumCPU()),
		"date": time.Now().UTC().Format(time.DateOnly)}

	var pg string
	if db.QueryRow(ctx, "SHOW server_version").Scan(&pg) == nil {
		env["postgres"] = pg
	}

	if out, err := exec.CommandContext(ctx, wrk, "-v").CombinedOutput(); err == nil ||
		len(out) > 0 {
		env["wrk"] = strings.Fields(string(out) + " ? ?")[1]
	}

	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				env["cpu"] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))

				break
			}
		}
	}

	return env
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
