package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"daihoi/db"
	"daihoi/internal/vn"
)

func init() {
	register(command{name: "backup", order: 70, summary: "sao lưu cơ sở dữ liệu khi máy chủ vẫn chạy: backup [--db FILE] TỆP-SAO-LƯU", run: runBackup})
	register(command{name: "restore", order: 71, summary: "khôi phục từ bản sao lưu đã kiểm tra: restore [--db FILE] [--force] TỆP-SAO-LƯU", run: runRestore})
}

// isPostgres tells a PostgreSQL DSN from a SQLite file name.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") ||
		(strings.Contains(dsn, "dbname=") && strings.Contains(dsn, "host="))
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// pgTarget is the DSN to print: without its password, which goes in PGPASSWORD or ~/.pgpass
// rather than on a command line every user of the machine can read.
func pgTarget(dsn string) (string, bool) {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn, false
	}
	if _, has := u.User.Password(); !has {
		return dsn, false
	}
	u.User = url.User(u.User.Username())
	return u.String(), true
}

// pgAdvice prints the pg_dump or pg_restore line for a PostgreSQL database: daihoi does not dump
// PostgreSQL itself (the server's own tools do it consistently, and managed databases have their
// own backups). It returns exit code 2: nothing was written.
func pgAdvice(stdio Stdio, cmd, dsn, file string) int {
	target, hadPassword := pgTarget(dsn)
	fmt.Fprintf(stdio.Err, "daihoi %s: cơ sở dữ liệu là PostgreSQL; daihoi không tự %s PostgreSQL. Dùng công cụ của PostgreSQL:\n", cmd,
		map[string]string{"backup": "sao lưu", "restore": "khôi phục"}[cmd])
	if cmd == "backup" {
		fmt.Fprintf(stdio.Out, "pg_dump --format=custom --no-owner --file=%s %s\n", shellQuote(file), shellQuote(target))
	} else {
		fmt.Fprintf(stdio.Out, "pg_restore --clean --if-exists --no-owner --single-transaction --dbname=%s %s\n", shellQuote(target), shellQuote(file))
		fmt.Fprintln(stdio.Err, "Dừng các máy chủ daihoi trước khi khôi phục, khởi động lại sau đó.")
	}
	if hadPassword {
		fmt.Fprintln(stdio.Err, "Mật khẩu đã được bỏ khỏi dòng lệnh: đặt biến môi trường PGPASSWORD hoặc ghi vào ~/.pgpass.")
	}
	return 2
}

// runBackup writes a checked snapshot of the database (db.BackupFile). Exit codes: 0 written, 2
// bad arguments or a PostgreSQL database, 1 a failure (the older backup, if any, is left as it was).
func runBackup(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("backup", "backup [--db FILE] TỆP-SAO-LƯU", stdio)
	path := dbFlag(fs, stdio)
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	if isPostgres(*path) {
		return pgAdvice(stdio, "backup", *path, file)
	}
	if abs, _ := filepath.Abs(file); abs != "" {
		if src, _ := filepath.Abs(*path); src == abs {
			fmt.Fprintln(stdio.Err, "daihoi backup: tệp sao lưu không được trùng với cơ sở dữ liệu.")
			return 2
		}
	}
	start := time.Now()
	info, err := db.BackupFile(ctx, *path, file)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi backup:", err)
		return 1
	}
	fmt.Fprintf(stdio.Out, "Đã sao lưu %s vào %s (%s byte, lược đồ số %d) trong %d ms; bản sao lưu qua kiểm tra toàn vẹn.\n",
		*path, file, vn.FormatInt(info.Size), info.Version, time.Since(start).Milliseconds())
	return 0
}

// runRestore replaces the database by a checked backup (db.Restore). Exit codes: 0 restored, 2 bad
// arguments, a backup that fails the check, a database a server holds without --force, or a
// PostgreSQL database; 1 a failure.
func runRestore(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("restore", "restore [--db FILE] [--force] TỆP-SAO-LƯU", stdio)
	path := dbFlag(fs, stdio)
	force := fs.Bool("force", false, "khôi phục cả khi cơ sở dữ liệu đang được máy chủ daihoi mở (rồi khởi động lại máy chủ)")
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	if isPostgres(*path) {
		return pgAdvice(stdio, "restore", *path, file)
	}
	res, err := db.Restore(ctx, file, *path, db.RestoreOptions{Force: *force})
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi restore:", err)
		return 2
	}
	fmt.Fprintf(stdio.Out, "Đã khôi phục %s từ %s (lược đồ số %d).\n", *path, file, res.Version)
	if res.Kept != "" {
		fmt.Fprintf(stdio.Out, "Cơ sở dữ liệu cũ được giữ lại ở %s.\n", res.Kept)
	}
	if res.Live {
		fmt.Fprintln(stdio.Out, "Cơ sở dữ liệu đang được máy chủ mở: hãy khởi động lại máy chủ daihoi.")
	}
	return 0
}
