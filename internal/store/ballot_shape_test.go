package store_test

import (
	"context"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

// The ballot API's shape of a round, and AddBallot's one-query load of the round: the same scope,
// role and closed-round answers as the full load, and a resend marked as such.
func TestBallotShapeAndAddChecks(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	r := &congress.Round{EntryMode: congress.EntryBallots, DoubleEntry: true, Issued: 38, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, e.ID, r); err != nil {
		t.Fatal(err)
	}

	t.Run("Shape", func(t *testing.T) {
		for _, u := range []*congress.User{f.secA, f.staff, f.auditor} {
			sh, err := f.s.FindBallotShape(ctx, u, r.ID)
			if err != nil || sh.RoundID != r.ID || sh.Number != 1 || sh.ListKind != congress.ListSurplus || sh.Candidates != 4 ||
				!sh.DoubleEntry || sh.EntryMode != congress.EntryBallots || sh.Closed {
				t.Fatalf("%s: %+v %v", u.Username, sh, err)
			}
		}
		if _, err := f.s.FindBallotShape(ctx, f.secB, r.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Errorf("out of scope: %v", err)
		}
		if _, err := f.s.FindBallotShape(ctx, f.secA, 999999); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Errorf("unknown round: %v", err)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		b := election.Struck(4, 3)
		if _, err := f.s.AddBallot(ctx, f.staff, r.ID, 1, 1, "", b); congress.ErrorCode(err) != congress.EFORBIDDEN {
			t.Errorf("staff: %v", err)
		}
		if _, err := f.s.AddBallot(ctx, f.auditor, r.ID, 1, 1, "", b); congress.ErrorCode(err) != congress.EFORBIDDEN {
			t.Errorf("auditor: %v", err)
		}
		if _, err := f.s.AddBallot(ctx, f.secB, r.ID, 1, 1, "", b); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Errorf("other organization: %v", err)
		}
	})
	t.Run("Resent", func(t *testing.T) {
		first, err := f.s.AddBallot(ctx, f.secA, r.ID, 1, 1, "Mai Thị Hoa", election.Struck(4, 3))
		if err != nil || first.Resent {
			t.Fatalf("%+v %v", first, err)
		}
		again, err := f.s.AddBallot(ctx, f.secA, r.ID, 1, 1, "Mai Thị Hoa", election.Struck(4, 3))
		if err != nil || !again.Resent || again.ID != first.ID {
			t.Fatalf("resend: %+v %v", again, err)
		}
	})
	t.Run("Closed", func(t *testing.T) {
		for i := 2; i <= 38; i++ {
			for slot := 1; slot <= 2; slot++ {
				if _, err := f.s.AddBallot(ctx, f.secA, r.ID, slot, i, "", election.Struck(4, 3)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := f.s.AddBallot(ctx, f.secA, r.ID, 2, 1, "", election.Struck(4, 3)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CloseRound(ctx, f.secA, r.ID); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.AddBallot(ctx, f.secA, r.ID, 1, 39, "", election.Struck(4, 3))
		if congress.ErrorCode(err) != congress.ECONFLICT || congress.ErrorMessage(err) !=
			"Vòng 1 của cuộc bầu Ban Chấp hành đã kết thúc và được khóa; muốn sửa phải mở lại vòng (có ghi lý do)." {
			t.Errorf("closed: %v", err)
		}
		if sh, err := f.s.FindBallotShape(ctx, f.secA, r.ID); err != nil || !sh.Closed {
			t.Errorf("shape of a closed round: %+v %v", sh, err)
		}
	})
}
