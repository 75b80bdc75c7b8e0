// Package testdb gives tests a database of the engine under test, so that every store and handler
// test runs on SQLite and on PostgreSQL with the same code.
//
// The engine is chosen by DAIHOI_TEST_ENGINE: unset or "sqlite", a SQLite file in the test's temp
// dir; "postgres", a new database on the server DAIHOI_TEST_POSTGRES names (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable), created for the test and dropped when
// it ends. Main, called from a package's TestMain, runs the package's tests on SQLite and then
// once more on PostgreSQL, so that the one command `go test ./...` covers both engines.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating and dropping test databases

	"daihoi/db"
)

// The environment variables testdb reads.
const (
	EnvEngine   = "DAIHOI_TEST_ENGINE"
	EnvPostgres = "DAIHOI_TEST_POSTGRES"
)

// DefaultPostgres is the server tests use when DAIHOI_TEST_POSTGRES is unset: the CI machine's.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Engine is the engine under test: db.SQLite or db.Postgres.
func Engine() string {
	if os.Getenv(EnvEngine) == db.Postgres {
		return db.Postgres
	}
	return db.SQLite
}

// postgresURL is the server's connection URL; the tests' databases are made beside its database.
func postgresURL() string {
	if u := os.Getenv(EnvPostgres); u != "" {
		return u
	}
	return DefaultPostgres
}

// DSN returns what db.Open takes for a new, empty database of the engine under test: a file in
// tb's temp dir, or a PostgreSQL database created now and dropped (whoever is still connected)
// when tb ends.
func DSN(tb testing.TB) string {
	tb.Helper()
	if Engine() == db.SQLite {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	dsn, err := createPostgres(tb, "template1")
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return dsn
}

// Open returns a new database of the engine under test with every migration applied, closed when
// tb ends. A PostgreSQL database is copied from one migrated once per test binary: migrating each
// one costs more than the test using it.
func Open(tb testing.TB) *db.DB {
	tb.Helper()
	dsn := ""
	if Engine() == db.SQLite {
		dsn = DSN(tb)
	} else {
		tpl, err := migratedTemplate()
		if err == nil {
			dsn, err = createPostgres(tb, tpl)
		}
		if err != nil {
			tb.Fatalf("testdb: %v", err)
		}
	}
	d := open(tb, dsn)
	if _, err := d.Migrate(context.Background()); err != nil {
		tb.Fatalf("testdb: migrate: %v", err)
	}
	return d
}

// OpenEmpty is Open without the migrations, for tests of the migrations themselves.
func OpenEmpty(tb testing.TB) *db.DB {
	tb.Helper()
	return open(tb, DSN(tb))
}

func open(tb testing.TB, dsn string) *db.DB {
	tb.Helper()
	d, err := db.Open(dsn)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	// Registered after createPostgres's cleanup, so it runs first: the pools close before the drop.
	tb.Cleanup(func() { d.Close() })
	return d
}

// NoDatabase marks a test that opens no database, in a package whose tests run on both engines:
// it runs in the SQLite run only, since the PostgreSQL run would repeat it unchanged.
func NoDatabase(tb testing.TB) {
	tb.Helper()
	if Engine() == db.Postgres {
		tb.Skip("uses no database: runs in the SQLite run")
	}
}

// SQLiteOnly marks a test of SQLite's own machinery (its file, its backups), whatever the engine
// of the package's other tests: it runs in the SQLite run only.
func SQLiteOnly(tb testing.TB) {
	tb.Helper()
	if Engine() == db.Postgres {
		tb.Skip("tests SQLite's own file: runs in the SQLite run")
	}
}

// DropTrigger is the statement that removes a trigger on the engine under test, as someone with
// direct access to the database would before editing the audit trail; the engines spell it
// differently.
func DropTrigger(trigger, table string) string {
	if Engine() == db.Postgres {
		return "DROP TRIGGER " + trigger + " ON " + table
	}
	return "DROP TRIGGER " + trigger
}

// DropTriggers removes every trigger on the given tables, as someone with direct access to the
// database could, on the engine of d.
func DropTriggers(tb testing.TB, d *db.DB, tables ...string) {
	tb.Helper()
	for _, table := range tables {
		q := `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`
		if d.Engine == db.Postgres {
			q = `SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(?) AND NOT tgisinternal`
		}
		var names []string
		if err := d.R.Select(&names, q, table); err != nil {
			tb.Fatalf("testdb: triggers of %s: %v", table, err)
		}
		for _, name := range names {
			if _, err := d.W.Exec(DropTrigger(name, table)); err != nil {
				tb.Fatalf("testdb: %v", err)
			}
		}
	}
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	dbSeq     atomic.Int64

	templateOnce sync.Once
	templateName string
	templateErr  error
)

// adminDB is one connection pool to the server's own database, shared by the tests of a process,
// from which the tests' databases are created and dropped.
func adminDB() (*sql.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", postgresURL())
		if adminErr == nil {
			admin.SetMaxOpenConns(2)
		}
	})
	return admin, adminErr
}

// createPostgres creates a database for one test as a copy of template and returns its URL.
func createPostgres(tb testing.TB, template string) (string, error) {
	// The process id keeps parallel test binaries (one per package) apart.
	name := fmt.Sprintf("daihoi_test_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := createDatabase(name, template); err != nil {
		return "", err
	}
	tb.Cleanup(func() {
		if err := dropDatabase(name); err != nil {
			tb.Errorf("testdb: %v", err)
		}
	})
	return databaseURL(name)
}

// migratedTemplate creates, once per process, the database the tests' migrated databases are
// copied from; Main drops it when the tests are done.
func migratedTemplate() (string, error) {
	templateOnce.Do(func() {
		name := fmt.Sprintf("daihoi_template_%d", os.Getpid())
		if templateErr = createDatabase(name, "template1"); templateErr != nil {
			return
		}
		templateName = name
		dsn, err := databaseURL(name)
		if err != nil {
			templateErr = err
			return
		}
		d, err := db.Open(dsn)
		if err != nil {
			templateErr = err
			return
		}
		// Closed before any copy: PostgreSQL copies only a database nobody is connected to.
		defer d.Close()
		if _, err := d.Migrate(context.Background()); err != nil {
			templateErr = fmt.Errorf("migrate %s: %w", name, err)
		}
	})
	return templateName, templateErr
}

func createDatabase(name, template string) error {
	a, err := adminDB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func dropDatabase(name string) error {
	a, err := adminDB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// databaseURL is the URL of a database on the tests' server. A test database is thrown away, so
// its sessions do not wait for each commit to reach the disk.
func databaseURL(name string) (string, error) {
	u, err := url.Parse(postgresURL())
	if err != nil {
		return "", fmt.Errorf("%s: %w", EnvPostgres, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// postgresAnswers reports whether the PostgreSQL server of the tests accepts a connection.
func postgresAnswers() error {
	c, err := sql.Open("pgx", postgresURL())
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.PingContext(ctx)
}

// Main runs a package's tests, for its TestMain. When the engine was not chosen (DAIHOI_TEST_ENGINE
// unset), the tests have just run on SQLite; Main then runs the same test binary again, with the
// same flags, on PostgreSQL, and fails if that run fails. Without a PostgreSQL server it says in
// one line that the PostgreSQL run was skipped — except under CI=true, where PostgreSQL is
// required and its absence fails the tests.
func Main(m *testing.M) {
	chosen := os.Getenv(EnvEngine) != ""
	if !chosen {
		// Pinned for the run, so that a test starting the test binary again as a child process
		// (a crash test, a lock holder) gets a child on the same engine that does not itself
		// start a PostgreSQL run.
		os.Setenv(EnvEngine, db.SQLite)
	}
	code := m.Run()
	if chosen {
		if templateName != "" {
			if err := dropDatabase(templateName); err != nil {
				fmt.Println("testdb:", err)
			}
		}
		os.Exit(code)
	}
	os.Exit(runPostgres(code))
}

// runPostgres is Main's second run; sqliteCode is the exit code of the first.
func runPostgres(sqliteCode int) int {
	pkg := packageName()
	if err := postgresAnswers(); err != nil {
		if os.Getenv("CI") == "true" {
			fmt.Printf("FAIL: %s: PostgreSQL is required under CI=true and does not answer at %s: %v\n", pkg, redacted(postgresURL()), err)
			return 1
		}
		notice(fmt.Sprintf("%s: PostgreSQL run skipped: no server at %s (%v); set %s to test it\n", pkg, redacted(postgresURL()), err, EnvPostgres))
		return sqliteCode
	}
	os.Setenv(EnvEngine, db.Postgres)
	cmd := exec.Command(os.Args[0], childArgs(os.Args[1:])...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Printf("FAIL: %s: the PostgreSQL run failed: %v\n", pkg, err)
		return 1
	}
	return sqliteCode
}

// childArgs are the test binary's flags for the PostgreSQL run, without those naming files the
// first run already wrote (profiles, coverage, and the go command's test log, which decides the
// test cache from the first run's reads of the environment), so that the second run does not
// overwrite them.
func childArgs(args []string) []string {
	drop := []string{"-test.testlogfile", "-test.coverprofile", "-test.cpuprofile", "-test.memprofile",
		"-test.blockprofile", "-test.mutexprofile", "-test.trace"}
	out := make([]string, 0, len(args))
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		skip := false
		for _, d := range drop {
			if name == d || name == "-"+d {
				skip = true
			}
		}
		if !skip {
			out = append(out, a)
		}
	}
	return out
}

// notice prints a line that must be seen. `go test ./...` shows a passing package's output only
// with -v, so the line also goes to the terminal when there is one.
func notice(line string) {
	fmt.Print(line)
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		tty.WriteString(line)
		tty.Close()
	}
}

// packageName is the test binary's package, for messages: "store" from store.test.
func packageName() string {
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
}

// redacted hides a password in a URL that is printed.
func redacted(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
