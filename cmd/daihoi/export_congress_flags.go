package main

import (
	"context"
	"flag"
	"fmt"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// congressExport is what the exports of one congress share: --db, --congress ID, --out FILE, and
// their messages under the command's name. A command adds its own flags to fs before parse.
type congressExport struct {
	name  string
	stdio Stdio
	fs    *flag.FlagSet
	path  *string
	id    *int64
	out   *string
}

func newCongressExport(name, synopsis, outHelp string, stdio Stdio) *congressExport {
	fs := newFlagSet("export "+name, synopsis, stdio)
	return &congressExport{name: name, stdio: stdio, fs: fs, path: dbFlag(fs, stdio),
		id: fs.Int64("congress", 0, "số (id) của đại hội"), out: fs.String("out", "", outHelp)}
}

// parse reads the arguments; ok is false when the command must end at once with code (help, a
// bad flag, no --congress or --out). A command checks its own flags after it, with usage.
func (e *congressExport) parse(args []string) (code int, ok bool) {
	if code := parseFlags(e.fs, args); code >= 0 {
		return code, false
	}
	if e.fs.NArg() > 0 || *e.id <= 0 || *e.out == "" {
		return e.usage(), false
	}
	return 0, true
}

// usage prints how to call the command and returns its exit code for bad arguments.
func (e *congressExport) usage() int {
	e.fs.Usage()
	return 2
}

// open opens the database; on failure it has said why and the command ends with 1.
func (e *congressExport) open(ctx context.Context) (*store.Store, *db.DB, bool) {
	s, d, err := openStore(ctx, *e.path)
	if err != nil {
		e.fail(1, err)
		return nil, nil, false
	}
	return s, d, true
}

// fail says err under the command's name and returns code.
func (e *congressExport) fail(code int, err error) int {
	fmt.Fprintln(e.stdio.Err, "daihoi export "+e.name+":", err)
	return code
}

// failCongress is fail for the store's answer about the congress: an unknown one (or one the
// export cannot be made of, when invalidToo) is the user's mistake, exit 2, named by its id.
func (e *congressExport) failCongress(err error, invalidToo bool) int {
	switch code := congress.ErrorCode(err); {
	case code == congress.ENOTFOUND, invalidToo && code == congress.EINVALID:
		fmt.Fprintf(e.stdio.Err, "daihoi export %s: %s (đại hội số %d)\n", e.name, congress.ErrorMessage(err), *e.id)
		return 2
	}
	return e.fail(1, err)
}
