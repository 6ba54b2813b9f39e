package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// Open connects GORM to the database Options describe. For PostgreSQL it only builds
// the pools (and reads a Secrets Manager secret when one is configured); the first
// query connects, so Ping it to know whether the database is there. Close releases
// every pool Open made, the reader's included.
func Open(ctx context.Context, o Options, log *slog.Logger) (*gorm.DB, error) {
	o = o.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}

	cfg := &gorm.Config{
		TranslateError:       true,
		PrepareStmt:          o.PrepareStmt,
		DisableAutomaticPing: true,
		Logger:               newQueryLogger(log, o.SlowQuery),
		NowFunc:              now,
	}

	switch o.Driver {
	case DriverSQLite:
		return openSQLite(o, cfg)
	case DriverPostgres:
		return openPostgres(ctx, o, cfg)
	}

	return nil, fmt.Errorf("database open: unknown driver %q", o.Driver)
}

// now is GORM's clock: UTC, at the microsecond precision PostgreSQL stores, so a value
// returned by a write equals the one read back later.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func openPostgres(ctx context.Context, o Options, cfg *gorm.Config) (*gorm.DB, error) {
	var creds credentialSource
	if o.SecretARN != "" {
		awsCfg, err := loadAWS(ctx, o)
		if err != nil {
			return nil, Redact("open", err)
		}

		secret := newSecretCredentials(o.SecretARN, awsCfg)
		if _, _, err := secret.credentials(ctx); err != nil {
			return nil, Redact("open", err)
		}

		creds = secret
	}

	p := &pools{}
	writer, err := openPool(ctx, o, creds)
	if err != nil {
		return nil, Redact("open", err)
	}

	p.all = append(p.all, writer)

	db, err := gorm.Open(postgres.New(postgres.Config{Conn: writer}), cfg)
	if err != nil {
		return nil, errors.Join(Redact("open", err), p.close())
	}

	if err := db.Use(p); err != nil {
		return nil, errors.Join(Redact("open", err), p.close())
	}

	if o.ReaderURL == "" && o.ReaderHost == "" {
		return db, nil
	}

	reader, err := openPool(ctx, o.readerOptions(), creds)
	if err != nil {
		return nil, errors.Join(Redact("open reader", err), p.close())
	}

	p.all = append(p.all, reader)
	resolver := dbresolver.Register(dbresolver.Config{
		Replicas: []gorm.Dialector{postgres.New(postgres.Config{Conn: reader})},
	})
	if err := db.Use(resolver); err != nil {
		return nil, errors.Join(Redact("open reader", err), p.close())
	}

	return db, nil
}

// Primary routes the statements built on db to the writer even when they only read:
// the read that answers a write, or any read that must see a just-committed change
// despite replica lag. Without a reader endpoint it changes nothing.
func Primary(db *gorm.DB) *gorm.DB { return db.Clauses(dbresolver.Write) }

// pools is a GORM plugin that remembers every database/sql pool behind a *gorm.DB, so
// Ping and Close reach the reader as well as the writer.
type pools struct{ all []*sql.DB }

const poolsName = "gamarriando:pools"

// Name implements gorm.Plugin.
func (p *pools) Name() string { return poolsName }

// Initialize implements gorm.Plugin.
func (p *pools) Initialize(*gorm.DB) error { return nil }

func (p *pools) close() error {
	var errs []error
	for _, db := range p.all {
		errs = append(errs, db.Close())
	}

	return errors.Join(errs...)
}

func poolsOf(db *gorm.DB) (*pools, error) {
	p, ok := db.Config.Plugins[poolsName].(*pools)
	if !ok {
		return nil, errors.New("database: not opened by database.Open")
	}

	return p, nil
}

// Ping checks that every endpoint answers (writer first, then reader), for readiness
// probes. Give ctx a short deadline: a hung database otherwise holds the probe.
func Ping(ctx context.Context, db *gorm.DB) error {
	p, err := poolsOf(db)
	if err != nil {
		return err
	}

	for i, sqlDB := range p.all {
		if err := sqlDB.PingContext(ctx); err != nil {
			return Redact(endpointName(i), err)
		}
	}

	return nil
}

func endpointName(i int) string {
	if i == 0 {
		return "ping writer"
	}

	return "ping reader"
}

// Close closes every pool behind db. Safe to call once per Open. Closing a connection
// whose server went away fails with a network error naming both addresses, so the
// error is redacted like every other that leaves this package.
func Close(db *gorm.DB) error {
	p, err := poolsOf(db)
	if err != nil {
		return err
	}

	return Redact("close", p.close())
}

// Stats reports the writer pool's counters (and the reader's when there is one), for
// metrics and the pool checks in tests.
func Stats(db *gorm.DB) []sql.DBStats {
	p, err := poolsOf(db)
	if err != nil {
		return nil
	}

	stats := make([]sql.DBStats, 0, len(p.all))
	for _, sqlDB := range p.all {
		stats = append(stats, sqlDB.Stats())
	}

	return stats
}
