package offline_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"daihoi/internal/offline"
)

// minimal is a small valid package: Read checks form, not meaning, so one congress and one person
// are enough.
func minimal(t testing.TB) []byte {
	t.Helper()
	p := &offline.Package{
		Organization: []offline.OrgLevel{{Name: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Kind: "superior"},
			{Name: "Đảng bộ Sở Khoa học và Công nghệ", Kind: "grassroots"}},
		Congress: offline.Congress{ID: 2, TermStart: 2020, TermEnd: 2025, Ordinal: 2, Kind: "members", Ruleset: "qd244-2014",
			Notes: "Dòng một\nDòng hai", State: "held", HeldOn: "2020-05-28"},
		Persons: []offline.Person{{ID: 1, FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12"}},
	}
	p.Manifest.CreatedAt = "2020-05-28T10:00:00Z"
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entry is one zip entry to write; raw entries are written as given, with their header's sizes.
type entry struct {
	name string
	data []byte
	raw  *zip.FileHeader
}

// parts returns the entries of a package.
func parts(t testing.TB, data []byte) []entry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, entry{name: f.Name, data: b})
	}
	return out
}

func build(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw != nil {
			w, err := zw.CreateRaw(e.raw)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(e.data)
			continue
		}
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rehash recomputes the manifest's hashes after an edit, as a careful forger would.
func rehash(t testing.TB, entries []entry) []entry {
	t.Helper()
	byName := map[string][]byte{}
	for _, e := range entries {
		byName[e.name] = e.data
	}
	var m offline.Manifest
	if err := json.Unmarshal(byName[offline.PartManifest], &m); err != nil {
		t.Fatal(err)
	}
	for i, ph := range m.Parts {
		sum := sha256.Sum256(byName[ph.Name])
		m.Parts[i].SHA256, m.Parts[i].Size = hex.EncodeToString(sum[:]), int64(len(byName[ph.Name]))
	}
	m.ContentSHA256 = offline.ContentDigest(m.Parts)
	b, _ := json.Marshal(m)
	for i := range entries {
		if entries[i].name == offline.PartManifest {
			entries[i].data = b
		}
	}
	return entries
}

func edit(t testing.TB, data []byte, name string, f func([]byte) []byte, recompute bool) []byte {
	t.Helper()
	es := parts(t, data)
	for i := range es {
		if es[i].name == name {
			es[i].data = f(es[i].data)
		}
	}
	if recompute {
		es = rehash(t, es)
	}
	return build(t, es)
}

// bomb is a deflated entry of n zero bytes whose header claims 100 bytes: the reader must stop at
// the declared size, not trust the stream.
func bomb(t testing.TB, name string, n int) entry {
	e := honestBomb(t, name, n)
	e.raw.UncompressedSize64 = 100
	return e
}

// honestBomb is a deflated entry of n zero bytes that declares its size.
func honestBomb(t testing.TB, name string, n int) entry {
	t.Helper()
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression)
	zero := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for i := 0; i < n>>20; i++ {
		fw.Write(zero)
		crc.Write(zero)
	}
	fw.Close()
	return entry{name: name, data: z.Bytes(), raw: &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(z.Len()), UncompressedSize64: uint64(n)}}
}

// hugeReader claims a size over the limit without holding it.
type hugeReader struct{}

func (hugeReader) ReadAt(p []byte, off int64) (int, error) { return 0, io.EOF }

func TestReadRefusesHostileFiles(t *testing.T) {
	good := minimal(t)
	if _, err := offline.Read(bytes.NewReader(good), int64(len(good))); err != nil {
		t.Fatalf("the minimal package is refused: %v", offline.Problems(err))
	}
	without := func(name string) []byte {
		var es []entry
		for _, e := range parts(t, good) {
			if e.name != name {
				es = append(es, e)
			}
		}
		return build(t, es)
	}
	with := func(extra ...entry) []byte { return build(t, append(parts(t, good), extra...)) }
	replaced := func(e entry) []byte {
		var es []entry
		for _, x := range parts(t, good) {
			if x.name != e.name {
				es = append(es, x)
			}
		}
		return build(t, append(es, e))
	}
	many := func() []byte {
		es := parts(t, good)
		for i := 0; i < offline.MaxEntries; i++ {
			es = append(es, entry{name: "x" + strings.Repeat("y", i) + ".json", data: []byte("{}")})
		}
		return build(t, es)
	}
	cases := []struct {
		name string
		data []byte
		size int64 // 0: len(data)
		want string
	}{
		{"not a zip", []byte("Đây không phải tệp zip"), 0, "không đọc được cấu trúc zip"},
		{"truncated", good[:len(good)/2], 0, "không đọc được cấu trúc zip"},
		{"over 200 MB", nil, offline.MaxFileSize + 1, "Tệp gói quá lớn (201 MB, tối đa 200 MB)"},
		{"too many entries", many(), 0, "nhiều hơn mức tối đa 32"},
		{"path traversal", with(entry{name: "../../home/daihoi/.bashrc", data: []byte("x")}), 0, "ghi ra ngoài thư mục"},
		{"absolute path", with(entry{name: "/etc/passwd", data: []byte("x")}), 0, "ghi ra ngoài thư mục"},
		{"directory", with(entry{name: "parts/", data: nil}), 0, "không hợp lệ"},
		{"unknown part", with(entry{name: "macro.js", data: []byte("x")}), 0, `phần lạ "macro.js"`},
		{"duplicate part", with(entry{name: offline.PartPersons, data: []byte("[]")}), 0, "xuất hiện hai lần"},
		{"missing part", without(offline.PartAudit), 0, "thiếu phần: audit.json"},
		{"missing manifest", without(offline.PartManifest), 0, "thiếu phần: manifest.json"},
		{"oversized part, declared", replaced(entry{name: offline.PartPersons, data: bytes.Repeat([]byte(" "), offline.MaxPartSize+1)}), 0,
			"khai báo kích thước giải nén 32 MB, vượt mức tối đa 32 MB"},
		{"zip bomb, header lies", replaced(bomb(t, offline.PartPersons, 40<<20)), 0, "có thể là “bom zip”"},
		{"zip bomb over the total", build(t, append(withoutAll(parts(t, good), offline.PartPersons, offline.PartBallots, offline.PartAudit,
			offline.PartRounds, offline.PartReviews), honestBomb(t, offline.PartPersons, 30<<20), honestBomb(t, offline.PartBallots, 30<<20),
			honestBomb(t, offline.PartAudit, 30<<20), honestBomb(t, offline.PartRounds, 30<<20), honestBomb(t, offline.PartReviews, 30<<20))), 0,
			"Tổng kích thước giải nén khai báo của gói (150 MB) vượt mức tối đa 128 MB"},
		{"edited part, hash left", edit(t, good, offline.PartPersons, func(b []byte) []byte {
			return bytes.Replace(b, []byte("1968-03-12"), []byte("1968-03-13"), 1)
		}, false), 0, "Phần persons.json: mã băm SHA-256 tính lại"},
		{"manifest content digest", edit(t, good, offline.PartManifest, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"content_sha256": "`), []byte(`"content_sha256": "00`), 1)
		}, false), 0, "mã nội dung ghi 00"},
		{"unknown format version", edit(t, good, offline.PartManifest, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"version": 1`), []byte(`"version": 9`), 1)
		}, false), 0, "phiên bản định dạng 9"},
		{"invalid UTF-8", edit(t, good, offline.PartPersons, func(b []byte) []byte {
			return bytes.Replace(b, []byte("Huỳnh"), []byte("Hu\xff\xfenh"), 1)
		}, true), 0, "không phải văn bản UTF-8 hợp lệ"},
		{"control character", edit(t, good, offline.PartPersons, func(b []byte) []byte {
			return bytes.Replace(b, []byte("Huỳnh"), []byte(`Huỳnh\u001b[31m`), 1)
		}, true), 0, `trường “[0].full_name” có ký tự điều khiển U+001B`},
		{"line break outside a note", edit(t, good, offline.PartCongress, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"place": ""`), []byte(`"place": "Hội trường\nSở"`), 1)
		}, true), 0, `trường “place” có ký tự điều khiển U+000A`},
		{"wrong type", edit(t, good, offline.PartCongress, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"ordinal": 2`), []byte(`"ordinal": "II"`), 1)
		}, true), 0, `trường "ordinal" phải là số nguyên trong giới hạn, không phải chuỗi`},
		{"number out of range", edit(t, good, offline.PartCongress, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"ordinal": 2`), []byte(`"ordinal": 1e40`), 1)
		}, true), 0, `trường "ordinal" phải là số nguyên trong giới hạn, không phải số 1e40`},
		{"unknown field", edit(t, good, offline.PartCongress, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"ordinal": 2`), []byte(`"ordinal": 2, "admin": true`), 1)
		}, true), 0, `có trường lạ "admin"`},
		{"syntax error", edit(t, good, offline.PartPersons, func(b []byte) []byte { return b[:len(b)-3] }, true), 0, "JSON bị cắt cụt"},
		{"trailing data", edit(t, good, offline.PartPersons, func(b []byte) []byte { return append(b, []byte("[1]")...) }, true), 0,
			"dữ liệu thừa sau giá trị JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var p *offline.Package
			var err error
			if tc.size > 0 {
				p, err = offline.Read(hugeReader{}, tc.size)
			} else {
				p, err = offline.Read(bytes.NewReader(tc.data), int64(len(tc.data)))
			}
			if err == nil || p != nil {
				t.Fatal("hostile package accepted")
			}
			var all []string
			for _, pr := range offline.Problems(err) {
				all = append(all, pr.String())
			}
			if text := strings.Join(all, "\n"); !strings.Contains(text, tc.want) {
				t.Fatalf("report lacks %q:\n%s", tc.want, text)
			}
		})
	}
}

func withoutAll(es []entry, names ...string) []entry {
	drop := map[string]bool{}
	for _, n := range names {
		drop[n] = true
	}
	var out []entry
	for _, e := range es {
		if !drop[e.name] {
			out = append(out, e)
		}
	}
	return out
}

// A zip bomb does not take memory: the reader stops at the part's limit.
func TestReadBombMemoryBounded(t *testing.T) {
	good := minimal(t)
	var es []entry
	for _, e := range parts(t, good) {
		if e.name != offline.PartPersons {
			es = append(es, e)
		}
	}
	data := build(t, append(es, bomb(t, offline.PartPersons, 256<<20)))
	if len(data) > 4<<20 {
		t.Fatalf("the bomb is %d bytes", len(data))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := offline.Read(bytes.NewReader(data), int64(len(data))); err == nil {
		t.Fatal("a 256 MB bomb was accepted")
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 200<<20 {
		t.Fatalf("reading a bomb allocated %d MB", grown>>20)
	}
}
