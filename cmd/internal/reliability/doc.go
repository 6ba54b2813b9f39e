// Package reliability holds the automated tests of RELIABILITY.md that need a whole
// service and a database to break: faults (restart, stop, freeze, killed backends),
// pools and deadlines, graceful shutdown of the built binary, invariants under
// concurrency, optimistic concurrency, input limits and error hygiene.
//
// The slow suites carry the build tag reliability and run against a throwaway
// PostgreSQL cluster that TestMain starts on a loopback port (package
// repository/dbtest/cluster), never against a shared server:
//
//	go test -tags reliability -count=1 ./cmd/internal/reliability/
//
// The static check of query-building calls (TestQueryArgumentsAreConstant) has no
// tag and runs with every `go test ./...`.
package reliability
