package offline_test

import (
	"bytes"
	"reflect"
	"testing"
	"unicode/utf8"

	"daihoi/internal/congress"
	"daihoi/internal/offline"
)

// FuzzRead feeds bytes to the package reader (upload page, API and `daihoi import package`): it
// either refuses with every problem in Vietnamese and an EINVALID error, or returns a package
// that writes back and reads again as the same package.
func FuzzRead(f *testing.F) {
	good := minimal(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := offline.Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			ps := offline.Problems(err)
			if len(ps) == 0 {
				t.Fatalf("refusal without problems: %#v", err)
			}
			for _, pr := range ps {
				if pr.Message == "" || !utf8.ValidString(pr.String()) {
					t.Fatalf("problem %+v", pr)
				}
			}
			if congress.ErrorCode(err) != congress.EINVALID || congress.ErrorMessage(err) == "Lỗi hệ thống." {
				t.Fatalf("not a user error: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := offline.Write(&buf, p); err != nil {
			t.Fatalf("an accepted package does not write: %v", err)
		}
		q, err := offline.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("an accepted package, written again, is refused: %v", err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip changed the package\n%+v\n%+v", p, q)
		}
	})
}
