package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// auditPageSize is the number of entries on one page of the trail.
const auditPageSize = 50

// auditFilterForm is the trail's filter as the page shows it: dates as typed (dd/mm/yyyy).
type auditFilterForm struct {
	OrganizationID int64
	CongressID     int64
	Username       string
	Entity         string
	From, To       string
	Page           int
}

// query returns the filter as the trail's address for page, keeping only what is set.
func (f auditFilterForm) query(page int) string {
	v := url.Values{}
	if f.OrganizationID != 0 {
		v.Set("organization_id", strconv.FormatInt(f.OrganizationID, 10))
	}
	if f.CongressID != 0 {
		v.Set("congress_id", strconv.FormatInt(f.CongressID, 10))
	}
	for _, kv := range [][2]string{{"username", f.Username}, {"entity", f.Entity}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/audit"
	}
	return "/audit?" + v.Encode()
}

// auditPage is the data of the audit trail page.
type auditPage struct {
	Filter  auditFilterForm
	Errors  map[string]string
	Message string
	Entries []auditEntryView
	Total   int
	// First and Last are the 1-based positions of the entries shown.
	First, Last   int
	Pager         pager
	Organizations []congress.Organization
	Congresses    []congress.Option
	Users         []string
	Entities      []congress.Option
}

// auditEntryView is one entry of the trail, laid out for reading.
type auditEntryView struct {
	store.AuditView
	At          string
	ActionLabel string
	EntityLabel string
	// Ref names the record: "Chỉ tiêu số 12"; a session entry is named by its user alone, since
	// its id is the user's.
	Ref string
	// Link is the page of the changed record, when it has one.
	Link string
	// Changed are the fields whose value differs, old and new side by side; Same the others and
	// the bookkeeping fields (id, version, times), which change with every write.
	Changed []auditFieldView
	Same    []auditFieldView
	// Collapsed is true for a record created or deleted whole: every field "changed", so its
	// values are folded away until asked for, and an update stands out in the list.
	Collapsed bool
}

// auditBookkeeping are the fields every write changes; they say nothing about what was changed.
var auditBookkeeping = map[string]bool{"id": true, "version": true, "created_at": true, "updated_at": true}

// auditFieldView is one field of an audited value before and after.
type auditFieldView struct {
	Field, Label, Old, New string
}

// auditEntities are the kinds of record the trail names, in the order the filter offers them.
var auditEntities = []congress.Option{
	{Code: "organization", Label: "Tổ chức đảng"},
	{Code: "term", Label: "Nhiệm kỳ"},
	{Code: "congress", Label: "Đại hội"},
	{Code: "person", Label: "Đảng viên, người ứng cử"},
	{Code: "election", Label: "Cuộc bầu cử"},
	{Code: "round", Label: "Vòng bầu"},
	{Code: "ballot", Label: "Phiếu bầu"},
	{Code: "resolution", Label: "Nghị quyết"},
	{Code: "target", Label: "Chỉ tiêu"},
	{Code: "target_review", Label: "Số liệu đánh giá chỉ tiêu"},
	{Code: "rating_counts", Label: "Kết quả xếp loại"},
	{Code: "user", Label: "Người dùng"},
	{Code: "session", Label: "Phiên đăng nhập"},
}

// auditActions are the actions of the trail with their Vietnamese names.
var auditActions = []congress.Option{
	{Code: "create", Label: "Thêm mới"},
	{Code: "update", Label: "Sửa"},
	{Code: "delete", Label: "Xóa"},
	{Code: "note", Label: "Ghi nhận xét"},
	{Code: "tally", Label: "Nhập kết quả kiểm phiếu"},
	{Code: "close", Label: "Khóa biên bản"},
	{Code: "reopen", Label: "Mở lại biên bản"},
	{Code: "appoint", Label: "Chỉ định"},
	{Code: "login", Label: "Đăng nhập"},
	{Code: "logout", Label: "Đăng xuất"},
	{Code: "end", Label: "Kết thúc phiên"},
	{Code: "password", Label: "Đổi mật khẩu"},
}

// auditFieldLabels names the fields of audited values that a reader meets most; others are shown
// by their key.
var auditFieldLabels = map[string]string{
	"id": "Mã", "congress_id": "Đại hội", "organization_id": "Tổ chức đảng", "term_id": "Nhiệm kỳ",
	"version": "Phiên bản", "created_at": "Thời điểm tạo", "updated_at": "Thời điểm sửa", "sample": "Dữ liệu mẫu",
	"subject": "Đối tượng", "comparator": "Cách so sánh", "value": "Giá trị", "value_high": "Giá trị cận trên",
	"unit": "Đơn vị", "period": "Kỳ đánh giá", "by_year": "Năm phải đạt", "category": "Lĩnh vực",
	"sentence": "Câu nghị quyết", "parent_id": "Chỉ tiêu cha", "share_of": "Cơ sở tính tỷ lệ", "base": "Tổng số ghi rõ",
	"position": "Thứ tự", "rating_subject": "Đối tượng xếp loại", "measure": "Tiêu chí xếp loại",
	"target_id": "Chỉ tiêu", "year": "Năm", "numerator": "Tử số", "denominator": "Mẫu số", "source": "Nguồn số liệu",
	"note": "Nhận xét", "note_by": "Người nhận xét", "note_by_name": "Người nhận xét", "note_at": "Thời điểm nhận xét",
	"created_by": "Người nhập", "created_by_name": "Người nhập",
	"adopted_on": "Ngày thông qua", "votes_for": "Tán thành", "votes_against": "Không tán thành",
	"votes_abstain": "Không biểu quyết", "present": "Có mặt", "sections": "Các mục", "targets": "Chỉ tiêu",
	"excellent": "Hoàn thành xuất sắc", "good": "Hoàn thành tốt", "completed": "Hoàn thành",
	"not_completed": "Không hoàn thành",
	"name":          "Tên", "kind": "Loại", "place": "Địa điểm", "ordinal": "Lần thứ", "ruleset": "Quy chế bầu cử",
	"held_on": "Ngày đại hội", "state": "Trạng thái", "reported_on": "Ngày báo cáo", "decided_on": "Ngày chuẩn y",
	"notes": "Ghi chú", "guests": "Khách mời", "past_results": "Kết quả nhiệm kỳ trước", "convened": "Triệu tập",
	"attendance": "Số lượng", "username": "Tên đăng nhập", "full_name": "Họ tên", "role": "Vai trò",
	"disabled": "Khóa tài khoản", "start_year": "Năm bắt đầu", "end_year": "Năm kết thúc",
	"seats": "Số lượng bầu", "body": "Cơ quan bầu", "issued": "Phiếu phát ra", "collected": "Phiếu thu vào",
	"valid": "Phiếu hợp lệ", "invalid": "Phiếu không hợp lệ", "closed_at": "Thời điểm khóa",
	"fingerprint": "Mã xác thực", "document_number": "Số biên bản", "number": "Số", "content": "Nội dung",
	"elected": "Trúng cử", "reason": "Lý do", "address": "Địa chỉ máy", "slot": "Tập phiếu", "ballot": "Phiếu",
	"clerk": "Người nhập phiếu", "list_kind": "Hình thức danh sách", "decision": "Quyết định của đại hội",
	"candidate_ids": "Danh sách bầu cử", "counting_committee": "Ban kiểm phiếu", "invalid_reasons": "Lý do phiếu không hợp lệ",
	"votes": "Số phiếu bầu", "election_id": "Cuộc bầu cử", "organization_name": "Tên tổ chức đảng",
	"full_name_fold": "Họ tên (không dấu)", "birth_date": "Ngày sinh", "gender": "Giới tính", "ethnicity": "Dân tộc",
	"religion": "Tôn giáo", "home_town": "Quê quán",
}

// readAuditFilter reads the trail's filter from the query string.
func readAuditFilter(c *gin.Context) auditFilterForm {
	clean := func(name string, n int) string {
		return shorten(strings.TrimSpace(strings.ToValidUTF8(c.Query(name), "")), n)
	}
	f := auditFilterForm{OrganizationID: queryID(c, "organization_id"), CongressID: queryID(c, "congress_id"),
		Username: clean("username", 64), Entity: clean("entity", 40), From: clean("from", 20), To: clean("to", 20), Page: 1}
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 {
		f.Page = min(n, 1_000_000)
	}
	return f
}

// storeFilter turns the typed filter into the store's, with a message per unreadable date.
func (f auditFilterForm) storeFilter(fe congress.FieldErrors, offset, limit int) store.AuditFilter {
	out := store.AuditFilter{OrganizationID: f.OrganizationID, CongressID: f.CongressID, Username: f.Username,
		Entity: f.Entity, Offset: offset, Limit: limit}
	for _, d := range []struct {
		field, label, typed string
		dst                 *string
	}{{"from", "Từ ngày", f.From, &out.From}, {"to", "Đến ngày", f.To, &out.To}} {
		if d.typed == "" {
			continue
		}
		iso, ok := vn.ParseDate(d.typed)
		if !ok {
			fe.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm (ví dụ 28/05/2020).", d.label, shorten(d.typed, 20)))
			continue
		}
		*d.dst = iso
	}
	return out
}

// showAuditPage shows the audit trail of the user's subtree (auditor, admin), newest first, with
// filters and pages. The trail is append-only: this page, like the rest of the app, offers no way
// to change or remove an entry.
func (s *Server) showAuditPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	f := readAuditFilter(c)
	p := auditPage{Filter: f, Entities: auditEntities}
	fe := congress.FieldErrors{}
	sf := f.storeFilter(fe, (f.Page-1)*auditPageSize, auditPageSize)
	status := http.StatusOK
	err := fe.Err(congress.EINVALID, "")
	var list []store.AuditView
	if err == nil {
		list, p.Total, err = s.store.FindAudit(ctx, u, sf)
	}
	if err != nil {
		if congress.ErrorCode(err) != congress.EINVALID {
			s.fail(c, err)
			return
		}
		status = statusOf(err)
		p.Errors, p.Message = congress.ErrorFields(err), congress.ErrorMessage(err)
	}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	for _, e := range list {
		p.Entries = append(p.Entries, newAuditEntryView(e))
	}
	if len(list) > 0 {
		p.First = sf.Offset + 1
		p.Last = sf.Offset + len(list)
	}
	p.Pager = auditPager(f, p.Total)
	var ferr error
	if p.Organizations, ferr = s.filterOrganizations(c, u, f.OrganizationID); ferr != nil {
		s.fail(c, ferr)
		return
	}
	if p.Congresses, ferr = s.auditCongressChoices(c, u, f); ferr != nil {
		s.fail(c, ferr)
		return
	}
	users, ferr := s.store.FindUsers(ctx, u)
	if ferr != nil {
		s.fail(c, ferr)
		return
	}
	p.Users = []string{congress.System.Username}
	for _, usr := range users {
		p.Users = append(p.Users, usr.Username)
	}
	s.render(c, status, "audit", "Nhật ký thay đổi", p)
}

// auditCongressChoices are the congresses the filter offers: those of the chosen organization's
// subtree, or the most recently changed in scope, at most 200, plus the chosen one.
func (s *Server) auditCongressChoices(c *gin.Context, u *congress.User, f auditFilterForm) ([]congress.Option, error) {
	ctx := c.Request.Context()
	list, _, err := s.store.FindCongresses(ctx, u, store.CongressFilter{OrganizationID: f.OrganizationID, Sort: "recent", Limit: 200})
	if err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
		return nil, err
	}
	if f.CongressID != 0 && !slices.ContainsFunc(list, func(cg congress.Congress) bool { return cg.ID == f.CongressID }) {
		if cg, err := s.store.FindCongressByID(ctx, u, f.CongressID); err == nil {
			list = append(list, *cg)
		}
	}
	out := make([]congress.Option, len(list))
	for i := range list {
		cg := &list[i]
		out[i] = congress.Option{Code: strconv.FormatInt(cg.ID, 10),
			Label: fmt.Sprintf("%s — lần thứ %s (%s)", cg.OrganizationName, vn.Roman(cg.Ordinal), cg.TermName())}
	}
	return out, nil
}

// newAuditEntryView lays out one entry: the time in Vietnam, the names of the action and the
// record, and its fields old and new side by side, the changed ones first.
func newAuditEntryView(e store.AuditView) auditEntryView {
	v := auditEntryView{AuditView: e, At: stampText(e.At), ActionLabel: congress.Label(auditActions, e.Action),
		EntityLabel: congress.Label(auditEntities, e.Entity)}
	for _, ch := range store.AuditChanges(e.AuditEntry) {
		label, ok := auditFieldLabels[ch.Field]
		switch {
		case e.Entity == "person" && ch.Field == "position":
			label = "Chức vụ" // a person's position is their office, a target's its order
		case !ok:
			label = ch.Field
		}
		fv := auditFieldView{Field: ch.Field, Label: label, Old: ch.Old, New: ch.New}
		if ch.Changed && !auditBookkeeping[ch.Field] {
			v.Changed = append(v.Changed, fv)
		} else {
			v.Same = append(v.Same, fv)
		}
	}
	v.Collapsed = e.Action == "create" || e.Action == "delete"
	v.Ref = v.EntityLabel
	if e.EntityID != nil && e.Entity != "session" {
		v.Ref += fmt.Sprintf(" số %d", *e.EntityID)
	}
	if e.EntityID != nil {
		id := *e.EntityID
		switch e.Entity {
		case "organization":
			v.Link = fmt.Sprintf("/organizations/%d", id)
		case "congress":
			v.Link = fmt.Sprintf("/congresses/%d", id)
		case "target":
			if e.CongressID != nil && e.Action != "delete" {
				v.Link = fmt.Sprintf("/congresses/%d/targets#target-%d", *e.CongressID, id)
			}
		}
	}
	if v.Link == "" && e.CongressID != nil {
		switch e.Entity {
		case "resolution", "target", "target_review":
			v.Link = fmt.Sprintf("/congresses/%d/targets", *e.CongressID)
		case "rating_counts":
			v.Link = fmt.Sprintf("/congresses/%d/targets#ratings", *e.CongressID)
		default:
			v.Link = fmt.Sprintf("/congresses/%d", *e.CongressID)
		}
	}
	return v
}

// auditPager builds the page links of the trail: the first, the last and two either side.
func auditPager(f auditFilterForm, total int) pager {
	p := pager{Page: f.Page, Pages: (total + auditPageSize - 1) / auditPageSize}
	if f.Page > 1 {
		p.Prev = f.query(min(f.Page-1, max(p.Pages, 1)))
	}
	if f.Page < p.Pages {
		p.Next = f.query(f.Page + 1)
	}
	if p.Pages <= 1 {
		return p
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && n != p.Pages && (n < f.Page-2 || n > f.Page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{Number: n, URL: f.query(n), Current: n == f.Page})
		last = n
	}
	return p
}
