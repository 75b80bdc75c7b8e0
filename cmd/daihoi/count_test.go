package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"daihoi/internal/testdb"
)

// contractExamples are the worked examples of the count contract, copied beside the engine.
func contractExamples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "internal", "election", "testdata", "contract", "*.request.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no contract examples: %v", err)
	}
	return files
}

// buildDaihoi builds the real binary once per test into a temporary directory.
func buildDaihoi(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "daihoi")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs the binary and returns stdout, stderr and the exit code.
func runBinary(t *testing.T, bin string, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// runInProcess runs `daihoi ARGS` through Run with the given standard input.
func runInProcess(stdin []byte, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Stdio{In: bytes.NewReader(stdin), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// checkExample checks the output of `daihoi count` on one example: the result as JSON values
// (warnings only need to be an array), or the error object with exit code 2 for err-* files.
func checkExample(t *testing.T, reqPath, stdout string, code int) {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if strings.HasPrefix(filepath.Base(reqPath), "err-") {
		if code != 2 {
			t.Fatalf("exit %d, want 2", code)
		}
		checkErrorObject(t, got, "")
		return
	}
	if code != 0 {
		t.Fatalf("exit %d, want 0; stdout %s", code, stdout)
	}
	data, err := os.ReadFile(strings.TrimSuffix(reqPath, ".request.json") + ".result.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if _, ok := got["warnings"].([]any); !ok {
		t.Fatalf("warnings is not an array: %s", stdout)
	}
	delete(got, "warnings")
	delete(want, "warnings")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("result differs\n got: %s\nwant: %s", stdout, data)
	}
}

// checkErrorObject checks {"error": {"code": "invalid_count", "message": "...", "fields": {...}}}
// and, if field is not empty, that fields has a message for it.
func checkErrorObject(t *testing.T, doc map[string]any, field string) {
	t.Helper()
	e, ok := doc["error"].(map[string]any)
	if !ok || len(doc) != 1 {
		t.Fatalf("want exactly an error object, got %v", doc)
	}
	if e["code"] != "invalid_count" {
		t.Fatalf("code = %v", e["code"])
	}
	if m, _ := e["message"].(string); m == "" {
		t.Fatalf("empty message: %v", e)
	}
	fields, ok := e["fields"].(map[string]any)
	if !ok {
		t.Fatalf("fields is not an object: %v", e)
	}
	if field != "" {
		if m, _ := fields[field].(string); m == "" {
			t.Fatalf("no message for field %q: %v", field, fields)
		}
	}
}

// badRounds are inputs `daihoi count` must refuse with exit 2 and the error object, never a panic.
var badRounds = []struct {
	name, body, field string
}{
	{"malformed JSON", `{"congress_kind": "members", "seats": `, ""},
	{"not JSON", `bầu cử`, ""},
	{"empty input", ``, ""},
	{"unknown congress_kind", `{"congress_kind": "all", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6}]}`, "congress_kind"},
	{"negative votes", `{"congress_kind": "members", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": -6}]}`, "candidates[0].votes"},
	{"duplicate names", `{"congress_kind": "members", "seats": 2, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6}, {"name": "Lê  An", "votes": 6}]}`, "candidates[1].name"},
	{"empty list", `{"congress_kind": "members", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": []}`, "candidates"},
	{"unknown field", `{"congress_kind": "members", "seat": 1, "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 10}, "candidates": [{"name": "Lê An", "votes": 6}]}`, "seat"},
	{"votes over valid", `{"congress_kind": "members", "seats": 1, "base": {"convened": 10}, "ballots": {"issued": 10, "collected": 10, "valid": 9, "invalid": 1}, "candidates": [{"name": "Lê An", "votes": 10}]}`, "candidates[0].votes"},
}

func TestCountBinary(t *testing.T) {
	testdb.NoDatabase(t)
	bin := buildDaihoi(t)
	for _, p := range contractExamples(t) {
		t.Run("file/"+filepath.Base(p), func(t *testing.T) {
			stdout, _, code := runBinary(t, bin, nil, "count", p)
			checkExample(t, p, stdout, code)
		})
		t.Run("stdin/"+filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			stdout, _, code := runBinary(t, bin, data, "count")
			checkExample(t, p, stdout, code)
			stdout, _, code = runBinary(t, bin, data, "count", "-")
			checkExample(t, p, stdout, code)
		})
	}
	for _, tc := range badRounds {
		t.Run("bad/"+tc.name, func(t *testing.T) {
			stdout, stderr, code := runBinary(t, bin, []byte(tc.body), "count")
			if code != 2 {
				t.Fatalf("exit %d, want 2; stdout %s stderr %s", code, stdout, stderr)
			}
			var doc map[string]any
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			checkErrorObject(t, doc, tc.field)
		})
	}
	t.Run("missing file", func(t *testing.T) {
		stdout, stderr, code := runBinary(t, bin, nil, "count", filepath.Join(t.TempDir(), "none.json"))
		if code != 2 || stdout != "" || !strings.Contains(stderr, "không mở được tệp") {
			t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
		}
	})
	t.Run("help", func(t *testing.T) {
		for _, args := range [][]string{{"count", "-h"}, {"count", "--help"}, {"help", "count"}} {
			stdout, _, code := runBinary(t, bin, nil, args...)
			if code != 0 || !strings.Contains(stdout, "Cách dùng: daihoi count") {
				t.Fatalf("%v: exit %d stdout %q", args, code, stdout)
			}
		}
	})
}

func TestCountInProcess(t *testing.T) {
	testdb.NoDatabase(t)
	for _, p := range contractExamples(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			stdout, _, code := runInProcess(nil, "count", p)
			checkExample(t, p, stdout, code)
			data, _ := os.ReadFile(p)
			stdout, _, code = runInProcess(data, "count")
			checkExample(t, p, stdout, code)
		})
	}
	for _, tc := range badRounds {
		t.Run("bad/"+tc.name, func(t *testing.T) {
			stdout, _, code := runInProcess([]byte(tc.body), "count")
			if code != 2 {
				t.Fatalf("exit %d, want 2", code)
			}
			var doc map[string]any
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			checkErrorObject(t, doc, tc.field)
		})
	}
	t.Run("usage errors", func(t *testing.T) {
		for _, args := range [][]string{{"count", "a.json", "b.json"}, {"count", "-x"}} {
			_, stderr, code := runInProcess(nil, args...)
			if code != 2 || !strings.Contains(stderr, "Cách dùng") {
				t.Fatalf("%v: exit %d stderr %q", args, code, stderr)
			}
		}
	})
	t.Run("no standard input", func(t *testing.T) {
		var out bytes.Buffer
		code := Run(context.Background(), []string{"count"}, Stdio{Out: &out, Err: &out})
		if code != 2 || !strings.Contains(out.String(), "invalid_count") {
			t.Fatalf("exit %d out %s", code, out.String())
		}
	})
	t.Run("listed in help", func(t *testing.T) {
		stdout, _, code := runInProcess(nil, "help")
		if code != 0 || !strings.Contains(stdout, "count") {
			t.Fatalf("exit %d: %s", code, stdout)
		}
	})
}
