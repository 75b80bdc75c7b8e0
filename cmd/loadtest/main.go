// Command loadtest runs a realistic mix of daihoi users against a server for a few minutes and
// reports, per kind of request, how many were made, the throughput, the 50th and 99th percentile
// latencies and the errors (any answer the scenario did not expect), with the server's memory.
//
// The mix: staff of the higher committee browsing the congress list (filters, pages, search),
// congress pages, the organization tree and the reports dashboard, and downloading the Excel
// reports; clerks entering ballots into open rounds, double entry, one pile each; an auditor
// reading the audit trail on screen and through the API.
//
//	go run ./cmd/loadtest                                # starts a server on a temp SQLite database
//	go run ./cmd/loadtest --engine postgres --congresses 5000 --duration 2m
//	go run ./cmd/loadtest --url http://127.0.0.1:8080    # a running server with the demo users
//
// It exits 1 when any request failed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Config is one load run.
type Config struct {
	// URL is a running server to load; empty starts one (Bin) on a new database.
	URL string
	// Engine is the database of a server started here: "sqlite" or "postgres".
	Engine string
	// Postgres is the server on which a PostgreSQL database is created for the run and dropped after.
	Postgres string
	// DB, when set, is the (empty) database a started server uses instead of one made here.
	DB string
	// Congresses is how many generated congresses "daihoi demo --congresses" adds.
	Congresses int
	Duration   time.Duration
	Staff      int
	Clerks     int
	// Think is the mean pause of a user between two actions (uniform in 0…2×Think).
	Think time.Duration
	// Bin is the daihoi binary; empty builds it with "go build daihoi/cmd/daihoi".
	Bin string
	// Password is the demo users' password (and that of the users added here).
	Password string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

func main() {
	cfg := Config{Log: os.Stderr}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.StringVar(&cfg.URL, "url", "", "a running server (e.g. http://127.0.0.1:8080) with the demo users; empty starts one on a temp database")
	fs.StringVar(&cfg.Engine, "engine", "sqlite", "database of the started server: sqlite or postgres")
	fs.StringVar(&cfg.Postgres, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server on which --engine postgres creates (and drops) its database")
	fs.IntVar(&cfg.Congresses, "congresses", 2000, "generated congresses added by 'daihoi demo --congresses N' on a started server")
	fs.DurationVar(&cfg.Duration, "duration", 3*time.Minute, "how long the mix runs")
	fs.IntVar(&cfg.Staff, "staff", 20, "staff users browsing and exporting")
	fs.IntVar(&cfg.Clerks, "clerks", 8, "clerks entering ballots (one pile each)")
	fs.DurationVar(&cfg.Think, "think", 250*time.Millisecond, "mean pause of a user between actions")
	fs.StringVar(&cfg.Bin, "bin", "", "daihoi binary for a started server; empty builds daihoi/cmd/daihoi")
	fs.StringVar(&cfg.Password, "password", "daihoi-demo", "password of the demo users")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := Run(ctx, cfg)
	if rep != nil {
		rep.Print(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	if rep.Errors() > 0 {
		fmt.Fprintf(os.Stderr, "loadtest: %d requests failed\n", rep.Errors())
		os.Exit(1)
	}
}

// Run sets up the server and the users, runs the mix for cfg.Duration and reports.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Password == "" {
		cfg.Password = "daihoi-demo"
	}
	var srv *server
	base := cfg.URL
	if base == "" {
		var err error
		if srv, err = startServer(ctx, cfg); err != nil {
			return nil, err
		}
		defer srv.stop(cfg.Log)
		base = srv.url
	}
	l := newLoad(base, cfg)
	if err := l.setup(ctx, srv); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	var mem *memSampler
	if srv != nil {
		mem = sampleMemory(srv.cmd.Process.Pid)
	}
	rep := l.run(ctx)
	if mem != nil {
		rep.Memory = mem.stop()
	}
	rep.Engine, rep.Congresses = cfg.Engine, cfg.Congresses
	if srv == nil {
		rep.Engine, rep.Congresses = "(running server)", l.totalCongresses
	}
	return rep, nil
}
