BEGIN;

-- Fail fast rather than queue behind a long transaction while holding up traffic.
SET LOCAL lock_timeout = '5s';

DROP INDEX IF EXISTS products_slug_pattern_idx;
DROP INDEX IF EXISTS categories_slug_pattern_idx;

COMMIT;
