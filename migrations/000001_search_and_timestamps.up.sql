-- Shared pieces the tables need: trigram matching for the `q` search, and the trigger
-- function that keeps updated_at current.
BEGIN;

-- Fail fast rather than queue behind a long transaction while holding up traffic.
SET LOCAL lock_timeout = '5s';

-- pg_trgm lives in public because an extension is installed once per database, while
-- the tables may live in any schema (tests give each run its own). Two schemas
-- migrating at once may race to install it; the loser finds it installed.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
EXCEPTION
    WHEN unique_violation OR duplicate_object THEN NULL;
END
$$;

-- set_updated_at stamps updated_at with the transaction time on every UPDATE that did
-- not change it itself. The application sets updated_at on its writes; this covers
-- statements that do not (a counter adjustment, a manual fix in psql).
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;

    RETURN NEW;
END
$$;

COMMIT;
