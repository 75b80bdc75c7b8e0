package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"daihoi/db"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// seededFile writes the demo seed into a new database of the engine under test, closes it and
// returns what --db takes for it and the seed congress's id.
func seededFile(t *testing.T) (string, int64) {
	t.Helper()
	path := testdb.DSN(t)
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, err := demo.Seed(context.Background(), store.New(d), "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	return path, res.SeedCongressID
}

// tamperWith runs statements on the database as an attacker with direct access (sqlite3, psql)
// would, outside the app.
func tamperWith(t *testing.T, path string, stmts ...string) {
	t.Helper()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, q := range stmts {
		if _, err := d.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Issue 5's tamper test: change a closed round's figure and an audit row directly in SQLite, and
// `daihoi verify` reports both and exits non-zero.
func TestVerifyCatchesTampering(t *testing.T) {
	path, _ := seededFile(t)
	out, errOut, code := runInProcess(nil, "verify", "--db", path)
	if code != 0 || !strings.Contains(out, "Không phát hiện sai lệch.") || !strings.Contains(out, "7 vòng bầu đã khóa") {
		t.Fatalf("clean seed: exit %d\n%s%s", code, out, errOut)
	}

	// The official delegates' round was counted by totals: 57 valid, 1 invalid of 58. The CHECK
	// valid + invalid = collected holds, so the attacker moves a ballot across; the audit triggers
	// are dropped first, as anyone with direct access can.
	tamperWith(t, path,
		`UPDATE rounds SET valid = valid - 1, invalid = invalid + 1 WHERE election_id =
			(SELECT id FROM elections WHERE body = 'delegate_official')`,
		testdb.DropTrigger("audit_log_no_update", "audit_log"),
		`UPDATE audit_log SET username = 'nguoi-khac' WHERE id = 10`)
	out, errOut, code = runInProcess(nil, "verify", "--db", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"PHÁT HIỆN",
		"Đại hội lần thứ II của Đảng bộ Sở Khoa học và Công nghệ (nhiệm kỳ 2020 – 2025), cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1",
		"số phiếu hợp lệ trong hồ sơ là 56 nhưng biên bản đã khóa ghi 57",
		"Dòng nhật ký số 10 đã bị sửa ngoài ứng dụng",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("report lacks %q:\n%s", want, out)
		}
	}

	// A ballot of the executive committee's round, entered one by one, changed after closing.
	path, seed := seededFile(t)
	tamperWith(t, path, `UPDATE ballots SET content = '{"kept":[0,1,2,3,4,5]}' WHERE number = 20 AND round_id =
		(SELECT r.id FROM rounds r JOIN elections e ON e.id = r.election_id WHERE e.body = 'executive')`)
	out, _, code = runInProcess(nil, "verify", "--db", path, "--congress", strconv.FormatInt(seed, 10))
	if code != 1 || !strings.Contains(out, "cuộc bầu Ban Chấp hành, vòng 1") || !strings.Contains(out, "mã xác thực kết quả tính lại") {
		t.Fatalf("edited ballot: exit %d\n%s", code, out)
	}
}

func TestVerifyArguments(t *testing.T) {
	path, _ := seededFile(t)
	if _, errOut, code := runInProcess(nil, "verify", "--db", path, "--congress", "999"); code != 2 || !strings.Contains(errOut, "Không tìm thấy đại hội") {
		t.Fatalf("unknown congress: exit %d %s", code, errOut)
	}
	if _, _, code := runInProcess(nil, "verify", "--db", path, "extra"); code != 2 {
		t.Fatalf("stray argument: exit %d", code)
	}
	if _, _, code := runInProcess(nil, "verify", "--nope"); code != 2 {
		t.Fatalf("unknown flag: exit %d", code)
	}
}
