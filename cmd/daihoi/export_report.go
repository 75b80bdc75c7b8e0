package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/server"
	"daihoi/internal/store"
)

// reportExport describes one report kind of the higher committee for the shared command line:
// which of --congress and --org it takes, and the function that writes it.
type reportExport struct {
	name     string
	synopsis string
	// perCongress reports need --congress; the others take --org and --term.
	perCongress bool
	write       func(ctx context.Context, st *store.Store, rq server.ReportRequest, w io.Writer) error
}

// run parses the flags, writes the report to a temporary file beside --out and renames it into
// place, printing progress on standard error for long lists. Exit codes: 0 written, 2 bad
// arguments or an unknown congress, organization or term, 1 a failure.
func (k reportExport) run(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("export "+k.name, "export "+k.synopsis, stdio)
	path := dbFlag(fs, stdio)
	out := fs.String("out", "", "tệp Excel (.xlsx) để ghi")
	var congressID, orgID *int64
	var termText *string
	if k.perCongress {
		congressID = fs.Int64("congress", 0, "số (id) của đại hội")
	} else {
		orgID = fs.Int64("org", 0, "số (id) của tổ chức đảng; mặc định cả cây tổ chức")
		termText = fs.String("term", "", "nhiệm kỳ, ví dụ 2020-2025; mặc định mọi nhiệm kỳ (cơ cấu: nhiệm kỳ gần nhất)")
	}
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *out == "" || (k.perCongress && *congressID <= 0) || (!k.perCongress && *orgID < 0) {
		fs.Usage()
		return 2
	}
	fail := func(code int, err error) int {
		fmt.Fprintf(stdio.Err, "daihoi export %s: %s\n", k.name, congress.ErrorMessage(err))
		if code == 1 && congress.ErrorCode(err) == congress.EINTERNAL { // an unexplained fault: the details help
			fmt.Fprintf(stdio.Err, "  (%v)\n", err)
		}
		return code
	}
	st, d, err := openStore(ctx, *path)
	if err != nil {
		return fail(1, err)
	}
	defer d.Close()
	// The command runs on the server's machine for whoever may read the database file: it sees
	// every organization, as the system actor.
	rq := server.ReportRequest{User: congress.System}
	if k.perCongress {
		rq.CongressID = *congressID
	} else {
		rq.OrganizationID = *orgID
		if rq.TermID, err = parseTerm(ctx, st, *termText); err != nil {
			return fail(2, err)
		}
		start := time.Now()
		rq.Progress = func(done int) {
			if done%500 == 0 {
				fmt.Fprintf(stdio.Err, "\rđã ghi %s đại hội (%.1f giây)", strconv.Itoa(done), time.Since(start).Seconds())
			}
		}
	}
	start := time.Now()
	if err := writeAtomically(*out, func(w io.Writer) error { return k.write(ctx, st, rq, w) }); err != nil {
		if rq.Progress != nil {
			fmt.Fprintln(stdio.Err)
		}
		switch congress.ErrorCode(err) {
		case congress.ENOTFOUND, congress.EINVALID:
			return fail(2, err)
		}
		return fail(1, err)
	}
	if rq.Progress != nil {
		fmt.Fprintln(stdio.Err)
	}
	info, _ := os.Stat(*out)
	size := int64(0)
	if info != nil {
		size = info.Size()
	}
	fmt.Fprintf(stdio.Out, "Đã ghi %s (%s KB) trong %.1f giây.\n", *out, strconv.FormatInt(size/1024, 10), time.Since(start).Seconds())
	return 0
}

// parseTerm finds the term typed as "2020-2025" (or with an en dash); "" is every term.
func parseTerm(ctx context.Context, st *store.Store, text string) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, nil
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(text, "–", "-"), "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(a))
	end, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return 0, congress.Errorf(congress.EINVALID, "Nhiệm kỳ %q không đúng dạng năm-năm, ví dụ 2020-2025.", text)
	}
	t, err := st.FindTermByYears(ctx, start, end)
	if err != nil {
		return 0, congress.Errorf(congress.ENOTFOUND, "Không có nhiệm kỳ %d – %d.", start, end)
	}
	return t.ID, nil
}

// writeAtomically streams a file into a temporary file beside path, syncs it and renames it into
// place, so a failed export never leaves half a file under the name asked for. Every export
// writes through it.
func writeAtomically(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fileFault(path, err)
	}
	// CreateTemp makes the file private; a report is a document to share like any other.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	// On disk before the rename: a crash never leaves an empty file under the name asked for.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fileFault(path, err)
	}
	if err := tmp.Close(); err != nil {
		return fileFault(path, err)
	}
	return os.Rename(tmp.Name(), path)
}

// fileFault names the file a full disk (or a read-only one) kept from being written, in the
// words of the store's storage faults; other errors are returned as they are.
func fileFault(path string, err error) error {
	if store.StorageFault(err) == nil {
		return err
	}
	why := "ổ đĩa đã đầy"
	if errors.Is(err, syscall.EROFS) {
		why = "ổ đĩa chỉ đọc"
	}
	return congress.Errorf(congress.EUNAVAILABLE, "Không ghi được tệp %s: %s; tệp chưa được tạo. Hãy giải phóng dung lượng hoặc chọn nơi ghi khác rồi xuất lại.", path, why)
}

// writeBytes is write for a file already in memory.
func writeBytes(data []byte) func(w io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}
