package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// The resolution of a congress, its targets, their yearly reviews and the rating counts the reviews
// can be derived from (DOMAIN.md "Targets and yearly review"). Every rule of a target and a review
// is internal/targets'; this file stores, scopes and audits.

// Resolution is a congress's resolution (Nghị quyết Đại hội), adopted by vote of those present.
type Resolution struct {
	ID           int64  `json:"id" db:"id"`
	CongressID   int64  `json:"congress_id" db:"congress_id"`
	AdoptedOn    string `json:"adopted_on" db:"adopted_on"` // ISO date
	VotesFor     int    `json:"votes_for" db:"votes_for"`
	VotesAgainst int    `json:"votes_against" db:"votes_against"`
	VotesAbstain int    `json:"votes_abstain" db:"votes_abstain"`
	// Present is the congress's attendance the vote is held against (read-only).
	Present  int                 `json:"present" db:"-"`
	Sections []ResolutionSection `json:"sections" db:"-"`
	// Targets are the resolution's targets, filled by FindResolution (read-only).
	Targets   []TargetRecord `json:"targets,omitempty" db:"-"`
	Sample    bool           `json:"sample" db:"sample"`
	Version   int64          `json:"version" db:"version"`
	CreatedAt string         `json:"created_at" db:"created_at"`
	UpdatedAt string         `json:"updated_at" db:"updated_at"`
}

// ResolutionSection is one titled part of the resolution's text.
type ResolutionSection struct {
	Title string `json:"title" db:"title"`
	Body  string `json:"body" db:"body"`
}

// Bounds of the resolution's text.
const (
	maxSections     = 50
	maxSectionTitle = 300
	maxSectionBody  = 20000
	maxNote         = 2000
)

// validateResolution checks the vote against the congress's attendance and the text sections.
func validateResolution(r *Resolution, c *congress.Congress) error {
	f := congress.FieldErrors{}
	adopted, err := time.Parse("2006-01-02", r.AdoptedOn)
	switch {
	case r.AdoptedOn == "":
		f.Add("adopted_on", "Nhập ngày đại hội biểu quyết thông qua nghị quyết.")
	case err != nil:
		f.Add("adopted_on", fmt.Sprintf("Ngày thông qua %q không đúng dạng ngày/tháng/năm.", r.AdoptedOn))
	default:
		if held, err := time.Parse("2006-01-02", c.HeldOn); err == nil && adopted.Before(held) {
			f.Add("adopted_on", fmt.Sprintf("Ngày thông qua nghị quyết (%s) không được trước ngày khai mạc đại hội (%s).",
				vn.Date(r.AdoptedOn), vn.Date(c.HeldOn)))
		} else if adopted.Year() > c.TermEnd {
			f.Add("adopted_on", fmt.Sprintf("Ngày thông qua nghị quyết (%s) nằm sau nhiệm kỳ %s.", vn.Date(r.AdoptedOn), c.TermName()))
		}
	}
	who := "đảng viên"
	if c.Kind == congress.CongressDelegates {
		who = "đại biểu"
	}
	ok := true
	for _, v := range []struct {
		field, label string
		n            int
	}{{"votes_for", "Số tán thành", r.VotesFor}, {"votes_against", "Số không tán thành", r.VotesAgainst},
		{"votes_abstain", "Số không biểu quyết", r.VotesAbstain}} {
		if v.n < 0 {
			f.Add(v.field, fmt.Sprintf("%s (%d) không được âm.", v.label, v.n))
			ok = false
		}
	}
	if sum := r.VotesFor + r.VotesAgainst + r.VotesAbstain; ok {
		switch {
		case sum == 0:
			f.Add("votes_for", "Nhập kết quả biểu quyết: số tán thành, không tán thành và không biểu quyết.")
		case sum > c.Present:
			// Only those present vote; more votes than people in the hall is a typing error.
			f.Add("votes_for", fmt.Sprintf("Tổng số biểu quyết (%d tán thành + %d không tán thành + %d không biểu quyết = %d) vượt quá số %s có mặt tại đại hội (%d).",
				r.VotesFor, r.VotesAgainst, r.VotesAbstain, sum, who, c.Present))
		}
	}
	if len(r.Sections) > maxSections {
		f.Add("sections", fmt.Sprintf("Nghị quyết tối đa %d mục (đang có %d).", maxSections, len(r.Sections)))
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		s.Title, s.Body = congress.CleanText(s.Title), congress.CleanMultiline(s.Body)
		key := fmt.Sprintf("sections[%d].", i)
		switch n := utf8.RuneCountInString(s.Title); {
		case n == 0:
			f.Add(key+"title", fmt.Sprintf("Mục thứ %d của nghị quyết chưa có tiêu đề.", i+1))
		case n > maxSectionTitle:
			f.Add(key+"title", fmt.Sprintf("Tiêu đề mục thứ %d dài %d ký tự, tối đa %d.", i+1, n, maxSectionTitle))
		}
		if n := utf8.RuneCountInString(s.Body); n > maxSectionBody {
			f.Add(key+"body", fmt.Sprintf("Nội dung mục thứ %d dài %d ký tự, tối đa %d.", i+1, n, maxSectionBody))
		}
	}
	return f.Err(congress.EINVALID, "")
}

// SetResolution records or corrects the resolution of a congress in the user's scope (secretary or
// admin): the adoption date, the vote of those present and the text sections. The vote is checked
// against the congress's attendance: for + against + abstain ≤ present. It returns EFORBIDDEN for
// read-only roles, ENOTFOUND for a congress outside the scope, EINVALID (with fields) for bad
// figures, and ECONFLICT when the resolution was changed since Version was read.
func (s *Store) SetResolution(ctx context.Context, u *congress.User, r *Resolution) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := writableCongress(ctx, tx, r.CongressID)
	if err != nil {
		return err
	}
	if err := validateResolution(r, c); err != nil {
		return err
	}
	r.Present = c.Present
	old, err := findResolution(ctx, tx, c)
	if err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
		return err
	}
	now := tx.nowText()
	action := "create"
	if old == nil {
		r.Version, r.CreatedAt, r.UpdatedAt = 1, now, now
		newID, err := insertNamedID(ctx, tx, `INSERT INTO resolutions (congress_id, adopted_on, votes_for, votes_against,
			votes_abstain, sample, version, created_at, updated_at) VALUES (:congress_id, :adopted_on, :votes_for,
			:votes_against, :votes_abstain, :sample, :version, :created_at, :updated_at)`, r)
		if err != nil {
			return mapErr(err, "nghị quyết")
		}
		r.ID = newID
	} else {
		if r.Version != old.Version {
			return staleErr("nghị quyết", r.Version, old.Version)
		}
		action = "update"
		r.ID, r.Sample, r.CreatedAt = old.ID, old.Sample, old.CreatedAt
		r.Version, r.UpdatedAt = old.Version+1, now
		if _, err := tx.NamedExecContext(ctx, `UPDATE resolutions SET adopted_on = :adopted_on, votes_for = :votes_for,
			votes_against = :votes_against, votes_abstain = :votes_abstain, version = :version, updated_at = :updated_at
			WHERE id = :id`, r); err != nil {
			return mapErr(err, "nghị quyết")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resolution_sections WHERE resolution_id = ?`, r.ID); err != nil {
			return mapErr(err, "nghị quyết")
		}
	}
	if r.Sections == nil {
		r.Sections = []ResolutionSection{}
	}
	for i, sec := range r.Sections {
		if _, err := tx.ExecContext(ctx, `INSERT INTO resolution_sections (resolution_id, position, title, body) VALUES (?, ?, ?, ?)`,
			r.ID, i+1, sec.Title, sec.Body); err != nil {
			return mapErr(err, "nghị quyết")
		}
	}
	var oldValue any
	if old != nil {
		oldValue = old
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "resolution", entityID: r.ID,
		action: action, old: oldValue, new: r}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "nghị quyết")
}

// FindResolution returns the resolution of a congress in the user's scope with its sections and
// targets. ENOTFOUND if the congress is outside the scope or has no resolution recorded yet.
func (s *Store) FindResolution(ctx context.Context, u *congress.User, congressID int64) (*Resolution, error) {
	c, err := findCongress(ctx, s.db.R, u, congressID)
	if err != nil {
		return nil, err
	}
	r, err := findResolution(ctx, s.db.R, c)
	if err != nil {
		return nil, err
	}
	if r.Targets, err = findTargets(ctx, s.db.R, c.ID); err != nil {
		return nil, err
	}
	return r, nil
}

// findResolution loads the resolution of c (already scope-checked) with its sections.
func findResolution(ctx context.Context, q sqlx.QueryerContext, c *congress.Congress) (*Resolution, error) {
	var r Resolution
	if err := sqlx.GetContext(ctx, q, &r, `SELECT id, congress_id, adopted_on, votes_for, votes_against, votes_abstain,
		sample, version, created_at, updated_at FROM resolutions WHERE congress_id = ?`, c.ID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, congress.Errorf(congress.ENOTFOUND, "Đại hội chưa ghi nghị quyết.")
		}
		return nil, mapErr(err, "nghị quyết")
	}
	r.Present, r.Sections = c.Present, []ResolutionSection{}
	if err := sqlx.SelectContext(ctx, q, &r.Sections, `SELECT title, body FROM resolution_sections
		WHERE resolution_id = ? ORDER BY position`, r.ID); err != nil {
		return nil, mapErr(err, "nghị quyết")
	}
	return &r, nil
}

// Rating subjects: whose yearly rating counts a target's reviews may be derived from.
const (
	RatingCells     = "cells"     // chi bộ trực thuộc, rated as party organizations
	RatingMembers   = "members"   // đảng viên
	RatingOfficials = "officials" // cán bộ, công chức, viên chức of the agency, rated on the same four levels
)

// RatingSubjects lists the rating subjects with their Vietnamese names.
var RatingSubjects = []congress.Option{
	{Code: RatingCells, Label: "Chi bộ trực thuộc"},
	{Code: RatingMembers, Label: "Đảng viên"},
	{Code: RatingOfficials, Label: "Cán bộ, công chức, viên chức"},
}

func validRatingSubject(s string) bool {
	for _, o := range RatingSubjects {
		if o.Code == s {
			return true
		}
	}
	return false
}

// TargetRecord is a target as stored: the domain target, the rating counts its reviews may be
// derived from, and its version.
type TargetRecord struct {
	targets.Target
	// RatingSubject and Measure link the target to the yearly rating counts (SetRatingCounts
	// derives its reviews from them); both empty when its reviews are typed.
	RatingSubject string          `json:"rating_subject"`
	Measure       targets.Measure `json:"measure"`
	Sample        bool            `json:"sample"`
	Version       int64           `json:"version"`
	CreatedAt     string          `json:"created_at"`
	UpdatedAt     string          `json:"updated_at"`
}

type targetRow struct {
	ID            int64   `db:"id"`
	CongressID    int64   `db:"congress_id"`
	Position      int     `db:"position"`
	Sentence      string  `db:"sentence"`
	Subject       string  `db:"subject"`
	Comparator    string  `db:"comparator"`
	Value         float64 `db:"value"`
	ValueHigh     float64 `db:"value_high"`
	Unit          string  `db:"unit"`
	Period        string  `db:"period"`
	ByYear        int     `db:"by_year"`
	Category      string  `db:"category"`
	ParentID      *int64  `db:"parent_id"`
	ShareOf       string  `db:"share_of"`
	Base          string  `db:"base"`
	RatingSubject string  `db:"rating_subject"`
	Measure       string  `db:"measure"`
	Sample        bool    `db:"sample"`
	Version       int64   `db:"version"`
	CreatedAt     string  `db:"created_at"`
	UpdatedAt     string  `db:"updated_at"`
}

func (r targetRow) record() TargetRecord {
	return TargetRecord{
		Target: targets.Target{ID: r.ID, CongressID: r.CongressID, Subject: r.Subject, Comparator: targets.Comparator(r.Comparator),
			Value: r.Value, ValueHigh: r.ValueHigh, Unit: targets.Unit(r.Unit), Period: targets.Period(r.Period), ByYear: r.ByYear,
			Category: targets.Category(r.Category), Sentence: r.Sentence, ParentID: r.ParentID, ShareOf: targets.ShareOf(r.ShareOf),
			Base: r.Base, Position: r.Position},
		RatingSubject: r.RatingSubject, Measure: targets.Measure(r.Measure),
		Sample: r.Sample, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

func (t *TargetRecord) row() targetRow {
	return targetRow{ID: t.ID, CongressID: t.CongressID, Position: t.Position, Sentence: t.Sentence, Subject: t.Subject,
		Comparator: string(t.Comparator), Value: t.Value, ValueHigh: t.ValueHigh, Unit: string(t.Unit), Period: string(t.Period),
		ByYear: t.ByYear, Category: string(t.Category), ParentID: t.ParentID, ShareOf: string(t.ShareOf), Base: t.Base,
		RatingSubject: t.RatingSubject, Measure: string(t.Measure), Sample: t.Sample, Version: t.Version,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

const targetColumns = `t.id, t.congress_id, t.position, t.sentence, t.subject, t.comparator, t.value, t.value_high, t.unit,
	t.period, t.by_year, t.category, t.parent_id, t.share_of, t.base, t.rating_subject, t.measure, t.sample, t.version,
	t.created_at, t.updated_at`

// FindTargets returns the targets of a congress in the user's scope, in resolution order.
// ENOTFOUND if the congress is outside the scope.
func (s *Store) FindTargets(ctx context.Context, u *congress.User, congressID int64) ([]TargetRecord, error) {
	if _, err := findCongress(ctx, s.db.R, u, congressID); err != nil {
		return nil, err
	}
	return findTargets(ctx, s.db.R, congressID)
}

func findTargets(ctx context.Context, q sqlx.QueryerContext, congressID int64) ([]TargetRecord, error) {
	var rows []targetRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT `+targetColumns+` FROM targets t
		WHERE t.congress_id = ? ORDER BY t.position, t.id`, congressID); err != nil {
		return nil, mapErr(err, "chỉ tiêu")
	}
	list := make([]TargetRecord, len(rows))
	for i, r := range rows {
		list[i] = r.record()
	}
	return list, nil
}

// FindTargetByID returns a target in the user's scope. ENOTFOUND if it does not exist or lies
// outside the scope.
func (s *Store) FindTargetByID(ctx context.Context, u *congress.User, id int64) (*TargetRecord, error) {
	return findTarget(ctx, s.db.R, u, id)
}

func findTarget(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*TargetRecord, error) {
	lo, hi := scopeRange(u)
	var row targetRow
	if err := sqlx.GetContext(ctx, q, &row, `SELECT `+targetColumns+` FROM targets t
		JOIN congresses c ON c.id = t.congress_id JOIN organizations o ON o.id = c.organization_id
		WHERE t.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, congress.Errorf(congress.ENOTFOUND, "Không tìm thấy chỉ tiêu số %d.", id)
		}
		return nil, mapErr(err, "chỉ tiêu")
	}
	rec := row.record()
	return &rec, nil
}

// CreateTarget adds a target to the resolution of a congress in the user's scope (secretary or
// admin). Position 0 puts it last. It returns EFORBIDDEN for read-only roles, ENOTFOUND for a
// congress outside the scope, and EINVALID with fields for a target internal/targets rejects, a
// parent of another congress, a deadline year outside the term or a rating link that cannot apply.
func (s *Store) CreateTarget(ctx context.Context, u *congress.User, t *TargetRecord) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := writableCongress(ctx, tx, t.CongressID)
	if err != nil {
		return err
	}
	t.ID = 0
	if err := validateTarget(ctx, tx, c, t); err != nil {
		return err
	}
	if t.Position == 0 {
		if err := tx.GetContext(ctx, &t.Position, `SELECT COALESCE(MAX(position), 0) + 1 FROM targets WHERE congress_id = ?`, c.ID); err != nil {
			return mapErr(err, "chỉ tiêu")
		}
	}
	t.Version, t.CreatedAt, t.UpdatedAt = 1, tx.nowText(), tx.nowText()
	newID, err := insertNamedID(ctx, tx, `INSERT INTO targets (congress_id, position, sentence, subject, comparator, value,
		value_high, unit, period, by_year, category, parent_id, share_of, base, rating_subject, measure, sample, version,
		created_at, updated_at) VALUES (:congress_id, :position, :sentence, :subject, :comparator, :value, :value_high, :unit,
		:period, :by_year, :category, :parent_id, :share_of, :base, :rating_subject, :measure, :sample, :version, :created_at,
		:updated_at)`, t.row())
	if err != nil {
		return mapErr(err, "chỉ tiêu")
	}
	t.ID = newID
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target", entityID: t.ID,
		action: "create", new: t}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "chỉ tiêu")
}

// UpdateTarget changes a target (secretary or admin, in scope); its congress never changes. Beyond
// CreateTarget's checks, the change must keep its sub-targets and the reviews already entered
// valid. It returns EFORBIDDEN, ENOTFOUND, EINVALID as CreateTarget does, and ECONFLICT for a stale
// Version.
func (s *Store) UpdateTarget(ctx context.Context, u *congress.User, t *TargetRecord) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findTarget(ctx, tx, u, t.ID)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, old.CongressID)
	if err != nil {
		return err
	}
	t.CongressID, t.Sample, t.CreatedAt = old.CongressID, old.Sample, old.CreatedAt
	if err := validateTarget(ctx, tx, c, t); err != nil {
		return err
	}
	if t.Version != old.Version {
		return staleErr("chỉ tiêu", t.Version, old.Version)
	}
	if t.Position == 0 {
		t.Position = old.Position
	}
	t.Version, t.UpdatedAt = old.Version+1, tx.nowText()
	if _, err := tx.NamedExecContext(ctx, `UPDATE targets SET position = :position, sentence = :sentence, subject = :subject,
		comparator = :comparator, value = :value, value_high = :value_high, unit = :unit, period = :period, by_year = :by_year,
		category = :category, parent_id = :parent_id, share_of = :share_of, base = :base, rating_subject = :rating_subject,
		measure = :measure, version = :version, updated_at = :updated_at WHERE id = :id`, t.row()); err != nil {
		return mapErr(err, "chỉ tiêu")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target", entityID: t.ID,
		action: "update", old: old, new: t}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "chỉ tiêu")
}

// DeleteTarget removes a target typed by mistake (secretary or admin, in scope). A target that has
// reviews or sub-targets is ECONFLICT: those go first, so no figure disappears with it. A stale
// version is ECONFLICT; EFORBIDDEN and ENOTFOUND as for UpdateTarget.
func (s *Store) DeleteTarget(ctx context.Context, u *congress.User, id, version int64) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findTarget(ctx, tx, u, id)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, old.CongressID)
	if err != nil {
		return err
	}
	if version != old.Version {
		return staleErr("chỉ tiêu", version, old.Version)
	}
	var nReviews, nChildren int
	if err := tx.GetContext(ctx, &nReviews, `SELECT COUNT(*) FROM target_reviews WHERE target_id = ?`, id); err != nil {
		return mapErr(err, "chỉ tiêu")
	}
	if err := tx.GetContext(ctx, &nChildren, `SELECT COUNT(*) FROM targets WHERE parent_id = ?`, id); err != nil {
		return mapErr(err, "chỉ tiêu")
	}
	switch {
	case nReviews > 0:
		return congress.Errorf(congress.ECONFLICT, "Chỉ tiêu “%s” đã có số liệu đánh giá của %d năm; hãy xóa số liệu trước khi xóa chỉ tiêu.", old.Subject, nReviews)
	case nChildren > 0:
		return congress.Errorf(congress.ECONFLICT, "Chỉ tiêu “%s” có %d chỉ tiêu con; hãy xóa chỉ tiêu con trước.", old.Subject, nChildren)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE id = ?`, id); err != nil {
		return mapErr(err, "chỉ tiêu")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target", entityID: id,
		action: "delete", old: old}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "chỉ tiêu")
}

// validateTarget runs internal/targets' checks on t within congress c, with the records they need:
// the term, the parent, the sub-targets and, for an existing target, its reviews.
func validateTarget(ctx context.Context, tx *Tx, c *congress.Congress, t *TargetRecord) error {
	f := congress.FieldErrors{}
	addFields(f, t.Target.Validate(), "")
	addFields(f, t.ValidateTerm(c.TermStart, c.TermEnd), "")
	if t.ParentID != nil && *t.ParentID > 0 {
		// Looked up in the actor's scope: a target outside it is as good as missing.
		parent, err := findTarget(ctx, tx, tx.actor, *t.ParentID)
		switch {
		case congress.ErrorCode(err) == congress.ENOTFOUND:
			f.Add("parent_id", fmt.Sprintf("Không có chỉ tiêu số %d.", *t.ParentID))
		case err != nil:
			return err
		case parent.CongressID != c.ID:
			f.Add("parent_id", "Chỉ tiêu cha thuộc nghị quyết của đại hội khác.")
		default:
			addFields(f, t.ValidateParent(parent.Target), "")
		}
	}
	if t.ID != 0 {
		children, err := findChildren(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		if len(children) > 0 && t.ParentID != nil {
			f.Add("parent_id", fmt.Sprintf("Chỉ tiêu này đang có %d chỉ tiêu con nên không thể làm chỉ tiêu con.", len(children)))
		}
		for _, ch := range children {
			if err := ch.ValidateParent(t.Target); err != nil {
				f.Add("children", fmt.Sprintf("Chỉ tiêu con “%s” không còn hợp lệ sau khi sửa: %s", ch.Subject, congress.ErrorMessage(err)))
			}
		}
		reviews, err := findReviewsOf(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		for _, r := range reviews {
			rv := r.Review
			if err := rv.Validate(t.Target, c.TermStart, c.TermEnd); err != nil {
				f.Add("reviews", fmt.Sprintf("Số liệu năm %d đã nhập không còn hợp lệ với chỉ tiêu sau khi sửa: %s", r.Year, congress.ErrorMessage(err)))
			}
		}
	}
	switch {
	case t.RatingSubject == "" && t.Measure == "":
	case !validRatingSubject(t.RatingSubject):
		f.Add("rating_subject", fmt.Sprintf("Đối tượng xếp loại %q không hợp lệ; chọn chi bộ, đảng viên hoặc cán bộ, công chức, viên chức.", t.RatingSubject))
	case !t.Measure.Valid():
		f.Add("measure", fmt.Sprintf("Tiêu chí xếp loại %q không hợp lệ.", t.Measure))
	case len(f) == 0:
		// A probe with someone at every level: internal/targets says whether this target can be
		// read from rating counts at all (not money; "trong đó" only for the excellent).
		probe := targets.RatingCounts{Excellent: 1, Good: 1, Completed: 1, NotCompleted: 1}
		if _, err := targets.ReviewFromRatings(t.Target, c.TermStart, probe, t.Measure, "probe"); err != nil {
			for _, m := range congress.ErrorFields(err) {
				f.Add("measure", m)
			}
		}
	}
	return f.Err(congress.EINVALID, "")
}

// addFields copies the field messages of a validation error into f under prefix.
func addFields(f congress.FieldErrors, err error, prefix string) {
	if err == nil {
		return
	}
	fields := congress.ErrorFields(err)
	if len(fields) == 0 {
		f.Add(prefix+"_", congress.ErrorMessage(err))
		return
	}
	for k, v := range fields {
		f.Add(prefix+k, v)
	}
}

func findChildren(ctx context.Context, q sqlx.QueryerContext, parentID int64) ([]TargetRecord, error) {
	var rows []targetRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT `+targetColumns+` FROM targets t WHERE t.parent_id = ? ORDER BY t.position, t.id`,
		parentID); err != nil {
		return nil, mapErr(err, "chỉ tiêu")
	}
	list := make([]TargetRecord, len(rows))
	for i, r := range rows {
		list[i] = r.record()
	}
	return list, nil
}

// ReviewRecord is a yearly review as stored: the domain review, the auditor's note and who wrote
// what.
type ReviewRecord struct {
	targets.Review
	// CongressID is the congress of the review's target. On input, when set, it is the congress the
	// caller means: a target of another congress is then EINVALID rather than silently accepted.
	CongressID int64 `json:"congress_id"`
	// Note is the auditor's remark (ủy ban kiểm tra). Only SetReviewNote writes it; CreateReview and
	// UpdateReview ignore it.
	Note          string `json:"note"`
	NoteBy        *int64 `json:"note_by"`
	NoteByName    string `json:"note_by_name"`
	NoteAt        string `json:"note_at"`
	CreatedBy     *int64 `json:"created_by"`
	CreatedByName string `json:"created_by_name"`
	Sample        bool   `json:"sample"`
	Version       int64  `json:"version"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

type reviewRow struct {
	ID            int64  `db:"id"`
	TargetID      int64  `db:"target_id"`
	CongressID    int64  `db:"congress_id"`
	Year          int    `db:"year"`
	Numerator     int64  `db:"numerator"`
	Denominator   int64  `db:"denominator"`
	Source        string `db:"source"`
	Note          string `db:"note"`
	NoteBy        *int64 `db:"note_by"`
	NoteByName    string `db:"note_by_name"`
	NoteAt        string `db:"note_at"`
	CreatedBy     *int64 `db:"created_by"`
	CreatedByName string `db:"created_by_name"`
	Sample        bool   `db:"sample"`
	Version       int64  `db:"version"`
	CreatedAt     string `db:"created_at"`
	UpdatedAt     string `db:"updated_at"`
}

func (r reviewRow) record() ReviewRecord {
	return ReviewRecord{
		Review: targets.Review{ID: r.ID, TargetID: r.TargetID, Year: r.Year, Numerator: r.Numerator,
			Denominator: r.Denominator, Source: r.Source},
		CongressID: r.CongressID, Note: r.Note, NoteBy: r.NoteBy, NoteByName: r.NoteByName, NoteAt: r.NoteAt,
		CreatedBy: r.CreatedBy, CreatedByName: r.CreatedByName, Sample: r.Sample, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

const reviewSelect = `SELECT r.id, r.target_id, t.congress_id, r.year, r.numerator, r.denominator, r.source, r.note,
	r.note_by, COALESCE(NULLIF(nu.full_name, ''), nu.username, '') AS note_by_name, r.note_at, r.created_by,
	COALESCE(NULLIF(cu.full_name, ''), cu.username, '') AS created_by_name, r.sample, r.version, r.created_at, r.updated_at
	FROM target_reviews r JOIN targets t ON t.id = r.target_id
	LEFT JOIN users nu ON nu.id = r.note_by LEFT JOIN users cu ON cu.id = r.created_by`

// FindReviews returns the reviews of a target in the user's scope, by year. ENOTFOUND if the
// target is outside the scope.
func (s *Store) FindReviews(ctx context.Context, u *congress.User, targetID int64) ([]ReviewRecord, error) {
	if _, err := findTarget(ctx, s.db.R, u, targetID); err != nil {
		return nil, err
	}
	return findReviewsOf(ctx, s.db.R, targetID)
}

func findReviewsOf(ctx context.Context, q sqlx.QueryerContext, targetID int64) ([]ReviewRecord, error) {
	var rows []reviewRow
	if err := sqlx.SelectContext(ctx, q, &rows, reviewSelect+` WHERE r.target_id = ? ORDER BY r.year`, targetID); err != nil {
		return nil, mapErr(err, "số liệu đánh giá")
	}
	list := make([]ReviewRecord, len(rows))
	for i, r := range rows {
		list[i] = r.record()
	}
	return list, nil
}

// FindReviewByID returns one review in the user's scope. ENOTFOUND if it does not exist or lies
// outside the scope.
func (s *Store) FindReviewByID(ctx context.Context, u *congress.User, id int64) (*ReviewRecord, error) {
	return findReview(ctx, s.db.R, u, id)
}

func findReview(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*ReviewRecord, error) {
	lo, hi := scopeRange(u)
	var row reviewRow
	if err := sqlx.GetContext(ctx, q, &row, reviewSelect+` JOIN congresses c ON c.id = t.congress_id
		JOIN organizations o ON o.id = c.organization_id WHERE r.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, congress.Errorf(congress.ENOTFOUND, "Không tìm thấy số liệu đánh giá số %d.", id)
		}
		return nil, mapErr(err, "số liệu đánh giá")
	}
	rec := row.record()
	return &rec, nil
}

// findReviewOfYear returns the review of a target for a year, or nil.
func findReviewOfYear(ctx context.Context, q sqlx.QueryerContext, targetID int64, year int) (*ReviewRecord, error) {
	var row reviewRow
	err := sqlx.GetContext(ctx, q, &row, reviewSelect+` WHERE r.target_id = ? AND r.year = ?`, targetID, year)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, mapErr(err, "số liệu đánh giá")
	}
	rec := row.record()
	return &rec, nil
}

// CreateReview records the figures of a target for one year (secretary or admin, in scope). The
// review is checked by internal/targets: the year inside the congress's term, no negative figure,
// for a share a denominator above 0 and at least the numerator, a source note; a sub-target's
// whole must match its parent's review of the same year. It returns EFORBIDDEN for staff and
// auditors, ENOTFOUND for a target outside the scope, EINVALID with fields for bad figures or a
// target of another congress than CongressID, and ECONFLICT when the year already has a review.
func (s *Store) CreateReview(ctx context.Context, u *congress.User, r *ReviewRecord) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t, c, err := reviewTarget(ctx, tx, r)
	if err != nil {
		return err
	}
	r.CongressID = c.ID
	if err := validateReview(ctx, tx, c, t, &r.Review); err != nil {
		return err
	}
	if err := uniqueYear(ctx, tx, t, r.Year, 0); err != nil {
		return err
	}
	if err := insertReview(ctx, tx, c, t, r); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "số liệu đánh giá")
}

// reviewTarget loads the target a review input names, in the actor's scope and writable, and
// checks it belongs to the congress the caller meant.
func reviewTarget(ctx context.Context, tx *Tx, r *ReviewRecord) (*TargetRecord, *congress.Congress, error) {
	t, err := findTarget(ctx, tx, tx.actor, r.TargetID)
	if err != nil {
		return nil, nil, err
	}
	if r.CongressID != 0 && r.CongressID != t.CongressID {
		msg := fmt.Sprintf("Chỉ tiêu số %d thuộc nghị quyết của đại hội khác, không phải đại hội đang xem.", t.ID)
		return nil, nil, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"target_id": msg}}
	}
	c, err := writableCongress(ctx, tx, t.CongressID)
	if err != nil {
		return nil, nil, err
	}
	return t, c, nil
}

// validateReview runs internal/targets' checks on a review of t: the review itself, and for a
// sub-target, its whole against the parent's review of the same year when there is one.
func validateReview(ctx context.Context, q sqlx.QueryerContext, c *congress.Congress, t *TargetRecord, r *targets.Review) error {
	if err := r.Validate(t.Target, c.TermStart, c.TermEnd); err != nil {
		return err
	}
	if t.ParentID == nil {
		return nil
	}
	parent, err := findTarget(ctx, q, nil, *t.ParentID)
	if err != nil {
		return err
	}
	pr, err := findReviewOfYear(ctx, q, parent.ID, r.Year)
	if err != nil || pr == nil {
		return err
	}
	return r.ValidateSub(t.Target, parent.Target, pr.Review)
}

// uniqueYear refuses a second review of one target for one year (except the review being edited).
func uniqueYear(ctx context.Context, q sqlx.QueryerContext, t *TargetRecord, year int, exceptID int64) error {
	var n int
	if err := sqlx.GetContext(ctx, q, &n, `SELECT COUNT(*) FROM target_reviews WHERE target_id = ? AND year = ? AND id <> ?`,
		t.ID, year, exceptID); err != nil {
		return mapErr(err, "số liệu đánh giá")
	}
	if n > 0 {
		msg := fmt.Sprintf("Chỉ tiêu “%s” đã có số liệu năm %d; hãy sửa số liệu đó thay vì nhập thêm.", t.Subject, year)
		return &congress.Error{Code: congress.ECONFLICT, Message: msg, Fields: map[string]string{"year": msg}}
	}
	return nil
}

func insertReview(ctx context.Context, tx *Tx, c *congress.Congress, t *TargetRecord, r *ReviewRecord) error {
	r.TargetID, r.CongressID = t.ID, c.ID
	r.Note, r.NoteBy, r.NoteByName, r.NoteAt = "", nil, "", ""
	r.CreatedBy, r.CreatedByName = nullID(tx.actor.ID), tx.actor.Username
	r.Version, r.CreatedAt, r.UpdatedAt = 1, tx.nowText(), tx.nowText()
	newID, err := insertID(ctx, tx, `INSERT INTO target_reviews (target_id, year, numerator, denominator, source, created_by,
		sample, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.TargetID, r.Year, r.Numerator, r.Denominator, r.Source, r.CreatedBy, r.Sample, r.Version, r.CreatedAt, r.UpdatedAt)
	if err != nil {
		return mapErr(err, "số liệu đánh giá")
	}
	r.ID = newID
	return tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target_review", entityID: r.ID,
		action: "create", new: r})
}

// UpdateReview corrects the figures, year or source of a review (secretary or admin, in scope);
// its target never changes and the auditor's note is kept. Checks and errors as CreateReview, plus
// ECONFLICT for a stale Version.
func (s *Store) UpdateReview(ctx context.Context, u *congress.User, r *ReviewRecord) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findReview(ctx, tx, u, r.ID)
	if err != nil {
		return err
	}
	if r.TargetID != 0 && r.TargetID != old.TargetID {
		msg := "Không chuyển số liệu sang chỉ tiêu khác; hãy xóa số liệu này và nhập cho chỉ tiêu kia."
		return &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"target_id": msg}}
	}
	r.TargetID = old.TargetID
	t, c, err := reviewTarget(ctx, tx, r)
	if err != nil {
		return err
	}
	if err := validateReview(ctx, tx, c, t, &r.Review); err != nil {
		return err
	}
	if r.Version != old.Version {
		return staleErr("số liệu đánh giá", r.Version, old.Version)
	}
	if err := uniqueYear(ctx, tx, t, r.Year, r.ID); err != nil {
		return err
	}
	if err := updateReview(ctx, tx, c, old, r); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "số liệu đánh giá")
}

func updateReview(ctx context.Context, tx *Tx, c *congress.Congress, old, r *ReviewRecord) error {
	r.CongressID, r.Sample, r.CreatedAt, r.CreatedBy, r.CreatedByName = old.CongressID, old.Sample, old.CreatedAt, old.CreatedBy, old.CreatedByName
	r.Note, r.NoteBy, r.NoteByName, r.NoteAt = old.Note, old.NoteBy, old.NoteByName, old.NoteAt
	r.Version, r.UpdatedAt = old.Version+1, tx.nowText()
	if _, err := tx.ExecContext(ctx, `UPDATE target_reviews SET year = ?, numerator = ?, denominator = ?, source = ?, version = ?,
		updated_at = ? WHERE id = ?`, r.Year, r.Numerator, r.Denominator, r.Source, r.Version, r.UpdatedAt, r.ID); err != nil {
		return mapErr(err, "số liệu đánh giá")
	}
	return tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target_review", entityID: r.ID,
		action: "update", old: old, new: r})
}

// DeleteReview removes a review entered by mistake (secretary or admin, in scope). EFORBIDDEN,
// ENOTFOUND, and ECONFLICT for a stale version.
func (s *Store) DeleteReview(ctx context.Context, u *congress.User, id, version int64) error {
	if !u.CanWriteCongress() {
		return forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findReview(ctx, tx, u, id)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, old.CongressID)
	if err != nil {
		return err
	}
	if version != old.Version {
		return staleErr("số liệu đánh giá", version, old.Version)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM target_reviews WHERE id = ?`, id); err != nil {
		return mapErr(err, "số liệu đánh giá")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target_review", entityID: id,
		action: "delete", old: old}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "số liệu đánh giá")
}

// SetReviewNote writes the auditor's remark on a review (ủy ban kiểm tra: "số liệu khớp báo cáo",
// "chưa có biên bản xếp loại"). Only auditors and admins write notes, and an auditor only their own:
// a note written by another auditor is theirs to change. An empty note clears it. The figures are
// untouched. It returns EFORBIDDEN for other roles or another auditor's note, ENOTFOUND for a
// review outside the scope, EINVALID for a note over 2.000 characters and ECONFLICT for a stale
// version.
func (s *Store) SetReviewNote(ctx context.Context, u *congress.User, reviewID, version int64, note string) (*ReviewRecord, error) {
	if u == nil || (u.Role != congress.RoleAuditor && !u.IsAdmin()) {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Chỉ cán bộ ủy ban kiểm tra được ghi nhận xét vào số liệu đánh giá.")
	}
	note = congress.CleanMultiline(note)
	if n := utf8.RuneCountInString(note); n > maxNote {
		msg := fmt.Sprintf("Nhận xét dài %d ký tự, tối đa %d.", n, maxNote)
		return nil, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"note": msg}}
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	old, err := findReview(ctx, tx, u, reviewID)
	if err != nil {
		return nil, err
	}
	c, err := findCongress(ctx, tx, u, old.CongressID)
	if err != nil {
		return nil, err
	}
	if !u.IsAdmin() && old.NoteBy != nil && *old.NoteBy != u.ID && old.Note != "" {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Nhận xét này do %s ghi; bạn chỉ được sửa nhận xét của mình.", old.NoteByName)
	}
	if version != old.Version {
		return nil, staleErr("số liệu đánh giá", version, old.Version)
	}
	r := *old
	r.Note, r.NoteBy, r.NoteByName, r.NoteAt = note, nullID(u.ID), u.Username, tx.nowText()
	if note == "" {
		r.NoteBy, r.NoteByName, r.NoteAt = nil, "", ""
	}
	r.Version, r.UpdatedAt = old.Version+1, tx.nowText()
	if _, err := tx.ExecContext(ctx, `UPDATE target_reviews SET note = ?, note_by = ?, note_at = ?, version = ?, updated_at = ?
		WHERE id = ?`, r.Note, r.NoteBy, r.NoteAt, r.Version, r.UpdatedAt, r.ID); err != nil {
		return nil, mapErr(err, "số liệu đánh giá")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "target_review", entityID: r.ID,
		action: "note", old: map[string]any{"note": old.Note, "note_by": old.NoteBy},
		new: map[string]any{"note": r.Note, "note_by": r.NoteBy}}); err != nil {
		return nil, err
	}
	return &r, mapErr(tx.Commit(), "số liệu đánh giá")
}

// RatingCountsRecord is a year's rating counts of one subject of a congress: how many cells,
// members or officials were rated at each of the four levels.
type RatingCountsRecord struct {
	ID         int64  `json:"id" db:"id"`
	CongressID int64  `json:"congress_id" db:"congress_id"`
	Year       int    `json:"year" db:"year"`
	Subject    string `json:"subject" db:"subject"` // RatingCells, RatingMembers, RatingOfficials
	targets.RatingCounts
	Source    string `json:"source" db:"source"`
	Sample    bool   `json:"sample" db:"sample"`
	Version   int64  `json:"version" db:"version"`
	CreatedAt string `json:"created_at" db:"created_at"`
	UpdatedAt string `json:"updated_at" db:"updated_at"`
}

type ratingRow struct {
	ID           int64  `db:"id"`
	CongressID   int64  `db:"congress_id"`
	Year         int    `db:"year"`
	Subject      string `db:"subject"`
	Excellent    int64  `db:"excellent"`
	Good         int64  `db:"good"`
	Completed    int64  `db:"completed"`
	NotCompleted int64  `db:"not_completed"`
	Source       string `db:"source"`
	Sample       bool   `db:"sample"`
	Version      int64  `db:"version"`
	CreatedAt    string `db:"created_at"`
	UpdatedAt    string `db:"updated_at"`
}

func (r ratingRow) record() RatingCountsRecord {
	return RatingCountsRecord{ID: r.ID, CongressID: r.CongressID, Year: r.Year, Subject: r.Subject,
		RatingCounts: targets.RatingCounts{Excellent: r.Excellent, Good: r.Good, Completed: r.Completed, NotCompleted: r.NotCompleted},
		Source:       r.Source, Sample: r.Sample, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

const ratingColumns = `id, congress_id, year, subject, excellent, good, completed, not_completed, source, sample, version,
	created_at, updated_at`

// FindRatingCounts returns the rating counts of a congress in the user's scope, by year and
// subject. ENOTFOUND if the congress is outside the scope.
func (s *Store) FindRatingCounts(ctx context.Context, u *congress.User, congressID int64) ([]RatingCountsRecord, error) {
	if _, err := findCongress(ctx, s.db.R, u, congressID); err != nil {
		return nil, err
	}
	var rows []ratingRow
	if err := s.db.R.SelectContext(ctx, &rows, `SELECT `+ratingColumns+` FROM rating_counts WHERE congress_id = ?
		ORDER BY year, subject`, congressID); err != nil {
		return nil, mapErr(err, "kết quả xếp loại")
	}
	list := make([]RatingCountsRecord, len(rows))
	for i, r := range rows {
		list[i] = r.record()
	}
	return list, nil
}

// SetRatingCounts records a year's rating counts of one subject (secretary or admin, in scope) and
// derives from them the review of that year of every target linked to the subject
// (TargetRecord.RatingSubject, Measure), through targets.ReviewFromRatings: "19 of 20 members
// rated good or better" is entered once as counts per level. A derived review replaces the
// year's figures and source of an existing one and keeps its auditor's note. Everything is one
// transaction: if one derived review is invalid nothing is saved. It returns the derived reviews;
// EFORBIDDEN for read-only roles, ENOTFOUND for a congress outside the scope, EINVALID with fields
// for bad counts, a year outside the term or a derived review internal/targets rejects, and
// ECONFLICT for a stale Version of counts already entered.
func (s *Store) SetRatingCounts(ctx context.Context, u *congress.User, rc *RatingCountsRecord) ([]ReviewRecord, error) {
	if !u.CanWriteCongress() {
		return nil, forbiddenWrite()
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := writableCongress(ctx, tx, rc.CongressID)
	if err != nil {
		return nil, err
	}
	f := congress.FieldErrors{}
	rc.Source = congress.CleanMultiline(rc.Source)
	if !validRatingSubject(rc.Subject) {
		f.Add("subject", fmt.Sprintf("Đối tượng xếp loại %q không hợp lệ; chọn chi bộ, đảng viên hoặc cán bộ, công chức, viên chức.", rc.Subject))
	}
	if rc.Year < c.TermStart || rc.Year > c.TermEnd {
		f.Add("year", fmt.Sprintf("Năm %d nằm ngoài nhiệm kỳ %d–%d.", rc.Year, c.TermStart, c.TermEnd))
	}
	addFields(f, rc.RatingCounts.Validate(), "")
	switch n := utf8.RuneCountInString(rc.Source); {
	case n == 0:
		f.Add("source", fmt.Sprintf("Ghi rõ nguồn số liệu (ví dụ: báo cáo kết quả đánh giá, xếp loại năm %d).", rc.Year))
	case n > 1000:
		f.Add("source", fmt.Sprintf("Nguồn số liệu dài %d ký tự, tối đa 1.000.", n))
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return nil, err
	}
	var oldRow ratingRow
	err = tx.GetContext(ctx, &oldRow, `SELECT `+ratingColumns+` FROM rating_counts WHERE congress_id = ? AND year = ? AND subject = ?`,
		c.ID, rc.Year, rc.Subject)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, mapErr(err, "kết quả xếp loại")
	}
	now := tx.nowText()
	rc.CongressID = c.ID
	var old *RatingCountsRecord
	if exists {
		o := oldRow.record()
		old = &o
		if rc.Version != old.Version {
			return nil, staleErr("kết quả xếp loại", rc.Version, old.Version)
		}
		rc.ID, rc.Sample, rc.CreatedAt, rc.Version, rc.UpdatedAt = old.ID, old.Sample, old.CreatedAt, old.Version+1, now
		if _, err := tx.ExecContext(ctx, `UPDATE rating_counts SET excellent = ?, good = ?, completed = ?, not_completed = ?,
			source = ?, version = ?, updated_at = ? WHERE id = ?`, rc.Excellent, rc.Good, rc.Completed, rc.NotCompleted,
			rc.Source, rc.Version, rc.UpdatedAt, rc.ID); err != nil {
			return nil, mapErr(err, "kết quả xếp loại")
		}
	} else {
		rc.Version, rc.CreatedAt, rc.UpdatedAt = 1, now, now
		newID, err := insertID(ctx, tx, `INSERT INTO rating_counts (congress_id, year, subject, excellent, good, completed,
			not_completed, source, sample, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			rc.CongressID, rc.Year, rc.Subject, rc.Excellent, rc.Good, rc.Completed, rc.NotCompleted, rc.Source, rc.Sample,
			rc.Version, rc.CreatedAt, rc.UpdatedAt)
		if err != nil {
			return nil, mapErr(err, "kết quả xếp loại")
		}
		rc.ID = newID
	}
	action, oldValue := "create", any(nil)
	if old != nil {
		action, oldValue = "update", old
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "rating_counts", entityID: rc.ID,
		action: action, old: oldValue, new: rc}); err != nil {
		return nil, err
	}
	derived, err := reviewsFromRatings(ctx, tx, c, rc)
	if err != nil {
		return nil, err
	}
	return derived, mapErr(tx.Commit(), "kết quả xếp loại")
}

// reviewsFromRatings writes the reviews of rc's year derived from rc for every target linked to
// its subject, main targets before their sub-targets so that each "trong đó" whole is checked
// against the parent's review just written.
func reviewsFromRatings(ctx context.Context, tx *Tx, c *congress.Congress, rc *RatingCountsRecord) ([]ReviewRecord, error) {
	all, err := findTargets(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	var linked []TargetRecord
	for _, t := range all {
		if t.RatingSubject == rc.Subject && t.Measure != "" {
			linked = append(linked, t)
		}
	}
	sort.SliceStable(linked, func(i, j int) bool { return linked[i].ParentID == nil && linked[j].ParentID != nil })
	derived := []ReviewRecord{}
	for i := range linked {
		t := &linked[i]
		rv, err := targets.ReviewFromRatings(t.Target, rc.Year, rc.RatingCounts, t.Measure, rc.Source)
		if err == nil {
			err = validateReview(ctx, tx, c, t, &rv)
		}
		if err != nil {
			return nil, &congress.Error{Code: congress.EINVALID, Fields: congress.ErrorFields(err),
				Message: fmt.Sprintf("Không tính được số liệu năm %d của chỉ tiêu “%s” từ kết quả xếp loại: %s", rc.Year, t.Subject, congress.ErrorMessage(err))}
		}
		old, err := findReviewOfYear(ctx, tx, t.ID, rc.Year)
		if err != nil {
			return nil, err
		}
		r := ReviewRecord{Review: rv, Sample: rc.Sample}
		if old == nil {
			err = insertReview(ctx, tx, c, t, &r)
		} else {
			r.ID = old.ID
			err = updateReview(ctx, tx, c, old, &r)
		}
		if err != nil {
			return nil, err
		}
		derived = append(derived, r)
	}
	return derived, nil
}

// TargetTerm is one target's term review: internal/targets' verdict year by year, with the stored
// target and reviews (their sources and auditor's notes) beside it.
type TargetTerm struct {
	targets.TermResult
	Record  TargetRecord   `json:"record"`
	Reviews []ReviewRecord `json:"reviews"`
}

// ReviewOf returns the stored review of a year, or nil.
func (tt TargetTerm) ReviewOf(year int) *ReviewRecord {
	for i := range tt.Reviews {
		if tt.Reviews[i].Year == year {
			return &tt.Reviews[i]
		}
	}
	return nil
}

// TermReport is the term review of a congress's resolution: every target year by year with its
// verdict, and the headline "x/y chỉ tiêu đạt và vượt". The page, the API and the Excel export all
// take it from TermReview.
type TermReport struct {
	Congress congress.Congress `json:"congress"`
	// Resolution is nil when the congress has not recorded its resolution.
	Resolution *Resolution `json:"resolution"`
	// AsOfYear is the year the review is made at; reviews of later years are not counted.
	AsOfYear int `json:"as_of_year"`
	// Years are the term's years up to AsOfYear, the columns of the review.
	Years   []int         `json:"years"`
	Targets []TargetTerm  `json:"targets"`
	Summary targets.Tally `json:"summary"`
}

// TermReview reviews every target of a congress in the user's scope over its term as of asOfYear
// (0: the current year, at most the term's last) with targets.TermReview, and sums the verdicts up
// with targets.Summary. It reads everything in one read transaction so the figures agree with each
// other. It returns ENOTFOUND for a congress outside the scope and EINVALID for a year before the
// term.
func (s *Store) TermReview(ctx context.Context, u *congress.User, congressID int64, asOfYear int) (*TermReport, error) {
	tx, err := s.db.BeginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	c, err := findCongress(ctx, tx, u, congressID)
	if err != nil {
		return nil, err
	}
	if asOfYear == 0 {
		asOfYear = s.Now().Year()
	}
	if asOfYear < c.TermStart {
		msg := fmt.Sprintf("Năm đánh giá (%d) phải từ năm đầu nhiệm kỳ %s trở đi.", asOfYear, c.TermName())
		return nil, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"year": msg}}
	}
	asOfYear = min(asOfYear, c.TermEnd)
	rep := &TermReport{Congress: *c, AsOfYear: asOfYear, Targets: []TargetTerm{}}
	for y := c.TermStart; y <= asOfYear; y++ {
		rep.Years = append(rep.Years, y)
	}
	if res, err := findResolution(ctx, tx, c); err == nil {
		rep.Resolution = res
	} else if congress.ErrorCode(err) != congress.ENOTFOUND {
		return nil, err
	}
	list, err := findTargets(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	var rows []reviewRow
	if err := tx.SelectContext(ctx, &rows, reviewSelect+` WHERE t.congress_id = ? ORDER BY r.target_id, r.year`, c.ID); err != nil {
		return nil, mapErr(err, "số liệu đánh giá")
	}
	byTarget := map[int64][]ReviewRecord{}
	for _, r := range rows {
		byTarget[r.TargetID] = append(byTarget[r.TargetID], r.record())
	}
	results := make([]targets.TermResult, 0, len(list))
	for _, t := range list {
		stored := byTarget[t.ID]
		if stored == nil {
			stored = []ReviewRecord{}
		}
		reviews := make([]targets.Review, len(stored))
		for i, r := range stored {
			reviews[i] = r.Review
		}
		res, err := targets.TermReview(t.Target, reviews, c.TermStart, c.TermEnd, asOfYear)
		if err != nil {
			return nil, fmt.Errorf("store: term review of target %d: %w", t.ID, err)
		}
		results = append(results, res)
		rep.Targets = append(rep.Targets, TargetTerm{TermResult: res, Record: t, Reviews: stored})
	}
	rep.Summary = targets.Summary(results)
	return rep, nil
}

// forbiddenWrite is the answer to a staff member or an auditor trying to change the record.
func forbiddenWrite() error {
	return congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội.")
}
