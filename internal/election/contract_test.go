package election

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// contractDirs are where the worked examples of the count contract live: a copy in testdata (so
// the test never depends on shared/ being present) and shared/examples/count beside the clone.
var contractDirs = []string{
	filepath.Join("testdata", "contract"),
	filepath.Join("..", "..", "..", "shared", "examples", "count"),
}

// TestContractExamples reproduces every worked example: results must match field for field
// (percent compared as JSON numbers, warnings only required to be an array), and err-* requests
// must fail with invalid_count.
func TestContractExamples(t *testing.T) {
	ran := 0
	for _, dir := range contractDirs {
		reqs, _ := filepath.Glob(filepath.Join(dir, "*.request.json"))
		for _, reqPath := range reqs {
			ran++
			name := strings.TrimSuffix(filepath.Base(reqPath), ".request.json")
			t.Run(filepath.Base(filepath.Dir(reqPath))+"/"+name, func(t *testing.T) {
				f, err := os.Open(reqPath)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				req, err := DecodeRequest(f)
				var res Result
				if err == nil {
					res, err = Count(req)
				}
				if strings.HasPrefix(name, "err-") {
					if congress.ErrorCode(err) != congress.EINVALIDCOUNT {
						t.Fatalf("want invalid_count error, got %v (result %+v)", err, res)
					}
					if len(congress.ErrorFields(err)) == 0 {
						t.Errorf("error has no fields: %v", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Count: %v (%s)", err, congress.ErrorMessage(err))
				}
				want, err := os.ReadFile(strings.TrimSuffix(reqPath, ".request.json") + ".result.json")
				if err != nil {
					t.Fatal(err)
				}
				got, err := json.MarshalIndent(res, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				assertSameResult(t, got, want)
			})
		}
	}
	if ran == 0 {
		t.Fatal("no contract examples found")
	}
}

// assertSameResult compares two result documents as decoded JSON values, warnings aside.
func assertSameResult(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("result is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("expected result is not JSON: %v", err)
	}
	if _, ok := g["warnings"].([]any); !ok {
		t.Errorf("warnings must be an array, got %#v", g["warnings"])
	}
	if _, ok := g["elected"].([]any); !ok {
		t.Errorf("elected must be an array, got %#v", g["elected"])
	}
	delete(g, "warnings")
	delete(w, "warnings")
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("result differs\n got: %s\nwant: %s", got, want)
	}
}

// TestContractExamplesByteExact checks that the indented output is byte for byte the example when
// there are no warnings: percent keeps its ".0" (50.0), field order is the contract's.
func TestContractExamplesByteExact(t *testing.T) {
	reqs, _ := filepath.Glob(filepath.Join("testdata", "contract", "*.request.json"))
	for _, reqPath := range reqs {
		if strings.HasPrefix(filepath.Base(reqPath), "err-") {
			continue
		}
		data, _ := os.ReadFile(reqPath)
		req, err := DecodeRequest(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Count(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.MarshalIndent(res, "", " ")
		want, _ := os.ReadFile(strings.TrimSuffix(reqPath, ".request.json") + ".result.json")
		if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
			t.Errorf("%s: output is not byte-identical\n got: %s\nwant: %s", reqPath, got, want)
		}
	}
}

// TestErrValidPlusInvalidMessage pins the example sentence of the issue.
func TestErrValidPlusInvalidMessage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "contract", "err-valid-plus-invalid.request.json"))
	if err != nil {
		t.Fatal(err)
	}
	req, err := DecodeRequest(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Count(req)
	want := "Số phiếu hợp lệ (39) cộng không hợp lệ (2) phải bằng số phiếu thu vào (40)"
	if got := congress.ErrorMessage(err); got != want {
		t.Fatalf("message = %q, want %q", got, want)
	}
	if f := congress.ErrorFields(err); f["ballots.valid"] != want || f["ballots.invalid"] != want {
		t.Fatalf("fields = %v", f)
	}
}
