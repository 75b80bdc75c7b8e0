package db_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// newDB makes a migrated database with one congress to write persons into.
func newDB(t *testing.T) (*db.DB, *store.Store, int64) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(filepath.Join(t.TempDir(), "daihoi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s := store.New(d)
	var c congress.Congress
	err = s.InBatch(ctx, congress.System, func(b *store.Batch) error {
		term := congress.Term{StartYear: 2020, EndYear: 2025}
		if err := b.CreateTerm(ctx, &term); err != nil {
			return err
		}
		org := congress.Organization{Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Khoa học và Công nghệ"}
		if err := b.CreateOrganization(ctx, &org); err != nil {
			return err
		}
		c = congress.Congress{OrganizationID: org.ID, TermID: term.ID, Ordinal: 2, Kind: congress.CongressMembers,
			Ruleset: congress.Ruleset244, State: congress.StatePlanned}
		return b.CreateCongress(ctx, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, s, c.ID
}

func count(t *testing.T, path, table string) int {
	t.Helper()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.Get(&n, `SELECT COUNT(*) FROM `+table); err != nil {
		t.Fatal(err)
	}
	return n
}

// A backup taken while four goroutines write is a consistent snapshot: it passes the integrity
// check, restores, and its audit chain is whole.
func TestBackupUnderLoadThenRestore(t *testing.T) {
	testdb.SQLiteOnly(t)
	ctx := context.Background()
	d, s, congressID := newDB(t)
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := congress.Person{CongressID: congressID, FullName: fmt.Sprintf("Người ghi %d số %d", w, i)}
				if err := s.CreatePerson(ctx, congress.System, &p); err != nil {
					errs <- err
					return
				}
				written.Add(1)
			}
		}(w)
	}
	for written.Load() < 40 {
		time.Sleep(5 * time.Millisecond)
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "sao-luu.db")
	var before int64
	for i := 0; i < 3; i++ { // several backups while the writers go on; the last one is kept
		before = written.Load()
		if _, err := d.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("writer: %v", err)
	}
	info, err := db.CheckFile(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if info.Version < 3 {
		t.Fatalf("backup at migration %d", info.Version)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	restored := filepath.Join(dir, "khoi-phuc.db")
	res, err := db.Restore(ctx, backup, restored, db.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept != "" || res.Live {
		t.Fatalf("restore into a new file: %+v", res)
	}
	n := count(t, restored, "persons")
	if int64(n) < before || int64(n) > written.Load() {
		t.Fatalf("restored %d persons; %d were written before the last backup, %d in all", n, before, written.Load())
	}
	r, err := db.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	problems, rows, err := store.New(r).VerifyAuditChain(ctx)
	if err != nil || len(problems) > 0 || rows != n+3 {
		t.Fatalf("restored audit chain: %d rows for %d persons, %v %v", rows, n, problems, err)
	}
	t.Logf("%d persons written by 4 goroutines during the backups; the backup holds %d", written.Load(), n)
}

// corrupt breaks an index behind SQLite's back, as a disk error or a careless tool would: the
// file still opens, and PRAGMA integrity_check finds it.
func corrupt(t *testing.T, path string) {
	t.Helper()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, q := range []string{
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = 'CREATE INDEX persons_congress ON persons(full_name)' WHERE name = 'persons_congress'`,
	} {
		if _, err := d.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Restore refuses a backup that fails the integrity check and leaves the database untouched; it
// keeps a copy of the database it replaces.
func TestRestoreRefusesBadBackup(t *testing.T) {
	testdb.SQLiteOnly(t)
	ctx := context.Background()
	d, s, congressID := newDB(t)
	for i := 0; i < 20; i++ {
		p := congress.Person{CongressID: congressID, FullName: fmt.Sprintf("Đảng viên %d", i)}
		if err := s.CreatePerson(ctx, congress.System, &p); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "tot.db")
	if _, err := d.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "hong.db")
	data, _ := os.ReadFile(good)
	os.WriteFile(bad, data, 0o600)
	corrupt(t, bad)
	target := filepath.Join(dir, "muc-tieu.db")
	if _, err := db.Restore(ctx, good, target, db.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(target)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"index broken", bad, "không qua được kiểm tra toàn vẹn"},
		{"not a database", writeFile(t, dir, "rac.db", []byte(strings.Repeat("không phải SQLite ", 500))), "không phải cơ sở dữ liệu SQLite"},
		{"truncated", writeFile(t, dir, "cut.db", data[:len(data)/3]), "kiểm tra"},
		{"missing", filepath.Join(dir, "khong-co.db"), "Không có tệp"},
	} {
		_, err := db.Restore(ctx, tc.path, target, db.RestoreOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "Từ chối khôi phục") {
			t.Errorf("%s: %v", tc.name, err)
		}
		if after, _ := os.ReadFile(target); string(after) != string(before) {
			t.Fatalf("%s: the database was changed by a refused restore", tc.name)
		}
	}
	// A good restore over an existing database keeps the old one beside it.
	res, err := db.Restore(ctx, good, target, db.RestoreOptions{Now: func() time.Time { return time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept != target+".truoc-khoi-phuc-20250601-080000" {
		t.Fatalf("kept %q", res.Kept)
	}
	if _, err := db.CheckFile(ctx, res.Kept); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHoldDatabaseChild is the other process of TestRestoreIntoHeldDatabase: it opens the database
// named by DAIHOI_HOLD_DB, says so, and keeps it open until its standard input closes.
func TestHoldDatabaseChild(t *testing.T) {
	path := os.Getenv("DAIHOI_HOLD_DB")
	if path == "" {
		t.Skip("child process of TestRestoreIntoHeldDatabase only")
	}
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.R.Get(&n, `SELECT COUNT(*) FROM persons`); err != nil {
		t.Fatal(err)
	}
	fmt.Println("open", n)
	bufio.NewReader(os.Stdin).ReadString('\n')
	var after int
	d.R.Get(&after, `SELECT COUNT(*) FROM persons`)
	fmt.Println("after", after)
	d.Close()
}

// A database another process holds open (a running server) is not restored without --force;
// with it, the restore goes through SQLite's locks and the other process reads the restored data.
func TestRestoreIntoHeldDatabase(t *testing.T) {
	testdb.SQLiteOnly(t)
	ctx := context.Background()
	d, s, congressID := newDB(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "sao-luu.db")
	if _, err := d.Backup(ctx, backup); err != nil { // no persons yet
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		p := congress.Person{CongressID: congressID, FullName: fmt.Sprintf("Đảng viên %d", i)}
		if err := s.CreatePerson(ctx, congress.System, &p); err != nil {
			t.Fatal(err)
		}
	}
	live := filepath.Join(dir, "dang-chay.db")
	if _, err := d.Backup(ctx, live); err != nil {
		t.Fatal(err)
	}
	if inUse, err := db.InUse(live); err != nil || inUse {
		t.Fatalf("a closed database in use? %v %v", inUse, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDatabaseChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "DAIHOI_HOLD_DB="+live)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewScanner(stdout)
	for out.Scan() && !strings.HasPrefix(out.Text(), "open 5") {
	}
	inUse, err := db.InUse(live)
	if err != nil || !inUse {
		t.Fatalf("held by another process: in use %v, %v", inUse, err)
	}
	_, err = db.Restore(ctx, backup, live, db.RestoreOptions{})
	if err == nil || !strings.Contains(err.Error(), "đang được một tiến trình khác mở") {
		t.Fatalf("restore into a held database: %v", err)
	}
	res, err := db.Restore(ctx, backup, live, db.RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Live || res.Kept == "" {
		t.Fatalf("forced restore: %+v", res)
	}
	stdin.Close()
	var seen string
	for out.Scan() {
		if strings.HasPrefix(out.Text(), "after") {
			seen = out.Text()
		}
	}
	cmd.Wait()
	if seen != "after 0" {
		t.Fatalf("the other process reads %q after the restore, want the backup's 0 persons", seen)
	}
	if n := count(t, live, "persons"); n != 0 {
		t.Fatalf("%d persons after restoring an empty backup", n)
	}
	if n := count(t, res.Kept, "persons"); n != 5 {
		t.Fatalf("the kept copy has %d persons", n)
	}
}
