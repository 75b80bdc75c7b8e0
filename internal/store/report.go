package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// nestedReaders holds, per read pool, the slots of the reports that keep a cursor open on one
// connection while they query on a second one (IterCongressReport, IterTargetsSummary). With as
// many of them as the pool has connections, each holding its cursor and waiting for a second
// connection, the pool deadlocks and every request waits with them: four Excel exports at once
// on a pool of four froze the server under cmd/loadtest. One connection is always left over.
var nestedReaders sync.Map // *db.Pool → chan struct{}

// nestedReadSlot waits for a slot of the read pool for a report that reads on two connections at
// once, and returns its release.
func (s *Store) nestedReadSlot(ctx context.Context) (func(), error) {
	p := s.db.R
	v, ok := nestedReaders.Load(p)
	if !ok {
		n := p.Stats().MaxOpenConnections
		if n <= 0 { // an unbounded pool cannot run out
			return func() {}, nil
		}
		v, _ = nestedReaders.LoadOrStore(p, make(chan struct{}, max(1, n-1)))
	}
	slots := v.(chan struct{})
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// The reports of the higher committee read the record of many congresses at once: one congress or
// every congress of a province. They never hold every row in memory: the store walks the congresses
// in report order with one cursor and, for each batch of them, reads who their elections elected
// in one more query, then hands the congresses one by one to the caller, who streams them into a
// workbook (DESIGN.md "Reports").

// ReportFilter selects the congresses of a report; zero fields do not filter.
type ReportFilter struct {
	// OrganizationID is the organization whose subtree is reported (0: the user's whole scope).
	OrganizationID int64
	TermID         int64
	CongressID     int64 // one congress
	// States keeps only congresses in these states.
	States []string
}

// CongressReportRow is a congress as the list reports show it: its record without the notes, the
// name of the organization above its own, and its tracking dates.
type CongressReportRow struct {
	congress.Congress
	Parent string `json:"parent" db:"parent_name"`
	// DecisionNote is why the higher committee did not approve it, when it did not.
	DecisionNote string `json:"decision_note" db:"decision_note"`
}

// ReportPerson is a person the congress elected to one body, with the figures of the danh sách
// trích ngang.
type ReportPerson struct {
	congress.Person
	// Body is where the person was elected: executive, cell_committee, delegate_official …
	Body              string `json:"body"`
	Votes             int    `json:"votes"`
	PercentHundredths int64  `json:"percent_hundredths"`
	Round             int    `json:"round"`
	Rank              int    `json:"rank"` // order of election within the body
	// Offices are the posts the committee's first session gave them, in the party's order.
	Offices []string `json:"offices"`
	// Appointed marks a cell's secretary appointed by the higher committee (rule 5).
	Appointed bool `json:"appointed"`
}

// Reelected is "tái cử": the person sat on the outgoing committee.
func (p ReportPerson) Reelected() bool { return p.Incumbent }

// CongressReport is one congress of a report with what its elections produced.
type CongressReport struct {
	Row CongressReportRow `json:"congress"`
	// Body is the committee of Members: executive, cell_committee, or secretary for a small cell
	// that elects only its secretary (and a deputy); "" when nothing is elected yet.
	Body string `json:"body"`
	// Members is the new committee: its secretary and deputies first, then the others in A-B-C
	// order of given name.
	Members []ReportPerson `json:"members"`
	// Officials are the official delegates to the higher congress in vote order, Alternates the
	// alternates in the order they replace an absent official.
	Officials  []ReportPerson `json:"officials"`
	Alternates []ReportPerson `json:"alternates"`
	// Officers maps a body of the first session (secretary, deputy_secretary, standing, inspection,
	// inspection_chair) to who it elected, in order of election.
	Officers map[string][]ReportPerson `json:"officers"`
	// Secretary is the name of the secretary elected (or appointed), "" if none yet.
	Secretary string `json:"secretary"`
}

// officeTitles are the posts of the first session, in the order the party lists its officers.
var officeTitles = []struct{ body, title string }{
	{congress.BodySecretary, "Bí thư"},
	{congress.BodyDeputySecretary, "Phó Bí thư"},
	{congress.BodyStanding, "Ủy viên Ban Thường vụ"},
	{congress.BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
	{congress.BodyInspection, "Ủy viên Ủy ban Kiểm tra"},
}

// reportBatch is how many congresses one query of elected persons covers: large enough that the
// queries cost little per congress, small enough that the IN list and the rows stay small.
const reportBatch = 200

// reportScope resolves the filter's organization in u's scope to a path range. ENOTFOUND outside.
func (s *Store) reportScope(ctx context.Context, u *congress.User, f ReportFilter) (lo, hi string, err error) {
	lo, hi = scopeRange(u)
	if f.OrganizationID != 0 {
		org, err := s.FindOrganizationByID(ctx, u, f.OrganizationID)
		if err != nil {
			return "", "", err
		}
		lo, hi = scopeRange(&congress.User{OrgPath: org.Path})
	}
	return lo, hi, nil
}

// IterCongressRows calls fn for every congress in the user's scope that f selects, in report
// order: the organizations nearer the top of the tree first, then by the name of the organization
// above, then by name, then by date. It returns the first error of fn or of the reading; ENOTFOUND
// for an organization or congress outside the scope.
//
// The rows come from one cursor, one at a time. A single statement reads one snapshot, and in WAL
// mode a long reader blocks no writer, so the walk needs no paging.
func (s *Store) IterCongressRows(ctx context.Context, u *congress.User, f ReportFilter, fn func(*CongressReportRow) error) error {
	lo, hi, err := s.reportScope(ctx, u, f)
	if err != nil {
		return err
	}
	if f.CongressID != 0 {
		if _, err := s.FindCongressByID(ctx, u, f.CongressID); err != nil {
			return err
		}
	}
	where, args := []string{"c.org_path >= ?", "c.org_path < ?"}, []any{lo, hi}
	if f.TermID != 0 {
		where, args = append(where, "c.term_id = ?"), append(args, f.TermID)
	}
	if f.CongressID != 0 {
		where, args = append(where, "c.id = ?"), append(args, f.CongressID)
	}
	if len(f.States) > 0 {
		where = append(where, "c.state IN (?"+strings.Repeat(", ?", len(f.States)-1)+")")
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	rows, err := s.db.R.QueryxContext(ctx, `SELECT `+congressListColumns+`, COALESCE(po.name, '') AS parent_name,
		c.decision_note`+congressFrom+`
		LEFT JOIN organizations po ON po.id = o.parent_id
		WHERE `+joinAnd(where)+`
		ORDER BY o.depth, COALESCE(po.name_fold, ''), o.name_fold, c.held_on, c.id`, args...)
	if err != nil {
		return mapErr(err, "đại hội")
	}
	defer rows.Close()
	for rows.Next() {
		var r CongressReportRow
		if err := rows.StructScan(&r); err != nil {
			return mapErr(err, "đại hội")
		}
		r.Guests, r.PastResults = []congress.Guest{}, []congress.PastResult{}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return mapErr(rows.Err(), "đại hội")
}

// IterCongressReport calls fn for every congress that f selects, in the order of IterCongressRows,
// with the persons its elections elected. The persons of a batch of congresses are read in one
// query on another connection while the cursor of congresses stays open.
func (s *Store) IterCongressReport(ctx context.Context, u *congress.User, f ReportFilter, fn func(*CongressReport) error) error {
	batch := make([]*CongressReport, 0, reportBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.loadElected(ctx, batch); err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	release, err := s.nestedReadSlot(ctx)
	if err != nil {
		return err
	}
	defer release()
	err = s.IterCongressRows(ctx, u, f, func(row *CongressReportRow) error {
		batch = append(batch, &CongressReport{Row: *row, Members: []ReportPerson{}, Officials: []ReportPerson{},
			Alternates: []ReportPerson{}, Officers: map[string][]ReportPerson{}})
		if len(batch) == reportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// candidateRow is one candidate of a closed round, with the round's stored result on the first
// candidate of each round only (the result is the same for all of them).
type candidateRow struct {
	CongressID int64  `db:"congress_id"` // the person's congress_id scans here too: the same value
	Body       string `db:"body"`
	RoundID    int64  `db:"round_id"`
	Number     int    `db:"number"`
	ResultJSON string `db:"result_json"`
	Votes      int    `db:"votes"`
	congress.Person
}

// storedResult is the part of a round's stored result the reports read.
type storedResult struct {
	Base    int      `json:"base"`
	Elected []string `json:"elected"`
}

// loadElected fills the persons of a batch of congresses from their closed rounds and the
// appointments of their elections.
func (s *Store) loadElected(ctx context.Context, batch []*CongressReport) error {
	ids := make([]any, len(batch))
	byID := make(map[int64]*CongressReport, len(batch))
	for i, r := range batch {
		ids[i] = r.Row.ID
		byID[r.Row.ID] = r
	}
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	elected := map[int64]map[string][]ReportPerson{} // congress → body → persons in order of election
	add := func(cid int64, body string, p ReportPerson) {
		m := elected[cid]
		if m == nil {
			m = map[string][]ReportPerson{}
			elected[cid] = m
		}
		p.Rank = len(m[body]) + 1
		m[body] = append(m[body], p)
	}
	rows, err := s.db.R.QueryxContext(ctx, `SELECT e.congress_id, e.body, r.id AS round_id, r.number,
		CASE WHEN rc.position = 1 THEN r.result_json ELSE '' END AS result_json, rc.votes, `+personColumns+`
		FROM elections e
		JOIN rounds r ON r.election_id = e.id AND r.closed = TRUE
		JOIN round_candidates rc ON rc.round_id = r.id
		JOIN persons p ON p.id = rc.person_id
		WHERE e.congress_id IN `+in+`
		ORDER BY e.congress_id, e.id, r.number, rc.position`, ids...)
	if err != nil {
		return mapErr(err, "người trúng cử")
	}
	defer rows.Close()
	var round []candidateRow
	endRound := func() error {
		if len(round) == 0 {
			return nil
		}
		first := round[0]
		var res storedResult
		if err := json.Unmarshal([]byte(first.ResultJSON), &res); err != nil {
			return fmt.Errorf("store: result of round %d: %w", first.RoundID, err)
		}
		// The result names the elected by their ballot names, made unique the way the count was.
		names := make([]struct {
			PersonID int64  `db:"person_id"`
			Name     string `db:"full_name"`
		}, len(round))
		for i, c := range round {
			names[i].PersonID, names[i].Name = c.ID, c.FullName
		}
		labels := ballotNames(names)
		byName := make(map[string]*candidateRow, len(round))
		for i := range round {
			byName[labels[round[i].ID]] = &round[i]
		}
		for _, name := range res.Elected {
			c := byName[name]
			if c == nil {
				return fmt.Errorf("store: round %d elected %q, who is not on its list", first.RoundID, name)
			}
			add(c.CongressID, c.Body, ReportPerson{Person: c.Person, Body: c.Body, Votes: c.Votes,
				PercentHundredths: election.PercentHundredths(c.Votes, res.Base), Round: c.Number, Offices: []string{}})
		}
		round = round[:0]
		return nil
	}
	for rows.Next() {
		var c candidateRow
		if err := rows.StructScan(&c); err != nil {
			return mapErr(err, "người trúng cử")
		}
		c.Person.CongressID = c.CongressID
		if len(round) > 0 && round[0].RoundID != c.RoundID {
			if err := endRound(); err != nil {
				return err
			}
		}
		round = append(round, c)
	}
	if err := rows.Err(); err != nil {
		return mapErr(err, "người trúng cử")
	}
	if err := endRound(); err != nil {
		return err
	}
	rows.Close()

	// Appointments: a cell's secretary the higher committee appointed after three failed rounds.
	var appointed []struct {
		CongressID int64  `db:"congress_id"`
		Body       string `db:"body"`
		congress.Person
	}
	if err := s.db.R.SelectContext(ctx, &appointed, `SELECT e.congress_id, e.body, `+personColumns+`
		FROM elections e JOIN persons p ON p.id = e.appointed_person_id
		WHERE e.congress_id IN `+in+` ORDER BY e.congress_id, e.id`, ids...); err != nil {
		return mapErr(err, "người được chỉ định")
	}
	for _, a := range appointed {
		a.Person.CongressID = a.CongressID
		add(a.CongressID, a.Body, ReportPerson{Person: a.Person, Body: a.Body, Offices: []string{}, Appointed: true})
	}
	for cid, bodies := range elected {
		assembleCommittee(byID[cid], bodies)
	}
	return nil
}

// assembleCommittee builds a congress's committee, officers and delegates from who each body
// elected, as FindCommittee does for one congress.
func assembleCommittee(r *CongressReport, bodies map[string][]ReportPerson) {
	switch {
	case len(bodies[congress.BodyExecutive]) > 0:
		r.Body, r.Members = congress.BodyExecutive, bodies[congress.BodyExecutive]
	case len(bodies[congress.BodyCellCommittee]) > 0:
		r.Body, r.Members = congress.BodyCellCommittee, bodies[congress.BodyCellCommittee]
	default:
		// A cell under 9 official members elects no committee: its secretary and deputy lead it.
		for _, b := range []string{congress.BodySecretary, congress.BodyDeputySecretary} {
			for _, p := range bodies[b] {
				r.Body = congress.BodySecretary
				r.Members = append(r.Members, p)
			}
		}
	}
	index := map[int64]int{}
	for i := range r.Members {
		index[r.Members[i].ID] = i
	}
	for _, t := range officeTitles {
		for _, p := range bodies[t.body] {
			i, ok := index[p.ID]
			if !ok {
				continue
			}
			m := &r.Members[i]
			if t.body == congress.BodyInspection && hasTitle(m.Offices, "Chủ nhiệm Ủy ban Kiểm tra") {
				continue
			}
			if !hasTitle(m.Offices, t.title) {
				m.Offices = append(m.Offices, t.title)
			}
		}
	}
	for _, t := range officeTitles {
		if list := bodies[t.body]; list != nil {
			r.Officers[t.body] = list
		}
	}
	var secretaries []string
	for _, p := range bodies[congress.BodySecretary] {
		secretaries = append(secretaries, p.FullName)
	}
	r.Secretary = strings.Join(secretaries, ", ")
	sortCommittee(r.Members)
	if list := bodies[congress.BodyDelegateOfficial]; list != nil {
		r.Officials = list
	}
	if list := bodies[congress.BodyDelegateAlternate]; list != nil {
		r.Alternates = list
	}
}

func hasTitle(list []string, title string) bool {
	for _, t := range list {
		if t == title {
			return true
		}
	}
	return false
}

// officeRank orders a committee list: the secretary, then the deputies, then the standing
// committee, then everyone else.
func officeRank(p ReportPerson) int {
	for i, t := range officeTitles[:3] {
		if hasTitle(p.Offices, t.title) {
			return i
		}
	}
	return len(officeTitles)
}

// sortCommittee puts a committee in the order of a danh sách trích ngang: officers by rank, then
// A-B-C order of given name.
func sortCommittee(list []ReportPerson) {
	// The names are sorted with their positions, not the persons themselves: a person is a large
	// struct, and a province's report sorts thousands of committees.
	type entry struct {
		name string
		rank int
		i    int
	}
	order := make([]entry, len(list))
	for i := range list {
		order[i] = entry{list[i].FullName, officeRank(list[i]), i}
	}
	vn.SortBy(order, func(e entry) string { return e.name })
	// A stable pass by rank keeps the A-B-C order within each rank.
	sorted := make([]ReportPerson, 0, len(list))
	for rank := 0; rank <= len(officeTitles); rank++ {
		for _, e := range order {
			if e.rank == rank {
				sorted = append(sorted, list[e.i])
			}
		}
	}
	copy(list, sorted)
}

// FindCongressReport returns one congress in the user's scope with what its elections produced,
// as the list reports read it. ENOTFOUND outside the scope.
func (s *Store) FindCongressReport(ctx context.Context, u *congress.User, congressID int64) (*CongressReport, error) {
	var out *CongressReport
	err := s.IterCongressReport(ctx, u, ReportFilter{CongressID: congressID}, func(r *CongressReport) error {
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, congress.Errorf(congress.ENOTFOUND, "Không tìm thấy đại hội.")
	}
	return out, nil
}

// LatestTerm returns the term of the most recent congress in the subtree of orgID (0: the user's
// scope), the term a report shows unless told otherwise; ENOTFOUND when there is no congress.
func (s *Store) LatestTerm(ctx context.Context, u *congress.User, orgID int64) (*congress.Term, error) {
	lo, hi, err := s.reportScope(ctx, u, ReportFilter{OrganizationID: orgID})
	if err != nil {
		return nil, err
	}
	var t congress.Term
	err = sqlx.GetContext(ctx, s.db.R, &t, `SELECT t.id, t.start_year, t.end_year FROM terms t
		WHERE t.id = (SELECT c.term_id FROM congresses c WHERE c.org_path >= ? AND c.org_path < ?
		ORDER BY c.held_on DESC LIMIT 1)`, lo, hi)
	if err != nil {
		return nil, mapErr(err, "nhiệm kỳ")
	}
	return &t, nil
}
