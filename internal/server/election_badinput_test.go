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

// TestElectionBadInput sends every election form and API route input it must refuse — wrong
// types, huge and negative numbers, unknown ids, other organizations' ids, closed rounds, stale
// versions — and checks each answer is the expected 4xx (never a 5xx) with nothing changed in
// the record or the audit trail.
func TestElectionBadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cg := f.cKHCN
	p := f.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường", "Ngô Thị Dung", "Đỗ Văn Em")
	an, bich, cuong, dung := p["Lê Văn An"], p["Trần Thị Bích"], p["Phạm Văn Cường"], p["Ngô Thị Dung"]

	// An open executive round by totals (version 1).
	exec := f.mustElection(cg.ID, congress.BodyExecutive, congress.ListSurplus, 3, an, bich, cuong, dung)
	open := f.mustTotalsRound(exec.ID, cg.Attendance)
	// Official delegates, closed and done.
	official := f.mustElection(cg.ID, congress.BodyDelegateOfficial, congress.ListSurplus, 1, an, bich)
	closed := f.mustTotalsRound(official.ID, cg.Attendance)
	f.mustTally(closed, 0, map[int64]int{an: 30, bich: 13})
	f.mustClose(closed.ID)
	// Alternates: round 1 closed short of the threshold, round 2 open — round 1 is not the last.
	alt := f.mustElection(cg.ID, congress.BodyDelegateAlternate, congress.ListSurplus, 1, bich)
	altFirst := f.mustTotalsRound(alt.ID, cg.Attendance)
	f.mustTally(altFirst, 0, map[int64]int{bich: 10})
	f.mustClose(altFirst.ID)
	f.mustTotalsRound(alt.ID, cg.Attendance)
	// A round entered ballot by ballot.
	insp := f.mustElection(cg.ID, congress.BodyInspection, congress.ListAgreeDisagree, 2, cuong, dung)
	br := &congress.Round{Attendance: cg.Attendance, EntryMode: congress.EntryBallots, Issued: 43,
		Counters: []congress.CountingMember{{Name: "Hồ Văn Kiểm", Head: true}}}
	if err := f.store.CreateRound(ctx, congress.System, insp.ID, br); err != nil {
		t.Fatal(err)
	}
	// Another organization's records.
	tp := f.mustPersons(f.cTC.ID, "Mai Văn Tài", "Hà Thị Chính")
	tcExec := f.mustElection(f.cTC.ID, congress.BodyExecutive, congress.ListSurplus, 1, tp["Mai Văn Tài"], tp["Hà Thị Chính"])
	tcRound := f.mustTotalsRound(tcExec.ID, f.cTC.Attendance)

	cid := fmt.Sprint(cg.ID)
	persons := "/congresses/" + cid + "/persons"
	person := fmt.Sprintf("/persons/%d", an)
	elections := "/congresses/" + cid + "/elections"
	election := fmt.Sprintf("/elections/%d", exec.ID)
	round := fmt.Sprintf("/rounds/%d", open.ID)
	closedPath := fmt.Sprintf("/rounds/%d", closed.ID)
	tcPerson, tcElection, tcRoundPath := fmt.Sprintf("/persons/%d", tp["Mai Văn Tài"]), fmt.Sprintf("/elections/%d", tcExec.ID), fmt.Sprintf("/rounds/%d", tcRound.ID)
	minutes := fmt.Sprintf("/congresses/%d/rounds/%d", cg.ID, closed.ID)

	personForm := url.Values{"full_name": {"Hoàng Văn Phúc"}, "birth_date": {"01/02/1980"}, "gender": {"male"}}
	electionForm := url.Values{"body": {"standing"}, "seats": {"1"}, "list_kind": {"surplus"}, "candidate": idValues(an, bich)}
	editForm := url.Values{"version": {"1"}, "seats": {"3"}, "list_kind": {"surplus"}, "candidate": idValues(an, bich, cuong, dung)}
	setupForm := url.Values{"version": {"1"}, "counter_head": {"Hồ Văn Kiểm"}, "convened": {"45"}, "present": {"43"},
		"absent_with_reason": {"2"}, "entry_mode": {"totals"}, "issued": {"43"}}
	vote := func(id int64) string { return fmt.Sprintf("votes_%d", id) }
	tallyForm := url.Values{"version": {"1"}, "issued": {"43"}, "collected": {"43"}, "valid": {"43"}, "invalid": {"0"},
		vote(an): {"40"}, vote(bich): {"30"}, vote(cuong): {"20"}, vote(dung): {"10"}}
	tallyJSON := func(kv ...any) string {
		m := map[string]any{"version": 1, "issued": 43, "collected": 43, "valid": 43, "invalid": 0,
			"votes": []map[string]any{{"person_id": an, "votes": 40}, {"person_id": bich, "votes": 30}}}
		return mustJSON(m, kv...)
	}
	electionJSON := func(kv ...any) string {
		return mustJSON(map[string]any{"body": "standing", "seats": 1, "candidates": []map[string]any{{"person_id": an}, {"person_id": bich}}}, kv...)
	}
	personJSON := func(kv ...any) string {
		return mustJSON(map[string]any{"full_name": "Hoàng Văn Phúc", "birth_date": "1980-02-01"}, kv...)
	}
	setupJSON := func(kv ...any) string {
		return mustJSON(map[string]any{"version": 1, "entry_mode": "totals", "issued": 43,
			"attendance":         map[string]any{"convened": 45, "present": 43, "absent_with_reason": 2},
			"counting_committee": []map[string]any{{"name": "Hồ Văn Kiểm", "head": true}}}, kv...)
	}

	type tc struct {
		name  string
		r     req
		code  int
		field string // API: the field the error names
		text  string // pages: a message the page shows
	}
	post := func(path string, form url.Values) req {
		return req{method: http.MethodPost, path: path, as: uSecKHCN, form: form}
	}
	get := func(path string) req { return req{method: http.MethodGet, path: path, as: uSecKHCN} }
	api := func(method, path, body string) req {
		return req{method: method, path: path, bearer: uSecKHCN, json: body}
	}
	cases := []tc{
		// Persons.
		{"Person/NameEmpty", post(persons, with(personForm, "full_name", "  ")), 422, "", "Họ tên không được để trống"},
		{"Person/DateGarbage", post(persons, with(personForm, "birth_date", "hôm qua")), 422, "", "Ngày sinh &#34;hôm qua&#34;"},
		{"Person/DateImpossible", post(persons, with(personForm, "joined_on", "30/02/2000")), 422, "", "Ngày vào Đảng"},
		{"Person/JoinedBefore18", post(persons, with(personForm, "joined_on", "01/01/1990")), 422, "", "phải sau ngày đủ 18 tuổi"},
		{"Person/GenderUnknown", post(persons, with(personForm, "gender", "x")), 422, "", "Giới tính"},
		{"Person/PositionTooLong", post(persons, with(personForm, "position", strings.Repeat("Chức vụ ", 60))), 422, "", "tối đa 300"},
		{"Person/TooLarge", post(persons, with(personForm, "position", oversized)), 413, "", ""},
		{"Person/Malformed", req{method: http.MethodPost, path: persons, as: uSecKHCN, body: strings.NewReader("full_name=%zz"), contentType: "application/x-www-form-urlencoded"}, 400, "", ""},
		{"Person/UnknownCongress", post("/congresses/999999/persons", personForm), 404, "", ""},
		{"Person/OtherOrganization", post(fmt.Sprintf("/congresses/%d/persons", f.cTC.ID), personForm), 404, "", ""},
		{"PersonEdit/Stale", post(person, with(personForm, "version", "7")), 409, "", "đã được người khác sửa"},
		{"PersonEdit/Unknown", post("/persons/999999", with(personForm, "version", "1")), 404, "", ""},
		{"PersonEdit/IDGarbage", post("/persons/1e3", with(personForm, "version", "1")), 404, "", ""},
		{"PersonEdit/OtherOrganization", post(tcPerson, with(personForm, "version", "1")), 404, "", ""},
		{"PersonEdit/OtherOrganizationForm", get(tcPerson + "/edit"), 404, "", ""},

		// Elections.
		{"Election/SeatsText", post(elections, with(electionForm, "seats", "một")), 422, "", "phải là số nguyên"},
		{"Election/SeatsNegative", post(elections, with(electionForm, "seats", "-1")), 422, "", "phải từ 1 đến 500"},
		{"Election/SeatsHuge", post(elections, with(electionForm, "seats", "99999999999999999999")), 422, "", "vượt quá giới hạn"},
		{"Election/SeatsZero", post(elections, with(electionForm, "seats", "0")), 422, "", "phải từ 1 đến 500"},
		{"Election/BodyUnknown", post(elections, with(electionForm, "body", "politburo")), 422, "", "không hợp lệ"},
		{"Election/BodyDuplicate", post(elections, with(electionForm, "body", "executive", "seats", "3", "candidate", idValues(an, bich, cuong, dung))), 409, "", "Đại hội đã có cuộc bầu Ban Chấp hành"},
		{"Election/CellCommitteeAtGrassroots", post(elections, with(electionForm, "body", "cell_committee")), 422, "", "Chỉ chi bộ mới bầu chi ủy"},
		{"Election/NoCandidates", post(elections, with(electionForm, "candidate", nil)), 422, "", "Danh sách bầu cử chưa có ai"},
		{"Election/OtherOrganizationsPerson", post(elections, with(electionForm, "candidate", idValues(an, tp["Mai Văn Tài"]))), 422, "", ""},
		{"Election/StandingOutsideCommittee", post(elections, with(electionForm, "candidate", idValues(p["Đỗ Văn Em"]))), 422, "", "không phải ủy viên Ban Chấp hành"},
		{"Election/UnknownCongress", post("/congresses/999999/elections", electionForm), 404, "", ""},
		{"Election/OtherOrganization", post(fmt.Sprintf("/congresses/%d/elections", f.cTC.ID), electionForm), 404, "", ""},
		{"ElectionEdit/Stale", post(election, with(editForm, "version", "0")), 409, "", "đã được người khác sửa"},
		{"ElectionEdit/FloorAgreeNegative", post(election, with(editForm, fmt.Sprintf("nominated_by_%d", dung), "floor", fmt.Sprintf("floor_agree_%d", dung), "-4")), 422, "", "phải từ 0 đến số có mặt"},
		{"ElectionEdit/FloorAgreeHuge", post(election, with(editForm, fmt.Sprintf("floor_agree_%d", dung), "1e9")), 422, "", "phải là số nguyên"},
		{"ElectionEdit/FloorUnder30Percent", post(election, with(editForm, fmt.Sprintf("nominated_by_%d", dung), "floor", fmt.Sprintf("floor_agree_%d", dung), "12")), 422, "", "quá 30% số có mặt đồng ý (12/43)"},
		{"ElectionEdit/NominationUnknown", post(election, with(editForm, fmt.Sprintf("nominated_by_%d", dung), "boss")), 422, "", "Cách giới thiệu"},
		{"ElectionEdit/Unknown", post("/elections/999999", editForm), 404, "", ""},
		{"ElectionEdit/OtherOrganization", post(tcElection, editForm), 404, "", ""},
		{"ElectionEdit/AfterClosedRound", post(fmt.Sprintf("/elections/%d", official.ID), with(editForm, "version", "2", "seats", "1", "candidate", idValues(an, bich))), 409, "", "đã kết thúc"},

		// Rounds opened from the election page.
		{"Round/WhileOpen", post(election+"/rounds", url.Values{"seats": {"3"}, "candidate_id": idValues(an, bich, cuong, dung)}), 409, "", "chưa kết thúc"},
		{"Round/ElectionDone", post(fmt.Sprintf("/elections/%d/rounds", official.ID), url.Values{"seats": {"1"}, "candidate_id": idValues(bich)}), 409, "", "đã kết thúc"},
		{"Round/CandidateGarbage", post(election+"/rounds", url.Values{"seats": {"3"}, "candidate_id": {"abc"}}), 422, "", "không hợp lệ"},
		{"Round/SeatsHuge", post(election+"/rounds", url.Values{"seats": {"9999999999"}, "candidate_id": idValues(an)}), 422, "", "vượt quá giới hạn"},
		{"Round/OtherOrganization", post(tcElection+"/rounds", url.Values{"seats": {"1"}}), 404, "", ""},

		// Round setup.
		{"Setup/Stale", post(round+"/setup", with(setupForm, "version", "5")), 409, "", "đã được người khác sửa"},
		{"Setup/PresentOverConvened", post(round+"/setup", with(setupForm, "present", "50")), 422, "", "không được lớn hơn"},
		{"Setup/Negative", post(round+"/setup", with(setupForm, "suspended", "-1")), 422, "", "không được âm"},
		{"Setup/Huge", post(round+"/setup", with(setupForm, "convened", "12345678901")), 422, "", "vượt quá giới hạn"},
		{"Setup/IssuedOverPresent", post(round+"/setup", with(setupForm, "issued", "44")), 422, "", "Số phiếu phát ra (44) phải từ 0 đến số có mặt (43)"},
		{"Setup/EntryModeUnknown", post(round+"/setup", with(setupForm, "entry_mode", "ocr")), 422, "", "Cách nhập"},
		{"Setup/NameTooLong", post(round+"/setup", with(setupForm, "counter_member", strings.Repeat("Nguyễn ", 30))), 422, "", "tối đa 100 ký tự"},
		{"Setup/ClosedRound", post(closedPath+"/setup", with(setupForm, "version", "3")), 409, "", "đã kết thúc và được khóa"},
		{"Setup/OtherOrganization", post(tcRoundPath+"/setup", setupForm), 404, "", ""},

		// Totals.
		{"Tally/Stale", post(round+"/tally", with(tallyForm, "version", "0")), 409, "", "đã được người khác sửa"},
		{"Tally/Inconsistent", post(round+"/tally", with(tallyForm, "invalid", "2")), 422, "", "phải bằng số phiếu thu vào (43)"},
		{"Tally/VotesOverValid", post(round+"/tally", with(tallyForm, vote(an), "44")), 422, "", "không được lớn hơn số phiếu hợp lệ (43)"},
		{"Tally/VotesNegative", post(round+"/tally", with(tallyForm, vote(an), "-1")), 422, "", ""},
		{"Tally/VotesText", post(round+"/tally", with(tallyForm, vote(an), "bốn mươi")), 422, "", "phải là số nguyên"},
		{"Tally/VotesHuge", post(round+"/tally", with(tallyForm, vote(an), "99999999999")), 422, "", "vượt quá giới hạn"},
		{"Tally/VotesMissing", post(round+"/tally", with(tallyForm, vote(an), nil)), 422, "", "Chưa nhập số phiếu bầu cho Lê Văn An"},
		{"Tally/SumOverSeats", post(round+"/tally", with(tallyForm, vote(an), "43", vote(bich), "43", vote(cuong), "43", vote(dung), "43")), 422, "", "nhân số lượng cần bầu"},
		{"Tally/ReasonsDontAddUp", post(round+"/tally", with(tallyForm, "valid", "41", "invalid", "2", "reason_signed", "1")), 422, "", "phải bằng số phiếu không hợp lệ (2)"},
		{"Tally/ExtraReasonTooLong", post(round+"/tally", with(tallyForm, "valid", "42", "invalid", "1", "extra_reason", strings.Repeat("Lý do rất dài ", 6), "extra_count", "1")), 422, "", "quá dài"},
		{"Tally/ExtraReasonNoCount", post(round+"/tally", with(tallyForm, "extra_reason", "Ghi thêm chữ")), 422, "", "Chưa nhập số phiếu vì lý do"},
		{"Tally/ClosedRound", post(closedPath+"/tally", with(tallyForm, "version", "3")), 409, "", "đã kết thúc và được khóa"},
		{"Tally/BallotRound", post(fmt.Sprintf("/rounds/%d/tally", br.ID), tallyForm), 409, "", "nhập từng phiếu"},
		{"Tally/UnknownRound", post("/rounds/999999/tally", tallyForm), 404, "", ""},
		{"Tally/OtherOrganization", post(tcRoundPath+"/tally", tallyForm), 404, "", ""},

		// Closing, reopening, ending, appointing.
		{"Close/Closed", post(closedPath+"/close", url.Values{}), 409, "", "đã kết thúc"},
		{"Close/OtherOrganization", post(tcRoundPath+"/close", url.Values{}), 404, "", ""},
		{"Reopen/NoReason", post(closedPath+"/reopen", url.Values{"reason": {""}}), 422, "", "phải ghi lý do"},
		{"Reopen/Open", post(round+"/reopen", url.Values{"reason": {"Sửa số liệu"}}), 409, "", "đang mở"},
		{"Reopen/NotLast", post(fmt.Sprintf("/rounds/%d/reopen", altFirst.ID), url.Values{"reason": {"Sửa số liệu"}}), 409, "", "chỉ mở lại được vòng cuối cùng"},
		{"End/RoundOpen", post(election+"/end", url.Values{"note": {"x"}}), 409, "", "chưa kết thúc"},
		{"End/Done", post(fmt.Sprintf("/elections/%d/end", official.ID), url.Values{"note": {"x"}}), 409, "", "đã kết thúc"},
		{"Appoint/NotCellSecretary", post(fmt.Sprintf("/elections/%d/appoint", alt.ID), url.Values{"person_id": {fmt.Sprint(bich)}, "note": {"QĐ 1"}}), 409, "", ""},
		{"Appoint/PersonGarbage", post(election+"/appoint", url.Values{"person_id": {"x"}, "note": {"QĐ 1"}}), 422, "", "Chưa chọn"},

		// Print views.
		{"Ballots/CopiesZero", get(minutes + "/ballots/print?copies=0"), 422, "", "Số bản in"},
		{"Ballots/CopiesHuge", get(minutes + "/ballots/print?copies=99999999999999999999"), 422, "", "Số bản in"},
		{"Minutes/UnknownRound", get(fmt.Sprintf("/congresses/%d/rounds/999999/minutes", cg.ID)), 404, "", ""},
		{"Minutes/OtherOrganization", get(fmt.Sprintf("/congresses/%d/rounds/%d/minutes.xlsx", f.cTC.ID, tcRound.ID)), 404, "", ""},
		{"Minutes/RidGarbage", get(fmt.Sprintf("/congresses/%d/rounds/x/minutes", cg.ID)), 404, "", ""},

		// API: persons.
		{"API/Person/ContentType", req{method: http.MethodPost, path: "/api/v1" + persons, bearer: uSecKHCN, json: personJSON(), contentType: "text/plain"}, 415, "", ""},
		{"API/Person/Malformed", api(http.MethodPost, "/api/v1"+persons, `{"full_name":`), 400, "", ""},
		{"API/Person/UnknownField", api(http.MethodPost, "/api/v1"+persons, personJSON("age", 50)), 422, "age", ""},
		{"API/Person/NameNumber", api(http.MethodPost, "/api/v1"+persons, personJSON("full_name", 7)), 422, "full_name", ""},
		{"API/Person/NameMissing", api(http.MethodPost, "/api/v1"+persons, personJSON("full_name", nil)), 422, "full_name", ""},
		{"API/Person/DateGarbage", api(http.MethodPost, "/api/v1"+persons, personJSON("birth_date", "1980-13-01")), 422, "birth_date", ""},
		{"API/Person/OtherOrganization", api(http.MethodPost, fmt.Sprintf("/api/v1/congresses/%d/persons", f.cTC.ID), personJSON()), 404, "", ""},
		{"API/Person/Stale", api(http.MethodPut, "/api/v1"+person, personJSON("version", 9)), 409, "", ""},
		{"API/Person/VersionMissing", api(http.MethodPut, "/api/v1"+person, personJSON()), 422, "version", ""},
		{"API/Person/EditOtherOrganization", api(http.MethodPut, "/api/v1"+tcPerson, personJSON("version", 1)), 404, "", ""},

		// API: elections.
		{"API/Election/SeatsString", api(http.MethodPost, "/api/v1"+elections, electionJSON("seats", "1")), 422, "seats", ""},
		{"API/Election/SeatsHuge", api(http.MethodPost, "/api/v1"+elections, strings.Replace(electionJSON(), `"seats":1`, `"seats":1e20`, 1)), 422, "seats", ""},
		{"API/Election/SeatsNegative", api(http.MethodPost, "/api/v1"+elections, electionJSON("seats", -2)), 422, "seats", ""},
		{"API/Election/BodyMissing", api(http.MethodPost, "/api/v1"+elections, electionJSON("body", nil)), 422, "body", ""},
		{"API/Election/CandidatesMissing", api(http.MethodPost, "/api/v1"+elections, electionJSON("candidates", nil)), 422, "candidates", ""},
		{"API/Election/PersonIDMissing", api(http.MethodPost, "/api/v1"+elections, electionJSON("candidates", []map[string]any{{"note": "x"}})), 422, "candidates[0].person_id", ""},
		{"API/Election/OtherOrganizationsPerson", api(http.MethodPost, "/api/v1"+elections, electionJSON("candidates", []map[string]any{{"person_id": tp["Mai Văn Tài"]}})), 422, "candidates[0]", ""},
		{"API/Election/Duplicate", api(http.MethodPost, "/api/v1"+elections, electionJSON("body", "executive", "seats", 3, "candidates", []map[string]any{{"person_id": an}, {"person_id": bich}, {"person_id": cuong}, {"person_id": dung}})), 409, "body", ""},
		{"API/Election/Stale", api(http.MethodPut, "/api/v1"+election, electionJSON("body", nil, "seats", 3, "version", 4)), 409, "", ""},
		{"API/Election/BodyChange", api(http.MethodPut, "/api/v1"+election, electionJSON("seats", 3, "version", 1)), 422, "body", ""},
		{"API/Election/OtherOrganization", api(http.MethodPost, fmt.Sprintf("/api/v1/congresses/%d/elections", f.cTC.ID), electionJSON()), 404, "", ""},

		// API: rounds.
		{"API/Round/WhileOpen", api(http.MethodPost, "/api/v1"+election+"/rounds", `{}`), 409, "", ""},
		{"API/Round/WithVersion", api(http.MethodPost, "/api/v1"+election+"/rounds", `{"version":1}`), 422, "version", ""},
		{"API/Round/CandidateIDsText", api(http.MethodPost, "/api/v1"+election+"/rounds", `{"candidate_ids":"1,2"}`), 422, "candidate_ids", ""},
		{"API/Setup/Stale", api(http.MethodPut, "/api/v1"+round, setupJSON("version", 3)), 409, "", ""},
		{"API/Setup/AttendanceMissing", api(http.MethodPut, "/api/v1"+round, setupJSON("attendance", nil)), 422, "attendance", ""},
		{"API/Setup/PresentOverConvened", api(http.MethodPut, "/api/v1"+round, setupJSON("attendance", map[string]any{"convened": 40, "present": 43})), 422, "attendance.present", ""},
		{"API/Setup/SeatsGiven", api(http.MethodPut, "/api/v1"+round, setupJSON("seats", 2)), 422, "seats", ""},
		{"API/Setup/Closed", api(http.MethodPut, "/api/v1"+closedPath, setupJSON("version", 3)), 409, "", ""},

		// API: totals.
		{"API/Tally/Stale", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("version", 0)), 409, "", ""},
		{"API/Tally/VersionMissing", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("version", nil)), 422, "version", ""},
		{"API/Tally/VotesMissing", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("votes", nil)), 422, "votes", ""},
		{"API/Tally/ValidString", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("valid", "43")), 422, "valid", ""},
		{"API/Tally/ValidHuge", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("valid", 5000000, "collected", 5000000, "issued", 5000000)), 422, "issued", ""},
		{"API/Tally/Inconsistent", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("invalid", 3)), 422, "valid", ""},
		{"API/Tally/NegativeVotes", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("votes", []map[string]any{{"person_id": an, "votes": -5}})), 422, "votes[0].votes", ""},
		{"API/Tally/PersonNotOnRound", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("votes", []map[string]any{{"person_id": tp["Mai Văn Tài"], "votes": 5}})), 422, "votes[0].person_id", ""},
		{"API/Tally/DuplicateLine", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("votes", []map[string]any{{"person_id": an, "votes": 5}, {"person_id": an, "votes": 6}})), 422, "votes[1].person_id", ""},
		{"API/Tally/ReasonsDontAddUp", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("valid", 42, "invalid", 1, "invalid_reasons", map[string]int{"signed": 2})), 422, "invalid_reasons", ""},
		{"API/Tally/ReasonNegative", api(http.MethodPut, "/api/v1"+round+"/tally", tallyJSON("invalid_reasons", map[string]int{"signed": -1})), 422, "invalid_reasons.signed", ""},
		{"API/Tally/Closed", api(http.MethodPut, "/api/v1"+closedPath+"/tally", tallyJSON("version", 3)), 409, "", ""},
		{"API/Tally/OtherOrganization", api(http.MethodPut, "/api/v1"+tcRoundPath+"/tally", tallyJSON()), 404, "", ""},
		{"API/Tally/TooLarge", api(http.MethodPut, "/api/v1"+round+"/tally", `{"version":1,"pad":"`+oversized+`"}`), 413, "", ""},

		// API: closing and reopening.
		{"API/Close/Closed", api(http.MethodPost, "/api/v1"+closedPath+"/close", ""), 409, "", ""},
		{"API/Reopen/ReasonMissing", api(http.MethodPost, "/api/v1"+closedPath+"/reopen", `{}`), 422, "reason", ""},
		{"API/Reopen/ReasonNumber", api(http.MethodPost, "/api/v1"+closedPath+"/reopen", `{"reason":5}`), 422, "reason", ""},
		{"API/Reopen/Open", api(http.MethodPost, "/api/v1"+round+"/reopen", `{"reason":"Sửa số liệu sai"}`), 409, "", ""},
		{"API/Reopen/OtherOrganization", api(http.MethodPost, "/api/v1"+tcRoundPath+"/reopen", `{"reason":"Sửa số liệu sai"}`), 404, "", ""},
		{"API/End/PersonGiven", api(http.MethodPost, "/api/v1"+election+"/end", fmt.Sprintf(`{"person_id":%d}`, an)), 422, "person_id", ""},
		{"API/Appoint/OtherOrganizationsPerson", api(http.MethodPost, fmt.Sprintf("/api/v1/elections/%d/appoint", alt.ID), fmt.Sprintf(`{"person_id":%d,"note":"QĐ"}`, tp["Mai Văn Tài"])), 422, "person_id", ""},

		// API: reads of unknown ids.
		{"API/Result/Unknown", api(http.MethodGet, "/api/v1/rounds/999999/result", ""), 404, "", ""},
		{"API/Result/IDGarbage", api(http.MethodGet, "/api/v1/rounds/-3/result", ""), 404, "", ""},
		{"API/Committee/Unknown", api(http.MethodGet, "/api/v1/congresses/999999/committee", ""), 404, "", ""},
		{"API/Delegates/OtherOrganization", api(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/delegates", f.cTC.ID), ""), 404, "", ""},
	}
	before := f.electionDigest()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := f.do(c.r)
			if w.Code != c.code {
				body := w.Body.String()
				if i := strings.Index(body, `<main`); i > 0 {
					body = body[i:]
				}
				if len(body) > 1500 {
					body = body[:1500]
				}
				t.Fatalf("status %d, want %d\n%s", w.Code, c.code, body)
			}
			if isAPI(httpReq(c.r.path)) {
				e := apiErr(t, w)
				if c.field != "" && e.Fields[c.field] == "" {
					t.Errorf("no message for field %q: %+v", c.field, e)
				}
			} else if c.text != "" && !strings.Contains(w.Body.String(), c.text) {
				t.Errorf("page lacks %q", c.text)
			}
			if after := f.electionDigest(); after != before {
				t.Fatalf("the record changed")
			}
		})
	}
}
