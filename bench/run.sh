#!/usr/bin/env bash
# The performance benchmark (`make bench`): a fresh PostgreSQL database with a million
# products, the service built as in production and the hand-written reference
# (bench/reference) side by side on loopback, driven by wrk from another process. See
# docs/performance.md for what it measures and how to read the table.
#
# Settings (environment):
#   BENCH_PRODUCTS  products to seed (1000000)       BENCH_ROUNDS    rounds (3)
#   BENCH_DURATION  one measured run (10s)            BENCH_WARMUP    warm-up run (5s)
#   BENCH_DB        database to (re)create (gamarriando_bench)
#   BENCH_PG        server URL without a database (postgres://postgres@127.0.0.1:5432)
#   BENCH_OUT       results folder (bench/results)    BENCH_LOG_LEVEL server LOG_LEVEL (info)
#   BENCH_REUSE=1   keep an already seeded BENCH_DB instead of recreating it
set -euo pipefail
cd "$(dirname "$0")/.."

PRODUCTS=${BENCH_PRODUCTS:-1000000}
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-5s}
DB=${BENCH_DB:-gamarriando_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
OUT=${BENCH_OUT:-bench/results}
LOG_LEVEL=${BENCH_LOG_LEVEL:-info}
SERVICE_PORT=18080
REFERENCE_PORT=18090
DB_URL="$PG/$DB?sslmode=disable"

say() { printf 'bench: %s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

WORK=$(mktemp -d)
SERVER_PID=""
REFERENCE_PID=""
cleanup() {
  for pid in $SERVER_PID $REFERENCE_PID; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

for port in $SERVICE_PORT $REFERENCE_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port is in use; stop what listens there first"
    exit 1
  fi
done

say "building (the service as in production: CGO_ENABLED=0, -trimpath, -s -w)"
for cmd in cmd/server cmd/migrate cmd/seed bench/reference bench/driver; do
  CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$WORK/$(basename "$cmd")" "./$cmd"
done

mkdir -p "$OUT"
if [[ "${BENCH_REUSE:-}" == 1 ]] && psql "$PG/$DB" -tAc "SELECT 1 FROM products LIMIT 1" \
  2>/dev/null | grep -q 1; then
  say "reusing the seeded database $DB (BENCH_REUSE=1)"
  SEEDED=1
else
  say "creating a fresh database $DB"
  psql "$PG/postgres" -qv ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
    -c "CREATE DATABASE $DB"
  SEEDED=0
fi

say "migrating"
env -i PATH="$PATH" DATABASE_URL="$DB_URL" "$WORK/migrate" up

if [[ $SEEDED == 0 ]]; then
  say "seeding $PRODUCTS products"
  start=$(date +%s)
  env -i PATH="$PATH" DATABASE_URL="$DB_URL" "$WORK/seed" --products "$PRODUCTS" \
    --categories 60 --vendors 1000 --active-share 0.8 --seed 1 --progress-every 15s
  say "seeded in $(($(date +%s) - start)) s"
fi

# Production mode refuses sslmode=disable and HS256 tokens, so the server runs in
# development mode with the development conveniences turned off (no AutoMigrate, no
# demo data) and token verification on, as in production: reads are anonymous and see
# what the public sees; the create scenario signs an admin token with the secret. The
# binary is the production build either way. The pool is set to 15 connections, all
# kept idle, like the reference's: the default keeps only 5 idle, and under this load
# database/sql then closes and reopens sessions constantly.
SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
say "starting the service on 127.0.0.1:$SERVICE_PORT"
env -i PATH="$PATH" APP_ENV=development DATABASE_URL="$DB_URL" DB_SSLMODE=disable \
  DB_AUTO_MIGRATE=false SEED_DEMO_DATA=false PORT=$SERVICE_PORT LOG_LEVEL="$LOG_LEVEL" \
  DB_POOL_SIZE=15 DB_MAX_OVERFLOW=0 AUTH_HS256_SECRET="$SECRET" "$WORK/server" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

say "starting the reference on 127.0.0.1:$REFERENCE_PORT"
"$WORK/reference" -addr "127.0.0.1:$REFERENCE_PORT" -database-url "$DB_URL" \
  -max-conns 15 >"$WORK/reference.log" 2>&1 &
REFERENCE_PID=$!

ready=0
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$SERVICE_PORT/health" >/dev/null &&
    curl -s -o /dev/null "http://127.0.0.1:$REFERENCE_PORT/api/v1/products/1"; then
    ready=1
    break
  fi
  sleep 0.1
done

if [[ $ready == 0 ]]; then
  say "the service or the reference did not start; their logs:"
  tail -n 20 "$WORK/server.log" "$WORK/reference.log" >&2
  exit 1
fi

AUTH_HS256_SECRET="$SECRET" "$WORK/driver" -service "http://127.0.0.1:$SERVICE_PORT" \
  -reference "http://127.0.0.1:$REFERENCE_PORT" -database-url "$DB_URL" \
  -server-pid "$SERVER_PID" -reference-pid "$REFERENCE_PID" -duration "$DURATION" -warmup "$WARMUP" -rounds "$ROUNDS" \
  -out "$OUT" -setup "service: APP_ENV=development, DB_POOL_SIZE=15, DB_MAX_OVERFLOW=0, \
LOG_LEVEL=$LOG_LEVEL, auth on (HS256); reference: pgxpool of 15" -command "make bench (BENCH_PRODUCTS=$PRODUCTS BENCH_ROUNDS=$ROUNDS \
BENCH_DURATION=$DURATION)"

# The access log has a line per request; keep the rest of the server's log.
grep -v '"msg":"request"' "$WORK/server.log" >"$OUT/server.log" || true
say "server log lines other than access logs: $(wc -l <"$OUT/server.log") (in $OUT/server.log)"
say "results in $OUT/results.md, plans in $OUT/plans.md"
