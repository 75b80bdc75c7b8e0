//go:build !unix

package db

import (
	"errors"
	"os"
)

// InUse reports whether another process may hold the SQLite database at path open. Without POSIX
// record locks it cannot tell for sure: a WAL index (-shm) beside the file means a connection is
// open or was not closed cleanly, and the answer is an error so that the caller asks for --force.
func InUse(path string) (bool, error) {
	if _, err := os.Stat(path + "-shm"); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return false, errors.New("db: cannot tell whether another process has the database open")
}

// writable tells whether path may be written; without access(2) only the permission bits tell.
func writable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().Perm()&0o200 != 0
}
