// Package usecase holds the business rules of the catalog: validation of every write,
// slug derivation, referential checks, blocked deletes, the category tree's shape and
// the vendors' product counters. It speaks only domain types and the storage ports
// declared here, so every entry point (HTTP server, Lambda, seed tools) and every
// database (PostgreSQL, SQLite) gets the same rules.
package usecase
