package main

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed lua/*.lua
var luaFiles embed.FS

// load is one wrk run's summary, from the line report.lua prints. Latencies are in
// microseconds, as wrk keeps them.
type load struct {
	Requests      int64   `json:"requests"`
	DurationUS    int64   `json:"duration_us"`
	Bytes         int64   `json:"bytes"`
	StatusErrors  int64   `json:"status_errors"`
	ConnectErrors int64   `json:"connect_errors"`
	ReadErrors    int64   `json:"read_errors"`
	WriteErrors   int64   `json:"write_errors"`
	Timeouts      int64   `json:"timeouts"`
	P50US         int64   `json:"p50_us"`
	P90US         int64   `json:"p90_us"`
	P99US         int64   `json:"p99_us"`
	MaxUS         int64   `json:"max_us"`
	MeanUS        float64 `json:"mean_us"`
	// CPUPerRequest is the target process's CPU time (user and system) over the run
	// divided by the requests: the cost of one answer, which the machine's other load
	// disturbs far less than the rate or the latency.
	CPUPerRequest float64 `json:"cpu_us_per_request"`
}

// RPS is completed requests per second over the run.
func (l load) RPS() float64 {
	if l.DurationUS <= 0 {
		return 0
	}

	return float64(l.Requests) / (float64(l.DurationUS) / 1e6)
}

// Failed counts the answers that were not a success: statuses above 399 plus socket
// errors and timeouts (the benchmark never asks for anything that redirects).
func (l load) Failed() int64 {
	return l.StatusErrors + l.ConnectErrors + l.ReadErrors + l.WriteErrors + l.Timeouts
}

// wrkRunner runs wrk with the benchmark's fixed shape: threads, connections, timeout.
type wrkRunner struct {
	bin         string
	threads     int
	connections int
	scripts     string // folder of the generated scripts
	raw         string // folder keeping every run's full output
}

// script writes the Lua for one scenario: the seeded random sequence (when the
// scenario draws), its request function (if any) and the reporting done().
func (w wrkRunner) script(name, body string, vars map[string]string) (string, error) {
	var parts []string
	if body != "" {
		for _, f := range []string{"seeded.lua", body} {
			b, err := luaFiles.ReadFile("lua/" + f)
			if err != nil {
				return "", err
			}

			parts = append(parts, string(b))
		}
	}

	report, err := luaFiles.ReadFile("lua/report.lua")
	if err != nil {
		return "", err
	}

	text := strings.Join(append(parts, string(report)), "\n")
	for k, v := range vars {
		text = strings.ReplaceAll(text, "@"+k+"@", v)
	}

	path := filepath.Join(w.scripts, name+".lua")

	return path, os.WriteFile(path, []byte(text), 0o644)
}

// run drives url for d and returns wrk's summary. The full output is kept under raw.
func (w wrkRunner) run(ctx context.Context, label, script, url string,
	d time.Duration) (load, error) {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()

	cmd := exec.CommandContext(ctx, w.bin, "-t", strconv.Itoa(w.threads),
		"-c", strconv.Itoa(w.connections), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--timeout", "5s", "-s", script, url)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if w.raw != "" {
		_ = os.WriteFile(filepath.Join(w.raw, label+".txt"), out.Bytes(), 0o644)
	}

	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %w: %s", label, err, lastLines(out.String(), 5))
	}

	return parseLoad(out.String())
}

func parseLoad(output string) (load, error) {
	sc := bufio.NewScanner(strings.NewReader(output))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "WRK_RESULT "); ok {
			var l load
			if err := json.Unmarshal([]byte(rest), &l); err != nil {
				return load{}, fmt.Errorf("wrk summary: %w", err)
			}

			return l, nil
		}
	}

	return load{}, fmt.Errorf("no summary in the wrk output: %s", lastLines(output, 5))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")

	return strings.Join(lines[max(len(lines)-n, 0):], " | ")
}
