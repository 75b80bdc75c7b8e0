package server

import (
	"fmt"
	"net/http"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// TestElectionAPI runs a congress's elections through the API alone: persons, the executive
// committee by totals (a stale and an inconsistent tally refused), closing, the stable result,
// reopening, the first session, the delegates, the committee and the delegates' answers.
func TestElectionAPI(t *testing.T) {
	f := newFixture(t)
	cg := f.cKHCN
	base := fmt.Sprintf("/api/v1/congresses/%d", cg.ID)

	names := []string{"Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường", "Ngô Thị Dung"}
	ids := map[string]int64{}
	for i, n := range names {
		w := f.api(http.MethodPost, base+"/persons", uSecKHCN, map[string]any{"full_name": n, "birth_date": fmt.Sprintf("197%d-01-15", i),
			"gender": "female", "incumbent": i < 2})
		wantStatus(t, w, http.StatusCreated, "create person")
		p := decode[congress.Person](t, w)
		if p.ID == 0 || p.FullName != n || p.Version != 1 || w.Header().Get("Location") != fmt.Sprintf("/api/v1/persons/%d", p.ID) {
			t.Fatalf("person answer %+v", p)
		}
		ids[n] = p.ID
	}
	an, bich, cuong, dung := ids["Lê Văn An"], ids["Trần Thị Bích"], ids["Phạm Văn Cường"], ids["Ngô Thị Dung"]
	w := f.api(http.MethodGet, base+"/persons", uStaff, nil)
	wantStatus(t, w, 200, "list persons")
	if got := decode[struct{ Items []congress.Person }](t, w); len(got.Items) != 4 || got.Items[0].FullName != "Lê Văn An" || got.Items[3].FullName != "Ngô Thị Dung" {
		t.Errorf("persons in A-B-C order of given name: %+v", got.Items)
	}
	w = f.api(http.MethodPut, fmt.Sprintf("/api/v1/persons/%d", an), uSecKHCN, map[string]any{"full_name": "Lê Văn An",
		"birth_date": "1970-01-15", "incumbent": true, "position": "Bí thư Chi bộ", "version": 1, "id": an, "sample": false})
	wantStatus(t, w, 200, "update person")
	w = f.api(http.MethodPut, fmt.Sprintf("/api/v1/persons/%d", an), uSecKHCN, map[string]any{"full_name": "Lê Văn An", "version": 1})
	wantStatus(t, w, 409, "stale person")
	wantStatus(t, f.api(http.MethodGet, fmt.Sprintf("/api/v1/persons/%d", an), uAuditor, nil), 200, "show person")

	// The executive committee: 3 of 4.
	w = f.api(http.MethodPost, base+"/elections", uSecKHCN, map[string]any{"body": "executive", "seats": 3, "list_kind": "surplus",
		"decision": "Đại hội biểu quyết thông qua.", "candidates": []map[string]any{{"person_id": an}, {"person_id": bich},
			{"person_id": cuong}, {"person_id": dung, "nominated_by": "self", "floor_agree": 30}}})
	wantStatus(t, w, http.StatusCreated, "create election")
	ev := decode[store.ElectionView](t, w)
	if ev.ID == 0 || len(ev.Candidates) != 4 || ev.Remaining != 3 || ev.Warnings == nil {
		t.Fatalf("election answer %+v", ev)
	}
	w = f.api(http.MethodPut, fmt.Sprintf("/api/v1/elections/%d", ev.ID), uSecKHCN, map[string]any{"seats": 3, "version": 1,
		"list_kind": "surplus", "candidates": []map[string]any{{"person_id": an}, {"person_id": bich}, {"person_id": cuong},
			{"person_id": dung, "nominated_by": "self", "floor_agree": 30}}})
	wantStatus(t, w, 200, "update election")
	w = f.api(http.MethodGet, base+"/elections", uStaff, nil)
	wantStatus(t, w, 200, "list elections")
	if got := decode[struct{ Items []store.ElectionView }](t, w); len(got.Items) != 1 || got.Items[0].Version != 2 {
		t.Fatalf("elections %+v", got.Items)
	}
	wantStatus(t, f.api(http.MethodGet, fmt.Sprintf("/api/v1/elections/%d", ev.ID), uStaff, nil), 200, "show election")

	w = f.api(http.MethodPost, fmt.Sprintf("/api/v1/elections/%d/rounds", ev.ID), uSecKHCN, map[string]any{
		"entry_mode": "totals", "issued": 43,
		"counting_committee": []map[string]any{{"name": "Hồ Văn Kiểm", "head": true}, {"name": "Đỗ Thị Phiếu"}}})
	wantStatus(t, w, http.StatusCreated, "open round")
	r := decode[roundJSON](t, w)
	if r.Number != 1 || r.Seats != 3 || len(r.Candidates) != 4 || r.Attendance.Base != 43 || r.Attendance.Convened != 45 {
		t.Fatalf("round answer %+v", r)
	}
	rpath := fmt.Sprintf("/api/v1/rounds/%d", r.ID)
	w = f.api(http.MethodPut, rpath, uSecKHCN, map[string]any{"version": 1, "entry_mode": "totals", "issued": 43,
		"attendance":         map[string]any{"convened": 45, "present": 43, "absent_with_reason": 2},
		"counting_committee": []map[string]any{{"name": "Hồ Văn Kiểm", "head": true}, {"name": "Đỗ Thị Phiếu"}, {"name": "Võ Văn Đếm"}}})
	wantStatus(t, w, 200, "setup")
	if r = decode[roundJSON](t, w); r.Version != 2 || len(r.CountingCommittee) != 3 {
		t.Fatalf("setup answer %+v", r)
	}
	wantStatus(t, f.api(http.MethodGet, fmt.Sprintf("/api/v1/elections/%d/rounds", ev.ID), uStaff, nil), 200, "list rounds")

	tally := map[string]any{"version": 2, "issued": 43, "collected": 43, "valid": 42, "invalid": 1,
		"invalid_reasons": map[string]int{"signed": 1},
		"votes": []map[string]any{{"person_id": dung, "votes": 10}, {"person_id": an, "votes": 40},
			{"person_id": bich, "votes": 30}, {"person_id": cuong, "votes": 25}}}
	// One candidate with more votes than valid ballots: 422 naming that line of the body.
	bad := map[string]any{}
	for k, v := range tally {
		bad[k] = v
	}
	bad["votes"] = []map[string]any{{"person_id": dung, "votes": 50}, {"person_id": an, "votes": 40}}
	w = f.api(http.MethodPut, rpath+"/tally", uSecKHCN, bad)
	wantStatus(t, w, 422, "votes over valid")
	if e := apiErr(t, w); e.Code != congress.EINVALIDCOUNT || e.Fields["votes[0].votes"] == "" {
		t.Errorf("error %+v", e)
	}
	wantStatus(t, f.api(http.MethodPut, rpath+"/tally", uSecKHCN, tally), 200, "tally")
	w = f.api(http.MethodPut, rpath+"/tally", uSecKHCN, tally)
	wantStatus(t, w, 409, "stale tally")

	w = f.api(http.MethodGet, rpath+"/result", uStaff, nil)
	wantStatus(t, w, 200, "result")
	res := decode[roundResultJSON](t, w)
	if res.Closed || res.Fingerprint != "" || res.Result == nil || len(res.Result.Elected) != 3 || res.Result.Threshold != 22 {
		t.Fatalf("open result %+v", res)
	}

	w = f.api(http.MethodPost, rpath+"/close", uSecKHCN, nil)
	wantStatus(t, w, 200, "close")
	res = decode[roundResultJSON](t, w)
	if !res.Closed || len(res.Fingerprint) != 64 {
		t.Fatalf("closed result %+v", res)
	}
	again, err := election.Count(res.Request)
	if err != nil {
		t.Fatal(err)
	}
	if store.Fingerprint(res.Request, again, res.BallotsDigest) != res.Fingerprint {
		t.Error("fingerprint does not recompute")
	}
	wantStatus(t, f.api(http.MethodPut, rpath+"/tally", uSecKHCN, tally), 409, "tally of a closed round")
	w = f.api(http.MethodPost, rpath+"/reopen", uSecKHCN, map[string]any{"reason": "x"})
	wantStatus(t, w, 422, "reopen with a short reason")
	w = f.api(http.MethodPost, rpath+"/reopen", uSecKHCN, map[string]any{"reason": "Đếm lại phiếu theo yêu cầu của Đoàn Chủ tịch"})
	wantStatus(t, w, 200, "reopen")
	if res = decode[roundResultJSON](t, w); res.Closed {
		t.Fatal("still closed")
	}
	wantStatus(t, f.api(http.MethodPost, rpath+"/close", uSecKHCN, nil), 200, "close again")

	// The first session elects the secretary among the new committee.
	w = f.api(http.MethodPost, base+"/elections", uSecKHCN, map[string]any{"body": "secretary", "seats": 1,
		"list_kind": "agree_disagree", "candidates": []map[string]any{{"person_id": dung}}})
	wantStatus(t, w, 422, "secretary from outside the committee")
	if e := apiErr(t, w); e.Fields["candidates[0]"] == "" {
		t.Errorf("error %+v", e)
	}
	w = f.api(http.MethodPost, base+"/elections", uSecKHCN, map[string]any{"body": "secretary", "seats": 1,
		"list_kind": "agree_disagree", "candidates": []map[string]any{{"person_id": an}}})
	wantStatus(t, w, http.StatusCreated, "secretary election")
	sec := decode[store.ElectionView](t, w)
	w = f.api(http.MethodPost, fmt.Sprintf("/api/v1/elections/%d/rounds", sec.ID), uSecKHCN, map[string]any{
		"entry_mode": "totals", "issued": 3, "attendance": map[string]any{"convened": 3, "present": 3},
		"counting_committee": []map[string]any{{"name": "Hồ Văn Kiểm", "head": true}}})
	wantStatus(t, w, http.StatusCreated, "secretary round")
	sr := decode[roundJSON](t, w)
	wantStatus(t, f.api(http.MethodPut, fmt.Sprintf("/api/v1/rounds/%d/tally", sr.ID), uSecKHCN, map[string]any{"version": 1,
		"issued": 3, "collected": 3, "valid": 3, "invalid": 0, "votes": []map[string]any{{"person_id": an, "votes": 3}}}), 200, "secretary tally")
	wantStatus(t, f.api(http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/close", sr.ID), uSecKHCN, nil), 200, "secretary close")
	// At the first session the new committee votes: the minutes count its members, not the congress's.
	w = f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/rounds/%d/minutes", cg.ID, sr.ID))
	wantStatus(t, w, 200, "secretary minutes")
	wantText(t, w, "Tổng số ủy viên Ban Chấp hành được triệu tập", "so với 3 ủy viên Ban Chấp hành làm căn cứ", "Số 02-BB/ĐH")

	// Delegates: 1 official of 2, then the alternate from the rest; ending with a vacant seat.
	w = f.api(http.MethodPost, base+"/elections", uSecKHCN, map[string]any{"body": "delegate_official", "seats": 1,
		"candidates": []map[string]any{{"person_id": an}, {"person_id": cuong}}})
	wantStatus(t, w, http.StatusCreated, "delegates")
	del := decode[store.ElectionView](t, w)
	rv := f.mustTotalsRound(del.ID, cg.Attendance)
	f.mustTally(rv, 0, map[int64]int{an: 30, cuong: 13})
	f.mustClose(rv.ID)
	alt := f.mustElection(cg.ID, congress.BodyDelegateAlternate, congress.ListSurplus, 1, cuong)
	rv = f.mustTotalsRound(alt.ID, cg.Attendance)
	f.mustTally(rv, 0, map[int64]int{cuong: 20})
	f.mustClose(rv.ID)
	w = f.api(http.MethodPost, fmt.Sprintf("/api/v1/elections/%d/end", alt.ID), uSecKHCN, map[string]any{"note": "Không bầu tiếp."})
	wantStatus(t, w, 200, "end alternates")

	w = f.api(http.MethodGet, base+"/committee", uAuditor, nil)
	wantStatus(t, w, 200, "committee")
	cm := decode[store.Committee](t, w)
	if cm.Body != "executive" || len(cm.Members) != 3 || cm.Members[0].FullName != "Lê Văn An" || cm.Members[0].Votes != 40 ||
		cm.Members[0].PercentHundredths != 9302 || !cm.Members[0].Reelected || cm.Members[2].Reelected ||
		len(cm.Officers["secretary"]) != 1 || len(cm.Members[0].Offices) != 1 {
		t.Errorf("committee %+v", cm)
	}
	w = f.api(http.MethodGet, base+"/delegates", uAuditor, nil)
	wantStatus(t, w, 200, "delegates")
	d := decode[delegatesJSON](t, w)
	if len(d.Official) != 1 || d.Official[0].FullName != "Lê Văn An" || len(d.Alternate) != 0 || d.VacantSeats["delegate_alternate"] != 1 {
		t.Errorf("delegates %+v", d)
	}
}

// TestAppointAPI: the API records a cell secretary's appointment after three rounds.
func TestAppointAPI(t *testing.T) {
	f := newFixture(t)
	cg := f.cCell
	ids := f.mustPersons(cg.ID, "Võ Thị Hoa", "Đinh Văn Khánh")
	ev := f.mustElection(cg.ID, congress.BodySecretary, congress.ListAgreeDisagree, 1, ids["Võ Thị Hoa"])
	path := fmt.Sprintf("/api/v1/elections/%d/appoint", ev.ID)
	body := map[string]any{"person_id": ids["Đinh Văn Khánh"], "note": "Quyết định số 12-QĐ/ĐU"}
	for round := 1; round <= 3; round++ {
		rv := f.mustTotalsRound(ev.ID, cg.Attendance)
		f.mustTally(rv, 0, map[int64]int{ids["Võ Thị Hoa"]: 5})
		f.mustClose(rv.ID)
		if round < 3 {
			wantStatus(t, f.api(http.MethodPost, path, uSecCell, body), 422, "appointment before the third round")
		}
	}
	w := f.api(http.MethodPost, path, uSecCell, map[string]any{"note": "x"})
	wantStatus(t, w, 422, "appointment without a person")
	w = f.api(http.MethodPost, path, uSecCell, body)
	wantStatus(t, w, 200, "appointment")
	if e := decode[store.ElectionView](t, w); e.AppointedPersonID == nil || e.State != "done" {
		t.Errorf("after appointment %+v", e.Election)
	}
}
