package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// decodeJSON reads the request body into v strictly: the content type must be JSON (415), the
// body one well-formed JSON value (400), every field known and of the right type (422, naming
// the field), the whole under the body cap (413).
func decodeJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return withStatus(http.StatusUnsupportedMediaType, congress.EINVALID,
			"Nội dung gửi lên phải là JSON (Content-Type: application/json).", nil)
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return errBodyTooLarge
		}
		return withStatus(http.StatusBadRequest, congress.EINVALID, "Chỉ được gửi một đối tượng JSON.", nil)
	}
	return nil
}

// jsonError turns a decoding error into the error vocabulary.
func jsonError(err error) error {
	var (
		mb  *http.MaxBytesError
		se  *json.SyntaxError
		ute *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mb):
		return errBodyTooLarge
	case errors.Is(err, io.EOF):
		return withStatus(http.StatusBadRequest, congress.EINVALID, "Thiếu nội dung JSON.", nil)
	case errors.As(err, &se):
		return withStatus(http.StatusBadRequest, congress.EINVALID,
			fmt.Sprintf("JSON không đúng cú pháp (ở byte thứ %d).", se.Offset), nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return withStatus(http.StatusBadRequest, congress.EINVALID, "JSON bị cắt cụt, chưa đóng hết ngoặc.", nil)
	case errors.As(err, &ute):
		if ute.Field == "" {
			return withStatus(http.StatusBadRequest, congress.EINVALID, "Nội dung phải là một đối tượng JSON.", nil)
		}
		field := jsonPath(ute.Field)
		msg := fmt.Sprintf("Trường %s phải là %s (đang là %s).", field, jsonKind(ute.Type), shorten(ute.Value, 40))
		return &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no typed error for this one; its text is stable since Go 1.10.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		msg := fmt.Sprintf("Không có trường %q.", shorten(name, 60))
		return &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{shorten(name, 60): msg}}
	}
	return withStatus(http.StatusBadRequest, congress.EINVALID, "Nội dung JSON không đọc được.", nil)
}

// jsonPath drops the Go names of embedded structs from a decoder's field path
// ("attendance.Attendance.convened" → "attendance.convened"); JSON names here are all lower case.
func jsonPath(field string) string {
	parts := strings.Split(field, ".")
	out := parts[:0]
	for _, p := range parts {
		if p != "" && !unicode.IsUpper([]rune(p)[0]) {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// jsonKind names a Go type the way the API's users think of it.
func jsonKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "giá trị hợp lệ"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "số nguyên trong giới hạn cho phép"
	case reflect.String:
		return "chuỗi"
	case reflect.Bool:
		return "true hoặc false"
	case reflect.Slice, reflect.Array:
		return "mảng"
	case reflect.Struct, reflect.Map:
		return "đối tượng"
	}
	return "giá trị hợp lệ"
}

// writeJSON answers v as JSON; API answers are never cached.
func writeJSON(c *gin.Context, status int, v any) {
	c.Header("Cache-Control", "no-store")
	c.JSON(status, v)
}

// missing records a required field that the body left out.
func missing(f congress.FieldErrors, field string) {
	f.Add(field, fmt.Sprintf("Thiếu trường %s.", field))
}

// need copies a required JSON field into dst, or records it as missing: the API's bodies use
// pointers so that an absent field and a zero are told apart.
func need[T any](f congress.FieldErrors, field string, src, dst *T) {
	if src == nil {
		missing(f, field)
		return
	}
	*dst = *src
}

// optional copies a JSON field into dst when it was sent.
func optional[T any](src, dst *T) {
	if src != nil {
		*dst = *src
	}
}

// apiShow answers GET …/:id with answer (200 and the record, or its error); an id that is not a
// number is 404 like an unknown one.
func (s *Server) apiShow(answer func(c *gin.Context, status int, id int64)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := parseID(c, "id")
		if !ok {
			s.apiError(c, errNotFound)
			return
		}
		answer(c, http.StatusOK, id)
	}
}
