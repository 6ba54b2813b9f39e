package domain

import "errors"

// Errors of access control. An unauthenticated write is a 401; an authenticated caller
// doing what its role does not allow is a 403. A row hidden from the caller is a
// NotFoundError instead, so its existence does not leak.
var (
	ErrUnauthenticated = errors.New("authentication required")
	ErrForbidden       = errors.New("forbidden")
)

// Role is what a caller may do.
type Role string

// The roles of the contract. The zero value is an anonymous reader.
const (
	RoleAnonymous Role = ""
	RoleAdmin     Role = "admin"
	RoleVendor    Role = "vendor"
	// RoleMember is a caller whose valid token names neither role (a shopper's
	// token): it reads what anonymous callers read, and its writes are a 403, not a
	// 401, since its credentials are fine and only its rights are missing.
	RoleMember Role = "member"
)

// Principal is the caller of a use case, as authenticated by the entry point.
type Principal struct {
	Role Role
	// VendorID is the vendor a RoleVendor caller acts for.
	VendorID int64
	// Subject identifies the caller (the token's sub); it scopes idempotency keys.
	Subject string
}

// IsAdmin is true for administrators.
func (p Principal) IsAdmin() bool { return p.Role == RoleAdmin }

// IsVendor is true for a vendor acting for vendorID.
func (p Principal) IsVendor(vendorID int64) bool {
	return p.Role == RoleVendor && p.VendorID > 0 && p.VendorID == vendorID
}

// Anonymous is true when nobody authenticated.
func (p Principal) Anonymous() bool { return p.Role == RoleAnonymous }

// ForbiddenError says what the caller may not do.
type ForbiddenError struct {
	Reason string
}

func (e *ForbiddenError) Error() string { return "forbidden: " + e.Reason }

// Is makes errors.Is(err, ErrForbidden) true.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }
