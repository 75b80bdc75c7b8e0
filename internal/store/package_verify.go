package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/offline"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// VerifyPackage checks what a package says, as offline.Read has already checked how it is written:
// every record against the domain's validation, every reference between parts, and above all every
// closed round, recomputed as `daihoi verify` recomputes a stored one — the result from the frozen
// request with internal/election, the fingerprint with Fingerprint over the request, the result
// and the ballots of the package, the fingerprint the manifest lists, the round's figures against
// the frozen request, the ballots re-tallied against it. The committee and delegate parts must be
// what the rounds elected, and every audit entry must hash to its own hash. It returns every
// problem, each naming its part, and the election, round and figure when there is one; nothing is
// read from or written to a database.
func VerifyPackage(p *offline.Package) []offline.Problem {
	v := &packageVerifier{p: p, persons: map[int64]offline.Person{}, elections: map[int64]offline.Election{},
		rounds: map[int64]offline.Round{}, targets: map[int64]offline.Target{}}
	v.organization()
	v.congress()
	v.personsPart()
	v.electionsPart()
	v.roundsPart()
	v.ballotsPart()
	v.closedRounds()
	v.documents()
	v.resolution()
	v.targetsPart()
	v.committee()
	v.audit()
	return v.problems
}

// packageVerifier holds a package being checked, its records by id and the problems found.
type packageVerifier struct {
	p         *offline.Package
	c         congress.Congress // the package's congress as a domain value
	orgKind   string
	persons   map[int64]offline.Person
	elections map[int64]offline.Election
	rounds    map[int64]offline.Round
	targets   map[int64]offline.Target
	problems  []offline.Problem
}

func (v *packageVerifier) add(part, format string, args ...any) {
	if len(v.problems) > 200 {
		return
	}
	if len(v.problems) == 200 {
		v.problems = append(v.problems, offline.Problem{Message: "Còn nhiều lỗi khác; chỉ liệt kê 200 lỗi đầu tiên."})
		return
	}
	v.problems = append(v.problems, offline.Problem{Part: part, Message: fmt.Sprintf(format, args...)})
}

// fields adds the field messages of a validation error, prefixed with what was checked.
func (v *packageVerifier) fields(part, what string, err error) {
	if err == nil {
		return
	}
	fs := congress.ErrorFields(err)
	if len(fs) == 0 {
		v.add(part, "%s: %s", what, congress.ErrorMessage(err))
		return
	}
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v.add(part, "%s, trường %s: %s", what, k, fs[k])
	}
}

func (v *packageVerifier) organization() {
	chain := v.p.Organization
	if len(chain) == 0 || len(chain) > 30 {
		v.add(offline.PartOrganization, "chuỗi tổ chức đảng phải có từ 1 đến 30 cấp (đang có %d).", len(chain))
		return
	}
	for i, o := range chain {
		org := congress.Organization{Name: o.Name, Kind: o.Kind, Place: o.Place}
		v.fields(offline.PartOrganization, fmt.Sprintf("cấp thứ %d (%s)", i+1, o.Name), org.Validate())
		if org.Name != o.Name {
			v.add(offline.PartOrganization, "cấp thứ %d: tên tổ chức %q có khoảng trắng thừa.", i+1, o.Name)
		}
	}
	v.orgKind = chain[len(chain)-1].Kind
}

func (v *packageVerifier) congress() {
	w := v.p.Congress
	v.c = congress.Congress{ID: w.ID, Ordinal: w.Ordinal, Kind: w.Kind, Ruleset: w.Ruleset, HeldOn: w.HeldOn, Place: w.Place,
		Attendance: domainAttendance(w.Attendance), Notes: w.Notes, State: w.State, ReportedOn: w.ReportedOn,
		DecidedOn: w.DecidedOn, TermStart: w.TermStart, TermEnd: w.TermEnd}
	for _, g := range w.Guests {
		v.c.Guests = append(v.c.Guests, congress.Guest{Name: g.Name, Title: g.Title, Role: g.Role})
	}
	for _, r := range w.PastResults {
		v.c.PastResults = append(v.c.PastResults, congress.PastResult{Label: r.Label, Value: r.Value, Unit: r.Unit})
	}
	if len(v.p.Organization) > 0 {
		v.c.OrganizationName, v.c.OrganizationKind = v.p.Organization[len(v.p.Organization)-1].Name, v.orgKind
	}
	term := congress.Term{StartYear: w.TermStart, EndYear: w.TermEnd}
	v.fields(offline.PartCongress, "nhiệm kỳ", term.Validate())
	probe := v.c
	v.fields(offline.PartCongress, "đại hội", probe.Validate(term))
	if w.State == "" {
		v.add(offline.PartCongress, "đại hội chưa có trạng thái.")
	}
	m := v.p.Manifest.Congress
	if m.Ordinal != w.Ordinal || m.Term != term.Code() {
		v.add(offline.PartManifest, "manifest ghi đại hội lần thứ %d, nhiệm kỳ %s nhưng congress.json là lần thứ %d, nhiệm kỳ %s.",
			m.Ordinal, m.Term, w.Ordinal, term.Code())
	}
}

func (v *packageVerifier) personsPart() {
	seen := map[string]int{}
	for i, p := range v.p.Persons {
		what := fmt.Sprintf("đảng viên thứ %d (%s)", i+1, p.FullName)
		if _, dup := v.persons[p.ID]; dup || p.ID <= 0 {
			v.add(offline.PartPersons, "%s: số hiệu %d trùng hoặc không hợp lệ.", what, p.ID)
			continue
		}
		v.persons[p.ID] = p
		probe := domainPerson(p)
		v.fields(offline.PartPersons, what, probe.Validate())
		key := probe.FullName + "|" + probe.BirthDate
		if j, dup := seen[key]; dup {
			v.add(offline.PartPersons, "%s trùng họ tên và ngày sinh với đảng viên thứ %d.", what, j+1)
		}
		seen[key] = i
	}
}

func domainPerson(p offline.Person) congress.Person {
	return congress.Person{ID: p.ID, FullName: p.FullName, BirthDate: p.BirthDate, Gender: p.Gender, Ethnicity: p.Ethnicity,
		Religion: p.Religion, HomeTown: p.HomeTown, Position: p.Position, JoinedOn: p.JoinedOn, OfficialOn: p.OfficialOn,
		Education: p.Education, Degree: p.Degree, TheoryLevel: p.TheoryLevel, Incumbent: p.Incumbent, Sample: p.Sample}
}

func (v *packageVerifier) electionsPart() {
	bodies := map[string]bool{}
	for _, e := range v.p.Elections {
		what := "cuộc bầu " + congress.Label(congress.Bodies, e.Body)
		if _, dup := v.elections[e.ID]; dup || e.ID <= 0 {
			v.add(offline.PartElections, "%s: số hiệu %d trùng hoặc không hợp lệ.", what, e.ID)
			continue
		}
		v.elections[e.ID] = e
		if bodies[e.Body] {
			v.add(offline.PartElections, "%s có hai lần.", what)
		}
		bodies[e.Body] = true
		probe := congress.Election{Body: e.Body, Seats: e.Seats, ListKind: e.ListKind, Decision: e.Decision}
		v.fields(offline.PartElections, what, probe.Validate())
		if ok, why := congress.BodyAllowed(v.orgKind, e.Body); !ok && why != "" {
			v.add(offline.PartElections, "%s: %s", what, why)
		}
		if e.State != "open" && e.State != "done" {
			v.add(offline.PartElections, "%s: trạng thái %q không hợp lệ.", what, e.State)
		}
		if e.AppointedPersonID != nil {
			if _, ok := v.persons[*e.AppointedPersonID]; !ok {
				v.add(offline.PartElections, "%s: người được chỉ định (số %d) không có trong persons.json.", what, *e.AppointedPersonID)
			}
		}
		onList := map[int64]bool{}
		for i, c := range e.Candidates {
			switch {
			case onList[c.PersonID]:
				v.add(offline.PartElections, "%s: người số %d có hai lần trong danh sách.", what, c.PersonID)
			case v.persons[c.PersonID].ID == 0:
				v.add(offline.PartElections, "%s: người thứ %d của danh sách (số %d) không có trong persons.json.", what, i+1, c.PersonID)
			case congress.Label(congress.Nominations, c.NominatedBy) == c.NominatedBy:
				v.add(offline.PartElections, "%s: cách giới thiệu %q không hợp lệ.", what, c.NominatedBy)
			case c.FloorAgree < 0:
				v.add(offline.PartElections, "%s: số đồng ý đưa vào danh sách không được âm.", what)
			}
			onList[c.PersonID] = true
		}
	}
}

// roundWhere names a round of the package in messages.
func (v *packageVerifier) roundWhere(r offline.Round) string {
	return fmt.Sprintf("cuộc bầu %s, vòng %d", congress.Label(congress.Bodies, v.elections[r.ElectionID].Body), r.Number)
}

func (v *packageVerifier) roundsPart() {
	numbers := map[int64]map[int]bool{}
	for _, r := range v.p.Rounds {
		if _, dup := v.rounds[r.ID]; dup || r.ID <= 0 {
			v.add(offline.PartRounds, "vòng bầu số hiệu %d trùng hoặc không hợp lệ.", r.ID)
			continue
		}
		e, ok := v.elections[r.ElectionID]
		if !ok {
			v.add(offline.PartRounds, "vòng bầu số hiệu %d thuộc cuộc bầu số %d không có trong elections.json.", r.ID, r.ElectionID)
			continue
		}
		v.rounds[r.ID] = r
		where := v.roundWhere(r)
		if numbers[e.ID] == nil {
			numbers[e.ID] = map[int]bool{}
		}
		if r.Number < 1 || numbers[e.ID][r.Number] {
			v.add(offline.PartRounds, "%s: số thứ tự vòng trùng hoặc không hợp lệ.", where)
		}
		numbers[e.ID][r.Number] = true
		if r.Seats < 1 || r.Seats > e.Seats {
			v.add(offline.PartRounds, "%s: số lượng bầu ở vòng (%d) phải từ 1 đến %d.", where, r.Seats, e.Seats)
		}
		probe := domainRound(r)
		f := congress.FieldErrors{}
		validateRoundSetup(&v.c, &probe, f)
		v.fields(offline.PartRounds, where, f.Err(congress.EINVALID, ""))
		positions := map[int]bool{}
		people := map[int64]bool{}
		for _, c := range r.Candidates {
			switch {
			case v.persons[c.PersonID].ID == 0:
				v.add(offline.PartRounds, "%s: người số %d của danh sách vòng không có trong persons.json.", where, c.PersonID)
			case people[c.PersonID]:
				v.add(offline.PartRounds, "%s: người số %d có hai lần trong danh sách vòng.", where, c.PersonID)
			case c.Position < 1 || c.Position > len(r.Candidates) || positions[c.Position]:
				v.add(offline.PartRounds, "%s: thứ tự %d trên phiếu không hợp lệ.", where, c.Position)
			case c.Votes < 0:
				v.add(offline.PartRounds, "%s: số phiếu của người số %d không được âm.", where, c.PersonID)
			}
			positions[c.Position], people[c.PersonID] = true, true
		}
		if len(r.Candidates) == 0 {
			v.add(offline.PartRounds, "%s: danh sách vòng bầu chưa có ai.", where)
		}
		for code, n := range r.InvalidReasons {
			if n < 0 || len(code) > 64 || strings.TrimSpace(code) == "" {
				v.add(offline.PartRounds, "%s: lý do phiếu không hợp lệ %q (%d phiếu) không hợp lệ.", where, code, n)
			}
		}
		if !r.Closed && (!isNull(r.Request) || !isNull(r.Result) || r.Fingerprint != "") {
			v.add(offline.PartRounds, "%s: vòng đang mở nhưng có số liệu đã khóa hoặc mã xác thực.", where)
		}
		if r.Closed && r.DocumentNumber < 1 {
			v.add(offline.PartRounds, "%s: vòng đã khóa nhưng chưa có số biên bản.", where)
		}
	}
}

func domainRound(r offline.Round) congress.Round {
	counters := make([]congress.CountingMember, len(r.CountingCommittee))
	for i, m := range r.CountingCommittee {
		counters[i] = congress.CountingMember{Name: m.Name, Head: m.Head}
	}
	return congress.Round{ID: r.ID, ElectionID: r.ElectionID, Number: r.Number, Seats: r.Seats, Counters: counters,
		Attendance: domainAttendance(r.Attendance), EntryMode: r.EntryMode, DoubleEntry: r.DoubleEntry, Issued: r.Issued,
		Collected: r.Collected, Valid: r.Valid, Invalid: r.Invalid, InvalidReasons: r.InvalidReasons, Closed: r.Closed,
		ClosedAt: r.ClosedAt, DocumentNumber: r.DocumentNumber, Fingerprint: r.Fingerprint}
}

// pile returns the ballots of one pile of a round, in number order.
func (v *packageVerifier) pile(roundID int64, slot int) []StoredBallot {
	var list []StoredBallot
	for _, b := range v.p.Ballots {
		if b.RoundID == roundID && b.Slot == slot {
			list = append(list, ballotOf(b))
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Number < list[j].Number })
	return list
}

func (v *packageVerifier) ballotsPart() {
	type key struct {
		round  int64
		slot   int
		number int
	}
	seen := map[key]bool{}
	ids := map[int64]bool{}
	for _, b := range v.p.Ballots {
		r, ok := v.rounds[b.RoundID]
		if !ok {
			v.add(offline.PartBallots, "phiếu số %d thuộc vòng bầu số hiệu %d không có trong rounds.json.", b.Number, b.RoundID)
			continue
		}
		where := fmt.Sprintf("%s, phiếu số %d", v.roundWhere(r), b.Number)
		if b.Slot == 2 {
			where += " (lần nhập thứ hai)"
		}
		k := key{b.RoundID, b.Slot, b.Number}
		switch {
		case ids[b.ID] || b.ID <= 0:
			v.add(offline.PartBallots, "%s: số hiệu phiếu %d trùng hoặc không hợp lệ.", where, b.ID)
		case r.EntryMode != congress.EntryBallots:
			v.add(offline.PartBallots, "%s: vòng này nhập tổng số, không có phiếu nhập từng tờ.", where)
		case b.Slot != 1 && (b.Slot != 2 || !r.DoubleEntry):
			v.add(offline.PartBallots, "%s: chồng phiếu %d không có ở vòng này.", where, b.Slot)
		case b.Number < 1 || b.Number > election.MaxFigure:
			v.add(offline.PartBallots, "%s: số thứ tự phiếu không hợp lệ.", where)
		case seen[k]:
			v.add(offline.PartBallots, "%s: phiếu có hai lần.", where)
		default:
			e := v.elections[r.ElectionID]
			reason, err := election.CheckBallot(election.ListKind(e.ListKind), len(r.Candidates), r.Seats, b.Content)
			if err != nil {
				v.add(offline.PartBallots, "%s: phiếu không đọc được: %s", where, congress.ErrorMessage(err))
			} else if reason != b.Invalid {
				v.add(offline.PartBallots, "%s: phiếu ghi lý do không hợp lệ %q nhưng kiểm tra lại phiếu được %q.", where, b.Invalid, reason)
			}
		}
		seen[k], ids[b.ID] = true, true
	}
}

// roundView builds the view of a package round that roundVerifier (verify.go) checks, so that a
// package is checked by the same code, with the same messages, as a stored round.
func (v *packageVerifier) roundView(r offline.Round) *RoundView {
	e := v.elections[r.ElectionID]
	rv := &RoundView{Round: domainRound(r), Congress: v.c,
		Election: congress.Election{ID: e.ID, Body: e.Body, Seats: e.Seats, ListKind: e.ListKind}}
	rv.Round.RequestJSON, rv.Round.ResultJSON = string(r.Request), string(r.Result)
	list := append([]offline.RoundCandidate(nil), r.Candidates...)
	sort.Slice(list, func(i, j int) bool { return list[i].Position < list[j].Position })
	names := make([]struct {
		PersonID int64  `db:"person_id"`
		Name     string `db:"full_name"`
	}, len(list))
	for i, c := range list {
		names[i].PersonID, names[i].Name = c.PersonID, v.persons[c.PersonID].FullName
	}
	labels := ballotNames(names)
	for _, c := range list {
		rv.Candidates = append(rv.Candidates, RoundCandidate{PersonID: c.PersonID, FullName: v.persons[c.PersonID].FullName,
			BallotName: labels[c.PersonID], Position: c.Position, Votes: c.Votes})
	}
	return rv
}

// closedRounds recomputes every closed round and checks the manifest's list of fingerprints.
func (v *packageVerifier) closedRounds() {
	listed := map[roundKey]offline.RoundFingerprint{}
	for _, f := range v.p.Manifest.ClosedRounds {
		listed[roundKey{f.Election, f.Round}] = f
	}
	closed := map[roundKey]bool{}
	for _, r := range v.p.Rounds {
		if _, ok := v.rounds[r.ID]; !ok || !r.Closed {
			continue
		}
		e := v.elections[r.ElectionID]
		k := roundKey{e.Body, r.Number}
		closed[k] = true
		where := v.roundWhere(r)
		f, ok := listed[k]
		switch {
		case !ok:
			v.add(offline.PartManifest, "%s đã khóa nhưng manifest không ghi mã xác thực của vòng này.", where)
		case f.Fingerprint != r.Fingerprint:
			v.add(offline.PartManifest, "%s: mã xác thực ghi trong manifest (%s) khác mã của vòng trong rounds.json (%s).",
				where, short(f.Fingerprint), short(r.Fingerprint))
		}
		v.checkClosed(r)
	}
	for k := range listed {
		if !closed[k] {
			v.add(offline.PartManifest, "manifest ghi mã xác thực của cuộc bầu %s, vòng %d nhưng gói không có vòng đã khóa này.",
				congress.Label(congress.Bodies, k.body), k.number)
		}
	}
}

// roundKey names a round by its election's body and its number.
type roundKey struct {
	body   string
	number int
}

// checkClosed recomputes one closed round of the package, as Verify does for a stored one.
func (v *packageVerifier) checkClosed(r offline.Round) {
	rv := v.roundView(r)
	rep := &VerifyReport{}
	ver := roundVerifier{rv: rv, rep: rep}
	req, stored, err := decodeFrozen(r)
	if err != nil {
		v.add(offline.PartRounds, "%s: %s.", v.roundWhere(r), err)
		return
	}
	if res, err := election.Count(req); err != nil {
		ver.add("số liệu đã khóa không còn nhất quán: %s", congress.ErrorMessage(err))
	} else {
		ver.compareResult(res, stored)
	}
	ver.compareColumns(req)
	v.from(offline.PartRounds, rep)
	digest := ""
	if r.EntryMode == congress.EntryBallots {
		pile := v.pile(r.ID, 1)
		digest = ballotsDigest(pile)
		ballots := &VerifyReport{}
		bv := roundVerifier{rv: rv, rep: ballots}
		bv.compareBallots(req, pile)
		if len(ballots.Problems) > 0 {
			// Ballots are numbered from 1 as they are entered: a gap is where one was taken out.
			if gaps := missingNumbers(pile, req.Ballots.Collected); gaps != "" {
				bv.add("gói không có phiếu số %s.", gaps)
			}
		}
		v.from(offline.PartBallots, ballots)
	}
	if fp := Fingerprint(req, stored, digest); fp != r.Fingerprint {
		rep := &VerifyReport{}
		roundVerifier{rv: rv, rep: rep}.add("mã xác thực kết quả tính lại (%s) không khớp mã in trên biên bản (%s): số liệu, kết quả hoặc phiếu bầu trong gói đã bị sửa sau khi khóa vòng.",
			short(fp), short(r.Fingerprint))
		v.from(offline.PartRounds, rep)
	}
}

// missingNumbers lists, up to ten, the ballot numbers from 1 to the highest entered (or to the
// ballots collected, when more) that the pile lacks.
func missingNumbers(pile []StoredBallot, collected int) string {
	have := map[int]bool{}
	top := collected
	for _, b := range pile {
		have[b.Number] = true
		top = max(top, b.Number)
	}
	var gaps []string
	for n := 1; n <= top && n <= election.MaxFigure; n++ {
		if !have[n] {
			if len(gaps) == 10 {
				gaps = append(gaps, "…")
				break
			}
			gaps = append(gaps, fmt.Sprint(n))
		}
	}
	return strings.Join(gaps, ", ")
}

// from copies the problems of a round verification into the package's problems under part.
func (v *packageVerifier) from(part string, rep *VerifyReport) {
	for _, p := range rep.Problems {
		v.add(part, "%s", p.Message)
	}
}

func (v *packageVerifier) documents() {
	seen := map[int]bool{}
	for _, d := range v.p.Documents {
		switch {
		case d.Number < 1 || seen[d.Number]:
			v.add(offline.PartDocuments, "số văn bản %d trùng hoặc không hợp lệ.", d.Number)
		case strings.TrimSpace(d.Kind) == "" || len(d.Kind) > 64:
			v.add(offline.PartDocuments, "văn bản số %d: loại văn bản không hợp lệ.", d.Number)
		case d.Kind == "counting_minutes" && (d.RefID == nil || v.rounds[*d.RefID].ID == 0):
			v.add(offline.PartDocuments, "biên bản kiểm phiếu số %02d không chỉ tới vòng bầu nào trong rounds.json.", d.Number)
		}
		seen[d.Number] = true
	}
	for _, r := range v.p.Rounds {
		if r.DocumentNumber > 0 && !seen[r.DocumentNumber] {
			v.add(offline.PartDocuments, "%s có biên bản số %02d nhưng documents.json không có số này.", v.roundWhere(r), r.DocumentNumber)
		}
	}
}

func (v *packageVerifier) resolution() {
	w := v.p.Resolution
	if w == nil {
		return
	}
	r := &Resolution{AdoptedOn: w.AdoptedOn, VotesFor: w.VotesFor, VotesAgainst: w.VotesAgainst, VotesAbstain: w.VotesAbstain}
	for _, s := range w.Sections {
		r.Sections = append(r.Sections, ResolutionSection{Title: s.Title, Body: s.Body})
	}
	v.fields(offline.PartResolution, "nghị quyết", validateResolution(r, &v.c))
}

func (v *packageVerifier) targetsPart() {
	for _, t := range v.p.Targets {
		if _, dup := v.targets[t.ID]; dup || t.ID <= 0 {
			v.add(offline.PartTargets, "chỉ tiêu số hiệu %d trùng hoặc không hợp lệ.", t.ID)
			continue
		}
		v.targets[t.ID] = t
	}
	for _, t := range v.p.Targets {
		what := fmt.Sprintf("chỉ tiêu “%s”", t.Subject)
		d := domainTarget(t)
		v.fields(offline.PartTargets, what, d.Validate())
		v.fields(offline.PartTargets, what, d.ValidateTerm(v.c.TermStart, v.c.TermEnd))
		if t.ParentID != nil {
			parent, ok := v.targets[*t.ParentID]
			switch {
			case !ok:
				v.add(offline.PartTargets, "%s: chỉ tiêu cha số %d không có trong targets.json.", what, *t.ParentID)
			case parent.ParentID != nil:
				v.add(offline.PartTargets, "%s: chỉ tiêu cha “%s” lại là chỉ tiêu con.", what, parent.Subject)
			default:
				v.fields(offline.PartTargets, what, d.ValidateParent(domainTarget(parent)))
			}
		}
		if (t.RatingSubject == "") != (t.Measure == "") || (t.RatingSubject != "" && !validRatingSubject(t.RatingSubject)) ||
			(t.Measure != "" && !targets.Measure(t.Measure).Valid()) {
			v.add(offline.PartTargets, "%s: liên kết với kết quả xếp loại (%q, %q) không hợp lệ.", what, t.RatingSubject, t.Measure)
		}
	}
	type rk struct {
		target int64
		year   int
	}
	seen := map[rk]bool{}
	for _, r := range v.p.Reviews {
		t, ok := v.targets[r.TargetID]
		if !ok {
			v.add(offline.PartReviews, "số liệu năm %d thuộc chỉ tiêu số %d không có trong targets.json.", r.Year, r.TargetID)
			continue
		}
		what := fmt.Sprintf("số liệu năm %d của chỉ tiêu “%s”", r.Year, t.Subject)
		if seen[rk{r.TargetID, r.Year}] {
			v.add(offline.PartReviews, "%s có hai lần.", what)
		}
		seen[rk{r.TargetID, r.Year}] = true
		review := targets.Review{TargetID: r.TargetID, Year: r.Year, Numerator: r.Numerator, Denominator: r.Denominator, Source: r.Source}
		v.fields(offline.PartReviews, what, review.Validate(domainTarget(t), v.c.TermStart, v.c.TermEnd))
	}
	type ratingKey struct {
		year    int
		subject string
	}
	seenR := map[ratingKey]bool{}
	for _, r := range v.p.Ratings {
		what := fmt.Sprintf("kết quả xếp loại năm %d (%s)", r.Year, r.Subject)
		if !validRatingSubject(r.Subject) {
			v.add(offline.PartRatings, "%s: đối tượng xếp loại không hợp lệ.", what)
		}
		if r.Year < v.c.TermStart || r.Year > v.c.TermEnd {
			v.add(offline.PartRatings, "%s: năm nằm ngoài nhiệm kỳ.", what)
		}
		if seenR[ratingKey{r.Year, r.Subject}] {
			v.add(offline.PartRatings, "%s có hai lần.", what)
		}
		seenR[ratingKey{r.Year, r.Subject}] = true
		counts := targets.RatingCounts{Excellent: r.Excellent, Good: r.Good, Completed: r.Completed, NotCompleted: r.NotCompleted}
		v.fields(offline.PartRatings, what, counts.Validate())
		if n := len([]rune(strings.TrimSpace(r.Source))); n == 0 || n > 1000 {
			v.add(offline.PartRatings, "%s: nguồn số liệu phải có từ 1 đến 1.000 ký tự.", what)
		}
	}
}

func domainTarget(t offline.Target) targets.Target {
	return targets.Target{ID: t.ID, Subject: t.Subject, Comparator: targets.Comparator(t.Comparator), Value: t.Value,
		ValueHigh: t.ValueHigh, Unit: targets.Unit(t.Unit), Period: targets.Period(t.Period), ByYear: t.ByYear,
		Category: targets.Category(t.Category), Sentence: t.Sentence, ParentID: t.ParentID, ShareOf: targets.ShareOf(t.ShareOf),
		Base: t.Base, Position: t.Position}
}

// committee checks the committee and delegate parts against what the rounds elected.
func (v *packageVerifier) committee() {
	if len(v.problems) > 0 {
		return // derived from the rounds, which are wrong already
	}
	committee, delegates, err := deriveCommittee(v.p)
	if err != nil {
		v.add(offline.PartCommittee, "không tính được Ban Chấp hành từ kết quả các vòng bầu: %v", err)
		return
	}
	same := func(a, b any) bool {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return bytes.Equal(x, y)
	}
	if !same(committee, v.p.Committee) {
		v.add(offline.PartCommittee, "danh sách cấp ủy và các chức danh trong gói (%s) khác với kết quả các vòng bầu (%s).",
			committeeText(v.p.Committee), committeeText(committee))
	}
	if !same(delegates, v.p.Delegates) {
		v.add(offline.PartDelegates, "danh sách đại biểu trong gói (%s) khác với kết quả các vòng bầu (%s).",
			delegatesText(v.p.Delegates), delegatesText(delegates))
	}
}

func memberNames(list []offline.Member) string {
	var s []string
	for _, m := range list {
		s = append(s, fmt.Sprintf("%s %d phiếu", m.FullName, m.Votes))
	}
	if len(s) == 0 {
		return "không có ai"
	}
	return strings.Join(s, ", ")
}

func committeeText(c offline.Committee) string {
	var list []offline.Member
	for _, m := range c.Members {
		list = append(list, m.Member)
	}
	return memberNames(list)
}

func delegatesText(d offline.Delegates) string {
	return "chính thức: " + memberNames(d.Official) + "; dự khuyết: " + memberNames(d.Alternate)
}

// audit checks every audit entry of the package against its own hash: an entry edited after it was
// written no longer hashes to what it says.
func (v *packageVerifier) audit() {
	var prev int64
	for _, e := range v.p.Audit {
		entry := AuditEntry(e)
		switch {
		case e.ID <= prev:
			v.add(offline.PartAudit, "dòng nhật ký số %d không theo thứ tự tăng dần.", e.ID)
		case e.CongressID == nil || *e.CongressID != v.p.Congress.ID:
			v.add(offline.PartAudit, "dòng nhật ký số %d không thuộc đại hội của gói.", e.ID)
		case strings.TrimSpace(e.Entity) == "" || strings.TrimSpace(e.Action) == "":
			v.add(offline.PartAudit, "dòng nhật ký số %d thiếu đối tượng hoặc thao tác.", e.ID)
		case AuditHash(entry) != e.Hash:
			v.add(offline.PartAudit, "dòng nhật ký số %d (%s %s, lúc %s) đã bị sửa: mã băm không khớp.", e.ID, e.Entity, e.Action, e.At)
		}
		prev = e.ID
	}
}

// deriveCommittee computes the committee and delegate parts from the package's elections and
// rounds, as FindCommittee does from the database: the elected of every closed round in order, an
// appointed secretary, the vacant seats of finished elections, and the offices the first session
// gave the committee's members.
func deriveCommittee(p *offline.Package) (offline.Committee, offline.Delegates, error) {
	persons := map[int64]offline.Person{}
	for _, x := range p.Persons {
		persons[x.ID] = x
	}
	order := map[string]int{}
	for i, b := range congress.Bodies {
		order[b.Code] = i
	}
	elections := append([]offline.Election(nil), p.Elections...)
	sort.SliceStable(elections, func(i, j int) bool { return order[elections[i].Body] < order[elections[j].Body] })
	out := offline.Committee{Members: []offline.CommitteeMember{}, Officers: map[string][]offline.Member{}, Vacant: map[string]int{}}
	del := offline.Delegates{Official: []offline.Member{}, Alternate: []offline.Member{}}
	for _, e := range elections {
		var rounds []offline.Round
		for _, r := range p.Rounds {
			if r.ElectionID == e.ID && r.Closed {
				rounds = append(rounds, r)
			}
		}
		sort.Slice(rounds, func(i, j int) bool { return rounds[i].Number < rounds[j].Number })
		list := []offline.Member{}
		for _, r := range rounds {
			var res election.Result
			if err := json.Unmarshal(r.Result, &res); err != nil {
				return out, del, fmt.Errorf("kết quả vòng %d của cuộc bầu %s: %v", r.Number, congress.Label(congress.Bodies, e.Body), err)
			}
			names := make([]struct {
				PersonID int64  `db:"person_id"`
				Name     string `db:"full_name"`
			}, len(r.Candidates))
			for i, c := range r.Candidates {
				names[i].PersonID, names[i].Name = c.PersonID, persons[c.PersonID].FullName
			}
			byName := map[string]int64{}
			for id, label := range ballotNames(names) {
				byName[label] = id
			}
			for _, name := range res.Elected {
				for _, c := range res.Candidates {
					if c.Name == name {
						id := byName[name]
						list = append(list, offline.Member{PersonID: id, FullName: persons[id].FullName, Votes: c.Votes,
							PercentHundredths: election.PercentHundredths(c.Votes, res.Base), Round: r.Number, Rank: len(list) + 1})
					}
				}
			}
		}
		remaining := e.Seats - len(list)
		if e.AppointedPersonID != nil {
			list = append(list, offline.Member{PersonID: *e.AppointedPersonID, FullName: persons[*e.AppointedPersonID].FullName,
				Rank: len(list) + 1, Appointed: true})
			remaining--
		}
		if e.State == "done" && remaining > 0 {
			out.Vacant[e.Body] = remaining
		}
		switch e.Body {
		case congress.BodyExecutive, congress.BodyCellCommittee:
			out.Body = e.Body
			out.Members = make([]offline.CommitteeMember, len(list))
			for i, m := range list {
				out.Members[i] = offline.CommitteeMember{Member: m, Offices: []string{}}
			}
		case congress.BodyDelegateOfficial:
			del.Official = list
		case congress.BodyDelegateAlternate:
			del.Alternate = list
		default:
			out.Officers[e.Body] = list
		}
	}
	// The offices, in the order the party lists them, as FindCommittee gives them.
	titles := []struct{ body, title string }{
		{congress.BodySecretary, "Bí thư"}, {congress.BodyDeputySecretary, "Phó Bí thư"},
		{congress.BodyStanding, "Ủy viên Ban Thường vụ"}, {congress.BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
		{congress.BodyInspection, "Ủy viên Ủy ban Kiểm tra"},
	}
	index := map[int64]int{}
	for i, m := range out.Members {
		index[m.PersonID] = i
	}
	for _, t := range titles {
		for _, m := range out.Officers[t.body] {
			i, ok := index[m.PersonID]
			if !ok {
				continue
			}
			if t.body == congress.BodyInspection && containsString(out.Members[i].Offices, "Chủ nhiệm Ủy ban Kiểm tra") {
				continue
			}
			out.Members[i].Offices = append(out.Members[i].Offices, t.title)
		}
	}
	return out, del, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// packageWhere names a package's congress for messages.
func packageWhere(p *offline.Package) string {
	org := ""
	if n := len(p.Organization); n > 0 {
		org = p.Organization[n-1].Name
	}
	return fmt.Sprintf("Đại hội lần thứ %s của %s (nhiệm kỳ %d – %d)", vn.Roman(p.Congress.Ordinal), org,
		p.Congress.TermStart, p.Congress.TermEnd)
}
