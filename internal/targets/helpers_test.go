package targets

import (
	"testing"

	"daihoi/internal/congress"
)

// base is a valid top-level target; tests change one thing at a time.
func base() Target {
	return Target{
		ID: 1, CongressID: 1,
		Subject:    "đảng viên hoàn thành tốt nhiệm vụ trở lên",
		Comparator: AtLeast, Value: 95, Unit: Percent, Period: Yearly, Category: PartyBuilding,
		Sentence: "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc nhiệm vụ.",
	}
}

func ptr(n int64) *int64 { return &n }

// wantFieldErr asserts that err is an EINVALID error carrying msg for field (msg "" checks only the
// field's presence).
func wantFieldErr(t *testing.T, err error, field, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error on %q, got nil", field)
	}
	if code := congress.ErrorCode(err); code != congress.EINVALID {
		t.Fatalf("code = %q, want %q (%v)", code, congress.EINVALID, err)
	}
	got, ok := congress.ErrorFields(err)[field]
	if !ok {
		t.Fatalf("no message on %q; fields: %v", field, congress.ErrorFields(err))
	}
	if msg != "" && got != msg {
		t.Fatalf("%s: message = %q, want %q", field, got, msg)
	}
}

func congressMessage(err error) string { return congress.ErrorMessage(err) }
