package store

import (
	"context"
	"fmt"
)

// AuditProblem is a break in the audit chain.
type AuditProblem struct {
	ID      int64
	Message string
}

// VerifyAuditChain recomputes every audit row's hash and link. An edited row fails its own hash;
// a deleted row leaves a gap in the ids and a link that points at the wrong hash.
func (s *Store) VerifyAuditChain(ctx context.Context) ([]AuditProblem, int, error) {
	rows, err := s.db.R.QueryxContext(ctx, `SELECT id, at, user_id, username, organization_id, congress_id, entity,
		entity_id, action, old_value, new_value, reason, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, 0, mapErr(err, "nhật ký")
	}
	defer rows.Close()
	var problems []AuditProblem
	var prevID int64
	prevHash := ""
	n := 0
	for rows.Next() {
		var e AuditEntry
		if err := rows.StructScan(&e); err != nil {
			return nil, n, mapErr(err, "nhật ký")
		}
		n++
		switch {
		case e.ID == prevID+2:
			problems = append(problems, AuditProblem{e.ID, fmt.Sprintf("Thiếu dòng nhật ký số %d (đã bị xóa).", prevID+1)})
		case e.ID > prevID+2:
			problems = append(problems, AuditProblem{e.ID, fmt.Sprintf("Thiếu các dòng nhật ký số %d đến %d (đã bị xóa).", prevID+1, e.ID-1)})
		}
		if e.PrevHash != prevHash {
			problems = append(problems, AuditProblem{e.ID, fmt.Sprintf("Dòng nhật ký số %d không nối với dòng trước (chuỗi băm bị đứt).", e.ID)})
		}
		if AuditHash(e) != e.Hash {
			problems = append(problems, AuditProblem{e.ID, fmt.Sprintf("Dòng nhật ký số %d đã bị sửa ngoài ứng dụng (mã băm không khớp).", e.ID)})
		}
		prevID, prevHash = e.ID, e.Hash
	}
	return problems, n, mapErr(rows.Err(), "nhật ký")
}

// ListVersion is a counter that database triggers move with every change to congresses,
// organizations, terms and users (migration 0005), whichever process makes it. Writers are
// serialised (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so a page rendered
// after reading version n shows at least the data of version n: a cache that serves a list page
// only while the version is unchanged never shows one older than the last committed change.
func (s *Store) ListVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.R.GetContext(ctx, &v, `SELECT n FROM list_version WHERE id = 1`); err != nil {
		return 0, mapErr(err, "phiên bản dữ liệu")
	}
	return v, nil
}
