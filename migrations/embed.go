// Package migrations holds the versioned PostgreSQL schema (golang-migrate files, one
// up and one down per step, embedded in every binary) and the code that applies it.
// These files are the source of truth for PostgreSQL; GORM AutoMigrate is for the
// development SQLite database only.
//
// The same functions serve cmd/migrate, a one-off Lambda invocation inside the VPC
// (RunCommand), and the tests, which migrate a schema of their own through search_path.
package migrations

import "embed"

// files are the migrations, named NNNNNN_title.up.sql and NNNNNN_title.down.sql.
//
//go:embed *.sql
var files embed.FS
