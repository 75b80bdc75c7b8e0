package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// targetsPage is the data of the resolution page: the resolution, its targets by sentence with
// their yearly reviews, and the rating counts the reviews may come from.
type targetsPage struct {
	C       *congress.Congress
	Heading string
	// Resolution is nil until the secretary records it.
	Resolution *store.Resolution
	Vote       voteView
	Groups     []targetGroupView
	Count      int
	Ratings    []ratingRowView
	// What the user may do here.
	CanWrite, CanNote, CanAudit, CanVerify bool
}

// voteView is the adoption vote against the attendance.
type voteView struct {
	Total, Present int
	// ForShare is the votes for as a share of those present, "100,00%".
	ForShare string
	// Majority is true when more than half of those present voted for.
	Majority bool
}

// targetGroupView is one sentence of the resolution and the targets it gives.
type targetGroupView struct {
	Sentence string
	Targets  []targetCard
}

// targetCard is a target with its reviews, as the resolution page lists it.
type targetCard struct {
	targetView
	CategoryLabel string
	// RatingText says which rating counts derive its reviews, or "".
	RatingText string
	Reviews    []reviewView
}

// reviewView is one yearly review with its own verdict.
type reviewView struct {
	store.ReviewRecord
	Value, Detail              string
	VerdictLabel, VerdictClass string
	CreatedAt, NoteAt          string
	// CanNote is true for an auditor (or admin) who may write this review's note: nobody else
	// has written one, or they did.
	CanNote bool
}

// ratingRowView is one year's rating counts of one subject.
type ratingRowView struct {
	store.RatingCountsRecord
	SubjectLabel string
	Total        int64
}

// showTargetsPage shows the resolution of a congress in scope with its targets and reviews.
func (s *Server) showTargetsPage(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	cg, err := s.store.FindCongressByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := targetsPage{C: cg, Heading: congressHeading(cg), CanWrite: u.CanWriteCongress(),
		CanNote: u.CanReadAudit(), CanAudit: u.CanReadAudit(), CanVerify: canVerify(u)}
	if p.Resolution, err = s.store.FindResolution(ctx, u, id); err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
		s.fail(c, err)
		return
	}
	if p.Resolution != nil {
		r := p.Resolution
		p.Vote = voteView{Total: r.VotesFor + r.VotesAgainst + r.VotesAbstain, Present: r.Present,
			Majority: r.VotesFor*2 > r.Present}
		if r.Present > 0 {
			p.Vote.ForShare = vn.Percent(float64(r.VotesFor) * 100 / float64(r.Present))
		}
	}
	list, err := s.store.FindTargets(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Count = len(list)
	views := numberTargets(list)
	for _, g := range groupBySentence(views) {
		gv := targetGroupView{Sentence: g.Sentence}
		for _, t := range g.Targets {
			card := targetCard{targetView: t, CategoryLabel: t.Category.Label(), RatingText: ratingText(t.TargetRecord)}
			reviews, err := s.store.FindReviews(ctx, u, t.ID)
			if err != nil {
				s.fail(c, err)
				return
			}
			for _, r := range reviews {
				card.Reviews = append(card.Reviews, newReviewView(u, t.Target, r))
			}
			gv.Targets = append(gv.Targets, card)
		}
		p.Groups = append(p.Groups, gv)
	}
	ratings, err := s.store.FindRatingCounts(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, r := range ratings {
		p.Ratings = append(p.Ratings, ratingRowView{RatingCountsRecord: r,
			SubjectLabel: congress.Label(store.RatingSubjects, r.Subject), Total: r.Total()})
	}
	s.render(c, http.StatusOK, "targets", "Nghị quyết và chỉ tiêu: "+p.Heading, p)
}

// newReviewView judges one review on its own (targets.Evaluate) and formats it.
func newReviewView(u *congress.User, t targets.Target, r store.ReviewRecord) reviewView {
	// The year on its own; whether it beats the figure ("vượt") is the term review's to say.
	value, verdict := targets.Evaluate(t, r.Review)
	v := reviewView{ReviewRecord: r, Value: targets.FormatValue(value, t.Unit), Detail: reviewDetail(t.Unit, r.Review),
		VerdictLabel: reviewVerdictLabel(t, verdict), VerdictClass: verdictClass(verdict, false),
		CreatedAt: stampText(r.CreatedAt), NoteAt: stampText(r.NoteAt)}
	v.CanNote = u.CanReadAudit() && (u.IsAdmin() || r.Note == "" || r.NoteBy == nil || *r.NoteBy == u.ID)
	return v
}

// ratingText says where a target's reviews come from when they are derived from rating counts.
func ratingText(t store.TargetRecord) string {
	if t.RatingSubject == "" || t.Measure == "" {
		return ""
	}
	return "Số liệu tính từ kết quả xếp loại " + strings.ToLower(congress.Label(store.RatingSubjects, t.RatingSubject)) +
		": " + strings.ToLower(t.Measure.Label()) + "."
}

// canVerify reports whether the user may run the verification of a congress in scope: the
// auditors, the administrators and the secretaries who keep the record.
func canVerify(u *congress.User) bool {
	return u != nil && (u.CanReadAudit() || u.Role == congress.RoleSecretary)
}
