package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/offline"
	"daihoi/internal/store"
	"daihoi/reports"
)

// importKind is one thing `daihoi import KIND` reads.
type importKind struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdio Stdio) int
}

var importKinds = map[string]importKind{}

func registerImport(k importKind) { importKinds[k.name] = k }

func init() {
	register(command{name: "import", order: 61,
		summary: "nhập gói hồ sơ đại hội hoặc tệp Excel: import package FILE | committee --congress ID FILE | totals --round ID FILE",
		run:     runImport})
	registerImport(importKind{name: "package",
		summary: "gói hồ sơ đại hội (.daihoi) xuất từ máy khác: import package [--confirm] [--user U] FILE", run: runImportPackage})
	registerImport(importKind{name: "committee",
		summary: "danh sách trích ngang (Excel) vào hồ sơ đảng viên của đại hội: import committee --congress ID [--good-rows-only] FILE",
		run:     runImportCommittee})
	registerImport(importKind{name: "totals",
		summary: "tổng số phiếu của một vòng bầu từ biên bản kiểm phiếu (Excel): import totals --round ID [--sheet TÊN] FILE",
		run:     runImportTotals})
}

// Exit codes of `daihoi import`: 0 done (or nothing to do), 1 a failure, 2 bad arguments or an
// input refused, 3 a changed congress that needs --confirm.
const exitNeedConfirm = 3

func runImport(ctx context.Context, args []string, stdio Stdio) int {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprintln(stdio.Err, "Cách dùng: daihoi import KIND [tham số] FILE\n\nCác loại:")
		names := make([]string, 0, len(importKinds))
		for n := range importKinds {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(stdio.Err, "  %-10s %s\n", n, importKinds[n].summary)
		}
		fmt.Fprintln(stdio.Err, "\nMã thoát: 0 xong, 1 lỗi hệ thống, 2 tham số sai hoặc tệp bị từ chối, 3 cần --confirm.")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	k, ok := importKinds[args[0]]
	if !ok {
		fmt.Fprintf(stdio.Err, "daihoi import: không có loại %q (xem daihoi import -h)\n", args[0])
		return 2
	}
	return k.run(ctx, args[1:], stdio)
}

// actingUser returns the user an import runs as: the system (every organization) or, with --user,
// that user with their organization's scope and role.
func actingUser(ctx context.Context, s *store.Store, username string) (*congress.User, error) {
	if username == "" {
		return congress.System, nil
	}
	u, _, err := s.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, fmt.Errorf("không có người dùng %q", username)
	}
	if u.Disabled {
		return nil, fmt.Errorf("người dùng %q đã bị khóa", username)
	}
	return u, nil
}

// parseWithFile parses flags that may come before or after the one file argument.
func parseWithFile(fs *flag.FlagSet, args []string) (string, int) {
	if code := parseFlags(fs, args); code >= 0 {
		return "", code
	}
	rest := fs.Args()
	if len(rest) >= 1 {
		if code := parseFlags(fs, rest[1:]); code >= 0 {
			return "", code
		}
		if fs.NArg() == 0 {
			return rest[0], -1
		}
	}
	fs.Usage()
	return "", 2
}

func runImportPackage(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("import package", "import package [--db FILE] [--confirm] [--user TÊN] FILE.daihoi", stdio)
	path := dbFlag(fs, stdio)
	confirm := fs.Bool("confirm", false, "đồng ý thay đại hội đã có trên máy bằng phiên bản khác trong gói")
	username := fs.String("user", "", "nhập với vai trò và phạm vi của người dùng này (mặc định: hệ thống, mọi tổ chức)")
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	p, err := offline.ReadFile(file)
	if err != nil {
		printPackageProblems(stdio, file, err)
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import package:", err)
		return 1
	}
	defer d.Close()
	u, err := actingUser(ctx, s, *username)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import package:", err)
		return 2
	}
	res, err := s.ImportPackage(ctx, u, p, store.PackageImportOptions{Confirm: *confirm})
	if err != nil {
		if len(offline.Problems(err)) > 0 {
			printPackageProblems(stdio, file, err)
			return 2
		}
		switch congress.ErrorCode(err) {
		case congress.EINVALID, congress.EFORBIDDEN, congress.ENOTFOUND, congress.ECONFLICT:
			fmt.Fprintln(stdio.Err, "daihoi import package:", congress.ErrorMessage(err))
			return 2
		}
		fmt.Fprintln(stdio.Err, "daihoi import package:", err)
		return 1
	}
	fmt.Fprintln(stdio.Out, res.Summary())
	for _, d := range res.Differences {
		fmt.Fprintf(stdio.Out, "  – %s\n", d.Message)
	}
	if res.Status == store.ImportNeedConfirm {
		fmt.Fprintln(stdio.Out, "Chưa ghi gì. Chạy lại với --confirm để thay bằng phiên bản trong gói.")
		return exitNeedConfirm
	}
	if res.Status == store.ImportCreated || res.Status == store.ImportReplaced {
		fmt.Fprintf(stdio.Out, "Đại hội số %d. Mã nội dung gói %s. Mã xác thực các vòng đã khóa (đối chiếu với biên bản giấy):\n",
			res.CongressID, res.ContentSHA256)
		for _, r := range res.ClosedRounds {
			fmt.Fprintf(stdio.Out, "  %s, vòng %d (biên bản số %02d): %s\n", congress.Label(congress.Bodies, r.Election), r.Round,
				r.DocumentNumber, r.Fingerprint)
		}
	}
	return 0
}

// printPackageProblems lists every problem of a refused package.
func printPackageProblems(stdio Stdio, file string, err error) {
	problems := offline.Problems(err)
	if len(problems) == 0 {
		fmt.Fprintf(stdio.Err, "daihoi import package: %s: %s\n", file, congress.ErrorMessage(err))
		return
	}
	fmt.Fprintf(stdio.Err, "daihoi import package: từ chối gói %s, không ghi gì (%d lỗi):\n", file, len(problems))
	for i, p := range problems {
		fmt.Fprintf(stdio.Err, "%3d. %s\n", i+1, p.String())
	}
}

// openWorkbookFile opens and checks an .xlsx file.
func openWorkbookFile(file string) (*reports.Workbook, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s không phải một tệp", file)
	}
	return reports.OpenWorkbook(f, st.Size())
}

// printImportProblems lists the rejected rows or the reasons a workbook was refused.
func printImportProblems(stdio Stdio, list []reports.ImportProblem) {
	for i, p := range list {
		fmt.Fprintf(stdio.Err, "%3d. %s\n", i+1, p.String())
	}
}

func runImportCommittee(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("import committee", "import committee [--db FILE] --congress ID [--good-rows-only] [--user TÊN] FILE.xlsx", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("congress", 0, "số (id) của đại hội")
	goodOnly := fs.Bool("good-rows-only", false, "chỉ nhập các dòng hợp lệ khi có dòng bị từ chối (mặc định: không nhập gì)")
	username := fs.String("user", "", "nhập với vai trò và phạm vi của người dùng này (mặc định: hệ thống)")
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	if *id <= 0 {
		fs.Usage()
		return 2
	}
	wb, err := openWorkbookFile(file)
	if err != nil {
		return workbookRefused(stdio, "import committee", file, err)
	}
	defer wb.Close()
	list, err := wb.ReadPersonList()
	if err != nil {
		return workbookRefused(stdio, "import committee", file, err)
	}
	fmt.Fprintf(stdio.Out, "Trang “%s”, tiêu đề ở dòng %d, các cột: %s. Đọc được %d dòng hợp lệ, %d dòng bị từ chối.\n",
		list.Sheet, list.HeaderRow, strings.Join(list.Columns, ", "), len(list.Rows), len(list.Rejected))
	if len(list.Rejected) > 0 {
		fmt.Fprintln(stdio.Err, "Các dòng bị từ chối:")
		printImportProblems(stdio, list.Rejected)
		if !*goodOnly {
			fmt.Fprintln(stdio.Err, "Không nhập gì. Sửa các dòng trên rồi nhập lại, hoặc thêm --good-rows-only để chỉ nhập các dòng hợp lệ.")
			return 2
		}
	}
	if len(list.Rows) == 0 {
		fmt.Fprintln(stdio.Err, "daihoi import committee: không có dòng nào để nhập.")
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import committee:", err)
		return 1
	}
	defer d.Close()
	u, err := actingUser(ctx, s, *username)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import committee:", err)
		return 2
	}
	persons := make([]congress.Person, len(list.Rows))
	for i, r := range list.Rows {
		persons[i] = r.Person
	}
	res, err := s.ImportPersons(ctx, u, *id, persons)
	if err != nil {
		return storeRefused(stdio, "import committee", err)
	}
	fmt.Fprintf(stdio.Out, "Đã nhập vào đại hội số %d: %d đảng viên mới, %d cập nhật, %d không đổi.\n", *id, res.Created, res.Updated, res.Unchanged)
	return 0
}

func runImportTotals(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("import totals", "import totals [--db FILE] --round ID [--sheet TÊN] [--user TÊN] FILE.xlsx", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("round", 0, "số (id) của vòng bầu (nhập tổng số)")
	sheet := fs.String("sheet", "", "tên trang tính của vòng này khi tệp có nhiều biên bản")
	username := fs.String("user", "", "nhập với vai trò và phạm vi của người dùng này (mặc định: hệ thống)")
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	if *id <= 0 {
		fs.Usage()
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import totals:", err)
		return 1
	}
	defer d.Close()
	u, err := actingUser(ctx, s, *username)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi import totals:", err)
		return 2
	}
	rv, err := s.FindRoundByID(ctx, u, *id)
	if err != nil {
		return storeRefused(stdio, "import totals", err)
	}
	wb, err := openWorkbookFile(file)
	if err != nil {
		return workbookRefused(stdio, "import totals", file, err)
	}
	defer wb.Close()
	names := make([]string, len(rv.Candidates))
	for i, c := range rv.Candidates {
		names[i] = c.BallotName
	}
	totals, rejected, err := wb.ReadRoundTotals(*sheet, names)
	if err != nil {
		return workbookRefused(stdio, "import totals", file, err)
	}
	if len(rejected) > 0 {
		fmt.Fprintln(stdio.Err, "Các dòng bị từ chối (không nhập gì):")
		printImportProblems(stdio, rejected)
		return 2
	}
	if err := s.SetTallyByName(ctx, u, *id, namedTally(totals)); err != nil {
		return storeRefused(stdio, "import totals", err)
	}
	fmt.Fprintf(stdio.Out, "Đã nhập tổng số phiếu vòng %d của cuộc bầu %s từ trang “%s”: %s.\n", rv.Number,
		rv.Election.BodyLabel(), totals.Sheet, reports.FormatTotals(totals))
	return 0
}

// namedTally turns the totals read from a workbook into the store's input.
func namedTally(t *reports.RoundTotals) *store.NamedTally {
	n := &store.NamedTally{Issued: t.Issued, Collected: t.Collected, Valid: t.Valid, Invalid: t.Invalid}
	if len(t.InvalidReasons) > 0 {
		n.InvalidReasons = t.InvalidReasons
	}
	for _, v := range t.Votes {
		n.Votes = append(n.Votes, store.NamedVote{Row: v.Row, Name: v.Name, Votes: v.Votes})
	}
	return n
}

// workbookRefused prints why a workbook was refused: exit 2.
func workbookRefused(stdio Stdio, cmd, file string, err error) int {
	if problems := reports.ImportProblems(err); len(problems) > 0 {
		fmt.Fprintf(stdio.Err, "daihoi %s: từ chối tệp %s, không nhập gì:\n", cmd, file)
		printImportProblems(stdio, problems)
		return 2
	}
	fmt.Fprintf(stdio.Err, "daihoi %s: %s: %v\n", cmd, file, err)
	return 2
}

// storeRefused prints a store error with its fields: exit 2 for what the user can fix, 1 otherwise.
func storeRefused(stdio Stdio, cmd string, err error) int {
	switch congress.ErrorCode(err) {
	case congress.EINVALID, congress.EINVALIDCOUNT, congress.EFORBIDDEN, congress.ENOTFOUND, congress.ECONFLICT:
		fmt.Fprintf(stdio.Err, "daihoi %s: %s\n", cmd, congress.ErrorMessage(err))
		fields := congress.ErrorFields(err)
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(stdio.Err, "  – %s: %s\n", k, fields[k])
		}
		fmt.Fprintln(stdio.Err, "Không nhập gì.")
		return 2
	}
	fmt.Fprintf(stdio.Err, "daihoi %s: %v\n", cmd, err)
	return 1
}
