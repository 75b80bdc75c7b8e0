package server

import (
	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// resultView is a round's count as the round page shows it, every figure formatted. It only
// formats what store.CountRound computed with the engine: nothing is counted here.
type resultView struct {
	// Ready is true when the figures are consistent and the engine gave a result.
	Ready     bool
	Base      int
	Threshold int
	Who       string
	Rows      []resultRow // every candidate, in ballot order
	Elected   []resultRow // vote order
	Runoff    string
	Vacant    string
	Warnings  []string
	// Problem is why there is no result yet, with the figures the engine named.
	Problem       string
	ProblemFields []string
	Ballots       election.BallotTotals
	// Entered counts the ballots entered in each pile (ballot-by-ballot rounds).
	Entered     [2]int
	Double      bool
	Differences []store.BallotDiff
}

// resultRow is one candidate's line of the result.
type resultRow struct {
	No          int
	Name        string
	Votes       int
	Share       string
	Status      string
	StatusLabel string
}

// newResultView formats a round's count.
func newResultView(rc *store.RoundCount, rv *store.RoundView) resultView {
	v := resultView{Who: whoLabel(&rv.Congress, rv.Election.Body), Ballots: rc.Request.Ballots, Entered: rc.Ballots,
		Double: rv.DoubleEntry, Differences: rc.Differences}
	if rc.Problem != nil {
		v.Problem = congress.ErrorMessage(rc.Problem)
		v.ProblemFields = orderedMessages(congress.ErrorFields(rc.Problem), contractFieldOrder)
		if len(v.ProblemFields) == 1 && v.ProblemFields[0] == v.Problem {
			v.ProblemFields = nil
		}
	}
	res := rc.Result
	if res == nil {
		return v
	}
	v.Ready, v.Base, v.Threshold = true, res.Base, res.Threshold
	v.Runoff, v.Vacant = runoffSentence(res), vacantSentence(res)
	row := func(i int, c election.CandidateResult) resultRow {
		return resultRow{No: i + 1, Name: c.Name, Votes: c.Votes, Share: percentText(election.PercentHundredths(c.Votes, res.Base)),
			Status: c.Status, StatusLabel: statusLabels[c.Status]}
	}
	byName := map[string]election.CandidateResult{}
	for i, c := range res.Candidates {
		v.Rows = append(v.Rows, row(i, c))
		byName[c.Name] = c
	}
	for i, name := range res.Elected {
		v.Elected = append(v.Elected, row(i, byName[name]))
	}
	for _, w := range res.Warnings {
		v.Warnings = append(v.Warnings, w.Message)
	}
	return v
}

// contractFieldOrder is the order of the count contract's fields, for listing the engine's messages.
var contractFieldOrder = []string{"seats", "base.convened", "present", "ballots.issued", "ballots.collected",
	"ballots.valid", "ballots.invalid", "candidates"}
