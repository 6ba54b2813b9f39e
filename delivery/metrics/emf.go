package metrics

import (
	"database/sql"
	"encoding/json"
	"io"
	"strconv"
	"sync"
	"time"
)

// DefaultNamespace is the CloudWatch namespace of the EMF lines when none is given.
const DefaultNamespace = "Gamarriando/Catalog"

// EMFOptions configures an EMF recorder.
type EMFOptions struct {
	// Namespace is the CloudWatch namespace; empty means DefaultNamespace.
	Namespace string
	// FunctionName is the Lambda function (AWS_LAMBDA_FUNCTION_NAME): a dimension of
	// every metric, so each of the fifteen functions has its own series.
	FunctionName string
	// Pools, when set, adds the database pool figures to every line.
	Pools PoolStats
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// EMF is the Recorder of the Lambda: one CloudWatch Embedded Metric Format line per
// request on w (the function's standard output, which Lambda sends to CloudWatch Logs,
// where the lines become metrics). It needs no agent, no extension and no network.
type EMF struct {
	w    io.Writer
	opts EMFOptions

	mu sync.Mutex
	// last holds the pools' cumulative counters at the previous line, so each line
	// carries the waits of its own interval and CloudWatch can sum them.
	last []sql.DBStats
}

// NewEMF writes EMF lines to w.
func NewEMF(w io.Writer, o EMFOptions) *EMF {
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}

	if o.Now == nil {
		o.Now = time.Now
	}

	return &EMF{w: w, opts: o}
}

// emfMetric declares one metric of a line.
type emfMetric struct {
	Name string `json:"Name"`
	Unit string `json:"Unit"`
}

// emfDirective tells CloudWatch which members of the line are metrics, and by which
// dimensions to aggregate them.
type emfDirective struct {
	Namespace  string      `json:"Namespace"`
	Dimensions [][]string  `json:"Dimensions"`
	Metrics    []emfMetric `json:"Metrics"`
}

type emfMetadata struct {
	Timestamp         int64          `json:"Timestamp"`
	CloudWatchMetrics []emfDirective `json:"CloudWatchMetrics"`
}

var requestMetrics = []emfMetric{{"Requests", "Count"}, {"Latency", "Milliseconds"}}

var poolMetrics = []emfMetric{
	{"DBOpenConnections", "Count"}, {"DBInUseConnections", "Count"},
	{"DBIdleConnections", "Count"}, {"DBWaits", "Count"}, {"DBWaitTime", "Milliseconds"},
}

// Observe writes the request's line. A failed write is dropped: metrics must never
// fail a request.
func (e *EMF) Observe(r Request) {
	line := map[string]any{
		"FunctionName": e.opts.FunctionName,
		"Method":       r.Method,
		"Route":        r.Route,
		"Status":       strconv.Itoa(r.Status),
		"Requests":     1,
		"Latency":      float64(r.Duration.Microseconds()) / 1000,
	}

	directives := []emfDirective{{
		Namespace:  e.opts.Namespace,
		Dimensions: [][]string{{"FunctionName", "Route", "Method", "Status"}},
		Metrics:    requestMetrics,
	}}

	e.mu.Lock()
	defer e.mu.Unlock()

	if e.addPools(line) {
		directives = append(directives, emfDirective{
			Namespace:  e.opts.Namespace,
			Dimensions: [][]string{{"FunctionName", "Pool"}},
			Metrics:    poolMetrics,
		})
	}

	line["_aws"] = emfMetadata{Timestamp: e.opts.Now().UnixMilli(),
		CloudWatchMetrics: directives}

	b, err := json.Marshal(line)
	if err != nil {
		return
	}

	_, _ = e.w.Write(append(b, '\n'))
}

// addPools puts the writer pool's figures on the line (the reader, when there is one,
// is a separate dimension value only in Prometheus: one EMF line holds one value per
// metric). It reports whether there were any.
func (e *EMF) addPools(line map[string]any) bool {
	if e.opts.Pools == nil {
		return false
	}

	stats := e.opts.Pools()
	if len(stats) == 0 {
		return false
	}

	s := stats[0]
	var prev sql.DBStats
	if len(e.last) > 0 {
		prev = e.last[0]
	}

	e.last = stats
	line["Pool"] = poolName(0)
	line["DBOpenConnections"] = s.OpenConnections
	line["DBInUseConnections"] = s.InUse
	line["DBIdleConnections"] = s.Idle
	line["DBWaits"] = s.WaitCount - prev.WaitCount
	line["DBWaitTime"] = float64((s.WaitDuration - prev.WaitDuration).Microseconds()) / 1000

	return true
}
