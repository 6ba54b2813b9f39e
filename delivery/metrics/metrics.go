// Package metrics records what the service does, per request and per database pool,
// in the form each runtime can collect: a Prometheus registry behind /metrics for the
// local server, and CloudWatch Embedded Metric Format lines on Lambda's standard output,
// which CloudWatch turns into metrics without an agent or a scrape.
//
// The router calls a Recorder once per request with the route pattern, never the URL,
// so the number of series stays bounded whatever clients send.
package metrics

import (
	"database/sql"
	"strconv"
	"time"
)

// Request is one served request as the router saw it.
type Request struct {
	Method string
	// Route is the route pattern (/api/v1/products/:id), or "unmatched".
	Route    string
	Status   int
	Duration time.Duration
}

// Recorder receives every request the router serves. Observe runs on the request path:
// implementations are fast and safe for concurrent use.
type Recorder interface {
	Observe(r Request)
}

// PoolStats reports the database pools' counters, writer first, then the reader when
// there is one (database.Stats has this shape). Nil reports no pools.
type PoolStats func() []sql.DBStats

// poolName labels the i-th pool of a PoolStats answer.
func poolName(i int) string {
	switch i {
	case 0:
		return "writer"
	case 1:
		return "reader"
	}

	return "pool" + strconv.Itoa(i)
}
