package election

import (
	"bytes"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

const goodList = `[{"name": "Lê Văn An", "votes": 30}, {"name": "Lê Văn Bình", "votes": 20}, {"name": "Lê Văn Cường", "votes": 25}]`

const goodRound = `{"ruleset": "qd244-2014", "congress_kind": "members", "seats": 2,
 "base": {"convened": 40, "absent_with_reason": 1}, "present": 39,
 "ballots": {"issued": 39, "collected": 39, "valid": 38, "invalid": 1},
 "candidates": ` + goodList + `}`

func TestDecodeRequestOK(t *testing.T) {
	req, err := DecodeRequest(strings.NewReader(goodRound))
	if err != nil {
		t.Fatalf("DecodeRequest: %v (%v)", err, congress.ErrorFields(err))
	}
	if req.Ruleset != RulesetQD244 || req.CongressKind != KindMembers || req.Seats != 2 || req.Base.AbsentWithReason != 1 ||
		req.Present == nil || *req.Present != 39 || req.Ballots.Invalid != 1 || len(req.Candidates) != 3 || req.Candidates[2].Votes != 25 {
		t.Fatalf("decoded %+v", req)
	}
	res := mustCount(t, req)
	if res.Base != 39 || res.Threshold != 20 || len(res.Elected) != 2 {
		t.Fatalf("result %+v", res)
	}
}

func TestDecodeRequestLenient(t *testing.T) {
	cases := map[string]string{
		"ruleset omitted defaults":          `{"congress_kind": "members", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6}]}`,
		"null optional fields":              `{"ruleset": null, "body": null, "present": null, "congress_kind": "members", "seats": 1, "base": {"convened": 10, "suspended": null}, "ballots": {"issued": 10, "collected": 10, "valid": 10, "invalid": null}, "candidates": [{"name": "Lê An", "votes": 6}]}`,
		"whole numbers written as decimals": `{"congress_kind": "members", "seats": 1.0, "base": {"convened": 1e1}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6.00}]}`,
		"body given":                        `{"body": "secretary", "congress_kind": "members", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6}]}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			req, err := DecodeRequest(strings.NewReader(body))
			if err != nil {
				t.Fatalf("DecodeRequest: %v %v", err, congress.ErrorFields(err))
			}
			res := mustCount(t, req)
			if len(res.Elected) != 1 {
				t.Fatalf("result %+v", res)
			}
		})
	}
}

// TestDecodeRequestErrors: each malformed or out-of-contract request fails with invalid_count and
// a Vietnamese message on the right JSON path ("$" or "" for the whole body).
func TestDecodeRequestErrors(t *testing.T) {
	repl := func(old, new string) string {
		if !strings.Contains(goodRound, old) {
			t.Fatalf("test bug: %q not in the good round", old)
		}
		return strings.Replace(goodRound, old, new, 1)
	}
	cases := []struct {
		name, body, field, contains string
	}{
		{"malformed JSON", `{"seats": 2,`, "", "cắt cụt"},
		{"syntax error", `{"seats": 2 "base": {}}`, "", "cú pháp"},
		{"not JSON at all", `hello`, "", "JSON"},
		{"empty body", ``, "", "trống"},
		{"trailing data", goodRound + ` {}`, "", "phần thừa"},
		{"top level is an array", `[1, 2]`, "$", "đối tượng"},
		{"invalid UTF-8", "{\"congress_kind\": \"\xff\"}", "", "UTF-8"},
		{"duplicate key", repl(`"seats": 2,`, `"seats": 2, "seats": 3,`), "", `"seats" xuất hiện hai lần`},
		{"unknown top-level field", repl(`"seats": 2,`, `"seats": 2, "seat": 3,`), "seat", "không có trong hợp đồng"},
		{"unknown base field (a typo that would change the base)", repl(`"absent_with_reason"`, `"absent_with_reasons"`), "base.absent_with_reasons", "gõ sai"},
		{"unknown candidate field", repl(`"votes": 30}`, `"votes": 30, "age": 50}`), "candidates[0].age", "không có"},
		{"unknown congress_kind", repl(`"members"`, `"member"`), "congress_kind", `"member"`},
		{"missing congress_kind", repl(`"congress_kind": "members",`, ``), "congress_kind", "Thiếu"},
		{"unknown ruleset", repl(`"qd244-2014"`, `"qd245-2014"`), "ruleset", "qd245"},
		{"unknown body", repl(`"seats": 2,`, `"seats": 2, "body": "bch",`), "body", `"bch"`},
		{"seats zero", repl(`"seats": 2`, `"seats": 0`), "seats", "lớn hơn 0"},
		{"seats missing", repl(`"seats": 2,`, ``), "seats", "Thiếu"},
		{"seats as a string", repl(`"seats": 2`, `"seats": "2"`), "seats", "phải là một số"},
		{"seats fractional", repl(`"seats": 2`, `"seats": 2.5`), "seats", "số nguyên"},
		{"negative votes", repl(`"votes": 20`, `"votes": -20`), "candidates[1].votes", "không được âm (đang là -20)"},
		{"negative huge votes", repl(`"votes": 20`, `"votes": -1e300`), "candidates[1].votes", "không được âm"},
		{"huge votes", repl(`"votes": 20`, `"votes": 99999999999999999999999`), "candidates[1].votes", "quá lớn"},
		{"huge exponent", repl(`"votes": 20`, `"votes": 1e999`), "candidates[1].votes", "quá lớn"},
		{"huge convened", repl(`"convened": 40`, `"convened": 1000001`), "base.convened", "quá lớn"},
		{"votes as bool", repl(`"votes": 20`, `"votes": true`), "candidates[1].votes", "phải là một số"},
		{"name as number", repl(`"Lê Văn Bình"`, `7`), "candidates[1].name", "chuỗi"},
		{"name missing", repl(`"name": "Lê Văn Bình", `, ``), "candidates[1].name", "Thiếu họ tên"},
		{"votes missing", repl(`, "votes": 20`, ``), "candidates[1].votes", "Thiếu số phiếu"},
		{"candidate null", repl(`{"name": "Lê Văn Bình", "votes": 20}`, `null`), "candidates[1]", "Thiếu"},
		{"candidate not an object", repl(`{"name": "Lê Văn Bình", "votes": 20}`, `"Lê Văn Bình"`), "candidates[1]", "đối tượng"},
		{"duplicate names", repl(`"Lê Văn Bình"`, `"Lê Văn An"`), "candidates[1].name", "trùng với người thứ 1"},
		{"duplicate names after NFC and trimming", repl(`"Lê Văn Bình"`, "\" Le\u0302 Va\u0306n  An\""), "candidates[1].name", "trùng"},
		{"empty list", repl(goodList, `[]`), "candidates", "chưa có ai"},
		{"list missing", repl(`,`+"\n"+` "candidates": `+goodList, ``), "candidates", "chưa có ai"},
		{"list not an array", repl(goodList, `{}`), "candidates", "danh sách JSON"},
		{"base missing", repl(`"base": {"convened": 40, "absent_with_reason": 1},`, ``), "base", "Thiếu"},
		{"base not an object", repl(`{"convened": 40, "absent_with_reason": 1}`, `40`), "base", "đối tượng"},
		{"convened missing", repl(`"convened": 40, `, ``), "base.convened", "Thiếu"},
		{"base zero", repl(`"absent_with_reason": 1`, `"absent_with_reason": 40`), "base.convened", "phải lớn hơn 0"},
		{"delegates field on a members' congress", repl(`"absent_with_reason": 1`, `"committee_absent": 1`), "base.committee_absent", "chỉ dùng cho đại hội đại biểu"},
		{"ballots missing", repl(`"ballots": {"issued": 39, "collected": 39, "valid": 38, "invalid": 1},`, ``), "ballots", "Thiếu"},
		{"deep nesting", `{"base": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "", "quá sâu"},
		{"body over 1 MiB", `{"congress_kind": "members", "pad": "` + strings.Repeat("a", MaxRequestBytes) + `"}`, "", "quá lớn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeRequest(strings.NewReader(tc.body))
			if congress.ErrorCode(err) != congress.EINVALIDCOUNT {
				t.Fatalf("want invalid_count, got %v", err)
			}
			if tc.field == "" {
				if !strings.Contains(congress.ErrorMessage(err), tc.contains) {
					t.Fatalf("message %q does not contain %q", congress.ErrorMessage(err), tc.contains)
				}
				return
			}
			errField(t, err, tc.field, tc.contains)
		})
	}
}

// TestDecodeRequestManyErrors: every problem is reported on its own field, and the message says
// how many more there are.
func TestDecodeRequestManyErrors(t *testing.T) {
	body := `{"congress_kind": "x", "seats": -1, "base": {"convened": 10}, "ballots": {}, "candidates": [{"name": "", "votes": -1}]}`
	_, err := DecodeRequest(strings.NewReader(body))
	f := congress.ErrorFields(err)
	for _, k := range []string{"congress_kind", "seats", "candidates[0].name", "candidates[0].votes"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	if !strings.Contains(congress.ErrorMessage(err), "lỗi khác") {
		t.Errorf("message should say more errors follow: %q", congress.ErrorMessage(err))
	}
}

// TestDecodeRequestLargeValidBody: a legitimate large list well under the limit is accepted.
func TestDecodeRequestLargeValidBody(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"congress_kind": "delegates", "seats": 1, "base": {"convened": 5000}, "ballots": {"issued": 0, "collected": 0, "valid": 0, "invalid": 0}, "candidates": [`)
	for i := 0; i < 2000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"name": "` + person(i+len(givenNames)) + `", "votes": 0}`)
	}
	b.WriteString("]}")
	req, err := DecodeRequest(&b)
	if err != nil {
		t.Fatal(err)
	}
	res := mustCount(t, req)
	if res.VacantSeats != 1 {
		t.Fatalf("%+v", res.VacantSeats)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, bytes.ErrTooLarge }

func TestDecodeRequestReadError(t *testing.T) {
	_, err := DecodeRequest(failingReader{})
	if congress.ErrorCode(err) != congress.EINVALIDCOUNT {
		t.Fatalf("got %v", err)
	}
}
