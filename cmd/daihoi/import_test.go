package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
	"daihoi/reports"
)

// The offline package through the commands: exported from one database, imported into another
// whose seed congress differs only by when its rounds were closed — a changed version, which
// needs --confirm; then the same package again is a no-op; a damaged file is refused.
func TestPackageCommands(t *testing.T) {
	laptop, id := seededFile(t)
	// The difference is the closing time, stamped to the second: a seed done within the same
	// second as the first would be the same version, and the test flaky on a fast machine.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	server, _ := seededFile(t)
	dir := t.TempDir()
	pkg := filepath.Join(dir, "khcn.daihoi")
	ids := strconv.FormatInt(id, 10)
	out, errOut, code := runInProcess(nil, "export", "package", "--db", laptop, "--congress", ids, "--out", pkg)
	if code != 0 || !strings.Contains(out, "Đã ghi "+pkg) || !strings.Contains(out, "Ban Chấp hành, vòng 1 (biên bản số 01)") {
		t.Fatalf("export: %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runInProcess(nil, "import", "package", "--db", server, pkg)
	if code != exitNeedConfirm || !strings.Contains(out, "đã có trên máy chủ") || !strings.Contains(out, "thời điểm khóa") ||
		!strings.Contains(out, "Chưa ghi gì. Chạy lại với --confirm") {
		t.Fatalf("changed version: %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runInProcess(nil, "import", "package", "--db", server, "--confirm", "--user", "bantochuc", pkg)
	if code != 0 || !strings.Contains(out, "đã thay bằng phiên bản trong gói") {
		t.Fatalf("confirmed: %d\n%s%s", code, out, errOut)
	}
	out, _, code = runInProcess(nil, "import", "package", "--db", server, pkg)
	if code != 0 || !strings.Contains(out, "không có gì thay đổi; không ghi gì thêm") {
		t.Fatalf("again: %d\n%s", code, out)
	}
	if out, _, code := runInProcess(nil, "verify", "--db", server); code != 0 {
		t.Fatalf("verify after import: %d\n%s", code, out)
	}
	data, _ := os.ReadFile(pkg)
	bad := filepath.Join(dir, "hong.daihoi")
	os.WriteFile(bad, data[:len(data)-100], 0o600)
	_, errOut, code = runInProcess(nil, "import", "package", "--db", server, bad)
	if code != 2 || !strings.Contains(errOut, "từ chối gói") || !strings.Contains(errOut, "không đọc được cấu trúc zip") {
		t.Fatalf("damaged: %d\n%s", code, errOut)
	}
	// An auditor changes nothing, a package neither.
	_, errOut, code = runInProcess(nil, "import", "package", "--db", server, "--user", "kiemtra", pkg)
	if code != 2 || !strings.Contains(errOut, "không được nhập gói") {
		t.Fatalf("auditor: %d %s", code, errOut)
	}
	if _, _, code := runInProcess(nil, "import", "package"); code != 2 {
		t.Fatalf("no file: %d", code)
	}
	if _, _, code := runInProcess(nil, "import", "nothing"); code != 2 {
		t.Fatalf("unknown kind: %d", code)
	}
}

// The committee list and the totals of a round through the commands.
func TestExcelImportCommands(t *testing.T) {
	path, id := seededFile(t)
	dir := t.TempDir()
	persons := []congress.Person{
		{FullName: "Phan Văn Mới", BirthDate: "1990-02-03", Gender: "male", HomeTown: "Tân Hồng", JoinedOn: "2015-03-26", OfficialOn: "2016-03-26"},
		{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Cao Lãnh, tỉnh Đồng Tháp",
			Position: "Giám đốc Sở Khoa học và Công nghệ", JoinedOn: "1993-05-19", OfficialOn: "1994-05-19", Education: "12/12",
			Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Sai Ngày Sinh", BirthDate: "2015-01-01", JoinedOn: "2020-01-01"},
	}
	file := filepath.Join(dir, "ds.xlsx")
	var buf bytes.Buffer
	if err := reports.WritePersonTemplate(&buf, reports.PersonTemplate{Persons: persons}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, buf.Bytes(), 0o600)
	ids := strconv.FormatInt(id, 10)
	out, errOut, code := runInProcess(nil, "import", "committee", "--db", path, "--congress", ids, file)
	if code != 2 || !strings.Contains(errOut, "Trang “Trích ngang”, dòng") || !strings.Contains(errOut, "Sai Ngày Sinh: ngày vào Đảng (01/01/2020) phải sau ngày đủ 18 tuổi") ||
		!strings.Contains(errOut, "Không nhập gì") {
		t.Fatalf("a bad row: %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runInProcess(nil, "import", "committee", "--db", path, "--congress", ids, "--good-rows-only", file)
	if code != 0 || !strings.Contains(out, "1 đảng viên mới, 1 cập nhật, 0 không đổi") {
		t.Fatalf("good rows only: %d\n%s%s", code, out, errOut)
	}

	// The official delegates' round, reopened, takes its totals from a minutes sheet.
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(d)
	ctx := context.Background()
	elections, err := s.FindElections(ctx, congress.System, id)
	if err != nil {
		t.Fatal(err)
	}
	var round int64
	for _, e := range elections {
		if e.Body == congress.BodyDelegateOfficial {
			round = e.Rounds[0].ID
		}
	}
	if err := s.ReopenRound(ctx, congress.System, round, "Nhập lại tổng số từ biên bản giấy."); err != nil {
		t.Fatal(err)
	}
	rv, err := s.FindRoundByID(ctx, congress.System, round)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	m := reports.Minutes{ElectionTitle: "Bầu đại biểu chính thức", Round: 1, Seats: 2,
		Ballots: reports.MinutesBallots{Issued: 58, Collected: 58, Valid: 58, Invalid: 0}}
	for _, c := range rv.Candidates {
		v := rv.Votes[c.PersonID]
		if c.FullName == "Lý Hoàng Phúc" {
			v++
		}
		m.Results = append(m.Results, reports.MinutesResult{Name: c.BallotName, Votes: v, Status: reports.StatusNotElected})
	}
	buf.Reset()
	if err := reports.WriteMinutes(&buf, []reports.Minutes{m}); err != nil {
		t.Fatal(err)
	}
	minutes := filepath.Join(dir, "bb.xlsx")
	os.WriteFile(minutes, buf.Bytes(), 0o600)
	out, errOut, code = runInProcess(nil, "import", "totals", "--db", path, "--round", strconv.FormatInt(round, 10), minutes)
	if code != 0 || !strings.Contains(out, "58 phiếu phát ra, 58 thu vào, 58 hợp lệ, 0 không hợp lệ; 4 người") {
		t.Fatalf("totals: %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := runInProcess(nil, "import", "totals", "--db", path, "--round", "999", minutes); code != 2 || !strings.Contains(errOut, "Không tìm thấy vòng bầu") {
		t.Fatalf("unknown round: %d %s", code, errOut)
	}
}

// Backup and restore through the commands; PostgreSQL gets the pg_dump and pg_restore lines.
func TestBackupCommands(t *testing.T) {
	testdb.SQLiteOnly(t) // SQLite's file backup; the PostgreSQL lines need no server
	path, _ := seededFile(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "sao-luu.db")
	out, errOut, code := runInProcess(nil, "backup", "--db", path, backup)
	if code != 0 || !strings.Contains(out, "qua kiểm tra toàn vẹn") {
		t.Fatalf("backup: %d %s%s", code, out, errOut)
	}
	restored := filepath.Join(dir, "moi.db")
	out, errOut, code = runInProcess(nil, "restore", "--db", restored, backup)
	if code != 0 || !strings.Contains(out, "Đã khôi phục") {
		t.Fatalf("restore: %d %s%s", code, out, errOut)
	}
	if out, _, code := runInProcess(nil, "verify", "--db", restored); code != 0 {
		t.Fatalf("verify the restored database: %d\n%s", code, out)
	}
	junk := filepath.Join(dir, "rac.db")
	os.WriteFile(junk, []byte(strings.Repeat("x", 8192)), 0o600)
	if _, errOut, code := runInProcess(nil, "restore", "--db", restored, junk); code != 2 || !strings.Contains(errOut, "Từ chối khôi phục") {
		t.Fatalf("restore from junk: %d %s", code, errOut)
	}
	out, errOut, code = runInProcess(nil, "backup", "--db", "postgres://daihoi:bi-mat@db.example/daihoi?sslmode=require", "/sao-luu/daihoi.dump")
	if code != 2 || !strings.Contains(out, "pg_dump --format=custom --no-owner --file='/sao-luu/daihoi.dump' 'postgres://daihoi@db.example/daihoi?sslmode=require'") ||
		strings.Contains(out, "bi-mat") || !strings.Contains(errOut, "PGPASSWORD") {
		t.Fatalf("PostgreSQL backup: %d\n%s%s", code, out, errOut)
	}
	out, _, code = runInProcess(nil, "restore", "--db", "postgres://daihoi@db.example/daihoi", "/sao-luu/daihoi.dump")
	if code != 2 || !strings.Contains(out, "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='postgres://daihoi@db.example/daihoi' '/sao-luu/daihoi.dump'") {
		t.Fatalf("PostgreSQL restore: %d\n%s", code, out)
	}
	if _, errOut, code := runInProcess(nil, "backup", "--db", path, path); code != 2 || !strings.Contains(errOut, "không được trùng") {
		t.Fatalf("backup onto itself: %d %s", code, errOut)
	}
}
