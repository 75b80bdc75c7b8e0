//go:build cgo

package db

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isReadOnlyErr tells whether err is SQLite's SQLITE_READONLY.
func isReadOnlyErr(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrReadonly
}
