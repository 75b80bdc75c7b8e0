package server

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// The route table of the harness: every route of the engine, what guards it, what input it takes
// and which object of a scene its parameters name. TestHarnessRouteInventory fails when the
// engine has a route this table lacks (or the reverse), so a new route cannot go untested.

// hAccess is the gate a route is behind.
type hAccess int

const (
	accPublic   hAccess = iota // no login needed
	accUser                    // any logged-in user; the object's scope decides
	accWriter                  // CanWriteCongress: secretaries and admins
	accAdmin                   // admins
	accStaff                   // canTrack: staff and admins
	accAuditor                 // CanReadAudit: auditors and admins
	accVerifier                // canVerify: auditors, admins, secretaries
	accImporter                // CanImportPackage: staff, secretaries, admins
	accReported                // store rule of MarkReported: secretaries, staff, admins
	accDecision                // store rule of DecideApproval: staff and admins of a committee above
)

// allows reports whether the route's gate lets user through, before any scope check.
func (a hAccess) allows(u *congress.User) bool {
	switch a {
	case accPublic, accUser:
		return true
	case accWriter:
		return u.CanWriteCongress()
	case accAdmin:
		return u.IsAdmin()
	case accStaff:
		return canTrack(u)
	case accAuditor:
		return u.CanReadAudit()
	case accVerifier:
		return canVerify(u)
	case accImporter, accReported:
		return store.CanImportPackage(u) // staff, secretaries, admins: the same three roles
	case accDecision:
		return u.IsAdmin() || u.Role == congress.RoleStaff
	}
	panic("unknown access")
}

// hInput is the kind of input a route reads.
type hInput int

const (
	inNone      hInput = iota // nothing but the path (and perhaps the query)
	inForm                    // an HTML form, urlencoded
	inJSON                    // a JSON object
	inMultipart               // an HTML file upload
	inZip                     // a package as the raw body
	inCount                   // the count contract: JSON decoded by the election package
)

// Which round a route's :id (or :rid) names.
const (
	rOpen   = iota // round 2, open, ballot by ballot
	rClosed        // round 1, closed
	rTotals        // an open round by totals where the scene has one, else rOpen
)

// hRoute is the harness's knowledge of one route.
type hRoute struct {
	acc   hAccess
	in    hInput
	round int
	// json is the base body of a JSON route, valid or nearly so, built when a case runs (so a
	// version is current); the bad-input matrix spoils it one field at a time.
	json func(w *hWorld, sc *hScene) map[string]any
	// form lists the fields of a form that no page shows (the forms on pages are read from them).
	form map[string]string
	// probeForm, probeJSON and probeQuery replace the scope matrix's empty body where an empty body
	// would pass (and write) or be refused for another reason than the gates.
	probeForm  func(w *hWorld, sc *hScene) url.Values
	probeJSON  string
	probeQuery string
	// exempt says why a matrix leaves the route out, by matrix: "scope", "badinput".
	exempt map[string]string
}

// ver is the current version of a row, for bases that must not go stale after an accepted case.
func (w *hWorld) ver(table string, id int64) int64 {
	var v int64
	// An accepted delete may have removed the row: version 0 then, which the route refuses.
	w.db.R.Get(&v, `SELECT version FROM `+table+` WHERE id = ?`, id)
	return v
}

func (w *hWorld) resolutionVersion(sc *hScene) int64 {
	var v int64
	if err := w.db.R.Get(&v, `SELECT version FROM resolutions WHERE congress_id = ?`, sc.cg.ID); err != nil {
		w.t.Fatal(err)
	}
	return v
}

// Reasons for exemptions, written once.
const (
	exNoLogin   = "serves anyone, logged in or not: no role or organization to vary"
	exOwnSess   = "ends the caller's own session: no organization; auth_test and the security tests cover it"
	exNoInput   = "takes no input beyond the path, whose hostile ids the id matrix sends"
	exStatic    = "static files: the path is the only input, and the id matrix does not apply to *filepath"
	exConfirmID = "names no object: the upload token is per user, and another user's token is refused like an unknown one"
)

// harnessRoutes is the table, by "METHOD pattern".
func harnessRoutes() map[string]hRoute {
	none := func(a hAccess) hRoute { return hRoute{acc: a} }
	form := func(a hAccess) hRoute { return hRoute{acc: a, in: inForm} }
	js := func(a hAccess, body func(w *hWorld, sc *hScene) map[string]any) hRoute {
		return hRoute{acc: a, in: inJSON, json: body}
	}
	jsProbe := func(a hAccess, body func(w *hWorld, sc *hScene) map[string]any, probe string) hRoute {
		return hRoute{acc: a, in: inJSON, json: body, probeJSON: probe}
	}
	fields := func(a hAccess, kv ...string) hRoute {
		r := hRoute{acc: a, in: inForm, form: map[string]string{}}
		for i := 0; i+1 < len(kv); i += 2 {
			r.form[kv[i]] = kv[i+1]
		}
		return r
	}
	round := func(r hRoute, k int) hRoute { r.round = k; return r }
	exempt := func(r hRoute, kv ...string) hRoute {
		r.exempt = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			r.exempt[kv[i]] = kv[i+1]
		}
		return r
	}
	congressJSON := func(w *hWorld, sc *hScene) map[string]any {
		return validCongressJSON(sc.org, w.term25, 9)
	}
	congressEditJSON := func(w *hWorld, sc *hScene) map[string]any {
		m := validCongressJSON(sc.org, w.term20, sc.cg.Ordinal)
		m["version"], m["held_on"] = w.ver("congresses", sc.cg.ID), sc.cg.HeldOn
		m["term_id"] = sc.cg.TermID
		return m
	}
	personJSON := func(w *hWorld, sc *hScene) map[string]any {
		return map[string]any{"full_name": "Hoàng Văn Phúc", "birth_date": "1980-02-01", "gender": "male", "position": "Phó phòng"}
	}
	personEditJSON := func(w *hWorld, sc *hScene) map[string]any {
		return map[string]any{"full_name": "Lê Văn An", "birth_date": "1975-03-04", "version": w.ver("persons", sc.person)}
	}
	setupJSON := func(w *hWorld, sc *hScene) map[string]any {
		a := sc.cg.Attendance
		return map[string]any{"version": w.ver("rounds", sc.totalsOr()), "entry_mode": "totals", "issued": a.Present,
			"attendance":         map[string]any{"convened": a.Convened, "present": a.Present, "absent_with_reason": a.AbsentWithReason},
			"counting_committee": []any{map[string]any{"name": "Hồ Văn Kiểm", "head": true}}}
	}
	s := map[string]hRoute{
		"GET /healthz":           exempt(none(accPublic), "scope", exNoLogin, "badinput", exNoInput),
		"HEAD /healthz":          exempt(none(accPublic), "scope", exNoLogin, "badinput", exNoInput),
		"GET /static/*filepath":  exempt(none(accPublic), "scope", exNoLogin, "badinput", exStatic),
		"HEAD /static/*filepath": exempt(none(accPublic), "scope", exNoLogin, "badinput", exStatic),
		"GET /login":             exempt(none(accPublic), "scope", exNoLogin),
		"POST /login":            exempt(hRoute{acc: accPublic, in: inForm, form: map[string]string{"username": "thuky", "password": "sai-mat-khau"}}, "scope", exNoLogin),
		"POST /api/v1/session": exempt(js(accPublic, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"username": "thuky", "password": "sai-mat-khau"}
		}), "scope", exNoLogin),

		"GET /":                  none(accUser),
		"POST /logout":           exempt(none(accUser), "scope", exOwnSess, "badinput", exOwnSess),
		"DELETE /api/v1/session": exempt(none(accUser), "scope", exOwnSess, "badinput", exOwnSess),
		"GET /account/password":  none(accUser),
		"POST /account/password": exempt(hRoute{acc: accUser, in: inForm, form: map[string]string{"old_password": "sai", "new_password": "mat-khau-moi-dai", "confirm": "mat-khau-moi-dai"}},
			"scope", "changes the caller's own password: no organization to vary"),

		"GET /organizations":     none(accUser),
		"GET /organizations/:id": none(accUser),
		"POST /organizations": {acc: accAdmin, in: inForm, probeForm: func(w *hWorld, sc *hScene) url.Values {
			return url.Values{"parent_id": {fmt.Sprint(w.khcn.ID)}} // a name missing: 422
		}},
		"POST /organizations/:id": form(accAdmin),
		"GET /terms":              none(accUser),
		"POST /terms":             hRoute{acc: accAdmin, in: inForm, form: map[string]string{"start_year": "2030", "end_year": "2035"}},

		"GET /congresses":          none(accUser),
		"GET /congresses/new":      none(accWriter),
		"POST /congresses":         form(accWriter),
		"GET /congresses/:id":      none(accUser),
		"GET /congresses/:id/edit": none(accWriter),
		"POST /congresses/:id":     form(accWriter),

		"POST /api/v1/organizations": js(accAdmin, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"parent_id": sc.org.ID, "kind": "cell", "name": "Chi bộ mới", "place": "Đồng Tháp"}
		}),
		"GET /api/v1/organizations":     none(accUser),
		"GET /api/v1/organizations/:id": none(accUser),
		"GET /api/v1/terms":             none(accUser),
		"GET /api/v1/congresses":        none(accUser),
		"POST /api/v1/congresses":       js(accWriter, congressJSON),
		"GET /api/v1/congresses/:id":    none(accUser),
		"PUT /api/v1/congresses/:id":    js(accWriter, congressEditJSON),

		// Elections.
		"GET /congresses/:id/persons":                   none(accUser),
		"POST /congresses/:id/persons":                  form(accWriter),
		"GET /persons/:id/edit":                         none(accWriter),
		"POST /persons/:id":                             form(accWriter),
		"GET /congresses/:id/elections/new":             none(accWriter),
		"POST /congresses/:id/elections":                form(accWriter),
		"GET /elections/:id":                            none(accUser),
		"GET /elections/:id/edit":                       none(accWriter),
		"POST /elections/:id":                           form(accWriter),
		"POST /elections/:id/rounds":                    fields(accWriter, "entry_mode", "totals", "issued", "10", "counter_head", "Hồ Văn Kiểm"),
		"POST /elections/:id/end":                       fields(accWriter, "note", "Không bầu tiếp."),
		"POST /elections/:id/appoint":                   fields(accWriter, "person_id", "1", "note", "Cấp trên chỉ định."),
		"GET /rounds/:id":                               none(accUser),
		"POST /rounds/:id/setup":                        round(form(accWriter), rTotals),
		"POST /rounds/:id/tally":                        round(form(accWriter), rTotals),
		"POST /rounds/:id/close":                        round(fields(accWriter, "confirm", "1"), rClosed),
		"POST /rounds/:id/reopen":                       round(fields(accWriter, "reason", "Đếm lại phiếu theo yêu cầu của Đoàn Chủ tịch"), rClosed),
		"GET /congresses/:id/rounds/:rid/minutes":       round(none(accUser), rClosed),
		"GET /congresses/:id/rounds/:rid/minutes.xlsx":  round(none(accUser), rClosed),
		"GET /congresses/:id/rounds/:rid/ballots/print": none(accUser),
		"GET /api/v1/congresses/:id/persons":            none(accUser),
		"POST /api/v1/congresses/:id/persons":           js(accWriter, personJSON),
		"GET /api/v1/persons/:id":                       none(accUser),
		"PUT /api/v1/persons/:id":                       js(accWriter, personEditJSON),
		"GET /api/v1/congresses/:id/elections":          none(accUser),
		"GET /api/v1/elections/:id":                     none(accUser),
		"GET /api/v1/elections/:id/rounds":              none(accUser),
		"GET /api/v1/rounds/:id":                        none(accUser),
		"GET /api/v1/rounds/:id/result":                 round(none(accUser), rClosed),
		"GET /api/v1/congresses/:id/committee":          none(accUser),
		"GET /api/v1/congresses/:id/delegates":          none(accUser),
		"POST /api/v1/rounds/:id/close":                 round(none(accWriter), rClosed),
		"POST /api/v1/congresses/:id/elections": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"body": "standing", "seats": 1, "list_kind": "surplus", "candidates": []any{map[string]any{"person_id": sc.person}}}
		}),
		"PUT /api/v1/elections/:id": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"seats": 2, "list_kind": "surplus", "version": w.ver("elections", sc.election),
				"candidates": []any{map[string]any{"person_id": sc.person}}}
		}),
		"POST /api/v1/elections/:id/end": js(accWriter, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"note": "Không bầu tiếp."}
		}),
		"POST /api/v1/elections/:id/appoint": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"person_id": sc.person, "note": "Cấp trên chỉ định."}
		}),
		"POST /api/v1/elections/:id/rounds": js(accWriter, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"entry_mode": "totals", "issued": 10,
				"counting_committee": []any{map[string]any{"name": "Hồ Văn Kiểm", "head": true}}}
		}),
		"PUT /api/v1/rounds/:id": round(js(accWriter, setupJSON), rTotals),
		"PUT /api/v1/rounds/:id/tally": round(js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			p := sc.cg.Present
			return map[string]any{"version": w.ver("rounds", sc.totalsOr()), "issued": p, "collected": p, "valid": p, "invalid": 0,
				"votes": []any{map[string]any{"person_id": sc.person, "votes": 1}}}
		}), rTotals),
		"POST /api/v1/rounds/:id/reopen": round(js(accWriter, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"reason": "Đếm lại phiếu theo yêu cầu của Đoàn Chủ tịch"}
		}), rClosed),

		// Counting room.
		"GET /rounds/:id/count":          none(accWriter),
		"GET /congresses/:id/live":       none(accUser),
		"GET /api/v1/rounds/:id/ballots": none(accUser),
		"POST /api/v1/rounds/:id/ballots": js(accWriter, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"number": 1, "struck": []any{1}}
		}),
		"DELETE /api/v1/rounds/:id/ballots/last": {acc: accWriter, probeQuery: "?slot=9"}, // no ballot yet would be 404
		"POST /api/v1/count":                     {acc: accUser, in: inCount},

		// Targets, reviews, the audit trail.
		"GET /congresses/:id/targets":             none(accUser),
		"GET /congresses/:id/resolution/edit":     none(accWriter),
		"POST /congresses/:id/resolution":         form(accWriter),
		"GET /congresses/:id/targets/new":         none(accWriter),
		"POST /congresses/:id/targets":            form(accWriter),
		"GET /targets/:id/edit":                   none(accWriter),
		"POST /targets/:id":                       form(accWriter),
		"POST /targets/:id/delete":                form(accWriter),
		"GET /targets/:id/reviews/new":            none(accWriter),
		"POST /targets/:id/reviews":               form(accWriter),
		"GET /reviews/:id/edit":                   none(accWriter),
		"POST /reviews/:id":                       form(accWriter),
		"POST /reviews/:id/delete":                form(accWriter),
		"GET /reviews/:id/note":                   none(accAuditor),
		"POST /reviews/:id/note":                  fields(accAuditor, "note", "Khớp báo cáo.", "version", "1"),
		"GET /congresses/:id/ratings/edit":        none(accWriter),
		"POST /congresses/:id/ratings":            form(accWriter),
		"GET /congresses/:id/targets/review":      none(accUser),
		"GET /congresses/:id/targets/review.xlsx": none(accUser),
		"GET /audit":                              none(accAuditor),
		"GET /congresses/:id/verify":              none(accVerifier),
		"GET /api/v1/congresses/:id/targets":      none(accUser),
		"POST /api/v1/congresses/:id/targets": js(accWriter, func(*hWorld, *hScene) map[string]any {
			return map[string]any{"subject": "đảng viên mới được kết nạp", "comparator": ">=", "value": 10, "unit": "people",
				"period": "term_total", "category": "party_building", "sentence": "Kết nạp ít nhất 10 đảng viên mới trong nhiệm kỳ."}
		}),
		"GET /api/v1/congresses/:id/targets/review": none(accUser),
		"GET /api/v1/targets/:id":                   none(accUser),
		"PUT /api/v1/targets/:id": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"subject": "đảng viên hoàn thành tốt nhiệm vụ trở lên", "comparator": ">=", "value": 92, "unit": "percent",
				"period": "yearly", "category": "party_building", "version": w.ver("targets", sc.target),
				"sentence": "Hằng năm có ít nhất 90% đảng viên hoàn thành tốt nhiệm vụ trở lên."}
		}),
		"GET /api/v1/targets/:id/reviews": none(accUser),
		"POST /api/v1/targets/:id/reviews": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"congress_id": sc.cg.ID, "year": 2022, "numerator": 7, "denominator": 9, "source": "Báo cáo năm 2022."}
		}),
		"GET /api/v1/reviews/:id": none(accUser),
		"PUT /api/v1/reviews/:id": js(accWriter, func(w *hWorld, sc *hScene) map[string]any {
			var year int
			w.db.R.Get(&year, `SELECT year FROM target_reviews WHERE id = ?`, sc.review)
			return map[string]any{"year": year, "numerator": 8, "denominator": 9, "source": "Báo cáo đã sửa.", "version": w.ver("target_reviews", sc.review)}
		}),
		"PUT /api/v1/reviews/:id/note": js(accAuditor, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"note": "Khớp báo cáo.", "version": w.ver("target_reviews", sc.review)}
		}),
		"GET /api/v1/audit": none(accAuditor),

		// Reports and tracking.
		"GET /reports":         none(accStaff),
		"GET /reports/targets": none(accAdmin),
		"POST /reports/targets": {acc: accAdmin, in: inForm, probeForm: func(w *hWorld, sc *hScene) url.Values {
			return url.Values{"term": {fmt.Sprint(w.term25.ID)}, "comparator_" + targets.Metrics[0].Code: {"bogus"}}
		}},
		"GET /reports/congresses.xlsx":       none(accUser),
		"GET /reports/structure.xlsx":        none(accUser),
		"GET /reports/targets-summary.xlsx":  none(accUser),
		"GET /congresses/:id/report.xlsx":    none(accUser),
		"GET /congresses/:id/committee.xlsx": none(accUser),
		"GET /congresses/:id/tracking":       none(accUser),
		// A stale version: the store checks role and scope first, then the version (409).
		"POST /congresses/:id/reported": {acc: accReported, in: inForm, probeForm: func(*hWorld, *hScene) url.Values {
			return url.Values{"reported_on": {"01/01/2021"}, "version": {"999"}}
		}, form: map[string]string{"reported_on": "01/01/2021", "version": "1"}},
		"POST /congresses/:id/decision": {acc: accDecision, in: inForm, probeForm: func(*hWorld, *hScene) url.Values {
			return url.Values{"decision": {"approve"}, "decided_on": {"01/01/2021"}, "version": {"999"}}
		}, form: map[string]string{"decision": "approve", "decided_on": "01/01/2021", "note": "", "version": "1"}},
		"GET /api/v1/reports/structure":         none(accUser),
		"GET /api/v1/reports/tracking":          none(accUser),
		"GET /api/v1/reports/structure-targets": none(accUser),
		"PUT /api/v1/reports/structure-targets": js(accAdmin, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"term": "2025-2030", "targets": []any{map[string]any{"key": "women", "percent": 15}}}
		}),
		"POST /api/v1/congresses/:id/reported": jsProbe(accReported, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"reported_on": "2099-01-01", "version": w.ver("congresses", sc.cg.ID)}
		}, `{"reported_on": "2021-01-01", "version": 999}`),
		"POST /api/v1/congresses/:id/decision": jsProbe(accDecision, func(w *hWorld, sc *hScene) map[string]any {
			return map[string]any{"approved": true, "decided_on": "2099-01-01", "version": w.ver("congresses", sc.cg.ID)}
		}, `{"approved": true, "decided_on": "2021-01-01", "version": 999}`),
		"GET /api/v1/reports/congresses.xlsx":       none(accUser),
		"GET /api/v1/reports/structure.xlsx":        none(accUser),
		"GET /api/v1/reports/targets-summary.xlsx":  none(accUser),
		"GET /api/v1/congresses/:id/report.xlsx":    none(accUser),
		"GET /api/v1/congresses/:id/committee.xlsx": none(accUser),

		// Packages and Excel imports.
		"GET /congresses/:id/package.daihoi":                 none(accUser),
		"GET /api/v1/congresses/:id/package":                 none(accUser),
		"GET /import/package":                                none(accImporter),
		"POST /import/package":                               {acc: accImporter, in: inMultipart},
		"POST /import/package/confirm":                       exempt(hRoute{acc: accImporter, in: inForm, form: map[string]string{"token": "x", "content": "y"}}, "scope", exConfirmID),
		"POST /api/v1/packages":                              {acc: accImporter, in: inZip},
		"GET /congresses/:id/import/committee-template.xlsx": none(accUser),
		"GET /congresses/:id/import/committee":               none(accWriter),
		"POST /congresses/:id/import/committee":              {acc: accWriter, in: inMultipart},
		"GET /rounds/:id/import/totals":                      round(none(accWriter), rTotals),
		"POST /rounds/:id/import/totals":                     round(hRoute{acc: accWriter, in: inMultipart}, rTotals),
	}
	return s
}

// totalsOr is the scene's open round by totals, or its open ballot round when it has none.
func (sc *hScene) totalsOr() int64 {
	if sc.totalsRound != 0 {
		return sc.totalsRound
	}
	return sc.openRound
}

// engineRoutes lists the engine's routes as "METHOD pattern", sorted.
func engineRoutes(t testing.TB, s *Server) []string {
	t.Helper()
	// The same registration on a bare engine: the server's own engine sits behind its wrappers.
	e := gin.New()
	s.routes(e)
	var out []string
	for _, r := range e.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	sort.Strings(out)
	return out
}

// resolve turns a route pattern into a path at the scene's objects.
func (w *hWorld) resolve(pattern string, rt hRoute, sc *hScene) string {
	return w.resolveWith(pattern, rt, sc, nil)
}

// resolveWith is resolve with the ids replaced by override when it is not nil (the id matrix).
func (w *hWorld) resolveWith(pattern string, rt hRoute, sc *hScene, override *string) string {
	segs := strings.Split(pattern, "/")
	for i, seg := range segs {
		if !strings.HasPrefix(seg, ":") && !strings.HasPrefix(seg, "*") {
			continue
		}
		if override != nil && !strings.HasPrefix(seg, "*") {
			segs[i] = *override
			continue
		}
		var id int64
		prev := segs[i-1]
		roundID := map[int]int64{rOpen: sc.openRound, rClosed: sc.closedRound, rTotals: sc.totalsOr()}[rt.round]
		switch {
		case seg == "*filepath":
			segs[i] = "css/app.css"
			continue
		case seg == ":rid":
			id = roundID
		case prev == "congresses":
			id = sc.cg.ID
		case prev == "organizations":
			id = sc.org.ID
		case prev == "persons":
			id = sc.person
		case prev == "elections":
			id = sc.election
		case prev == "rounds":
			id = roundID
		case prev == "targets":
			id = sc.target
		case prev == "reviews":
			id = sc.review
		default:
			w.t.Fatalf("no object for %s in %s", seg, pattern)
		}
		segs[i] = fmt.Sprint(id)
	}
	return strings.Join(segs, "/")
}

// hasID reports whether the pattern names an object.
func hasID(pattern string) bool { return strings.Contains(pattern, "/:") }

// patternRe matches the paths of a pattern.
func patternRe(pattern string) *regexp.Regexp {
	q := regexp.QuoteMeta(pattern)
	q = regexp.MustCompile(`:[a-z]+`).ReplaceAllString(q, `[^/]+`)
	return regexp.MustCompile(`^` + q + `$`)
}

// TestHarnessRouteInventory: every route of the engine is in the harness's table and the table
// names no route the engine lacks; each route is in every matrix unless exempt with a reason.
func TestHarnessRouteInventory(t *testing.T) {
	f := newFixture(t)
	table := harnessRoutes()
	got := engineRoutes(t, f.srv)
	seen := map[string]bool{}
	var exempt int
	for _, r := range got {
		seen[r] = true
		rt, ok := table[r]
		if !ok {
			t.Errorf("route %s is not in the harness (harnessRoutes in harness_routes_test.go): add it with its access and input", r)
			continue
		}
		for m, why := range rt.exempt {
			if m != "scope" && m != "badinput" {
				t.Errorf("%s: exempt from unknown matrix %q", r, m)
			}
			if len(why) < 20 {
				t.Errorf("%s: exemption from %s needs a reason", r, m)
			}
			exempt++
		}
		if rt.in == inJSON && rt.json == nil {
			t.Errorf("%s: JSON route without a base body", r)
		}
	}
	for r := range table {
		if !seen[r] {
			t.Errorf("harness lists %s, which the engine does not serve", r)
		}
	}
	t.Logf("routes: %d in the engine, %d in the harness, %d matrix exemptions", len(got), len(table), exempt)
}
