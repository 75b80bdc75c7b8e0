package store_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/offline"
	"daihoi/internal/store"
)

// seeded returns a store holding the demo seed and the seed congress's id.
func seeded(t testing.TB) (*store.Store, int64) {
	t.Helper()
	s := MustOpenStore(t)
	res, err := demo.Seed(context.Background(), s, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	return s, res.SeedCongressID
}

// exportFile exports a congress as a package file.
func exportFile(t testing.TB, s *store.Store, id int64) []byte {
	t.Helper()
	p, err := s.ExportPackage(context.Background(), congress.System, id, offline.Source{Host: "may-tinh-hoi-truong", Database: "daihoi.db"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readPackage(data []byte) (*offline.Package, error) {
	return offline.Read(bytes.NewReader(data), int64(len(data)))
}

// chainStore returns an empty store with only the organization chain of the seed congress (no
// term: the import adds it) and, under the Khối, another committee for scope tests.
func chainStore(t testing.TB) (*store.Store, map[string]congress.Organization) {
	t.Helper()
	ctx := context.Background()
	s := MustOpenStore(t)
	orgs := map[string]congress.Organization{}
	err := s.InBatch(ctx, congress.System, func(b *store.Batch) error {
		khoi := congress.Organization{Kind: congress.KindSuperior, Name: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &khoi); err != nil {
			return err
		}
		so := congress.Organization{ParentID: &khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Khoa học và Công nghệ", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &so); err != nil {
			return err
		}
		yte := congress.Organization{ParentID: &khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Y tế", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &yte); err != nil {
			return err
		}
		orgs["khoi"], orgs["so"], orgs["yte"] = khoi, so, yte
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range orgs {
		full, err := s.FindOrganizationByID(ctx, congress.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		orgs[k] = *full
	}
	return s, orgs
}

// userOf is a user of role at org, as the store sees a logged-in user.
func userOf(role string, org congress.Organization) *congress.User {
	return &congress.User{ID: 0, Username: "nguoi-nhap", Role: role, OrganizationID: org.ID, OrgPath: org.Path}
}

// normalize turns a store answer into generic JSON with database ids replaced: person ids by the
// person's name, every other id by nothing, so that answers of two databases compare.
func normalize(t testing.TB, v any, names map[int64]string) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var g any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	name := func(x any) any {
		if f, ok := x.(float64); ok {
			return names[int64(f)]
		}
		return x
	}
	var walk func(x any) any
	walk = func(x any) any {
		switch y := x.(type) {
		case map[string]any:
			for k, val := range y {
				switch {
				case k == "person_id" || k == "appointed_person_id":
					y[k] = name(val)
				case k == "candidate_ids":
					if list, ok := val.([]any); ok {
						for i := range list {
							list[i] = name(list[i])
						}
					}
				case k == "votes":
					if m, ok := val.(map[string]any); ok {
						out := map[string]any{}
						for id, n := range m {
							pid, _ := strconv.ParseInt(id, 10, 64)
							out[names[pid]] = n
						}
						y[k] = out
					} else {
						y[k] = walk(val)
					}
				case k == "id" || strings.HasSuffix(k, "_id") || k == "note_by" || k == "created_by":
					delete(y, k)
				default:
					y[k] = walk(val)
				}
			}
			return y
		case []any:
			for i := range y {
				y[i] = walk(y[i])
			}
			return y
		}
		return x
	}
	return walk(g)
}

// answers collects every API-relevant store answer about a congress, normalized.
func answers(t testing.TB, s *store.Store, id int64) map[string]any {
	t.Helper()
	ctx := context.Background()
	u := congress.System
	persons, err := s.FindPersons(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, p := range persons {
		names[p.ID] = p.FullName
	}
	out := map[string]any{}
	c, err := s.FindCongressByID(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	out["congress"] = normalize(t, c, names)
	out["persons"] = normalize(t, persons, names)
	elections, err := s.FindElections(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	out["elections"] = normalize(t, elections, names)
	committee, err := s.FindCommittee(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	out["committee"] = normalize(t, committee, names)
	for _, e := range elections {
		for _, r := range e.Rounds {
			rc, _, err := s.CountRound(ctx, u, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("count %s %d", e.Body, r.Number)] = normalize(t, rc, names)
			for slot := 1; slot <= 2; slot++ {
				ballots, err := s.FindBallots(ctx, u, r.ID, slot)
				if err != nil {
					t.Fatal(err)
				}
				out[fmt.Sprintf("ballots %s %d %d", e.Body, r.Number, slot)] = normalize(t, ballots, names)
			}
		}
	}
	review, err := s.TermReview(ctx, u, id, 2024)
	if err != nil {
		t.Fatal(err)
	}
	out["term review"] = normalize(t, review, names)
	ratings, err := s.FindRatingCounts(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	out["ratings"] = normalize(t, ratings, names)
	return out
}

// The round trip of issue 7: the seed congress exported from one database and imported into an
// empty one with the same organization chain gives the same answers to every store question, and
// the importing database verifies clean.
func TestPackageRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, id := seeded(t)
	data := exportFile(t, src, id)
	p, err := readPackage(data)
	if err != nil {
		t.Fatalf("read: %v", offline.Problems(err))
	}
	if len(p.Manifest.ClosedRounds) != 7 || len(p.Ballots) != 58 || len(p.Persons) != 10 {
		t.Fatalf("package holds %d closed rounds, %d ballots, %d persons", len(p.Manifest.ClosedRounds), len(p.Ballots), len(p.Persons))
	}
	dst, orgs := chainStore(t)
	staff := userOf(congress.RoleStaff, orgs["khoi"])
	res, err := dst.ImportPackage(ctx, staff, p, store.PackageImportOptions{})
	if err != nil {
		t.Fatalf("import: %v %v", err, offline.Problems(err))
	}
	if res.Status != store.ImportCreated || !res.TermCreated || res.Ballots != 58 || res.Rounds != 7 {
		t.Fatalf("import result %+v", res)
	}
	want, got := answers(t, src, id), answers(t, dst, res.CongressID)
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			a, _ := json.MarshalIndent(want[k], "", " ")
			b, _ := json.MarshalIndent(got[k], "", " ")
			t.Errorf("%s differs after the round trip:\nsource: %s\nimported: %s", k, a, b)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d answers, want %d", len(got), len(want))
	}
	rep, err := dst.Verify(ctx, res.CongressID)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Rounds != 7 {
		t.Fatalf("verify after import: %d rounds, problems %v", rep.Rounds, rep.Problems)
	}
	// The committee part is what FindCommittee answers.
	committee, err := src.FindCommittee(ctx, congress.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Committee.Members) != len(committee.Members) || p.Committee.Members[0].FullName != committee.Members[0].FullName ||
		strings.Join(p.Committee.Members[0].Offices, ",") != strings.Join(committee.Members[0].Offices, ",") {
		t.Fatalf("committee part %+v, FindCommittee %+v", p.Committee.Members, committee.Members)
	}
	// The audit trail of the congress travelled: every entry is replayed, then the import and the
	// seven closings are recorded.
	trail, total, err := dst.FindAudit(ctx, congress.System, store.AuditFilter{CongressID: res.CongressID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(p.Audit)+1+7 || trail[7].Action != "import" || !strings.Contains(trail[len(trail)-1].Reason, "Nhập từ gói hồ sơ") {
		t.Fatalf("audit after import: %d rows for %d package entries; newest %+v", total, len(p.Audit), trail[0])
	}

	// Re-importing the same package, or a new export of the imported congress, is a no-op.
	before := counts(t, dst, "audit_log")
	again, err := dst.ImportPackage(ctx, staff, p, store.PackageImportOptions{Confirm: true})
	if err != nil || again.Status != store.ImportUnchanged || !strings.Contains(again.Summary(), "không có gì thay đổi") {
		t.Fatalf("re-import: %v %+v", err, again)
	}
	back, err := readPackage(exportFile(t, dst, res.CongressID))
	if err != nil {
		t.Fatal(err)
	}
	if res2, err := src.ImportPackage(ctx, congress.System, back, store.PackageImportOptions{}); err != nil || res2.Status != store.ImportUnchanged {
		t.Fatalf("the exported import back into the source: %v %+v", err, res2)
	}
	if after := counts(t, dst, "audit_log"); after != before {
		t.Fatalf("a no-op import wrote audit rows: %v → %v", before, after)
	}
}

// rezip rewrites a package with edit applied to its parts. With rehash the manifest's hashes and
// content digest are recomputed, as a careful forger would.
func rezip(t testing.TB, data []byte, rehash bool, edit func(parts map[string][]byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
		order = append(order, f.Name)
	}
	edit(parts)
	if rehash {
		var m offline.Manifest
		if err := json.Unmarshal(parts[offline.PartManifest], &m); err != nil {
			t.Fatal(err)
		}
		for i, ph := range m.Parts {
			sum := sha256.Sum256(parts[ph.Name])
			m.Parts[i].SHA256, m.Parts[i].Size = hex.EncodeToString(sum[:]), int64(len(parts[ph.Name]))
		}
		m.ContentSHA256 = offline.ContentDigest(m.Parts)
		b, _ := json.MarshalIndent(m, "", "  ")
		parts[offline.PartManifest] = b
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	seen := map[string]bool{}
	for _, name := range order {
		if b, ok := parts[name]; ok {
			w, _ := zw.Create(name)
			w.Write(b)
			seen[name] = true
		}
	}
	for name, b := range parts {
		if !seen[name] {
			w, _ := zw.Create(name)
			w.Write(b)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceLine edits the first line of a part that matches match.
func replaceLine(t testing.TB, part []byte, match string, edit func(line string) string) []byte {
	t.Helper()
	lines := strings.Split(string(part), "\n")
	for i, l := range lines {
		if strings.Contains(l, match) {
			lines[i] = edit(l)
			return []byte(strings.Join(lines, "\n"))
		}
	}
	t.Fatalf("no line with %q", match)
	return nil
}

// removeLine drops the first array line of a part that matches match.
func removeLine(t testing.TB, part []byte, match string) []byte {
	t.Helper()
	lines := strings.Split(string(part), "\n")
	for i, l := range lines {
		if strings.Contains(l, match) {
			lines = append(lines[:i], lines[i+1:]...)
			// The array's last record has no comma: keep the JSON valid.
			out := strings.Join(lines, "\n")
			out = strings.Replace(out, ",\n]", "\n]", 1)
			return []byte(out)
		}
	}
	t.Fatalf("no line with %q", match)
	return nil
}

// Each kind of tampering is refused before anything is written, and the report names the part,
// the election and round, and the figure.
func TestPackageTampering(t *testing.T) {
	ctx := context.Background()
	src, id := seeded(t)
	data := exportFile(t, src, id)
	p, err := readPackage(data)
	if err != nil {
		t.Fatal(err)
	}
	var delegateRound, execRound int64
	for _, e := range p.Elections {
		for _, r := range p.Rounds {
			if r.ElectionID == e.ID && e.Body == congress.BodyDelegateOfficial {
				delegateRound = r.ID
			}
			if r.ElectionID == e.ID && e.Body == congress.BodyExecutive {
				execRound = r.ID
			}
		}
	}
	roundLine := func(id int64) string { return fmt.Sprintf(`{"id":%d,`, id) }
	cases := []struct {
		name   string
		rehash bool
		edit   func(parts map[string][]byte)
		want   []string
	}{
		{"figure edited, hash left", false, func(parts map[string][]byte) {
			parts[offline.PartRounds] = replaceLine(t, parts[offline.PartRounds], roundLine(delegateRound), func(l string) string {
				return strings.Replace(l, `"valid":57,"invalid":1`, `"valid":56,"invalid":2`, 1)
			})
		}, []string{"Phần rounds.json: mã băm SHA-256 tính lại"}},
		{"figure edited, hash recomputed", true, func(parts map[string][]byte) {
			parts[offline.PartRounds] = replaceLine(t, parts[offline.PartRounds], roundLine(delegateRound), func(l string) string {
				return strings.Replace(l, `"valid":57,"invalid":1`, `"valid":56,"invalid":2`, 1)
			})
		}, []string{"Phần rounds.json: Đại hội lần thứ II của Đảng bộ Sở Khoa học và Công nghệ (nhiệm kỳ 2020 – 2025), cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1",
			"số phiếu hợp lệ trong hồ sơ là 56 nhưng biên bản đã khóa ghi 57"}},
		{"votes in the frozen result edited, fingerprint broken", true, func(parts map[string][]byte) {
			parts[offline.PartRounds] = replaceLine(t, parts[offline.PartRounds], roundLine(delegateRound), func(l string) string {
				return regexp.MustCompile(`("result":\{.*?"name":"Huỳnh Minh Tuấn","votes":)55`).ReplaceAllString(l, "${1}50")
			})
		}, []string{"cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1",
			"kết quả lưu ghi Huỳnh Minh Tuấn được 50 phiếu nhưng số liệu biên bản ghi 55 phiếu",
			"mã xác thực kết quả tính lại"}},
		{"request and result edited together, fingerprint broken", true, func(parts map[string][]byte) {
			parts[offline.PartRounds] = replaceLine(t, parts[offline.PartRounds], roundLine(delegateRound), func(l string) string {
				l = strings.Replace(l, `"name":"Lý Hoàng Phúc","votes":5`, `"name":"Lý Hoàng Phúc","votes":6`, -1)
				return strings.Replace(l, `"person_id":`+personID(p, "Lý Hoàng Phúc")+`,"position":2,"votes":5`,
					`"person_id":`+personID(p, "Lý Hoàng Phúc")+`,"position":2,"votes":6`, 1)
			})
		}, []string{"vòng 1 (biên bản kiểm phiếu số", "mã xác thực kết quả tính lại", "không khớp mã in trên biên bản"}},
		{"ballot removed", true, func(parts map[string][]byte) {
			parts[offline.PartBallots] = removeLine(t, parts[offline.PartBallots], fmt.Sprintf(`"round_id":%d,"slot":1,"number":20,`, execRound))
		}, []string{"Phần ballots.json", "cuộc bầu Ban Chấp hành, vòng 1", "số phiếu thu vào đếm từ các phiếu đã nhập là 57 nhưng biên bản đã khóa ghi 58",
			"gói không có phiếu số 20.", "Phần rounds.json", "mã xác thực kết quả tính lại"}},
		{"ballot edited", true, func(parts map[string][]byte) {
			parts[offline.PartBallots] = replaceLine(t, parts[offline.PartBallots], fmt.Sprintf(`"round_id":%d,"slot":1,"number":20,`, execRound),
				func(l string) string {
					return regexp.MustCompile(`"kept":\[[0-9,]*\]`).ReplaceAllString(l, `"kept":[0,1,2,3,4,5]`)
				})
		}, []string{"cuộc bầu Ban Chấp hành, vòng 1", "mã xác thực kết quả tính lại"}},
		{"manifest fingerprint changed", true, func(parts map[string][]byte) {
			parts[offline.PartManifest] = regexp.MustCompile(`("fingerprint": ")[0-9a-f]{4}`).ReplaceAll(parts[offline.PartManifest], []byte("${1}0000"))
		}, []string{"Phần manifest.json", "mã xác thực ghi trong manifest"}},
		{"fingerprint in the round changed", true, func(parts map[string][]byte) {
			parts[offline.PartRounds] = replaceLine(t, parts[offline.PartRounds], roundLine(execRound), func(l string) string {
				return regexp.MustCompile(`"fingerprint":"[0-9a-f]{4}`).ReplaceAllString(l, `"fingerprint":"ffff`)
			})
		}, []string{"Phần rounds.json", "cuộc bầu Ban Chấp hành, vòng 1", "không khớp mã in trên biên bản"}},
		{"committee part edited", true, func(parts map[string][]byte) {
			parts[offline.PartCommittee] = regexp.MustCompile(`"votes": (\d+)`).ReplaceAll(parts[offline.PartCommittee], []byte(`"votes": 1`))
		}, []string{"Phần committee.json", "khác với kết quả các vòng bầu"}},
		{"audit entry edited", true, func(parts map[string][]byte) {
			parts[offline.PartAudit] = bytes.Replace(parts[offline.PartAudit], []byte(`"username":"system"`), []byte(`"username":"nguoi-khac"`), 1)
		}, []string{"Phần audit.json", "đã bị sửa: mã băm không khớp"}},
		{"control character in a name", true, func(parts map[string][]byte) {
			parts[offline.PartPersons] = bytes.Replace(parts[offline.PartPersons], []byte(`Nguyễn Thị Lan`), []byte(`Nguyễn Thị\u0007Lan`), 1)
		}, []string{"Phần persons.json", "ký tự điều khiển U+0007"}},
		{"wrong JSON type", true, func(parts map[string][]byte) {
			parts[offline.PartElections] = regexp.MustCompile(`"seats":7`).ReplaceAll(parts[offline.PartElections], []byte(`"seats":"bảy"`))
		}, []string{"Phần elections.json", `trường "seats" phải là số nguyên trong giới hạn, không phải chuỗi`}},
		{"part missing", false, func(parts map[string][]byte) { delete(parts, offline.PartReviews) },
			[]string{"Tệp gói thiếu phần: reviews.json"}},
		{"extra part", false, func(parts map[string][]byte) { parts["ghichu.txt"] = []byte("x") },
			[]string{`phần lạ "ghichu.txt"`}},
		{"path traversal name", false, func(parts map[string][]byte) { parts["../../etc/cron.d/x"] = []byte("x") },
			[]string{`Tên mục "../../etc/cron.d/x"`, "ghi ra ngoài thư mục"}},
	}
	dst, orgs := chainStore(t)
	staff := userOf(congress.RoleStaff, orgs["khoi"])
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := rezip(t, data, tc.rehash, tc.edit)
			before := counts(t, dst, "congresses")
			pkg, err := readPackage(bad)
			if err == nil {
				_, err = dst.ImportPackage(ctx, staff, pkg, store.PackageImportOptions{Confirm: true})
			}
			problems := offline.Problems(err)
			if len(problems) == 0 {
				t.Fatalf("tampered package accepted: %v", err)
			}
			var all []string
			for _, pr := range problems {
				all = append(all, pr.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q:\n%s", w, text)
				}
			}
			if after := counts(t, dst, "congresses"); after != before {
				t.Fatalf("something was written: %v → %v", before, after)
			}
		})
	}
}

// personID returns the package id of a person, as text.
func personID(p *offline.Package, name string) string {
	for _, x := range p.Persons {
		if x.FullName == name {
			return strconv.FormatInt(x.ID, 10)
		}
	}
	return "0"
}

// A changed version of a congress already imported lists what differs and needs confirmation;
// confirmed, it replaces the congress (same id) and the database verifies clean.
func TestPackageChangedVersionNeedsConfirmation(t *testing.T) {
	ctx := context.Background()
	src, id := seeded(t)
	dst, orgs := chainStore(t)
	staff := userOf(congress.RoleStaff, orgs["khoi"])
	first, err := readPackage(exportFile(t, src, id))
	if err != nil {
		t.Fatal(err)
	}
	res, err := dst.ImportPackage(ctx, staff, first, store.PackageImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// On the laptop the secretary reopens the official delegates' round, corrects a figure
	// (a ballot counted invalid was valid), closes it again, and fixes a person's home town.
	thuky := &congress.User{ID: 0, Username: "thuky", Role: congress.RoleSecretary}
	elections, err := src.FindElections(ctx, thuky, id)
	if err != nil {
		t.Fatal(err)
	}
	var round congress.Round
	for _, e := range elections {
		if e.Body == congress.BodyDelegateOfficial {
			round = e.Rounds[0]
		}
	}
	if err := src.ReopenRound(ctx, thuky, round.ID, "Ban kiểm phiếu đếm lại: một phiếu hợp lệ bị ghi nhầm là không hợp lệ."); err != nil {
		t.Fatal(err)
	}
	rv, err := src.FindRoundByID(ctx, thuky, round.ID)
	if err != nil {
		t.Fatal(err)
	}
	tally := &store.Tally{Version: rv.Version, Issued: 58, Collected: 58, Valid: 58, Invalid: 0}
	for _, c := range rv.Candidates {
		v := rv.Votes[c.PersonID]
		if c.FullName == "Nguyễn Thị Lan" {
			v++
		}
		tally.VotesList = append(tally.VotesList, store.CandidateTally{PersonID: c.PersonID, Votes: v})
	}
	if err := src.SetTally(ctx, thuky, round.ID, tally); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CloseRound(ctx, thuky, round.ID); err != nil {
		t.Fatal(err)
	}
	persons, _ := src.FindPersons(ctx, thuky, id)
	for _, p := range persons {
		if p.FullName == "Trần Văn Bình" {
			p.HomeTown = "Lấp Vò, tỉnh Đồng Tháp"
			if err := src.UpdatePerson(ctx, thuky, &p); err != nil {
				t.Fatal(err)
			}
		}
	}
	second, err := readPackage(exportFile(t, src, id))
	if err != nil {
		t.Fatal(err)
	}
	before := counts(t, dst, "audit_log")
	diff, err := dst.ImportPackage(ctx, staff, second, store.PackageImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff.Status != store.ImportNeedConfirm {
		t.Fatalf("status %s, want needs_confirmation", diff.Status)
	}
	var text []string
	for _, d := range diff.Differences {
		text = append(text, d.Message)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"Cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1: số phiếu hợp lệ: 57 → 58; số phiếu không hợp lệ: 1 → 0",
		"Nguyễn Thị Lan: 48 phiếu → 49 phiếu",
		"mã xác thực:",
		"Đảng viên Trần Văn Bình: quê quán: Lấp Vò, Đồng Tháp → Lấp Vò, tỉnh Đồng Tháp.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("differences lack %q:\n%s", want, all)
		}
	}
	if after := counts(t, dst, "audit_log"); after != before {
		t.Fatalf("unconfirmed import wrote: %v → %v", before, after)
	}
	// A confirmation for another content than the one shown is refused.
	if _, err := dst.ImportPackage(ctx, staff, second, store.PackageImportOptions{Confirm: true, ExpectContent: first.Manifest.ContentSHA256}); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("confirmation of another content: %v", err)
	}
	done, err := dst.ImportPackage(ctx, staff, second, store.PackageImportOptions{Confirm: true, ExpectContent: second.Manifest.ContentSHA256})
	if err != nil || done.Status != store.ImportReplaced || done.CongressID != res.CongressID {
		t.Fatalf("confirmed: %v %+v", err, done)
	}
	want, got := answers(t, src, id), answers(t, dst, res.CongressID)
	if !reflect.DeepEqual(want["elections"], got["elections"]) || !reflect.DeepEqual(want["persons"], got["persons"]) {
		t.Fatal("the replaced congress does not answer as the source")
	}
	if rep, err := dst.Verify(ctx, res.CongressID); err != nil || !rep.OK() {
		t.Fatalf("verify after replace: %v %v", err, rep.Problems)
	}
}

// A package of an organization outside the importer's subtree is refused; so is one whose
// organization does not exist here, and a role that may not import.
func TestPackageScope(t *testing.T) {
	ctx := context.Background()
	src, id := seeded(t)
	p, err := readPackage(exportFile(t, src, id))
	if err != nil {
		t.Fatal(err)
	}
	dst, orgs := chainStore(t)
	for _, tc := range []struct {
		name string
		u    *congress.User
		code string
		msg  string
	}{
		{"secretary of another committee", userOf(congress.RoleSecretary, orgs["yte"]), congress.EFORBIDDEN, "không nằm trong phạm vi tổ chức đảng của bạn"},
		{"auditor", userOf(congress.RoleAuditor, orgs["khoi"]), congress.EFORBIDDEN, "không được nhập gói"},
	} {
		_, err := dst.ImportPackage(ctx, tc.u, p, store.PackageImportOptions{})
		if congress.ErrorCode(err) != tc.code || !strings.Contains(congress.ErrorMessage(err), tc.msg) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if n := counts(t, dst, "congresses"); n[0] != 0 {
		t.Fatalf("refused imports wrote congresses: %v", n)
	}
	// The secretary of the Sở itself may import its own congress.
	if res, err := dst.ImportPackage(ctx, userOf(congress.RoleSecretary, orgs["so"]), p, store.PackageImportOptions{}); err != nil || res.Status != store.ImportCreated {
		t.Fatalf("own secretary: %v", err)
	}
	// A chain that names an organization this server does not have.
	other, _ := chainStore(t)
	p.Organization[len(p.Organization)-1].Name = "Đảng bộ Sở Nội vụ"
	p.Organization[len(p.Organization)-1].Kind = congress.KindGrassroots
	if _, err := other.ImportPackage(ctx, congress.System, p, store.PackageImportOptions{}); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("unknown organization: %v", err)
	}
}
