package server

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
	"daihoi/internal/vn"
	"daihoi/reports"
)

// minutesFor maps one round's record onto the counting minutes (biên bản kiểm phiếu, rule 10):
// the header of the congress's documents, the list with its notes, the counting committee, the
// attendance and ballots, each candidate's votes and percentage, the elected, the legal basis,
// the closing time, the fingerprint and, for a round entered ballot by ballot, the entry log. The
// print view, the .xlsx and `daihoi export minutes` all use it, so the three never disagree.
//
// Every figure comes from store.CountRound, which for a closed round is the frozen request and
// result. A round whose figures do not yet give a result is ECONFLICT.
func minutesFor(ctx context.Context, st *store.Store, u *congress.User, roundID int64) (reports.Minutes, error) {
	rc, rv, err := st.CountRound(ctx, u, roundID)
	if err != nil {
		return reports.Minutes{}, err
	}
	if rc.Result == nil {
		msg := fmt.Sprintf("Vòng %d chưa có kết quả nên chưa lập được biên bản", rv.Number)
		if rc.Problem != nil {
			msg += ": " + congress.ErrorMessage(rc.Problem)
		} else {
			msg += "."
		}
		return reports.Minutes{}, congress.Errorf(congress.ECONFLICT, "%s", msg)
	}
	ev, err := st.FindElectionByID(ctx, u, rv.ElectionID)
	if err != nil {
		return reports.Minutes{}, err
	}
	cg, req, res := &rv.Congress, rc.Request, rc.Result
	header, superior, err := documentHeader(ctx, st, cg)
	if err != nil {
		return reports.Minutes{}, err
	}
	closed := storedTime(rv.ClosedAt)
	if !closed.IsZero() {
		header.Date = closed.In(hallZone)
	}
	header.Number = documentNumber(rv.DocumentNumber)
	m := reports.Minutes{
		Header:        header,
		ShortTitle:    bodyShort[ev.Body],
		ElectionTitle: electionTitle(cg, ev.Body, superior),
		Round:         rv.Number,
		Seats:         req.Seats,
		Assembly:      minutesAssembly(cg, ev.Body),
		ListKindLabel: listKindPhrase(ev.ListKind),
		RunoffText:    runoffSentence(res),
		VacantText:    vacantSentence(res),
		LegalBasis:    legalBasis(cg, ev.Body, res.Base),
		ClosedAt:      closed,
		Fingerprint:   rc.Fingerprint,
	}

	// The list in ballot order (A-B-C of given name), with how each came onto it.
	nominated := map[int64]congress.Candidate{}
	for _, cd := range ev.Candidates {
		nominated[cd.PersonID] = cd
	}
	for _, cd := range rv.Candidates {
		m.Candidates = append(m.Candidates, reports.MinutesCandidate{Name: cd.BallotName, Note: candidateNote(nominated[cd.PersonID], cg.Present)})
	}

	for _, cm := range rv.Counters {
		if cm.Head && m.Committee.Head == "" {
			m.Committee.Head = cm.Name
		} else {
			m.Committee.Members = append(m.Committee.Members, cm.Name)
		}
	}

	// Attendance and ballots as counted: the request is what the engine was given.
	b := req.Base
	att := congress.Attendance{Convened: b.Convened, TemporarilyAttachedAbsent: b.TemporarilyAttachedAbsent,
		ExemptAbsent: b.ExemptAbsent, Suspended: b.Suspended, AbsentWithReason: b.AbsentWithReason,
		CommitteeAbsent: b.CommitteeAbsent, AbsentNotReplaced: b.AbsentNotReplaced}
	if req.Present != nil {
		att.Present = *req.Present
	}
	m.Attendance = reports.MinutesAttendance{WhoLabel: whoLabel(cg, ev.Body), Convened: att.Convened, Present: att.Present,
		Absent: att.Absent(), Base: res.Base}
	for _, e := range exclusionLabels(cg.Kind, att) {
		if e.Count > 0 {
			m.Attendance.Exclusions = append(m.Attendance.Exclusions, reports.LabelCount{Label: e.Label, Count: e.Count})
		}
	}
	m.Ballots = reports.MinutesBallots{Issued: req.Ballots.Issued, Collected: req.Ballots.Collected,
		Valid: req.Ballots.Valid, Invalid: req.Ballots.Invalid}
	reasons := rv.InvalidReasons
	if rc.Tally != nil {
		reasons = rc.Tally.InvalidByReason
	}
	m.Ballots.InvalidReasons = reasonCounts(reasons)

	for _, c := range res.Candidates {
		m.Results = append(m.Results, reports.MinutesResult{Name: c.Name, Votes: c.Votes,
			PercentHundredths: election.PercentHundredths(c.Votes, res.Base), Status: c.Status})
	}
	for _, name := range res.Elected {
		for _, r := range m.Results {
			if r.Name == name {
				m.Elected = append(m.Elected, r)
			}
		}
	}

	if rv.EntryMode == congress.EntryBallots {
		ballots, err := st.FindBallots(ctx, u, rv.ID, 1)
		if err != nil {
			return reports.Minutes{}, err
		}
		for _, sb := range ballots {
			e := reports.LogEntry{Number: sb.Number, Content: ballotContent(sb, rv), Valid: sb.Reason == "",
				Clerk: sb.Clerk, At: storedTime(sb.CreatedAt)}
			if sb.Reason != "" {
				e.Reason = election.ReasonLabel(sb.Reason)
				if sb.Ballot.Note != "" {
					e.Reason += " (" + sb.Ballot.Note + ")"
				}
			}
			m.Log = append(m.Log, e)
		}
	}
	return m, nil
}

// MinutesForCongress returns the counting minutes of every closed round of a congress, in the
// order of the elections (rule 8) and their rounds: what `daihoi export minutes` writes, one sheet
// per round. It reads as the system actor (the command line has no user). A congress with no closed
// round is EINVALID; an unknown one ENOTFOUND.
func MinutesForCongress(ctx context.Context, st *store.Store, congressID int64) ([]reports.Minutes, error) {
	elections, err := st.FindElections(ctx, congress.System, congressID)
	if err != nil {
		return nil, err
	}
	var out []reports.Minutes
	for _, ev := range elections {
		for _, r := range ev.Rounds {
			if !r.Closed {
				continue
			}
			m, err := minutesFor(ctx, st, congress.System, r.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, congress.Errorf(congress.EINVALID, "Đại hội số %d chưa có vòng bầu nào đã kết thúc để lập biên bản.", congressID)
	}
	return out, nil
}

// documentHeader is the header of the congress's documents (DOMAIN.md "Document format"): the
// superior organization, the organization itself and the congress with its term, and the place
// of the organization. It also returns the superior's name for titles ("" at the top of the tree).
// The superior is read as the system actor: a cell's secretary does not see the committee above,
// but every document of theirs names it.
func documentHeader(ctx context.Context, st *store.Store, cg *congress.Congress) (reports.DocHeader, string, error) {
	org, err := st.FindOrganizationByID(ctx, congress.System, cg.OrganizationID)
	if err != nil {
		return reports.DocHeader{}, "", err
	}
	h := reports.DocHeader{Issuer: org.Name, Place: org.Place,
		IssuerSub: fmt.Sprintf("Đại hội lần thứ %s, nhiệm kỳ %s", vn.Roman(cg.Ordinal), cg.TermName())}
	superior := ""
	if org.ParentID != nil {
		parent, err := st.FindOrganizationByID(ctx, congress.System, *org.ParentID)
		if err != nil {
			return reports.DocHeader{}, "", err
		}
		superior = parent.Name
		h.Superior = parent.Name
	}
	return h, superior, nil
}

// candidateNote is the note beside a name on the minutes' list: how they came onto it and, for a
// floor or self nomination, how many of those present agreed (rule 6).
func candidateNote(cd congress.Candidate, present int) string {
	var parts []string
	if cd.NominatedBy != "" {
		n := congress.Label(congress.Nominations, cd.NominatedBy)
		if cd.NominatedBy != congress.NominatedCommittee && cd.FloorAgree > 0 && present > 0 {
			n += fmt.Sprintf(", %d/%d đồng ý", cd.FloorAgree, present)
		}
		parts = append(parts, n)
	}
	if cd.Note != "" {
		parts = append(parts, cd.Note)
	}
	return strings.Join(parts, "; ")
}

// reasonCounts lists invalid-ballot reasons with their counts: the known ones in the form's order,
// then those the congress added, alphabetically.
func reasonCounts(m map[string]int) []reports.LabelCount {
	var out []reports.LabelCount
	known := map[string]bool{}
	for _, code := range election.Reasons() {
		known[code] = true
		if n := m[code]; n > 0 {
			out = append(out, reports.LabelCount{Label: election.ReasonLabel(code), Count: n})
		}
	}
	var extra []string
	for code, n := range m {
		if !known[code] && n > 0 {
			extra = append(extra, code)
		}
	}
	sort.Strings(extra)
	for _, code := range extra {
		out = append(out, reports.LabelCount{Label: election.ReasonLabel(code), Count: m[code]})
	}
	return out
}

// ballotContent writes what a ballot says for the entry log: the numbers (in the list of the
// minutes) of the names a surplus ballot keeps, in ranges, and the names it strikes — what the
// clerk typed — or each mark of an agree/disagree ballot.
func ballotContent(sb store.StoredBallot, rv *store.RoundView) string {
	name := func(i int) string {
		if i >= 0 && i < len(rv.Candidates) {
			return fmt.Sprintf("%d (%s)", i+1, rv.Candidates[i].BallotName)
		}
		return fmt.Sprintf("%d", i+1)
	}
	if rv.Election.ListKind == congress.ListAgreeDisagree {
		marks := map[election.Mark]string{election.MarkAgree: "đồng ý", election.MarkDisagree: "không đồng ý",
			election.MarkBoth: "đánh dấu cả hai ô", election.MarkNone: "không đánh dấu"}
		var parts []string
		for i, mk := range sb.Ballot.Marks {
			parts = append(parts, name(i)+": "+marks[mk])
		}
		return strings.Join(parts, "; ")
	}
	kept := map[int]bool{}
	for _, k := range sb.Ballot.Kept {
		kept[k] = true
	}
	var keptNo []int
	var struck []string
	for i := range rv.Candidates {
		if kept[i] {
			keptNo = append(keptNo, i+1)
		} else {
			struck = append(struck, name(i))
		}
	}
	switch {
	case len(keptNo) == 0:
		return "Gạch tất cả các tên"
	case len(struck) == 0:
		return fmt.Sprintf("Giữ số %s (không gạch tên nào)", numberRanges(keptNo))
	}
	return fmt.Sprintf("Giữ số %s; gạch số %s", numberRanges(keptNo), strings.Join(struck, ", "))
}

// numberRanges writes ascending numbers with runs shortened: 1, 2, 3, 5, 7, 8 → "1–3, 5, 7–8".
func numberRanges(n []int) string {
	var parts []string
	for i := 0; i < len(n); {
		j := i
		for j+1 < len(n) && n[j+1] == n[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", n[i], n[j]))
		} else {
			parts = append(parts, fmt.Sprintf("%d", n[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// minutesAssembly is who voted the number to elect: the new committee's conference for an
// election of its first session, the congress otherwise.
func minutesAssembly(cg *congress.Congress, body string) string {
	if congress.FirstSession(cg.OrganizationKind, body) {
		return "Hội nghị"
	}
	return "Đại hội"
}
