//go:build unix

package db

import (
	"errors"
	"os"
	"syscall"
)

// shmDMS is the byte of the WAL index (the -shm file) on which every SQLite connection of the unix
// VFS holds a shared lock for as long as it has the database open (UNIX_SHM_DMS in os_unix.c).
const shmDMS = 128

// InUse reports whether another process holds the SQLite database at path open: it tries for a
// moment to take a write lock on the WAL index's "dead man switch" byte, which every open
// connection holds shared. Locks of this process do not count (POSIX record locks are per process).
func InUse(path string) (bool, error) {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil // no WAL index: nobody has the database open in WAL mode
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	lock := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmDMS, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lock); err != nil {
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
			return true, nil
		}
		return false, err
	}
	lock.Type = syscall.F_UNLCK
	syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lock)
	return false, nil
}

// writable tells whether this process may write path (a file, or a directory to create files
// in). access(2) answers as the kernel would for an open: it sees a read-only mount (EROFS) and
// an immutable file (EPERM) even for root, who ignores permission bits.
func writable(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}
