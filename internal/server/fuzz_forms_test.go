package server

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// The fuzzers of this file drive the other HTML forms the way FuzzCongressForm drives the congress
// form: posted bytes, parseForm, the form's reader, its conversion into the domain value, then the
// domain's own checks where they need no database. A refusal must be EINVALID with clean messages
// on fields the form has; an accepted value, shown again in its edit form and posted back, must be
// the same value.

// refusedCleanly fails t unless err is an EINVALID refusal whose messages are clean Vietnamese on
// fields known says the form shows.
func refusedCleanly(t *testing.T, err error, known func(string) bool) {
	t.Helper()
	fields := congress.ErrorFields(err)
	if congress.ErrorCode(err) != congress.EINVALID || len(fields) == 0 || congress.ErrorMessage(err) == "" {
		t.Fatalf("refusal %#v", err)
	}
	for k, msg := range fields {
		if !known(k) || msg == "" || !utf8.ValidString(msg) || strings.ContainsAny(msg, "\x00\r") {
			t.Fatalf("message %q: %q", k, msg)
		}
	}
	if len(summarize(fields)) == 0 {
		t.Fatal("no summary")
	}
}

// inOrder tells whether a message key names one of the fields of order ("candidates[2].votes"
// is a message on "candidates").
func inOrder(order ...string) func(string) bool {
	return func(k string) bool {
		base, _, _ := strings.Cut(k, "[")
		return slices.Contains(order, base)
	}
}

// indexed tells whether k is prefix[i]… with 0 ≤ i < n: a message on a row the form has.
func indexed(k, prefix string, n int) bool {
	rest, ok := strings.CutPrefix(k, prefix+"[")
	if !ok {
		return false
	}
	num, _, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	return ok && err == nil && i >= 0 && i < n && strconv.Itoa(i) == num
}

// repost posts v as a form and fails t if the form cannot be read.
func repost(t *testing.T, v url.Values) *gin.Context {
	t.Helper()
	c, err := postedContext(v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cleanText fails t when an accepted text would show unclean in a list or a document.
func cleanText(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\n\t") {
			t.Fatalf("unclean text %q", s)
		}
	}
}

// personFormValues is the profile form as the page posts it back.
func personFormValues(f personForm) url.Values {
	v := url.Values{"full_name": {f.FullName}, "birth_date": {f.BirthDate}, "gender": {f.Gender}, "ethnicity": {f.Ethnicity},
		"religion": {f.Religion}, "home_town": {f.HomeTown}, "position": {f.Position}, "joined_on": {f.JoinedOn},
		"official_on": {f.OfficialOn}, "education": {f.Education}, "degree": {f.Degree}, "theory_level": {f.TheoryLevel},
		"version": {f.Version}}
	if f.Incumbent {
		v.Set("incumbent", "1")
	}
	return v
}

// acceptPerson runs the profile through what createPerson and the store check without a database.
func acceptPerson(form personForm) (*congress.Person, error) {
	fe := congress.FieldErrors{}
	p := form.person(fe)
	if err := personTypingErrors(p, fe); err != nil {
		return p, err
	}
	return p, p.Validate()
}

// FuzzPersonForm drives the profile form (trích ngang): readPersonForm, personForm.person, the
// typing errors and Person.Validate, and posts an accepted profile back through personFormOf.
func FuzzPersonForm(f *testing.F) {
	ok := url.Values{"full_name": {"Nguyễn Văn An"}, "birth_date": {"12/03/1968"}, "gender": {"male"}, "ethnicity": {"Kinh"},
		"religion": {"Không"}, "home_town": {"Cao Lãnh, Đồng Tháp"}, "position": {"Bí thư Chi bộ"}, "joined_on": {"19/05/1993"},
		"official_on": {"19/05/1994"}, "education": {"12/12"}, "degree": {"Cử nhân Luật"}, "theory_level": {"Trung cấp"},
		"incumbent": {"1"}, "version": {"3"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "birth_date", "31/02/2020", "joined_on", "ba", "official_on", "1993-05-19").Encode())
	f.Add(with(ok, "full_name", "Nguye\u0302\u0303n Thi\u0323 Ba\u0300", "gender", " female ", "version", "9223372036854775808").Encode())
	f.Add(with(ok, "full_name", "  ", "gender", "nam", "birth_date", "1/1/1899", "home_town", "a\r\nb\x00c").Encode())
	f.Add(with(ok, "joined_on", "01/01/1970", "official_on", "31/12/1969").Encode())
	f.Add("full_name=%FF%FE&birth_date=29%2F02%2F2000&version=-1")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return // parseForm's refusal is FuzzCongressForm's concern
		}
		p, err := acceptPerson(readPersonForm(c))
		if err != nil {
			refusedCleanly(t, err, inOrder(personFieldOrder...))
			return
		}
		cleanText(t, p.FullName, p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.Education, p.Degree, p.TheoryLevel)
		for _, d := range []string{p.BirthDate, p.JoinedOn, p.OfficialOn} {
			if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
				t.Fatalf("accepted date %q", d)
			}
		}
		p2, err := acceptPerson(readPersonForm(repost(t, personFormValues(personFormOf(p)))))
		if err != nil {
			t.Fatalf("the edit form of an accepted person is refused: %v", congress.ErrorFields(err))
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip changed the person\n%+v\n%+v", p, p2)
		}
	})
}

// fuzzPersons is the roll the fuzzed election forms choose from.
var fuzzPersons = []congress.Person{{ID: 11, FullName: "Nguyễn Văn An"}, {ID: 12, FullName: "Trần Thị Bình"},
	{ID: 13, FullName: "Lê Văn Cường"}}

// electionFormValues is the election form as the page posts it back: a checkbox per chosen person.
func electionFormValues(f electionForm, persons []congress.Person) url.Values {
	v := url.Values{"body": {f.Body}, "seats": {f.Seats}, "list_kind": {f.ListKind}, "decision": {f.Decision}, "version": {f.Version}}
	for _, p := range persons {
		id := strconv.FormatInt(p.ID, 10)
		if f.Selected[p.ID] {
			v.Add("candidate", id)
		}
		v.Set("nominated_by_"+id, f.Nominated[p.ID])
		v.Set("floor_agree_"+id, f.FloorAgree[p.ID])
		v.Set("note_"+id, f.Note[p.ID])
	}
	return v
}

// acceptElection runs the election form through what createElection checks without a database:
// the typing errors, then Election.Validate, which the store calls first.
func acceptElection(form electionForm) (*store.ElectionInput, error) {
	fe := congress.FieldErrors{}
	in, _ := form.input(fe, fuzzPersons)
	if err := electionTypingErrors(in, fe); err != nil {
		return in, err
	}
	return in, in.Validate()
}

// storedElection is the election as the store keeps an accepted list (writeCandidates): the way
// onto the list defaults to the committee and the note is tidied. A negative count of those who
// agreed is the store's refusal, which needs the congress's attendance, so it is left out here.
func storedElection(in *store.ElectionInput) *store.ElectionView {
	ev := &store.ElectionView{Election: in.Election}
	ev.Candidates = nil
	for _, cd := range in.Candidates {
		if cd.NominatedBy == "" {
			cd.NominatedBy = congress.NominatedCommittee
		}
		cd.Note = congress.CleanText(cd.Note)
		ev.Candidates = append(ev.Candidates, cd)
	}
	return ev
}

// FuzzElectionForm drives the election form over a roll of three: readElectionForm, the form's
// input, the typing errors and Election.Validate; an accepted election shown again by
// electionFormOf and posted back is the same election with the same list.
func FuzzElectionForm(f *testing.F) {
	ok := url.Values{"body": {congress.BodyExecutive}, "seats": {"2"}, "list_kind": {congress.ListSurplus},
		"decision": {"Đại hội biểu quyết 100% đồng ý danh sách 3 người"}, "version": {"1"}, "candidate": {"11", "12", "13"},
		"nominated_by_11": {"committee"}, "nominated_by_13": {"floor"}, "floor_agree_13": {"40"}, "note_12": {"Tái cử"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "seats", "ba", "floor_agree_13", "9223372036854775808").Encode())
	f.Add(with(ok, "body", congress.BodySecretary, "seats", "1", "list_kind", congress.ListAgreeDisagree, "candidate", "12").Encode())
	f.Add(with(ok, "seats", "0", "candidate", []string{"99", " 11 ", "11", "x"}, "floor_agree_11", "-5").Encode())
	f.Add(with(ok, "decision", "Đa\u0323i ho\u0323i\r\nđồng ý\u2028", "note_11", "a\tb", "list_kind", "").Encode())
	f.Add("seats=&body=&candidate=")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		form := readElectionForm(c, fuzzPersons)
		in, err := acceptElection(form)
		if err != nil {
			refusedCleanly(t, err, func(k string) bool {
				return inOrder(electionFieldOrder...)(k) && (!strings.HasPrefix(k, "candidates[") || indexed(k, "candidates", len(in.CandidateIDs)))
			})
			return
		}
		cleanText(t, in.Body, in.ListKind)
		if len(in.CandidateIDs) != len(in.Candidates) {
			t.Fatalf("%d ids for %d candidates", len(in.CandidateIDs), len(in.Candidates))
		}
		for i, cd := range in.Candidates {
			if cd.PersonID != in.CandidateIDs[i] || !slices.ContainsFunc(fuzzPersons, func(p congress.Person) bool { return p.ID == cd.PersonID }) {
				t.Fatalf("candidate %d is person %d, not on the roll", i, cd.PersonID)
			}
		}
		stored := storedElection(in)
		if slices.ContainsFunc(stored.Candidates, func(cd congress.Candidate) bool { return cd.FloorAgree < 0 }) {
			return
		}
		in2, err := acceptElection(readElectionForm(repost(t, electionFormValues(electionFormOf(stored), fuzzPersons)), fuzzPersons))
		if err != nil {
			t.Fatalf("the edit form of an accepted election is refused: %v", congress.ErrorFields(err))
		}
		if !reflect.DeepEqual(stored, storedElection(in2)) || !slices.Equal(in.CandidateIDs, in2.CandidateIDs) {
			t.Fatalf("round trip changed the election\n%+v\n%+v", stored, storedElection(in2))
		}
	})
}

// acceptOrganization runs the organization form through what updateOrganization and the store
// check without a database.
func acceptOrganization(form organizationForm) (*congress.Organization, error) {
	version, _ := strconv.ParseInt(strings.TrimSpace(form.Version), 10, 64)
	o := &congress.Organization{ID: 7, Kind: form.Kind, Name: form.Name, Place: form.Place, Version: version}
	return o, o.Validate()
}

// FuzzOrganizationForm drives the add and edit form of an organization: readOrganizationForm, then
// Organization.Validate as the store calls it; an accepted organization shown again in the edit
// form (as renderOrganizationPage fills it) and posted back is the same organization.
func FuzzOrganizationForm(f *testing.F) {
	ok := url.Values{"kind": {congress.KindCell}, "name": {"Chi bộ Ấp Tân Hòa"}, "place": {"Đồng Tháp"}, "version": {"2"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "kind", "chi bộ", "name", "", "version", "ba").Encode())
	f.Add(with(ok, "name", "Đa\u0309ng bo\u0323 xã  Mỹ   An", "place", "Tháp\r\nMười\u00a0", "version", "99999999999999999999").Encode())
	f.Add(with(ok, "name", strings.Repeat("Đảng bộ ", 30), "place", strings.Repeat("x", 101)).Encode())
	f.Add("kind=%FF&name=%00%7F&place=")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		o, err := acceptOrganization(readOrganizationForm(c))
		if err != nil {
			refusedCleanly(t, err, inOrder("kind", "name", "place"))
			return
		}
		cleanText(t, o.Kind, o.Name, o.Place)
		back := url.Values{"kind": {o.Kind}, "name": {o.Name}, "place": {o.Place}, "version": {strconv.FormatInt(o.Version, 10)}}
		o2, err := acceptOrganization(readOrganizationForm(repost(t, back)))
		if err != nil {
			t.Fatalf("the edit form of an accepted organization is refused: %v", congress.ErrorFields(err))
		}
		if !reflect.DeepEqual(o, o2) {
			t.Fatalf("round trip changed the organization\n%+v\n%+v", o, o2)
		}
	})
}

// fuzzReviewCongress is the congress the fuzzed reviews belong to: term 2020–2025.
var fuzzReviewCongress = &congress.Congress{ID: 5, TermStart: 2020, TermEnd: 2025}

// fuzzReviewTarget is a target of fuzzReviewCongress: a share ("95% đảng viên …") or a head count.
func fuzzReviewTarget(share bool) *store.TargetRecord {
	t := &store.TargetRecord{Target: targets.Target{ID: 21, CongressID: 5, Subject: "đảng viên hoàn thành tốt nhiệm vụ",
		Comparator: targets.AtLeast, Value: 95, Unit: targets.Percent, Period: targets.Yearly, Category: targets.PartyBuilding,
		Sentence: "Hằng năm có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên."}}
	if !share {
		t.Unit, t.Value = targets.People, 40
	}
	return t
}

// reviewFormValues is the review form as the page posts it back.
func reviewFormValues(f reviewForm) url.Values {
	return url.Values{"year": {f.Year}, "numerator": {f.Numerator}, "denominator": {f.Denominator}, "source": {f.Source},
		"version": {f.Version}, "congress_id": {f.CongressID}}
}

// acceptReview runs the review form through what createReview and the store check without a
// database: the typing errors, the congress the form was opened from, then Review.Validate.
func acceptReview(form reviewForm, tg *store.TargetRecord) (*store.ReviewRecord, error) {
	fe := congress.FieldErrors{}
	r := form.review(fe, tg)
	if err := reviewTypingErrors(r, tg, fuzzReviewCongress, fe); err != nil {
		return r, err
	}
	if r.CongressID != 0 && r.CongressID != fuzzReviewCongress.ID {
		return r, congress.FieldErrors{"target_id": "Chỉ tiêu thuộc đại hội khác."}.Err(congress.EINVALID, "")
	}
	return r, r.Validate(tg.Target, fuzzReviewCongress.TermStart, fuzzReviewCongress.TermEnd)
}

// FuzzReviewForm drives the yearly review form of a share and of a head count: readReviewForm,
// reviewForm.review, the typing errors and Review.Validate; an accepted review, stored under its
// target's congress and shown again by reviewFormOf, posts back the same review.
func FuzzReviewForm(f *testing.F) {
	ok := url.Values{"year": {"2021"}, "numerator": {"19"}, "denominator": {"20"}, "source": {"Báo cáo kết quả đánh giá, xếp loại năm 2021"},
		"version": {"1"}, "congress_id": {"5"}}
	for _, share := range []bool{true, false} {
		f.Add(ok.Encode(), share)
		f.Add(with(ok, "year", "ba", "numerator", "21", "denominator", "").Encode(), share)
		f.Add(with(ok, "numerator", "1.200.000", "denominator", "9223372036854775808", "congress_id", "").Encode(), share)
		f.Add(with(ok, "year", "2019", "numerator", "-1", "denominator", "1.00", "congress_id", "6").Encode(), share)
		f.Add(with(ok, "source", "Ba\u0301o ca\u0301o\r\n\x00", "congress_id", "0", "version", "x").Encode(), share)
	}
	f.Fuzz(func(t *testing.T, body string, share bool) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		tg := fuzzReviewTarget(share)
		r, err := acceptReview(readReviewForm(c), tg)
		if err != nil {
			refusedCleanly(t, err, inOrder(reviewFieldOrder...))
			return
		}
		if !utf8.ValidString(r.Source) || strings.ContainsAny(r.Source, "\x00\r\t") {
			t.Fatalf("unclean source %q", r.Source)
		}
		stored := *r
		stored.CongressID = fuzzReviewCongress.ID // the store files it under its target's congress
		r2, err := acceptReview(readReviewForm(repost(t, reviewFormValues(reviewFormOf(&stored)))), tg)
		if err != nil {
			t.Fatalf("the edit form of an accepted review is refused: %v", congress.ErrorFields(err))
		}
		if r2.Review != r.Review || r2.Version != r.Version || r2.CongressID != stored.CongressID {
			t.Fatalf("round trip changed the review\n%+v\n%+v", stored, r2)
		}
	})
}

// setupFormValues is the setup form of a round as the page posts it back.
func setupFormValues(f setupForm) url.Values {
	v := url.Values{"counter_head": {f.Head}, "counter_member": f.Members, "entry_mode": {f.EntryMode}, "issued": {f.Issued},
		"version": {f.Version}}
	if f.DoubleEntry {
		v.Set("double_entry", "1")
	}
	for k, n := range f.Counts {
		v.Set(k, n)
	}
	return v
}

// setupKnown tells whether a message key is a field of the setup form.
var setupKnown = func(k string) bool {
	return slices.ContainsFunc(roundCountFields, func(cf countField) bool { return cf.Name == k }) ||
		inOrder("issued", "entry_mode", "double_entry", "counting_committee")(k)
}

// FuzzRoundSetupForm drives a round's setup form: readSetupForm and setupForm.round. The
// committee, attendance and modes are then checked by the store in its transaction (they depend
// on the congress and the ballots entered); what the form accepts, shown again by setupFormOf
// and posted back, must be the same round.
func FuzzRoundSetupForm(f *testing.F) {
	ok := url.Values{"counter_head": {"Nguyễn Văn An"}, "counter_member": {"Trần Thị Bình", "", "Lê Văn Cường"},
		"entry_mode": {congress.EntryBallots}, "double_entry": {"on"}, "issued": {"45"}, "version": {"4"},
		"convened": {"50"}, "present": {"45"}, "absent_with_reason": {"3"}, "exempt_absent": {"2"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "present", "ba", "issued", "2147483648", "convened", "-0").Encode())
	f.Add(with(ok, "entry_mode", " totals ", "double_entry", "", "counter_head", "  ", "issued", "9223372036854775808").Encode())
	f.Add(with(ok, "counter_member", []string{"\xff\xfe", "Nguye\u0302\u0303n  Văn\tAn", " "}, "suspended", "1e3").Encode())
	f.Add("counter_head=&counter_member=&issued=&version=")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		form := readSetupForm(c)
		fe := congress.FieldErrors{}
		r := form.round(fe, 31)
		if err := fe.Err(congress.EINVALID, ""); err != nil {
			refusedCleanly(t, err, setupKnown)
			return
		}
		if len(r.Counters) != len(form.Members)+min(1, len(form.Head)) {
			t.Fatalf("%d counters from head %q and %d members", len(r.Counters), form.Head, len(form.Members))
		}
		for i, m := range r.Counters {
			if m.Name == "" || !utf8.ValidString(m.Name) || m.Head != (i == 0 && form.Head != "") {
				t.Fatalf("counter %d: %+v", i, m)
			}
		}
		rv := &store.RoundView{Round: *r}
		fe2 := congress.FieldErrors{}
		r2 := readSetupForm(repost(t, setupFormValues(setupFormOf(rv)))).round(fe2, 31)
		if len(fe2) > 0 {
			t.Fatalf("the setup form of an accepted round is refused: %v", fe2)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip changed the round\n%+v\n%+v", r, r2)
		}
	})
}

// fuzzRound is a round of three candidates entered by totals.
func fuzzRound() *store.RoundView {
	return &store.RoundView{Round: congress.Round{ID: 41, Number: 1, Seats: 2, EntryMode: congress.EntryTotals, Version: 2},
		Candidates: []store.RoundCandidate{{PersonID: 11, FullName: "Nguyễn Văn An", Position: 1},
			{PersonID: 12, FullName: "Trần Thị Bình", Position: 2}, {PersonID: 13, FullName: "Lê Văn Cường", Position: 3}}}
}

// tallyFormValues is the totals form of a round as the page posts it back.
func tallyFormValues(f tallyForm) url.Values {
	v := url.Values{"issued": {f.Issued}, "collected": {f.Collected}, "valid": {f.Valid}, "invalid": {f.Invalid}, "version": {f.Version}}
	for code, n := range f.Reasons {
		v.Set("reason_"+code, n)
	}
	for _, x := range f.Extra {
		v.Add("extra_reason", x.Label)
		v.Add("extra_count", x.Count)
	}
	for id, n := range f.Votes {
		v.Set("votes_"+strconv.FormatInt(id, 10), n)
	}
	return v
}

// FuzzTallyForm drives the totals form of a round: readTallyForm and tallyForm.tally over a round
// of three candidates. The engine's consistency rules run in the store against the stored
// attendance; what the form accepts has a vote per candidate in order and reasons the store can
// keep, and, stored and shown again by tallyFormOf, posts back the same totals.
func FuzzTallyForm(f *testing.F) {
	ok := url.Values{"issued": {"45"}, "collected": {"45"}, "valid": {"43"}, "invalid": {"2"}, "version": {"2"},
		"reason_signed": {"1"}, "extra_reason": {"Gạch xóa không rõ"}, "extra_count": {"1"},
		"votes_11": {"40"}, "votes_12": {"30"}, "votes_13": {"15"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "valid", "ba", "votes_12", "2147483648", "collected", "").Encode())
	f.Add(with(ok, "extra_reason", []string{"", "Ghi thêm tên", strings.Repeat("Phiếu rách ", 7)}, "extra_count", []string{"1", "", "x"}).Encode())
	f.Add(with(ok, "extra_reason", []string{"signed", "Ke\u0301 thêm", " Kẻ thêm "}, "extra_count", []string{"2", "-1", "1"}).Encode())
	f.Add(with(ok, "votes_14", "9", "reason_other", "-3", "invalid", "9223372036854775808").Encode())
	f.Add("extra_count=1&extra_count=2&votes_11=%FF")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		rv := fuzzRound()
		form := readTallyForm(c, rv)
		fe := congress.FieldErrors{}
		tl := form.tally(fe, rv)
		if err := fe.Err(congress.EINVALID, ""); err != nil {
			refusedCleanly(t, err, func(k string) bool {
				code, isReason := strings.CutPrefix(k, "invalid_reasons.")
				return strings.HasPrefix(k, "ballots.") || isReason && slices.Contains(election.Reasons(), code) ||
					indexed(k, "extra_reasons", len(form.Extra)) || indexed(k, "candidates", len(rv.Candidates))
			})
			return
		}
		if len(tl.VotesList) != len(rv.Candidates) {
			t.Fatalf("%d votes for %d candidates", len(tl.VotesList), len(rv.Candidates))
		}
		for i, v := range tl.VotesList {
			if v.PersonID != rv.Candidates[i].PersonID {
				t.Fatalf("votes %d are for person %d", i, v.PersonID)
			}
		}
		for code := range tl.InvalidReasons {
			if code == "" || len(code) > maxReasonBytes || !utf8.ValidString(code) {
				t.Fatalf("reason %q", code)
			}
		}
		// The store refuses a negative count per reason, but rows of one reason are summed
		// here first: a negative row must be refused before a sum can hide it.
		typed := slices.Collect(maps.Values(form.Reasons))
		for _, x := range form.Extra {
			typed = append(typed, x.Count)
		}
		for _, s := range typed {
			if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n < 0 {
				t.Fatalf("a negative count %q is accepted: %v", s, tl.InvalidReasons)
			}
		}
		// Stored as the store does, then shown again.
		stored := fuzzRound()
		stored.Issued, stored.Collected, stored.Valid, stored.Invalid = tl.Issued, tl.Collected, tl.Valid, tl.Invalid
		stored.InvalidReasons, stored.Version = tl.InvalidReasons, tl.Version
		for i, v := range tl.VotesList {
			stored.Candidates[i].Votes = v.Votes
		}
		fe2 := congress.FieldErrors{}
		tl2 := readTallyForm(repost(t, tallyFormValues(tallyFormOf(stored))), rv).tally(fe2, rv)
		if len(fe2) > 0 {
			t.Fatalf("the totals form of an accepted tally is refused: %v", fe2)
		}
		if !reflect.DeepEqual(tl, tl2) {
			t.Fatalf("round trip changed the totals\n%+v\n%+v", tl, tl2)
		}
	})
}

// targetFormValues is the target form as the page posts it back.
func targetFormValues(f targetForm) url.Values {
	return url.Values{"subject": {f.Subject}, "sentence": {f.Sentence}, "comparator": {f.Comparator}, "value": {f.Value},
		"value_high": {f.ValueHigh}, "unit": {f.Unit}, "period": {f.Period}, "by_year": {f.ByYear}, "category": {f.Category},
		"parent_id": {f.ParentID}, "share_of": {f.ShareOf}, "base": {f.Base}, "rating_subject": {f.RatingSubject},
		"measure": {f.Measure}, "position": {f.Position}, "version": {f.Version}}
}

// acceptTarget runs the target form through what createTarget and the store check without a
// database: the typing errors, then Target.Validate.
func acceptTarget(form targetForm) (*store.TargetRecord, error) {
	fe := congress.FieldErrors{}
	tg := form.target(fe, 5)
	if err := targetTypingErrors(tg, fe); err != nil {
		return tg, err
	}
	return tg, tg.Validate()
}

// FuzzTargetForm drives the target form: readTargetForm, targetForm.target with its Vietnamese
// figures ("1.200.000", "2,5"), the typing errors and Target.Validate; an accepted target shown
// again by targetFormOf and posted back is the same target.
func FuzzTargetForm(f *testing.F) {
	ok := url.Values{"subject": {"đảng viên hoàn thành tốt nhiệm vụ trở lên"}, "sentence": {"Hằng năm có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên."},
		"comparator": {string(targets.AtLeast)}, "value": {"95"}, "unit": {string(targets.Percent)}, "period": {string(targets.Yearly)},
		"category": {string(targets.PartyBuilding)}, "share_of": {string(targets.ShareOfSubject)}, "position": {"1"}, "version": {"1"}}
	f.Add(ok.Encode())
	f.Add(with(ok, "value", "ba", "by_year", "31/02/2020", "position", "9223372036854775808").Encode())
	f.Add(with(ok, "value", "2,555", "comparator", string(targets.Between), "value_high", "1.200.000").Encode())
	f.Add(with(ok, "unit", string(targets.Money), "value", "1.200.000.000", "period", string(targets.ByYearEnd), "by_year", "2025").Encode())
	f.Add(with(ok, "value", "1e309", "parent_id", "0", "share_of", string(targets.ShareOfText), "base", "").Encode())
	f.Add(with(ok, "subject", "đa\u0309ng viên\r\n", "sentence", "a\r\nb\u2028", "value", "-0", "value_high", "NaN").Encode())
	f.Add(with(ok, "value", "2.5", "parent_id", "+3", "share_of", string(targets.ShareOfParentNumerator)).Encode())
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			return
		}
		tg, err := acceptTarget(readTargetForm(c))
		if err != nil {
			refusedCleanly(t, err, inOrder(targetFieldOrder...))
			return
		}
		cleanText(t, tg.Subject, tg.Base, tg.RatingSubject, string(tg.Measure))
		tg2, err := acceptTarget(readTargetForm(repost(t, targetFormValues(targetFormOf(tg)))))
		if err != nil {
			t.Fatalf("the edit form of an accepted target is refused: %v\n%+v", congress.ErrorFields(err), targetFormOf(tg))
		}
		if !reflect.DeepEqual(tg, tg2) {
			t.Fatalf("round trip changed the target\n%+v\n%+v", tg, tg2)
		}
	})
}

// auditContext is a Gin context asking for the trail with the raw query q.
func auditContext(q string) *gin.Context {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/audit", RawQuery: q}, Header: http.Header{}}
	return c
}

// FuzzAuditFilter drives the trail's filter: readAuditFilter over any query string, then
// storeFilter's dates. A refusal names the dates; an accepted filter has ISO dates and a page in
// range, and the trail's own link (query, as the pager writes it) reads back the same filter.
func FuzzAuditFilter(f *testing.F) {
	for _, q := range []string{
		"organization_id=3&congress_id=9&username=thuky&entity=ballot&from=01%2F01%2F2020&to=31%2F12%2F2020&page=2",
		"from=31%2F02%2F2020&to=ba&page=-1",
		"from=2020-05-28&to=28%2F5%2F2020&page=9223372036854775808&organization_id=9223372036854775807",
		"username=Nguye%CC%82%CC%83n+%FF&entity=%00&congress_id=+5&page=+3",
		"username=" + strings.Repeat("%E1%BB%87", 70) + "&from=" + strings.Repeat("1", 25),
		"%zz&page=2&page=3&from=",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		form := readAuditFilter(auditContext(q))
		fe := congress.FieldErrors{}
		sf := form.storeFilter(fe, (form.Page-1)*auditPageSize, auditPageSize)
		if err := fe.Err(congress.EINVALID, ""); err != nil {
			refusedCleanly(t, err, inOrder("from", "to"))
			return
		}
		for _, d := range []string{sf.From, sf.To} {
			if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
				t.Fatalf("accepted date %q", d)
			}
		}
		if form.Page < 1 || form.Page > 1_000_000 || sf.Offset < 0 || form.OrganizationID < 0 || form.CongressID < 0 {
			t.Fatalf("filter %+v", form)
		}
		link := form.query(form.Page)
		u, err := url.Parse(link)
		if err != nil {
			t.Fatalf("the trail's link %q: %v", link, err)
		}
		form2 := readAuditFilter(auditContext(u.RawQuery))
		if form2 != form {
			t.Fatalf("the trail's link %q reads back another filter\n%+v\n%+v", link, form, form2)
		}
	})
}
