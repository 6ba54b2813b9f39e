//go:build !lambda

package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric of the service, so its series never mix with those
// of another process scraped by the same Prometheus.
const namespace = "catalog"

// latencyBuckets cover a catalog read from cache-fast to the request timeout, in
// seconds.
var latencyBuckets = []float64{.0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Prometheus is the Recorder of the local server. It keeps its own registry, so tests
// and two routers in one process never collide over the global one.
type Prometheus struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewPrometheus registers the request metrics, the database pool metrics of pools and
// the Go runtime and process metrics.
func NewPrometheus(pools PoolStats) *Prometheus {
	labels := []string{"method", "route", "status"}
	p := &Prometheus{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "Requests served, by method, route pattern and status.",
		}, labels),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time from the request reaching the router to its response, in seconds.",
			Buckets: latencyBuckets,
		}, labels),
	}

	p.registry.MustRegister(p.requests, p.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pools != nil {
		p.registry.MustRegister(newPoolCollector(pools))
	}

	return p
}

// Observe counts the request and its latency.
func (p *Prometheus) Observe(r Request) {
	status := strconv.Itoa(r.Status)
	p.requests.WithLabelValues(r.Method, r.Route, status).Inc()
	p.latency.WithLabelValues(r.Method, r.Route, status).Observe(r.Duration.Seconds())
}

// Handler serves the registry in the Prometheus text format, for GET /metrics.
func (p *Prometheus) Handler() http.Handler {
	return promhttp.HandlerFor(p.registry, promhttp.HandlerOpts{})
}

// poolCollector reads the pools' statistics at scrape time, so the figures are never
// older than the scrape.
type poolCollector struct {
	pools PoolStats

	open, inUse, idle, maxOpen *prometheus.Desc
	waits, waited, closedIdle  *prometheus.Desc
	closedIdleTime, closedLife *prometheus.Desc
}

func newPoolCollector(pools PoolStats) *poolCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "db_pool", name), help,
			[]string{"pool"}, nil)
	}

	return &poolCollector{
		pools:          pools,
		open:           desc("open_connections", "Connections open, in use or idle."),
		inUse:          desc("in_use_connections", "Connections running a statement."),
		idle:           desc("idle_connections", "Connections open and idle."),
		maxOpen:        desc("max_open_connections", "Limit of open connections."),
		waits:          desc("waits_total", "Times a request waited for a connection."),
		waited:         desc("wait_seconds_total", "Time spent waiting for a connection."),
		closedIdle:     desc("closed_max_idle_total", "Closed by the idle-pool limit."),
		closedIdleTime: desc("closed_idle_time_total", "Closed after their idle time."),
		closedLife:     desc("closed_max_lifetime_total", "Closed after their lifetime."),
	}
}

// Describe implements prometheus.Collector.
func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.open, c.inUse, c.idle, c.maxOpen, c.waits,
		c.waited, c.closedIdle, c.closedIdleTime, c.closedLife} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	for i, s := range c.pools() {
		name := poolName(i)
		ch <- prometheus.MustNewConstMetric(c.open, gauge, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(c.inUse, gauge, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(c.idle, gauge, float64(s.Idle), name)
		ch <- prometheus.MustNewConstMetric(c.maxOpen, gauge,
			float64(s.MaxOpenConnections), name)
		ch <- prometheus.MustNewConstMetric(c.waits, counter, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(c.waited, counter, s.WaitDuration.Seconds(), name)
		ch <- prometheus.MustNewConstMetric(c.closedIdle, counter, float64(s.MaxIdleClosed),
			name)
		ch <- prometheus.MustNewConstMetric(c.closedIdleTime, counter,
			float64(s.MaxIdleTimeClosed), name)
		ch <- prometheus.MustNewConstMetric(c.closedLife, counter,
			float64(s.MaxLifetimeClosed), name)
	}
}
