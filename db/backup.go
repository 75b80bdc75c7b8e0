package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Backups of the SQLite file (DESIGN.md "Storage"). A backup is never a copy of the live file,
// which a writer may be changing under the copy: `VACUUM INTO` writes a consistent snapshot from
// one read transaction, so it works while the server runs and writes (WAL readers do not block
// writers); the snapshot is checked with `PRAGMA integrity_check` before it is renamed into place,
// so a backup file that exists is a good one.

// FileInfo describes a database file that passed the integrity check.
type FileInfo struct {
	Size    int64
	Version int // the highest migration applied
}

// BackupError is a backup or restore refused or failed, with a message for the user.
type BackupError struct {
	Message string
	Err     error
}

func (e *BackupError) Error() string {
	if e.Err != nil {
		return e.Message + " (" + e.Err.Error() + ")"
	}
	return e.Message
}

func (e *BackupError) Unwrap() error { return e.Err }

func fail(err error, format string, args ...any) error {
	return &BackupError{Message: fmt.Sprintf(format, args...), Err: err}
}

// sqliteDSN is the DSN of a plain connection to the file at path with the usual busy timeout.
func sqliteDSN(path string, params string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?_busy_timeout=10000" + params
}

// BackupFile writes a consistent copy of the database file src to dest: VACUUM INTO a new
// temporary file beside dest, PRAGMA integrity_check on it, then a rename over dest (an older
// backup of that name is replaced only by a checked one). The source is only read.
func BackupFile(ctx context.Context, src, dest string) (*FileInfo, error) {
	if _, err := os.Stat(src); err != nil {
		return nil, fail(err, "Không có cơ sở dữ liệu %s", src)
	}
	conn, err := sql.Open("sqlite3", sqliteDSN(src, "&mode=ro"))
	if err != nil {
		return nil, fail(err, "Không mở được cơ sở dữ liệu %s", src)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	return vacuumInto(ctx, conn, dest)
}

// Backup is BackupFile for a database this process has open, through a connection of its own so
// that the application's writers carry on meanwhile.
func (db *DB) Backup(ctx context.Context, dest string) (*FileInfo, error) {
	return BackupFile(ctx, db.Path, dest)
}

// vacuumInto snapshots the database of conn into dest through a checked temporary file.
func vacuumInto(ctx context.Context, conn *sql.DB, dest string) (*FileInfo, error) {
	dir := filepath.Dir(dest)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fail(err, "Thư mục %s không tồn tại", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return nil, fail(err, "Không tạo được tệp tạm trong %s", dir)
	}
	tmpName := tmp.Name()
	tmp.Close() // VACUUM INTO writes into an empty file
	keep := false
	defer func() {
		if !keep {
			os.Remove(tmpName)
		}
	}()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return nil, fail(err, "Không sao lưu được cơ sở dữ liệu")
	}
	info, err := CheckFile(ctx, tmpName)
	if err != nil {
		return nil, fail(err, "Bản sao lưu vừa tạo không qua được kiểm tra toàn vẹn; giữ nguyên bản sao lưu cũ")
	}
	if err := syncFile(tmpName); err != nil {
		return nil, fail(err, "Không ghi được bản sao lưu xuống đĩa")
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return nil, fail(err, "Không đổi tên bản sao lưu thành %s", dest)
	}
	keep = true
	syncDir(dir)
	return info, nil
}

// CheckFile opens a database file read-only and checks it: PRAGMA integrity_check must answer
// "ok", and it must be a daihoi database (its migrations table) of a version this program knows.
func CheckFile(ctx context.Context, path string) (*FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fail(err, "Không có tệp %s", path)
	}
	if !st.Mode().IsRegular() {
		return nil, fail(nil, "%s không phải một tệp", path)
	}
	conn, err := sql.Open("sqlite3", sqliteDSN(path, "&mode=ro"))
	if err != nil {
		return nil, fail(err, "Không mở được %s", path)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fail(err, "%s không phải cơ sở dữ liệu SQLite đọc được", path)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, fail(err, "Không kiểm tra được %s", path)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fail(err, "%s không phải cơ sở dữ liệu SQLite đọc được", path)
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], "…")
		}
		return nil, fail(nil, "%s không qua được kiểm tra toàn vẹn (PRAGMA integrity_check): %s", path, strings.Join(problems, "; "))
	}
	info := &FileInfo{Size: st.Size()}
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.Version); err != nil {
		return nil, fail(err, "%s không phải cơ sở dữ liệu daihoi", path)
	}
	known, err := loadMigrations("sqlite")
	if err != nil {
		return nil, err
	}
	if info.Version > len(known) {
		return nil, fail(nil, "%s do phiên bản daihoi mới hơn tạo (lược đồ số %d, bản này biết đến số %d); hãy cập nhật daihoi trước",
			path, info.Version, len(known))
	}
	return info, nil
}

// RestoreOptions are the choices of Restore.
type RestoreOptions struct {
	// Force restores into a database another process (a running server) holds open: through
	// SQLite's online backup, page by page under its locks, so the server sees the restored data;
	// it should be restarted afterwards. Without Force such a restore is refused.
	Force bool
	// Now stamps the name of the copy kept of the database replaced; time.Now when nil.
	Now func() time.Time
}

// RestoreInfo says what Restore did.
type RestoreInfo struct {
	FileInfo
	// Kept is the copy of the database replaced ("" when there was none).
	Kept string
	// Live says the database was held by another process and restored in place.
	Live bool
}

// Restore replaces the database file dst by the backup src. src must pass CheckFile; nothing is
// touched otherwise. When dst exists, a checked copy of it is kept beside it first
// (dst.truoc-khoi-phuc-YYYYMMDD-HHMMSS). When no other process holds dst, the backup is copied to a
// temporary file beside dst, checked, and renamed over it (with dst's old -wal and -shm removed, so
// they cannot be replayed into the restored file). When another process holds dst, Restore refuses
// unless opt.Force (see RestoreOptions).
func Restore(ctx context.Context, src, dst string, opt RestoreOptions) (*RestoreInfo, error) {
	info, err := CheckFile(ctx, src)
	if err != nil {
		return nil, fail(err, "Từ chối khôi phục từ %s: tệp sao lưu không qua được kiểm tra", src)
	}
	if same, _ := sameFile(src, dst); same {
		return nil, fail(nil, "Tệp sao lưu và cơ sở dữ liệu là một tệp")
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	res := &RestoreInfo{FileInfo: *info}
	_, statErr := os.Stat(dst)
	exists := statErr == nil
	inUse := false
	if exists {
		if inUse, err = InUse(dst); err != nil && !opt.Force {
			return nil, fail(err, "Không xác định được %s có đang được máy chủ daihoi mở hay không; dừng máy chủ rồi thêm --force để khôi phục", dst)
		}
		if inUse && !opt.Force {
			return nil, fail(nil, "Cơ sở dữ liệu %s đang được một tiến trình khác mở (máy chủ daihoi đang chạy?). Hãy dừng máy chủ rồi khôi phục, hoặc thêm --force để khôi phục trực tiếp khi máy chủ đang chạy (sau đó khởi động lại máy chủ)", dst)
		}
		kept := fmt.Sprintf("%s.truoc-khoi-phuc-%s", dst, now().Format("20060102-150405"))
		if _, err := BackupFile(ctx, dst, kept); err != nil {
			if !opt.Force {
				return nil, fail(err, "Không sao lưu được cơ sở dữ liệu hiện tại trước khi thay; thêm --force để vẫn khôi phục")
			}
		} else {
			res.Kept = kept
		}
	}
	if inUse {
		res.Live = true
		if err := onlineCopy(ctx, src, dst); err != nil {
			return nil, fail(err, "Không khôi phục được vào cơ sở dữ liệu đang chạy")
		}
		if _, err := CheckFile(ctx, dst); err != nil {
			return nil, fail(err, "Cơ sở dữ liệu sau khi khôi phục không qua được kiểm tra")
		}
		return res, nil
	}
	conn, err := sql.Open("sqlite3", sqliteDSN(src, "&mode=ro"))
	if err != nil {
		return nil, fail(err, "Không mở được %s", src)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	tmp := dst + ".khoi-phuc.tmp"
	os.Remove(tmp)
	if _, err := vacuumInto(ctx, conn, tmp); err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fail(err, "Không xóa được %s%s", dst, side)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return nil, fail(err, "Không thay được %s", dst)
	}
	syncDir(filepath.Dir(dst))
	return res, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename durable; best effort (not every system can sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
