package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

const congressColumns = `c.id, c.organization_id, c.term_id, c.ordinal, c.kind, c.ruleset, c.held_on, c.place,
	c.convened, c.present, c.temporarily_attached_absent, c.exempt_absent, c.suspended, c.absent_with_reason,
	c.committee_absent, c.absent_not_replaced, c.notes, c.state, c.reported_on, c.decided_on, c.sample,
	c.version, c.created_at, c.updated_at,
	o.name AS organization_name, o.kind AS organization_kind, t.start_year AS term_start, t.end_year AS term_end`

// congressListColumns are those of a list row: no notes, which can be long and no list shows.
var congressListColumns = strings.Replace(congressColumns, "c.notes,", "'' AS notes,", 1)

const congressFrom = ` FROM congresses c
	JOIN organizations o ON o.id = c.organization_id
	JOIN terms t ON t.id = c.term_id`

// FindCongressByID returns a congress in the user's scope with its guests and past results.
// ENOTFOUND if it does not exist or lies outside the scope.
func (s *Store) FindCongressByID(ctx context.Context, u *congress.User, id int64) (*congress.Congress, error) {
	return findCongress(ctx, s.db.R, u, id)
}

func findCongress(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*congress.Congress, error) {
	lo, hi := scopeRange(u)
	var c congress.Congress
	if err := sqlx.GetContext(ctx, q, &c, `SELECT `+congressColumns+congressFrom+`
		WHERE c.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		return nil, mapErr(err, "đại hội")
	}
	c.Guests, c.PastResults = []congress.Guest{}, []congress.PastResult{}
	if err := sqlx.SelectContext(ctx, q, &c.Guests, `SELECT name, title, role FROM congress_guests
		WHERE congress_id = ? ORDER BY position`, id); err != nil {
		return nil, mapErr(err, "khách mời")
	}
	if err := sqlx.SelectContext(ctx, q, &c.PastResults, `SELECT label, value, unit FROM congress_past_results
		WHERE congress_id = ? ORDER BY position`, id); err != nil {
		return nil, mapErr(err, "kết quả nhiệm kỳ trước")
	}
	return &c, nil
}

// CongressFilter selects congresses; zero fields do not filter.
type CongressFilter struct {
	TermID         int64
	OrganizationID int64 // the organization and its whole subtree
	State          string
	Query          string // accent- and case-insensitive, over organization, place, guests and notes
	Sort           string // a key of congressSorts
	Offset, Limit  int
}

// congressSorts is the whitelist of ORDER BY clauses a user may ask for.
var congressSorts = map[string]string{
	// The organization's path between the date and the id matches the date index, so SQLite reads
	// a page in index order and sorts only congresses of one organization on one day.
	"":       "c.held_on DESC, c.org_path DESC, c.id DESC",
	"date":   "c.held_on DESC, c.org_path DESC, c.id DESC",
	"-date":  "c.held_on ASC, c.org_path ASC, c.id ASC",
	"number": "c.ordinal DESC, c.id DESC",
	"org":    "o.name_fold ASC, c.ordinal DESC",
	"state":  "c.state ASC, c.held_on DESC, c.id DESC",
	"recent": "c.updated_at DESC, c.id DESC",
}

// CongressCountCap is where FindCongresses stops counting: a total of CongressCountCap+1 means
// "more than CongressCountCap".
const CongressCountCap = 1000

// FindCongresses returns one page of congresses in the user's scope and the total that match,
// counted up to CongressCountCap+1.
func (s *Store) FindCongresses(ctx context.Context, u *congress.User, f CongressFilter) ([]congress.Congress, int, error) {
	lo, hi := scopeRange(u)
	if f.OrganizationID != 0 {
		org, err := s.FindOrganizationByID(ctx, u, f.OrganizationID)
		if err != nil {
			return nil, 0, err
		}
		lo, hi = scopeRange(&congress.User{OrgPath: org.Path})
	}
	where, args := []string{"c.org_path >= ?", "c.org_path < ?"}, []any{lo, hi}
	if f.TermID != 0 {
		where, args = append(where, "c.term_id = ?"), append(args, f.TermID)
	}
	if f.State != "" {
		where, args = append(where, "c.state = ?"), append(args, f.State)
	}
	for i, word := range strings.Fields(vn.Fold(f.Query)) {
		if i == 8 { // more words narrow nothing a person needs; they only cost joins
			break
		}
		where = append(where, "c.id IN (SELECT congress_id FROM congress_words WHERE word >= ? AND word < ?)")
		args = append(args, word, word+"\U0010FFFF")
	}
	order, ok := congressSorts[f.Sort]
	if !ok {
		order = congressSorts[""]
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	// The count is a separate query over the filter alone, stopped at CongressCountCap: COUNT(*)
	// OVER() would make SQLite materialize and sort every match to return one page, and nobody pages
	// through more than a thousand congresses; past that the page says "more than".
	var total int
	if err := s.db.R.GetContext(ctx, &total, `SELECT COUNT(*) FROM (SELECT 1 FROM congresses c WHERE `+joinAnd(where)+
		` LIMIT `+strconv.Itoa(CongressCountCap+1)+`) AS m`, args...); err != nil {
		return nil, 0, mapErr(err, "đại hội")
	}
	list := []congress.Congress{}
	if total > f.Offset || total > CongressCountCap {
		pageWhere := where
		if total > CongressCountCap && s.db.Engine == db.SQLite {
			// A large scope: walk the date-ordered index and stop after the page. Concatenating ''
			// keeps SQLite's planner off the path index, which would sort every match first (its
			// unary plus does that too, but is an error on text in PostgreSQL). A small scope keeps
			// the path index: sorting under a thousand rows is cheap. PostgreSQL's planner needs no
			// hint — from its statistics it walks the date index backwards with the path range as
			// an index condition (1 ms on 20 000 congresses) — and the hint would hurt it: the
			// expression hides the range from its estimates, so it scans and sorts every congress
			// (380 ms).
			pageWhere = append([]string{"(c.org_path || '') >= ?", "(c.org_path || '') < ?"}, where[2:]...)
		}
		err := s.db.R.SelectContext(ctx, &list, `SELECT `+congressListColumns+congressFrom+` WHERE `+joinAnd(pageWhere)+
			` ORDER BY `+order+` LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(f.Offset), args...)
		if err != nil {
			return nil, 0, mapErr(err, "đại hội")
		}
	}
	return list, total, nil
}

// CreateCongress records a new congress of an organization in the user's scope (secretary or
// admin). EINVALID for bad figures, ECONFLICT for an ordinal the organization already has.
func (s *Store) CreateCongress(ctx context.Context, u *congress.User, c *congress.Congress) error {
	if !u.CanWriteCongress() {
		return congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội.")
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createCongress(ctx, tx, c); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "đại hội")
}

// validateCongress checks the organization is in scope and the congress fits its term.
func validateCongress(ctx context.Context, tx *Tx, c *congress.Congress) (*congress.Organization, error) {
	f := congress.FieldErrors{}
	org, err := findOrganization(ctx, tx, tx.actor, c.OrganizationID)
	if err != nil {
		if congress.ErrorCode(err) != congress.ENOTFOUND {
			return nil, err
		}
		f.Add("organization_id", fmt.Sprintf("Không tìm thấy tổ chức đảng số %d trong phạm vi của bạn.", c.OrganizationID))
	}
	var term congress.Term
	if err := tx.GetContext(ctx, &term, `SELECT id, start_year, end_year FROM terms WHERE id = ?`, c.TermID); err != nil {
		if congress.ErrorCode(mapErr(err, "")) != congress.ENOTFOUND {
			return nil, mapErr(err, "nhiệm kỳ")
		}
		f.Add("term_id", fmt.Sprintf("Không có nhiệm kỳ số %d.", c.TermID))
	}
	if err := c.Validate(term); err != nil {
		for k, v := range congress.ErrorFields(err) {
			f.Add(k, v)
		}
	}
	if len(f) == 0 {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM congresses WHERE organization_id = ? AND ordinal = ? AND id <> ?`,
			c.OrganizationID, c.Ordinal, c.ID); err != nil {
			return nil, mapErr(err, "đại hội")
		}
		if n > 0 {
			f.Add("ordinal", fmt.Sprintf("%s đã có đại hội lần thứ %s.", org.Name, vn.Roman(c.Ordinal)))
		}
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return nil, err
	}
	c.TermStart, c.TermEnd = term.StartYear, term.EndYear
	c.OrganizationName, c.OrganizationKind = org.Name, org.Kind
	return org, nil
}

func createCongress(ctx context.Context, tx *Tx, c *congress.Congress) error {
	c.ID = 0
	org, err := validateCongress(ctx, tx, c)
	if err != nil {
		return err
	}
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.nowText(), tx.nowText()
	newID, err := insertNamedID(ctx, tx, `INSERT INTO congresses (organization_id, term_id, ordinal, kind, ruleset, held_on, place,
		convened, present, temporarily_attached_absent, exempt_absent, suspended, absent_with_reason, committee_absent,
		absent_not_replaced, notes, state, reported_on, decided_on, sample, version, created_at, updated_at, org_path)
		VALUES (:organization_id, :term_id, :ordinal, :kind, :ruleset, :held_on, :place,
		:convened, :present, :temporarily_attached_absent, :exempt_absent, :suspended, :absent_with_reason, :committee_absent,
		:absent_not_replaced, :notes, :state, :reported_on, :decided_on, :sample, :version, :created_at, :updated_at, :org_path)`,
		struct {
			*congress.Congress
			OrgPath string `db:"org_path"`
		}{c, org.Path})
	if err != nil {
		return mapErr(err, "đại hội")
	}
	c.ID = newID
	if err := writeCongressLists(ctx, tx, c, org); err != nil {
		return err
	}
	return tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "congress", entityID: c.ID, action: "create", new: c})
}

// UpdateCongress changes a congress (secretary or admin, in scope). The organization of a congress
// never changes. A stale Version is ECONFLICT: two people editing never overwrite each other.
func (s *Store) UpdateCongress(ctx context.Context, u *congress.User, c *congress.Congress) error {
	if !u.CanWriteCongress() {
		return congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội.")
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findCongress(ctx, tx, u, c.ID)
	if err != nil {
		return err
	}
	c.OrganizationID, c.Sample, c.CreatedAt = old.OrganizationID, old.Sample, old.CreatedAt
	org, err := validateCongress(ctx, tx, c)
	if err != nil {
		return err
	}
	if c.Version != old.Version {
		return staleErr("đại hội", c.Version, old.Version)
	}
	c.Version, c.UpdatedAt = old.Version+1, tx.nowText()
	_, err = tx.NamedExecContext(ctx, `UPDATE congresses SET term_id = :term_id, ordinal = :ordinal, kind = :kind,
		ruleset = :ruleset, held_on = :held_on, place = :place, convened = :convened, present = :present,
		temporarily_attached_absent = :temporarily_attached_absent, exempt_absent = :exempt_absent,
		suspended = :suspended, absent_with_reason = :absent_with_reason, committee_absent = :committee_absent,
		absent_not_replaced = :absent_not_replaced, notes = :notes, state = :state, reported_on = :reported_on,
		decided_on = :decided_on, version = :version, updated_at = :updated_at WHERE id = :id`, c)
	if err != nil {
		return mapErr(err, "đại hội")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM congress_guests WHERE congress_id = ?`, c.ID); err != nil {
		return mapErr(err, "khách mời")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM congress_past_results WHERE congress_id = ?`, c.ID); err != nil {
		return mapErr(err, "kết quả nhiệm kỳ trước")
	}
	if err := writeCongressLists(ctx, tx, c, org); err != nil {
		return err
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "congress", entityID: c.ID,
		action: "update", old: old, new: c}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "đại hội")
}

// writeCongressLists writes the guests and past results and refreshes the search text.
func writeCongressLists(ctx context.Context, tx *Tx, c *congress.Congress, org *congress.Organization) error {
	for i, g := range c.Guests {
		if _, err := tx.ExecContext(ctx, `INSERT INTO congress_guests (congress_id, position, name, title, role) VALUES (?, ?, ?, ?, ?)`,
			c.ID, i+1, g.Name, g.Title, g.Role); err != nil {
			return mapErr(err, "khách mời")
		}
	}
	for i, p := range c.PastResults {
		if _, err := tx.ExecContext(ctx, `INSERT INTO congress_past_results (congress_id, position, label, value, unit) VALUES (?, ?, ?, ?, ?)`,
			c.ID, i+1, p.Label, p.Value, p.Unit); err != nil {
			return mapErr(err, "kết quả nhiệm kỳ trước")
		}
	}
	return rebuildCongressSearch(ctx, tx, c, org.Name)
}

// rebuildCongressSearch recomputes a congress's search text from its record and its persons.
func rebuildCongressSearch(ctx context.Context, tx *Tx, c *congress.Congress, orgName string) error {
	var names []string
	if err := tx.SelectContext(ctx, &names, `SELECT full_name FROM persons WHERE congress_id = ?`, c.ID); err != nil {
		return mapErr(err, "đảng viên")
	}
	return setCongressSearch(ctx, tx, c.ID, congressSearch(c, orgName)+" "+vn.Fold(strings.Join(names, " ")))
}

// setCongressSearch stores a congress's folded search text and its words.
func setCongressSearch(ctx context.Context, tx *Tx, id int64, text string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE congresses SET search = ? WHERE id = ?`, text, id); err != nil {
		return mapErr(err, "đại hội")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM congress_words WHERE congress_id = ?`, id); err != nil {
		return mapErr(err, "đại hội")
	}
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f)
	}) {
		if seen[w] || len(w) > 60 {
			continue
		}
		seen[w] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO congress_words (word, congress_id) VALUES (?, ?)`, w, id); err != nil {
			return mapErr(err, "đại hội")
		}
	}
	return nil
}

// refreshCongressSearch rebuilds the search text of an organization's congresses (after a rename).
func refreshCongressSearch(ctx context.Context, tx *Tx, orgID int64) error {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `SELECT id FROM congresses WHERE organization_id = ?`, orgID); err != nil {
		return mapErr(err, "đại hội")
	}
	for _, id := range ids {
		c, err := findCongress(ctx, tx, nil, id)
		if err != nil {
			return err
		}
		if err := rebuildCongressSearch(ctx, tx, c, c.OrganizationName); err != nil {
			return err
		}
	}
	return nil
}

// congressSearch is the folded text a congress is found by.
func congressSearch(c *congress.Congress, orgName string) string {
	parts := []string{orgName, c.Place, c.Notes, "lan thu " + vn.Roman(c.Ordinal)}
	for _, g := range c.Guests {
		parts = append(parts, g.Name, g.Title)
	}
	return vn.Fold(strings.Join(parts, " "))
}
