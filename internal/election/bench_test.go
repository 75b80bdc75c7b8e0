package election

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// benchRound is the measure: 500 ballots of a 30-name surplus list electing 27, each
// ballot keeping 20 to 28 names (so a few are invalid for keeping too many).
func benchRound() (names []string, ballots []Ballot) {
	r := rand.New(rand.NewPCG(500, 30))
	names = make([]string, 30)
	for i := range names {
		names[i] = person(i + len(givenNames))
	}
	ballots = make([]Ballot, 500)
	for i := range ballots {
		ballots[i] = Ballot{Kept: r.Perm(30)[:20+r.IntN(9)]}
	}
	return names, ballots
}

func benchRequest(b *testing.B) Request {
	names, ballots := benchRound()
	tl, err := TallyBallots(ListSurplus, names, 27, ballots)
	if err != nil {
		b.Fatal(err)
	}
	req := members(27, 520)
	req.Body = BodyExecutive
	req.Ballots = BallotTotals{Issued: 500, Collected: 500, Valid: tl.Valid, Invalid: tl.Invalid}
	req.Candidates = tl.CandidateVotes()
	return req
}

// BenchmarkTallyBallots: the per-ballot tally of 500 ballots × 30 candidates, seats 27.
func BenchmarkTallyBallots(b *testing.B) {
	names, ballots := benchRound()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := TallyBallots(ListSurplus, names, 27, ballots); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountFromBallots: the whole round from individual ballots — tally, then count.
func BenchmarkCountFromBallots(b *testing.B) {
	names, ballots := benchRound()
	base := members(27, 520)
	b.ReportAllocs()
	for b.Loop() {
		tl, err := TallyBallots(ListSurplus, names, 27, ballots)
		if err != nil {
			b.Fatal(err)
		}
		req := base
		req.Ballots = BallotTotals{Issued: 500, Collected: 500, Valid: tl.Valid, Invalid: tl.Invalid}
		req.Candidates = tl.CandidateVotes()
		if _, err := Count(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountTotals: the totals path (the baseline): 30 candidates, seats 27.
func BenchmarkCountTotals(b *testing.B) {
	req := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Count(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAndCount: what `POST /api/v1/count` does with the same round as JSON.
func BenchmarkDecodeAndCount(b *testing.B) {
	body, err := json.Marshal(benchRequest(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		req, err := DecodeRequest(bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Count(req); err != nil {
			b.Fatal(err)
		}
	}
}
