package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

const orgColumns = `o.id, o.parent_id, o.kind, o.name, o.place, o.path, o.depth, o.sample, o.version`

// FindOrganizationByID returns an organization in the user's scope. ENOTFOUND otherwise.
func (s *Store) FindOrganizationByID(ctx context.Context, u *congress.User, id int64) (*congress.Organization, error) {
	return findOrganization(ctx, s.db.R, u, id)
}

func findOrganization(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*congress.Organization, error) {
	lo, hi := scopeRange(u)
	var o congress.Organization
	err := sqlx.GetContext(ctx, q, &o, `SELECT `+orgColumns+` FROM organizations o
		WHERE o.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi)
	if err != nil {
		return nil, mapErr(err, "tổ chức đảng")
	}
	return &o, nil
}

// OrganizationFilter selects organizations; nil fields do not filter.
type OrganizationFilter struct {
	ParentID *int64 // direct children of this organization
	Kind     *string
	Query    string // accent-insensitive match on the name
	Limit    int
}

// FindOrganizations returns organizations in the user's scope in tree order (by path).
func (s *Store) FindOrganizations(ctx context.Context, u *congress.User, f OrganizationFilter) ([]congress.Organization, error) {
	lo, hi := scopeRange(u)
	where, args := []string{"o.path >= ?", "o.path < ?"}, []any{lo, hi}
	if f.ParentID != nil {
		where, args = append(where, "o.parent_id = ?"), append(args, *f.ParentID)
	}
	if f.Kind != nil {
		where, args = append(where, "o.kind = ?"), append(args, *f.Kind)
	}
	if q := vn.Fold(f.Query); q != "" {
		where, args = append(where, "o.name_fold LIKE ? ESCAPE '\\'"), append(args, "%"+likeEscape(q)+"%")
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 5000
	}
	var list []congress.Organization
	err := s.db.R.SelectContext(ctx, &list, `SELECT `+orgColumns+` FROM organizations o WHERE `+
		joinAnd(where)+` ORDER BY o.path LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, mapErr(err, "tổ chức đảng")
	}
	return list, nil
}

// OrganizationNode is an organization with the congresses of its whole subtree counted by state.
type OrganizationNode struct {
	congress.Organization
	Children int            `json:"children"`
	ByState  map[string]int `json:"congresses_by_state"`
	Total    int            `json:"congresses"`
}

// FindOrganizationChildren returns the children of parentID (or the user's own organization when
// parentID is 0) with the congress counts of their subtrees, optionally for one term.
func (s *Store) FindOrganizationChildren(ctx context.Context, u *congress.User, parentID, termID int64) (*congress.Organization, []OrganizationNode, error) {
	if parentID == 0 {
		parentID = u.OrganizationID
	}
	parent, err := s.FindOrganizationByID(ctx, u, parentID)
	if err != nil {
		return nil, nil, err
	}
	var kids []OrganizationNode
	if err := s.db.R.SelectContext(ctx, &kids, `SELECT `+orgColumns+`,
		(SELECT COUNT(*) FROM organizations k WHERE k.parent_id = o.id) AS children
		FROM organizations o WHERE o.parent_id = ? ORDER BY o.name`, parentID); err != nil {
		return nil, nil, mapErr(err, "tổ chức đảng")
	}
	for i := range kids {
		kids[i].ByState = map[string]int{}
	}
	// One pass over the path index of the parent's subtree, grouped by organization; each group
	// is credited to the child whose path prefixes it. Joining each child to its own subtree
	// instead costs a range scan per child, which a committee with 500 children feels.
	prefix := map[string]int{}
	for i, k := range kids {
		prefix[k.Path] = i
	}
	lo, hi := scopeRange(&congress.User{OrgPath: parent.Path})
	rows, err := s.db.R.QueryxContext(ctx, `SELECT c.org_path, c.state, COUNT(*) FROM congresses c
		WHERE c.org_path > ? AND c.org_path < ? AND (? = 0 OR c.term_id = ?)
		GROUP BY c.org_path, c.state`, lo, hi, termID, termID)
	if err != nil {
		return nil, nil, mapErr(err, "tổ chức đảng")
	}
	defer rows.Close()
	for rows.Next() {
		var path, state string
		var n int
		if err := rows.Scan(&path, &state, &n); err != nil {
			return nil, nil, mapErr(err, "tổ chức đảng")
		}
		// The child's path is the parent's path plus one more "id/" segment.
		rest := path[len(parent.Path):]
		cut := strings.IndexByte(rest, '/')
		if cut < 0 {
			continue
		}
		if i, ok := prefix[parent.Path+rest[:cut+1]]; ok {
			kids[i].ByState[state] += n
			kids[i].Total += n
		}
	}
	return parent, kids, mapErr(rows.Err(), "tổ chức đảng")
}

// CreateOrganization adds an organization under a parent in the user's scope (admin only; a root
// needs the system actor).
func (s *Store) CreateOrganization(ctx context.Context, u *congress.User, o *congress.Organization) error {
	if !u.IsAdmin() {
		return congress.Errorf(congress.EFORBIDDEN, "Chỉ quản trị viên được thêm tổ chức đảng.")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createOrganization(ctx, tx, o); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "tổ chức đảng")
}

func createOrganization(ctx context.Context, tx *Tx, o *congress.Organization) error {
	parentPath := "/"
	o.Depth = 0
	if o.ParentID != nil {
		p, err := findOrganization(ctx, tx, tx.actor, *o.ParentID)
		if err != nil {
			e := mapErr(err, "tổ chức cấp trên")
			if congress.ErrorCode(e) == congress.ENOTFOUND {
				return &congress.Error{Code: congress.EINVALID, Message: e.(*congress.Error).Message,
					Fields: map[string]string{"parent_id": fmt.Sprintf("Không tìm thấy tổ chức cấp trên số %d.", *o.ParentID)}}
			}
			return e
		}
		if p.Kind == congress.KindCell {
			return &congress.Error{Code: congress.EINVALID, Message: "Chi bộ không có tổ chức đảng trực thuộc.",
				Fields: map[string]string{"parent_id": fmt.Sprintf("%s là chi bộ, không có tổ chức trực thuộc.", p.Name)}}
		}
		parentPath, o.Depth = p.Path, p.Depth+1
	} else if tx.actor.OrgPath != "" {
		return congress.Errorf(congress.EFORBIDDEN, "Chỉ được thêm tổ chức đảng trong phạm vi của mình.")
	}
	o.Version = 1
	newID, err := insertID(ctx, tx, `INSERT INTO organizations (parent_id, kind, name, place, name_fold, sample, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`, o.ParentID, o.Kind, o.Name, o.Place, vn.Fold(o.Name), o.Sample, tx.nowText(), tx.nowText())
	if err != nil {
		return mapErr(err, "tổ chức đảng")
	}
	o.ID = newID
	o.Path = parentPath + strconv.FormatInt(o.ID, 10) + "/"
	if _, err := tx.ExecContext(ctx, `UPDATE organizations SET path = ?, depth = ? WHERE id = ?`, o.Path, o.Depth, o.ID); err != nil {
		return mapErr(err, "tổ chức đảng")
	}
	return tx.writeAudit(ctx, audit{orgID: o.ID, entity: "organization", entityID: o.ID, action: "create", new: o})
}

// UpdateOrganization renames an organization or changes its kind or place (admin only). A stale
// version is ECONFLICT.
func (s *Store) UpdateOrganization(ctx context.Context, u *congress.User, o *congress.Organization) error {
	if !u.IsAdmin() {
		return congress.Errorf(congress.EFORBIDDEN, "Chỉ quản trị viên được sửa tổ chức đảng.")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findOrganization(ctx, tx, u, o.ID)
	if err != nil {
		return err
	}
	if old.Version != o.Version {
		return staleErr("tổ chức đảng", o.Version, old.Version)
	}
	o.ParentID, o.Path, o.Depth, o.Sample = old.ParentID, old.Path, old.Depth, old.Sample
	o.Version = old.Version + 1
	if _, err := tx.ExecContext(ctx, `UPDATE organizations SET kind = ?, name = ?, place = ?, name_fold = ?, version = ?, updated_at = ?
		WHERE id = ?`, o.Kind, o.Name, o.Place, vn.Fold(o.Name), o.Version, tx.nowText(), o.ID); err != nil {
		return mapErr(err, "tổ chức đảng")
	}
	// The organization's name is part of its congresses' search text.
	if err := refreshCongressSearch(ctx, tx, o.ID); err != nil {
		return err
	}
	if err := tx.writeAudit(ctx, audit{orgID: o.ID, entity: "organization", entityID: o.ID, action: "update", old: old, new: o}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "tổ chức đảng")
}

func staleErr(what string, got, have int64) error {
	return congress.Errorf(congress.ECONFLICT,
		"Dữ liệu %s đã được người khác sửa (phiên bản %d, bạn đang sửa phiên bản %d). Hãy tải lại trang, xem thay đổi rồi nhập lại.",
		what, have, got)
}

func joinAnd(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " AND "
		}
		out += p
	}
	return out
}

// likeEscape escapes LIKE wildcards typed by the user.
func likeEscape(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
