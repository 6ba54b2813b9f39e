// Package database opens the service's database connections: PostgreSQL (Aurora in
// production) through pgx underneath GORM, or an embedded SQLite file for local
// development when no database is configured.
//
// The server, the Lambda functions and the migrator all connect through Open, so pool
// sizing, timeouts, TLS, IAM tokens, rotated secrets and reader routing behave the same
// everywhere. Nothing this package logs or returns as an error contains the DSN, a
// password, a token or a secret.
package database
