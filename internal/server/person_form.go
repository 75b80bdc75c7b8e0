package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

func init() {
	pageNames = append(pageNames, "persons", "person_form")
	sections["persons"], sections["person_form"] = "congresses", "congresses"
}

// personForm is the profile form (trích ngang) exactly as typed: dates stay as the user wrote
// them, so an unreadable one comes back unchanged with its message.
type personForm struct {
	FullName, BirthDate, Gender, Ethnicity, Religion, HomeTown, Position string
	JoinedOn, OfficialOn, Education, Degree, TheoryLevel                 string
	Incumbent                                                            bool
	Version                                                              string
}

// personFormOf fills the form from a stored person, dates as dd/mm/yyyy.
func personFormOf(p *congress.Person) personForm {
	return personForm{FullName: p.FullName, BirthDate: vn.Date(p.BirthDate), Gender: p.Gender, Ethnicity: p.Ethnicity,
		Religion: p.Religion, HomeTown: p.HomeTown, Position: p.Position, JoinedOn: vn.Date(p.JoinedOn),
		OfficialOn: vn.Date(p.OfficialOn), Education: p.Education, Degree: p.Degree, TheoryLevel: p.TheoryLevel,
		Incumbent: p.Incumbent, Version: strconv.FormatInt(p.Version, 10)}
}

// readPersonForm reads the posted profile.
func readPersonForm(c *gin.Context) personForm {
	t := func(name string) string { return formText(c, name) }
	return personForm{FullName: t("full_name"), BirthDate: t("birth_date"), Gender: t("gender"), Ethnicity: t("ethnicity"),
		Religion: t("religion"), HomeTown: t("home_town"), Position: t("position"), JoinedOn: t("joined_on"),
		OfficialOn: t("official_on"), Education: t("education"), Degree: t("degree"), TheoryLevel: t("theory_level"),
		Incumbent: t("incumbent") != "", Version: t("version")}
}

// person turns the typed form into a person; unreadable dates go into fe under the domain's keys.
func (f personForm) person(fe congress.FieldErrors) *congress.Person {
	p := &congress.Person{FullName: f.FullName, Gender: strings.TrimSpace(f.Gender), Ethnicity: f.Ethnicity,
		Religion: f.Religion, HomeTown: f.HomeTown, Position: f.Position, Education: f.Education, Degree: f.Degree,
		TheoryLevel: f.TheoryLevel, Incumbent: f.Incumbent}
	p.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	parsePersonDates(fe, p, f.BirthDate, f.JoinedOn, f.OfficialOn)
	return p
}

// parsePersonDates reads the three dates of a profile as people type them (dd/mm/yyyy, or ISO).
func parsePersonDates(fe congress.FieldErrors, p *congress.Person, birth, joined, official string) {
	for _, d := range []struct {
		field, label, typed, example string
		dst                          *string
	}{
		{"birth_date", "Ngày sinh", birth, "12/03/1968", &p.BirthDate},
		{"joined_on", "Ngày vào Đảng", joined, "19/05/1993", &p.JoinedOn},
		{"official_on", "Ngày chính thức", official, "19/05/1994", &p.OfficialOn},
	} {
		if strings.TrimSpace(d.typed) == "" {
			continue
		}
		iso, ok := vn.ParseDate(d.typed)
		if !ok {
			fe.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm (ví dụ %s).", d.label, shorten(d.typed, 30), d.example))
			continue
		}
		*d.dst = iso
	}
}

// personTypingErrors completes typing errors with the domain's messages on the other fields, so
// that one round trip shows every problem; nil when nothing was mistyped.
func personTypingErrors(p *congress.Person, fe congress.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	check := *p
	if err := check.Validate(); err != nil {
		for k, v := range congress.ErrorFields(err) {
			fe.Add(k, v)
		}
	}
	return fe.Err(congress.EINVALID, "")
}

// personFieldOrder orders the profile's messages in the summary at the top of the form.
var personFieldOrder = []string{"full_name", "birth_date", "gender", "ethnicity", "religion", "home_town", "position",
	"joined_on", "official_on", "education", "degree", "theory_level"}

// orderedMessages lists the messages of errs in the given field order, then any others, each once.
func orderedMessages(errs map[string]string, order []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(msg string) {
		if msg != "" && !seen[msg] {
			seen[msg] = true
			out = append(out, msg)
		}
	}
	for _, k := range order {
		add(errs[k])
	}
	for _, m := range summarize(errs) {
		add(m)
	}
	return out
}

// personRow is one line of the roll of candidates, formatted for the page.
type personRow struct {
	No                                                         int
	ID                                                         int64
	FullName, BirthDate, Gender, Ethnicity, Religion, HomeTown string
	Position, JoinedOn, OfficialOn, Education, Degree, Theory  string
	Incumbent, Sample                                          bool
}

// newPersonRow formats a person for the roll.
func newPersonRow(no int, p *congress.Person) personRow {
	return personRow{No: no, ID: p.ID, FullName: p.FullName, BirthDate: vn.Date(p.BirthDate),
		Gender: congress.Label(congress.Genders, p.Gender), Ethnicity: p.Ethnicity, Religion: p.Religion,
		HomeTown: p.HomeTown, Position: p.Position, JoinedOn: vn.Date(p.JoinedOn), OfficialOn: vn.Date(p.OfficialOn),
		Education: p.Education, Degree: p.Degree, Theory: p.TheoryLevel, Incumbent: p.Incumbent, Sample: p.Sample}
}
