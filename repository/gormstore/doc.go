// Package gormstore stores the catalog in PostgreSQL or SQLite through GORM. It
// implements the use-case ports (usecase.Store and its repositories) and is the only
// place where database errors become domain errors: nothing above it sees SQLSTATEs,
// constraint names or driver messages.
//
// The same code runs on both databases. Where they differ (exact decimals, JSON
// columns, row locks) the difference is decided from the dialect at run time, and one
// contract test suite runs against each.
package gormstore
