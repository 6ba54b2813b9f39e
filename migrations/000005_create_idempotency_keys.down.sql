BEGIN;

-- Fail fast rather than queue behind a long transaction while holding up traffic.
SET LOCAL lock_timeout = '5s';

DROP TABLE IF EXISTS idempotency_keys;

COMMIT;
