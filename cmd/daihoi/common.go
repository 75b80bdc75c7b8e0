package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"daihoi/db"
	"daihoi/internal/store"
)

// newFlagSet returns a flag set that prints its usage to stderr and never exits the process.
func newFlagSet(name, synopsis string, stdio Stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	fs.Usage = func() {
		fmt.Fprintf(stdio.Err, "Cách dùng: daihoi %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns the exit code to stop with, or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	return -1
}

// dbFlag adds --db, defaulting to DAIHOI_DB or ./daihoi.db: a SQLite file, or a postgres:// URL.
func dbFlag(fs *flag.FlagSet, stdio Stdio) *string {
	def := stdio.getenv("DAIHOI_DB")
	if def == "" {
		def = "daihoi.db"
	}
	return fs.String("db", def, "tệp cơ sở dữ liệu SQLite, hoặc địa chỉ PostgreSQL postgres://người-dùng@máy/tên-csdl (biến môi trường DAIHOI_DB)")
}

// openStore opens and migrates the database. A read-only SQLite file opens (the commands that only
// read it work) unless it needs a migration; one that cannot even be opened for that reason says so.
func openStore(ctx context.Context, path string) (*store.Store, *db.DB, error) {
	d, err := db.Open(path)
	if err != nil {
		if errors.Is(err, db.ErrReadOnly) {
			return nil, nil, errReadOnly(path)
		}
		return nil, nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		if d.ReadOnly {
			return nil, nil, fmt.Errorf("%w; chưa nâng cấp được cấu trúc cơ sở dữ liệu", errReadOnly(path))
		}
		return nil, nil, err
	}
	return store.New(d), d, nil
}

// errNotWritable is wrapped by errReadOnly's errors, for the commands that must write to tell.
var errNotWritable = errors.New("chỉ đọc")

// errReadOnly says that the database at path cannot be written, and what to do about it.
func errReadOnly(path string) error {
	return fmt.Errorf("cơ sở dữ liệu %s %w: tệp, thư mục chứa nó hoặc ổ đĩa không cho ghi "+
		"(hãy cấp quyền ghi cho tệp và thư mục, hoặc chép cơ sở dữ liệu sang nơi ghi được)", path, errNotWritable)
}

// demoPassword is the demo users' password: DAIHOI_DEMO_PASSWORD or the default.
func demoPassword(stdio Stdio) string {
	if p := stdio.getenv("DAIHOI_DEMO_PASSWORD"); p != "" {
		return p
	}
	return "daihoi-demo"
}
