package congress

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Roles (DESIGN.md "Who uses it").
const (
	RoleAdmin     = "admin"     // users, organizations, terms
	RoleSecretary = "secretary" // records the congresses of their organization's subtree
	RoleStaff     = "staff"     // ban tổ chức of the higher committee: browse, track, export
	RoleAuditor   = "auditor"   // ủy ban kiểm tra: reviews targets, reads the audit trail
)

// Roles lists the roles with their Vietnamese names.
var Roles = []Option{
	{RoleAdmin, "Quản trị"},
	{RoleSecretary, "Thư ký, văn phòng cấp ủy"},
	{RoleStaff, "Cán bộ ban tổ chức cấp trên"},
	{RoleAuditor, "Ủy ban kiểm tra"},
}

// User is a person who logs in. Every user belongs to one organization and sees its subtree.
type User struct {
	ID               int64  `json:"id" db:"id"`
	Username         string `json:"username" db:"username"`
	FullName         string `json:"full_name" db:"full_name"`
	Role             string `json:"role" db:"role"`
	OrganizationID   int64  `json:"organization_id" db:"organization_id"`
	Disabled         bool   `json:"disabled" db:"disabled"`
	Version          int64  `json:"version" db:"version"`
	CreatedAt        string `json:"created_at" db:"created_at"`
	OrganizationName string `json:"organization_name" db:"organization_name"`
	// OrgPath is the materialized path of the user's organization: the scope of everything they see.
	OrgPath string `json:"-" db:"org_path"`
}

// System is the actor of maintenance commands (migrate, demo, import): it sees every organization.
var System = &User{ID: 0, Username: "system", Role: RoleAdmin}

// CanWriteCongress reports whether the user may change congress records in scope.
func (u *User) CanWriteCongress() bool {
	return u != nil && (u.Role == RoleSecretary || u.Role == RoleAdmin)
}

// IsAdmin reports whether the user administers users, organizations and terms.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CanReadAudit reports whether the user may read the audit trail.
func (u *User) CanReadAudit() bool {
	return u != nil && (u.Role == RoleAuditor || u.Role == RoleAdmin)
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// Validate checks a user's own fields.
func (u *User) Validate() error {
	f := FieldErrors{}
	u.FullName = CleanText(u.FullName)
	if !usernameRe.MatchString(u.Username) {
		f.Add("username", fmt.Sprintf("Tên đăng nhập %q phải dài 2–64 ký tự, gồm chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.", u.Username))
	}
	if !validCode(Roles, u.Role) {
		f.Add("role", fmt.Sprintf("Vai trò %q không hợp lệ; chọn admin, secretary, staff hoặc auditor.", u.Role))
	}
	if u.OrganizationID <= 0 {
		f.Add("organization_id", "Chưa chọn tổ chức đảng của người dùng.")
	}
	if utf8.RuneCountInString(u.FullName) > 100 {
		f.Add("full_name", "Họ tên tối đa 100 ký tự.")
	}
	return f.Err(EINVALID, "")
}

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	n := utf8.RuneCountInString(p)
	if n < 8 {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("Mật khẩu phải có ít nhất 8 ký tự (đang có %d).", n),
			Fields: map[string]string{"password": fmt.Sprintf("Mật khẩu phải có ít nhất 8 ký tự (đang có %d).", n)}}
	}
	if len(p) > 200 {
		return &Error{Code: EINVALID, Message: "Mật khẩu tối đa 200 byte.", Fields: map[string]string{"password": "Mật khẩu tối đa 200 byte."}}
	}
	return nil
}
