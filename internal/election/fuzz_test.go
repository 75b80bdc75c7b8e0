package election

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"daihoi/internal/congress"
)

// FuzzCount drives the whole path a user's bytes take — DecodeRequest, then Count, then JSON out —
// and checks that nothing panics, every refusal is an invalid_count error, and every accepted round
// satisfies the invariants. Seeds: the contract examples and testdata/fuzz/FuzzCount.
func FuzzCount(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "contract", "*.request.json"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(goodRound))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeRequest(bytes.NewReader(data))
		if err != nil {
			if congress.ErrorCode(err) != congress.EINVALIDCOUNT || congress.ErrorMessage(err) == "" {
				t.Fatalf("decode error is not invalid_count with a message: %#v", err)
			}
			return
		}
		res, err := Count(req)
		if err != nil {
			if congress.ErrorCode(err) != congress.EINVALIDCOUNT || len(congress.ErrorFields(err)) == 0 {
				t.Fatalf("count error is not invalid_count with fields: %#v", err)
			}
			return
		}
		checkInvariants(t, req, res)
		out, err := json.Marshal(res)
		if err != nil || !json.Valid(out) {
			t.Fatalf("result does not marshal: %v", err)
		}
		// What was accepted once is accepted again from its own JSON, with the same result.
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		req2, err := DecodeRequest(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("re-decoding an accepted request failed: %v\n%s", err, again)
		}
		res2, err := Count(req2)
		if err != nil {
			t.Fatalf("re-counting an accepted request failed: %v", err)
		}
		out2, _ := json.Marshal(res2)
		if !bytes.Equal(out, out2) {
			t.Fatalf("result changed on a round trip\n%s\n%s", out, out2)
		}
	})
}
