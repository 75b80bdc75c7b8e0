package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// codes maps the error vocabulary to HTTP statuses; HTML pages and the API share it.
var codes = map[string]int{
	congress.EINVALID:      http.StatusUnprocessableEntity,
	congress.EINVALIDCOUNT: http.StatusUnprocessableEntity,
	congress.ENOTFOUND:     http.StatusNotFound,
	congress.ECONFLICT:     http.StatusConflict,
	congress.EUNAUTHORIZED: http.StatusUnauthorized,
	congress.EFORBIDDEN:    http.StatusForbidden,
	congress.ETOOMANY:      http.StatusTooManyRequests,
	congress.EUNAVAILABLE:  http.StatusServiceUnavailable,
	congress.EINTERNAL:     http.StatusInternalServerError,
}

// ErrorStatusCode returns the HTTP status of an error code; unknown codes are internal errors.
func ErrorStatusCode(code string) int {
	if st, ok := codes[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// statusError carries a status that the code alone does not say (400 malformed JSON, 413 too
// large, 415 wrong content type) while keeping the code and message of the wrapped error.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// withStatus wraps a user-facing error with an explicit status.
func withStatus(status int, code, message string, fields map[string]string) error {
	return &statusError{status: status, err: &congress.Error{Code: code, Message: message, Fields: fields}}
}

// errBodyTooLarge answers a request body over the cap.
var errBodyTooLarge = withStatus(http.StatusRequestEntityTooLarge, congress.EINVALID,
	"Dữ liệu gửi lên quá lớn (tối đa 1 MB).", nil)

// statusOf returns the HTTP status of err.
func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge
	}
	return ErrorStatusCode(congress.ErrorCode(err))
}

// isAPI tells whether the request is for the JSON API, whose errors are JSON, never HTML.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// logInternal logs an internal error in full; the user only ever sees "Lỗi hệ thống.".
func (s *Server) logInternal(c *gin.Context, err error) {
	s.log.Error("internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err.Error())
}

// storageFault turns a driver error that escaped the store's mapping — a full disk, a read-only
// database — into its EUNAVAILABLE message, so the user learns why nothing was saved.
func storageFault(err error) error {
	if f := store.StorageFault(err); f != nil {
		return f
	}
	return err
}

// fail answers err as JSON or as an HTML error page, by the kind of request.
func (s *Server) fail(c *gin.Context, err error) {
	if isAPI(c.Request) {
		s.apiError(c, err)
		return
	}
	s.htmlError(c, err)
}

// apiErrorBody is the API's error envelope: {"error": {"code", "message", "fields"}}.
type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// errorBody builds the envelope of err, hiding internal details.
func errorBody(err error) apiErrorBody {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		err = errBodyTooLarge
	}
	fields := congress.ErrorFields(err)
	if fields == nil {
		fields = map[string]string{}
	}
	return apiErrorBody{Error: apiErrorDetail{
		Code: congress.ErrorCode(err), Message: congress.ErrorMessage(err), Fields: fields,
	}}
}

// apiError answers err as JSON.
func (s *Server) apiError(c *gin.Context, err error) {
	cause := err
	err = storageFault(err)
	status := statusOf(err)
	if status >= 500 {
		s.logInternal(c, cause) // the driver's own words, for whoever fixes the disk
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="daihoi"`)
	}
	c.AbortWithStatusJSON(status, errorBody(err))
}

// htmlError answers err with the error page.
func (s *Server) htmlError(c *gin.Context, err error) {
	cause := err
	err = storageFault(err)
	status := statusOf(err)
	if status >= 500 {
		s.logInternal(c, cause) // the driver's own words, for whoever fixes the disk
	}
	msg := congress.ErrorMessage(err)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		msg = congress.ErrorMessage(errBodyTooLarge)
	}
	title := "Không thực hiện được"
	switch status {
	case http.StatusNotFound:
		title = "Không tìm thấy"
		msg = "Không tìm thấy trang hoặc mục bạn yêu cầu, hoặc mục đó nằm ngoài phạm vi tổ chức đảng của bạn."
	case http.StatusForbidden:
		title = "Không có quyền"
	case http.StatusInternalServerError:
		title = "Lỗi hệ thống"
	case http.StatusServiceUnavailable:
		title = "Chưa lưu được"
	}
	s.render(c, status, "error", title, errorPage{Status: status, Message: msg})
	c.Abort()
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}
