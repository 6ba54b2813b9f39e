package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// Usage lists the commands RunCommand understands.
const Usage = `commands:
  up         apply every pending migration
  down N     undo the last N migrations (N >= 1)
  version    print the applied version
  force V    mark version V as applied and clean, running nothing (-1: none)
  seed       load the demo catalog (idempotent; needs the latest schema)`

// ErrUsage marks a command line RunCommand does not understand.
var ErrUsage = errors.New("unknown or malformed migrate command")

// RunCommand runs one migrator command, given as words ("up", "down", "2"), and
// returns a line for a human. cmd/migrate calls it with its arguments, and a one-off
// Lambda invocation with the words of its event.
func RunCommand(ctx context.Context, db *sql.DB, args ...string) (string, error) {
	if len(args) == 0 {
		return "", fmt.Errorf("%w: no command", ErrUsage)
	}

	switch cmd, rest := args[0], args[1:]; {
	case cmd == "up" && len(rest) == 0:
		return afterwards(ctx, db, Up(ctx, db))
	case cmd == "down" && len(rest) == 1:
		n, err := strconv.Atoi(rest[0])
		if err != nil || n < 1 {
			return "", fmt.Errorf("%w: down needs a positive number of steps", ErrUsage)
		}

		return afterwards(ctx, db, Down(ctx, db, n))
	case cmd == "force" && len(rest) == 1:
		v, err := strconv.Atoi(rest[0])
		if err != nil || v < -1 {
			return "", fmt.Errorf("%w: force needs a version (or -1)", ErrUsage)
		}

		return afterwards(ctx, db, Force(ctx, db, v))
	case cmd == "version" && len(rest) == 0:
		return afterwards(ctx, db, nil)
	case cmd == "seed" && len(rest) == 0:
		if err := Seed(ctx, db); err != nil {
			return "", err
		}

		return "demo data seeded", nil
	}

	return "", fmt.Errorf("%w: %q", ErrUsage, args)
}

// afterwards reports the version a command left, or the command's error.
func afterwards(ctx context.Context, db *sql.DB, err error) (string, error) {
	if err != nil {
		return "", err
	}

	version, dirty, err := Version(ctx, db)
	if err != nil {
		return "", err
	}

	latest, err := Latest()
	if err != nil {
		return "", err
	}

	line := fmt.Sprintf("schema version %d of %d", version, latest)
	if version == 0 {
		line = fmt.Sprintf("no migration applied (latest is %d)", latest)
	}

	if dirty {
		line += " (dirty: a migration failed half-way; see force)"
	}

	return line, nil
}
