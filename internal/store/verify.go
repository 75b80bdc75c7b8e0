package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// The auditor's tools (ủy ban kiểm tra): the audit trail of their subtree, and the verification
// that recomputes every closed round and the audit chain, so that a record edited behind the app's
// back (with sqlite3, say) shows up.

// AuditFilter selects audit entries; zero fields do not filter.
type AuditFilter struct {
	OrganizationID int64  // the organization and its whole subtree
	CongressID     int64  // one congress
	Username       string // who made the change ("system" for maintenance commands)
	Entity         string // "congress", "round", "ballot", "target", "target_review" …
	// From and To are ISO dates, both included, read in Vietnam's time (UTC+7) because that is the
	// day the auditor means; entries are stamped in UTC.
	From, To      string
	Offset, Limit int
}

// AuditView is an audit entry with the name of its organization, for display.
type AuditView struct {
	AuditEntry
	OrganizationName string `json:"organization_name" db:"organization_name"`
}

// vietnamTime is UTC+7, without daylight saving.
var vietnamTime = time.FixedZone("ICT", 7*60*60)

// FindAudit returns one page of the audit trail in the user's scope, newest first, and the total
// that match. An entry is in scope when its organization lies in the user's subtree; entries of no
// organization (terms) are shown to admins only. Only auditors and admins read the trail
// (User.CanReadAudit): others get EFORBIDDEN. An organization or congress filter outside the scope
// is ENOTFOUND; a malformed date is EINVALID.
func (s *Store) FindAudit(ctx context.Context, u *congress.User, f AuditFilter) ([]AuditView, int, error) {
	if !u.CanReadAudit() {
		return nil, 0, congress.Errorf(congress.EFORBIDDEN, "Chỉ ủy ban kiểm tra và quản trị viên được xem nhật ký thay đổi.")
	}
	lo, hi := scopeRange(u)
	scope := "(o.path >= ? AND o.path < ?)"
	if u.IsAdmin() {
		scope = "(o.path >= ? AND o.path < ? OR a.organization_id IS NULL)"
	}
	where, args := []string{scope}, []any{lo, hi}
	if f.OrganizationID != 0 {
		org, err := findOrganization(ctx, s.db.R, u, f.OrganizationID)
		if err != nil {
			return nil, 0, err
		}
		olo, ohi := scopeRange(&congress.User{OrgPath: org.Path})
		where, args = append(where, "o.path >= ? AND o.path < ?"), append(args, olo, ohi)
	}
	if f.CongressID != 0 {
		if _, err := findCongress(ctx, s.db.R, u, f.CongressID); err != nil {
			return nil, 0, err
		}
		where, args = append(where, "a.congress_id = ?"), append(args, f.CongressID)
	}
	if name := strings.TrimSpace(f.Username); name != "" {
		where, args = append(where, "a.username = ?"), append(args, name)
	}
	if e := strings.TrimSpace(f.Entity); e != "" {
		where, args = append(where, "a.entity = ?"), append(args, e)
	}
	fe := congress.FieldErrors{}
	var from, to time.Time
	for _, d := range []struct {
		field, label, v string
		t               *time.Time
	}{{"from", "Từ ngày", f.From, &from}, {"to", "Đến ngày", f.To, &to}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.v, vietnamTime)
		if err != nil {
			fe.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm.", d.label, d.v))
			continue
		}
		*d.t = t
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fe.Add("to", fmt.Sprintf("Đến ngày (%s) phải sau từ ngày (%s).", vn.Date(f.To), vn.Date(f.From)))
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		return nil, 0, err
	}
	// Stamps are RFC 3339 in UTC, so text order is time order.
	if !from.IsZero() {
		where, args = append(where, "a.at >= ?"), append(args, from.UTC().Format(time.RFC3339))
	}
	if !to.IsZero() {
		where, args = append(where, "a.at < ?"), append(args, to.AddDate(0, 0, 1).UTC().Format(time.RFC3339))
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	const auditFrom = ` FROM audit_log a LEFT JOIN organizations o ON o.id = a.organization_id WHERE `
	var total int
	if err := s.db.R.GetContext(ctx, &total, `SELECT COUNT(*)`+auditFrom+joinAnd(where), args...); err != nil {
		return nil, 0, mapErr(err, "nhật ký")
	}
	list := []AuditView{}
	if total > f.Offset {
		if err := s.db.R.SelectContext(ctx, &list, `SELECT a.id, a.at, a.user_id, a.username, a.organization_id, a.congress_id,
			a.entity, a.entity_id, a.action, a.old_value, a.new_value, a.reason, a.prev_hash, a.hash,
			COALESCE(o.name, '') AS organization_name`+auditFrom+joinAnd(where)+
			` ORDER BY a.id DESC LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(f.Offset), args...); err != nil {
			return nil, 0, mapErr(err, "nhật ký")
		}
	}
	return list, total, nil
}

// AuditChange is one field of an audited value before and after the change, for showing the old
// and the new side by side.
type AuditChange struct {
	Field   string `json:"field"`
	Old     string `json:"old"`
	New     string `json:"new"`
	Changed bool   `json:"changed"`
}

// AuditChanges lists the top-level fields of an entry's old and new values (JSON objects) in
// name order, each with its two values as compact text. A value that is not an object is shown as
// one field named "".
func AuditChanges(e AuditEntry) []AuditChange {
	oldFields, oldOK := auditFields(e.OldValue)
	newFields, newOK := auditFields(e.NewValue)
	if !oldOK || !newOK {
		return []AuditChange{{Old: e.OldValue, New: e.NewValue, Changed: e.OldValue != e.NewValue}}
	}
	names := map[string]bool{}
	for k := range oldFields {
		names[k] = true
	}
	for k := range newFields {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]AuditChange, 0, len(keys))
	for _, k := range keys {
		o, n := auditText(oldFields[k]), auditText(newFields[k])
		out = append(out, AuditChange{Field: k, Old: o, New: n, Changed: o != n})
	}
	return out
}

// auditFields decodes a stored value as an object; "" is an empty object (nothing before a create,
// nothing after a delete).
func auditFields(v string) (map[string]json.RawMessage, bool) {
	m := map[string]json.RawMessage{}
	if strings.TrimSpace(v) == "" {
		return m, true
	}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, false
	}
	return m, true
}

// auditText writes a JSON value for display: a string without its quotes, anything else compact.
func auditText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	if b.String() == "null" {
		return ""
	}
	return b.String()
}

// VerifyProblem is one thing that does not match.
type VerifyProblem struct {
	// Kind is "round" for a counting round, "audit" for the audit chain.
	Kind       string `json:"kind"`
	CongressID int64  `json:"congress_id,omitempty"`
	RoundID    int64  `json:"round_id,omitempty"`
	AuditID    int64  `json:"audit_id,omitempty"`
	// Message names the congress, the election, the round and the figure, in Vietnamese.
	Message string `json:"message"`
}

// VerifyReport is what Verify checked and what it found.
type VerifyReport struct {
	CongressID int64 `json:"congress_id"` // 0: every congress
	// Rounds is the number of closed rounds recomputed; Congresses the congresses they belong to.
	Rounds     int             `json:"rounds"`
	Congresses int             `json:"congresses"`
	AuditRows  int             `json:"audit_rows"`
	Problems   []VerifyProblem `json:"problems"`
}

// OK reports whether nothing was found.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

// Verify recomputes, for every closed round of a congress (congressID 0: of every congress), what
// its frozen record says: the result, from the stored request with internal/election, against the
// stored result; the fingerprint (Fingerprint over the stored request and result and the ballots of
// pile 1 as they are now, so a removed or edited ballot shows) against the one printed on the
// minutes; the totals and votes kept in the round's columns and in round_candidates against the
// request; the ballots entered one by one against the request; and the round's closing against the
// audit trail. It also walks the whole audit chain (VerifyAuditChain), which is global, whatever
// congressID. It returns ENOTFOUND for an unknown congress; problems are in the report, not errors.
//
// It is a maintenance check and sees every organization; the page that shows it checks the
// auditor's scope first.
func (s *Store) Verify(ctx context.Context, congressID int64) (*VerifyReport, error) {
	tx, err := s.db.BeginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	rep := &VerifyReport{CongressID: congressID, Problems: []VerifyProblem{}}
	if congressID != 0 {
		if _, err := findCongress(ctx, tx, nil, congressID); err != nil {
			return nil, err
		}
	}
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `SELECT r.id FROM rounds r JOIN elections e ON e.id = r.election_id
		WHERE (? = 0 OR e.congress_id = ?) ORDER BY e.congress_id, e.id, r.number`, congressID, congressID); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	congresses := map[int64]bool{}
	for _, id := range ids {
		rv, err := findRound(ctx, tx, nil, id)
		if err != nil {
			return nil, err
		}
		v := roundVerifier{rv: rv, rep: rep}
		if err := v.checkClosing(ctx, tx); err != nil {
			return nil, err
		}
		if !rv.Closed {
			continue
		}
		rep.Rounds++
		congresses[rv.Congress.ID] = true
		if err := v.checkClosed(ctx, tx); err != nil {
			return nil, err
		}
	}
	rep.Congresses = len(congresses)
	problems, n, err := s.VerifyAuditChain(ctx)
	if err != nil {
		return nil, err
	}
	rep.AuditRows = n
	for _, p := range problems {
		rep.Problems = append(rep.Problems, VerifyProblem{Kind: "audit", AuditID: p.ID, Message: "Nhật ký thay đổi: " + p.Message})
	}
	return rep, nil
}

// roundVerifier checks one round and adds what it finds to the report.
type roundVerifier struct {
	rv  *RoundView
	rep *VerifyReport
}

// add records a problem of the round, prefixed with the congress, the election and the round.
func (v roundVerifier) add(format string, args ...any) {
	c, rv := v.rv.Congress, v.rv
	where := fmt.Sprintf("Đại hội lần thứ %s của %s (nhiệm kỳ %s), cuộc bầu %s, vòng %d", vn.Roman(c.Ordinal),
		c.OrganizationName, c.TermName(), rv.Election.BodyLabel(), rv.Number)
	if rv.DocumentNumber > 0 {
		where += fmt.Sprintf(" (biên bản kiểm phiếu số %02d)", rv.DocumentNumber)
	}
	v.rep.Problems = append(v.rep.Problems, VerifyProblem{Kind: "round", CongressID: c.ID, RoundID: rv.ID,
		Message: where + ": " + fmt.Sprintf(format, args...)})
}

// checkClosing compares the round's closed state and fingerprint with the last close or reopen
// the audit trail recorded for it: a round locked, unlocked or re-stamped without the app leaves
// no matching row, and the trail itself is hash-chained.
func (v roundVerifier) checkClosing(ctx context.Context, q sqlx.QueryerContext) error {
	var last struct {
		ID     int64  `db:"id"`
		Action string `db:"action"`
		New    string `db:"new_value"`
	}
	err := sqlx.GetContext(ctx, q, &last, `SELECT id, action, new_value FROM audit_log
		WHERE entity = 'round' AND entity_id = ? AND action IN ('close', 'reopen') ORDER BY id DESC LIMIT 1`, v.rv.ID)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return mapErr(err, "nhật ký")
	}
	rv := v.rv
	switch {
	case rv.Closed && (!found || last.Action != "close"):
		v.add("vòng đang ở trạng thái đã khóa nhưng nhật ký không ghi lần khóa vòng nào tương ứng (vòng bị khóa ngoài ứng dụng).")
	case !rv.Closed && found && last.Action == "close":
		v.add("nhật ký (dòng số %d) ghi vòng đã khóa nhưng trong hồ sơ vòng đang mở, không có lần mở lại nào được ghi (vòng bị mở khóa ngoài ứng dụng).", last.ID)
	case rv.Closed:
		var closed struct {
			Fingerprint string `json:"fingerprint"`
		}
		if err := json.Unmarshal([]byte(last.New), &closed); err != nil || closed.Fingerprint != rv.Fingerprint {
			v.add("mã xác thực kết quả đang lưu (%s) khác với mã ghi trong nhật ký lúc khóa vòng (dòng số %d: %s).",
				short(rv.Fingerprint), last.ID, short(closed.Fingerprint))
		}
	}
	return nil
}

// checkClosed recomputes a closed round from its frozen request and compares everything stored.
func (v roundVerifier) checkClosed(ctx context.Context, q sqlx.QueryerContext) error {
	rv := v.rv
	var req election.Request
	if err := json.Unmarshal([]byte(rv.RequestJSON), &req); err != nil || rv.RequestJSON == "" {
		v.add("không đọc được số liệu đã khóa của vòng (dữ liệu bị hỏng hoặc bị xóa).")
		return nil
	}
	stored, err := decodeResult(rv.ResultJSON)
	if err != nil || rv.ResultJSON == "" {
		v.add("không đọc được kết quả đã khóa của vòng (dữ liệu bị hỏng hoặc bị xóa).")
		return nil
	}
	if res, err := election.Count(req); err != nil {
		v.add("số liệu đã khóa không còn nhất quán: %s", congress.ErrorMessage(err))
	} else {
		v.compareResult(res, *stored)
	}
	digest := ""
	if rv.EntryMode == congress.EntryBallots {
		pile, err := findBallots(ctx, q, rv.ID, 1)
		if err != nil {
			// A ballot whose content no longer decodes was edited by hand.
			v.add("không đọc được phiếu bầu đã nhập (%s): phiếu bị sửa ngoài ứng dụng.", err)
			return nil
		}
		digest = ballotsDigest(pile)
		v.compareBallots(req, pile)
	}
	if fp := Fingerprint(req, *stored, digest); fp != rv.Fingerprint {
		v.add("mã xác thực kết quả tính lại (%s) không khớp mã in trên biên bản (%s): số liệu, kết quả hoặc phiếu bầu đã bị sửa sau khi khóa vòng.",
			short(fp), short(rv.Fingerprint))
	}
	v.compareColumns(req)
	return nil
}

// compareResult checks the stored result against the one recomputed from the stored request.
func (v roundVerifier) compareResult(got, stored election.Result) {
	if got.Base != stored.Base {
		v.add("cơ sở tính kết quả lưu là %d nhưng tính lại từ số liệu biên bản được %d.", stored.Base, got.Base)
	}
	if got.Threshold != stored.Threshold {
		v.add("số phiếu tối thiểu để trúng cử lưu là %d nhưng tính lại được %d.", stored.Threshold, got.Threshold)
	}
	want := map[string]election.CandidateResult{}
	for _, c := range got.Candidates {
		want[c.Name] = c
	}
	seen := map[string]bool{}
	for _, c := range stored.Candidates {
		seen[c.Name] = true
		w, ok := want[c.Name]
		switch {
		case !ok:
			v.add("kết quả lưu có %s nhưng danh sách trong số liệu biên bản không có người này.", c.Name)
		case w.Votes != c.Votes:
			v.add("kết quả lưu ghi %s được %s phiếu nhưng số liệu biên bản ghi %s phiếu.", c.Name, vn.FormatInt(int64(c.Votes)), vn.FormatInt(int64(w.Votes)))
		case w.Status != c.Status:
			v.add("kết quả lưu ghi %s là “%s” nhưng tính lại là “%s”.", c.Name, statusLabel(c.Status), statusLabel(w.Status))
		case w.Percent != c.Percent:
			v.add("kết quả lưu ghi %s đạt %s nhưng tính lại được %s.", c.Name, c.Percent, w.Percent)
		}
	}
	for _, c := range got.Candidates {
		if !seen[c.Name] {
			v.add("số liệu biên bản có %s (%s phiếu) nhưng kết quả lưu không có người này.", c.Name, vn.FormatInt(int64(c.Votes)))
		}
	}
	if strings.Join(got.Elected, "|") != strings.Join(stored.Elected, "|") {
		v.add("danh sách trúng cử lưu (%s) khác với danh sách tính lại (%s).", nameList(stored.Elected), nameList(got.Elected))
	}
	if got.VacantSeats != stored.VacantSeats {
		v.add("số ghế còn thiếu lưu là %d nhưng tính lại được %d.", stored.VacantSeats, got.VacantSeats)
	}
	gotRunoff, storedRunoff := runoffText(got.Runoff), runoffText(stored.Runoff)
	if gotRunoff != storedRunoff {
		v.add("bầu lại do bằng phiếu lưu là “%s” nhưng tính lại là “%s”.", storedRunoff, gotRunoff)
	}
}

// compareBallots re-tallies the ballots of pile 1 as they are now against the frozen request.
func (v roundVerifier) compareBallots(req election.Request, pile []StoredBallot) {
	rv := v.rv
	names := make([]string, len(rv.Candidates))
	for i, c := range rv.Candidates {
		names[i] = c.BallotName
	}
	ballots := make([]election.Ballot, len(pile))
	for i, b := range pile {
		ballots[i] = b.Ballot
	}
	t, err := election.TallyBallots(election.ListKind(rv.Election.ListKind), names, rv.Seats, ballots)
	if err != nil {
		v.add("các phiếu đã nhập không còn đọc được: %s", congress.ErrorMessage(err))
		return
	}
	for _, f := range []struct {
		label       string
		got, frozen int
	}{{"số phiếu thu vào", t.Collected, req.Ballots.Collected}, {"số phiếu hợp lệ", t.Valid, req.Ballots.Valid},
		{"số phiếu không hợp lệ", t.Invalid, req.Ballots.Invalid}} {
		if f.got != f.frozen {
			v.add("%s đếm từ các phiếu đã nhập là %s nhưng biên bản đã khóa ghi %s.", f.label,
				vn.FormatInt(int64(f.got)), vn.FormatInt(int64(f.frozen)))
		}
	}
	frozen := map[string]int{}
	for _, c := range req.Candidates {
		frozen[election.NormalizeName(c.Name)] = c.Votes
	}
	for i, name := range t.Names {
		if w, ok := frozen[name]; ok && w != t.Votes[i] {
			v.add("%s được %s phiếu theo các phiếu đã nhập nhưng biên bản đã khóa ghi %s phiếu.", name,
				vn.FormatInt(int64(t.Votes[i])), vn.FormatInt(int64(w)))
		}
	}
}

// compareColumns checks the figures kept in the round's row and in round_candidates, which the
// pages and reports read, against the frozen request the fingerprint covers.
func (v roundVerifier) compareColumns(req election.Request) {
	rv := v.rv
	present := -1
	if req.Present != nil {
		present = *req.Present
	}
	for _, f := range []struct {
		label          string
		column, frozen int
	}{
		{"số lượng bầu", rv.Seats, req.Seats},
		{"số được triệu tập", rv.Convened, req.Base.Convened},
		{"số có mặt", rv.Present, present},
		{"số đảng viên giới thiệu sinh hoạt tạm thời vắng mặt", rv.TemporarilyAttachedAbsent, req.Base.TemporarilyAttachedAbsent},
		{"số đảng viên miễn công tác và sinh hoạt đảng vắng mặt", rv.ExemptAbsent, req.Base.ExemptAbsent},
		{"số đảng viên bị đình chỉ sinh hoạt, khởi tố, tạm giam", rv.Suspended, req.Base.Suspended},
		{"số vắng mặt cả đại hội có lý do", rv.AbsentWithReason, req.Base.AbsentWithReason},
		{"số cấp ủy viên triệu tập vắng mặt", rv.CommitteeAbsent, req.Base.CommitteeAbsent},
		{"số đại biểu chính thức vắng mặt không có người thay", rv.AbsentNotReplaced, req.Base.AbsentNotReplaced},
		{"số phiếu phát ra", rv.Issued, req.Ballots.Issued},
		{"số phiếu thu vào", rv.Collected, req.Ballots.Collected},
		{"số phiếu hợp lệ", rv.Valid, req.Ballots.Valid},
		{"số phiếu không hợp lệ", rv.Invalid, req.Ballots.Invalid},
	} {
		if f.column != f.frozen {
			v.add("%s trong hồ sơ là %s nhưng biên bản đã khóa ghi %s.", f.label, vn.FormatInt(int64(f.column)), vn.FormatInt(int64(f.frozen)))
		}
	}
	frozen := map[string]int{}
	for _, c := range req.Candidates {
		frozen[election.NormalizeName(c.Name)] = c.Votes
	}
	onRound := map[string]bool{}
	for _, c := range rv.Candidates {
		name := election.NormalizeName(c.BallotName)
		onRound[name] = true
		w, ok := frozen[name]
		switch {
		case !ok:
			v.add("%s có trong danh sách vòng bầu nhưng không có trong biên bản đã khóa.", c.BallotName)
		case c.Votes != w:
			v.add("số phiếu của %s trong hồ sơ là %s nhưng biên bản đã khóa ghi %s.", c.BallotName,
				vn.FormatInt(int64(c.Votes)), vn.FormatInt(int64(w)))
		}
	}
	for _, c := range req.Candidates {
		if !onRound[election.NormalizeName(c.Name)] {
			v.add("%s có trong biên bản đã khóa nhưng không còn trong danh sách vòng bầu.", c.Name)
		}
	}
}

// short is the first 16 hex digits of a fingerprint: enough to tell two apart in a message.
func short(fp string) string {
	if fp == "" {
		return "trống"
	}
	if len(fp) > 16 {
		return fp[:16] + "…"
	}
	return fp
}

func statusLabel(status string) string {
	switch status {
	case election.StatusElected:
		return "trúng cử"
	case election.StatusRunoff:
		return "bầu lại do bằng phiếu"
	}
	return "không trúng cử"
}

func nameList(names []string) string {
	if len(names) == 0 {
		return "không có ai"
	}
	return strings.Join(names, ", ")
}

func runoffText(r *election.Runoff) string {
	if r == nil {
		return "không có"
	}
	return fmt.Sprintf("%d ghế, giữa %s", r.Seats, nameList(r.Candidates))
}
