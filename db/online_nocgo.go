//go:build !cgo

package db

import (
	"context"
	"errors"
)

// onlineCopy needs SQLite's online backup API, which only the cgo build of the driver has.
func onlineCopy(ctx context.Context, src, dst string) error {
	return errors.New("db: online restore needs the cgo build of SQLite; stop the server and restore without --force")
}
