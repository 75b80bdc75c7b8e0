package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// auditJSON is one entry of the trail in the API, with its fields old and new side by side.
type auditJSON struct {
	store.AuditView
	Changes []store.AuditChange `json:"changes"`
}

// auditListResponse is one page of the trail and how many entries match in all.
type auditListResponse struct {
	Items  []auditJSON `json:"items"`
	Total  int         `json:"total"`
	Offset int         `json:"offset"`
	Limit  int         `json:"limit"`
}

// apiListAudit answers the audit trail of the user's subtree (auditor, admin), newest first:
// ?organization_id=&congress_id=&username=&entity=&from=&to=&offset=&limit=, dates as
// YYYY-MM-DD or dd/mm/yyyy. Parameters that cannot be right are a 422, not silently dropped.
func (s *Server) apiListAudit(c *gin.Context) {
	fe := congress.FieldErrors{}
	f := store.AuditFilter{Username: shorten(strings.TrimSpace(c.Query("username")), 64),
		Entity: shorten(strings.TrimSpace(c.Query("entity")), 40), Limit: auditPageSize}
	f.OrganizationID, _ = queryInt(c, fe, "organization_id", 1, 1<<53)
	f.CongressID, _ = queryInt(c, fe, "congress_id", 1, 1<<53)
	if n, ok := queryInt(c, fe, "offset", 0, 1<<40); ok {
		f.Offset = int(n)
	}
	if n, ok := queryInt(c, fe, "limit", 1, 500); ok {
		f.Limit = int(n)
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"from", &f.From}, {"to", &f.To}} {
		typed := strings.TrimSpace(c.Query(d.name))
		if typed == "" {
			continue
		}
		iso, ok := vn.ParseDate(typed)
		if !ok {
			fe.Add(d.name, fmt.Sprintf("Tham số %s %q không phải là ngày (YYYY-MM-DD hoặc dd/mm/yyyy).", d.name, shorten(typed, 20)))
			continue
		}
		*d.dst = iso
	}
	if f.Entity != "" && congress.Label(auditEntities, f.Entity) == f.Entity {
		fe.Add("entity", fmt.Sprintf("Loại dữ liệu %q không có trong nhật ký.", f.Entity))
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	list, total, err := s.store.FindAudit(c.Request.Context(), currentUser(c), f)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := auditListResponse{Items: make([]auditJSON, len(list)), Total: total, Offset: f.Offset, Limit: f.Limit}
	for i, e := range list {
		out.Items[i] = auditJSON{AuditView: e, Changes: store.AuditChanges(e.AuditEntry)}
	}
	writeJSON(c, http.StatusOK, out)
}
