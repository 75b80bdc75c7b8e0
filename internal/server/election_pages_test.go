package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// TestPersonPages: the roll of candidates lists, adds with dates typed dd/mm/yyyy, edits with a
// version, and keeps what was typed beside the messages when it refuses.
func TestPersonPages(t *testing.T) {
	f := newFixture(t)
	list := fmt.Sprintf("/congresses/%d/persons", f.cKHCN.ID)
	w := f.get(uSecKHCN, list)
	wantStatus(t, w, 200, "roll")
	wantText(t, w, "Danh sách trích ngang", `action="`+list+`"`, "Chưa có ai trong danh sách.")
	// Staff read the roll without the form.
	w = f.get(uStaff, list)
	wantStatus(t, w, 200, "roll as staff")
	if strings.Contains(w.Body.String(), `name="full_name"`) {
		t.Error("staff see the add form")
	}

	form := url.Values{"full_name": {"Nguyễn  Văn   Bình"}, "birth_date": {"5/3/1970"}, "gender": {"male"},
		"ethnicity": {"Kinh"}, "religion": {"Không"}, "home_town": {"Cao Lãnh"}, "position": {"Phó Giám đốc"},
		"joined_on": {"19/05/1995"}, "official_on": {"19/05/1996"}, "education": {"12/12"}, "degree": {"Thạc sĩ"},
		"theory_level": {"Cao cấp"}, "incumbent": {"1"}}
	loc := wantRedirect(t, f.post(uSecKHCN, list, form), list+"#person-", "add")
	id := idAfter(t, loc, "#person-")
	p, err := f.store.FindPersonByID(context.Background(), congress.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.FullName != "Nguyễn Văn Bình" || p.BirthDate != "1970-03-05" || p.JoinedOn != "1995-05-19" || !p.Incumbent {
		t.Errorf("stored %+v", p)
	}
	w = f.get(uSecKHCN, list)
	wantText(t, w, "Nguyễn Văn Bình", "05/03/1970", "19/05/1995", `href="/persons/`+fmt.Sprint(id)+`/edit"`)

	// A date that is not a date: 422, the message beside it, what was typed kept.
	w = f.post(uSecKHCN, list, with(form, "birth_date", "31/02/1970", "full_name", "Trần Thị Hoa"))
	wantStatus(t, w, 422, "bad date")
	wantText(t, w, `value="31/02/1970"`, `value="Trần Thị Hoa"`, "Ngày sinh &#34;31/02/1970&#34; không đúng dạng ngày/tháng/năm")

	edit := fmt.Sprintf("/persons/%d", id)
	w = f.get(uSecKHCN, edit+"/edit")
	wantStatus(t, w, 200, "edit form")
	wantText(t, w, `value="05/03/1970"`, `name="version" value="1"`)
	wantRedirect(t, f.post(uSecKHCN, edit, with(form, "version", "1", "position", "Giám đốc")), list, "edit")
	// The same form again carries version 1, now stale: 409, typed value kept.
	w = f.post(uSecKHCN, edit, with(form, "version", "1", "position", "Phó Giám đốc Sở"))
	wantStatus(t, w, 409, "stale edit")
	wantText(t, w, `value="Phó Giám đốc Sở"`, "đã được người khác sửa")
	if p, _ := f.store.FindPersonByID(context.Background(), congress.System, id); p.Position != "Giám đốc" || p.Version != 2 {
		t.Errorf("after the stale edit: %+v", p)
	}
}

// TestElectionTotalsFlow runs an election from the pages alone: create it with its list, open a
// round by totals, set up the counting committee, enter the totals, read the result, close, print,
// download, reopen with a reason and close again with the same minutes number.
func TestElectionTotalsFlow(t *testing.T) {
	f := newFixture(t)
	cg := f.cKHCN // members' congress: 45 convened, 43 present, 2 absent with reason → base 43
	ids := f.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường", "Ngô Thị Dung")
	an, bich, cuong, dung := ids["Lê Văn An"], ids["Trần Thị Bích"], ids["Phạm Văn Cường"], ids["Ngô Thị Dung"]

	w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/elections/new", cg.ID))
	wantStatus(t, w, 200, "new election form")
	wantText(t, w, `<option value="executive"`, `<option value="delegate_official"`, "Ban Thường vụ (phiên họp thứ nhất)")
	if strings.Contains(w.Body.String(), `value="cell_committee"`) {
		t.Error("a grassroots committee is offered a cell committee")
	}

	// A list of 6 for 3 seats breaks rule 6: the warning shows with the decision, nothing refused.
	w = f.post(uSecKHCN, fmt.Sprintf("/congresses/%d/elections", cg.ID), url.Values{"body": {"executive"}, "seats": {"ba"},
		"list_kind": {"surplus"}, "candidate": idValues(an, bich, cuong, dung)})
	wantStatus(t, w, 422, "seats not a number")
	wantText(t, w, "Số lượng cần bầu phải là số nguyên", `value="ba"`)

	create := url.Values{"body": {"executive"}, "seats": {"3"}, "list_kind": {"surplus"},
		"candidate": idValues(an, bich, cuong, dung), "decision": {"Đại hội biểu quyết 100% thông qua danh sách 4 đồng chí."},
		fmt.Sprintf("nominated_by_%d", dung): {"floor"}, fmt.Sprintf("floor_agree_%d", dung): {"20"}}
	loc := wantRedirect(t, f.post(uSecKHCN, fmt.Sprintf("/congresses/%d/elections", cg.ID), create), "/elections/", "create election")
	eid := idAfter(t, loc, "/elections/")
	ev := f.election(eid)
	if ev.Seats != 3 || len(ev.Candidates) != 4 || ev.Decision == "" {
		t.Fatalf("stored election %+v", ev.Election)
	}
	for _, cd := range ev.Candidates {
		if cd.PersonID == dung && (cd.NominatedBy != "floor" || cd.FloorAgree != 20) {
			t.Errorf("floor nomination stored as %+v", cd)
		}
	}
	w = f.get(uSecKHCN, loc)
	wantStatus(t, w, 200, "election page")
	wantText(t, w, "Bầu Ban Chấp hành", "Lê Văn An", "Đại hội đề cử (20/43 có mặt đồng ý)", "Mở vòng 1", "Đại hội biểu quyết 100%")

	// Edit: one seat more would make the list not longer than the seats; the engine warns.
	w = f.get(uSecKHCN, loc+"/edit")
	wantStatus(t, w, 200, "edit election")
	edit := with(create, "version", "1", "seats", "4")
	wantRedirect(t, f.post(uSecKHCN, loc, edit), loc, "edit election")
	w = f.get(uSecKHCN, loc)
	wantText(t, w, "phải nhiều hơn số lượng cần bầu")
	wantRedirect(t, f.post(uSecKHCN, loc, with(create, "version", "2")), loc, "edit back")

	// Open round 1 by totals.
	rloc := wantRedirect(t, f.post(uSecKHCN, loc+"/rounds", url.Values{"seats": {"3"}, "entry_mode": {"totals"},
		"candidate_id": idValues(an, bich, cuong, dung)}), "/rounds/", "open round")
	rid := idAfter(t, rloc, "/rounds/")
	w = f.get(uSecKHCN, rloc)
	wantStatus(t, w, 200, "round page")
	wantText(t, w, `action="/rounds/`+fmt.Sprint(rid)+`/tally"`, `action="/rounds/`+fmt.Sprint(rid)+`/setup"`,
		"Lý do khác, ghi rõ (do đại hội quy định)", "Phiếu có ký tên hoặc đánh dấu riêng")

	setup := url.Values{"version": {"1"}, "counter_head": {"Hồ Văn Kiểm"}, "counter_member": {"Đỗ Thị Phiếu", "", "Võ Văn Đếm"},
		"convened": {"45"}, "present": {"43"}, "absent_with_reason": {"2"}, "entry_mode": {"totals"}, "issued": {"43"}}
	wantRedirect(t, f.post(uSecKHCN, rloc+"/setup", setup), rloc, "setup")
	rv := f.round(rid)
	if len(rv.Counters) != 3 || !rv.Counters[0].Head || rv.Counters[2].Name != "Võ Văn Đếm" || rv.Issued != 43 || rv.Version != 2 {
		t.Fatalf("setup stored %+v", rv.Round)
	}

	tally := url.Values{"version": {"2"}, "issued": {"43"}, "collected": {"43"}, "valid": {"41"}, "invalid": {"2"},
		"reason_signed": {"1"}, "extra_reason": {"Viết thêm ký hiệu", ""}, "extra_count": {"1", ""},
		fmt.Sprintf("votes_%d", an): {"40"}, fmt.Sprintf("votes_%d", bich): {"30"},
		fmt.Sprintf("votes_%d", cuong): {"25"}, fmt.Sprintf("votes_%d", dung): {"10"}}
	// valid + invalid ≠ collected: 422, the engine's sentence names the figures, nothing saved.
	before := f.electionDigest()
	w = f.post(uSecKHCN, rloc+"/tally", with(tally, "valid", "40"))
	wantStatus(t, w, 422, "inconsistent tally")
	wantText(t, w, "Số phiếu hợp lệ (40) cộng không hợp lệ (2) phải bằng số phiếu thu vào (43)", `name="valid" value="40"`)
	if f.electionDigest() != before {
		t.Error("an inconsistent tally changed the record")
	}
	wantRedirect(t, f.post(uSecKHCN, rloc+"/tally", tally), rloc, "tally")
	rv = f.round(rid)
	if rv.Valid != 41 || rv.InvalidReasons["signed"] != 1 || rv.InvalidReasons["Viết thêm ký hiệu"] != 1 || rv.Votes[an] != 40 {
		t.Fatalf("tally stored %+v", rv.Round)
	}
	// A second clerk's form made from version 2 is stale now: 409, what they typed is kept.
	w = f.post(uSecKHCN, rloc+"/tally", with(tally, fmt.Sprintf("votes_%d", an), "39"))
	wantStatus(t, w, 409, "stale tally")
	wantText(t, w, fmt.Sprintf(`name="votes_%d" value="39"`, an), "đã được người khác sửa", `name="version" value="3"`)

	w = f.get(uSecKHCN, rloc)
	// Threshold 22 of 43: An 40 (93,02%), Bích 30, Cường 25 elected; Dung 10 not.
	wantText(t, w, "ít nhất <strong>22 phiếu</strong>", "93,02%", "69,77%", "23,26%", "Trúng cử", "Không trúng cử", "Kết thúc và khóa vòng 1")

	wantRedirect(t, f.post(uSecKHCN, rloc+"/close", url.Values{}), rloc, "close")
	rv = f.round(rid)
	if !rv.Closed || rv.DocumentNumber != 1 || len(rv.Fingerprint) != 64 {
		t.Fatalf("closed round %+v", rv.Round)
	}
	w = f.get(uSecKHCN, rloc)
	wantText(t, w, "Số 01-BB/ĐH", rv.Fingerprint, "Đã bầu đủ số lượng.", "Mở lại vòng bầu")
	if strings.Contains(w.Body.String(), `action="/rounds/`+fmt.Sprint(rid)+`/tally"`) {
		t.Error("a closed round offers the tally form")
	}

	minutes := fmt.Sprintf("/congresses/%d/rounds/%d/minutes", cg.ID, rid)
	w = f.get(uStaff, minutes)
	wantStatus(t, w, 200, "minutes")
	wantText(t, w, "BIÊN BẢN KIỂM PHIẾU", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH ĐỒNG THÁP", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 01-BB/ĐH",
		"Đồng Tháp, ngày", "Hồ Văn Kiểm", "TRƯỞNG BAN KIỂM PHIẾU", "93,02%", "Viết thêm ký hiệu", rv.Fingerprint,
		"Căn cứ Điều 32, Quyết định 244-QĐ/TW", "Đại hội đề cử, 20/43 đồng ý")
	w = f.get(uStaff, minutes+".xlsx")
	wantStatus(t, w, 200, "minutes.xlsx")
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := w.Header().Get("Content-Type"); ct != xlsxType {
		t.Errorf("Content-Type %q", ct)
	}
	w = f.get(uStaff, fmt.Sprintf("/congresses/%d/rounds/%d/ballots/print?copies=3", cg.ID, rid))
	wantStatus(t, w, 200, "ballots")
	if n := strings.Count(w.Body.String(), `<article class="ballot"`); n != 3 {
		t.Errorf("%d ballots printed, want 3", n)
	}
	wantText(t, w, "PHIẾU BẦU CỬ", "Lê Văn An", "gạch ngang cả họ và tên")

	// Reopening needs a reason: without one, 422 and still closed.
	w = f.post(uSecKHCN, rloc+"/reopen", url.Values{"reason": {" "}})
	wantStatus(t, w, 422, "reopen without reason")
	wantText(t, w, "phải ghi lý do")
	if !f.round(rid).Closed {
		t.Fatal("reopened without a reason")
	}
	wantRedirect(t, f.post(uSecKHCN, rloc+"/reopen", url.Values{"reason": {"Ban kiểm phiếu đếm lại phiếu của đồng chí An"}}), rloc, "reopen")
	if f.round(rid).Closed {
		t.Fatal("still closed after reopening")
	}
	wantRedirect(t, f.post(uSecKHCN, rloc+"/close", url.Values{}), rloc, "close again")
	if rv2 := f.round(rid); rv2.DocumentNumber != 1 || rv2.Fingerprint != rv.Fingerprint {
		t.Errorf("closing again: number %d, fingerprint changed %v", rv2.DocumentNumber, rv2.Fingerprint != rv.Fingerprint)
	}

	// The congress page shows the election, the new committee and who was re-elected.
	w = f.get(uStaff, fmt.Sprintf("/congresses/%d", cg.ID))
	wantStatus(t, w, 200, "congress page")
	wantText(t, w, "Bầu Ban Chấp hành", "Ban Chấp hành khóa II", "Tái cử", "Lần đầu", "93,02%", "Vòng 1 · Số 01-BB/ĐH")
}

// TestRunoffAndShortfall: a tie at the last seat offers a re-vote among the tied only for the
// seats left; a shortfall offers another round or ending with vacant seats.
func TestRunoffAndShortfall(t *testing.T) {
	f := newFixture(t)
	cg := f.cKHCN
	ids := f.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường", "Ngô Thị Dung")
	an, bich, cuong, dung := ids["Lê Văn An"], ids["Trần Thị Bích"], ids["Phạm Văn Cường"], ids["Ngô Thị Dung"]
	ev := f.mustElection(cg.ID, congress.BodyExecutive, congress.ListSurplus, 3, an, bich, cuong, dung)
	att := cg.Attendance
	rv := f.mustTotalsRound(ev.ID, att)
	f.mustTally(rv, 0, map[int64]int{an: 40, bich: 30, cuong: 25, dung: 25})
	w := f.get(uSecKHCN, fmt.Sprintf("/rounds/%d", rv.ID))
	wantText(t, w, "bằng số phiếu nhau ở vị trí cuối", "Bằng phiếu – bầu lại")
	f.mustClose(rv.ID)

	// The election page offers round 2 for the 1 seat the tie left, with the tied checked.
	page := fmt.Sprintf("/elections/%d", ev.ID)
	w = f.get(uSecKHCN, page)
	wantText(t, w, "Mở vòng 2", "bầu lại 1 chỗ", `name="seats" value="1"`,
		fmt.Sprintf(`value="%d" checked> Phạm Văn Cường`, cuong), fmt.Sprintf(`value="%d" checked> Ngô Thị Dung`, dung))
	// An elected person cannot stand again: 422 beside their name, nothing changed.
	before := f.electionDigest()
	w = f.post(uSecKHCN, page+"/rounds", url.Values{"seats": {"1"}, "entry_mode": {"totals"}, "candidate_id": idValues(an, cuong)})
	wantStatus(t, w, 422, "elected again")
	wantText(t, w, "đã trúng cử ở vòng trước")
	if f.electionDigest() != before {
		t.Error("a refused round changed the record")
	}
	loc := wantRedirect(t, f.post(uSecKHCN, page+"/rounds", url.Values{"seats": {"1"}, "entry_mode": {"totals"},
		"candidate_id": idValues(cuong, dung)}), "/rounds/", "runoff round")
	r2 := f.round(idAfter(t, loc, "/rounds/"))
	if r2.Number != 2 || r2.Seats != 1 || len(r2.Candidates) != 2 || len(r2.Counters) != 2 {
		t.Fatalf("runoff round %+v with %d names", r2.Round, len(r2.Candidates))
	}
	// Both fall short: the seat stays open; the congress stops and leaves it vacant.
	f.mustTally(r2, 0, map[int64]int{cuong: 20, dung: 21})
	f.mustClose(r2.ID)
	w = f.get(uSecKHCN, page)
	wantText(t, w, "Mở vòng 3", "Dừng bầu, để khuyết 1 chỗ")
	wantRedirect(t, f.post(uSecKHCN, page+"/end", url.Values{"note": {"Đại hội biểu quyết không bầu tiếp."}}), page, "end")
	if e := f.election(ev.ID); e.State != "done" || e.Remaining != 1 {
		t.Fatalf("after ending: %s, %d remaining", e.State, e.Remaining)
	}
	w = f.get(uSecKHCN, page)
	wantText(t, w, "còn khuyết 1 chỗ")
	if strings.Contains(w.Body.String(), "Mở vòng 3") {
		t.Error("an ended election offers another round")
	}
	w = f.get(uStaff, fmt.Sprintf("/congresses/%d", cg.ID))
	wantText(t, w, "Kết thúc, khuyết 1", "Ban Chấp hành: khuyết 1 chỗ")
}

// TestCellSecretaryAppointment: a cell that elects nobody as secretary in three rounds records the
// higher committee's appointment, not an election.
func TestCellSecretaryAppointment(t *testing.T) {
	f := newFixture(t)
	cg := f.cCell // 11 convened, 10 present, 1 absent with reason: base 10, 5 votes do not elect
	ids := f.mustPersons(cg.ID, "Võ Thị Hoa", "Đinh Văn Khánh")
	hoa, khanh := ids["Võ Thị Hoa"], ids["Đinh Văn Khánh"]
	ev := f.mustElection(cg.ID, congress.BodySecretary, congress.ListAgreeDisagree, 1, hoa)
	page := fmt.Sprintf("/elections/%d", ev.ID)
	for round := 1; round <= 3; round++ {
		rv := f.mustTotalsRound(ev.ID, cg.Attendance)
		f.mustTally(rv, 0, map[int64]int{hoa: 5})
		f.mustClose(rv.ID)
		if round < 3 && strings.Contains(f.get(uSecCell, page).Body.String(), "Ghi cấp trên chỉ định") {
			t.Fatalf("appointment offered after round %d", round)
		}
	}
	w := f.get(uSecCell, page)
	wantText(t, w, "Ghi cấp trên chỉ định bí thư", "đã bầu 3 lần")
	// The decision's number is required.
	w = f.post(uSecCell, page+"/appoint", url.Values{"person_id": {fmt.Sprint(khanh)}, "note": {""}})
	wantStatus(t, w, 422, "appoint without decision")
	wantText(t, w, "Ghi số, ngày quyết định chỉ định")
	w = f.post(uSecCell, page+"/appoint", url.Values{"person_id": {"999999"}, "note": {"Quyết định số 12-QĐ/ĐU"}})
	wantStatus(t, w, 422, "appoint an unknown person")
	// The store refuses on its own a person of another congress in the actor's scope.
	other := f.mustPersons(f.cKHCN.ID, "Lê Văn Tám")["Lê Văn Tám"]
	before := f.digest()
	err := f.store.AppointToElection(context.Background(), f.users[uAdmin], ev.ID, other, "Quyết định số 12-QĐ/ĐU")
	if congress.ErrorCode(err) != congress.EINVALID || !strings.Contains(congress.ErrorMessage(err), "không có trong danh sách đảng viên") {
		t.Fatalf("appoint a person of another congress: %v", err)
	}
	if f.digest() != before {
		t.Fatal("a refused appointment changed the record")
	}
	wantRedirect(t, f.post(uSecCell, page+"/appoint", url.Values{"person_id": {fmt.Sprint(khanh)},
		"note": {"Quyết định số 12-QĐ/ĐU ngày 20/4/2025 của Đảng ủy"}}), page, "appoint")
	e := f.election(ev.ID)
	if e.AppointedPersonID == nil || *e.AppointedPersonID != khanh || e.State != "done" || len(e.Elected) != 0 {
		t.Fatalf("after appointment %+v", e.Election)
	}
	w = f.get(uSecCell, page)
	wantText(t, w, "Đinh Văn Khánh</strong> được cấp trên chỉ định (không phải trúng cử)")
	w = f.get(uSecCell, fmt.Sprintf("/congresses/%d", cg.ID))
	wantText(t, w, "Đinh Văn Khánh (cấp trên chỉ định)")
}

// TestMinutesOfOpenRound: an open round's print view is a draft without number; its workbook is
// refused until the round is closed.
func TestMinutesOfOpenRound(t *testing.T) {
	f := newFixture(t)
	cg := f.cKHCN
	ids := f.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích")
	ev := f.mustElection(cg.ID, congress.BodyDelegateOfficial, congress.ListSurplus, 1, ids["Lê Văn An"], ids["Trần Thị Bích"])
	rv := f.mustTotalsRound(ev.ID, cg.Attendance)
	f.mustTally(rv, 0, map[int64]int{ids["Lê Văn An"]: 30, ids["Trần Thị Bích"]: 13})
	w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/rounds/%d/minutes", cg.ID, rv.ID))
	wantStatus(t, w, 200, "draft minutes")
	wantText(t, w, "Bản xem trước", "Số ….-BB/ĐH", "ngày … tháng … năm …", "Bầu đại biểu chính thức dự Đại hội Đảng bộ Khối các cơ quan tỉnh Đồng Tháp")
	w = f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/rounds/%d/minutes.xlsx", cg.ID, rv.ID))
	wantStatus(t, w, 409, "workbook of an open round")
	// A round asked for under another congress is not found.
	w = f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/rounds/%d/minutes", f.cCell.ID, rv.ID))
	wantStatus(t, w, http.StatusNotFound, "round under another congress")
}
