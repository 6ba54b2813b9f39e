package migrations

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gamarriando/product-service/repository/gormstore"
)

// TestDrift builds the schema twice, from the SQL migrations and from GORM AutoMigrate
// (what development and the SQLite tests run on), and fails when the two differ in
// anything the application can observe: tables, columns, types, nullability, defaults,
// CHECK and unique constraints with their names (the repositories read constraint
// names to say which field failed), foreign keys and their delete rule, indexes.
//
// What may differ, and why it is invisible to the application:
//   - id: an identity column in SQL, bigserial in GORM. Both number new rows from the
//     same sequence name; the application never writes ids.
//   - set_updated_at and its triggers exist only in SQL. They stamp updated_at when a
//     statement did not; the application always sets it itself.
//   - names of non-unique indexes: nothing reads them; their definitions must match.
//   - the upper bound of products_price_check: SQL says 99999999.99, the models say
//     9999999999 (their SQLite bound, in cents). numeric(10,2) cannot exceed
//     99999999.99, so both accept exactly the same values.
func TestDrift(t *testing.T) {
	ctx := context.Background()

	fromSQL, sqlSchema := testSchema(t)
	if err := Up(ctx, fromSQL); err != nil {
		t.Fatal(err)
	}

	fromGORM, gormSchema := testSchema(t)
	gdb, err := gorm.Open(postgres.New(postgres.Config{Conn: fromGORM}),
		&gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}

	if err := gormstore.AutoMigrate(gdb); err != nil {
		t.Fatalf("AutoMigrate: %v", err)
	}

	want := allowDrift(snapshot(t, fromSQL, sqlSchema))
	got := allowDrift(snapshot(t, fromGORM, gormSchema))
	if d := diffLines(want, got); len(d) > 0 {
		t.Errorf("SQL migrations (-) and AutoMigrate (+) differ:\n%s", strings.Join(d, "\n"))
		return
	}

	t.Logf("no drift: %d catalog lines agree", len(want))
}

var (
	identityID = regexp.MustCompile(`^(column \w+\.id bigint not null) default= identity=d$`)
	serialID   = regexp.MustCompile(
		`^(column \w+\.id bigint not null) default=nextval\(.*\) identity=$`)
	plainIndex = regexp.MustCompile(`^index-n (\w+)\.(\w+) CREATE INDEX (\w+) `)
	priceBound = regexp.MustCompile(
		`AND \(price <= (99999999\.99|\('?9999999999'?(::bigint)?\)::numeric)\)`)
	sqlOnlyLine = regexp.MustCompile(
		`^(trigger \w+\.\w+_set_updated_at |function set_updated_at\(\) )`)
)

// allowDrift rewrites the lines that may differ (see TestDrift) into one form.
func allowDrift(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if sqlOnlyLine.MatchString(l) {
			continue
		}

		if m := identityID.FindStringSubmatch(l); m != nil {
			l = m[1] + " auto-numbered"
		}

		if m := serialID.FindStringSubmatch(l); m != nil {
			l = m[1] + " auto-numbered"
		}

		l = plainIndex.ReplaceAllString(l, "index-n $1.* CREATE INDEX * ")
		l = priceBound.ReplaceAllString(l, "AND (price <= max of numeric(10,2))")
		out = append(out, l)
	}

	return out
}

// TestAutoMigrateOverMigratedSchema runs AutoMigrate, as a development server may, on
// a schema the SQL migrations built: it must find everything in place and change
// nothing (no second set of foreign keys, no altered column).
func TestAutoMigrateOverMigratedSchema(t *testing.T) {
	db, schema := testSchema(t)
	if err := Up(context.Background(), db); err != nil {
		t.Fatal(err)
	}

	before := snapshot(t, db, schema)
	gdb, err := gorm.Open(postgres.New(postgres.Config{Conn: db}),
		&gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}

	if err := gormstore.AutoMigrate(gdb); err != nil {
		t.Fatalf("AutoMigrate over the migrated schema: %v", err)
	}

	requireSame(t, "AutoMigrate over the SQL schema", before, snapshot(t, db, schema))
}
