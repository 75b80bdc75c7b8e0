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

// A secretary records the resolution, a target, its reviews and the rating counts through the
// forms; each save redirects to the resolution page and lands in the audit trail.
func TestTargetForms(t *testing.T) {
	tf := newTargetFixture(t)
	ctx := context.Background()
	seed := tf.seed
	seeOther := func(t *testing.T, w interface {
		Result() *http.Response
	}, prefix string) {
		t.Helper()
		res := w.Result()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), prefix) {
			t.Fatalf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
	}

	t.Run("Resolution", func(t *testing.T) {
		w := tf.post("thuky", fmt.Sprintf("/congresses/%d/resolution", seed), url.Values{
			"version": {"1"}, "adopted_on": {"28/05/2020"}, "votes_for": {"56"}, "votes_against": {"1"}, "votes_abstain": {"1"},
			"section_title": {"Phương hướng", "", ""}, "section_body": {"Nâng cao năng lực lãnh đạo.", "", ""}})
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets", seed))
		r, err := tf.store.FindResolution(ctx, congress.System, seed)
		if err != nil || r.VotesFor != 56 || len(r.Sections) != 1 || r.Sections[0].Title != "Phương hướng" || r.Version != 2 {
			t.Fatalf("%+v %v", r, err)
		}
	})

	var created int64
	t.Run("CreateTarget", func(t *testing.T) {
		w := tf.post("thuky", fmt.Sprintf("/congresses/%d/targets", seed), validTargetForm())
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets#target-", seed))
		if err := tf.db.R.Get(&created, `SELECT id FROM targets WHERE subject = 'đảng viên mới được kết nạp'`); err != nil {
			t.Fatal(err)
		}
		if got := tf.target(created); got.Value != 10 || got.Period != "term_total" || got.Position != 8 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("UpdateTarget", func(t *testing.T) {
		w := tf.post("thuky", fmt.Sprintf("/targets/%d", created), with(validTargetForm(), "version", "1", "value", "12", "position", "8"))
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets#target-%d", seed, created))
		if got := tf.target(created); got.Value != 12 || got.Version != 2 {
			t.Fatalf("%+v", got)
		}
	})
	var reviewID int64
	t.Run("CreateReview", func(t *testing.T) {
		w := tf.post("thuky", fmt.Sprintf("/targets/%d/reviews", created), url.Values{"congress_id": {fmt.Sprint(seed)},
			"year": {"2021"}, "numerator": {"3"}, "denominator": {""}, "source": {"Báo cáo công tác kết nạp đảng viên năm 2021."}})
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets#target-%d", seed, created))
		r := tf.review(created, 2021)
		if r.Numerator != 3 || r.CreatedByName == "" {
			t.Fatalf("%+v", r)
		}
		reviewID = r.ID
	})
	t.Run("UpdateReview", func(t *testing.T) {
		w := tf.post("thuky", fmt.Sprintf("/reviews/%d", reviewID), url.Values{"congress_id": {fmt.Sprint(seed)}, "version": {"1"},
			"year": {"2021"}, "numerator": {"4"}, "denominator": {""}, "source": {"Báo cáo công tác kết nạp đảng viên năm 2021 (bổ sung)."}})
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets", seed))
		if r := tf.review(created, 2021); r.Numerator != 4 || r.Version != 2 {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("AuditorNote", func(t *testing.T) {
		w := tf.post("kiemtra", fmt.Sprintf("/reviews/%d/note", reviewID), url.Values{"version": {"2"}, "note": {"Đã đối chiếu danh sách kết nạp."}})
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets", seed))
		r := tf.review(created, 2021)
		if r.Note != "Đã đối chiếu danh sách kết nạp." || r.Numerator != 4 || r.Version != 3 {
			t.Fatalf("%+v", r)
		}
		// Another auditor may read the note but not change it.
		page := tf.get(uSecondAuditor, fmt.Sprintf("/reviews/%d/note", reviewID)).Body.String()
		mustContain(t, "note page", page, "bạn chỉ được sửa nhận xét của mình")
		before := tf.targetDigest()
		if w := tf.post(uSecondAuditor, fmt.Sprintf("/reviews/%d/note", reviewID), url.Values{"version": {"3"}, "note": {"Khác."}}); w.Code != http.StatusForbidden {
			t.Fatalf("second auditor: %d", w.Code)
		}
		if tf.targetDigest() != before {
			t.Fatal("a refused note changed the record")
		}
		mustContain(t, "resolution page", tf.get("kiemtra", fmt.Sprintf("/congresses/%d/targets", seed)).Body.String(),
			"Đã đối chiếu danh sách kết nạp.", "Sửa nhận xét")
	})
	t.Run("DeleteReviewAndTarget", func(t *testing.T) {
		// A target with figures cannot go before them.
		before := tf.targetDigest()
		if w := tf.post("thuky", fmt.Sprintf("/targets/%d/delete", created), url.Values{"version": {"2"}}); w.Code != http.StatusConflict ||
			!strings.Contains(w.Body.String(), "đã có số liệu đánh giá") {
			t.Fatalf("delete target with reviews: %d", w.Code)
		}
		if tf.targetDigest() != before {
			t.Fatal("a refused delete changed the record")
		}
		seeOther(t, tf.post("thuky", fmt.Sprintf("/reviews/%d/delete", reviewID), url.Values{"version": {"3"}}), "/congresses/")
		seeOther(t, tf.post("thuky", fmt.Sprintf("/targets/%d/delete", created), url.Values{"version": {"2"}}), "/congresses/")
		if n := tf.count("targets"); n != 7 {
			t.Fatalf("%d targets", n)
		}
	})
	t.Run("RatingCountsDeriveReviews", func(t *testing.T) {
		rc := tf.get("thuky", fmt.Sprintf("/congresses/%d/ratings/edit?year=2021&subject=members", seed)).Body.String()
		version := "1"
		if i := strings.Index(rc, `name="version" value="`); i >= 0 {
			version = rc[i+len(`name="version" value="`):][:1]
		}
		// 2021 again, with 6 excellent of 58 rated good or better: the excellent share becomes
		// 6/58 = 10,34%, which now meets "ít nhất 10%".
		w := tf.post("thuky", fmt.Sprintf("/congresses/%d/ratings", seed), url.Values{"version": {version}, "year": {"2021"},
			"subject": {"members"}, "excellent": {"6"}, "good": {"52"}, "completed": {"2"}, "not_completed": {"0"},
			"source": {"Báo cáo kết quả xếp loại đảng viên năm 2021 (đính chính)."}})
		seeOther(t, w, fmt.Sprintf("/congresses/%d/targets#ratings", seed))
		if r := tf.review(tf.excellent, 2021); r.Numerator != 6 || r.Denominator != 58 {
			t.Fatalf("derived excellent review %+v", r)
		}
		if r := tf.review(tf.members, 2021); r.Numerator != 58 || r.Denominator != 60 {
			t.Fatalf("derived members review %+v", r)
		}
		mustContain(t, "review page", tf.get("kiemtra", fmt.Sprintf("/congresses/%d/targets/review", seed)).Body.String(),
			"6/7 chỉ tiêu đạt và vượt", "10,34%")
	})
	t.Run("EveryWriteIsAudited", func(t *testing.T) {
		var n int
		if err := tf.db.R.Get(&n, `SELECT COUNT(*) FROM audit_log WHERE username IN ('thuky', 'kiemtra')
			AND entity IN ('resolution', 'target', 'target_review', 'rating_counts')`); err != nil {
			t.Fatal(err)
		}
		// resolution, target ×3 (create, update, delete), review ×4 (create, update, note,
		// delete), rating counts, and the two derived reviews.
		if n != 11 {
			t.Fatalf("%d audit rows", n)
		}
	})
}

// Input the forms must refuse: each answer is the expected 4xx (never a 5xx), the page says why,
// and nothing in the record or the audit trail changes.
func TestTargetFormsBadInput(t *testing.T) {
	tf := newTargetFixture(t)
	seed := tf.seed
	rv := tf.review(tf.members, 2021)
	pv := tf.review(tf.pipeline, 2021)
	newReview := func(target int64, kv ...any) req {
		form := url.Values{"congress_id": {fmt.Sprint(seed)}, "year": {"2025"}, "numerator": {"19"}, "denominator": {"20"},
			"source": {"Báo cáo xếp loại năm 2025."}}
		return req{method: http.MethodPost, path: fmt.Sprintf("/targets/%d/reviews", target), as: "thuky", form: with(form, kv...)}
	}
	editReview := func(kv ...any) req {
		form := url.Values{"congress_id": {fmt.Sprint(seed)}, "version": {fmt.Sprint(pv.Version)}, "year": {"2021"},
			"numerator": {"4"}, "denominator": {"10"}, "source": {"Rà soát quy hoạch năm 2021."}}
		return req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d", pv.ID), as: "thuky", form: with(form, kv...)}
	}
	newTarget := func(kv ...any) req {
		return req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d/targets", seed), as: "thuky", form: with(validTargetForm(), kv...)}
	}
	resolution := func(kv ...any) req {
		form := url.Values{"version": {"1"}, "adopted_on": {"28/05/2020"}, "votes_for": {"58"}, "votes_against": {"0"}, "votes_abstain": {"0"}}
		return req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d/resolution", seed), as: "thuky", form: with(form, kv...)}
	}
	ratings := func(kv ...any) req {
		form := url.Values{"year": {"2025"}, "subject": {"cells"}, "excellent": {"1"}, "good": {"3"}, "completed": {"0"},
			"not_completed": {"0"}, "source": {"Báo cáo năm 2025."}}
		return req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d/ratings", seed), as: "thuky", form: with(form, kv...)}
	}
	as := func(r req, user string) req { r.as = user; return r }
	cases := []struct {
		name string
		r    req
		code int
		text string
	}{
		{"Review/NumeratorOverDenominator", newReview(tf.members, "numerator", "21"), 422, "Tử số (21) không được lớn hơn mẫu số (20)."},
		{"Review/ZeroDenominator", newReview(tf.members, "denominator", "0"), 422, "Mẫu số phải lớn hơn 0"},
		{"Review/MissingDenominator", newReview(tf.members, "denominator", ""), 422, "Chưa nhập mẫu số."},
		{"Review/YearOutsideTerm", newReview(tf.members, "year", "2026"), 422, "Năm 2026 nằm ngoài nhiệm kỳ 2020–2025."},
		{"Review/YearBeforeTerm", newReview(tf.members, "year", "2019"), 422, "nằm ngoài nhiệm kỳ"},
		{"Review/OtherCongress", newReview(tf.members, "congress_id", fmt.Sprint(tf.other)), 422, "thuộc nghị quyết của đại hội khác"},
		{"Review/CongressGarbage", newReview(tf.members, "congress_id", "abc"), 422, "Không rõ số liệu này được nhập từ trang của đại hội nào"},
		{"Review/DuplicateYear", newReview(tf.members, "year", "2021", "numerator", "58", "denominator", "60"), 409, "đã có số liệu năm 2021"},
		{"Review/NumeratorNotNumber", newReview(tf.members, "numerator", "mười chín"), 422, "Tử số phải là số nguyên"},
		{"Review/NumeratorFloat", newReview(tf.members, "numerator", "19.5"), 422, "Tử số phải là số nguyên"},
		{"Review/NumeratorHuge", newReview(tf.members, "numerator", "99999999999999999999"), 422, "vượt quá giới hạn"},
		{"Review/NumeratorTooLarge", newReview(tf.pipeline, "numerator", "2000000000000000", "denominator", "2000000000000000"), 422, "quá lớn"},
		{"Review/Negative", newReview(tf.members, "numerator", "-1"), 422, "không được âm"},
		{"Review/NoSource", newReview(tf.members, "source", "  "), 422, "Ghi rõ nguồn số liệu"},
		{"Review/YearNotNumber", newReview(tf.members, "year", "năm nay"), 422, "Năm phải là số nguyên"},
		{"Review/SubWholeMismatch", newReview(tf.excellent, "year", "2021", "numerator", "5", "denominator", "60"), 422, "Mẫu số (60) phải bằng tử số của chỉ tiêu cha năm 2021 (58)"},
		{"Review/StaleVersion", editReview("version", "0", "numerator", "5"), 409, "đã được người khác sửa"},
		{"Review/EditNumeratorOverDenominator", editReview("numerator", "11"), 422, "Tử số (11) không được lớn hơn mẫu số (10)."},
		{"Review/EditOtherCongress", editReview("congress_id", fmt.Sprint(tf.other)), 422, "thuộc nghị quyết của đại hội khác"},
		{"Review/EditYearTaken", editReview("year", "2023"), 409, "đã có số liệu năm 2023"},
		{"Review/DeleteStale", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/delete", rv.ID), as: "thuky", form: url.Values{"version": {"99"}}}, 409, "đã được người khác sửa"},
		{"Target/ValueOver100", newTarget("unit", "percent", "period", "yearly", "value", "101"), 422, "không được vượt quá 100%"},
		{"Target/ValueNotNumber", newTarget("value", "mười"), 422, "Giá trị chỉ tiêu phải là số"},
		{"Target/ValueExponent", newTarget("value", "1e309"), 422, "Giá trị chỉ tiêu phải là số"},
		{"Target/ValueNaN", newTarget("value", "NaN"), 422, "Giá trị chỉ tiêu phải là số"},
		{"Target/ValueHuge", newTarget("value", "1000000000000000000000"), 422, "quá lớn"},
		{"Target/ValueMissing", newTarget("value", ""), 422, "Chưa nhập giá trị chỉ tiêu."},
		{"Target/ComparatorUnknown", newTarget("comparator", "~"), 422, "Cách so sánh"},
		{"Target/RangeUpperBelowLower", newTarget("comparator", "range", "value", "10", "value_high", "5"), 422, "phải lớn hơn giá trị cận dưới"},
		{"Target/ByYearOutsideTerm", newTarget("period", "by_year_end", "by_year", "2030"), 422, "Năm 2030 nằm ngoài nhiệm kỳ 2020–2025."},
		{"Target/SubjectMissing", newTarget("subject", ""), 422, "Nhập đối tượng của chỉ tiêu"},
		{"Target/ParentOtherCongress", newTarget("parent_id", "999999"), 422, "Không có chỉ tiêu số 999999."},
		{"Target/TermTotalPercent", newTarget("unit", "percent"), 422, "không tính bằng tỷ lệ"},
		{"Target/StaleVersion", req{method: http.MethodPost, path: fmt.Sprintf("/targets/%d", tf.pipeline), as: "thuky",
			form: with(validTargetForm(), "version", "7", "period", "by_year_end", "by_year", "2025", "unit", "percent", "comparator", ">", "value", "50")}, 409, "đã được người khác sửa"},
		{"Target/DeleteWithReviews", req{method: http.MethodPost, path: fmt.Sprintf("/targets/%d/delete", tf.members), as: "thuky", form: url.Values{"version": {"1"}}}, 409, "đã có số liệu đánh giá"},
		{"Resolution/VotesOverPresent", resolution("votes_for", "59"), 422, "vượt quá số đảng viên có mặt tại đại hội (58)"},
		{"Resolution/VotesNegative", resolution("votes_against", "-1"), 422, "không được âm"},
		{"Resolution/VotesHuge", resolution("votes_for", "99999999999999"), 422, "vượt quá giới hạn"},
		{"Resolution/DateGarbage", resolution("adopted_on", "hôm qua"), 422, "không đúng dạng ngày/tháng/năm"},
		{"Resolution/DateBeforeCongress", resolution("adopted_on", "01/01/2020"), 422, "không được trước ngày khai mạc"},
		{"Resolution/Stale", resolution("version", "0"), 409, "đã được người khác sửa"},
		{"Resolution/SectionWithoutTitle", resolution("section_title", []string{""}, "section_body", []string{"Nội dung"}), 422, "chưa có tiêu đề"},
		{"Ratings/Negative", ratings("good", "-3"), 422, "không được âm"},
		{"Ratings/Nobody", ratings("excellent", "0", "good", "0"), 422, "Chưa có ai được xếp loại"},
		{"Ratings/YearOutsideTerm", ratings("year", "2031"), 422, "nằm ngoài nhiệm kỳ"},
		{"Ratings/SubjectUnknown", ratings("subject", "everyone"), 422, "Đối tượng xếp loại"},
		{"Ratings/NotNumber", ratings("good", "ba"), 422, "phải là số nguyên"},
		{"Ratings/Stale", ratings("year", "2021", "subject", "cells", "version", "0"), 409, "đã được người khác sửa"},
		{"Ratings/NoSource", ratings("source", ""), 422, "Ghi rõ nguồn số liệu"},
		{"Note/TooLong", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/note", rv.ID), as: "kiemtra",
			form: url.Values{"version": {fmt.Sprint(rv.Version)}, "note": {strings.Repeat("a", 2001)}}}, 422, "tối đa 2000"},
		{"Note/Stale", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/note", rv.ID), as: "kiemtra",
			form: url.Values{"version": {"99"}, "note": {"Khớp."}}}, 409, "đã được người khác sửa"},
		// Roles: staff reads only, an auditor writes only notes, a secretary no notes.
		{"Role/StaffCreatesTarget", as(newTarget(), "bantochuc"), 403, "chỉ được xem"},
		{"Role/StaffReview", as(newReview(tf.members), "bantochuc"), 403, "chỉ được xem"},
		{"Role/AuditorReview", as(newReview(tf.members), "kiemtra"), 403, "chỉ được xem"},
		{"Role/AuditorEditsReview", as(editReview(), "kiemtra"), 403, "chỉ được xem"},
		{"Role/AuditorResolution", as(resolution(), "kiemtra"), 403, "chỉ được xem"},
		{"Role/AuditorRatings", as(ratings(), "kiemtra"), 403, "chỉ được xem"},
		{"Role/AuditorDeletesReview", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/delete", rv.ID), as: "kiemtra", form: url.Values{"version": {"1"}}}, 403, "chỉ được xem"},
		{"Role/SecretaryNote", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/note", rv.ID), as: "thuky",
			form: url.Values{"version": {"1"}, "note": {"Tự nhận xét."}}}, 403, "ủy ban kiểm tra"},
		{"Role/StaffNote", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/note", rv.ID), as: "bantochuc",
			form: url.Values{"version": {"1"}, "note": {"Nhận xét."}}}, 403, "ủy ban kiểm tra"},
		// Scope: another committee's records do not exist for them.
		{"Scope/OtherSecretaryTarget", as(newTarget(), uOtherSecretary), 404, "Không tìm thấy"},
		{"Scope/OtherSecretaryReview", as(newReview(tf.members), uOtherSecretary), 404, "Không tìm thấy"},
		{"Scope/OtherSecretaryEditsReview", as(editReview(), uOtherSecretary), 404, "Không tìm thấy"},
		{"Scope/OtherAuditorNote", req{method: http.MethodPost, path: fmt.Sprintf("/reviews/%d/note", rv.ID), as: uOtherAuditor,
			form: url.Values{"version": {"1"}, "note": {"Nhận xét."}}}, 404, "Không tìm thấy"},
		{"Body/TooLarge", req{method: http.MethodPost, path: fmt.Sprintf("/targets/%d/reviews", tf.members), as: "thuky",
			body: strings.NewReader("source=" + oversized), contentType: "application/x-www-form-urlencoded"}, 413, "quá lớn"},
	}
	before := tf.targetDigest()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := tf.do(c.r)
			if w.Code != c.code {
				t.Fatalf("status %d, want %d\n%s", w.Code, c.code, w.Body.String())
			}
			if body := htmlUnescape(w.Body.String()); !strings.Contains(body, c.text) {
				t.Fatalf("page lacks %q:\n%s", c.text, body)
			}
			if c.code == 422 || c.code == 409 {
				// A refused form comes back with what was typed.
				if src := strings.TrimSpace(c.r.form.Get("source")); len(src) > 10 && !strings.Contains(w.Body.String(), src[:10]) {
					t.Fatal("the typed source is lost")
				}
			}
			if after := tf.targetDigest(); after != before {
				t.Fatal("a refused request changed the record or the audit trail")
			}
		})
	}
}
