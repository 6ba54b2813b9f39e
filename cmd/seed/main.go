// Command seed loads a synthetic catalog of any size into the PostgreSQL database the
// server is configured for (the same environment variables): a two-level category
// tree, vendors, and products with Spanish names, exact prices, tags and images. It
// is what the performance benchmark loads its million products with.
//
//	go run ./cmd/seed --products 1000000
//
// The schema must exist (go run ./cmd/migrate up). The seed appends to whatever is
// there; the same flags on an empty database give the same catalog.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/repository/catalogseed"
	"github.com/gamarriando/product-service/repository/database"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "seed:", err)
		}

		os.Exit(2)
	}
}

// settings are the command line: the plan plus how to report.
type settings struct {
	options catalogseed.Options
	every   time.Duration
}

func parseFlags(args []string, out io.Writer, today time.Time) (settings, error) {
	def := catalogseed.DefaultPlan()
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(out)

	var s settings
	o := &s.options
	fs.IntVar(&o.Products, "products", 10_000, "products to create")
	fs.IntVar(&o.Categories, "categories", def.Categories,
		"categories to create, about one in six a root and the rest its children")
	fs.IntVar(&o.Vendors, "vendors", def.Vendors, "vendors to create")
	fs.Float64Var(&o.ActiveShare, "active-share", def.ActiveShare,
		"fraction of products whose status is active")
	fs.Uint64Var(&o.Seed, "seed", def.Seed, "random seed; the same seed gives the same catalog")
	fs.IntVar(&o.Batch, "batch", catalogseed.DefaultBatch, "products per transaction")
	fs.BoolVar(&o.Vacuum, "vacuum", true,
		"VACUUM (ANALYZE) the tables at the end, so plans and index-only scans see the rows")
	asOf := fs.String("as-of", today.Format(time.DateOnly),
		"the catalog's present (YYYY-MM-DD); creation times spread over the two years before")
	fs.DurationVar(&s.every, "progress-every", 10*time.Second,
		"interval of the progress lines when the output is not a terminal")

	if err := fs.Parse(args); err != nil {
		return s, err
	}

	if fs.NArg() > 0 {
		return s, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	now, err := time.Parse(time.DateOnly, *asOf)
	if err != nil {
		return s, errors.New("-as-of must be a date such as 2026-06-01")
	}

	o.Now = now.UTC()
	if o.Batch < 1 {
		return s, errors.New("-batch must be 1 or more")
	}

	return s, o.Validate()
}

func run(ctx context.Context, args []string, getenv func(string) string, out *os.File) error {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	s, err := parseFlags(args, out, today)
	if err != nil {
		return err
	}

	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}

	if cfg.Database.Driver != database.DriverPostgres {
		return errors.New("the seed writes to PostgreSQL only: set DATABASE_URL or DB_HOST")
	}

	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := database.Open(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer database.Close(db)

	fmt.Fprintf(out, "seed: %s into %s\n", describe(s.options), cfg.Database.Describe())
	tty := term.IsTerminal(int(out.Fd()))
	width, _, _ := term.GetSize(int(out.Fd()))
	bar := newProgress(out, tty, width, s.every)
	s.options.Progress = bar.update

	start := time.Now()
	res, err := catalogseed.Seed(ctx, db, s.options)
	bar.finish()
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "seed: %d categories, %d vendors and %d products in %s\n",
		res.Categories, res.Vendors, res.Products, time.Since(start).Round(time.Millisecond))

	return nil
}

func describe(o catalogseed.Options) string {
	return fmt.Sprintf("%d products, %d categories, %d vendors, %.0f%% active, seed %d",
		o.Products, o.Categories, o.Vendors, 100*o.ActiveShare, o.Seed)
}
