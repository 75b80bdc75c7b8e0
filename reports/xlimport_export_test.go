package reports_test

import (
	"bytes"
	"testing"

	"daihoi/reports"
)

// The danh sách trích ngang daihoi exports (reports.WriteCommittee, with its votes, ages and
// offices) is read back into the same persons.
func TestCommitteeExportReimported(t *testing.T) {
	var members []reports.CommitteeMember
	for i, p := range rollPersons {
		g := "Nam"
		if p.Gender == "female" {
			g = "Nữ"
		}
		members = append(members, reports.CommitteeMember{Name: p.FullName, BirthDate: dmy(p.BirthDate), Age: 52 - i, Gender: g,
			Ethnicity: p.Ethnicity, Religion: p.Religion, HomeTown: p.HomeTown, Position: p.Position, JoinedOn: dmy(p.JoinedOn),
			OfficialOn: dmy(p.OfficialOn), Education: p.Education, Degree: p.Degree, TheoryLevel: p.TheoryLevel, Reelected: p.Incumbent,
			Votes: 55 - i, PercentHundredths: 9483, Offices: []string{"Bí thư"}})
	}
	var buf bytes.Buffer
	if err := reports.WriteCommittee(&buf, reports.CommitteeList{Header: seedHeader("Số 12-DS/ĐH"), Members: members,
		Notes: []string{"Tỷ lệ so với 58 đảng viên chính thức."}, SignFor: "T/M BAN CHẤP HÀNH", SignTitle: "BÍ THƯ",
		Signer: "Huỳnh Minh Tuấn"}); err != nil {
		t.Fatal(err)
	}
	wb, err := openBook(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	list, err := wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rejected) > 0 {
		t.Fatalf("rejected: %v", list.Rejected)
	}
	samePersons(t, list.Rows, rollPersons)
}

func dmy(iso string) string {
	if iso == "" {
		return ""
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[:4]
}
