package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"daihoi/internal/testdb"
)

// requireRoot skips a test that needs root (to mount a file system or make a file immutable) on
// a developer's machine; under CI=true, where the machine runs the tests as root, it fails.
func requireRoot(t *testing.T, why string) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI must run this test as root: %s", why)
	}
	t.Skipf("needs root: %s", why)
}

// smallDisk mounts a tmpfs of size bytes on a new directory and returns it: a real disk that
// fills up (ENOSPC, SQLite's SQLITE_FULL), which a file size limit (EFBIG) only imitates.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	requireRoot(t, "mounts a small tmpfs to fill it up")
	dir := t.TempDir()
	if err := syscall.Mount("daihoi-fault", dir, "tmpfs", 0, "size="+strconv.Itoa(size)+",mode=0755"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount tmpfs: %v", err)
		}
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fillDisk writes a file in dir until the disk has no byte left, and returns the file.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "lap-day")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, chunk := range []int{1 << 20, 4096, 1} {
		buf := make([]byte, chunk)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("filling the disk: %v", err)
				}
				break
			}
		}
	}
	return name
}

// apiErrorOf decodes the API's error envelope.
func apiErrorOf(body []byte) (code, message string) {
	var e struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(body, &e)
	return e.Error.Code, e.Error.Message
}

// leaksInternals tells whether a text meant for users shows Go, SQL or driver words.
func leaksInternals(s string) bool {
	lower := strings.ToLower(s)
	for _, w := range []string{"sqlite", "database or disk", "no space left", "sql:", "store:", "db:", "goroutine", "errno", ".go:", "lỗi hệ thống"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// The disk fills up under a running server and under an export: writes are refused with 503 and
// a Vietnamese message (API and HTML), reads and downloads still work, the export fails with exit
// 1 and leaves no file, nothing acknowledged is lost, and once space is freed the same server
// stores again; the database passes the integrity check and `daihoi verify`.
func TestFaultDiskFull(t *testing.T) {
	testdb.SQLiteOnly(t) // fills the disk under a SQLite file
	disk := smallDisk(t, 8<<20)
	bin := buildDaihoi(t)
	fd := newFaultDB(t, filepath.Join(disk, "daihoi.db"), 1)
	round := fd.Rounds[0]
	srv := startServer(t, bin, fd.Path)
	c := newFaultClient(srv.URL)
	c.login(t)
	acked := map[ballotKey]int{}
	for i := 0; i < 30; i++ {
		status, number, body, err := c.addBallot(round, i%8+1)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("ballot before the disk fills: %d %v %s", status, err, body)
		}
		acked[ballotKey{round, number}] = i%8 + 1
	}

	filler := fillDisk(t, disk)

	// A write: the ballots go on until the WAL needs a page the disk no longer has.
	var status int
	var body []byte
	for i := 0; i < 2000; i++ {
		var number int
		var err error
		status, number, body, err = c.addBallot(round, 3)
		if err != nil {
			t.Fatalf("ballot on a full disk: %v\n%s", err, srv.Logs())
		}
		if status != http.StatusCreated {
			break
		}
		acked[ballotKey{round, number}] = 3
	}
	code, msg := apiErrorOf(body)
	if status != http.StatusServiceUnavailable || code != "unavailable" || !strings.Contains(msg, "Ổ đĩa của máy chủ đã đầy; chưa lưu được") || leaksInternals(msg) {
		t.Fatalf("ballot on a full disk: %d %s", status, body)
	}
	t.Logf("disk full, ballot API: %d %s", status, body)
	// A login writes its session: refused the same way, on the form as in the API.
	if st, b, err := newFaultClient(srv.URL).do(http.MethodPost, "/api/v1/session",
		map[string]string{"username": "thuky", "password": faultPassword}); err != nil || st != http.StatusServiceUnavailable ||
		!strings.Contains(string(b), "Ổ đĩa của máy chủ đã đầy") {
		t.Fatalf("API login on a full disk: %d %v %s", st, err, b)
	}
	res, err := http.PostForm(srv.URL+"/login", url.Values{"username": {"thuky"}, "password": {faultPassword}})
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, res)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "Chưa lưu được") ||
		!strings.Contains(page, "Ổ đĩa của máy chủ đã đầy; chưa lưu được") || leaksInternals(page) {
		t.Fatalf("login form on a full disk: %d\n%s", res.StatusCode, page)
	}
	// Reads need no space: the pile and the congress's Excel file are still served.
	if st, b, err := c.do(http.MethodGet, fmt.Sprintf("/api/v1/rounds/%d/ballots", round), nil); err != nil || st != http.StatusOK {
		t.Fatalf("reading the pile on a full disk: %d %v %s", st, err, b)
	}
	if st, b, err := c.do(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/report.xlsx", fd.Seed), nil); err != nil ||
		st != http.StatusOK || !strings.HasPrefix(string(b), "PK") {
		t.Fatalf("downloading the report on a full disk: %d %v %.200s", st, err, b)
	}

	// An export onto the full disk fails, says which file and why, and leaves nothing behind.
	out := filepath.Join(disk, "ho-so.xlsx")
	stdout, stderr, exit := runBinary(t, bin, nil, "export", "congress", "--db", fd.Path, "--congress", strconv.FormatInt(fd.Seed, 10), "--out", out)
	want := "daihoi export congress: Không ghi được tệp " + out + ": ổ đĩa đã đầy; tệp chưa được tạo."
	if exit != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "no space left") || stdout != "" {
		t.Fatalf("export on a full disk: exit %d\n%s%s", exit, stdout, stderr)
	}
	t.Logf("disk full, export: exit %d: %s", exit, strings.TrimSpace(stderr))
	if left, _ := filepath.Glob(filepath.Join(disk, "*ho-so.xlsx*")); len(left) > 0 {
		t.Fatalf("the failed export left %v", left)
	}

	// Space freed: the same server stores again, without a restart.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	st, number, b, err := c.addBallot(round, 5)
	if err != nil || st != http.StatusCreated {
		t.Fatalf("ballot once space is freed: %d %v %s", st, err, b)
	}
	acked[ballotKey{round, number}] = 5
	if code := srv.stop(t); code != 0 {
		t.Fatalf("server exit %d\n%s", code, srv.Logs())
	}
	if !strings.Contains(srv.Logs(), "status=503") {
		t.Errorf("the server's log does not show the 503s:\n%s", srv.Logs())
	}
	checkDatabase(t, bin, fd.Path, acked, nil, fd.Rounds)
	if _, stderr, exit := runBinary(t, bin, nil, "export", "congress", "--db", fd.Path, "--congress", strconv.FormatInt(fd.Seed, 10), "--out", out); exit != 0 {
		t.Fatalf("export once space is freed: exit %d %s", exit, stderr)
	}
	t.Logf("disk full: %d ballots acknowledged before and after, 0 lost; integrity_check ok, daihoi verify exit 0", len(acked))
}

// readAll reads and closes a response body.
func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
