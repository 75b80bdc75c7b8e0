package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// passwordPage is the data of the change-password form. Passwords are never shown back.
type passwordPage struct {
	Errors  map[string]string
	Message string
}

// showPasswordPage shows the change-password form.
func (s *Server) showPasswordPage(c *gin.Context) {
	s.render(c, http.StatusOK, "password", "Đổi mật khẩu", passwordPage{})
}

// changePassword checks the current password and stores the new one. It ends every session of
// the user, this one included, so the user logs in again.
func (s *Server) changePassword(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	newPassword := formText(c, "new_password")
	var err error
	if newPassword != formText(c, "confirm_password") {
		err = &congress.Error{Code: congress.EINVALID, Message: "Mật khẩu mới nhập lại không khớp.",
			Fields: map[string]string{"confirm_password": "Mật khẩu mới nhập lại không khớp."}}
	} else {
		err = s.auth.ChangePassword(c.Request.Context(), currentUser(c), formText(c, "old_password"), newPassword)
	}
	if err != nil {
		if congress.ErrorCode(err) != congress.EINVALID {
			s.fail(c, err)
			return
		}
		s.render(c, statusOf(err), "password", "Đổi mật khẩu",
			passwordPage{Errors: congress.ErrorFields(err), Message: congress.ErrorMessage(err)})
		return
	}
	s.clearSessionCookie(c)
	s.redirectWithFlash(c, "/login", "Đã đổi mật khẩu. Mọi phiên đăng nhập đã kết thúc, xin đăng nhập lại bằng mật khẩu mới.")
}
