//go:build reliability

package reliability

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// event is one operation of a load history, in the JSONL shape of RELIABILITY §0:
// when it was invoked and completed (ns since the history began), the status (0 for a
// transport error or client timeout) and the id it returned.
type event struct {
	Op         string `json:"op"`
	Key        string `json:"key"`
	InvokeNS   int64  `json:"invoke_ns"`
	CompleteNS int64  `json:"complete_ns"`
	Status     int    `json:"status"`
	ID         int64  `json:"id,omitempty"`
}

// outcome classifies an event the way Jepsen's checkers do: ok (acknowledged),
// fail (definitely did not happen: a 4xx) or info (unknown: 5xx, timeout, transport
// error).
func (e event) outcome() string {
	switch {
	case e.Status >= 200 && e.Status < 300:
		return "ok"
	case e.Status >= 400 && e.Status < 500:
		return "fail"
	}

	return "info"
}

func (e event) latency() time.Duration { return time.Duration(e.CompleteNS - e.InvokeNS) }

// history records events from many goroutines.
type history struct {
	start time.Time

	mu     sync.Mutex
	events []event
}

func newHistory() *history { return &history{start: time.Now()} }

// record runs op, timing it, and keeps its event.
func (h *history) record(op, key string, fn func() reply) reply {
	invoke := time.Since(h.start)
	r := fn()
	complete := time.Since(h.start)

	e := event{Op: op, Key: key, InvokeNS: int64(invoke), CompleteNS: int64(complete),
		Status: r.Status}
	if r.Err != nil {
		e.Status = 0
	}

	if e.outcome() == "ok" {
		e.ID = r.ID()
	}

	h.mu.Lock()
	h.events = append(h.events, e)
	h.mu.Unlock()

	return r
}

func (h *history) all() []event {
	h.mu.Lock()
	defer h.mu.Unlock()

	return slices.Clone(h.events)
}

// save writes the history as JSONL into the test's artifact directory (or its temp
// directory) and returns the path, so a failure can be studied after the run.
func (h *history) save(t testing.TB, name string) string {
	dir := os.Getenv("RELIABILITY_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}

	path := filepath.Join(dir, name+".jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Errorf("history: %v", err)

		return ""
	}
	defer f.Close()

	enc := json.NewEncoder(f)
	for _, e := range h.all() {
		_ = enc.Encode(e)
	}

	return path
}

// setResult is the set-full verdict over the keys of add and remove events.
type setResult struct {
	Attempted     int
	Acknowledged  int
	Present       int
	Lost          []string // acknowledged add, never removed, absent
	Unexpected    []string // present, never attempted
	Duplicated    []string // present more than once
	Indeterminate []string // unacknowledged add (info), present: allowed
	Rejected      []string // add that got a 4xx, yet present: never allowed
	Resurrected   []string // acknowledged remove, yet present
}

func (r setResult) ok() bool {
	return len(r.Lost)+len(r.Unexpected)+len(r.Duplicated)+len(r.Rejected)+
		len(r.Resurrected) == 0
}

func (r setResult) String() string {
	return fmt.Sprintf("attempted=%d acked=%d present=%d lost=%d unexpected=%d "+
		"duplicated=%d indeterminate=%d rejected-present=%d resurrected=%d",
		r.Attempted, r.Acknowledged, r.Present, len(r.Lost), len(r.Unexpected),
		len(r.Duplicated), len(r.Indeterminate), len(r.Rejected), len(r.Resurrected))
}

// checkSet is the set-full check: events with op "add" put their key in the set,
// "remove" takes it out; present counts the rows per key found at the end.
func checkSet(events []event, present map[string]int) setResult {
	adds := map[string][]string{}    // key -> outcomes
	removes := map[string][]string{} // key -> outcomes
	for _, e := range events {
		switch e.Op {
		case "add":
			adds[e.Key] = append(adds[e.Key], e.outcome())
		case "remove":
			removes[e.Key] = append(removes[e.Key], e.outcome())
		}
	}

	r := setResult{Attempted: len(adds)}
	for key, outs := range adds {
		n := present[key]
		acked := slices.Contains(outs, "ok")
		if acked {
			r.Acknowledged++
		}

		removed := slices.Contains(removes[key], "ok")
		mayBeRemoved := removed || slices.Contains(removes[key], "info")

		switch {
		case n > 1:
			r.Duplicated = append(r.Duplicated, key)
		case n == 1 && removed:
			r.Resurrected = append(r.Resurrected, key)
		case n == 1 && !acked && !slices.Contains(outs, "info"):
			r.Rejected = append(r.Rejected, key)
		case n == 1 && !acked:
			r.Indeterminate = append(r.Indeterminate, key)
		case n == 0 && acked && !mayBeRemoved:
			r.Lost = append(r.Lost, key)
		}
	}

	for key, n := range present {
		r.Present += n
		if _, ok := adds[key]; !ok {
			r.Unexpected = append(r.Unexpected, key)
		}
	}

	for _, l := range [][]string{r.Lost, r.Unexpected, r.Duplicated, r.Indeterminate,
		r.Rejected, r.Resurrected} {
		sort.Strings(l)
	}

	return r
}

// latencies summarises the events whose op is one of ops (all when none given).
type latencies struct {
	N             int
	P50, P99, Max time.Duration
}

func latencyOf(events []event, ops ...string) latencies {
	var ds []time.Duration
	for _, e := range events {
		if len(ops) == 0 || slices.Contains(ops, e.Op) {
			ds = append(ds, e.latency())
		}
	}

	return summarize(ds)
}

func summarize(ds []time.Duration) latencies {
	if len(ds) == 0 {
		return latencies{}
	}

	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }

	return latencies{N: len(ds), P50: at(0.50), P99: at(0.99), Max: ds[len(ds)-1]}
}

func (l latencies) String() string {
	return fmt.Sprintf("n=%d p50=%s p99=%s max=%s", l.N, l.P50.Round(time.Microsecond),
		l.P99.Round(time.Microsecond), l.Max.Round(time.Microsecond))
}

// TestSetCheckerCatchesEachAnomaly feeds the checker histories with one anomaly each,
// so a clean verdict elsewhere means something.
func TestSetCheckerCatchesEachAnomaly(t *testing.T) {
	ev := func(op, key string, status int) event { return event{Op: op, Key: key, Status: status} }

	tests := []struct {
		name    string
		events  []event
		present map[string]int
		field   func(setResult) []string
	}{
		{"lost", []event{ev("add", "a", 201)}, map[string]int{},
			func(r setResult) []string { return r.Lost }},
		{"unexpected", nil, map[string]int{"x": 1},
			func(r setResult) []string { return r.Unexpected }},
		{"duplicated", []event{ev("add", "a", 201)}, map[string]int{"a": 2},
			func(r setResult) []string { return r.Duplicated }},
		{"rejected yet present", []event{ev("add", "a", 409)}, map[string]int{"a": 1},
			func(r setResult) []string { return r.Rejected }},
		{"removed yet present", []event{ev("add", "a", 201), ev("remove", "a", 204)},
			map[string]int{"a": 1}, func(r setResult) []string { return r.Resurrected }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkSet(tt.events, tt.present)
			if r.ok() || len(tt.field(r)) != 1 {
				t.Errorf("checker missed it: %s", r)
			}
		})
	}

	clean := checkSet([]event{ev("add", "a", 201), ev("add", "b", 503), ev("add", "c", 0),
		ev("add", "d", 201), ev("remove", "d", 204)}, map[string]int{"a": 1, "b": 1})
	if !clean.ok() || len(clean.Indeterminate) != 1 {
		t.Errorf("clean history judged %s", clean)
	}
}
