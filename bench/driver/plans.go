package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// plannedQuery is one hot statement, written as GORM renders it (checked against the
// statements sampled from pg_stat_activity during the run), with the arguments the
// scenario used, as SQL literals.
type plannedQuery struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
	Args string `json:"args"`
	Plan string `json:"plan"`
}

const productColumns = `"id","name","slug","description","price","stock","status",` +
	`"category_id","vendor_id","images","tags","version","created_at","updated_at"`

const newestFirst = ` ORDER BY "created_at" DESC,"id" DESC`

// hotQueries lists the statements behind every scenario.
func hotQueries(c catalog, deepCursor string) ([]plannedQuery, error) {
	at, id, err := decodeCursor(deepCursor)
	if err != nil {
		return nil, err
	}

	mid := (c.MinID + c.MaxID) / 2
	ts := "'" + at.Format(time.RFC3339Nano) + "'"
	like := "'%" + c.searchFolded + "%'"
	slug := "'polo-clasico-negro-modelo-4821'"
	sel := `SELECT ` + productColumns + ` FROM "products" WHERE `

	return []plannedQuery{
		{Name: "get by id", SQL: sel + `id = $1 LIMIT $2`, Args: fmt.Sprintf("%d, 1", mid)},
		{Name: "filtered list: page", SQL: sel + `category_id IN ($1) AND status IN ($2) ` +
			`AND status = $3` + newestFirst + ` LIMIT $4`,
			Args: fmt.Sprintf("%d, 'active', 'active', 21", c.Leaf)},
		{Name: "filtered list: total", SQL: `SELECT count(*) FROM "products" WHERE ` +
			`category_id IN ($1) AND status IN ($2) AND status = $3`,
			Args: fmt.Sprintf("%d, 'active', 'active'", c.Leaf)},
		{Name: "active list page 1: page", SQL: sel + `status IN ($1) AND status = $2` +
			newestFirst + ` LIMIT $3`, Args: "'active', 'active', 21"},
		{Name: "active list page 1: total", SQL: `SELECT count(*) FROM "products" WHERE ` +
			`status IN ($1) AND status = $2`, Args: "'active', 'active'"},
		{Name: "deep cursor", SQL: sel + `status IN ($1) AND status = $2 AND ` +
			`(created_at, id) < ($3, $4)` + newestFirst + ` LIMIT $5`,
			Args: fmt.Sprintf("'active', 'active', %s, %d, 21", ts, id)},
		{Name: "q search: page", SQL: sel + `status IN ($1) AND search_text LIKE $2 ` +
			`ESCAPE '\' AND status = $3` + newestFirst + ` LIMIT $4`,
			Args: "'active', " + like + ", 'active', 21"},
		{Name: "q search: total", SQL: `SELECT count(*) FROM "products" WHERE status IN ($1) ` +
			`AND search_text LIKE $2 ESCAPE '\' AND status = $3`,
			Args: "'active', " + like + ", 'active'"},
		{Name: "create: category exists", SQL: `SELECT count(*) FROM "categories" WHERE id = $1`,
			Args: fmt.Sprint(c.Leaf)},
		{Name: "create: free slug", SQL: `SELECT "slug" FROM "products" WHERE slug = $1 OR ` +
			`slug LIKE $2 ESCAPE '\'`, Args: slug + ", " + strings.TrimSuffix(slug, "'") + "-%'"},
		{Name: "create: vendor", SQL: `SELECT "id","name","email","phone","address",` +
			`"description","is_active","is_verified","rating","total_products","version",` +
			`"created_at","updated_at" FROM "vendors" WHERE id = $1 LIMIT $2`,
			Args: fmt.Sprintf("%d, 1", c.vendorIDs[0])},
		{Name: "create: vendor counter", SQL: `UPDATE "vendors" SET "total_products"=` +
			`total_products + $1,"version"=version + 1 WHERE id = $2`,
			Args: fmt.Sprintf("1, %d", c.vendorIDs[0])},
	}, nil
}

// decodeCursor reads the service's cursor for the default sort: base64 JSON with the
// last row's created_at ("v") and id ("i").
func decodeCursor(s string) (time.Time, int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("cursor: %w", err)
	}

	var c struct {
		V string `json:"v"`
		I int64  `json:"i"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return time.Time{}, 0, fmt.Errorf("cursor: %w", err)
	}

	t, err := time.Parse(time.RFC3339Nano, c.V)

	return t, c.I, err
}

// explain plans every query the way the service's connections run them: as a prepared
// statement executed a few times first, so PostgreSQL has settled on a custom or a
// generic plan, then EXPLAIN (ANALYZE, BUFFERS) EXECUTE. All of it runs in a
// transaction that is rolled back, so the UPDATE changes nothing.
func explain(ctx context.Context, db *pgx.Conn, queries []plannedQuery) ([]plannedQuery,
	error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback(context.Background()) }()

	for i := range queries {
		q := &queries[i]
		name := fmt.Sprintf("bench_plan_%d", i)
		if _, err := tx.Exec(ctx, "PREPARE "+name+" AS "+q.SQL); err != nil {
			return nil, fmt.Errorf("prepare %s: %w", q.Name, err)
		}

		// Six runs settle the plan cache's choice and warm the pages the plan reads.
		exec := "EXECUTE " + name + "(" + q.Args + ")"
		for range 6 {
			if _, err := tx.Exec(ctx, exec); err != nil {
				return nil, fmt.Errorf("execute %s: %w", q.Name, err)
			}
		}

		rows, _ := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+exec,
			pgx.QueryExecModeSimpleProtocol)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", q.Name, err)
		}

		q.Plan = strings.Join(lines, "\n")
	}

	return queries, nil
}
