-- pg_trgm stays: it is database-wide, other schemas may use it, and keeping it is
-- harmless. Everything else of the up step goes.
BEGIN;

-- Fail fast rather than queue behind a long transaction while holding up traffic.
SET LOCAL lock_timeout = '5s';

DROP FUNCTION IF EXISTS set_updated_at();

COMMIT;
