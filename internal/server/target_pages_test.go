package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Every page of the area renders with the real templates for those who may see it, and shows
// what their role allows and nothing more.
func TestTargetPages(t *testing.T) {
	tf := newTargetFixture(t)
	seed := tf.seed
	rv := tf.review(tf.members, 2021)
	pages := map[string]string{
		"targets":    fmt.Sprintf("/congresses/%d/targets", seed),
		"review":     fmt.Sprintf("/congresses/%d/targets/review", seed),
		"review2022": fmt.Sprintf("/congresses/%d/targets/review?year=2022", seed),
		"verify":     fmt.Sprintf("/congresses/%d/verify", seed),
		"audit":      "/audit",
		"resolution": fmt.Sprintf("/congresses/%d/resolution/edit", seed),
		"newTarget":  fmt.Sprintf("/congresses/%d/targets/new", seed),
		"newSub":     fmt.Sprintf("/congresses/%d/targets/new?parent_id=%d", seed, tf.members),
		"editTarget": fmt.Sprintf("/targets/%d/edit", tf.excellent),
		"newReview":  fmt.Sprintf("/targets/%d/reviews/new?year=2025", tf.pipeline),
		"editReview": fmt.Sprintf("/reviews/%d/edit", rv.ID),
		"note":       fmt.Sprintf("/reviews/%d/note", rv.ID),
		"rating":     fmt.Sprintf("/congresses/%d/ratings/edit?year=2021&subject=members", seed),
		"newRating":  fmt.Sprintf("/congresses/%d/ratings/edit", seed),
		"congress":   fmt.Sprintf("/congresses/%d", seed),
	}
	// Who gets what: 200 or the refusal status.
	access := map[string]map[string]int{
		"kiemtra":       {"resolution": 403, "newTarget": 403, "newSub": 403, "editTarget": 403, "newReview": 403, "editReview": 403, "rating": 403, "newRating": 403},
		"bantochuc":     {"audit": 403, "verify": 403, "note": 403, "resolution": 403, "newTarget": 403, "newSub": 403, "editTarget": 403, "newReview": 403, "editReview": 403, "rating": 403, "newRating": 403},
		"thuky":         {"audit": 403, "note": 403},
		"admin":         {},
		uOtherSecretary: {"audit": 403, "note": 403},
		uOtherAuditor:   {"resolution": 403, "newTarget": 403, "newSub": 403, "editTarget": 403, "newReview": 403, "editReview": 403, "rating": 403, "newRating": 403},
	}
	// Outside the subtree every record is "not found", whatever the role allows.
	for _, name := range []string{uOtherSecretary, uOtherAuditor} {
		for page := range pages {
			if page != "audit" && access[name][page] == 0 {
				access[name][page] = 404
			}
		}
	}
	for user, refusals := range access {
		for page, path := range pages {
			want := http.StatusOK
			if st, ok := refusals[page]; ok {
				want = st
			}
			t.Run(user+"/"+page, func(t *testing.T) {
				w := tf.get(user, path)
				if w.Code != want {
					t.Fatalf("GET %s as %s: %d, want %d\n%s", path, user, w.Code, want, w.Body.String())
				}
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Fatalf("content type %q", ct)
				}
				if strings.Contains(w.Body.String(), "style=\"") || strings.Contains(w.Body.String(), "<script>") {
					t.Fatal("inline style or script: the content security policy forbids both")
				}
			})
		}
	}

	t.Run("ResolutionPageAsAuditor", func(t *testing.T) {
		body := tf.get("kiemtra", pages["targets"]).Body.String()
		mustContain(t, "targets page", body,
			"Nghị quyết Đại hội", "28/05/2020", "58 / 58 có mặt", "Nghị quyết được quá một nửa số có mặt tán thành.",
			"100% chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên", // the sentence, quoted
			"4.1.", "đảng viên hoàn thành xuất sắc nhiệm vụ", "từ 10% trở lên, hằng năm",
			"Tỷ lệ tính trên số đảng viên hoàn thành tốt nhiệm vụ trở lên (“trong đó”).",
			"8,62%", "5/58", "Không đạt", "Dữ liệu mẫu: Báo cáo kết quả đánh giá",
			"Ghi nhận xét", "Kết quả đánh giá, xếp loại hằng năm", "/audit?congress_id=", "Kiểm tra toàn vẹn")
		for _, no := range []string{"Thêm chỉ tiêu", "Sửa chỉ tiêu", "Nhập số liệu năm", "Sửa nghị quyết", "Nhập kết quả xếp loại"} {
			if strings.Contains(body, no) {
				t.Fatalf("an auditor is offered %q", no)
			}
		}
	})
	t.Run("ResolutionPageAsSecretary", func(t *testing.T) {
		body := tf.get("thuky", pages["targets"]).Body.String()
		mustContain(t, "targets page", body, "Thêm chỉ tiêu", "Sửa chỉ tiêu", "Nhập số liệu năm", "Sửa nghị quyết",
			"Nhập kết quả xếp loại", "Kiểm tra toàn vẹn")
		for _, no := range []string{"Ghi nhận xét", "/audit?"} {
			if strings.Contains(body, no) {
				t.Fatalf("a secretary is offered %q", no)
			}
		}
	})
	t.Run("StaffReadsOnly", func(t *testing.T) {
		body := tf.get("bantochuc", pages["targets"]).Body.String()
		for _, no := range []string{"Thêm chỉ tiêu", "Sửa", "Ghi nhận xét", "Kiểm tra toàn vẹn", "Nhật ký thay đổi"} {
			if strings.Contains(body, ">"+no) {
				t.Fatalf("staff is offered %q", no)
			}
		}
	})
	t.Run("TermReview", func(t *testing.T) {
		body := tf.get("kiemtra", pages["review"]).Body.String()
		mustContain(t, "review page", body,
			"5/7 chỉ tiêu đạt và vượt (trong đó 2 chỉ tiêu vượt); 2 chỉ tiêu không đạt", "Tính đến năm 2025",
			"<svg", `role="img"`, "chart-target", "Chỉ tiêu", "Vượt", "Không đạt", "Có nguy cơ không đạt", "Chưa có số liệu",
			"96,67%", "58/60", "review.xlsx?year=2025", "Tổng hợp theo năm")
		// The chart is coloured by classes: no style attribute, no inline style element.
		if strings.Contains(body, "<style") {
			t.Fatal("inline style element")
		}
		past := tf.get("kiemtra", pages["review2022"]).Body.String()
		mustContain(t, "review as of 2022", past, "Tính đến năm 2022", "nhiệm kỳ chưa kết thúc", "Đúng tiến độ")
	})
	t.Run("CongressPageLinks", func(t *testing.T) {
		mustContain(t, "congress page", tf.get("kiemtra", pages["congress"]).Body.String(),
			fmt.Sprintf("/congresses/%d/targets/review", seed), fmt.Sprintf("/congresses/%d/verify", seed))
	})
	t.Run("NavShowsTheTrailToAuditorsOnly", func(t *testing.T) {
		if !strings.Contains(tf.get("kiemtra", "/congresses").Body.String(), `href="/audit"`) {
			t.Fatal("auditor's nav lacks Nhật ký")
		}
		if strings.Contains(tf.get("thuky", "/congresses").Body.String(), `href="/audit"`) {
			t.Fatal("secretary's nav offers Nhật ký")
		}
	})
	t.Run("FormsPrefill", func(t *testing.T) {
		mustContain(t, "rating form", tf.get("thuky", pages["rating"]).Body.String(),
			`name="excellent" value="5"`, `name="good" value="53"`, `type="hidden" name="year" value="2021"`, "Sửa kết quả xếp loại")
		mustContain(t, "sub-target form", tf.get("thuky", pages["newSub"]).Body.String(),
			"95% đảng viên hoàn thành tốt nhiệm vụ, trong đó", `value="parent_numerator" selected`)
		mustContain(t, "review form", tf.get("thuky", pages["newReview"]).Body.String(), `value="2025" selected`, "Nguồn số liệu")
		mustContain(t, "edit review", tf.get("thuky", pages["editReview"]).Body.String(), `name="numerator" value="58"`, "Xóa số liệu năm 2021")
		mustContain(t, "note form", tf.get("kiemtra", pages["note"]).Body.String(), "Lưu nhận xét", "58/60")
	})
	t.Run("BadYear", func(t *testing.T) {
		for _, y := range []string{"abc", "2019", "99999999999"} {
			if w := tf.get("kiemtra", pages["review"]+"?year="+url.QueryEscape(y)); w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("year %q: %d", y, w.Code)
			}
		}
	})
	t.Run("UnknownIDs", func(t *testing.T) {
		for _, p := range []string{"/congresses/999999/targets", "/targets/999999/edit", "/reviews/999999/note",
			"/congresses/x/targets/review", "/congresses/999999/verify", "/congresses/999999/targets/review.xlsx"} {
			if w := tf.get("admin", p); w.Code != http.StatusNotFound {
				t.Fatalf("%s: %d", p, w.Code)
			}
		}
	})
}
