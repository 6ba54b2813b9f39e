package gormstore

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// jsonDBDataType is jsonb on PostgreSQL and TEXT holding the same JSON on SQLite.
func jsonDBDataType(db *gorm.DB) string {
	if isPostgres(db) {
		return "jsonb"
	}

	return "text"
}

// stringList is a JSON array of strings column, used for product images and tags.
type stringList []string

func (stringList) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return jsonDBDataType(db)
}

// Value writes the list as JSON text; nil is written as [] so the column is never null.
func (l stringList) Value() (driver.Value, error) {
	if l == nil {
		l = stringList{}
	}

	b, err := json.Marshal([]string(l))
	if err != nil {
		return nil, fmt.Errorf("encode string list: %w", err)
	}

	return string(b), nil
}

func (l *stringList) Scan(src any) error {
	return scanJSON(src, (*[]string)(l))
}

// addressJSON is a vendor's address as a JSON object column. Its keys are the API's.
type addressJSON struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	State   string `json:"state"`
	ZipCode string `json:"zip_code"`
	Country string `json:"country"`
}

func (addressJSON) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return jsonDBDataType(db)
}

func (a addressJSON) Value() (driver.Value, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encode address: %w", err)
	}

	return string(b), nil
}

func (a *addressJSON) Scan(src any) error {
	*a = addressJSON{}

	return scanJSON(src, a)
}

// scanJSON decodes a JSON column, which drivers hand over as text or bytes.
func scanJSON(src any, dst any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("scan json column: unsupported type %T", src)
	}

	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("scan json column: %w", err)
	}

	return nil
}
