package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/offline"
	"daihoi/internal/vn"
)

// Outcomes of ImportPackage.
const (
	ImportCreated     = "created"            // the congress was new here and is now imported
	ImportReplaced    = "replaced"           // a changed version replaced the congress, as confirmed
	ImportUnchanged   = "unchanged"          // the package holds nothing new: nothing was written
	ImportNeedConfirm = "needs_confirmation" // the package changes a congress already here: nothing was written
)

// PackageImportOptions are the importer's choices.
type PackageImportOptions struct {
	// Confirm replaces a congress already on the server by a changed version of it.
	Confirm bool
	// ExpectContent, when set, is the content digest the user saw when confirming: a package with
	// another content is ECONFLICT rather than imported unseen.
	ExpectContent string
}

// PackageImport says what ImportPackage did or would do.
type PackageImport struct {
	Status         string `json:"status"`
	CongressID     int64  `json:"congress_id"`
	OrganizationID int64  `json:"organization_id"`
	Organization   string `json:"organization"`
	Ordinal        int    `json:"ordinal"`
	Term           string `json:"term"`
	ContentSHA256  string `json:"content_sha256"`
	// TermCreated says the term did not exist here and was added.
	TermCreated bool `json:"term_created"`
	// Differences are what a changed version changes (status replaced or needs_confirmation).
	Differences  []offline.Difference       `json:"differences"`
	ClosedRounds []offline.RoundFingerprint `json:"closed_rounds"`
	Persons      int                        `json:"persons"`
	Elections    int                        `json:"elections"`
	Rounds       int                        `json:"rounds"`
	Ballots      int                        `json:"ballots"`
	Targets      int                        `json:"targets"`
	Reviews      int                        `json:"reviews"`
	AuditEntries int                        `json:"audit_entries"`
}

// Summary says in Vietnamese what the import did.
func (r *PackageImport) Summary() string {
	what := fmt.Sprintf("Đại hội lần thứ %s của %s, nhiệm kỳ %s", vn.Roman(r.Ordinal), r.Organization, r.Term)
	switch r.Status {
	case ImportUnchanged:
		return what + ": gói này đã được nhập trước đây và không có gì thay đổi; không ghi gì thêm."
	case ImportNeedConfirm:
		return fmt.Sprintf("%s đã có trên máy chủ; gói này khác ở %d điểm. Xem các điểm khác nhau và xác nhận nếu muốn thay bằng phiên bản trong gói.",
			what, len(r.Differences))
	case ImportReplaced:
		return fmt.Sprintf("%s: đã thay bằng phiên bản trong gói (%d điểm khác), %d vòng bầu đã khóa được kiểm tra lại mã xác thực.",
			what, len(r.Differences), len(r.ClosedRounds))
	}
	return fmt.Sprintf("%s: đã nhập %d đảng viên, %d cuộc bầu, %d vòng bầu (%d vòng đã khóa, mã xác thực khớp), %d phiếu, %d chỉ tiêu, %d số liệu đánh giá, %d dòng nhật ký.",
		what, r.Persons, r.Elections, r.Rounds, len(r.ClosedRounds), r.Ballots, r.Targets, r.Reviews, r.AuditEntries)
}

// canImportPackage says who may import a package: the higher committee's staff who receive it,
// secretaries and administrators. Auditors change nothing.
func canImportPackage(u *congress.User) bool {
	return u != nil && (u.Role == congress.RoleStaff || u.Role == congress.RoleSecretary || u.Role == congress.RoleAdmin)
}

// CanImportPackage reports whether u may import offline packages (for the pages' links).
func CanImportPackage(u *congress.User) bool { return canImportPackage(u) }

// ImportPackage writes the congress of a package read by offline.Read into the database, as u.
//
// Everything is checked before anything is written: VerifyPackage (every closed round recomputed,
// its fingerprint too), then the organization: the package's organization chain is resolved, by
// name and kind, to one organization in u's subtree — none is EFORBIDDEN, several EINVALID. The
// term is added when missing. The import is then one transaction with its audit rows: the audit
// entries of the package are replayed (their original time, author and line number in the reason),
// then a row records the import and a row records each imported closed round with its fingerprint.
//
// When the organization already has a congress of that ordinal, the package is compared with it
// (offline.Diff). Nothing differs: ImportUnchanged, nothing written. Something differs: without
// opt.Confirm, ImportNeedConfirm with the differences and nothing written; with it, the congress is
// replaced (same id) by the package's version, ImportReplaced. A refused package is an
// *offline.Error listing every problem; EFORBIDDEN for a role that may not import.
func (s *Store) ImportPackage(ctx context.Context, u *congress.User, p *offline.Package, opt PackageImportOptions) (*PackageImport, error) {
	if !canImportPackage(u) {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn không được nhập gói hồ sơ đại hội.")
	}
	if problems := VerifyPackage(p); len(problems) > 0 {
		return nil, &offline.Error{Problems: problems}
	}
	if opt.ExpectContent != "" && opt.ExpectContent != p.Manifest.ContentSHA256 {
		return nil, congress.Errorf(congress.ECONFLICT, "Gói hồ sơ đã khác với gói bạn vừa xem (mã nội dung %s, không phải %s); hãy tải lên và xem lại.",
			short(p.Manifest.ContentSHA256), short(opt.ExpectContent))
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	org, err := resolvePackageOrganization(ctx, tx, u, p.Organization)
	if err != nil {
		return nil, err
	}
	res := &PackageImport{
		Status: ImportCreated, OrganizationID: org.ID, Organization: org.Name, Ordinal: p.Congress.Ordinal,
		Term:          congress.Term{StartYear: p.Congress.TermStart, EndYear: p.Congress.TermEnd}.Name(),
		ContentSHA256: p.Manifest.ContentSHA256, Differences: []offline.Difference{}, ClosedRounds: closedRounds(p),
	}
	termID, created, err := ensureTerm(ctx, tx, p.Congress.TermStart, p.Congress.TermEnd)
	if err != nil {
		return nil, err
	}
	res.TermCreated = created
	var existing []int64
	if err := tx.SelectContext(ctx, &existing, `SELECT id FROM congresses WHERE organization_id = ? AND ordinal = ?`,
		org.ID, p.Congress.Ordinal); err != nil {
		return nil, mapErr(err, "đại hội")
	}
	im := &importer{tx: tx, p: p, org: org, termID: termID, res: res}
	if len(existing) > 0 {
		old, err := findCongress(ctx, tx, nil, existing[0])
		if err != nil {
			return nil, err
		}
		cur, err := exportCongress(ctx, tx, old)
		if err != nil {
			return nil, err
		}
		res.CongressID = old.ID
		res.Differences = offline.Diff(cur, p)
		if len(res.Differences) == 0 {
			res.Status = ImportUnchanged
			return res, nil
		}
		if !opt.Confirm {
			res.Status = ImportNeedConfirm
			return res, nil
		}
		res.Status = ImportReplaced
		im.congressID = old.ID
		if err := im.clear(ctx); err != nil {
			return nil, err
		}
	}
	if err := im.write(ctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, mapErr(err, "gói hồ sơ")
	}
	return res, nil
}

// resolvePackageOrganization finds the one organization of u's subtree that the chain names: same
// folded name and kind as the chain's last level, and ancestors that agree with the chain as far as
// both go (a laptop's tree may start lower or higher than the server's).
func resolvePackageOrganization(ctx context.Context, tx *Tx, u *congress.User, chain []offline.OrgLevel) (*congress.Organization, error) {
	last := chain[len(chain)-1]
	lo, hi := scopeRange(u)
	var candidates []congress.Organization
	if err := tx.SelectContext(ctx, &candidates, `SELECT `+orgColumns+` FROM organizations o
		WHERE o.name_fold = ? AND o.kind = ? AND o.path >= ? AND o.path < ? ORDER BY o.path`,
		vn.Fold(last.Name), last.Kind, lo, hi); err != nil {
		return nil, mapErr(err, "tổ chức đảng")
	}
	var matches []congress.Organization
	for _, o := range candidates {
		ids := pathIDs(o.Path)
		ancestors := ids[:len(ids)-1]
		args := make([]any, len(ancestors))
		for i, id := range ancestors {
			args[i] = id
		}
		var above []struct {
			Name  string `db:"name"`
			Kind  string `db:"kind"`
			Depth int    `db:"depth"`
		}
		if len(ancestors) > 0 {
			if err := tx.SelectContext(ctx, &above, `SELECT name, kind, depth FROM organizations WHERE id IN (`+
				placeholders(len(ancestors))+`) ORDER BY depth`, args...); err != nil {
				return nil, mapErr(err, "tổ chức đảng")
			}
		}
		ok := true
		for i, j := len(chain)-2, len(above)-1; i >= 0 && j >= 0; i, j = i-1, j-1 {
			if vn.Fold(chain[i].Name) != vn.Fold(above[j].Name) || chain[i].Kind != above[j].Kind {
				ok = false
				break
			}
		}
		if ok {
			matches = append(matches, o)
		}
	}
	var names []string
	for _, o := range chain {
		names = append(names, o.Name)
	}
	switch len(matches) {
	case 1:
		return &matches[0], nil
	case 0:
		return nil, congress.Errorf(congress.EFORBIDDEN,
			"Gói hồ sơ là của %s (%s): tổ chức này không nằm trong phạm vi tổ chức đảng của bạn hoặc chưa có trên máy chủ; không nhập.",
			last.Name, strings.Join(names, " › "))
	}
	return nil, congress.Errorf(congress.EINVALID,
		"Có %d tổ chức đảng trùng tên %s trong phạm vi của bạn; không xác định được gói thuộc tổ chức nào. Hãy đặt tên phân biệt rồi nhập lại.",
		len(matches), last.Name)
}

// ensureTerm returns the term with these years, adding it when missing.
func ensureTerm(ctx context.Context, tx *Tx, start, end int) (int64, bool, error) {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `SELECT id FROM terms WHERE start_year = ? AND end_year = ?`, start, end); err != nil {
		return 0, false, mapErr(err, "nhiệm kỳ")
	}
	if len(ids) > 0 {
		return ids[0], false, nil
	}
	t := congress.Term{StartYear: start, EndYear: end}
	if err := t.Validate(); err != nil {
		return 0, false, err
	}
	if err := tx.QueryRowxContext(ctx, `INSERT INTO terms (start_year, end_year) VALUES (?, ?) RETURNING id`, start, end).Scan(&t.ID); err != nil {
		return 0, false, mapErr(err, "nhiệm kỳ")
	}
	return t.ID, true, tx.writeAudit(ctx, audit{entity: "term", entityID: t.ID, action: "create", new: t,
		reason: "Thêm khi nhập gói hồ sơ đại hội."})
}

// importer writes one package in one transaction, mapping the package's ids to the new rows' ids.
type importer struct {
	tx         *Tx
	p          *offline.Package
	org        *congress.Organization
	termID     int64
	congressID int64 // the congress replaced, or the new one once inserted
	res        *PackageImport
	ids        map[string]map[int64]int64 // by audit entity: package id → new id
}

// id maps a package id of an entity to its new id; 0 when unknown.
func (im *importer) id(entity string, id int64) int64 { return im.ids[entity][id] }

func (im *importer) set(entity string, from, to int64) {
	if im.ids[entity] == nil {
		im.ids[entity] = map[int64]int64{}
	}
	im.ids[entity][from] = to
}

// clear removes everything of the congress being replaced but its row, children first.
func (im *importer) clear(ctx context.Context) error {
	id := im.congressID
	rounds := `SELECT r.id FROM rounds r JOIN elections e ON e.id = r.election_id WHERE e.congress_id = ?`
	for _, q := range []string{
		`DELETE FROM ballots WHERE round_id IN (` + rounds + `)`,
		`DELETE FROM round_candidates WHERE round_id IN (` + rounds + `)`,
		`DELETE FROM rounds WHERE election_id IN (SELECT id FROM elections WHERE congress_id = ?)`,
		`DELETE FROM candidates WHERE election_id IN (SELECT id FROM elections WHERE congress_id = ?)`,
		`DELETE FROM elections WHERE congress_id = ?`,
		`DELETE FROM documents WHERE congress_id = ?`,
		`DELETE FROM target_reviews WHERE target_id IN (SELECT id FROM targets WHERE congress_id = ?)`,
		`UPDATE targets SET parent_id = NULL WHERE congress_id = ?`,
		`DELETE FROM targets WHERE congress_id = ?`,
		`DELETE FROM rating_counts WHERE congress_id = ?`,
		`DELETE FROM resolution_sections WHERE resolution_id IN (SELECT id FROM resolutions WHERE congress_id = ?)`,
		`DELETE FROM resolutions WHERE congress_id = ?`,
		`DELETE FROM persons WHERE congress_id = ?`,
		`DELETE FROM congress_guests WHERE congress_id = ?`,
		`DELETE FROM congress_past_results WHERE congress_id = ?`,
	} {
		if _, err := im.tx.ExecContext(ctx, q, id); err != nil {
			return mapErr(err, "đại hội")
		}
	}
	return nil
}

// write inserts (or, after clear, updates) the congress and inserts everything under it.
func (im *importer) write(ctx context.Context) error {
	im.ids = map[string]map[int64]int64{}
	steps := []func(context.Context) error{
		im.congress, im.persons, im.elections, im.rounds, im.ballots, im.documents, im.resolution, im.targets,
		im.reviews, im.ratings, im.search, im.audit,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) congress(ctx context.Context) error {
	w := im.p.Congress
	a := w.Attendance
	args := []any{im.termID, w.Ordinal, w.Kind, w.Ruleset, w.HeldOn, w.Place, a.Convened, a.Present,
		a.TemporarilyAttachedAbsent, a.ExemptAbsent, a.Suspended, a.AbsentWithReason, a.CommitteeAbsent, a.AbsentNotReplaced,
		w.Notes, w.State, w.ReportedOn, w.DecidedOn, w.Sample, w.Version, w.CreatedAt, w.UpdatedAt, im.org.Path}
	if im.congressID != 0 {
		if _, err := im.tx.ExecContext(ctx, `UPDATE congresses SET term_id = ?, ordinal = ?, kind = ?, ruleset = ?, held_on = ?,
			place = ?, convened = ?, present = ?, temporarily_attached_absent = ?, exempt_absent = ?, suspended = ?,
			absent_with_reason = ?, committee_absent = ?, absent_not_replaced = ?, notes = ?, state = ?, reported_on = ?,
			decided_on = ?, sample = ?, version = ?, created_at = ?, updated_at = ?, org_path = ? WHERE id = ?`,
			append(args, im.congressID)...); err != nil {
			return mapErr(err, "đại hội")
		}
	} else {
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO congresses (term_id, ordinal, kind, ruleset, held_on, place, convened,
			present, temporarily_attached_absent, exempt_absent, suspended, absent_with_reason, committee_absent,
			absent_not_replaced, notes, state, reported_on, decided_on, sample, version, created_at, updated_at, org_path,
			organization_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			append(args, im.org.ID)...).Scan(&im.congressID); err != nil {
			return mapErr(err, "đại hội")
		}
	}
	im.res.CongressID = im.congressID
	im.set("congress", w.ID, im.congressID)
	for i, g := range w.Guests {
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO congress_guests (congress_id, position, name, title, role) VALUES (?, ?, ?, ?, ?)`,
			im.congressID, i+1, g.Name, g.Title, g.Role); err != nil {
			return mapErr(err, "khách mời")
		}
	}
	for i, r := range w.PastResults {
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO congress_past_results (congress_id, position, label, value, unit) VALUES (?, ?, ?, ?, ?)`,
			im.congressID, i+1, r.Label, r.Value, r.Unit); err != nil {
			return mapErr(err, "kết quả nhiệm kỳ trước")
		}
	}
	return nil
}

func (im *importer) persons(ctx context.Context) error {
	for _, p := range im.p.Persons {
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO persons (congress_id, full_name, birth_date, gender, ethnicity, religion,
			home_town, position, joined_on, official_on, education, degree, theory_level, incumbent, name_fold, sample, version,
			created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.congressID, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.JoinedOn,
			p.OfficialOn, p.Education, p.Degree, p.TheoryLevel, p.Incumbent, vn.Fold(p.FullName), p.Sample, p.Version,
			p.CreatedAt).Scan(&id); err != nil {
			return mapErr(err, "đảng viên "+p.FullName)
		}
		im.set("person", p.ID, id)
	}
	im.res.Persons = len(im.p.Persons)
	return nil
}

func (im *importer) elections(ctx context.Context) error {
	for _, e := range im.p.Elections {
		var appointed *int64
		if e.AppointedPersonID != nil {
			x := im.id("person", *e.AppointedPersonID)
			appointed = &x
		}
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO elections (congress_id, body, seats, list_kind, decision, state,
			appointed_person_id, appointment_note, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.congressID, e.Body, e.Seats, e.ListKind, e.Decision, e.State, appointed, e.AppointmentNote, e.Version,
			e.CreatedAt).Scan(&id); err != nil {
			return mapErr(err, "cuộc bầu cử")
		}
		im.set("election", e.ID, id)
		for _, c := range e.Candidates {
			if _, err := im.tx.ExecContext(ctx, `INSERT INTO candidates (election_id, person_id, nominated_by, floor_agree, note)
				VALUES (?, ?, ?, ?, ?)`, id, im.id("person", c.PersonID), c.NominatedBy, c.FloorAgree, c.Note); err != nil {
				return mapErr(err, "danh sách bầu cử")
			}
		}
	}
	im.res.Elections = len(im.p.Elections)
	return nil
}

func (im *importer) rounds(ctx context.Context) error {
	for _, r := range im.p.Rounds {
		counters, err := json.Marshal(r.CountingCommittee)
		if err != nil {
			return fmt.Errorf("store: import round %d: %w", r.ID, err)
		}
		reasons, err := json.Marshal(nonNilMap(r.InvalidReasons))
		if err != nil {
			return fmt.Errorf("store: import round %d: %w", r.ID, err)
		}
		request, result := "", ""
		if r.Closed {
			// Stored as the engine encodes them, as CloseRound stores them.
			req, res, err := decodeFrozen(r)
			if err != nil {
				return fmt.Errorf("store: import round %d: %w", r.ID, err)
			}
			reqJSON, _ := json.Marshal(req)
			resJSON, _ := json.Marshal(res)
			request, result = string(reqJSON), string(resJSON)
		}
		a := r.Attendance
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO rounds (election_id, number, seats, convened, present,
			temporarily_attached_absent, exempt_absent, suspended, absent_with_reason, committee_absent, absent_not_replaced,
			entry_mode, double_entry, issued, collected, valid, invalid, counting_committee, invalid_reasons, closed, closed_at,
			document_number, fingerprint, request_json, result_json, version, started_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.id("election", r.ElectionID), r.Number, r.Seats, a.Convened, a.Present, a.TemporarilyAttachedAbsent, a.ExemptAbsent,
			a.Suspended, a.AbsentWithReason, a.CommitteeAbsent, a.AbsentNotReplaced, r.EntryMode, r.DoubleEntry, r.Issued,
			r.Collected, r.Valid, r.Invalid, string(counters), string(reasons), r.Closed, r.ClosedAt, r.DocumentNumber,
			r.Fingerprint, request, result, r.Version, r.StartedAt).Scan(&id); err != nil {
			return mapErr(err, "vòng bầu")
		}
		im.set("round", r.ID, id)
		for _, c := range r.Candidates {
			if _, err := im.tx.ExecContext(ctx, `INSERT INTO round_candidates (round_id, person_id, position, votes) VALUES (?, ?, ?, ?)`,
				id, im.id("person", c.PersonID), c.Position, c.Votes); err != nil {
				return mapErr(err, "vòng bầu")
			}
		}
	}
	im.res.Rounds = len(im.p.Rounds)
	return nil
}

func (im *importer) ballots(ctx context.Context) error {
	for _, b := range im.p.Ballots {
		content, err := json.Marshal(b.Content)
		if err != nil {
			return fmt.Errorf("store: import ballot %d: %w", b.ID, err)
		}
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO ballots (round_id, slot, number, content, invalid, user_id, clerk, created_at)
			VALUES (?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id`, im.id("round", b.RoundID), b.Slot, b.Number, string(content),
			b.Invalid, b.Clerk, b.CreatedAt).Scan(&id); err != nil {
			return mapErr(err, "phiếu bầu")
		}
		im.set("ballot", b.ID, id)
	}
	im.res.Ballots = len(im.p.Ballots)
	return nil
}

func (im *importer) documents(ctx context.Context) error {
	for _, d := range im.p.Documents {
		var ref *int64
		if d.Kind == "counting_minutes" && d.RefID != nil {
			x := im.id("round", *d.RefID)
			ref = &x
		}
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO documents (congress_id, number, kind, ref_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			im.congressID, d.Number, d.Kind, ref, d.CreatedAt); err != nil {
			return mapErr(err, "văn bản")
		}
	}
	return nil
}

func (im *importer) resolution(ctx context.Context) error {
	r := im.p.Resolution
	if r == nil {
		return nil
	}
	var id int64
	if err := im.tx.QueryRowxContext(ctx, `INSERT INTO resolutions (congress_id, adopted_on, votes_for, votes_against, votes_abstain,
		sample, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, im.congressID, r.AdoptedOn,
		r.VotesFor, r.VotesAgainst, r.VotesAbstain, r.Sample, r.Version, r.CreatedAt, r.UpdatedAt).Scan(&id); err != nil {
		return mapErr(err, "nghị quyết")
	}
	im.set("resolution", r.ID, id)
	for i, s := range r.Sections {
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO resolution_sections (resolution_id, position, title, body) VALUES (?, ?, ?, ?)`,
			id, i+1, s.Title, s.Body); err != nil {
			return mapErr(err, "nghị quyết")
		}
	}
	return nil
}

func (im *importer) targets(ctx context.Context) error {
	// Main targets first: a sub-target's row points at its parent's new id.
	list := append([]offline.Target(nil), im.p.Targets...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].ParentID == nil && list[j].ParentID != nil })
	for _, t := range list {
		var parent *int64
		if t.ParentID != nil {
			x := im.id("target", *t.ParentID)
			parent = &x
		}
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO targets (congress_id, position, sentence, subject, comparator, value,
			value_high, unit, period, by_year, category, parent_id, share_of, base, rating_subject, measure, sample, version,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.congressID, t.Position, t.Sentence, t.Subject, t.Comparator, t.Value, t.ValueHigh, t.Unit, t.Period, t.ByYear,
			t.Category, parent, t.ShareOf, t.Base, t.RatingSubject, t.Measure, t.Sample, t.Version, t.CreatedAt,
			t.UpdatedAt).Scan(&id); err != nil {
			return mapErr(err, "chỉ tiêu")
		}
		im.set("target", t.ID, id)
	}
	im.res.Targets = len(list)
	return nil
}

func (im *importer) reviews(ctx context.Context) error {
	for _, r := range im.p.Reviews {
		var id int64
		// Users do not travel with a package: who wrote a figure or a note stays in the audit trail.
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO target_reviews (target_id, year, numerator, denominator, source, note,
			note_by, note_at, created_by, sample, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?) RETURNING id`, im.id("target", r.TargetID), r.Year, r.Numerator,
			r.Denominator, r.Source, r.Note, r.NoteAt, r.Sample, r.Version, r.CreatedAt, r.UpdatedAt).Scan(&id); err != nil {
			return mapErr(err, "số liệu đánh giá")
		}
		im.set("target_review", r.ID, id)
	}
	im.res.Reviews = len(im.p.Reviews)
	return nil
}

func (im *importer) ratings(ctx context.Context) error {
	for _, r := range im.p.Ratings {
		var id int64
		if err := im.tx.QueryRowxContext(ctx, `INSERT INTO rating_counts (congress_id, year, subject, excellent, good, completed,
			not_completed, source, sample, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.congressID, r.Year, r.Subject, r.Excellent, r.Good, r.Completed, r.NotCompleted, r.Source, r.Sample, r.Version,
			r.CreatedAt, r.UpdatedAt).Scan(&id); err != nil {
			return mapErr(err, "kết quả xếp loại")
		}
		im.set("rating_counts", r.ID, id)
	}
	return nil
}

// search rebuilds the congress's search words from what was imported.
func (im *importer) search(ctx context.Context) error {
	c := &congress.Congress{ID: im.congressID, Ordinal: im.p.Congress.Ordinal, Place: im.p.Congress.Place, Notes: im.p.Congress.Notes}
	for _, g := range im.p.Congress.Guests {
		c.Guests = append(c.Guests, congress.Guest{Name: g.Name, Title: g.Title, Role: g.Role})
	}
	return rebuildCongressSearch(ctx, im.tx, c, im.org.Name)
}

// audit replays the package's audit entries into this database's chain, then records the import
// and each closed round it brought, so that Verify finds the closing of every round.
func (im *importer) audit(ctx context.Context) error {
	tag := short(im.p.Manifest.ContentSHA256)
	for _, e := range im.p.Audit {
		var entityID int64
		if e.EntityID != nil {
			entityID = im.id(e.Entity, *e.EntityID)
		}
		reason := fmt.Sprintf("Nhập từ gói hồ sơ %s: dòng nhật ký số %d của máy lập gói, ghi lúc %s bởi %s.", tag, e.ID, e.At, e.Username)
		if e.Reason != "" {
			reason += " Lý do: " + e.Reason
		}
		if err := im.tx.writeAudit(ctx, audit{orgID: im.org.ID, congressID: im.congressID, entity: e.Entity, entityID: entityID,
			action: e.Action, old: rawValue(e.OldValue), new: rawValue(e.NewValue), reason: reason}); err != nil {
			return err
		}
	}
	im.res.AuditEntries = len(im.p.Audit)
	action := "import"
	var old any
	if im.res.Status == ImportReplaced {
		action, old = "import_replace", map[string]any{"differences": im.res.Differences}
	}
	src := im.p.Manifest.Source
	if err := im.tx.writeAudit(ctx, audit{orgID: im.org.ID, congressID: im.congressID, entity: "congress", entityID: im.congressID,
		action: action, old: old, new: map[string]any{"content_sha256": im.p.Manifest.ContentSHA256, "created_at": im.p.Manifest.CreatedAt,
			"source": src, "closed_rounds": im.res.ClosedRounds},
		reason: fmt.Sprintf("Nhập gói hồ sơ đại hội %s lập lúc %s trên %s.", tag, im.p.Manifest.CreatedAt, src.Host)}); err != nil {
		return err
	}
	for _, r := range im.p.Rounds {
		if !r.Closed {
			continue
		}
		var res struct {
			Elected []string `json:"elected"`
		}
		_ = json.Unmarshal(r.Result, &res) // decoded already by VerifyPackage
		if err := im.tx.writeAudit(ctx, audit{orgID: im.org.ID, congressID: im.congressID, entity: "round", entityID: im.id("round", r.ID),
			action: "close", new: map[string]any{"document_number": r.DocumentNumber, "fingerprint": r.Fingerprint,
				"elected": res.Elected, "imported": true},
			reason: fmt.Sprintf("Vòng đã khóa trên máy lập gói lúc %s; nhập từ gói hồ sơ %s, mã xác thực đã kiểm tra lại.", r.ClosedAt, tag)}); err != nil {
			return err
		}
	}
	return nil
}

// rawValue passes a stored audit value on as it is: JSON text stays JSON, "" stays empty.
func rawValue(s string) any {
	if s == "" {
		return nil
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	return s
}
