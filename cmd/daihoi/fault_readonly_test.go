package main

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"daihoi/db"
	"daihoi/internal/auth"
	"daihoi/internal/server"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// makeReadOnly makes path (a file or a directory) read-only until the test ends: a read-only
// bind mount over it when root, who ignores permission bits; chmod otherwise.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		mode := info.Mode().Perm()
		if err := os.Chmod(path, mode&^0o222); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, mode) })
		return
	}
	if err := syscall.Mount(path, path, "", syscall.MS_BIND, ""); err != nil {
		t.Fatalf("bind mount %s: %v", path, err)
	}
	if err := syscall.Mount("", path, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		syscall.Unmount(path, 0)
		t.Fatalf("read-only remount %s: %v", path, err)
	}
	t.Cleanup(func() { syscall.Unmount(path, syscall.MNT_DETACH) })
}

// The database made read-only: `daihoi serve` refuses to start and says why in Vietnamese (a
// login writes its session, so a read-only server could only fail request by request); commands
// that only read still work on a read-only file; a database that cannot even be opened for it
// says so instead of "unable to open database file"; writes that meet a read-only database
// under a running server answer 503 with the reason. Nothing is damaged.
func TestFaultReadOnlyDatabase(t *testing.T) {
	testdb.SQLiteOnly(t) // makes a SQLite file read-only
	bin := buildDaihoi(t)
	dir := t.TempDir()
	fd := newFaultDB(t, filepath.Join(dir, "daihoi.db"), 1)
	seed := strconv.FormatInt(fd.Seed, 10)
	wantServe := "daihoi serve: cơ sở dữ liệu " + fd.Path + " chỉ đọc: tệp, thư mục chứa nó hoặc ổ đĩa không cho ghi " +
		"(hãy cấp quyền ghi cho tệp và thư mục, hoặc chép cơ sở dữ liệu sang nơi ghi được). " +
		"Máy chủ cần ghi vào cơ sở dữ liệu (phiên đăng nhập, phiếu bầu, nhật ký) nên không khởi động."

	t.Run("directory", func(t *testing.T) {
		// No -wal or -shm beside the file (the last connection removed them) and none can be made.
		if left, _ := filepath.Glob(fd.Path + "-*"); len(left) > 0 {
			t.Fatalf("WAL files left: %v", left)
		}
		makeReadOnly(t, dir)
		out, errOut, code := runBinary(t, bin, nil, "serve", "--db", fd.Path, "--addr", "127.0.0.1:0", "--no-demo")
		if code != 1 || !strings.Contains(errOut, wantServe) || strings.Contains(out, "đang chạy") || leaksInternals(errOut) {
			t.Fatalf("serve in a read-only directory: exit %d\n%s%s", code, out, errOut)
		}
		t.Logf("read-only directory, serve: exit %d: %s", code, strings.TrimSpace(errOut))
		if _, errOut, code := runBinary(t, bin, nil, "verify", "--db", fd.Path); code != 1 || !strings.Contains(errOut, "chỉ đọc") {
			t.Fatalf("verify in a read-only directory: exit %d %s", code, errOut)
		}
	})

	t.Run("file", func(t *testing.T) {
		makeReadOnly(t, fd.Path)
		out, errOut, code := runBinary(t, bin, nil, "serve", "--db", fd.Path, "--addr", "127.0.0.1:0", "--no-demo")
		if code != 1 || !strings.Contains(errOut, wantServe) ||
			strings.Contains(out, "đang chạy") || leaksInternals(errOut) {
			t.Fatalf("serve on a read-only file: exit %d\n%s%s", code, out, errOut)
		}
		t.Logf("read-only file, serve: exit %d: %s", code, strings.TrimSpace(errOut))
		if out, errOut, code := runBinary(t, bin, nil, "verify", "--db", fd.Path); code != 0 {
			t.Fatalf("verify of a read-only file: exit %d\n%s%s", code, out, errOut)
		}
		xlsx := filepath.Join(t.TempDir(), "ho-so.xlsx")
		if _, errOut, code := runBinary(t, bin, nil, "export", "congress", "--db", fd.Path, "--congress", seed, "--out", xlsx); code != 0 {
			t.Fatalf("export from a read-only file: exit %d %s", code, errOut)
		}

		// The same database under a running server, as when it turns read-only after the start:
		// a write is a 503 with the reason, a read still answers.
		d, err := db.Open(fd.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if !d.ReadOnly {
			t.Fatal("db.Open did not see that the file is read-only")
		}
		s := store.New(d)
		srv, err := server.New(server.Config{Store: s, Auth: auth.NewService(s), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		status, body, err := newFaultClient(ts.URL).do("POST", "/api/v1/session", map[string]string{"username": "thuky", "password": faultPassword})
		errCode, msg := apiErrorOf(body)
		if err != nil || status != 503 || errCode != "unavailable" || !strings.Contains(msg, "Cơ sở dữ liệu đang ở chế độ chỉ đọc; chưa lưu được") || leaksInternals(msg) {
			t.Fatalf("login on a read-only database: %d %v %s", status, err, body)
		}
		t.Logf("read-only database under a running server, a write: %d %s", status, body)
		if status, body, err := newFaultClient(ts.URL).do("GET", "/healthz", nil); err != nil || status != 200 {
			t.Fatalf("healthz on a read-only database: %d %v %s", status, err, body)
		}
	})

	// A read-only connection cannot remove the WAL files when it closes: the directory made
	// read-only now has them, and SQLite opens the database for reading only.
	t.Run("directory with WAL files", func(t *testing.T) {
		if left, _ := filepath.Glob(fd.Path + "-*"); len(left) != 2 {
			t.Fatalf("WAL files: %v", left)
		}
		makeReadOnly(t, dir)
		out, errOut, code := runBinary(t, bin, nil, "serve", "--db", fd.Path, "--addr", "127.0.0.1:0", "--no-demo")
		if code != 1 || !strings.Contains(errOut, wantServe) || strings.Contains(out, "đang chạy") || leaksInternals(errOut) {
			t.Fatalf("serve in a read-only directory: exit %d\n%s%s", code, out, errOut)
		}
	})

	// Writable again: nothing was damaged, and the server starts and stores.
	d, err := db.Open(fd.Path)
	if err != nil {
		t.Fatal(err)
	}
	if d.ReadOnly {
		t.Fatal("still read-only")
	}
	d.Close()
	srv := startServer(t, bin, fd.Path)
	c := newFaultClient(srv.URL)
	c.login(t)
	status, number, body, err := c.addBallot(fd.Rounds[0], 2)
	if err != nil || status != 201 {
		t.Fatalf("ballot once writable: %d %v %s", status, err, body)
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("server exit %d", code)
	}
	checkDatabase(t, bin, fd.Path, map[ballotKey]int{{fd.Rounds[0], number}: 2}, nil, fd.Rounds)
}
