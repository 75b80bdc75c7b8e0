package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/testdb"
)

// The auditor's trail: filters by organization, congress, user, entity and dates (read in Vietnam's
// time), pages, old and new values side by side, and no way to change it.
func TestAuditPage(t *testing.T) {
	tf := newTargetFixture(t)
	ctx := context.Background()
	// thuky corrects a figure at 20:30 UTC on 1 March 2024: already 2 March, 03:30 in Vietnam.
	tf.store.Now = func() time.Time { return time.Date(2024, 3, 1, 20, 30, 0, 0, time.UTC) }
	rv := tf.review(tf.pipeline, 2023)
	rv.Numerator, rv.Source = 5, "Rà soát quy hoạch năm 2023 (đính chính)."
	if err := tf.store.UpdateReview(ctx, tf.users["thuky"], &rv); err != nil {
		t.Fatal(err)
	}
	tf.store.Now = time.Now

	entries := func(body string) int { return strings.Count(body, `class="audit-entry"`) }

	t.Run("ChangeSideBySide", func(t *testing.T) {
		w := tf.get("kiemtra", "/audit?username=thuky&entity=target_review")
		body := w.Body.String()
		if w.Code != 200 || entries(body) != 1 {
			t.Fatalf("%d, %d entries", w.Code, entries(body))
		}
		mustContain(t, "trail", htmlUnescape(body), "Sửa", "Số liệu đánh giá chỉ tiêu số", "thuky", "02/03/2024 03:30",
			"Đảng bộ Sở Khoa học và Công nghệ", "Tử số", `<td class="audit-old">6</td>`, `<td class="audit-new">5</td>`,
			"Rà soát quy hoạch năm 2023 (đính chính).", "2 trường thay đổi")
	})
	t.Run("DateRangeInVietnamTime", func(t *testing.T) {
		body := tf.get("kiemtra", "/audit?from=02/03/2024&to=02/03/2024").Body.String()
		if entries(body) != 1 {
			t.Fatalf("%d entries on 2 March", entries(body))
		}
		if body := tf.get("kiemtra", "/audit?from=01/03/2024&to=01/03/2024").Body.String(); entries(body) != 0 {
			t.Fatalf("%d entries on 1 March (Vietnam)", entries(body))
		}
	})
	t.Run("Entity", func(t *testing.T) {
		body := tf.get("kiemtra", "/audit?entity=rating_counts").Body.String()
		if n := entries(body); n != 15 || strings.Count(body, "Kết quả xếp loại số") != 15 {
			t.Fatalf("%d rating entries", n)
		}
	})
	t.Run("CongressAndOrganization", func(t *testing.T) {
		other, err := tf.store.FindCongressByID(ctx, congress.System, tf.other)
		if err != nil {
			t.Fatal(err)
		}
		body := tf.get("kiemtra", fmt.Sprintf("/audit?congress_id=%d", tf.seed)).Body.String()
		if entries(body) == 0 || strings.Contains(body, other.OrganizationName+"</span>") {
			t.Fatal("congress filter")
		}
		body = tf.get("kiemtra", fmt.Sprintf("/audit?organization_id=%d", other.OrganizationID)).Body.String()
		if entries(body) == 0 || strings.Contains(body, "Đảng bộ Sở Khoa học và Công nghệ</span>") {
			t.Fatal("organization filter")
		}
	})
	t.Run("Pages", func(t *testing.T) {
		first := tf.get("admin", "/audit").Body.String()
		mustContain(t, "first page", first, "đang xem 1–50", `rel="next"`)
		second := tf.get("admin", "/audit?page=2").Body.String()
		mustContain(t, "second page", second, "đang xem 51–100", `rel="prev"`)
		if entries(second) != 50 {
			t.Fatalf("%d entries on page 2", entries(second))
		}
	})
	t.Run("BadFilters", func(t *testing.T) {
		for q, msg := range map[string]string{
			"from=31/02/2024":               "Từ ngày \"31/02/2024\" không đúng dạng ngày/tháng/năm",
			"to=hôm+nay":                    "Đến ngày",
			"from=02/03/2024&to=01/03/2024": "phải sau từ ngày",
		} {
			w := tf.get("kiemtra", "/audit?"+q)
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(htmlUnescape(w.Body.String()), msg) {
				t.Fatalf("%s: %d", q, w.Code)
			}
		}
		if w := tf.get(uOtherAuditor, fmt.Sprintf("/audit?congress_id=%d", tf.seed)); w.Code != http.StatusNotFound {
			t.Fatalf("another committee's congress: %d", w.Code)
		}
	})
	t.Run("SubtreeOnly", func(t *testing.T) {
		body := tf.get(uOtherAuditor, "/audit").Body.String()
		if strings.Contains(body, "Đảng bộ Sở Khoa học và Công nghệ</span>") || strings.Contains(body, ">thuky<") {
			t.Fatal("another committee's auditor sees the Sở's trail")
		}
	})
	t.Run("ReadOnly", func(t *testing.T) {
		for _, user := range []string{"thuky", "bantochuc"} {
			if w := tf.get(user, "/audit"); w.Code != http.StatusForbidden {
				t.Fatalf("%s: %d", user, w.Code)
			}
		}
		before := tf.targetDigest()
		for _, r := range []req{
			{method: http.MethodPost, path: "/audit", as: "admin", form: url.Values{"id": {"1"}}},
			{method: http.MethodPost, path: "/audit/1", as: "admin", form: url.Values{}},
			{method: http.MethodPost, path: "/audit/1/delete", as: "admin", form: url.Values{}},
			{method: http.MethodPut, path: "/api/v1/audit/1", bearer: "admin", json: `{}`},
			{method: http.MethodDelete, path: "/api/v1/audit/1", bearer: "admin"},
		} {
			if w := tf.do(r); w.Code != http.StatusNotFound {
				t.Fatalf("%s %s: %d", r.method, r.path, w.Code)
			}
		}
		if tf.targetDigest() != before {
			t.Fatal("the trail changed")
		}
		body := tf.get("kiemtra", "/audit").Body.String()
		if strings.Count(body, `method="post"`) != 1 { // the logout button only
			t.Fatal("the trail page offers a form that writes")
		}
	})
}

// The verification page recomputes the congress's closed rounds and the audit chain: "Khớp" on
// the seed, each problem after a figure and an audit row are changed behind the app's back.
func TestVerifyPage(t *testing.T) {
	tf := newTargetFixture(t)
	path := fmt.Sprintf("/congresses/%d/verify", tf.seed)
	for user, code := range map[string]int{"kiemtra": 200, "admin": 200, "thuky": 200, "bantochuc": 403, uOtherSecretary: 404, uOtherAuditor: 404} {
		if w := tf.get(user, path); w.Code != code {
			t.Fatalf("%s: %d, want %d", user, w.Code, code)
		}
	}
	clean := htmlUnescape(tf.get("kiemtra", path).Body.String())
	mustContain(t, "clean", clean, "Khớp", "Đã tính lại 7 vòng bầu đã khóa", "không phát hiện sai lệch")

	// As an attacker with sqlite3 (or psql) would: drop whatever trigger guards the tables, then
	// move a ballot of the official delegates' round from valid to invalid (the CHECK valid +
	// invalid = collected still holds) and change who made an audit entry.
	testdb.DropTriggers(t, tf.db, "rounds", "audit_log")
	for _, q := range []string{
		`UPDATE rounds SET valid = valid - 1, invalid = invalid + 1 WHERE election_id =
			(SELECT id FROM elections WHERE body = 'delegate_official' AND congress_id = ` + fmt.Sprint(tf.seed) + `)`,
		`UPDATE audit_log SET username = 'nguoi-khac' WHERE id = 10`,
	} {
		if _, err := tf.db.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, user := range []string{"kiemtra", "thuky"} {
		w := tf.get(user, path)
		body := htmlUnescape(w.Body.String())
		if w.Code != 200 {
			t.Fatalf("%s: %d", user, w.Code)
		}
		mustContain(t, "tampered", body, "Phát hiện", "sai lệch", "cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1",
			"số phiếu hợp lệ trong hồ sơ là 56 nhưng biên bản đã khóa ghi 57",
			"Chuỗi nhật ký thay đổi (toàn hệ thống)", "Dòng nhật ký số 10 đã bị sửa ngoài ứng dụng")
		if strings.Contains(body, `class="verify-result">Khớp`) {
			t.Fatal("a tampered record is reported as matching")
		}
	}
}
