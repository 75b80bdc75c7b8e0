package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// termForm is what the admin typed into the new-term form.
type termForm struct {
	StartYear string
	EndYear   string
	Errors    map[string]string
	Message   string
}

// termsPage is the data of the terms page.
type termsPage struct {
	Terms []congress.Term
	Form  termForm
}

// showTermsPage lists the terms, with the add form for admins.
func (s *Server) showTermsPage(c *gin.Context) { s.renderTermsPage(c, http.StatusOK, termForm{}) }

func (s *Server) renderTermsPage(c *gin.Context, status int, form termForm) {
	terms, err := s.store.FindTerms(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "terms", "Nhiệm kỳ", termsPage{Terms: terms, Form: form})
}

// createTerm adds a term (admin).
func (s *Server) createTerm(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := termForm{StartYear: formText(c, "start_year"), EndYear: formText(c, "end_year")}
	f := congress.FieldErrors{}
	t := &congress.Term{
		StartYear: parseCount(f, "start_year", "Năm bắt đầu", form.StartYear, true),
		EndYear:   parseCount(f, "end_year", "Năm kết thúc", form.EndYear, true),
	}
	err := f.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.CreateTerm(c.Request.Context(), currentUser(c), t)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		form.Errors, form.Message = congress.ErrorFields(err), congress.ErrorMessage(err)
		s.renderTermsPage(c, statusOf(err), form)
		return
	}
	s.redirectWithFlash(c, "/terms", "Đã thêm nhiệm kỳ "+t.Name()+".")
}
