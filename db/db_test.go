package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"daihoi/db"
	"daihoi/internal/testdb"
)

// TestMain runs the package's tests on SQLite, then on PostgreSQL (testdb.Main).
func TestMain(m *testing.M) { testdb.Main(m) }

// A database made by the first migration upgrades to the last, and a second run applies nothing.
func TestMigrateFirstToLast(t *testing.T) {
	ctx := context.Background()
	d := testdb.OpenEmpty(t)
	if v, err := d.Version(ctx); err != nil || v != 0 {
		t.Fatalf("new database: version %d %v", v, err)
	}
	list, err := d.Migrations()
	if err != nil || len(list) == 0 {
		t.Fatalf("migrations: %v %d", err, len(list))
	}
	if n, err := d.MigrateTo(ctx, 1); err != nil || n != 1 {
		t.Fatalf("first migration: %d %v", n, err)
	}
	if n, err := d.Migrate(ctx); err != nil || n != len(list)-1 {
		t.Fatalf("upgrade: applied %d of %d: %v", n, len(list)-1, err)
	}
	if n, err := d.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("second run applied %d: %v", n, err)
	}
	if v, _ := d.Version(ctx); v != len(list) {
		t.Fatalf("version %d, want %d", v, len(list))
	}
}

// The engines keep their migrations under the same numbers and names.
func TestMigrationsPairUp(t *testing.T) {
	testdb.NoDatabase(t)
	lite, err := (&db.DB{Engine: db.SQLite}).Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := (&db.DB{Engine: db.Postgres}).Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("%d SQLite migrations, %d PostgreSQL migrations", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: %s (SQLite) and %s (PostgreSQL)", i+1, lite[i].Name, pg[i].Name)
		}
	}
}

// The read pool refuses writes on both engines: a write sent to the wrong pool fails in tests
// whatever the engine.
func TestReadPoolIsReadOnly(t *testing.T) {
	d := testdb.Open(t)
	if _, err := d.R.Exec(`INSERT INTO terms (start_year, end_year) VALUES (?, ?)`, 2020, 2025); err == nil {
		t.Fatal("the read pool accepted an INSERT")
	}
	if _, err := d.W.Exec(`INSERT INTO terms (start_year, end_year) VALUES (?, ?)`, 2020, 2025); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.R.Get(&n, `SELECT COUNT(*) FROM terms WHERE start_year = ?`, 2020); err != nil || n != 1 {
		t.Fatalf("read back %d: %v", n, err)
	}
}

// SQLite's settings reach every pooled connection (DESIGN.md "Storage").
func TestSQLiteSettings(t *testing.T) {
	testdb.NoDatabase(t) // opens its own SQLite file, whatever the engine under test
	d, err := db.Open(filepath.Join(t.TempDir(), "settings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var fk int
	if err := d.R.Get(&fk, `PRAGMA foreign_keys`); err != nil || fk != 1 {
		t.Fatalf("foreign keys on read pool: %d %v", fk, err)
	}
	var mode string
	if err := d.W.Get(&mode, `PRAGMA journal_mode`); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q %v", mode, err)
	}
}

// flagColumns are the 0/1 INTEGER columns of SQLite that PostgreSQL keeps as BOOLEAN.
var flagColumns = map[string]bool{"sample": true, "disabled": true, "incumbent": true, "double_entry": true, "closed": true}

// sqliteTypes maps a SQLite declared type to the PostgreSQL type of the same column.
var sqliteTypes = map[string]string{"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision"}

// column is a column as the comparison sees it: its PostgreSQL type and whether it takes NULL.
type column struct {
	Type     string
	Nullable bool
}

// Both engines' migrations yield the same tables, columns (types mapped, NULL allowed alike) and
// named indexes. It runs in the PostgreSQL run of the tests, which has both engines at hand.
func TestEnginesSameSchema(t *testing.T) {
	if testdb.Engine() != db.Postgres {
		t.Skip("compares with PostgreSQL: runs in the PostgreSQL run")
	}
	ctx := context.Background()
	lite, err := db.Open(filepath.Join(t.TempDir(), "schema.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pg := testdb.Open(t)

	liteCols, liteIdx := map[string]column{}, []string{}
	var tables []string
	if err := lite.R.Select(&tables, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var cols []struct {
			Name    string `db:"name"`
			Type    string `db:"type"`
			NotNull bool   `db:"notnull"`
			PK      int    `db:"pk"`
		}
		if err := lite.R.Select(&cols, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table); err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			typ, ok := sqliteTypes[c.Type]
			if !ok {
				t.Errorf("%s.%s: SQLite type %s has no PostgreSQL mapping", table, c.Name, c.Type)
			}
			if c.Type == "INTEGER" && flagColumns[c.Name] {
				typ = "boolean"
			}
			liteCols[table+"."+c.Name] = column{typ, !c.NotNull && c.PK == 0}
		}
	}
	if err := lite.R.Select(&liteIdx, `SELECT name FROM sqlite_master WHERE type = 'index'
		AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name`); err != nil {
		t.Fatal(err)
	}

	pgCols, pgIdx := map[string]column{}, []string{}
	var rows []struct {
		Table    string `db:"table_name"`
		Column   string `db:"column_name"`
		Type     string `db:"data_type"`
		Nullable string `db:"is_nullable"`
	}
	if err := pg.R.Select(&rows, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		pgCols[r.Table+"."+r.Column] = column{r.Type, r.Nullable == "YES"}
	}
	// Indexes the migrations name; those PostgreSQL makes for keys and UNIQUEs are SQLite's autoindexes.
	if err := pg.R.Select(&pgIdx, `SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema()
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname) ORDER BY i.indexname`); err != nil {
		t.Fatal(err)
	}

	if len(liteCols) == 0 {
		t.Fatal("no SQLite columns read")
	}
	for _, k := range sortedKeys(liteCols) {
		p, ok := pgCols[k]
		switch {
		case !ok:
			t.Errorf("%s: in SQLite, missing in PostgreSQL", k)
		case p != liteCols[k]:
			t.Errorf("%s: SQLite %+v, PostgreSQL %+v", k, liteCols[k], p)
		}
	}
	for _, k := range sortedKeys(pgCols) {
		if _, ok := liteCols[k]; !ok {
			t.Errorf("%s: in PostgreSQL, missing in SQLite", k)
		}
	}
	if a, b := strings.Join(liteIdx, " "), strings.Join(pgIdx, " "); a != b {
		t.Errorf("indexes differ:\nSQLite:     %s\nPostgreSQL: %s", a, b)
	}
}

func sortedKeys(m map[string]column) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The append-only audit trail refuses UPDATE and DELETE on both engines.
func TestAuditLogIsAppendOnly(t *testing.T) {
	d := testdb.Open(t)
	if _, err := d.W.Exec(`INSERT INTO audit_log (id, at, entity, action, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)`,
		1, "2020-05-28T00:00:00Z", "term", "create", "", "x"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit_log SET hash = 'y'`, `DELETE FROM audit_log`} {
		if _, err := d.W.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if d.Engine == db.Postgres {
		if _, err := d.W.Exec(`TRUNCATE audit_log`); err == nil {
			t.Error("TRUNCATE of audit_log accepted")
		}
	}
	var n int
	if err := d.R.Get(&n, `SELECT COUNT(*) FROM audit_log`); err != nil || n != 1 {
		t.Fatal(fmt.Sprint(n, err))
	}
}
