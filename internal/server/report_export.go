package server

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
	"daihoi/reports"
)

// The reports of the higher committee, built from the store's rows into the workbooks of package
// reports. The download handlers and `daihoi export` both call these functions, so a file
// downloaded and a file exported hold the same figures.

// ReportRequest says what a report covers and for whom.
type ReportRequest struct {
	// User is whose scope the report is read in; the command line uses congress.System.
	User *congress.User
	// OrganizationID is the subtree reported (0: the user's own organization, or the whole tree for
	// the system); TermID the term (0: every term for the lists, the latest for the structure).
	OrganizationID int64
	TermID         int64
	// CongressID is the congress of the one-congress reports.
	CongressID int64
	// Progress, when set, is called after every congress written, with their count so far.
	Progress func(done int)
}

// vietnam is the zone of the dates printed on documents.
var vietnam = time.FixedZone("ICT", 7*60*60)

// issuingCommittee is the name a party organization issues documents under: its committee (đảng ủy)
// for a đảng bộ, the cell itself for a chi bộ.
func issuingCommittee(org *congress.Organization) string {
	if rest, ok := strings.CutPrefix(org.Name, "Đảng bộ "); ok {
		return "Đảng ủy " + rest
	}
	return org.Name
}

// reportScope resolves the organization a list report covers, and the one that issues it: the
// user's own organization, or for the command line the organization reported (the root when none).
func reportScope(ctx context.Context, st *store.Store, rq ReportRequest) (scope, issuer *congress.Organization, err error) {
	u := rq.User
	id := rq.OrganizationID
	if id == 0 {
		id = u.OrganizationID
	}
	if id == 0 { // the system: the root of the tree
		roots, err := st.FindOrganizations(ctx, u, store.OrganizationFilter{Limit: 1})
		if err != nil {
			return nil, nil, err
		}
		if len(roots) == 0 {
			return nil, nil, congress.Errorf(congress.ENOTFOUND, "Chưa có tổ chức đảng nào.")
		}
		id = roots[0].ID
	}
	if scope, err = st.FindOrganizationByID(ctx, u, id); err != nil {
		return nil, nil, err
	}
	issuer = scope
	if u.OrganizationID != 0 {
		if issuer, err = st.FindOrganizationByID(ctx, u, u.OrganizationID); err != nil {
			return nil, nil, err
		}
	}
	return scope, issuer, nil
}

// listHeader is the party header of a list report issued by org's committee, dated today.
func listHeader(ctx context.Context, st *store.Store, org *congress.Organization) (reports.DocHeader, error) {
	h := reports.DocHeader{Issuer: issuingCommittee(org), Place: org.Place, Date: st.Now().In(vietnam), Number: "Số …-BC/ĐU"}
	if org.Kind == congress.KindCell {
		h.Number = "Số …-BC/CB"
	}
	if org.ParentID != nil {
		// The committee above is named even when the user does not see it: every document does.
		parent, err := st.FindOrganizationByID(ctx, congress.System, *org.ParentID)
		if err != nil {
			return h, err
		}
		h.Superior = issuingCommittee(parent)
	}
	return h, nil
}

// reportTerm resolves the term of a report: the one asked for, or none (every term).
func reportTerm(ctx context.Context, st *store.Store, id int64) (*congress.Term, error) {
	if id == 0 {
		return nil, nil
	}
	return st.FindTermByID(ctx, id)
}

// scopeText names what a list report compiles: "Đảng bộ Khối …, nhiệm kỳ 2020 – 2025".
func scopeText(org *congress.Organization, term *congress.Term) string {
	if term == nil {
		return org.Name + ", các nhiệm kỳ"
	}
	return org.Name + ", nhiệm kỳ " + term.Name()
}

// docDate writes a stored ISO date as dd/mm/yyyy, by moving its digits: the compilation of a
// province writes three dates for each of its tens of thousands of persons. Anything else goes
// through vn.Date.
func docDate(iso string) string {
	if len(iso) == 10 && iso[4] == '-' && iso[7] == '-' {
		return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
	}
	return vn.Date(iso)
}

// memberOf writes a person the congress elected as a line of the trích ngang.
func memberOf(p store.ReportPerson, heldOn string) reports.CommitteeMember {
	return reports.CommitteeMember{
		Name: p.FullName, BirthDate: docDate(p.BirthDate), Age: p.AgeAt(heldOn), Gender: congress.Label(congress.Genders, p.Gender),
		Ethnicity: p.Ethnicity, Religion: p.Religion, HomeTown: p.HomeTown, Position: p.Position,
		JoinedOn: docDate(p.JoinedOn), OfficialOn: docDate(p.OfficialOn), Education: p.Education, Degree: p.Degree,
		TheoryLevel: p.TheoryLevel, Reelected: p.Incumbent, Votes: p.Votes, PercentHundredths: p.PercentHundredths,
		Offices: p.Offices, Appointed: p.Appointed,
	}
}

// committeeBodyLabel names the committee a congress elected: "Ban Chấp hành", "Chi ủy", or the
// secretary and deputy of a small cell.
func committeeBodyLabel(body string) string {
	if body == congress.BodySecretary {
		return "Bí thư, Phó Bí thư"
	}
	return congress.Label(congress.Bodies, body)
}

// congressEntry writes a congress of the compilation as text.
func congressEntry(r *store.CongressReport) *reports.CongressEntry {
	c := &r.Row
	e := &reports.CongressEntry{
		Organization: c.OrganizationName, Parent: c.Parent, Kind: congress.Label(congress.CongressKinds, c.Kind),
		Ordinal: vn.Roman(c.Ordinal), HeldOn: vn.Date(c.HeldOn), State: congress.Label(congress.CongressStates, c.State),
		ReportedOn: vn.Date(c.ReportedOn), DecidedOn: vn.Date(c.DecidedOn), Convened: c.Convened, Present: c.Present,
		Secretary: r.Secretary, Body: committeeBodyLabel(r.Body),
	}
	for _, p := range r.Members {
		e.Members = append(e.Members, memberOf(p, c.HeldOn))
	}
	for _, p := range r.Officials {
		e.Delegates, e.DelegateBodies = append(e.Delegates, memberOf(p, c.HeldOn)), append(e.DelegateBodies, "Đại biểu chính thức")
	}
	for _, p := range r.Alternates {
		e.Delegates, e.DelegateBodies = append(e.Delegates, memberOf(p, c.HeldOn)), append(e.DelegateBodies, "Đại biểu dự khuyết")
	}
	return e
}

// ExportCongresses writes the compilation of every congress of the subtree and term: one row per
// congress and one per person elected, streamed from the store to w.
func ExportCongresses(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error {
	scope, issuer, err := reportScope(ctx, st, rq)
	if err != nil {
		return err
	}
	term, err := reportTerm(ctx, st, rq.TermID)
	if err != nil {
		return err
	}
	h, err := listHeader(ctx, st, issuer)
	if err != nil {
		return err
	}
	done := 0
	return reports.WriteCongresses(w, reports.CongressesReport{Header: h, Scope: scopeText(scope, term),
		Each: func(yield func(*reports.CongressEntry) error) error {
			return pipe(ctx, func(ctx context.Context, send func(*reports.CongressEntry) error) error {
				return st.IterCongressReport(ctx, rq.User, store.ReportFilter{OrganizationID: scope.ID, TermID: rq.TermID},
					func(r *store.CongressReport) error { return send(congressEntry(r)) })
			}, func(e *reports.CongressEntry) error {
				if err := yield(e); err != nil {
					return err
				}
				done++
				if rq.Progress != nil {
					rq.Progress(done)
				}
				return nil
			})
		}})
}

// pipeDepth is how many items a pipe holds between its two sides: enough to keep both busy,
// few enough that memory does not grow with the report.
const pipeDepth = 64

// pipe runs produce in a goroutine of its own and hands what it sends to consume, through a
// buffer of pipeDepth items: the database's reading and the workbook's writing of a long report
// run side by side on two cores instead of one after the other. The first error of either side
// stops both and is returned.
func pipe[T any](ctx context.Context, produce func(ctx context.Context, send func(T) error) error, consume func(T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan T, pipeDepth)
	produced := make(chan error, 1)
	go func() {
		defer close(ch)
		produced <- produce(ctx, func(v T) error {
			select {
			case ch <- v:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var err error
	for v := range ch {
		if err == nil {
			if err = consume(v); err != nil {
				cancel() // the producer stops at its next send; the loop drains what is left
			}
		}
	}
	if perr := <-produced; err == nil {
		err = perr
	}
	return err
}

// structureTerm is the term of the structure: the one asked for, or the latest of the subtree.
func structureTerm(ctx context.Context, st *store.Store, rq ReportRequest, scope *congress.Organization) (*congress.Term, error) {
	if rq.TermID != 0 {
		return st.FindTermByID(ctx, rq.TermID)
	}
	return st.LatestTerm(ctx, rq.User, scope.ID)
}

// ExportStructure writes the structure of the new committees of the subtree in a term against the
// term's guidance targets, from store.StructureStats.
func ExportStructure(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error {
	scope, issuer, err := reportScope(ctx, st, rq)
	if err != nil {
		return err
	}
	term, err := structureTerm(ctx, st, rq, scope)
	if err != nil {
		return err
	}
	s, err := st.StructureStats(ctx, rq.User, scope.ID, term.ID)
	if err != nil {
		return err
	}
	h, err := listHeader(ctx, st, issuer)
	if err != nil {
		return err
	}
	if rq.Progress != nil {
		rq.Progress(s.Congresses)
	}
	return reports.WriteStructure(w, reports.StructureReport{Header: h, Scope: scopeText(scope, term), Structure: s})
}

// ExportTargetsSummary writes the targets of every congress's resolution in the subtree and term,
// counted by verdict as their term reviews judge them, streamed.
func ExportTargetsSummary(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error {
	scope, issuer, err := reportScope(ctx, st, rq)
	if err != nil {
		return err
	}
	term, err := reportTerm(ctx, st, rq.TermID)
	if err != nil {
		return err
	}
	h, err := listHeader(ctx, st, issuer)
	if err != nil {
		return err
	}
	h.Subtitle = scopeText(scope, term)
	year := st.Now().In(vietnam).Year()
	done := 0
	return reports.WriteTargetsSummary(w, reports.TargetsSummary{Header: h,
		Notes: []string{fmt.Sprintf("Các chỉ tiêu được đánh giá đến năm %d (năm cuối nhiệm kỳ nếu nhiệm kỳ đã kết thúc), "+
			"theo số liệu đánh giá hằng năm đã ghi; “Đạt và vượt” gồm cả các chỉ tiêu vượt.", year)},
		Each: func(yield func(*reports.TargetsSummaryEntry) error) error {
			return pipe(ctx, func(ctx context.Context, send func(*reports.TargetsSummaryEntry) error) error {
				return st.IterTargetsSummary(ctx, rq.User, store.ReportFilter{OrganizationID: scope.ID, TermID: rq.TermID}, 0,
					func(r *store.TargetsSummaryRow) error { return send(targetsSummaryEntry(r)) })
			}, func(e *reports.TargetsSummaryEntry) error {
				if err := yield(e); err != nil {
					return err
				}
				done++
				if rq.Progress != nil {
					rq.Progress(done)
				}
				return nil
			})
		}})
}

// targetsSummaryEntry writes a congress's targets summary as text.
func targetsSummaryEntry(r *store.TargetsSummaryRow) *reports.TargetsSummaryEntry {
	c := &r.Congress
	e := &reports.TargetsSummaryEntry{Organization: c.OrganizationName,
		Congress:   strings.TrimSuffix("Lần thứ "+vn.Roman(c.Ordinal)+", "+vn.Date(c.HeldOn), ", "),
		Resolution: r.HasResolution, Total: r.Summary.Total, Met: r.Summary.Met, Exceeded: r.Summary.Exceeded,
		NotMet: r.Summary.NotMet, OnTrack: r.Summary.OnTrack, AtRisk: r.Summary.AtRisk, Pending: r.Summary.Pending,
		LatestYear: r.LatestYear, Headline: r.Summary.Headline}
	if r.Summary.Total == 0 {
		e.Headline = "Chưa ghi chỉ tiêu"
	}
	return e
}

// congressHeader is the header of a congress's own documents (DOMAIN.md "Document format"): the
// committee above, the organization and the congress with its term, dated on the congress's day.
func congressHeader(ctx context.Context, st *store.Store, cg *congress.Congress) (reports.DocHeader, error) {
	org, err := st.FindOrganizationByID(ctx, congress.System, cg.OrganizationID)
	if err != nil {
		return reports.DocHeader{}, err
	}
	h := reports.DocHeader{Issuer: org.Name, Place: org.Place, Number: "Số …-BC/ĐH",
		IssuerSub: fmt.Sprintf("Đại hội lần thứ %s, nhiệm kỳ %s", vn.Roman(cg.Ordinal), cg.TermName())}
	if d, err := time.Parse("2006-01-02", cg.HeldOn); err == nil {
		h.Date = d
	}
	if org.ParentID != nil {
		parent, err := st.FindOrganizationByID(ctx, congress.System, *org.ParentID)
		if err != nil {
			return reports.DocHeader{}, err
		}
		h.Superior = issuingCommittee(parent)
	}
	return h, nil
}

// committeeSubtitle names the committee: "Ban Chấp hành Đảng bộ … khóa II, nhiệm kỳ 2020 – 2025".
func committeeSubtitle(cg *congress.Congress, body string) string {
	switch body {
	case congress.BodyCellCommittee:
		return fmt.Sprintf("Chi ủy %s, nhiệm kỳ %s", cg.OrganizationName, cg.TermName())
	case congress.BodySecretary:
		return fmt.Sprintf("Bí thư, Phó Bí thư %s, nhiệm kỳ %s", cg.OrganizationName, cg.TermName())
	}
	return fmt.Sprintf("Ban Chấp hành %s khóa %s, nhiệm kỳ %s", cg.OrganizationName, vn.Roman(cg.Ordinal), cg.TermName())
}

// signer is who signs a congress's documents for the new committee: "T/M BAN CHẤP HÀNH", "BÍ THƯ".
func signer(cg *congress.Congress, r *store.CongressReport) (signFor, title, name string) {
	signFor = "T/M Ban Chấp hành"
	switch {
	case r.Body == congress.BodyCellCommittee:
		signFor = "T/M Chi ủy"
	case cg.OrganizationKind == congress.KindCell:
		signFor = "T/M Chi bộ"
	}
	return signFor, "Bí thư", r.Secretary
}

// committeeNotes are the notes under a trích ngang.
func committeeNotes(cg *congress.Congress, members []store.ReportPerson) []string {
	who := "đảng viên chính thức"
	if cg.Kind == congress.CongressDelegates {
		who = "đại biểu chính thức được triệu tập"
	}
	notes := []string{"Tỷ lệ là số phiếu bầu so với số " + who + " làm căn cứ tính kết quả bầu cử; tuổi tính đến ngày đại hội " + vn.Date(cg.HeldOn) + "."}
	for _, m := range members {
		if m.Sample {
			notes = append(notes, "Hồ sơ có dữ liệu mẫu: họ tên và lý lịch của các đồng chí không được bài viết nêu là dữ liệu minh họa.")
			break
		}
	}
	return notes
}

// ExportCommittee writes the danh sách trích ngang of one congress's new committee.
func ExportCommittee(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error {
	cg, err := st.FindCongressByID(ctx, rq.User, rq.CongressID)
	if err != nil {
		return err
	}
	r, err := st.FindCongressReport(ctx, rq.User, cg.ID)
	if err != nil {
		return err
	}
	h, err := congressHeader(ctx, st, cg)
	if err != nil {
		return err
	}
	h.Title, h.Subtitle = "DANH SÁCH TRÍCH NGANG", committeeSubtitle(cg, r.Body)
	l := reports.CommitteeList{Header: h, Notes: committeeNotes(cg, r.Members)}
	l.SignFor, l.SignTitle, l.Signer = signer(cg, r)
	for _, p := range r.Members {
		l.Members = append(l.Members, memberOf(p, cg.HeldOn))
	}
	return reports.WriteCommittee(w, l)
}

// ExportCongressPack writes the pack a new committee sends up: the report on the congress, the
// counting minutes of every closed round, the trích ngang, the officers, the delegates and the
// resolution's targets.
func ExportCongressPack(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error {
	u := rq.User
	cg, err := st.FindCongressByID(ctx, u, rq.CongressID)
	if err != nil {
		return err
	}
	r, err := st.FindCongressReport(ctx, u, cg.ID)
	if err != nil {
		return err
	}
	h, err := congressHeader(ctx, st, cg)
	if err != nil {
		return err
	}
	minutes, err := MinutesForCongress(ctx, st, cg.ID)
	if err != nil && congress.ErrorCode(err) != congress.EINVALID { // EINVALID: no round closed yet
		return err
	}
	review, err := st.TermReview(ctx, u, cg.ID, 0)
	if err != nil {
		return err
	}
	p := reports.CongressPack{Header: h, Minutes: minutes, Notes: committeeNotes(cg, r.Members),
		CommitteeName: committeeSubtitle(cg, r.Body),
		Subtitle:      fmt.Sprintf("Đại hội %s lần thứ %s, nhiệm kỳ %s", cg.OrganizationName, vn.Roman(cg.Ordinal), cg.TermName())}
	p.SignFor, p.SignTitle, p.Signer = signer(cg, r)
	for _, m := range r.Members {
		p.Committee = append(p.Committee, memberOf(m, cg.HeldOn))
	}
	for _, t := range officerTitles {
		for _, m := range r.Officers[t.body] {
			p.Officers = append(p.Officers, reports.PackOfficer{Post: t.title, Name: m.FullName, Votes: m.Votes,
				PercentHundredths: m.PercentHundredths, Appointed: m.Appointed})
		}
	}
	for _, list := range []struct {
		from []store.ReportPerson
		to   *[]reports.PackDelegate
	}{{r.Officials, &p.Officials}, {r.Alternates, &p.Alternates}} {
		for _, m := range list.from {
			*list.to = append(*list.to, reports.PackDelegate{Name: m.FullName, BirthDate: vn.Date(m.BirthDate), Position: m.Position,
				Votes: m.Votes, PercentHundredths: m.PercentHundredths})
		}
	}
	p.Targets, p.TargetsNote = packTargets(review)
	p.Sections = packSections(cg, r, review, len(minutes), st.Now().In(vietnam))
	return reports.WriteCongressPack(w, p)
}

// officerTitles are the posts of the first session in the party's order, as the pack lists them.
var officerTitles = []struct{ body, title string }{
	{congress.BodySecretary, "Bí thư"},
	{congress.BodyDeputySecretary, "Phó Bí thư"},
	{congress.BodyStanding, "Ủy viên Ban Thường vụ"},
	{congress.BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
	{congress.BodyInspection, "Ủy viên Ủy ban Kiểm tra"},
}

// packTargets lists the resolution's targets with their standing in the term review.
func packTargets(rep *store.TermReport) ([]reports.PackTarget, string) {
	var out []reports.PackTarget
	main, sub := 0, 0
	for _, t := range rep.Targets {
		number := ""
		if t.Record.ParentID == nil {
			main, sub = main+1, 0
			number = fmt.Sprint(main)
		} else {
			sub++
			number = fmt.Sprintf("%d.%d", main, sub)
		}
		result := ""
		if t.HasValue {
			result = targets.FormatValue(t.Value, t.Record.Unit)
		}
		verdict := t.Verdict.Label()
		if t.Verdict == targets.Met && t.Exceeded {
			verdict = "Vượt"
		}
		out = append(out, reports.PackTarget{Number: number, Subject: t.Record.Subject, Requirement: t.Record.Phrase(),
			Result: result, Verdict: verdict})
	}
	note := fmt.Sprintf("Đánh giá đến năm %d theo số liệu đánh giá hằng năm đã ghi. %s", rep.AsOfYear, rep.Summary.Headline)
	if len(rep.Targets) == 0 {
		note = ""
	}
	return out, strings.TrimSpace(note)
}

// packSections are the parts of the report on the congress.
func packSections(cg *congress.Congress, r *store.CongressReport, rep *store.TermReport, rounds int, today time.Time) []reports.PackSection {
	who := "đảng viên chính thức"
	if cg.Kind == congress.CongressDelegates {
		who = "đại biểu chính thức"
	}
	people := func(n int) string { return vn.FormatInt(int64(n)) + " đồng chí" }
	general := reports.PackSection{Title: "Thông tin chung", Items: []reports.PackItem{
		item("Tổ chức đảng", cg.OrganizationName),
		item("Đại hội", fmt.Sprintf("Lần thứ %s, nhiệm kỳ %s", vn.Roman(cg.Ordinal), cg.TermName())),
		item("Ngày đại hội", vn.Date(cg.HeldOn)),
		item("Địa điểm", cg.Place),
		item("Hình thức", congress.Label(congress.CongressKinds, cg.Kind)),
		item("Quy chế bầu cử", congress.Label(congress.Rulesets, cg.Ruleset)),
	}}
	attendance := reports.PackSection{Title: "Số lượng triệu tập, có mặt", Items: []reports.PackItem{
		item("Số "+who+" được triệu tập", people(cg.Convened)),
		item("Số "+who+" có mặt", people(cg.Present)),
		item("Số "+who+" vắng mặt", people(cg.Absent())),
		item("Số làm căn cứ tính kết quả bầu cử", people(cg.Base())),
	}}
	guests := reports.PackSection{Title: "Khách mời"}
	for _, g := range cg.Guests {
		line := "Đồng chí " + g.Name
		if g.Title != "" {
			line += ", " + g.Title
		}
		guests.Lines = append(guests.Lines, line+" ("+strings.ToLower(congress.Label(congress.GuestRoles, g.Role))+").")
	}
	if len(cg.Guests) == 0 {
		guests.Lines = []string{"Không ghi khách mời."}
	}
	past := reports.PackSection{Title: "Kết quả nhiệm kỳ trước"}
	for _, p := range cg.PastResults {
		past.Items = append(past.Items, item(p.Label, strings.TrimSpace(p.Value+" "+p.Unit)))
	}
	if len(cg.PastResults) == 0 {
		past.Lines = []string{"Không ghi kết quả nhiệm kỳ trước."}
	}
	elections := reports.PackSection{Title: "Kết quả bầu cử"}
	if len(r.Members) > 0 {
		women, reelected := 0, 0
		for _, m := range r.Members {
			if m.Gender == "female" {
				women++
			}
			if m.Incumbent {
				reelected++
			}
		}
		elections.Items = append(elections.Items, item(committeeBodyLabel(r.Body),
			fmt.Sprintf("%s (%d nữ, %d tái cử)", people(len(r.Members)), women, reelected)))
	}
	for _, t := range officerTitles {
		var names []string
		for _, m := range r.Officers[t.body] {
			names = append(names, m.FullName)
		}
		if len(names) > 0 {
			elections.Items = append(elections.Items, item(t.title, strings.Join(names, ", ")))
		}
	}
	elections.Items = append(elections.Items,
		item("Đại biểu chính thức dự đại hội cấp trên", people(len(r.Officials))),
		item("Đại biểu dự khuyết", people(len(r.Alternates))),
		item("Số biên bản kiểm phiếu", vn.FormatInt(int64(rounds))))
	resolution := reports.PackSection{Title: "Nghị quyết đại hội"}
	if res := rep.Resolution; res != nil {
		total := res.VotesFor + res.VotesAgainst + res.VotesAbstain
		resolution.Items = append(resolution.Items,
			item("Ngày thông qua", vn.Date(res.AdoptedOn)),
			item("Biểu quyết tán thành", fmt.Sprintf("%s/%s (%s)", vn.FormatInt(int64(res.VotesFor)),
				vn.FormatInt(int64(total)), vn.Percent(float64(targets.PercentHundredths(res.VotesFor, total))/100))),
			item("Số chỉ tiêu", vn.FormatInt(int64(len(rep.Targets)))))
	} else {
		resolution.Lines = []string{"Chưa ghi nghị quyết đại hội."}
	}
	t := cg.Track(today)
	tracking := reports.PackSection{Title: "Báo cáo và chuẩn y", Items: []reports.PackItem{
		item("Tình trạng", congress.Label(congress.CongressStates, cg.State)),
		item("Hạn báo cáo cấp trên (7 ngày làm việc)", vn.Date(t.ReportDue)),
		item("Ngày báo cáo", dateOrDash(cg.ReportedOn)),
		item("Hạn chuẩn y (15 ngày làm việc)", dateOrDash(t.ApprovalDue)),
		item("Ngày quyết định", dateOrDash(cg.DecidedOn)),
	}}
	return []reports.PackSection{general, attendance, guests, past, elections, resolution, tracking}
}

// item is a labelled figure of the report on the congress.
func item(label, value string) reports.PackItem { return reports.PackItem{Label: label, Value: value} }

// dateOrDash writes an ISO date as dd/mm/yyyy, or "—" when there is none.
func dateOrDash(iso string) string {
	if iso == "" {
		return "—"
	}
	return vn.Date(iso)
}
