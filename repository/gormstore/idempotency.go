package gormstore

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/gamarriando/product-service/usecase"
)

// idempotencyModel is one remembered POST. (scope, key) is unique: the caller plus the
// key the caller chose.
type idempotencyModel struct {
	ID          int64     `gorm:"primaryKey"`
	Scope       string    `gorm:"type:varchar(300);not null;uniqueIndex:idempotency_keys_scope_key_key,priority:1"`
	Key         string    `gorm:"type:varchar(255);not null;uniqueIndex:idempotency_keys_scope_key_key,priority:2"`
	Fingerprint string    `gorm:"type:varchar(64);not null"`
	Status      int       `gorm:"not null"`
	Location    string    `gorm:"type:text;not null;default:''"`
	ETag        string    `gorm:"column:etag;type:varchar(64);not null;default:''"`
	Body        []byte    `gorm:"not null"`
	CreatedAt   time.Time `gorm:"not null;index:idempotency_keys_created_at_idx"`
}

func (idempotencyModel) TableName() string { return "idempotency_keys" }

type idempotencyRepo repos

var idempotencyTarget = target{op: "idempotency key"}

// TryLock takes a transaction-scoped advisory lock on the caller's key. Keys hold no
// spaces, so "scope key" names one pair only. On SQLite, which runs one writing
// transaction at a time, the transaction itself is the lock.
func (r idempotencyRepo) TryLock(ctx context.Context, scope, key string) (bool, error) {
	if !isPostgres(r.db) {
		return true, nil
	}

	var ok bool
	err := r.db.WithContext(ctx).
		Raw("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))", scope+" "+key).
		Scan(&ok).Error

	return ok, idempotencyTarget.translate(err)
}

// Find reads the record of a key, ignoring one older than notBefore.
func (r idempotencyRepo) Find(ctx context.Context, scope, key string,
	notBefore time.Time) (*usecase.IdempotencyRecord, error) {
	var m idempotencyModel
	err := primary(r.db).WithContext(ctx).
		Where("scope = ? AND key = ? AND created_at >= ?", scope, key, notBefore).
		Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}

	if err != nil {
		return nil, idempotencyTarget.translate(err)
	}

	return &usecase.IdempotencyRecord{Scope: m.Scope, Key: m.Key, Fingerprint: m.Fingerprint,
		CreatedAt: m.CreatedAt, Response: usecase.StoredResponse{Status: m.Status,
			Location: m.Location, ETag: m.ETag, Body: m.Body}}, nil
}

// Save stores a record, first removing an expired one of the same key: Find already
// ignored it, and the unique index would refuse the new row.
func (r idempotencyRepo) Save(ctx context.Context, rec usecase.IdempotencyRecord) error {
	db := r.db.WithContext(ctx)

	err := db.Where("scope = ? AND key = ?", rec.Scope, rec.Key).
		Delete(&idempotencyModel{}).Error
	if err != nil {
		return idempotencyTarget.translate(err)
	}

	m := idempotencyModel{Scope: rec.Scope, Key: rec.Key, Fingerprint: rec.Fingerprint,
		Status: rec.Response.Status, Location: rec.Response.Location,
		ETag: rec.Response.ETag, Body: rec.Response.Body,
		CreatedAt: rec.CreatedAt.UTC().Truncate(time.Microsecond)}

	return idempotencyTarget.translate(db.Create(&m).Error)
}

// Purge deletes every record created before the given time.
func (r idempotencyRepo) Purge(ctx context.Context, before time.Time) (int64, error) {
	res := r.db.WithContext(ctx).Where("created_at < ?", before).Delete(&idempotencyModel{})

	return res.RowsAffected, idempotencyTarget.translate(res.Error)
}
