package dbtest

import (
	"github.com/gamarriando/product-service/repository/gormstore"
	"gorm.io/gorm"
)

// autoMigrate is the schema of the development databases, built from the GORM models.
func autoMigrate(db *gorm.DB) error {
	return gormstore.AutoMigrate(db)
}
