//go:build lambda

package database

import (
	"errors"

	"gorm.io/gorm"
)

// openSQLite is left out of Lambda builds: production refuses SQLite anyway, and the
// embedded engine is a tenth of the bootstrap's size and of its start-up work.
func openSQLite(Options, *gorm.Config) (*gorm.DB, error) {
	return nil, errors.New("database open: this build has no embedded SQLite; " +
		"configure PostgreSQL")
}
