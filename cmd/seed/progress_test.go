package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/repository/catalogseed"
)

// fakeClock advances by step on every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)

	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func feed(p *progress, total, batch int) {
	p.update(catalogseed.Progress{Phase: "categories", Done: 60, Total: 60})
	for done := 0; done <= total; done += batch {
		p.update(catalogseed.Progress{Phase: "products", Done: done, Total: total})
	}

	p.finish()
}

func TestPlainProgressPrintsPeriodicLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, false, 0, 10*time.Second)
	p.now = fakeClock(time.Second) // one batch of 1,000 per second

	feed(p, 100_000, 1_000)

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// One line for the categories, one every ten seconds (ten batches), the last one.
	if len(lines) < 10 || len(lines) > 12 {
		t.Fatalf("%d lines, want about 11:\n%s", len(lines), out.String())
	}

	if strings.Contains(out.String(), "\r") || strings.Contains(out.String(), "\x1b") {
		t.Error("plain output has terminal control characters")
	}

	if want := "products: 10000/100000 (10.0%), 1000 items/s, about 1:30 left"; !strings.Contains(
		out.String(), want) {
		t.Errorf("no line %q in:\n%s", want, out.String())
	}

	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "products: 100000/100000") {
		t.Errorf("last line %q, want the end of the products", last)
	}
}

func TestTerminalProgressRedrawsOneLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true, 100, 10*time.Second)
	p.now = fakeClock(time.Second)

	feed(p, 10_000, 1_000)

	text := out.String()
	if strings.Count(text, "\n") != 2 {
		t.Errorf("want one finished line per phase, got %q", text)
	}

	if !strings.Contains(text, "\r") || !strings.Contains(text, "ETA 0:05") {
		t.Errorf("no redrawn bar with an ETA in %q", text)
	}

	for _, line := range strings.Split(text, "\r") {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\x1b[K")
		if len(line) > 100 {
			t.Errorf("bar wider than the terminal: %q", line)
		}
	}
}

func TestGrouped(t *testing.T) {
	tests := map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"}
	for n, want := range tests {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	today := time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		args []string
		ok   bool
	}{
		{"defaults", nil, true},
		{"a million", []string{"--products", "1000000", "--seed", "9"}, true},
		{"as of a date", []string{"--as-of", "2026-06-01"}, true},
		{"bad date", []string{"--as-of", "June"}, false},
		{"bad share", []string{"--active-share", "2"}, false},
		{"no vendors", []string{"--vendors", "0"}, false},
		{"zero batch", []string{"--batch", "0"}, false},
		{"stray argument", []string{"extra"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.args, io.Discard, today)
			if (err == nil) != tt.ok {
				t.Errorf("parseFlags(%q) = %v, want ok=%v", tt.args, err, tt.ok)
			}
		})
	}

	s, _ := parseFlags([]string{"--products", "1000000"}, io.Discard, today)
	if s.options.Products != 1_000_000 || s.options.Categories != 60 ||
		s.options.Vendors != 1_000 || s.options.ActiveShare != 0.8 || !s.options.Now.Equal(today) {
		t.Errorf("options %+v", s.options)
	}
}
