package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gamarriando/product-service/repository/catalogseed"
)

// progress shows how a seed is going: on a terminal a one-line bar redrawn in place,
// with items per second and the time left; elsewhere (a log file, CI) a plain line
// every few seconds and at the end of each phase, so logs stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	every time.Duration
	width int
	now   func() time.Time

	mu         sync.Mutex
	phase      string
	phaseStart time.Time
	lastDraw   time.Time
	drawn      bool
}

func newProgress(w io.Writer, tty bool, width int, every time.Duration) *progress {
	if width < 40 {
		width = 80
	}

	return &progress{w: w, tty: tty, width: width, every: every, now: time.Now}
}

// minRated is the fewest items a phase must have done to show a rate.
const minRated = 100

// redrawEvery limits terminal redraws; batches can commit faster than anyone reads.
const redrawEvery = 100 * time.Millisecond

// update is catalogseed's Progress callback.
func (p *progress) update(pr catalogseed.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()

	now := p.now()
	if pr.Phase != p.phase {
		p.endLine()
		p.phase, p.phaseStart, p.lastDraw = pr.Phase, now, time.Time{}
	}

	last := pr.Done >= pr.Total
	interval := p.every
	if p.tty {
		interval = redrawEvery
	}

	if !last && !p.lastDraw.IsZero() && now.Sub(p.lastDraw) < interval {
		return
	}

	if p.lastDraw.IsZero() && !p.tty && !last {
		// The first plain line waits one interval, so a quick phase prints one line.
		p.lastDraw = now

		return
	}

	p.lastDraw = now
	if p.tty {
		fmt.Fprint(p.w, "\r"+p.bar(pr, now.Sub(p.phaseStart))+"\x1b[K")
		p.drawn = true

		return
	}

	fmt.Fprintln(p.w, p.line(pr, now.Sub(p.phaseStart)))
}

// finish ends the bar's line so that what is printed next starts on its own.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.endLine()
}

func (p *progress) endLine() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// rate is items per second so far in the phase, and the time left at that rate. A
// phase of a few items (vacuuming three tables) has no meaningful rate.
func rate(pr catalogseed.Progress, elapsed time.Duration) (float64, time.Duration, bool) {
	if elapsed <= 0 || pr.Done < minRated {
		return 0, 0, false
	}

	perSecond := float64(pr.Done) / elapsed.Seconds()
	left := time.Duration(float64(pr.Total-pr.Done) / perSecond * float64(time.Second))

	return perSecond, left, true
}

func (p *progress) line(pr catalogseed.Progress, elapsed time.Duration) string {
	s := fmt.Sprintf("%s: %d/%d (%.1f%%)", pr.Phase, pr.Done, pr.Total, percent(pr))
	perSecond, left, ok := rate(pr, elapsed)
	if !ok {
		return s
	}

	s += fmt.Sprintf(", %.0f items/s", perSecond)
	if pr.Done < pr.Total {
		s += ", about " + clock(left) + " left"
	}

	return s
}

func (p *progress) bar(pr catalogseed.Progress, elapsed time.Duration) string {
	tail := fmt.Sprintf(" %5.1f%% %s/%s", percent(pr), grouped(pr.Done), grouped(pr.Total))
	if perSecond, left, ok := rate(pr, elapsed); ok {
		tail += fmt.Sprintf("  %s/s", grouped(int(perSecond)))
		if pr.Done < pr.Total {
			tail += "  ETA " + clock(left)
		} else {
			tail += "  in " + clock(elapsed)
		}
	}

	// A tail of constant width keeps the bars of successive phases the same length.
	tail = fmt.Sprintf("%-48s", tail)
	head := fmt.Sprintf("%-10s ", pr.Phase)
	room := p.width - len(head) - len(tail) - 3
	if room < 10 {
		return head + strings.TrimSpace(tail)
	}

	filled := int(float64(room) * min(percent(pr)/100, 1))
	return head + "[" + strings.Repeat("=", filled) + strings.Repeat(" ", room-filled) + "]" +
		tail
}

func percent(pr catalogseed.Progress) float64 {
	if pr.Total <= 0 {
		return 100
	}

	return 100 * float64(pr.Done) / float64(pr.Total)
}

// clock prints a duration as m:ss, or h:mm:ss past an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}

	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// grouped writes n with thousands separators: 1,000,000.
func grouped(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}

	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}

		b.WriteRune(c)
	}

	return b.String()
}
