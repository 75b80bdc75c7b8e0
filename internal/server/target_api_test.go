package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// decodeTargetAnswer decodes a JSON answer of the expected status.
func decodeTargetAnswer(t *testing.T, w *httptest.ResponseRecorder, status int, v any) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d\n%s", w.Code, status, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("%v\n%s", err, w.Body.String())
	}
}

// The JSON API of targets, reviews, the term review and the audit trail, with the same rules as
// the pages.
func TestTargetAPI(t *testing.T) {
	tf := newTargetFixture(t)
	seed := tf.seed

	t.Run("ListTargets", func(t *testing.T) {
		var out struct {
			CongressID int64 `json:"congress_id"`
			Resolution *struct {
				VotesFor int `json:"votes_for"`
				Present  int `json:"present"`
			} `json:"resolution"`
			Items []struct {
				ID       int64   `json:"id"`
				Number   string  `json:"number"`
				Phrase   string  `json:"phrase"`
				Value    float64 `json:"value"`
				ShareOf  string  `json:"share_of"`
				ParentID *int64  `json:"parent_id"`
				Version  int64   `json:"version"`
			} `json:"items"`
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/targets", seed), "bantochuc", ""), 200, &out)
		if out.Resolution == nil || out.Resolution.VotesFor != 58 || out.Resolution.Present != 58 || len(out.Items) != 7 {
			t.Fatalf("%+v", out)
		}
		last := out.Items[6]
		if last.Number != "4.1" || last.Phrase != "từ 10% trở lên, hằng năm" || last.ShareOf != "parent_numerator" || last.ParentID == nil {
			t.Fatalf("%+v", last)
		}
	})
	t.Run("TermReview", func(t *testing.T) {
		var out struct {
			AsOfYear int    `json:"as_of_year"`
			Years    []int  `json:"years"`
			Headline string `json:"headline"`
			Summary  struct {
				Total    int `json:"total"`
				Met      int `json:"met"`
				Exceeded int `json:"exceeded"`
				NotMet   int `json:"not_met"`
			} `json:"summary"`
			Targets []struct {
				Target       struct{ Number string } `json:"target"`
				Verdict      string                  `json:"verdict"`
				VerdictLabel string                  `json:"verdict_label"`
				Exceeded     bool                    `json:"exceeded"`
				Years        []struct {
					Year         int     `json:"year"`
					Reviewed     bool    `json:"reviewed"`
					Numerator    int64   `json:"numerator"`
					Denominator  int64   `json:"denominator"`
					Value        float64 `json:"value"`
					Verdict      string  `json:"verdict"`
					VerdictLabel string  `json:"verdict_label"`
				} `json:"years"`
			} `json:"targets"`
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/targets/review?year=2025", seed), "kiemtra", ""), 200, &out)
		if out.AsOfYear != 2025 || len(out.Years) != 6 || !strings.HasPrefix(out.Headline, "5/7 chỉ tiêu đạt và vượt") ||
			out.Summary.Total != 7 || out.Summary.Met != 5 || out.Summary.Exceeded != 2 || out.Summary.NotMet != 2 {
			t.Fatalf("%+v", out)
		}
		ex := out.Targets[6]
		if ex.Target.Number != "4.1" || ex.Verdict != "not_met" || ex.VerdictLabel != "Không đạt" {
			t.Fatalf("%+v", ex)
		}
		y := ex.Years[1]
		if y.Year != 2021 || !y.Reviewed || y.Numerator != 5 || y.Denominator != 58 || y.Value != 8.62 || y.Verdict != "not_met" {
			t.Fatalf("%+v", y)
		}
		if ex.Years[5].Reviewed || ex.Years[5].Verdict != "pending" {
			t.Fatalf("2025: %+v", ex.Years[5])
		}
		w := tf.api(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/targets/review?year=abc", seed), "kiemtra", "")
		if w.Code != 422 || apiErr(t, w).Fields["year"] == "" {
			t.Fatalf("bad year: %d %s", w.Code, w.Body.String())
		}
		if w := tf.api(http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d/targets/review?year=2019", seed), "kiemtra", ""); w.Code != 422 {
			t.Fatalf("year before the term: %d", w.Code)
		}
	})

	var created struct {
		ID      int64   `json:"id"`
		Number  string  `json:"number"`
		Value   float64 `json:"value"`
		Version int64   `json:"version"`
	}
	target := `{"subject":"đảng viên mới được kết nạp","comparator":">=","value":10,"unit":"people","period":"term_total",
		"category":"party_building","sentence":"Kết nạp ít nhất 10 đảng viên mới trong nhiệm kỳ."}`
	t.Run("CreateAndUpdateTarget", func(t *testing.T) {
		w := tf.api(http.MethodPost, fmt.Sprintf("/api/v1/congresses/%d/targets", seed), "thuky", target)
		decodeTargetAnswer(t, w, 201, &created)
		if created.Number != "5" || created.Version != 1 || w.Header().Get("Location") != fmt.Sprintf("/api/v1/targets/%d", created.ID) {
			t.Fatalf("%+v %s", created, w.Header().Get("Location"))
		}
		var got map[string]any
		decodeTargetAnswer(t, tf.api(http.MethodGet, fmt.Sprintf("/api/v1/targets/%d", created.ID), "kiemtra", ""), 200, &got)
		// What the API answers, it takes back.
		got["value"] = 12
		body, _ := json.Marshal(got)
		decodeTargetAnswer(t, tf.api(http.MethodPut, fmt.Sprintf("/api/v1/targets/%d", created.ID), "thuky", string(body)), 200, &created)
		if created.Value != 12 || created.Version != 2 {
			t.Fatalf("%+v", created)
		}
	})
	var review struct {
		ID           int64  `json:"id"`
		Version      int64  `json:"version"`
		Verdict      string `json:"verdict"`
		VerdictLabel string `json:"verdict_label"`
		Note         string `json:"note"`
		NoteByName   string `json:"note_by_name"`
	}
	t.Run("ReviewsAndNote", func(t *testing.T) {
		w := tf.api(http.MethodPost, fmt.Sprintf("/api/v1/targets/%d/reviews", created.ID), "thuky",
			fmt.Sprintf(`{"congress_id":%d,"year":2021,"numerator":3,"source":"Báo cáo kết nạp đảng viên năm 2021."}`, seed))
		decodeTargetAnswer(t, w, 201, &review)
		if review.Version != 1 || review.Verdict != "pending" || review.VerdictLabel != "Tính vào tổng cả nhiệm kỳ" {
			t.Fatalf("%+v", review)
		}
		decodeTargetAnswer(t, tf.api(http.MethodPut, fmt.Sprintf("/api/v1/reviews/%d", review.ID), "thuky",
			`{"year":2021,"numerator":13,"source":"Báo cáo kết nạp đảng viên năm 2021.","version":1}`), 200, &review)
		if review.Version != 2 || review.Verdict != "met" {
			t.Fatalf("%+v", review)
		}
		decodeTargetAnswer(t, tf.api(http.MethodPut, fmt.Sprintf("/api/v1/reviews/%d/note", review.ID), "kiemtra",
			`{"note":"Khớp danh sách kết nạp.","version":2}`), 200, &review)
		if review.Note != "Khớp danh sách kết nạp." || review.Version != 3 || review.NoteByName == "" {
			t.Fatalf("%+v", review)
		}
		var list struct {
			TargetID int64 `json:"target_id"`
			Items    []struct {
				Year  int     `json:"year"`
				Value float64 `json:"value"`
				Note  string  `json:"note"`
			} `json:"items"`
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, fmt.Sprintf("/api/v1/targets/%d/reviews", created.ID), "bantochuc", ""), 200, &list)
		if len(list.Items) != 1 || list.Items[0].Value != 13 || list.Items[0].Note == "" {
			t.Fatalf("%+v", list)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		var out struct {
			Items []struct {
				Username string `json:"username"`
				Entity   string `json:"entity"`
				Action   string `json:"action"`
				Changes  []struct {
					Field, Old, New string
					Changed         bool
				} `json:"changes"`
			} `json:"items"`
			Total int `json:"total"`
			Limit int `json:"limit"`
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, "/api/v1/audit?entity=target_review&username=kiemtra", "kiemtra", ""), 200, &out)
		if out.Total != 1 || out.Items[0].Action != "note" {
			t.Fatalf("%+v", out)
		}
		found := false
		for _, ch := range out.Items[0].Changes {
			found = found || (ch.Field == "note" && ch.Old == "" && ch.New == "Khớp danh sách kết nạp." && ch.Changed)
		}
		if !found {
			t.Fatalf("note change missing: %+v", out.Items[0].Changes)
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, fmt.Sprintf("/api/v1/audit?congress_id=%d&entity=target&from=2000-01-01&to=%s&limit=5",
			seed, "31/12/2999"), "admin", ""), 200, &out)
		if out.Total != 9 || len(out.Items) != 5 || out.Limit != 5 { // seven seeded, one created, one updated
			t.Fatalf("total %d, %d items", out.Total, len(out.Items))
		}
		decodeTargetAnswer(t, tf.api(http.MethodGet, "/api/v1/audit?entity=target", uOtherAuditor, ""), 200, &out)
		if out.Total != 0 {
			t.Fatalf("another committee's auditor sees %d entries of the seed", out.Total)
		}
	})
}

// Input the API must refuse: each answer is the expected 4xx with the error envelope naming the
// field, and nothing changes.
func TestTargetAPIBadInput(t *testing.T) {
	tf := newTargetFixture(t)
	seed := tf.seed
	rv := tf.review(tf.members, 2021)
	pt := tf.target(tf.pipeline)
	reviews := fmt.Sprintf("/api/v1/targets/%d/reviews", tf.members)
	review := func(kv string) string {
		return `{"year":2025,"numerator":19,"denominator":20,"source":"Báo cáo xếp loại năm 2025."` + kv + `}`
	}
	targets := fmt.Sprintf("/api/v1/congresses/%d/targets", seed)
	target := func(kv string) string {
		return `{"subject":"đảng viên mới","comparator":">=","value":10,"unit":"people","period":"term_total",` +
			`"category":"party_building","sentence":"Kết nạp ít nhất 10 đảng viên mới."` + kv + `}`
	}
	cases := []struct {
		name               string
		method, path, user string
		body               string
		code               int
		field              string
	}{
		{"Review/NumeratorOverDenominator", "POST", reviews, "thuky", review(`,"numerator":21`), 422, "numerator"},
		{"Review/ZeroDenominator", "POST", reviews, "thuky", review(`,"denominator":0`), 422, "denominator"},
		{"Review/YearOutsideTerm", "POST", reviews, "thuky", review(`,"year":2030`), 422, "year"},
		{"Review/OtherCongress", "POST", reviews, "thuky", review(fmt.Sprintf(`,"congress_id":%d`, tf.other)), 422, "target_id"},
		{"Review/OtherTarget", "POST", reviews, "thuky", review(fmt.Sprintf(`,"target_id":%d`, tf.cells)), 422, "target_id"},
		{"Review/NumeratorString", "POST", reviews, "thuky", review(`,"numerator":"19"`), 422, "numerator"},
		{"Review/NumeratorFloat", "POST", reviews, "thuky", review(`,"numerator":19.5`), 422, "numerator"},
		{"Review/NumeratorHuge", "POST", reviews, "thuky", review(`,"numerator":1e30`), 422, "numerator"},
		{"Review/NumeratorBeyondInt64", "POST", reviews, "thuky", review(`,"numerator":9223372036854775808`), 422, "numerator"},
		{"Review/TooLarge", "POST", fmt.Sprintf("/api/v1/targets/%d/reviews", tf.pipeline), "thuky", review(`,"numerator":2000000000000000,"denominator":2000000000000000`), 422, "numerator"},
		{"Review/YearHuge", "POST", reviews, "thuky", review(`,"year":99999999999999999999`), 422, "year"},
		{"Review/MissingSource", "POST", reviews, "thuky", `{"year":2025,"numerator":19,"denominator":20}`, 422, "source"},
		{"Review/UnknownField", "POST", reviews, "thuky", review(`,"percent":95`), 422, "percent"},
		{"Review/DuplicateYear", "POST", reviews, "thuky", review(`,"year":2021,"numerator":58,"denominator":60`), 409, "year"},
		{"Review/Stale", "PUT", fmt.Sprintf("/api/v1/reviews/%d", rv.ID), "thuky", `{"year":2021,"numerator":57,"denominator":60,"source":"x","version":0}`, 409, ""},
		{"Review/NoVersion", "PUT", fmt.Sprintf("/api/v1/reviews/%d", rv.ID), "thuky", `{"year":2021,"numerator":57,"denominator":60,"source":"x"}`, 422, "version"},
		{"Review/MovedToOtherTarget", "PUT", fmt.Sprintf("/api/v1/reviews/%d", rv.ID), "thuky", fmt.Sprintf(`{"target_id":%d,"year":2021,"numerator":57,"denominator":60,"source":"x","version":%d}`, tf.cells, rv.Version), 422, "target_id"},
		{"Review/NotJSON", "POST", reviews, "thuky", `year=2025`, 400, ""},
		{"Target/ValueOverflow", "POST", targets, "thuky", target(`,"value":1e400`), 422, "value"},
		{"Target/ValueHuge", "POST", targets, "thuky", target(`,"value":1e300`), 422, "value"},
		{"Target/ValueString", "POST", targets, "thuky", target(`,"value":"10"`), 422, "value"},
		{"Target/PercentOver100", "POST", targets, "thuky", target(`,"unit":"percent","period":"yearly","value":100.5`), 422, "value"},
		{"Target/ByYearString", "POST", targets, "thuky", target(`,"by_year":"2025"`), 422, "by_year"},
		{"Target/MissingSubject", "POST", targets, "thuky", `{"comparator":">=","value":10,"unit":"people","period":"term_total","category":"party_building","sentence":"x"}`, 422, "subject"},
		{"Target/MissingValue", "POST", targets, "thuky", `{"subject":"x","comparator":">=","unit":"people","period":"term_total","category":"party_building","sentence":"x"}`, 422, "value"},
		{"Target/OtherCongressInBody", "POST", targets, "thuky", target(fmt.Sprintf(`,"congress_id":%d`, tf.other)), 422, "congress_id"},
		{"Target/ParentOfOtherCongress", "POST", targets, "admin", target(`,"parent_id":999999`), 422, "parent_id"},
		{"Target/Stale", "PUT", fmt.Sprintf("/api/v1/targets/%d", pt.ID), "thuky", fmt.Sprintf(`{"subject":%q,"comparator":">","value":50,"unit":"percent","period":"by_year_end","by_year":2025,"category":"party_building","sentence":%q,"version":0}`, pt.Subject, pt.Sentence), 409, ""},
		{"Target/ByYearOutsideTerm", "PUT", fmt.Sprintf("/api/v1/targets/%d", pt.ID), "thuky", fmt.Sprintf(`{"subject":%q,"comparator":">","value":50,"unit":"percent","period":"by_year_end","by_year":2027,"category":"party_building","sentence":%q,"version":1}`, pt.Subject, pt.Sentence), 422, "by_year"},
		{"Note/TooLong", "PUT", fmt.Sprintf("/api/v1/reviews/%d/note", rv.ID), "kiemtra", fmt.Sprintf(`{"note":%q,"version":%d}`, strings.Repeat("â", 2001), rv.Version), 422, "note"},
		{"Note/Stale", "PUT", fmt.Sprintf("/api/v1/reviews/%d/note", rv.ID), "kiemtra", `{"note":"x","version":0}`, 409, ""},
		{"Note/Missing", "PUT", fmt.Sprintf("/api/v1/reviews/%d/note", rv.ID), "kiemtra", `{"version":1}`, 422, "note"},
		{"Audit/BadDate", "GET", "/api/v1/audit?from=31/02/2024", "kiemtra", "", 422, "from"},
		{"Audit/ToBeforeFrom", "GET", "/api/v1/audit?from=2024-05-02&to=2024-05-01", "kiemtra", "", 422, "to"},
		{"Audit/NegativeOffset", "GET", "/api/v1/audit?offset=-1", "kiemtra", "", 422, "offset"},
		{"Audit/LimitTooLarge", "GET", "/api/v1/audit?limit=100000", "kiemtra", "", 422, "limit"},
		{"Audit/OrganizationNotNumber", "GET", "/api/v1/audit?organization_id=abc", "kiemtra", "", 422, "organization_id"},
		{"Audit/UnknownEntity", "GET", "/api/v1/audit?entity=secret", "kiemtra", "", 422, "entity"},
		{"Audit/OrganizationOutOfScope", "GET", "/api/v1/audit?organization_id=1", uOtherAuditor, "", 404, ""},
		// Roles and scope.
		{"Role/StaffTarget", "POST", targets, "bantochuc", target(""), 403, ""},
		{"Role/AuditorReview", "POST", reviews, "kiemtra", review(""), 403, ""},
		{"Role/AuditorUpdatesReview", "PUT", fmt.Sprintf("/api/v1/reviews/%d", rv.ID), "kiemtra", `{"year":2021,"numerator":1,"denominator":60,"source":"x","version":1}`, 403, ""},
		{"Role/SecretaryNote", "PUT", fmt.Sprintf("/api/v1/reviews/%d/note", rv.ID), "thuky", `{"note":"x","version":1}`, 403, ""},
		{"Role/StaffAudit", "GET", "/api/v1/audit", "bantochuc", "", 403, ""},
		{"Role/SecretaryAudit", "GET", "/api/v1/audit", "thuky", "", 403, ""},
		{"Scope/OtherSecretaryTargets", "GET", targets, uOtherSecretary, "", 404, ""},
		{"Scope/OtherSecretaryReview", "POST", reviews, uOtherSecretary, review(""), 404, ""},
		{"Scope/OtherAuditorReviews", "GET", reviews, uOtherAuditor, "", 404, ""},
		{"Scope/OtherAuditorTermReview", "GET", fmt.Sprintf("/api/v1/congresses/%d/targets/review", seed), uOtherAuditor, "", 404, ""},
		{"Scope/OtherAuditorNote", "PUT", fmt.Sprintf("/api/v1/reviews/%d/note", rv.ID), uOtherAuditor, `{"note":"x","version":1}`, 404, ""},
		{"Auth/NoToken", "GET", targets, "", "", 401, ""},
	}
	before := tf.targetDigest()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := tf.do(req{method: c.method, path: c.path, bearer: c.user, json: c.body})
			if w.Code != c.code {
				t.Fatalf("status %d, want %d\n%s", w.Code, c.code, w.Body.String())
			}
			e := apiErr(t, w)
			if c.field != "" && e.Fields[c.field] == "" {
				t.Fatalf("no message for %q: %+v", c.field, e)
			}
			if after := tf.targetDigest(); after != before {
				t.Fatal("a refused request changed the record or the audit trail")
			}
		})
	}
}
