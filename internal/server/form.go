package server

import (
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// parseForm reads a posted form (urlencoded or multipart). A body over the cap is 413, an
// unreadable one 400.
func parseForm(r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		err = r.ParseMultipartForm(maxBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return errBodyTooLarge
		}
		return withStatus(http.StatusBadRequest, congress.EINVALID, "Dữ liệu biểu mẫu không đọc được.", nil)
	}
	return nil
}

// parseID reads a path id; anything but a positive integer is "not found", like an unknown id.
func parseID(c *gin.Context, name string) (int64, bool) {
	s := c.Param(name)
	if s == "" || len(s) > 18 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// queryID reads an optional positive id from the query string; 0 when absent or not an id.
func queryID(c *gin.Context, name string) int64 {
	s := strings.TrimSpace(c.Query(name))
	if s == "" || len(s) > 18 || strings.Trim(s, "0123456789") != "" {
		return 0
	}
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

// formText returns a posted value, dropping invalid UTF-8 so it can be shown back safely.
func formText(c *gin.Context, name string) string {
	return strings.ToValidUTF8(c.Request.PostForm.Get(name), "")
}

// parseCount reads a typed whole number for field. Empty is 0 unless required. The message
// names the field and repeats what was typed.
func parseCount(f congress.FieldErrors, field, label, typed string, required bool) int {
	t := strings.TrimSpace(typed)
	if t == "" {
		if required {
			f.Add(field, fmt.Sprintf("Chưa nhập %s.", lowerFirst(label)))
		}
		return 0
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			f.Add(field, fmt.Sprintf("%s %q vượt quá giới hạn cho phép.", label, shorten(t, 30)))
		} else {
			f.Add(field, fmt.Sprintf("%s phải là số nguyên, không phải %q.", label, shorten(t, 30)))
		}
		return 0
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		f.Add(field, fmt.Sprintf("%s %q vượt quá giới hạn cho phép.", label, shorten(t, 30)))
		return 0
	}
	return int(n)
}

// lowerFirst lowers the first letter of a label for use inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[n:]
}

// shorten cuts a typed value for quoting in a message.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
