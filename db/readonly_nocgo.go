//go:build !cgo

package db

// isReadOnlyErr tells whether err is SQLite's SQLITE_READONLY; the driver without cgo has no
// SQLite to say so.
func isReadOnlyErr(err error) bool { return false }
