// Package election counts party election rounds by the party's election regulation (Quyết định
// 244-QĐ/TW of 2014 and Quyết định 190-QĐ/TW of 2024; DOMAIN.md "Election rules"). It is pure: no
// I/O beyond the reader DecodeRequest is handed, no database, no clock. Everything that shows or
// prints a result uses it: the counting room, the stored elections, `POST /api/v1/count` and
// `daihoi count`.
//
// # The count contract
//
// Request and Result marshal to exactly the JSON of DOMAIN.md "The count contract":
//
//	req, err := election.DecodeRequest(body)   // strict JSON → Request, shape checked
//	res, err := election.Count(req)            // consistency checks, base, threshold, seats
//	json.NewEncoder(w).Encode(res)
//
// Every error is a *congress.Error with code congress.EINVALIDCOUNT ("invalid_count"), a Vietnamese
// Message naming the figures and Fields keyed by the contract's JSON paths ("ballots.valid",
// "candidates[2].votes"): the handler answers 422 with {"error": {code, message, fields}}, the CLI
// prints the same and exits 2. Request.Validate runs every check without counting.
//
// # The rules
//
//   - Base(kind, figures): the base of rule 2 for a members' or delegates' congress, with every
//     exclusion. Threshold(base) = base/2 + 1 ("quá một nửa": exactly half never elects).
//     PercentHundredths / PercentOf: votes × 100 ÷ base, half-up to two decimals in integers.
//   - Count: candidates in Vietnamese A-B-C order of given name, middle, family (package vn);
//     seats by votes among those over the threshold; a tie at the last seat that not all the tied
//     fit elects none of them and returns a Runoff; a shortfall leaves VacantSeats. Always
//     seats = len(Elected) + Runoff.Seats + VacantSeats.
//   - CheckBallot and TallyBallots: per-ballot counting with the validity reasons of rule 3
//     (Reasons, ReasonLabel). A Ballot is the set of kept positions (surplus list; Struck builds it
//     from the struck ones) or one Mark per person (agree/disagree list; JSON "agree", "disagree",
//     "both", "none"), plus an optional reason the committee ruled it invalid for. CheckBallot
//     tells the clerk at once whether one ballot is valid and why not; TallyBallots adds them up
//     (the function cannot be called Tally: that is its result type). Tally.Totals and
//     Tally.CandidateVotes build a Request from the ballots.
//   - ListWarnings: the list limits of rule 6 (warnings, never refusals), also in Result.Warnings
//     when the request names its body.
//   - RankAlternates and AlternateCandidates: delegates to the higher congress (rule 7).
//   - Cite(ruleset, topic): the article a minute or message cites — results Điều 32 (244) /
//     Điều 30 (190), ballots Điều 17 / 15, candidate lists Điều 14 (190), delegates Điều 20 / 18.
//
// Ties are never broken by age: that is the state-election rule, not the party's.
package election
