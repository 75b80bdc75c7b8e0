package election

import (
	"fmt"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// fieldErrs collects the problems of one request: a message per JSON path (the first one wins, as
// in congress.FieldErrors) and the messages in the order found, so that the error's sentence starts
// with the first problem rather than a random map entry.
type fieldErrs struct {
	fields map[string]string
	order  []string
	msgs   map[string]bool
}

func newFieldErrs() *fieldErrs {
	return &fieldErrs{fields: map[string]string{}, msgs: map[string]bool{}}
}

func (f *fieldErrs) add(path, msg string) {
	if _, ok := f.fields[path]; ok {
		return
	}
	f.fields[path] = msg
	if f.msgs[msg] { // one problem shown on two fields is still one problem
		return
	}
	f.msgs[msg] = true
	f.order = append(f.order, msg)
}

func (f *fieldErrs) empty() bool { return len(f.fields) == 0 }

// figure checks a count that must be between 0 and MaxFigure; what names it in the message.
func (f *fieldErrs) figure(path string, v int, what string) {
	switch {
	case v < 0:
		f.add(path, fmt.Sprintf("%s không được âm (đang là %d)", what, v))
	case v > MaxFigure:
		f.add(path, fmt.Sprintf("%s quá lớn (%s, tối đa %s)", what, vn.FormatInt(int64(v)), vn.FormatInt(MaxFigure)))
	}
}

// err returns nil or an *congress.Error with code invalid_count. The message is the first problem's
// sentence; when there are several, it says how many more the fields hold.
func (f *fieldErrs) err() error {
	if f.empty() {
		return nil
	}
	msg := f.order[0]
	if n := len(f.order) - 1; n > 0 {
		msg = strings.TrimSuffix(msg, ".") + fmt.Sprintf(" (và %d lỗi khác, xem từng trường)", n)
	}
	return &congress.Error{Code: congress.EINVALIDCOUNT, Message: msg, Fields: f.fields}
}

// invalid returns an invalid_count error with a message and no field.
func invalid(msg string) error {
	return &congress.Error{Code: congress.EINVALIDCOUNT, Message: msg, Fields: map[string]string{}}
}
