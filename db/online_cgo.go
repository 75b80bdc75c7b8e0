//go:build cgo

package db

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mattn/go-sqlite3"
)

// onlineCopy copies src into dst with SQLite's online backup API, under dst's locks, so that the
// other connections to dst read the restored pages afterwards.
func onlineCopy(ctx context.Context, src, dst string) error {
	from, err := sql.Open("sqlite3", sqliteDSN(src, "&mode=ro"))
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := sql.Open("sqlite3", sqliteDSN(dst, ""))
	if err != nil {
		return err
	}
	defer to.Close()
	fc, err := from.Conn(ctx)
	if err != nil {
		return err
	}
	defer fc.Close()
	tc, err := to.Conn(ctx)
	if err != nil {
		return err
	}
	defer tc.Close()
	return tc.Raw(func(d any) error {
		return fc.Raw(func(s any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := s.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("db: not a SQLite connection")
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			for tries := 0; ; tries++ {
				done, err := b.Step(-1)
				if err != nil {
					var se sqlite3.Error
					if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) && tries < 100 {
						time.Sleep(100 * time.Millisecond)
						continue
					}
					b.Finish()
					return err
				}
				if done {
					return b.Finish()
				}
			}
		})
	})
}
