package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// fuzzTerm is the term the fuzzed congresses belong to.
var fuzzTerm = congress.Term{StartYear: 2020, EndYear: 2025}

// postedContext is a Gin context whose request posts body as a form, parsed as the handlers do.
func postedContext(body string) (*gin.Context, error) {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(http.MethodPost, "/congresses", strings.NewReader(body))
	c.Request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c, parseForm(c.Request)
}

// congressFormValues is the congress form as the page would post it back: every field by its name.
func congressFormValues(f congressForm) url.Values {
	v := url.Values{"organization_id": {f.OrganizationID}, "term_id": {f.TermID}, "ordinal": {f.Ordinal}, "kind": {f.Kind},
		"ruleset": {f.Ruleset}, "state": {f.State}, "held_on": {f.HeldOn}, "place": {f.Place}, "reported_on": {f.ReportedOn},
		"decided_on": {f.DecidedOn}, "notes": {f.Notes}, "version": {f.Version}}
	for k, n := range f.Counts {
		v.Set(k, n)
	}
	for _, g := range f.Guests {
		v.Add("guest_name", g.Name)
		v.Add("guest_title", g.Title)
		v.Add("guest_role", g.Role)
	}
	for _, p := range f.PastResults {
		v.Add("past_label", p.Label)
		v.Add("past_value", p.Value)
		v.Add("past_unit", p.Unit)
	}
	return v
}

// knownField tells whether a message key is one the form shows beside a field.
func knownField(k string) bool {
	base, _, _ := strings.Cut(k, "[")
	return slices.Contains(fieldOrder, base)
}

// FuzzCongressForm drives the congress form's binding — the posted bytes, parseForm,
// readCongressForm, congressForm.congress, then the domain's Validate — and checks that a refusal
// is a message per known field in clean Vietnamese, and that an accepted congress shown again in
// the edit form (formOf) and posted back is the same congress.
func FuzzCongressForm(f *testing.F) {
	org := &congress.Organization{ID: 7}
	f.Add(validCongressForm(org, &fuzzTerm, 3).Encode())
	f.Add(with(validCongressForm(org, &fuzzTerm, 3), "kind", congress.CongressDelegates, "absent_with_reason", "0", "committee_absent", "1").Encode())
	f.Add(with(validCongressForm(org, &fuzzTerm, 3), "convened", "9223372036854775808", "held_on", "31/02/2020", "guest_name", []string{"\xff", "  "}).Encode())
	f.Add(with(validCongressForm(org, &fuzzTerm, 3), "place", "=1+1\t\r\n", "notes", "a\r\nb\u2028c", "ordinal", " 0x10 ").Encode())
	f.Add("guest_title=a&guest_title=b&past_unit=%E1%BB&ordinal=-0&present=+5")
	f.Add("%zz=1&a")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := postedContext(body)
		if err != nil {
			if congress.ErrorCode(err) != congress.EINVALID || statusOf(err) != http.StatusBadRequest {
				t.Fatalf("parseForm: %v (status %d)", err, statusOf(err))
			}
			return
		}
		form := readCongressForm(c)
		fe := congress.FieldErrors{}
		cg := form.congress(fe)
		if len(fe) == 0 {
			if err := cg.Validate(fuzzTerm); err != nil {
				for k, v := range congress.ErrorFields(err) {
					fe.Add(k, v)
				}
			}
		}
		if len(fe) > 0 {
			for k, msg := range fe {
				if !knownField(k) || msg == "" || !utf8.ValidString(msg) || strings.ContainsAny(msg, "\x00\r") {
					t.Fatalf("message %q: %q", k, msg)
				}
			}
			if len(summarize(fe)) == 0 {
				t.Fatal("no summary")
			}
			return
		}
		// Accepted: every text is clean, and the edit form posts it back unchanged.
		for _, s := range []string{cg.Place, cg.Kind, cg.Ruleset, cg.State, cg.HeldOn} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\n\t") {
				t.Fatalf("unclean text %q", s)
			}
		}
		back := formOf(cg)
		c2, err := postedContext(congressFormValues(back).Encode())
		if err != nil {
			t.Fatal(err)
		}
		fe2 := congress.FieldErrors{}
		cg2 := readCongressForm(c2).congress(fe2)
		if len(fe2) > 0 {
			t.Fatalf("the edit form of an accepted congress is refused: %v\n%+v", fe2, back)
		}
		if err := cg2.Validate(fuzzTerm); err != nil {
			t.Fatalf("the edit form of an accepted congress does not validate: %v", congress.ErrorFields(err))
		}
		if !reflect.DeepEqual(cg, cg2) {
			t.Fatalf("round trip changed the congress\n%+v\n%+v", cg, cg2)
		}
	})
}

// FuzzBallotInput drives the ballot entry of the counting room — the JSON body of POST
// /api/v1/rounds/{id}/ballots decoded as decodeJSON does, then ballotInput.ballot for a list of n
// names of either kind — and checks that a refusal is EINVALID with a message per field, that an
// accepted ballot is one the engine can read (CheckBallot gives a reason or none, never a reading
// error about positions or marks), and that the ballot as the API shows it back, entered again,
// is the same ballot.
func FuzzBallotInput(f *testing.F) {
	for _, s := range []string{`{"struck":[1,3]}`, `{"kept":[2]}`, `{"struck":[]}`, `{"marks":["agree","disagree","none"]}`,
		`{"marks":["both"],"invalid":"signed","note":"ký tên"}`, `{"invalid":"other"}`, `{"struck":[0,4,4,-1]}`,
		`{"struck":[1],"kept":[2]}`, `{"slot":2,"number":7,"struck":[2],"clerk":"Thư ký"}`, `{"marks":null,"invalid":"not_issued"}`} {
		f.Add([]byte(s), uint8(3), uint8(2), false)
		f.Add([]byte(s), uint8(1), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, n, seats uint8, agree bool) {
		if n == 0 || n > 60 {
			return
		}
		seats = max(1, min(seats, n))
		kind := string(election.ListSurplus)
		if agree {
			kind = string(election.ListAgreeDisagree)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var in ballotInput
		if err := dec.Decode(&in); err != nil {
			if congress.ErrorCode(jsonError(err)) != congress.EINVALID {
				t.Fatalf("decode error %v maps to %v", err, jsonError(err))
			}
			return
		}
		b, err := in.ballot(kind, int(n))
		if err != nil {
			fields := congress.ErrorFields(err)
			if congress.ErrorCode(err) != congress.EINVALID || len(fields) == 0 || congress.ErrorMessage(err) == "" {
				t.Fatalf("refusal %#v", err)
			}
			for k, m := range fields {
				if m == "" || !utf8.ValidString(m) {
					t.Fatalf("field %q: %q", k, m)
				}
			}
			return
		}
		reason, err := election.CheckBallot(election.ListKind(kind), int(n), int(seats), b)
		if err != nil {
			for k := range congress.ErrorFields(err) {
				if k != "invalid" && k != "note" {
					t.Fatalf("an accepted ballot the engine cannot read (%s): %v %+v", k, congress.ErrorFields(err), b)
				}
			}
		}
		// The API shows the stored ballot; entered again from what it shows, it is the same.
		shown := toBallotJSON(store.StoredBallot{Ballot: b, Reason: reason}, kind, int(n))
		again := ballotInput{Struck: shown.Struck, Marks: shown.Marks, Invalid: shown.Invalid, Note: shown.Note}
		if !agree {
			again.Marks = nil
		} else {
			again.Struck = nil
		}
		b2, err := again.ballot(kind, int(n))
		if err != nil {
			t.Fatalf("the ballot as shown is refused: %v\nshown %+v", congress.ErrorFields(err), shown)
		}
		slices.Sort(b.Kept)
		if !reflect.DeepEqual(b, b2) {
			t.Fatalf("round trip changed the ballot\n%+v\n%+v", b, b2)
		}
	})
}
