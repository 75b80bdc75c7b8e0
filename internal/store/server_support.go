package store

import (
	"context"

	"daihoi/internal/congress"
)

// FindChildOrganizations returns the direct children of parentID by folded name, for pick lists,
// with their number. When there are more than limit, only the number is returned: a pick list
// that long helps nobody. ENOTFOUND if the parent lies outside the user's scope; every child of
// a parent in scope is in scope, the scope being a subtree.
func (s *Store) FindChildOrganizations(ctx context.Context, u *congress.User, parentID int64, limit int) ([]congress.Organization, int, error) {
	if _, err := findOrganization(ctx, s.db.R, u, parentID); err != nil {
		return nil, 0, err
	}
	// Both queries read through the parent index: the path order of FindOrganizations would walk
	// every grandchild of a large parent to find its children.
	var n int
	if err := s.db.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM organizations WHERE parent_id = ?`, parentID); err != nil {
		return nil, 0, mapErr(err, "tổ chức đảng")
	}
	list := []congress.Organization{}
	if n == 0 || n > limit {
		return list, n, nil
	}
	if err := s.db.R.SelectContext(ctx, &list, `SELECT `+orgColumns+` FROM organizations o
		WHERE o.parent_id = ? ORDER BY o.name_fold, o.id`, parentID); err != nil {
		return nil, 0, mapErr(err, "tổ chức đảng")
	}
	return list, n, nil
}
