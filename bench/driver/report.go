package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// summary is one scenario against one target over every round: medians of each figure
// and the sum of the failures.
type summary struct {
	Rounds   []load  `json:"rounds"`
	RPS      float64 `json:"rps"`
	P50MS    float64 `json:"p50_ms"`
	P99MS    float64 `json:"p99_ms"`
	Failed   int64   `json:"failed"`
	Requests int64   `json:"requests"`
	CPUUS    float64 `json:"cpu_us_per_request"`
}

func summarize(rounds []load) summary {
	s := summary{Rounds: rounds}
	var rps, p50, p99, cpu []float64
	for _, r := range rounds {
		rps = append(rps, r.RPS())
		cpu = append(cpu, r.CPUPerRequest)
		p50 = append(p50, float64(r.P50US)/1000)
		p99 = append(p99, float64(r.P99US)/1000)
		s.Failed += r.Failed()
		s.Requests += r.Requests
	}

	s.RPS, s.P50MS, s.P99MS, s.CPUUS = median(rps), median(p50), median(p99), median(cpu)

	return s
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}

	v = slices.Sorted(slices.Values(v))
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}

	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// result is everything one benchmark run found.
type result struct {
	Command     string              `json:"command"`
	Environment map[string]string   `json:"environment"`
	Catalog     catalog             `json:"catalog"`
	Shape       string              `json:"shape"`
	Scenarios   []scenarioResult    `json:"scenarios"`
	OffsetCap   string              `json:"offset_cap"`
	SameAnswers string              `json:"same_answers"`
	Differences []string            `json:"differences,omitempty"`
	RSSStartKiB int64               `json:"rss_start_kib"`
	RSSPeakKiB  int64               `json:"rss_peak_kib"`
	Created     int64               `json:"created"`
	Drift       int64               `json:"counter_drift"`
	Targets     []target            `json:"targets"`
	Plans       []plannedQuery      `json:"plans"`
	Statements  map[string][]string `json:"statements"`
}

type scenarioResult struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Request   string   `json:"request"`
	Service   summary  `json:"service"`
	Reference *summary `json:"reference,omitempty"`
}

type target struct {
	Name     string `json:"name"`
	Wanted   string `json:"wanted"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

func (r *result) scenario(key string) *scenarioResult {
	for i := range r.Scenarios {
		if r.Scenarios[i].Key == key {
			return &r.Scenarios[i]
		}
	}

	return nil
}

// judge compares the figures with the targets.
func (r *result) judge() {
	ratio := func(key string) float64 {
		s := r.scenario(key)
		if s == nil || s.Reference == nil || s.Reference.RPS == 0 {
			return 0
		}

		return s.Service.RPS / s.Reference.RPS
	}

	get, deep, page1 := r.scenario("get"), r.scenario("cursor_deep"), r.scenario("page1")
	search, shallow := r.scenario("search"), r.scenario("cursor_shallow")
	peakMiB := float64(r.RSSPeakKiB) / 1024

	r.Targets = []target{
		{Name: "get by id", Wanted: ">= 0.85 x reference req/s",
			Measured: fmt.Sprintf("%.2f x", ratio("get")), Met: ratio("get") >= 0.85},
		{Name: "filtered list", Wanted: ">= 0.75 x reference req/s",
			Measured: fmt.Sprintf("%.2f x", ratio("list")), Met: ratio("list") >= 0.75},
		{Name: "deep page by cursor", Wanted: "p50 <= 1.3 x page 1's p50",
			Measured: fmt.Sprintf("%.2f ms vs %.2f ms (%.2f x); %.2f x the first cursor "+
				"page's %.2f ms", deep.Service.P50MS, page1.Service.P50MS,
				deep.Service.P50MS/page1.Service.P50MS, deep.Service.P50MS/shallow.Service.P50MS,
				shallow.Service.P50MS),
			Met: deep.Service.P50MS <= 1.3*page1.Service.P50MS},
		{Name: "offset paging", Wanted: "a documented cap", Measured: r.OffsetCap,
			Met: strings.HasPrefix(r.OffsetCap, "400")},
		{Name: "q search", Wanted: "p99 <= 3 x get by id's p99",
			Measured: fmt.Sprintf("%.2f ms vs %.2f ms (%.2f x)", search.Service.P99MS,
				get.Service.P99MS, search.Service.P99MS/get.Service.P99MS),
			Met: search.Service.P99MS <= 3*get.Service.P99MS},
		{Name: "peak RSS of the server", Wanted: "<= 64 MiB",
			Measured: fmt.Sprintf("%.1f MiB", peakMiB), Met: peakMiB <= 64},
		{Name: "create keeps total_products exact", Wanted: "0 vendors off",
			Measured: fmt.Sprintf("%d off after %d creates", r.Drift, r.Created),
			Met:      r.Drift == 0},
	}
}

// markdown is the results table the README and docs/performance.md show.
func (r *result) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Command: `%s`\n\n", r.Command)
	fmt.Fprintf(&b, "Catalog: %d products (%d active), %d categories (%d leaves), %d vendors; "+
		"`q=%s` matches %.2f%% of products. %s\n\n", r.Catalog.Products, r.Catalog.Active,
		r.Catalog.Categories, r.Catalog.Leaves, r.Catalog.Vendors, r.Catalog.searchFolded,
		100*r.Catalog.SearchShare, r.Shape)

	b.WriteString("| scenario | service req/s | reference req/s | ratio | service p50 / p99 | " +
		"reference p50 / p99 | CPU µs/req (service / reference) | non-2xx (service / " +
		"reference) |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, s := range r.Scenarios {
		ref, refLat, ratio, refCPU, refFailed := "–", "–", "–", "–", "–"
		if s.Reference != nil {
			ref = fmt.Sprintf("%.0f", s.Reference.RPS)
			refLat = fmt.Sprintf("%.2f / %.2f ms", s.Reference.P50MS, s.Reference.P99MS)
			ratio = fmt.Sprintf("%.2f", s.Service.RPS/s.Reference.RPS)
			refCPU = fmt.Sprintf("%.0f", s.Reference.CPUUS)
			refFailed = fmt.Sprintf("%d of %d", s.Reference.Failed, s.Reference.Requests)
		}

		fmt.Fprintf(&b, "| %s | %.0f | %s | %s | %.2f / %.2f ms | %s | %.0f / %s | "+
			"%d of %d / %s |\n", s.Name, s.Service.RPS, ref, ratio, s.Service.P50MS,
			s.Service.P99MS, refLat, s.Service.CPUUS, refCPU, s.Service.Failed,
			s.Service.Requests, refFailed)
	}

	fmt.Fprintf(&b, "| deep page by offset (page 2,000) | – | – | – | %s | – | – | – |\n\n",
		r.OffsetCap)
	fmt.Fprintf(&b, "Server RSS: %.1f MiB before the load, %.1f MiB peak (VmHWM). "+
		"Reference answers identical to the service's: %s.\n\n",
		float64(r.RSSStartKiB)/1024, float64(r.RSSPeakKiB)/1024, r.SameAnswers)

	b.WriteString("| target | wanted | measured | met |\n| --- | --- | --- | --- |\n")
	for _, t := range r.Targets {
		met := "yes"
		if !t.Met {
			met = "**no**"
		}

		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Wanted, t.Measured, met)
	}

	b.WriteString("\nScenario requests:\n\n")
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "- %s: `%s`\n", s.Name, s.Request)
	}

	b.WriteString("\nEnvironment:")
	for _, k := range slices.Sorted(maps.Keys(r.Environment)) {
		fmt.Fprintf(&b, " %s %s;", k, r.Environment[k])
	}

	return strings.TrimSuffix(b.String(), ";") + "\n"
}

// plansMarkdown is every hot query's plan, for docs/performance.md.
func (r *result) plansMarkdown() string {
	var b strings.Builder
	for _, p := range r.Plans {
		fmt.Fprintf(&b, "### %s\n\n```sql\n%s\n-- arguments: %s\n```\n\n```\n%s\n```\n\n",
			p.Name, p.SQL, p.Args, p.Plan)
	}

	b.WriteString("### Statements the service sent during each scenario\n\n")
	b.WriteString("Sampled from pg_stat_activity while the scenario ran.\n\n")
	for _, s := range r.Scenarios {
		fmt.Fprintf(&b, "- %s:\n", s.Name)
		for _, q := range r.Statements[s.Key] {
			fmt.Fprintf(&b, "  - `%s`\n", q)
		}
	}

	return b.String()
}
