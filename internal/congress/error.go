// Package congress holds the domain types of a party congress record, their validation and the
// error vocabulary that every other package shares.
package congress

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: the API sends them and the server maps them to HTTP statuses.
const (
	EINVALID      = "invalid"           // bad input; Fields says which
	EINVALIDCOUNT = "invalid_count"     // an inconsistent counting round (the count contract's code)
	ENOTFOUND     = "not_found"         // missing, or outside the user's scope
	ECONFLICT     = "conflict"          // stale version, duplicate, or a state that forbids the change
	EUNAUTHORIZED = "unauthorized"      // not logged in, or wrong credentials
	EFORBIDDEN    = "forbidden"         // logged in, but the role may not do this
	ETOOMANY      = "too_many_requests" // throttled
	EUNAVAILABLE  = "unavailable"       // the database cannot store anything now (disk full, read-only): the server's fault, said plainly
	EINTERNAL     = "internal"          // a fault of ours; the user sees only "Lỗi hệ thống"
)

// Error is an error a user may see: a code, a Vietnamese message, and per-field messages keyed by
// the form or JSON field name.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	return fmt.Sprintf("daihoi error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors collects per-field validation messages; Err returns nil while it is empty.
type FieldErrors map[string]string

// Add records msg for field, keeping the first message when a field fails twice.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err turns the collected messages into an EINVALID (or the given code) error, or nil.
func (f FieldErrors) Err(code, message string) error {
	if len(f) == 0 {
		return nil
	}
	if message == "" {
		for _, m := range f { // one field: its message says it all
			if len(f) == 1 {
				message = m
			}
		}
		if message == "" {
			message = "Dữ liệu chưa hợp lệ, xin xem các trường được đánh dấu."
		}
	}
	return &Error{Code: code, Message: message, Fields: map[string]string(f)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, EINTERNAL otherwise, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; internal errors become "Lỗi hệ thống".
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Lỗi hệ thống."
}

// ErrorFields returns the per-field messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
