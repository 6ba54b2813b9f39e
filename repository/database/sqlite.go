//go:build !lambda

package database

import (
	"database/sql"
	"errors"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
)

// sqlitePragmas make the embedded database enforce foreign keys, wait for locks instead
// of failing at once, and let readers run beside the writer.
const sqlitePragmas = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)"

func openSQLite(o Options, cfg *gorm.Config) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(o.SQLitePath+sqlitePragmas), cfg)
	if err != nil {
		return nil, Redact("open", err)
	}

	sqlDB, err := db.DB()
	if err != nil {
		return nil, Redact("open", err)
	}

	// SQLite has one writer; a single connection serialises writes in the pool
	// instead of failing them with SQLITE_BUSY.
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetMaxIdleConns(1)
	sqlDB.SetConnMaxLifetime(0)
	sqlDB.SetConnMaxIdleTime(0)

	if err := db.Use(&pools{all: []*sql.DB{sqlDB}}); err != nil {
		return nil, errors.Join(Redact("open", err), sqlDB.Close())
	}

	return db, nil
}
