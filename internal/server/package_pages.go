package server

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/offline"
	"daihoi/internal/store"
	"daihoi/internal/vn"
	"daihoi/reports"
)

func init() {
	pageNames = append(pageNames, "import_package", "import_persons", "import_totals")
	sections["import_package"], sections["import_persons"], sections["import_totals"] = "congresses", "congresses", "congresses"
	// The routes that receive a file take a body up to the file limit, with room for the form.
	for _, route := range []string{"/import/package", "/api/v1/packages", "/congresses/:id/import/committee", "/rounds/:id/import/totals"} {
		bodyLimits[route] = uploadLimit + uploadSlack
	}
}

// uploadLimit is the largest file accepted, package or workbook (issue 7: 200 MB); uploadSlack
// leaves room for the multipart envelope and the form's few fields.
const (
	uploadLimit = offline.MaxFileSize
	uploadSlack = 1<<20 - 1
)

// msgImportPackage refuses the roles that may not import a package.
const msgImportPackage = "Chỉ cán bộ ban tổ chức, thư ký cấp ủy và quản trị viên được nhập gói hồ sơ đại hội."

// errUploadTooLarge is a file over uploadLimit.
var errUploadTooLarge = withStatus(http.StatusRequestEntityTooLarge, congress.EINVALID,
	fmt.Sprintf("Tệp gửi lên quá lớn (tối đa %d MB).", uploadLimit>>20), nil)

// uploadedFile is a file received from a form, stored in a temporary file, with the form's other fields.
type uploadedFile struct {
	path, name string
	size       int64
	values     url.Values
}

// uploadDir is where uploads wait: a package waits there between its check and the confirmation
// that replaces a congress.
func uploadDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "daihoi-tai-len")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

// cleanUploads removes uploads older than an hour: a confirmation never given.
func cleanUploads(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// receiveUpload streams the multipart part named field into a temporary file named after the user
// and a random token, at most uploadLimit bytes: memory does not grow with the file. The form's
// other fields are read too (a few bytes each). The caller removes the file.
func receiveUpload(c *gin.Context, field string) (*uploadedFile, error) {
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if ct != "multipart/form-data" {
		return nil, withStatus(http.StatusUnsupportedMediaType, congress.EINVALID, "Hãy gửi tệp qua biểu mẫu tải lên.", nil)
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, withStatus(http.StatusBadRequest, congress.EINVALID, "Dữ liệu tải lên không đọc được.", nil)
	}
	dir, err := uploadDir()
	if err != nil {
		return nil, err
	}
	cleanUploads(dir)
	up := &uploadedFile{values: url.Values{}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			up.remove()
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return nil, errUploadTooLarge
			}
			return nil, withStatus(http.StatusBadRequest, congress.EINVALID, "Dữ liệu tải lên bị cắt cụt hoặc hỏng.", nil)
		}
		name := part.FormName()
		if name != field {
			v, err := io.ReadAll(io.LimitReader(part, 4096))
			if err != nil {
				up.remove()
				return nil, withStatus(http.StatusBadRequest, congress.EINVALID, "Dữ liệu tải lên bị cắt cụt hoặc hỏng.", nil)
			}
			up.values.Add(name, strings.ToValidUTF8(string(v), ""))
			continue
		}
		if up.path != "" {
			continue // one file per form
		}
		token, err := uploadToken(currentUser(c))
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(dir, token), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		up.path, up.name = f.Name(), filepath.Base(strings.ToValidUTF8(part.FileName(), ""))
		n, err := io.Copy(f, io.LimitReader(part, uploadLimit+1))
		f.Close()
		up.size = n
		if n > uploadLimit {
			up.remove()
			return nil, errUploadTooLarge
		}
		if err != nil {
			up.remove()
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return nil, errUploadTooLarge
			}
			return nil, withStatus(http.StatusBadRequest, congress.EINVALID, "Tệp tải lên bị cắt cụt (mất kết nối?); hãy tải lên lại.", nil)
		}
	}
	if up.path == "" || up.size == 0 {
		up.remove()
		return nil, &congress.Error{Code: congress.EINVALID, Message: "Chưa chọn tệp để tải lên.", Fields: map[string]string{field: "Chưa chọn tệp."}}
	}
	return up, nil
}

func (up *uploadedFile) remove() {
	if up != nil && up.path != "" {
		os.Remove(up.path)
	}
}

// uploadToken names an upload: the user's id and 128 random bits, so that a confirmation can only
// name an upload of the same user.
func uploadToken(u *congress.User) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return fmt.Sprintf("u%d-%s", u.ID, hex.EncodeToString(b[:])), nil
}

// uploadByToken finds the waiting upload a confirmation names, if it is the user's.
func uploadByToken(u *congress.User, token string) (string, bool) {
	prefix := fmt.Sprintf("u%d-", u.ID)
	rest, ok := strings.CutPrefix(token, prefix)
	if !ok || len(rest) != 32 || strings.Trim(rest, "0123456789abcdef") != "" {
		return "", false
	}
	dir, err := uploadDir()
	if err != nil {
		return "", false
	}
	path := filepath.Join(dir, token)
	info, err := os.Stat(path)
	if err != nil || time.Since(info.ModTime()) > time.Hour {
		return "", false
	}
	return path, true
}

// packageSlug is an ASCII file name part: "Đảng bộ Sở Y tế" → "dang-bo-so-y-te".
func packageSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range vn.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 60 {
		out = strings.Trim(out[:60], "-")
	}
	return out
}

// importDownload sends data as a download named name.
func importDownload(c *gin.Context, name, contentType string, data []byte) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, contentType, data)
}

// downloadPackage sends the offline package of a congress in the user's scope (page and API).
func (s *Server) downloadPackage(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	u := currentUser(c)
	p, err := s.store.ExportPackage(c.Request.Context(), u, id, offline.Source{Host: congress.CleanText(c.Request.Host), ExportedBy: u.Username})
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		s.fail(c, err)
		return
	}
	m := p.Manifest.Congress
	name := fmt.Sprintf("%s-dai-hoi-lan-%d-%s%s", packageSlug(m.Organization), m.Ordinal, m.Term, offline.Extension)
	importDownload(c, name, "application/zip", buf.Bytes())
}

// packageImportPage is the data of the package upload page and of its results.
type packageImportPage struct {
	File     string
	Message  string
	Problems []string
	Result   *store.PackageImport
	// Token names the waiting upload a confirmation replaces a congress with.
	Token string
	Done  bool
}

// BodyLabel names a body for the template.
func (packageImportPage) BodyLabel(code string) string { return congress.Label(congress.Bodies, code) }

func (s *Server) showPackageImport(c *gin.Context) {
	s.render(c, http.StatusOK, "import_package", "Nhập gói hồ sơ đại hội", packageImportPage{})
}

// renderPackageResult shows what an import did, or why a package was refused.
func (s *Server) renderPackageResult(c *gin.Context, page packageImportPage, err error) {
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
		if status >= 500 {
			s.logInternal(c, err)
		}
		page.Message = congress.ErrorMessage(err)
		for _, p := range offline.Problems(err) {
			page.Problems = append(page.Problems, p.String())
		}
		if len(page.Problems) > 0 {
			page.Message = fmt.Sprintf("Gói bị từ chối, không ghi gì: %d lỗi.", len(page.Problems))
		}
	}
	s.render(c, status, "import_package", "Nhập gói hồ sơ đại hội", page)
}

// uploadPackage receives a package, checks it and imports it; a changed version of a congress
// already here waits for the confirmation.
func (s *Server) uploadPackage(c *gin.Context) {
	up, err := receiveUpload(c, "file")
	if err != nil {
		s.renderPackageResult(c, packageImportPage{}, err)
		return
	}
	page := packageImportPage{File: up.name}
	res, err := s.importPackageFile(c, up.path, store.PackageImportOptions{})
	if err == nil && res.Status == store.ImportNeedConfirm {
		page.Token = filepath.Base(up.path) // kept for the confirmation
	} else {
		up.remove()
	}
	page.Result, page.Done = res, err == nil && res.Status != store.ImportNeedConfirm
	s.renderPackageResult(c, page, err)
}

// confirmPackage imports the waiting package the user saw, replacing the congress.
func (s *Server) confirmPackage(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	path, ok := uploadByToken(currentUser(c), formText(c, "token"))
	if !ok {
		s.renderPackageResult(c, packageImportPage{}, congress.Errorf(congress.ENOTFOUND,
			"Gói đã tải lên không còn (quá một giờ hoặc đã nhập); hãy tải lên lại."))
		return
	}
	defer os.Remove(path)
	res, err := s.importPackageFile(c, path, store.PackageImportOptions{Confirm: true, ExpectContent: formText(c, "content")})
	s.renderPackageResult(c, packageImportPage{Result: res, Done: err == nil}, err)
}

// importPackageFile reads a package file and imports it as the current user.
func (s *Server) importPackageFile(c *gin.Context, path string, opt store.PackageImportOptions) (*store.PackageImport, error) {
	p, err := offline.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return s.store.ImportPackage(c.Request.Context(), currentUser(c), p, opt)
}

// apiImportPackage takes a package as the request body (application/zip): 200 with what was
// done, 409 with the differences when a changed version needs ?confirm=true (and &expect= the
// content digest shown), 422 with every problem of a refused package.
func (s *Server) apiImportPackage(c *gin.Context) {
	// A package is a zip: a body labelled as JSON or a form is a client that sent the wrong thing,
	// and saying so beats reporting a damaged package.
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "application/zip" && mt != "application/octet-stream" {
		s.fail(c, withStatus(http.StatusUnsupportedMediaType, congress.EINVALID,
			fmt.Sprintf("Gói hồ sơ gửi lên phải có Content-Type: application/zip (đang là %q).", shorten(c.GetHeader("Content-Type"), 60)), nil))
		return
	}
	dir, err := uploadDir()
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := os.CreateTemp(dir, "api-*"+offline.Extension)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer os.Remove(f.Name())
	n, err := io.Copy(f, io.LimitReader(c.Request.Body, uploadLimit+1))
	f.Close()
	var mb *http.MaxBytesError
	switch {
	case n > uploadLimit || errors.As(err, &mb):
		s.fail(c, errUploadTooLarge)
		return
	case err != nil:
		s.fail(c, withStatus(http.StatusBadRequest, congress.EINVALID, "Dữ liệu gửi lên bị cắt cụt.", nil))
		return
	}
	confirm, _ := strconv.ParseBool(c.Query("confirm"))
	res, err := s.importPackageFile(c, f.Name(), store.PackageImportOptions{Confirm: confirm, ExpectContent: c.Query("expect")})
	if problems := offline.Problems(err); len(problems) > 0 {
		fields := map[string]string{}
		for i, p := range problems {
			fields[fmt.Sprintf("problems[%d]", i)] = p.String()
		}
		s.fail(c, &congress.Error{Code: congress.EINVALID, Message: congress.ErrorMessage(err), Fields: fields})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if res.Status == store.ImportNeedConfirm {
		fields := map[string]string{"content_sha256": res.ContentSHA256}
		for i, d := range res.Differences {
			fields[fmt.Sprintf("differences[%d]", i)] = d.Message
		}
		s.fail(c, &congress.Error{Code: congress.ECONFLICT, Message: res.Summary(), Fields: fields})
		return
	}
	c.JSON(http.StatusOK, res)
}

// personsImportPage is the data of the committee list upload page.
type personsImportPage struct {
	Congress *congress.Congress
	Heading  string
	File     string
	GoodOnly bool
	Message  string
	Problems []string
	List     *reports.PersonList
	Result   *store.PersonImport
}

// pkgCongress reads the congress of the path in the user's scope.
func (s *Server) pkgCongress(c *gin.Context) (*congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return cg, true
}

func (s *Server) showPersonsImport(c *gin.Context) {
	cg, ok := s.pkgCongress(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "import_persons", "Nhập danh sách trích ngang", personsImportPage{Congress: cg, Heading: congressHeading(cg)})
}

// openUploadedWorkbook opens an uploaded workbook.
func openUploadedWorkbook(path string) (*reports.Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return reports.OpenWorkbook(f, st.Size())
}

// problemLines writes the problems of a refused workbook or its rejected rows.
func problemLines(list []reports.ImportProblem) []string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.String()
	}
	return out
}

// importPersons reads a committee list into the congress's roll: every rejected row is listed and
// nothing is imported, unless the user chose to import the good rows only.
func (s *Server) importPersons(c *gin.Context) {
	cg, ok := s.pkgCongress(c)
	if !ok {
		return
	}
	page := personsImportPage{Congress: cg, Heading: congressHeading(cg)}
	render := func(err error) {
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			if status >= 500 {
				s.logInternal(c, err)
			}
			page.Message = congress.ErrorMessage(err)
			if problems := reports.ImportProblems(err); len(problems) > 0 {
				page.Problems = problemLines(problems)
			}
		}
		s.render(c, status, "import_persons", "Nhập danh sách trích ngang", page)
	}
	up, err := receiveUpload(c, "file")
	if err != nil {
		render(err)
		return
	}
	defer up.remove()
	page.File, page.GoodOnly = up.name, up.values.Get("good_rows_only") != ""
	wb, err := openUploadedWorkbook(up.path)
	if err != nil {
		render(err)
		return
	}
	defer wb.Close()
	list, err := wb.ReadPersonList()
	if err != nil {
		render(err)
		return
	}
	page.List, page.Problems = list, problemLines(list.Rejected)
	switch {
	case len(list.Rejected) > 0 && !page.GoodOnly:
		render(congress.Errorf(congress.EINVALID, "Có %d dòng bị từ chối: không nhập gì. Sửa các dòng dưới đây rồi tải lên lại, hoặc chọn “chỉ nhập các dòng hợp lệ”.",
			len(list.Rejected)))
		return
	case len(list.Rows) == 0:
		render(congress.Errorf(congress.EINVALID, "Tệp không có dòng đảng viên nào để nhập."))
		return
	}
	persons := make([]congress.Person, len(list.Rows))
	for i, r := range list.Rows {
		persons[i] = r.Person
	}
	page.Result, err = s.store.ImportPersons(c.Request.Context(), currentUser(c), cg.ID, persons)
	render(err)
}

// downloadPersonTemplate sends the empty danh sách trích ngang to fill in, headed as the
// congress's documents are.
func (s *Server) downloadPersonTemplate(c *gin.Context) {
	cg, ok := s.pkgCongress(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	// The committee above is named on the document whoever downloads it: read as the system.
	org, err := s.store.FindOrganizationByID(ctx, congress.System, cg.OrganizationID)
	if err != nil {
		s.fail(c, err)
		return
	}
	h := reports.DocHeader{Issuer: org.Name, Place: org.Place, Number: "Số …-DS/ĐH",
		IssuerSub: fmt.Sprintf("Đại hội lần thứ %s, nhiệm kỳ %s", vn.Roman(cg.Ordinal), cg.TermName()),
		Subtitle:  fmt.Sprintf("Đảng viên trong danh sách bầu cử, %s", congressHeading(cg))}
	if org.ParentID != nil {
		if parent, err := s.store.FindOrganizationByID(ctx, congress.System, *org.ParentID); err == nil {
			h.Superior = parent.Name
		}
	}
	var buf bytes.Buffer
	if err := reports.WritePersonTemplate(&buf, reports.PersonTemplate{Header: h}); err != nil {
		s.fail(c, err)
		return
	}
	importDownload(c, fmt.Sprintf("mau-danh-sach-trich-ngang-%s-lan-%d.xlsx", packageSlug(org.Name), cg.Ordinal),
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// totalsImportPage is the data of the round totals upload page.
type totalsImportPage struct {
	Round    *store.RoundView
	Heading  string
	File     string
	Sheet    string
	Message  string
	Problems []string
	Totals   *reports.RoundTotals
	Done     bool
}

// pkgRound reads the round of the path in the user's scope.
func (s *Server) pkgRound(c *gin.Context) (*store.RoundView, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return rv, true
}

func importRoundHeading(rv *store.RoundView) string {
	return fmt.Sprintf("Cuộc bầu %s, vòng %d — %s", rv.Election.BodyLabel(), rv.Number, congressHeading(&rv.Congress))
}

func (s *Server) showTotalsImport(c *gin.Context) {
	rv, ok := s.pkgRound(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "import_totals", "Nhập tổng số phiếu từ Excel", totalsImportPage{Round: rv, Heading: importRoundHeading(rv)})
}

// importTotals reads the totals of a round from a workbook in the minutes' layout and stores them
// through the round's own checks.
func (s *Server) importTotals(c *gin.Context) {
	rv, ok := s.pkgRound(c)
	if !ok {
		return
	}
	page := totalsImportPage{Round: rv, Heading: importRoundHeading(rv)}
	render := func(err error) {
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			if status >= 500 {
				s.logInternal(c, err)
			}
			page.Message = congress.ErrorMessage(err)
			if problems := reports.ImportProblems(err); len(problems) > 0 {
				page.Problems = problemLines(problems)
			}
			for k, v := range congress.ErrorFields(err) {
				page.Problems = append(page.Problems, k+": "+v)
			}
		}
		s.render(c, status, "import_totals", "Nhập tổng số phiếu từ Excel", page)
	}
	up, err := receiveUpload(c, "file")
	if err != nil {
		render(err)
		return
	}
	defer up.remove()
	page.File, page.Sheet = up.name, strings.TrimSpace(up.values.Get("sheet"))
	wb, err := openUploadedWorkbook(up.path)
	if err != nil {
		render(err)
		return
	}
	defer wb.Close()
	names := make([]string, len(rv.Candidates))
	for i, cd := range rv.Candidates {
		names[i] = cd.BallotName
	}
	totals, rejected, err := wb.ReadRoundTotals(page.Sheet, names)
	if err != nil {
		render(err)
		return
	}
	page.Totals = totals
	if len(rejected) > 0 {
		page.Problems = problemLines(rejected)
		render(congress.Errorf(congress.EINVALID, "Có %d dòng không đọc được: không nhập gì.", len(rejected)))
		return
	}
	t := &store.NamedTally{Issued: totals.Issued, Collected: totals.Collected, Valid: totals.Valid, Invalid: totals.Invalid}
	if len(totals.InvalidReasons) > 0 {
		t.InvalidReasons = totals.InvalidReasons
	}
	for _, v := range totals.Votes {
		t.Votes = append(t.Votes, store.NamedVote{Row: v.Row, Name: v.Name, Votes: v.Votes})
	}
	if err := s.store.SetTallyByName(c.Request.Context(), currentUser(c), rv.ID, t); err != nil {
		render(err)
		return
	}
	page.Done = true
	render(nil)
}
